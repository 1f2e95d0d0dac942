"""A test or validation set sampled from the training rows and never taken out of them
(SANITY004).

``test_dataset = train_dataset.sample(frac=0.1)``, then ``model.fit`` on ``train_dataset``:
every row the model is scored on is one it trained on, so the score is a training score. The
rows are held out where the code takes them out of the training set, which reads the
sample's index or rows (``train.drop(test.index)``, ``train[~train.index.isin(test.index)]``);
a sample of the whole data (``test = df.sample(frac=0.2)``) splits nothing from a training
set by name, and is left to the other readings. A warning: the names say which rows are for
training and which for testing, not how the run uses them.
"""

from __future__ import annotations

import ast

from repocheck.analysis.data_mistakes import split_of
from repocheck.analysis.imports import constant_of, keyword
from repocheck.analysis.ml_code import Code, Finding, Repo
from repocheck.analysis.ml_names import identifiers
from repocheck.analysis.spans import start_of
from repocheck.facts.snapshot import SourceUnit

#: A sample of fewer rows than this is a handful to look at or predict on for show
#: (``test = train.sample(5)``), no test set.
_FEW_ROWS = 100
#: Calls that take rows out of a frame by another's rows or index.
_TAKING_OUT = frozenset({"drop", "isin", "difference", "merge"})
_FIX = "take these rows out of train: train.drop(test.index)"


def sampled_from_train(repo: Repo) -> list[Finding]:
    """``test = train.sample(frac=0.1)`` whose rows no later line takes out of ``train``."""
    found = []
    for code in repo.codes:
        for unit, call in code.method_calls(("sample",)):
            sampled = _sampled_split(code, unit, call)
            if sampled is not None and not _held_out(code, sampled):
                found.append(Finding("test-from-train", unit, call.lineno, _FIX, False))
    return found


def _sampled_split(code: Code, unit: SourceUnit, call: ast.Call) -> str | None:
    """The test or validation name ``call`` (a row sample of a training frame) is assigned
    to, perhaps through more methods (``train.sample(frac=0.1).reset_index(drop=True)``)."""
    receiver = call.func.value  # type: ignore[attr-defined]
    if split_of(_frames_only(receiver)) != "train" or not _a_share_of_rows(call):
        return None
    for statement in code.inside(unit, None, ast.Assign):
        if start_of(statement) > start_of(call):
            break
        value: ast.expr = statement.value
        while type(value) is ast.Call and type(value.func) is ast.Attribute and value is not call:
            value = value.func.value
        if value is not call:
            continue
        targets = statement.targets
        if len(targets) != 1 or type(targets[0]) is not ast.Name:
            return None
        return targets[0].id if split_of(targets[0]) in ("test", "val") else None
    return None


def _frames_only(expr: ast.expr) -> ast.expr:
    """``expr`` with the row selectors of its subscripts left out: in
    ``pd.concat([sig.iloc[half_train_size:]])`` the rows after the training count are the
    frame's rest, not training rows; a selector names the rows taken, the frame whose rows
    they are is named before it (``X_train[mask]``)."""
    frames: list[ast.expr] = []
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Subscript):
            stack.append(node.value)
        elif isinstance(node, ast.Name):
            frames.append(node)
        elif isinstance(node, ast.Attribute):
            frames.append(ast.Name(id=node.attr, ctx=ast.Load()))
            stack.append(node.value)
        else:
            stack.extend(
                child for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)
            )
    return ast.List(elts=frames, ctx=ast.Load())


def _a_share_of_rows(call: ast.Call) -> bool:
    """pandas' ``sample`` asked for a share of the rows (``frac=0.1``) or for many of them
    (``n=500``, ``sample(500)``, a count worked out at run time); not a handful."""
    if keyword(call, "frac") is not None:
        return True
    count = keyword(call, "n") or (call.args[0] if len(call.args) == 1 else None)
    if count is None:
        return False
    value = constant_of(count)
    return not isinstance(value, int) or value >= _FEW_ROWS


def _held_out(code: Code, sampled: str) -> bool:
    """Some line reads the sample's index, or hands the sample to a call that takes rows out
    (``drop``, ``isin``, ``difference``, ``merge``)."""
    for unit in code.units:
        for node in code.inside(unit, None, ast.Attribute):
            if node.attr == "index" and type(node.value) is ast.Name and node.value.id == sampled:
                return True
    for _, call in code.method_calls(_TAKING_OUT):
        reads = [*call.args, *(item.value for item in call.keywords)]
        if any(sampled in identifiers(argument) for argument in reads):
            return True
    return False
