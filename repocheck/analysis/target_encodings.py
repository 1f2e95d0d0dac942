"""Group means of the label written into the features before the split (SANITY004).

``df["town_enc"] = df.groupby("town")["price"].transform("mean")`` (or the means mapped onto
a column: ``df["town"] = df["town"].map(df.groupby("town")["price"].mean())``, directly or
through a name), then ``train_test_split(X, y)`` of data taken from ``df`` with ``y`` taken
from the same ``"price"`` column: each test row's own label is inside the mean it is encoded
with, so the test score is read partly from the answers (target leakage).

Read only where the column the means are taken of is the label the split is handed. Left
alone: means taken in a loop (an out-of-fold encoding), means of a frame named as a split
(``train.groupby(...)``: fitted on the training rows), and a mean written back into the label
column itself (filling missing labels is not a feature).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from repocheck.analysis.data_mistakes import Place, cuts, derived_names, split_calls, split_of
from repocheck.analysis.imports import constant_of
from repocheck.analysis.ml_code import Code, Finding, Repo, each
from repocheck.analysis.ml_names import terminal
from repocheck.facts.snapshot import SourceUnit

FIX = (
    "split first, then take the group means on the training split only (or encode with"
    " scikit-learn's TargetEncoder inside a Pipeline, which encodes out of fold)"
)
#: What a group's label values are reduced to: each includes the row's own label.
_STATISTICS = frozenset({"mean", "median"})
_REDUCERS = frozenset({"transform", "agg", "aggregate"})
#: Calls that put a column through a mapping: ``df["town"].map(means)``.
_MAPPERS = frozenset({"map", "replace"})
#: Calls a label passes through on its way to the split: ``df["price"].values``,
#: ``np.log1p(df["price"])``.
_LABEL_METHODS = frozenset({"to_numpy", "astype", "copy", "ravel", "reshape", "squeeze"})


def target_encoded_before_split(repo: Repo) -> list[Finding]:
    """Group means of a label column written into a frame that is split afterwards, with
    that column as the split's label: certain when the split makes a test set."""
    found = []
    for code in repo.codes:
        if not code.mentions("groupby"):
            continue  # read only where a frame is grouped
        encodings = list(_encodings(code))
        splits = split_calls(code) if encodings else []
        for unit, statement, frame, column in encodings if splits else ():
            where = (unit.cell or 0, statement.lineno)
            features = derived_names(code, frame, where)
            labels = _labels_of(code, column)
            split = next(
                (
                    s
                    for s in splits
                    if where < s.place and cuts(s, features) and not labels.isdisjoint(s.names)
                ),
                None,
            )
            if split is not None:
                certain = split.makes_test
                found.append(
                    Finding("target-encoded-before-split", unit, statement.lineno, FIX, certain)
                )
    return found


def _encodings(code: Code) -> Iterator[tuple[SourceUnit, ast.Assign, str, str]]:
    """``frame[...] = <group means of column>`` outside loops, directly or through a name
    bound to the means: the statement, the frame written and the label column."""
    means: dict[str, str] = {}  # a name bound to group means -> the column they are of
    for _, unit, statement in sorted(
        each([code], ast.Assign), key=lambda item: ((item[1].cell or 0), item[2].lineno)
    ):
        direct = _group_means(statement.value)
        column = direct or next(
            (means[n.id] for n in _mapped_names(statement.value) if n.id in means), None
        )
        if column is None:
            continue
        for target in statement.targets:
            if isinstance(target, ast.Name) and direct is not None:
                means[target.id] = column
            elif (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and constant_of(target.slice) != column
                and split_of(target.value) is None
            ):
                yield unit, statement, target.value.id, column


def _group_means(expr: ast.expr) -> str | None:
    """The label column of ``F.groupby(key)[column].mean()`` (``.median()``,
    ``.transform("mean")``, ``.agg("mean")``) somewhere in ``expr``, where F is a frame not
    named as a split."""
    for node in ast.walk(expr):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        reducer = node.func.attr
        if reducer in _REDUCERS:
            if not node.args or _statistic(node.args[0]) not in _STATISTICS:
                continue
        elif reducer not in _STATISTICS:
            continue
        grouped = node.func.value
        if not isinstance(grouped, ast.Subscript):
            continue
        column = constant_of(grouped.slice)
        call = grouped.value
        if (
            isinstance(column, str)
            and isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "groupby"
            and isinstance(call.func.value, ast.Name)
            and split_of(call.func.value) is None
        ):
            return column
    return None


def _statistic(expr: ast.expr) -> str | None:
    """``"mean"`` of ``transform("mean")`` or ``transform(np.mean)``."""
    value = constant_of(expr)
    return value if isinstance(value, str) else terminal(expr)


def _mapped_names(expr: ast.expr) -> Iterator[ast.Name]:
    """Names handed to ``.map(...)`` or ``.replace(...)`` in ``expr``."""
    for node in ast.walk(expr):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _MAPPERS
        ):
            yield from (arg for arg in node.args[:1] if isinstance(arg, ast.Name))


def _labels_of(code: Code, column: str) -> set[str]:
    """The names ``column`` is taken into as a label (``y = df["price"]``,
    ``y = np.log1p(df.pop("price"))``), and the names assigned from them afterwards."""
    labels: set[str] = set()
    for _, unit, statement in each([code], ast.Assign):
        if _label_column(statement.value) != column:
            continue
        for target in statement.targets:
            if isinstance(target, ast.Name):
                where: Place = (unit.cell or 0, statement.lineno)
                labels.update(derived_names(code, target.id, where))
    return labels


def _label_column(expr: ast.expr) -> object:
    """The column ``expr`` takes whole from a frame, through the calls a label passes
    through: ``df["price"]``, ``df[["price"]]``, ``df["price"].values``,
    ``df["label"].map({"yes": 1, "no": 0})``, ``np.log1p(df["price"])``, ``df.pop("price")``."""
    while True:
        if isinstance(expr, ast.Attribute):
            expr = expr.value
        elif isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
            func, args = expr.func, expr.args
            if func.attr == "pop" and len(args) == 1:
                return constant_of(args[0])
            if isinstance(func.value, ast.Name):  # a module's function: np.log1p(...)
                if len(args) != 1:
                    return None
                expr = args[0]
            else:  # a method of what it is called on: df["label"].map(...)
                expr = func.value
        elif isinstance(expr, ast.Call) and len(expr.args) == 1:
            expr = expr.args[0]
        elif isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            index = expr.slice
            if isinstance(index, ast.List) and len(index.elts) == 1:
                index = index.elts[0]
            return constant_of(index)
        else:
            return None
