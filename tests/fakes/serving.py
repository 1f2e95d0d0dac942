"""A server on 127.0.0.1 run on a thread for the length of a ``with`` block.

Every stand-in listens on a port the kernel picks (no races between parallel runs) and stops
whatever ends the block: the listening socket closed, then the stand-in's own cleanup (child
processes, connections held open), then its thread joined.
"""

from __future__ import annotations

import socketserver
import threading
from types import TracebackType
from typing import TypeVar

S = TypeVar("S", bound="ThreadedServer")


class ThreadedServer:
    """Start/stop plumbing: subclasses say which server to make and what to clean up."""

    scheme = "http"
    #: The loopback address to listen on: ``::1`` for a stand-in reached over IPv6.
    host = "127.0.0.1"

    def __init__(self) -> None:
        self._server: socketserver.BaseServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    def _make_server(self) -> socketserver.TCPServer:
        raise NotImplementedError

    def _cleanup(self) -> None:
        """Release what outlives the listening socket; nothing by default."""

    @property
    def address(self) -> str:
        """``scheme://127.0.0.1:PORT`` (``[::1]`` for IPv6), once started."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def __enter__(self: S) -> S:
        server = self._make_server()
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop listening, then clean up, then wait for the serving thread."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        self._cleanup()
        if self._thread is not None:
            self._thread.join(timeout=5)
