"""The passwords of the servers the program signs in to — WebDAV folders, and a province's
PostgreSQL server (#14) — live in the operating system's keyring (Windows Credential Manager,
the Secret Service on Linux), never in the database or a settings file."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from desktop_app import APP_NAME
from desktop_app.domain.l10n import _
from desktop_app.transports.targets import TransportError

SERVICE = f"{APP_NAME} WebDAV"


def _account(url: str, username: str) -> str:
    return f"{username}@{url.rstrip('/')}"


def password(url: str, username: str) -> str:
    import keyring
    from keyring.errors import KeyringError

    try:
        value = keyring.get_password(SERVICE, _account(url, username))
    except KeyringError as error:
        raise TransportError(_("Không đọc được mật khẩu từ kho mật khẩu của hệ điều hành: {error}").format(
            error=error), repr(error), retry=False) from error  # fmt: skip
    if value is None:
        raise TransportError(_("Chưa lưu mật khẩu WebDAV cho {user} (Công cụ → Cài đặt đồng bộ).").format(
            user=username), retry=False)  # fmt: skip
    return value


@contextlib.contextmanager
def _keeping() -> Iterator[None]:
    """Around a write to the keyring: its refusal as a TransportError the officer can read."""
    from keyring.errors import KeyringError

    try:
        yield
    except KeyringError as error:
        raise TransportError(_("Không lưu được mật khẩu vào kho mật khẩu của hệ điều hành: {error}").format(
            error=error), repr(error), retry=False) from error  # fmt: skip


def set_password(url: str, username: str, secret: str) -> None:
    import keyring

    with _keeping():
        keyring.set_password(SERVICE, _account(url, username), secret)


SERVER_SERVICE = f"{APP_NAME} PostgreSQL"


def server_password(address: str) -> str | None:
    """The password kept for a database server's ``address`` (its URL without the password), or
    None when none is kept or the keyring cannot be read (the officer is asked instead)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(SERVER_SERVICE, address)
    except KeyringError:
        return None


def set_server_password(address: str, secret: str | None) -> None:
    """Keep ``secret`` for the server at ``address``; None forgets a kept one. TransportError
    when the keyring refuses."""
    import keyring
    from keyring.errors import PasswordDeleteError

    with _keeping():
        if secret is None:
            with contextlib.suppress(PasswordDeleteError):  # nothing was kept
                keyring.delete_password(SERVER_SERVICE, address)
        else:
            keyring.set_password(SERVER_SERVICE, address, secret)
