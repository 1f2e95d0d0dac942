"""READ001: a module made of nothing but imports of the project's own modules, renamed or
not (``from model import GravitySpyResNet as TheModel`` in a course's ``interface.py``), is a
facade: other code, often a grader outside the repository, imports its names. Its imports
are its whole content, so ruff's "unused" finds nothing to remove; the same imports in a
module that does anything else, or imports of a library, still count."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_readability import read001_of

OWN = {
    "model.py": "class Net:\n    pass\n",
    "train.py": "def train_model():\n    return 1\n",
}
FACADE = (
    "# Model\nfrom model import Net as TheModel\n\n"
    "# Training function\nfrom train import train_model as the_trainer\n"
)


def test_read001_a_module_of_only_the_projects_own_imports_is_a_facade(tmp_path: Path) -> None:
    result = read001_of(tmp_path, {**OWN, "interface.py": FACADE})
    assert [e.snippet for e in result.evidence if "F401" in (e.snippet or "")] == []
    assert "2 unused imports of a module made only of the project's own imports" in result.message


def test_read001_the_same_imports_beside_other_code_still_count(tmp_path: Path) -> None:
    busy = FACADE + "\nprint('loaded')\n"
    result = read001_of(tmp_path / "a", {**OWN, "interface.py": busy})
    assert sum("F401" in (e.snippet or "") for e in result.evidence) == 2
    with_a_library = FACADE + "import torch\n"
    result = read001_of(tmp_path / "b", {**OWN, "interface.py": with_a_library})
    assert sum("F401" in (e.snippet or "") for e in result.evidence) == 3
