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
from desktop_app.paths import default_database_path
from desktop_app.services import accounts, encryption, unit_setup
from desktop_app.store import cipher, engines
from desktop_app.store import database as store_db
from desktop_app.store.migrations import SchemaError
from desktop_app.ui import dialogs
from desktop_app.ui.about_dialog import application_icon
from desktop_app.ui.account_dialogs import LoginDialog, RecoverDialog
from desktop_app.ui.field_widgets import qt_locale
from desktop_app.ui.location_chooser import LOCATION_KEY, not_set_up
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.open_dialog import OpenDialog
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


def open_or_set_up(path: Path | str) -> Path | str | None:
    """Open the database at ``path``, running the first-run wizard when it has no unit yet;
    returns where the registers were opened (the wizard may join or set up a server's database
    instead of the file), or None when the officer gives up."""
    try:
        if engines.is_server(path):
            store_db.open_database(path)
            if store_db.is_set_up():
                return path
            dialogs.warn(None, _("Không mở được dữ liệu"), not_set_up(path))
            return None
        path = Path(path)
        if encryption.ring_missing(path):
            return path if RecoverDialog(path).exec() else None
        if cipher.is_encrypted(path):
            return path if LoginDialog(None, encrypted=path).exec() else None
        if path.exists():
            store_db.open_database(path)
            if store_db.is_set_up():
                return path
        wizard = SetupWizard(path)
        if not wizard.exec():
            return None
        if wizard.joined():  # a server's database set up already: opened now, then the sign-in
            store_db.open_database(wizard.location)
        if not store_db.is_set_up():
            return None
        if wizard.recovery_code:
            RecoveryCodeDialog(wizard.recovery_code, unit_setup.current_unit().display,
                               engines.shown(wizard.location)).exec()  # a server's password is never printed
        return wizard.location
    except (store_db.DatabaseError, SchemaError) as error:
        dialogs.warn(None, _("Không mở được dữ liệu"), str(error))
        return None


def remembered(settings: QSettings, default: Path) -> Path | str:
    """Where the window opened last (File → Mở dữ liệu…, or the wizard's server), with a
    server's kept password; the program's own file the first time."""
    kept = str(settings.value(LOCATION_KEY, "") or "")
    if not kept:
        return default
    if engines.is_server(kept):
        from desktop_app.transports import credentials

        secret = credentials.server_password(kept)
        parts = engines.address_of(kept)
        return engines.server_url(parts["host"], parts["port"], parts["name"], parts["user"], secret or "")
    return Path(kept)


def remember(settings: QSettings, location: Path | str) -> None:
    settings.setValue(LOCATION_KEY, engines.shown(location))


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


def first_location(settings: QSettings, path: Path | str | None) -> Path | str | None:
    """Open the registers at ``path`` (given with --db), or where the window was last (a server
    remembered by File → Mở dữ liệu… or the wizard), and sign in; the place opened, or None.
    A remembered place that does not open (the server is down, its password changed) is said and
    another can be chosen."""
    location = path or remembered(settings, default_database_path())
    while True:
        opened = open_or_set_up(location)
        if opened is not None:
            return opened if sign_in(None) else None
        if path or location == default_database_path():
            return None
        problem = _("Không mở được dữ liệu đã dùng lần trước ({place}). Hãy kiểm tra kết nối hoặc chọn nơi khác.")
        dialog = OpenDialog(location, problem=problem.format(place=engines.shown(location)))
        if not dialog.exec() or dialog.location is None:
            return None
        location = dialog.location


def switch_to(chosen: Path | str, current: Path | str) -> Path | str | None:
    """Close the open registers and sign in on ``chosen``; back to ``current`` (signing in again)
    when that fails or the officer gives up; None when neither opens."""
    QThreadPool.globalInstance().waitForDone(30_000)  # a sync or backup job ends on its own database
    accounts.sign_out()
    store_db.close_database()
    for place in (chosen, current):
        opened = open_or_set_up(place)
        if opened is not None and sign_in(None):
            return opened
        accounts.sign_out()
        store_db.close_database()
    return None


def run(path: Path | str | None, language: str | None = None, packages: list[Path] | None = None) -> int:
    """Run the program on the database at ``path`` (None: where it was last); returns the exit
    status. ``packages`` (sync packages the officer opened) go to the merge dialog once the
    window shows."""
    app = application()
    settings = QSettings()
    apply_language(settings, language)
    store_db.set_upgrade_notice(upgrade_notice)
    location = first_location(settings, path)
    if location is None:
        return 1
    remember(settings, location)
    offer_sealing(location)

    windows: list[MainWindow] = []
    where = [location]

    def show_window() -> None:
        old = windows.pop() if windows else None
        if old is not None:
            old.save_layout()
            old.idle_lock.stop()
            apply_language(settings)
        window = MainWindow(where[0], settings)
        window.restart_requested.connect(show_window)
        window.signed_out.connect(signed_out)
        window.open_requested.connect(open_other)
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

    def open_other(chosen: Path | str) -> None:
        opened = switch_to(chosen, where[0])
        if opened is None:
            app.quit()
            return
        where[0] = opened
        remember(settings, opened)
        offer_sealing(opened)
        show_window()

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
