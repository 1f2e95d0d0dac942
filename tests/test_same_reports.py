"""bench/same_reports.py: the check that a refactoring leaves every report as it was."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "same_reports.py"
REPORT = {"schema_version": "1.3", "score": 74.7, "rules": [{"id": "REPRO001", "status": "warn"}]}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("same_reports", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _folders(tmp_path: Path, after: dict[str, object]) -> tuple[Path, Path]:
    before_dir, after_dir = tmp_path / "before", tmp_path / "after"
    for folder, report in ((before_dir, REPORT), (after_dir, after)):
        folder.mkdir()
        (folder / "owner__repo.json").write_text(json.dumps(report, indent=2))
    return before_dir, after_dir


def test_identical_reports_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main([str(p) for p in _folders(tmp_path, REPORT)]) == 0
    assert capsys.readouterr().out == "1 reports identical\n"


def test_a_changed_verdict_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    changed = {**REPORT, "rules": [{"id": "REPRO001", "status": "fail"}]}
    assert _script().main([str(p) for p in _folders(tmp_path, changed)]) == 1
    assert ".rules[0].status: 'warn' -> 'fail'" in capsys.readouterr().out


def test_an_added_field_is_left_out_only_when_asked(tmp_path: Path) -> None:
    added = {**REPORT, "schema_version": "1.4", "rules": [{**REPORT["rules"][0], "fixable": True}]}  # type: ignore[dict-item]
    folders = [str(p) for p in _folders(tmp_path, added)]
    assert _script().main(folders) == 1
    assert _script().main([*folders, "--ignore", "fixable", "--ignore", "schema_version"]) == 0
