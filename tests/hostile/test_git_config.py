"""A checkout whose own git configuration names programs: none of them may ever run.

The repository is built with real git, then its ``.git/config``, ``.gitattributes`` and hooks are
armed with every setting through which git starts a program (filters, textconv, external diff,
fsmonitor, pager, gpg, ssh, editor, hooks). Each program would leave a canary file; the tests
run the real command (a plain analysis and ``repocheck github`` on a pull request, which reads
the base commit too) and assert that no canary exists.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from pathlib import Path

import git
import pytest

from repocheck.facts import gitcmd
from repocheck.facts.collect import collect
from tests.fakes.fixtures import one_line_error
from tests.github.actions_env import commit, pull_request_event, run_action
from tests.runner import repocheck

MODULE = '"""A module."""\n\n\ndef answer():\n    """The answer."""\n    return 42\n'
#: ``$Format:...$`` in an export-subst file: ``git archive`` would expand it, verifying the
#: signature with the configured ``gpg.program``.
SUBSTITUTED = "VERSION = '$Format:%H %G?$'\n"
FOREIGN_NOTE = "points at a repository outside this folder"


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
    """A repository with a pull request branch checked out: (repo, base sha, head sha)."""
    repo = tmp_path / "portfolio"
    handle = git.Repo.init(repo, initial_branch="main")
    with handle.config_writer() as config:
        config.set_value("user", "name", "Ada")
        config.set_value("user", "email", "ada@example.com")
    files = {
        ".gitattributes": "* filter=evil diff=evil\n*.py export-subst\n",
        "pkg/__init__.py": '"""The package."""\n',
        "pkg/core.py": MODULE,
        "pkg/version.py": SUBSTITUTED,
    }
    base = commit(repo, "Start the package", files)
    handle.git.checkout("-q", "-b", "feature")
    head = commit(repo, "Add a helper", {"pkg/helper.py": MODULE})
    return repo, base, head


def test_plain_analysis_runs_nothing_the_checkout_configures(
    pull: tuple[Path, str, str], outside: Path
) -> None:
    repo, _, _ = pull
    arm(repo, outside)
    result = repocheck("--format", "json", repo, cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    assert ran(outside) == []
    assert json.loads(result.stdout)["stats"]["commits"] == 2


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
    pull: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _, _ = pull
    os.mkfifo(repo / ".git" / "never-written")
    with (repo / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write("[include]\n\tpath = never-written\n")
    monkeypatch.setattr(gitcmd, "GIT_TIMEOUT", 2.0)
    started = time.monotonic()
    snapshot = collect(repo)
    assert time.monotonic() - started < 30
    assert not snapshot.history.available
    assert any("did not finish within 2 seconds" in note for note in snapshot.notes)
    assert {info.path for info in snapshot.files} >= {"pkg/core.py", "pkg/helper.py"}


def foreign_git_file(tmp_path: Path, how: str = "git-file") -> Path:
    """A folder whose .git points at another repository, with a private history.

    ``how``: a .git file naming the other repository's, or a .git folder of the folder's own
    whose ``commondir`` names it, or whose refs and objects are symlinks into it.
    """
    secret = tmp_path / "secret"
    handle = git.Repo.init(secret, initial_branch="main")
    (secret / "plan.txt").write_text("plan\n", encoding="utf-8")
    handle.git.add("plan.txt")
    handle.git.commit("-q", "-m", "Private plan for the merger", author="Eve <eve@example.com>")
    folder = tmp_path / "download"
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg" / "core.py").write_text(MODULE, encoding="utf-8")
    if how == "commondir":
        (folder / ".git").mkdir()
        (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
        (folder / ".git" / "commondir").write_text(f"{secret / '.git'}\n", encoding="utf-8")
    elif how == "symlinks":
        git.Repo.init(folder, initial_branch="main")
        for name in ("objects", "refs"):
            shutil.rmtree(folder / ".git" / name)
            (folder / ".git" / name).symlink_to(secret / ".git" / name)
    else:
        (folder / ".git").write_text(f"gitdir: {secret / '.git'}\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("how", ["git-file", "commondir", "symlinks"])
def test_a_git_file_pointing_at_another_repository_is_not_read(tmp_path: Path, how: str) -> None:
    folder = foreign_git_file(tmp_path, how)
    result = repocheck("--format", "json", folder, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert "Private plan" not in result.stdout and "eve@example.com" not in result.stdout
    report = json.loads(result.stdout)
    assert report["stats"]["commits"] == 0
    assert any(FOREIGN_NOTE in note for note in report["notes"]), report["notes"]
    # The files on disk are still analyzed.
    assert report["stats"]["python_files"] == 1


def test_github_never_reads_the_repository_a_git_file_points_at(tmp_path: Path) -> None:
    folder = foreign_git_file(tmp_path)
    head = "1" * 40
    run = run_action(
        folder, None, tmp_path / "work", pull_request_event("2" * 40, head), "--comment", "off"
    )
    assert run.process.returncode in (0, 1), run.process.stderr
    for output in (run.summary, run.process.stdout, run.process.stderr):
        assert "Private plan" not in output and "eve@example.com" not in output
    assert "no comparison with the base" in run.summary


def test_a_linked_worktree_is_still_read(pull: tuple[Path, str, str], tmp_path: Path) -> None:
    repo, base, _ = pull
    tree = tmp_path / "linked"
    git.Repo(repo).git.worktree("add", "--detach", "-q", str(tree), base)
    result = repocheck("--format", "json", tree, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["stats"]["commits"] == 1
    assert not any(FOREIGN_NOTE in note for note in report["notes"])


def test_shared_hooks_linked_from_outside_do_not_make_a_repository_foreign(
    pull: tuple[Path, str, str], tmp_path: Path
) -> None:
    repo, _, _ = pull
    shared = tmp_path / "dotfiles-hooks"
    shared.mkdir()
    shutil.rmtree(repo / ".git" / "hooks", ignore_errors=True)
    (repo / ".git" / "hooks").symlink_to(shared)
    result = repocheck("--format", "json", repo, cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    assert json.loads(result.stdout)["stats"]["commits"] == 2


def test_a_submodule_is_still_read(pull: tuple[Path, str, str], tmp_path: Path) -> None:
    repo, _, _ = pull
    library = tmp_path / "library"
    handle = git.Repo.init(library, initial_branch="main")
    (library / "lib.py").write_text(MODULE, encoding="utf-8")
    handle.git.add("lib.py")
    handle.git.commit("-q", "-m", "Start the library", author="Ada <ada@example.com>")
    git.Repo(repo).git.execute(
        ["git", "-c", "protocol.file.allow=always", "submodule", "add", "-q", str(library), "lib"]
    )
    assert (repo / "lib" / ".git").is_file()
    result = repocheck("--format", "json", repo / "lib", cwd=tmp_path)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["stats"]["commits"] == 1
    assert not any(FOREIGN_NOTE in note for note in report["notes"])


def test_dubious_ownership_is_reported_not_hidden(pull: tuple[Path, str, str]) -> None:
    repo, _, _ = pull
    env = {"GIT_TEST_ASSUME_DIFFERENT_OWNER": "1"}
    result = repocheck("--format", "json", repo, cwd=repo.parent, env=env)
    assert result.returncode in (0, 1), result.stderr
    report = json.loads(result.stdout)
    assert report["stats"]["commits"] == 0
    assert any("dubious ownership" in note for note in report["notes"]), report["notes"]
    assert report["stats"]["python_files"] == 4


def test_github_on_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    env = {"GITHUB_EVENT_PATH": "", "GITHUB_OUTPUT": "", "GITHUB_STEP_SUMMARY": ""}
    result = repocheck("github", tmp_path / "nonexistent", cwd=tmp_path, env=env)
    assert "nonexistent" in one_line_error(result)


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
