"""Where a node starts and ends in its source.

Spans of one tree nest or lie apart, so comparing positions answers "is this node inside that
one?" without walking either, and sorting by start orders nodes as the source reads.
"""

from __future__ import annotations

import ast

Position = tuple[int, int]


def start_of(node: ast.AST) -> Position:
    """Line and column where ``node`` starts."""
    return (node.lineno, node.col_offset)  # type: ignore[attr-defined]


def end_of(node: ast.AST) -> Position:
    """Line and column where ``node`` ends ((0, 0) where the parser left them unset)."""
    return (node.end_lineno or 0, node.end_col_offset or 0)  # type: ignore[attr-defined]


def contains(outer: ast.AST, inner: ast.AST) -> bool:
    """Whether ``inner`` lies within ``outer`` (same unit): source spans nest like the tree."""
    return (
        outer is not inner and start_of(outer) <= start_of(inner) and end_of(inner) <= end_of(outer)
    )
