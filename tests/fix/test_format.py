"""READ003's fixer: the real ruff formats each file the check flags, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

from repocheck.fix.engine import analyze_for_fix, plan_fixes
from repocheck.model import Status
from tests.fix.helpers import round_trip
from tests.helpers import Step, make_repo

#: Commas and '=' written both ways: a mix READ003 warns or fails on.
MIXED = "".join(f"x{i}=f(1,2)\ny{i} = f(3, 4)\nz{i} =f(5,6)\nw{i}= f(7, 8)\n" for i in range(6))
MODULE = "def f(a, b):\n    return a + b\n\n\n" + MIXED


def _repo(tmp_path: Path, files: dict[str, str | bytes | None]) -> Path:
    return make_repo(tmp_path / "repo", [Step("Add the code", files)])


def test_mixed_styles_are_formatted_and_the_rule_passes(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"train.py": MODULE, "tidy.py": "x = 1\n"})
    trip = round_trip(root, {"READ003"})
    assert trip.status("READ003", trip.before) in (Status.WARN, Status.FAIL)
    [change] = trip.plan.changes
    assert change.path == "train.py" and change.before == MODULE
    assert "x0 = f(1, 2)\n" in change.after and "w5 = f(7, 8)\n" in change.after
    assert trip.written(root) == {"train.py": change.after}
    assert trip.status("READ003") is Status.PASS
    assert trip.second.changes == ()


def test_the_repository_style_is_kept(tmp_path: Path) -> None:
    config = '[tool.ruff]\nline-length = 120\n[tool.ruff.format]\nquote-style = "single"\n'
    source = MODULE + 'name = "a"\n'
    root = _repo(tmp_path, {"pyproject.toml": config, "train.py": source})
    trip = round_trip(root, {"READ003"})
    assert "name = 'a'\n" in trip.written(root)["train.py"]
    assert trip.status("READ003") is Status.PASS and trip.second.changes == ()


def test_line_endings_stay_as_the_file_has_them(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"train.py": MODULE.replace("\n", "\r\n").encode()})
    trip = round_trip(root, {"READ003"})
    written = (root / "train.py").read_bytes()
    assert b"x0 = f(1, 2)\r\n" in written and b"\n" not in written.replace(b"\r\n", b"")
    assert trip.second.changes == ()


def test_files_the_repository_keeps_from_ruff_are_left_alone(tmp_path: Path) -> None:
    config = '[tool.ruff]\nextend-exclude = ["legacy"]\n'
    files: dict[str, str | bytes | None] = {
        "pyproject.toml": config,
        "train.py": MODULE,
        "legacy/old.py": MODULE,
    }
    root = _repo(tmp_path, files)
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, {"READ003"})
    assert [c.path for c in plan.changes] == ["train.py"]
    assert any("legacy/old.py" in note for note in plan.proposals[0].notes)


def test_notebooks_are_left_alone_with_a_note(tmp_path: Path) -> None:
    cell = '{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null, '
    notebook = (
        '{"cells": [' + cell + '"source": ["x=f(1,2)\\n", "y = f(3, 4)\\n"]}], '
        '"metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n'
    )
    root = _repo(tmp_path, {"train.py": MODULE, "explore.ipynb": notebook})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, {"READ003"})
    assert [c.path for c in plan.changes] == ["train.py"]
    assert (root / "explore.ipynb").read_text() == notebook
    assert any("notebooks left alone (explore.ipynb)" in n for n in plan.proposals[0].notes)


def test_a_file_ruff_cannot_parse_is_not_touched(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"train.py": MODULE, "broken.py": "def f(:\n  x=1\n"})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, {"READ003"})
    assert [c.path for c in plan.changes] == ["train.py"]


def test_files_whose_finding_is_suppressed_are_left_alone(tmp_path: Path) -> None:
    config = '[tool.repocheck.per-path-ignores]\n"legacy/**" = ["READ003"]\n'
    files: dict[str, str | bytes | None] = {
        "pyproject.toml": config,
        "train.py": MODULE,
        "legacy/old.py": MODULE,
    }
    root = _repo(tmp_path, files)
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, {"READ003"})
    assert [c.path for c in plan.changes] == ["train.py"]


def jupyter_notebook(*sources: list[str]) -> str:
    """A notebook as Jupyter saves it: cell ids, keys sorted, one space of indentation."""
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"cell-{index}",
            "metadata": {},
            "outputs": [],
            "source": source,
        }
        for index, source in enumerate(sources)
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def test_a_notebook_ruff_formats_in_its_code_only_is_formatted(tmp_path: Path) -> None:
    before = jupyter_notebook(["%matplotlib inline\n", "x=f(1,2)\n", "y = f(3, 4)"])
    root = _repo(tmp_path, {"train.py": MODULE, "explore.ipynb": before})
    trip = round_trip(root, {"READ003"})
    written = trip.written(root)["explore.ipynb"]
    assert written == before.replace('"x=f(1,2)\\n"', '"x = f(1, 2)\\n"')
    assert trip.second.changes == ()


def test_every_flagged_file_is_formatted_not_only_those_the_report_lists(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {f"step_{i:02}.py": MODULE for i in range(25)}
    root = _repo(tmp_path, files)
    trip = round_trip(root, {"READ003"})
    assert len(trip.plan.changes) == 25
    assert trip.status("READ003") is Status.PASS and trip.second.changes == ()
