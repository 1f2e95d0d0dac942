"""A stand-in for the three GitHub REST calls behind ``gh:USERNAME``, on 127.0.0.1.

``GET /users/{login}``, ``GET /users/{login}/repos`` (paginated with Link headers) and
``GET /repos/{owner}/{repo}/commits`` (whose ``per_page=1`` pages count the commits, as
PyGithub's ``totalCount`` reads them; 409 for an empty repository), in GitHub's shapes.
Every request is recorded with its headers.
"""

from __future__ import annotations

import json
import math
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FakeRepo:
    """One repository of a user, as the API lists it."""

    name: str
    language: str | None = "Python"
    commits: int = 5
    fork: bool = False
    archived: bool = False
    private: bool = False


@dataclass
class FakeGitHub:
    """Users and their repositories; ``url`` is the API's base once started."""

    users: dict[str, list[FakeRepo]] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    url: str = ""

    def __enter__(self) -> FakeGitHub:
        owner = self

        class Handler(_Handler):
            api = owner

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def repo_json(self, login: str, repo: FakeRepo, index: int) -> dict[str, Any]:
        full = f"{login}/{repo.name}"
        return {
            "id": 1000 + index,
            "name": repo.name,
            "full_name": full,
            "owner": {"login": login, "type": "User"},
            "private": repo.private,
            "fork": repo.fork,
            "archived": repo.archived,
            "language": repo.language,
            "url": f"{self.url}/repos/{full}",
            "html_url": f"https://github.example/{full}",
            "pushed_at": f"2025-01-{28 - index:02d}T10:00:00Z",
        }


class _Handler(BaseHTTPRequestHandler):
    api: FakeGitHub

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _page(self, items: list[Any], query: dict[str, list[str]], path: str) -> None:
        per_page = int(query.get("per_page", ["30"])[0])
        page = int(query.get("page", ["1"])[0])
        last = max(1, math.ceil(len(items) / per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        links = []
        base = f"{self.api.url}{path}?per_page={per_page}"
        if page < last:
            links.append(f'<{base}&page={page + 1}>; rel="next"')
            links.append(f'<{base}&page={last}>; rel="last"')
        self._send(200, chunk, {"Link": ", ".join(links)} if links else None)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.api.requests.append((self.path, dict(self.headers.items())))
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) >= 2 and segments[0] == "users":
            return self._user(segments, query, parts.path)
        if len(segments) == 4 and segments[0] == "repos" and segments[3] == "commits":
            return self._commits(segments[1], segments[2], query, parts.path)
        self._send(404, {"message": "Not Found"})

    def _user(self, segments: list[str], query: dict[str, list[str]], path: str) -> None:
        login = segments[1]
        repos = self.api.users.get(login)
        if repos is None:
            return self._send(404, {"message": "Not Found"})
        if len(segments) == 2:
            return self._send(
                200, {"login": login, "type": "User", "url": f"{self.api.url}/users/{login}"}
            )
        listed = [self.api.repo_json(login, repo, i) for i, repo in enumerate(repos)]
        self._page(listed, query, path)

    def _commits(self, login: str, name: str, query: dict[str, list[str]], path: str) -> None:
        repo = next((r for r in self.api.users.get(login, []) if r.name == name), None)
        if repo is None:
            return self._send(404, {"message": "Not Found"})
        if repo.commits == 0:
            return self._send(409, {"message": "Git Repository is empty."})
        commits = [{"sha": f"{i:040x}"} for i in range(repo.commits)]
        self._page(commits, query, path)
