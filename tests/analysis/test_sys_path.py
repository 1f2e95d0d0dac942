"""Folders of the repository that a module puts on ``sys.path`` by hand."""

from __future__ import annotations

import ast
from typing import Any

from repocheck.analysis import sys_path
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


class _CountingNames(dict[str, ast.expr]):
    """Module-level names that count how often a reading looks one up."""

    lookups = 0

    def __contains__(self, name: object) -> bool:
        self.lookups += 1
        return super().__contains__(name)

    def __getitem__(self, name: str) -> ast.expr:
        self.lookups += 1
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:
        self.lookups += 1
        return super().get(name, default)


def test_names_that_repeat_one_another_are_read_once_each() -> None:
    # B = A + A + ..., C = B + B + ...: followed three names deep, a path of 12 Cs once looked
    # names up 12**3 times and spelled 12**3 segments; each name's value is now read once.
    terms = 12
    lines = ["A = 'src/'", *(f"{b} = {' + '.join([a] * terms)}" for a, b in ("AB", "BC"))]
    module = ast.parse("\n".join(lines))
    names = _CountingNames()
    for statement in module.body:
        assert isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name)
        names[statement.targets[0].id] = statement.value
    path = ast.parse(" + ".join(["C"] * terms), mode="eval").body
    assert sys_path._path_parts(path, names) == {"src"}
    assert sys_path._called(path, names) == set()
    assert names.lookups < 10 * terms
    names.lookups = 0
    assert sys_path._spelled(path, names) == []  # 12**3 segments: past the limit, not read
    assert names.lookups < 2 * sys_path._SPELLED_LIMIT


def test_many_edits_of_one_long_name_read_it_a_bounded_number_of_times(monkeypatch) -> None:
    # Each of thousands of ``sys.path.insert(0, ROOT)`` read ROOT's whole value again: edits
    # times its length. The first EDITS_READ edits of a module are read, as code makes a few.
    edits = 3 * sys_path.EDITS_READ
    code = "import sys\nROOT = " + " + ".join(["'src/'"] * 500) + " + find_root()\n"
    code += "sys.path.insert(0, ROOT)\n" * edits + "import helper\n"
    snapshot = snapshot_from({"run.py": code, "src/helper.py": ""})
    walks = []
    reached = sys_path._reached

    def counting(expression: ast.expr, assigned: dict[str, ast.expr]) -> Any:
        walks.append(1)
        return reached(expression, assigned)

    monkeypatch.setattr(sys_path, "_reached", counting)
    unit = snapshot.sources[0]
    assert sys_path.path_finders([unit]) == {"find_root"}
    assert sys_path.after_outside_path(unit, frozenset({"src"}), frozenset({"src"})) is None
    assert len(walks) <= 2 * sys_path.EDITS_READ
