"""Builders for tests: in-memory Snapshots for rules, real git repositories for collectors."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import git

from repocheck.facts.complexity import measure
from repocheck.facts.inventory import is_test_path
from repocheck.facts.python import parse_all
from repocheck.facts.snapshot import (
    Commit,
    FileInfo,
    Formatting,
    History,
    Lint,
    RepoConfig,
    Snapshot,
)
from repocheck.model import Result, Status
from repocheck.registry import run_rule

DAY = 86_400
#: 2025-01-06 09:00 UTC, a Monday: fixture histories start here so their SHAs never change.
EPOCH = 1_736_154_000


def _kind(path: str, content: str | bytes) -> str:
    if isinstance(content, bytes):
        return "binary"
    if path.endswith(".py"):
        return "python"
    if path.endswith(".ipynb"):
        return "notebook"
    return "text"


def snapshot_from(
    files: Mapping[str, str | bytes],
    *,
    commits: Sequence[Commit] | None = None,
    blob_sizes: Mapping[str, int] | None = None,
    lint: Lint | None = None,
    formatting: Formatting | None = None,
    config: RepoConfig | None = None,
) -> Snapshot:
    """A Snapshot of in-memory files, parsed the way the facts layer parses real ones.

    ``commits`` gives a history (newest first); without it the snapshot is "not a git repo".
    """
    infos = []
    texts = {}
    for path, content in files.items():
        kind = _kind(path, content)
        size = len(content.encode() if isinstance(content, str) else content)
        infos.append(
            FileInfo(
                path, size, kind, is_test_path(path), "binary file" if kind == "binary" else None
            )
        )
        if isinstance(content, str):
            texts[path] = content
    units, notebooks = parse_all(infos, texts)
    complexity, _ = measure(units)
    if commits is None:
        history = History(False, "not a git repository")
    else:
        sizes = dict(blob_sizes) if blob_sizes is not None else {i.path: i.size for i in infos}
        history = History(
            bool(commits),
            "" if commits else "the repository has no commits yet",
            commits[0].sha if commits else None,
            "main",
            tuple(commits),
            sizes,
        )
    return Snapshot(
        root_name="repo",
        files=tuple(infos),
        texts=texts,
        sources=tuple(units),
        notebooks=notebooks,
        history=history,
        complexity=tuple(complexity),
        config=config or RepoConfig(),
        lint_result=lint,
        format_result=formatting,
    )


def commits_of(subjects: Sequence[str], *, days_apart: float = 1.0) -> list[Commit]:
    """Commits with the given subjects (oldest first in the argument), returned newest first."""
    made = [
        Commit(f"{i:040x}", "Ada", "ada@example.com", int(EPOCH + i * days_apart * DAY), subject)
        for i, subject in enumerate(subjects)
    ]
    return list(reversed(made))


def check(rule_id: str, snapshot: Snapshot) -> Result:
    """Run one rule the way the analyzer does."""
    return run_rule(rule_id, snapshot)


def verdict_on_script(rule_id: str, code: str) -> tuple[Status, list[int | None], str]:
    """One rule's status, evidence lines and message on a project of one ``train.py``."""
    result = check(rule_id, snapshot_from({"train.py": code}))
    return result.status, [e.line for e in result.evidence], result.message


@dataclass
class Step:
    """One commit of a fixture repository: files written (None deletes) and a message."""

    message: str
    files: Mapping[str, str | bytes | None] = field(default_factory=dict)
    days: float = 0.0  # days after EPOCH


def make_repo(path: Path, steps: Sequence[Step]) -> Path:
    """Create a real git repository at ``path`` by committing each step with a fixed date."""
    path.mkdir(parents=True, exist_ok=True)
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Ada Learner")
        config.set_value("user", "email", "ada@example.com")
        config.set_value("commit", "gpgsign", "false")
    for step in steps:
        for rel, content in step.files.items():
            full = path / rel
            if content is None:
                repo.index.remove([rel], working_tree=True)
                continue
            full.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                full.write_bytes(content)
            else:
                full.write_text(content, encoding="utf-8")
            repo.git.add("--", rel)
        stamp = f"@{int(EPOCH + step.days * DAY)} +0000"  # "@": seconds, however few
        env = {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        repo.git.commit(
            "--allow-empty", "--no-verify", "-q", "-m", step.message, env={**os.environ, **env}
        )
    return path
