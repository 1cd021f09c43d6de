"""How a digitally signed document shows its signature, after Nghị định 30/2020/NĐ-CP, Phụ lục I,
phần II (chữ ký số của người có thẩm quyền và của cơ quan, tổ chức):

- the signer's signature image (a transparent PNG), between the signer's title and name;
- the organisation's seal image (red, transparent PNG, at the seal's real size) over about a
  third of the signature image, on its left;
- the signing information — the organisation's name and the signing time in ISO 8601 with
  Vietnam's time zone — in Times New Roman, 10 pt, upright, blue.

The decree's own text was not at hand when this was written (no copy in the stored sources):
the positions and sizes below are what its summaries say, kept here as data (``LAYOUT``) so that
they can be corrected in one place. The builder is given the images and the words; it draws one
PDF page of the signature's size, which the signing puts at the signature place.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from desktop_app.reports.fonts import font_for


@dataclass(frozen=True)
class SignatureLayout:
    image_height: float = 15 * mm  # the signer's signature image, at most
    seal_diameter: float = 35 * mm  # the seal's size when its PNG does not say its resolution
    seal_covers: float = 1 / 3  # of the signature image's width, from its left
    info_size: float = 10  # pt
    info_leading: float = 11.5
    info_colour: tuple[float, float, float] = (0, 0, 1)  # blue
    extra_height: float = 12 * mm  # the place is this much taller than the space between title and name


LAYOUT = SignatureLayout()


@dataclass(frozen=True)
class Images:
    signature: bytes | None  # the signer's PNG
    seal: bytes | None  # the organisation's PNG
    seal_size: float | None = None  # points, from the PNG's resolution; None: LAYOUT.seal_diameter


def height_for(images: Images, layout: SignatureLayout = LAYOUT) -> float:
    """The least height that shows the seal whole above the signing information."""
    seal = (images.seal_size or layout.seal_diameter) if images.seal else 0
    return max(seal, layout.image_height) + layout.info_leading * 2 + 2


def info_lines(organisation: str, when: dt.datetime) -> list[str]:
    return [organisation, when.isoformat(timespec="seconds")]


def draw(when: dt.datetime, width: float, height: float, *, images: Images, organisation: str,
         layout: SignatureLayout = LAYOUT) -> bytes:  # fmt: skip
    """One page of ``width`` × ``height`` points: the signature image in the middle of its upper
    part, the seal over its left third, the signing information under it."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(width, height), invariant=True)
    lines = info_lines(organisation, when)
    info_height = layout.info_leading * len(lines)
    image_box_bottom = info_height
    image_box_height = height - info_height
    sig_left, sig_width = width / 2, 0.0
    if images.signature:
        reader = ImageReader(io.BytesIO(images.signature))
        pixels_w, pixels_h = reader.getSize()
        sig_height = min(layout.image_height, image_box_height)
        sig_width = min(width * 0.8, sig_height * pixels_w / pixels_h)
        sig_height = sig_width * pixels_h / pixels_w
        sig_left = (width - sig_width) / 2
        sig_bottom = image_box_bottom + (image_box_height - sig_height) / 2
        page.drawImage(reader, sig_left, sig_bottom, sig_width, sig_height, mask="auto")
    if images.seal:
        size = images.seal_size or layout.seal_diameter
        centre_y = image_box_bottom + image_box_height / 2
        right = sig_left + sig_width * layout.seal_covers if sig_width else width / 2 + size / 2
        left = max(0.0, right - size)  # a wide signature moves the seal right rather than cut it
        page.drawImage(ImageReader(io.BytesIO(images.seal)), left, centre_y - size / 2, size, size, mask="auto")
    page.setFillColorRGB(*layout.info_colour)
    page.setFont(font_for(), layout.info_size)
    for number, text in enumerate(lines):
        page.drawCentredString(width / 2, info_height - layout.info_leading * (number + 1) + 2.5, text)
    page.showPage()
    page.save()
    return out.getvalue()


def draw_attachment(when: dt.datetime, width: float, height: float, *, organisation: str, document: str,
                    layout: SignatureLayout = LAYOUT) -> bytes:  # fmt: skip
    """The organisation's signature on an attachment's first page, at its top right corner: the
    organisation, the document it is attached to (number and symbol) and the signing time,
    right-aligned in blue, with no image (the summaries of the decree at hand say an
    attachment's signature shows none; the issue that asked for it said the seal image)."""
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=(width, height), invariant=True)
    page.setFillColorRGB(*layout.info_colour)
    lines = [organisation, document, when.isoformat(timespec="seconds")]
    size = min(layout.info_size, height / len(lines) / 1.15)
    page.setFont(font_for(), size)
    for number, text in enumerate(line for line in lines if line):
        page.drawRightString(width, height - size * 1.15 * (number + 1) + 2, text)
    page.showPage()
    page.save()
    return out.getvalue()
