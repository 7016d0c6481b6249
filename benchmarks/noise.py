"""Query perturbations: another transliteration, typos, articles, word order, initials, case."""

import random
import re

from benchmarks.specs import Spec

# Spelling swaps translators disagree on: "Youssef" ~ "Yusef", "Qasim" ~ "Kasim".
_RESPELL = (
    ("ou", "u"), ("u", "ou"), ("ee", "i"), ("i", "ee"), ("q", "k"), ("k", "q"), ("kh", "h"),
    ("dh", "d"), ("ph", "f"), ("y", "i"), ("i", "y"), ("e", "a"), ("a", "e"), ("j", "dj"),
    ("sh", "ch"), ("ch", "sh"), ("w", "v"), ("v", "w"), ("ss", "s"), ("s", "ss"), ("ll", "l"),
    ("ei", "ai"), ("ai", "ei"), ("ie", "y"), ("ck", "k"),
)  # fmt: skip
_ARTICLE = re.compile(r"^(?:al|el|a[tdrzsn]|ash|ath|adh)[- ]", re.IGNORECASE)

Words = tuple[list[str], str]


def respell(word: str, rng: random.Random) -> str:
    """One transliteration swap at a random place: "Hussein" -> "Hussain"."""
    low = word.lower()
    rules = [(a, b) for a, b in _RESPELL if a in low[1:]]
    if not rules:
        return word
    old, new = rng.choice(rules)
    at = low.index(old, 1)
    return word[:at] + new + word[at + len(old) :]


def typo(text: str, rng: random.Random) -> str:
    """Delete, substitute, transpose or double one letter inside a word of four or more."""
    spans = [m.span() for m in re.finditer(r"\w{4,}", text)]
    if not spans:
        return text
    start, end = rng.choice(spans)
    at = rng.randrange(start + 1, end - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return text[:at] + text[at + 1 :]
    if kind == 1:
        return text[:at] + rng.choice(text[start:end].lower()) + text[at + 1 :]
    if kind == 2:
        return text[:at] + text[at + 1] + text[at] + text[at + 2 :]
    return text[:at] + text[at] + text[at:]


def _article(words: list[str], roles: str, rng: random.Random) -> Words:
    """Drop or swap the article ("al-Masri" -> "Masri", "el-Masri"), or add one."""
    hits = [i for i, w in enumerate(words) if _ARTICLE.match(w)]
    if not hits:
        words[-1] = f"al-{words[-1]}"
        return words, roles
    i = rng.choice(hits)
    bare = _ARTICLE.sub("", words[i])
    words[i] = bare if rng.random() < 0.6 else f"{rng.choice(('El', 'al', 'Al'))} {bare}"
    return words, roles


def _particle(words: list[str], roles: str, rng: random.Random) -> Words:
    """Drop "bin"/"ibn", or insert one before the father's name."""
    if "p" in roles:
        i = roles.index("p")
        return words[:i] + words[i + 1 :], roles[:i] + roles[i + 1 :]
    if "f" not in roles:
        return words, roles
    i = roles.index("f")
    return [*words[:i], rng.choice(("bin", "ibn")), *words[i:]], roles[:i] + "p" + roles[i:]


def _initials(words: list[str], roles: str, rng: random.Random) -> Words:
    """One given name or patronymic to its initial: "Vladimir V. Putin", "A. Rahman Khan"."""
    spots = [i for i, r in enumerate(roles) if r in "gf"]
    i = rng.choice(spots)
    return [*words[:i], f"{words[i][0]}.", *words[i + 1 :]], roles


_STRUCTURAL = {"article": _article, "particle": _particle, "initials": _initials}


def applicable(spec: Spec) -> list[str]:
    """The perturbations that make sense for this kind of name."""
    ops = ["typo", "typo"]
    if any("-" in v for t in spec.tokens for v in t):
        ops.append("hyphen")
    if spec.entity_type == "person":
        ops += ["order", "order"]
        if len(spec.roles) >= 3 and "g" in spec.roles:
            ops.append("initials")
    if spec.culture == "arabic":
        ops += ["article", "article"]
        if spec.entity_type == "person" and ("p" in spec.roles or "f" in spec.roles):
            ops.append("particle")
    if len(spec.frames) > 1:
        ops += ["legal", "legal"]
    return ops


def _reorder(words: list[str], roles: str, spec: Spec) -> str:
    """ "SURNAME, Given", or for a Chinese name the Western order "Xiaoming Wang"."""
    i = roles.rfind("s")
    rest = words[:i] + words[i + 1 :]
    if spec.surname_first:
        return " ".join([*rest, words[i]])
    return f"{words[i].upper()}, {' '.join(rest)}"


def _case(text: str, rng: random.Random) -> str:
    return rng.choice((text.upper(), text.lower(), text.title()))


def render_query(spec: Spec, rng: random.Random, folded: set[str]) -> tuple[str, str] | None:
    """A noisy spelling of spec that matches no alias, and the names of the noise applied."""
    for _ in range(30):
        if spec.script and rng.random() < 0.08:
            text, applied = typo(spec.script, rng), ["script", "typo"]
        else:
            text, applied = _latin_query(spec, rng)
        if rng.random() < 0.25:
            text, applied = _case(text, rng), [*applied, "case"]
        if text.strip() and text.casefold() not in folded:
            return text, "+".join(applied)
    return None


def _latin_query(spec: Spec, rng: random.Random) -> tuple[str, list[str]]:
    system = rng.randrange(8)
    words = [v[system % len(v)] if spec.coherent else rng.choice(v) for v in spec.tokens]
    roles, applied = spec.roles, ["translit"]
    if rng.random() < 0.4:
        i = rng.randrange(len(words))
        words[i], applied = respell(words[i], rng), [*applied, "respell"]
    ops = rng.sample(applicable(spec), k=rng.choice((1, 1, 2)))
    for op in dict.fromkeys(ops):
        if op in _STRUCTURAL:
            words, roles = _STRUCTURAL[op](list(words), roles, rng)
    frames = spec.frames
    if "legal" in ops:
        frames = ("{}", *frames[1:]) if rng.random() < 0.5 else frames[1:]
    if "order" in ops and "s" in roles:
        text = _reorder(words, roles, spec)
    else:
        text = rng.choice(frames).format(" ".join(words))
    if "typo" in ops:
        text = typo(text, rng)
    if "hyphen" in ops:
        text = text.replace("-", rng.choice((" ", "")))
    return text, applied + sorted(set(ops))
