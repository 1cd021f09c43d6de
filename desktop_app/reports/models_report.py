"""The "Dân vận khéo" report: a short narrative from the figures, the signature, then on
landscape pages the statistics table of the models and exemplary individuals of the period
and their totals by field, by status and by recognition level."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable

from desktop_app.domain.l10n import _, format_money, format_number
from desktop_app.domain.periods import Period
from desktop_app.domain.registers import BY_NAME
from desktop_app.reports.document import DocumentClass, DocumentSpec, OfficialDocument
from desktop_app.reports.narrative import Drafting

Record = dict[str, Any]
MODEL = BY_NAME["exemplary_model"]


@dataclass
class ModelsContent:
    spec: DocumentSpec
    period: Period
    figures: dict[str, object]
    changes: dict[str, float | None]
    models: Sequence[Record]  # the models active in the period, oldest first


def model_row(number: int, record: Record) -> list[str]:
    def show(name: str) -> str:
        return MODEL.field(name).display(record.get(name))

    area = ", ".join(p for p in (record.get("hamlet") or "", record.get("area_beneficiaries") or "") if p)
    return [str(number), show("name"), show("kind"), show("field"), show("lead"), area, show("start_date"),
            show("funding_vnd"), show("status"), show("recognition_level"), show("recognition_date")]  # fmt: skip


def totals_by(models: Sequence[Record], field_name: str) -> list[list[str]]:
    """Rows "label, count" for every choice of ``field_name`` (zero included), and a total."""
    field = MODEL.field(field_name)
    counts = Counter(record.get(field_name) for record in models)
    rows = [[choice.display, format_number(counts.get(choice.code, 0))] for choice in field.choices]
    if counts.get(None):
        rows.append([_("Chưa xác định"), format_number(counts[None])])
    rows.append([_("Tổng cộng"), format_number(len(models))])
    return rows


def narrative(content: ModelsContent) -> list[str]:
    """The sentences above the models' table; a figure of zero is said as none."""
    d = Drafting(content.period, content.figures, content.changes)
    built = d.some_or_none("exemplary_model.new", "mô hình",
                           _('{within}, đã xây dựng mới {n}, điển hình "Dân vận khéo"'),
                           _('{within}, chưa xây dựng mới mô hình, điển hình "Dân vận khéo" nào'), within=d.within)
    standing = d.some_or_none("exemplary_model.maintained", "mô hình", _("Đến cuối kỳ, đang duy trì {n}, điển hình"),
                              _("Đến cuối kỳ, chưa có mô hình, điển hình nào đang duy trì"))
    standing += d.some_or_none("exemplary_model.recognized", "mô hình",
                               _("; {n}, điển hình được công nhận trong kỳ"),
                               _("; trong kỳ chưa có mô hình, điển hình nào được công nhận"))
    sentences = [built + d.comparison("exemplary_model.new") + ".", standing + "."]
    if d.count("exemplary_model.funding_vnd"):
        sentences.append(_("Kinh phí hỗ trợ các mô hình mới: {money}.").format(
            money=format_money(d.count("exemplary_model.funding_vnd"))))  # fmt: skip
    fields = d.breakdown("exemplary_model.new_by_field", "mô hình")
    if fields:
        sentences.append(_("Theo lĩnh vực: {parts}.").format(parts=fields))
    return sentences


def build_models_report(content: ModelsContent, document: DocumentClass = OfficialDocument) -> bytes:
    doc = document(content.spec)
    story: list[Flowable] = [*doc.opening(), doc.heading(_("I. KẾT QUẢ"))]
    story.extend(doc.paragraphs("\n".join(narrative(content))))
    story.append(doc.closing())
    story += doc.start_landscape()
    story += doc.annex_title(
        _('Bảng thống kê mô hình, điển hình "Dân vận khéo" {period}').format(period=content.period.label)
    )
    header = [_("STT"), _("Tên mô hình, điển hình"), _("Loại"), _("Lĩnh vực"), _("Chủ thể thực hiện"),
              _("Địa bàn"), _("Ngày bắt đầu"), _("Kinh phí hỗ trợ (đồng)"), _("Trạng thái"), _("Cấp công nhận"),
              _("Ngày công nhận")]  # fmt: skip
    rows = [model_row(n, r) for n, r in enumerate(content.models, start=1)]
    if rows:
        story.append(doc.table([header], rows, "CLLLLLCRLLC", book=True))
    else:
        story.extend(doc.paragraphs(_("Trong kỳ không có mô hình, điển hình nào.")))
    for title, field_name in ((_("Tổng hợp theo lĩnh vực"), "field"), (_("Tổng hợp theo trạng thái"), "status"),
                              (_("Tổng hợp theo cấp công nhận"), "recognition_level")):  # fmt: skip
        story += [doc.keep_with_next(45), doc.space(8), doc.centred(title, bold=True), doc.space(4)]
        totals = totals_by(content.models, field_name)
        story.append(doc.table([[MODEL.field(field_name).display_label, _("Số lượng")]], totals, "LR",
                               width=doc.landscape_width * 0.5, bold_rows=[len(totals) - 1]))  # fmt: skip
    return doc.render(story)
