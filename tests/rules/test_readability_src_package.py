"""READ001: a project whose package is itself named ``src`` (``src/__init__.py``, imported as
``from src.data.dataset import Dataset``) re-exports its API like any other package."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_readability import read001_of


def test_read001_reexports_of_a_package_named_src_are_not_unused_imports(tmp_path: Path) -> None:
    files = {
        "src/__init__.py": "",
        "src/data/__init__.py": (
            "from src.data.dataset import BaseDataset, MNISTDataset\nimport os\n"
        ),
        "src/data/dataset.py": "class BaseDataset:\n    pass\n\n\nclass MNISTDataset:\n    pass\n",
        "src/bin/train.py": "from src.data import MNISTDataset\n\nprint(MNISTDataset())\n",
    }
    result = read001_of(tmp_path, files)
    assert [(e.path, e.line) for e in result.evidence] == [("src/data/__init__.py", 2)]
    assert "2 unused imports that re-export" in result.message


def test_read001_a_src_layout_without_a_src_package_is_unchanged(tmp_path: Path) -> None:
    files = {
        "src/gpt/__init__.py": "from gpt.model import GPT\nimport os\n",
        "src/gpt/model.py": "GPT = 1\n",
    }
    result = read001_of(tmp_path, files)
    assert [(e.path, e.line) for e in result.evidence] == [("src/gpt/__init__.py", 2)]
    assert "1 unused imports that re-export" in result.message
