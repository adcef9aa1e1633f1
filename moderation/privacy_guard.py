"""Looks for personal data in a post before it is published: BSN, e-mail, phone, birth date + health.

Each hit says what it found and where, so the author can be shown the matches. The checks lean towards
precision: an ISBN, a trial registration number (NL12345.678.90) or a 9-digit number failing the
11-check is not personal data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    kind: str  # bsn, email, phone, birth_date
    start: int
    end: int
    text: str


BSN = re.compile(r"(?<![\w.\-/])(\d{9}|\d{4}[ .]\d{2}[ .]\d{3}|\d{3}[ .]\d{3}[ .]\d{3})(?![\w\-/]|\.\d)")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE = re.compile(
    r"(?<![\w+\-./])(?:"
    r"(?:\+|00)31[\s-]?\(?0?\)?[\s-]?[1-9](?:[\s-]?\d){8}"  # +31 6 12345678, 0031 20 123 4567
    r"|0[1-9](?:[\s-]?\d){8}"  # 06-12345678, 020 123 4567
    r"|(?:\+|00)(?!31)[1-9]\d{0,2}[\s-]?(?:\(?\d{1,4}\)?[\s-]?){2,5}\d{2,4}"  # +44 20 7946 0958
    r")(?![\w])"
)
DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
    r"|\d{1,2} (?:jan|feb|mrt|maart|apr|april|mei|jun|juni|jul|juli|aug|sep|sept|okt|oct|nov|dec)[a-z]*\.? "
    r"(?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
BIRTH_WORDS = re.compile(r"\b(geboren|geb\.|geboortedatum|born|date of birth|dob|birthday|verjaardag)\b",
                         re.IGNORECASE)
HEALTH_WORDS = re.compile(
    r"\b(diagnos\w*|ziekte\w*|syndroom|syndrome|kanker|cancer|tumou?r\w*|patiënt\w*|patient\w*|"
    r"behandel\w*|treatment|therap\w*|medicijn\w*|medication|ziekenhuis\w*|hospital\w*|"
    r"aandoening\w*|disease|disorder|dystrofie|dystrophy|mucoviscidose|cystic fibrosis|epilep\w*|"
    r"leukemie|leukaemia|leukemia|chemo\w*)\b",
    re.IGNORECASE,
)
NEAR = 120  # characters between a birth date and a health word that still count as "next to"


def passes_eleven_check(digits: str) -> bool:
    """The Dutch BSN 11-check: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a positive multiple of 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0 and total > 0


def _is_isbn_context(text: str, start: int) -> bool:
    return "isbn" in text[max(0, start - 12):start].lower()


def find_personal_data(text: str) -> list[Hit]:
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match) -> None:
        if any(match.start() < end and start < match.end() for start, end in taken):
            return
        taken.append((match.start(), match.end()))
        hits.append(Hit(kind, match.start(), match.end(), match.group(0)))

    for match in EMAIL.finditer(text):
        add("email", match)
    for match in BSN.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if passes_eleven_check(digits) and not _is_isbn_context(text, match.start()):
            add("bsn", match)
    for match in PHONE.finditer(text):
        if not _is_isbn_context(text, match.start()) and not _looks_like_registration(text, match):
            add("phone", match)
    for match in DATE.finditer(text):
        window = text[max(0, match.start() - NEAR):match.end() + NEAR]
        if BIRTH_WORDS.search(window) and HEALTH_WORDS.search(window):
            add("birth_date", match)
    return sorted(hits, key=lambda hit: hit.start)


def _looks_like_registration(text: str, match: re.Match) -> bool:
    # Trial and product numbers such as NL12345.678.90, EudraCT 2020-001234-56, NCT01234567.
    before = text[max(0, match.start() - 3):match.start()]
    after = text[match.end():match.end() + 2]
    continues = len(after) == 2 and after[0] in ".-" and after[1].isdigit()  # "…678.90", not "call 06 …."
    return bool(re.search(r"[A-Za-z]$", before)) or continues
