"""Imports made on demand, found by walking statement blocks only."""

from __future__ import annotations

import ast

from repocheck.analysis.import_kinds import deferred_import_ids
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
