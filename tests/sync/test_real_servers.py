"""Sync against each WebDAV server offices run (WsgiDAV, Apache mod_dav, nginx dav-ext, lighttpd
mod_webdav, rclone): the requests they accept, what each refusal is called, the connection
test, and an upload cut halfway with the server down, then up again."""

from __future__ import annotations

import threading

import httpx
import pytest

from desktop_app.store.models import OutboxPackage, ReceivedPackage
from desktop_app.sync import enrolment, merge, outgoing, runner
from desktop_app.transports.targets import TransportError, WebDavTarget, run_test
from desktop_app.transports.webdav import DavClient
from tests.sync.conftest import COMMUNES, DISTRICT, digest_of, make_unit, opened
from tests.sync.cutting_proxy import CuttingProxy
from tests.sync.davserver import PASSWORD, USER, DavServer
from tests.sync.servers import FORBIDDEN, KINDS, free_port, start_server


@pytest.fixture(params=KINDS)
def server(request, tmp_path):
    found = start_server(request.param, tmp_path)
    found.kind = request.param
    yield found
    getattr(found, "remove", found.stop)()


def restart(found):
    """The same server and folder up again after it went down (on a port of its own: the one a
    cut connection still holds may take a while to free; the relay in front keeps the address)."""
    if isinstance(found, DavServer):
        again = DavServer(found.root).start()
        again.kind = found.kind
        return again
    return found.start(port=free_port())


def test_every_propfind_carries_a_depth_the_servers_accept(server):
    """Apache, nginx and lighttpd refuse PROPFIND without Depth (RFC 4918: infinity) with 403."""
    sent: list[tuple[str, str | None]] = []
    client = DavClient(server.url, USER, PASSWORD)
    client.http.event_hooks["request"] = [lambda r: sent.append((r.method, r.headers.get("Depth")))]
    client.mkdir("22")
    assert client.exists("22") and not client.exists("khong-co")
    assert "22" in {entry.name for entry in client.list("") if entry.is_folder}
    assert {depth for method, depth in sent if method == "PROPFIND"} == {"0", "1"}
    no_depth = httpx.request("PROPFIND", server.url, auth=(USER, PASSWORD))  # what webdav4's exists() sent
    if server.kind in ("apache", "lighttpd"):  # nginx's dav-ext 3.0.0 (Debian 12) answers it
        assert no_depth.status_code == 403


def test_a_wrong_password_is_called_a_wrong_password(server):
    with pytest.raises(TransportError, match="từ chối tên đăng nhập hoặc mật khẩu \\(mã 401\\)"):
        WebDavTarget(server.url, USER, "sai-mat-khau").check()


def test_a_forbidden_folder_is_called_forbidden_not_a_wrong_password(server, tmp_path):
    target = WebDavTarget(server.url, USER, PASSWORD)
    if server.kind == "rclone":  # it has no access rules: a folder it may not write answers 405
        (server.root / FORBIDDEN).chmod(0o555)
    package = tmp_path / "x.danvan"
    package.write_bytes(b"x" * 100)
    with pytest.raises(TransportError) as refused:
        target.upload(package, f"{FORBIDDEN}/06649", "0" * 64)
    message = str(refused.value)
    assert "mật khẩu" not in message and f"/{FORBIDDEN}" in message
    expected = "(mã 405)" if server.kind == "rclone" else "không cho phép"
    assert expected in message and not refused.value.retry


def test_the_connection_test_does_each_step_and_leaves_nothing(server):
    target = WebDavTarget(server.url, USER, PASSWORD)
    steps = run_test(target, f"{DISTRICT}/{COMMUNES[0]}")
    assert steps == ["tạo thư mục của đơn vị", "ghi tệp", "đổi tên tệp", "liệt kê thư mục", "đọc lại tệp", "xóa tệp"]
    assert server.files() == []


def test_the_connection_test_names_the_step_a_server_refuses(server):
    if server.kind == "rclone":
        (server.root / FORBIDDEN).chmod(0o555)
    with pytest.raises(TransportError, match=r"Bước «(tạo thư mục của đơn vị|ghi tệp)» không được"):
        run_test(WebDavTarget(server.url, USER, PASSWORD), f"{FORBIDDEN}/{COMMUNES[0]}")


def test_an_upload_cut_halfway_with_the_server_down_then_up(server, tmp_path):
    """No package is lost or taken twice, and no half file is left under a package's name."""
    state = {"server": server}
    down = threading.Event()

    def server_goes_down() -> None:
        state["server"].stop()
        down.set()

    proxy = CuttingProxy(server.port, on_cut=server_goes_down)
    ward = make_unit(tmp_path / "ward.sqlite", COMMUNES[0], records=80)
    district = make_unit(tmp_path / "district.sqlite", DISTRICT)
    with opened(ward):
        runner.configure("webdav", proxy.url, USER, PASSWORD)
        enrolment.write(tmp_path / "ward.enrol")
    with opened(district):
        runner.configure("webdav", proxy.url, USER, PASSWORD)
        merge.trust(enrolment.read(tmp_path / "ward.enrol"), how="enrolment")
    try:
        proxy.armed = True
        with opened(ward):
            cut = runner.sync()
            assert cut.error is not None and proxy.cuts == 1
            assert len(outgoing.waiting()) == 1  # kept in the outbox
        assert down.wait(20)
        state["server"] = restart(server)
        proxy.upstream_port = state["server"].port
        with opened(ward):
            resent = runner.sync()
            assert resent.error is None and len(resent.sent) == 1, resent.error
            assert outgoing.waiting() == []
            made = {row.package_id for row in OutboxPackage.select()}
        with opened(district):
            taken = runner.sync()
            assert taken.error is None and [o.status for o in taken.outcomes] == ["applied"]
            assert runner.sync().outcomes == []  # a second sync takes nothing twice
            assert {row.package_id for row in ReceivedPackage.select()} == made
        assert digest_of(district, {COMMUNES[0]}, without_sensitive=True) == digest_of(ward, without_sensitive=True)
        assert not [name for name in state["server"].files() if name.endswith(".part")]
    finally:
        proxy.close()
        state["server"].stop()


def test_the_snippets_an_it_officer_copies_are_the_configurations_tested_here():
    from pathlib import Path

    from tests.sync.servers import apache_config, lighttpd_config, nginx_config

    page = (Path(__file__).resolve().parents[2] / "docs" / "webdav-servers.md").read_text(encoding="utf-8")
    for config in (apache_config, nginx_config, lighttpd_config):
        assert config(Path("/srv/danvan"), 8080).rstrip() in page, config.__name__
    assert "rclone serve webdav /srv/danvan/data --addr 127.0.0.1:8080 --htpasswd /srv/danvan/htpasswd" in page


def test_each_refusal_has_its_own_words():
    from desktop_app.transports.targets import _http_error

    said = {status: str(_http_error(status, "http://dav/", "tải gói lên", "/22/06649/a.danvan", ""))
            for status in (401, 403, 404, 405, 409, 412, 413, 423, 507, 500)}
    assert len(set(said.values())) == len(said)
    assert [status for status, text in said.items() if "mật khẩu" in text] == [401]
    assert all(f"mã {status}" in text for status, text in said.items())
    assert all("/22/06649/a.danvan" in said[s] for s in (403, 404, 405, 409, 412, 413, 423))


def test_nginx_with_its_stock_upload_limit_is_told_apart(tmp_path):
    """nginx's stock client_max_body_size (1 MB) refuses a bigger package with 413: the message
    names the limit, and docs/webdav-servers.md the setting."""
    from tests.sync.servers import RealDavServer

    server = RealDavServer("nginx", body_limit=None).start()
    try:
        package = tmp_path / "lon.danvan"
        package.write_bytes(b"x" * (2 * 1024 * 1024))
        with pytest.raises(TransportError, match=r"gói lớn hơn mức máy chủ cho phép \(mã 413\)"):
            WebDavTarget(server.url, USER, PASSWORD).upload(package, f"{DISTRICT}/{COMMUNES[0]}", "0" * 64)
    finally:
        server.remove()
