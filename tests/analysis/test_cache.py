"""Derived facts shared through the per-unit caches."""

from __future__ import annotations

import ast
from pathlib import Path

from repocheck.analysis.cache import in_walk_order
from tests.helpers import snapshot_from

ROOT = Path(__file__).resolve().parent.parent.parent


def test_statements_of_several_kinds_come_in_walk_order() -> None:
    source = (ROOT / "repocheck" / "cli.py").read_text(encoding="utf-8")
    unit = snapshot_from({"m.py": source}).sources[0]
    kinds = (ast.Import, ast.ImportFrom, ast.Return, ast.Raise)
    walked = [node for node in ast.walk(ast.parse(source)) if type(node) in kinds]
    found = in_walk_order(unit, kinds)
    assert [(type(n), n.lineno) for n in found] == [(type(n), n.lineno) for n in walked]
    assert len(walked) > 40
