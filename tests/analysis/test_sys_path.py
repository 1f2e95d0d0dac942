"""Folders of the repository that a module puts on ``sys.path`` by hand."""

from __future__ import annotations

from repocheck.analysis.imports import local_modules
from repocheck.analysis.sys_path import first_path_edit, names_put_on_path
from tests.helpers import snapshot_from

CONTEXT = (
    "import os\nimport sys\n"
    "path = os.path.dirname(os.path.abspath(__file__))\n"
    "sys.path.insert(0, f'{path}/../network_training/')\n"
    "import loader  # noqa\nimport loss  # noqa\n"
)


def test_a_package_folder_put_on_sys_path_makes_its_modules_importable_by_bare_name() -> None:
    # tst/context.py puts network_training/ (a package: it has __init__.py) first on the
    # path, so `import loader` finds network_training/loader.py, not a PyPI package.
    files = {
        "network_training/__init__.py": "",
        "network_training/loader.py": "x = 1\n",
        "network_training/loss.py": "y = 1\n",
        "tst/context.py": CONTEXT,
    }
    snapshot = snapshot_from(files)
    found = names_put_on_path(snapshot, local_modules(snapshot))
    assert found == {"tst/context.py": frozenset({"loader", "loss"})}


def test_a_path_through_a_name_or_a_join_is_followed_and_outside_folders_add_nothing() -> None:
    joined = (
        "import os\nimport sys\n"
        "HERE = os.path.dirname(__file__)\n"
        "SRC = os.path.join(HERE, '..', 'src', 'pkg')\n"
        "if SRC not in sys.path:\n    sys.path.append(SRC)\n"
    )
    files = {
        "src/pkg/__init__.py": "",
        "src/pkg/helpers.py": "x = 1\n",
        "scripts/run.py": joined,
        "scripts/kaggle.py": "import sys\nsys.path.append('../input/timm-pytorch')\n",
        "scripts/up.py": "import sys\nsys.path.insert(0, '..')\n",
        "plain.py": "import os\n",
    }
    snapshot = snapshot_from(files)
    found = names_put_on_path(snapshot, local_modules(snapshot))
    assert found == {"scripts/run.py": frozenset({"helpers"})}


def test_the_path_reached_through_os_is_edited_all_the_same() -> None:
    # `os.sys.path.insert(0, parentdir)`, an old recipe for scripts in a tests/ folder: os
    # holds the sys module, so this is sys.path, and the imports below it need the folder.
    script = (
        "import os\nimport inspect\n\n"
        "currentdir = os.path.dirname(os.path.abspath(inspect.getfile(inspect.currentframe())))\n"
        "parentdir = os.path.dirname(currentdir)\n"
        "os.sys.path.insert(0, parentdir)\n\n"
        "from optimizer.bayes import BayesianOptimization  # noqa\n"
    )
    files = {"tests/run_bo.py": script, "plain.py": "import os\nos.path.join('a', 'b')\n"}
    units = {unit.path: unit for unit in snapshot_from(files).sources}
    assert first_path_edit(units["tests/run_bo.py"]) == 6
    assert first_path_edit(units["plain.py"]) is None


def test_a_project_root_set_up_on_the_path_by_rootutils_is_a_path_edit() -> None:
    # The Lightning and Hydra template's opening: `rootutils.setup_root(__file__,
    # pythonpath=True)` (or pyrootutils') puts the project's root on sys.path, so the
    # `from src...` imports below it cannot move above it. Its `pythonpath` is on by default;
    # `pythonpath=False` leaves the path alone, and a call inside a function edits nothing
    # at import time.
    template = (
        "import pyrootutils\n\n"
        "root = pyrootutils.setup_root(\n"
        "    search_from=__file__,\n"
        '    indicator=[".git", "pyproject.toml"],\n'
        "    pythonpath=True,\n"
        ")\n\n"
        "from src import utils  # noqa\n"
    )
    files = {
        "src/train.py": template,
        "src/eval.py": (
            "import rootutils\nrootutils.setup_root(__file__, indicator='.project-root')\n"
            "from src.utils import task_wrapper  # noqa\n"
        ),
        "src/bare.py": (
            "from rootutils import setup_root\nsetup_root(__file__)\nfrom src import x  # noqa\n"
        ),
        "src/no_path.py": "import rootutils\nrootutils.setup_root(__file__, pythonpath=False)\n",
        "src/later.py": (
            "import pyrootutils\n\n"
            "def main():\n    pyrootutils.setup_root(__file__, pythonpath=True)\n"
        ),
    }
    units = {unit.path: unit for unit in snapshot_from(files).sources}
    assert first_path_edit(units["src/train.py"]) == 3
    assert first_path_edit(units["src/eval.py"]) == 2
    assert first_path_edit(units["src/bare.py"]) == 2
    assert first_path_edit(units["src/no_path.py"]) is None
    assert first_path_edit(units["src/later.py"]) is None
