"""The home page's and the text summary's one line per area of work."""
from collections import defaultdict

from desktop_app.domain import l10n
from desktop_app.domain.headlines import headline_figures, petition_resolution


def figures(**given):
    """Figures of a period: zero where not given."""
    values = defaultdict(int)
    values.update({key.replace("__", "."): value for key, value in given.items()})
    return values


ISSUE_CASE = figures(petition__received=30, petition__resolved=3, petition__in_jurisdiction=24,
                     petition__resolved_in_jurisdiction=3, petition__resolved_percent=12.5)  # fmt: skip


def test_the_petition_rate_is_said_with_its_own_denominator():
    """3 of the 24 petitions in the jurisdiction, not 3 of the 30 received: 12,5 % says which."""
    lines = dict(headline_figures(ISSUE_CASE))
    assert lines["Đơn thư"] == "nhận 30 đơn; đã giải quyết 3/24 đơn thuộc thẩm quyền (đạt 12,5%)"


def test_the_same_words_in_english():
    l10n.set_language("en")
    lines = dict(headline_figures(ISSUE_CASE))
    assert lines["Petitions"] == "30 petitions received; 3 of 24 petitions within jurisdiction resolved (12.5%)"


def test_no_rate_without_petitions_in_the_jurisdiction():
    """A commune that received only petitions for other bodies says so, with no rate at all."""
    lines = dict(headline_figures(figures(petition__received=4)))
    assert lines["Đơn thư"] == "nhận 4 đơn"
    assert petition_resolution(figures(petition__in_jurisdiction=2)) == \
        "chưa giải quyết xong đơn nào trong 2 đơn thuộc thẩm quyền"
