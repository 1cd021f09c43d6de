"""A TCP relay on 127.0.0.1 in front of a real WebDAV server that, when armed, cuts the next
upload (PUT) after half its body has gone through — as a laptop losing its connection does."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

from tests.sync.servers import free_port


class CuttingProxy:
    def __init__(self, upstream_port: int, on_cut: Callable[[], None] = lambda: None) -> None:
        self.upstream_port = upstream_port
        self.port = free_port()
        self.on_cut = on_cut
        self.armed = False
        self.cuts = 0
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.2)
        self._running = True
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def _accept(self) -> None:
        while self._running:
            try:
                client, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                server = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._pump_up, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                end.close()

    def _pump_up(self, client: socket.socket, server: socket.socket) -> None:
        """Client to server; an armed relay lets half the body of the first PUT through, then cuts."""
        seen = b""
        try:
            while data := client.recv(65536):
                if self.armed and (seen or data.startswith(b"PUT ")):
                    seen += data
                    head, separator, body = seen.partition(b"\r\n\r\n")
                    length = _content_length(head) if separator else None
                    if length is not None and len(body) >= length // 2:
                        server.sendall(data[: len(data) - (len(body) - length // 2)])
                        self.armed = False
                        self.cuts += 1
                        self.on_cut()
                        break
                server.sendall(data)
        except OSError:
            pass
        finally:
            for end in (client, server):
                end.close()

    def close(self) -> None:
        self._running = False
        self._listener.close()
        self._thread.join(timeout=5)


def _content_length(head: bytes) -> int | None:
    for line in head.split(b"\r\n")[1:]:
        name, _colon, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return None
