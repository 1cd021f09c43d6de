"""WebDAV passwords live in the operating system's keyring (Windows Credential Manager, the
Secret Service on Linux), never in the database or a settings file."""

from __future__ import annotations

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


def set_password(url: str, username: str, secret: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, _account(url, username), secret)
    except KeyringError as error:
        raise TransportError(_("Không lưu được mật khẩu vào kho mật khẩu của hệ điều hành: {error}").format(
            error=error), repr(error), retry=False) from error  # fmt: skip
