"""Name knowledge as data tables, so a linguist can extend them without touching code.

Every table is generic (languages, scripts, legal forms); none is keyed to a name in
the development data. Tokens here are in *folded* form (lower-case ASCII).
"""

from __future__ import annotations

# Characters that separate words like a hyphen does: "Ash-Sharara" -> "ash sharara".
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u00ad_/"

# Apostrophes and Arabic ayn/hamza marks are dropped: "Mu'ammar" / "Muʿammar" -> "muammar".
APOSTROPHES = (
    "'`\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u2018\u2019\u201a\u201b\u2032\u2035\uff07"
)

# Arabic definite article spellings that stand alone before the noun: "al-", "el-", "ul-".
ARTICLES_ANY = frozenset({"al", "el", "ul", "il", "ol", "l"})

# Sun-letter assimilations: the article only counts when the next word starts with the
# consonant it assimilated to ("ash-Sharara", "at-Tanf", "ar-Raqqa", "es-Sham").
ARTICLES_SUN: dict[str, tuple[str, ...]] = {
    "as": ("s",),
    "ash": ("sh",),
    "es": ("s",),
    "esh": ("sh",),
    "us": ("s",),
    "ush": ("sh",),
    "at": ("t",),
    "ath": ("th",),
    "et": ("t",),
    "ut": ("t",),
    "ad": ("d",),
    "adh": ("dh",),
    "ed": ("d",),
    "ud": ("d",),
    "an": ("n",),
    "en": ("n",),
    "un": ("n",),
    "ar": ("r",),
    "er": ("r",),
    "ur": ("r",),
    "az": ("z",),
    "ez": ("z",),
    "uz": ("z",),
}

# Joining particles of Arabic and Persian names: they carry little evidence on their own.
PARTICLES = frozenset({
    "bin", "ibn", "ben", "bint", "bent", "abu", "abou", "abo", "umm", "um", "ould", "wuld",
    "ba", "bani", "beni", "banu", "va", "wa", "e", "y", "de", "da", "del", "di", "la", "le",
    "van", "von", "der", "dos", "das", "do", "ng", "and", "of", "the",
})  # fmt: skip

# Particle spellings folded to one form before keys are built: "Abou" -> "abu".
PARTICLE_FORMS = {"abou": "abu", "abo": "abu", "ibn": "bin", "ben": "bin", "bent": "bint",
                  "um": "umm", "wuld": "ould"}  # fmt: skip

# "Abd" joins the following name ("Abdul Rahman" = "Abd al-Rahman" = "Abdurrahman"):
# these prefixes (longest first) are rewritten to "abd" + rest when glued or split.
ABD_PREFIXES = ("abdoul", "abdul", "abdel", "abdal", "abdol", "abdur", "abdus", "abdun",
                "abdir", "abdil", "abdi", "abdu", "abd")  # fmt: skip

# "ad-Din" compounds join the word before: "Nasr El Din" = "Nasreddine" = "Nasr ad-Din".
DIN_WORDS = frozenset({"din", "deen", "dine", "eddine", "eddin", "uddin", "addin", "aldin",
                       "eldin", "uldin"})  # fmt: skip

# Variant families of very common given names: every member maps to the first spelling.
NAME_FAMILIES: tuple[tuple[str, ...], ...] = (
    (
        "muhammad",
        "mohammed",
        "mohammad",
        "mohamed",
        "mohamad",
        "muhammed",
        "mohamud",
        "mehmet",
        "mehmed",
        "muhamed",
        "mohd",
        "mhd",
        "mouhamed",
        "mohammd",
        "mochammad",
    ),
    ("ahmad", "ahmed", "ahmet", "akhmed", "achmed", "achmad", "ahmd"),
    (
        "husayn",
        "hussein",
        "husein",
        "hussain",
        "husain",
        "hosein",
        "hossein",
        "hussin",
        "hussayn",
        "huseyn",
        "gusein",
    ),
    ("hasan", "hassan", "hasen", "hassen", "gasan"),
    ("sergey", "sergei", "serguei", "sergej", "sergii", "serhiy", "serhii", "siarhei", "sergiy"),
    (
        "aleksandr",
        "alexander",
        "aleksander",
        "alexandre",
        "alexandr",
        "oleksandr",
        "aliaksandr",
        "alyaksandr",
        "aleksandar",
    ),
    ("yuri", "yury", "yuriy", "yurii", "iouri", "juri", "jurij", "yurij", "iurii"),
    ("dmitry", "dmitri", "dmitrii", "dmitriy", "dmytro", "dzmitry"),
    ("mikhail", "michail", "mykhailo", "mikhael", "mikhayil", "mykhaylo", "michael"),
    ("yevgeny", "evgeny", "evgeni", "evgenii", "evgeniy", "yevgeniy", "yevhen", "ievgen"),
    ("umar", "omar", "oumar", "omer"),
    ("uthman", "othman", "osman", "usman", "uthmane", "othmane"),
    ("yusuf", "youssef", "yousef", "yusef", "yousif", "yussuf", "joseph"),
    ("abdallah", "abdullah", "abdulla", "abdalla", "abdellah"),
    ("ibrahim", "ebrahim", "ibragim", "brahim", "ibraheem"),
    ("ismail", "ismael", "esmail", "ismayil", "ismoil", "smail"),
    ("ilyas", "elias", "ilias", "elyas", "iliyas"),
    ("yaqub", "yakub", "yacoub", "yaqoub", "yakoub", "yaakub"),
    ("sulayman", "sulaiman", "suleiman", "suleyman", "soliman", "sleiman", "sulaymon"),
    ("musa", "moussa", "mousa", "mussa", "mouça"),
    ("dawud", "daoud", "daud", "dawood", "daood", "davud"),
    ("isa", "issa", "eissa", "eisa"),
    # Slavic given names: Russian, Ukrainian and Belarusian forms, and English ones
    ("nikolay", "nikolai", "nikolaj", "mykola", "mikalai", "mikola", "nicholas", "nicolas"),
    ("vladimir", "volodymyr", "uladzimir", "vladimer", "wladimir", "volodimir"),
    ("aleksey", "alexey", "alexei", "aleksei", "oleksiy", "oleksii", "aliaksei", "aleksej"),
    ("andrey", "andrei", "andriy", "andrii", "andrej", "andrew", "andrzej", "andrus"),
    ("pavel", "pavlo", "paval", "pawel", "paul"),
    ("pyotr", "petr", "piotr", "peter", "petar"),  # not "petro": a company prefix too
    ("grigory", "grigoriy", "grigorii", "hryhoriy", "hryhorii", "ryhor", "gregory"),
    ("igor", "ihor", "ihar"),
    ("oleg", "oleh", "aleh"),
    ("vasily", "vasiliy", "vasilii", "vasyl", "vasil", "vasili", "wassili"),
    ("konstantin", "kostiantyn", "kostyantyn", "kanstantsin", "constantin", "constantine"),
    ("georgy", "georgiy", "georgii", "heorhiy", "heorhii", "georgi", "george"),
    ("viktor", "victor", "wiktor"),
)

# Legal forms of organisations (single words), incl. transliterated Russian/Ukrainian ones.
LEGAL_WORDS = frozenset({
    "llc", "ooo", "zao", "oao", "pao", "ao", "pjsc", "ojsc", "cjsc", "jsc", "tov", "taa", "pat",
    "prat", "fgup", "gup", "mup", "ip", "nko", "ano", "co", "company", "companies", "corp",
    "corporation", "inc", "incorporated", "ltd", "limited", "llp", "plc", "gmbh", "ag", "kg",
    "sa", "sarl", "sas", "spa", "srl", "bv", "nv", "ab", "as", "oy", "sprl", "asbl", "ev",
    "establishment", "est", "pjs", "pvt", "fze", "fzco", "fzc", "lp", "sal", "wll",
    "obshchestvo", "obshestvo", "tovarystvo", "tavarystva", "aktsionernoe", "aktsionernoye",
    "zakrytoe", "zakrytoye", "otkrytoe", "otkrytoye", "publichnoe", "publichnoye",
    "ogranichennoy", "ogranichennoi", "otvetstvennostyu", "otvetstvennostiu",
    "akb", "kb", "njsc", "nak", "dp", "sue", "fsue", "unitary", "unitarnoe",
    "unitarnoye", "predpriyatie", "predpriyatiye", "pidpryemstvo", "enterprise",
    "gosudarstvennoe", "gosudarstvennoye", "federalnoe", "federalnoye", "kompaniya", "kompania",
    "firma", "tovarishchestvo", "sirketi", "sdn", "bhd", "pte", "ltda", "cia", "sl", "eirl",
    "eurl", "vzw", "ohg", "mbh", "kft", "zrt", "sro", "doo", "ad", "ead", "ood",
    "ioo", "iooo", "inostrannoe", "inostrannoye", "zamezhnaye",
    # Belarusian and Ukrainian joint-stock and state forms (BGN/PCGN and passport spellings)
    "adkrytaye", "zakrytaye", "aktsyyanernaye", "aktsiyanernaye", "pryvatnae", "dzyarzhaunae",
    "unitarnae", "pradpryemstva", "vidkryte", "zakryte", "aktsionerne", "pryvatne",
    "derzhavne", "publichne",
    # their initials: BY AAT (OJSC), ZAT (CJSC), TDA and RU ODO (additional liability),
    # ZTAA/ITAA (foreign LLC); UA VAT (OJSC), KP (communal); FLLC, ALC, FUE in English
    "aat", "zat", "tda", "odo", "ztaa", "itaa", "vat", "kp", "fllc", "alc", "fue",
})  # fmt: skip

# Words that describe what an organisation is rather than which one: they count, but half.
# Not the words that tell armed groups apart ("ANSAR AL-SHARIA" vs "... BRIGADE", network,
# movement, front, army, province): there a different word means a different group.
ORG_GENERIC_WORDS = frozenset({
    "bank", "group", "holding", "holdings", "international", "trading", "trade", "industries",
    "industry", "industrial", "factory", "plant", "zavod", "foundation", "organization",
    "organisation", "society", "association", "center", "centre", "institute", "services",
    "service", "investment", "investments", "development", "engineering", "construction",
    "shipping", "export", "import", "general", "national", "charitable", "charity", "welfare",
    "fund", "fond", "committee", "agency", "office", "commercial", "state", "joint", "stock",
    "department", "directorate", "concern", "complex", "factories", "mines",
    "mining", "exploration", "aviation", "television", "channel", "media", "insurance",
    "exchange", "production", "manufacturing", "research", "systems", "technology",
    "technical", "electronics", "airlines", "airline", "aircompany", "logistics", "transport",
    "transportation", "enterprises", "resources", "management", "university", "laboratory",
    "club", "relief", "humanitarian", "partners",
    "sanat", "sanaye", "sanayi", "sanayeh", "sanaie", "sanayie", "ticaret", "muassasat",
    "muassasa", "jamiyat", "jamiat", "khayriyya", "khayriyyah", "kombinat", "obedinenie",
    "obedineniye", "obyedineniye", "aviakompaniya", "stroitelnaya",
})  # fmt: skip

# Titles and honorifics before a person's name: they say nothing about which person
# ("Sheikh Shafi AL-AJMI" = "Shafi AL-AJMI", "Hajj Sultan ASAAD", "Col. Abdel Hamid ...").
TITLES = frozenset({
    "sheikh", "shaikh", "shaykh", "sheik", "cheikh", "cheik", "hajj", "haj", "hadj", "haji",
    "hajji", "alhaj", "alhaji", "mawlana", "maulana", "mowlana", "maulvi", "mawlawi",
    "mullah", "mulla", "mollah", "daw", "col", "colonel", "maj", "capt", "captain", "lt",
    "brig", "brigadier", "sgt", "dr", "doctor", "prof", "professor", "mr", "mrs", "ms", "mme",
    "sir", "maulawi", "maulavi", "moulavi", "molvi", "mufti", "ayatollah", "ayatullah",
    "hojatoleslam", "syed", "seyed", "seyyed", "lieutenant", "gen", "cmdr", "commander",
    "adm", "admiral", "eng",
})  # fmt: skip

# Words naming the kind of place rather than which one: administrative and settlement
# terms of many languages ("Alwar City", "Changwat Udon Thani", "Statul Kassala",
# "Mueang Udon Thani", "Solomyanskyi District", "بلدية بابور" = "bldia"); they count, but
# half, like ORG_GENERIC_WORDS.
PLACE_GENERIC_WORDS = frozenset({
    "city", "town", "village", "district", "province", "region", "county", "municipality",
    "oblast", "rajon", "raion", "rayon", "okrug", "krai", "kray", "gorod", "selo",
    "posyolok", "poselok", "changwat", "amphoe", "mueang", "muang", "tambon", "xian",
    "baladiyat", "bldia", "astan", "baladiyyat", "baladiya", "baladiyah", "baladiyya",
    "muhafazat", "muhafazah", "ostan",
    "shahrestan", "statul", "judetul", "orasul", "municipiul", "comuna", "gmina",
    "powiat", "kommune", "kommuna", "gemeinde", "stadt", "ville", "commune", "municipio",
    "shaary", "balhsn", "qalasy", "kalasy", "mista", "misto", "horad", "gorad",
})  # fmt: skip

# Multi-word legal forms, matched as whole phrases: "limited liability company" = LLC.
LEGAL_PHRASES: tuple[tuple[str, ...], ...] = (
    ("obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"),
    ("obshchestvo", "s", "ogranichennoi", "otvetstvennostyu"),
    ("tovarystvo", "z", "obmezhenoyu", "vidpovidalnistyu"),
    ("tavarystva", "z", "abmezhavanay", "adkaznastsyu"),
    ("tavarystva", "z", "dadatkovay", "adkaznastsyu"),  # BY TDA, additional liability
    ("obshchestvo", "s", "dopolnitelnoy", "otvetstvennostyu"),  # RU ODO
    ("additional", "liability", "company"),
    ("limited", "liability", "company"),
    ("foreign", "limited", "liability", "company"),  # IOOO, a Belarusian form
    ("foreign", "unitary", "enterprise"),
    ("limited", "liability", "partnership"),
    ("closed", "joint", "stock", "company"),
    ("open", "joint", "stock", "company"),
    ("public", "joint", "stock", "company"),
    ("joint", "stock", "company"),
    ("societe", "anonyme"),
    ("s", "a"),
    ("s", "a", "l"),
    ("s", "a", "r", "l"),
    ("l", "l", "c"),
    ("co", "ltd"),
    ("private", "limited"),
    ("sociedad", "anonima"),
    ("sociedad", "anonima", "de", "capital", "variable"),
    ("s", "de", "r", "l", "de", "c", "v"),
    ("s", "a", "de", "c", "v"),
    ("s", "de", "r", "l"),
    ("de", "c", "v"),
    ("s", "r", "l"),
    ("s", "p", "a"),
    ("s", "a", "s"),
    ("s", "c", "a"),
    ("b", "s", "c"),
    ("w", "l", "l"),
    ("p", "l", "c"),
    ("j", "s", "c"),
    ("a", "s"),
    ("d", "o", "o"),
    ("b", "v"),
    ("n", "v"),
    ("limited", "liability"),
    ("private", "joint", "stock", "company"),
    ("private", "joint", "stock", "corporation"),
)

# Phonetic rewrites of folded tokens, applied in order (regex, replacement). They merge
# the usual Latin transcriptions of one sound: German "sch"/"w", French "ou"/"ch",
# Russian "-ov/-off/-ow", "-sky/-ski/-skiy", "-ine/-in", "kh/h", "j/y/i".
PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    (r"(?<=[a-z]{3})vici$", "vich"),  # Romanian patronymics: Gheorghievici
    (r"(?<=[a-z])(?:off|ow|ov|of|ev|eff|ew)$", "ov"),  # Ivanoff/Ivanow/Ivanov
    (r"(?:skiy|skyi|skii|skij|skyy|ski)$", "sky"),  # Zelenski/Zelenskiy -> zelensky
    (r"(?<=[a-z]{3})ine$", "in"),  # Vershinine (French) -> vershinin
    (r"(?<=[a-z])(?:iy|ij|yi|ii|yy)$", "y"),  # Yuriy/Yurij -> yury
    (r"(?<=[a-z]{3}sk)as$", ""),  # Lithuanian case ending: Murmanskas/Smolenskas -> -sk
    (r"(?<=[a-z]i)y(?=[aeou])", ""),  # glide after i: Aliyaf/Aliaf, Rashidiyya/Rachidia
    (r"szcz|shch|sch|stch", "sh"),  # Khrushchev/Chruschtschow, Polish Szczuczyn
    (r"(?<=[aeiou])eh|^eh", "e"),  # GeoNames' "eh" for Russian э: "Ehssuehjra" ~ Essaouira
    (r"tsj|tj|cz", "ch"),  # Dutch "Pugatsjev", Polish "Czernowitz"
    (r"sz|sj", "sh"),  # Polish "Szaki", Dutch "Sjolokhov"
    (r"zj", "zh"),  # Dutch "Zjeleznodorozjnyj"
    (r"tsch|tch|tsh", "ch"),
    (r"dzh|dsch|dj|zh", "j"),  # Dzhamal/Djamal/Jamal, Zhukov ~ Joukov
    (r"(?<=[aeiou])j", "y"),  # German/Slavic j after a vowel: Sergej, Tatjana
    (r"dh", "d"),  # Arabic dh/d: Qadhafi ~ Gaddafi
    (r"kh", "h"),  # Khalid/Halid
    (r"ch", "sh"),  # French ch = sh: Chevardnadze
    (r"gh", "g"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"ck|q|c(?=[aou])|c$", "k"),
    (r"c(?=[eiy])", "s"),
    (r"tz|ts", "c"),  # Polotzk/Polotsk
    (r"x", "ks"),
    (r"w", "v"),  # Wladimir -> vladimir
    (r"ou|oo", "u"),  # Youssef -> yusef
    (r"ee|ie(?=[^aeiou]|$)", "i"),
    (r"ei|ey|ai|ay", "ay"),  # Hussein/Husayn, Shaibani ~ Shaybani
    (r"y(?=[^aeiou]|$)", "i"),  # Sergey/Sergei, Husayn/Husain
    (r"(?<=[a-z]{2}[aei])h$", ""),  # ta marbuta: Salamiyah / Salamiya / سلمية
    (r"(?<=[a-z]{3})(?:ad|ed|ud|al|el|ul|e|u|a)?d?d(?:i|ee)ne?$", "din"),  # Nasreddine/Nasruddin
    (r"(.)\1+", r"\1"),  # doubled letters: Assad -> asad
)

# Vowels dropped from the consonant skeleton (kept at the start of a word).
SKELETON_VOWELS = "aeiouy"

# Loose form: a second, more forgiving comparison that merges sounds transcriptions swap
# freely (German "ch" = "kh": Tochtachunov/Tokhtakhunov; "j" = "y": Jury/Yuri; q/g/k, z/s).
LOOSE_DIGRAPHS: tuple[tuple[str, str], ...] = (("kh", "h"), ("ch", "h"), ("sh", "s"))
LOOSE_LETTERS = ("jqgczwo", "ykkksvu")

# First letters that transcriptions exchange: no first-letter penalty within a group.
FIRST_LETTER_GROUPS = ("aeiouyj", "kqgc", "szc", "vwf", "td", "hk", "gj")
# ("gj": Egyptian and Gulf Arabic say jim as g: "Gamal"/"Jamal", "Gibran"/"Jibran")

# Glued Arabic articles: "ELKADDAFI", "ALOUSTA" also compare as "kaddafi", "ousta".
GLUED_ARTICLES = ("al", "el")
