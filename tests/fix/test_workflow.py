"""DOCS003 and TEST003 fixer: a pinned, read-only GitHub workflow that runs pytest."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from repocheck.fix.engine import analyze_for_fix, plan_fixes
from repocheck.fix.fixers.ci import CHECKOUT, SETUP_PYTHON, WORKFLOW
from repocheck.model import Status
from tests.fix.helpers import round_trip
from tests.fixtures import notebook as notebook_of
from tests.github.test_action_files import run, tool
from tests.helpers import Step, make_repo

ROOT = Path(__file__).resolve().parents[2]
TRAIN = "import yaml\n\n\ndef load(text):\n    return yaml.safe_load(text)\n"
TEST = "from train import load\n\n\ndef test_load():\n    assert load('a: 1') == {'a': 1}\n"
LINT = (
    "name: lint\non: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - run: pip install ruff && ruff check .\n"
)
PYPROJECT = '[project]\nname = "demo"\nversion = "0.1"\nrequires-python = ">=3.10"\n'


def _repo(tmp_path: Path, extra: dict[str, str | bytes | None] | None = None) -> Path:
    files: dict[str, str | bytes | None] = {"train.py": TRAIN, "tests/test_train.py": TEST}
    return make_repo(tmp_path / "repo", [Step("Start", {**files, **(extra or {})})])


def _workflow(text: str) -> dict[object, object]:
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def test_a_workflow_is_added_where_there_is_no_ci(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"requirements.txt": "pyyaml\n", "setup.cfg": "[metadata]\n"})
    trip = round_trip(root, {"DOCS003", "TEST003"})
    assert trip.status("DOCS003", trip.before) is Status.FAIL
    [change] = trip.plan.changes
    assert (change.path, change.before) == (WORKFLOW, None)
    workflow = _workflow(change.after)
    assert workflow["permissions"] == {"contents": "read"}
    assert set(workflow[True]) == {"push", "pull_request"}  # yaml reads the key `on` as True
    steps = workflow["jobs"]["test"]["steps"]  # type: ignore[index]
    assert steps[1]["with"] == {"python-version": "3.12"}
    assert [step.get("run") for step in steps[2:]] == [
        "python -m pip install -r requirements.txt pytest",
        "python -m pytest -q",
    ]
    assert trip.written(root) == {WORKFLOW: change.after}
    assert trip.status("DOCS003") is Status.PASS and trip.status("TEST003") is Status.PASS
    assert trip.second.empty and trip.second.proposals == ()


def test_the_workflow_names_the_python_declared_and_installs_the_project(tmp_path: Path) -> None:
    pyproject = (
        PYPROJECT + 'dependencies = ["pyyaml"]\n\n[build-system]\nrequires = ["hatchling"]\n'
    )
    root = _repo(tmp_path, {"pyproject.toml": pyproject})
    trip = round_trip(root, {"DOCS003"})
    steps = _workflow(trip.written(root)[WORKFLOW])["jobs"]["test"]["steps"]  # type: ignore[index]
    assert steps[1]["with"] == {"python-version": "3.10"}
    assert steps[2]["run"] == "python -m pip install -e . pytest"
    assert trip.status("DOCS003") is Status.PASS


def test_the_packages_it_installs_are_declared_first(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    trip = round_trip(root, {"DOCS003"})
    assert trip.written(root)["requirements.txt"] == "pyyaml\n"
    assert "pip install -r requirements.txt pytest" in trip.written(root)[WORKFLOW]
    assert trip.status("DOCS003") is Status.PASS and trip.status("REPRO003") is Status.PASS
    assert trip.second.empty


def test_a_ci_that_runs_no_tests_gets_a_test_workflow_beside_it(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"requirements.txt": "pyyaml\n", ".github/workflows/lint.yml": LINT})
    trip = round_trip(root, {"DOCS003", "TEST003"})
    assert trip.status("TEST003", trip.before) is Status.FAIL
    assert set(trip.written(root)) == {WORKFLOW}
    assert (root / ".github/workflows/lint.yml").read_text() == LINT
    assert trip.status("TEST003") is Status.PASS and trip.second.empty


def _notes(root: Path, rule_ids: set[str]) -> list[str]:
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only=rule_ids)
    assert plan.empty
    return [note for proposal in plan.proposals for note in proposal.notes]


def test_a_workflow_file_already_there_is_left_alone(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"requirements.txt": "pyyaml\n", WORKFLOW: LINT})
    assert _notes(root, {"TEST003"}) == [f"{WORKFLOW} exists: not replaced"]
    assert (root / WORKFLOW).read_text() == LINT


def test_a_broken_workflow_is_for_the_user_to_mend(tmp_path: Path) -> None:
    root = _repo(tmp_path, {".github/workflows/ci.yml": "on: [push\njobs: {}\n"})
    [note] = _notes(root, {"DOCS003"})
    assert note.startswith(".github/workflows/ci.yml does not parse")


def test_no_workflow_without_tests_to_run(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", [Step("Start", {"train.py": "print('hi')\n"})])
    [note] = _notes(root, {"DOCS003"})
    assert note.startswith("no tests for a workflow to run yet")


def test_the_pins_are_the_ones_repocheck_itself_uses() -> None:
    own = (ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8")
    for pin in (CHECKOUT, SETUP_PYTHON):
        assert f"uses: {pin}\n" in own
        assert re.fullmatch(r"actions/[\w-]+@[0-9a-f]{40} # v[\d.]+", pin)


def test_the_workflow_passes_githubs_schema_and_the_security_audit(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"requirements.txt": "pyyaml\n"})
    round_trip(root, {"DOCS003"})
    path = str(root / WORKFLOW)
    checked = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    audited = run(tool("zizmor"), "--offline", "--no-progress", path)
    assert audited.returncode == 0, audited.stdout + audited.stderr


def test_test003_before_repro003_plans_the_requirements_once(tmp_path: Path) -> None:
    # TEST003's fixer runs first in catalogue order: it plans requirements.txt for the job to
    # install, and REPRO003's fixer then finds nothing left to declare.
    root = _repo(tmp_path, {".github/workflows/lint.yml": LINT})
    trip = round_trip(root, {"TEST003", "REPRO003"})
    assert [p.rule_id for p in trip.plan.proposals] == ["TEST003"]
    assert trip.written(root)["requirements.txt"] == "pyyaml\n"
    assert trip.status("TEST003") is Status.PASS and trip.status("REPRO003") is Status.PASS
    assert trip.second.empty


def test_a_requirements_symlink_is_not_replaced_by_a_new_file(tmp_path: Path) -> None:
    outside = tmp_path / "pins.txt"
    outside.write_text("pyyaml\n")
    root = _repo(tmp_path)
    (root / "requirements.txt").symlink_to(outside)
    notes = _notes(root, {"DOCS003", "REPRO003"})
    assert any("yourself: it is not a text file" in note for note in notes)
    assert any("not written" in note for note in notes)
    assert (root / "requirements.txt").is_symlink() and not (root / WORKFLOW).exists()


def test_a_library_job_installs_it_and_what_its_tests_import(tmp_path: Path) -> None:
    setup = "from setuptools import setup\n\nsetup(name='grad', packages=['grad'])\n"
    files: dict[str, str | bytes | None] = {
        "setup.py": setup,
        "grad/__init__.py": "def add(a, b):\n    return a + b\n",
        "demo.ipynb": notebook_of("import matplotlib.pyplot as plt\nplt.plot([1, 2])"),
        "test/test_grad.py": (
            "import torch\n\nfrom grad import add\n\n\ndef test_add():\n"
            "    assert add(torch.tensor(1), 2) == 3\n"
        ),
    }
    root = make_repo(tmp_path / "repo", [Step("Start", files)])
    trip = round_trip(root, {"DOCS003"})
    assert set(trip.written(root)) == {WORKFLOW}  # the demo's imports are not the job's
    assert "- run: python -m pip install -e . pytest torch\n" in trip.written(root)[WORKFLOW]
    assert trip.status("DOCS003") is Status.PASS and trip.second.empty


def test_a_python_older_than_the_runner_offers_is_raised_with_a_note(tmp_path: Path) -> None:
    setup = "from setuptools import setup\n\nsetup(name='demo', python_requires='>=3.6')\n"
    root = _repo(tmp_path, {"requirements.txt": "pyyaml\n", "setup.py": setup})
    trip = round_trip(root, {"DOCS003"})
    assert 'python-version: "3.9"' in trip.written(root)[WORKFLOW]
    [proposal] = trip.plan.proposals
    assert any("allows Python 3.7" in note for note in proposal.notes)


def test_tests_run_only_by_hand_are_the_users_to_trigger(tmp_path: Path) -> None:
    by_hand = (
        "name: tests\non: [workflow_dispatch]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: pytest -q\n"
    )
    root = _repo(tmp_path, {"requirements.txt": "pyyaml\n", ".github/workflows/ci.yml": by_hand})
    [note] = _notes(root, {"TEST003"})
    assert note.endswith("mend that configuration rather than add a workflow")
    assert not (root / WORKFLOW).exists()
