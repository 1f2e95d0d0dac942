"""READ001: a module that picks one of its own imports by name at run time
(``globals()[name](...)``, ``getattr(sys.modules[__name__], name)``) uses every import ruff
calls unused; `ruff check --fix` would delete the datasets the config names. An unused import
in a module that does no such lookup still counts."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_readability import read001_of

LOADER = (
    "from torchvision.datasets import CIFAR10, MNIST\n\n\n"
    "def load(name, root):\n"
    "    return globals()[name](root=root, download=True)\n"
)
BY_MODULE = (
    "import sys\n\n"
    "from models import ResNet, VGG\n\n\n"
    "def build(name):\n"
    "    return getattr(sys.modules[__name__], name)()\n"
)
UNRELATED = (
    "import os\nimport json\n\n\n"
    "def names():\n    return globals().keys()\n\n\n"
    "def solve(problem):\n    return eval(problem)\n\n\n"
    "def override(settings):\n    for key, value in settings.items():\n"
    "        globals()[key] = value\n"
)


def test_read001_imports_looked_up_by_name_in_globals_are_used(tmp_path: Path) -> None:
    result = read001_of(tmp_path, {"datasets.py": LOADER, "zoo.py": BY_MODULE})
    assert [e.snippet for e in result.evidence if e.snippet.startswith("F401")] == []
    assert result.metrics["set_aside"] == 4
    assert "4 unused imports the module looks up by name at run time" in result.message


def test_read001_globals_without_a_lookup_by_name_uses_nothing(tmp_path: Path) -> None:
    # Listing the namespace's keys calls no import, eval() of an arithmetic problem reads no
    # name, and a config override writes names rather than reading them: both stay unused.
    result = read001_of(tmp_path, {"names.py": UNRELATED})
    assert [(e.line, e.snippet[:4]) for e in result.evidence] == [(1, "F401"), (2, "F401")]
