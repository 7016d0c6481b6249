"""Hypothesis strategies for name-shaped input: what a careless client or an attacker sends.

Generic text rarely hits the edges a name matcher has (the "Al" crash went through 30
generic strings), so these build names from the pieces the engine treats specially:
lone articles and particles, single letters, glued articles, combining marks, every
script the engine transliterates, invisible and direction-changing characters, and long
runs of one syllable. Any test of "never raises" or "linear in the input" draws from here.
"""

from __future__ import annotations

from hypothesis import strategies as st

from service.matching import roles, rules

# Words the normaliser drops or marks: alone they leave a name with no name word.
ARTICLES = sorted(rules.ARTICLES_ANY | {"al-", "el-", "Al", "AL", "El", "Él", "ال", "Аль", "аль"})
PARTICLES = sorted(rules.PARTICLES | {"bin", "ibn", "abu", "bint", "von", "van", "de", "la"})
LEGAL = sorted(roles.LEGAL_WORDS)[:40]
SYLLABLES = ["ab", "al", "sha", "ra", "kh", "ou", "el", "ya", "zh", "a", "e", "ibn", "oo"]
# Samples of each script the engine knows or may meet.
SCRIPTS = [
    "أحمد الشرع",
    "بشار الأسد",
    "Сергей Вершинин",
    "Владимир Путин",
    "Ігор",
    "احمد شرع",
    "Αλέξανδρος",
    "אבו",
    "習近平",
    "김정은",
    "ภาษาไทย",
    "देवनागरी",
]
# Characters that change how a name looks or is read without being letters.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f"]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
SEPARATORS = [" ", "-", "'", "’", "`", ".", ",", "/", "_", "\u2028", "\u2029", "\u0085", "\t"]
COMBINING = st.characters(min_codepoint=0x300, max_codepoint=0x36F)

words = st.one_of(
    st.sampled_from(ARTICLES),
    st.sampled_from(PARTICLES),
    st.sampled_from(LEGAL),
    st.sampled_from(SCRIPTS),
    st.characters(codec="utf-8", exclude_categories=("Cs",)).map(str),  # one letter
    st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=12),
    st.text(min_size=1, max_size=8),  # any Unicode at all
    st.builds(lambda w, m: w + "".join(m), st.sampled_from(SYLLABLES), st.lists(COMBINING)),
    st.builds(lambda a, w: a + w, st.sampled_from(["al", "el", "Al-", "El "]), st.text(max_size=6)),
    st.sampled_from(INVISIBLE + BIDI),
)


@st.composite
def names(draw: st.DrawFn, max_words: int = 6) -> str:
    """A name of 1..max_words name-shaped words joined by name separators."""
    parts = draw(st.lists(words, min_size=1, max_size=max_words))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts), max_size=len(parts)))
    return "".join(p + s for p, s in zip(parts, seps, strict=True)).strip(" ") or parts[0]


def one_syllable(length: int = 512) -> st.SearchStrategy[str]:
    """``length`` characters of one repeated syllable, with or without spaces."""
    return st.builds(
        lambda syl, sep: (syl + sep) * (length // (len(syl) + len(sep))),
        st.sampled_from(SYLLABLES),
        st.sampled_from(["", " ", "-"]),
    )


# Anything a name field may receive, from tiny to the 512-character limit.
any_name = st.one_of(names(), one_syllable(), st.text(max_size=512))
