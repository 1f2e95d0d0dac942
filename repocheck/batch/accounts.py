"""``gh:USERNAME``: a user's public repositories, listed through the GitHub REST API (PyGithub).

Forks and archived repositories are left out (a fork is someone else's work; an archive is
finished business), the most recently pushed come first, and the reviewer's filters apply:
the repository's language as GitHub sees it, a minimum number of commits on the default branch
(one request per candidate, so it is checked last), and a maximum count per user.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


class AccountError(Exception):
    """The user's repositories cannot be listed; the message is one line."""


@dataclass(frozen=True)
class RepoFilter:
    """Which of a user's repositories to review."""

    min_commits: int = 0
    max_repos: int | None = None
    languages: tuple[str, ...] = ()

    def language_matches(self, language: str | None) -> bool:
        """True when no language is asked for, or GitHub's language is one of them (any case)."""
        if not self.languages:
            return True
        return (language or "").lower() in {name.lower() for name in self.languages}


def api_url_for(github_url: str) -> str:
    """The REST API's base for a GitHub web URL: api.github.com, or Enterprise's ``/api/v3``."""
    parts = urlsplit(github_url.rstrip("/"))
    if (parts.hostname or "").lower() == "github.com":
        return "https://api.github.com"
    return f"{github_url.rstrip('/')}/api/v3"


def _error(user: str, exc: Any) -> AccountError:
    status = getattr(exc, "status", None)
    data = getattr(exc, "data", None)
    message = data.get("message") if isinstance(data, dict) else None
    if status == 404:
        return AccountError(f"gh:{user}: no such GitHub user")
    if status in (403, 429) and "rate limit" in str(message).lower():
        return AccountError(f"gh:{user}: GitHub API rate limit reached (set GITHUB_TOKEN)")
    return AccountError(f"gh:{user}: GitHub API {status}: {message or 'no details'}")


def _candidates(repos: Iterable[Any], filters: RepoFilter) -> Iterator[Any]:
    for repo in repos:
        if repo.fork or repo.archived or repo.private:
            continue
        if filters.language_matches(repo.language):
            yield repo


def _enough_commits(repo: Any, minimum: int) -> bool:
    from github import GithubException

    if minimum <= 0:
        return True
    try:
        # totalCount asks for one commit per page and reads the last page's number: one request.
        return int(repo.get_commits().totalCount) >= minimum
    except GithubException as exc:
        if exc.status == 409:  # GitHub's answer for an empty repository
            return False
        raise


def list_repositories(
    user: str, api_url: str, token: str | None, filters: RepoFilter, timeout: float = 30
) -> list[str]:
    """``gh:owner/name`` for each of ``user``'s repositories that pass ``filters``."""
    from github import Auth, Github, GithubException

    client = Github(
        auth=Auth.Token(token) if token else None,
        base_url=api_url.rstrip("/"),
        retry=None,
        timeout=int(timeout),
        per_page=100,
    )
    chosen: list[str] = []
    try:
        account = client.get_user(user)
        for repo in _candidates(account.get_repos(type="owner", sort="pushed"), filters):
            if filters.max_repos is not None and len(chosen) >= filters.max_repos:
                break
            if _enough_commits(repo, filters.min_commits):
                chosen.append(f"gh:{repo.full_name}")
    except GithubException as exc:
        raise _error(user, exc) from None
    except OSError as exc:  # requests' errors are OSErrors: refused, reset, timed out
        raise AccountError(
            f"gh:{user}: cannot reach the GitHub API at {api_url}: {type(exc).__name__}"
        ) from None
    finally:
        client.close()
    return chosen
