"""Demo-inhoud (Nederlandstalig) voor het voorbeeldartikel over magnesiumtekort."""

AUTHOR = {
    "name": "Redactie Magnesiumwijzer",
    "bio": (
        "De Redactie Magnesiumwijzer schrijft begrijpelijke achtergrondartikelen over voeding, "
        "mineralen en gezondheid. Onze teksten zijn bedoeld als algemene informatie en "
        "vervangen geen persoonlijk advies van een arts of diëtist."
    ),
}

# A made-up huisarts for the demo's medical review (no BIG number: a made-up one could
# be someone's real registration).
REVIEWER = {
    "name": "Dr. Femke Oosterbaan",
    "slug": "femke-oosterbaan",
    "qualification": "huisarts",
    "bio": (
        "Fictieve huisarts, alleen voor de demo-inhoud. Controleert artikelen over voeding "
        "en mineralen op medische juistheid."
    ),
}

# The staff member the demo's "Laatst bijgewerkt" line names (an account that cannot log in).
EDITOR = {"username": "demo-redacteur", "display_name": "Joris Hazelaar"}

CATEGORY = {
    "name": "Voeding en mineralen",
    "slug": "voeding-en-mineralen",
    "description": (
        "Achtergrondinformatie over vitamines, mineralen en de rol die voeding speelt bij je "
        "gezondheid."
    ),
}

# The address the demo article had before it moved: /artikelen/<OLD_SLUG>/ answers with a 301.
OLD_SLUG = "magnesium-tekort-symptomen"

ARTICLE = {
    "title": "Magnesiumtekort: symptomen, oorzaak en behandeling",
    "slug": "magnesiumtekort",
    "lead": (
        "Magnesium is een mineraal dat je lichaam nodig heeft voor goed werkende spieren en "
        "zenuwen, sterke botten en een stabiele bloedsuikerspiegel. Een tekort kan zich in het "
        "begin uiten in misselijkheid, braken, weinig trek in eten, vermoeidheid en een slap "
        "gevoel. Een echt magnesiumtekort is vrij zeldzaam en hangt meestal samen met een "
        "onderliggende aandoening."
    ),
    "image_alt": (
        "Platte illustratie van een gestileerd atoom met het scheikundige symbool Mg, omringd "
        "door een blad, een noot en een graankorrel in effen kleuren."
    ),
    "image_caption": (
        "Je vindt magnesium onder meer in volkoren brood en andere volkoren graanproducten, in "
        "groente, noten, zuivel en vlees."
    ),
    "image_credit": "Illustratie: gemaakt door de redactie",
}

# Other names readers search by (the admin's "synoniemen" on the article page).
SYNONYMS = ["hypomagnesiëmie", "magnesiumgebrek", "laag magnesium"]

REFERENCES = [
    {
        "key": "ntvg-1993",
        "citation": "Ned Tijdschr Geneeskd. 1993;137:287-90",
    },
]

BLOCKS = [
    {
        "kind": "text",
        "heading": "Magnesium: een mineraal dat vaak over het hoofd wordt gezien",
        "level": 2,
        "body": (
            "Misschien herken je het: je schiet 's nachts wakker door een pijnlijke kramp in "
            "je kuit, je bent overdag sneller moe en je hoofd wil niet goed bij je werk "
            "blijven. Eén keer zegt dat weinig. Maar komen zulke klachten steeds terug, samen "
            "met spiertrekkingen, hoofdpijn of een onbestemd onrustig gevoel, dan is het de "
            "moeite waard om ook aan magnesium te denken.\n\n"
            "Magnesium krijgt minder aandacht dan bijvoorbeeld ijzer of vitamine D, terwijl je "
            "lichaam het bij honderden processen gebruikt: van het ontspannen van spieren en "
            "het vrijmaken van energie tot je stemming. Toch krijgen veel mensen er zonder het "
            "te weten te weinig van binnen. Een eenzijdig eetpatroon, stress, cafeïne en "
            "sommige medicijnen kunnen je voorraad bovendien sneller laten slinken.\n\n"
            "Een tekort ontstaat meestal geleidelijk. De eerste signalen zijn vaag, zoals wat "
            "vermoeider zijn dan anders, een trillend ooglid of een nacht slecht slapen. Pas "
            "als het tekort groter wordt, kunnen duidelijkere klachten ontstaan, zoals "
            "aanhoudende krampen, prikkelbaarheid, voortdurende moeheid en soms "
            "hartkloppingen.\n\n"
            "Het goede nieuws: een tekort is meestal goed aan te pakken, met gevarieerde "
            "voeding, verstandige keuzes en zo nodig een supplement. Maar hoe weet je of je "
            "echt te weinig magnesium hebt, en wat kun je er dan aan doen? Hieronder vind je "
            "eerst antwoorden op veelgestelde vragen en daarna meer achtergrond over klachten, "
            "oorzaken, behandeling en preventie."
        ),
    },
    {
        "kind": "faq",
        "heading": "Veelgestelde vragen over magnesiumtekort",
        "level": 2,
        # Shown open, question and answer, as the reference page has them.
        "faq_display": "open",
        "body": (
            "Magnesium valt vaak pas op als er iets mis lijkt te zijn, bijvoorbeeld bij "
            "spierkrampen, vermoeidheid of een gejaagd gevoel. Dan rijst de vraag of een "
            "tekort de oorzaak kan zijn. In dit overzicht beantwoorden we de vragen die we het "
            "vaakst horen, van vage eerste signalen tot duidelijke waarschuwingen.\n\n"
            "Je leest onder meer of je een tekort kunt laten testen, welke vorm van magnesium "
            "geschikt is en of je ook te veel kunt nemen. De antwoorden zijn algemene "
            "informatie: heb je aanhoudende klachten of gebruik je medicijnen, overleg dan met "
            "je huisarts."
        ),
        "entries": [
            (
                "Hoe kan ik merken dat ik te weinig magnesium heb?",
                (
                    "Dat is lastig, omdat de klachten weinig specifiek zijn. Vermoeidheid, "
                    "spierkrampen en prikkelbaarheid kunnen op een tekort wijzen, maar hebben "
                    "vaak ook een andere oorzaak. Alleen een arts kan met onderzoek beoordelen "
                    "wat er aan de hand is."
                ),
            ),
            (
                "Welke klachten ontstaan meestal als eerste?",
                (
                    "Vaak begint het met vage signalen, zoals sneller moe zijn, "
                    "spiertrekkingen, onrustig slapen of vaker hoofdpijn. Niet iedereen merkt "
                    "in dit stadium al iets."
                ),
            ),
            (
                "Is het mogelijk dat ik een tekort heb zonder het te merken?",
                (
                    "Ja. Een licht tekort geeft soms weinig of geen duidelijke klachten en kan "
                    "daardoor lang onopgemerkt blijven. Klachten die wel ontstaan, worden ook "
                    "niet altijd meteen met magnesium in verband gebracht."
                ),
            ),
            (
                "Welke klachten passen het best bij een magnesiumtekort?",
                (
                    "Het vaakst genoemd worden spierkrampen (vooral 's nachts), "
                    "spiertrillingen, een rusteloos gevoel, vermoeidheid die maar niet "
                    "overgaat en tintelingen. Ze bewijzen geen tekort, maar zijn wel een reden "
                    "om het met je arts te bespreken als ze blijven terugkomen."
                ),
            ),
            (
                "Hoe kan het dat mijn lichaam te weinig magnesium heeft?",
                (
                    "Daar zijn verschillende oorzaken voor: eenzijdige voeding, langdurige "
                    "stress, bepaalde medicijnen, veel zweten (bijvoorbeeld bij intensief "
                    "sporten) en aandoeningen van darmen of nieren. Ook op hogere leeftijd "
                    "neemt de kans op een tekort toe."
                ),
            ),
            (
                "Wat merk je bij een ernstig tekort?",
                (
                    "Bij een flink tekort kunnen hevige spierkrampen, duizeligheid, grote "
                    "vermoeidheid en zelfs hartritmestoornissen optreden. Zulke klachten "
                    "vragen altijd om een snelle beoordeling door een arts."
                ),
            ),
            (
                "Kan de huisarts een tekort vaststellen?",
                (
                    "Ja, met bloedonderzoek en eventueel urineonderzoek. Een bloedtest laat "
                    "alleen zien hoeveel magnesium er in je bloed zit, terwijl het grootste "
                    "deel in je botten en cellen is opgeslagen. Een normale bloedwaarde sluit "
                    "een tekort daarom niet helemaal uit."
                ),
            ),
            (
                "In welke voeding zit veel magnesium?",
                (
                    "Goede bronnen zijn onder meer noten (zoals amandelen en cashewnoten), "
                    "zaden en pitten, pure chocolade, bananen, spinazie en avocado. Met een "
                    "gevarieerd eetpatroon krijg je meestal al een groot deel van wat je nodig "
                    "hebt binnen."
                ),
            ),
            (
                "Heb ik een supplement nodig, of is voeding genoeg?",
                (
                    "Voor de meeste gezonde mensen is gevarieerde voeding voldoende. Een "
                    "supplement kan zinvol zijn bij een verhoogd risico, bijvoorbeeld door "
                    "veel sporten, langdurige stress of medicijngebruik; overleg dat bij "
                    "voorkeur met je arts of apotheker."
                ),
            ),
            (
                "Welk type magnesiumsupplement kan ik het beste kiezen?",
                (
                    "Dat hangt af van je situatie. Magnesiumcitraat wordt doorgaans goed "
                    "opgenomen, magnesiumoxide minder goed, al is het wel goedkoop. Daarnaast "
                    "zijn er vormen zoals magnesiumbisglycinaat, die vaak goed worden "
                    "verdragen."
                ),
            ),
            (
                "Is te veel magnesium mogelijk?",
                (
                    "Ja, vooral als je veel supplementen gebruikt. Te veel magnesium werkt "
                    "laxerend en kan bij zeer hoge doses of een verminderde nierfunctie de "
                    "nieren belasten. Houd je daarom aan de aanbevolen dosering."
                ),
            ),
            (
                "Wat gebeurt er als ik een mogelijk tekort laat voor wat het is?",
                (
                    "Een tekort dat blijft bestaan, kan na verloop van tijd meer klachten "
                    "geven, zoals krampen, vermoeidheid, slecht slapen en hartkloppingen. Laat "
                    "aanhoudende klachten daarom liever op tijd onderzoeken."
                ),
            ),
            (
                "Wie moet extra letten op voldoende magnesium?",
                (
                    "Onder meer zwangere vrouwen, ouderen, sporters, mensen met langdurige "
                    "stress en mensen met bepaalde aandoeningen, zoals diabetes, hebben een "
                    "grotere kans op een tekort."
                ),
            ),
            (
                "Heeft stress invloed op een magnesiumtekort?",
                (
                    "Waarschijnlijk wel. Bij langdurige stress raakt het lichaam meer "
                    "magnesium kwijt, en een laag magnesiumgehalte kan je op zijn beurt "
                    "gevoeliger maken voor stress. Zo kunnen beide elkaar in stand houden."
                ),
            ),
            (
                "Kan magnesium helpen tegen krampen en spierpijn?",
                (
                    "Bij een deel van de mensen wel. Magnesium draagt bij aan het ontspannen "
                    "van spieren, dus wie vaak last heeft van krampen, spierpijn of rusteloze "
                    "benen, kan baat hebben bij extra magnesium, al is het effect niet bij "
                    "iedereen even duidelijk."
                ),
            ),
            (
                "Heeft een tekort invloed op je slaap?",
                (
                    "Dat kan. Magnesium helpt het zenuwstelsel tot rust te komen en kan zo "
                    "bijdragen aan een betere nachtrust, vooral als je moeilijk in slaap valt "
                    "of vaak wakker wordt."
                ),
            ),
            (
                "Wat werkt beter: tabletten of magnesiumolie?",
                (
                    "Tabletten zijn de meest gebruikte en best onderzochte vorm. Magnesiumolie "
                    "breng je aan op de huid en is een optie voor mensen met een gevoelige "
                    "maag, maar hoeveel magnesium er via de huid wordt opgenomen, is nog "
                    "onzeker."
                ),
            ),
            (
                "Zijn er medicijnen die je magnesiumvoorraad verlagen?",
                (
                    "Ja. Onder meer plaspillen, maagzuurremmers en bepaalde antibiotica kunnen "
                    "je voorraad flink laten dalen. Gebruik je zulke middelen langdurig, vraag "
                    "dan je arts of controle nodig is."
                ),
            ),
            (
                "Hoe snel is een tekort weer aangevuld?",
                (
                    "Dat hangt af van hoe groot het tekort is. Een klein tekort is vaak binnen "
                    "enkele weken hersteld; heb je lange tijd te weinig binnengekregen, dan "
                    "kan het duidelijk langer duren voordat je je weer goed voelt."
                ),
            ),
            (
                "Wat gebeurt er als ik opeens veel meer magnesium ga innemen?",
                (
                    "Je darmen reageren daar vaak op met buikkrampen of diarree. Bij zeer "
                    "grote hoeveelheden kan je lichaam het overschot niet goed verwerken, dus "
                    "begin laag en bouw rustig op."
                ),
            ),
        ],
    },
    {
        "kind": "list",
        "heading": "Functies van magnesium",
        "level": 2,
        "body": "Magnesium doet in je lichaam onder meer het volgende:",
        # A bullet list with terms: each shown in bold before its text.
        "style": "bullet",
        "items": [
            {
                "term": "Spiercontractie",
                "text": (
                    "Magnesium is nodig om spieren te laten samentrekken en daarna weer te "
                    "laten ontspannen."
                ),
            },
            {
                "term": "Zenuwfunctie",
                "text": (
                    "Het helpt bij het doorgeven van prikkels via de zenuwen en draagt bij aan "
                    "een gezond zenuwstelsel."
                ),
            },
            {
                "term": "Energiemetabolisme",
                "text": ("Het is nodig om de voedingsstoffen uit je eten om te zetten in energie."),
            },
            {
                "term": "Botgezondheid",
                "text": "Het draagt bij aan stevige botten en gezonde tanden.",
            },
            {
                "term": "Hartfunctie",
                "text": (
                    "Het ondersteunt een regelmatig hartritme en helpt bij het regelen van de "
                    "bloeddruk."
                ),
            },
            {
                "term": "Eiwitsynthese",
                "text": "Het is betrokken bij de aanmaak van eiwitten en het kopiëren van DNA.",
            },
            {
                "term": "Bloedsuikerregulatie",
                "text": (
                    "Het helpt je lichaam de bloedsuikerspiegel binnen gezonde grenzen te houden."
                ),
            },
            {
                "term": "Immuunfunctie",
                "text": "Je afweersysteem heeft het nodig om goed te kunnen werken.",
            },
            {
                "term": "Stressbeheersing",
                "text": "Het speelt een rol bij het verminderen van spanning en angst.",
            },
            {
                "term": "Bloedstolling",
                "text": (
                    "Het is betrokken bij de stolling van het bloed en het herstel van wonden."
                ),
            },
        ],
    },
    {
        "kind": "list",
        "heading": "Synoniemen van magnesiumtekort",
        "level": 2,
        "body": (
            "Voor een tekort aan magnesium bestaan verschillende termen, die niet allemaal "
            "precies hetzelfde betekenen:"
        ),
        "style": "definition",
        "items": [
            {
                "term": "Hypomagnesiëmie",
                "text": "De medische term voor een te laag magnesiumgehalte in het bloed.",
            },
            {
                "term": "Magnesiumdeficiëntie",
                "text": (
                    "Een tekort aan magnesium in het lichaam als geheel dat ook merkbare "
                    "gevolgen heeft voor hoe het lichaam functioneert.[^ntvg-1993]"
                ),
            },
            {
                "term": "Magnesiuminsufficiëntie",
                "text": (
                    "Er is minder magnesium beschikbaar dan het lichaam nodig heeft om in zijn "
                    "behoefte te voorzien."
                ),
            },
            {
                "term": "Magnesiumgebrek",
                "text": (
                    "Een alledaagse, niet-medische benaming voor te weinig magnesium in het "
                    "lichaam."
                ),
            },
            {
                "term": "Magnesiumdepletie",
                "text": (
                    "Een verminderde magnesiumvoorraad in het lichaam die (nog) geen gevolgen "
                    "heeft voor lichaamsfuncties; bij magnesiumdeficiëntie zijn die gevolgen "
                    "er wel."
                ),
            },
        ],
    },
    {
        "kind": "text",
        "heading": "Symptomen van een magnesiumtekort",
        "level": 2,
        "body": (
            "Alle organen hebben magnesium nodig, en met name je hart, spieren en nieren "
            "zijn ervan afhankelijk. Daarnaast is het een bouwstof van botten en tanden. Ook "
            "bij de stofwisseling is magnesium onmisbaar: het geheel van fysische en chemische "
            "processen waarmee je lichaam energie vrijmaakt en gebruikt.\n\n"
            "Zakt het magnesiumgehalte onder het normale niveau, dan kunnen uiteenlopende "
            "klachten ontstaan. Welke klachten dat zijn en hoe sterk ze zijn, verschilt per "
            "persoon en hangt onder meer af van hoe groot het tekort is."
        ),
    },
    {
        "kind": "list",
        "heading": "Een opsomming van klachten",
        "role": "symptoms",
        "level": 3,
        "body": (
            "Bij een magnesiumtekort kunnen onder meer de volgende klachten voorkomen, al "
            "hebben ze vaak ook een andere oorzaak:"
        ),
        "style": "bullet",
        "items": [
            {
                "text": "Spierkrampen of spierspasmen",
            },
            {
                "text": "Vermoeidheid",
            },
            {
                "text": "Zwakte",
            },
            {
                "text": "Hartritmestoornissen",
            },
            {
                "text": "Misselijkheid",
            },
            {
                "text": "Braken",
            },
            {
                "text": "Gebrek aan eetlust",
            },
            {
                "text": "Verwardheid",
            },
            {
                "text": "Slapeloosheid",
            },
            {
                "text": "Hoofdpijn",
            },
            {
                "text": "Gevoelloosheid of tintelingen",
            },
            {
                "text": "Abnormale hartritmes",
            },
            {
                "text": "Spiertrillingen of -tremoren",
            },
            {
                "text": "Verhoogde prikkelbaarheid",
            },
            {
                "text": "Onrust",
            },
            {
                "text": "Lage calcium- en kaliumspiegels in het bloed",
            },
            {
                "text": "Onregelmatige menstruatiecyclus (bij vrouwen)",
            },
            {
                "text": "Verlies van eetlust",
            },
            {
                "text": "Spijsverteringsproblemen",
            },
            {
                "text": "Verhoogde gevoeligheid voor stress",
            },
            {
                "text": "Verminderde weerstand tegen infecties",
            },
            {
                "text": "Oorsuizen (tinnitus)",
            },
            {
                "text": "Problemen met geheugen en concentratie",
            },
            {
                "text": "Spierzwakte",
            },
            {
                "text": "Abnormale oogbewegingen",
            },
            {
                "text": "Verminderde botdichtheid (osteoporose)",
            },
            {
                "text": "Hoge bloeddruk",
            },
            {
                "text": "Verminderde bloedsuikerregulatie",
            },
            {
                "text": "Verhoogd risico op migraineaanvallen",
            },
            {
                "text": "Angst en depressie",
            },
            {
                "text": "Abnormale zenuwreflexen",
            },
            {
                "text": "Slechte coördinatie en evenwichtsproblemen",
            },
            {
                "text": "Ademhalingsproblemen",
            },
            {
                "text": "Verzwakte immuunfunctie",
            },
            {
                "text": "Spieratrofie (afname van spiermassa)",
            },
            {
                "text": "Gevoel van onwelzijn",
            },
            {
                "text": "Verminderde groei bij kinderen",
            },
            {
                "text": "Verhoogde prikkelbaarheid van de zenuwen",
            },
            {
                "text": "Verminderde productie van parathyroïdhormoon (PTH)",
            },
            {
                "text": "Verhoogde gevoeligheid voor geluid",
            },
            {
                "text": "Verhoogd risico op cardiovasculaire aandoeningen",
            },
            {
                "text": "Spierkrampen in de keel (slikproblemen)",
            },
            {
                "text": "Abnormale hartslag (aritmieën)",
            },
        ],
    },
    {
        "kind": "text",
        "heading": "Magnesiumtekort en de ogen",
        "level": 3,
        "body": (
            "Een trekkend of trillend ooglid is een bekend verschijnsel dat vaak met magnesium "
            "in verband wordt gebracht. De verklaring ligt in de manier waarop zenuw- en "
            "spiercellen werken. Magnesium helpt de wand (het membraan) van deze cellen "
            "stabiel te houden. Een goed werkend membraan geeft een prikkel pas door aan "
            "andere cellen als die prikkel sterk genoeg is.\n\n"
            "Is er te weinig magnesium, dan kunnen ook zwakkere prikkels worden doorgegeven. "
            "Zenuwcellen en hun verbindingen, de synapsen, worden dan sneller geactiveerd. Dat "
            "kan leiden tot onwillekeurige samentrekkingen van de spiertjes in het ooglid. "
            "Omdat de huid rond de ogen heel dun is, zie en voel je die trekkingen daar beter "
            "dan in andere spieren."
        ),
    },
    {
        "kind": "text",
        "heading": "Magnesiumtekort en hartkloppingen",
        "level": 3,
        "body": (
            "Magnesium helpt de elektrische activiteit van het hart stabiel te houden en "
            "draagt zo bij aan een regelmatig hartritme. Heb je een laag magnesiumgehalte in "
            "je bloed of krijg je via je voeding te weinig binnen, dan kan de kans op "
            "hartkloppingen toenemen. Vaak gaat het dan om premature ventriculaire complexen "
            "(PVC's): extra hartslagen die ontstaan in de hartkamers. Deze vorm van "
            "onregelmatig hartritme komt veel voor en is meestal niet levensbedreigend."
        ),
    },
    {
        "kind": "notice",
        "heading": "",
        "level": 2,
        "body": (
            "**Let op:** PVC's zijn meestal onschuldig, maar bij mensen die al een "
            "hartaandoening hebben, kunnen ze gevaarlijk zijn. Krijg je voor het eerst "
            "hartkloppingen of heb je een hartaandoening? Neem dan altijd contact op met je "
            "arts."
        ),
    },
    {
        "kind": "text",
        "heading": "",
        "level": 2,
        "body": (
            "Of het slikken van magnesiumsupplementen hartkloppingen kan verminderen, is nog "
            "niet duidelijk. Bovendien kan het innemen van grote hoeveelheden magnesium zelf "
            "juist een onregelmatige hartslag veroorzaken.\n\n"
            "Een laag magnesiumgehalte in de lichaamscellen (intracellulair) wordt ook in "
            "verband gebracht met andere ritmestoornissen, zoals boezemfibrilleren na een "
            "operatie (postoperatieve atriale fibrillatie) en *torsades de pointes*, een "
            "ritmestoornis die tot plotselinge hartdood kan leiden. Of het herstellen van het "
            "magnesiumgehalte de vooruitzichten verbetert van mensen met zulke "
            "ritmestoornissen, moet nog verder worden onderzocht."
        ),
    },
    {
        "kind": "list",
        "heading": "Oorzaken van een tekort aan magnesium",
        "role": "causes",
        "level": 2,
        "body": "Een laag magnesiumgehalte komt vaak door een van de volgende oorzaken:",
        "style": "bullet",
        "items": [
            {
                "text": "Overmatig alcoholgebruik",
            },
            {
                "text": "Brandwonden over een groot deel van het lichaam",
            },
            {
                "text": "Chronische diarree",
            },
            {
                "text": (
                    "Overmatig plassen (polyurie), bijvoorbeeld bij slecht ingestelde diabetes "
                    "of tijdens het herstel van acuut nierletsel"
                ),
            },
            {
                "text": (
                    "Hyperaldosteronisme (de bijnieren geven te veel van het hormoon "
                    "aldosteron af aan het bloed)"
                ),
            },
            {
                "text": (
                    "Niertubulusaandoeningen (aandoeningen van de dunne nierbuisjes die de "
                    "gefilterde voorurine opvangen)"
                ),
            },
            {
                "text": (
                    "Malabsorptiesyndromen, zoals coeliakie, en chronische darmontstekingen "
                    "zoals de ziekte van Crohn en colitis ulcerosa"
                ),
            },
            {
                "text": "Ondervoeding",
            },
            {
                "text": "Geneesmiddelen, waaronder:",
                "children": [
                    "amfotericine",
                    "antilichamen tegen de epidermale groeifactor (EGF)-receptor",
                    "cisplatine",
                    "ciclosporine",
                    "diuretica (plaspillen)",
                    "protonpompremmers",
                    "tacrolimus",
                    "aminoglycoside-antibiotica",
                ],
            },
            {
                "text": "Alvleesklierontsteking",
            },
            {
                "text": "Overmatig zweten",
            },
        ],
    },
    {
        "kind": "text",
        "heading": "Onderzoek en diagnose",
        "level": 2,
        "body": (
            "Of je een magnesiumtekort hebt, kan worden vastgesteld met bloedonderzoek, "
            "eventueel aangevuld met urineonderzoek. Je arts kan zo'n onderzoek aanvragen als "
            "je klachten hebt die bij een tekort passen, of als eerder bloedonderzoek "
            "afwijkende waarden voor calcium of kalium liet zien."
        ),
    },
    {
        "kind": "text",
        "heading": "Behandeling van een magnesiumtekort",
        "role": "treatments",
        "level": 2,
        "body": (
            "Een magnesiumtekort wordt meestal behandeld met magnesiumsupplementen. Een "
            "mogelijke bijwerking daarvan is diarree; je arts kan dan de dosis aanpassen. Is "
            "het magnesiumgehalte erg laag, dan kan het nodig zijn om magnesium in het "
            "ziekenhuis via een infuus toe te dienen."
        ),
    },
    {
        "kind": "text",
        "heading": "Preventie",
        "level": 2,
        "body": "Met een paar eenvoudige gewoonten verklein je de kans op een magnesiumtekort.",
    },
    {
        "kind": "text",
        "heading": "Eet magnesiumrijke voedingsmiddelen",
        "level": 3,
        "body": (
            "Kies elke dag voor producten die van nature magnesium bevatten, zoals groene "
            "bladgroenten (spinazie, boerenkool), noten (amandelen, cashewnoten), zaden en "
            "pitten (pompoenpitten, zonnebloempitten), volkoren graanproducten, bonen en "
            "andere peulvruchten. Ook sommige vissoorten, zoals zalm en makreel, leveren "
            "magnesium."
        ),
    },
    {
        "kind": "text",
        "heading": "Beperk alcohol en cafeïne",
        "level": 3,
        "body": (
            "Veel alcohol en cafeïne zorgen ervoor dat je via je urine meer magnesium "
            "kwijtraakt. Met mate drinken helpt je voorraad op peil te houden."
        ),
    },
    {
        "kind": "text",
        "heading": "Vermijd sterk bewerkte voedingsmiddelen",
        "level": 3,
        "body": (
            "Sterk bewerkte producten, zoals fastfood, chips, hamburgers, veel ontbijtgranen, "
            "soep uit pak of zak, kant-en-klaarmaaltijden, frisdrank en toetjes, leveren "
            "weinig magnesium. Eet ze met mate en kies zo vaak mogelijk voor verse, onbewerkte "
            "producten."
        ),
    },
    {
        "kind": "text",
        "heading": "Neem eventueel magnesiumsupplementen",
        "level": 3,
        "body": (
            "Lukt het niet om via je voeding genoeg magnesium binnen te krijgen, dan kun je "
            "een supplement overwegen. Overleg bij twijfel met je huisarts of apotheker, zeker "
            "als je medicijnen gebruikt of een nieraandoening hebt."
        ),
    },
    {
        "kind": "text",
        "heading": "Let op je gezondheid",
        "level": 3,
        "body": (
            "Bij sommige aandoeningen, zoals darmziekten, diabetes en nierproblemen, neemt je "
            "lichaam minder magnesium op of scheidt het er juist meer van uit. Heb je zo'n "
            "aandoening, bespreek dan met je huisarts hoe je een tekort kunt voorkomen."
        ),
    },
    {
        "kind": "text",
        "heading": "Wees bewust van medicatie",
        "level": 3,
        "body": (
            "Sommige geneesmiddelen, zoals plaspillen (diuretica), laten je lichaam meer "
            "magnesium uitscheiden. Gebruik je zulke middelen, vraag dan aan je arts of het "
            "verstandig is om magnesiumsupplementen te nemen."
        ),
    },
    {
        "kind": "text",
        "heading": "Stressmanagement",
        "level": 3,
        "body": (
            "Langdurige stress kan je behoefte aan magnesium vergroten. Probeer daarom "
            "regelmatig tot rust te komen, bijvoorbeeld met ontspanningsoefeningen of rustige "
            "ademhalingsoefeningen."
        ),
    },
]
