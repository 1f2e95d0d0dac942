"""Post the pull-request comment through the GitHub REST API (PyGithub), patiently and quietly.

Transient failures (5xx, secondary rate limits, dropped connections) are retried with backoff,
honouring ``Retry-After``; anything else becomes one line naming the status and GitHub's reason.
The token never appears in a message: it is scrubbed from everything this module raises.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

MARKER = "<!-- repocheck -->"
#: Who a comment made with the Actions ``GITHUB_TOKEN`` is by; that token may not read ``/user``.
ACTIONS_BOT = "github-actions[bot]"
COMMENT_MODES = ("update", "new", "off")

#: Attempts per API call, and the longest wait between two (GitHub asks for a minute at most).
ATTEMPTS = 5
MAX_WAIT = 90.0

T = TypeVar("T")


class ApiError(Exception):
    """A GitHub API call failed for good; ``str()`` is one line without the token."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Forbidden(ApiError):
    """403 without a rate limit: the token may not write here (a fork's read-only token)."""


def _headers(exc: Any) -> Mapping[str, str]:
    return {str(k).lower(): str(v) for k, v in (getattr(exc, "headers", None) or {}).items()}


def _reason(exc: Any) -> str:
    data = getattr(exc, "data", None)
    if not isinstance(data, dict):
        return str(data or "no details")
    reason = str(data.get("message") or "no details")
    details = [
        str(e.get("message") or e.get("code"))
        for e in data.get("errors") or ()
        if isinstance(e, dict) and (e.get("message") or e.get("code"))
    ]
    return f"{reason} ({'; '.join(details)})" if details else reason


def is_rate_limited(status: int, headers: Mapping[str, str], reason: str) -> bool:
    """True for GitHub's primary and secondary rate-limit answers (403 or 429)."""
    if status not in (403, 429):
        return False
    lowered = reason.lower()
    return (
        status == 429
        or "retry-after" in headers
        or headers.get("x-ratelimit-remaining") == "0"
        or "rate limit" in lowered
    )


def retry_delay(
    status: int, headers: Mapping[str, str], reason: str, attempt: int, now: float
) -> float | None:
    """Seconds to wait before trying again, or None when trying again cannot help."""
    if status >= 500:
        return float(2**attempt)
    if not is_rate_limited(status, headers, reason):
        return None
    if headers.get("retry-after", "").strip().isdigit():
        return float(headers["retry-after"].strip())
    reset = headers.get("x-ratelimit-reset", "")
    if headers.get("x-ratelimit-remaining") == "0" and reset.isdigit():
        return max(1.0, float(reset) - now)
    # GitHub's advice for a secondary limit without Retry-After: wait at least a minute.
    return 60.0


class CommentPoster:
    """Finds, creates and updates repocheck's comment on one pull request."""

    def __init__(
        self,
        repository: str,
        token: str,
        api_url: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        from github import Auth, Github

        self._token = token
        self._sleep = sleep
        # PyGithub's own retries and throttling are off: the loop below does both, visibly.
        self._github = Github(
            auth=Auth.Token(token),
            base_url=api_url,
            retry=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
            lazy=True,
            timeout=30,
        )
        self._repo = self._github.get_repo(repository)
        self._author: str | None = None

    def _scrub(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    def _call(self, what: str, action: Callable[[], T]) -> T:
        """Run one API action, retrying what can be retried; raise ApiError otherwise."""
        from github import GithubException
        from requests import RequestException

        for attempt in range(ATTEMPTS):
            last = attempt == ATTEMPTS - 1
            try:
                return action()
            except GithubException as exc:
                headers, reason = _headers(exc), _reason(exc)
                delay = retry_delay(exc.status, headers, reason, attempt, time.time())
                if delay is None or last or delay > MAX_WAIT:
                    raise self._error(what, exc.status, reason, headers) from None
            except RequestException as exc:
                if last:
                    message = f"{what}: cannot reach the GitHub API: {type(exc).__name__}"
                    raise ApiError(self._scrub(message)) from None
                delay = float(2**attempt)
            self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _error(self, what: str, status: int, reason: str, headers: Mapping[str, str]) -> ApiError:
        message = self._scrub(f"{what}: GitHub API {status}: {reason}")
        if status == 403 and not is_rate_limited(status, headers, reason):
            return Forbidden(message, status)
        return ApiError(message, status)

    def author(self) -> str:
        """The login this token comments as: ``GET /user``, else the Actions bot.

        An installation token (the Actions ``GITHUB_TOKEN``) is refused ``/user`` with a 403;
        its comments are by ``github-actions[bot]``.
        """
        if self._author is None:
            try:
                login = self._call("asking who the token is", lambda: self._github.get_user().login)
            except Forbidden:
                login = ACTIONS_BOT
            self._author = str(login)
        return self._author

    def find(self, number: int) -> Any | None:
        """repocheck's earlier comment on pull request ``number``: the first with the marker
        written by this token's user. Anyone can paste the marker into a comment; editing theirs
        would put the report under their name, or fail on a comment the token may not edit."""
        author = self.author()
        issue = self._repo.get_issue(number)

        def scan() -> Any | None:
            for comment in issue.get_comments():
                mine = comment.user is not None and comment.user.login == author
                if mine and (comment.body or "").startswith(MARKER):
                    return comment
            return None

        return self._call(f"listing the comments of #{number}", scan)

    def post(self, number: int, body: str, mode: str = "update") -> str:
        """Post ``body`` on pull request ``number``; returns the comment's URL."""
        if mode == "update":
            existing = self.find(number)
            if existing is not None:
                self._call(f"updating comment {existing.id}", lambda: existing.edit(body))
                return str(existing.html_url)
        issue = self._repo.get_issue(number)
        created = self._call(f"commenting on #{number}", lambda: issue.create_comment(body))
        return str(created.html_url)
