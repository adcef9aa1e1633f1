"""Words FAST's members use for the same thing in Dutch and English.

A question asked in one language should find an answer written in the other. Each group lists
equivalent words or phrases; a query word matching one entry (by its English or Dutch stem) also
searches the others, at a lower weight than the word itself.
"""

from __future__ import annotations

from functools import lru_cache

from search_index import analysis

GROUPS: tuple[tuple[str, ...], ...] = (
    ("vergoeding", "reimbursement", "vergoed", "reimbursed"),
    ("weesgeneesmiddel", "orphan drug", "orphan medicinal product", "weesmiddel"),
    ("geneesmiddel", "medicine", "drug", "medicinal product", "medicijn"),
    ("zeldzame ziekte", "rare disease"),
    ("klinische studie", "clinical trial", "klinisch onderzoek"),
    ("productie", "manufacturing", "fabricage", "vervaardiging", "manufacture"),
    ("fabrikant", "manufacturer", "producent"),
    ("regelgeving", "regulation", "wetgeving", "legislation"),
    ("handelsvergunning", "marketing authorisation", "markttoelating"),
    ("voorwaardelijke toelating", "conditional admission"),
    ("ziekenhuis", "hospital"),
    ("ziekenhuisapotheek", "hospital pharmacy"),
    ("apotheekbereiding", "magistral preparation", "pharmacy compounding"),
    ("kosten", "costs", "cost"),
    ("subsidie", "grant", "financiering", "funding"),
    ("octrooi", "patent"),
    ("kinderen", "paediatric", "pediatric", "children", "paediatrics", "pediatrics"),
    ("gentherapie", "gene therapy"),
    ("celtherapie", "cell therapy"),
    ("zorgverzekeraar", "health insurer", "insurer", "verzekeraar"),
    ("bijwerking", "side effect", "adverse event"),
    ("werkzaamheid", "efficacy", "effectiviteit", "effectiveness"),
    ("veiligheid", "safety"),
    ("herbestemming", "repurposing", "hergebruik"),
    ("haalbaarheid", "feasibility"),
    ("ethische commissie", "ethics committee", "metc"),
    ("patiëntenorganisatie", "patient organisation", "patient organization", "patiëntenvereniging"),
    ("patiëntenparticipatie", "patient participation", "patient involvement"),
    ("wetenschappelijk advies", "scientific advice"),
    ("aanvraag", "application", "submission"),
    ("onderzoeker", "researcher", "investigator"),
    ("samenwerking", "collaboration", "partnership"),
    ("kostprijs", "cost price", "pricing", "prijs", "price"),
    ("dossier", "dossier", "file"),
    ("proefpersoon", "participant", "deelnemer", "trial subject"),
    ("opschaling", "scale-up", "upscaling", "opschalen"),
    ("kwaliteitssysteem", "quality system", "quality management"),
    ("radiofarmaca", "radiopharmaceuticals", "radiopharmaceutical", "radiofarmacon"),
    ("infectieziekten", "infectious diseases", "infectious disease"),
    ("startup", "start-up", "beginnend bedrijf"),
    ("dierproef", "proefdier", "diermodel", "animal testing", "animal experiment", "animal model"),
    ("antibioticum", "antibiotic"),
)


def _key(word: str) -> tuple[str, str]:
    return analysis.english_stem(word), analysis.dutch_stem(word)


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]]:
    """stem -> [(the entry, the other entries of its group)] for single-word entries."""
    found: dict[str, list] = {}
    for group in GROUPS:
        entries = [tuple(analysis.words(entry)) for entry in group]
        entries = list(dict.fromkeys(e for e in entries if e))
        for entry in entries:
            if len(entry) != 1:
                continue
            others = tuple(e for e in entries if e != entry)
            for stem in set(_key(entry[0])):
                found.setdefault(stem, []).append((entry, others))
    return found


@lru_cache(maxsize=1)
def _phrases() -> dict[tuple[str, ...], list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]]:
    """stems of a multi-word entry -> [(the entry, the other entries of its group)]."""
    found: dict[tuple, list] = {}
    for group in GROUPS:
        entries = list(dict.fromkeys(e for e in (tuple(analysis.words(entry)) for entry in group) if e))
        for entry in entries:
            if len(entry) > 1:
                others = tuple(e for e in entries if e != entry)
                found.setdefault(tuple(analysis.english_stem(w) for w in entry), []).append((entry, others))
    return found


def phrase_alternatives(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Other words or phrases for a run of (folded) query words, such as `ethics committee` -> `metc`."""
    result: list[tuple[str, ...]] = []
    for _entry, others in _phrases().get(tuple(analysis.english_stem(w) for w in words), ()):
        result.extend(o for o in others if o not in result)
    return result


def longest_phrase() -> int:
    return max((len(key) for key in _phrases()), default=1)


def alternatives(word: str) -> list[tuple[str, ...]]:
    """Other words or phrases for this (folded) query word; empty for most words."""
    english, dutch = _key(word)
    index = _index()
    result: list[tuple[str, ...]] = []
    for stem in dict.fromkeys((english, dutch)):
        for entry, others in index.get(stem, ()):
            # Only if the word is this entry (by the stem of its own language), not merely alike.
            if _key(entry[0])[0] == english or _key(entry[0])[1] == dutch:
                result.extend(o for o in others if o not in result)
    return result
