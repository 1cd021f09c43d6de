"""The window says why it waits while an older database is backed up and upgraded."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QProgressDialog


def test_the_window_shows_why_it_waits(qtbot):
    from desktop_app.ui.app import upgrade_notice

    with upgrade_notice():
        [box] = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        assert box.labelText().startswith("Đang sao lưu rồi nâng cấp dữ liệu cho phiên bản mới")
    assert not box.isVisible()
