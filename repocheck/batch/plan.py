"""From the reviewer's list to work: expand users, name each repository, consult the cache.

Every entry of the list ends as one row of the results, so an entry that cannot become a job
(no link, a link repocheck refuses, a GitHub user with no matching repository) is settled here
as a failure with its reason. Entries naming the same repository share one job. A repository
whose current commit (``git ls-remote``) is in the cache is settled from it without a clone.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from repocheck.acquire import AcquireError, AcquireOptions, remote_head
from repocheck.acquire.targets import Remote, parse_target
from repocheck.acquire.userinfo import without_userinfo
from repocheck.batch.accounts import AccountError, RepoFilter, list_repositories
from repocheck.batch.cache import Cache
from repocheck.batch.inputs import Entry, is_user
from repocheck.batch.work import Job, Outcome, Rubric, failed

#: Concurrent ``git ls-remote`` calls: they wait on the network, not on the processor.
LOOKUPS = 8


@dataclass(frozen=True)
class Settings:
    """How to fetch, what rubric to apply, and how to list a GitHub user's repositories."""

    options: AcquireOptions = field(default_factory=AcquireOptions)
    rubric: Rubric = field(default_factory=Rubric)
    filters: RepoFilter = field(default_factory=RepoFilter)
    api_url: str = "https://api.github.com"


@dataclass
class Plan:
    """Every entry with the key of its result, the jobs to run, and what is settled already."""

    listed: list[tuple[Entry, str]] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    settled: dict[str, Outcome] = field(default_factory=dict)
    #: Keys of remote repositories: their reports may be cached.
    remotes: dict[str, Remote] = field(default_factory=dict)

    def fail(self, entry: Entry, kind: str, reason: str) -> None:
        """Settle ``entry`` as a failure of its own."""
        key = f"!{len(self.listed)}:{without_userinfo(entry.target)}"
        self.listed.append((entry, key))
        self.settled[key] = failed(key, kind, reason)


def _key(target: str, options: AcquireOptions) -> tuple[str, Remote | None]:
    found = parse_target(target, None, options.github_url)
    if isinstance(found, Path):
        return str(found.resolve()), None
    # GitHub's owner and repository names are case-insensitive: Ada/MNIST is ada/mnist. A
    # ref is not (branches main and Main may both exist).
    where = found.canonical.lower() if found.token_scope else found.canonical
    return where + (f"@{found.ref}" if found.ref else ""), found


def _add(plan: Plan, entry: Entry, settings: Settings, seen: set[str]) -> None:
    try:
        key, remote = _key(entry.target, settings.options)
    except AcquireError as exc:
        plan.fail(entry, "bad-target", str(exc))
        return
    plan.listed.append((entry, key))
    if key in seen:
        return
    seen.add(key)
    if remote is not None:
        plan.remotes[key] = remote
    plan.jobs.append(Job(key, entry.target, settings.options, settings.rubric))


def _expand(plan: Plan, entry: Entry, settings: Settings, seen: set[str]) -> None:
    user = entry.target[3:]
    entry = replace(entry, applicant=entry.applicant or user)
    try:
        targets = list_repositories(
            user, settings.api_url, settings.options.token, settings.filters
        )
    except AccountError as exc:
        plan.fail(entry, "account", str(exc))
        return
    if not targets:
        plan.fail(entry, "account", f"gh:{user}: no public repository matched the filters")
    for target in targets:
        _add(plan, replace(entry, target=target), settings, seen)


def _from_cache(plan: Plan, cache: Cache, token: str | None, timeout: float) -> None:
    """Settle each job whose remote still points at a commit the cache holds."""
    known = [job for job in plan.jobs if job.key in plan.remotes and cache.knows(job.key)]

    def head(job: Job) -> str | None:
        return remote_head(plan.remotes[job.key], token, timeout)

    with ThreadPoolExecutor(max_workers=LOOKUPS) as lookups:
        heads = list(lookups.map(head, known))
    for job, commit in zip(known, heads, strict=True):
        hit = cache.get(job.key, commit) if commit else None
        if hit is not None:
            report, seconds = hit
            plan.settled[job.key] = Outcome(job.key, report, seconds=seconds, cached=True)
    plan.jobs = [job for job in plan.jobs if job.key not in plan.settled]


def make_plan(
    entries: list[Entry],
    settings: Settings,
    cache: Cache,
    announce: Callable[[str], None] = lambda text: None,
) -> Plan:
    """The plan for ``entries``: rows, jobs left to run, and outcomes known without running."""
    plan = Plan()
    seen: set[str] = set()
    for entry in entries:
        if not entry.target:
            plan.fail(entry, "bad-target", "no repository link given")
        elif is_user(entry.target):
            announce(f"listing the repositories of {entry.target}")
            _expand(plan, entry, settings, seen)
        else:
            _add(plan, entry, settings, seen)
    lookup_timeout = min(30.0, settings.options.limits.timeout)
    _from_cache(plan, cache, settings.options.token, lookup_timeout)
    return plan
