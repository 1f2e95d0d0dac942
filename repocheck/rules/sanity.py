"""Sanity-check rules: the code checks its own assumptions, guards against NaNs, has a smoke
test of the model, and its training loop is free of the classic mistakes.

Every rule skips a repository without ML code: numpy alone is not ML (unless it trains a
network from scratch, updating weights by hand), and a web app or a CLI tool (repocheck itself)
has no model to sanity-check.
"""

from __future__ import annotations

import ast
import functools
import math
import re
from collections import Counter
from collections.abc import Container, Iterator
from dataclasses import dataclass

from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import Program, import_sites, local_modules, programs, source_line
from repocheck.analysis.keras_loss_scaling import keras_loss_scaling
from repocheck.analysis.ml_code import (
    Code,
    Repo,
    each,
    identifiers,
    is_backward,
    is_fit,
    is_forward_call,
    is_model_name,
    method,
    terminal,
    tokens,
)
from repocheck.analysis.numeric_guards import (
    computes_gradients,
    decides,
    manual_guard,
    training_backwards,
)
from repocheck.analysis.project import smoke_runs_outside_pytest
from repocheck.analysis.scratch_training import hand_updates, trains_from_scratch
from repocheck.analysis.script_runs import script_run, training_scripts
from repocheck.analysis.test_code import find_test_code
from repocheck.analysis.test_discovery import find_tests
from repocheck.analysis.training_loop import find_mistakes
from repocheck.analysis.training_stakes import stakes
from repocheck.analysis.web_routes import model_routes, requested_route
from repocheck.facts.snapshot import Snapshot, SourceUnit, breadth_first
from repocheck.model import Evidence, Metrics, Result
from repocheck.registry import rule

SNIPPET_CHARS = 100
ML_LIBRARIES = {
    "torch": "PyTorch",
    "torchvision": "PyTorch",
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "jax": "JAX",
    "flax": "Flax",
    "sklearn": "scikit-learn",
    "lightning": "Lightning",
    "pytorch_lightning": "Lightning",
    "transformers": "Transformers",
}
NO_ML = (
    "no ML code: nothing outside the tests imports torch, tensorflow, keras, jax, sklearn, ..."
    " or updates weights by hand"
)
#: What a repository that trains a network from scratch in numpy is said to use.
FROM_SCRATCH = "numpy (a network from scratch)"


def _short(text: str, limit: int = SNIPPET_CHARS) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _at(unit: SourceUnit, line: int, note: str = "") -> Evidence:
    """Evidence at ``line`` showing the code there, with an optional trailing comment."""
    comment = f"  # {note}" if note else ""
    code = _short(source_line(unit, line), max(SNIPPET_CHARS - len(comment), 20))
    return Evidence(unit.path, line, code + comment, unit.cell)


# ---------------------------------------------------------------------------- shared analysis


@dataclass(frozen=True)
class _Analysis:
    """The ML libraries a repository uses, and its code read once for all sanity rules."""

    libraries: tuple[str, ...]
    code: Repo  # non-test code
    tests: tuple[Program, ...]


@per_object
def _analysis(snapshot: Snapshot) -> _Analysis:
    """Computed once per snapshot: the four rules share it."""
    progs = programs(snapshot)
    local = local_modules(snapshot)
    found: dict[str, None] = {}
    for program in progs:
        visible = local.visible_from(program.path)
        for site in import_sites(program):
            if site.top in ML_LIBRARIES and site.top not in visible:
                found[ML_LIBRARIES[site.top]] = None
    repo = Repo(progs)
    if not found and any(map(trains_from_scratch, repo.codes)):
        found[FROM_SCRATCH] = None
    return _Analysis(tuple(sorted(found)), repo, tuple(programs(snapshot, tests=True)))


def _training_calls(repo: Repo) -> list[tuple[SourceUnit, ast.Call]]:
    return [(unit, call) for _, unit, call in repo.calls() if is_backward(call) or is_fit(call)]


def _training_steps(repo: Repo) -> list[tuple[SourceUnit, ast.AST]]:
    """Training calls, and weight updates written by hand (``weights -= lr * dW``)."""
    steps: list[tuple[SourceUnit, ast.AST]] = list(_training_calls(repo))
    return steps + [update for code in repo.codes for update in hand_updates(code)]


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
)
_CHECK_FUNCTIONS = re.compile(
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


def _always_true(test: ast.expr) -> bool:
    """``assert True``, ``assert 1``, ``assert (x, "msg")``: checks nothing."""
    return isinstance(test, (ast.Constant, ast.Tuple, ast.JoinedStr)) and not (
        isinstance(test, ast.Constant) and not test.value
    )


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


def _checks(code: Code) -> Iterator[_Check]:
    """Asserts, ``if ...: raise`` and library assertions in one program."""
    for unit in code.units:
        for node in unit.of_type(ast.Assert):
            if not isinstance(node.test, ast.Constant) and not _always_true(node.test):
                yield _Check(unit, node.lineno, _kind(node.test), "assert")
        caught = {handler.name for handler in unit.of_type(ast.ExceptHandler) if handler.name}
        for branch in unit.of_type(ast.If):
            line = _raise_line(branch, caught)
            if line is not None:
                yield _Check(unit, line, _kind(branch.test), "raise")
        for call in unit.of_type(ast.Call):
            name = code.resolve(call.func)
            if _CHECK_FUNCTIONS.match(name):
                yield _Check(unit, call.lineno, _kind(call), name.rpartition(".")[2])


def _forward_methods(repo: Repo) -> list[Evidence]:
    """``def forward`` of the project's models: where a shape check belongs first."""
    models = repo.model_classes
    return [
        _at(unit, item.lineno, "assert the input's shape here")
        for code in repo.codes
        for unit in code.units
        for node in unit.of_type(ast.ClassDef)
        if node.name in models
        for item in node.body
        if isinstance(item, ast.FunctionDef) and item.name in ("forward", "__call__", "call")
    ][:3]


@rule("SANITY001")
def invariants_checked(snapshot: Snapshot) -> Result:
    """Assertions and explicit raises on shapes, dtypes and values, per 1,000 lines."""
    ml = _analysis(snapshot)
    if not ml.libraries:
        return Result.skipped(NO_ML)
    checks = [check for code in ml.code.codes for check in _checks(code)]
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
    """Pass at :data:`PASS_DENSITY` (or 3 checks in a small repo), else warn."""
    checks.sort(key=lambda c: (_KIND_ORDER[c.kind], c.unit.path, c.unit.cell or 0, c.line))
    evidence = [_at(check.unit, check.line) for check in checks[:5]]
    summary = f"{len(checks)} invariant check(s) in {lines} lines ({density:.1f} per 1,000 lines)"
    small = lines < SMALL_REPO_LINES and len(checks) >= SMALL_REPO_CHECKS
    if density >= PASS_DENSITY or small:
        return Result.passed(summary, evidence, metrics)
    score = 0.25 + 0.5 * min(density / PASS_DENSITY, 1.0)
    wanted = math.ceil(PASS_DENSITY * lines / 1000)
    return Result.warned(f"{summary}; aim for {wanted}", evidence, metrics, score=round(score, 3))


# ---------------------------------------------------------------------------- SANITY002

_GUARDS = {
    "finite check": re.compile(
        r"^(torch|numpy|math|jax\.numpy|tensorflow\.math|tensorflow)\.(isfinite|isnan|isinf"
        r"|isposinf|isneginf|is_nan|is_finite|is_inf)$|^pandas\.(isna|isnull)$"
        r"|^tensorflow\.debugging\.(check_numerics|enable_check_numerics|assert_all_finite)$"
        r"|TerminateOnNaN$"
    ),
    "anomaly detection": re.compile(r"^torch\.autograd(\.\w+)*\.(set_)?detect_anomaly$"),
    "gradient clipping": re.compile(
        r"^torch\.nn\.utils(\.\w+)*\.clip_grad_(norm|value)_?$"
        r"|^tensorflow\.clip_by_(global_)?norm$|^optax\.(clip|clip_by_global_norm)$"
    ),
    "numeric assertion": re.compile(
        r"^(torch|numpy)\.testing\.\w+$|^(torch|numpy|math|jax\.numpy)\.(allclose|isclose)$"
    ),
}
#: Mixed precision's own guard: ``scaler.step(optimizer)`` skips a step whose gradients are
#: not finite. Building a GradScaler guards nothing until the optimizer steps through it.
_GRAD_SCALER = re.compile(r"^torch\.(cuda\.|cpu\.)?amp\.(grad_scaler\.)?GradScaler$")
_GUARD_METHODS = {
    "isnan": "finite check",
    "isfinite": "finite check",
    "isinf": "finite check",
    "isna": "finite check",
    "isnull": "finite check",
    "clip_grad_norm_": "gradient clipping",
    "clip_grad_value_": "gradient clipping",
    "clip_gradients": "gradient clipping",
    "assert_close": "numeric assertion",
}
_GUARD_KEYWORDS = {
    "gradient_clip_val": "gradient clipping",
    "clipnorm": "gradient clipping",
    "clipvalue": "gradient clipping",
    "global_clipnorm": "gradient clipping",
    "max_grad_norm": "gradient clipping",
    "detect_anomaly": "anomaly detection",
}


def _guard_kind(call: ast.Call, code: Code) -> str | None:
    """What kind of numeric guard ``call`` is, if it is one."""
    name = code.resolve(call.func)
    if not name:
        return _GUARD_METHODS.get(method(call) or "") or _keyword_guard(call)
    return _guard_named(name) or _keyword_guard(call)


@functools.lru_cache(maxsize=4096)
def _guard_named(name: str) -> str | None:
    """The guard a resolved callee is (asked once per distinct name, not once per call)."""
    return next((kind for kind, pattern in _GUARDS.items() if pattern.search(name)), None)


def _builds_grad_scaler(codes: list[Code]) -> bool:
    return any(
        _GRAD_SCALER.search(code.resolve(call.func) or "") and not _switched_off(call)
        for code, _, call in each(codes, ast.Call)
    )


def _steps_through_a_scaler(call: ast.Call) -> bool:
    """``scaler.step(optimizer)``, ``self.grad_scaler.step(opt)``."""
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    named = terminal(owner) if owner is not None else None
    return method(call) == "step" and bool(call.args) and "scaler" in tokens(named or "")


def _switched_off(call: ast.Call) -> bool:
    """``GradScaler(enabled=False)``: built, but it scales and checks nothing."""
    enabled = next((item.value for item in call.keywords if item.arg == "enabled"), None)
    return isinstance(enabled, ast.Constant) and enabled.value is False


def _keyword_guard(call: ast.Call) -> str | None:
    """``Trainer(gradient_clip_val=1.0)``, ``Adam(clipnorm=1.0)``,
    ``jax.config.update("jax_debug_nans", True)``."""
    for item in call.keywords:
        off = isinstance(item.value, ast.Constant) and item.value.value in (None, False, 0)
        if item.arg in _GUARD_KEYWORDS and not off:
            return _GUARD_KEYWORDS[item.arg]
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and first.value == "jax_debug_nans":
        return "finite check"
    return None


@rule("SANITY002")
def numeric_guards(snapshot: Snapshot) -> Result:
    """A NaN/inf check, anomaly detection, gradient clipping or a numeric test assertion."""
    ml = _analysis(snapshot)
    if not ml.libraries:
        return Result.skipped(NO_ML)
    if ml.libraries == (FROM_SCRATCH,):
        # A homework's maths has nothing to guard; a framework written in numpy may guard
        # its own steps (a finite check in its optimizer), and those are its guards.
        scratch = [code for code in ml.code.codes if trains_from_scratch(code)]
        found = _guards(ml.code.codes, _near_training(ml.code, scratch))
        if found:
            return _guarded(found)
        return Result.skipped(
            "a network from scratch in numpy: an exercise in the maths, not a long run for a"
            " NaN guard or gradient clipping to protect"
        )
    if not any(map(computes_gradients, ml.code.codes)):
        return Result.skipped(
            "no gradient-based training (backward(), an optimizer step, a Keras or Lightning"
            " fit): nothing for a NaN guard or gradient clipping to protect"
        )
    training = [code for code in ml.code.codes if computes_gradients(code)]
    tests = [Code(program) for program in ml.tests]
    test_ids = {id(code) for code in tests}
    checked = _near_training(ml.code, training) | test_ids
    guards = _guards([*ml.code.codes, *tests], checked, test_ids)
    metrics: Metrics = {kind.replace(" ", "_"): len(found) for kind, found in guards.items()}
    if guards:
        return _guarded(guards)
    steps = [step for code in ml.code.codes for step in training_backwards(code)][:3]
    note = "is the loss finite? clip gradients?"
    evidence = [_at(unit, call.lineno, note) for unit, call in steps]
    message = "nothing checks for NaN/inf, detects anomalies or clips gradients"
    at_stake = next(filter(None, map(stakes, training)), None)
    if at_stake is None:
        # A short exercise rerun in minutes: true, but not a first review point; a note.
        metrics["short_runs_only"] = 1
        note_message = f"{message}; a note for short exercises, a must before long runs"
        return Result.passed(note_message, evidence, metrics)
    return Result.warned(f"{message}, with {at_stake} at stake", evidence, metrics)


def _guarded(guards: dict[str, list[Evidence]]) -> Result:
    metrics: Metrics = {kind.replace(" ", "_"): len(found) for kind, found in guards.items()}
    # One example of each kind first, then the rest.
    evidence = [found[0] for found in guards.values()]
    evidence += [e for found in guards.values() for e in found[1:]]
    return Result.passed(f"numeric guards: {', '.join(guards)}", evidence[:5], metrics)


def _near_training(repo: Repo, training: list[Code]) -> set[int]:
    """ids of the training programs and of the programs they import or are imported by."""
    return {id(other) for code in training for other in [code, *repo.linked(code)]}


def _guards(
    codes: list[Code], checked: set[int], tests: Container[int] = frozenset()
) -> dict[str, list[Evidence]]:
    """Guard kind -> where it is used, in the order kinds are first met. A finite check counts
    only in the programs ``checked`` (ids: test code, and code near the training programs):
    elsewhere it filters data (statistics on records with missing values), however it decides.
    ``np.allclose`` counts in ``tests`` (ids) or inside an assert: elsewhere it picks a branch
    (slerp's ``elif np.allclose(p0, p1): return p0``) and checks nothing."""
    guards: dict[str, list[Evidence]] = {}
    scaling = _builds_grad_scaler(codes)
    for code, unit, call in each(codes, ast.Call):
        kind = _guard_kind(call, code) or manual_guard(call, code, unit)
        if kind is None and scaling and _steps_through_a_scaler(call):
            kind = "loss scaling"
        if (
            kind == "finite check"
            and _is_predicate(call, code)
            and not (id(code) in checked and decides(code, unit, call))
        ):
            continue  # print(df.isnull().sum()), r_inv[np.isinf(r_inv)] = 0.: no guard
        if (
            kind == "numeric assertion"
            and id(code) not in tests
            and _returns_a_bool(call, code)
            and not _asserted(unit, call)
        ):
            continue
        if kind:
            guards.setdefault(kind, []).append(_at(unit, call.lineno))
    for unit, line in keras_loss_scaling(codes):
        guards.setdefault("loss scaling", []).append(_at(unit, line))
    return guards


def _returns_a_bool(call: ast.Call, code: Code) -> bool:
    """``np.allclose(a, b)``, ``math.isclose(a, b)``: a comparison, not an assertion."""
    name = code.resolve(call.func) or terminal(call.func) or ""
    return name.rpartition(".")[2] in ("allclose", "isclose")


def _asserted(unit: SourceUnit, call: ast.Call) -> bool:
    return any(call is node for check in unit.of_type(ast.Assert) for node in ast.walk(check))


_PREDICATES = frozenset(
    {"isfinite", "isnan", "isinf", "isposinf", "isneginf", "is_nan", "is_finite", "is_inf"}
    | {"isna", "isnull"}
)


def _is_predicate(call: ast.Call, code: Code) -> bool:
    """``torch.isnan(x)``, ``df.isnull()``: a test that guards only when something acts on it
    (``check_numerics`` or ``TerminateOnNaN`` stop training by themselves)."""
    name = code.resolve(call.func) or terminal(call.func) or ""
    return name.rpartition(".")[2] in _PREDICATES


# ---------------------------------------------------------------------------- SANITY003

_LIBRARY_MODELS = re.compile(
    r"^(torch\.nn\.(\w+\.)*[A-Z]\w*|torchvision\.models\.\w+|timm\.create_model"
    r"|(tensorflow\.)?keras(\.\w+)*\.(Sequential|Model)|sklearn(\.\w+)+\.[A-Z]\w*"
    r"|(xgboost|lightgbm|catboost)\.\w+|.+\.from_pretrained)$"
)
#: What ``from_pretrained`` also loads, and torch.nn classes that are no model.
_NOT_MODELS = re.compile(r"Tokeni[sz]er|Processor|Config|FeatureExtractor|Loss$|^torch\.nn\.init")
_RUN_METHODS = frozenset({"forward", "predict", "predict_proba", "evaluate", "generate", "apply"})


@dataclass(frozen=True)
class _Smoke:
    """What a test does with a model: ``kind`` is how, ``call`` the call that shows it."""

    name: str
    unit: SourceUnit
    node: ast.FunctionDef | ast.AsyncFunctionDef
    kind: str
    call: ast.Call

    def evidence(self) -> Evidence:
        """The test's ``def`` line, naming the test and the call that runs the model."""
        what = _short(self.unit.segment(self.call) or "", 50)
        snippet = _short(f"{self.name}: {self.kind} `{what}`")
        return Evidence(self.unit.path, self.node.lineno, snippet, self.unit.cell)


def _test_functions(
    tests: tuple[Program, ...],
) -> Iterator[tuple[Program, SourceUnit, str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Functions a runner collects: ``test*`` at the top level or in a class."""
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef)
    for program in tests:
        for unit in program.units:
            for node in unit.tree.body:  # type: ignore[union-attr]
                if isinstance(node, kinds) and node.name.startswith("test"):
                    yield program, unit, node.name, node
                elif isinstance(node, ast.ClassDef):
                    for item in node.body:
                        if isinstance(item, kinds) and item.name.startswith("test"):
                            yield program, unit, f"{node.name}.{item.name}", item


class _SmokeReader:
    """Reads test functions for model runs, with the project's models and helpers known."""

    def __init__(self, ml: _Analysis, snapshot: Snapshot) -> None:
        self.repo = Repo([*(code.program for code in ml.code.codes), *ml.tests])
        self.models = self.repo.model_classes
        self.snapshot = snapshot
        self.paths = frozenset(info.path for info in snapshot.files)
        self.routes = model_routes(self.repo)

    def builds_model(self, call: ast.Call, code: Code) -> bool:
        """``MLP()``, ``nn.Linear(2, 2)``, ``AutoModel.from_pretrained(...)``."""
        name = code.resolve(call.func) or terminal(call.func) or ""
        if _NOT_MODELS.search(name):
            return False
        return name.rpartition(".")[2] in self.models or bool(_LIBRARY_MODELS.match(name))

    def built(self, code: Code, unit: SourceUnit, node: ast.AST) -> set[str]:
        """Names a test assigns a model to (``model = MLP()``)."""
        return {
            terminal(target) or ""
            for statement in code.inside(unit, node, ast.Assign)
            if isinstance(statement.value, ast.Call) and self.builds_model(statement.value, code)
            for target in statement.targets
        }

    def training(self, call: ast.Call, code: Code) -> str | None:
        """``loss.backward()``, ``opt.step()``, ``clf.fit(X, y)``, ``fast_dev_run``, or a
        project helper that trains."""
        if any(item.arg in ("fast_dev_run", "overfit_batches") for item in call.keywords):
            return "Lightning fast_dev_run/overfit_batches"
        if is_backward(call) or is_fit(call) or code.is_optimizer_step(call):
            return "training step"
        callee = terminal(call.func)
        if callee in self.repo.training_functions and not code.resolve(call.func).startswith(
            ("torch.", "sklearn.")
        ):
            return f"training step through {callee}()"
        script = script_run(call, code.resolve(call.func), self.paths)
        if script is not None and script in training_scripts(self.snapshot):
            return f"training run of {script}"
        return None

    def forward(self, call: ast.Call, code: Code, built: set[str]) -> str | None:
        """``model(x)``, ``MLP()(x)``, ``clf.predict(X)``, or a project helper that runs one."""
        func = call.func
        if isinstance(func, ast.Call):
            return "forward pass" if self.builds_model(func, code) else None
        if is_forward_call(call, code) or (terminal(func) in built and not code.resolve(func)):
            return "forward pass"
        if self._runs(call, built):
            return "forward pass"
        callee = terminal(func)
        if callee in self.repo.model_functions and callee not in self.models:
            return f"forward pass through {callee}()"
        route = requested_route(call, self.routes) if self.routes else None
        return f"request to {route}, whose route runs the model" if route else None

    @staticmethod
    def _runs(call: ast.Call, built: set[str]) -> bool:
        """``clf.predict(X)``, ``model.generate(ids)``, ``model.apply(params, x)``."""
        name = method(call)
        if name not in _RUN_METHODS:
            return False
        owner = terminal(call.func.value)  # type: ignore[attr-defined]
        return name in ("predict", "predict_proba") or is_model_name(owner) or owner in built

    def read(
        self, code: Code, unit: SourceUnit, name: str, node: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> tuple[_Smoke | None, bool]:
        """(the smoke test this is, if it is one; when it is not, whether it builds a model)."""
        calls = code.inside(unit, node, ast.Call)
        built = self.built(code, unit, node)
        found = self._first_run(calls, code, built)
        if found is not None:
            return _Smoke(name, unit, node, *found), True
        return None, bool(built) or any(self.builds_model(call, code) for call in calls)

    def _first_run(
        self, calls: list[ast.Call], code: Code, built: set[str]
    ) -> tuple[str, ast.Call] | None:
        """Lightning's own smoke run first, then the first training step, then the first
        forward pass; each read only as far as needed (a test file has thousands of calls)."""
        training = [(kind, call) for call in calls if (kind := self.training(call, code))]
        lightning = [item for item in training if item[0].startswith("Lightning")]
        if lightning or training:
            return (lightning or training)[0]
        for call in calls:
            kind = self.forward(call, code, built)
            if kind:
                return kind, call
        return None


def _has_model_code(repo: Repo, reader: _SmokeReader) -> bool:
    return bool(repo.model_classes) or any(
        is_backward(call) or is_fit(call) or reader.builds_model(call, code)
        for code, _, call in repo.calls()
    )


def _cases_among_code(
    snapshot: Snapshot,
) -> Iterator[tuple[Program, SourceUnit, str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Tests a runner collects from units that are not test code as a whole: a TestCase in a
    notebook cell beside the code it tests, or in a module that also trains. Read in the whole
    program, so the test sees the model the cells above it define."""
    test_code = find_test_code(snapshot)
    mixed = [test for test in find_tests(snapshot) if not test_code.is_test_unit(test.unit)]
    if not mixed:
        return
    whole = {program.path: program for program in programs(snapshot, tests=None)}
    for test in mixed:
        program = whole.get(test.unit.path)
        if program is not None and isinstance(test.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield program, test.unit, test.name, test.node


def _read_tests(
    snapshot: Snapshot, ml: _Analysis, reader: _SmokeReader
) -> tuple[list[_Smoke], list[Evidence], int]:
    """(smoke tests, tests that build a model and never run it, how many tests)."""
    smoke, builders, count = [], [], 0
    collected = [*_test_functions(ml.tests), *_cases_among_code(snapshot)]
    codes = {program.path: Code(program) for program, *_ in collected}
    for program, unit, name, node in collected:
        count += 1
        found, builds = reader.read(codes[program.path], unit, name, node)
        if found:
            smoke.append(found)
        elif builds:
            note = f"{name}: builds a model, never runs it"
            builders.append(Evidence(unit.path, node.lineno, note, unit.cell))
    return smoke, builders, count


@rule("SANITY003")
def smoke_test(snapshot: Snapshot) -> Result:
    """A test builds the model and runs it: a forward pass, a few training steps, fast_dev_run."""
    ml = _analysis(snapshot)
    if not ml.libraries:
        return Result.skipped(NO_ML)
    reader = _SmokeReader(ml, snapshot)
    if not _has_model_code(ml.code, reader):
        return Result.skipped("no model or training code outside the tests")
    smoke, builders, count = _read_tests(snapshot, ml, reader)
    metrics: Metrics = {"tests": count, "smoke_tests": len(smoke)}
    if smoke:
        first = smoke[0]
        message = f"{len(smoke)} smoke test(s), e.g. {first.name} ({first.kind})"
        return Result.passed(message, [s.evidence() for s in smoke[:5]], metrics)
    elsewhere = None if builders else smoke_runs_outside_pytest(snapshot)
    if elsewhere is not None:  # a CI dry run of the examples, a test program in C
        done = Result.passed if elsewhere.certain else Result.warned
        return done(elsewhere.message, elsewhere.evidence, metrics)
    if not count:
        return Result.failed(
            "no tests at all: nothing runs the model before a long training run", [], metrics
        )
    if builders:
        message = f"{len(builders)} test(s) build a model but none is seen running it"
        return Result.warned(message, builders, metrics)
    return Result.failed(f"{count} test(s), none builds the model and runs it", [], metrics)


# ---------------------------------------------------------------------------- SANITY004

_LABELS = {
    "no-zero-grad": "gradients never reset",
    "zero-grad-outside-loop": "zero_grad() outside the loop",
    "loss-kept": "loss tensor kept across steps",
    "forward-called": "model.forward() called directly",
    "eval-unguarded": "evaluation in train mode with gradients on",
    "eval-with-grad": "evaluation with gradients on",
    "eval-in-train-mode": "evaluation in train mode",
    "train-mode-not-restored": "training resumed in eval mode",
    "softmax-into-loss": "softmax fed to the loss",
    "softmax-output": "model outputs softmax into CrossEntropyLoss",
    "nll-without-log-softmax": "NLLLoss without log_softmax",
    "nan-compared": "== comparison with NaN",
    "fit-on-test": "fitted on test data",
    "fit-before-split": "scaler fitted before the split",
}


@rule("SANITY004")
def training_loop_mistakes(snapshot: Snapshot) -> Result:
    """The classic training-loop mistakes, each with its line and a one-line fix."""
    ml = _analysis(snapshot)
    if not ml.libraries:
        return Result.skipped(NO_ML)
    training = _training_steps(ml.code)
    if not training:
        return Result.skipped(
            "no training code: no backward() or fit() call, nor a weight update by hand,"
            " outside the tests"
        )
    findings = find_mistakes(ml.code)
    certain = [finding for finding in findings if finding.certain]
    metrics: Metrics = {"training_calls": len(training), "mistakes": len(certain)}
    metrics["warnings"] = len(findings) - len(certain)
    metrics.update(Counter(finding.kind.replace("-", "_") for finding in findings))
    if not findings:
        return Result.passed(
            f"no known mistake around {len(training)} training call(s)", [], metrics
        )
    kinds = ", ".join(dict.fromkeys(_LABELS[finding.kind] for finding in findings))
    evidence = [finding.evidence() for finding in findings]
    if certain:
        return Result.failed(f"{len(certain)} training-loop mistake(s): {kinds}", evidence, metrics)
    return Result.warned(
        f"{len(findings)} likely training-loop mistake(s): {kinds}", evidence, metrics
    )
