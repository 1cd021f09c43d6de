"""What a spreadsheet cell may carry in and out: no formula leaves the program, and a CSV is
read in whichever encoding Excel wrote it.

Formula injection: a text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return would run as a formula when the officer opens the file in Excel or LibreOffice (a
"citizen's name" ``=HYPERLINK(...)`` that leaks the sheet, or worse). In .csv such a text gets a
leading apostrophe, which spreadsheets read as "this is text" and do not show; in .xlsx it is a
string cell. Import takes the apostrophe away again, so export → import gives the same value.

Encodings: UTF-8 with or without its BOM (Excel's "CSV UTF-8"), UTF-16 with its BOM (Excel's
"Unicode Text", tab-separated) and Windows-1258 (Excel's plain "CSV" on a Vietnamese Windows,
whose tone marks are combining characters). Every text is composed to NFC.
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import Any

from desktop_app.domain.l10n import N_

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"

ENCODINGS = {  # codec name -> how the message names it
    "utf-8-sig": N_("UTF-8"),
    "utf-16": N_("UTF-16 (Unicode Text của Excel)"),
    "cp1258": N_("Windows-1258 (CSV của Excel trên Windows tiếng Việt)"),
}


def could_run(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def _marked_core(value: str) -> bool:
    """Whether ``value``, apostrophes before it aside, could run as a formula."""
    return could_run(value.lstrip(TEXT_MARK))


def to_csv(value: Any) -> Any:
    """``value`` as a CSV cell: a text that could run as a formula is marked as text (and one that
    already begins with the mark gets another, so that reading it back gives it whole)."""
    return TEXT_MARK + value if isinstance(value, str) and _marked_core(value) else value


def from_csv(value: Any) -> Any:
    """A CSV cell as the program reads it: the text mark of ``to_csv`` taken away, composed."""
    if not isinstance(value, str):
        return value
    if value.startswith(TEXT_MARK) and _marked_core(value):
        value = value[1:]
    return unicodedata.normalize("NFC", value)


def decode(data: bytes) -> tuple[str, str]:
    """(text, codec) of a CSV file's bytes; UnicodeDecodeError when no encoding above fits."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    return unicodedata.normalize("NFC", data.decode("cp1258")), "cp1258"
