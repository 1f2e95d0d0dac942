"""Real git servers on 127.0.0.1 for tests: ``git daemon`` and ``git http-backend``.

Both serve the bare repositories under one folder (tests/fakes/git_repos.py builds them) and
are context managers (tests/fakes/serving.py) that stop their threads and kill every git
process they started, whatever ends the ``with`` block.

- :class:`GitDaemon` accepts each connection itself and hands it to ``git daemon --inetd``;
  with ``stall_after`` it forwards only that many bytes of the server's answer and then goes
  silent with the connection open: a server that stalls mid-clone.
- :class:`HttpGitServer` runs ``git http-backend`` as a CGI program behind ``http.server``;
  with ``token`` it answers 401 unless the request carries that token (``credentials``: that
  ``user:password`` pair), with ``forbid`` it answers 403, with ``host="::1"`` it listens on
  IPv6, and it records every request's path and headers.
"""

from __future__ import annotations

import base64
import contextlib
import os
import socket
import socketserver
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.fakes.serving import ThreadedServer


class _Processes:
    """Every child process a server started, killed together on stop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: list[subprocess.Popen[bytes]] = []

    def start(self, command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        with self._lock:
            process = subprocess.Popen(command, **kwargs)
            self._running.append(process)
            return process

    def kill_all(self) -> None:
        with self._lock:
            for process in self._running:
                if process.poll() is None:
                    process.kill()
                process.wait()
            self._running.clear()


class _GitServer(ThreadedServer):
    """A server of the bare repositories below ``base``, and the git processes it started."""

    def __init__(self, base: Path) -> None:
        super().__init__()
        self.base = base
        self.processes = _Processes()

    def url(self, name: str) -> str:
        """The URL of the repository ``name`` (a folder below ``base``)."""
        return f"{self.address}/{name}"

    def _cleanup(self) -> None:
        self.processes.kill_all()
        self._close_connections()

    def _close_connections(self) -> None:
        pass


class _DaemonHandler(socketserver.BaseRequestHandler):
    server: _DaemonTCPServer

    def handle(self) -> None:
        owner = self.server.owner
        command = [
            "git", "daemon", "--inetd", "--export-all", "--informative-errors",
            "--log-destination=none", f"--base-path={owner.base}", str(owner.base),
        ]  # fmt: skip
        if owner.stall_after is None:
            process = owner.processes.start(command, stdin=self.request, stdout=self.request)
            process.wait()
            return
        owner.track(self.request)
        process = owner.processes.start(command, stdin=self.request, stdout=subprocess.PIPE)
        assert process.stdout is not None
        sent = 0
        while sent < owner.stall_after:
            chunk = process.stdout.read1(min(4096, owner.stall_after - sent))  # type: ignore[attr-defined]
            if not chunk:
                return
            self.request.sendall(chunk)
            sent += len(chunk)
        owner.stalled.set()
        owner.release.wait()  # silent, connection open, until the test stops the server


class _DaemonTCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: GitDaemon) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _DaemonHandler)


class GitDaemon(_GitServer):
    """``git://127.0.0.1:PORT/name`` for every bare repository below ``base``."""

    scheme = "git"

    def __init__(self, base: Path, stall_after: int | None = None) -> None:
        super().__init__(base)
        self.stall_after = stall_after
        self.stalled = threading.Event()
        self.release = threading.Event()
        self._sockets: list[socket.socket] = []

    def _make_server(self) -> socketserver.TCPServer:
        return _DaemonTCPServer(self)

    def track(self, connection: socket.socket) -> None:
        """Remember a connection held open by a stall, to close it on stop."""
        self._sockets.append(connection)

    def _close_connections(self) -> None:
        self.release.set()
        for connection in self._sockets:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._sockets.clear()


def basic_auth(token: str) -> str:
    """The Authorization header value GitHub expects for a token over git's https."""
    return "Basic " + base64.b64encode(f"x-access-token:{token}".encode()).decode()


class _HttpHandler(BaseHTTPRequestHandler):
    server: _HttpTCPServer
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass  # keep the test output clean

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def _refuse(self, status: int, reason: str) -> None:
        self.send_response(status, reason)
        if status == 401:
            self.send_header("WWW-Authenticate", 'Basic realm="test"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _serve(self) -> None:
        owner = self.server.owner
        owner.requests.append((self.path, dict(self.headers.items())))
        if owner.forbid:
            return self._refuse(403, "Forbidden")
        if owner.authorization is not None and self.headers.get("Authorization") != (
            owner.authorization
        ):
            return self._refuse(401, "Unauthorized")
        body = self._body()
        path, _, query = self.path.partition("?")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "GIT_PROJECT_ROOT": str(owner.base),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
        }
        process = owner.processes.start(
            ["git", "http-backend"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        out, _ = process.communicate(body)
        self._relay(out)

    def _relay(self, cgi_output: bytes) -> None:
        head, _, payload = cgi_output.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = cgi_output.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _HttpTCPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: HttpGitServer) -> None:
        self.owner = owner
        if ":" in owner.host:
            self.address_family = socket.AF_INET6
        super().__init__((owner.host, 0), _HttpHandler)


class HttpGitServer(_GitServer):
    """``http://127.0.0.1:PORT/name`` through git's smart http protocol."""

    scheme = "http"

    def __init__(
        self,
        base: Path,
        token: str | None = None,
        forbid: bool = False,
        *,
        credentials: str | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        super().__init__(base)
        self.token = token
        self.forbid = forbid
        self.host = host
        self.authorization = basic_auth(token) if token is not None else None
        if credentials is not None:
            self.authorization = "Basic " + base64.b64encode(credentials.encode()).decode()
        self.requests: list[tuple[str, dict[str, str]]] = []

    def _make_server(self) -> socketserver.TCPServer:
        return _HttpTCPServer(self)
