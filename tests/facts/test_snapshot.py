"""The Snapshot's shared views of parsed code."""

from __future__ import annotations

import ast
import dataclasses
import threading
import time
from pathlib import Path

from repocheck.facts.snapshot import FunctionComplexity, Measuring, Snapshot, breadth_first
from tests.helpers import snapshot_from

ROOT = Path(__file__).resolve().parent.parent.parent


def test_nodes_come_in_exactly_ast_walk_order() -> None:
    for path in sorted((ROOT / "repocheck").rglob("*.py"))[:40]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert breadth_first(tree) == list(ast.walk(tree)), path


def test_of_type_indexes_nodes_by_exact_class() -> None:
    unit = snapshot_from({"a.py": "import os\nx = f(1)\ndef g():\n    return h(2)\n"}).sources[0]
    calls = unit.of_type(ast.Call)
    assert [ast.unparse(call) for call in calls] == ["f(1)", "h(2)"]
    assert unit.of_type(ast.Import, ast.FunctionDef)[0].lineno == 1
    assert unit.nodes[0] is unit.tree


def test_of_type_gives_every_type_in_walk_order_the_shared_contexts_too() -> None:
    # Contexts and operators are left out of the grouping (one object each, shared by every
    # tree), yet asking for them by type still finds each place they sit.
    for path in sorted((ROOT / "repocheck" / "analysis").rglob("*.py"))[:15]:
        source = path.read_text(encoding="utf-8")
        unit = snapshot_from({"m.py": source}).sources[0]
        walked = list(ast.walk(ast.parse(source)))
        for kind in {type(node) for node in walked} | {ast.Load, ast.Add}:
            expected = [type(node).__name__ for node in walked if type(node) is kind]
            assert [type(node).__name__ for node in unit.of_type(kind)] == expected, kind
            assert len(unit.of_type(kind)) == len(expected)


def test_a_unit_that_did_not_parse_has_no_nodes() -> None:
    unit = snapshot_from({"bad.py": "def broken(:\n"}).sources[0]
    assert unit.tree is None and unit.nodes == () and unit.of_type(ast.Call) == []


def test_code_lines_are_counted_once_per_unit() -> None:
    source = "# a comment\n\nx = 1\n    # indented comment\ny = 2\n"
    unit = snapshot_from({"a.py": source}).sources[0]
    assert unit.code_lines == 2
    assert unit.__dict__["code_lines"] == 2  # kept: several rules and the stats ask for it


def test_segment_is_the_standard_librarys_source_segment() -> None:
    # \r\n, a lone \r, a form feed (not a line end for the segment), non-ASCII columns.
    source = "x = 1\r\ny = f(\n  'ü', 2)\rz = [\x0c1,\n 2]\nw = g()"
    unit = snapshot_from({"a.py": source}).sources[0]
    assert unit.tree is not None
    for node in ast.walk(unit.tree):
        assert unit.segment(node) == ast.get_source_segment(source, node)
    assert unit.segment(ast.Name("x")) is None  # a node made by hand has no position


def test_measured_fields_wait_for_their_measurements_once_on_any_thread() -> None:
    started, calls = threading.Event(), []
    function = FunctionComplexity("a.py", "f", 1, 3)

    def finish() -> tuple[tuple[FunctionComplexity, ...], tuple[str, ...], tuple[str, ...]]:
        calls.append(1)
        started.set()
        time.sleep(0.2)  # the workers still measuring
        return (function,), ("a.py: a note",), ("a limit",)

    snapshot = Snapshot("repo", notes=(), measuring=Measuring(finish))
    seen: list[object] = []
    reader = threading.Thread(target=lambda: seen.append(snapshot.complexity))
    reader.start()
    started.wait()
    assert snapshot.limits == ("a limit",)  # this thread waits for the other's answer
    reader.join()
    assert seen == [(function,)] and snapshot.notes == ("a.py: a note",)
    assert calls == [1] and snapshot.measuring is None
    assert dataclasses.replace(snapshot, root_name="other").complexity == (function,)
