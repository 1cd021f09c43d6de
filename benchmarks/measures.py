"""What a benchmark measured, in the one form ``run_all.py`` gathers into a table.

Each benchmark prints its own figures as before and, at the end, hands its measures to
``report``: when ``run_all.py`` started it (``MEASURES_FILE`` names a file in the environment),
they are appended there as JSON lines; a benchmark run alone prints them as a short table.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

MEASURES_FILE = "DANVAN_BENCH_MEASURES"
KEYS = ("measure", "value", "unit", "baseline", "ratio", "goal", "met")


@dataclass
class Measure:
    """One figure: ``value`` in ``unit``; ``baseline`` (what it is compared with, same unit) and
    ``ratio`` when it has one; ``goal`` in words and whether it is ``met`` (None: no goal)."""

    measure: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None


def at_most(measure: str, value: float, unit: str, limit: float, *, baseline: float | None = None) -> Measure:
    """A measure whose goal is a ceiling on its value."""
    ratio = value / baseline if baseline else None
    return Measure(measure, value, unit, baseline, ratio, f"≤ {limit:g} {unit}", value <= limit)


def ratio_at_most(measure: str, value: float, unit: str, baseline: float, limit: float) -> Measure:
    """A measure whose goal is a ceiling on its ratio to the baseline (a cost)."""
    ratio = value / baseline
    return Measure(measure, value, unit, baseline, ratio, f"≤ {limit:g}×", ratio <= limit)


def ratio_at_least(measure: str, value: float, unit: str, baseline: float, limit: float) -> Measure:
    """A measure whose goal is a floor on its ratio to the baseline (a rate)."""
    ratio = value / baseline
    return Measure(measure, value, unit, baseline, ratio, f"≥ {limit:g}×", ratio >= limit)


def report(measures: list[Measure]) -> None:
    target = os.environ.get(MEASURES_FILE)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            for found in measures:
                handle.write(json.dumps(asdict(found), ensure_ascii=False) + "\n")
        return
    print()
    print(table([asdict(found) for found in measures]))


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"


def table(rows: list[dict]) -> str:
    """The measures as a plain-text table: measure, figure, baseline, ratio, goal, met."""
    heading = ("measure", "figure", "baseline", "ratio", "goal", "met")
    lines = [(row["measure"], f"{_number(row['value'])} {row['unit']}", _number(row["baseline"]),
              f"{row['ratio']:.2f}" if row["ratio"] is not None else "", row["goal"],
              {True: "met", False: "NOT met", None: ""}[row["met"]]) for row in rows]  # fmt: skip
    widths = [max(len(str(cell)) for cell in column) for column in zip(heading, *lines, strict=True)]
    render = [" | ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
              for line in (heading, *lines)]  # fmt: skip
    render.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(render)
