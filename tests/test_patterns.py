"""Patterns compiled on first use answer as compiled ones do, and the package keeps to them."""

from __future__ import annotations

import ast
import copy
import pickle
import re
from pathlib import Path

import repocheck
from repocheck.patterns import compile_on_use

PACKAGE = Path(repocheck.__file__).parent


def test_a_pattern_compiles_on_first_use_and_answers_as_re_does() -> None:
    text = "lr=3e-4 and LR = 0.1"
    lazy = compile_on_use(r"lr\s*=\s*(?P<value>[\d.e-]+)", re.IGNORECASE)
    eager = re.compile(lazy.pattern, re.IGNORECASE)
    assert "search" not in vars(lazy)  # reading .pattern compiled nothing
    assert [m.group("value") for m in lazy.finditer(text)] == ["3e-4", "0.1"]
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.sub("x", text) == eager.sub("x", text)
    assert lazy.split(text) == eager.split(text)
    assert lazy.fullmatch("lr=1") is not None and lazy.match(" lr=1") is None
    assert (lazy.flags, lazy.groups, lazy.groupindex) == (eager.flags, 1, {"value": 1})
    assert vars(lazy)["search"] == eager.search  # held: later uses are plain reads


def test_a_pattern_copies_and_pickles_as_a_pattern_compiled_on_use() -> None:
    lazy = compile_on_use(r"/home/(\w+)")
    for twin in (copy.deepcopy(lazy), pickle.loads(pickle.dumps(lazy))):
        assert "search" not in vars(twin) and twin.pattern == lazy.pattern
        found = twin.search("at /home/ada/data")
        assert found is not None and found.group(1) == "ada"
    assert "search" not in vars(lazy)  # copying compiled nothing


def test_no_module_compiles_a_pattern_at_import() -> None:
    # A pattern at module level or in a class body is compiled on import, used or not.
    eager = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        pending: list[ast.AST] = [tree]
        while pending:
            node = pending.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                    continue
                func = child.func if isinstance(child, ast.Call) else None
                if isinstance(func, ast.Attribute) and ast.unparse(func) == "re.compile":
                    eager.append(f"{path.relative_to(PACKAGE)}:{child.lineno}")
                pending.append(child)
    assert eager == []
