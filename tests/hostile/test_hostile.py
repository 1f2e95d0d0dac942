"""Hostile repositories, served by a real git server on 127.0.0.1 and analyzed by the real command.

Each case asserts the outcome, the message, that the temporary clone is gone and that nothing
outside it changed: not the served repositories, not the working folder, not HOME, not the
folder the repository's payloads aim at. The repositories are built once per session with
``git fast-import`` (big files and 20,000 files in seconds).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from repocheck.facts.inventory import MAX_FILES
from tests.fakes.fixtures import Sandbox, fingerprint, one_line_error
from tests.fakes.git_repos import FastCommit, Gitlink, Symlink, fast_repo
from tests.fakes.git_server import GitDaemon, HttpGitServer

MB = 1_000_000
OK_MODULE = 'def ok():\n    """Fine."""\n    return 1\n'


@pytest.fixture(scope="session")
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where payloads aim: a canary must never appear here, nothing here may change."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "precious.txt").write_text("do not touch\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def build(served: Path) -> Callable[[str, list[FastCommit]], str]:
    """Build a served repository once per session; returns its name."""

    def make(name: str, commits: list[FastCommit]) -> str:
        if not (served / name).exists():
            fast_repo(served / name, commits)
        return name

    return make


class Guarded(Sandbox):
    """A sandbox that fingerprints the watched folders just before its first run."""

    def __init__(self, root: Path, watched: tuple[Path, ...]) -> None:
        super().__init__(root)
        self.watched = watched
        self.before: dict[str, tuple[int, int, int]] | None = None

    def run(self, *args: str | Path, env: dict[str, str] | None = None) -> Any:
        if self.before is None:
            self.before = fingerprint(*self.watched)
        return super().run(*args, env=env)


@pytest.fixture
def guarded(tmp_path: Path, served: Path, outside: Path) -> Iterator[Guarded]:
    """The sandbox, checked after the test: clone gone, nothing outside it changed."""
    box = Guarded(tmp_path / "sandbox", (served, outside, tmp_path / "sandbox" / "work"))
    yield box
    box.assert_clean()
    assert box.before is not None and fingerprint(*box.watched) == box.before
    assert sorted(p.name for p in outside.iterdir()) == ["precious.txt"]


def rule_messages(report: dict[str, Any]) -> list[str]:
    return [r["message"] for r in report["rules"]]


def test_symlinks_out_of_the_repo_are_listed_not_read(
    build: Callable[..., str], daemon: GitDaemon, guarded: Guarded
) -> None:
    name = build(
        "symlinks",
        [
            FastCommit(
                "Add links",
                {
                    "main.py": OK_MODULE,
                    "passwd.py": Symlink("/etc/passwd"),
                    "README.md": Symlink("/etc/passwd"),
                    "up": Symlink(".."),
                    "root": Symlink("/"),
                    "loop": Symlink("loop"),
                    "ping": Symlink("pong"),
                    "pong": Symlink("ping"),
                },
            )
        ],
    )
    result = guarded.run("--format", "json", daemon.url(name))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["stats"]["python_files"] == 1 and report["stats"]["files"] == 8
    assert "root:x:0" not in result.stdout  # /etc/passwd was never read
    assert not report["partial"]


def test_gitmodules_pointing_at_a_local_path_is_not_fetched(
    build: Callable[..., str], daemon: GitDaemon, guarded: Guarded, outside: Path
) -> None:
    secret = build("secret", [FastCommit("Secret", {"SECRET.md": "the secret plan\n"})])
    name = build(
        "submodule",
        [
            FastCommit(
                "Add a submodule",
                {
                    "main.py": OK_MODULE,
                    ".gitmodules": (
                        '[submodule "evil"]\n\tpath = evil\n'
                        f"\turl = {guarded.root.parent.parent / 'served' / secret}\n"
                        f'[submodule "up"]\n\tpath = up\n\turl = {outside}\n'
                    ),
                    "evil": Gitlink("1" * 40),
                    "up": Gitlink("2" * 40),
                },
            )
        ],
    )
    kept = guarded.root / "kept"
    result = guarded.run("--format", "json", daemon.url(name), "--keep", kept)
    assert result.returncode == 0, result.stderr
    assert "the secret plan" not in result.stdout
    assert not (kept / ".git" / "modules").exists()
    assert list((kept / "evil").iterdir()) == [] and list((kept / "up").iterdir()) == []


def test_odd_file_names_are_paths_not_options(
    build: Callable[..., str], daemon: GitDaemon, guarded: Guarded
) -> None:
    odd = ["-rf", "--help", "-rf.py", "new\nline.py", "tab\tname.py", "ünï/模型.py", "a b.py"]
    name = build(
        "odd-names",
        [FastCommit("Add odd names", {path: OK_MODULE for path in odd} | {"ok.py": OK_MODULE})],
    )
    report = guarded.report(daemon.url(name))
    assert report["stats"]["files"] == len(odd) + 1
    assert report["stats"]["python_files"] == 6  # five odd ones and ok.py
    assert report["errors"] == {}  # ruff and git took every name as a path
    assert not report["partial"]


@pytest.fixture(scope="session")
def big_blob(build: Callable[..., str]) -> str:
    return build(
        "big-blob",
        [
            FastCommit(
                "Add a 50 MB module and a binary blob",
                {
                    "big.py": b"x = 1\n" * (50 * MB // 6),
                    "blob.dat": b"\0\1\2" * 1000,
                    "ok.py": OK_MODULE,
                },
            )
        ],
    )


def test_a_50_mb_blob_is_listed_not_parsed(
    big_blob: str, daemon: GitDaemon, guarded: Guarded
) -> None:
    started = time.monotonic()
    report = guarded.report(daemon.url(big_blob))
    assert time.monotonic() - started < 60
    assert "big.py: larger than 1 MB, not read" in report["notes"]
    assert "blob.dat: binary content" in report["notes"]
    assert report["partial"] and report["stats"]["python_files"] == 2
    partial = "(partial: big.py: larger than 1 MB, not read)"
    assert any(message.endswith(partial) for message in rule_messages(report))


def test_a_repository_over_the_size_limit_is_refused(
    big_blob: str, daemon: GitDaemon, guarded: Guarded
) -> None:
    line = one_line_error(guarded.run(daemon.url(big_blob), "--max-repo-size", "20"))
    assert line.endswith("larger than 20 MB (--max-repo-size)")


def test_20000_tiny_files_are_capped_and_code_comes_first(
    build: Callable[..., str], daemon: GitDaemon, guarded: Guarded
) -> None:
    files: dict[str, str] = {f"data/{n:05d}.txt": f"{n}\n" for n in range(20_000)}
    files |= {"src/model.py": OK_MODULE, "README.md": "# Tiny files\n"}
    name = build("many-files", [FastCommit("Add 20,000 files", files)])
    started = time.monotonic()
    report = guarded.report(daemon.url(name))
    assert time.monotonic() - started < 100
    assert report["stats"]["files"] == MAX_FILES
    assert report["stats"]["python_files"] == 1  # src/ sorts after data/ but was kept
    assert report["partial"]
    note = f"20002 files, more than the {MAX_FILES} analyzed: 2 data and other files were left out"
    assert note in report["notes"]
    assert any("(partial: 20002 files" in message for message in rule_messages(report))


def test_deeply_nested_python_hits_the_parse_guard(
    build: Callable[..., str], daemon: GitDaemon, guarded: Guarded
) -> None:
    name = build(
        "nested",
        [
            FastCommit(
                "Add deep code",
                {
                    "parens.py": "x = " + "(" * 100_000 + ")" * 100_000 + "\n",
                    "chain.py": "x = " + "+".join(["1"] * 100_000) + "\n",
                    "edge.py": "x = " + "+".join(["1"] * 900) + "\n",
                    "ok.py": OK_MODULE,
                },
            )
        ],
    )
    report = guarded.report(daemon.url(name))
    notes = "\n".join(report["notes"])
    assert "parens.py: too deeply nested to parse (line 1: too many nested parentheses)" in notes
    assert "chain.py: too deeply nested to parse" in notes
    assert report["partial"] and report["score"] is not None
    assert any("(partial: 3 limits cut the analysis" in m for m in rule_messages(report))


def test_chained_code_that_stalls_the_formatter_is_left_out_quickly(
    build: Callable[..., str], daemon: GitDaemon, guarded: Guarded
) -> None:
    # Under 1 MB each, too deep for Python's parser; ruff format spends ~10 s on each before
    # it overflows its stack (minutes at 300,000 links), ruff check a moment.
    links = 100_000
    name = build(
        "chained",
        [
            FastCommit(
                "Add chained code",
                {
                    "attrs.py": "x = a" + ".b" * links + "\n",
                    "calls.py": "x = f" + "()" * links + "\n",
                    "items.py": "x = a" + "[0]" * links + "\n",
                    "ok.py": "import os\n" + OK_MODULE,
                    "pyproject.toml": '[tool.ruff.format]\nquote-style = "single"\n',
                },
            )
        ],
    )
    started = time.monotonic()
    report = guarded.report(daemon.url(name))
    assert time.monotonic() - started < 15  # before: two format runs of 10 s or more
    for path in ("attrs.py", "calls.py", "items.py"):
        assert f"{path}: too deeply nested to parse" in report["notes"]
    assert not any("ruff" in note and "failed" in note for note in report["notes"])
    assert report["partial"] and report["score"] is not None
    rules = {rule["id"]: rule for rule in report["rules"]}
    # The rest was still checked: ok.py's unused import, and its format.
    assert rules["READ001"]["metrics"]["findings"] == 1
    assert rules["READ001"]["metrics"]["files"] == rules["READ003"]["metrics"]["files"] == 1


def test_broken_and_huge_notebooks(
    build: Callable[..., str], daemon: GitDaemon, guarded: Guarded
) -> None:
    padding = b" " * (200 * MB)
    huge = b'{"cells": [], "metadata": {"pad": "' + padding + b'"}, "nbformat": 4}'
    name = build(
        "notebooks",
        [
            FastCommit(
                "Add notebooks",
                {"broken.ipynb": "{not json", "huge.ipynb": huge, "ok.py": OK_MODULE},
            )
        ],
    )
    report = guarded.report(daemon.url(name))
    notes = report["notes"]
    assert any(note.startswith("broken.ipynb: not valid notebook JSON") for note in notes)
    assert "huge.ipynb: larger than 20 MB, not read" in notes
    assert report["partial"]


def test_nothing_in_the_repository_runs(
    build: Callable[..., str], daemon: GitDaemon, guarded: Guarded, outside: Path
) -> None:
    canary = outside / "canary"
    payload = f"open({str(canary)!r}, 'w').write('ran')\n"
    name = build(
        "canaries",
        [
            FastCommit(
                "Add payloads",
                {
                    "setup.py": payload,
                    "conftest.py": payload,
                    "tests/conftest.py": payload,
                    "tests/test_x.py": payload + "def test_x():\n    assert True\n",
                    "sitecustomize.py": payload,
                    "usercustomize.py": payload,
                    "evil.pth": f"import os; {payload}",
                    "lib/site-packages/evil.pth": f"import os; {payload}",
                    "noxfile.py": payload,
                    "pyproject.toml": (
                        '[build-system]\nrequires = []\nbuild-backend = "backend"\n'
                        'backend-path = ["."]\n'
                    ),
                    "backend.py": payload,
                    ".gitattributes": "*.py filter=lfs diff=lfs merge=lfs\n",
                },
            )
        ],
    )
    # A user whose own git would run programs on checkout: repocheck's clone must not.
    hooks = guarded.root / "hooks"
    hooks.mkdir()
    (hooks / "post-checkout").write_text(f"#!/bin/sh\ntouch {canary}\n", encoding="utf-8")
    (hooks / "post-checkout").chmod(0o755)
    config = guarded.root / "gitconfig"
    config.write_text(
        f'[core]\n\thooksPath = {hooks}\n[filter "lfs"]\n\tsmudge = touch {canary}\n'
        "\trequired = true\n[submodule]\n\trecurse = true\n",
        encoding="utf-8",
    )
    report = guarded.report(daemon.url(name), env={"GIT_CONFIG_GLOBAL": str(config)})
    assert report["stats"]["python_files"] >= 8
    assert not canary.exists()


def test_a_stalling_server_times_out(
    build: Callable[..., str], served: Path, guarded: Guarded
) -> None:
    name = build(
        "stall",
        [FastCommit(f"Step {n}", {f"m{n}.py": OK_MODULE * (n + 1)}) for n in range(50)],
    )
    with GitDaemon(served, stall_after=1500) as server:
        started = time.monotonic()
        line = one_line_error(guarded.run(server.url(name), "--clone-timeout", "3"))
        elapsed = time.monotonic() - started
        assert server.stalled.is_set()
    assert line.endswith("no answer within 3 s (--clone-timeout)")
    assert elapsed < 20


def test_404_and_auth_failure_are_one_line_errors(
    build: Callable[..., str],
    served: Path,
    daemon: GitDaemon,
    http_git: HttpGitServer,
    guarded: Guarded,
) -> None:
    name = build("private-one", [FastCommit("Start", {"ok.py": OK_MODULE})])
    for url in (daemon.url("no-such-repo"), http_git.url("no-such-repo")):
        assert one_line_error(guarded.run(url)).endswith(f"{url}: repository not found")
    with HttpGitServer(served, token="right-" + "token") as server:
        base = f"http://127.0.0.1:{server.port}"
        refused = one_line_error(
            guarded.run(server.url(name), "--token", "wrong", "--github-url", base)
        )
        elsewhere = one_line_error(guarded.run(server.url(name), "--token", "wrong"))
    assert refused.endswith("authentication failed: the token was refused")
    assert elsewhere.endswith(
        "authentication failed (repocheck sends a token only to the --github-url host)"
    )
