"""Fixtures for tests that clone: git servers on 127.0.0.1 and a sandbox to run repocheck in.

The conftests of tests/acquire, tests/batch and tests/hostile import these names. The servers
live for the whole session and serve every bare repository that tests put below ``served``; the
sandbox gives each run its own ``TMPDIR``, ``HOME`` and working folder, so a test can prove the
clone is gone and nothing else changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.git_server import GitDaemon, HttpGitServer
from tests.runner import repocheck

Fingerprint = dict[str, tuple[int, int, int]]


def fingerprint(*roots: Path) -> Fingerprint:
    """Every entry below ``roots`` with its mode, size and modification time (links unfollowed)."""
    seen: Fingerprint = {}
    for root in roots:
        for path in [root, *root.rglob("*")]:
            try:
                info = path.lstat()
            except FileNotFoundError:
                continue
            seen[str(path)] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return seen


@dataclass
class Sandbox:
    """A private TMPDIR, HOME and working folder for one repocheck run."""

    root: Path

    def __post_init__(self) -> None:
        for name in ("tmp", "home", "work"):
            (self.root / name).mkdir(parents=True, exist_ok=True)

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def work(self) -> Path:
        return self.root / "work"

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {
            "TMPDIR": str(self.tmp),
            "HOME": str(self.home),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_CONFIG_HOME": str(self.home / ".config"),
            "GITHUB_TOKEN": "",
            **(extra or {}),
        }

    def run(self, *args: str | Path, env: dict[str, str] | None = None) -> Any:
        """Run repocheck in the sandbox."""
        return repocheck(*args, cwd=self.work, env=self.env(env))

    def report(self, *args: str | Path, env: dict[str, str] | None = None) -> dict[str, Any]:
        """Run ``repocheck --format json`` and return the report (the run must succeed)."""
        result = self.run("--format", "json", *args, env=env)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        report: dict[str, Any] = json.loads(result.stdout)
        return report

    def assert_clean(self) -> None:
        """The temporary clone is gone, and nothing was written to HOME."""
        assert list(self.tmp.iterdir()) == []
        assert list(self.home.iterdir()) == []


def one_line_error(result: Any) -> str:
    """The single line repocheck printed for an error (exit 2, no traceback)."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("repocheck: error: ")
    return str(lines[0])


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder whose bare repositories the servers serve."""
    return tmp_path_factory.mktemp("served")


@pytest.fixture(scope="session")
def daemon(served: Path) -> Iterator[GitDaemon]:
    """``git daemon`` on 127.0.0.1 serving ``served``."""
    with GitDaemon(served) as server:
        yield server


@pytest.fixture(scope="session")
def http_git(served: Path) -> Iterator[HttpGitServer]:
    """``git http-backend`` on 127.0.0.1 serving ``served``, no authentication."""
    with HttpGitServer(served) as server:
        yield server


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    """A fresh sandbox for one test."""
    return Sandbox(tmp_path / "sandbox")
