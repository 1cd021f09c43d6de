"""Starting the window: Qt application, language, the first-run wizard, then the main window."""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QSocketNotifier, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from desktop_app import APP_DISPLAY_NAME, APP_NAME
from desktop_app.domain import l10n
from desktop_app.domain.l10n import _
from desktop_app.services import accounts, encryption, unit_setup
from desktop_app.store import cipher, engines
from desktop_app.store import database as store_db
from desktop_app.store.migrations import SchemaError
from desktop_app.ui import dialogs
from desktop_app.ui.about_dialog import application_icon
from desktop_app.ui.account_dialogs import LoginDialog, RecoverDialog
from desktop_app.ui.field_widgets import qt_locale
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.recovery_dialog import RecoveryCodeDialog
from desktop_app.ui.seal_dialog import SealDialog, needs_sealing
from desktop_app.ui.settings_dialog import LANGUAGE_KEY
from desktop_app.ui.setup_wizard import SetupWizard


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_DISPLAY_NAME)
    app.setDesktopFileName("sodanvan")  # matches installer/linux/sodanvan.desktop: the dock shows its icon
    app.setWindowIcon(application_icon())
    return app  # type: ignore[return-value]


_signal_wakeup: list[object] = []


def quit_on_terminate(app: QApplication, before_quit: Callable[[], None]) -> None:
    """End the event loop cleanly, exit status 0, when the session ends or a service stops the
    program (SIGTERM, SIGINT). Python runs its signal handlers only between bytecodes, and the Qt
    loop runs none, so the signal wakes a socket the loop watches."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def woken() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)

    def terminate(signum: int, frame: object) -> None:
        before_quit()
        app.quit()

    notifier.activated.connect(woken)
    _signal_wakeup[:] = [reader, writer, notifier]  # the sockets must outlive this function
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, terminate)


def _take_in(window: MainWindow, packages: list[Path]) -> None:
    if not unit_setup.current_unit().is_merging:
        dialogs.warn(window, _("Nhận gói"), _("Đơn vị cấp xã không nhận gói của đơn vị khác; hãy mở tệp này bằng "
                                               "chương trình của đơn vị cấp trên."))  # fmt: skip
        return
    window.open_merge(packages)


def apply_language(settings: QSettings, override: str | None = None) -> None:
    language = override or str(settings.value(LANGUAGE_KEY, l10n.DEFAULT_LANGUAGE))
    l10n.set_language(language if language in l10n.LANGUAGES else l10n.DEFAULT_LANGUAGE)
    QLocale.setDefault(qt_locale())


def open_or_set_up(path: Path | str) -> bool:
    """Open the database at ``path``, running the first-run wizard when it has no unit yet. A
    server's database (a postgresql:// URL) is set up by ``danvan init`` on the server first."""
    try:
        if engines.is_server(path):
            store_db.open_database(path)
            if store_db.is_set_up():
                return True
            dialogs.warn(None, _("Không mở được dữ liệu"), _(
                "Cơ sở dữ liệu {url} trên máy chủ chưa có đơn vị: thiết lập bằng «danvan init --db …» trên máy chủ "
                "rồi mở lại.").format(url=engines.shown(str(path))))  # fmt: skip
            return False
        if encryption.ring_missing(path):
            return bool(RecoverDialog(path).exec())
        if cipher.is_encrypted(path):
            return bool(LoginDialog(None, encrypted=path).exec())
        if path.exists():
            store_db.open_database(path)
            if store_db.is_set_up():
                return True
        wizard = SetupWizard(path)
        if not wizard.exec() or not store_db.is_set_up():
            return False
        if wizard.recovery_code:
            RecoveryCodeDialog(wizard.recovery_code, unit_setup.current_unit().display, path).exec()
        return True
    except (store_db.DatabaseError, SchemaError) as error:
        dialogs.warn(None, _("Không mở được dữ liệu"), str(error))
        return False


def offer_sealing(path: Path | str) -> None:
    """An administrator of a file encrypted before identities were sealed is asked, at each
    sign-in until it is done, for the recovery code that seals them."""
    if not engines.is_server(path) and needs_sealing(path):
        dialog = SealDialog(path)
        if dialog.exec():
            dialogs.inform(None, _("Niêm phong thông tin nhạy cảm"), dialog.done_text)


def sign_in(parent: QWidget | None) -> bool:
    """The login dialog, when the database has accounts; False when the officer gives up."""
    if not accounts.has_accounts() or accounts.signed_in() is not None:
        return True
    return bool(LoginDialog(parent).exec())


@contextlib.contextmanager
def upgrade_notice() -> Iterator[None]:
    """Said while a database made by an older version is backed up and upgraded: on a large file
    that takes minutes, during which the window cannot answer; the officer knows why."""
    box = QProgressDialog(_("Đang sao lưu rồi nâng cấp dữ liệu cho phiên bản mới của chương trình. Với tệp dữ liệu "
                            "lớn việc này có thể mất vài phút; xin đừng tắt máy."), "", 0, 0)  # fmt: skip
    box.setObjectName("upgradeNotice")
    box.setWindowTitle(_("Nâng cấp dữ liệu"))
    box.setCancelButton(None)
    box.setMinimumDuration(0)
    box.show()
    QApplication.processEvents()  # painted before the work holds the thread
    try:
        yield
    finally:
        box.close()
        box.deleteLater()


def run(path: Path | str, language: str | None = None, packages: list[Path] | None = None) -> int:
    """Run the program on the database at ``path``; returns the exit status. ``packages``
    (sync packages the officer opened) go to the merge dialog once the window shows."""
    app = application()
    settings = QSettings()
    apply_language(settings, language)
    store_db.set_upgrade_notice(upgrade_notice)
    if not open_or_set_up(path) or not sign_in(None):
        return 1
    offer_sealing(path)

    windows: list[MainWindow] = []

    def show_window() -> None:
        old = windows.pop() if windows else None
        if old is not None:
            old.save_layout()
            old.idle_lock.stop()
            apply_language(settings)
        window = MainWindow(path, settings)
        window.restart_requested.connect(show_window)
        window.signed_out.connect(signed_out)
        windows.append(window)
        window.show()
        if old is not None:  # closed after the new one shows, so the program does not quit
            old.hide()
            old.deleteLater()

    def signed_out() -> None:
        windows[-1].hide()
        if sign_in(None):
            show_window()
        else:
            app.quit()

    show_window()
    QTimer.singleShot(0, windows[-1].back_up_daily)
    if not accounts.has_accounts():  # made before accounts: ask for the administrator once, at start
        QTimer.singleShot(0, windows[-1].create_administrator)
    if packages:
        QTimer.singleShot(0, lambda: _take_in(windows[-1], packages))
    quit_on_terminate(app, lambda: [window.end_of_session() for window in windows])
    status = app.exec()
    QThreadPool.globalInstance().waitForDone(30_000)  # a sync or backup job ends before its database closes
    store_db.close_database()
    return status
