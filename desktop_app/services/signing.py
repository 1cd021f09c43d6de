"""Reports signed digitally by the unit (Nghị định 30/2020/NĐ-CP): the certificate that signs
(a PKCS#12 file and its password), the images the signature shows (the signer's signature,
chosen once per account; the unit's seal, chosen once for the unit), the signing of an issued
report, and the check of a signed PDF (``danvan report verify``).

A certificate that has expired, is not yet valid or may not sign documents, a wrong password, a
missing image: one message that says which, and nothing is issued (reports.finalize_report
signs before it stores anything).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from functools import partial

from desktop_app.domain.l10n import N_, _, format_date, format_stamp
from desktop_app.domain.roles import Right
from desktop_app.reports import signature_appearance
from desktop_app.security import pdf_signing
from desktop_app.security.pdf_signing import Credential, Place
from desktop_app.services import accounts, audit
from desktop_app.store import reports as report_store
from desktop_app.store import signature_images
from desktop_app.store.models import database

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_IMAGE_BYTES = 2 * 1024 * 1024
INCH = 72.0  # points


class SigningRefused(ValueError):
    """Signing cannot go on; the message says why, in words."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ---------------------------------------------------------------- the images


@dataclass(frozen=True)
class PngImage:
    width: int
    height: int
    dpi: float | None  # from the file, when it says


def check_png(data: bytes, what: str) -> PngImage:
    """``data`` as a transparent PNG; SigningRefused naming ``what`` when it is not one."""
    from PIL import Image, UnidentifiedImageError

    if not data.startswith(PNG_MAGIC):
        raise SigningRefused(_("{what}: tệp không phải ảnh PNG.").format(what=what))
    if len(data) > MAX_IMAGE_BYTES:
        raise SigningRefused(_("{what}: ảnh lớn quá 2 MB.").format(what=what))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            size, dpi = image.size, image.info.get("dpi")
    except (UnidentifiedImageError, OSError, ValueError):
        raise SigningRefused(_("{what}: không đọc được ảnh PNG (tệp hỏng?).").format(what=what)) from None
    if not transparent:
        raise SigningRefused(_("{what}: ảnh cần nền trong suốt (PNG có kênh alpha), để chữ dưới ảnh vẫn đọc "
                               "được.").format(what=what))  # fmt: skip
    return PngImage(size[0], size[1], float(dpi[0]) if dpi and dpi[0] > 1 else None)


SIGNATURE_IMAGE = N_("Ảnh chữ ký")
SEAL_IMAGE = N_("Ảnh con dấu")


def choose_signature_image(png: bytes) -> None:
    """The signed-in account's signature image, shown when it signs a report."""
    session = accounts.require(Right.ISSUE_REPORTS)
    check_png(png, _(SIGNATURE_IMAGE))
    _keep(signature_images.SIGNATURE, png, session, owner=session.name)


def choose_seal_image(png: bytes) -> None:
    """The unit's seal image, at its real size (from the PNG's resolution when it says)."""
    session = accounts.require(Right.SETTINGS)
    check_png(png, _(SEAL_IMAGE))
    _keep(signature_images.SEAL, png, session, owner="")


def _keep(kind: str, png: bytes, session: accounts.Session, *, owner: str) -> None:
    with database.atomic():
        signature_images.put(kind, png, owner=owner, by=session.name, at=_now().replace(tzinfo=None))
        audit.record_event(session, "signature_image_chosen", {"kind": kind, "owner": owner,
                                                                "sha256": hashlib.sha256(png).hexdigest()})  # fmt: skip


def images_of(session: accounts.Session) -> signature_appearance.Images:
    """The images a signature by ``session`` shows; SigningRefused when one is missing."""
    signature = signature_images.get(signature_images.SIGNATURE, session.name)
    if signature is None:
        raise SigningRefused(_("Tài khoản {name} chưa có ảnh chữ ký: chọn ảnh chữ ký (PNG nền trong suốt) trước khi "
                               "ký số.").format(name=session.name or _("đang dùng")))  # fmt: skip
    seal = signature_images.get(signature_images.SEAL)
    if seal is None:
        raise SigningRefused(_("Đơn vị chưa có ảnh con dấu: quản trị chọn ảnh con dấu (PNG nền trong suốt, đúng kích "
                               "thước thật) trước khi ký số."))  # fmt: skip
    image = check_png(seal, _(SEAL_IMAGE))
    return signature_appearance.Images(signature, seal, image.width / image.dpi * INCH if image.dpi else None)


# ---------------------------------------------------------------- the certificate


def open_p12(data: bytes, password: str, name: str) -> Credential:
    """The certificate and key of the PKCS#12 file ``name``, checked to sign now."""
    try:
        credential = pdf_signing.load_p12(data, password)
    except pdf_signing.SigningError as error:
        if error.reason == "no-key":
            raise SigningRefused(_("Tệp {name} không có khóa bí mật để ký.").format(name=name)) from None
        raise SigningRefused(_("Không mở được tệp chứng thư số {name}: mật khẩu sai, hoặc tệp không phải tệp "
                               "PKCS#12 (.p12, .pfx).").format(name=name)) from None  # fmt: skip
    check_usable(credential)
    return credential


def open_token(module: str, pin: str, token_label: str | None = None) -> Credential:
    """The certificate and key on a USB token (or a signing service's module) through its
    PKCS#11 ``module``, checked to sign now. Close the credential when done."""
    try:
        credential = pdf_signing.open_token(module, pin, token_label)
    except pdf_signing.SigningError as error:
        messages = {
            "no-module": _("Không nạp được thư viện PKCS#11 {module} của thiết bị ký số ({detail}). Hãy kiểm tra đường "
                           "dẫn: thư viện đi kèm phần mềm của USB token."),
            "no-token": _("Không thấy thiết bị ký số (USB token){which}: hãy cắm token vào máy rồi thử lại."),
            "several-tokens": _("Có nhiều thiết bị ký số đang cắm ({detail}); chọn một theo tên."),
            "wrong-pin": _("Mã PIN của thiết bị ký số sai; không ký được. Nhập sai nhiều lần thì token bị khóa."),
            "pin-locked": _("Thiết bị ký số đã bị khóa vì nhập sai mã PIN nhiều lần; hãy liên hệ tổ chức cung cấp "
                            "dịch vụ chứng thực chữ ký số."),
            "no-key": _("Thiết bị ký số không có chứng thư số kèm khóa bí mật để ký."),
        }  # fmt: skip
        which = f" «{token_label}»" if token_label else ""
        raise SigningRefused(messages.get(error.reason, "{detail}").format(module=module, detail=error.detail,
                                                                          which=which)) from None  # fmt: skip
    try:
        check_usable(credential)
    except SigningRefused:
        credential.close()
        raise
    return credential


def check_usable(credential: Credential) -> None:
    """SigningRefused when the certificate may not sign now."""
    certificate = credential.certificate
    try:
        certificate.check_usable(_now())
    except pdf_signing.SigningError as error:
        messages = {
            "expired": _("Chứng thư số của {holder} đã hết hạn từ ngày {date}; không ký được. Hãy gia hạn với tổ "
                         "chức cung cấp dịch vụ chứng thực chữ ký số."),
            "not-yet-valid": _("Chứng thư số của {holder} chỉ có hiệu lực từ ngày {date}; chưa ký được."),
            "not-for-signing": _("Chứng thư số của {holder} không dùng để ký văn bản (thiếu mục đích ký số)."),
        }  # fmt: skip
        date = certificate.not_after if error.reason == "expired" else certificate.not_before
        raise SigningRefused(messages[error.reason].format(holder=certificate.holder,
                                                           date=format_date(date.date()))) from None  # fmt: skip


# ---------------------------------------------------------------- signing


def sign_report(pdf: bytes, places: list[Place], credential: Credential, *, organisation: str,
                attachment: Place | None = None, document: str = "") -> bytes:  # fmt: skip
    """The issued report ``pdf`` signed at its signature place (the last one laid out) by the
    signed-in leader's ``credential``, showing their signature, the unit's seal and
    ``organisation`` with the signing time; then, when it has an annex (``attachment``: the top
    right corner of its first page), signed there again for the organisation, naming the
    ``document`` it is attached to."""
    session = accounts.require(Right.ISSUE_REPORTS)
    if not places:
        raise SigningRefused(_("Văn bản không có chỗ ký; không ký số được."))
    images = images_of(session)
    check_usable(credential)
    place = places[-1]  # the room between the title and the name: the appearance is centred on it
    height = max(place.height + signature_appearance.LAYOUT.extra_height, signature_appearance.height_for(images))
    place = Place(place.page, place.x, place.y + place.height / 2 - height / 2, place.width, height)
    draw = partial(signature_appearance.draw, images=images, organisation=organisation)
    try:
        signed = pdf_signing.sign(pdf, credential, place, draw, reason=_("Ban hành văn bản"))
        if attachment is not None:
            draw = partial(signature_appearance.draw_attachment, organisation=organisation, document=document)
            signed = pdf_signing.sign(signed, credential, attachment, draw, reason=_("Ký văn bản kèm theo"),
                                      field_name=pdf_signing.ATTACHMENT_FIELD)  # fmt: skip
    except pdf_signing.SigningError as error:
        raise SigningRefused(_("Không ký số được văn bản: {reason}").format(reason=error.detail)) from error
    return signed


# ---------------------------------------------------------------- checking


@dataclass
class Verdict:
    """What ``verify`` found: the signatures, and the report of this database it is, if any."""

    checks: list[pdf_signing.SignatureCheck]
    issued: dict | None  # the final report whose PDF this is, byte for byte
    lines: list[str] = field(default_factory=list)

    @property
    def good(self) -> bool:
        return bool(self.checks) and all(c.intact and c.untouched_after for c in self.checks)


def verify(pdf: bytes) -> Verdict:
    """Whether ``pdf``'s signatures are intact, who signed and when, and whether it is a report
    this database issued."""
    try:
        checks = pdf_signing.check(pdf)
    except pdf_signing.SigningError:
        raise SigningRefused(_("Tệp không phải văn bản PDF đọc được.")) from None
    digest = hashlib.sha256(pdf).hexdigest()
    issued = report_store.find_final(digest)
    verdict = Verdict(checks, issued)
    if not checks:
        verdict.lines.append(_("Tệp không có chữ ký số."))
    for number, check in enumerate(checks, start=1):
        if len(checks) > 1:
            verdict.lines.append(_("Chữ ký số {n}/{count}:").format(n=number, count=len(checks)))
        certificate = check.certificate
        verdict.lines.append(_("Chữ ký số còn nguyên vẹn.") if check.intact and check.untouched_after else
                             _("Chữ ký số KHÔNG còn nguyên vẹn: văn bản đã bị sửa sau khi ký.") if not check.intact else
                             _("Chữ ký số nguyên vẹn, nhưng tệp có nội dung được thêm vào sau khi ký."))  # fmt: skip
        who = certificate.holder + (f" ({certificate.organisation})" if certificate.organisation else "")
        verdict.lines.append(_("Người ký: {who}; chứng thư số do {issuer} cấp, hiệu lực từ {start} đến {end}.").format(
            who=who, issuer=certificate.issuer, start=format_date(certificate.not_before.date()),
            end=format_date(certificate.not_after.date())))  # fmt: skip
        if check.signed_at is not None:
            verdict.lines.append(_("Thời điểm ký: {when}.").format(when=check.signed_at.isoformat(timespec="seconds")))
    if issued is not None:
        verdict.lines.append(_("Đây đúng là bản chính thức của báo cáo số {number}, ban hành lúc {when}.").format(
            number=issued["number"], when=format_stamp(issued["finalized_at"])))  # fmt: skip
    else:
        verdict.lines.append(_("Tệp không trùng với bản chính thức nào của dữ liệu này."))
    return verdict


PREVIEW_WIDTH = 80 * 72 / 25.4  # points: about the signature block's half of a portrait page


def appearance_preview(organisation: str) -> bytes:
    """A one-page PDF of the signature the signed-in account would sign with now, at its real
    size: what the issue dialog shows before signing. SigningRefused when an image is missing."""
    session = accounts.require(Right.ISSUE_REPORTS)
    images = images_of(session)
    height = max(signature_appearance.height_for(images), 24 * 72 / 25.4)
    return signature_appearance.draw(_now().astimezone(pdf_signing.VIETNAM), PREVIEW_WIDTH, height, images=images,
                                     organisation=organisation)  # fmt: skip


def has_images(session: accounts.Session) -> tuple[bool, bool]:
    """(the account has its signature image, the unit has its seal image)."""
    return (signature_images.get(signature_images.SIGNATURE, session.name) is not None,
            signature_images.get(signature_images.SEAL) is not None)  # fmt: skip
