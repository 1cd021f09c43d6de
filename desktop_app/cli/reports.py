"""The command that prints: report KIND, a PDF under the unit's format profile; ``--issue``
makes a periodic report final (signed digitally with ``--sign-p12``), and ``report verify FILE``
checks a signed PDF."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.cli.core import (
    EXIT_ERROR,
    EXIT_OK,
    Command,
    CommandError,
    add_period_options,
    iso_date,
    open_database,
    period_of,
    stdin_lines,
    terminal_progress,  # fmt: skip
)
from desktop_app.domain.l10n import _
from desktop_app.domain.periods import parse_period
from desktop_app.reports.kinds import KINDS

if TYPE_CHECKING:
    from desktop_app.security.pdf_signing import Credential

VERIFY = "verify"


def cmd_report(args: argparse.Namespace) -> int:
    if args.kind == VERIFY:
        return _verify(args)
    from desktop_app.services import periods, reports

    if args.out is None:
        raise CommandError(_("Cần --out TỆP.pdf: nơi ghi báo cáo."))
    if args.file is not None:
        raise CommandError(_("Chỉ «report verify» nhận tên tệp; báo cáo ghi ra --out."))
    signing_asked = any(value is not None for value in (args.sign_p12, args.sign_pkcs11, args.signature_image,
                                                        args.seal_image))  # fmt: skip
    if signing_asked and not args.issue:
        raise CommandError(_("Ký số đi cùng --issue: chỉ bản chính thức mới được ký."))
    if args.sign_p12 is not None and args.sign_pkcs11 is not None:
        raise CommandError(_("Chọn một: --sign-p12 (tệp chứng thư số) hoặc --sign-pkcs11 (USB token)."))
    word = args.out.suffix.lower() == ".docx"
    if word and args.issue:
        raise CommandError(_("Bản chính thức là tệp PDF: ban hành với --out TỆP.pdf, rồi lưu bản Word riêng."))
    open_database(args)
    # Minutes are of one record: they need no period.
    no_period = args.kind == "dialogue" and not (args.period or args.date_from or args.date_to)
    period = parse_period(str((args.date or dt.date.today()).year)) if no_period else period_of(args)
    try:
        if args.issue:
            credential = _signing(args)
            try:
                pdf = reports.issue_report(args.kind, period, profile=args.profile, number=args.number,
                                           today=args.date, credential=credential)  # fmt: skip
            finally:
                if credential is not None:
                    credential.close()
        else:
            pdf = reports.build_report(args.kind, period, profile=args.profile, record_uuid=args.record,
                                       number=args.number, today=args.date, word=word,
                                       progress=terminal_progress(_("Đang lập sổ")))  # fmt: skip
        reports.write_pdf(pdf, args.out)
    except reports.ReportError as error:
        raise CommandError(str(error)) from error
    print(_("Đã lưu {path}.").format(path=args.out))
    if args.kind != "dialogue" and (late := periods.late_changes(period)) is not None:
        print(late.note())
    return EXIT_OK


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(_("Không đọc được {what} {path}: {reason}").format(
            what=what, path=path, reason=error.strerror)) from None  # fmt: skip


def _signing(args: argparse.Namespace) -> Credential | None:
    """The certificate to sign with (None: issue unsigned), after keeping the images given."""
    from desktop_app.services import signing

    try:
        if args.signature_image is not None:
            signing.choose_signature_image(_read(args.signature_image, _("ảnh chữ ký")))
        if args.seal_image is not None:
            signing.choose_seal_image(_read(args.seal_image, _("ảnh con dấu")))
        if args.sign_p12 is not None:
            if not args.p12_password_stdin:
                raise CommandError(_("Cần mật khẩu của tệp chứng thư số ở đầu vào chuẩn (--p12-password-stdin)."))
            password = stdin_lines(1)[0]
            return signing.open_p12(_read(args.sign_p12, _("tệp chứng thư số")), password, args.sign_p12.name)
        if args.sign_pkcs11 is not None:
            if not args.pin_stdin:
                raise CommandError(_("Cần mã PIN của thiết bị ký số ở đầu vào chuẩn (--pin-stdin)."))
            return signing.open_token(str(args.sign_pkcs11), stdin_lines(1)[0], args.token_label)
        return None
    except signing.SigningRefused as error:
        raise CommandError(str(error)) from error


def _verify(args: argparse.Namespace) -> int:
    from desktop_app.services import signing

    if args.file is None:
        raise CommandError(_("Cần tên tệp PDF: danvan report verify TỆP.pdf"))
    data = _read(args.file, _("tệp"))
    open_database(args)
    try:
        verdict = signing.verify(data)
    except signing.SigningRefused as error:
        raise CommandError(f"{args.file}: {error}") from error
    for line in verdict.lines:
        print(line)
    return EXIT_OK if verdict.good else EXIT_ERROR


def _report_arguments(report: argparse.ArgumentParser) -> None:
    report.add_argument("kind", choices=(*KINDS, VERIFY))
    report.add_argument("file", nargs="?", type=Path, help="verify: the signed PDF to check")
    add_period_options(report)
    report.add_argument("--out", type=Path, help="the PDF file to write (a .docx name: the editable Word copy)")
    report.add_argument("--profile", choices=("party", "state"), help="format profile (default: the unit's)")
    report.add_argument("--record", help="dialogue: the UUID of the dialogue record")
    report.add_argument("--number", type=int, help="the document number (default: the next one)")
    report.add_argument("--date", type=iso_date, help="the date of the document (default: today)")
    report.add_argument("--issue", action="store_true",
                        help="make the periodic or consolidated report final (a leader's right)")
    report.add_argument("--sign-p12", type=Path, metavar="FILE",
                        help="with --issue: sign it digitally with this PKCS#12 certificate (.p12, .pfx)")
    report.add_argument("--p12-password-stdin", action="store_true",
                        help="read the certificate's password from standard input (after the account's)")
    report.add_argument("--sign-pkcs11", type=Path, metavar="MODULE",
                        help="with --issue: sign it with the USB token this PKCS#11 module (.so, .dll) reaches")
    report.add_argument("--token-label", metavar="LABEL", help="the token to use, when several are plugged in")
    report.add_argument("--pin-stdin", action="store_true",
                        help="read the token's PIN from standard input (after the account's)")
    report.add_argument("--signature-image", type=Path, metavar="PNG",
                        help="the signer's signature image (transparent PNG), kept for the account")
    report.add_argument("--seal-image", type=Path, metavar="PNG",
                        help="the unit's seal image (transparent PNG at its real size), kept for the unit")


COMMANDS = (Command("report", cmd_report, "build a printed report as PDF; issue and sign it; verify a signed PDF",
                    _report_arguments),)  # fmt: skip
