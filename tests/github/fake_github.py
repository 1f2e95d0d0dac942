"""A stand-in for the GitHub REST API on 127.0.0.1: issue comments, paginated, with faults on cue.

It answers the four calls the Action makes (list a pull request's comments, create one, edit
one) with the shapes GitHub uses (the comment objects, Link-header pagination, the error bodies
of 403, 422 and 5xx, Retry-After on a secondary rate limit) and records every request, so tests
assert on what repocheck actually sent.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

REPO_ID = 1296269
BOT = {
    "login": "github-actions[bot]",
    "id": 41898282,
    "node_id": "MDM6Qm90NDE4OTgyODI=",
    "type": "Bot",
    "site_admin": False,
}
HUMAN = {"login": "ada", "id": 583231, "node_id": "MDQ6VXNlcjU4MzIzMQ==", "type": "User"}
DOCS = "https://docs.github.com/rest/issues/comments"
FORBIDDEN = {
    "message": "Resource not accessible by integration",
    "documentation_url": f"{DOCS}#create-an-issue-comment",
    "status": "403",
}
TOO_LONG = {
    "message": "Validation Failed",
    "errors": [
        {
            "resource": "IssueComment",
            "code": "custom",
            "field": "body",
            "message": "body is too long (maximum is 65536 characters)",
        }
    ],
    "documentation_url": f"{DOCS}#create-an-issue-comment",
    "status": "422",
}
SERVER_ERROR = {"message": "Server Error"}
SECONDARY_LIMIT = {
    "message": "You have exceeded a secondary rate limit. Please wait a few minutes before you "
    "try again.",
    "documentation_url": "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api",
    "status": "403",
}
BODY_LIMIT = 65_536


@dataclass
class Fault:
    """Answer the next ``times`` requests matching ``method`` and ``path`` (a regex) with this."""

    method: str
    path: str
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1


@dataclass
class Request:
    """One request as received."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float


class FakeGitHub:
    """The server and its state: comments per issue, faults to inject, requests received."""

    def __init__(self, token: str, repository: str = "ada/portfolio", page_size: int = 2) -> None:
        self.token = token
        self.repository = repository
        self.page_size = page_size
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
        self._next_id = 1_000
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL, as GITHUB_API_URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeGitHub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def add_comment(self, number: int, body: str, user: dict[str, Any] | None = None) -> None:
        """Seed a comment, as if posted earlier."""
        with self._lock:
            self._create(number, body, user or HUMAN)

    def made(self, method: str, pattern: str = "") -> list[Request]:
        """The requests received with this method whose path matches ``pattern``."""
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    # --- state ----------------------------------------------------------------------------

    def _comment(self, number: int, cid: int, body: str, user: dict[str, Any]) -> dict[str, Any]:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        owner_repo = self.repository
        return {
            "id": cid,
            "node_id": f"IC_kwDOABCD{cid}",
            "url": f"{self.url}/repos/{owner_repo}/issues/comments/{cid}",
            "html_url": f"https://github.com/{owner_repo}/pull/{number}#issuecomment-{cid}",
            "issue_url": f"{self.url}/repos/{owner_repo}/issues/{number}",
            "body": body,
            "user": dict(user),
            "created_at": stamp,
            "updated_at": stamp,
            "author_association": "NONE" if user.get("type") == "Bot" else "OWNER",
            "performed_via_github_app": None,
            "reactions": {"url": "", "total_count": 0},
        }

    def _create(self, number: int, body: str, user: dict[str, Any]) -> dict[str, Any]:
        self._next_id += 1
        comment = self._comment(number, self._next_id, body, user)
        self.comments.setdefault(number, []).append(comment)
        return comment

    def _find(self, cid: int) -> dict[str, Any] | None:
        for comments in self.comments.values():
            for comment in comments:
                if comment["id"] == cid:
                    return comment
        return None

    def _fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method == method and re.search(fault.path, path):
                fault.times -= 1
                return fault
        return None

    # --- routes ---------------------------------------------------------------------------

    def answer(self, method: str, target: str, body: Any) -> tuple[int, dict[str, str], Any]:
        """(status, headers, JSON body) for one request."""
        parts = urlsplit(target)
        fault = self._fault(method, parts.path)
        if fault is not None:
            return fault.status, dict(fault.headers), fault.body
        listing = re.fullmatch(
            r"/(?:repos/[^/]+/[^/]+|repositories/\d+)/issues/(\d+)/comments", parts.path
        )
        if listing and method == "GET":
            return self._list(int(listing.group(1)), parse_qs(parts.query))
        if listing and method == "POST":
            return self._post(int(listing.group(1)), body)
        single = re.fullmatch(r"/repos/[^/]+/[^/]+/issues/comments/(\d+)", parts.path)
        if single and method == "PATCH":
            return self._patch(int(single.group(1)), body)
        return (
            404,
            {},
            {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"},
        )

    def _list(self, number: int, query: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        comments = self.comments.get(number, [])
        page = int(query.get("page", ["1"])[0])
        size = self.page_size
        last = max(1, -(-len(comments) // size))
        chunk = comments[(page - 1) * size : page * size]
        base = f"{self.url}/repositories/{REPO_ID}/issues/{number}/comments"
        links = []
        if page < last:
            links.append(f'<{base}?page={page + 1}>; rel="next"')
            links.append(f'<{base}?page={last}>; rel="last"')
        if page > 1:
            links.append(f'<{base}?page=1>; rel="first"')
            links.append(f'<{base}?page={page - 1}>; rel="prev"')
        headers = {"Link": ", ".join(links)} if links else {}
        return 200, headers, chunk

    def _check_body(self, body: Any) -> tuple[int, dict[str, str], Any] | None:
        if not isinstance(body, dict) or not isinstance(body.get("body"), str):
            return 422, {}, {"message": "Invalid request.", "status": "422"}
        if len(body["body"]) > BODY_LIMIT:
            return 422, {}, TOO_LONG
        return None

    def _post(self, number: int, body: Any) -> tuple[int, dict[str, str], Any]:
        invalid = self._check_body(body)
        if invalid:
            return invalid
        comment = self._create(number, body["body"], BOT)
        return 201, {"Location": comment["url"]}, comment

    def _patch(self, cid: int, body: Any) -> tuple[int, dict[str, str], Any]:
        invalid = self._check_body(body)
        if invalid:
            return invalid
        comment = self._find(cid)
        if comment is None:
            return 404, {}, {"message": "Not Found"}
        comment["body"] = body["body"]
        comment["updated_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        return 200, {}, comment

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                headers = {k.lower(): v for k, v in self.headers.items()}
                with server._lock:
                    server.requests.append(
                        Request(self.command, self.path, headers, body, time.monotonic())
                    )
                    if headers.get("authorization") not in (
                        f"token {server.token}",
                        f"Bearer {server.token}",
                    ):
                        status, extra, payload = 401, {}, {"message": "Bad credentials"}
                    else:
                        status, extra, payload = server.answer(self.command, self.path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("X-RateLimit-Limit", "5000")
                self.send_header("X-RateLimit-Remaining", "4999")
                self.send_header("X-GitHub-Media-Type", "github.v3; format=json")
                for key, value in extra.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = _serve

            def log_message(self, format: str, *args: object) -> None:
                pass  # keep the test output quiet

        return Handler
