"""Whether ruff's new text of a notebook changes its code and nothing else.

ruff writes a notebook's JSON back in its own way: a notebook saved by another tool gains cell
ids (random ones), sorted keys or another indentation, a diff nobody can review. Its text is
taken only when every changed line is an element of a string list and the JSON is the same
once the code cells' sources are set aside: then only code lines changed.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from repocheck.patterns import compile_on_use

#: One JSON string alone on its line, as the lines of a cell's source are written.
_STRING_ELEMENT = compile_on_use(r'\s*"(?:[^"\\]|\\.)*",?\s*')


def _without_code(notebook: Any) -> Any:
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return None
    cells = [
        {key: value for key, value in cell.items() if key != "source"}
        if isinstance(cell, dict) and cell.get("cell_type") == "code"
        else cell
        for cell in notebook["cells"]
    ]
    return {**notebook, "cells": cells}


def only_code_changed(before: str, after: str) -> bool:
    """True when ``after`` differs from ``before`` only in lines of code cells' sources."""
    if before.endswith("\n") != after.endswith("\n"):
        return False
    try:
        old, new = json.loads(before), json.loads(after)
    except ValueError:
        return False
    if _without_code(old) is None or _without_code(old) != _without_code(new):
        return False
    old_lines, new_lines = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changed = old_lines[i1:i2] + new_lines[j1:j2]
        if not all(_STRING_ELEMENT.fullmatch(line) for line in changed):
            return False
    return True
