"""Arabic and Cyrillic to Latin by name-aware rules; other scripts through anyascii.

Names are romanised the way English-language lists spell them ("Сергей Вершинин" ->
"sergey vershinin", "أحمد الشرع" -> "ahmd al shr"), so Latin and native spellings meet.
"""

from __future__ import annotations

import re

from anyascii import anyascii

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


def is_ascii(text: str) -> bool:
    """Most inputs are already Latin: skip the script work for them."""
    return text.isascii()


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


def has_arabic_script(text: str) -> bool:
    """Arabic-script names lack short vowels, so they are compared by skeleton."""
    return not text.isascii() and ARABIC_WORD.search(text) is not None


def transliterate(text: str, east_slavic: bool | None = None) -> str:
    """Whole name to Latin, script by script: "Сергей Вершинин" -> "sergey vershinin".

    ``east_slavic``: whether the whole name is Ukrainian or Belarusian, when `text` is one
    word of it (word_keys.py folds a name word by word); by default, read from `text`."""
    if is_ascii(text):
        return text
    if east_slavic is None:
        east_slavic = is_east_slavic(text)
    text = ARABIC_WORD.sub(lambda m: transliterate_arabic_word(m.group()), text)
    text = CYRILLIC_WORD.sub(lambda m: transliterate_cyrillic_word(m.group(), east_slavic), text)
    return anyascii(text) if not text.isascii() else text
