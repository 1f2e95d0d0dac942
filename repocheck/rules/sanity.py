"""Sanity-check rules: the code checks its own assumptions, guards against NaNs, has a smoke
test of the model, and its training loop is free of the classic mistakes.

Every rule skips a repository without ML code: numpy alone is not ML (unless it trains a
network from scratch, updating weights by hand), and a web app or a CLI tool (repocheck itself)
has no model to sanity-check.

This module holds SANITY001 (invariant checks) and SANITY004 (training-loop mistakes);
SANITY002 (NaN/inf guards) is in sanity_guards.py, SANITY003 (the smoke test) in
sanity_smoke.py, and what the four share in _sanity_common.py.
"""

from __future__ import annotations

import ast
import math
from collections import Counter
from collections.abc import Container, Iterator
from dataclasses import dataclass

from repocheck.analysis.dataset_configs import validation_on_training_images
from repocheck.analysis.ml_code import Code, Finding, Repo
from repocheck.analysis.ml_names import identifiers, terminal
from repocheck.analysis.shape_types import (
    checked_everywhere,
    shape_aliases,
    shape_typed_functions,
)
from repocheck.analysis.test_selection import sweep_files_on_test
from repocheck.analysis.toplevel import is_main_guard
from repocheck.analysis.training_loop import find_mistakes
from repocheck.facts.snapshot import Snapshot, SourceUnit, breadth_first
from repocheck.model import Evidence, Metrics, Result
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.rules._sanity_common import (
    at,
    cross_validation_calls,
    ml_code,
    no_ml_said,
    training_steps,
    unread_ml_said,
)

# ---------------------------------------------------------------------------- SANITY001

#: Invariant checks per 1,000 non-test lines for a pass, and the count a small repo needs.
PASS_DENSITY = 2.0
SMALL_REPO_LINES = 2_000
SMALL_REPO_CHECKS = 3
#: The score of a small repository without any check: a warning, below a sparse one's 0.25+.
SHORT_SCORE = 0.2
#: Exceptions whose ``raise`` is not a check: abstract methods, exits, optional imports.
_NOT_CHECKS = frozenset(
    {"NotImplementedError", "SystemExit", "StopIteration", "StopAsyncIteration"}
    | {"KeyboardInterrupt", "ImportError", "ModuleNotFoundError"}
    # Optuna's way to stop a trial early: control flow of a search, no broken invariant.
    | {"TrialPruned"}
)
_CHECK_FUNCTIONS = compile_on_use(
    r"^(torch\._assert\w*|tensorflow(\.compat\.v1)?(\.debugging)?\.assert_(?!all_finite)\w+"
    r"|chex\.assert_\w+|jax\.experimental\.checkify\.check)$"
)
_SHAPE_WORDS = frozenset({"shape", "ndim", "size", "dim", "ndimension", "numel", "len"})
_TYPE_WORDS = frozenset({"dtype", "isinstance", "is_floating_point", "device"})
_KIND_ORDER = {"shape": 0, "type": 1, "range": 2, "other": 3}


@dataclass(frozen=True)
class _Check:
    unit: SourceUnit
    line: int
    kind: str  # shape, type, range or other
    via: str  # assert, raise or a library function


def _kind(test: ast.AST) -> str:
    names = set(identifiers(test))
    if names & _SHAPE_WORDS or any(w.startswith("assert_shape") for w in names):
        return "shape"
    if names & _TYPE_WORDS:
        return "type"
    ordering = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
    if any(
        isinstance(node, ast.Compare) and any(isinstance(op, ordering) for op in node.ops)
        for node in breadth_first(test)
    ):
        return "range"
    return "other"


#: Reducers of NumPy, pandas and PyTorch whose bound method, left uncalled, is always true.
_REDUCERS = frozenset({"all", "any"})


def _always_true(test: ast.expr) -> bool:
    """``assert True``, ``assert 1``, ``assert (x, "msg")``: checks nothing; nor does
    ``assert (df.y == 1).all`` without its call, which asserts that a method exists."""
    if isinstance(test, ast.Attribute) and test.attr in _REDUCERS:
        return True
    return isinstance(test, (ast.Constant, ast.Tuple, ast.JoinedStr)) and not (
        isinstance(test, ast.Constant) and not test.value
    )


def _reads_nothing(test: ast.expr) -> bool:
    """``assert True == False``, ``assert 1 == 0``: constants only, an ``assert False`` spelled
    as a comparison, a way to stop that checks nothing of the data. ``assert __name__ !=
    "__main__"`` reads only how the module was started: a guard against running it, no
    check of what it computes."""
    names = [node for node in ast.walk(test) if isinstance(node, (ast.Name, ast.Attribute))]
    return all(isinstance(node, ast.Name) and node.id == "__name__" for node in names)


def _check_raise(statements: list[ast.stmt], caught: Container[str]) -> ast.Raise | None:
    """The first ``raise`` that reports a broken invariant: not an exit or an abstract
    method, and not ``raise e`` handing on what an ``except ... as e`` caught."""
    return next(
        (
            s
            for s in statements
            if isinstance(s, ast.Raise)
            and s.exc is not None
            and terminal(s.exc) not in _NOT_CHECKS
            and not (isinstance(s.exc, ast.Name) and s.exc.id in caught)
        ),
        None,
    )


def _raise_line(node: ast.If, caught: Container[str]) -> int | None:
    """The ``if`` line for ``if bad: raise``; the ``raise`` line for ``else: raise``."""
    if _check_raise(node.body, caught):
        return node.lineno
    fallback = _check_raise(node.orelse, caught)
    return fallback.lineno if fallback else None


#: Calls that end the program: after a comparison, a check that stops rather than raises.
_EXITS = frozenset({"sys.exit", "os._exit", "exit", "quit"})


def _exit(statement: ast.stmt, code: Code) -> bool:
    """``sys.exit()``, ``exit(1)``, ``quit()`` or ``raise SystemExit(...)``: not the
    successful ``sys.exit(0)``, nor an exit with a status the program computed."""
    if isinstance(statement, ast.Raise):
        return statement.exc is not None and terminal(statement.exc) == "SystemExit"
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return False
    call = statement.value
    # ``exit`` and ``quit`` are builtins, which no import binds.
    builtin = call.func.id if isinstance(call.func, ast.Name) else None
    if (code.resolve(call.func) or builtin) not in _EXITS:
        return False
    status = call.args[0] if call.args else None
    if isinstance(status, ast.Constant):
        return status.value != 0
    # ``sys.exit(0 if ok else 1)``, ``sys.exit(watch(url))``: the status of the work just run,
    # handed on; a message (``sys.exit(f"bad shape {x.shape}")``) still stops on a check.
    return not isinstance(status, (ast.IfExp, ast.Call, ast.BoolOp))


#: Names of an input event in a game's or GUI's event loop (``for event in pygame.event.get()``).
_EVENT_NAMES = frozenset({"event", "e", "ev", "evt"})


def _asks_to_quit(node: ast.AST) -> bool:
    """A read of what the user pressed: an event's ``type`` or ``key`` (``event.type ==
    pygame.QUIT``) or a key code (``cv2.waitKey(1) == ord("q")``). An exit on it stops
    because the user asked, not on a broken invariant."""
    if isinstance(node, ast.Attribute) and node.attr in {"type", "key"}:
        return isinstance(node.value, ast.Name) and node.value.id.lower() in _EVENT_NAMES
    return isinstance(node, ast.Call) and terminal(node.func) in {"waitKey", "ord"}


#: Libraries whose events are what a person did: a window closed, a key pressed.
_EVENT_LIBRARIES = frozenset({"pygame", "pyglet", "arcade", "tkinter", "curses", "pynput"})


def _typed(value: ast.expr | None) -> bool:
    """``input(...)``, maybe wrapped (``input(...).strip().lower()``, ``int(input(...))``)."""
    return value is not None and any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "input"
        for n in ast.walk(value)
    )


def _user_asked(test: list[ast.AST], unit: SourceUnit, node: ast.If, code: Code) -> bool:
    """The test matches what the program's user typed or did (``choice == "4"`` on
    ``choice = input(...)``, ``event.type == pygame.QUIT``): an exit or a raise there is the
    user's request, no broken invariant. A bound on a typed value (``width > 64``) still
    checks it."""
    ordering = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
    if any(
        isinstance(n, ast.Compare) and any(isinstance(op, ordering) for op in n.ops) for n in test
    ):
        return False
    if any(_typed(n) for n in test if isinstance(n, ast.Call)) or any(map(_asks_to_quit, test)):
        return True
    if any(
        isinstance(n, (ast.Name, ast.Attribute))
        and code.resolve(n).split(".")[0] in _EVENT_LIBRARIES
        for n in test
    ):
        return True
    names = {n.id for n in test if isinstance(n, ast.Name)}
    if not names:
        return False
    functions = code.functions_around(unit, node)
    scope = functions[0] if functions else None
    return any(
        _typed(assign.value)
        for assign in code.inside(unit, scope, ast.Assign)
        if any(isinstance(t, ast.Name) and t.id in names for t in assign.targets)
    )


#: Calls that report why a program stops (``print``, ``logger.error``, ``st.error``) or build
#: the message; any other call before an exit is the work of a branch that then ends.
_REPORTS = frozenset(
    {"print", "pprint", "echo", "secho", "write", "warn", "warning", "error", "critical"}
    | {"exception", "info", "debug", "log", "format", "join", "str", "repr", "len"}
)


def _stops_after_work(statements: list[ast.stmt], code: Code) -> bool:
    """The statements before the first exit run something other than a report: ``if
    args.model == "logreg": train_logreg(args); exit()`` runs another path of the program
    and ends, a dispatch, not a stop on a broken invariant."""
    for statement in statements:
        if _exit(statement, code):
            return False
        value = statement.value if isinstance(statement, (ast.Expr, ast.Assign)) else None
        if isinstance(value, ast.Call) and terminal(value.func) not in _REPORTS:
            return True
    return False


def _exit_line(node: ast.If, unit: SourceUnit, code: Code) -> int | None:
    """``if shape != expected: print(...); sys.exit()`` stops on a broken invariant as a
    ``raise`` would: the ``if`` line, or the exit of an ``else`` ending a chain of
    comparisons. Only a test that compares counts: ``if not gpu: sys.exit()`` asks for an
    environment, ``if len(sys.argv) < 3: print(usage); exit()`` for a command line, and a main
    block's ``sys.exit(main())`` checks nothing."""
    test = list(ast.walk(node.test))
    if is_main_guard(node) or not any(isinstance(n, ast.Compare) for n in test):
        return None
    if any(isinstance(n, ast.Attribute) and code.resolve(n) == "sys.argv" for n in test):
        return None
    line: int | None = None
    if any(_exit(statement, code) for statement in node.body):
        line = None if _stops_after_work(node.body, code) else node.lineno
    else:
        fallback = next((s for s in node.orelse if _exit(s, code)), None)
        worked = fallback is not None and _stops_after_work(node.orelse, code)
        line = fallback.lineno if fallback and not worked else None
    # Asked only of the rare test that exits: it reads the assignments of the function.
    return None if line is None or _user_asked(test, unit, node, code) else line


def _wildcard_raise(node: ast.Match, caught: Container[str]) -> int | None:
    """The ``raise`` line of a last ``case _:`` (no guard) that raises: the fallback of a
    chain of cases, as ``else: raise`` is of a chain of ``elif``."""
    last = node.cases[-1] if node.cases else None
    if last is None or last.guard is not None:
        return None
    if not (isinstance(last.pattern, ast.MatchAs) and last.pattern.pattern is None):
        return None
    fallback = _check_raise(last.body, caught)
    return fallback.lineno if fallback else None


def _refuses(test: ast.expr) -> bool:
    """A test that refuses a value (``ans not in ("y", "n")``, ``x != 3``, ``not ok``): a raise
    under it checks what was typed, as a bound does; ``ans in ("n", "no")`` only answers it."""
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return True
    return isinstance(test, ast.Compare) and any(
        isinstance(op, (ast.NotIn, ast.NotEq, ast.IsNot)) for op in test.ops
    )


def _checks(code: Code) -> Iterator[_Check]:
    """Asserts, ``if ...: raise`` (or a comparison ending in an exit), a ``match`` whose
    wildcard raises, and library assertions in one program; a raise or an exit on what the
    program's user typed or did is their request, not a check."""
    for unit in code.units:
        for node in unit.of_type(ast.Assert):
            if not _always_true(node.test) and not _reads_nothing(node.test):
                yield _Check(unit, node.lineno, _kind(node.test), "assert")
        caught = {handler.name for handler in unit.of_type(ast.ExceptHandler) if handler.name}
        for branch in unit.of_type(ast.If):
            line = _raise_line(branch, caught)
            if line is not None:
                # ``if ans == "n": raise Exception`` on ``ans = input(...)`` jumps where its
                # user asked to go, as an exit there stops on request: no broken invariant.
                if _refuses(branch.test) or not _user_asked(
                    list(ast.walk(branch.test)), unit, branch, code
                ):
                    yield _Check(unit, line, _kind(branch.test), "raise")
                continue
            line = _exit_line(branch, unit, code)
            if line is not None:
                yield _Check(unit, line, _kind(branch.test), "exit")
        for match in unit.of_type(ast.Match):
            line = _wildcard_raise(match, caught)
            if line is not None:
                yield _Check(unit, line, _kind(match.subject), "raise")
        for call in unit.of_type(ast.Call):
            name = code.resolve(call.func)
            if _CHECK_FUNCTIONS.match(name):
                yield _Check(unit, call.lineno, _kind(call), name.rpartition(".")[2])


def _typed_shapes(snapshot: Snapshot, repo: Repo) -> list[_Check]:
    """Signatures stating tensor shapes that jaxtyping checks at run time: each function is
    one check, as an ``assert x.shape == ...`` at its top would be."""
    aliases = shape_aliases(repo.codes)
    everywhere = checked_everywhere(snapshot)
    return [
        _Check(typed.unit, typed.line, "shape", "jaxtyping")
        for code in repo.codes
        for typed in shape_typed_functions(code, aliases, everywhere)
    ]


def _forward_methods(repo: Repo) -> list[Evidence]:
    """``def forward`` of the project's models: where a shape check belongs first."""
    models = repo.model_classes
    return [
        at(unit, item.lineno, "assert the input's shape here")
        for code in repo.codes
        for unit in code.units
        for node in unit.of_type(ast.ClassDef)
        if node.name in models
        for item in node.body
        if isinstance(item, ast.FunctionDef)
        and item.name in ("forward", "__call__", "call")
        and not _is_stub(item)
        and not _hands_input_on(item)
        and not _layerless(item)
    ][:3]


def _layerless(function: ast.FunctionDef) -> bool:
    """A ``forward`` that runs none of the module's parts (no call on ``self.<part>``) and
    computes with none of its own weights (no arithmetic on a ``self`` attribute, none handed
    to a call as ``F.linear(x, self.weight)`` is): an
    activation written as a module (``torch.clamp(torch.max(x, ...), max=1.0)``), which takes
    a tensor of any shape, so no shape check belongs there."""
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and (
            _on_self(node.func)
            or any(_on_self(argument) for argument in node.args)  # F.linear(x, self.weight)
            or any(_on_self(keyword.value) for keyword in node.keywords)
        ):
            return False
        if isinstance(node, ast.BinOp) and (_on_self(node.left) or _on_self(node.right)):
            return False
    return True


def _on_self(expr: ast.expr) -> bool:
    """``self.fc``, ``self.layers[0]``, ``self.w.t()``: rooted at ``self``."""
    while isinstance(expr, (ast.Attribute, ast.Subscript, ast.Call)):
        expr = expr.func if isinstance(expr, ast.Call) else expr.value
    return isinstance(expr, ast.Name) and expr.id == "self"


def _is_stub(function: ast.FunctionDef) -> bool:
    """A body of only a docstring, ``pass``, ``...`` or a ``raise``: a ``forward`` the model
    never runs through (an actor-critic runs ``act`` and ``evaluate``), with no input to check."""
    return all(
        isinstance(statement, (ast.Pass, ast.Raise))
        or (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
        for statement in function.body
    )


def _hands_input_on(function: ast.FunctionDef) -> bool:
    """A body (past a docstring) of one ``return f(x, ...)`` that passes the input on to a
    function that is not one of the model's own parts: a gradient reversal layer's
    ``return GradReverse.apply(x, self.alpha)`` or Keras ``return reverse_gradient(inputs)``.
    Such a layer is built to take a tensor of any shape; ``return self.net(x)`` runs the
    model's own layers and still is where a shape check belongs."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return False
    call = body[0].value
    if not isinstance(call, ast.Call):
        return False
    root: ast.expr = call.func
    while isinstance(root, ast.Attribute):
        root = root.value
    if not isinstance(root, ast.Name) or root.id == "self":
        return False
    inputs = {argument.arg for argument in function.args.args[1:]}
    return any(isinstance(argument, ast.Name) and argument.id in inputs for argument in call.args)


@rule("SANITY001")
def invariants_checked(snapshot: Snapshot) -> Result:
    """Assertions and explicit raises on shapes, dtypes and values, per 1,000 lines."""
    ml = ml_code(snapshot)
    if not ml.libraries:
        return Result.skipped(no_ml_said(snapshot))
    checks = [check for code in ml.code.codes for check in _checks(code)]
    checks += _typed_shapes(snapshot, ml.code)
    lines = sum(unit.code_lines for code in ml.code.codes for unit in code.units)
    density = 1000 * len(checks) / max(lines, 1)
    metrics: Metrics = {
        "checks": len(checks),
        "shape_checks": sum(check.kind == "shape" for check in checks),
        "asserts": sum(check.via == "assert" for check in checks),
        "raises": sum(check.via == "raise" for check in checks),
        "lines": lines,
        "per_1000_lines": round(density, 2),
    }
    if not checks:
        message = (
            f"no assert, and no if-then-raise, checks a shape, dtype or value in {lines} lines"
        )
        if lines < SMALL_REPO_LINES:
            # A short script is read whole in minutes: missing checks cost less there.
            return Result.warned(message, _forward_methods(ml.code), metrics, score=SHORT_SCORE)
        return Result.failed(message, _forward_methods(ml.code), metrics)
    return _density_result(checks, lines, density, metrics)


def _density_result(checks: list[_Check], lines: int, density: float, metrics: Metrics) -> Result:
    """Pass at :data:`PASS_DENSITY`, within one check of it, or with 3 checks in a small
    repo; else warn."""
    checks.sort(key=lambda c: (_KIND_ORDER[c.kind], c.unit.path, c.unit.cell or 0, c.line))
    evidence = [at(check.unit, check.line) for check in checks[:5]]
    summary = f"{len(checks)} invariant check(s) in {lines} lines ({density:.1f} per 1,000 lines)"
    typed = sum(check.via == "jaxtyping" for check in checks)
    if typed:
        summary += f", {typed} of them shapes in signatures that jaxtyping checks at run time"
    small = lines < SMALL_REPO_LINES and len(checks) >= SMALL_REPO_CHECKS
    # Within one check of the target (1 in 852 lines against 1.7 wanted) the density says
    # nothing a reader could act on: one assert more or less is not a habit.
    near = PASS_DENSITY * lines / 1000 - len(checks) < 1
    if density >= PASS_DENSITY or small or near:
        return Result.passed(summary, evidence, metrics)
    score = 0.25 + 0.5 * min(density / PASS_DENSITY, 1.0)
    wanted = math.ceil(PASS_DENSITY * lines / 1000)
    return Result.warned(f"{summary}; aim for {wanted}", evidence, metrics, score=round(score, 3))


# ---------------------------------------------------------------------------- SANITY004

_LABELS = {
    "no-zero-grad": "gradients never reset",
    "zero-grad-outside-loop": "zero_grad() outside the loop",
    "loss-kept": "loss tensor kept across steps",
    "clip-after-step": "gradients clipped after the optimizer step",
    "clip-before-unscale": "gradients clipped while still scaled",
    "sampler-epoch-unset": "DistributedSampler never told the epoch",
    "validated-on-training": "validation on the training data",
    "scheduler-unused": "learning-rate scheduler never stepped",
    "forward-called": "model.forward() called directly",
    "eval-unguarded": "evaluation in train mode with gradients on",
    "eval-with-grad": "evaluation with gradients on",
    "eval-in-train-mode": "evaluation in train mode",
    "eval-batch-unread": "evaluation loop never reads its batch",
    "train-mode-not-restored": "training resumed in eval mode",
    "best-state-aliased": "best weights kept by reference",
    "softmax-into-loss": "softmax fed to the loss",
    "softmax-output": "model outputs softmax into CrossEntropyLoss",
    "nll-without-log-softmax": "NLLLoss without log_softmax",
    "probabilities-as-logits": "model outputs probabilities into a loss set from_logits=True",
    "nan-compared": "== comparison with NaN",
    "fit-on-test": "fitted on test data",
    "early-stop-on-test": "early stopping on test data",
    "chosen-on-test": "model chosen on test data",
    "fit-before-split": "preprocessing fitted before the split",
    "scored-on-fitted-rows": "model scored on rows it was fitted on",
    "normalized-before-split": "normalized before the split",
    "val-is-train": "validation on the training images",
    "search-before-split": "orders searched before the split",
    "resample-before-split": "resampled before the split",
    "target-encoded-before-split": "label's group means encoded before the split",
    "split-out-of-order": "train_test_split's parts unpacked out of order",
    "trained-on-held-out": "optimizer stepped on validation or test batches",
    "test-from-train": "test rows sampled from the training rows",
    "label-sorted-split": "rows sorted by their label, then cut in order",
    "threshold-on-test": "threshold chosen on test data",
    "transform-shared": "transform set on a dataset both splits share",
    "windows-split-at-random": "overlapping windows split at random",
}


@rule("SANITY004")
def training_loop_mistakes(snapshot: Snapshot) -> Result:
    """The classic training-loop mistakes, each with its line and a one-line fix."""
    ml = ml_code(snapshot)
    if not ml.libraries:
        return Result.skipped(no_ml_said(snapshot))
    # Cross-validation fits copies of the model it is handed: training no fit() shows.
    training = training_steps(ml.code) or cross_validation_calls(ml.code)
    if not training:
        # Training kept in a file that does not parse (a script left half-written) is
        # unread, not absent.
        return Result.skipped(
            unread_ml_said(snapshot)
            or "no training code: no backward() or fit() call, nor a weight update by hand,"
            " outside the tests"
        )
    findings = find_mistakes(ml.code)
    findings += validation_on_training_images(ml.code.codes, snapshot.texts)
    findings += sweep_files_on_test(snapshot.texts)
    certain = [finding for finding in findings if finding.certain]
    metrics: Metrics = {"training_calls": len(training), "mistakes": len(certain)}
    metrics["warnings"] = len(findings) - len(certain)
    metrics.update(Counter(finding.kind.replace("-", "_") for finding in findings))
    if not findings:
        return Result.passed(
            f"no known mistake around {len(training)} training call(s)", [], metrics
        )
    evidence = [finding.evidence() for finding in findings]
    likely = [finding for finding in findings if not finding.certain]
    said = f"{len(likely)} likely training-loop mistake(s): {_kinds(likely)}" if likely else ""
    if certain:
        # The likely ones are counted apart: "1 mistake" beside three kinds reads as wrong.
        message = f"{len(certain)} training-loop mistake(s): {_kinds(certain)}"
        return Result.failed(f"{message}; {said}" if said else message, evidence, metrics)
    return Result.warned(said, evidence, metrics)


def _kinds(findings: list[Finding]) -> str:
    return ", ".join(dict.fromkeys(_LABELS[finding.kind] for finding in findings))
