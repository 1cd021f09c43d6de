"""``danvan report`` as a real process: every kind is written, and its figures equal ``summary``."""

from __future__ import annotations

import json
import re

import pytest

from desktop_app.domain.indicators import indicator_groups
from desktop_app.domain.l10n import format_number
from tests.cli.test_cli import danvan, demo_db  # noqa: F401  (the fixture)
from tests.reports.conftest import open_pdf


@pytest.mark.parametrize("kind", ["periodic", "models", "reception", "petitions"])
@pytest.mark.parametrize("profile", ["party", "state"])
def test_every_kind_is_written_under_both_profiles(demo_db, tmp_path, kind, profile):  # noqa: F811
    out = tmp_path / f"{kind}.pdf"
    result = danvan("report", kind, "--db", str(demo_db), "--period", "2026-Q1", "--profile", profile,
                    "--out", str(out), "--date", "2026-04-05")  # fmt: skip
    assert result.returncode == 0, result.stderr
    with open_pdf(out.read_bytes()) as document:
        assert len(document.pages) >= 1
        assert ("ĐẢNG CỘNG SẢN VIỆT NAM" if profile == "party" else "Độc lập - Tự do - Hạnh phúc") in (
            document.pages[0].extract_text()
        )


def test_the_periodic_report_figures_equal_summary(demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "bao-cao.pdf"
    assert danvan("report", "periodic", "--db", str(demo_db), "--period", "2026-Q1", "--out", str(out)).returncode == 0
    summary = json.loads(danvan("summary", "--db", str(demo_db), "--period", "2026-Q1", "--json").stdout)
    cells = {}
    with open_pdf(out.read_bytes()) as document:
        for page in document.pages[1:]:
            for table in page.extract_tables():
                for row in table:
                    if row and row[1]:
                        cells[re.sub(r"\s+", " ", row[1]).removeprefix("- ")] = row[3]
    checked = 0
    for group in indicator_groups():
        for item in group.indicators:
            if item.indent:
                continue  # choice labels repeat across groups ("Khác"); their totals are checked above them
            value = summary["figures"][item.key]
            expected = "-" if value is None else format_number(value, 1 if item.is_percent else 0)
            assert cells[item.display_label] == expected, item.key
            checked += 1
    assert checked >= 25


def test_dialogue_minutes_need_a_record_and_refuse_an_unknown_one(demo_db, tmp_path):  # noqa: F811
    out = tmp_path / "bien-ban.pdf"
    result = danvan("report", "dialogue", "--db", str(demo_db), "--out", str(out))
    assert result.returncode == 1 and "--record" in result.stderr
    result = danvan("report", "dialogue", "--db", str(demo_db), "--record", "khong-co", "--out", str(out))
    assert result.returncode == 1 and "khong-co" in result.stderr and not out.exists()


def test_a_bad_output_name_changes_nothing(demo_db, tmp_path):  # noqa: F811
    result = danvan("report", "periodic", "--db", str(demo_db), "--period", "2026", "--out", str(tmp_path / "a.odt"))
    assert result.returncode == 1 and "a.odt phải có đuôi .pdf (hoặc .docx cho bản Word)" in result.stderr
    assert list(tmp_path.iterdir()) == []
