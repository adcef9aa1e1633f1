"""The demo's bottlenecks: data only, read by `forum.demo.seed`. Written for this demo; illustrations, not advice.

BOTTLENECKS, one dict per bottleneck:
    title, description (markdown), domain, party (a slug of the seeded parties), public,
    days: how long ago a moderator created it,
    steps: (days ago, status, note[, raised_with]) in order, along the bottleneck lifecycle,
    cases: (title of a demo question, the moderator's anonymised one-line note).
"""

BOTTLENECKS = (
    {
        "title": "Trage en onduidelijke route voor ATMP's onder de hospital exemption",
        "description": (
            "Academische groepen die een ATMP onder de **hospital exemption** willen toepassen, weten niet "
            "welke gegevens de IGJ en het CBG verwachten, en wachten lang op duidelijkheid. Er is geen "
            "openbaar overzicht van toepassingen, waardoor elke groep het wiel opnieuw uitvindt."),
        "domain": "regulatory", "party": "vws", "public": True, "days": 150,
        "steps": ((120, "analysing", "Vijf vergelijkbare casussen uit drie UMC's"),
                  (60, "raised", "Rondetafel met VWS, IGJ en CBG", "Ministerie van VWS"),
                  (20, "being_addressed", "VWS laat een handreiking voor de hospital exemption opstellen")),
        "cases": (
            ("Valt onze genetisch gemodificeerde celtherapie onder de ATMP-regelgeving?",
             "Kennisinstelling, genetisch gemodificeerde celtherapie, onzeker over classificatie"),
            ("Hoeveel ATMP's worden in Nederland onder de hospital exemption toegepast?",
             "Overheid zoekt cijfers over toepassingen onder de hospital exemption"),
            ("Outcome-based payment for an academic CAR-T under the hospital exemption: any precedent?",
             "Kennisinstelling, academische CAR-T, geen voorbeeld voor uitkomstafhankelijke betaling"),
        ),
    },
    {
        "title": "Voorwaardelijke toelating past slecht bij weesgeneesmiddelen met kleine patiëntgroepen",
        "description": (
            "De regeling voor **voorwaardelijke toelating** vraagt om gegevensverzameling die bij zeer kleine "
            "patiëntgroepen nauwelijks haalbaar is. Ontwikkelaars van weesgeneesmiddelen en academische "
            "groepen vallen daardoor tussen wal en schip."),
        "domain": "reimbursement", "party": "zorginstituut", "public": True, "days": 110,
        "steps": ((80, "analysing", "Casussen van een academische groep en een patiëntenvereniging"),
                  (30, "raised", "Besproken in het overleg met het Zorginstituut", "Zorginstituut Nederland")),
        "cases": (
            ("Komt ons academisch ontwikkelde middel in aanmerking voor voorwaardelijke toelating?",
             "Kennisinstelling, weesgeneesmiddel, te weinig patiënten voor de gevraagde gegevens"),
            ("Wat betekent 'de sluis' voor patiënten die nu in een studie behandeld worden?",
             "Patiëntenvereniging, onzekerheid over doorbehandeling na een studie"),
            ("Vergoeding van een generiek middel voor een nieuwe indicatie na een academische studie",
             "Bedrijf, herbestemd generiek middel, geen partij die de vergoeding aanvraagt"),
        ),
    },
    {
        "title": "Te weinig GMP-capaciteit voor kleine academische batches",
        "description": (
            "Academische ontwikkelaars van cel- en gentherapieën vinden moeilijk **GMP-capaciteit** voor "
            "kleine batches virale vector of celproduct; commerciële partijen plannen een jaar of langer vooruit."),
        "domain": "manufacturing", "party": "ez", "public": True, "days": 160,
        "steps": ((100, "analysing", "Inventarisatie van cleanroomcapaciteit in de UMC's"),),
        "cases": (
            ("Waar vinden we GMP-capaciteit voor kleine batches lentivirale vector?",
             "Kennisinstelling, lentivirale vector, geen productieslot binnen een jaar"),
            ("Cleanroom huren bij een ander ziekenhuis: wie is houder van de fabrikantenvergunning?",
             "Ziekenhuis wil cleanroom van een ander ziekenhuis gebruiken"),
            ("Potency assay for an NK-cell product: is a cytotoxicity assay enough for phase I?",
             "Kennisinstelling, NK-celproduct, productie en vrijgifte in één academisch centrum"),
        ),
    },
    {
        "title": "Radiofarmaca leveren aan een partnerziekenhuis vraagt een volledige fabrikantenvergunning",
        "description": (
            "Ziekenhuizen die een kortlevende tracer of therapeutische isotoop voor een ander ziekenhuis willen "
            "maken, lopen tegen de eisen van een **fabrikantenvergunning** aan, ook voor kleine aantallen."),
        "domain": "manufacturing", "party": "cbg", "public": False, "days": 15,
        "steps": (),
        "cases": (
            ("Supplying our F-18 tracer to a partner hospital: do we need a manufacturing licence?",
             "Ziekenhuis, F-18-tracer voor een partnerziekenhuis"),
            ("Vergunningen voor een nieuwe radiofarmacieruimte voor therapeutische isotopen",
             "Ziekenhuis, nieuwe radiofarmacieruimte, onduidelijke vergunningsroute"),
        ),
    },
    {
        "title": "Ouder geneesmiddel herbestemmen zonder medewerking van de fabrikant",
        "description": (
            "Voor **repurposing** van een middel zonder patent is er vaak geen partij die een "
            "indicatie-uitbreiding aanvraagt; het bewijs uit academische studies blijft dan ongebruikt."),
        "domain": "regulatory", "party": "cbg", "public": True, "days": 90,
        "steps": ((70, "analysing", "Vergelijking met buitenlandse regelingen"),
                  (10, "not_pursued", "Wordt al opgepakt in het landelijke programma voor herbestemming")),
        "cases": (
            ("Kan een oud epilepsiemiddel een nieuwe indicatie krijgen als de fabrikant niet meewerkt?",
             "Patiëntenvereniging, oud epilepsiemiddel, fabrikant vraagt geen uitbreiding aan"),
        ),
    },
)
