"""The layout of an official document under a format profile: the two-column header, the
title, body paragraphs, the signature block with "Nơi nhận", page numbers from page 2,
landscape annex pages and long tables whose header repeats on every page.

Every text is put in NFC before it is drawn, and rules are drawn as lines, never as
underlined text. Builders of the individual reports (``reports/*.py``) assemble a story from
these pieces; nothing here knows about registers or the database.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop_app import APP_DISPLAY_NAME
from desktop_app.domain.l10n import _, format_dateline
from desktop_app.domain.text import nfc
from desktop_app.reports.columns import CELL_PADDING, fitted_widths
from desktop_app.reports.fonts import font_for, register_fonts
from desktop_app.reports.profiles import FormatProfile, Text
from desktop_app.security.pdf_signing import Place

PORTRAIT, LANDSCAPE = "portrait", "landscape"
SIGNATURE_SPACE = 24 * mm  # room for the signature and the seal
GUTTER = 3 * mm  # between the two header columns
ALIGNMENTS = {"L": TA_LEFT, "C": TA_CENTER, "R": TA_RIGHT}  # the letters of a table's ``align``
ALIGN_NAMES = {"L": "LEFT", "C": "CENTER", "R": "RIGHT"}  # the same, as a table's plain-string cells say it
# Word pairs a header line never breaks between: "THÀNH / PHỐ" would read as two names.
UNBROKEN = {("THÀNH", "PHỐ"), ("THỊ", "XÃ"), ("THỊ", "TRẤN"), ("ỦY", "BAN"), ("NHÂN", "DÂN"), ("ĐẢNG", "BỘ"),
            ("ĐẢNG", "ỦY"), ("MẶT", "TRẬN"), ("TỔ", "QUỐC"), ("VIỆT", "NAM"), ("DÂN", "VẬN"), ("TỈNH", "ỦY"),
            ("THÀNH", "ỦY"), ("HUYỆN", "ỦY"), ("BAN", "DÂN")}  # fmt: skip


@dataclass
class Letterhead:
    """Who issues the document: the header bodies, the place of the date line, the signer."""

    superior_body: str
    issuing_body: str
    issuer_code: str  # ĐU, UBND: the part after the type in the number
    place_name: str
    signer_authority: str = ""  # T/M ĐẢNG ỦY, TM. ỦY BAN NHÂN DÂN (may be empty)
    signer_title: str = ""  # BÍ THƯ, CHỦ TỊCH
    signer_name: str = ""


@dataclass
class DocumentSpec:
    """What the header and the closing of one document say."""

    profile: FormatProfile
    letterhead: Letterhead
    doc_date: dt.date
    type_name: str  # BÁO CÁO, BIÊN BẢN; empty for a register book
    summary: str  # the line under the type name
    kind_code: str = "BC"  # the type in the number: BC, BB
    number: int | None = None
    numbered: bool = True  # a register book has no number line
    recipients: list[str] = field(default_factory=list)
    title: str = ""  # the PDF's title
    # Where the signature block's room for the signature and seal fell, filled as the document
    # is laid out: a digital signature shows there (services/signing.py).
    signature_places: list[Place] = field(default_factory=list)
    # The top right corner of each annex's first page: the organisation signs an attachment there.
    attachment_places: list[Place] = field(default_factory=list)

    @property
    def number_line(self) -> str:
        return self.profile.format_number(self.number, self.kind_code, self.letterhead.issuer_code)

    @property
    def document_code(self) -> str:
        """The number and symbol alone: "07-BC/ĐU"."""
        return self.profile.document_code(self.number, self.kind_code, self.letterhead.issuer_code)


# The class a builder lays its document out with: OfficialDocument (the PDF) or word.WordDocument
# (the .docx): the same methods, the same profile values.
DocumentClass = Callable[[DocumentSpec], Any]


# ---------------------------------------------------------------- flowables


class SignaturePlace(Flowable):
    """The room left for the signature and the seal. It draws nothing (the printed page is the
    same), but notes where it fell, so that a digital signature can show there."""

    def __init__(self, height: float, found: list[Place]) -> None:
        super().__init__()
        self.height, self.found = height, found

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.found.append(Place(self.canv.getPageNumber() - 1, x, y, self.width, self.height))


class AttachmentPlace(Flowable):
    """Where an attachment's first page is signed: its top right corner, in the top margin
    beside the page number. Takes no room and draws nothing; notes the place when laid out."""

    WIDTH, HEIGHT = 70 * mm, 14 * mm

    def __init__(self, top_margin: float, right_margin: float, found: list[Place]) -> None:
        super().__init__()
        self.top_margin, self.right_margin, self.found = top_margin, right_margin, found

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        page_width, page_height = self.canv._pagesize
        height = min(self.HEIGHT, self.top_margin - 2 * mm)
        self.found.append(Place(self.canv.getPageNumber() - 1, page_width - self.right_margin - self.WIDTH,
                                page_height - self.top_margin + 1 * mm, self.WIDTH, height))  # fmt: skip


class Rule(Flowable):
    """A solid horizontal line of a given length, centred where it is placed."""

    def __init__(self, length: float, thickness: float = 0.6, space_above: float = 1.5, space_below: float = 3):
        super().__init__()
        self.length, self.thickness = length, thickness
        self.space_above, self.space_below = space_above, space_below
        self.hAlign = "CENTER"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.length = min(self.length, available_width)
        return self.length, self.space_above + self.thickness + self.space_below

    def draw(self) -> None:
        self.canv.setLineWidth(self.thickness)
        y = self.space_below + self.thickness / 2
        self.canv.line(0, y, self.length, y)


class RuledLabel(Flowable):
    """A short label with a line drawn under it ("Nơi nhận:" of Party documents)."""

    def __init__(self, text: str, font: str, size: float) -> None:
        super().__init__()
        self.text, self.font, self.size = nfc(text), font, size
        self.width = stringWidth(self.text, font, size)
        self.hAlign = "LEFT"

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.size * 1.35

    def draw(self) -> None:
        baseline = self.size * 0.35  # the line goes below the descenders (the dot of "ậ")
        self.canv.setFont(self.font, self.size)
        self.canv.drawString(0, baseline, self.text)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, 0.5, self.width, 0.5)


# ---------------------------------------------------------------- styles


@dataclass(frozen=True)
class _CellStyles:
    """The paragraph styles of a table's cells in one size: regular and bold, per alignment."""

    size: float
    leading: float

    @property
    def font(self) -> str:
        return _font(Text(self.size))

    @property
    def bold_font(self) -> str:
        return _font(Text(self.size, bold=True))

    @property
    def regular(self) -> dict[str, ParagraphStyle]:
        return self._styles(False)

    @property
    def bold(self) -> dict[str, ParagraphStyle]:
        return self._styles(True)

    def _styles(self, bold: bool) -> dict[str, ParagraphStyle]:
        return _cell_styles(self.size, self.leading, bold)


def _font(text: Text) -> str:
    return font_for(bold=text.bold, italic=text.italic)


def style(name: str, text: Text, alignment: int = TA_CENTER, leading: float = 1.15, **extra: float) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=_font(text), fontSize=text.size, leading=text.size * leading,
                          alignment=alignment, **extra)  # fmt: skip


@functools.cache
def _cell_styles(size: float, leading: float, bold: bool) -> dict[str, ParagraphStyle]:
    text = Text(size, bold=bold)
    name = "bold" if bold else "cell"
    return {a: style(f"{name}-{a}", text, alignment, leading) for a, alignment in ALIGNMENTS.items()}


def markup(text: str) -> str:
    """User text made safe for a reportlab Paragraph, in NFC, line breaks kept."""
    return escape(nfc(text)).replace("\n", "<br/>")


def printed(text: str, how: Text) -> str:
    """The text as a line set in ``how`` shows it: NFC, upper case where the style says so."""
    return nfc(text).upper() if how.upper else nfc(text)


def line(text: str, how: Text, alignment: int = TA_CENTER, **extra: float) -> Paragraph:
    return Paragraph(markup(printed(text, how)), style("line", how, alignment, **extra))


def header_lines(text: str, how: Text, width: float) -> list[str]:
    """A header text as printed: one line, or, if too long for ``width``, two lines broken where
    the halves are most even ("ỦY BAN NHÂN DÂN / XÃ LỘC KHÁNH"), never inside an UNBROKEN pair."""
    value = printed(text, how)
    if text_width(value, how) <= width or " " not in value:
        return [value]
    words = value.split()
    places = [i for i in range(1, len(words)) if (words[i - 1].upper(), words[i].upper()) not in UNBROKEN]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in places or range(1, len(words))]
    first, second = min(splits, key=lambda pair: max(text_width(pair[0], how), text_width(pair[1], how)))
    return [first, second]


def recipient_lines(profile: FormatProfile, recipients: Sequence[str]) -> list[str]:
    """"- X;" for each recipient and "- Lưu ….": the archive copy comes last."""
    archive = _(profile.archive_recipient)
    names = [nfc(r).strip().rstrip(";.").strip() for r in recipients]
    names = [n.removeprefix("- ").strip() for n in names if n and n.strip("- ")]
    names = [n for n in names if n != archive] + [archive]
    return [f"- {name};" for name in names[:-1]] + [f"- {names[-1]}."]


def header_line(text: str, how: Text, width: float) -> Paragraph:
    return Paragraph(markup("\n".join(header_lines(text, how, width))), style("line", how))


def text_width(text: str, how: Text) -> float:
    return stringWidth(printed(text, how), _font(how), how.size)


# ---------------------------------------------------------------- the document


class PagedDocument:
    """What the PDF and the Word copy of a document both know of its pages: the spec and its
    profile, the margins (top, bottom, left, right) and the text width of a portrait and a
    landscape A4 page, in points; text is measured with the registered fonts."""

    def __init__(self, spec: DocumentSpec) -> None:
        register_fonts()
        self.spec = spec
        self.profile = spec.profile
        margins = self.profile.margins
        self.margins = (margins.top * mm, margins.bottom * mm, margins.left * mm, margins.right * mm)
        self.portrait_width = A4[0] - self.margins[2] - self.margins[3]
        self.landscape_width = landscape(A4)[0] - self.margins[2] - self.margins[3]

    def recipient_lines(self) -> list[str]:
        return recipient_lines(self.profile, self.spec.recipients)

    # The header block's and the title's measures, the same in the PDF and the Word copy.
    def header_widths(self, width: float) -> tuple[float, float]:
        """(left, right) columns of the header across ``width``: the national lines' column at
        least as wide as they are, and no more than half of a landscape page."""
        profile = self.profile
        widest_national = max(text_width(_(t), how) for t, how in profile.national_lines)
        right = max(width * (1 - profile.left_column_share), widest_national + 6 * mm)
        right = min(right, width * 0.5) if width > self.portrait_width else right
        return width - right, right

    def issuer_lines(self, left_width: float) -> list[str]:
        """The issuing body as printed in the header's left column."""
        return header_lines(self.spec.letterhead.issuing_body, self.profile.issuing, left_width - GUTTER)

    def issuer_rule_length(self, printed: Sequence[str]) -> float:
        """The rule under the issuing body (the State's mark): 40 % of its longest line."""
        return max(text_width(part, self.profile.issuing) for part in printed) * 0.4

    def national_rule_length(self) -> float:
        """The rule under the last national line, as long as that line."""
        text, how = self.profile.national_lines[-1]
        return text_width(_(text), how)

    def summary_rule_length(self, summary: str) -> float:
        """The short rule under a title's summary line: a third of it, 20 to 60 mm."""
        return min(max(text_width(summary, self.profile.summary) / 3, 20 * mm), 60 * mm)


class OfficialDocument(PagedDocument):
    """Builds the pieces of one document under ``spec.profile`` and writes the PDF."""

    def __init__(self, spec: DocumentSpec) -> None:
        super().__init__(spec)
        size = self.profile.body_size
        body = Text(size)
        self.body_style = style("body", body, TA_JUSTIFY, self.profile.line_spacing,
                                firstLineIndent=self.profile.first_line_indent * mm,
                                spaceAfter=self.profile.paragraph_space)  # fmt: skip
        self.heading_style = style("heading", Text(size, bold=True), TA_JUSTIFY, self.profile.line_spacing,
                                   firstLineIndent=self.profile.first_line_indent * mm,
                                   spaceBefore=self.profile.paragraph_space / 2,
                                   spaceAfter=self.profile.paragraph_space)  # fmt: skip
        self.cells = _CellStyles(self.profile.table_size, 1.15)
        self.book_cells = _CellStyles(self.profile.book_size, self.profile.book_leading)

    # ------------------------------------------------------------ header and title
    def header(self, width: float | None = None) -> Table:
        """The two borderless columns: issuing bodies and number left; national lines and date right."""
        profile, head = self.profile, self.spec.letterhead
        left_width, right_width = self.header_widths(width or self.portrait_width)

        left: list[Flowable] = []
        if head.superior_body:
            left.append(header_line(head.superior_body, profile.superior, left_width - GUTTER))
        left.append(header_line(head.issuing_body, profile.issuing, left_width - GUTTER))
        if profile.issuer_mark == "asterisk":
            left.append(line("*", Text(profile.issuing.size)))
        else:
            left.append(Rule(self.issuer_rule_length(self.issuer_lines(left_width))))
        if self.spec.numbered:
            left.append(line(self.spec.number_line, profile.number, spaceBefore=2))

        right: list[Flowable] = [line(_(t), how) for t, how in profile.national_lines]
        right.append(Rule(self.national_rule_length(), space_above=2))
        right.append(line(format_dateline(head.place_name, self.spec.doc_date), profile.dateline, spaceBefore=4))

        table = Table([[left, right]], colWidths=[left_width, right_width])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), GUTTER),
            ("LEFTPADDING", (1, 0), (1, 0), 0),
            ("RIGHTPADDING", (1, 0), (1, 0), 0),
        ]))  # fmt: skip
        return table

    def title_block(self, type_name: str | None = None, summary: str | None = None) -> list[Flowable]:
        """BÁO CÁO, the summary line under it, and a short centred rule."""
        profile = self.profile
        type_name = self.spec.type_name if type_name is None else type_name
        summary = self.spec.summary if summary is None else summary
        parts: list[Flowable] = [Spacer(0, 8 * mm)]
        if type_name:
            parts.append(line(type_name, profile.type_name))
        if summary:
            parts.append(line(summary, profile.summary))
            parts.append(Rule(self.summary_rule_length(summary), space_above=6))
        parts.append(Spacer(0, 4 * mm))
        return parts

    def opening(self, width: float | None = None) -> list[Flowable]:
        return [self.header(width), *self.title_block()]

    # ------------------------------------------------------------ body
    def heading(self, text: str) -> Paragraph:
        return Paragraph(markup(text), self.heading_style)

    def paragraphs(self, text: str) -> list[Paragraph]:
        """One paragraph per non-empty line of ``text``."""
        return [Paragraph(markup(part.strip()), self.body_style) for part in text.splitlines() if part.strip()]

    def centred(self, text: str, bold: bool = False, italic: bool = False, size: float | None = None) -> Paragraph:
        return line(text, Text(size or self.profile.body_size, bold=bold, italic=italic))

    # ------------------------------------------------------------ closing
    def closing(self, signed: bool = True, recipients: bool = True) -> KeepTogether:
        """"Nơi nhận" on the left and the signature block on the right, kept on one page."""
        profile, head = self.profile, self.spec.letterhead
        left: list[Flowable] = []
        if recipients:
            label = _("Nơi nhận:")
            if profile.recipients_heading_rule:
                left.append(RuledLabel(label, _font(profile.recipients_heading), profile.recipients_heading.size))
            else:
                left.append(line(label, profile.recipients_heading, TA_LEFT))
            left.extend(line(text, profile.recipients, TA_LEFT) for text in self.recipient_lines())
        right: list[Flowable] = []
        if signed:
            for text in (head.signer_authority, head.signer_title):
                if text:
                    right.append(line(text, profile.signature))
            right.append(SignaturePlace(SIGNATURE_SPACE, self.spec.signature_places))
            if head.signer_name:
                right.append(line(head.signer_name, profile.signer_name))
        width = self.portrait_width
        table = Table([[left, right]], colWidths=[width * 0.5, width * 0.5])
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 0), (1, 0), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ]))  # fmt: skip
        return KeepTogether([Spacer(0, 4 * mm), table])

    def signatures(self, left: tuple[str, str], right: tuple[str, str]) -> KeepTogether:
        """Two signers side by side (minutes: the secretary and the chair): title, space, name."""
        cells = []
        for title, name in (left, right):
            cell: list[Flowable] = [line(title, self.profile.signature), Spacer(0, SIGNATURE_SPACE)]
            if name:
                cell.append(line(name, self.profile.signer_name))
            cells.append(cell)
        table = Table([cells], colWidths=[self.portrait_width / 2] * 2)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (0, 0), (-1, -1), "CENTER")]))
        return KeepTogether([Spacer(0, 6 * mm), table])

    # ------------------------------------------------------------ annexes and tables
    def start_landscape(self) -> list[Flowable]:
        return [NextPageTemplate(LANDSCAPE), PageBreak()]

    def start_portrait(self) -> list[Flowable]:
        return [NextPageTemplate(PORTRAIT), PageBreak()]

    def annex_title(self, title: str, subtitle: str = "") -> list[Flowable]:
        parts: list[Flowable] = [AttachmentPlace(self.margins[0], self.margins[3], self.spec.attachment_places),
                                 self.centred(_("PHỤ LỤC"), bold=True), self.centred(title.upper(), bold=True)]
        if subtitle:
            parts.append(self.centred(subtitle, italic=True, size=self.profile.body_size - 1))
        parts.append(Spacer(0, 4 * mm))
        return parts

    def table(
        self,
        header_rows: Sequence[Sequence[str]],
        rows: Sequence[Sequence[str]],
        align: str,
        *,
        width: float | None = None,
        spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
        bold_rows: Sequence[int] = (),
        book: bool = False,
    ) -> Table:
        """A ruled table with its columns fitted to their cells (reports/columns.py); its header
        rows repeat on every page and no row is split across pages.

        ``align`` has one letter per column (L, C, R); ``bold_rows`` are indexes into ``rows``
        (group headings, the total row); ``spans`` are reportlab SPAN cells of the header; a
        ``book``'s cells are set as a register's page (the profile's book size).
        """
        header_rows = [[nfc(cell) for cell in row] for row in header_rows]
        rows = [[nfc(cell) for cell in row] for row in rows]
        widths = self._fitted(header_rows, rows, width, spans, book)
        return self._ruled(header_rows, rows, align, widths, spans=spans, bold_rows=bold_rows, book=book)

    def long_table(
        self,
        header_rows: Sequence[Sequence[str]],
        rows: Callable[[], Iterable[Sequence[str]]],
        align: str,
        *,
        spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
        book: bool = True,
    ) -> Iterator[Flowable]:
        """A book's table of any length: ``rows`` is read twice (once to fit the columns, once to
        print) and printed a row at a time, each made only when the page reaches it (``TableRow``),
        so that memory does not grow with the book. Put it in a story as it is (``render``)."""
        header_rows = [[nfc(cell) for cell in row] for row in header_rows]
        widths = self._fitted(header_rows, ([nfc(cell) for cell in row] for row in rows()), None, spans, book)

        def ruled(row: list[str], with_header: bool) -> Table:
            return self._ruled(header_rows if with_header else [], [row], align, widths, spans=spans, book=book)

        for number, row in enumerate(rows()):
            yield TableRow(ruled, [nfc(cell) for cell in row], first=number == 0)

    def _fitted(self, header_rows: Sequence[Sequence[str]], rows: Iterable[Sequence[str]], width: float | None,
                spans: Sequence[tuple[tuple[int, int], tuple[int, int]]], book: bool) -> list[float]:  # fmt: skip
        cells = self.book_cells if book else self.cells
        return fitted_widths(
            header_rows, rows, width or self.landscape_width, font=cells.font, bold_font=cells.bold_font,
            size=cells.size, spanned=frozenset((start[0], start[1]) for start, end in spans if end[0] > start[0]),
        )  # fmt: skip

    def _ruled(self, header_rows: Sequence[Sequence[str]], rows: Sequence[Sequence[str]], align: str,
               widths: list[float], *, spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
               bold_rows: Sequence[int] = (), book: bool = False) -> Table:  # fmt: skip
        """The reportlab Table of rows already in NFC, at ``widths``. A cell that fits its column
        on one line is set as a plain string (no Paragraph to break into lines: the most of a
        book's cells, and the most of its time); the others wrap in a Paragraph."""
        cells = self.book_cells if book else self.cells
        col_widths = widths
        head = cells.bold["C"]
        data: list[list[Paragraph | str]] = [
            [Paragraph(markup(cell), head) if cell else "" for cell in header] for header in header_rows
        ]
        bold = set(bold_rows)
        room = [width - CELL_PADDING for width in widths]
        for index, row in enumerate(rows):
            styles, font = (cells.bold, cells.bold_font) if index in bold else (cells.regular, cells.font)
            data.append([
                "" if not cell else cell if "\n" not in cell and stringWidth(cell, font, cells.size) <= space
                else Paragraph(markup(cell), styles[a])
                for cell, a, space in zip(row, align, room, strict=True)
            ])  # fmt: skip
        table = Table(data, colWidths=col_widths, repeatRows=len(header_rows), splitByRow=1, splitInRow=0)
        padding = CELL_PADDING / 2
        commands = [
            ("GRID", (0, 0), (-1, -1), 0.5, "black"),
            *([("VALIGN", (0, 0), (-1, len(header_rows) - 1), "MIDDLE")] if header_rows else []),
            ("VALIGN", (0, len(header_rows)), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5 if book else 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 if book else 3),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ]
        first_body = len(header_rows)
        commands += [  # how the plain-string cells are set: as the Paragraph ones
            ("FONTNAME", (0, first_body), (-1, -1), cells.font),
            ("FONTSIZE", (0, first_body), (-1, -1), cells.size),
            ("LEADING", (0, first_body), (-1, -1), cells.size * cells.leading),
            *[("ALIGN", (c, first_body), (c, -1), ALIGN_NAMES[a]) for c, a in enumerate(align)],
            *[("FONTNAME", (0, first_body + r), (-1, first_body + r), cells.bold_font) for r in bold],
        ]
        if header_rows:
            commands.extend(("SPAN", start, end) for start, end in spans)
        table.setStyle(TableStyle(commands))
        return table

    def space(self, points: float) -> Spacer:
        return Spacer(0, points)

    def keep_with_next(self, height_mm: float = 40) -> CondPageBreak:
        return CondPageBreak(height_mm * mm)

    # ------------------------------------------------------------ writing
    def _draw_page_number(self, canvas, doc) -> None:  # type: ignore[no-untyped-def]
        number = canvas.getPageNumber()
        if number < 2:
            return
        how = self.profile.page_number
        width, height = canvas._pagesize
        canvas.saveState()
        canvas.setFont(_font(how), how.size)
        canvas.drawCentredString(width / 2, height - self.margins[0] / 2 - how.size / 3, str(number))
        canvas.restoreState()

    def render(self, story: list[Flowable | Iterable[Flowable]], *, first: str = PORTRAIT) -> bytes:
        """The PDF of ``story``, whose items may be flowables made as the layout reaches them
        (``long_table``); pages start in ``first`` orientation."""
        top, bottom, left, right = self.margins
        templates = []
        for name, size in ((PORTRAIT, A4), (LANDSCAPE, landscape(A4))):
            frame = Frame(left, bottom, size[0] - left - right, size[1] - top - bottom, id=name,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
            templates.append(PageTemplate(id=name, frames=[frame], pagesize=size, onPage=self._draw_page_number))
        if first == LANDSCAPE:
            templates.reverse()
        buffer = BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=A4 if first == PORTRAIT else landscape(A4),
            pageTemplates=templates,
            title=nfc(self.spec.title or f"{self.spec.type_name} {self.spec.summary}".strip()),
            author=nfc(self.spec.letterhead.issuing_body),
            creator=APP_DISPLAY_NAME,
            invariant=True,  # the same content gives the same bytes
            leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        )  # fmt: skip
        doc.build(UnrolledStory(story))
        return buffer.getvalue()


class TableRow(Flowable):
    """One row of a long ruled table, made into a reportlab Table only when the layout reaches
    it: with the header rows when it starts a page (or the table), without them when it continues
    one, so the rows stack into one table whose header is at the top of every page, and nothing
    is wrapped twice. A row that does not fit under what the page holds goes to the next page."""

    def __init__(self, ruled: Callable[[list[str], bool], Table], row: list[str], *, first: bool = False) -> None:
        super().__init__()
        self.ruled, self.row, self.first = ruled, row, first
        self.table: Table | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        frame = getattr(self, "_frame", None)  # decided anew in the frame that asks
        self.at_top = frame is None or bool(frame._atTop)
        self.table = self.ruled(self.row, self.first or self.at_top)
        self.width, self.height = self.table.wrap(available_width, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        # The next page; a row taller than a whole page is printed as it is.
        return [self] if self.at_top else []

    def draw(self) -> None:
        assert self.table is not None
        self.table.drawOn(self.canv, 0, 0)


class UnrolledStory(list):
    """A story whose items may be iterables of flowables, taken one at a time as reportlab's
    layout reaches them (it reads its list from the front), so a long book is never held whole."""

    def __init__(self, items: Iterable[Flowable | Iterable[Flowable]]) -> None:
        super().__init__()
        self._items = iter(items)
        self._current: Iterator[Flowable] | None = None

    def _next(self) -> Flowable | None:
        while True:
            if self._current is not None:
                flowable = next(self._current, None)
                if flowable is not None:
                    return flowable
                self._current = None
            item = next(self._items, None)
            if item is None or isinstance(item, Flowable):
                return item
            self._current = iter(item)

    def _fill(self) -> None:
        while list.__len__(self) < 2 and (flowable := self._next()) is not None:
            list.append(self, flowable)

    def __len__(self) -> int:
        self._fill()
        return list.__len__(self)

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        self._fill()
        return list.__getitem__(self, index)
