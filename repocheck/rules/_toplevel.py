"""What a module defines at its top level: the functions and classes others can import."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _is_main_guard(node: ast.If) -> bool:
    test = node.test
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)
    )


def module_level(body: Sequence[ast.stmt]) -> Iterator[Definition]:
    """Definitions at module level, also under ``if``/``try`` (not under the ``__main__`` guard)."""
    for node in body:
        if isinstance(node, Definition):
            yield node
        elif isinstance(node, ast.If) and not _is_main_guard(node):
            yield from module_level(node.body)
            yield from module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from module_level(block)
            for handler in node.handlers:
                yield from module_level(handler.body)
