"""Render resources/icons/sodanvan.svg into the icon files the platforms want, and commit them.

    python installer/make_icons.py

Writes ``resources/icons/sodanvan-<size>.png`` (16 to 512 pixels: Linux's hicolor theme and the
window icon) and ``resources/icons/sodanvan.ico`` (Windows: the program file, its shortcuts and the
installer; 16, 24, 32, 48, 64 and 256 pixels, each stored as PNG, which Windows Vista and later
read). Run it again only when the SVG changes; the build uses the committed files.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "sodanvan.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 256)


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An .ico file whose entries are PNG images (ICONDIR, ICONDIRENTRY…, then the data)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    entries, blobs = b"", b""
    offset = len(header) + 16 * len(images)
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QImage text/paint needs one
    rendered = {size: render_png(size) for size in PNG_SIZES}
    for size, png in rendered.items():
        (ICONS / f"sodanvan-{size}.png").write_bytes(png)
    (ICONS / "sodanvan.ico").write_bytes(ico({size: rendered[size] for size in ICO_SIZES}))
    del app
    print(f"wrote {len(PNG_SIZES)} PNG files and sodanvan.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
