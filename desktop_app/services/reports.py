"""Reports a user can make: gather what each report prints (the figures of the period, the
records of a register, the unit's letterhead) and hand it to its builder; keep periodic
reports as records with their number, narrative and status; make one final, which stores its
PDF and SHA-256 so it can be printed again byte for byte.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid as uuidlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.indicators import ACTIVITY_KEYS
from desktop_app.domain.l10n import _, format_date
from desktop_app.domain.periods import Period, PeriodError, date_range, parse_period
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.roles import Right
from desktop_app.domain.units import Level, Unit, area_of, children, parent
from desktop_app.files import written_in_place
from desktop_app.reports.books import PetitionBook, build_petition_book, build_reception_book
from desktop_app.reports.document import DocumentClass, DocumentSpec, Letterhead, OfficialDocument
from desktop_app.reports.kinds import DOC_TYPES, KIND_LABELS, KINDS, SAVED_KINDS
from desktop_app.reports.minutes import build_minutes
from desktop_app.reports.models_report import ModelsContent, build_models_report
from desktop_app.reports.narrative import draft_sections
from desktop_app.reports.periodic import PeriodicContent, UnitRow, annex_lines, build_periodic, statistics_header
from desktop_app.reports.profiles import FormatProfile, get_profile
from desktop_app.reports.word import WordDocument
from desktop_app.security.pdf_signing import Credential
from desktop_app.services import accounts, audit, signing, unit_setup
from desktop_app.services import figures as figures_service
from desktop_app.services import records as records_service
from desktop_app.services.periods import unit_periods
from desktop_app.services.progress import Progress, Steps
from desktop_app.store import queries
from desktop_app.store import records as record_store
from desktop_app.store import reports as report_store
from desktop_app.store.models import database

DRAFT, FINAL = "draft", "final"


class ReportError(ValueError):
    """A report that cannot be built or saved; the message says which field or what is wrong."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ---------------------------------------------------------------- the unit's letterhead


def letterhead(profile_name: str) -> Letterhead:
    """The unit's letterhead under a profile: its own settings for its default profile, the
    usual names of the other kind of body otherwise."""
    data = unit_setup.profile()
    unit = unit_setup.current_unit()
    suggested = unit_setup.suggested_letterhead(unit, profile_name)
    if profile_name == data.report_profile:
        values = {key: getattr(data, key) or suggested[key] for key in suggested if key != "superior_body"}
        values["superior_body"] = data.superior_body
    else:
        values = dict(suggested)
    return Letterhead(place_name=data.place_name, signer_name=data.signer_name, **values)


def issuer_name(unit: Unit, profile_name: str) -> str:
    """The issuing body in running text: "Đảng ủy xã Vô Ngại", "Ủy ban nhân dân xã Lộc Khánh"."""
    name = unit.name[:1].lower() + unit.name[1:]
    if profile_name == "state":
        return _("Ủy ban nhân dân {unit}").format(unit=name)
    if unit.level == Level.PROVINCE:
        return _("Ban Dân vận {committee} {name}").format(committee=_committee_word(unit), name=unit.bare_name)
    return _("Đảng ủy {unit}").format(unit=name)


def _committee_word(unit: Unit) -> str:
    """The Party committee of a province or district: Tỉnh ủy, Thành ủy (a centrally-run city), Huyện ủy."""
    if unit.level == Level.DISTRICT:
        return _("Huyện ủy")
    return _("Thành ủy") if unit.division_type.startswith("thành phố") else _("Tỉnh ủy")


def default_recipients(unit: Unit, profile_name: str) -> list[str]:
    above = parent(unit)
    if unit.level == Level.PROVINCE:
        return [_("Ban Dân vận Trung ương (b/c)"),
                _("Thường trực {committee} (b/c)").format(committee=_committee_word(unit))]  # fmt: skip
    if profile_name == "state":
        return [_("Ủy ban nhân dân {unit} (b/c)").format(unit=above.name if above else ""),
                _("Thường trực Đảng ủy (b/c)")]  # fmt: skip
    level_word = _committee_word(above) if above is not None else _("Tỉnh ủy")
    return [_("Ban Dân vận {committee} (b/c)").format(committee=level_word),
            _("Các đồng chí Ủy viên Ban Chấp hành Đảng bộ")]  # fmt: skip


def _profile(name: str | None) -> FormatProfile:
    from desktop_app.reports.profiles import ProfileError

    try:
        return get_profile(name or unit_setup.profile().report_profile)
    except ProfileError as error:
        raise ReportError(str(error)) from error


def _term_start(unit: Unit) -> dt.date:
    return unit_setup.profile().party_term_start or unit_setup.default_term_start(unit)


# ---------------------------------------------------------------- saved periodic reports


@dataclass
class ReportDraft:
    """A periodic (or consolidated) report as it is edited and kept."""

    kind: str
    period: Period
    profile: str
    doc_date: dt.date
    letterhead: Letterhead
    sections: dict[str, str]
    recipients: list[str]
    number: int | None = None
    uuid: str | None = None
    status: str = DRAFT
    pdf_sha256: str | None = None
    finalized_at: dt.datetime | None = None

    @property
    def doc_type(self) -> str:
        return DOC_TYPES.get(self.kind, "")

    @property
    def is_final(self) -> bool:
        return self.status == FINAL

    @property
    def title(self) -> str:
        return _(KIND_LABELS[self.kind]) + " " + self.period.label


def _period_from_code(code: str, start: dt.date, end: dt.date) -> Period:
    try:
        return parse_period(code)
    except PeriodError:
        return date_range(start, end)


def _check_kind(kind: str, unit: Unit) -> None:
    if kind not in KINDS:
        raise ReportError(_("Không có loại báo cáo «{kind}». Các loại: {kinds}.").format(
            kind=kind, kinds=", ".join(KINDS)))  # fmt: skip
    if kind == "consolidated" and not unit.is_merging:
        raise ReportError(_("Báo cáo tổng hợp chỉ lập ở đơn vị tổng hợp (huyện, tỉnh); {unit} là cấp xã.").format(
            unit=unit.display))  # fmt: skip


def new_report(period: Period, kind: str = "periodic", profile: str | None = None, today: dt.date | None = None,
               summary: figures_service.PeriodSummary | None = None) -> ReportDraft:  # fmt: skip
    """A new report for ``period``, drafted from its figures (``summary``, computed when not
    given), with the next number suggested."""
    unit = unit_setup.current_unit()
    _check_kind(kind, unit)
    chosen = _profile(profile)
    summary = summary or _summary(period, unit)
    draft = ReportDraft(
        kind=kind,
        period=period,
        profile=chosen.name,
        doc_date=today or dt.date.today(),
        letterhead=letterhead(chosen.name),
        sections=draft_sections(period, summary.figures, summary.change_percent),
        recipients=default_recipients(unit, chosen.name),
    )
    draft.number = suggest_number(draft)
    return draft


def numbering_scope(draft: ReportDraft) -> str:
    unit = unit_setup.current_unit()
    return get_profile(draft.profile).numbering_scope(draft.doc_date, _term_start(unit))


def suggest_number(draft: ReportDraft) -> int:
    """The next number of the document's type in its run (the Party term or the year)."""
    return report_store.highest_number(draft.profile, draft.doc_type, numbering_scope(draft), draft.uuid) + 1


def _row(draft: ReportDraft) -> dict[str, Any]:
    from desktop_app.services.records import current_user

    head = draft.letterhead
    return {
        "uuid": draft.uuid,
        "kind": draft.kind,
        "period_code": draft.period.code,
        "period_start": draft.period.start,
        "period_end": draft.period.end,
        "profile": draft.profile,
        "doc_type": draft.doc_type,
        "number": draft.number,
        "numbering_scope": numbering_scope(draft),
        "doc_date": draft.doc_date,
        "letterhead": {k: getattr(head, k) for k in head.__dataclass_fields__},
        "sections": dict(draft.sections),
        "recipients": list(draft.recipients),
        "status": draft.status,
        "updated_at": _now(),
        "updated_by": current_user(),
    }


def _draft(row: dict[str, Any]) -> ReportDraft:
    return ReportDraft(
        kind=row["kind"],
        period=_period_from_code(row["period_code"], row["period_start"], row["period_end"]),
        profile=row["profile"],
        doc_date=row["doc_date"],
        letterhead=Letterhead(**row["letterhead"]),
        sections=dict(row["sections"]),
        recipients=list(row["recipients"]),
        number=row["number"],
        uuid=row["uuid"],
        status=row["status"],
        pdf_sha256=row.get("pdf_sha256"),
        finalized_at=row.get("finalized_at"),
    )


def _check_draft(draft: ReportDraft) -> None:
    if draft.number is not None and draft.number < 1:
        raise ReportError(_("«Số văn bản» phải là số nguyên dương."))
    if draft.number is not None and report_store.number_taken(
        draft.profile, draft.doc_type, numbering_scope(draft), draft.number, draft.uuid
    ):
        message = _("«Số văn bản» {number} đã dùng cho một báo cáo khác trong {scope}; số gợi ý: {next}.")
        raise ReportError(message.format(number=draft.number, scope=numbering_scope(draft), next=suggest_number(draft)))
    head = draft.letterhead
    required = ((_("Tên cơ quan ban hành"), head.issuing_body), (_("Địa danh ghi ngày tháng"), head.place_name))
    for label, value in required:
        if not value.strip():
            raise ReportError(_("«{label}» là bắt buộc.").format(label=label))


def save_report(draft: ReportDraft) -> str:
    """Keep the report (new or edited); a final report cannot change."""
    if draft.uuid:
        existing = report_store.get(draft.uuid)
        if existing and existing["status"] == FINAL:
            raise ReportError(_("Báo cáo đã ban hành (bản chính thức) không sửa được; hãy tạo báo cáo mới."))
    _check_draft(draft)
    values = _row(draft)
    if not draft.uuid:
        draft.uuid = values["uuid"] = str(uuidlib.uuid4())
        values["created_at"] = values["updated_at"]
    report_store.upsert(values)
    return draft.uuid


def load_report(uuid: str) -> ReportDraft:
    row = report_store.get(uuid)
    if row is None:
        raise ReportError(_("Không tìm thấy báo cáo {uuid}.").format(uuid=uuid))
    return _draft(row)


def saved_reports() -> list[ReportDraft]:
    return [_draft(row) for row in report_store.all_reports()]


def saved_report(kind: str, period: Period, profile: str | None = None) -> ReportDraft | None:
    """The saved report of ``kind`` for ``period`` under ``profile`` (None: under any): the final
    one if there is one, else the draft changed last. ``report … --profile`` and the report
    page both find it here."""
    saved = report_store.latest_for_period(kind, period.code, profile)
    return None if saved is None else _draft(saved)


def finalize_report(uuid: str, credential: Credential | None = None) -> bytes:
    """Make a saved report final: build its PDF once, store it with its SHA-256 (a leader's
    right; the trail names who issued it). With ``credential`` the PDF is signed digitally
    first (services/signing.py): a certificate or an image that cannot sign issues nothing."""
    session = _require(Right.ISSUE_REPORTS)
    draft = load_report(uuid)
    if draft.is_final:
        raise ReportError(_("Báo cáo này đã là bản chính thức."))
    if draft.number is None:
        raise ReportError(_("«Số văn bản» là bắt buộc trước khi ban hành."))
    _check_draft(draft)
    content = periodic_content(draft)
    pdf = build_periodic(content)
    detail = {}
    if credential is not None:
        try:
            spec = content.spec
            pdf = signing.sign_report(pdf, spec.signature_places, credential, organisation=content.issuer_name,
                                      attachment=spec.attachment_places[0] if spec.attachment_places else None,
                                      document=_("Kèm theo văn bản số {number}").format(number=spec.document_code))
        except signing.SigningRefused as error:
            raise ReportError(str(error)) from error
        detail = {"signed_by": credential.certificate.holder, "certificate": credential.certificate.sha256}
    digest = hashlib.sha256(pdf).hexdigest()
    with database.atomic():
        report_store.upsert({"uuid": uuid, "status": FINAL, "pdf": pdf, "pdf_sha256": digest,
                             "finalized_at": _now(), "updated_at": _now()})  # fmt: skip
        audit.record_event(session, "report_issued", {**_report_detail(draft, digest), **detail})
    return pdf


def issue_report(kind: str, period: Period, *, profile: str | None = None, number: int | None = None,
                 today: dt.date | None = None, credential: Credential | None = None) -> bytes:  # fmt: skip
    """Issue the report of ``period`` in one step (the command line's ``--issue``): its saved
    draft, or a new one drafted from the figures, numbered and made final (signed with
    ``credential`` when given). Refused, it leaves the reports as they were."""
    _require(Right.ISSUE_REPORTS)
    if kind not in SAVED_KINDS:
        raise ReportError(_("Chỉ báo cáo định kỳ và báo cáo tổng hợp được ban hành thành bản chính thức."))
    draft = saved_report(kind, period, profile) or new_report(period, kind, profile, today)
    if draft.is_final:
        raise ReportError(_("Báo cáo {period} đã ban hành (số {number}); in lại bằng lệnh không có --issue.").format(
            period=period.label, number=draft.number))  # fmt: skip
    if number is not None:
        draft.number = number
    if today is not None:
        draft.doc_date = today
    with database.atomic():  # refused: not even the draft it saved stays
        return finalize_report(save_report(draft), credential)


def _report_detail(draft: ReportDraft, digest: str) -> dict[str, Any]:
    return {"report": draft.uuid, "kind": draft.kind, "period": draft.period.code, "profile": draft.profile,
            "number": draft.number, "sha256": digest}  # fmt: skip


def _require(right: Right) -> accounts.Session:
    try:
        return accounts.require(right)
    except accounts.NotAllowed as error:
        raise ReportError(str(error)) from error


def reprint(uuid: str) -> bytes:
    """The final PDF again, byte for byte, with the reprint in the audit trail."""
    session = _require(Right.EXPORT)
    pdf = final_pdf(uuid)
    draft = load_report(uuid)
    with database.atomic():
        audit.record_event(session, "report_reprinted", _report_detail(draft, hashlib.sha256(pdf).hexdigest()))
    return pdf


def final_pdf(uuid: str) -> bytes:
    """The PDF of a final report, exactly as it was issued; refuses one whose bytes changed."""
    row = report_store.get(uuid)
    if row is None or row["status"] != FINAL or row["pdf"] is None:
        raise ReportError(_("Báo cáo {uuid} chưa phải bản chính thức.").format(uuid=uuid))
    pdf = bytes(row["pdf"])
    if hashlib.sha256(pdf).hexdigest() != row["pdf_sha256"]:
        raise ReportError(_("Bản PDF lưu của báo cáo {uuid} đã bị thay đổi (mã SHA-256 không khớp).").format(uuid=uuid))
    return pdf


# ---------------------------------------------------------------- building


def _summary(period: Period, unit: Unit) -> figures_service.PeriodSummary:
    return figures_service.summarize(period, area_of(unit) if unit.is_merging else None)


def _spec(draft: ReportDraft, type_name: str, summary: str) -> DocumentSpec:
    return DocumentSpec(
        profile=get_profile(draft.profile),
        letterhead=draft.letterhead,
        doc_date=draft.doc_date,
        type_name=type_name,
        summary=summary,
        kind_code=draft.doc_type,
        number=draft.number,
        recipients=draft.recipients,
        title=draft.title,
    )


def unit_rows(unit: Unit, summary: figures_service.PeriodSummary) -> list[UnitRow]:
    """One row per unit under a merging unit, in official code order."""
    names = {child.code: child.name for child in children(unit)}
    rows = []
    for code in sorted(summary.units):
        unit_figures = summary.units[code]
        has_data = any(unit_figures.get(key) for key in ACTIVITY_KEYS)
        rows.append(UnitRow(code, names.get(code, code), unit_figures, has_data))
    return rows


def periodic_content(draft: ReportDraft, summary: figures_service.PeriodSummary | None = None) -> PeriodicContent:
    unit = unit_setup.current_unit()
    summary = summary or _summary(draft.period, unit)
    subject = _("kết quả công tác dân vận {period}").format(period=draft.period.label)
    content = PeriodicContent(
        spec=_spec(draft, _("BÁO CÁO"), subject),
        period=draft.period,
        sections=draft.sections,
        figures=summary.figures,
        previous=summary.previous,
        changes=summary.change_percent,
        issuer_name=issuer_name(unit, draft.profile),
    )
    if draft.kind == "consolidated":
        content.units = unit_rows(unit, summary)
        content.missing = [row.name for row in content.units if not row.has_data]
        states = unit_periods(draft.period, [row.code for row in content.units])
        content.unlocked = [row.name for row in content.units if states[row.code].status != "locked"]
    return content


def build_saved_pdf(draft: ReportDraft, summary: figures_service.PeriodSummary | None = None, *,
                    word: bool = False) -> bytes:  # fmt: skip
    """The PDF (``word``: the .docx) of a periodic or consolidated report from its narrative and
    the current figures."""
    return build_periodic(periodic_content(draft, summary), WordDocument if word else OfficialDocument)


def _document_draft(kind: str, period: Period, profile: str | None, number: int | None,
                    today: dt.date | None) -> ReportDraft:  # fmt: skip
    """What an on-demand document (not kept as a record) prints in its header and closing."""
    unit = unit_setup.current_unit()
    chosen = _profile(profile)
    return ReportDraft(kind=kind, period=period, profile=chosen.name, doc_date=today or dt.date.today(),
                       letterhead=letterhead(chosen.name), sections={}, number=number,
                       recipients=default_recipients(unit, chosen.name))  # fmt: skip


def build_report(kind: str, period: Period, *, profile: str | None = None, record_uuid: str | None = None,
                 number: int | None = None, today: dt.date | None = None,
                 progress: Progress | None = None, word: bool = False) -> bytes:  # fmt: skip
    """The PDF of any report kind for ``period`` (``word``: its editable Word copy, .docx, in the
    same layout; an issued report's Word copy is made from what it says, the PDF stays the
    original).

    A periodic or consolidated report prints the saved report of the period when there is one
    (the final PDF byte for byte once it is final), else a fresh draft. A book tells
    ``progress`` of the records it has gone through (each twice: to fit its columns, to print).
    """
    unit = unit_setup.current_unit()
    _check_kind(kind, unit)
    today = today or dt.date.today()
    if kind in SAVED_KINDS:
        if (saved := saved_report(kind, period, profile)) is not None:
            if word:
                return build_saved_pdf(saved, word=True)
            return reprint(saved.uuid) if saved.is_final else build_saved_pdf(saved)
        summary = _summary(period, unit)  # one reckoning serves the draft and the annex
        draft = new_report(period, kind, profile, today, summary)
        if number is not None:
            draft.number = number
        return build_saved_pdf(draft, summary, word=word)
    draft = _document_draft(kind, period, profile, number, today)
    document = WordDocument if word else OfficialDocument
    if kind == "models":
        return _models_pdf(draft, unit, document)
    if kind == "reception":
        return _reception_pdf(draft, progress, document)
    if kind == "petitions":
        return _petitions_pdf(draft, today, progress, document)
    return _minutes_pdf(draft, unit, record_uuid, document)


def _models_pdf(draft: ReportDraft, unit: Unit, document: DocumentClass = OfficialDocument) -> bytes:
    summary = _summary(draft.period, unit)
    subject = _('kết quả phong trào thi đua "Dân vận khéo" {period}').format(period=draft.period.label)
    register = BY_NAME["exemplary_model"]
    models = queries.select_overlapping(register, "start_date", "end_date", draft.period.start, draft.period.end)
    content = ModelsContent(_spec(draft, _("BÁO CÁO"), subject), draft.period, summary.figures,
                            summary.change_percent, models)  # fmt: skip
    return build_models_report(content, document)


def _streamed(query: queries.ListQuery, steps: Steps) -> Callable[[], Iterator[dict[str, Any]]]:
    """The records of a book, read from the database each time the book goes through them (to
    fit its columns, to print), as the role may see them, each a step; call inside one
    transaction, so that both readings see the same records."""
    return lambda: steps.counted(records_service.visible(query.register, r) for r in queries.iter_select(query))


def _book(query: queries.ListQuery, progress: Progress | None,
          build: Callable[[Callable[[], Iterator[dict[str, Any]]]], bytes]) -> bytes:  # fmt: skip
    """A book of ``query``'s records, built by ``build`` from them streamed in one transaction;
    ``progress`` counts each record twice (to fit the columns, to print)."""
    steps = Steps(progress, 2 * queries.count(query) if progress else 0)
    with record_store.atomic():
        pdf = build(_streamed(query, steps))
    steps.end()
    return pdf


def _reception_pdf(draft: ReportDraft, progress: Progress | None = None,
                   document: DocumentClass = OfficialDocument) -> bytes:  # fmt: skip
    query = queries.ListQuery(BY_NAME["reception"], start=draft.period.start, end=draft.period.end, sort_field="date")
    spec = _spec(draft, _("SỔ TIẾP CÔNG DÂN"), "")
    spec.numbered = False
    return _book(query, progress, lambda records: build_reception_book(spec, draft.period, records, document))


def _petitions_pdf(draft: ReportDraft, today: dt.date, progress: Progress | None = None,
                   document: DocumentClass = OfficialDocument) -> bytes:  # fmt: skip
    register = BY_NAME["petition"]
    as_of = min(draft.period.end, today)
    received = queries.ListQuery(register, start=draft.period.start, end=draft.period.end, sort_field="received_date")
    attention = []
    for kind in (queries.ATTENTION_OVERDUE, queries.ATTENTION_DUE_SOON):
        attention += queries.select_all(queries.ListQuery(register, attention=kind, today=as_of,
                                                          sort_field="deadline"))  # fmt: skip
    spec = _spec(draft, _("SỔ THEO DÕI ĐƠN THƯ"), "")
    spec.numbered = False
    attention = [records_service.visible(register, r) for r in attention]
    return _book(received, progress, lambda records: build_petition_book(
        PetitionBook(spec, draft.period, records, attention, as_of), document))  # fmt: skip


def _minutes_pdf(draft: ReportDraft, unit: Unit, record_uuid: str | None,
                 document: DocumentClass = OfficialDocument) -> bytes:  # fmt: skip
    if not record_uuid:
        raise ReportError(_("Biên bản đối thoại cần mã bản ghi đối thoại (--record UUID)."))
    record = record_store.get(BY_NAME["dialogue"], record_uuid)
    if record is None or record.get("deleted_at") is not None:
        raise ReportError(_("Không có cuộc đối thoại nào có mã {uuid}.").format(uuid=record_uuid))
    draft.doc_date = record["date"]
    record = records_service.visible(BY_NAME["dialogue"], record)
    summary = _("hội nghị đối thoại trực tiếp với Nhân dân")
    return build_minutes(_spec(draft, _("BIÊN BẢN"), summary), record, issuer_name(unit, draft.profile), document)


WORD_SUFFIX = ".docx"


def write_pdf(pdf: bytes, out: Path | str) -> Path:
    """Write a PDF (or, to a .docx name, the Word copy) next to its final name, then move it
    there: a failed write leaves no half file."""
    out = Path(out)
    if out.suffix.lower() not in (".pdf", WORD_SUFFIX):
        raise ReportError(_("Tệp {path} phải có đuôi .pdf (hoặc .docx cho bản Word).").format(path=out))
    if not out.parent.is_dir():
        raise ReportError(_("Thư mục {folder} không có.").format(folder=out.parent))
    with written_in_place(out) as temporary:
        temporary.write_bytes(pdf)
    return out


# ---------------------------------------------------------------- the annex as a spreadsheet


def write_annex_xlsx(draft: ReportDraft, out: Path | str) -> Path:
    """The statistics annex of a periodic report as .xlsx, the same rows the PDF prints."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ReportError(_("Tệp {path} phải có đuôi .xlsx.").format(path=out))
    content = periodic_content(draft)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Phụ lục số liệu")[:31]
    sheet.append([_("Số liệu thống kê kết quả công tác dân vận {period}").format(period=draft.period.label)])
    sheet.append([_("Từ ngày {start} đến ngày {end}").format(start=format_date(draft.period.start),
                                                              end=format_date(draft.period.end))])  # fmt: skip
    sheet.append([])
    sheet.append(statistics_header(draft.period))
    for stt, label, item in annex_lines():
        if item is None:
            sheet.append([stt, label])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        else:
            key = item.key
            sheet.append([stt, label, item.display_unit, content.figures.get(key), content.previous.get(key),
                          content.changes.get(key)])  # fmt: skip
    for cell in sheet[4]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    for column, width in zip("ABCDEF", (6, 60, 12, 16, 16, 14), strict=True):
        sheet.column_dimensions[column].width = width
    with written_in_place(out) as temporary:
        book.save(temporary)
    return out
