"""Dutch and English text analysis: words, stop words, stems, and compound parts.

Every word is indexed twice, stemmed by the English and by the Dutch Snowball stemmer, because
members write in both languages (often in one post) and a post has no reliable language tag. The
same functions analyse the query, so a query word matches every form that shares either stem:
`vergoedingen` finds `vergoeding`, `trials` finds `trial`, `manufacturing` finds `manufacture`.

Dutch writes compounds as one word (`weesgeneesmiddel`, `vergoedingsdossier`). The head of a Dutch
compound is its last part, so the Dutch stems are also indexed reversed: a prefix of the reversed
lexicon lists the compounds that end in a query word (`geneesmiddel` -> `weesgeneesmiddel`). A long
query word that is itself a compound is split on the index's own lexicon (see `compound_parts`), and
a compound is also looked up with its parts swapped (`dierproef` -> `proefdier`, see `swapped_compounds`).

Medical Dutch keeps Latin plurals (`antibioticum` / `antibiotica`, `criterium` / `criteria`, `centrum` /
`centra`): both stemmers see the singular (`latin_singular`). The Dutch stemmer leaves the f/v and s/z
alternation and doubled consonants of plurals (`proeven`, `huizen`, `modellen`); its stems are evened out
so `dierproeven` and `dierproef`, `diermodellen` and `diermodel` are one term. Changing any of this
changes indexed terms: run `fast-forum search rebuild` after an upgrade.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from whoosh.analysis import Token, Tokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language

WORD = re.compile(r"[^\W_]+", re.UNICODE)
MIN_WORD, MAX_WORD = 2, 40
# Words long enough to be a Dutch compound are indexed (reversed) in the compounds field.
MIN_COMPOUND = 7
# The shortest part a compound is split into, and the shortest query stem matched as a compound head.
MIN_PART = 4
MIN_HEAD = 5

# `wezen` is Dutch for orphans (weesgeneesmiddelen!), not only a form of `zijn`.
STOP_WORDS = frozenset(
    (set(stopwords_for_language("nl")) - {"wezen"}) | set(stopwords_for_language("en")) | {
        "welke", "welk", "waar", "wanneer", "waarom", "wij", "we", "jullie", "onze", "moeten", "mogen",
        "willen", "zullen", "werden", "bent", "kunt", "wilt", "graag", "eigenlijk", "misschien", "even",
        "erg", "zoals", "elke", "iedere", "alle", "daarbij", "hierbij", "daarover", "hierover", "waarbij",
        "bijvoorbeeld", "etc", "nl", "bv", "would", "could", "may", "might", "must", "shall", "also",
        "us", "yes", "via", "per",
    })
# Words that phrase a question rather than name its subject; a query does not require them.
SOFT_WORDS = frozenset({
    "krijg", "krijgen", "krijgt", "vind", "vinden", "vindt", "weet", "weten", "gaan", "gaat", "doe",
    "zoek", "zoeken", "zoekt", "vraag", "vragen", "mogelijk", "mogelijkheden", "beste", "goed", "goede",
    "get", "getting", "find", "finding", "know", "need", "needs", "best", "possible", "way", "ways",
    "question", "questions", "help", "someone", "anyone", "iemand", "anybody", "there", "nederland",
    "netherlands", "dutch", "nederlandse",
})

_english = stemmer_for_language("en")
_dutch = stemmer_for_language("nl")
# British and American spellings share a stem: authorization -> authorisation -> authoris.
_IZE = re.compile(r"(?<=\w{3})iz(?=(?:e|es|ed|ing|ation|ations|er|ers)$)")

_STEM_CACHE_MAX = 300_000
_english_cache: dict[str, str] = {}
_dutch_cache: dict[str, str] = {}


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Lower case without diacritics, so `patiënt` and `patient` are one word."""
    text = text.lower()
    if text.isascii():
        return text
    # Only the non-ASCII characters can be diacritics: look at those alone, not at every character.
    return _NON_ASCII.sub(_without_diacritic, unicodedata.normalize("NFKD", text))


def _without_diacritic(match: re.Match) -> str:
    return "" if unicodedata.combining(match.group()) else match.group()


def words(text: str) -> list[str]:
    """The folded words of a text, stop words removed, in order."""
    return [w for w in WORD.findall(fold(text)) if MIN_WORD <= len(w) <= MAX_WORD and w not in STOP_WORDS]


# Latin plural endings and their singulars; the part before the ending must be at least this long, so
# short words (`data`, `idea`, `extra`) are left alone.
_LATIN_PLURALS = (("ica", "icum"), ("ia", "ium"), ("ra", "rum"), ("ta", "tum"), ("ea", "eum"))
_LATIN_BASE = 4


def latin_singular(word: str) -> str:
    """`antibiotica` -> `antibioticum`, `criteria` -> `criterium`, `centra` -> `centrum`."""
    for plural, singular in _LATIN_PLURALS:
        if word.endswith(plural) and len(word) - len(plural) >= _LATIN_BASE:
            return word[: -len(plural)] + singular
    return word


def english_stem(word: str) -> str:
    stem = _english_cache.get(word)
    if stem is None:
        if len(_english_cache) > _STEM_CACHE_MAX:
            _english_cache.clear()
        stem = _english_cache[word] = _english(_IZE.sub("is", latin_singular(word)))
    return stem


_DOUBLED_END = re.compile(r"([bcdfgklmnprt])\1$")


def _even_dutch(stem: str) -> str:
    """proev -> proef, huiz -> huis, modell -> model: the stem as its singular is written."""
    if len(stem) < 4:
        return stem
    stem = _DOUBLED_END.sub(r"\1", stem)
    if stem[-1] == "v":
        return stem[:-1] + "f"
    if stem[-1] == "z" and stem[-2] in "aeiouy":
        return stem[:-1] + "s"
    return stem


def dutch_stem(word: str) -> str:
    stem = _dutch_cache.get(word)
    if stem is None:
        if len(_dutch_cache) > _STEM_CACHE_MAX:
            _dutch_cache.clear()
        stem = _dutch_cache[word] = _even_dutch(_dutch(latin_singular(word)))
    return stem


def compound_terms(*texts: str) -> list[str]:
    """Reversed Dutch stems of the long words: their prefixes are compound heads. A stem shorter than
    the shortest head plus the shortest modifier is no compound of any head a query looks up."""
    stems = {dutch_stem(w) for text in texts for w in _LONG_WORD.findall(fold(text))
             if len(w) <= MAX_WORD and w not in STOP_WORDS}
    return sorted(stem[::-1] for stem in stems if len(stem) >= MIN_HEAD + MIN_PART - 1)


# The words of WORD that are at least MIN_COMPOUND letters long (found without looking at the others).
_LONG_WORD = re.compile(rf"[^\W_]{{{MIN_COMPOUND},}}", re.UNICODE)


def compound_parts(word: str, known: Iterable[str] | None = None, is_known=None, depth: int = 2) -> list[str]:
    """The Dutch stems a compound query word is made of, head first, if the index knows every part.

    `weesgeneesmiddelenbeleid` -> [`beleid`, `weesgeneesmiddel`]; linking -s- and -e(n)- are dropped.
    `is_known(stem)` says whether a Dutch stem occurs in the index.
    """
    check = is_known or (lambda stem, _known=frozenset(known or ()): stem in _known)
    if len(word) < 2 * MIN_PART - 1:
        return []
    for split in range(MIN_PART - 1, len(word) - MIN_PART + 1):
        head_stem = dutch_stem(word[split:])
        if not check(head_stem):
            continue
        modifier = word[:split]
        for linking in ("s", "en", "e", ""):
            base = modifier[: len(modifier) - len(linking)] if linking else modifier
            if not modifier.endswith(linking) or len(base) < MIN_PART - 1:
                continue
            if check(dutch_stem(base)):
                return [head_stem, dutch_stem(base)]
            if depth > 1:
                inner = compound_parts(base, is_known=check, depth=depth - 1)
                if inner:
                    return [head_stem, *inner]
    return []


def swapped_compounds(word: str) -> list[str]:
    """The compound with its two parts the other way round: `dierproef` -> `proefdier`, and
    `dierproeven` -> `proefdier` (the head in its singular, a linking -s-/-en-/-e- dropped). Most
    candidates are no word at all: look them up in the index before using them."""
    if len(word) < 2 * MIN_PART - 1 or not word.isalpha():
        return []
    found: list[str] = []
    for split in range(MIN_PART - 1, len(word) - MIN_PART + 2):
        modifier, head = word[:split], dutch_stem(word[split:])
        if len(head) < MIN_PART - 1:
            continue
        for linking in ("", "s", "en", "e"):
            base = modifier[: len(modifier) - len(linking)] if linking else modifier
            if modifier.endswith(linking) and len(base) >= MIN_PART - 1:
                candidate = head + base
                if candidate != word and candidate not in found:
                    found.append(candidate)
    return found


# Latin endings Dutch and English share in spelling variants: productie/production, capaciteit/capacity.
_COGNATE_ENDINGS = (
    ("icum", "ic"), ("ica", "ics"),
    ("ties", "tions"), ("tie", "tion"), ("iteiten", "ities"), ("iteit", "ity"), ("ieve", "ive"), ("ief", "ive"),
    ("ische", "ical"), ("isch", "ic"), ("ale", "al"), ("aal", "al"),
)


def cognates(word: str) -> list[str]:
    """The word as the other language would likely spell it (for -tie/-tion, -iteit/-ity, ...)."""
    found = []
    for dutch, english in _COGNATE_ENDINGS:
        if word.endswith(dutch) and len(word) - len(dutch) >= 3:
            found.append(word[: -len(dutch)] + english)
        elif word.endswith(english) and len(word) - len(english) >= 3:
            found.append(word[: -len(english)] + dutch)
    return found


def dutch_variants(stem: str) -> set[str]:
    """Dutch stems of the same verb the stemmer keeps apart: herbestemm(ing) ~ herbestemd, bestem(d)."""
    if len(stem) < 5:
        return set()
    base = stem[:-1] if stem[-1] == stem[-2] and stem[-1] not in "aeiou" else stem
    variants = {base + "d", base + "t"}
    if stem[-1] in "dt":
        root = stem[:-1]
        variants |= {root, root + root[-1]}
    return variants - {stem}


def variant_stems(word: str) -> set[str]:
    """Stems a query word also matches, besides its own two: its Dutch verb forms, its other-language
    spelling and its compound with the parts swapped. Both backends search these (most are no indexed
    word at all; an index may drop those it does not hold)."""
    dutch = dutch_stem(word)
    found = dutch_variants(dutch)
    for form in cognates(word) + swapped_compounds(word):
        found |= {english_stem(form), dutch_stem(form)}
    return found - {english_stem(word), dutch}


def both_terms(text: str) -> list[tuple[int, str]]:
    """(position, term) for each word: its English stem, and its Dutch stem too where that differs."""
    terms: list[tuple[int, str]] = []
    for position, word in enumerate(words(text)):
        english, dutch = english_stem(word), dutch_stem(word)
        terms.append((position, english))
        if dutch != english:
            terms.append((position, dutch))
    return terms


class StemmedWords(Tokenizer):
    """The Whoosh analyzer of the text fields: `both_terms` as tokens (two stems at one position)."""

    def __eq__(self, other) -> bool:
        return isinstance(other, StemmedWords)

    def __hash__(self) -> int:
        return hash(StemmedWords)

    def __call__(self, value: str, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", **kwargs) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        token.stopped = False
        for position, term in both_terms(value):
            token.text = term
            if keeporiginal:
                token.original = term
            if positions:
                token.pos = start_pos + position
            if chars:
                token.startchar = token.endchar = start_char
            yield token
