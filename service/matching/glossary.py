"""Organisation words across languages, as data: "Komitet" = "Lajnat" = "Committee".

Sanctions lists, registries and the press name one organisation in its own language,
transliterated, and in English ("Sharikat al-Ittisalat" / "Telecommunications Company",
"Jamiyat al-Hilal" / "Crescent Society"). A word with a gloss below also
meets that gloss and every other word with it (similarity.GLOSS_SIM), and the index files
it under the gloss too; its spelling still compares as before, so a spelling the table
lacks loses nothing. Only words that describe organisations and places (kinds, sectors,
common qualifiers) are here, in folded form; never the distinctive part of a name.
Russian and Ukrainian adjectives inflect, so `STEMS` match a stem plus a short ending
("gosudarstvennoe", "-naya", "-nogo" -> "state").
"""

from __future__ import annotations

from functools import lru_cache

# English gloss -> folded spellings in Arabic, Persian, Turkish, Russian, Ukrainian,
# Belarusian, French, Spanish, Portuguese, Italian, German and Scandinavian usage.
# Source: the dictionaries of each language, romanised by the same tables as rules.py:
# Arabic H. Wehr (Dictionary of Modern Written Arabic, ALA-LC), Persian F. Steingass /
# S. Haim, Turkish Redhouse, Russian A. I. Smirnitsky (BGN/PCGN), Ukrainian and Belarusian
# (KMU 2010, BGN/PCGN), and the Collins/Larousse bilingual dictionaries of the others.
GLOSSES: dict[str, tuple[str, ...]] = {
    "company": ("sharikat", "sharika", "sherkat", "shirkat", "sherkate", "shirket", "sirket",
                "societe", "compagnie", "compania", "companhia", "compagnia", "gesellschaft",
                "kompaniya", "kompania", "kompaniia", "kampaniya"),
    "bank": ("masrif", "masraf", "banque", "banco", "banca", "bankasi", "banka"),
    # Source: as above (the dictionaries named at GLOSSES)
    "foundation": ("muassasat", "muassasa", "muassasah", "bonyad", "bunyad", "fondation",
                   "fundacion", "fundacao", "fondazione", "stiftung", "stiftelse", "stichting",
                   "fond", "fonds", "vakfi"),
    "society": ("jamiyat", "jamiat", "jamiyya", "jamiyyat", "jamia", "jamiya", "jameiat",
                "societa", "sociedad", "dernegi"),
    # Source: as above (the dictionaries named at GLOSSES)
    "committee": ("lajnat", "lajna", "lajnah", "komitet", "comite", "comitato", "komitee",
                  "kamitet"),
    "movement": ("harakat", "haraka", "harakah", "harekat", "mouvement", "movimiento",
                 "movimento", "dvizhenie", "dvizheniye", "rukh", "hareketi"),
    # Source: as above (the dictionaries named at GLOSSES)
    "party": ("hizb", "hezb", "parti", "partido", "partito", "partei", "partiya", "partiia"),
    "front": ("jabhat", "jabha", "jabhah", "jebhe", "frente", "fronte", "cephesi"),
    "army": ("jaysh", "jaish", "jeish", "armee", "ejercito", "esercito", "armiya", "armiia"),
    "brigade": ("liwa", "liwaa", "katibat", "katiba", "katibah", "kataib", "brigada",
                "brigata"),
    # Source: as above (the dictionaries named at GLOSSES)
    "battalion": ("kateeba", "bataillon", "batallon", "battaglione", "batalon", "batalyon"),
    "organization": ("tanzim", "munazzamat", "munazzama", "sazman", "sazeman", "organisation",
                     "organizacion", "organizacao", "organizzazione", "organizatsiya",
                     "orhanizatsiya", "teskilati"),
    # Source: as above (the dictionaries named at GLOSSES)
    "council": ("majlis", "majles", "conseil", "consejo", "consiglio", "sovet", "rada"),
    "ministry": ("wizarat", "wizara", "vezarat", "ministere", "ministerio", "ministero",
                 "ministerium", "ministerstvo", "ministerstva", "bakanligi"),
    "university": ("daneshgah", "universite", "universidad", "universita",
                   "universitet", "universytet", "universitat"),
    # Source: as above (the dictionaries named at GLOSSES)
    "institute": ("mahad", "moassesseh", "institut", "instituto", "istituto", "instytut"),
    "center": ("markaz", "merkez", "centre", "centro", "zentrum", "tsentr", "tsentar"),
    "central": ("markazi", "markaziya", "markaziyah", "merkezi", "centrale", "zentral",
                "tsentralny", "tsentralnyi"),
    # Source: as above (the dictionaries named at GLOSSES)
    "national": ("watani", "wataniya", "wataniyah", "milli", "melli", "nationale",
                 "nacional", "nazionale", "natsionalny", "natsionalnyi", "natsionalnaya"),
    "international": ("dawli", "dawliya", "duwali", "beynolmelal", "beynelmilel",
                      "internationale", "internacional", "internazionale", "mezhdunarodny",
                      "mezhdunarodnaya", "mizhnarodny"),
    # Source: as above (the dictionaries named at GLOSSES)
    "islamic": ("islami", "islamiya", "islamiyah", "islamiyya", "islamiyyah", "eslami",
                "islamique", "islamico", "islamischen"),
    "charitable": ("khayriya", "khayriyya", "khayriyyah", "khairiya", "khayri", "khairia",
                   "caritative", "caritativa", "wohltatigkeits"),
    # Source: as above (the dictionaries named at GLOSSES)
    "trading": ("tijara", "tijariya", "tejarat", "bazargani", "ticaret",
                "commerce", "comercio", "commercio", "handel", "torgovy", "torgovaya",
                "torgovlya"),
    "industries": ("sanaye", "sanayi", "sanat", "sinaat", "sinaa", "industrie", "industria",
                   "industriya", "promyshlennost"),
    # Source: as above (the dictionaries named at GLOSSES)
    "engineering": ("handasa", "handasiya", "mohandesi", "muhendislik", "ingenierie",
                    "ingenieria", "ingegneria"),
    "development": ("tanmiya", "tanmiyah", "tose", "toseh", "tosee", "developpement",
                    "desarrollo", "sviluppo", "razvitie", "razvitiya", "rozvytku"),
    # Source: as above (the dictionaries named at GLOSSES)
    "shipping": ("kashtirani", "kashtiraniye", "navigation", "naviera", "sudokhodnaya",
                 "sudokhodstvo"),
    "oil": ("naft", "nafta", "neft", "petrole", "petroleo", "petrolio"),
    "television": ("televizija", "televizion", "televidenie", "televisione", "television",
                   "televisao", "tilfaz"),
    # Source: as above (the dictionaries named at GLOSSES)
    "security": ("amn", "amniyat", "bezopasnosti", "bezopasnost", "bezpeky", "biaspeki",
                 "securite", "seguridad", "sicurezza", "sicherheit"),
    "service": ("khidmat", "khadamat", "sluzhba", "sluzhby", "sluzhbi", "sluzhbu", "service",
                "servicio", "servizio", "dienst"),
    # Source: as above (the dictionaries named at GLOSSES)
    "state": ("dawlat", "dowlat", "devlet", "etat", "estado", "stato", "staat"),
    "republic": ("jumhuriya", "jumhuriyat", "jomhuri", "cumhuriyeti", "republique",
                 "republica", "repubblica", "republik", "respublika", "respubliki",
                 "respubliky"),
    # Source: as above (the dictionaries named at GLOSSES)
    "martyrs": ("shuhada", "shohada", "shahid", "martyrs", "martires", "martiri"),
    "group": ("majmua", "majmuat", "groupe", "grupo", "gruppo", "gruppe", "gruppa",
              "hruppa", "grup"),
    "association": ("ittihad", "etehadiyeh", "rabita", "rabitat", "verband", "verein",
                    "asociacion", "associazione", "associacao", "assotsiatsiya",
                    "obedinenie", "obedineniye", "obyedineniye", "obiednannia"),
    # Source: as above (the dictionaries named at GLOSSES)
    "plant": ("zavod", "kombinat", "fabrika", "usine", "fabrica", "fabbrica", "werk"),
    "new": ("jadid", "jadida", "nouveau", "nouvelle", "nuevo", "nueva", "nuovo", "neue",
            "novy", "novyi", "novaya", "novoe", "novyy"),
    "south": ("janub", "jonub", "junub", "sud", "yuzhny", "yuzhnyi", "yuzhnaya",
              "yuzhnoe", "pivdenny"),
    # Source: as above (the dictionaries named at GLOSSES)
    "north": ("shamal", "shomal", "nord", "norte", "severny", "severnyi", "severnaya",
              "pivnichny"),
    "east": ("sharq", "shargh", "este", "vostochny", "vostochnaya", "skhidny"),
    "west": ("gharb", "gharbi", "ouest", "oeste", "zapadny", "zapadnaya", "zakhidny"),
    # Source: as above (the dictionaries named at GLOSSES)
    "gulf": ("khalij", "golfe", "golfo"),
    "project": ("mashru", "proekt", "proyekt", "proyecto", "progetto", "projet", "projekt"),
    "general": ("aam", "generale", "obshchy"),
}  # fmt: skip

# Inflected Russian/Ukrainian/Belarusian adjectives and nouns: stem -> gloss. A word
# matches when it is the stem plus an ending of at most four letters.
# Source: Smirnitsky's Russian-English dictionary and the Ukrainian and Belarusian
# academic dictionaries, stems cut before the adjective endings of their grammars.
STEMS: tuple[tuple[str, str], ...] = (
    ("gosudarstvenn", "state"),
    ("derzhavn", "state"),
    ("dziarzhaun", "state"),
    ("dzyarzhaun", "state"),
    # Source: as above (the dictionaries named at STEMS)
    ("federaln", "federal"),
    ("natsionaln", "national"),
    ("mezhdunarodn", "international"),
    ("tsentraln", "central"),
    # Source: as above (the dictionaries named at STEMS)
    ("respublikansk", "republican"),
    ("investitsionn", "investment"),
    ("kommerchesk", "commercial"),
    ("promyshlenn", "industrial"),
    # Source: as above (the dictionaries named at STEMS)
    ("stroitel", "construction"),
    ("torgov", "trading"),
    ("bezopasnost", "security"),
    ("sledstvenn", "investigative"),
    # Source: as above (the dictionaries named at STEMS)
    ("voenn", "military"),
    ("aviatsionn", "aviation"),
    ("neftyan", "oil"),
)


def _english_forms(gloss: str) -> tuple[str, ...]:
    """The other number of an English gloss: "brigades" and "companies" meet "kataib" and
    "sharikat" as "brigade" and "company" do, and "industry" as "industries" does."""
    if gloss in _ONE_NUMBER:
        return ()
    if gloss.endswith("ies"):
        return (gloss[:-3] + "y",)
    if gloss.endswith("y"):
        return (gloss[:-1] + "ies",)
    if gloss.endswith("s"):
        return (gloss[:-1],)
    return (gloss + "s",)


# Adjectives, directions, mass nouns, and plurals that mean something else ("securities",
# "states" as in "United States") keep one number.
_ONE_NUMBER = frozenset(
    ("central", "national", "international", "islamic", "charitable", "trading",
     "engineering", "shipping", "oil", "television", "security", "state", "republic", "new",
     "south", "north", "east", "west", "gulf", "general", "development")
)  # fmt: skip


_BY_FORM = {
    **{form: gloss for gloss in GLOSSES for form in _english_forms(gloss)},
    **{form: gloss for gloss, forms in GLOSSES.items() for form in forms},
}
_STEM_RANK = {stem: (rank, g) for rank, (stem, g) in reversed(list(enumerate(STEMS)))}
STEM_ENDING = 4  # letters a stem may be followed by: "gosudarstvenn" + "ogo"


@lru_cache(maxsize=65536)
def gloss_of(word: str) -> str:
    """The English gloss of a folded word ("masrif" -> "bank", "gosudarstvennoi" ->
    "state"), or "" if it has none or is its own gloss."""
    gloss = _BY_FORM.get(word)
    if gloss is None:
        gloss = _stem_gloss(word)
    return "" if gloss == word else gloss


def _stem_gloss(word: str) -> str:
    """The gloss of the first of `STEMS` that starts `word` with a short ending, if any:
    only the word's last few prefixes can be such stems, so look those up."""
    found = [
        _STEM_RANK[word[:cut]]
        for cut in range(max(1, len(word) - STEM_ENDING), len(word) + 1)
        if word[:cut] in _STEM_RANK
    ]
    return min(found)[1] if found else ""
