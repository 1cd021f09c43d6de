"""Vietnamese text: NFC on the way in, accent folding for search, alphabetical sort keys.

Vietnamese input methods (Unikey, the macOS and Windows keyboards) often type decomposed
text, and the tone mark of a syllable such as "hòa" / "hoà" may sit on either vowel. Stored
text is always NFC; search and sorting treat both tone placements as the same word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

_COMBINING_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
# Marks that make a different letter of the alphabet, not a tone: ă â ê ô ơ ư.
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}

# The Vietnamese alphabet, with the Latin letters it does not use (f j w z) in Latin order.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_LETTER_BASE = 0x110000  # above every code point: letters sort after digits and punctuation

_SPACE_RE = re.compile(r"[ \t\u00a0]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode normal form C."""
    return unicodedata.normalize("NFC", text)


def clean(text: str | None, *, multiline: bool = False) -> str:
    """NFC, trimmed, runs of spaces folded to one; line breaks kept only in long text."""
    if text is None:
        return ""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    if multiline:
        lines = [_SPACE_RE.sub(" ", line).strip() for line in text.split("\n")]
        return "\n".join(lines).strip()
    return _SPACE_RE.sub(" ", text.replace("\n", " ")).strip()


class _FoldTable(dict):
    """``str.translate`` table: each character to itself lower case, without accents, đ as d;
    combining marks to nothing. Filled on first sight of a character, then read at C speed."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code))
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
        value = value.replace("đ", "d")
        self[code] = value
        return value


_FOLD = _FoldTable()


def fold(text: str | None) -> str:
    """Lower case without accents, đ as d: "Dân vận Khéo" -> "dan van kheo"."""
    if not text:
        return ""
    return _SPACE_RE.sub(" ", text.translate(_FOLD)).strip()


@cache
def _char_key(char: str) -> tuple[str, int, bool, bool]:
    """One character's part of a sort key: its primary weight (6 hex digits), its tone, whether
    it is a letter of the alphabet, and whether it is upper case. Cached: text has few distinct
    characters, and this is the inner loop of every sort key."""
    letter, tone = _letter_and_tone(char)
    rank = _LETTER_RANK.get(letter)
    if rank is not None:
        return f"{_LETTER_BASE + rank:06x}", tone, True, char.isupper()
    if char.isspace():
        return "000001", 0, False, False
    return f"{ord(letter[0]) + 0x10:06x}", 0, False, False


def _letter_and_tone(char: str) -> tuple[str, int]:
    """Split one character into its alphabet letter (ă, ơ …, lower case) and its tone (0–5)."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, tone, marks = decomposed[0], 0, []
    for mark in decomposed[1:]:
        if mark in _COMBINING_TONES:
            tone = _COMBINING_TONES[mark]
        else:
            marks.append(mark)
    letter = unicodedata.normalize("NFC", base + "".join(marks))
    return letter, tone


@lru_cache(maxsize=1 << 16)
def sort_key(text: str | None) -> str:
    """A key whose plain (binary) order is Vietnamese alphabetical order.

    Letters compare first (a ă â b c d đ e ê …), then the tone of each word in the order
    none, huyền, hỏi, ngã, sắc, nặng, then case. The tone belongs to the word, not to the
    vowel that carries it, so "hoà" and "hòa" get the same key. The key is ASCII, so SQLite
    sorts it correctly with its default collation.
    """
    if not text:
        return ""
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    word_tone = 0
    in_word = False
    for char in nfc(text):
        weight, tone, is_letter, upper = _char_key(char)
        primary.append(weight)
        if is_letter:
            cases.append("1" if upper else "0")
            word_tone = max(word_tone, tone)
            in_word = True
            continue
        if in_word:
            tones.append(str(word_tone))
            word_tone, in_word = 0, False
    if in_word:
        tones.append(str(word_tone))
    return "".join(primary) + " " + "".join(tones) + " " + "".join(cases)


def sentence_case(text: str) -> str:
    """"quý I năm 2024" -> "Quý I năm 2024" (``str.capitalize`` would lower the I)."""
    return text[:1].upper() + text[1:]
