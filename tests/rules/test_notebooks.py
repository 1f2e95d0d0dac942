from __future__ import annotations

import json

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def notebook(*cells: str) -> str:
    """An nbformat 4 notebook whose cells are code cells with the given sources."""
    raw = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
        for s in cells
    ]
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# READ005 ------------------------------------------------------------------------------------

NOTEBOOK_CODE = "\n".join(f"x{i} = {i}" for i in range(40))


def test_read005_skips_without_notebooks() -> None:
    result = check("READ005", snapshot_from({"train.py": "x = 1\n"}))
    assert result.status is Status.SKIP and result.message == "no notebooks"


def test_read005_fails_when_all_logic_is_in_notebooks() -> None:
    files = {"analysis.ipynb": notebook("%matplotlib inline", NOTEBOOK_CODE), "README.md": "# x\n"}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "analysis.ipynb"
    assert result.evidence[0].snippet == "40 code lines in notebook cells"
    assert result.metrics["notebook_lines"] == 40 and result.metrics["notebook_share"] == 1.0


def test_read005_passes_when_a_notebook_imports_a_local_module() -> None:
    files = {
        "src/data.py": "def load():\n    return 1\n",
        "explore.ipynb": notebook("import numpy as np", "x = 1\nfrom src.data import load"),
        "other.ipynb": notebook(NOTEBOOK_CODE),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.PASS
    first = result.evidence[0]
    assert (first.path, first.cell, first.line) == ("explore.ipynb", 1, 2)
    assert result.metrics["notebooks_importing_modules"] == 1


def test_read005_matches_a_module_imported_after_a_sys_path_change() -> None:
    files = {
        "src/utils.py": "class Scaler:\n    pass\n",
        "nb.ipynb": notebook("import sys\nsys.path.append('../src')\nfrom utils import Scaler"),
    }
    assert check("READ005", snapshot_from(files)).status is Status.PASS


def test_read005_passes_when_modules_hold_most_of_the_code() -> None:
    module = "\n".join(f"def f{i}():\n    return {i}" for i in range(30))
    files = {"src/lib.py": module, "demo.ipynb": notebook(NOTEBOOK_CODE)}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["module_lines"] == 60


def test_read005_warns_when_notebooks_dominate_but_modules_exist() -> None:
    files = {"src/lib.py": "def f():\n    return 1\n", "demo.ipynb": notebook(NOTEBOOK_CODE)}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.evidence[0].path == "demo.ipynb"


def test_read005_third_party_imports_and_tiny_notebooks_do_not_fail() -> None:
    files = {"numpy_demo.ipynb": notebook("import numpy as np\nx = np.zeros(3)")}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["notebooks_importing_modules"] == 0


def test_read005_ignores_notebooks_in_test_folders() -> None:
    files = {"tests/fixtures/nb.ipynb": notebook(NOTEBOOK_CODE), "lib.py": "x = 1\n"}
    assert check("READ005", snapshot_from(files)).status is Status.SKIP
