"""The two format profiles of REPORTS.md as data: margins, sizes, header blocks, signature,
"Nơi nhận" and the numbering rule. Code that draws a document reads these values and has no
branch of its own for Party or State documents.

``party``: Hướng dẫn 36-HD/VPTW (2018), Quy định 399-QĐ/TW (2026).
``state``: Nghị định 30/2020/NĐ-CP, Phụ lục I.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop_app.domain.l10n import N_, _


@dataclass(frozen=True)
class Text:
    """How one line of a header or block is set."""

    size: float
    bold: bool = False
    italic: bool = False
    upper: bool = False


@dataclass(frozen=True)
class Margins:
    top: float  # millimetres
    bottom: float
    left: float
    right: float


@dataclass(frozen=True)
class FormatProfile:
    name: str  # party or state
    title: str  # N_ marked; what the chooser shows
    source: str
    margins: Margins
    # Right header: the national lines, a rule under the last one as long as its text, the date.
    national_lines: tuple[tuple[str, Text], ...]
    dateline: Text
    # Left header: the superior body, the issuing body, a mark under it, the number line.
    superior: Text
    issuing: Text
    issuer_mark: str  # "asterisk" or "rule" (a third to a half of the issuing body's length)
    number: Text
    code_format: str  # "{number}-{kind}/{issuer}" (12-BC/ĐU) or "{number}/{kind}-{issuer}" (12/BC-UBND)
    number_label: str  # "Số {code}" or "Số: {code}"
    left_column_share: float  # of the text width
    type_name: Text  # BÁO CÁO
    summary: Text  # kết quả công tác dân vận …
    body_size: float
    first_line_indent: float  # millimetres
    paragraph_space: float  # points after each paragraph
    line_spacing: float  # leading as a multiple of the size
    signature: Text  # T/M ĐẢNG ỦY, BÍ THƯ
    signer_name: Text
    recipients_heading: Text
    recipients_heading_rule: bool  # "Nơi nhận:" underlined (drawn as a line)
    recipients: Text
    archive_recipient: str  # the last recipient: "Lưu Văn phòng Đảng ủy"
    page_number: Text
    table_size: float
    numbering: str  # "term": per type within the committee's term; "year": per calendar year
    term_years: int = 5
    # The cells of a printed book (a register's pages, its lists): a point under a report's
    # tables and closer set, as a register's ruled page is.
    book_size: float = 10
    book_leading: float = 1.1

    @property
    def display_title(self) -> str:
        return _(self.title)

    def document_code(self, number: int | None, kind: str, issuer: str) -> str:
        """"12-BC/ĐU", "12/BC-UBND"; numbers under 10 get a leading zero. Without a number its
        place is left blank, to be written by hand."""
        text = "\u00a0" * 6 if number is None else f"{number:02d}"
        return self.code_format.format(number=text, kind=kind, issuer=issuer)

    def format_number(self, number: int | None, kind: str, issuer: str) -> str:
        """The number line: "Số 12-BC/ĐU", "Số: 12/BC-UBND"."""
        return _(self.number_label).format(code=self.document_code(number, kind, issuer))

    def numbering_scope(self, day: dt.date, term_start: dt.date) -> str:
        """The run of numbers a document dated ``day`` belongs to: a term or a year."""
        if self.numbering == "year":
            return str(day.year)
        years = self.term_years
        begins = _shift_years(term_start, (day.year - term_start.year) // years * years)
        if day < begins:
            begins = _shift_years(begins, -years)
        return f"{begins.year}-{begins.year + self.term_years}"


def _shift_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


PARTY = FormatProfile(
    name="party",
    title=N_("Văn bản của Đảng (Hướng dẫn 36-HD/VPTW)"),
    source="Hướng dẫn 36-HD/VPTW (2018); Quy định 399-QĐ/TW (2026)",
    margins=Margins(top=20, bottom=20, left=30, right=15),
    national_lines=((N_("ĐẢNG CỘNG SẢN VIỆT NAM"), Text(15, bold=True, upper=True)),),
    dateline=Text(14, italic=True),
    superior=Text(14, upper=True),
    issuing=Text(14, bold=True, upper=True),
    issuer_mark="asterisk",
    number=Text(14),
    code_format="{number}-{kind}/{issuer}",
    number_label=N_("Số {code}"),
    left_column_share=0.5,
    type_name=Text(16, bold=True, upper=True),
    summary=Text(14, bold=True),
    body_size=14,
    first_line_indent=10,
    paragraph_space=6,
    line_spacing=1.2,
    signature=Text(14, bold=True, upper=True),
    signer_name=Text(14, bold=True),
    recipients_heading=Text(14),
    recipients_heading_rule=True,
    recipients=Text(12),
    archive_recipient=N_("Lưu Văn phòng Đảng ủy"),
    page_number=Text(14),
    table_size=11,
    numbering="term",
)

STATE = FormatProfile(
    name="state",
    title=N_("Văn bản hành chính (Nghị định 30/2020/NĐ-CP)"),
    source="Nghị định 30/2020/NĐ-CP, Phụ lục I",
    margins=Margins(top=20, bottom=20, left=30, right=15),
    national_lines=(
        (N_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), Text(12, bold=True, upper=True)),
        (N_("Độc lập - Tự do - Hạnh phúc"), Text(13, bold=True)),
    ),
    dateline=Text(14, italic=True),
    superior=Text(13, upper=True),
    issuing=Text(13, bold=True, upper=True),
    issuer_mark="rule",
    number=Text(13),
    code_format="{number}/{kind}-{issuer}",
    number_label=N_("Số: {code}"),
    left_column_share=0.40,
    type_name=Text(14, bold=True, upper=True),
    summary=Text(14, bold=True),
    body_size=14,
    first_line_indent=12.7,
    paragraph_space=6,
    line_spacing=1.2,
    signature=Text(14, bold=True, upper=True),
    signer_name=Text(14, bold=True),
    recipients_heading=Text(12, bold=True, italic=True),
    recipients_heading_rule=False,
    recipients=Text(11),
    archive_recipient=N_("Lưu: VT"),
    page_number=Text(14),
    table_size=11,
    numbering="year",
)

PROFILES: dict[str, FormatProfile] = {p.name: p for p in (PARTY, STATE)}


class ProfileError(ValueError):
    """An unknown profile name."""


def get_profile(name: str) -> FormatProfile:
    try:
        return PROFILES[name]
    except KeyError:
        raise ProfileError(
            _("Không có thể thức «{name}»; chọn party (văn bản của Đảng) hoặc state (văn bản hành chính).").format(
                name=name
            )
        ) from None
