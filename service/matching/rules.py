"""Name knowledge as data tables, so a linguist can extend them without touching code.

Every table is general knowledge of names (a romanisation system, a language's articles,
particles and legal forms, a documented list) and says where it comes from in a comment
marked "source:"; none is keyed to a name in the development data, and
tests/matching/test_table_provenance.py checks both. Tokens here are in *folded* form
(lower-case ASCII, as service.matching.normalize.fold writes them).
"""

from __future__ import annotations

# Characters that separate words like a hyphen does: "Umm al-Qura" -> "umm al qura".
# Source: Unicode General Category Pd (dash punctuation), plus soft hyphen, "_" and "/".
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u00ad_/"

# Apostrophes and Arabic ayn/hamza marks are dropped: "Mu'ammar" / "Muʿammar" -> "muammar".
# Source: the apostrophe-like code points of Unicode (U+02BC..U+02BF modifier letters that
# ALA-LC and DIN 31635 use for hamza and ayn, quotation marks, primes).
APOSTROPHES = (
    "'`\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u2018\u2019\u201a\u201b\u2032\u2035\uff07"
)

# Arabic definite article spellings that stand alone before the noun: "al-", "el-", "ul-".
# Source: ALA-LC Arabic romanisation (article "al-"), with the Egyptian/Maghrebi "el-",
# the Persian/Urdu "ul-"/"ol-" of izafat compounds, and "il-"/"l-" of Levantine usage.
ARTICLES_ANY = frozenset({"al", "el", "ul", "il", "ol", "l"})

# Sun-letter assimilations: the article only counts when the next word starts with the
# consonant it assimilated to ("ash-Sham", "at-Tahrir", "ar-Rahman", "es-Salam").
# Source: the fourteen sun letters of Arabic grammar (W. Wright, A Grammar of the Arabic
# Language, vol. 1 §14), in the vowels a/e/u that English, French and Urdu usage write.
ARTICLES_SUN: dict[str, tuple[str, ...]] = {
    "as": ("s",), "ash": ("sh",), "es": ("s",), "esh": ("sh",), "us": ("s",), "ush": ("sh",),
    "at": ("t",), "ath": ("th",), "et": ("t",), "ut": ("t",),
    "ad": ("d",), "adh": ("dh",), "ed": ("d",), "ud": ("d",),
    "an": ("n",), "en": ("n",), "un": ("n",),
    "ar": ("r",), "er": ("r",), "ur": ("r",),
    "az": ("z",), "ez": ("z",), "uz": ("z",),
}  # fmt: skip

# Joining particles of names: they carry little evidence on their own.
PARTICLES = frozenset({
    # Arabic kinship words (son, daughter, father, mother, tribe of). Source: ALA-LC Arabic
    # romanisation rules on "ibn"/"bin", "bint", "abu", "umm"; "ould"/"wuld" are Hassaniya
    # (Mauritania), "ba" Hadhrami (Yemen), "bani"/"banu"/"beni" the tribal "sons of"
    "bin", "ibn", "ben", "bint", "bent", "abu", "abou", "abo", "umm", "um", "ould", "wuld",
    "ba", "bani", "beni", "banu",
    # Source: conjunctions "and" (Persian "va", Arabic "wa", Spanish "y") and Persian ezafe
    # "e"; nobiliary and locative particles of Romance, Dutch and German surnames (Chicago
    # Manual of Style 8.5); Tagalog "ng" (of); English function words of organisation names
    "va", "wa", "e", "y", "de", "da", "del", "di", "la", "le",
    "van", "von", "der", "dos", "das", "do", "ng", "and", "of", "the",
})  # fmt: skip

# Particle spellings folded to one form before keys are built: "Abou" -> "abu".
# Source: the same ALA-LC particles in French (abou, ben, bent) and Maghrebi spelling.
PARTICLE_FORMS = {"abou": "abu", "abo": "abu", "ibn": "bin", "ben": "bin", "bent": "bint",
                  "um": "umm", "wuld": "ould"}  # fmt: skip

# "Abd" joins the following name ("Abdul Rahman" = "Abd al-Rahman" = "Abdurrahman"):
# these prefixes (longest first) are rewritten to "abd" + rest when glued or split.
# Source: "abd" + article in its English, French and Turkish spellings, the article
# assimilated to a sun letter (abdur-, abdus-, abdun-) as in ARTICLES_SUN.
ABD_PREFIXES = ("abdoul", "abdul", "abdel", "abdal", "abdol", "abdur", "abdus", "abdun",
                "abdir", "abdil", "abdi", "abdu", "abd")  # fmt: skip

# "ad-Din" compounds join the word before: "Salah ad-Din" = "Salahuddin" = "Salaheddine".
# Source: "al-din" (of the faith) with the article in the spellings of ARTICLES_ANY/SUN.
DIN_WORDS = frozenset({"din", "deen", "dine", "eddine", "eddin", "uddin", "addin", "aldin",
                       "eldin", "uldin"})  # fmt: skip

# Variant families of very common given names: every member maps to the first spelling.
NAME_FAMILIES: tuple[tuple[str, ...], ...] = (
    # Arabic given names. Source: their ALA-LC / BGN/PCGN romanisation, French (Maghreb),
    # Turkish and Persian spellings, abbreviations "mohd"/"mhd" in Malaysian and Syrian use,
    # and the Russian transcription of Arabic h/g ("akhmed", "gusein", "ibragim")
    ("muhammad", "mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "mohamud",
     "mehmet", "mehmed", "muhamed", "mohd", "mhd", "mouhamed", "mohammd"),
    ("ahmad", "ahmed", "ahmet", "akhmed", "achmed", "achmad", "ahmd"),
    ("husayn", "hussein", "husein", "hussain", "husain", "hosein", "hossein", "hussin",
     "huseyn", "gusein"),
    ("hasan", "hassan", "hasen", "hassen", "gasan"),
    # Source: as above (ALA-LC, French, Turkish, Persian, Russian spellings)
    ("umar", "omar", "oumar", "omer"),
    ("uthman", "othman", "osman", "usman", "uthmane", "othmane"),
    ("yusuf", "youssef", "yousef", "yusef", "yousif", "yussuf", "joseph"),
    ("abdallah", "abdullah", "abdulla", "abdalla", "abdellah"),
    ("ibrahim", "ebrahim", "ibragim", "brahim", "ibraheem"),
    # Source: as above (ALA-LC, French, Turkish, Persian, Russian spellings)
    ("ismail", "ismael", "esmail", "ismayil", "ismoil", "smail"),
    ("ilyas", "elias", "ilias", "elyas", "iliyas"),
    ("yaqub", "yakub", "yacoub", "yaqoub", "yakoub", "yaakub"),
    ("sulayman", "sulaiman", "suleiman", "suleyman", "soliman", "sleiman", "sulaymon"),
    ("musa", "moussa", "mousa", "mussa", "mouça"),
    # Source: as above (ALA-LC, French, Turkish, Persian, Russian spellings)
    ("dawud", "daoud", "daud", "dawood", "daood", "davud"),
    ("isa", "issa", "eissa", "eisa"),
    # Slavic given names. Source: Russian BGN/PCGN and passport (ICAO 9303) romanisation,
    # Ukrainian national romanisation (KMU 2010), Belarusian (BGN/PCGN 1979, passport),
    # German/French/Polish transcriptions and the English cognate
    ("sergey", "sergei", "serguei", "sergej", "sergii", "serhiy", "serhii", "siarhei", "sergiy"),
    ("aleksandr", "alexander", "aleksander", "alexandre", "alexandr", "oleksandr",
     "aliaksandr", "alyaksandr", "aleksandar"),
    ("yuri", "yury", "yuriy", "yurii", "iouri", "juri", "jurij", "yurij", "iurii"),
    ("dmitry", "dmitri", "dmitrii", "dmitriy", "dmytro", "dzmitry"),
    # Source: as above (BGN/PCGN, ICAO 9303, KMU 2010, German/French/Polish, English)
    ("mikhail", "michail", "mykhailo", "mikhael", "mikhayil", "mykhaylo", "michael"),
    ("yevgeny", "evgeny", "evgeni", "evgenii", "evgeniy", "yevgeniy", "yevhen", "ievgen"),
    ("nikolay", "nikolai", "nikolaj", "mykola", "mikalai", "mikola", "nicholas", "nicolas"),
    ("vladimir", "volodymyr", "uladzimir", "vladimer", "wladimir", "volodimir"),
    ("aleksey", "alexey", "alexei", "aleksei", "oleksiy", "oleksii", "aliaksei", "aleksej"),
    # Source: as above (BGN/PCGN, ICAO 9303, KMU 2010, German/French/Polish, English)
    ("andrey", "andrei", "andriy", "andrii", "andrej", "andrew", "andrzej", "andrus"),
    ("pavel", "pavlo", "paval", "pawel", "paul"),
    ("pyotr", "petr", "piotr", "peter", "petar"),  # not "petro": a company prefix too
    ("grigory", "grigoriy", "grigorii", "hryhoriy", "hryhorii", "ryhor", "gregory"),
    ("igor", "ihor", "ihar"),
    # Source: as above (BGN/PCGN, ICAO 9303, KMU 2010, German/French/Polish, English)
    ("oleg", "oleh", "aleh"),
    ("vasily", "vasiliy", "vasilii", "vasyl", "vasil", "vasili", "wassili"),
    ("konstantin", "kostiantyn", "kostyantyn", "kanstantsin", "constantin", "constantine"),
    ("georgy", "georgiy", "georgii", "heorhiy", "heorhii", "georgi", "george"),
    ("viktor", "victor", "wiktor"),
)  # fmt: skip

# Phonetic rewrites of folded tokens, applied in order (regex, replacement). They merge
# the usual Latin transcriptions of one sound: German "sch"/"w", French "ou"/"ch",
# Russian "-ov/-off/-ow", "-sky/-ski/-skiy", "-ine/-in", "kh/h", "j/y/i".
# Source: the letter correspondences of the romanisation tables of the US Library of
# Congress (ALA-LC: Arabic, Persian, Russian, Ukrainian, Belarusian), BGN/PCGN, GOST
# 16876-71 (Russian, used by GeoNames), and the German (Duden), French, Dutch and Polish
# conventions for transcribing Russian; the Arabic ones follow ALA-LC's Arabic table.
PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    (r"(?<=[a-z]{3})vici$", "vich"),  # Romanian patronymics: Petrovici
    (r"(?<=[a-z])(?:off|ow|ov|of|ev|eff|ew)$", "ov"),  # Smirnoff/Smirnow/Smirnov
    (r"(?:skiy|skyi|skii|skij|skyy|ski)$", "sky"),  # Zelenski/Zelenskiy -> zelensky
    (r"(?<=[a-z]{3})ine$", "in"),  # Vershinine (French) -> vershinin
    (r"(?<=[a-z])(?:iy|ij|yi|ii|yy)$", "y"),  # Dmitriy/Dmitrij -> dmitry
    (r"(?<=[a-z]{3}sk)as$", ""),  # Lithuanian adds the noun ending -as to names in -sk
    (r"(?<=[a-z]i)y(?=[aeou])", ""),  # glide after i: Ruqayya/Ruqaia, -iyya/-ia
    (r"szcz|shch|sch|stch", "sh"),  # Khrushchev/Chruschtschow, Polish Szczecin
    (r"(?<=[aeiou])eh|^eh", "e"),  # GOST 16876-71 writes Russian э as "eh": Ehstoniya
    (r"tsj|tj|cz", "ch"),  # Dutch "Tsjaikovski", Polish "Czech"
    (r"sz|sj", "sh"),  # Polish "Szymon", Dutch "Sjostakovitsj"
    (r"zj", "zh"),  # Dutch "Zjoekov" (Zhukov)
    (r"tsch|tch|tsh", "ch"),
    (r"dzh|dsch|dj|zh", "j"),  # Dzhamil/Djamil/Jamil, Zhukov ~ Joukov
    (r"(?<=[aeiou])j", "y"),  # German/Slavic j after a vowel: Sergej, Tatjana
    (r"dh", "d"),  # Arabic dh/d: Qadhafi ~ Gaddafi
    (r"kh", "h"),  # Khalid/Halid
    (r"ch", "sh"),  # French ch = sh: Chevardnadze
    (r"gh", "g"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"ck|q|c(?=[aou])|c$", "k"),
    (r"c(?=[eiy])", "s"),
    (r"tz|ts", "c"),  # German tz = ts: Kuznetz/Kuznets
    (r"x", "ks"),
    (r"w", "v"),  # Wladimir -> vladimir
    (r"ou|oo", "u"),  # Youssef -> yusef
    (r"ee|ie(?=[^aeiou]|$)", "i"),
    (r"ei|ey|ai|ay", "ay"),  # Hussein/Husayn, Zaid ~ Zayd
    (r"y(?=[^aeiou]|$)", "i"),  # Sergey/Sergei, Zayd/Zaid
    (r"(?<=[a-z]{2}[aei])h$", ""),  # ta marbuta: Fatimah / Fatima / فاطمة
    (r"(?<=[a-z]{3})(?:ad|ed|ud|al|el|ul|e|u|a)?d?d(?:i|ee)ne?$", "din"),  # Nasreddine/Nasruddin
    (r"(.)\1+", r"\1"),  # doubled letters: Assad -> asad
)

# Vowels dropped from the consonant skeleton (kept at the start of a word).
# Source: the Latin vowel letters (and y) that Arabic script leaves unwritten (abjad).
SKELETON_VOWELS = "aeiouy"

# Loose form: a second, more forgiving comparison that merges sounds transcriptions swap
# freely (German "ch" = "kh": Chruschtschow/Khrushchev; "j" = "y": Jakov/Yakov; q/g/k, z/s).
# Source: the German, English and French transcriptions of Russian х, й, and the
# ALA-LC/French/Egyptian spellings of Arabic ق and ج.
LOOSE_DIGRAPHS: tuple[tuple[str, str], ...] = (("kh", "h"), ("ch", "h"), ("sh", "s"))
# Source: as above, letter by letter (j = y, q/g/c = k, z = s, w = v, o = u)
LOOSE_LETTERS = ("jqgczwo", "ykkksvu")

# First letters that transcriptions exchange: no first-letter penalty within a group.
# Source: the same romanisation tables ("gj": Egyptian and Gulf Arabic say jim as g:
# "Gumhuriya"/"Jumhuriya"; "hk": Russian х as h or kh; "td": Arabic ض/ط/ت/د).
FIRST_LETTER_GROUPS = ("aeiouyj", "kqgc", "szc", "vwf", "td", "hk", "gj")

# Glued Arabic articles: "ELKADDAFI", "ALNAHYAN" also compare as "kaddafi", "nahyan".
# Source: the article of ARTICLES_ANY as list-style names write it, solid.
GLUED_ARTICLES = ("al", "el")
