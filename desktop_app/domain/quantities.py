"""A count said with its unit, in the form the language needs for that number: "3 đơn" in
Vietnamese, which has one form; "1 petition" and "3 petitions" in English, through gettext's
plural forms (``ngettext``), never "1 times".

The units are those of the indicators (domain/indicators.py), and the nouns the sentences drafted
from the figures count ("cuộc đối thoại", "lượt cử tri"); each has its own message, so that a
translator gives both forms and a word that counts two things ("cuộc") is translated for each.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.domain.l10n import format_number, ngettext

_FORMS: dict[str, Callable[[int], str]] = {
    "lượt": lambda n: ngettext("{n} lượt", "{n} lượt", n),
    "người": lambda n: ngettext("{n} người", "{n} người", n),
    "đoàn": lambda n: ngettext("{n} đoàn", "{n} đoàn", n),
    "đơn": lambda n: ngettext("{n} đơn", "{n} đơn", n),
    "đơn thư": lambda n: ngettext("{n} đơn thư", "{n} đơn thư", n),
    "cuộc": lambda n: ngettext("{n} cuộc", "{n} cuộc", n),
    "cuộc đối thoại": lambda n: ngettext("{n} cuộc đối thoại", "{n} cuộc đối thoại", n),
    "cuộc giám sát": lambda n: ngettext("{n} cuộc giám sát", "{n} cuộc giám sát", n),
    "ý kiến": lambda n: ngettext("{n} ý kiến", "{n} ý kiến", n),
    "ý kiến, kiến nghị": lambda n: ngettext("{n} ý kiến, kiến nghị", "{n} ý kiến, kiến nghị", n),
    "kiến nghị": lambda n: ngettext("{n} kiến nghị", "{n} kiến nghị", n),
    "hội nghị": lambda n: ngettext("{n} hội nghị", "{n} hội nghị", n),
    "hoạt động": lambda n: ngettext("{n} hoạt động", "{n} hoạt động", n),
    "mô hình": lambda n: ngettext("{n} mô hình", "{n} mô hình", n),
    "đợt": lambda n: ngettext("{n} đợt", "{n} đợt", n),
    "buổi": lambda n: ngettext("{n} buổi", "{n} buổi", n),
    "lượt cử tri": lambda n: ngettext("{n} lượt cử tri", "{n} lượt cử tri", n),
    "lượt người": lambda n: ngettext("{n} lượt người", "{n} lượt người", n),
    "vấn đề bức xúc": lambda n: ngettext("{n} vấn đề bức xúc", "{n} vấn đề bức xúc", n),
    "bản ghi": lambda n: ngettext("{n} bản ghi", "{n} bản ghi", n),
}
UNITS = tuple(_FORMS)


def quantity(count: int, unit: str) -> str:
    """``count`` ``unit``s: "1.250 lượt", "1 time", "1,250 times"."""
    return _FORMS[unit](count).format(n=format_number(count))
