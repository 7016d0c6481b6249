"""Curation: normal forms for duplicate checks, shared aliases, judgements, review queue.

The backfilled normal form is the engine's fold as it was when this revision was written,
copied below: a migration must give the same result whatever the engine becomes (it
imported service.matching's Engine before, so an old store migrated later got a newer
normaliser's forms). Only anyascii, a pinned dependency, is shared with the engine.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entities") as batch:
        batch.add_column(sa.Column("norm", sa.String(1024), nullable=True))
        batch.create_index("ix_entities_norm", ["norm"])
        batch.create_index("ix_entities_merged_into", ["merged_into"])
    with op.batch_alter_table("aliases") as batch:
        batch.add_column(sa.Column("norm", sa.String(1024), nullable=True))
        batch.add_column(sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()))
        batch.create_index("ix_aliases_norm", ["norm"])
    backfill_norms()
    op.create_table(
        "judgements",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("norm", sa.String(1024), nullable=False),
        sa.Column("entity_id", sa.String(32), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_judgements_norm", "judgements", ["norm"])
    op.create_index("ix_judgements_entity_id", "judgements", ["entity_id"])
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("norm", sa.String(1024), nullable=False, unique=True),
        sa.Column("name", sa.String(512), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_status", sa.String(16), nullable=False),
        sa.Column("best_entity_id", sa.String(32), nullable=True),
        sa.Column("best_score", sa.Float, nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(128), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_review_items_state_count", "review_items", ["state", "count"])


def backfill_norms() -> None:
    """Rows written before this revision get the engine's normal form once."""
    normalize = fold
    bind = op.get_bind()
    for table in ("entities", "aliases"):
        rows = bind.execute(sa.text(f"SELECT id, name FROM {table}")).all()
        for row_id, name in rows:
            bind.execute(
                sa.text(f"UPDATE {table} SET norm = :norm WHERE id = :id"),
                {"norm": normalize(name), "id": row_id},
            )


def downgrade() -> None:
    op.drop_table("review_items")
    op.drop_table("judgements")
    with op.batch_alter_table("aliases") as batch:
        batch.drop_index("ix_aliases_norm")
        batch.drop_column("shared")
        batch.drop_column("norm")
    with op.batch_alter_table("entities") as batch:
        batch.drop_index("ix_entities_merged_into")
        batch.drop_index("ix_entities_norm")
        batch.drop_column("norm")


# -- a copy of service.matching.normalize.fold and what it uses, as of this revision ------
APOSTROPHES = (
    "'`\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u2018\u2019\u201a\u201b\u2032\u2035\uff07"
)
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u00ad_/"
_LEGAL_WORDS_TEXT = """
aat ab ad adkrytaye ag akb aktsionerne aktsionernoe aktsionernoye aktsiyanernaye
aktsyyanernaye ano ao as asbl bhd bv cia cjsc co companies company corp corporation
derzhavne doo dp dzyarzhaunae ead eirl enterprise est establishment eurl ev federalnoe
federalnoye fgup firma fllc fsue fue fzc fzco fze gmbh gosudarstvennoe gosudarstvennoye gup
inc incorporated inostrannoe inostrannoye ioo iooo ip itaa jsc kb kft kg kompania kompaniya
kp limited llc llp lp ltd ltda mbh mup nak njsc nko nv oao obshchestvo obshestvo
ogranichennoi ogranichennoy ohg ojsc ood ooo otkrytoe otkrytoye otvetstvennostiu
otvetstvennostyu oy pao pat pidpryemstvo pjs pjsc plc pradpryemstva prat predpriyatie
predpriyatiye pryvatnae pryvatne pte publichne publichnoe publichnoye pvt sa sal sarl sas
sdn sirketi sl spa sprl srl sro sue taa tavarystva tov tovarishchestvo tovarystvo unitarnae
unitarnoe unitarnoye unitary vat vidkryte vzw wll zakrytaye zakryte zakrytoe zakrytoye
zamezhnaye zao zat zrt ztaa
"""
LEGAL_WORDS = frozenset(_LEGAL_WORDS_TEXT.split())
_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES, ""))
_HYPHENS = str.maketrans(dict.fromkeys(HYPHENS, " "))
_NON_WORD = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")

# Russian letters, as in BGN/PCGN-style news transcriptions.
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u", "ј": "y", "љ": "ly",
    "њ": "ny", "ћ": "ch", "ђ": "dj", "џ": "dzh", "ѓ": "g", "ќ": "k", "ѕ": "dz",
}  # fmt: skip

# Ukrainian and Belarusian read these letters differently from Russian ("Гомель" -> Homel).
CYRILLIC_UK_BE = {"г": "h", "и": "y"}

# Letters that Ukrainian (і ї є ґ) or Belarusian (і ў) use and Russian does not.
EAST_SLAVIC_MARKS = frozenset("іїєґў")

# Arabic and Persian consonants; long vowels و / ي are handled in context below.
ARABIC = {
    "ا": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m",
    "ن": "n", "ه": "h", "ة": "a", "ى": "a", "ء": "", "پ": "p", "چ": "ch", "ژ": "zh",
    "گ": "g", "ک": "k", "ی": "y", "ۀ": "a", "ﻻ": "la", "،": ",",
}  # fmt: skip

# Alef and hamza seats unified before transliteration: أ إ آ ٱ -> ا, ؤ -> و, ئ -> ي.
ARABIC_UNIFY = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
                              "ؤ": "و", "ئ": "ي", "ی": "ي", "ک": "ك", "ە": "ه"})  # fmt: skip

# Tashkeel (short-vowel marks, shadda, sukun), Quranic marks and tatweel are not letters.
ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_WORD = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+")
CYRILLIC_WORD = re.compile("[\u0400-\u04ff\u0500-\u052f]+")
ARABIC_VOWEL_SEATS = "اوي"


def transliterate_arabic_word(word: str) -> str:
    """One Arabic word to Latin: "الأسد" -> "al asd" (the article is split off)."""
    word = ARABIC_MARKS.sub("", word).translate(ARABIC_UNIFY)
    prefix = ""
    if word.startswith("ال") and len(word) > 3:
        prefix, word = "al ", word[2:]
    out = []
    for i, char in enumerate(word):
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if char in "وي":
            # Glide at the start or before a long vowel ("wa", "ya"), long vowel elsewhere.
            glide = i == 0 or nxt == "ا"
            out.append(("w" if char == "و" else "y") if glide else ("u" if char == "و" else "i"))
        elif char == "ه" and i > 0 and not nxt and word[i - 1] not in ARABIC_VOWEL_SEATS:
            out.append("ah")  # Persian silent final heh, like ta marbuta: "قفصه" -> "qfsah"
        else:
            out.append(ARABIC.get(char, anyascii(char)))
    return prefix + "".join(out)


def transliterate_cyrillic_word(word: str, east_slavic: bool) -> str:
    """One Cyrillic word to Latin: "Вершинин" -> "vershinin"; Ukrainian "Гнат" -> "hnat"."""
    out = []
    for char in word.lower():
        if east_slavic and char in CYRILLIC_UK_BE:
            out.append(CYRILLIC_UK_BE[char])
        else:
            out.append(CYRILLIC.get(char, anyascii(char)))
    text = "".join(out)
    # Adjective endings -ий / -ый are written -y in names: "Юрий" -> "yury".
    return re.sub(r"(?:iy|yy)$", "y", text)


def is_east_slavic(text: str) -> bool:
    """Ukrainian/Belarusian spelling (г = h, и = y) is recognised by its own letters."""
    return any(c in EAST_SLAVIC_MARKS for c in text.lower())


def transliterate(text: str) -> str:
    """Whole name to Latin, script by script: "Сергей Вершинин" -> "sergey vershinin"."""
    if text.isascii():
        return text
    east_slavic = is_east_slavic(text)
    text = ARABIC_WORD.sub(lambda m: transliterate_arabic_word(m.group()), text)
    text = CYRILLIC_WORD.sub(lambda m: transliterate_cyrillic_word(m.group(), east_slavic), text)
    return anyascii(text) if not text.isascii() else text


def _strip_marks(text: str) -> str:
    """Drop combining diacritics: "Şeki" -> "Seki", "Armintîre" -> "Armintire"."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _reorder_comma(text: str) -> str:
    """List order back to reading order: "AL-ASSAD, Bashar" -> "Bashar AL-ASSAD".

    Only one comma, and not when the tail is a legal form ("ACME, LTD").
    """
    head, sep, tail = text.partition(",")
    if not sep or "," in tail or not tail.strip() or not head.strip():
        return text
    tail_words = _fold_words(tail).split()
    if not tail_words or all(w in LEGAL_WORDS for w in tail_words) or len(tail_words) > 3:
        return text
    return f"{tail} {head}"


def _fold_words(text: str) -> str:
    """Script, case, diacritics and punctuation folding without the comma rule."""
    # Apostrophes go before NFKC, which turns the acute accent U+00B4 into space + mark.
    text = unicodedata.normalize("NFKC", text.translate(_APOSTROPHES)).lower()
    text = transliterate(text).lower()  # anyascii capitalises syllables: 习近平 -> "XiJinPing"
    text = _strip_marks(text)
    if not text.isascii():
        text = anyascii(text).lower()
    text = text.translate(_APOSTROPHES).translate(_HYPHENS)
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def fold(name: str) -> str:
    """Human-readable normalised form: "AL-ASSAD, Bashar" -> "bashar al assad"."""
    if not name:
        return ""
    return _fold_words(_reorder_comma(name))
