"""A checkout whose own git configuration names programs: none of them may ever run.

The repository is built with real git, then its ``.git/config``, ``.gitattributes`` and hooks are
armed with every setting through which git starts a program (filters, textconv, external diff,
fsmonitor, pager, gpg, ssh, editor, hooks). Each program would leave a canary file; the tests
run the real command (a plain analysis and ``repocheck github`` on a pull request, which reads
the base commit too) and assert that no canary exists. Also here: commit ids from the event, a
log encoding and a config that would block git, and the degraded ``repocheck github`` inputs.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import git
import pytest

from repocheck.facts import gitcmd
from repocheck.facts.collect import collect
from tests.fakes.fixtures import one_line_error
from tests.github.actions_env import pull_request_event, run_action
from tests.hostile.checkouts import pull_request_checkout
from tests.runner import repocheck


def payload(outside: Path) -> Path:
    """A program that leaves ``ran-<name>`` next to itself and passes its input through."""
    script = outside / "payload.sh"
    script.write_text(
        f'#!/bin/sh\ntouch "{outside}/ran-${{1:-unnamed}}"\ncat 2>/dev/null\nexit 0\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def arm(repo: Path, outside: Path) -> None:
    """Point every program-starting setting of ``repo``'s own configuration at the payload."""
    program = payload(outside)
    settings = {
        ("filter", "evil"): {
            "smudge": f"{program} smudge",
            "clean": f"{program} clean",
            "process": f"{program} process",
            "required": "false",
        },
        ("filter", "lfs"): {"smudge": f"{program} lfs-smudge", "process": f"{program} lfs"},
        ("diff", "evil"): {"textconv": f"{program} textconv", "command": f"{program} diffcmd"},
        ("diff", None): {"external": f"{program} external"},
        ("core", None): {
            "fsmonitor": f"{program}",
            "pager": f"{program} pager",
            "editor": f"{program} editor",
            "sshCommand": f"{program} ssh",
            "askPass": f"{program} askpass",
        },
        ("gpg", None): {"program": f"{program} gpg"},
        ("log", None): {"showSignature": "true"},
        ("credential", None): {"helper": f"!{program} credential"},
        ("alias", None): {"log": f"!{program} alias"},
    }
    with git.Repo(repo).config_writer() as config:
        for (section, name), values in settings.items():
            key = f'{section} "{name}"' if name else section
            for option, value in values.items():
                config.set_value(key, option, value)
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(exist_ok=True)
    for hook in ("post-checkout", "post-index-change", "reference-transaction", "pre-auto-gc"):
        (hooks / hook).write_text(f'#!/bin/sh\nexec "{program}" hook-{hook}\n', encoding="utf-8")
        (hooks / hook).chmod(0o755)


def ran(outside: Path) -> list[str]:
    return sorted(path.name for path in outside.glob("ran-*"))


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


@pytest.fixture
def pull(tmp_path: Path) -> tuple[Path, str, str]:
    return pull_request_checkout(tmp_path / "portfolio")


def test_plain_analysis_runs_nothing_the_checkout_configures(
    pull: tuple[Path, str, str], outside: Path
) -> None:
    repo, _, _ = pull
    arm(repo, outside)
    result = repocheck("--format", "json", repo, cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    assert ran(outside) == []
    assert json.loads(result.stdout)["stats"]["commits"] == 2


def test_fix_asks_whether_the_tree_is_clean_and_writes_without_running_anything(
    pull: tuple[Path, str, str], outside: Path
) -> None:
    repo, _, _ = pull
    arm(repo, outside)
    later = time.time() + 5  # changed timestamps make git status compare contents
    for path in repo.rglob("*"):
        if ".git" not in path.parts and path.is_file():
            os.utime(path, (later, later))
    result = repocheck("fix", "--write", repo, cwd=repo)
    assert result.returncode == 0, result.stderr
    assert ran(outside) == []


def test_pull_request_run_reads_the_base_without_running_anything(
    pull: tuple[Path, str, str], outside: Path, tmp_path: Path
) -> None:
    repo, base, head = pull
    arm(repo, outside)
    run = run_action(
        repo, None, tmp_path / "work", pull_request_event(base, head), "--comment", "off"
    )
    assert run.process.returncode in (0, 1), run.process.stderr
    assert ran(outside) == []
    assert "no comparison with the base" not in run.summary
    assert f"compared with its base `{base[:12]}`" in run.summary
    assert "Traceback" not in run.process.stderr


def test_commit_ids_from_the_event_never_become_options(
    pull: tuple[Path, str, str], outside: Path, tmp_path: Path
) -> None:
    repo, _, _ = pull
    canary = outside / "written-by-git"
    event = pull_request_event(f"--output={canary}", f"--output={canary}")
    run = run_action(repo, None, tmp_path / "work", event, "--comment", "off")
    assert run.process.returncode in (0, 1), run.process.stderr
    assert not canary.exists()
    assert "Traceback" not in run.process.stderr
    # Not a commit id, so not shown as one: the comment names the commit git analyzed.
    assert "--output" not in run.summary


def test_the_checkouts_log_encoding_cannot_break_the_history(
    pull: tuple[Path, str, str],
) -> None:
    repo, _, _ = pull
    with git.Repo(repo).config_writer() as config:
        config.set_value("i18n", "logOutputEncoding", "UTF-16")
        config.set_value("log", "follow", "true")
        config.set_value("core", "quotePath", "true")
    result = repocheck("--format", "json", repo, cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["stats"]["commits"] == 2
    assert "history" not in report["errors"]


def test_a_config_that_would_block_git_ends_within_the_time_limit(
    pull: tuple[Path, str, str], outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _, _ = pull
    os.mkfifo(repo / ".git" / "never-written")
    with (repo / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write("[include]\n\tpath = never-written\n")
    # Stopping git must not start other programs (a process lister) either.
    tools = outside / "bin"
    tools.mkdir()
    program = payload(outside)
    for name in ("pgrep", "ps", "pkill", "kill"):
        (tools / name).symlink_to(program)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(gitcmd, "GIT_TIMEOUT", 2.0)
    started = time.monotonic()
    snapshot = collect(repo)
    assert time.monotonic() - started < 30
    assert not snapshot.history.available
    assert any("did not finish within 2 seconds" in note for note in snapshot.notes)
    assert {info.path for info in snapshot.files} >= {"pkg/core.py", "pkg/helper.py"}
    assert ran(outside) == []


@pytest.mark.parametrize("name", ["nonexistent", "a-file"])
def test_github_on_a_missing_folder_is_a_one_line_error(tmp_path: Path, name: str) -> None:
    (tmp_path / "a-file").write_text("not a folder\n", encoding="utf-8")
    env = {"GITHUB_EVENT_PATH": "", "GITHUB_OUTPUT": "", "GITHUB_STEP_SUMMARY": ""}
    result = repocheck("github", tmp_path / name, cwd=tmp_path, env=env)
    assert name in one_line_error(result)


def test_the_default_report_path_never_follows_a_planted_symlink(
    pull: tuple[Path, str, str], outside: Path, tmp_path: Path
) -> None:
    repo, _, _ = pull
    temp = tmp_path / "shared-tmp"
    (temp / "repocheck").mkdir(parents=True)
    victim = outside / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (temp / "repocheck" / "report.json").symlink_to(victim)
    output = tmp_path / "output.txt"
    output.write_text("", encoding="utf-8")
    env = {
        "TMPDIR": str(temp),
        "RUNNER_TEMP": "",
        "GITHUB_EVENT_PATH": "",
        "GITHUB_OUTPUT": str(output),
        "GITHUB_STEP_SUMMARY": "",
    }
    result = repocheck("github", repo, "--comment", "off", cwd=tmp_path, env=env)
    assert result.returncode in (0, 1), result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    written = [line for line in output.read_text(encoding="utf-8").splitlines() if "/" in line]
    assert written and all(os.path.realpath(line) == line for line in written)
