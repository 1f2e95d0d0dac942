"""The GitHub Actions environment: the event that started the run and where a step writes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_API_URL = "https://api.github.com"


class ActionsEnvError(Exception):
    """The Actions environment is unusable (an unreadable event file); the message is one line."""


@dataclass(frozen=True)
class PullRequest:
    """The pull request a run is about, from the event payload."""

    number: int
    base_sha: str | None = None
    base_ref: str | None = None
    head_sha: str | None = None
    from_fork: bool = False


@dataclass(frozen=True)
class ActionsEnv:
    """The variables GitHub sets for every step, and the event payload they point at."""

    repository: str | None = None
    api_url: str = DEFAULT_API_URL
    event_name: str | None = None
    event: Mapping[str, Any] = field(default_factory=dict)
    sha: str | None = None
    base_ref: str | None = None
    step_summary: Path | None = None
    output: Path | None = None
    runner_temp: Path | None = None
    # Never shown: repr=False keeps the token out of any debug print of the environment.
    token: str | None = field(default=None, repr=False)

    @property
    def pull_request(self) -> PullRequest | None:
        """The pull request when the event is about one (pull_request, pull_request_target)."""
        payload = self.event.get("pull_request")
        if not isinstance(payload, dict) or not isinstance(payload.get("number"), int):
            return None
        base = _mapping(payload.get("base"))
        head = _mapping(payload.get("head"))
        base_repo = _mapping(base.get("repo")).get("full_name")
        head_repo = _mapping(head.get("repo")).get("full_name")
        return PullRequest(
            number=payload["number"],
            base_sha=_string(base.get("sha")),
            base_ref=_string(base.get("ref")) or self.base_ref,
            head_sha=_string(head.get("sha")),
            from_fork=bool(head_repo and base_repo and head_repo != base_repo),
        )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


def read_event(path: Path | None) -> Mapping[str, Any]:
    """The event payload at ``path`` (GITHUB_EVENT_PATH); empty when there is none."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ActionsEnvError(f"cannot read the event file {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise ActionsEnvError(f"the event file {path} is not JSON: {exc}") from exc
    return data if isinstance(data, dict) else {}


def read_env(environ: Mapping[str, str]) -> ActionsEnv:
    """The Actions environment from ``environ`` (os.environ in a workflow step)."""
    return ActionsEnv(
        repository=environ.get("GITHUB_REPOSITORY") or None,
        api_url=(environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
        event_name=environ.get("GITHUB_EVENT_NAME") or None,
        event=read_event(_path(environ.get("GITHUB_EVENT_PATH"))),
        sha=environ.get("GITHUB_SHA") or None,
        base_ref=environ.get("GITHUB_BASE_REF") or None,
        step_summary=_path(environ.get("GITHUB_STEP_SUMMARY")),
        output=_path(environ.get("GITHUB_OUTPUT")),
        runner_temp=_path(environ.get("RUNNER_TEMP")),
        token=environ.get("GITHUB_TOKEN") or None,
    )
