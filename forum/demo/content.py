"""The demo's people and questions: data only, read by `forum.demo.seed`.

Every person and organisation here is fictional; the questions and answers were written for this demo.
They point to the real Dutch and European bodies (CBG, EMA, CCMO, IGJ, Zorginstituut, ...), but rules
change: the demo is an illustration, not advice.

ACCOUNTS: `key` names the person in THREADS; experts have `expertise` (tags) and `boards` (slugs).

THREADS, one dict per question:
    board, author (account key), days (how long ago it was asked), title, tags, body,
    status: the lifecycle state it ends in (pending, rejected, open, awaiting_expert, answered,
            resolved, closed),
    visibility: "private" (default public),
    reject: the moderator's reason (status rejected),
    expert, assignment, note: a moderator put the question to this expert (account key), who has
            "requested" or "accepted" it (default accepted), with this private briefing note,
    replies: (hours after the question, account key, markdown),
    accept: index in replies of the answer the asker accepted,
    held: (hours, account key, markdown): a reply the privacy guard holds for review,
    close: (hours, markdown): a moderator's closing note, after which the thread is locked.
"""

PASSWORD = "demo-password"

ACCOUNTS = (
    {
        "key": "admin", "email": "admin@fast.example", "name": "Sanne Koster", "role": "admin",
        "kind": "other", "organisation": "FAST",
        "bio": "Beheert het FAST-forum: accounts, rollen en borden.",
    },
    {
        "key": "moderator", "email": "moderator@fast.example", "name": "Femke Brouwer", "role": "moderator",
        "kind": "other", "organisation": "FAST",
        "bio": "Community-coördinator bij FAST. Ik bekijk nieuwe vragen, leg ze voor aan de juiste expert en "
               "houd in de gaten dat niemand te lang op een antwoord wacht.",
    },
    {
        "key": "regulatory", "email": "expert.regulatory@fast.example", "name": "Marleen Verhoeven",
        "role": "expert", "kind": "other", "organisation": "Lindeboom Regulatory Advies",
        "expertise": "atmp,scientific-advice,orphan-drugs,paediatrics,hospital-exemption,repurposing",
        "boards": "regulatory",
        "bio": "Regulatory-adviseur met ruim vijftien jaar ervaring met ATMP-dossiers, classificatie bij het "
               "CAT, wetenschappelijk advies bij CBG en EMA en aanwijzingen als weesgeneesmiddel.",
    },
    {
        "key": "clinical", "email": "expert.clinical@fast.example", "name": "Ruben Kortekaas",
        "role": "expert", "kind": "other", "organisation": "UMC Lindewaard, Clinical Research Unit",
        "expertise": "trial-design,patient-participation,paediatrics,rare-diseases,infectious-diseases",
        "boards": "clinical",
        "bio": "Clinical epidemiologist and trial methodologist, member of a medical research ethics "
               "committee. Helps with study design for small populations, CTIS submissions and "
               "decentralised trials.",
    },
    {
        "key": "reimbursement", "email": "expert.reimbursement@fast.example", "name": "Ilse Hoogendoorn",
        "role": "expert", "kind": "other", "organisation": "Zorgwaarde HTA Advies",
        "expertise": "hta,conditional-admission,orphan-drugs,rare-diseases,repurposing",
        "boards": "reimbursement",
        "bio": "Gezondheidseconoom. Adviseert over pakketbeoordeling door het Zorginstituut, "
               "kosteneffectiviteit, de sluis, voorwaardelijke toelating en gesprekken met verzekeraars.",
    },
    {
        "key": "manufacturing", "email": "expert.manufacturing@fast.example", "name": "Pieter Brandsma",
        "role": "expert", "kind": "other", "organisation": "Noordkade GMP Consultancy",
        "expertise": "gmp,atmp,radiopharmaceuticals,compounding,hospital-exemption",
        "boards": "manufacturing",
        "bio": "Qualified Person met ervaring in cel- en gentherapieproductie, ziekenhuisbereidingen (GMP-Z) "
               "en radiofarmaca. Helpt bij tech transfer en bij het vinden van GMP-capaciteit.",
    },
    {
        "key": "innovator", "email": "innovator@fast.example", "name": "Thijs Vermeulen", "role": "member",
        "kind": "innovator-startup", "organisation": "Kwelder Therapeutics B.V.",
        "bio": "Medeoprichter van een spin-off die een ex vivo gentherapie ontwikkelt voor een zeldzame "
               "stapelingsziekte.",
    },
    {
        "key": "patient", "email": "patient@fast.example", "name": "Yvonne Bakker", "role": "member",
        "kind": "patient-representative", "organisation": "Patiëntenvereniging Zeldzame Stofwisseling",
        "bio": "Bestuurslid en moeder van een zoon met een stofwisselingsziekte. Houd me bezig met "
               "patiëntparticipatie in onderzoek en ons patiëntenregister.",
    },
    {
        "key": "academic", "email": "e.lindhout@fast.example", "name": "Eva Lindhout", "role": "member",
        "kind": "innovator-academia", "organisation": "UMC Lindewaard, afdeling Hematologie",
        "bio": "Group leader developing engineered NK-cell therapies for acute myeloid leukaemia.",
    },
    {
        "key": "radiopharma", "email": "d.oosterhuis@fast.example", "name": "Daan Oosterhuis", "role": "member",
        "kind": "innovator-academia", "organisation": "Noordzee Universitair Ziekenhuis, Nucleaire Geneeskunde",
        "bio": "Ziekenhuisapotheker-radiofarmaceut; ontwikkelt radioliganden voor diagnostiek en therapie.",
    },
    {
        "key": "infection", "email": "j.kuipers@fast.example", "name": "Jeroen Kuipers", "role": "member",
        "kind": "innovator-academia", "organisation": "Academisch Centrum Hoogveld, Medische Microbiologie",
        "bio": "Arts-microbioloog; werkt aan faagtherapie voor multiresistente infecties.",
    },
    {
        "key": "company", "email": "m.dewit@fast.example", "name": "Martijn de Wit", "role": "member",
        "kind": "innovator-company", "organisation": "Polderpharma B.V.",
        "bio": "Business development bij een fabrikant van generieke geneesmiddelen.",
    },
    {
        "key": "startup", "email": "s.marchetti@fast.example", "name": "Sofia Marchetti", "role": "member",
        "kind": "innovator-startup", "organisation": "Aurelian Bio B.V.",
        "bio": "CEO of an Amsterdam start-up developing an AAV gene therapy for an inherited retinal disease.",
    },
    {
        "key": "government", "email": "h.smit@fast.example", "name": "Hanneke Smit", "role": "member",
        "kind": "government", "organisation": "Gemeente Havenstad, Innovatieloket Zorg",
        "bio": "Beleidsadviseur life sciences; verkent hoe de regio academische ontwikkelaars kan steunen.",
    },
    {
        "key": "patient2", "email": "k.elamrani@fast.example", "name": "Karim El Amrani", "role": "member",
        "kind": "patient-representative", "organisation": "Oudervereniging Kinderen met Zeldzame Epilepsie",
        "bio": "Vader en voorzitter van een oudervereniging. Zet me in voor betere toegang tot "
               "geneesmiddelen voor kinderen.",
    },
)

THREADS = (
    # ------------------------------------------------------------------------------------ regulatory
    {
        "board": "regulatory", "author": "innovator", "days": 172, "status": "resolved",
        "title": "Valt onze genetisch gemodificeerde celtherapie onder de ATMP-regelgeving?",
        "tags": ["atmp", "scientific-advice", "hospital-exemption"],
        "expert": "regulatory", "note": "Start-up, vroeg stadium. Vragen over classificatie en of de "
                                        "hospital exemption een tussenstap kan zijn.",
        "body": """\
Wij zijn een spin-off van UMC Lindewaard en ontwikkelen een autologe behandeling voor een zeldzame
lysosomale stapelingsziekte. We nemen hematopoëtische stamcellen af, brengen met een lentivirale vector
een functionele kopie van het gen in en geven de cellen na conditionering terug.

Onze investeerders vragen of dit 'dus' een ATMP is en wat dat betekent voor de route. Kunnen we niet
beter via de ziekenhuisvrijstelling beginnen? Concreet:

1. Is er een formele manier om zekerheid te krijgen over de classificatie?
2. Wat verandert er als het een ATMP is: wie beoordeelt wat, en wanneer?
3. Is de hospital exemption een realistische tussenstap voor een start-up?""",
        "replies": [
            (30, "regulatory", """\
Goede vragen, en goed dat je ze nu stelt en niet vlak voor de eerste studie.

**1. Classificatie.** Met een ex vivo genetische modificatie van stamcellen is dit vrijwel zeker een
*gene therapy medicinal product* (GTMP), een van de ATMP-categorieën uit Verordening (EG) 1394/2007.
Zekerheid krijg je via de **ATMP-classificatieprocedure** van het CAT (Committee for Advanced Therapies)
bij het EMA. Die is kosteloos: je dient een korte productbeschrijving in en het CAT geeft binnen 60 dagen
een aanbeveling. Investeerders en latere beoordelaars hechten daaraan, ook als de uitkomst voorspelbaar is.

**2. Gevolgen.** Een ATMP krijgt alleen via de centrale Europese procedure een handelsvergunning; het CAT
bereidt het advies voor, het CHMP neemt het over. Voor jullie klinische studie in Nederland komt daarbij:

- beoordeling van de studie door de CCMO (gentherapie wordt centraal beoordeeld);
- een vergunning van het ministerie van IenW voor het werken met een ggo, via Bureau GGO, met advies
  van de COGEM;
- het [Loket Gentherapie](https://www.loketgentherapie.nl) stemt die procedures op elkaar af en
  organiseert een gezamenlijk vooroverleg. Maak daar gebruik van.

**3. Hospital exemption.** De ziekenhuisvrijstelling is bedoeld voor *niet-routinematige* bereiding voor
een individuele patiënt in een ziekenhuis, onder verantwoordelijkheid van een arts. De IGJ moet
toestemming geven, voor een beperkt aantal behandelingen en voor maximaal een jaar. Voor een bedrijf dat
een product naar de markt wil brengen is het geen ontwikkelroute: je bouwt er geen registratiedossier mee
op.

Mijn advies: dien de classificatieaanvraag nu in, plan een vooroverleg via het Loket Gentherapie en
overweeg binnen een half jaar wetenschappelijk advies over je kwaliteits- en non-klinische pakket."""),
            (52, "innovator", """\
Dank, @MarleenVerhoeven, heel helder. We dienen de classificatieaanvraag deze maand in.

Eén vervolgvraag: moet de lentivirale vector zelf ook onder GMP worden gemaakt, of alleen de
uiteindelijke celsuspensie?"""),
            (75, "regulatory", """\
De vector is voor jullie product een uitgangsmateriaal. De GMP-richtsnoeren voor ATMP's (EudraLex deel 4,
deel IV) verwachten dat ook de vector volgens GMP wordt gemaakt, met een passend kwaliteitssysteem en
volledige traceerbaarheid. De QP die jullie eindproduct vrijgeeft, moet kunnen onderbouwen dat de vector
geschikt is. Leg dit vroeg vast in een kwaliteitsovereenkomst met de vectorproducent.

Over beschikbare capaciteit weet @PieterBrandsma meer; stel die vraag gerust op het bord Productie."""),
        ],
        "accept": 0,
    },
    {
        "board": "regulatory", "author": "startup", "days": 150, "status": "resolved",
        "title": "Scientific advice: CBG first or straight to the EMA for our first-in-human AAV programme?",
        "tags": ["atmp", "scientific-advice", "rare-diseases"],
        "expert": "regulatory", "note": "SME, AAV gene therapy (retina). Wants to choose between national and "
                                        "EMA advice; budget for one procedure.",
        "body": """\
Aurelian Bio is an Amsterdam-based start-up with an AAV gene therapy for an inherited retinal disease.
We plan a first-in-human study next year and want regulatory feedback on our non-clinical package (mouse
and non-human primate data) and on our potency assay.

We have budget for one formal advice procedure this year. Would you go to the CBG for national advice or
straight to the EMA? We are registered as an SME with the EMA.""",
        "replies": [
            (28, "regulatory", """\
Both are valid; the choice depends on what you need the answer *for*.

| | CBG national advice | EMA scientific advice |
|---|---|---|
| Scope | One or a few focused questions | Quality, non-clinical and clinical; the whole plan |
| Who answers | CBG assessors, often the people who will see your trial application | SAWP with CAT input, multinational |
| Timing | Generally quicker to arrange | 40-day procedure, 70 days if a meeting is needed |
| Cost for an SME | A fee, usually modest | Substantial SME fee reductions |
| Weight later | Helpful nationally | Referred to in the centralised application |

For a first-in-human AAV study that will start in the Netherlands I would:

1. Request a free **Innovation Task Force (ITF) briefing** at the EMA if you still have open questions on
   the overall approach. It is informal and quick.
2. Ask the **CBG** focused questions on the non-clinical package for the trial application: species
   choice, biodistribution and shedding, and the justification of the starting dose.
3. Keep **EMA scientific advice** for the pivotal design and the potency assay strategy, once you have
   clinical data to discuss.

Also check whether the product could qualify for **PRIME**: as an SME you may apply early, on compelling
non-clinical data together with first tolerability data in patients."""),
            (40, "startup", """\
That table is exactly what I needed for our board meeting. We'll start with the ITF briefing.

Quick follow-up: does a CBG advice bind the committee that assesses our trial?"""),
            (60, "regulatory", """\
No. Scientific advice is never binding, neither for you nor for the assessors. In practice a
well-documented advice, referenced in your cover letter, makes the assessment smoother, because the
reasoning behind your choices is already on file. For a gene therapy trial the CCMO reviews the study, so
mention the advice there too, and bring it to the pre-submission meeting of the Loket Gentherapie."""),
        ],
        "accept": 0,
    },
    {
        "board": "regulatory", "author": "patient2", "days": 95, "status": "answered",
        "title": "Kan een oud epilepsiemiddel een nieuwe indicatie krijgen als de fabrikant niet meewerkt?",
        "tags": ["repurposing", "paediatrics", "rare-diseases"],
        "body": """\
Onze oudervereniging vertegenwoordigt kinderen met een zeldzame vorm van epilepsie. Neurologen schrijven
een oud, allang generiek verkrijgbaar middel off-label voor, en een academische studie liet een duidelijk
effect zien. Toch staat de indicatie niet in de bijsluiter, en ouders moeten soms met hun verzekeraar in
discussie.

Hoe krijg je een nieuwe indicatie in de registratie als geen enkele fabrikant er iets aan verdient? Kan
een patiëntenorganisatie of een academisch ziekenhuis dat zelf aanvragen?""",
        "replies": [
            (40, "regulatory", """\
Dit is een bekend probleem bij *repurposing* van middelen zonder octrooi. Een paar punten op een rij:

- **Alleen de handelsvergunninghouder** kan een indicatie-uitbreiding (een type II-variatie) indienen.
  Een patiëntenorganisatie of ziekenhuis kan dat niet zelf, tenzij het zelf een handelsvergunning
  aanvraagt, en dat is een zwaar traject.
- Het EMA en de nationale agentschappen hebben een **pilot voor repurposing** gedraaid waarin een
  non-profitorganisatie of academische groep als 'champion' het bewijs verzamelt en wetenschappelijk
  advies krijgt, met als doel dat een vergunninghouder de variatie indient. Het CBG deed daar actief aan
  mee; vraag daar naar de huidige mogelijkheden.
- Generieke fabrikanten zijn soms wél bereid, als het dossier grotendeels door anderen is opgebouwd en het
  risico beperkt is. Een compleet dossier (studierapport, literatuuroverzicht, veiligheidsgegevens) maakt
  het gesprek veel makkelijker.
- Los van de registratie kan de beroepsgroep het gebruik opnemen in een **richtlijn**. Off-label
  voorschrijven volgens een richtlijn van de beroepsvereniging is in Nederland gangbaar, en helpt ook in
  het gesprek met verzekeraars.

Ik zou beginnen met een gesprek met het CBG, samen met de neurologen die de studie deden."""),
            (70, "company", """\
Vanuit een generieke fabrikant: wij krijgen zulke verzoeken regelmatig. Wat voor ons de doorslag geeft, is
of het dossier al 'indienklaar' is en of er geen grote extra verplichtingen uit volgen, zoals een nieuwe
formulering voor kinderen of een uitgebreid risicomanagementplan. Bij kinderen is de formulering vaak het
struikelblok. Als de vereniging samen met de neurologen kan laten zien wat er nodig is, praten we graag
mee."""),
            (96, "patient2", """\
Dank allebei. We maken met de neurologen een overzicht van wat er al ligt en nemen contact op met het CBG.
@MartijndeWit, ik kom graag op uw aanbod terug."""),
        ],
    },
    {
        "board": "regulatory", "author": "academic", "days": 3, "status": "awaiting_expert",
        "visibility": "private",
        "title": "Orphan designation for an NK-cell product in a genetically defined AML subgroup",
        "tags": ["orphan-drugs", "atmp", "rare-diseases"],
        "expert": "regulatory", "assignment": "accepted",
        "note": "Academic applicant; question on a 'medically plausible subset' for orphan designation. They "
                "want to file before the next COMP submission deadline. Private at the asker's request.",
        "body": """\
Our group is developing an allogeneic NK-cell product engineered to target a surface antigen that is only
expressed in acute myeloid leukaemia with one specific mutation. That subgroup is well below the orphan
prevalence threshold; AML as a whole is closer to it.

Can we ask the COMP for orphan designation in the subgroup only, or will they insist on AML as the
condition? And does it matter that we apply as an academic group rather than a company?""",
        "replies": [
            (26, "academic", """\
Some extra information for whoever picks this up: we have in vitro data showing no killing of AML blasts
that lack the antigen, and flow cytometry data on samples from 40 patients showing the antigen is absent
outside the mutated subgroup. Happy to share the summary."""),
        ],
    },
    {
        "board": "regulatory", "author": "government", "days": 12, "status": "open",
        "title": "Hoeveel ATMP's worden in Nederland onder de hospital exemption toegepast?",
        "tags": ["hospital-exemption", "atmp"],
        "body": """\
Voor een verkenning naar regionale ondersteuning van academische ontwikkelaars zoeken wij cijfers: hoeveel
producten worden in Nederland onder de ziekenhuisvrijstelling bereid, in welke ziekenhuizen en voor welke
aandoeningen? Is daar een openbaar overzicht van, of moeten we dat bij de IGJ opvragen?""",
        "replies": [
            (20, "academic", """\
Voor zover ik weet is er geen volledig openbaar overzicht. De IGJ geeft de toestemming, dus daar liggen de
gegevens. Het gaat om een beperkt aantal producten, vooral in de academische ziekenhuizen (bijvoorbeeld
CAR-T-cellen en weefselproducten). Let op: het aantal toestemmingen zegt weinig over het aantal behandelde
patiënten."""),
            (31, "innovator", """\
Aanvulling: in het voorstel voor de herziening van de Europese geneesmiddelenwetgeving staat dat lidstaten
gegevens over het gebruik van de hospital exemption moeten verzamelen en delen. Als dat zo wordt
aangenomen, wordt zo'n overzicht in de toekomst een stuk makkelijker."""),
        ],
        "held": (40, "government", """\
Dank voor jullie reacties! Wie hier meer over weet en even wil sparren: bel me gerust op 06-12345678 of
stuur een bericht via het forum."""),
    },
    {
        "board": "regulatory", "author": "innovator", "days": 0.3, "status": "pending",
        "title": "PIP-waiver voor een aandoening die alleen bij volwassenen voorkomt?",
        "tags": ["paediatrics", "orphan-drugs"],
        "body": """\
Onze tweede indicatie betreft een degeneratieve aandoening die vrijwel uitsluitend na het vijftigste
levensjaar optreedt. Moeten we toch een Paediatric Investigation Plan indienen, of kunnen we een waiver
krijgen? En wanneer moet dat uiterlijk geregeld zijn?""",
    },
    {
        "board": "regulatory", "author": "patient", "days": 40, "status": "rejected",
        "title": "Welk ziekenhuis kan mijn familielid nog behandelen met een experimenteel middel?",
        "tags": ["rare-diseases"],
        "reject": "Dank voor uw vraag. FAST kan helaas geen advies geven over de behandeling van individuele "
                  "patiënten en verwijst niet door naar ziekenhuizen; bespreek dit met de behandelend arts, die "
                  "kan overleggen met een expertisecentrum. Wilt u weten hoe toegang tot experimentele middelen "
                  "in het algemeen geregeld is (via studies of een compassionate use-programma), stel de vraag "
                  "dan opnieuw in die vorm, zonder persoonlijke medische gegevens.",
        "body": """\
Een familielid heeft een zeldzame stofwisselingsziekte en is uitbehandeld. Kunnen jullie ons vertellen welk
ziekenhuis nog een experimentele behandeling kan geven en hoe we daar zo snel mogelijk terechtkomen? We
hebben alle medische gegevens bij de hand en kunnen die opsturen.""",
    },
    {
        "board": "regulatory", "author": "startup", "days": 120, "status": "closed",
        "title": "Can an SME enter PRIME on non-clinical data alone?",
        "tags": ["atmp", "scientific-advice"],
        "body": """\
Our investors would love to see PRIME eligibility before our next financing round. We have strong efficacy
data in two animal models but no clinical data yet. Is it realistic to apply now?""",
        "replies": [
            (30, "regulatory", """\
Not quite yet. PRIME supports medicines that may offer a major advantage in an unmet medical need. The
standard route asks for early clinical data that show proof of concept. **SMEs and academic applicants**
may enter earlier, but even then the EMA asks for compelling non-clinical data in a relevant model
*together with* first tolerability data in humans.

What the assessors look at:

- the unmet need and how large the expected benefit is;
- how well the animal model predicts the human disease;
- whether the first clinical data show the product is tolerated at relevant doses.

So plan the application after your first cohort. Meanwhile, an ITF briefing or scientific advice gives you
regulatory feedback you can show investors."""),
            (44, "startup", "Clear: after our first cohort, then. Thank you!"),
        ],
        "accept": 0,
        "close": (24 * 60, """\
Locking this thread now that the question is resolved. PRIME eligibility is reviewed from time to time,
so please check the EMA website or start a new question before you apply."""),
    },
    {
        "board": "regulatory", "author": "radiopharma", "days": 60, "status": "answered",
        "title": "Welke kwaliteitsdocumentatie voor een Lu-177-radioligand in een academische studie?",
        "tags": ["radiopharmaceuticals", "gmp", "trial-design"],
        "body": """\
We willen een investigator-initiated fase I/II-studie starten met een nieuw Lu-177-gelabeld peptide bij
neuro-endocriene tumoren. De precursor kopen we in, het labelen gebeurt in onze eigen radiofarmacie.

Wat moet er in het IMPD-Q, en hebben we voor de bereiding een fabrikantenvergunning nodig?""",
        "replies": [
            (34, "regulatory", """\
Voor een therapeutisch radiofarmacon in een studie onder de Europese verordening klinische proeven (CTR):

- **IMPD-Q**: beschrijf zowel de precursor (specificaties, analysecertificaat, stabiliteit) als het
  gelabelde eindproduct: het labelingsproces, radiochemische zuiverheid, vrijgiftespecificaties,
  houdbaarheid (beperkt door verval en radiolyse) en de methoden voor steriliteit en endotoxinen.
- **Fabrikantenvergunning**: de uitzondering in de CTR voor bereiding zonder vergunning geldt voor
  *diagnostische* radiofarmaca, niet voor een therapeutisch Lu-177-product. Jullie radiofarmacie heeft
  dus een vergunning voor de bereiding van onderzoeksgeneesmiddelen nodig, of je besteedt de bereiding
  uit aan een partij die die heeft. Een QP certificeert de batches.
- Vergeet de **stralingsbescherming** niet: de toepassing bij patiënten valt ook onder de regels van de
  ANVS, en de METC zal vragen naar de dosimetrie.

Over de praktische kant van vrijgifte kan @PieterBrandsma meer vertellen."""),
            (50, "manufacturing", """\
Aanvullend vanuit de praktijk: omdat je de steriliteitstest niet kunt afwachten, geef je vrij vóór de
uitslag daarvan. Dat is geaccepteerd, mits:

1. het aseptische proces gevalideerd is met media fills;
2. je vóór vrijgifte een filterintegriteitstest doet;
3. je de steriliteitstest achteraf alsnog uitvoert en de resultaten trendt.

Leg in de QP-procedure vast wat er gebeurt bij een afwijkende uitslag na toediening: wie er gewaarschuwd
wordt en hoe de patiënt wordt opgevolgd."""),
            (72, "radiopharma", """\
Helder, dank allebei. We hebben al media fills voor onze Ga-68-bereidingen; die breiden we uit naar het
Lu-177-proces."""),
        ],
    },
    # -------------------------------------------------------------------------------------- clinical
    {
        "board": "clinical", "author": "patient", "days": 165, "status": "resolved",
        "title": "Hoe betrekken we patiënten bij het ontwerp van een studie, en niet pas bij de werving?",
        "tags": ["patient-participation", "rare-diseases", "trial-design"],
        "expert": "clinical", "note": "Patiëntenvereniging; praktische vraag over vormen en momenten van "
                                      "participatie, en over vergoedingen.",
        "body": """\
Als patiëntenvereniging worden we steeds vaker gevraagd om 'mee te denken' over een studie, maar meestal
ligt het protocol dan al klaar en gaat het alleen nog over de folder. Wat zijn goede momenten en vormen om
patiënten eerder te betrekken? En is het gebruikelijk dat patiëntvertegenwoordigers een vergoeding
krijgen?""",
        "replies": [
            (27, "clinical", """\
Herkenbaar, en terecht dat u dit aankaart. Participatie heeft het meeste effect vóórdat de onderzoeksvraag
en de uitkomstmaten vastliggen. Een praktische indeling:

1. **Onderzoeksvraag en uitkomstmaten**: welke uitkomst doet er voor patiënten toe? Bij een
   stofwisselingsziekte is dat bijvoorbeeld vermoeidheid of meedoen op school, niet alleen een biomarker.
   Vraag een rol bij de keuze van de vragenlijsten (PROMs).
2. **Belasting van het protocol**: aantal ziekenhuisbezoeken, bloedafnames, nuchter zijn, reistijd.
   Patiënten zien direct wat haalbaar is; dat verbetert ook de werving en voorkomt uitval.
3. **Informatie en toestemming**: de proefpersoneninformatie begrijpelijk maken. De METC kijkt daar
   kritisch naar.
4. **Tijdens en na de studie**: deelname aan een begeleidingscommissie en het terugkoppelen van de
   resultaten aan de deelnemers.

Over vergoeding: ja, het is gebruikelijk en redelijk dat patiëntvertegenwoordigers een vergoeding krijgen
voor hun tijd, net als andere adviseurs. Laat dat opnemen in de begroting van de subsidieaanvraag; veel
financiers vragen tegenwoordig expliciet naar een participatieplan.

> Wie pas bij de werving wordt gevraagd, kan alleen nog de verpakking verbeteren, niet de inhoud.

Spreek dus bij het eerste contact af over welke beslissingen u meepraat, en leg dat vast."""),
            (50, "innovator", """\
Vanuit een start-up: wij hebben dit bij onze studieopzet gedaan met @YvonneBakker en haar vereniging. Het
leverde een korter bezoekschema op dan we zelf hadden bedacht, en de METC was er positief over."""),
            (70, "patient", "Dank! Dit gebruik ik voor onze nieuwe participatieleidraad."),
        ],
        "accept": 0,
    },
    {
        "board": "clinical", "author": "startup", "days": 140, "status": "resolved",
        "title": "Sentinel dosing and staggering in a first-in-human AAV trial",
        "tags": ["atmp", "trial-design", "rare-diseases"],
        "expert": "clinical", "note": "First-in-human gene therapy; question on dosing intervals and who "
                                      "reviews in NL. Marleen may want to add the GMO angle.",
        "body": """\
For our first-in-human study (subretinal AAV, inherited retinal disease) we plan three dose cohorts of
three patients. The draft protocol doses the patients in each cohort one week apart.

Is that sufficient, or will the reviewing committee expect longer intervals for a gene therapy? And who
reviews this in the Netherlands?""",
        "replies": [
            (30, "clinical", """\
For a one-off, irreversible intervention like an AAV gene therapy, reviewers look closely at how you
protect the first patients. Typical elements:

- **Sentinel dosing**: the first patient of each cohort is dosed alone; the others follow only after a
  predefined observation window. Justify that window with your primate data and with what is known about
  the timing of intraocular inflammation after AAV. One week may be challenged; two to four weeks is
  common.
- **Dose escalation**: an independent data safety monitoring board reviews each cohort before you
  escalate, with stopping rules written into the protocol.
- **Second eye**: state explicitly whether and when the fellow eye may be treated.

In the Netherlands the study is reviewed by the **CCMO** (gene therapy is reviewed centrally), and you need
a GMO licence from the Ministry of Infrastructure and Water Management. The
[Loket Gentherapie](https://www.loketgentherapie.nl) coordinates both; ask for the joint pre-submission
meeting."""),
            (45, "regulatory", """\
One regulatory addition: the environmental risk assessment for the GMO licence will ask about shedding
(tears, blood). Your biodistribution and shedding data feed directly into it, so make sure the sampling
schedule in the clinical protocol matches what you promise in the licence application."""),
            (60, "startup", """\
Very helpful, thank you both. We'll move to a three-week sentinel interval and align the shedding samples
with the licence application."""),
        ],
        "accept": 0,
    },
    {
        "board": "clinical", "author": "innovator", "days": 80, "status": "answered",
        "title": "Externe controlegroep in plaats van placebo bij een zeldzame stapelingsziekte?",
        "tags": ["rare-diseases", "trial-design", "atmp"],
        "expert": "clinical", "note": "Zelfde start-up als de classificatievraag; natural history-controle.",
        "body": """\
Onze doelgroep is klein: in Nederland enkele tientallen patiënten, in Europa een paar honderd. Een
placebogecontroleerde studie met een eenmalige gentherapie vinden ouders en artsen onaanvaardbaar.

Kunnen we vergelijken met natural history-gegevens uit het register van de patiëntenvereniging? Wat vinden
beoordelaars daarvan?""",
        "replies": [
            (36, "clinical", """\
Het kan, maar de bewijskracht staat of valt met de kwaliteit van de externe controle. Beoordelaars (het
CHMP en later HTA-partijen als het Zorginstituut) zijn kritisch over selectiebias en verschillen in
meetmomenten. De opties op een rij:

| Opzet | Voordeel | Nadeel |
|---|---|---|
| Gerandomiseerd met uitgestelde behandeling | Interne controle; iedereen wordt uiteindelijk behandeld | Wachten kan onaanvaardbaar zijn bij snelle progressie |
| Externe controle uit een register | Geen placebo, snel | Bias, ontbrekende gegevens, andere meetmomenten |
| Vergelijking binnen de patiënt (voor/na) | Elke patiënt is zijn eigen controle | Alleen zinvol bij een voorspelbaar beloop |

Kiest u voor een registercontrole:

- leg de vergelijking **vooraf** vast in het statistisch analyseplan, inclusief de methode (bijvoorbeeld
  weging op propensity scores);
- gebruik dezelfde uitkomstmaten en meetmomenten als in de studie, en overleg met het register of die
  kunnen worden aangepast;
- laat de kwaliteit van de registergegevens beoordelen (volledigheid, definities);
- vraag hierover vroeg **wetenschappelijk advies**, bij voorkeur samen met HTA-partijen.

Zie ook de EMA-richtlijn over klinische studies in kleine populaties."""),
            (54, "patient", """\
@ThijsVermeulen, ons register meet de motoriek nu eens per jaar. Als jullie halfjaarlijkse metingen nodig
hebben, kan ik dat in het bestuur bespreken; onze leden willen graag bijdragen."""),
            (70, "innovator", "Dat zou enorm helpen, Yvonne. We plannen een overleg met jullie registercommissie."),
        ],
    },
    {
        "board": "clinical", "author": "patient2", "days": 5, "status": "awaiting_expert",
        "title": "Toestemming bij kinderen van 12 tot 16 jaar in een geneesmiddelenstudie: wie tekent wat?",
        "tags": ["paediatrics", "trial-design", "patient-participation"],
        "expert": "clinical", "assignment": "requested",
        "note": "Informed consent bij minderjarigen van 12-16 jaar onder de CTR en de Nederlandse regels. Graag "
                "ook iets over wat er gebeurt als het kind niet wil.",
        "body": """\
Een studie naar een middel tegen zeldzame epilepsie wil ook kinderen van 12 tot 16 jaar laten meedoen.
Ouders in onze vereniging vragen zich af: moeten zij tekenen, het kind, of allebei? En wat als het kind
niet wil, maar de ouders wel?""",
        "replies": [
            (30, "patient", "Goede vraag, die krijgen wij ook vaak. Ik ben benieuwd naar het antwoord."),
        ],
    },
    {
        "board": "clinical", "author": "startup", "days": 8, "status": "open",
        "title": "Home visits for long-term follow-up after gene therapy: acceptable under the CTR?",
        "tags": ["trial-design", "atmp", "patient-participation"],
        "body": """\
Gene therapy patients are followed up for years after dosing. For the later follow-up visits we would like
a home-nursing service to take blood samples and run questionnaires on a tablet, so patients don't have to
travel to the trial site every time.

Is that acceptable in the Netherlands, and what will the ethics committee want to see?""",
        "replies": [
            (26, "infection", """\
We did something similar last year. The EU recommendation paper on decentralised elements in clinical
trials (European Commission, HMA and EMA) was a useful starting point. The committee asked us mostly about
three things: who trains the nurses in GCP, how samples get to the lab in time, and how data from the
tablet are secured."""),
            (50, "radiopharma", """\
One practical addition: describe in the protocol exactly which tasks the home-nursing organisation
performs, and put the delegation in a contract. In our study the committee also wanted to know whether the
organisation counts as a trial site or as a service provider."""),
        ],
    },
    {
        "board": "clinical", "author": "infection", "days": 110, "status": "closed",
        "title": "Who is the sponsor of an investigator-initiated trial across two Dutch academic centres?",
        "tags": ["trial-design"],
        "body": """\
Our trial will run at our own centre and at a second academic hospital. Both legal departments want to be
'co-sponsor'. Is co-sponsorship possible in CTIS, and who submits the application?""",
        "replies": [
            (32, "clinical", """\
Co-sponsorship is allowed under the Clinical Trials Regulation (Article 72), but each co-sponsor is
responsible for the whole trial unless you divide the responsibilities in writing. In practice:

- agree a **written co-sponsorship agreement** that allocates the tasks: submission, safety reporting, data
  management, publication;
- in **CTIS** one organisation submits and acts as the contact point; the other is listed as co-sponsor;
- simpler and more common: one centre is the sponsor and the other a participating site with a clinical
  trial agreement. Most Dutch academic centres have standard templates for this.

Unless a funder requires co-sponsorship, I would choose a single sponsor."""),
            (50, "infection", "Thanks. Our legal teams agreed on a single sponsor with a site agreement."),
        ],
        "accept": 0,
        "close": (24 * 40, """\
Locking this resolved thread. For new questions about sponsorship under the CTR, please start a new
thread so that it reaches the expert team's queue."""),
    },
    {
        "board": "clinical", "author": "radiopharma", "days": 0.6, "status": "pending", "visibility": "private",
        "title": "Dosimetrie bij kinderen in een radioligandstudie: hoeveel extra scans zijn verantwoord?",
        "tags": ["radiopharmaceuticals", "paediatrics", "trial-design"],
        "body": """\
Voor een fase I/II-studie met een therapeutisch radiofarmacon bij kinderen met neuroblastoom willen we na
elke cyclus drie SPECT/CT-scans maken voor de dosimetrie. Een lid van de METC vond dat te belastend.

Zijn er richtlijnen voor het aantal scans bij kinderen, en hoe onderbouw je de belasting?""",
    },
    {
        "board": "clinical", "author": "government", "days": 35, "status": "rejected",
        "title": "Alles over klinisch onderzoek in Nederland",
        "tags": ["trial-design"],
        "reject": "Deze vraag is te breed om aan een expert voor te leggen. Kunt u aangeven om welk type onderzoek "
                  "het gaat (bijvoorbeeld een geneesmiddelenstudie of een studie met een medisch hulpmiddel), "
                  "wie de opdrachtgever is en waar u tegenaan loopt? Pas de vraag aan, dan bekijken we hem "
                  "opnieuw. Een algemene introductie vindt u op de website van de CCMO.",
        "body": """\
Wij willen graag weten hoe klinisch onderzoek in Nederland werkt. Kunnen jullie een overzicht geven van alle
regels en procedures?""",
    },
    {
        "board": "clinical", "author": "infection", "days": 45, "status": "answered",
        "title": "Faagtherapie bij een multiresistente infectie: studie of individuele behandeling?",
        "tags": ["infectious-diseases", "trial-design", "repurposing"],
        "expert": "clinical", "note": "Faagtherapie; overlap met productie, Pieter kan aanvullen.",
        "body": """\
Vanuit de afdeling infectieziekten kregen we de vraag of we faagtherapie kunnen inzetten bij een paar
patiënten met een chronische, multiresistente Pseudomonas-infectie. Er is geen geregistreerd faagproduct.

Moeten we dit als klinische studie opzetten, of kan het als individuele behandeling? En waar halen we de
fagen vandaan?""",
        "replies": [
            (40, "clinical", """\
Er zijn grofweg drie routes, elk met eigen voorwaarden:

1. **Een klinische studie onder de CTR.** De fagen zijn dan een onderzoeksgeneesmiddel: je hebt een IMPD
   nodig en de fagen moeten onder GMP gemaakt zijn. Voordeel: je leert er systematisch van. Met een kleine,
   goed opgezette studie (per patiënt gekozen fagen, maar een vast protocol voor toediening en monitoring)
   bouw je bewijs op.
2. **Een individuele behandeling met een ongeregistreerd middel.** Bij uitbehandelde patiënten kan een arts
   in uitzonderlijke gevallen een ongeregistreerd middel voorschrijven op artsenverklaring. Dat vraagt een
   kwalitatief verantwoorde bron van fagen, en het blijft een individuele beslissing, geen programma.
3. **Apotheekbereiding.** In België worden fagen als magistrale bereiding gemaakt op basis van een
   monografie. In Nederland bestaat zo'n kader niet, en de kwaliteit van het uitgangsmateriaal is dan
   een groot vraagstuk. Overleg met de ziekenhuisapotheker.

Verwachten jullie meer dan een handvol patiënten te behandelen, kies dan route 1: losse behandelingen
zonder gestructureerde gegevensverzameling leveren weinig op voor de volgende patiënt."""),
            (60, "manufacturing", """\
Op de productievraag: de kwaliteit van faagpreparaten is de grootste uitdaging: zuiverheid, endotoxinen,
de afwezigheid van toxinegenen in het faaggenoom en de stabiliteit. Wie een studie wil doen, moet rekenen
op GMP-productie van elke faag in de cocktail; dat bepaalt de planning vaak meer dan de klinische kant."""),
            (80, "infection", "Dank. We kiezen voor een kleine studie en zoeken een partner voor de productie."),
        ],
    },
    # --------------------------------------------------------------------------------- reimbursement
    {
        "board": "reimbursement", "author": "innovator", "days": 160, "status": "resolved",
        "title": "Wanneer beginnen we het gesprek over vergoeding van een eenmalige gentherapie?",
        "tags": ["hta", "atmp", "orphan-drugs"],
        "expert": "reimbursement", "note": "Start-up in preklinische fase; vraagt naar timing van "
                                           "vergoedingsgesprekken.",
        "body": """\
We zitten nog in de preklinische fase, maar investeerders vragen nu al naar ons vergoedingsverhaal in
Nederland. Wanneer is het zinvol om met het Zorginstituut of met zorgverzekeraars te praten, en wat
verwachten zij van ons?""",
        "replies": [
            (30, "reimbursement", """\
Eerder dan de meeste start-ups denken. De belangrijkste keuzes voor vergoeding (vergelijkende behandeling,
uitkomstmaten, duur van de follow-up) maak je bij het ontwerp van je studies, niet pas bij de aanvraag.

| Fase | Wat te doen | Met wie |
|---|---|---|
| Preklinisch / fase I | Ziektelast en huidige zorg in kaart brengen; eerste kosteneffectiviteitsmodel | Clinici, patiëntenvereniging |
| Vóór de pivotale studie | Vroege dialoog over vergelijker en uitkomsten | CBG en Zorginstituut (parallel advies), EU Joint Scientific Consultation |
| Eén à twee jaar vóór registratie | Melding in de Horizonscan Geneesmiddelen | Zorginstituut |
| Registratie | EU Joint Clinical Assessment (verplicht voor ATMP's), daarna nationale beoordeling | EU HTA-coördinatiegroep, Zorginstituut |
| Na het advies | Prijsonderhandeling, waarschijnlijk in de sluis | Ministerie van VWS |

Een eenmalige gentherapie met een hoge prijs per patiënt komt vrijwel zeker in de **sluis**. Denk daarom ook
na over betaalmodellen: gespreide betaling of betaling op basis van uitkomsten maakt de onzekerheid over de
lange termijn bespreekbaar.

Voor investeerders: een geloofwaardig verhaal laat zien dat je weet welke vergelijker in Nederland wordt
gebruikt en dat je uitkomsten meet die voor patiënten en het Zorginstituut tellen."""),
            (50, "innovator", """\
Super, deze tabel gaat (met bronvermelding) in ons investeerdersdeck. Kunnen we ook een parallel advies
aanvragen als we nog geen ervaring met registratie hebben?"""),
            (70, "reimbursement", """\
Ja. Het gaat om je vragen, niet om je ervaring. Bereid wel een goed briefingdocument voor met concrete
vragen over vergelijker, populatie en uitkomstmaten: vage vragen leveren vage antwoorden op."""),
        ],
        "accept": 0,
    },
    {
        "board": "reimbursement", "author": "startup", "days": 130, "status": "resolved",
        "title": "EU Joint Clinical Assessment: what changes for our Dutch reimbursement dossier?",
        "tags": ["hta", "atmp"],
        "body": """\
Our AAV product will be among the first ATMPs in scope of the EU HTA Regulation. Does the Joint Clinical
Assessment replace the Zorginstituut's assessment? And what should we be doing differently now?""",
        "replies": [
            (28, "reimbursement", """\
It doesn't replace it, but it changes the work.

- The **Joint Clinical Assessment (JCA)** under Regulation (EU) 2021/2282 covers the *clinical* part:
  relative effectiveness and safety against the comparators that member states ask for in the **PICO**
  scoping. Since 12 January 2025 it applies to new cancer medicines and to all ATMPs.
- The **Zorginstituut** still decides nationally on cost-effectiveness, budget impact, necessity and
  feasibility. It has to take the JCA report into account instead of redoing the clinical assessment.
- Timelines are tight: the JCA dossier is due while the EMA assessment is running, and the PICO list can
  contain several comparators, one for each standard of care across member states.

What to do now:

1. Map the standard of care in your main markets, the Netherlands included; expect a long PICO list.
2. Consider a **Joint Scientific Consultation** before the pivotal trial, so comparator and endpoints fit.
3. Plan indirect comparisons for the comparators you won't test head to head."""),
            (40, "startup", "Great summary. We had assumed one dossier would cover everything."),
        ],
        "accept": 0,
    },
    {
        "board": "reimbursement", "author": "patient", "days": 70, "status": "answered",
        "title": "Wat betekent 'de sluis' voor patiënten die nu in een studie behandeld worden?",
        "tags": ["orphan-drugs", "rare-diseases", "hta"],
        "expert": "reimbursement", "note": "Patiëntenvereniging; uitleg sluis en post-trial access.",
        "body": """\
Een nieuw middel voor onze ziekte is door het EMA goedgekeurd. Patiënten die aan de studie meededen krijgen
het nog via de fabrikant, maar we horen dat het middel 'in de sluis' komt. Wat betekent dat precies, hoe
lang duurt het, en wat gebeurt er met patiënten die nu al behandeld worden?""",
        "replies": [
            (33, "reimbursement", """\
De sluis (voluit: de pakketsluis voor dure geneesmiddelen) werkt zo:

- De minister van VWS kan een nieuw, duur geneesmiddel in de sluis plaatsen. Dat gebeurt bij verwachte
  kosten van meer dan €50.000 per patiënt per jaar (bij een totale omvang van minstens €10 miljoen), of bij
  verwachte totale kosten boven de €40 miljoen per jaar.
- Zolang het middel in de sluis zit, wordt het **niet vanuit het basispakket vergoed**. Het Zorginstituut
  beoordeelt het middel en adviseert de minister, vaak met het advies om over de prijs te onderhandelen.
- Het Bureau Financiële Arrangementen Geneesmiddelen van VWS onderhandelt dan met de fabrikant. Pas na een
  akkoord wordt het middel opgenomen in het pakket.

Hoe lang dat duurt verschilt sterk: van enkele maanden tot ruim een jaar.

Voor patiënten die nu in de studie zitten is vooral het **post-trial access**-beleid van de fabrikant van
belang. Veel fabrikanten blijven studiedeelnemers kosteloos behandelen tot het middel vergoed wordt; dat
hoort in de proefpersoneninformatie te staan. Als vereniging kunt u de fabrikant vragen hoe dat geregeld
is, en u kunt tijdens de beoordeling input geven aan het Zorginstituut: daar is een vaste plek voor
patiëntenorganisaties."""),
            (60, "patient2", """\
Aanvulling uit onze ervaring: de inbreng van ouders via onze vereniging werd bij het Zorginstituut echt
gelezen. Vooral concrete voorbeelden van wat de ziekte betekent in het dagelijks leven maken indruk."""),
            (80, "patient", "Dank, dit helpt enorm om aan onze leden uit te leggen wat er gebeurt."),
        ],
    },
    {
        "board": "reimbursement", "author": "company", "days": 4, "status": "awaiting_expert",
        "visibility": "private",
        "title": "Vergoeding van een generiek middel voor een nieuwe indicatie na een academische studie",
        "tags": ["repurposing", "hta"],
        "expert": "reimbursement", "assignment": "accepted",
        "note": "Registratiehouder van een generiek middel; vraag over het GVS na een indicatie-uitbreiding. "
                "Vertrouwelijk: het gaat om een lopend dossier.",
        "body": """\
Wij zijn registratiehouder van een generiek middel dat in een academische studie effectief bleek bij een
zeldzame aandoening. We overwegen de indicatie-uitbreiding in te dienen.

Als dat lukt: wordt het middel dan automatisch vergoed voor de nieuwe indicatie, of moet het Zorginstituut
opnieuw beoordelen? Het middel staat nu op bijlage 1A van het GVS.""",
    },
    {
        "board": "reimbursement", "author": "academic", "days": 9, "status": "open",
        "title": "Outcome-based payment for an academic CAR-T under the hospital exemption: any precedent?",
        "tags": ["hta", "atmp", "hospital-exemption"],
        "body": """\
Our hospital is discussing with health insurers how to fund an academic CAR-T product made under the
hospital exemption. Someone suggested paying part of the price only if the patient is still in remission
after a year.

Has anyone done this in the Netherlands for a non-registered product? How did you arrange the data
collection?""",
        "replies": [
            (20, "innovator", """\
Not for a hospital exemption product as far as I know, but outcome-based agreements have been made for
registered products. The hard part in our experience is agreeing upfront on the definition of the outcome
and on who collects the data."""),
            (44, "government", """\
Interessante vraag; vanuit de overheid volgen we dit ook. Ik ben benieuwd of een expert iets kan zeggen
over de rol van de NZa hierbij."""),
        ],
    },
    {
        "board": "reimbursement", "author": "academic", "days": 100, "status": "resolved",
        "title": "Komt ons academisch ontwikkelde middel in aanmerking voor voorwaardelijke toelating?",
        "tags": ["conditional-admission", "hospital-exemption", "atmp"],
        "expert": "reimbursement", "note": "Academische groep, product onder hospital exemption.",
        "body": """\
We ontwikkelen een celtherapie die we onder de hospital exemption willen toepassen bij een kleine groep
patiënten. Een collega noemde 'voorwaardelijke toelating' als manier om de behandeling vergoed te krijgen
terwijl we gegevens verzamelen. Is dat voor ons een optie?""",
        "replies": [
            (30, "reimbursement", """\
Helaas niet in deze vorm. De voorwaardelijke toelating voor geneesmiddelen is beperkt tot middelen met een
Europese handelsvergunning als weesgeneesmiddel, *conditional* of *exceptional*, en de aanvraag komt van de
registratiehouder. Een product onder de ziekenhuisvrijstelling heeft geen handelsvergunning en valt er
dus buiten.

Wat wel kan:

- **Financiering via het ziekenhuis**: de behandeling valt onder de medisch-specialistische zorg. Of
  verzekeraars betalen, hangt af van de vraag of de behandeling voldoet aan de 'stand van de wetenschap en
  praktijk'. Ga vroeg in gesprek met de verzekeraars en met de raad van bestuur.
- **Onderzoeksfinanciering** voor de gegevensverzameling zelf (bijvoorbeeld via ZonMw of een fonds), zodat
  je later kunt laten zien wat de behandeling oplevert.
- **Op termijn registratie**, eventueel met een partner. Dan staan de Europese routes open, en daarna ook
  de voorwaardelijke toelating.

Zie de website van het [Zorginstituut](https://www.zorginstituutnederland.nl) voor de actuele criteria."""),
            (50, "academic", """\
Duidelijk, dank. We gaan het gesprek met de verzekeraars aan en zoeken financiering voor de
gegevensverzameling."""),
        ],
        "accept": 0,
    },
    {
        "board": "reimbursement", "author": "government", "days": 150, "status": "closed",
        "title": "Hoe werken de referentiewaarden per QALY die het Zorginstituut gebruikt?",
        "tags": ["hta", "rare-diseases"],
        "body": """\
In discussies over dure geneesmiddelen hoor ik vaak '€80.000 per QALY'. Is dat een harde grens? En hoe
bepaalt het Zorginstituut welke waarde er geldt?""",
        "replies": [
            (26, "reimbursement", """\
Het is geen harde grens maar een **referentiewaarde**, die afhangt van de ziektelast: welk deel van de
gezonde levensverwachting die iemand nog had, verliest een patiënt door de ziekte?

| Ziektelast | Referentiewaarde |
|---|---|
| 0,10 – 0,40 | tot €20.000 per QALY |
| 0,41 – 0,70 | tot €50.000 per QALY |
| 0,71 – 1,00 | tot €80.000 per QALY |

Het Zorginstituut weegt daarnaast andere criteria mee, zoals noodzakelijkheid, uitvoerbaarheid en de
totale budgetimpact. Bij zeldzame ziekten is de onzekerheid in de modellen vaak groot, en ook dat telt mee.
Een middel boven de referentiewaarde kan dus nog steeds vergoed worden, meestal na een prijsverlaging."""),
            (40, "company", """\
En juist daarom zeggen zulke getallen weinig bij zeldzame ziekten: met een handvol patiënten is elk model
speculatief."""),
            (44, "patient", """\
Maar zonder enige maat wordt elke prijs geaccepteerd, en dat gaat ten koste van andere patiënten. Ik vind
het terecht dat er een grens is."""),
            (47, "company", "Dat is een politieke keuze, geen wetenschappelijke."),
        ],
        "close": (60, """\
Dank voor alle bijdragen. De feitelijke vraag is beantwoord; de discussie gaat nu over politieke keuzes,
en die kunnen we op dit forum niet beslechten. We sluiten daarom deze draad. Heeft u een nieuwe, concrete
vraag over de beoordeling door het Zorginstituut, start dan een nieuwe draad."""),
    },
    {
        "board": "reimbursement", "author": "startup", "days": 0.15, "status": "pending",
        "title": "Which prevalence source does the Zorginstituut accept for a budget impact analysis?",
        "tags": ["hta", "rare-diseases"],
        "body": """\
For our budget impact model we need the Dutch prevalence and incidence of an inherited retinal disease.
Published estimates differ by a factor of three. Can we use a survey among clinicians at the two Dutch
expertise centres, or should we stick to the literature?""",
    },
    {
        "board": "reimbursement", "author": "patient2", "days": 25, "status": "rejected",
        "title": "Wat is de sluis en waarom duurt het zo lang?",
        "tags": ["orphan-drugs"],
        "reject": "Dank voor uw vraag! Deze vraag is eerder gesteld en beantwoord door onze vergoedingsexpert, in "
                  "de draad \"Wat betekent 'de sluis' voor patiënten die nu in een studie behandeld worden?\" op "
                  "het bord Vergoeding. Heeft u daarna nog een aanvullende vraag, reageer dan in die draad, zodat "
                  "alle informatie bij elkaar blijft.",
        "body": """\
Ouders vragen ons steeds wat 'de sluis' is en waarom een goedgekeurd middel daar maanden in kan zitten.
Kunnen jullie dat uitleggen?""",
    },
    # --------------------------------------------------------------------------------- manufacturing
    {
        "board": "manufacturing", "author": "innovator", "days": 168, "status": "resolved",
        "title": "Waar vinden we GMP-capaciteit voor kleine batches lentivirale vector?",
        "tags": ["gmp", "atmp"],
        "expert": "manufacturing", "note": "Start-up zoekt vectorcapaciteit voor een eerste studie.",
        "body": """\
Voor onze eerste klinische studie hebben we twee à drie batches lentivirale vector nodig, op kleine schaal.
De CDMO's die we benaderden noemen doorlooptijden van anderhalf jaar. Zijn er in Nederland alternatieven,
bijvoorbeeld academische GMP-faciliteiten?""",
        "replies": [
            (30, "manufacturing", """\
Die doorlooptijden zijn helaas realistisch bij de grote CDMO's. Een paar opties:

1. **Academische GMP-faciliteiten.** Meerdere academische ziekenhuizen hebben faciliteiten voor cel- en
   gentherapie, sommige met vectorproductie. Ze werken met kleinere batches en zijn flexibeler, maar hebben
   beperkte capaciteit en geven voorrang aan eigen projecten. FAST kan helpen de juiste mensen te vinden.
2. **Kleinere, gespecialiseerde CDMO's** in Nederland, België en Duitsland. Vraag expliciet naar slots
   voor vroege klinische fase.
3. **Platformprocessen**: sommige partijen hebben een standaardproces voor lentivirale vectoren; met je
   eigen transferplasmide kan dat sneller zijn dan een volledige tech transfer.

Wat je klaar moet hebben voor het eerste gesprek:

- de kwaliteit en herkomst van je plasmiden (ook die zijn uitgangsmateriaal);
- je analytische methoden: titer, identiteit en vooral de test op **replicatiecompetent lentivirus
  (RCL)**, vaak het knelpunt in de planning;
- een realistische batchgrootte, afgeleid van je dosis en transductie-efficiëntie.

Reserveer intussen alvast een slot, ook al is het later dan je wilt: verschuiven kan meestal nog."""),
            (55, "innovator", """\
Dank, @PieterBrandsma. Twee academische faciliteiten hebben gereageerd; één kan over zes maanden een
engineering run doen. De RCL-test besteden we uit."""),
            (70, "manufacturing", """\
Mooi. Vraag bij de engineering run meteen de volledige set vrijgifteanalyses, zodat je de resultaten kunt
gebruiken in je IMPD."""),
        ],
        "accept": 0,
    },
    {
        "board": "manufacturing", "author": "academic", "days": 125, "status": "resolved",
        "title": "Comparability after moving from an open manual process to a closed automated system",
        "tags": ["gmp", "atmp"],
        "body": """\
Our phase I NK-cell product was made with an open, manual process in a grade A cabinet. For phase II we want
to move to a closed, automated system. What comparability data will assessors expect, and do we need to
repeat any clinical work?""",
        "replies": [
            (30, "manufacturing", """\
Moving to a closed system is usually a good change (less contamination risk, less operator variability),
but it is a *major* process change, so plan the comparability exercise carefully. Work risk-based,
following the EMA questions and answers on comparability of ATMPs and the principles of ICH Q5E:

- **Start with a risk assessment**: which critical quality attributes could the change affect? For NK
  cells: viability, purity (residual T cells), phenotype, expansion, cytotoxicity, and impurities such as
  residual cytokines.
- **Run side by side**: split the same starting material over the old and the new process. Three donors
  is a common minimum; donor-to-donor variability is often larger than the process difference.
- **Potency** is where most comparability exercises fail. Make sure your assay can detect a relevant
  difference.
- **Stability**: include at least short-term stability of the new-process product.

If the analytical data show comparability, new clinical data are normally not needed. If there are
differences you cannot explain, discuss them with the regulators before phase II."""),
            (44, "regulatory", """\
To add: submit the change as a substantial modification of your trial (quality part of the IMPD) before
you use new-process material. And if you plan EMA scientific advice anyway, a comparability question fits
in well."""),
            (60, "academic", "Thank you both. We'll do a three-donor split study."),
        ],
        "accept": 0,
    },
    {
        "board": "manufacturing", "author": "patient2", "days": 75, "status": "answered",
        "title": "Mag een ziekenhuisapotheek een drankje voor kinderen ook voor andere ziekenhuizen maken?",
        "tags": ["compounding", "paediatrics"],
        "expert": "manufacturing", "note": "Oudervereniging; vraag over apotheekbereiding en doorlevering.",
        "body": """\
Het middel dat onze kinderen gebruiken bestaat alleen als tablet. Eén ziekenhuisapotheek maakt er een
drankje van, en kinderen uit het hele land moeten daarvoor naar dat ziekenhuis of krijgen het via omwegen.

Waarom mag die apotheek het niet gewoon aan andere apotheken leveren? En wie zou het drankje op grotere
schaal kunnen maken?""",
        "replies": [
            (35, "manufacturing", """\
Een herkenbaar knelpunt. De spelregels:

- Een apotheker mag op **kleine schaal** geneesmiddelen bereiden voor de eigen patiënten (de
  apotheekbereiding, artikel 18 van de Geneesmiddelenwet). Daarvoor zijn geen handelsvergunning en geen
  fabrikantenvergunning nodig.
- **Doorleveren** aan andere apotheken valt strikt genomen buiten die uitzondering. De IGJ heeft in beleid
  vastgelegd onder welke voorwaarden zij daar niet tegen optreedt: onder meer dat er geen geschikt
  geregistreerd alternatief is, dat er volgens GMP-Z wordt bereid en dat het om beperkte aantallen gaat.
- Bereiden **op grote schaal** is in feite fabriceren; dan zijn een fabrikantenvergunning en in principe
  een handelsvergunning nodig.

Mogelijkheden voor jullie situatie:

1. Laat de apotheek nagaan of doorlevering binnen het IGJ-beleid past; voor een zeldzame indicatie bij
   kinderen is dat vaak het geval.
2. Vraag de registratiehouder om een formulering voor kinderen. Voor een oud middel kan een
   **PUMA** (paediatric-use marketing authorisation), met eigen gegevensbescherming, een prikkel zijn.
3. Een landelijk gestandaardiseerd bereidingsvoorschrift zorgt ervoor dat meerdere apotheken het drankje
   op dezelfde manier kunnen maken."""),
            (52, "patient", """\
Bij onze vereniging speelt precies hetzelfde. Goed om te weten dat de PUMA bestaat; daar hadden we nog
nooit van gehoord."""),
            (70, "patient2", "Dank u wel. We nemen contact op met de ziekenhuisapotheker over de voorwaarden."),
        ],
    },
    {
        "board": "manufacturing", "author": "radiopharma", "days": 17, "status": "awaiting_expert",
        "title": "Supplying our F-18 tracer to a partner hospital: do we need a manufacturing licence?",
        "tags": ["radiopharmaceuticals", "gmp"],
        "expert": "manufacturing", "assignment": "requested",
        "note": "Radiopharmacy wants to supply another hospital for a diagnostic study. Overlaps with the CTR "
                "exemption for diagnostic radiopharmaceuticals.",
        "body": """\
Our cyclotron facility produces an F-18 PET tracer for our own patients as a pharmacy preparation. A
partner hospital 80 km away wants to use it in a diagnostic study. With a half-life of about 110 minutes,
transport is feasible.

What changes legally and in terms of GMP once we deliver to them?""",
        "replies": [
            (100, "radiopharma", "Any update? The partner hospital wants to submit the study in two weeks."),
        ],
    },
    {
        "board": "manufacturing", "author": "infection", "days": 6, "status": "open",
        "title": "Cleanroom huren bij een ander ziekenhuis: wie is houder van de fabrikantenvergunning?",
        "tags": ["gmp", "infectious-diseases"],
        "body": """\
Voor de productie van fagen voor onze studie is onze eigen cleanroom te klein. Een ander academisch
ziekenhuis biedt ruimte in hun klasse B-faciliteit, waar wij met ons eigen personeel zouden werken.

Wie moet dan de fabrikantenvergunning hebben, en wie is de QP?""",
        "replies": [
            (20, "radiopharma", """\
Wij hebben dit andersom gedaan: een groep van buiten produceerde in onze faciliteit. De inspectie keek
vooral naar wie het kwaliteitssysteem beheert. Het werd onze vergunning, met hun personeel onder ons
kwaliteitssysteem; een eigen vergunning hadden zij niet nodig."""),
            (30, "innovator", """\
Dezelfde ervaring bij een CDMO: de vergunninghouder van de locatie is verantwoordelijk, en je eigen mensen
werken onder hun procedures. Leg in de kwaliteitsovereenkomst heel precies vast wie wat vrijgeeft."""),
        ],
    },
    {
        "board": "manufacturing", "author": "radiopharma", "days": 50, "status": "answered",
        "visibility": "private",
        "title": "Vergunningen voor een nieuwe radiofarmacieruimte voor therapeutische isotopen",
        "tags": ["radiopharmaceuticals", "gmp"],
        "expert": "manufacturing", "note": "Nieuwe radiofarmacie; volgorde van vergunningen (Kernenergiewet, "
                                           "fabrikantenvergunning, GMP). Privé op verzoek van de vraagsteller.",
        "body": """\
We bouwen een nieuwe ruimte voor de bereiding van therapeutische radiofarmaca (Lu-177, later mogelijk
Ac-225). Welke vergunningen hebben we nodig, en in welke volgorde? We willen voorkomen dat de bouw klaar is
en we daarna maanden op papier wachten.""",
        "replies": [
            (40, "manufacturing", """\
Goed dat je dit vóór de oplevering vraagt. Er lopen grofweg drie sporen, die je parallel moet laten lopen:

1. **Stralingsbescherming**: een vergunning op grond van de Kernenergiewet bij de ANVS, of een wijziging
   van jullie bestaande vergunning, voor de nieuwe isotopen en activiteiten. Voor alfastralers als Ac-225
   komen daar eisen bij rond besmettingsrisico, afvalstromen en detectie. Betrek de stralingsdeskundige
   vanaf het ontwerp.
2. **GMP en fabrikantenvergunning**: bereid je voor klinische studies of voor andere ziekenhuizen, dan heb
   je een fabrikantenvergunning nodig (aanvraag bij Farmatec, inspectie door de IGJ). De ruimte moet
   gekwalificeerd zijn en het aseptische proces gevalideerd met media fills.
3. **Kwaliteitsborging**: QP, procedures, training en afspraken met de nucleaire geneeskunde over wie
   waarvoor verantwoordelijk is.

De spanning tussen stralingsbescherming (onderdruk, afscherming) en GMP (overdruk in schone ruimtes) los je
op in het ontwerp, bijvoorbeeld met isolatoren of drukcascades. Daar gaat het vaak mis; laat het ontwerp
door beide disciplines tegelijk beoordelen.

Neem de kwalificatie en de eerste inspectie op in de planning van de bouw, niet erna."""),
            (60, "radiopharma", "Dank, Pieter. Het punt over onder- en overdruk ligt nu bij onze architect."),
        ],
    },
    {
        "board": "manufacturing", "author": "innovator", "days": 1, "status": "pending",
        "title": "Autoloog uitgangsmateriaal van patiënten buiten de EU: wat komt er kijken bij import?",
        "tags": ["gmp", "atmp"],
        "body": """\
In onze eerste studie willen we ook patiënten uit Zwitserland en het Verenigd Koninkrijk behandelen. Hun
stamcellen worden daar afgenomen en moeten naar onze productielocatie in Nederland. Welke eisen gelden er
voor het testen van de donor, het transport en de import van dit uitgangsmateriaal?""",
    },
    {
        "board": "manufacturing", "author": "company", "days": 55, "status": "rejected",
        "title": "Beschikbaar: vrije capaciteit in onze steriele vullijn",
        "tags": ["gmp"],
        "reject": "Dit forum is bedoeld voor vragen aan experts, niet voor commercieel aanbod. Wilt u uw "
                  "capaciteit onder de aandacht brengen, neem dan contact op met het FAST-team: we houden een "
                  "overzicht bij van productiepartners en verwijzen ontwikkelaars door. Een inhoudelijke vraag, "
                  "bijvoorbeeld over tech transfer naar uw vullijn, is hier van harte welkom.",
        "body": """\
Polderpharma heeft vanaf het derde kwartaal vrije capaciteit in onze steriele vullijn voor vloeistoffen
(vials van 2 tot 20 ml). Geïnteresseerde ontwikkelaars kunnen contact met ons opnemen voor een offerte.""",
    },
    {
        "board": "manufacturing", "author": "academic", "days": 2, "status": "awaiting_expert",
        "visibility": "private",
        "title": "Potency assay for an NK-cell product: is a cytotoxicity assay enough for phase I?",
        "tags": ["gmp", "atmp"],
        "expert": "manufacturing", "assignment": "accepted",
        "note": "Potency assay for a phase I cell therapy; overlaps with regulatory, Marleen can add later.",
        "body": """\
For our first-in-human NK-cell study we plan a flow-based cytotoxicity assay against a target cell line as
the potency assay for release. Is a single functional assay acceptable at this stage, or will assessors
expect a matrix of assays (cytokine release, degranulation)?""",
    },
)
