"""How a sealed value looks where a plain one would be: the stored form of a sensitive field in
an encrypted database (store/sealed.py makes and opens them). A sealed value passes through
reading and checking untouched: it was checked when it was typed, and nobody who cannot read it
can have changed it."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.l10n import N_

# What the window, exports and printed books show in place of a value that must stay secret (the
# sender of a denunciation, Luật Tố cáo 2018 Điều 47), or that the acting account cannot open.
MASK = N_("(giữ bí mật)")
PREFIX = "\x02s1:"  # a control character nobody types, then the format


def is_sealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)
