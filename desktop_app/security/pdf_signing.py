"""Digital signatures on PDF documents (PAdES, through pyHanko): load a certificate, sign a
PDF at a place on one of its pages with an appearance drawn by the caller, and check a signed
PDF. Pure: bytes in, bytes out; the words an officer reads are the callers' (``reason`` codes).

A signature covers the whole file as it was signed; pyHanko appends it as an incremental
update, so the bytes before it stay as they were, and any byte changed after is found.
"""

from __future__ import annotations

import binascii
import datetime as dt
import hashlib
import io
import uuid as uuidlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from cryptography.x509.oid import NameOID

VIETNAM = dt.timezone(dt.timedelta(hours=7), "ICT")  # the signing time is shown in Vietnam's time (ISO 8601)
FIELD_NAME = "ChuKySo"
ATTACHMENT_FIELD = "ChuKySoPhuLuc"
_STAMP_TIME = "%Y-%m-%dT%H:%M:%S%z"  # how pyHanko hands the signing time to the appearance

Draw = Callable[[dt.datetime, float, float], bytes]  # (signing time in Vietnam, width, height) -> a one-page PDF


class SigningError(ValueError):
    """Signing cannot go on. ``reason``: not-pkcs12 (or a wrong password: PKCS#12 cannot tell
    them apart), no-key, expired, not-yet-valid, not-for-signing, pdf; for a token no-module,
    no-token, several-tokens, wrong-pin, pin-locked."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Certificate:
    """What a certificate says of its holder, and when it may sign."""

    holder: str  # the common name: a person or the organisation
    organisation: str  # O=, empty when the certificate names none
    issuer: str
    serial: str
    not_before: dt.datetime  # UTC
    not_after: dt.datetime
    sha256: str  # of the DER certificate, as hex
    for_signing: bool  # key usage allows signing documents (or sets no limit)

    def check_usable(self, at: dt.datetime) -> None:
        """SigningError when the certificate may not sign at ``at`` (aware)."""
        if at < self.not_before:
            raise SigningError("not-yet-valid", self.not_before.isoformat())
        if at > self.not_after:
            raise SigningError("expired", self.not_after.isoformat())
        if not self.for_signing:
            raise SigningError("not-for-signing")


def _name(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    found = name.get_attributes_for_oid(oid)
    return str(found[0].value) if found else ""


def describe(certificate: x509.Certificate) -> Certificate:
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
        for_signing = bool(usage.digital_signature or usage.content_commitment)
    except x509.ExtensionNotFound:
        for_signing = True
    subject = certificate.subject
    return Certificate(
        holder=_name(subject, NameOID.COMMON_NAME) or subject.rfc4514_string(),
        organisation=_name(subject, NameOID.ORGANIZATION_NAME),
        issuer=_name(certificate.issuer, NameOID.COMMON_NAME) or certificate.issuer.rfc4514_string(),
        serial=format(certificate.serial_number, "X"),
        not_before=certificate.not_valid_before_utc, not_after=certificate.not_valid_after_utc,
        sha256=hashlib.sha256(certificate.public_bytes(Encoding.DER)).hexdigest(), for_signing=for_signing,
    )  # fmt: skip


@dataclass(frozen=True)
class Credential:
    """A key that signs, with its certificate: from a PKCS#12 file or a token. Close it when
    done (a token's session stays open until then)."""

    signer: Any  # a pyhanko Signer
    certificate: Certificate
    closer: Callable[[], None] | None = None

    def close(self) -> None:
        if self.closer is not None:
            self.closer()

    def __enter__(self) -> Credential:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def load_p12(data: bytes, password: str) -> Credential:
    """The key and certificate of a PKCS#12 file (.p12, .pfx) and its password."""
    from pyhanko.sign.signers import SimpleSigner

    try:
        key, certificate, _others = pkcs12.load_key_and_certificates(data, password.encode("utf-8") or None)
    except (ValueError, TypeError) as error:
        raise SigningError("not-pkcs12", str(error)) from None
    if key is None or certificate is None:
        raise SigningError("no-key")
    signer = SimpleSigner.load_pkcs12_data(data, [], passphrase=password.encode("utf-8") or None)
    return Credential(signer, describe(certificate))


def open_token(module: str, pin: str, token_label: str | None = None) -> Credential:
    """The key and certificate on a token — a USB token, or the module of a signing service —
    through its PKCS#11 ``module`` (a .so, .dll or .dylib its vendor ships), signed in with
    ``pin``. With several tokens plugged in, ``token_label`` says which."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass, TokenFlag
    from pyhanko.sign.pkcs11 import PKCS11Signer

    try:
        library = pkcs11.lib(module)
        tokens = [t for t in library.get_tokens() if TokenFlag.TOKEN_INITIALIZED in t.flags]
    except (pkcs11.PKCS11Error, OSError) as error:
        raise SigningError("no-module", str(error)) from None
    if token_label is not None:
        tokens = [t for t in tokens if t.label.strip() == token_label.strip()]
    if not tokens:
        raise SigningError("no-token", token_label or "")
    if len(tokens) > 1:
        raise SigningError("several-tokens", ", ".join(t.label.strip() for t in tokens))
    try:
        session = tokens[0].open(user_pin=pin)
    except pkcs11.PinIncorrect:
        raise SigningError("wrong-pin") from None
    except pkcs11.PinLocked:
        raise SigningError("pin-locked") from None
    except pkcs11.PKCS11Error as error:
        raise SigningError("no-token", str(error)) from None
    try:
        keys = {key[Attribute.ID] for key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})}
        usable = [c for c in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}) if c[Attribute.ID] in keys]
        if not usable:
            raise SigningError("no-key")
        chosen = usable[0]
        certificate = describe(x509.load_der_x509_certificate(chosen[Attribute.VALUE]))
        signer = PKCS11Signer(session, cert_id=chosen[Attribute.ID], key_id=chosen[Attribute.ID])
    except BaseException:
        session.close()
        raise
    return Credential(signer, certificate, session.close)


@dataclass(frozen=True)
class Place:
    """Where on a page the signature shows, in PDF points from the page's lower left corner."""

    page: int  # from 0
    x: float
    y: float
    width: float
    height: float


def sign(pdf: bytes, credential: Credential, place: Place, draw: Draw, *, reason: str = "",
         location: str = "", field_name: str = FIELD_NAME) -> bytes:  # fmt: skip
    """``pdf`` signed by ``credential``: a PAdES signature whose appearance at ``place`` is the
    page ``draw`` makes for the signing time (the same instant the signature records). A PDF
    signed before keeps its signature: this one is added after it, in a field of its own."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner

    meta = PdfSignatureMetadata(field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES,
                                md_algorithm="sha256", reason=reason or None, location=location or None)  # fmt: skip
    box = (round(place.x), round(place.y), round(place.x + place.width), round(place.y + place.height))
    signer = PdfSigner(meta, signer=credential.signer, stamp_style=_appearance_style(draw),
                       new_field_spec=fields.SigFieldSpec(field_name, on_page=place.page, box=box))  # fmt: skip
    out = io.BytesIO()
    try:
        signer.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out)
    except Exception as error:  # pyHanko's own errors name what it could not do
        raise SigningError("pdf", str(error)) from error
    return out.getvalue()


def _appearance_style(draw: Draw) -> Any:
    """A pyHanko stamp style whose appearance is the page ``draw`` makes: pyHanko gives a text
    style the signing time, so the style is a text style that draws no text of its own."""
    from pyhanko.pdf_utils import content, layout
    from pyhanko.pdf_utils.layout import BoxConstraints
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    class _Page(content.PdfContent):
        def __init__(self, data: bytes) -> None:
            self.data = data
            super().__init__()

        def render(self) -> bytes:
            writer = self._ensure_writer
            xobject = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(self.data)), page_ix=0)
            name = b"/Appearance" + binascii.hexlify(uuidlib.uuid4().bytes)
            self.resources.xobject[name.decode("ascii")] = xobject
            x1, y1, x2, y2 = xobject.get_object()["/BBox"]
            self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name + b" Do"

    @dataclass(frozen=True)
    class _Drawn(TextStampStyle):
        draw: Draw | None = None

        def create_stamp(self, writer: Any, box: Any, text_params: dict[str, Any]) -> Any:
            when = dt.datetime.strptime(text_params["ts"], _STAMP_TIME).astimezone(VIETNAM)
            assert self.draw is not None
            page = _Page(self.draw(when, box.width, box.height))
            whole = layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID,
                                               y_align=layout.AxisAlignment.ALIGN_MID, margins=layout.Margins(),
                                               inner_content_scaling=layout.InnerScaling.NO_SCALING)  # fmt: skip
            style = StaticStampStyle(background=page, border_width=0, background_opacity=1.0, background_layout=whole)
            return style.create_stamp(writer, box, {})  # at its size: the seal keeps its real size

    return _Drawn(timestamp_format=_STAMP_TIME, border_width=0, draw=draw)


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a PDF, as checked."""

    intact: bool  # the bytes it covers are as they were signed, and the signature is the key's
    untouched_after: bool  # nothing was added after it but further signatures (an annex's, a second signer's)
    certificate: Certificate
    signed_at: dt.datetime | None  # as the signer's machine said, in Vietnam's time
    trusted: bool  # the certificate leads to one of ``trust_roots``
    problems: list[str] = field(default_factory=list)  # pyHanko's words when it is not intact


def check(pdf: bytes, trust_roots: list[bytes] | None = None) -> list[SignatureCheck]:
    """Every signature of ``pdf``, checked; [] when it has none. ``trust_roots``: DER root
    certificates a signer's chain must end in to be trusted (none: nothing is trusted)."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError) as error:
        raise SigningError("pdf", str(error)) from None
    roots = [asn1_x509.Certificate.load(root) for root in trust_roots or []]
    found = []
    for index, embedded in enumerate(signatures):
        last = index == len(signatures) - 1
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        status = validate_pdf_signature(embedded, context)
        certificate = describe(x509.load_der_x509_certificate(embedded.signer_cert.dump()))
        signed_at = status.signer_reported_dt.astimezone(VIETNAM) if status.signer_reported_dt else None
        found.append(SignatureCheck(
            intact=bool(status.intact and status.valid),
            # the last signature covers the file to its last byte; an earlier one, its revision,
            # followed by nothing but later signatures
            untouched_after=status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
                not last and status.coverage == SignatureCoverageLevel.ENTIRE_REVISION and bool(status.docmdp_ok)
                and status.modification_level is not None
                and status.modification_level <= ModificationLevel.FORM_FILLING),
            certificate=certificate, signed_at=signed_at, trusted=bool(status.trusted),
            problems=[] if status.intact and status.valid else [status.summary()],
        ))  # fmt: skip
    return found
