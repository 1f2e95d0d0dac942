"""Limits: each one is a note, cuts only what it must, and marks the affected results partial."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from repocheck.analyze import evaluate
from repocheck.facts import collect as collecting
from repocheck.facts import inventory
from repocheck.facts.collect import collect
from repocheck.facts.python import parse_source
from repocheck.limits import mark_partial
from repocheck.model import Result
from repocheck.report import Report, Target
from tests.helpers import commits_of, snapshot_from

DEEP = "x = " + "+".join(["1"] * 50_000) + "\n"


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def test_the_file_cap_keeps_code_and_project_files_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inventory, "MAX_FILES", 3)
    paths = ["data/a.csv", "data/b.csv", "src/model.py", "README.md", "conf/setup.cfg"]
    write(tmp_path, {path: "x = 1\n" for path in paths})
    found = inventory.build_inventory(tmp_path, paths)
    assert sorted(f.path for f in found.files) == ["README.md", "conf/setup.cfg", "src/model.py"]
    assert found.limits == [
        "5 files, more than the 3 analyzed: 2 data and other files were left out"
    ]
    assert found.limits[0] in found.notes


def test_excluded_files_do_not_count_towards_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inventory, "MAX_FILES", 2)
    paths = ["data/a.csv", "data/b.csv", "src/model.py"]
    write(tmp_path, {path: "x = 1\n" for path in paths})
    found = inventory.build_inventory(tmp_path, paths, exclude=["data/**"])
    assert [f.path for f in found.files] == ["src/model.py"] and found.limits == []


def test_oversized_code_is_a_limit_oversized_data_only_a_note(tmp_path: Path) -> None:
    big = "x = 1\n" * 200_000
    write(tmp_path, {"big.py": big, "big.csv": big, "small.py": "y = 2\n"})
    found = inventory.build_inventory(tmp_path, ["big.py", "big.csv", "small.py"])
    assert found.limits == ["big.py: larger than 1 MB, not read"]
    assert "big.csv: larger than 1 MB, not read" in found.notes


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("x = " + "(" * 300 + ")" * 300, "too many nested parentheses"),
        (DEEP, "too deeply nested to parse"),
        ("".join("    " * i + "if x:\n" for i in range(101)) + "    " * 101 + "pass\n", "levels"),
    ],
)
def test_the_parse_guard_names_the_limit(source: str, error: str) -> None:
    unit = parse_source("deep.py", source)
    assert unit.tree is None and unit.error is not None
    assert unit.error.startswith("too deeply nested to parse") and error in unit.error


def test_a_real_syntax_error_is_not_a_limit() -> None:
    unit = parse_source("typo.py", "def broken(:\n")
    assert unit.error is not None and unit.error.startswith("syntax error")


def test_deep_code_is_kept_from_ruff_and_marks_the_snapshot(tmp_path: Path) -> None:
    write(tmp_path, {"deep.py": DEEP, "ok.py": "import os\n"})
    snapshot = collect(tmp_path)
    assert "lint" not in snapshot.errors and "format" not in snapshot.errors
    assert [d.code for d in snapshot.lint.diagnostics] == ["F401"]  # ok.py was still linted
    assert snapshot.limits == ("deep.py: too deeply nested to parse",)


def test_a_run_whose_parsing_fails_stops_ruff_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ruff format spends minutes on a chain this long; an interrupted run (Ctrl-C while
    # parsing, or the parser out of memory) must not wait for it.
    write(tmp_path, {"chain.py": "x = a" + ".b" * 300_000 + "\n"})

    def interrupted(*args: object) -> None:
        time.sleep(0.3)  # ruff is running by now
        raise KeyboardInterrupt

    monkeypatch.setattr(collecting, "_parse_without_collections", interrupted)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        collect(tmp_path)
    assert time.monotonic() - started < 5


def test_file_rules_say_partial_history_rules_do_not() -> None:
    snapshot = snapshot_from({"main.py": "x = 1\n"}, commits=commits_of(["Add the model"]))
    limited = snapshot_from({"main.py": "x = 1\n"}, commits=commits_of(["Add the model"]))
    object.__setattr__(limited, "limits", ("big.py: larger than 1 MB, not read",))
    result = Result.passed("all good")
    marked = mark_partial("DOCS001", result, limited)
    assert marked.message == "all good (partial: big.py: larger than 1 MB, not read)"
    assert marked.metrics["limits_hit"] == 1
    assert mark_partial("GIT001", result, limited) is result  # reads the history only
    assert mark_partial("DOCS001", result, snapshot) is result
    errored = Result.errored("boom")
    assert mark_partial("DOCS001", errored, limited) is errored


def test_a_limit_makes_the_report_partial() -> None:
    whole = snapshot_from({"main.py": "x = 1\n"})
    cut = snapshot_from({"main.py": "x = 1\n"})
    object.__setattr__(cut, "limits", ("a\nb.py: larger than 1 MB, not read",))
    assert evaluate(whole, Target("r", "r")).limits == ()
    assert not Report(Target("r", "r"), 100.0, "A", (), ()).partial
    assert Report(Target("r", "r"), 100.0, "A", (), (), limits=("cut",)).partial
    report = evaluate(cut, Target("r", "r"))
    assert report.partial and report.limits == cut.limits
    assert report.to_dict()["partial"] is True
    messages = [o.result.message for o in report.outcomes]
    assert any(m.endswith("(partial: a?b.py: larger than 1 MB, not read)") for m in messages)
