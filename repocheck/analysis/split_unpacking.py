"""scikit-learn's ``train_test_split`` unpacked out of its order (SANITY004).

``train_test_split(X, y)`` returns ``X_train, X_test, y_train, y_test``: each array it is
handed, training part then test part. ``X_train, y_train, X_test, y_test = train_test_split(X,
y)`` binds the test features to ``y_train`` and the training labels to ``X_test``: the fit that
follows fails on mismatched lengths, or, with a split in halves, learns features from
features. Read only where the call is scikit-learn's (a project's own ``train_test_split`` may
return its parts in any order) and where the names say which part each one holds; a name
whose words name no part is left alone.
"""

from __future__ import annotations

import ast

from repocheck.analysis.data_mistakes import split_of
from repocheck.analysis.ml_code import Finding, Repo, each

_SPLITTERS = frozenset(
    {"sklearn.model_selection.train_test_split", "sklearn.cross_validation.train_test_split"}
)
FIX = "unpack as X_train, X_test, y_train, y_test"


def split_unpacked_out_of_order(repo: Repo) -> list[Finding]:
    """``a_train, b_train, a_test, b_test = train_test_split(a, b)``: a name at a training
    part's place that says test or validation, or at a test part's place that says train."""
    found = []
    for code in repo.codes:
        if not code.mentions("train_test_split"):
            continue
        for _, unit, statement in each([code], ast.Assign):
            call = statement.value
            if not isinstance(call, ast.Call) or code.resolve(call.func) not in _SPLITTERS:
                continue
            if any(isinstance(arg, ast.Starred) for arg in call.args) or not call.args:
                continue
            for target in statement.targets:
                if _out_of_order(target, len(call.args)):
                    found.append(Finding("split-out-of-order", unit, statement.lineno, FIX, True))
                    break
    return found


def _out_of_order(target: ast.expr, arrays: int) -> bool:
    """Whether the names unpacked from a split of ``arrays`` arrays contradict the order they
    come back in, a pair per array: a pair whose names both say train (or both test), or two
    pairs turned opposite ways (``X_train, X_test, y_test, y_train``; ``X_dev, X_test, y_test,
    y_dev`` too). A held-out part split again (``val_rows, test_rows``) is no contradiction,
    nor is one pair named the other way round (``test, train``), which runs as written."""
    if not isinstance(target, (ast.Tuple, ast.List)) or len(target.elts) != 2 * arrays:
        return False
    if not all(isinstance(name, ast.Name) for name in target.elts):
        return False
    orders: set[tuple[str | None, ...]] = set()
    for first, second in zip(target.elts[::2], target.elts[1::2], strict=True):
        parts = (split_of(first), split_of(second))
        if None in parts:
            continue
        if parts in (("train", "train"), ("test", "test")):
            return True
        if "train" in parts:  # beside a training part, validation and test are both held out
            orders.add(("train", "held") if parts[0] == "train" else ("held", "train"))
        elif parts[0] != parts[1]:
            orders.add(parts)
    return any(parts[::-1] in orders for parts in orders)
