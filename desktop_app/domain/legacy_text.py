"""Vietnamese typed before Unicode: the TCVN3 (ABC, ".VnTime" fonts) and VNI ("VNI-Times")
encodings, as a spreadsheet keeps them, and their conversion to Unicode NFC.

A sheet typed with one of those fonts stores the font's bytes as Windows-1252 characters: the
same "Hà Nội" is "Hµ Néi" in TCVN3 and "Haø Noäi" in VNI, and both read right only where the old
font is installed. TCVN3 gives every letter one byte; VNI writes a toned vowel as the vowel and a
mark ("a" + "ø" is "à"). The two tables below are the encodings themselves (TCVN 5712:1993 as
the C library's TCVN5712-1 converter has it; VNI Windows as VNI's fonts draw it), each row checked
by tests/domain/test_legacy_text.py.

A cell is converted only when it is not already Vietnamese Unicode and the conversion gives
Vietnamese words; a cell of plain ASCII, good Unicode, a number or a date is never touched, and a
cell neither reading decides is left as it is and said to be undecided (``judge``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Legacy(StrEnum):
    TCVN3 = "tcvn3"
    VNI = "vni"


def _cp1252(byte: int) -> str:
    """The character a spreadsheet shows for ``byte`` typed in an 8-bit font."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined keep their own code
        return chr(byte)


# TCVN 5712:1993 (VN1), byte -> letter. Its capitals with tones are below 0x20 and in 0x80-0x9F;
# the five combining tones at 0xB0-0xB4 are left out (they are "°±²³´" in a sheet, which Unicode
# text uses as such), and 0xA0 and 0xFD ("ý") are the same in both.
TCVN3_BYTES: dict[int, str] = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ", 0x12: "Ự", 0x13: "Ỳ",
    0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
    0x80: "À", 0x81: "Ả", 0x82: "Ã", 0x83: "Á", 0x84: "Ạ", 0x85: "Ặ", 0x86: "Ậ", 0x87: "È",
    0x88: "Ẻ", 0x89: "Ẽ", 0x8A: "É", 0x8B: "Ẹ", 0x8C: "Ệ", 0x8D: "Ì", 0x8E: "Ỉ", 0x8F: "Ĩ",
    0x90: "Í", 0x91: "Ị", 0x92: "Ò", 0x93: "Ỏ", 0x94: "Õ", 0x95: "Ó", 0x96: "Ọ", 0x97: "Ộ",
    0x98: "Ờ", 0x99: "Ở", 0x9A: "Ỡ", 0x9B: "Ớ", 0x9C: "Ợ", 0x9D: "Ù", 0x9E: "Ủ", 0x9F: "Ũ",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ", 0xAF: "Ằ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã",
    0xB8: "á", 0xB9: "ạ", 0xBA: "Ẳ", 0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xBF: "Ẵ",
    0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ", 0xC5: "Ề", 0xC6: "ặ", 0xC7: "ầ",
    0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ", 0xCC: "è", 0xCD: "Ể", 0xCE: "ẻ", 0xCF: "ẽ",
    0xD0: "é", 0xD1: "ẹ", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ", 0xD7: "ì",
    0xD8: "ỉ", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị", 0xDF: "ò",
    0xE0: "Ổ", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ", 0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ",
    0xE8: "ố", 0xE9: "ộ", 0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ", 0xEF: "ù",
    0xF0: "Ỗ", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ", 0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ",
    0xF8: "ứ", 0xF9: "ự", 0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ", 0xFF: "Ố",
}  # fmt: skip
TCVN3: dict[str, str] = {_cp1252(byte): letter for byte, letter in TCVN3_BYTES.items()}
_SHEET_C1 = str.maketrans({chr(byte): _cp1252(byte) for byte in range(0x80, 0xA0)})


def sheet_text(data: bytes) -> str:
    """8-bit bytes (a CSV saved in the old fonts' days) as a spreadsheet shows them: Windows-1252,
    its five undefined bytes kept as their own codes."""
    return data.decode("latin-1").translate(_SHEET_C1)

# VNI Windows: a vowel and its marks, each mark one byte after the letter. Per row: the letter
# alone, then with sắc, huyền, hỏi, ngã, nặng (the order of the tones below).
TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # sắc, huyền, hỏi, ngã, nặng
_VNI_MARKS_LOWER = {
    "": ("ù", "ø", "û", "õ", "ï"),  # a, e, o, u, y, ơ, ư
    "\u0302": ("â", "á", "à", "å", "ã", "ä"),  # circumflex: â ê ô, then its five tones
    "\u0306": ("ê", "é", "è", "ú", "ü", "ë"),  # breve: ă
}
# The letters VNI draws in one byte: ơ ư (and their capitals), đ, the i with its tones, and ỵ.
_VNI_SINGLE_LOWER = {"ơ": "ô", "ư": "ö", "đ": "ñ", "í": "í", "ì": "ì", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î"}


def _vni_table() -> dict[str, str]:
    """VNI spelling -> letter, lowercase and capital, every vowel with every tone."""
    table: dict[str, str] = {}

    def add(vni: str, letter: str) -> None:
        table[vni] = letter
        table[vni.upper()] = letter.upper()

    for single, vni in _VNI_SINGLE_LOWER.items():
        add(vni, single)
    for base in "aeouy":
        for tone, mark in zip(TONES, _VNI_MARKS_LOWER[""], strict=True):
            if base == "y" and tone == "\u0323":
                continue  # ỵ is one byte
            add(base + mark, unicodedata.normalize("NFC", base + tone))
    for base, vni_base in (("ơ", "ô"), ("ư", "ö")):
        for tone, mark in zip(TONES, _VNI_MARKS_LOWER[""], strict=True):
            add(vni_base + mark, unicodedata.normalize("NFC", base + tone))
    for accent, bases in (("\u0302", "aeo"), ("\u0306", "a")):
        bare, *toned = _VNI_MARKS_LOWER[accent]
        for base in bases:
            add(base + bare, unicodedata.normalize("NFC", base + accent))
            for tone, mark in zip(TONES, toned, strict=True):
                add(base + mark, unicodedata.normalize("NFC", base + accent + tone))
    return table


VNI: dict[str, str] = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(key) for key in sorted(VNI, key=len, reverse=True)))
_TABLES = {Legacy.TCVN3: TCVN3, Legacy.VNI: VNI}


def to_unicode(text: str, legacy: Legacy) -> str:
    """``text`` read in ``legacy``, as Unicode NFC."""
    if legacy == Legacy.TCVN3:
        converted = "".join(TCVN3.get(char, char) for char in text)
    else:
        converted = _VNI_PATTERN.sub(lambda match: VNI[match.group(0)], text)
    return unicodedata.normalize("NFC", converted)


# ---------------------------------------------------------------- is it Vietnamese?

_TONE_MARKS = set(TONES)
_ONSET = "(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?"
_NUCLEI = ("iêu|yêu|oai|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|"
           "ai|ao|au|ay|âu|ây|eo|êu|ia|iu|iê|oa|oă|oe|oi|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
           "a|ă|â|e|ê|i|o|ô|ơ|u|ư|y")  # fmt: skip
_SYLLABLE = re.compile(f"{_ONSET}(?:{_NUCLEI})(?:ch|ng|nh|c|m|n|p|t)?")
# Punctuation a Unicode sheet holds; never a reason to convert. ("«", "·" or "×" are not here:
# TCVN3 writes "ô", "ã" and "ì" with them, as in "t«i", "m·", "g×".)
_PUNCTUATION = set("–—‘’“”…•€°±")
# What an 8-bit font can put in a sheet: Latin-1, and Windows-1252's letters and signs at 0x80-0x9F.
_EIGHT_BIT = {_cp1252(byte) for byte in range(0x80, 0x100)}
VIETNAMESE_LETTERS = set(
    unicodedata.normalize("NFC", base + tone)
    for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for tone in ("", *TONES)
) | set("đĐ")  # fmt: skip


def is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled as a Vietnamese syllable can be: an onset, a vowel nucleus with
    at most one tone, a final consonant."""
    letters = unicodedata.normalize("NFD", word.lower())
    tones = sum(char in _TONE_MARKS for char in letters)
    bare = unicodedata.normalize("NFC", "".join(char for char in letters if char not in _TONE_MARKS))
    return tones <= 1 and _SYLLABLE.fullmatch(bare) is not None


def _words(text: str) -> list[str]:
    """The words of ``text``: its runs of letters."""
    return re.findall(r"[^\W\d_]+", text)


def reads_as_vietnamese(text: str) -> bool:
    """Every word with a letter beyond ASCII is a Vietnamese syllable, and every character beyond
    ASCII is a Vietnamese letter or common punctuation."""
    if any(not char.isascii() and char not in VIETNAMESE_LETTERS and char not in _PUNCTUATION
           and not char.isspace() for char in text):  # fmt: skip
        return False
    return all(is_syllable(word) and _cased_as_typed(word) for word in _words(text) if not word.isascii())


def _cased_as_typed(word: str) -> bool:
    """Lowercase, capitalised or all capitals, as a person types a word; never a capital after a
    small letter ("tÕ", which is "tế" in TCVN3, whose small "ế" sits where Latin-1 has "Õ")."""
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


# ---------------------------------------------------------------- a cell


class Verdict(StrEnum):
    PLAIN = "plain"  # ASCII, or not text: nothing to read
    UNICODE = "unicode"  # already Vietnamese Unicode
    CONVERTED = "converted"
    UNDECIDED = "undecided"  # beyond ASCII, not Vietnamese Unicode, and no reading makes it so


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    text: str  # what the cell holds after the judgement (converted or as it was)
    legacy: Legacy | None = None  # the encoding it was read in, when converted
    # The readings that also give Vietnamese words: of an undecided cell (both encodings do), or of
    # a Unicode one not proven so ("Thô lý" is Unicode, and "Thụ lý" in TCVN3).
    readings: tuple[Judgement, ...] = ()
    proven: bool = False  # Unicode beyond doubt: it holds a letter no 8-bit font has

    def read_as(self, legacy: Legacy) -> Judgement | None:
        """The cell's reading in ``legacy`` (what the rest of the sheet was typed in), when that
        gives Vietnamese words."""
        return next((reading for reading in self.readings if reading.legacy == legacy), None)


_BEYOND_EIGHT_BIT = re.compile("[^\x00-\x7f" + re.escape("".join(sorted(_EIGHT_BIT))) + "]")


def _typed_in_unicode(text: str) -> bool:
    """Whether ``text`` holds a character no 8-bit font could have left (such as "ộ" or "ư"):
    then it was typed in Unicode, whatever else it holds."""
    return _BEYOND_EIGHT_BIT.search(text) is not None


def judge(text: str, legacy: Legacy | None = None) -> Judgement:
    """What to do with one text cell.

    ``legacy`` None: find out. A cell that reads as Vietnamese Unicode stays; otherwise the
    reading (TCVN3 or VNI) that alone gives Vietnamese words converts it; none or both: undecided
    (with both readings, for the rest of the sheet to decide: "teá" is "tế" in VNI, "teỏ" in TCVN3).
    ``legacy`` given (the officer chose it for a column): every cell that is not proven Unicode is
    read in it, even one that would also read as Unicode ("cã" is "có" in TCVN3).
    """
    if text.isascii():
        return Judgement(Verdict.PLAIN, text)
    nfc = unicodedata.normalize("NFC", text)
    if _typed_in_unicode(text):
        return Judgement(Verdict.UNICODE, text, proven=True)
    if legacy is not None:
        converted = to_unicode(text, legacy)
        return Judgement(Verdict.CONVERTED, converted, legacy) if converted != nfc else Judgement(Verdict.UNICODE, text)
    readings = []
    for candidate in Legacy:
        converted = to_unicode(text, candidate)
        if converted != nfc and reads_as_vietnamese(converted):
            readings.append(Judgement(Verdict.CONVERTED, converted, candidate))
    if reads_as_vietnamese(nfc):
        return Judgement(Verdict.UNICODE, text, readings=tuple(readings))
    return readings[0] if len(readings) == 1 else Judgement(Verdict.UNDECIDED, text, readings=tuple(readings))
