"""Column widths of a printed table, fitted to what its cells hold and measured with the font
they are set in, as a paper register is ruled: a date, a number, "STT" or a code never breaks
across lines, and the long texts share the rest of the page and wrap inside their columns.

Each column needs at least its widest unbreakable word (its least) and would like its usual
whole line (its wish: the 90th percentile of its cells, so one long address does not widen the
column for every row). What the page has beyond the least is shared out in the way that sets the
rows in the fewest lines (``share_out``). Words are measured once each, so a book of a hundred
thousand rows is measured in a moment: Vietnamese is written in a few thousand syllables.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from math import ceil

from reportlab.pdfbase.pdfmetrics import stringWidth

CELL_PADDING = 6.0  # left and right padding of a table cell, in points (document.table)
WISH_PERCENTILES = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
SAMPLE_ROWS = 2000  # rows whose lines are counted to choose between layouts
WRAP_FILL = 0.9  # the share of a column's width a wrapped line fills, on average
HEADER_LINES = 3  # a column wishes room for its heading in this many lines, even when empty


class _Widths(dict[str, float]):
    """Widths of words in one font and size, each measured once."""

    def __init__(self, font: str, size: float) -> None:
        super().__init__()
        self.font, self.size = font, size
        self.space = stringWidth(" ", font, size)

    def __missing__(self, word: str) -> float:
        width = self[word] = stringWidth(word, self.font, self.size)
        return width

    def measure(self, text: str) -> tuple[float, float]:
        """(the widest word, the widest line) of ``text``."""
        widest_word = widest_line = 0.0
        for line in text.split("\n"):
            words = line.split()
            if not words:
                continue
            widths = [self[word] for word in words]
            widest_word = max(widest_word, *widths)
            widest_line = max(widest_line, sum(widths) + self.space * (len(words) - 1))
        return widest_word, widest_line


def _percentile(ordered: list[float], share: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def fitted_widths(
    header_rows: Sequence[Sequence[str]],
    rows: Iterable[Sequence[str]],
    width: float,
    *,
    font: str,
    bold_font: str,
    size: float,
    spanned: frozenset[tuple[int, int]] = frozenset(),
) -> list[float]:
    """Widths of the columns of a table ``width`` points wide, its ``rows`` read once (a book's
    rows may come from the database as they are read). ``spanned`` are the (column, row) header
    cells that span several columns: they are left out of the measuring."""
    columns = max(len(row) for row in header_rows)
    body, head = _Widths(font, size), _Widths(bold_font, size)
    least = [0.0] * columns
    heading = [0.0] * columns  # what the heading wishes: its whole line in HEADER_LINES lines
    lines = [array("d") for _ in range(columns)]  # each row's whole line, column by column
    for row_index, row in enumerate(header_rows):
        for column, text in enumerate(row):
            if text and (column, row_index) not in spanned:
                word, line = head.measure(text)
                least[column] = max(least[column], word)
                heading[column] = max(heading[column], line / HEADER_LINES)
    for row in rows:
        for column, text in enumerate(row):
            word, line = body.measure(text) if text else (0.0, 0.0)
            if word > least[column]:
                least[column] = word
            lines[column].append(line)
    count = len(lines[0])
    step = max(1, count // SAMPLE_ROWS)
    sample = [[lines[c][r] + CELL_PADDING for c in range(columns)] for r in range(0, count, step)]
    least = [value + CELL_PADDING for value in least]
    ordered = [sorted(column) for column in lines]
    wishes = [[max(least[c], heading[c] + CELL_PADDING, _percentile(ordered[c], share) + CELL_PADDING)
               for c in range(columns)]
              for share in WISH_PERCENTILES]  # fmt: skip
    return min((share_out(least, wish, width, sample) for wish in wishes), key=lambda w: _lines(w, sample))


def share_out(least: list[float], wish: list[float], width: float, sample: list[list[float]]) -> list[float]:
    """Widths that set the ``sample`` rows (each cell's whole line, in points) in the fewest lines.

    Every column gets its least. When every wish fits, the wishes are widened to the page. Else
    the candidates are the web's layout (the width beyond the least in proportion to how much
    more each column wishes) and, for k = 1, 2, …, the k columns that wish the most wrapping in
    what the others leave once they have their wish; the one whose rows are the fewest lines in
    all wins. A table whose least does not fit is scaled down whole: no better can be done."""
    floor, wished = sum(least), sum(wish)
    if floor >= width:
        return [value * width / floor for value in least]
    if wished <= width:
        return [value * width / wished for value in wish]
    columns = range(len(least))
    candidates = [_beyond_least(least, wish, width, set(columns))]
    widest_first = sorted(columns, key=lambda c: wish[c] - least[c], reverse=True)
    for k in range(1, len(least)):
        wrapping = set(widest_first[:k])
        left = width - sum(wish[c] for c in columns if c not in wrapping)
        if left > sum(least[c] for c in wrapping):
            candidates.append(_beyond_least(least, wish, left, wrapping))
    return min(candidates, key=lambda widths: _lines(widths, sample))


def _beyond_least(least: list[float], wish: list[float], room: float, wrapping: set[int]) -> list[float]:
    """The columns not ``wrapping`` at their wish; the wrapping ones share ``room``: each its
    least, and the rest in proportion to how much more it wishes."""
    floor = sum(least[c] for c in wrapping)
    more = {c: wish[c] - least[c] for c in wrapping}
    extra = sum(more.values()) or 1.0
    return [least[c] + (room - floor) * more[c] / extra if c in wrapping else wish[c] for c in range(len(least))]


def _lines(widths: list[float], sample: list[list[float]]) -> float:
    """How many lines the sample rows take at ``widths`` (a text that wraps breaks between words,
    so a tenth of each of its lines is counted as lost)."""
    return sum(max(1 if cell <= width else ceil((cell - CELL_PADDING) / ((width - CELL_PADDING) * WRAP_FILL))
                   for cell, width in zip(row, widths, strict=True)) for row in sample)  # fmt: skip
