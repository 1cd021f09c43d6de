"""Fields: reading typed or imported input, checking a value on its own, showing it."""

import datetime as dt

import pytest

from desktop_app.domain import l10n
from desktop_app.domain.fields import Field, FieldError, Kind, choices
from desktop_app.domain.l10n import N_

TODAY = dt.date(2026, 11, 24)
KIND = Field("kind", N_("Loại đơn"), Kind.CHOICE, required=True,
             choices=choices(("khieu_nai", N_("Khiếu nại")), ("to_cao", N_("Tố cáo"))))  # fmt: skip


@pytest.mark.parametrize("typed", ["05/02/2026", "2026-02-05", "05-02-2026", "05.02.2026",
                                   dt.date(2026, 2, 5), dt.datetime(2026, 2, 5, 8, 30)])  # fmt: skip
def test_dates_are_read_day_first(typed):
    """Dates are day/month/year, as Vietnamese forms write them, or ISO."""
    assert Field("d", "Ngày", Kind.DATE).coerce(typed) == dt.date(2026, 2, 5)


def test_unreadable_input_names_the_field_and_what_is_expected():
    """A value that cannot be read gives a message with the label and the expected form."""
    with pytest.raises(FieldError) as caught:
        Field("received_date", N_("Ngày nhận"), Kind.DATE).coerce("31/02/2026")
    assert caught.value.field_name == "received_date"
    assert caught.value.message == "«Ngày nhận»: không có ngày 31/02/2026."


@pytest.mark.parametrize(("typed", "amount"), [("7.000.000", 7_000_000), ("7000000", 7_000_000),
                                               ("7.000.000 đồng", 7_000_000), (7_000_000.0, 7_000_000)])  # fmt: skip
def test_money_reads_vietnamese_grouping_and_shows_it(typed, amount):
    """Money is an integer number of đồng, grouped with dots: 7.000.000."""
    money = Field("funding_vnd", N_("Kinh phí hỗ trợ (đồng)"), Kind.MONEY)
    assert money.coerce(typed) == amount
    assert money.display(amount) == "7.000.000"


def test_counts_are_whole_and_not_negative():
    count = Field("people_count", N_("Số người"), Kind.COUNT, minimum=1)
    with pytest.raises(FieldError):
        count.coerce("2,5")
    assert count.problems(-1, TODAY)[0] == "«Số người» không được là số âm."
    assert count.problems(0, TODAY) == ["«Số người» phải từ 1 trở lên."]
    assert count.display(1381610) == "1.381.610"


def test_choices_read_by_code_vietnamese_or_english_label_without_accents():
    """Imported cells may hold the code, the label, the English label, or the label unaccented."""
    assert KIND.coerce("to_cao") == "to_cao"
    assert KIND.coerce("Tố cáo") == "to_cao"
    assert KIND.coerce("to cao") == "to_cao"
    assert KIND.coerce("Complaint") == "khieu_nai"
    with pytest.raises(FieldError, match="«Loại đơn»: «Đơn lạ» không có trong danh sách"):
        KIND.coerce("Đơn lạ")


def test_multi_choice_keeps_declared_order_and_drops_repeats():
    methods = Field("methods", N_("Hình thức"), Kind.MULTI_CHOICE,
                    choices=choices(("a", N_("Họp dân")), ("b", N_("Loa truyền thanh"))))  # fmt: skip
    assert methods.coerce("Loa truyền thanh; Họp dân; b") == ("a", "b")
    assert methods.display(("a", "b")) == "Họp dân; Loa truyền thanh"


def test_required_field_left_empty():
    assert KIND.problems(None, TODAY) == ["«Loại đơn» là bắt buộc."]
    assert KIND.coerce("   ") is None


def test_text_length_future_dates_and_years():
    assert Field("n", N_("Tên mô hình / điển hình"), Kind.TEXT, max_length=3).problems("abcd", TODAY) == [
        "«Tên mô hình / điển hình» dài quá 3 ký tự."
    ]
    day = Field("d", N_("Ngày nhận"), Kind.DATE, not_future=True)
    assert day.problems(TODAY, TODAY) == []
    assert day.problems(TODAY + dt.timedelta(days=1), TODAY) == [
        "«Ngày nhận» không được là ngày trong tương lai."
    ]
    year = Field("y", N_("Năm sinh"), Kind.YEAR, minimum=1900, not_future=True)
    assert year.problems(1899, TODAY) == ["«Năm sinh» phải từ 1900 trở lên."]
    assert year.problems(2027, TODAY) == ["«Năm sinh» không được sau năm nay."]


@pytest.mark.parametrize(("typed", "value"), [("có", True), ("x", True), ("Không", False), ("0", False), (True, True)])
def test_yes_no(typed, value):
    assert Field("a", N_("Đơn nặc danh"), Kind.YES_NO).coerce(typed) is value


def test_messages_and_values_follow_the_language():
    """The same problem reads in English when English is chosen."""
    l10n.set_language("en")
    (message,) = KIND.problems(None, TODAY)
    assert "required" in message and "Loại" not in message
    assert Field("a", N_("Đơn nặc danh"), Kind.YES_NO).display(True) == "Yes"
