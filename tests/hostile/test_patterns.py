"""Class 10 (text): every regular expression over repository text runs in linear time.

A README heading of a few kilobytes of spaces took minutes: the pattern backtracked cubically.
One test runs the real command on a repository full of such lines; the other times every
pattern the rules and the facts layer compile, on pathological lines of 50,000 characters,
where a quadratic pattern takes seconds and a linear one milliseconds.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import repocheck.analysis
import repocheck.facts
import repocheck.rules
from repocheck.model import Status
from repocheck.patterns import CompiledOnUse
from tests.helpers import Step, check, make_repo, snapshot_from
from tests.runner import repocheck as run_repocheck

SIZE = 50_000
#: Far above what a linear pattern needs for 50,000 characters, far below a quadratic one.
PATTERN_SECONDS = 1.0
RUN_SECONDS = 60.0
BLANK = "\n" * 300_000

#: (prefix, repeated unit, suffix): the shapes that made the old patterns backtrack.
PATHOLOGICAL = [
    ("# a", " ", "\x00"),  # a heading with a long run of spaces and no end
    ("accuracy ", "0", "\x00"),  # digits
    ("loss", " ", "x"),  # a metric, then spaces and no value: was cubic
    ("[", "-", "\x00"),  # a long name
    ("a", " ", "x"),
    ("", " ", "!"),
    ("", "\n", "x"),  # blank lines
    ("", " \n", "x"),
    ("<h1>a", "<h1>", ""),  # headings never closed
    ("", "![", ""),
    ("", "<img ", ""),
    ("", "<", ""),
    ("", "sk-", ""),  # secret anchors inside one long token
    ("", "xoxb-", ""),
    ("", "github_pat_", ""),
    ("", "a", "!"),
    ("", "a.", "!"),
    ("", "1.", "!"),
    ("make ", "-a ", "!"),
    ("", "test", "/"),
    ("|", " ", "x"),
    ("", "wandb ", ""),
    ("", "api_key= ", ""),  # a NASA-shaped key's anchor, never followed by one
    ("", "firebase_auth=", ""),  # a Firebase secret's name, never given one
    ("", "AIzaSy", ""),  # a Google key's prefix inside one long token
    ("", "mongodb://a:b", ""),  # a database address never closed by its host
    ("", "a:", ""),
    ("", "\t", "x"),
    ("python", " -B", "!"),  # interpreter options and no script
    ("version", " ", "x"),  # a version word and no number
    ("A=x", " ", "#"),  # a variable set to a value, then spaces and a comment
    ("", "step 1", ""),
    ("", "#", "!"),  # a run of heading marks and no heading
]


def _patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for package in (repocheck.rules, repocheck.analysis, repocheck.facts):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, value in vars(module).items():
                yield from _found(f"{module.__name__}.{name}", value)


def _found(name: str, value: object, depth: int = 0) -> Iterator[tuple[str, re.Pattern[str]]]:
    if isinstance(value, re.Pattern):
        yield name, value
    elif isinstance(value, CompiledOnUse):  # compiled when first used: the same pattern
        yield name, re.compile(value.pattern, value.flags)
    elif depth < 2 and isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _found(f"{name}[{index}]", item, depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for key, item in value.items():
            yield from _found(f"{name}[{key!r}]", item, depth + 1)


PATTERNS = dict(_patterns())


def test_the_sweep_sees_the_patterns_that_were_slow() -> None:
    names = {name.rsplit(".", 1)[-1] for name in PATTERNS}
    assert {"HEADING_MD", "_HEADING_HTML", "_NUMBER", "_TABLE_RULE", "_PR_SUFFIX"} <= names


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_every_pattern_is_linear_on_pathological_text(name: str) -> None:
    pattern = PATTERNS[name]
    slow = []
    for prefix, unit, suffix in PATHOLOGICAL:
        text = prefix + unit * (SIZE // len(unit)) + suffix
        # Timed again once when over: a machine busy with other work can stretch one pass
        # of a linear pattern; a backtracking one is seconds over every time.
        if min(_seconds(pattern, text) for _ in range(2)) > PATTERN_SECONDS:
            slow.append((prefix, unit, suffix))
    assert not slow, f"{name} backtracks on {slow}"


def _seconds(pattern: re.Pattern[str], text: str) -> float:
    started = time.perf_counter()
    for _ in pattern.finditer(text):
        pass
    return time.perf_counter() - started


def test_a_repository_of_pathological_lines_is_analyzed_quickly(tmp_path: Path) -> None:
    readme = "\n".join(
        [
            "# a" + " " * 5_000 + "b",
            "<h1>" * 5_000,
            "accuracy " + "0" * 20_000,
            "![" * 10_000,
            "<" * 20_000,
            "| a | b |",
            "|" + " " * 20_000 + "x",
            "$" + " " * 20_000 + "x",
            "```",
            "loss" + " " * 5_000 + "x",
            "```",
        ]
    )
    repo = make_repo(
        tmp_path / "repo",
        [
            Step(
                "Add" + " " * 20_000 + "x (#1)",
                {
                    "README.md": readme + "\n",
                    # Blank lines: '^\\s*' with MULTILINE ran over all the following ones.
                    "pyproject.toml": "[project.scripts]\n" + BLANK + 'tool = "m:f"\n',
                    "tox.ini": "[tox]\n" + BLANK + "skipsdist = true\n",
                    "setup.cfg": "[options.entry_points]\n" + "-" * 50_000 + "\n",
                    "environment.yml": "name: x\n" + " " * 50_000 + "\n",
                    "model.py": BLANK + "x = 1\n",
                    "keys.py": "KEY = '" + "sk-" * 30_000 + "'\n",
                },
            )
        ],
    )
    started = time.monotonic()
    result = run_repocheck(repo, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < RUN_SECONDS


def test_a_file_full_of_keys_is_scanned_in_linear_time() -> None:
    # Each key's line was counted from the top of the file: 45,000 keys in 1 MB took seconds.
    rng = random.Random(7)
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    keys = ["AKIA" + "".join(rng.choice(alphabet) for _ in range(16)) for _ in range(45_000)]
    snapshot = snapshot_from({"keys.txt": "\n".join(keys) + "\n"})
    started = time.perf_counter()
    result = check("GIT006", snapshot)
    assert time.perf_counter() - started < 3 * PATTERN_SECONDS
    assert result.status is Status.FAIL and result.metrics["secrets"] >= 44_000
    assert result.evidence[-1].line == 20  # evidence is capped, lines are right


def test_a_list_of_thousands_of_requirements_is_read_in_linear_time(tmp_path: Path) -> None:
    # Each entry's line was looked for over the whole file: a setup.cfg of 20,000
    # requirements took a minute, and a pyproject list written in escapes (so that no entry
    # is found on any line) took longer still.
    count = 20_000
    setup_cfg = "[options]\ninstall_requires =\n" + "".join(f"    pkg{i}\n" for i in range(count))
    escaped = "".join(f'  "\\u0061{i}",\n' for i in range(count))
    pyproject = "[project]\nname = 'x'\ndependencies = [\n" + escaped + "]\n"
    repo = make_repo(
        tmp_path / "repo",
        [Step("Add the model", {"setup.cfg": setup_cfg, "pyproject.toml": pyproject})],
    )
    started = time.monotonic()
    result = run_repocheck(repo, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < RUN_SECONDS
