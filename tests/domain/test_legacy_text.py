"""TCVN3 and VNI text from old sheets read as Unicode: every row of both tables, every tone on
every vowel in both cases, real phrases, and cells that must be left alone byte for byte."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest

from desktop_app.domain.legacy_text import TCVN3_BYTES, TONES, VNI, Legacy, Verdict, judge, to_unicode

# The vowels as the tables order them, each with no tone, then sắc, huyền, hỏi, ngã, nặng.
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]

# VNI Windows as VNI's own chart writes it (the letter, then its marks), row by row: independent of
# how desktop_app builds its table.
VNI_CHART = {
    "a": "a aù aø aû aõ aï", "ă": "aê aé aè aú aü aë", "â": "aâ aá aà aå aã aä",
    "e": "e eù eø eû eõ eï", "ê": "eâ eá eà eå eã eä", "i": "i í ì æ ó ò",
    "o": "o où oø oû oõ oï", "ô": "oâ oá oà oå oã oä", "ơ": "ô ôù ôø ôû ôõ ôï",
    "u": "u uù uø uû uõ uï", "ư": "ö öù öø öû öõ öï", "y": "y yù yø yû yõ î",
}  # fmt: skip


def letter(vowel: str, tone: int) -> str:
    return unicodedata.normalize("NFC", vowel + ("", *TONES)[tone])


def iconv_tcvn(data: bytes) -> str:
    """The C library's own TCVN 5712 converter (glibc iconv): the table's independent check."""
    return subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True,
                          check=True).stdout.decode()  # fmt: skip


def as_sheet(data: bytes) -> str:
    """What a cell shows for bytes typed in an 8-bit font: Windows-1252, undefined bytes as such."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


@pytest.mark.parametrize("byte", sorted(TCVN3_BYTES))
def test_every_tcvn3_byte_is_the_letter_the_c_library_reads(byte):
    assert TCVN3_BYTES[byte] == iconv_tcvn(bytes([byte]))
    assert to_unicode(as_sheet(bytes([byte])), Legacy.TCVN3) == TCVN3_BYTES[byte]


@pytest.mark.parametrize("vowel", VOWELS)
def test_every_tone_on_every_vowel_in_both_cases(vowel):
    for tone in range(6):
        lower = letter(vowel, tone)
        for expected in (lower, lower.upper()):
            vni = VNI_CHART[vowel].split()[tone]
            vni = vni.upper() if expected.isupper() else vni
            assert to_unicode(vni, Legacy.VNI) == expected, (vni, expected)
            tcvn_bytes = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=expected.encode(),
                                        capture_output=True, check=True).stdout  # fmt: skip
            if len(tcvn_bytes) == 1:  # a letter of its own in TCVN3 (those with none are written in parts)
                assert to_unicode(as_sheet(tcvn_bytes), Legacy.TCVN3) == expected


def test_d_with_stroke_in_both_cases():
    assert to_unicode("§", Legacy.TCVN3) == "Đ" and to_unicode("®", Legacy.TCVN3) == "đ"
    assert to_unicode("Ñ", Legacy.VNI) == "Đ" and to_unicode("ñ", Legacy.VNI) == "đ"
    assert set(VNI.values()) >= {letter(v, t) for v in VOWELS for t in range(1, 6)} | {"đ", "Đ", "ơ", "ư", "Ơ", "Ư"}


PHRASES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Ủy ban nhân dân xã Bình Liêu",
    "Đề nghị cấp giấy chứng nhận quyền sử dụng đất",
    "Khiếu nại mức bồi thường khi thu hồi đất làm đường",
    "Người có uy tín trong đồng bào dân tộc thiểu số",
    "Định kỳ", "Đột xuất", "Nguyễn Thị Thủy", "Đặng Văn Lực", "Hà Nội", "Đà Nẵng",
    "Ngày 15 tháng 3 năm 2024", "Kỷ niệm, ghi nhận, tuyên dương",
]
VNI_PHRASES = {  # as VNI-Times would store them
    "Cộng hòa xã hội chủ nghĩa Việt Nam": "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam",
    "Độc lập - Tự do - Hạnh phúc": "Ñoäc laäp - Töï do - Haïnh phuùc",
    "Ủy ban nhân dân xã Bình Liêu": "UÛy ban nhaân daân xaõ Bình Lieâu",
    "Đề nghị cấp giấy chứng nhận quyền sử dụng đất": "Ñeà nghò caáp giaáy chöùng nhaän quyeàn söû duïng ñaát",
    "Khiếu nại mức bồi thường khi thu hồi đất làm đường": "Khieáu naïi möùc boài thöôøng khi thu hoài ñaát laøm ñöôøng",
    "Người có uy tín trong đồng bào dân tộc thiểu số": "Ngöôøi coù uy tín trong ñoàng baøo daân toäc thieåu soá",
    "Định kỳ": "Ñònh kyø", "Đột xuất": "Ñoät xuaát", "Nguyễn Thị Thủy": "Nguyeãn Thò Thuûy",
    "Đặng Văn Lực": "Ñaëng Vaên Löïc", "Hà Nội": "Haø Noäi", "Đà Nẵng": "Ñaø Naüng",
    "Ngày 15 tháng 3 năm 2024": "Ngaøy 15 thaùng 3 naêm 2024",
    "Kỷ niệm, ghi nhận, tuyên dương": "Kyû nieäm, ghi nhaän, tuyeân döông",
}


@pytest.mark.parametrize("phrase", PHRASES)
def test_real_phrases_in_each_encoding_convert_and_are_found_out(phrase):
    tcvn = as_sheet(subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN5712-1"], input=phrase.encode(),
                                   capture_output=True, check=True).stdout)  # fmt: skip
    for typed, legacy in ((tcvn, Legacy.TCVN3), (VNI_PHRASES[phrase], Legacy.VNI)):
        assert to_unicode(typed, legacy) == phrase
        found = judge(typed)
        assert (found.verdict, found.text, found.legacy) == (Verdict.CONVERTED, phrase, legacy), typed
        assert unicodedata.is_normalized("NFC", found.text)


@pytest.mark.parametrize("cell", ["Hà Nội", "Nguyễn Thị Thủy", "«Định kỳ» – ghi chú “quan trọng”…", "Hà Nam",
                                  "ĐỒNG Ý", "Phase 1 – 2", "12/03/2024", "1.250.000", "abc@xa.gov.vn", "",
                                  unicodedata.normalize("NFD", "Hà Nội")])  # fmt: skip
def test_unicode_and_ascii_are_left_byte_for_byte(cell):
    found = judge(cell)
    assert found.verdict in (Verdict.PLAIN, Verdict.UNICODE) and found.text == cell and found.legacy is None


def test_a_cell_no_reading_decides_is_left_and_said_undecided():
    for cell in ("Müller", "Hmông"):
        found = judge(cell)
        assert (found.verdict, found.text) == (Verdict.UNDECIDED, cell)


def test_a_column_forced_to_an_encoding_reads_what_could_be_either():
    assert judge("cã").verdict == Verdict.UNICODE, "alone, a spelling Unicode also has stays"
    assert judge("cã", Legacy.TCVN3).text == "có"
    assert judge("Hà Nội", Legacy.TCVN3).text == "Hà Nội", "proven Unicode is never read as TCVN3"
