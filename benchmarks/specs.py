"""One random entity per call: its name tokens, each with the spellings seen for it."""

import random
from dataclasses import dataclass
from functools import cache

from benchmarks import cyrillic as cy
from benchmarks import lexicon as lx

# Token roles: g given, p particle (bin/ibn), k kunya head (Abu/Umm), f father or patronymic,
# m middle initial, s surname, w word of an organisation or place name.
_SUN = ("th", "dh", "sh", "t", "d", "r", "z", "s", "n", "l")
_FEMALE_AR = {"Fatima", "Aisha", "Maryam", "Zainab", "Khadija", "Layla", "Salma", "Nour"}
_FEMALE_AR |= {"Yasmin", "Amina", "Huda", "Rania"}
_RU_SYSTEMS = ("english", "bgn", "icao", "german", "french", "scholarly")
_UA_SYSTEMS = ("ukrainian", "english", "bgn", "german")
_CN_CITIES = lx.parse("Shenzhen/Shen_Zhen Guangzhou/Canton Shanghai/Shang_Hai Beijing/Peking")
_CN_CITIES += lx.parse("Tianjin/Tientsin Xiamen/Amoy Ningbo/Ningpo Qingdao/Tsingtao")


@dataclass(frozen=True, slots=True)
class Spec:
    """A name as tokens of alternative spellings; coherent = pick one system for all tokens."""

    entity_type: str
    culture: str
    tokens: tuple[tuple[str, ...], ...]
    roles: str
    frames: tuple[str, ...] = ("{}",)
    script: str | None = None
    coherent: bool = False
    surname_first: bool = False


def _sun_prefix(root: str) -> str | None:
    """ "Shammari" -> "sh" (ash-Shammari); "Masri" -> None (al-Masri)."""
    low = root.lower()
    return next((c for c in _SUN if low.startswith(c)), None)


@cache
def article_forms(roots: tuple[str, ...]) -> tuple[str, ...]:
    """ "Shammari" -> al-Shammari, ash-Shammari, el-Shammari, Al Shammari, Alshammari ..."""
    forms: list[str] = []
    for root in roots:
        sun = _sun_prefix(root)
        forms += [f"al-{root}", f"Al-{root}", f"el-{root}", f"Al {root}", f"Al{root.lower()}"]
        if sun and sun != "l":
            forms += [f"a{sun}-{root}", f"A{sun}-{root}"]
    return tuple(dict.fromkeys(forms))


@cache
def abd_forms(roots: tuple[str, ...]) -> tuple[str, ...]:
    """ "Rahman" -> Abdul Rahman, Abd al-Rahman, Abd ar-Rahman, Abdel Rahman, Abdurrahman ..."""
    forms: list[str] = []
    for root in roots:
        sun = _sun_prefix(root)
        art = f"a{sun}" if sun and sun != "l" else "al"
        forms += [f"Abdul {root}", f"Abd {art}-{root}", f"Abdel {root}", f"Abdul{root.lower()}"]
        forms += [f"Abd-al-{root}", f"Abd el-{root}"]
        if sun and sun != "l":
            forms.append(f"Abdu{sun}{root.lower()}")
    return tuple(dict.fromkeys(forms))


_ABDULLAH = (("Abdullah", "Abdallah", "Abdulla", "Abd Allah", "Abdollah"), "عبد الله")
_PARTICLES = {"bin": ("bin", "ibn", "ben", "Bin"), "bint": ("bint", "binti", "bent")}
_KUNYA = {"abu": ("Abu", "Abou", "Abū"), "umm": ("Umm", "Um", "Oum", "Om")}


def arabic_person(rng: random.Random) -> Spec:
    given_w: lx.Word = rng.choice(lx.ARABIC_GIVEN)
    female = given_w[0][0] in _FEMALE_AR
    if not female and rng.random() < 0.25:
        root = rng.choice(lx.ABD_ROOTS)
        given_w = (abd_forms(root[0]), f"عبد {root[1]}")
        given_w = _ABDULLAH if rng.random() < 0.15 else given_w
    father = rng.choice([w for w in lx.ARABIC_GIVEN if w[0][0] not in _FEMALE_AR])
    if rng.random() < 0.65:
        fam_root = rng.choice(lx.ARABIC_ARTICLE_ROOTS)
        family: lx.Word = (article_forms(fam_root[0]), f"ال{fam_root[1]}")
    else:
        family = rng.choice(lx.ARABIC_PLAIN_SURNAMES)
    shape = rng.random()
    parts: list[tuple[str, tuple[str, ...], str | None]]
    if shape < 0.35:
        bin_key = "bint" if female else "bin"
        parts = [("g", *given_w), ("p", _PARTICLES[bin_key], "بنت" if female else "بن")]
        parts += [("f", *father), ("s", *family)]
    elif shape < 0.6:
        parts = [("g", *given_w), ("f", *father), ("s", *family)]
    elif shape < 0.88:
        parts = [("g", *given_w), ("s", *family)]
    else:
        kunya = "umm" if female else "abu"
        head = ("k", _KUNYA[kunya], "أم" if female else "أبو")
        parts = [head, ("g", *father), ("s", *family)]
    script = " ".join(p[2] or "" for p in parts)
    return Spec(
        "person", "arabic", tuple(p[1] for p in parts), "".join(p[0] for p in parts), script=script
    )


def slavic_person(rng: random.Random, ukrainian: bool) -> Spec:
    female = rng.random() < 0.3
    if ukrainian:
        given = rng.choice(cy.UA_FEMALE if female else cy.UA_MALE)
        father, surname = rng.choice(cy.UA_MALE), rng.choice(cy.UA_SURNAMES)
    else:
        given = rng.choice(cy.RU_FEMALE if female else cy.RU_MALE)
        father, surname = rng.choice(cy.RU_MALE), rng.choice(cy.RU_SURNAMES)
    surname = cy.feminine_surname(surname) if female else surname
    words = [("g", given), ("f", cy.patronymic(father, female, ukrainian)), ("s", surname)]
    if rng.random() < 0.25:
        words.pop(1)
    systems = _UA_SYSTEMS if ukrainian else _RU_SYSTEMS
    tokens = tuple(tuple(cy.romanise(w, s) for s in systems) for _, w in words)
    culture = "ukrainian" if ukrainian else "russian"
    return Spec(
        "person",
        culture,
        tokens,
        "".join(r for r, _ in words),
        script=" ".join(w for _, w in words),
        coherent=True,
    )


def simple_person(rng: random.Random, culture: str) -> Spec:
    """Persian, Turkish and Western names: one or two given names and a surname."""
    given, surnames = {
        "persian": (lx.PERSIAN_GIVEN, lx.PERSIAN_SURNAMES),
        "turkish": (lx.TURKISH_GIVEN, lx.TURKISH_SURNAMES),
        "western": (lx.WESTERN_GIVEN, lx.WESTERN_SURNAMES),
    }[culture]
    tokens = [rng.choice(given)[0]]
    roles = "g"
    if rng.random() < 0.3:
        tokens.append(rng.choice(given)[0])
        roles += "g"
    elif rng.random() < 0.6 and culture == "western":
        letter = rng.choice("ABCDEFGHJKLMNPRSTW")
        tokens.append((f"{letter}.", letter))
        roles += "m"
    tokens.append(rng.choice(surnames)[0])
    return Spec("person", culture, tuple(tokens), roles + "s")


def chinese_person(rng: random.Random) -> Spec:
    """ "Wang Xiaoming" / "Wong Hsiao-ming" / "Ong Siu Ming": one system for the whole name."""
    surname = rng.choice(lx.CHINESE_SURNAMES)[0]
    one, two = rng.choice(lx.CHINESE_SYLLABLES)[0], rng.choice(lx.CHINESE_SYLLABLES)[0]
    given = (
        (one[0] + two[0]).capitalize(),
        f"{one[1].capitalize()}-{two[1]}",
        f"{one[2].capitalize()} {two[2].capitalize()}",
    )
    return Spec("person", "chinese", (surname, given), "sg", coherent=True, surname_first=True)


def russian_org(rng: random.Random) -> Spec:
    first, second = rng.sample(cy.ORG_WORDS, 2)
    name = f"{first}-{second}" if rng.random() < 0.5 else first + second.lower()
    if rng.random() < 0.3:
        name += rng.choice(cy.ORG_WORDS).lower()
    form = rng.choice(list(cy.ORG_FORMS))
    token = tuple(cy.romanise(name, s) for s in _RU_SYSTEMS)
    return Spec(
        "organization",
        "russian",
        (token,),
        "w",
        cy.ORG_FORMS[form],
        f"{form} «{name}»",
        coherent=True,
    )


def arabic_org(rng: random.Random) -> Spec:
    """ "Al-Noor Trading Co." or a founder's name: "Mohammed al-Otaibi Trading Est."."""
    trade, trade_ar = rng.choice(lx.ARABIC_ORG_TRADES)
    frames = ("{} Co.", "{} Company", "{} Co. LLC", "{} Est.", "{} LLC", "{} Company W.L.L.")
    if rng.random() < 0.5:
        root = rng.choice(lx.ARABIC_ORG_ROOTS)
        return Spec(
            "organization",
            "arabic",
            (article_forms(root[0]), trade),
            "ww",
            frames,
            f"شركة ال{root[1]} {trade_ar}",
        )
    given, family = rng.choice(lx.ARABIC_GIVEN), rng.choice(lx.ARABIC_ARTICLE_ROOTS)
    tokens = (given[0], article_forms(family[0]), trade)
    script = f"مؤسسة {given[1]} ال{family[1]} {trade_ar}"
    return Spec("organization", "arabic", tokens, "www", frames, script)


def western_org(rng: random.Random) -> Spec:
    words = rng.sample(lx.WESTERN_ORG_WORDS, rng.choice((1, 2)))
    tokens = (*(w[0] for w in words), rng.choice(lx.WESTERN_ORG_TRADES)[0])
    frames = lx.LEGAL_FORMS[rng.choice(("ltd", "llc", "sa", "gmbh", "inc", "as"))]
    return Spec("organization", "western", tokens, "w" * len(tokens), frames)


def chinese_org(rng: random.Random) -> Spec:
    city = rng.choice(_CN_CITIES)[0]
    one, two = rng.choice(lx.CHINESE_SYLLABLES)[0], rng.choice(lx.CHINESE_SYLLABLES)[0]
    brand = ((one[0] + two[0]).capitalize(), f"{one[1].capitalize()}-{two[1]}")
    trade = rng.choice(lx.WESTERN_ORG_TRADES)[0]
    return Spec("organization", "chinese", (city, brand, trade), "www", lx.LEGAL_FORMS["coltd"])


def arabic_place(rng: random.Random) -> Spec:
    head, root = rng.choice(lx.ARABIC_PLACE_HEADS), rng.choice(lx.ARABIC_PLACE_ROOTS)
    tokens = [head[0], article_forms(root[0]) if rng.random() < 0.7 else root[0]]
    script = f"{head[1]} ال{root[1]}" if len(tokens[1]) > 3 else f"{head[1]} {root[1]}"
    if rng.random() < 0.4:
        extra = rng.choice(lx.ARABIC_PLACE_ROOTS)
        tokens.append(article_forms(extra[0]))
        script += f" ال{extra[1]}"
    return Spec("place", "arabic", tuple(tokens), "w" * len(tokens), script=script)


def russian_place(rng: random.Random) -> Spec:
    prefix, stem = rng.choice(cy.PLACE_PREFIXES), rng.choice(cy.PLACE_STEMS)
    name = (prefix + stem + rng.choice(cy.PLACE_SUFFIXES)).capitalize()
    if prefix.endswith("-"):
        name = prefix + stem.capitalize() + rng.choice(cy.PLACE_SUFFIXES)
    token = tuple(cy.romanise(name, s) for s in _RU_SYSTEMS)
    return Spec("place", "russian", (token,), "w", script=name, coherent=True)


def persian_place(rng: random.Random) -> Spec:
    root = rng.choice(lx.PERSIAN_GIVEN)[0][0].split("-")[0]
    forms = (f"{root}abad", f"{root}-Abad", f"{root} Abad", f"{root}-abad", f"{root}awad")
    return Spec("place", "persian", (forms,), "w")


MAKERS = {
    "arabic_person": (0.30, arabic_person),
    "russian_person": (0.18, lambda r: slavic_person(r, ukrainian=False)),
    "ukrainian_person": (0.05, lambda r: slavic_person(r, ukrainian=True)),
    "persian_person": (0.05, lambda r: simple_person(r, "persian")),
    "turkish_person": (0.05, lambda r: simple_person(r, "turkish")),
    "western_person": (0.06, lambda r: simple_person(r, "western")),
    "chinese_person": (0.05, chinese_person),
    "russian_org": (0.07, russian_org),
    "arabic_org": (0.06, arabic_org),
    "western_org": (0.06, western_org),
    "chinese_org": (0.03, chinese_org),
    "arabic_place": (0.02, arabic_place),
    "russian_place": (0.02, russian_place),
    "persian_place": (0.005, persian_place),
}


def random_spec(rng: random.Random) -> Spec:
    """Draw a culture by weight, then an entity of it."""
    makers = list(MAKERS.values())
    maker = rng.choices([m for _, m in makers], weights=[w for w, _ in makers])[0]
    return maker(rng)
