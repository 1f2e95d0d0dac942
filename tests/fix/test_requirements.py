"""REPRO003 and REPRO004 fixers: the imported packages declared, pins only from what is installed."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from repocheck.fix.engine import analyze_for_fix, plan_fixes
from repocheck.fix.plan import FixOptions
from repocheck.model import Status
from tests.fix.helpers import round_trip
from tests.fixtures import notebook
from tests.helpers import Step, make_repo

TRAIN = """\
import os

import cv2
import numpy as np
import yaml
from PIL import Image
from sklearn.linear_model import LogisticRegression

from utils import load

print(os.getcwd(), cv2, np, yaml, Image, LogisticRegression, load)
"""
UTILS = "def load():\n    return 1\n"
PYPROJECT = """\
[project]
name = "demo"
version = "0.1.0"
# what the demo needs
dependencies = [
    "numpy",  # arrays
]

[tool.ruff]
line-length = 100
"""


def _repo(tmp_path: Path, extra: dict[str, str | bytes | None] | None = None) -> Path:
    files: dict[str, str | bytes | None] = {"train.py": TRAIN, "utils.py": UTILS, **(extra or {})}
    return make_repo(tmp_path / "repo", [Step("Train", files)])


def test_requirements_txt_lists_the_distributions_imported(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    trip = round_trip(root, {"REPRO003"})
    assert trip.status("REPRO003", trip.before) is Status.FAIL
    [change] = trip.plan.changes
    assert (change.path, change.before) == ("requirements.txt", None)
    lines = change.after.splitlines()
    assert lines == ["numpy", "opencv-python", "pillow", "pyyaml", "scikit-learn"]
    assert all(Requirement(line) for line in lines)  # what pip reads
    assert trip.written(root) == {"requirements.txt": change.after}
    assert trip.status("REPRO003") is Status.PASS
    assert trip.second.empty and trip.second.proposals == ()


def test_nothing_is_written_when_every_import_is_local(tmp_path: Path) -> None:
    root = make_repo(
        tmp_path / "repo",
        [Step("Train", {"train.py": "import os\n\nfrom utils import load\n", "utils.py": UTILS})],
    )
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"REPRO003", "REPRO004"})
    assert plan.empty and plan.proposals == ()
    assert not (root / "requirements.txt").exists()


def test_an_existing_requirements_file_is_appended_to(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"requirements.txt": "# pinned by hand\nnumpy>=1.24"})
    trip = round_trip(root, {"REPRO003"})
    text = (root / "requirements.txt").read_text()
    assert text == "# pinned by hand\nnumpy>=1.24\nopencv-python\npillow\npyyaml\nscikit-learn\n"
    assert trip.status("REPRO003") is Status.PASS and trip.second.empty


def test_neither_the_base_images_framework_nor_a_missing_module_is_written(
    tmp_path: Path,
) -> None:
    # torch comes with the Docker base image and models.py is not committed: REPRO003 says
    # so, and the fixer declares only the package pip can install.
    files: dict[str, str | bytes | None] = {
        "Dockerfile": "FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\n",
        "requirements.txt": "numpy==1.26.4\n",
        "train.py": "import numpy\nimport torch\nimport yaml\nfrom models import Net\n"
        "from grp_transforms import ForceSyncAffined\n",
        # The class the missing grp_transforms held, copied into a script.
        "augment.py": "class ForceSyncAffined:\n    pass\n",
    }
    root = make_repo(tmp_path / "repo", [Step("Train", files)])
    trip = round_trip(root, {"REPRO003"})
    assert (root / "requirements.txt").read_text() == "numpy==1.26.4\npyyaml\n"
    after = next(o.result for o in trip.after.outcomes if o.meta.id == "REPRO003")
    assert after.message == (
        "grp_transforms, models imported but not in the repository (a module left out of a commit?)"
    )


def test_a_module_whose_file_the_history_deleted_is_not_written(tmp_path: Path) -> None:
    # A clean-up commit deleted pre_processamento.py while treinamento.py still imports it.
    root = make_repo(
        tmp_path / "repo",
        [
            Step("Clean", {"pre_processamento.py": "def limpeza(df):\n    return df\n"}),
            Step(
                "Train",
                {"requirements.txt": "numpy==1.26.4\n", "treinamento.py": "import numpy\n"},
                1,
            ),
            Step("Remove old modules", {"pre_processamento.py": None}, 2),
            Step(
                "Use yaml",
                {
                    "treinamento.py": "import numpy\nimport yaml\nfrom pre_processamento import limpeza\n"
                },
                3,
            ),
        ],
    )
    trip = round_trip(root, {"REPRO003"})
    assert (root / "requirements.txt").read_text() == "numpy==1.26.4\npyyaml\n"
    after = next(o.result for o in trip.after.outcomes if o.meta.id == "REPRO003")
    assert after.message.startswith("pre_processamento imported but not in the repository")


def test_a_pyproject_project_table_gets_the_dependencies(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"pyproject.toml": PYPROJECT})
    trip = round_trip(root, {"REPRO003"})
    [change] = trip.plan.changes
    assert change.path == "pyproject.toml"
    assert change.after == PYPROJECT.replace(
        '    "numpy",  # arrays\n',
        '    "numpy",  # arrays\n    "opencv-python",\n    "pillow",\n    "pyyaml",\n'
        '    "scikit-learn",\n',
    )
    assert not (root / "requirements.txt").exists()
    assert trip.status("REPRO003") is Status.PASS and trip.second.empty


def test_a_file_it_cannot_edit_gets_a_note_and_no_change(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"environment.yml": "name: demo\ndependencies:\n  - numpy\n"})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"REPRO003"})
    [proposal] = plan.proposals
    assert plan.empty and "environment.yml" in proposal.notes[0]


def test_pinning_without_the_option_only_says_how(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"requirements.txt": "pyyaml\npackaging\n"})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"REPRO004"})
    [proposal] = plan.proposals
    assert plan.empty and "pip freeze" in proposal.notes[0]


def test_pins_come_from_the_environment_into_a_constraints_file(tmp_path: Path) -> None:
    requirements = "pyyaml\npackaging\nno-such-distribution-here\n"
    root = _repo(tmp_path, {"requirements.txt": requirements})
    trip = round_trip(root, {"REPRO004"}, FixOptions(pin_from_env=True))
    assert trip.status("REPRO004", trip.before) is Status.FAIL
    pins = [f"pyyaml=={metadata.version('pyyaml')}", f"packaging=={metadata.version('packaging')}"]
    assert trip.written(root) == {
        "constraints.txt": "".join(f"{pin}\n" for pin in pins),
        "requirements.txt": requirements + "-c constraints.txt\n",
    }
    [proposal] = trip.plan.proposals
    assert any("no-such-distribution-here" in note for note in proposal.notes)
    assert trip.status("REPRO004") is Status.PASS
    assert trip.second.empty


def test_new_requirements_are_pinned_only_where_installed(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    trip = round_trip(root, {"REPRO003"}, FixOptions(pin_from_env=True))
    lines = (root / "requirements.txt").read_text().splitlines()
    assert f"pyyaml=={metadata.version('pyyaml')}" in lines
    assert "opencv-python" in lines  # not installed here: no version to read, none guessed
    assert trip.status("REPRO003") is Status.PASS and trip.second.empty


def test_a_pyproject_of_tool_settings_only_leaves_requirements_txt_the_place(
    tmp_path: Path,
) -> None:
    root = _repo(tmp_path, {"pyproject.toml": "[tool.ruff]\nline-length = 100\n"})
    trip = round_trip(root, {"REPRO003"})
    assert set(trip.written(root)) == {"requirements.txt"}
    assert (root / "pyproject.toml").read_text() == "[tool.ruff]\nline-length = 100\n"
    assert trip.status("REPRO003") is Status.PASS and trip.second.empty


def test_a_poetry_project_gets_a_note_not_an_edit(tmp_path: Path) -> None:
    pyproject = '[tool.poetry]\nname = "demo"\n\n[tool.poetry.dependencies]\npython = "^3.10"\n'
    root = _repo(tmp_path, {"pyproject.toml": pyproject})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"REPRO003"})
    [proposal] = plan.proposals
    assert plan.empty and proposal.notes[0].startswith("declare numpy, opencv-python")
    assert "pyproject.toml" in proposal.notes[0]


def test_a_standard_library_line_is_named_not_removed(tmp_path: Path) -> None:
    requirements = "numpy\nopencv-python\npillow\npyyaml\nscikit-learn\nos\n"
    root = _repo(tmp_path, {"requirements.txt": requirements})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"REPRO003"})
    [proposal] = plan.proposals
    assert plan.empty and proposal.notes == (
        "remove or correct these lines yourself: requirements.txt:6 os",
    )


def test_a_line_pip_cannot_read_is_named_not_declared_twice(tmp_path: Path) -> None:
    requirements = "numpy\nopencv-python==4.10\npillow\npyyaml\nscikit-learn=1.5.2\n"
    root = _repo(tmp_path, {"requirements.txt": requirements})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"REPRO003"})
    [proposal] = plan.proposals
    assert plan.empty and proposal.notes == (
        "remove or correct these lines yourself: requirements.txt:5 scikit-learn=1.5.2",
    )


def test_a_dependencies_value_that_is_not_a_list_is_not_edited(tmp_path: Path) -> None:
    pyproject = '[project]\nname = "demo"\ndependencies = "numpy"\n'
    root = _repo(tmp_path, {"pyproject.toml": pyproject})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"REPRO003"})
    assert plan.empty and "pyproject.toml" in plan.proposals[0].notes[0]


def test_a_misspelt_import_is_named_not_declared(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "requirements.txt": "scikit-learn==1.5.2\n",
        "train.py": "import sklearn\nimport yaml\nfrom sklarn.svm import SVC\n",
    }
    root = make_repo(tmp_path / "repo", [Step("Train", files)])
    trip = round_trip(root, {"REPRO003"})
    assert (root / "requirements.txt").read_text() == "scikit-learn==1.5.2\npyyaml\n"
    [proposal] = trip.plan.proposals
    assert proposal.notes == (
        "correct the import of sklarn (sklearn?) by hand: repocheck declares no misspelt name",
    )


def test_a_module_imported_by_a_name_its_file_lacks_is_not_declared(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {
        "transformers.py": "def get_transform():\n    return None\n",
        "main.py": "import yaml\nfrom transforms import get_transform\n",
    }
    root = make_repo(tmp_path / "repo", [Step("Add", files)])
    trip = round_trip(root, {"REPRO003"})
    assert (root / "requirements.txt").read_text() == "pyyaml\n"
    [proposal] = trip.plan.proposals
    assert proposal.notes == (
        "correct the import of transforms (transformers.py?) by hand: repocheck declares no"
        " misspelt name",
    )


def test_with_no_file_the_packages_one_notebook_pip_installs_are_written_too(
    tmp_path: Path,
) -> None:
    # bears.ipynb installs fastai for itself; cnn.ipynb imports it too. The file written for
    # wandb must hold fastai, or cnn.ipynb fails in a fresh environment.
    files: dict[str, str | bytes | None] = {
        "bears.ipynb": notebook("!pip install fastai", "from fastai.vision.all import *"),
        "cnn.ipynb": notebook("import wandb\nfrom fastai.vision.all import *"),
    }
    root = make_repo(tmp_path / "repo", [Step("Notebooks", files)])
    trip = round_trip(root, {"REPRO003"})
    [change] = trip.plan.changes
    assert (change.path, change.after.splitlines()) == ("requirements.txt", ["fastai", "wandb"])
    assert trip.status("REPRO003") is Status.PASS
