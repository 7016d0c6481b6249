"""build_keys for a bulk load, each distinct word of the load folded and keyed once.

A name is a few words and at a million aliases most words recur (given names, legal
forms, places), while folding a name (Unicode normalisation, transliteration, regexes)
and tokenising it was two thirds of building the index. Folding goes word by word: each
step of `normalize.fold` after the comma rule maps every whitespace-separated word on
its own (NFKC, case, the script rules, punctuation, spaces), except for two facts of the
whole name, read per word and combined: whether it has east-Slavic letters (which change
how "г" and "и" read in all its words) and whether it is in Arabic script (its tokens
are compared by skeleton). One whitespace character folds to nothing and so joins its
neighbours (U+0085); a name with it is keyed whole. Tokenising takes `name_tokens`'s
steps over the folded words, each word's form and keys memoised; a name with an "abd"
or "ad-din" form that joins a neighbour goes through `name_tokens` whole.

Most names are of words that need no neighbour and no fact of the name beyond its script
(no east-Slavic letters, no legal phrase, no article whose fate the next raw word decides,
all words in Arabic script or none): their folded form and keys are memoised per raw
word.

`WordKeyer().keys(name) == build_keys(name)` for every name (tests/property). Its memos
grow with the load's distinct words, so a keyer lives for one bulk load.
"""

from __future__ import annotations

from service.matching import normalize
from service.matching.keys import NameKeys, TokenKeys, build_keys, token_keys
from service.matching.normalize import Token
from service.matching.translit import has_arabic_script, is_east_slavic

WordFacts = tuple[str, bool, bool]  # folded (not east-Slavic), Arabic script, east-Slavic
# a raw word's folded form, keys and script (Arabic or not), in any name of one script
Whole = tuple[str, tuple[TokenKeys, ...], bool]
JOINING_SPACE = "\x85"  # whitespace to str.split, folded to nothing (anyascii)
_MISSING: Whole = ("", (), False)  # told apart by identity: no entry is this very tuple


class WordKeyer:
    """build_keys with memos per raw word and per folded word."""

    def __init__(self) -> None:
        self.words: dict[str, WordFacts] = {}
        self.east_words: dict[str, str] = {}  # raw word -> folded in an east-Slavic name
        self.whole: dict[str, Whole | None] = {}  # None: the word needs its name
        self.forms: dict[str, str | None] = {}  # folded word -> normalize.kept_form
        self.lone: tuple[dict[str, TokenKeys], dict[str, TokenKeys]] = ({}, {})  # by abjad

    def keys(self, name: str) -> NameKeys:
        """build_keys(name)."""
        if "," in name or JOINING_SPACE in name:
            return self._keys(name)
        folded: list[str] = []
        tokens: list[TokenKeys] = []
        abjad = None  # the name's words are all in Arabic script, or none is
        whole = self.whole
        for raw in name.split():
            entry = whole.get(raw, _MISSING)
            if entry is _MISSING:
                entry = whole[raw] = self._whole(raw)
            if entry is None:
                return self._keys(name)
            if entry[2] is not abjad:
                if abjad is not None:
                    return self._keys(name)
                abjad = entry[2]
            if entry[0]:
                folded.append(entry[0])
                tokens += entry[1]
        return NameKeys(" ".join(folded), tuple(tokens))

    def _whole(self, raw: str) -> Whole | None:
        """The raw word's folded form and keys if they hold in any name whose words share
        its script (Arabic or not): not east-Slavic, no word its neighbours may change, and
        no article whose fate the next raw word decides."""
        folded, arabic, east = self.word(raw)
        if east:
            return None
        words = folded.split()
        last = len(words) - 1
        tokens = []
        for i, word in enumerate(words):
            if word in normalize._ARTICLE_WORDS:
                if i == last:
                    return None
                if normalize._is_article(word, words[i + 1]):
                    continue
            form = self.form(word)
            if form is None or form in normalize._LEGAL_PHRASE_FIRST:
                return None
            if form in normalize.LEADING_INITIALS:
                return None  # its role depends on where it stands (normalize.name_tokens)
            tokens.append(self.token(form, arabic))
        return folded, tuple(tokens), arabic

    def _keys(self, name: str) -> NameKeys:
        """build_keys(name), word by word where the name allows."""
        if JOINING_SPACE in name:
            return build_keys(name)
        raw_words = normalize._reorder_comma(name).split() if name else []
        facts = [self.word(raw) for raw in raw_words]
        abjad = any(fact[1] for fact in facts)
        if any(fact[2] for fact in facts):
            parts = [self.east_word(raw) for raw in raw_words]
        else:
            parts = [fact[0] for fact in facts]
        folded = " ".join([part for part in parts if part])
        return NameKeys(folded, self.tokens(folded, abjad))

    def tokens(self, folded: str, abjad: bool) -> tuple[TokenKeys, ...]:
        """tuple(token_keys(t, abjad) for t in name_tokens(folded)), from memos."""
        words = folded.split()
        last = len(words) - 1
        forms = []
        for i, word in enumerate(words):
            if (
                word in normalize._ARTICLE_WORDS
                and i < last
                and normalize._is_article(word, words[i + 1])
            ):
                continue
            form = self.form(word)
            if form is None or (not forms and form in normalize.LEADING_INITIALS):
                # joins a neighbour, or a one-letter particle that opens the name: an initial
                return tuple(token_keys(t, abjad) for t in normalize.name_tokens(folded))
            forms.append(form)
        if not any(form in normalize._LEGAL_PHRASE_FIRST for form in forms):
            return tuple([self.token(form, abjad) for form in forms])
        legal = normalize._legal_mask(forms)
        return tuple(
            token_keys(Token(form, "legal"), abjad) if is_legal else self.token(form, abjad)
            for form, is_legal in zip(forms, legal, strict=True)
        )

    def word(self, raw: str) -> WordFacts:
        facts = self.words.get(raw)
        if facts is None:
            if raw.isascii():
                facts = (normalize._fold_words(raw), False, False)
            else:
                east = is_east_slavic(normalize._cased(raw))
                facts = (normalize._fold_words(raw, False), has_arabic_script(raw), east)
            self.words[raw] = facts
        return facts

    def east_word(self, raw: str) -> str:
        folded = self.east_words.get(raw)
        if folded is None:
            folded = self.east_words[raw] = normalize._fold_words(raw, True)
        return folded

    def form(self, word: str) -> str | None:
        if word in self.forms:
            return self.forms[word]
        form = self.forms[word] = normalize.kept_form(word)
        return form

    def token(self, form: str, abjad: bool) -> TokenKeys:
        """Keys of a kept word that no legal phrase covers."""
        memo = self.lone[abjad]
        keys = memo.get(form)
        if keys is None:
            keys = memo[form] = token_keys(Token(form, normalize.word_role(form)), abjad)
        return keys
