"""Overlapping windows of one series split at random (SANITY004).

``X, y = create_sequences(series, 24)``, where the helper appends ``series[i:i + 24]`` for
every ``i``, then ``train_test_split(X, y, test_size=0.2)`` with its default shuffle: each
test window shares all but one of its rows with the training windows beside it, and its
target is an input of the next training window, so the test score is read from rows the
model trained on. The same for a PyTorch ``Dataset`` whose ``__getitem__(idx)`` cuts
``data[idx:idx + seq_len]`` (directly or through ``s_begin = idx``, ``s_end = s_begin +
seq_len``), split by ``random_split``. The fix is to split the series by time first (or pass
``shuffle=False``) and cut windows from each part.

A warning, never certain: windows cut from many short independent series (one recording per
subject) and split by subject elsewhere may be split at random on purpose. Windows cut with a
step of more than one (``range(0, n, 24)``) need not overlap and are left alone, as are
windows and splits the code only passes between functions under other names.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from repocheck.analysis.cache import per_object
from repocheck.analysis.data_mistakes import derived_names
from repocheck.analysis.ml_code import Code, Finding, FunctionFacts, Repo
from repocheck.analysis.ml_names import identifiers, terminal
from repocheck.facts.snapshot import SourceUnit, breadth_first

FIX = "split the series by time before cutting windows (or shuffle=False)"
_SPLITTERS = ("train_test_split", "random_split")
#: (cell or 0, line): where a statement runs in its program.
Place = tuple[int, int]


def windows_split_at_random(repo: Repo) -> list[Finding]:
    """A random split (``train_test_split`` with its default shuffle, ``random_split``) given
    windows that overlap."""
    found = []
    for code in repo.codes:
        splits = list(_random_splits(code))
        if not splits:
            continue
        windowed = _windowed_names(code, repo)
        for unit, call, names in splits:
            place = (unit.cell or 0, call.lineno)
            if any(windowed.get(name, place) < place for name in names):
                found.append(Finding("windows-split-at-random", unit, call.lineno, FIX, False))
    return found


def _random_splits(code: Code) -> Iterator[tuple[SourceUnit, ast.Call, set[str]]]:
    """``train_test_split(...)`` calls that shuffle (the default) and ``random_split(...)``
    calls, with the names they split. Only units whose text names one are read."""
    for unit in code.units:
        if not any(splitter in unit.source for splitter in _SPLITTERS):
            continue
        for call in unit.of_type(ast.Call):
            splitter = terminal(call.func)
            if splitter not in _SPLITTERS:
                continue
            shuffle = next((k.value for k in call.keywords if k.arg == "shuffle"), None)
            if shuffle is not None and not (
                isinstance(shuffle, ast.Constant) and shuffle.value is True
            ):
                continue  # shuffle=False, or a value only a run knows
            given = call.args if splitter == "train_test_split" else call.args[:1]
            names = {n.id for a in given for n in breadth_first(a) if isinstance(n, ast.Name)}
            yield unit, call, names


def _windowed_names(code: Code, repo: Repo) -> dict[str, Place]:
    """The names holding overlapping windows, each with where it first did: lists a loop
    appends windows to, names assigned a comprehension of windows or the result of a project
    function that cuts them, and the names assigned from those."""
    starts: dict[str, Place] = {}
    ones = _names_only_one(code)
    for unit in code.units:
        for loop in unit.of_type(ast.For):
            for name in _window_lists(loop):
                starts.setdefault(name, (unit.cell or 0, loop.lineno))
        for statement in unit.of_type(ast.Assign):
            place = (unit.cell or 0, statement.lineno)
            if _holds_windows(statement.value, repo, code, place, ones):
                for name in _plain_targets(statement):
                    starts.setdefault(name, place)
    windowed: dict[str, Place] = {}
    for name, place in starts.items():
        for bound, where in derived_names(code, name, place).items():
            windowed[bound] = min(where, windowed.get(bound, where))
    return windowed


def _plain_targets(statement: ast.Assign) -> Iterator[str]:
    """``X`` of ``X = ...`` and ``X, y = ...``. Narrower than the data mistakes' reading of a
    target on purpose: ``self.windows = ...`` or ``df["w"] = ...`` puts the windows in an
    attribute or a column, and marking ``self`` or the whole frame as windows would call
    every later split of it a split of windows."""
    for target in statement.targets:
        elements = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
        yield from (e.id for e in elements if isinstance(e, ast.Name))


def _holds_windows(
    value: ast.expr, repo: Repo, code: Code, place: Place, ones: frozenset[str]
) -> bool:
    """A comprehension of windows, a call of a project function that cuts them (unless the
    call sets their width to one row), or a dataset of a project class whose items are
    windows."""
    for node in breadth_first(value):
        if isinstance(node, (ast.ListComp, ast.GeneratorExp)) and _window_comprehension(node):
            return True
        if isinstance(node, ast.Call):
            name = terminal(node.func)
            cutters = [f for f in repo.functions.get(name or "", ()) if _cuts_windows(f)]
            meant = _defined_last(cutters, code, place)
            if cutters and not all(_one_row_each(node, f, ones) for f in meant):
                return True
            if name and name in _window_datasets(repo):
                return True
    return False


@per_object
def _names_only_one(code: Code) -> frozenset[str]:
    """The names the program assigns, every time, the constant 1 (``sequence_length = 1``)."""
    values: dict[str, set[object]] = {}
    for unit in code.units:
        for statement in unit.of_type(ast.Assign):
            value = statement.value
            constant = value.value if isinstance(value, ast.Constant) else None
            for name in _plain_targets(statement):
                values.setdefault(name, set()).add(constant if type(constant) is int else None)
    return frozenset(name for name, seen in values.items() if seen == {1})


def _defined_last(cutters: list[FunctionFacts], code: Code, place: Place) -> list[FunctionFacts]:
    """The helper a call at ``place`` runs: the program's last definition above it (a
    notebook may define ``create_sequences`` twice), else every one of that name."""
    above = [f for f in cutters if f.code is code and (f.unit.cell or 0, f.node.lineno) < place]
    return [max(above, key=lambda f: (f.unit.cell or 0, f.node.lineno))] if above else cutters


def _is_one(argument: ast.expr, ones: frozenset[str]) -> bool:
    if isinstance(argument, ast.Name):
        return argument.id in ones
    return (
        isinstance(argument, ast.Constant) and type(argument.value) is int and argument.value == 1
    )


def _one_row_each(call: ast.Call, facts: FunctionFacts, ones: frozenset[str]) -> bool:
    """The call passes 1 (or a name only ever 1) for every parameter the helper's windows
    take their width from: ``create_sequences(data, y, sequence_length)`` after
    ``sequence_length = 1`` cuts one row per item, and no two items share a row."""
    widths = _width_parameters(facts)
    if not widths:
        return False
    arguments = facts.node.args
    positional = [a.arg for a in (*arguments.posonlyargs, *arguments.args)]
    given: dict[str, ast.expr] = dict(zip(positional, call.args, strict=False))
    given |= {k.arg: k.value for k in call.keywords if k.arg is not None}
    defaults = dict(
        zip(
            positional[len(positional) - len(arguments.defaults) :],
            arguments.defaults,
            strict=False,
        )
    )
    for width in widths:
        argument = given.get(width, defaults.get(width))
        if argument is None or not _is_one(argument, ones):
            return False
    return True


@per_object
def _width_parameters(facts: FunctionFacts) -> frozenset[str]:
    """The helper's parameters its window slices move by: ``n`` of ``x[i:i + n]``, or
    ``sequence_length`` of ``end = i + sequence_length`` then ``x[i:end]``."""
    arguments = facts.node.args
    parameters = {a.arg for a in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    found: set[str] = set()
    for loop in ast.walk(facts.node):
        if not isinstance(loop, ast.For):
            continue
        variable = _step_one_variable(loop.target, loop.iter)
        if variable is None:
            continue
        shifted = _shifted_names(loop, variable)
        bounds: list[ast.expr] = [
            node.value
            for node in ast.walk(loop)
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id in shifted
        ]
        for node in ast.walk(loop):
            if isinstance(node, ast.Slice) and node.lower is not None and node.upper is not None:
                bounds += [node.lower, node.upper]
        found.update(
            name
            for bound in bounds
            if _shifted(bound, shifted)
            for name in identifiers(bound)
            if name in parameters and name not in shifted
        )
    return frozenset(found)


@per_object
def _window_datasets(repo: Repo) -> frozenset[str]:
    """The project's classes whose ``__getitem__(self, idx)`` cuts a window that starts at
    ``idx``: consecutive items overlap. Read only where a program splits at random."""
    found: set[str] = set()
    for facts in repo.functions.get("__getitem__", ()):
        arguments = facts.node.args.args
        if len(arguments) < 2:
            continue
        index = arguments[1].arg
        shifted = _shifted_names(facts.node, index)
        if _has_window(facts.node, shifted):
            found.update(_classes_defining(facts))
    return frozenset(found)


def _classes_defining(facts: FunctionFacts) -> Iterator[str]:
    """The name of the class whose body holds the method."""
    for node in facts.unit.of_type(ast.ClassDef):
        if any(item is facts.node for item in node.body):
            yield node.name


@per_object
def _cuts_windows(facts: FunctionFacts) -> bool:
    """The function's loops or comprehensions cut overlapping windows (read once each)."""
    for node in ast.walk(facts.node):
        if isinstance(node, ast.For) and _window_lists(node):
            return True
        if isinstance(node, (ast.ListComp, ast.GeneratorExp)) and _window_comprehension(node):
            return True
    return False


def _window_lists(loop: ast.For) -> list[str]:
    """The lists ``loop`` appends overlapping windows to: ``for i in range(len(x) - n):
    xs.append(x[i:i + n])``, also through a name (``a = x[i:i + n, 0]``, ``xs.append(a)``)."""
    variable = _step_one_variable(loop.target, loop.iter)
    if variable is None:
        return []
    shifted = _shifted_names(loop, variable)
    windows = {
        target.id
        for node in ast.walk(loop)
        if isinstance(node, ast.Assign) and _has_window(node.value, shifted)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    return [
        node.func.value.id
        for node in ast.walk(loop)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "append"
        and isinstance(node.func.value, ast.Name)
        and node.args
        and (
            _has_window(node.args[0], shifted)
            or (isinstance(node.args[0], ast.Name) and node.args[0].id in windows)
        )
    ]


def _shifted_names(scope: ast.AST, variable: str) -> frozenset[str]:
    """``variable`` and the names ``scope`` assigns it moved by a width (``s_begin = idx``,
    ``s_end = s_begin + self.seq_len``), in source order."""
    shifted = {variable}
    assignments = sorted(
        (node for node in ast.walk(scope) if isinstance(node, ast.Assign)),
        key=lambda node: (node.lineno, node.col_offset),
    )
    for node in assignments:
        target = node.targets[0] if len(node.targets) == 1 else None
        if isinstance(target, ast.Name) and _shifted(node.value, shifted):
            shifted.add(target.id)
    return frozenset(shifted)


def _window_comprehension(node: ast.ListComp | ast.GeneratorExp) -> bool:
    """``[x[i:i + n] for i in range(len(x) - n)]``."""
    if len(node.generators) != 1:
        return False
    generator = node.generators[0]
    variable = _step_one_variable(generator.target, generator.iter)
    return variable is not None and _has_window(node.elt, frozenset({variable}))


def _step_one_variable(target: ast.expr, iterable: ast.expr) -> str | None:
    """The loop variable of ``for i in range(...)`` stepping by one."""
    if not (isinstance(target, ast.Name) and isinstance(iterable, ast.Call)):
        return None
    if terminal(iterable.func) != "range" or not iterable.args or len(iterable.args) > 3:
        return None
    if len(iterable.args) == 3:
        step = iterable.args[2]
        if not (isinstance(step, ast.Constant) and step.value == 1):
            return None
    return target.id


def _has_window(expr: ast.AST, shifted: frozenset[str]) -> bool:
    """A slice of more than one row whose bounds both move with the loop's variable (or the
    names ``shifted`` from it): ``x[i:i + n]``, ``x[i - n:i]``, ``x[i:(i + n), 0]``,
    ``df.iloc[i:i + n]``, inside ``np.array(...)`` or ``.values`` too; not ``x[i:i + 1]``, nor
    the chunks ``x[i * n:(i + 1) * n]``."""
    for node in breadth_first(expr):
        if not isinstance(node, ast.Subscript):
            continue
        index = node.slice
        first = index.elts[0] if isinstance(index, ast.Tuple) and index.elts else index
        if not isinstance(first, ast.Slice) or first.lower is None or first.upper is None:
            continue
        both = _shifted(first.lower, shifted) and _shifted(first.upper, shifted)
        if both and not _one_row(first.lower, first.upper):
            return True
    return False


def _shifted(bound: ast.expr, shifted: set[str] | frozenset[str]) -> bool:
    """``i``, ``i + n``, ``i - n``, ``n + i`` of a name in ``shifted``: moved by a width that
    reads none of them, so each pass starts one row later. ``i * n`` (a chunk per pass, no
    overlap) is not."""
    if isinstance(bound, ast.Name):
        return bound.id in shifted
    if not (isinstance(bound, ast.BinOp) and isinstance(bound.op, (ast.Add, ast.Sub))):
        return False
    left, right = bound.left, bound.right
    if isinstance(left, ast.Name) and left.id in shifted:
        return not shifted.intersection(identifiers(right))
    return (
        isinstance(bound.op, ast.Add)
        and isinstance(right, ast.Name)
        and right.id in shifted
        and not shifted.intersection(identifiers(left))
    )


def _one_row(lower: ast.expr, upper: ast.expr) -> bool:
    """``i:i + 1``: one row, no window."""
    return (
        isinstance(lower, ast.Name)
        and isinstance(upper, ast.BinOp)
        and isinstance(upper.op, ast.Add)
        and isinstance(upper.left, ast.Name)
        and upper.left.id == lower.id
        and isinstance(upper.right, ast.Constant)
        and upper.right.value == 1
    )
