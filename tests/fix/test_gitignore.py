"""GIT003, GIT004, GIT005 fixers: .gitignore lines appended, untracking commands printed."""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path

import git

from repocheck.fix.engine import analyze_for_fix, plan_fixes, write_plan
from repocheck.fix.fixers._ignore_file import HEADER
from repocheck.model import Status
from tests.fix.helpers import round_trip
from tests.helpers import Step, make_repo

TRAIN = """\
import torch

model = torch.nn.Linear(2, 1)
torch.save(model.state_dict(), "checkpoints/model.pt")
"""
USER_IGNORE = "# my own lines\n*.log\n\nsecrets.txt\n!keep.log"


def _status(root: Path, rule_id: str) -> Status:
    _, report = analyze_for_fix(root)
    return next(o.result.status for o in report.outcomes if o.meta.id == rule_id)


def _run_printed(root: Path, command: str) -> None:
    """Run a printed command the way a user pastes it: words split as a POSIX shell does."""
    words = shlex.split(command)
    assert words[:2] == ["git", "rm"]
    subprocess.run(words, cwd=root, check=True, capture_output=True)


def _commit(root: Path, message: str) -> None:
    repo = git.Repo(root)
    repo.git.add("-A")
    repo.git.commit("--no-verify", "-q", "-m", message)


def test_gitignore_is_created_for_what_the_code_writes(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", [Step("Train", {"train.py": TRAIN})])
    trip = round_trip(root, {"GIT003"})
    assert trip.status("GIT003", trip.before) is Status.FAIL
    [change] = trip.plan.changes
    assert change.path == ".gitignore" and change.before is None
    assert change.after.splitlines() == [HEADER, "__pycache__/", "checkpoints/"]
    assert trip.written(root) == {".gitignore": change.after}
    assert trip.status("GIT003") is Status.PASS
    assert trip.second.empty and trip.second.proposals == ()


def test_an_existing_gitignore_keeps_every_line_in_order(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "repo", [Step("Train", {"train.py": TRAIN, ".gitignore": USER_IGNORE})]
    )
    trip = round_trip(root, {"GIT003"})
    assert trip.status("GIT003", trip.before) in (Status.WARN, Status.FAIL)
    text = (root / ".gitignore").read_text()
    assert text.startswith(USER_IGNORE + "\n")
    assert text[len(USER_IGNORE) + 1 :].splitlines() == [
        "",
        HEADER,
        "__pycache__/",
        "checkpoints/",
    ]
    assert trip.written(root) == {c.path: c.after for c in trip.plan.changes}
    assert trip.status("GIT003") is Status.PASS and trip.second.empty


def test_a_line_already_there_is_not_added_again(tmp_path: Path) -> None:
    ignore = "__pycache__/\n"
    root = make_repo(tmp_path / "repo", [Step("Train", {"train.py": TRAIN, ".gitignore": ignore})])
    trip = round_trip(root, {"GIT003"})
    assert (root / ".gitignore").read_text() == f"{ignore}\n{HEADER}\ncheckpoints/\n"
    assert trip.status("GIT003") is Status.PASS and trip.second.empty


def test_junk_is_ignored_and_untracked_by_the_printed_command(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "train.py": "print('hi')\n",
        "__pycache__/train.cpython-312.pyc": b"\x00pyc",
        "sub dir/.DS_Store": b"\x00ds",
        ".venv/pyvenv.cfg": "home = /usr/bin\n",
        ".venv/lib/python3.12/site-packages/x.py": "x = 1\n",
    }
    root = make_repo(tmp_path / "repo", [Step("Everything", files)])
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"GIT005"})
    [proposal] = plan.proposals
    assert proposal.commands == ("git rm -r --cached -- .venv __pycache__ 'sub dir/.DS_Store'",)
    [change] = plan.changes
    assert change.after.splitlines() == [HEADER, "/.venv/", "__pycache__/", ".DS_Store"]
    write_plan(root, plan)
    assert _status(root, "GIT005") is Status.FAIL  # a .gitignore line untracks nothing
    _run_printed(root, proposal.commands[0])
    _commit(root, "Stop tracking junk")
    assert (root / "sub dir/.DS_Store").exists()  # the user's copies stay
    assert _status(root, "GIT005") is Status.PASS
    snapshot, report = analyze_for_fix(root)
    assert plan_fixes(root, snapshot, report, only={"GIT005"}).empty


def test_junk_not_yet_committed_needs_the_line_only(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", [Step("Train", {"train.py": "print('hi')\n"})])
    (root / "nohup.out").write_text("log\n")
    trip = round_trip(root, {"GIT005"})
    [proposal] = trip.plan.proposals
    assert proposal.commands == ()
    assert trip.written(root) == {".gitignore": f"{HEADER}\nnohup.out\n"}
    assert trip.status("GIT005") is Status.PASS and trip.second.empty


def test_backup_copies_and_swap_files_are_ignored_by_their_suffix(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", [Step("Train", {"train.py": "print('hi')\n"})])
    (root / "backup_1").mkdir()
    (root / "backup_1" / "task.py.bak").write_text("old\n")
    (root / ".train.py.swp").write_bytes(b"\0")
    (root / "notes.md~").write_text("draft\n")
    trip = round_trip(root, {"GIT005"})
    assert trip.written(root) == {".gitignore": f"{HEADER}\n*.swp\n*~\n*.bak\n"}
    assert trip.status("GIT005") is Status.PASS and trip.second.empty


def test_temporary_files_are_ignored_by_their_suffix(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", [Step("Train", {"train.py": "print('hi')\n"})])
    (root / "train.py.be614c97ab9cedf27d4b7cb853ec9a42.tmp").write_text("print('hi')\n")
    trip = round_trip(root, {"GIT005"})
    assert trip.written(root) == {".gitignore": f"{HEADER}\n*.tmp\n"}
    assert trip.status("GIT005") is Status.PASS and trip.second.empty


def test_a_large_file_is_untracked_with_its_name_quoted(tmp_path: Path) -> None:
    weights = "models/best [v1].pt"
    root = make_repo(
        tmp_path / "repo",
        [Step("Add weights", {"train.py": "print('hi')\n", weights: b"\x01" * 1_500_000})],
    )
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"GIT004"})
    [proposal] = plan.proposals
    assert proposal.commands == ("git rm --cached -- 'models/best [v1].pt'",)
    assert plan.changes[0].after == f"{HEADER}\n/models/best \\[v1\\].pt\n"
    write_plan(root, plan)
    _run_printed(root, proposal.commands[0])
    _commit(root, "Stop tracking the weights")
    assert (root / weights).stat().st_size == 1_500_000
    assert _status(root, "GIT004") is Status.PASS
    snapshot, report = analyze_for_fix(root)
    assert plan_fixes(root, snapshot, report, only={"GIT004"}).empty


def test_the_three_fixers_share_one_gitignore_and_one_header(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "train.py": TRAIN,
        ".gitignore": USER_IGNORE,
        "__pycache__/train.cpython-312.pyc": b"\x00pyc",
        "best.pt": b"\x01" * 1_500_000,
    }
    root = make_repo(tmp_path / "repo", [Step("Everything", files)])
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"GIT003", "GIT004", "GIT005"})
    [change] = plan.changes
    assert change.after.count(HEADER) == 1
    assert change.after.startswith(USER_IGNORE + "\n")
    assert change.after.splitlines()[-3:] == ["__pycache__/", "checkpoints/", "/best.pt"]


def test_a_gitignore_that_is_a_symlink_is_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.txt"
    outside.write_text("mine\n")
    files: dict[str, str | bytes | None] = {
        "train.py": "print('hi')\n",
        "__pycache__/train.cpython-312.pyc": b"\x00pyc",
    }
    root = make_repo(tmp_path / "repo", [Step("Junk", files)])
    (root / ".gitignore").symlink_to(outside)
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"GIT003", "GIT005"})
    assert plan.changes == ()
    assert [p.commands for p in plan.proposals] == [("git rm -r --cached -- __pycache__",)]
    assert ".gitignore is not a text file repocheck writes: add __pycache__/" in (
        plan.proposals[0].notes
    )
    write_plan(root, plan)
    assert outside.read_text() == "mine\n" and (root / ".gitignore").is_symlink()


def test_a_windows_gitignore_keeps_its_line_endings(tmp_path: Path) -> None:
    ignore = "*.log\r\nsecrets.txt"
    root = make_repo(tmp_path / "repo", [Step("Train", {"train.py": TRAIN, ".gitignore": ignore})])
    trip = round_trip(root, {"GIT003"})
    expected = f"{ignore}\r\n\r\n{HEADER}\r\n__pycache__/\r\ncheckpoints/\r\n"
    assert (root / ".gitignore").read_bytes() == expected.encode()
    assert trip.status("GIT003") is Status.PASS and trip.second.empty


def test_a_file_name_with_a_line_break_never_becomes_a_pattern(tmp_path: Path) -> None:
    name = "weights\n!keep.pt"
    files: dict[str, str | bytes | None] = {"train.py": "print('hi')\n", name: b"\x01" * 1_500_000}
    root = make_repo(tmp_path / "repo", [Step("Add weights", files)])
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"GIT004"})
    [proposal] = plan.proposals
    assert plan.changes == ()
    assert proposal.commands == (f"git rm --cached -- {shlex.quote(name)}",)


def test_a_gitignore_hiding_imported_code_is_left_alone_with_a_note(tmp_path: Path) -> None:
    files = {".gitignore": "__pycache__/\ndata/\n", "src/__init__.py": ""}
    files["src/main.py"] = "from src.data.loader import load\n"
    root = make_repo(tmp_path / "repo", [Step("Code", files)])
    (root / "src/data").mkdir()
    (root / "src/data/loader.py").write_text("def load():\n    return []\n", encoding="utf-8")
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"GIT003"})
    assert plan.changes == ()
    [proposal] = plan.proposals
    assert proposal.notes == (
        "the .gitignore hides src/data/, which the code imports: not edited; narrow the line"
        " data/ (a leading / anchors it to the top folder) and commit the code",
    )
