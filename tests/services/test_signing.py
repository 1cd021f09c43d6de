"""A report issued and signed digitally (Nghị định 30/2020): it validates with pyHanko's own
validator against the authority that issued the certificate, shows the signature image, the
seal and the signing information where the signer signs, and a byte changed after is found. A
certificate or an image that cannot sign issues nothing."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess

import pdfplumber
import pytest
from PIL import Image

from desktop_app.domain.periods import parse_period
from desktop_app.security import pdf_signing
from desktop_app.services import audit_reading, reports, signing
from desktop_app.store.models import AuditEntry, Report
from tests import certificates, softhsm
from tests.certificates import P12_PASSWORD
from tests.reports.conftest import add_receptions

Q1 = parse_period("2026-Q1")
ISSUED_ON = dt.date(2026, 4, 3)


@pytest.fixture(scope="module")
def ca() -> certificates.Authority:
    return certificates.authority()


@pytest.fixture
def ready(commune_db):
    add_receptions(4, [2, 1, 1, 1], dt.date(2026, 1, 3))
    signing.choose_signature_image(certificates.signature_png())
    signing.choose_seal_image(certificates.seal_png())
    return commune_db


def issue(ca: certificates.Authority, **certificate) -> bytes:
    credential = signing.open_p12(ca.issue(**certificate), P12_PASSWORD, "an.p12")
    return reports.issue_report("periodic", Q1, number=7, today=ISSUED_ON, credential=credential)


def test_a_signed_report_validates_against_its_authority_and_is_the_stored_final(ready, ca):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    pdf = issue(ca)
    report, annex = PdfFileReader(io.BytesIO(pdf)).embedded_signatures  # the signer's, then the annex's
    for signature in (report, annex):
        status = validate_pdf_signature(signature, ValidationContext(trust_roots=[_asn1(ca.der)]))
        assert status.intact and status.valid and status.trusted and status.docmdp_ok is not False
        assert signature.signer_cert.subject.native["common_name"] == "Nguyễn Văn An"
    assert validate_pdf_signature(annex, ValidationContext(trust_roots=[_asn1(ca.der)])).coverage == (
        SignatureCoverageLevel.ENTIRE_FILE)

    [row] = Report.select().where(Report.status == "final")
    assert bytes(row.pdf) == pdf and row.number == 7
    assert reports.reprint(row.uuid) == pdf, "a reprint is the signed file, byte for byte"
    verdict = signing.verify(pdf)
    assert verdict.good and verdict.issued is not None and verdict.issued["uuid"] == row.uuid
    assert verdict.lines[:3] == ["Chữ ký số 1/2:", "Chữ ký số còn nguyên vẹn.", verdict.lines[2]]
    assert verdict.lines[2].startswith("Người ký: Nguyễn Văn An (Đảng ủy xã Vô Ngại); chứng thư số do CA thử nghiệm")
    assert verdict.lines.count("Chữ ký số còn nguyên vẹn.") == 2
    assert verdict.lines[-1] == f"Đây đúng là bản chính thức của báo cáo số 7, ban hành lúc {_stamp(row)}."
    [entry] = [line for line in audit_reading.lines() if line.action == "report_issued"]
    assert "Nguyễn Văn An" in str(entry.detail)


def _asn1(der: bytes):
    from asn1crypto import x509

    return x509.Certificate.load(der)


def _stamp(row) -> str:
    from desktop_app.domain.l10n import format_stamp

    return format_stamp(row.finalized_at)


def test_one_byte_changed_after_signing_is_found(ready, ca):
    pdf = issue(ca)
    at = pdf.index(b"ReportLab")  # the producer's name, in the part the signature covers
    changed = pdf[:at] + b"X" + pdf[at + 1 :]
    verdict = signing.verify(changed)
    assert not verdict.good and verdict.issued is None
    assert verdict.lines.count("Chữ ký số KHÔNG còn nguyên vẹn: văn bản đã bị sửa sau khi ký.") == 2
    assert verdict.lines[-1] == "Tệp không trùng với bản chính thức nào của dữ liệu này."

    appended = pdf + b"\n% a line added after the signature\n"
    assert not signing.verify(appended).good


def test_an_unsigned_pdf_is_said_to_have_no_signature(ready):
    pdf = reports.build_report("periodic", Q1, today=ISSUED_ON)
    verdict = signing.verify(pdf)
    assert not verdict.good and verdict.lines[0] == "Tệp không có chữ ký số."
    with pytest.raises(signing.SigningRefused, match="không phải văn bản PDF"):
        signing.verify(b"not a pdf at all")


def test_the_appearance_is_where_the_signer_signs_in_the_decree_s_colours(ready, ca, tmp_path):
    """The widget lies in the signature block, between the signer's title and name, on the right
    half of the report's last page (the annex follows); rendered, it holds the seal's red on its
    left and blue (the signature image and the signing information) beside it."""
    pdf = issue(ca)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        [(page, widget), (annex, corner)] = [(page, a) for page in document.pages for a in page.annots]
        assert page.page_number < len(document.pages), "the report's own last page, before the annex"
        assert annex.page_number == page.page_number + 1 and annex.width > annex.height, "the annex's first page"
        assert corner["x0"] > annex.width * 0.6 and corner["bottom"] < 25 * 72 / 25.4, "in its top right corner"
        corner_box = (corner["x0"], corner["top"], corner["x1"], corner["bottom"])
        x0, top, x1, bottom = widget["x0"], widget["top"], widget["x1"], widget["bottom"]
        words = page.extract_words()
        title = max((w for w in words if w["text"] == "THƯ"), key=lambda w: w["x0"])  # "BÍ THƯ", the signer's title
        assert x0 > page.width / 2 - 40 and x1 <= page.width
        assert top < title["bottom"] + 40 and bottom > title["bottom"] + 20, (widget, title)
        pages, width, annex_width = page.page_number, page.width, annex.width
    (tmp_path / "signed.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", str(pages), "-l", str(pages), str(tmp_path / "signed.pdf"),
                    str(tmp_path / "page")], check=True, timeout=60)  # fmt: skip
    [png] = tmp_path.glob("page*.png")
    image = Image.open(png).convert("RGB")
    scale = image.width / width
    box = image.crop((int(x0 * scale), int(top * scale), int(x1 * scale), int(bottom * scale)))
    pixels = [box.getpixel((x, y)) for y in range(box.height) for x in range(box.width)]
    red = [i for i, (r, g, b) in enumerate(pixels) if r > 180 and g < 90 and b < 90]
    blue = [i for i, (r, g, b) in enumerate(pixels) if b > 150 and r < 100 and g < 120]
    assert len(red) > 200 and len(blue) > 200
    mean_x = lambda found: sum(i % box.width for i in found) / len(found)  # noqa: E731
    assert mean_x(red) < mean_x(blue), "the seal covers the signature image from its left"
    assert blue_pixels(tmp_path / "signed.pdf", pages + 1, corner_box, annex_width, tmp_path / "annex") > 100, \
        "the annex's signature shows in blue in its corner"


def blue_pixels(pdf_path, page_number: int, box: tuple[float, float, float, float], width: float, out) -> int:
    """How many blue pixels page ``page_number`` (from 1) shows in ``box`` (pdfplumber points)."""
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", str(page_number), "-l", str(page_number), str(pdf_path),
                    str(out)], check=True, timeout=60)  # fmt: skip
    [png] = out.parent.glob(f"{out.name}*.png")
    image = Image.open(png).convert("RGB")
    scale = image.width / width
    crop = image.crop(tuple(int(v * scale) for v in box))
    return sum(1 for y in range(crop.height) for x in range(crop.width)
               if (lambda r, g, b: b > 150 and r < 100 and g < 120)(*crop.getpixel((x, y))))  # fmt: skip


def test_the_annex_signature_names_the_report_it_is_attached_to():
    from desktop_app.reports import signature_appearance

    page = signature_appearance.draw_attachment(dt.datetime(2026, 4, 3, 9, 5, tzinfo=pdf_signing.VIETNAM), 200, 40,
                                                organisation="Đảng ủy xã Bình Liêu",
                                                document="Kèm theo văn bản số 07-BC/ĐU")  # fmt: skip
    with pdfplumber.open(io.BytesIO(page)) as document:
        text = document.pages[0].extract_text()
    assert text.splitlines() == ["Đảng ủy xã Bình Liêu", "Kèm theo văn bản số 07-BC/ĐU", "2026-04-03T09:05:00+07:00"]


def nothing_issued() -> bool:
    """No report at all (not even the draft the issue saved first) and no issue in the trail."""
    return (not Report.select().exists()
            and not AuditEntry.select().where(AuditEntry.action == "report_issued").exists())  # fmt: skip


@pytest.mark.parametrize(("certificate", "password", "message"), [
    ({}, "sai-mat-khau", "Không mở được tệp chứng thư số an.p12: mật khẩu sai"),
    ({"days": (-400, -1)}, P12_PASSWORD, "Chứng thư số của Nguyễn Văn An đã hết hạn từ ngày"),
    ({"days": (2, 300)}, P12_PASSWORD, "Chứng thư số của Nguyễn Văn An chỉ có hiệu lực từ ngày"),
    ({"signing": False}, P12_PASSWORD, "không dùng để ký văn bản"),
])  # fmt: skip
def test_a_certificate_that_cannot_sign_is_refused_and_nothing_is_issued(ready, ca, certificate, password, message):
    with pytest.raises(signing.SigningRefused, match=message):
        signing.open_p12(ca.issue(**certificate), password, "an.p12")
    assert nothing_issued()


def test_a_certificate_that_expired_after_it_was_opened_issues_nothing(ready, ca):
    credential = signing.open_p12(ca.issue(days=(-10, 10)), P12_PASSWORD, "an.p12")
    expired = type(credential.certificate)(**{**credential.certificate.__dict__,
                                              "not_after": dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)})
    late = type(credential)(credential.signer, expired)
    with pytest.raises(reports.ReportError, match="đã hết hạn"):
        reports.issue_report("periodic", Q1, number=7, today=ISSUED_ON, credential=late)
    assert nothing_issued()


def test_images_must_be_transparent_pngs_and_both_must_be_chosen(commune_db, ca):
    with pytest.raises(signing.SigningRefused, match="Ảnh chữ ký: ảnh cần nền trong suốt"):
        signing.choose_signature_image(certificates.opaque_png())
    with pytest.raises(signing.SigningRefused, match="Ảnh con dấu: tệp không phải ảnh PNG"):
        signing.choose_seal_image(b"GIF89a....")
    credential = signing.open_p12(ca.issue(), P12_PASSWORD, "an.p12")
    with pytest.raises(reports.ReportError, match="chưa có ảnh chữ ký"):
        reports.issue_report("periodic", Q1, number=7, today=ISSUED_ON, credential=credential)
    signing.choose_signature_image(certificates.signature_png())
    with pytest.raises(reports.ReportError, match="Đơn vị chưa có ảnh con dấu"):
        reports.issue_report("periodic", Q1, number=7, today=ISSUED_ON, credential=credential)
    assert nothing_issued()


# ---------------------------------------------------------------- a USB token (SoftHSM2 through PKCS#11)


@pytest.fixture(scope="module")
def token(ca, tmp_path_factory):
    """One token for this module: a process loads a PKCS#11 module once, with the token
    directory it found then."""
    env = softhsm.make_token(tmp_path_factory.mktemp("token"), ca.issue(), P12_PASSWORD)
    before = os.environ.get("SOFTHSM2_CONF")
    os.environ.update(env)
    yield softhsm.module()
    if before is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = before


def test_a_report_signed_on_a_token_validates(ready, ca, token):
    with signing.open_token(token, softhsm.PIN) as credential:
        assert credential.certificate.holder == "Nguyễn Văn An"
        pdf = reports.issue_report("periodic", Q1, number=8, today=ISSUED_ON, credential=credential)
    checks = pdf_signing.check(pdf, [ca.der])
    assert len(checks) == 2 and all(c.intact and c.untouched_after and c.trusted for c in checks)
    assert signing.verify(pdf).lines[-1].startswith("Đây đúng là bản chính thức của báo cáo số 8")


@pytest.mark.parametrize(("module", "pin", "label", "message"), [
    (None, "000000", None, "Mã PIN của thiết bị ký số sai"),
    (None, softhsm.PIN, "Khac", "Không thấy thiết bị ký số (USB token) «Khac»: hãy cắm token"),
    ("/khong/co/libtoken.so", softhsm.PIN, None, "Không nạp được thư viện PKCS#11 /khong/co/libtoken.so"),
])  # fmt: skip
def test_a_token_that_cannot_sign_is_refused(ready, token, module, pin, label, message):
    with pytest.raises(signing.SigningRefused, match=re.escape(message)):
        signing.open_token(module or token, pin, label)
    assert nothing_issued()
