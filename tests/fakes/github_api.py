"""A stand-in for the GitHub REST API on 127.0.0.1, in GitHub's shapes, with faults on cue.

Two route sets on one server:

- issue comments, for the Action: list a pull request's comments, create one, edit one, with
  the comment objects GitHub returns and its error bodies (403, 422, 5xx, Retry-After on a
  secondary rate limit, a body over 65,536 characters refused);
- the token's own user, ``GET /user`` (refused with 403, as for the Actions token, unless a
  ``viewer`` is given);
- users, for ``gh:USERNAME``: ``GET /users/{login}``, ``GET /users/{login}/repos`` and
  ``GET /repos/{owner}/{repo}/commits`` (whose ``per_page=1`` pages count the commits, as
  PyGithub's ``totalCount`` reads them; 409 for an empty repository).

Lists are paginated with Link headers. Every request is recorded, so tests assert on what
repocheck actually sent; a :class:`Fault` answers the next matching requests instead.
"""

from __future__ import annotations

import json
import re
import socketserver
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.fakes.serving import ThreadedServer

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
NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}
EMPTY_REPOSITORY = {"message": "Git Repository is empty."}
BODY_LIMIT = 65_536
#: GitHub's page size when a request asks for none.
PER_PAGE = 30

#: (status, extra headers, JSON body) of one answer.
Reply = tuple[int, dict[str, str], Any]


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
    """One request as received; header names are lower-cased."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    at: float


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
class Call:
    """A request matched to a route: the route's captured groups, the query, the JSON body."""

    params: tuple[str, ...]
    query: dict[str, list[str]]
    body: Any


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def paginate(items: list[Any], page: int, size: int, link: str) -> Reply:
    """Page ``page`` of ``items`` with GitHub's Link header; ``link`` + N is page N's URL."""
    last = max(1, -(-len(items) // size))
    links = []
    if page < last:
        links.append(f'<{link}{page + 1}>; rel="next"')
        links.append(f'<{link}{last}>; rel="last"')
    if page > 1:
        links.append(f'<{link}1>; rel="first"')
        links.append(f'<{link}{page - 1}>; rel="prev"')
    headers = {"Link": ", ".join(links)} if links else {}
    return 200, headers, items[(page - 1) * size : page * size]


_COMMENTS = r"/(?:repos/[^/]+/[^/]+|repositories/\d+)/issues/(\d+)/comments"
#: (method, path pattern, name of the FakeGitHub method that answers).
_ROUTES = (
    ("GET", _COMMENTS, "_list_comments"),
    ("POST", _COMMENTS, "_post_comment"),
    ("PATCH", r"/repos/[^/]+/[^/]+/issues/comments/(\d+)", "_patch_comment"),
    ("GET", r"/user", "_viewer"),
    ("GET", r"/users/([^/]+)", "_user"),
    ("GET", r"/users/([^/]+)/repos", "_user_repos"),
    ("GET", r"/repos/([^/]+)/([^/]+)/commits", "_commits"),
)


class FakeGitHub(ThreadedServer):
    """The server and its state: comments per issue, users' repositories, faults, requests.

    With ``token``, a request without ``token TOKEN`` or ``Bearer TOKEN`` gets 401; without,
    any request is let in. ``page_size`` caps a page whatever ``per_page`` asks, so that a
    short list still spans pages.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        repository: str = "ada/portfolio",
        page_size: int | None = None,
        users: dict[str, list[FakeRepo]] | None = None,
        viewer: dict[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self.token = token
        self.repository = repository
        self.page_size = page_size
        self.users: dict[str, list[FakeRepo]] = users or {}
        #: Who the token belongs to (``GET /user``, and the author of new comments); None is
        #: the Actions token, which GitHub refuses ``/user`` and whose comments are the bot's.
        self.viewer = viewer
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.faults: list[Fault] = []
        self.requests: list[Request] = []
        self._next_id = 1_000
        self.lock = threading.Lock()

    def _make_server(self) -> socketserver.TCPServer:
        return _ApiServer(self)

    @property
    def url(self) -> str:
        """The base URL, as GITHUB_API_URL or --github-api-url."""
        return self.address

    def add_comment(self, number: int, body: str, user: dict[str, Any] | None = None) -> None:
        """Seed a comment, as if posted earlier."""
        with self.lock:
            self._create(number, body, user or HUMAN)

    def made(self, method: str, pattern: str = "") -> list[Request]:
        """The requests received with this method whose path matches ``pattern``."""
        return [r for r in self.requests if r.method == method and re.search(pattern, r.path)]

    def authorized(self, headers: dict[str, str]) -> bool:
        """Whether a request with these (lower-cased) headers may call the API."""
        if self.token is None:
            return True
        return headers.get("authorization") in (f"token {self.token}", f"Bearer {self.token}")

    def answer(self, method: str, target: str, body: Any) -> Reply:
        """(status, headers, JSON body) for one request: a fault on cue, else its route."""
        parts = urlsplit(target)
        fault = self._fault(method, parts.path)
        if fault is not None:
            return fault.status, dict(fault.headers), fault.body
        for verb, pattern, name in _ROUTES:
            matched = re.fullmatch(pattern, parts.path)
            if matched and verb == method:
                route: Callable[[Call], Reply] = getattr(self, name)
                return route(Call(matched.groups(), parse_qs(parts.query), body))
        return 404, {}, NOT_FOUND

    def _fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.times > 0 and fault.method == method and re.search(fault.path, path):
                fault.times -= 1
                return fault
        return None

    def _page(self, items: list[Any], call: Call, path: str) -> Reply:
        asked = int(call.query.get("per_page", [str(PER_PAGE)])[0])
        size = min(asked, self.page_size or asked)
        page = int(call.query.get("page", ["1"])[0])
        return paginate(items, page, size, f"{self.url}{path}?per_page={asked}&page=")

    # --- issue comments ---------------------------------------------------------------------

    def _comment(self, number: int, cid: int, body: str, user: dict[str, Any]) -> dict[str, Any]:
        stamp = _now()
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

    def _list_comments(self, call: Call) -> Reply:
        number = int(call.params[0])
        path = f"/repositories/{REPO_ID}/issues/{number}/comments"
        return self._page(self.comments.get(number, []), call, path)

    @staticmethod
    def _check_body(body: Any) -> Reply | None:
        if not isinstance(body, dict) or not isinstance(body.get("body"), str):
            return 422, {}, {"message": "Invalid request.", "status": "422"}
        if len(body["body"]) > BODY_LIMIT:
            return 422, {}, TOO_LONG
        return None

    def _post_comment(self, call: Call) -> Reply:
        invalid = self._check_body(call.body)
        if invalid:
            return invalid
        comment = self._create(int(call.params[0]), call.body["body"], self.viewer or BOT)
        return 201, {"Location": comment["url"]}, comment

    def _patch_comment(self, call: Call) -> Reply:
        invalid = self._check_body(call.body)
        if invalid:
            return invalid
        comment = self._find(int(call.params[0]))
        if comment is None:
            return 404, {}, NOT_FOUND
        comment["body"] = call.body["body"]
        comment["updated_at"] = _now()
        return 200, {}, comment

    # --- users and their repositories ---------------------------------------------------------

    def repo_json(self, login: str, repo: FakeRepo, index: int) -> dict[str, Any]:
        """The repository as ``GET /users/{login}/repos`` lists it (most recently pushed first)."""
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

    def _viewer(self, call: Call) -> Reply:
        if self.viewer is None:
            return 403, {}, FORBIDDEN
        return 200, {}, {**self.viewer, "url": f"{self.url}/user"}

    def _user(self, call: Call) -> Reply:
        login = call.params[0]
        if login not in self.users:
            return 404, {}, NOT_FOUND
        return 200, {}, {"login": login, "type": "User", "url": f"{self.url}/users/{login}"}

    def _user_repos(self, call: Call) -> Reply:
        login = call.params[0]
        repos = self.users.get(login)
        if repos is None:
            return 404, {}, NOT_FOUND
        listed = [self.repo_json(login, repo, i) for i, repo in enumerate(repos)]
        return self._page(listed, call, f"/users/{login}/repos")

    def _commits(self, call: Call) -> Reply:
        login, name = call.params
        repo = next((r for r in self.users.get(login, []) if r.name == name), None)
        if repo is None:
            return 404, {}, NOT_FOUND
        if repo.commits == 0:
            return 409, {}, EMPTY_REPOSITORY
        commits = [{"sha": f"{i:040x}"} for i in range(repo.commits)]
        return self._page(commits, call, f"/repos/{login}/{name}/commits")


class _ApiHandler(BaseHTTPRequestHandler):
    server: _ApiServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass  # keep the test output quiet

    def _serve(self) -> None:
        api = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        headers = {k.lower(): v for k, v in self.headers.items()}
        with api.lock:
            api.requests.append(Request(self.command, self.path, headers, body, time.monotonic()))
            if api.authorized(headers):
                status, extra, payload = api.answer(self.command, self.path, body)
            else:
                status, extra, payload = 401, {}, {"message": "Bad credentials"}
        self._send(status, extra, payload)

    def _send(self, status: int, extra: dict[str, str], payload: Any) -> None:
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


class _ApiServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: FakeGitHub) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _ApiHandler)
