"""Rows sorted by their label, then cut in order into a training and a test part (SANITY004).

``df = df.sort_values("label")``, then ``train, test = df[:n], df[n:]``: the training part
holds the first classes and the test part the last ones, so the model is scored on classes it
barely saw, or never saw. A time series is cut in order on purpose, after sorting by time; a
frame sorted by its label is not one. Read where the frame the parts are cut from was last
assigned, before the cut, from a sort by a column named as a label (``label``, ``target``,
``class``, ``sentiment``, ...); shuffled again (``df.sample(frac=1)``) it is not. A warning:
the names say which column is the label and which part is for testing.
"""

from __future__ import annotations

import ast

from repocheck.analysis.data_mistakes import assigned_pairs, split_of
from repocheck.analysis.imports import keyword
from repocheck.analysis.ml_code import Finding, Repo, each
from repocheck.analysis.ml_names import tokens
from repocheck.facts.snapshot import SourceUnit

#: Words of a column name that say it holds the label a model learns.
_LABEL_WORDS = frozenset(
    {"label", "labels", "target", "targets", "class", "classes", "category", "categories"}
    | {"sentiment", "emotion", "outcome", "diagnosis", "species", "genre", "y"}
)
#: Methods that cut the first or last rows of a frame.
_ENDS = frozenset({"head", "tail"})
_FIX = "shuffle before cutting, or split with train_test_split(..., stratify=labels)"


def label_sorted_splits(repo: Repo) -> list[Finding]:
    """A training and a test (or validation) part cut in order from a frame whose last
    assignment before the cut sorts it by a label column."""
    found = []
    for code in repo.codes:
        if not code.mentions("sort_values"):
            continue  # read only where a frame is sorted
        assigned = sorted(
            (
                (unit.cell or 0, node.lineno, unit, node)
                for _, unit, node in each([code], ast.Assign)
            ),
            key=lambda item: item[:2],
        )
        sorted_by_label: dict[str, bool] = {}
        cut: dict[str, dict[str, tuple[SourceUnit, int]]] = {}
        for _, line, unit, node in assigned:
            for target, value in assigned_pairs(node):
                base = _cut_from(value)
                if base is None or not sorted_by_label.get(base):
                    continue
                split = split_of(target)
                if split is not None:
                    cut.setdefault(base, {}).setdefault(split, (unit, line))
            for target in node.targets:
                if isinstance(target, ast.Name):
                    sorted_by_label[target.id] = _sorts_by_label(node.value)
        for parts in cut.values():
            held = "test" if "test" in parts else "val"
            if "train" in parts and held in parts:
                unit, line = parts[held]
                found.append(Finding("label-sorted-split", unit, line, _FIX, False))
    return found


def _cut_from(value: ast.expr) -> str | None:
    """``df`` of ``df[:n]``, ``df.iloc[n:]``, ``df.head(n)`` or ``df.tail(m)``."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        owner = value.func.value
        if value.func.attr in _ENDS and isinstance(owner, ast.Name):
            return owner.id
        return None
    if not isinstance(value, ast.Subscript):
        return None
    index = value.slice
    first = index.elts[0] if isinstance(index, ast.Tuple) and index.elts else index
    if not isinstance(first, ast.Slice):
        return None
    owner = value.value
    if isinstance(owner, ast.Attribute) and owner.attr in ("iloc", "loc"):
        owner = owner.value
    return owner.id if isinstance(owner, ast.Name) else None


def _sorts_by_label(value: ast.expr) -> bool:
    """``df.sort_values("label")``, ``df.sort_values(by=["target"])``, perhaps followed by more
    methods (``.reset_index(drop=True)``); not a sort followed by a shuffle."""
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        if value.func.attr == "sample":
            return False  # shuffled after the sort
        if value.func.attr == "sort_values":
            by = keyword(value, "by") or (value.args[0] if value.args else None)
            return _names_a_label(by)
        value = value.func.value
    return False


def _names_a_label(by: ast.expr | None) -> bool:
    if isinstance(by, (ast.List, ast.Tuple)) and by.elts:
        by = by.elts[0]
    if not (isinstance(by, ast.Constant) and isinstance(by.value, str)):
        return False
    return bool(_LABEL_WORDS & set(tokens(by.value)))
