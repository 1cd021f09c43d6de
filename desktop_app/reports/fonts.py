"""The serif face every printed page uses: Times New Roman where the system has it, else the
Liberation Serif the program ships (same metrics, SIL Open Font License).

The four faces are registered once with reportlab under one family name, so styles say
``FAMILY`` and pick bold and italic through the family.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop_app.paths import resources_dir

FAMILY = "DocSerif"
FACES = ("regular", "bold", "italic", "bold_italic")


@dataclass(frozen=True)
class FontSet:
    name: str  # "Times New Roman" or "Liberation Serif"
    files: dict[str, Path]  # face -> file


def _liberation() -> FontSet:
    folder = resources_dir() / "fonts"
    names = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}
    return FontSet("Liberation Serif", {face: folder / f"LiberationSerif-{n}.ttf" for face, n in names.items()})


def _system_font_dirs() -> list[Path]:
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        return [windir / "Fonts", Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental")]
    return [Path("/usr/share/fonts/truetype/msttcorefonts"), Path.home() / ".fonts"]


def _times_new_roman() -> FontSet | None:
    """Times New Roman's four faces, if the system has all of them."""
    spellings = {
        "regular": ("times.ttf", "Times New Roman.ttf", "Times_New_Roman.ttf"),
        "bold": ("timesbd.ttf", "Times New Roman Bold.ttf", "Times_New_Roman_Bold.ttf"),
        "italic": ("timesi.ttf", "Times New Roman Italic.ttf", "Times_New_Roman_Italic.ttf"),
        "bold_italic": ("timesbi.ttf", "Times New Roman Bold Italic.ttf", "Times_New_Roman_Bold_Italic.ttf"),
    }
    for folder in _system_font_dirs():
        files = {}
        for face, names in spellings.items():
            found = next((folder / n for n in names if (folder / n).is_file()), None)
            if found is None:
                break
            files[face] = found
        else:
            return FontSet("Times New Roman", files)
    return None


def choose_fonts(prefer_system: bool = True) -> FontSet:
    """Times New Roman when ``prefer_system`` and the system has it, else Liberation Serif."""
    return (_times_new_roman() if prefer_system else None) or _liberation()


def face_name(face: str) -> str:
    return f"{FAMILY}-{face}" if face != "regular" else FAMILY


@cache
def register_fonts(prefer_system: bool = True) -> FontSet:
    """Register the family with reportlab (once) and return the font set in use."""
    fonts = choose_fonts(prefer_system)
    for face in FACES:
        pdfmetrics.registerFont(TTFont(face_name(face), str(fonts.files[face])))
    addMapping(FAMILY, 0, 0, face_name("regular"))
    addMapping(FAMILY, 1, 0, face_name("bold"))
    addMapping(FAMILY, 0, 1, face_name("italic"))
    addMapping(FAMILY, 1, 1, face_name("bold_italic"))
    return fonts


def font_for(bold: bool = False, italic: bool = False) -> str:
    """The registered font name of a face."""
    register_fonts()
    face = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bold_italic"}
    return face_name(face[(bold, italic)])
