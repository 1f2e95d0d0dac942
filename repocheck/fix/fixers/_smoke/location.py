"""Where the test imports the model from, and whether importing it is safe.

pytest does not put the repository root (or ``src/``) on the import path by itself: the
import root is added by a ``tests/conftest.py`` when nothing else adds it, and a module that
runs code when imported (a training script) is not imported at all.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from pathlib import PurePosixPath

from repocheck.analysis.ml_code import Code
from repocheck.fix.fixers._smoke.values import shown

#: Calls a module may make at import time and still be safe to import in a test.
_SAFE_CALLS = (
    *("logging.", "os.", "typing.", "collections.", "functools.", "warnings.", "random.seed"),
    *("torch.device", "torch.cuda.is_available", "torch.manual_seed", "numpy.random.seed"),
    *("sys.path.", "torch.set_default_dtype", "torch.set_float32_matmul_precision"),
)
_DEFINITIONS = (
    ast.Import,
    ast.ImportFrom,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Pass,
)


def import_location(path: str, files: Collection[str]) -> tuple[str, str] | str:
    """(the folder to import from, the dotted module), or why the file cannot be imported."""
    pure = PurePosixPath(path)
    if pure.suffix != ".py":
        return f"{path} is not a Python module a test can import"
    parts = [] if pure.stem == "__init__" else [pure.stem]
    folder = pure.parent
    while str(folder) != "." and str(folder / "__init__.py") in files:
        parts.insert(0, folder.name)
        folder = folder.parent
    if not parts or not all(part.isidentifier() for part in parts):
        return f"{path} has no importable module name"
    return ("" if str(folder) == "." else str(folder)), ".".join(parts)


def on_path_already(root: str, files: Collection[str]) -> bool:
    """pytest's default import mode puts the root on the path for a root conftest.py or a
    tests package; nothing puts ``src/`` there but an installed package."""
    return not root and ("conftest.py" in files or "tests/__init__.py" in files)


def runs_on_import(code: Code) -> int | None:
    """The line of the first statement that does work when the module is imported."""
    for unit in code.units:
        for statement in unit.tree.body if unit.tree else []:
            if not _inert(statement, code):
                return statement.lineno
    return None


def _inert(statement: ast.stmt, code: Code) -> bool:
    if isinstance(statement, _DEFINITIONS):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        return code.resolve(statement.value.func).startswith(_SAFE_CALLS)  # torch.manual_seed(0)
    if isinstance(statement, ast.Expr):
        return isinstance(statement.value, ast.Constant)  # a docstring
    if isinstance(statement, ast.If):
        test = shown(statement.test).replace("'", '"')
        return test == '__name__ == "__main__"'
    if isinstance(statement, ast.Try):
        return all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in statement.body)
    if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value is not None:
        calls = [n for n in ast.walk(statement.value) if isinstance(n, ast.Call)]
        return all(code.resolve(call.func).startswith(_SAFE_CALLS) for call in calls)
    return False
