"""Imports made on demand, found by walking statement blocks only; imports of names the
repository defines elsewhere."""

from __future__ import annotations

import ast

from repocheck.analysis.import_kinds import (
    deferred_import_ids,
    module_it_misnames,
    module_under_another_name,
    takes_names_it_defines,
)
from tests.helpers import snapshot_from

MODULE = """\
import os
from typing import TYPE_CHECKING
if HAS_RICH:
    import rich
elif HAS_TQDM:
    import tqdm
else:
    import logging
if __name__ == "__main__":
    import argparse
try:
    import yaml
except ImportError:
    import json
class Logger:
    import csv
    def __init__(self):
        import comet_ml
        def inner():
            import wandb
        with open("x") as f:
            for line in f:
                import pickle
    async def run(self):
        import asyncio
match os.name:
    case "nt":
        import winreg
"""


def _names(ids: frozenset[int], tree: ast.Module) -> set[str]:
    return {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) in ids
        for alias in node.names
    }


def test_imports_in_functions_and_availability_branches_are_deferred() -> None:
    unit = snapshot_from({"lib.py": MODULE}).sources[0]
    assert unit.tree is not None
    deferred = _names(deferred_import_ids(unit), unit.tree)
    assert deferred == {"rich", "tqdm", "logging", "comet_ml", "wandb", "pickle", "asyncio"}
    assert deferred_import_ids(unit) is deferred_import_ids(unit)  # once per unit


def test_a_unit_without_a_tree_or_imports_defers_nothing() -> None:
    broken, plain = snapshot_from({"a.py": "def f(:\n", "b.py": "x = 1\n"}).sources
    assert deferred_import_ids(broken) == frozenset() == deferred_import_ids(plain)


def test_an_import_of_names_a_module_elsewhere_in_the_repository_defines() -> None:
    snapshot = snapshot_from(
        {
            "pkg/helpers/__init__.py": "from .enc import *\n",
            "pkg/helpers/enc.py": "def encode(df):\n    return df\nTABLE = {}\n",
            "archive/old.py": "",
        }
    )

    def takes(line: str) -> bool:
        node = ast.parse(line).body[0]
        assert isinstance(node, (ast.Import, ast.ImportFrom))
        return takes_names_it_defines(node, snapshot)

    assert takes("from helpers import encode, gone")
    assert takes("from pkg.helpers.enc import TABLE")
    assert not takes("from helpers import other")  # a name it does not define
    assert not takes("import helpers")  # no name to match
    assert not takes("from .helpers import encode")  # relative: not a top-level package


def test_a_module_of_the_repository_imported_under_another_folder_name() -> None:
    # "multicamera" is the folder's name on the author's disk; the repository holds it as
    # "Multi-Camera Approach-1/", whose modules define every name taken.
    snapshot = snapshot_from(
        {
            "Multi-Camera Approach-1/camera_setup.py": "def setup_cameras():\n    return 1\n",
            "Multi-Camera Approach-1/DL_Model/features.py": "def prepare(x):\n    return x\n",
        }
    )

    def held(line: str) -> str | None:
        node = ast.parse(line).body[0]
        assert isinstance(node, (ast.Import, ast.ImportFrom))
        return module_under_another_name(node, snapshot)

    assert held("from multicamera.camera_setup import setup_cameras") == (
        "Multi-Camera Approach-1/camera_setup.py"
    )
    assert held("from multicamera.DL_Model.features import prepare") == (
        "Multi-Camera Approach-1/DL_Model/features.py"
    )
    assert held("from multicamera.camera_setup import setup_cameras, other") is None  # not all
    assert held("from multicamera.camera_setup import *") is None  # nothing named to match
    assert held("from multicamera.other.features import prepare") is None  # folder differs
    assert held("from camera_setup import setup_cameras") is None  # no first part to drop
    assert held("from torch.camera_setup import setup_cameras") is None  # a known package
    # The folder above the module has the name imported: moved, not renamed.
    assert held("from DL_Model.features import prepare") is None


def test_a_module_of_the_repository_imported_by_a_name_two_letters_off() -> None:
    # transformers.py defines get_transform; main.py imports it from "transforms".
    snapshot = snapshot_from(
        {
            "transformers.py": "def get_transform():\n    return None\nSIZE = 224\n",
            "pkg/loaders.py": "def load():\n    return None\n",
            "utils.py": "def load():\n    return None\n",
            "dataset.py": "def load_dataset(path):\n    return path\n",
        }
    )

    def meant(line: str) -> str | None:
        node = ast.parse(line).body[0]
        assert isinstance(node, (ast.Import, ast.ImportFrom))
        return module_it_misnames(node, snapshot)

    assert meant("from transforms import get_transform") == "transformers.py"
    assert meant("from transformer import get_transform, SIZE") == "transformers.py"
    assert meant("from loader import load") == "pkg/loaders.py"
    assert meant("from transforms import Compose") is None  # a name the module lacks
    assert meant("import transforms") is None  # no name to match
    assert meant("from torchvision import get_transform") is None  # not a near name
    assert meant("from utilz.more import load") is None  # dotted: a package's module
    assert meant("from .transforms import get_transform") is None  # relative
    assert meant("from datasets import load_dataset") is None  # Hugging Face's, by its name


def test_a_module_of_the_repository_imported_by_a_name_off_in_case_and_letters() -> None:
    # UTL/UTL.py defines the four helpers main.py takes from "Utill": a name two letters and
    # a case away, the team's own module renamed, not a package called utill.
    snapshot = snapshot_from(
        {
            "code/UTL/UTL.py": (
                "def printProgressBar(i, n):\n    pass\ndef find_gt(a, x):\n    pass\n"
                "def blockPrint():\n    pass\ndef enablePrint():\n    pass\n"
            ),
        }
    )

    def meant(line: str) -> str | None:
        node = ast.parse(line).body[0]
        assert isinstance(node, (ast.Import, ast.ImportFrom))
        return module_it_misnames(node, snapshot)

    taken = "blockPrint, enablePrint, printProgressBar, find_gt"
    assert meant(f"from Utill import {taken}") == "code/UTL/UTL.py"
    assert meant("from Utill import shot") is None  # a name the module lacks
    assert meant(f"from Vtill import {taken}") is None  # the first letter differs
