"""What an ``except`` clause catches, read from the exception classes it names."""

from __future__ import annotations

import ast
from collections.abc import Container

from repocheck.analysis.ml_names import terminal


def catches(caught: ast.expr | None, classes: Container[str]) -> bool:
    """Whether ``except <caught>:`` catches one of ``classes``: a bare ``except:`` (``caught``
    None) catches everything; ``except (ValueError, AssertionError)`` and
    ``except builtins.AssertionError`` each name one class by its last name."""
    if caught is None:
        return True
    named = caught.elts if type(caught) is ast.Tuple else [caught]
    return any(terminal(each) in classes for each in named)
