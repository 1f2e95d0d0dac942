"""READ001: a package kept one folder down (``steps/dataset/dataset/``, run from
``steps/dataset/``) re-exports its modules from its ``__init__.py`` by its own absolute name
(``from dataset.utils._tools import shred``), as one at the top of the repository does; the
name is the package's, not a library's. An import naming a module the package does not hold
still counts."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_readability import read001_of

FILES = {
    "steps/dataset/dataset/__init__.py": (
        "from dataset._config import Config\nfrom dataset.utils import shred\n"
    ),
    "steps/dataset/dataset/_config.py": "class Config:\n    pass\n",
    "steps/dataset/dataset/utils/__init__.py": (
        "from dataset.utils._tools import shred\nfrom dataset.utils.missing import gone\n"
    ),
    "steps/dataset/dataset/utils/_tools.py": "def shred():\n    return 1\n",
    "steps/dataset/handler.py": "import os\n\nprint(1)\n",
}


def test_read001_reexports_of_a_nested_package_by_its_own_name_are_not_counted(
    tmp_path: Path,
) -> None:
    result = read001_of(tmp_path, FILES)
    counted = [(e.path, e.line, e.snippet[:4]) for e in result.evidence]
    assert counted == [
        ("steps/dataset/dataset/utils/__init__.py", 2, "F401"),
        ("steps/dataset/handler.py", 1, "F401"),
    ]
