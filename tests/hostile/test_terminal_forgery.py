"""Class 4: a repository's text cannot forge the terminal output or an error line.

Escape sequences (OSC 8 links, a cleared screen, colours, a one-byte CSI) in a commit subject
and a file name, and a newline that would print a fake "Score 100/100" line, must reach every
output as visible characters: no ESC or C1 byte from the repository, one line per item.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from repocheck.catalogue import RuleMeta
from repocheck.github.annotate import annotation
from repocheck.github.delta import Finding
from repocheck.model import Evidence, Result
from repocheck.render import render
from repocheck.render.controls import CONTROL_CHARACTERS
from repocheck.report import Report, Target
from repocheck.score import Outcome
from tests.helpers import Step, make_repo
from tests.runner import repocheck

OSC8_LINK = "\x1b]8;;https://evil.example\x1b\\click me\x1b]8;;\x1b\\"
CLEAR = "\x1b[2J\x1b[H"
RED = "\x1b[31m"
C1_CSI = "\x9b2J"
BIDI = "\u202e"
SUBJECT = f"Fix {OSC8_LINK} {CLEAR}{RED}all green{C1_CSI}{BIDI}\rScore 100/100  grade A"
BAD_NAME = f"evil{CLEAR}\nScore 100/100  grade A{RED}.py"
FORGED = "Score 100/100  grade A"
ESCAPES = ("\x1b", "\x9b", "\r", BIDI)


@pytest.fixture(scope="module")
def forging_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repo whose newest commit subject and a file's name try to rewrite the screen."""
    path = tmp_path_factory.mktemp("forge") / "repo"
    return make_repo(
        path,
        [
            Step("Add the model", {"model.py": "def f():\n    return 1\n"}),
            # A syntax error makes the name show up as a note and as lint evidence.
            Step("Add the data", {BAD_NAME: "def (:\n"}, days=1),
            Step(SUBJECT, {"train.py": "x = 1\n"}, days=2),
        ],
    )


def assert_unforged(text: str) -> None:
    for escape in ESCAPES:
        assert escape not in text, f"{escape!r} from the repository reached the output"
    # The only score line is repocheck's own; the forged one stays inside its item's line.
    starts = [line.strip() for line in text.splitlines()]
    assert not any(line.startswith(FORGED) for line in starts)


@pytest.mark.parametrize("flag", ["--no-color", "--color"])
def test_terminal_report_shows_escapes_visibly(forging_repo: Path, flag: str) -> None:
    result = repocheck(forging_repo, flag)
    assert result.returncode == 0, result.stderr
    if flag == "--no-color":
        assert_unforged(result.stdout)
    else:
        # repocheck's own colours are there; none of the repository's sequences are.
        assert "\x1b]8;;https://evil" not in result.stdout and "\x1b[2J" not in result.stdout
        assert "\x9b" not in result.stdout and BIDI not in result.stdout
        assert_unforged(re.sub(r"\x1b\[[0-9;]*m", "", result.stdout))  # without our colours
    assert "\\033]8;;https://evil.example" in result.stdout  # shown, like git shows it
    assert "evil\\033[2J\\033[H\\nScore 100/100" in result.stdout


def test_markdown_and_json_keep_the_escapes_inert(forging_repo: Path) -> None:
    markdown = repocheck(forging_repo, "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert_unforged(markdown.stdout)
    raw = repocheck(forging_repo, "--format", "json")
    assert raw.returncode == 0, raw.stderr
    for escape in ESCAPES:
        assert escape not in raw.stdout  # JSON writes them as \u escapes
    report = json.loads(raw.stdout)
    paths = {e["path"] for r in report["rules"] for e in r["evidence"]}
    assert BAD_NAME in paths  # the data itself is unchanged


def hostile_report() -> Report:
    meta = RuleMeta("GIT001", "history", "history", "Title", "why", "fix", 2)
    evidence = Evidence(BAD_NAME, 1, SUBJECT)
    outcome = Outcome(meta, Result.failed(SUBJECT, [evidence]), 2)
    ignored = Outcome(meta, Result.skipped("ignored"), 0.0, ignored=SUBJECT)
    return Report(
        Target(BAD_NAME, BAD_NAME),
        0.0,
        "F",
        (),
        (outcome, ignored),
        notes=(SUBJECT, BAD_NAME),
        errors={"history": SUBJECT},
    )


@pytest.mark.parametrize("fmt", ["terminal", "markdown"])
def test_every_field_of_a_report_is_sanitised(fmt: str) -> None:
    text = render(hostile_report(), fmt)
    assert not set(text) & (CONTROL_CHARACTERS - {"\n"})
    assert_unforged(text)


def test_an_error_quoting_the_repository_is_one_visible_line(tmp_path: Path) -> None:
    (tmp_path / ".repocheck.toml").write_text(
        '[weights]\n"GIT001\\u001b[2J\\nScore 100/100" = -1\n', encoding="utf-8"
    )
    result = repocheck(tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1 and "\x1b" not in result.stderr
    assert result.stderr.startswith("repocheck: error: ")


@pytest.mark.parametrize(
    "args", [["--no-such-option"], ["check", "--format", "nope"], ["explain"], ["batch", "--x"]]
)
def test_usage_errors_are_one_line_and_exit_2(args: list[str]) -> None:
    result = repocheck(*args)
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("repocheck: error: ") and "--help" in result.stderr


def test_an_annotation_in_the_actions_log_shows_escapes_too() -> None:
    line = annotation(Finding("GIT001", "Title", "fail", SUBJECT, BAD_NAME, 1))
    assert len(line.splitlines()) == 1
    assert not set(line) & CONTROL_CHARACTERS
