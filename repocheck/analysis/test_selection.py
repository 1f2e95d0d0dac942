"""A model chosen on the test split in a hand-written training loop, or hyperparameters by a
search whose objective returns a test score (SANITY004).

``if test_loss < best_loss: torch.save(model.state_dict(), "best.pth")`` inside the epoch
loop keeps the epoch that scored best on the test data, and ``scheduler.step(test_loss)``
lowers the learning rate when the test score stalls: either way the test split chooses the
model, and the score later read from it is optimistic. A score is read on the test split when
it is computed from data named for testing (``evaluate(model, test_loader)``, a loop over
``testloader``), or from another such score. Only data passed to the evaluation counts, not
the name of the function (``test(model, val_loader)`` evaluates on validation data). Read in
PyTorch programs and in any other that trains by a call of its own (a Keras loop of
``model.fit(..., epochs=3)`` keeping ``model.save_weights`` by ``model.evaluate(x_test,
y_test)``). Warnings: a split named test may be the author's validation split.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from repocheck.analysis.cache import per_object
from repocheck.analysis.data_mistakes import holdout_read_after, split_of
from repocheck.analysis.imports import keyword
from repocheck.analysis.ml_code import Code, Finding, Repo
from repocheck.analysis.ml_names import (
    TRAINING_CALL_METHODS,
    identifiers,
    method,
    terminal,
    tokens,
)
from repocheck.analysis.scripts import training_call
from repocheck.analysis.spans import contains, end_of, start_of
from repocheck.facts.snapshot import SourceUnit
from repocheck.patterns import compile_on_use

#: Calls that keep a model's state: a checkpoint written or a copy of the weights held.
_KEEPING = frozenset(
    {"save", "save_model", "save_weights", "save_checkpoint", "save_pretrained", "state_dict"}
    | {"deepcopy"}
)
#: ``testloader``, ``testset``: a test split's data named in one word.
_TEST_DATA = frozenset(
    {"testloader", "testset", "testdl", "testdata", "testds", "testdataset", "testgen"}
)
_SCHEDULER_WORDS = frozenset({"scheduler", "sched", "lr", "plateau"})
_ASSIGNMENTS = (ast.Assign, ast.AugAssign, ast.AnnAssign)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


def chosen_on_test(repo: Repo) -> list[Finding]:
    """Checkpoints kept, or learning rates stepped, by a score read on the test split, inside
    a loop that trains."""
    found: dict[int, Finding] = {}
    trainers = repo.training_functions
    torch = {id(code) for code in repo.torch_codes}
    for code in repo.codes:
        if id(code) not in torch and not _fits_itself(code):
            continue
        for unit in code.units:
            if not _names_anything_test(unit):
                continue
            # Where the unit trains, once: a loop trains when one of these lies inside it.
            training = [
                start_of(call)
                for call in code.inside(unit, None, ast.Call)
                if _may_train(call, trainers)
            ]
            if not training:
                continue
            # The outermost loops that train: one read of an epoch loop covers the loops in it.
            covered = (0, 0)
            for loop in code.inside(unit, None, *_LOOPS):
                if start_of(loop) < covered:
                    continue
                if not _trains(loop, training):
                    continue
                covered = end_of(loop)
                given_validation = _filled_with_validation(
                    repo, code, unit, loop
                ) | _built_from_validation(unit)
                chosen = _chosen(code, unit, loop, training, given_validation)
                if chosen and holdout_read_after(code, unit, loop):
                    continue  # the split named test is the validation one (three splits)
                for node, fix in chosen:
                    line = node.lineno  # type: ignore[attr-defined]
                    found.setdefault(id(node), Finding("chosen-on-test", unit, line, fix, False))
    return [*found.values(), *tuned_on_test(repo), *swept_on_test(repo)]


#: The method names a training call can have (:func:`training_call`): asked first, by name.
_TRAINING_NAMES = TRAINING_CALL_METHODS | {"step"}


def _fits_itself(code: Code) -> bool:
    """A program outside PyTorch that trains by a call of its own (Keras's
    ``model.fit(x_train, y_train, epochs=3)`` run once per pass of a loop, a TensorFlow
    optimizer's ``minimize``): its loop can keep the weights a test score chose as well.
    Asked of the program's calls indexed by method name, never by a walk."""
    return any(training_call(call) for _, call in code.method_calls(_TRAINING_NAMES))


def _may_train(call: ast.Call, trainers: frozenset[str]) -> bool:
    """A training call, or a call of a function that trains (through any helper)."""
    name = terminal(call.func)
    if name in trainers:
        return True
    return type(call.func) is ast.Attribute and name in _TRAINING_NAMES and training_call(call)


_TEST_SPELLING = compile_on_use("te?st", re.IGNORECASE)


def _names_anything_test(unit: SourceUnit) -> bool:
    """The unit's text spells "test" or "tst" somewhere: only then can one of its names be
    data named for testing (a cheap look before reading the loops' data flow)."""
    return _TEST_SPELLING.search(unit.source) is not None


def _names_test(expr: ast.AST, given_validation: AbstractSet[str] = frozenset()) -> bool:
    """Data named for testing; not a parameter in ``given_validation``, which every caller
    fills with validation data (:func:`_filled_with_validation`)."""
    if given_validation and _root(expr) in given_validation:
        return False
    if split_of(expr) == "test":
        return True
    return any(word in _TEST_DATA for name in identifiers(expr) for word in tokens(name))


def _root(expr: ast.AST) -> str | None:
    """The name an expression of data starts from: ``test_loader`` of
    ``test_loader.dataset``."""
    while isinstance(expr, (ast.Attribute, ast.Subscript)):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


def _filled_with_validation(
    repo: Repo, code: Code, unit: SourceUnit, loop: ast.AST
) -> frozenset[str]:
    """The parameters named for testing of the function holding ``loop`` that every call of
    it fills with data named for validation: ``def train_model(model, test_loader)``, called
    only as ``train_model(model, val_loader)``, reads the validation split whatever its
    parameter is called. A parameter no call is seen filling keeps its name's word."""
    functions = code.functions_around(unit, loop)
    if not functions:
        return frozenset()
    function = functions[0]
    arguments = function.args
    positional = [a.arg for a in [*arguments.posonlyargs, *arguments.args]]
    named = [*positional, *(a.arg for a in arguments.kwonlyargs)]
    wanted = [name for name in named if _names_test(ast.Name(id=name))]
    if not wanted:
        return frozenset()
    sites = repo.callers_of(function.name, code)
    if not sites:
        return frozenset()
    bound = positional[1:] if positional[:1] in (["self"], ["cls"]) else positional
    found = set(wanted)
    for _, _, call in sites:
        if any(isinstance(arg, ast.Starred) for arg in call.args):
            return frozenset()
        given = dict(zip(bound, call.args, strict=False))
        given.update((k.arg, k.value) for k in call.keywords if k.arg is not None)
        found &= {name for name in wanted if name in given and split_of(given[name]) == "val"}
    return frozenset(found)


#: How many names deep :func:`_built_from_validation` follows data to a split's name.
_BUILT_DEPTH = 3


@per_object
def _built_from_validation(unit: SourceUnit) -> frozenset[str]:
    """Names for testing that every assignment of the unit builds from validation data:
    ``test_data = CropDataset(img_path, val_trans_path, transform=test_transform)`` and
    ``test_loader = DataLoader(test_data)`` hold the validation split whatever their word.
    Only positional arguments name the data (``transform=test_transform`` does not, nor a
    size or count such as ``imgsz_test``); a name is followed through the unit's own
    assignments, a few names deep, to a split's name or to a config's entry for it
    (``test_path = data_dict['valid']``). Read once per unit."""
    assigned: dict[str, list[ast.expr]] = {}
    for node in unit.of_type(ast.Assign):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    assigned.setdefault(target.id, []).append(node.value)
                else:  # a tuple or attribute target: its names are not followed
                    for name in _bound(target):
                        assigned.setdefault(name, []).append(ast.Constant(value=None))

    def split(expr: ast.expr, depth: int) -> str | None:
        if isinstance(expr, ast.Call):
            found = {split(arg, depth) for arg in expr.args if not _a_setting(arg)}
            return "val" if found - {None} == {"val"} else None
        if (
            isinstance(expr, ast.Subscript)
            and isinstance(expr.slice, ast.Constant)
            and isinstance(expr.slice.value, str)
            and _split(expr.value) is None
        ):  # a config's entry: data_dict['valid'], cfg["test"]
            return _split(ast.Name(id=expr.slice.value))
        if (
            isinstance(expr, ast.Name)
            and depth < _BUILT_DEPTH
            and {split(value, depth + 1) for value in assigned.get(expr.id, [])} == {"val"}
        ):
            return "val"
        return _split(expr)  # any other split's name keeps a call from reading as validation

    return frozenset(
        name
        for name, values in assigned.items()
        if _names_test(ast.Name(id=name))
        and all(isinstance(v, ast.Call) and split(v, 1) == "val" for v in values)
    )


#: Words of an argument that sizes or counts rather than holds data (``imgsz_test``).
_SETTING_WORDS = frozenset({"size", "sz", "imgsz", "batch", "bs", "workers", "num"})


def _a_setting(expr: ast.expr) -> bool:
    """A name of a size or a count passed beside the data (``imgsz_test``, ``batch_size``)."""
    return isinstance(expr, ast.Name) and not _SETTING_WORDS.isdisjoint(tokens(expr.id))


def _read_on_test(
    value: ast.AST,
    scores: set[str],
    unit: SourceUnit | None = None,
    given_validation: AbstractSet[str] = frozenset(),
) -> bool:
    """The value reads a test score, or is computed from data named for testing (the
    arguments of a call, never the called function's name), or is the result of a call
    given no data of a function of ``unit`` that reads test data by itself
    (:func:`_reads_test_itself`)."""
    if set(identifiers(value)) & scores:
        return True
    if isinstance(value, ast.Call):
        given = [*value.args, *(k.value for k in value.keywords)]
        if any(_names_test(arg, given_validation) and not _a_setting(arg) for arg in given):
            return True
        name = terminal(value.func)
        if unit is None or name is None:
            return False
        functions = _functions_by_name(unit).get(name, [])
        return (
            bool(functions)
            and all(map(_reads_test_itself, functions))
            and not any(map(_split, given))
        )
    return isinstance(value, (ast.Name, ast.Attribute, ast.Subscript)) and _names_test(
        value, given_validation
    )


def _split(expr: ast.AST) -> str | None:
    return "test" if _names_test(expr) else split_of(expr)


@per_object
def _functions_by_name(unit: SourceUnit) -> dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]]:
    found: dict[str, list[ast.FunctionDef | ast.AsyncFunctionDef]] = {}
    for function in unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found.setdefault(function.name, []).append(function)
    return found


@per_object
def _reads_test_itself(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The only split the function's loops iterate and its calls are given is test data (a
    trainer's ``def validate(self): for x, y in self.test_loader: ...``), so ``score =
    self.validate()`` is a test score though the call names no data. Read once per function,
    and only for functions a training loop calls for a value."""
    splits: set[str | None] = set()
    for node in ast.walk(function):
        if isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            splits.add(_split(node.iter))
        elif isinstance(node, ast.Call):
            splits.update(_split(arg) for arg in [*node.args, *(k.value for k in node.keywords)])
    return splits - {None} == {"test"}


def _bound(target: ast.AST) -> list[str]:
    """The names an assignment binds: ``acc``, ``self.best_acc`` (as ``best_acc``), the
    container of ``scores["acc"]``, each name of a tuple. Items and starred targets are
    stepped through in a loop: ``best[0][0]...`` needs no parentheses, so it can be deeper than
    Python's recursion limit (a tuple within a tuple needs them)."""
    while isinstance(target, (ast.Subscript, ast.Starred)):
        target = target.value
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Attribute):
        return [target.attr]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [name for element in target.elts for name in _bound(element)]
    return []


def _chosen(
    code: Code,
    unit: SourceUnit,
    loop: ast.AST,
    training: list[tuple[int, int]],
    given_validation: AbstractSet[str] = frozenset(),
) -> list[tuple[ast.AST, str]]:
    """The comparisons that keep a checkpoint, and the scheduler steps, reading a test score.
    The loop's statements are read once in source order, so a name holds a test score only
    from an assignment of one until it is assigned something else (``outputs`` of the
    training batches is not the test loop's ``outputs``). ``training``: where the unit's
    training calls start, in order: a ``break`` stops training only in a loop that trains.
    ``given_validation``: parameters named for testing that every caller fills with
    validation data."""
    test_loops = [
        inner
        for inner in code.inside(unit, loop, ast.For, ast.AsyncFor)
        if _names_test(inner.iter, given_validation)  # type: ignore[attr-defined]
    ]
    nodes = code.inside(unit, loop, *_ASSIGNMENTS, ast.If, ast.Call)
    scores: set[str] = set()
    # Flags a comparison of a test score set (``is_best = acc > best_acc``), handed to a
    # checkpoint writer as in PyTorch's ImageNet example (``save_checkpoint(state, is_best)``).
    flags: set[str] = set()
    found: list[tuple[ast.AST, str]] = []
    for node in nodes:
        if isinstance(node, _ASSIGNMENTS):
            if node.value is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {name for target in targets for name in _bound(target)}
            tested = _read_on_test(node.value, scores, unit, given_validation)
            if tested or any(contains(inner, node) for inner in test_loops):
                scores |= names
                if isinstance(node.value, ast.Compare):
                    flags |= names
            elif not isinstance(node, ast.AugAssign):
                scores -= names
                flags -= names
        elif scores and isinstance(node, ast.If) and _compares_a_score(node, scores, flags):
            if _keeps_a_checkpoint(node):
                found.append((node, "choose the checkpoint on a validation split"))
            elif _stops(node) and _trains(code.loops_around(unit, node)[0], training):
                found.append((node, "stop early on a validation split"))
        elif scores and isinstance(node, ast.Call) and _steps_a_scheduler(node, scores):
            found.append((node, "step it on a validation score"))
        elif flags and isinstance(node, ast.Call) and _keeps_by_flag(node, flags):
            found.append((node, "choose the checkpoint on a validation split"))
    return found


def _trains(loop: ast.AST, training: list[tuple[int, int]]) -> bool:
    """A training call starts inside ``loop``."""
    first = bisect.bisect_left(training, start_of(loop))
    return first < len(training) and training[first] < end_of(loop)


def _compares_a_score(
    branch: ast.If, scores: set[str], flags: AbstractSet[str] = frozenset()
) -> bool:
    """``if test_acc > best:``, also as one side of ``and``/``or``, or ``if is_best:`` of a
    flag such a comparison set."""
    return any(
        (isinstance(node, ast.Compare) and bool(set(identifiers(node)) & scores))
        or (isinstance(node, ast.Name) and node.id in flags)
        for node in ast.walk(branch.test)
    )


def _keeps_by_flag(call: ast.Call, flags: set[str]) -> bool:
    """``save_checkpoint(state, is_best)``: a checkpoint writer told which epoch is best."""
    if terminal(call.func) not in _KEEPING:
        return False
    given = [*call.args, *(k.value for k in call.keywords)]
    return any(isinstance(arg, ast.Name) and arg.id in flags for arg in given)


def _stops(branch: ast.If) -> bool:
    """The branch leaves the training loop (``break``), directly or under a patience count,
    not a loop of its own."""
    pending: list[ast.AST] = list(branch.body)
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Break):
            return True
        if not isinstance(node, (*_LOOPS, *_DEFINITIONS)):
            pending.extend(ast.iter_child_nodes(node))
    return False


def _keeps_a_checkpoint(branch: ast.If) -> bool:
    return any(
        isinstance(call, ast.Call) and terminal(call.func) in _KEEPING
        for statement in branch.body
        for call in ast.walk(statement)
    )


def _steps_a_scheduler(call: ast.Call, scores: set[str]) -> bool:
    """``scheduler.step(test_loss)``: ReduceLROnPlateau lowering the rate by a test score."""
    if method(call) != "step" or not call.args or not isinstance(call.func, ast.Attribute):
        return False
    owner = set(tokens(terminal(call.func.value) or ""))
    return bool(owner & _SCHEDULER_WORDS) and bool(set(identifiers(call.args[0])) & scores)


def tuned_on_test(repo: Repo) -> list[Finding]:
    """A hyperparameter search whose objective returns a score read on the test split
    (``study.optimize(objective)`` where ``objective(trial)`` trains, then returns
    ``history["test acc"]``): every trial is judged on the test data, so the search chooses
    the hyperparameters on it, and the test score reported after is optimistic."""
    found: list[Finding] = []
    for code in repo.codes:
        for unit, call in code.method_calls(("optimize",)):
            name = _objective_name(unit, call.args[0], call) if call.args else None
            if name is None:
                continue
            if "optuna" not in unit.source and "optuna" not in code.libraries:
                continue
            # A notebook defines the objective in a cell of its own, before the study runs.
            for place in code.units:
                for definition in code.inside(place, None, ast.FunctionDef):
                    if definition.name == name and _names_anything_test(place):
                        found.extend(_returns_a_test_score(code, place, definition))
    return found


def _objective_name(unit: SourceUnit, objective: ast.expr, call: ast.Call) -> str | None:
    """The name of the function handed to ``study.optimize``: a function's name, a method's
    (``self._objective``), or what a local name was last bound to before the call, through
    a wrapper given it first (``objective = tracker.track_in_wandb()(self._objective)``,
    ``functools.partial(objective, data=...)``). A few hops at most."""
    line = call.lineno
    for _ in range(4):
        if isinstance(objective, ast.Attribute):
            return objective.attr
        if not isinstance(objective, ast.Name):
            return None
        target = objective.id
        bound = [
            node
            for node in unit.of_type(ast.Assign)
            if node.lineno < line
            and any(isinstance(t, ast.Name) and t.id == target for t in node.targets)
        ]
        if not bound:
            return target
        last = max(bound, key=lambda node: node.lineno)
        value = last.value
        if isinstance(value, ast.Call) and value.args:
            value = value.args[0]  # a wrapper given the objective
        if not isinstance(value, (ast.Name, ast.Attribute)):
            return target
        objective, line = value, last.lineno
    return None


def _returns_a_test_score(code: Code, unit: SourceUnit, function: ast.FunctionDef) -> list[Finding]:
    """The ``return`` statements of ``function`` whose value reads a test score, the names
    holding one read in source order (as :func:`_chosen` reads a loop)."""
    scores: set[str] = set()
    found = []
    for node in code.inside(unit, function, *_ASSIGNMENTS, ast.Return):
        if any(contains(inner, node) for inner in code.inside(unit, function, *_DEFINITIONS)):
            continue  # a nested function's own names and returns
        if isinstance(node, ast.Return):
            if node.value is not None and _scores_test(node.value, scores):
                fix = "return a validation score: the search picks on it"
                found.append(Finding("chosen-on-test", unit, node.lineno, fix, False))
            continue
        if not isinstance(node, _ASSIGNMENTS) or node.value is None:
            continue
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = {name for target in targets for name in _bound(target)}
        if _scores_test(node.value, scores):
            scores |= names
        elif not isinstance(node, ast.AugAssign):
            scores -= names
    return found


_WORDS = compile_on_use(r"[a-z]+")


def _scores_test(value: ast.AST, scores: set[str]) -> bool:
    """A test score, told first by the key a record of scores is read by
    (``history["test acc"]``, not ``history["val_acc"]`` of a run given both splits), then
    as :func:`_read_on_test` tells it."""
    for node in ast.walk(value):
        key = node.slice if isinstance(node, ast.Subscript) else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            words = set(_WORDS.findall(key.value.lower()))
            if "test" in words:
                return True
            if words & {"val", "valid", "validation", "dev"}:
                return False
    return _read_on_test(value, scores)


def swept_on_test(repo: Repo) -> list[Finding]:
    """A Weights & Biases sweep whose configuration names a test metric to optimise
    (``wandb.sweep({"method": "bayes", "metric": {"name": "test_loss", ...}, ...})``): the
    sweep picks each next setting, and the best run, by the test split."""
    found = []
    for code in repo.codes:
        for unit, call in code.method_calls(("sweep",)):
            if code.resolve(call.func) != "wandb.sweep":
                continue
            given = call.args[0] if call.args else keyword(call, "sweep")
            config = _dict_of(unit, given, call)
            name = _metric_name(config) if config is not None else None
            if name is not None and "test" in _WORDS.findall(str(name.value).lower()):
                fix = "sweep on a validation metric: the sweep picks on it"
                found.append(Finding("chosen-on-test", unit, name.lineno, fix, False))
    return found


def _dict_of(unit: SourceUnit, given: ast.expr | None, call: ast.Call) -> ast.Dict | None:
    """The dict literal ``given`` is, or the last one its name was assigned before ``call``."""
    if isinstance(given, ast.Dict):
        return given
    if not isinstance(given, ast.Name):
        return None
    bound = [
        node.value
        for node in unit.of_type(ast.Assign)
        if node.lineno < call.lineno
        and isinstance(node.value, ast.Dict)
        and any(isinstance(t, ast.Name) and t.id == given.id for t in node.targets)
    ]
    return max(bound, key=lambda value: value.lineno) if bound else None


def _metric_name(config: ast.Dict) -> ast.Constant | None:
    """The constant of ``{"metric": {"name": ...}}``."""
    for key, value in zip(config.keys, config.values, strict=True):
        if isinstance(key, ast.Constant) and key.value == "metric" and isinstance(value, ast.Dict):
            for inner, name in zip(value.keys, value.values, strict=True):
                if isinstance(inner, ast.Constant) and inner.value == "name":
                    return name if isinstance(name, ast.Constant) else None
    return None


#: A Weights & Biases sweep configuration's top-level keys (``wandb sweep sweep.yaml``).
_SWEEP_KEYS = frozenset({"method", "metric", "parameters"})


def sweep_files_on_test(texts: Mapping[str, str]) -> list[Finding]:
    """A sweep configuration file (``method``, ``metric`` and ``parameters`` at its top level)
    whose metric to optimise is named for the test split (``metric: name: test_loss``), as
    :func:`swept_on_test` reads one written in Python."""
    found = []
    for path, text in texts.items():
        if not path.endswith((".yaml", ".yml")) or "metric" not in text:
            continue
        named = _sweep_metric(text)
        if named is not None and "test" in _WORDS.findall(named[1].lower()):
            # The file read as text: evidence points at its line like a module's.
            unit = SourceUnit(path, text, None)
            fix = "sweep on a validation metric: the sweep picks on it"
            found.append(Finding("chosen-on-test", unit, named[0], fix, False))
    return found


def _sweep_metric(text: str) -> tuple[int, str] | None:
    """(line, name) of the ``name`` under a top-level ``metric:`` of a sweep configuration."""
    lines = text.splitlines()
    tops = {line.split(":", 1)[0] for line in lines if line[:1].isalpha() and ":" in line}
    if not tops >= _SWEEP_KEYS:
        return None
    in_metric = False
    for number, line in enumerate(lines, 1):
        if line[:1].isalpha():
            in_metric = line.split(":", 1)[0] == "metric"
        elif in_metric:
            key, _, value = line.strip().partition(":")
            if key == "name":
                return number, value.split("#", 1)[0].strip().strip("'\"")
    return None
