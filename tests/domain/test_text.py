"""Vietnamese text: NFC on the way in, accent-free search keys, alphabetical sort keys."""

import unicodedata

import pytest

from desktop_app.domain.text import clean, fold, nfc, sort_key


def vietnamese_sorted(words: list[str]) -> list[str]:
    return sorted(words, key=sort_key)


def test_nfc_composes_decomposed_input():
    """Text typed as base letter plus combining marks is stored composed."""
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Hoà")
    assert typed != "Nguyễn Thị Hoà"
    assert nfc(typed) == "Nguyễn Thị Hoà"
    assert unicodedata.is_normalized("NFC", clean(typed))


def test_clean_trims_and_folds_spaces_but_keeps_lines_of_long_text():
    """Runs of spaces become one; line breaks survive only in long text."""
    assert clean("  Thôn   Nà\u00a0Áng \n") == "Thôn Nà Áng"
    assert clean(" dòng một  \r\n  dòng hai ", multiline=True) == "dòng một\ndòng hai"
    assert clean(None) == ""


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Dân vận khéo", "dan van kheo"),
        ("ĐẢNG ỦY XÃ", "dang uy xa"),
        ("Đường làng", "duong lang"),
        ("Thôn Nà Áng", "thon na ang"),
        (unicodedata.normalize("NFD", "Phường Hạ Long"), "phuong ha long"),
    ],
)
def test_fold_drops_accents_and_reads_d_bar_as_d(text, folded):
    """Search ignores accents and treats đ as d."""
    assert fold(text) == folded


def test_tone_placement_variants_fold_and_sort_alike():
    """"hoà" and "hòa", "thuỷ" and "thủy" are the same word for search and for sorting."""
    assert fold("hoà") == fold("hòa")
    assert fold("thuỷ") == fold("thủy")
    assert sort_key("Hoà Bình") == sort_key("Hòa Bình")
    assert sort_key("Thuỷ") == sort_key("Thủy")


def test_alphabet_order_puts_modified_letters_after_their_base():
    """a ă â b c d đ e ê … o ô ơ … u ư, not the order of code points."""
    words = ["đá", "ơn", "ăn", "ân", "an", "ê", "e", "ô", "o", "ư", "u", "d", "b"]
    assert vietnamese_sorted(words) == ["an", "ăn", "ân", "b", "d", "đá", "e", "ê", "o", "ô", "ơn", "u", "ư"]


def test_tones_order_none_huyen_hoi_nga_sac_nang():
    """Words with the same letters sort by tone: ma mà mả mã má mạ."""
    words = ["mạ", "má", "mã", "mả", "mà", "ma"]
    assert vietnamese_sorted(words) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_letters_decide_before_tones():
    """The tone only breaks ties: "má" comes before "man" because the letters say so."""
    assert vietnamese_sorted(["man", "má"]) == ["má", "man"]
    assert vietnamese_sorted(["Bình", "Bích"]) == ["Bích", "Bình"]


def test_sort_of_names_ignores_case_first():
    """Upper and lower case sort together, case only breaking exact ties."""
    names = ["Đỗ Văn Hùng", "Dương Thị Lan", "đinh Công", "Ân", "anh"]
    assert vietnamese_sorted(names) == ["anh", "Ân", "Dương Thị Lan", "đinh Công", "Đỗ Văn Hùng"]


def test_shorter_word_first_and_spaces_before_letters():
    """"Nguyễn An" before "Nguyễn Anh" before "Nguyễnh"."""
    assert vietnamese_sorted(["Nguyễn Anh", "Nguyễn An"]) == ["Nguyễn An", "Nguyễn Anh"]


def test_sort_key_is_ascii_so_sqlite_sorts_it_binary():
    """The key is plain ASCII, so the database's default collation gives Vietnamese order."""
    assert sort_key("Lường Thị Ưng").isascii()
    assert sort_key("") == sort_key(None) == ""
