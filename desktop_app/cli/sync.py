"""Commands of packages and sync: package, merge, trust, enrolment, sync, sync-setup, digest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop_app import PACKAGE_SUFFIX
from desktop_app.cli.core import (
    EXIT_ERROR,
    EXIT_OK,
    PASSWORD_VARIABLE,
    USER_VARIABLE,
    Command,
    CommandError,
    current_unit_is_merging,  # fmt: skip
    db_location,
    open_database,
    register_named,
    terminal_progress,
)
from desktop_app.domain.l10n import _
from desktop_app.domain.units import UnitError


def cmd_package(args: argparse.Namespace) -> int:
    from desktop_app.sync import outgoing

    open_database(args)
    if args.out.exists() and not args.out.is_dir():
        raise CommandError(_("--out phải là một thư mục: {path} là một tệp.").format(path=args.out))
    try:
        made = outgoing.make_package(args.out, full=args.full, sent_to=str(args.out),
                                     progress=terminal_progress(_("Đang đóng gói")))
    except OSError as error:
        raise CommandError(_("Không ghi được gói vào {path}: {error}").format(path=args.out,
                                                                             error=error.strerror)) from error
    if made is None:
        print(_("Không có thay đổi nào từ gói trước; không tạo gói mới (dùng --full để gửi toàn bộ)."))
        return EXIT_OK
    print(_("Đã tạo gói {path}: {count} bản ghi.").format(path=made.path, count=made.records))
    return EXIT_OK


def _package_arguments(package: argparse.ArgumentParser) -> None:
    package.add_argument("--out", type=Path, required=True, help="the folder to write it in (a USB stick…)")
    package.add_argument("--full", action="store_true", help="every record, not only the changes")


def cmd_merge(args: argparse.Namespace) -> int:
    from desktop_app.sync import merge

    open_database(args)
    if not current_unit_is_merging():
        raise CommandError(_("Đơn vị cấp xã không nhận gói của đơn vị khác."))
    outcomes = merge.apply_all(args.packages, trust_new=args.trust)
    for outcome in outcomes:
        print(outcome.summary(), file=sys.stderr if outcome.status == "refused" else sys.stdout)
    refused = [o for o in outcomes if o.status == "refused"]
    if refused:
        print(_("{refused}/{total} gói bị từ chối; các gói khác đã được nhận.").format(
            refused=len(refused), total=len(outcomes)), file=sys.stderr)  # fmt: skip
        return EXIT_ERROR
    return EXIT_OK


def _merge_arguments(merge: argparse.ArgumentParser) -> None:
    merge.add_argument("packages", nargs="+", type=Path, metavar="PACKAGE")
    merge.add_argument("--trust", action="store_true",
                       help="trust the key of a unit sending for the first time (check its fingerprint first)")


def cmd_trust(args: argparse.Namespace) -> int:
    from desktop_app.sync import enrolment, merge
    from desktop_app.sync.package import PackageError

    open_database(args)
    try:
        if args.file.suffix == PACKAGE_SUFFIX:
            source: object = merge.read(args.file)
            merge.check_area(source)  # type: ignore[arg-type]
            how = "package"
        else:
            source = enrolment.read(args.file)
            how = "enrolment"
            if enrolment.is_from_unit_above(source):  # type: ignore[arg-type]
                fingerprint = enrolment.take_key_above(source, args.file)  # type: ignore[arg-type]
                print(_("Thông tin nhạy cảm gửi lên sẽ được mã hóa cho {unit}; dấu vân tay khóa {fingerprint}.").format(
                    unit=source["unit_name"], fingerprint=fingerprint))  # type: ignore[index]
                return EXIT_OK
        fingerprint = merge.trust(source, how=how, replace=args.replace)  # type: ignore[arg-type]
    except (PackageError, enrolment.EnrolmentError) as error:
        raise CommandError(str(error)) from error
    print(_("Đã tin cậy khóa {fingerprint}.").format(fingerprint=fingerprint))
    return EXIT_OK


def _trust_arguments(trust: argparse.ArgumentParser) -> None:
    trust.add_argument("file", type=Path)
    trust.add_argument("--replace", action="store_true", help="forget the unit's other keys")


def cmd_enrolment(args: argparse.Namespace) -> int:
    from desktop_app.sync import enrolment

    open_database(args)
    fingerprint = enrolment.write(args.out)
    print(_("Đã ghi tệp đăng ký {path}. Dấu vân tay khóa: {fingerprint}").format(path=args.out,
                                                                               fingerprint=fingerprint))
    return EXIT_OK


def _enrolment_arguments(enrol: argparse.ArgumentParser) -> None:
    enrol.add_argument("--out", type=Path, required=True)


def cmd_sync(args: argparse.Namespace) -> int:
    from desktop_app.sync import runner

    open_database(args)
    result = runner.sync()
    for line in result.lines():
        print(line, file=sys.stderr if result.error and line == str(result.error) else sys.stdout)
    if not (result.made or result.sent or result.outcomes or result.error):
        print(_("Không có gì để gửi hoặc nhận."))
    refused = [o for o in result.outcomes if o.status == "refused"]
    return EXIT_ERROR if result.error or refused else EXIT_OK


def cmd_sync_setup(args: argparse.Namespace) -> int:
    from desktop_app.store.sync_settings import sync_settings
    from desktop_app.sync import enrolment, runner
    from desktop_app.transports.targets import TransportError

    open_database(args)
    for name in [*(args.sensitive or ()), *(args.no_sensitive or ())]:
        register_named(name)  # every name checked before anything is changed
    try:
        secret = sys.stdin.readline().rstrip("\n") if args.webdav and args.webdav_password_stdin else None
        if args.check:  # before anything is saved: a target that refuses a step is not kept
            kind = "folder" if args.folder else "webdav" if args.webdav else None
            location = str(args.folder.resolve()) if args.folder else args.webdav or ""
            for step in runner.test_connection(kind, location, args.webdav_user or "", secret):
                print(_("Được: {step}.").format(step=step))
            print(_("Kết nối được: máy chủ nhận đủ các bước của một lần đồng bộ."))
        if args.folder:
            runner.configure("folder", str(args.folder.resolve()), interval_minutes=args.every)
        elif args.webdav:
            runner.configure("webdav", args.webdav, args.webdav_user or "", secret, interval_minutes=args.every)
        elif args.off:
            runner.configure("none")
        for name in args.sensitive or ():
            runner.set_sensitive(name, True)
        for name in args.no_sensitive or ():
            runner.set_sensitive(name, False)
    except TransportError as error:
        raise CommandError(str(error)) from error
    options = sync_settings()
    print(_("Nơi gửi: {kind} {target}; trường nhạy cảm được gửi ở: {registers}.").format(
        kind=options.target_kind, target=options.target,
        registers=", ".join(sorted(options.sensitive)) or _("không sổ nào")))  # fmt: skip
    if options.sensitive and enrolment.key_above() is None:
        print(_("Lưu ý: chưa có khóa mã hóa của cấp trên, nên chưa gửi được thông tin nhạy cảm; nhận tệp đăng ký "
                "của cấp trên bằng «danvan trust TỆP»."))  # fmt: skip
    return EXIT_OK


def _sync_setup_arguments(setup: argparse.ArgumentParser) -> None:
    where = setup.add_mutually_exclusive_group()
    where.add_argument("--folder", type=Path, help="a folder: USB stick, network share, synced folder")
    where.add_argument("--webdav", metavar="URL", help="a WebDAV folder (Nextcloud, ownCloud, IIS, Apache)")
    where.add_argument("--off", action="store_true", help="no target")
    setup.add_argument("--user", "--webdav-user", dest="webdav_user",
                       help="WebDAV user name (the account acting is given before the command: danvan --user NAME "
                       f"sync-setup …, or ${USER_VARIABLE})")
    setup.add_argument("--password-stdin", action="store_true", dest="webdav_password_stdin",
                       help="read the WebDAV password from the first line of standard input; it is kept in the "
                       f"system keyring (the account's own password then comes from ${PASSWORD_VARIABLE})")
    setup.add_argument("--every", type=int, metavar="MINUTES", help="how often the window syncs (default 10)")
    setup.add_argument("--sensitive", action="append", metavar="REGISTER", help="send this register's sensitive "
                       "fields (off by default)")
    setup.add_argument("--no-sensitive", action="append", metavar="REGISTER")
    setup.add_argument("--check", action="store_true", help="test the connection first (write, rename, list, "
                       "read back, delete a small file in this unit's folder); nothing is saved if a step fails")


def cmd_digest(args: argparse.Namespace) -> int:
    from desktop_app.sync.digest import DigestError, digest
    from desktop_app.sync.merge import units_within

    open_database(args)
    codes = None
    if args.unit:
        try:
            codes = units_within(args.unit)
        except UnitError as error:
            raise CommandError(str(error)) from error
    try:
        result = digest(codes, without_sensitive=args.without_sensitive)
    except DigestError as error:
        raise CommandError(str(error)) from error
    print(f"{result.sha256}  {result.records}")
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    from desktop_app.store import engines
    from desktop_app.sync import service

    if args.every <= 0:
        raise CommandError(_("--every phải lớn hơn 0 (số phút giữa hai lượt đồng bộ)."))
    service.log_to_journal()
    stop = service.stop_on_signals()  # before the database is opened: a stop while opening is heard too
    engines.set_server_files(args.work.resolve() if args.work else None)
    open_database(args)
    return service.serve(args.every, once=args.once, stop=stop)


def _serve_arguments(serve: argparse.ArgumentParser) -> None:
    serve.add_argument("--every", type=float, default=15, help="minutes between two sync cycles (default 15)")
    serve.add_argument("--once", action="store_true", help="run one cycle and stop")
    serve.add_argument("--work", type=Path, help="the folder for the inbox and outbox of a server's database "
                                                 "(default: in the user's data folder)")  # fmt: skip


def cmd_copy(args: argparse.Namespace) -> int:
    from desktop_app.domain.roles import Right
    from desktop_app.services import accounts
    from desktop_app.store.engines import shown
    from desktop_app.sync.copying import CopyError, copy_open_database

    args.db = args.source
    open_database(args)  # signed in as an administrator of the source: only it may take the whole database away
    if accounts.has_accounts():
        try:
            accounts.require(Right.SETTINGS)
        except accounts.NotAllowed as error:
            raise CommandError(str(error)) from error
    try:
        copied = copy_open_database(args.target, progress=terminal_progress(_("Đang chép")))
    except CopyError as error:
        raise CommandError(str(error)) from error
    print(_("Đã chép {rows} dòng sang {target}; mã băm các bản ghi khớp với nguồn: {digest}.").format(
        rows=copied.rows, target=shown(args.target), digest=copied.digest))  # fmt: skip
    return EXIT_OK


def _copy_arguments(copy: argparse.ArgumentParser) -> None:
    copy.add_argument("--from", dest="source", type=db_location, required=True,
                      help="the database to copy: a file, or postgresql://user@host:5432/name")  # fmt: skip
    copy.add_argument("--to", dest="target", type=db_location, required=True,
                      help="a new file, or an empty database on a server")  # fmt: skip


def _digest_arguments(digest: argparse.ArgumentParser) -> None:
    digest.add_argument("--unit", help="only the records of this unit and the units under it")
    digest.add_argument("--without-sensitive", action="store_true",
                        help="leave sensitive fields out (to compare with a unit that got records without them)")


COMMANDS = (
    Command("package", cmd_package, "write a sync package of the changes since the last one", _package_arguments),
    Command("merge", cmd_merge, "take in packages from units below, each whole or not at all", _merge_arguments),
    Command("trust", cmd_trust, "trust a unit's key, from its enrolment file or a package it signed", _trust_arguments),
    Command("enrolment", cmd_enrolment, "write this installation's enrolment file for the unit above",
            _enrolment_arguments),
    Command("sync", cmd_sync, "send the outbox and, at a merging unit, fetch and merge the inbox now"),
    Command("sync-setup", cmd_sync_setup, "where packages go, and which registers send sensitive fields",
            _sync_setup_arguments),
    Command("digest", cmd_digest, "SHA-256 over every record, to compare two databases", _digest_arguments),
    Command("serve", cmd_serve, "run the sync cycle every N minutes, unattended, logging for journald",
            _serve_arguments),
    Command("copy", cmd_copy, "move a unit's database between a file and a PostgreSQL server, checked by digest",
            _copy_arguments),
)
