"""One job of a batch: clone a repository, analyze it, and say how it went, never raising.

``review`` runs in a worker process (``pool``) or on a Dask worker (``cluster``), so a Job and
its Outcome are plain picklable data and the report travels as its JSON form, the documented
contract (docs/report-format.md). Every failure becomes an Outcome with a kind (a short word a
reviewer can filter on) and a one-line reason.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from repocheck.acquire import AcquireError, AcquireOptions, acquire
from repocheck.acquire.userinfo import without_userinfo
from repocheck.facts.snapshot import RepoConfig

if TYPE_CHECKING:
    from repocheck.facts.collect import Scope

#: Failure kinds, in the order a reviewer would look at them, with what each means.
KINDS = {
    "not-found": "the repository does not exist or is private (HTTP 404)",
    "access": "the server refused access (HTTP 401 or 403)",
    "unreachable": "the host cannot be resolved or does not answer",
    "timeout": "no result within the time allowed per repository",
    "too-large": "the repository is larger than the size allowed",
    "not-python": "the repository holds no Python files and no notebooks",
    "bad-target": "the link is not a repository repocheck can fetch",
    "clone": "git could not clone the repository",
    "account": "the GitHub user's repositories could not be listed, or none matched",
    "config": "the configuration is invalid",
    "crashed": "the analysis failed unexpectedly",
    "interrupted": "not reviewed: the batch was interrupted",
}

#: AcquireError wording (acquire/clone.py) -> failure kind; the first match wins.
_CLONE_WORDS = (
    ("repository not found", "not-found"),
    ("access denied", "access"),
    ("authentication failed", "access"),
    ("no answer within", "timeout"),
    ("larger than", "too-large"),
    ("cannot resolve the host", "unreachable"),
    ("cannot connect", "unreachable"),
    ("cannot clone", "clone"),
)


@dataclass(frozen=True)
class Rubric:
    """The reviewer's settings, the same for every repository of the batch."""

    config: RepoConfig = field(default_factory=RepoConfig)
    #: Read each repository's own [tool.repocheck]: off by default, since an applicant could
    #: ignore the rules their repository fails.
    trust_repo_config: bool = False

    def config_for(self, root: Path) -> RepoConfig:
        """The configuration for the checkout at ``root``: the reviewer's, over the repo's own."""
        if not self.trust_repo_config:
            return replace(self.config, suppression_comments=False)
        from repocheck.facts.config import load_repo_config, overlay

        mine = self.config
        return overlay(
            load_repo_config(root),
            exclude=mine.exclude,
            ignore=mine.ignore,
            weights=mine.weights,
            fail_under=mine.fail_under,
            select=mine.selected_by,
            per_path_ignores=mine.per_path_ignores,
        )


@dataclass(frozen=True)
class Job:
    """One repository to clone and analyze; ``key`` names it in the cache and the results."""

    key: str
    target: str
    options: AcquireOptions
    rubric: Rubric


@dataclass(frozen=True)
class Outcome:
    """What became of one job: the JSON report, or a failure kind and its reason."""

    key: str
    report: dict[str, Any] | None = None
    kind: str = "ok"
    reason: str = ""
    seconds: float = 0.0
    cached: bool = False

    @property
    def ok(self) -> bool:
        """True when the repository was analyzed."""
        return self.kind == "ok"


def failed(key: str, kind: str, reason: str, seconds: float = 0.0) -> Outcome:
    """An Outcome for a job that produced no report; its reason shows no URL's credentials."""
    return Outcome(key, None, kind, " ".join(without_userinfo(reason).split()), seconds)


def classify(message: str) -> str:
    """The failure kind of an AcquireError's message."""
    lowered = message.lower()
    return next((kind for words, kind in _CLONE_WORDS if words in lowered), "bad-target")


def _scope(path: Path, url: str | None) -> Scope:
    """A batch reviews what was submitted: the commit (a local folder's HEAD, when it has one)."""
    from repocheck.facts.collect import Scope, has_commit

    if url is not None:
        return Scope.CLONE
    return Scope.COMMIT if has_commit(path) else Scope.WORK_TREE


def review(job: Job) -> Outcome:
    """Clone and analyze ``job``'s repository; every failure is returned, never raised."""
    from repocheck.analyze import analyze_path
    from repocheck.facts.collect import CollectError
    from repocheck.facts.config import ConfigError

    started = time.monotonic()
    try:
        with acquire(job.target, job.options) as checkout:
            config = job.rubric.config_for(checkout.path)
            scope = _scope(checkout.path, checkout.url)
            report = analyze_path(checkout.path, config, checkout.display, checkout.url, scope)
    except CollectError as exc:
        return failed(job.key, "bad-target", str(exc), time.monotonic() - started)
    except AcquireError as exc:
        # acquire names the flags of ``repocheck check``; batch has its own for the time limit.
        reason = str(exc).replace("(--clone-timeout)", "(--timeout)")
        return failed(job.key, classify(reason), reason, time.monotonic() - started)
    except ConfigError as exc:
        return failed(job.key, "config", str(exc), time.monotonic() - started)
    except Exception as exc:  # one repository's surprise must not end the batch
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return failed(job.key, "crashed", reason, time.monotonic() - started)
    return Outcome(job.key, report.to_dict(), seconds=time.monotonic() - started)
