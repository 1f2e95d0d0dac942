"""What a module defines at its top level: the functions and classes others can import."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def is_main_guard(node: ast.stmt) -> bool:
    """``if __name__ == "__main__":`` (either operand order)."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    operands = [node.test.left, *node.test.comparators]
    names = any(isinstance(o, ast.Name) and o.id == "__name__" for o in operands)
    main = any(isinstance(o, ast.Constant) and o.value == "__main__" for o in operands)
    return names and main


def in_main_block(tree: ast.Module | None, line: int) -> bool:
    """``line`` is in the module's ``if __name__ == "__main__":`` block, which runs only when
    the file itself is run, never when another module imports it."""
    return tree is not None and any(
        is_main_guard(node) and node.lineno <= line <= (node.end_lineno or node.lineno)
        for node in tree.body
    )


def module_level(body: Sequence[ast.stmt]) -> Iterator[Definition]:
    """Definitions at module level, also under ``if``/``try`` (not under the ``__main__`` guard)."""
    for node in body:
        if isinstance(node, Definition):
            yield node
        elif isinstance(node, ast.If) and not is_main_guard(node):
            yield from module_level(node.body)
            yield from module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from module_level(block)
            for handler in node.handlers:
                yield from module_level(handler.body)


def under_main_guard(body: Sequence[ast.stmt]) -> bool:
    """Whether the module's ``if __name__ == "__main__":`` block defines a function or class:
    a script's own, which no other module or notebook can import."""
    return any(
        isinstance(node, ast.If)
        and is_main_guard(node)
        and any(True for _ in module_level(node.body))
        for node in body
    )
