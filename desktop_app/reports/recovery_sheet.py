"""The "Phiếu mã khôi phục": one A4 page with an encrypted database's recovery code, to print
once and keep in the office safe. Whoever holds it can open the registers, so the page says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from desktop_app import APP_DISPLAY_NAME
from desktop_app.domain.l10n import _
from desktop_app.reports.fonts import font_for, register_fonts


def write_recovery_sheet(out: Path | str, *, unit: str, database: Path | str, code: str,
                         made_at: dt.datetime | None = None) -> Path:  # fmt: skip
    """Write the sheet for ``code`` to ``out`` (a PDF) and return its path."""
    register_fonts()
    out = Path(out)
    made_at = made_at or dt.datetime.now()
    width, height = A4
    canvas = Canvas(str(out), pagesize=A4, invariant=True)
    canvas.setTitle(_("Phiếu mã khôi phục"))
    canvas.setAuthor(APP_DISPLAY_NAME)
    left, top = 25 * mm, height - 30 * mm
    canvas.setFont(font_for(bold=True), 16)
    canvas.drawCentredString(width / 2, top, _("PHIẾU MÃ KHÔI PHỤC").upper())
    canvas.setFont(font_for(italic=True), 12)
    canvas.drawCentredString(width / 2, top - 8 * mm, _("Dữ liệu {app} đã mã hóa").format(app=APP_DISPLAY_NAME))
    rows = [
        (_("Đơn vị"), unit),
        (_("Tệp dữ liệu"), str(database)),
        (_("Ngày lập"), made_at.strftime("%d/%m/%Y %H:%M")),
    ]
    y = top - 25 * mm
    for label, value in rows:
        canvas.setFont(font_for(bold=True), 12)
        canvas.drawString(left, y, f"{label}:")
        canvas.setFont(font_for(), 12)
        canvas.drawString(left + 35 * mm, y, value)
        y -= 8 * mm
    y -= 6 * mm
    canvas.setFont(font_for(bold=True), 12)
    canvas.drawString(left, y, _("Mã khôi phục") + ":")
    groups = code.split("-")
    canvas.setFont("Courier-Bold", 20)
    for index, line in enumerate((groups[:4], groups[4:])):
        canvas.drawCentredString(width / 2, y - (14 + 11 * index) * mm, "  ".join(line))
    box_top, box_bottom = y - 5 * mm, y - 32 * mm
    canvas.rect(left, box_bottom, width - 2 * left, box_top - box_bottom)
    y = box_bottom - 12 * mm
    notes = [
        _("Mã này mở được toàn bộ dữ liệu khi mọi mật khẩu quản trị đều bị quên."),
        _("Mã cũng mở được bản chép tệp dữ liệu không kèm tệp khóa (.keys), kể cả khi máy hỏng ổ cứng."),
        _("Cất phiếu trong tủ hồ sơ mật của cơ quan; không chụp ảnh, không lưu trên máy tính."),
        _("Khi cần: quản trị chạy «danvan recover --db TỆP», nhập mã rồi đặt mật khẩu mới."),
        _("Chương trình không lưu mã này ở đâu khác; mất phiếu thì không lấy lại được."),
    ]
    note_style = ParagraphStyle("note", fontName=font_for(), fontSize=12, leading=16, leftIndent=4 * mm,
                                firstLineIndent=-4 * mm, spaceAfter=2 * mm)  # fmt: skip
    for note in notes:
        paragraph = Paragraph("– " + escape(note), note_style)
        _width, used = paragraph.wrapOn(canvas, width - 2 * left, height)
        paragraph.drawOn(canvas, left, y - used)
        y -= used + note_style.spaceAfter
    canvas.setFont(font_for(italic=True), 11)
    canvas.drawString(left, 30 * mm, _("Người lập phiếu (ký, ghi rõ họ tên)"))
    canvas.drawRightString(width - left, 30 * mm, _("Người nhận bảo quản (ký, ghi rõ họ tên)"))
    canvas.showPage()
    canvas.save()
    return out
