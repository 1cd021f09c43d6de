"""Accounts, signing in, and who is acting: the rights every service checks before it acts.

A database with accounts needs a signed-in session for everything; one made before accounts
existed works unguarded (every right, the computer's user name stamped) until its administrator
is created. Passwords are NFC-normalised (two keyboards type "ạ" differently) and hashed with
argon2id; five failed attempts lock an account for a delay that doubles with each further one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import getpass
import logging
import re
import unicodedata
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import peewee as pw

from desktop_app.domain.l10n import _, format_stamp
from desktop_app.domain.roles import ADMINISTRATOR, ROLES, UNGUARDED, Right, Role, role
from desktop_app.security import keyslots, passwords
from desktop_app.services import audit, reader_key
from desktop_app.store import key_ring
from desktop_app.store.models import Account, database

log = logging.getLogger(__name__)

MAX_FAILED = 5
FIRST_LOCK = dt.timedelta(minutes=1)
LONGEST_LOCK = dt.timedelta(hours=1)
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")


@functools.cache
def _unknown_name_hash() -> str:
    """Verified when the name is unknown, so a wrong name costs as long as a wrong password.
    Made when first needed: hashing takes the password hash's time and memory (64 MiB), which
    every command and the window would otherwise pay as they start."""
    return passwords.hash_password("not-an-account-of-this-database")


class AccountError(ValueError):
    """An account change refused; the message names the field or the account."""


class Refused(Exception):
    """Something the acting person may not do now; the message says what and why, in one line.
    (Not an OSError, so that no "could not write the file" handler mistakes it for one.)"""


class SignInError(Refused):
    """A sign-in refused: wrong name or password, a disabled or temporarily locked account."""


class NotAllowed(Refused):
    """The acting account's role may not do this; the message says what and which role may."""


@dataclass(frozen=True)
class Session:
    name: str
    role: Role
    full_name: str = ""
    # The open database this session signed in to (a weak reference: a database opened later,
    # even at the same address in memory, is never taken for it).
    database: weakref.ref | None = field(default=None, compare=False, repr=False)

    @property
    def unguarded(self) -> bool:
        return self.role is UNGUARDED

    def may(self, right: Right) -> bool:
        return self.role.may(right)

    @property
    def display(self) -> str:
        who = self.full_name or self.name
        return f"{who} ({self.role.display})" if not self.unguarded else who


_session: Session | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _database_ref() -> weakref.ref | None:
    return weakref.ref(database.obj) if database.obj is not None else None


def _on_open_database(session: Session | None) -> bool:
    return session is not None and session.database is not None and session.database() is database.obj


@contextmanager
def acting_on(db: pw.Database) -> Iterator[None]:
    """For a while, the signed-in session acts on ``db`` as well (a copy of its database being
    checked); afterwards, on its own database alone as before."""
    global _session
    before = _session
    if before is not None:
        _session = dataclasses.replace(before, database=weakref.ref(db))
    try:
        yield
    finally:
        _session = before


def computer_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "?"


def has_accounts() -> bool:
    return Account.select().exists()


def current() -> Session:
    """Who is acting now. NotAllowed when the database has accounts and nobody signed in."""
    if _on_open_database(_session):
        return _session  # type: ignore[return-value]
    if not has_accounts():
        return Session(computer_user(), UNGUARDED)
    raise NotAllowed(_("Cần đăng nhập trước khi làm việc với dữ liệu này."))


def signed_in() -> Session | None:
    """The signed-in session of the open database, or None (no sign-in, or no accounts)."""
    return _session if _on_open_database(_session) else None


def require(right: Right) -> Session:
    """The acting session, if its role may do ``right``; NotAllowed otherwise."""
    session = current()
    if not session.may(right):
        allowed = [r.display for r in ROLES if r.may(right)]
        raise NotAllowed(_("Tài khoản {name} (vai trò {role}) không được {what}; việc này cần vai trò {roles}.").format(
            name=session.name, role=session.role.display, what=_(right_label(right)), roles=", ".join(allowed)))
    return session


def may(right: Right) -> bool:
    try:
        return current().may(right)
    except NotAllowed:
        return False


def right_label(right: Right) -> str:
    from desktop_app.domain.roles import RIGHT_LABELS

    return RIGHT_LABELS[right]


def sign_out() -> None:
    global _session
    _session = None
    reader_key.forget()
    key_ring.forget()


# ------------------------------------------------------------------------- checks


def normal_name(name: str) -> str:
    """A sign-in name as accounts keep it: trimmed, composed, lower case."""
    return unicodedata.normalize("NFC", (name or "").strip()).lower()


def _checked_name(name: str) -> str:
    cleaned = normal_name(name)
    if not NAME_PATTERN.match(cleaned):
        raise AccountError(_("«Tên đăng nhập» phải dài 2–40 ký tự, gồm chữ không dấu, số, dấu chấm, gạch dưới "
                             "hoặc gạch ngang, bắt đầu bằng chữ hoặc số: «{name}».").format(name=name))
    return cleaned


def _checked_password(password: str, name: str) -> str:
    password = unicodedata.normalize("NFC", password or "")
    if len(password) < passwords.MIN_LENGTH:
        raise AccountError(_("«Mật khẩu» phải có ít nhất {n} ký tự.").format(n=passwords.MIN_LENGTH))
    if password.strip().lower() == name:
        raise AccountError(_("«Mật khẩu» không được trùng tên đăng nhập."))
    return password


def check_new_account(name: str, password: str) -> None:
    """AccountError when ``name`` or ``password`` cannot make an account (checked before anything
    is written)."""
    _checked_password(password, _checked_name(name))


def _account(name: str) -> Account:
    account = Account.get_or_none(Account.name == normal_name(name))
    if account is None:
        raise AccountError(_("Không có tài khoản «{name}».").format(name=name))
    return account


def _change_ring(change: Callable[[keyslots.KeyRing, bytes], None]) -> None:
    """Apply ``change`` to the key ring of the open database, when it has one (an encrypted file,
    a sealed server database: store/key_ring.py). Called inside the transaction of the account
    change, so a ring that cannot be written undoes it."""
    key = key_ring.slot_key()
    if key is None:
        return
    try:
        ring = key_ring.read()
        if ring is None:
            return
        change(ring, key)
        key_ring.write(ring)
    except (keyslots.KeyRingError, OSError) as error:
        raise AccountError(_("Không ghi được tệp khóa {path}: {reason}").format(path=key_ring.where(),
                                                                              reason=error)) from error


def _new_slot(name: str, password: str, role_code: str) -> Callable[[keyslots.KeyRing, bytes], None]:
    """The ring change that gives ``name`` a slot for ``password``, with the reader key granted
    when its role may read sensitive fields and the acting session holds that key."""

    def change(ring: keyslots.KeyRing, key: bytes) -> None:
        ring.set_password(name, password, key)
        private = reader_key.held()
        if private is not None and role(role_code).may(Right.READ_SENSITIVE):
            ring.grant(name, private)

    return change


def reader_names() -> set[str]:
    """The active accounts whose role may read sensitive fields: those the reader key is granted to."""
    readers = {r.code for r in ROLES if r.may(Right.READ_SENSITIVE)}
    return {a.name for a in Account.select(Account.name).where(Account.disabled_at.is_null()
                                                                & Account.role.in_(readers))}  # fmt: skip


def _record(session: Session | None, action: str, **detail: object) -> None:
    actor = session or Session(computer_user(), UNGUARDED)
    audit.record_event(actor, action, detail)


# ------------------------------------------------------------------------- accounts


def create_administrator(name: str, password: str, full_name: str = "") -> Session:
    """The first account of a database (role quan_tri), made by the wizard, ``danvan init
    --admin`` or the window on a database made before accounts; signs it in."""
    global _session
    name = _checked_name(name)
    password = _checked_password(password, name)
    with database.atomic():
        if has_accounts():
            raise AccountError(_("Cơ sở dữ liệu này đã có tài khoản quản trị."))
        stamp = _now()
        Account.create(name=name, full_name=full_name.strip(), role=ADMINISTRATOR.code,
                       password_hash=passwords.hash_password(password), created_at=stamp, created_by=name,
                       password_changed_at=stamp)  # fmt: skip
        _session = Session(name, ADMINISTRATOR, full_name.strip(), _database_ref())
        _record(_session, "account_added", account=name, role=ADMINISTRATOR.code, first=True)
        _change_ring(_new_slot(name, password, ADMINISTRATOR.code))
    return _session


def add_account(name: str, role_code: str, password: str, full_name: str = "") -> Account:
    session = require(Right.MANAGE_ACCOUNTS)
    name = _checked_name(name)
    try:
        chosen = role(role_code)
    except ValueError as error:
        raise AccountError(str(error)) from error
    password = _checked_password(password, name)
    with database.atomic():
        if Account.get_or_none(Account.name == name) is not None:
            raise AccountError(_("Đã có tài khoản «{name}».").format(name=name))
        stamp = _now()
        account = Account.create(name=name, full_name=full_name.strip(), role=chosen.code,
                                 password_hash=passwords.hash_password(password), created_at=stamp,
                                 created_by=session.name, password_changed_at=stamp)  # fmt: skip
        _record(session, "account_added", account=name, role=chosen.code)
        _change_ring(_new_slot(name, password, chosen.code))
    return account


def accounts() -> list[Account]:
    return list(Account.select().order_by(Account.name))


def change_own_password(old: str, new: str) -> None:
    session = current()
    if session.unguarded:
        raise AccountError(_("Dữ liệu này chưa có tài khoản; hãy tạo tài khoản quản trị trước."))
    account = _account(session.name)
    if not passwords.verify_password(account.password_hash, unicodedata.normalize("NFC", old or "")):
        raise AccountError(_("«Mật khẩu hiện tại» không đúng."))
    new = _checked_password(new, account.name)
    with database.atomic():
        Account.update(password_hash=passwords.hash_password(new), password_changed_at=_now()).where(
            Account.id == account.id).execute()
        _record(session, "password_changed", account=account.name)
        _change_ring(_new_slot(account.name, new, account.role))


def reset_password(name: str, new: str) -> None:
    """An administrator sets another account's password (the old one is not needed)."""
    session = require(Right.MANAGE_ACCOUNTS)
    account = _account(name)
    new = _checked_password(new, account.name)
    with database.atomic():
        Account.update(password_hash=passwords.hash_password(new), password_changed_at=_now(), failed_attempts=0,
                       locked_until=None).where(Account.id == account.id).execute()  # fmt: skip
        _record(session, "password_reset", account=account.name)
        _change_ring(_new_slot(account.name, new, account.role))


def disable(name: str) -> None:
    """Disable an account: it can no longer sign in, and stays named in the audit trail."""
    session = require(Right.MANAGE_ACCOUNTS)
    account = _account(name)
    if account.disabled_at is not None:
        raise AccountError(_("Tài khoản «{name}» đã bị vô hiệu hóa từ trước.").format(name=account.name))
    if account.name == session.name:
        raise AccountError(_("Không thể tự vô hiệu hóa tài khoản đang đăng nhập."))
    if account.role == ADMINISTRATOR.code:
        others = Account.select().where((Account.role == ADMINISTRATOR.code) & Account.disabled_at.is_null()
                                        & (Account.id != account.id)).count()  # fmt: skip
        if not others:
            raise AccountError(_("«{name}» là tài khoản quản trị cuối cùng; không thể vô hiệu hóa.").format(
                name=account.name))
    made_anew: list[bytes] = []

    def change(ring: keyslots.KeyRing, key: bytes) -> None:
        ring.remove(account.name)
        if role(account.role).may(Right.READ_SENSITIVE) and (new := reader_key.rotate(ring, reader_names())):
            made_anew.append(new)
            _record(session, "reader_key_rotated", account=account.name)

    with database.atomic():
        Account.update(disabled_at=_now()).where(Account.id == account.id).execute()
        _record(session, "account_disabled", account=account.name)
        _change_ring(change)
    if made_anew:  # written: the new key is the one to hold
        reader_key.hold(made_anew[0])


# ------------------------------------------------------------------------- signing in


def lock_delay(failed: int) -> dt.timedelta:
    """How long an account stays locked after ``failed`` attempts in a row (none below five)."""
    if failed < MAX_FAILED:
        return dt.timedelta(0)
    return min(FIRST_LOCK * 2 ** (failed - MAX_FAILED), LONGEST_LOCK)


def sign_in(name: str, password: str, *, where: str = "window", record_success: bool = True) -> Session:
    """Check the name and password and make that account the acting one; SignInError (with one
    line for the officer) otherwise. Every refusal is written to the audit trail; a success only
    with ``record_success`` (the window's sign-in, not each command of the command line, whose
    changes name the account themselves)."""
    global _session
    wrong = wrong_refusal()
    key = normal_name(name)
    password = unicodedata.normalize("NFC", password or "")
    stamp = _now()
    account = Account.get_or_none(Account.name == key)
    if account is None:
        passwords.verify_password(_unknown_name_hash(), password)
        _refused(key, "unknown", where)
        raise wrong
    if account.locked_until is not None and stamp < account.locked_until:
        _refused(key, "locked", where)
        raise locked_refusal(key, account.locked_until)
    if not passwords.verify_password(account.password_hash, password):
        failed = account.failed_attempts + 1
        delay = lock_delay(failed)
        with database.atomic():
            Account.update(failed_attempts=failed, locked_until=stamp + delay if delay else None).where(
                Account.id == account.id).execute()
            _refused(key, "password", where, failed=failed, locked_minutes=int(delay.total_seconds() // 60))
        log.info("failed sign-in for %s (%d in a row)", key, failed)
        if delay:
            raise failed_refusal(failed, key, stamp + delay)
        raise wrong
    if account.disabled_at is not None:
        _refused(key, "disabled", where)
        raise disabled_refusal(key)
    session = Session(account.name, role(account.role), account.full_name, _database_ref())
    # A command-line sign-in (record_success False) writes nothing unless it must: a command
    # that reads, or is refused, leaves the database as it was.
    changes: dict[str, object] = {"last_sign_in_at": stamp} if record_success else {}
    if account.failed_attempts or account.locked_until is not None:
        changes.update(failed_attempts=0, locked_until=None)
    if passwords.needs_rehash(account.password_hash):
        changes["password_hash"] = passwords.hash_password(password)
    with database.atomic():
        if changes:
            Account.update(**changes).where(Account.id == account.id).execute()
        if record_success:
            _record(session, "sign_in", where=where)
    _session = session
    return session


def wrong_refusal() -> SignInError:
    return SignInError(_("Sai tên đăng nhập hoặc mật khẩu."))


def disabled_refusal(name: str) -> SignInError:
    return SignInError(_("Tài khoản «{name}» đã bị vô hiệu hóa; hãy liên hệ quản trị.").format(name=name))


def locked_refusal(name: str, until: dt.datetime) -> SignInError:
    return SignInError(_("Tài khoản «{name}» tạm khóa đến {until} vì nhập sai mật khẩu nhiều lần.").format(
        name=name, until=format_stamp(until)))


def failed_refusal(failed: int, name: str, until: dt.datetime) -> SignInError:
    return SignInError(_("Sai mật khẩu {n} lần liên tiếp: tài khoản «{name}» tạm khóa đến {until}.").format(
        n=failed, name=name, until=format_stamp(until)))


def resume(session: Session) -> Session:
    """The same account signed in to the database opened in place of the one it signed in to
    (after encrypting or restoring the file), when the account is still there and active."""
    global _session
    account = Account.get_or_none((Account.name == session.name) & Account.disabled_at.is_null())
    if account is None:
        _session = None
        raise NotAllowed(_("Tài khoản {name} không có trong dữ liệu vừa mở; hãy đăng nhập lại.").format(
            name=session.name))
    _session = Session(account.name, role(account.role), account.full_name, _database_ref())
    return _session


def recover_administrator(name: str, new_password: str) -> Session:
    """Give administrator ``name`` a new password when every password is lost; the caller opened
    the database with its recovery code. Signs that account in."""
    global _session
    if not name:
        active = list(Account.select().where((Account.role == ADMINISTRATOR.code) & Account.disabled_at.is_null()))
        if len(active) != 1:
            raise AccountError(_("Có {n} tài khoản quản trị ({names}): cần --user TÊN để chọn.").format(
                n=len(active), names=", ".join(a.name for a in active)))
        name = active[0].name
    account = _account(name)
    if account.role != ADMINISTRATOR.code or account.disabled_at is not None:
        raise AccountError(_("«{name}» không phải tài khoản quản trị đang dùng; mã khôi phục chỉ đặt lại mật khẩu "
                             "cho quản trị.").format(name=account.name))  # fmt: skip
    new = _checked_password(new_password, account.name)
    session = Session(account.name, ADMINISTRATOR, account.full_name, _database_ref())
    with database.atomic():
        Account.update(password_hash=passwords.hash_password(new), password_changed_at=_now(), failed_attempts=0,
                       locked_until=None).where(Account.id == account.id).execute()  # fmt: skip
        _record(session, "recovered", account=account.name)
        _change_ring(_new_slot(account.name, new, account.role))
    _session = session
    return session


def _refused(name: str, reason: str, where: str, **detail: object) -> None:
    with database.atomic():
        audit.record_event(Session(name or "?", UNGUARDED), "sign_in_failed", {"reason": reason, "where": where,
                                                                                **detail})


def confirm_password(password: str) -> bool:
    """Whether ``password`` is the signed-in account's (unlocking an idle window)."""
    session = current()
    if session.unguarded:
        return True
    try:
        sign_in(session.name, password, where="unlock", record_success=False)
    except SignInError:
        return False
    return True
