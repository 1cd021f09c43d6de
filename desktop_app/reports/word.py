"""The Word copy of a document (.docx, python-docx): the pieces ``OfficialDocument`` lays out for
the PDF — the header block with its rules and asterisk, the number and the italic date line, the
title, paragraphs, ruled tables, the closing, an annex in a landscape section — set in Word from
the same profile values (page size and margins, fonts and sizes, spacing), so that an office
that must edit the text starts from a correct document, not a blank page.

A builder is given the document class (``document_class``) and calls the same methods on
either; what it appends to its story here are blocks that write themselves into the Word file
when it is rendered, in order (a book's closing total is counted by then, as in the PDF).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from docx import Document as new_word_file
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from desktop_app.domain.l10n import _, format_dateline
from desktop_app.domain.text import nfc
from desktop_app.reports.columns import CELL_PADDING, fitted_widths
from desktop_app.reports.document import (
    GUTTER,
    LANDSCAPE,
    PORTRAIT,
    SIGNATURE_SPACE,
    DocumentSpec,
    PagedDocument,
    header_lines,
    printed,
)
from desktop_app.reports.fonts import font_for
from desktop_app.reports.profiles import Text

FONT = "Times New Roman"  # the font the decree and the guidance name; Word substitutes where it lacks it
ALIGN = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER, "R": WD_ALIGN_PARAGRAPH.RIGHT,
         "J": WD_ALIGN_PARAGRAPH.JUSTIFY}  # fmt: skip


class Block:
    """A piece of a Word story: it writes itself when the document is rendered."""

    def __init__(self, write: Callable[[WordDocument], None]) -> None:
        self.write = write


def _run(paragraph: Any, text: str, how: Text) -> Any:
    run = paragraph.add_run(printed(text, how))
    run.font.name, run.font.size = FONT, Pt(how.size)
    run.font.bold, run.font.italic = how.bold, how.italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    return run


def _format(paragraph: Any, alignment: str = "C", *, before: float = 0, after: float = 0,
            spacing: float | None = None, indent: float = 0) -> Any:  # fmt: skip
    form = paragraph.paragraph_format
    form.alignment = ALIGN[alignment]
    form.space_before, form.space_after = Pt(before), Pt(after)
    if spacing is not None:
        form.line_spacing = spacing
    if indent:
        form.first_line_indent = Mm(indent)
    return paragraph


def _bottom_border(paragraph: Any, left: float, right: float) -> None:
    """A rule under ``paragraph``, as long as the space between its indents (points)."""
    form = paragraph.paragraph_format
    form.left_indent, form.right_indent = Pt(left), Pt(right)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    # in the place the schema gives it, or Word calls the file damaged
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")  # fmt: skip


SLACK = 2.0  # points: a word processor sets a line a hair wider than reportlab measures it


def _with_slack(widths: list[float]) -> list[float]:
    """The fitted widths with a little room added to each column, taken from the widest (whose
    text wraps anyway), so that a date or a number fitted to its column stays on one line."""
    widest = max(range(len(widths)), key=widths.__getitem__)
    given = SLACK * (len(widths) - 1)
    if widths[widest] - given < widths[widest] / 2:
        return list(widths)
    return [width - given if index == widest else width + SLACK for index, width in enumerate(widths)]


def _rule(container: Any, length: float, width: float, *, after: float = 0) -> None:
    """A horizontal line ``length`` points long, centred in ``width``: the bottom border of a
    paragraph of its own, a few points high, whose indents leave that length."""
    from docx.enum.text import WD_LINE_SPACING

    paragraph = _format(container.add_paragraph(), "C", after=after)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(3)
    _bottom_border(paragraph, max(0.0, (width - length) / 2), max(0.0, (width - length) / 2))


def _no_borders(table: Any) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription", "w:tblPrChange")  # fmt: skip


def _emptied(cell: Any) -> Any:
    """``cell`` without the empty paragraph Word puts in a new cell (it has others to hold)."""
    paragraph = cell.paragraphs[0]._p
    paragraph.getparent().remove(paragraph)
    return cell


def _widths(table: Any, widths: Sequence[float]) -> None:
    """Fixed column widths (points), as the PDF has them: Word and LibreOffice both keep them."""
    table.autofit = False  # python-docx writes <w:tblLayout w:type="fixed"/>
    for column, width in zip(table.columns, widths, strict=False):
        column.width = Pt(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = Pt(width)


def _side_padding(table: Any, points: float) -> None:
    """The space inside the cells' sides, as the PDF's (none in the header, CELL_PADDING in a
    ruled table): the widths fitted for the PDF then hold the same text on a line."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(round(points * 20)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription",
                                           "w:tblPrChange")  # fmt: skip


class WordDocument(PagedDocument):
    """Builds the pieces of one document under ``spec.profile`` and writes the .docx."""

    def __init__(self, spec: DocumentSpec) -> None:
        super().__init__(spec)
        self.word = new_word_file()
        normal = self.word.styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(self.profile.body_size)
        self.width = self.portrait_width

    # ------------------------------------------------------------ pages
    def _page(self, section: Any, orientation: str) -> None:
        margins = self.profile.margins
        wide = orientation == LANDSCAPE
        section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (Mm(297), Mm(210)) if wide else (Mm(210), Mm(297))
        section.top_margin, section.bottom_margin = Mm(margins.top), Mm(margins.bottom)
        section.left_margin, section.right_margin = Mm(margins.left), Mm(margins.right)
        section.different_first_page_header_footer = True  # no number on the first page
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        _format(paragraph, "C")
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        field.append(_run(paragraph, "1", self.profile.page_number)._r)  # the number Word shows before it updates
        paragraph._p.append(field)
        self.width = self.landscape_width if wide else self.portrait_width

    def _start(self, orientation: str) -> None:
        from docx.enum.section import WD_SECTION

        self._page(self.word.add_section(WD_SECTION.NEW_PAGE), orientation)

    def start_landscape(self) -> list[Block]:
        return [Block(lambda doc: doc._start(LANDSCAPE))]

    def start_portrait(self) -> list[Block]:
        return [Block(lambda doc: doc._start(PORTRAIT))]

    # ------------------------------------------------------------ lines
    def _line(self, container: Any, text: str, how: Text, alignment: str = "C", before: float = 0,
              after: float = 0) -> Any:  # fmt: skip
        paragraph = _format(container.add_paragraph(), alignment, before=before, after=after, spacing=1.0)
        _run(paragraph, text, how)
        return paragraph

    def centred(self, text: str, bold: bool = False, italic: bool = False, size: float | None = None) -> Block:
        how = Text(size or self.profile.body_size, bold=bold, italic=italic)
        return Block(lambda doc: doc._line(doc.word, text, how))

    def space(self, points: float) -> Block:
        return Block(lambda doc: _format(doc.word.add_paragraph(), "C", after=max(0.0, points - 12)))

    def keep_with_next(self, height_mm: float = 40) -> Block:
        """Word keeps a heading with what follows by itself; nothing to write."""
        return Block(lambda doc: None)

    # ------------------------------------------------------------ header and title
    def _header(self, width: float) -> None:
        profile, head = self.profile, self.spec.letterhead
        left_width, right_width = self.header_widths(width)
        table = self.word.add_table(rows=1, cols=2)
        _no_borders(table)
        _side_padding(table, 0)
        _widths(table, [left_width, right_width])
        left, right = (_emptied(cell) for cell in table.rows[0].cells)
        if head.superior_body:
            for text in header_lines(head.superior_body, profile.superior, left_width - GUTTER):
                self._line(left, text, profile.superior)
        printed_lines = self.issuer_lines(left_width)
        for text in printed_lines:
            self._line(left, text, profile.issuing)
        if profile.issuer_mark == "asterisk":
            self._line(left, "*", Text(profile.issuing.size))
        else:
            _rule(left, self.issuer_rule_length(printed_lines), left_width, after=4)
        if self.spec.numbered:
            self._line(left, self.spec.number_line, profile.number, before=2)
        for text, how in profile.national_lines:
            self._line(right, _(text), how)
        _rule(right, self.national_rule_length(), right_width)
        self._line(right, format_dateline(head.place_name, self.spec.doc_date), profile.dateline, before=6)

    def _title(self) -> None:
        profile, spec = self.profile, self.spec
        if spec.type_name:
            self._line(self.word, spec.type_name, profile.type_name, before=18)
        if spec.summary:
            self._line(self.word, spec.summary, profile.summary)
            _rule(self.word, self.summary_rule_length(spec.summary), self.width, after=12)

    def opening(self, width: float | None = None) -> list[Block]:
        def write(doc: WordDocument) -> None:
            if width is not None and width > doc.portrait_width:
                doc._page(doc.word.sections[0], LANDSCAPE)
            doc._header(width or doc.width)
            doc._title()

        return [Block(write)]

    # ------------------------------------------------------------ body
    def _paragraph(self, text: str, bold: bool) -> None:
        profile = self.profile
        paragraph = _format(self.word.add_paragraph(), "J", before=profile.paragraph_space / 2 if bold else 0,
                            after=profile.paragraph_space, spacing=profile.line_spacing,
                            indent=profile.first_line_indent)  # fmt: skip
        _run(paragraph, nfc(text), Text(profile.body_size, bold=bold))

    def heading(self, text: str) -> Block:
        return Block(lambda doc: doc._paragraph(text, True))

    def paragraphs(self, text: str) -> list[Block]:
        parts = [part.strip() for part in text.splitlines() if part.strip()]
        return [Block(lambda doc, part=part: doc._paragraph(part, False)) for part in parts]

    def annex_title(self, title: str, subtitle: str = "") -> list[Block]:
        size = self.profile.body_size
        blocks = [self.centred(_("PHỤ LỤC"), bold=True), self.centred(title.upper(), bold=True)]
        if subtitle:
            blocks.append(self.centred(subtitle, italic=True, size=size - 1))
        return [*blocks, self.space(8)]

    # ------------------------------------------------------------ tables
    def _cell_style(self, size: float) -> Any:
        from docx.enum.style import WD_STYLE_TYPE

        name = f"Ô bảng {size:g}"
        if name not in [style.name for style in self.word.styles]:
            style = self.word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.word.styles["Normal"]
            style.font.size = Pt(size)
            style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        return self.word.styles[name]

    def _table(self, header_rows: Sequence[Sequence[str]], rows: Iterable[Sequence[str]], align: str,
               width: float | None, spans: Sequence[tuple[tuple[int, int], tuple[int, int]]],
               bold_rows: Sequence[int], book: bool) -> None:  # fmt: skip
        size = self.profile.book_size if book else self.profile.table_size
        rows = [[nfc(cell) for cell in row] for row in rows]
        header_rows = [[nfc(cell) for cell in row] for row in header_rows]
        widths = fitted_widths(header_rows, rows, width or self.width, font=font_for(), bold_font=font_for(bold=True),
                               size=size, spanned=frozenset((s[0], s[1]) for s, e in spans if e[0] > s[0]))  # fmt: skip
        widths = _with_slack(widths)
        table = self.word.add_table(rows=len(header_rows) + len(rows), cols=len(widths))
        table.style = self.word.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _side_padding(table, CELL_PADDING / 2)
        _widths(table, widths)
        bold = {len(header_rows) + index for index in bold_rows}
        for number, row in enumerate([*header_rows, *rows]):
            heading = number < len(header_rows)
            cells = table.rows[number].cells
            for column, text in enumerate(row):
                paragraph = _format(cells[column].paragraphs[0], "C" if heading else align[column], spacing=1.0)
                paragraph.style = self._cell_style(size)  # an empty cell is as tall as a line of the table's size
                if text:
                    _run(paragraph, text, Text(size, bold=heading or number in bold))
            if heading:
                table.rows[number]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on each page
        for (first_column, first_row), (last_column, last_row) in spans:
            table.cell(first_row, first_column).merge(table.cell(last_row, last_column))

    def table(self, header_rows: Sequence[Sequence[str]], rows: Sequence[Sequence[str]], align: str, *,
              width: float | None = None, spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
              bold_rows: Sequence[int] = (), book: bool = False) -> Block:  # fmt: skip
        return Block(lambda doc: doc._table(header_rows, rows, align, width, spans, bold_rows, book))

    def long_table(self, header_rows: Sequence[Sequence[str]], rows: Callable[[], Iterable[Sequence[str]]],
                   align: str, *, spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
                   book: bool = True) -> Iterator[Block]:  # fmt: skip
        yield Block(lambda doc: doc._table(header_rows, rows(), align, None, spans, (), book))

    # ------------------------------------------------------------ closing
    def _closing(self, signed: bool, recipients: bool) -> None:
        profile, head = self.profile, self.spec.letterhead
        table = self.word.add_table(rows=1, cols=2)
        _no_borders(table)
        _widths(table, [self.width * 0.5, self.width * 0.5])
        left, right = (_emptied(cell) for cell in table.rows[0].cells)
        if recipients:
            label = self._line(left, _("Nơi nhận:"), profile.recipients_heading, "L")
            if profile.recipients_heading_rule:
                for run in label.runs:
                    run.font.underline = True
            for text in self.recipient_lines():
                self._line(left, text, profile.recipients, "L")
        if signed:
            for text in (head.signer_authority, head.signer_title):
                if text:
                    self._line(right, text, profile.signature)
            _format(right.add_paragraph(), "C", after=SIGNATURE_SPACE - 14)
            if head.signer_name:
                self._line(right, head.signer_name, profile.signer_name)

    def closing(self, signed: bool = True, recipients: bool = True) -> Block:
        return Block(lambda doc: doc._closing(signed, recipients))

    def _signatures(self, left: tuple[str, str], right: tuple[str, str]) -> None:
        table = self.word.add_table(rows=1, cols=2)
        _no_borders(table)
        _widths(table, [self.width * 0.5, self.width * 0.5])
        for cell, (title, name) in zip(table.rows[0].cells, (left, right), strict=True):
            cell = _emptied(cell)
            self._line(cell, title, self.profile.signature)
            _format(cell.add_paragraph(), "C", after=SIGNATURE_SPACE - 14)
            if name:
                self._line(cell, name, self.profile.signer_name)

    def signatures(self, left: tuple[str, str], right: tuple[str, str]) -> Block:
        return Block(lambda doc: doc._signatures(left, right))

    # ------------------------------------------------------------ writing
    def render(self, story: Iterable[Any], *, first: str = PORTRAIT) -> bytes:
        """The .docx of ``story`` (blocks, lists of them, generators that make them)."""
        self._page(self.word.sections[0], first)
        for block in _unrolled(story):
            block.write(self)
        out = io.BytesIO()
        self.word.core_properties.title = nfc(self.spec.title or f"{self.spec.type_name} {self.spec.summary}".strip())
        self.word.core_properties.author = nfc(self.spec.letterhead.issuing_body)
        self.word.save(out)
        return out.getvalue()


def _unrolled(story: Iterable[Any]) -> Iterator[Block]:
    for item in story:
        if isinstance(item, Block):
            yield item
        elif isinstance(item, Iterable) and not isinstance(item, str | bytes):
            yield from _unrolled(item)
        else:
            raise TypeError(f"a Word story holds blocks, not {type(item).__name__}")
