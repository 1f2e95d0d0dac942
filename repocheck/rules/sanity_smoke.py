"""SANITY003: a test builds the model and runs it on tiny data (a smoke test), or the CI or
the project runs a training script end to end on a sliver of the data."""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from repocheck.analysis.failing_imports import failing_import
from repocheck.analysis.imports import Program, programs
from repocheck.analysis.ml_code import Code, FunctionFacts, Repo, is_forward_call
from repocheck.analysis.ml_names import (
    is_backward,
    is_double_name,
    is_fit,
    is_model_name,
    is_preprocessor_name,
    method,
    terminal,
)
from repocheck.analysis.project import smoke_runs_outside_pytest
from repocheck.analysis.scratch_training import (
    fits_in_closed_form,
    hand_updates,
    is_hand_update,
    trains_from_scratch,
)
from repocheck.analysis.script_runs import script_run, training_scripts
from repocheck.analysis.script_tests import script_tests
from repocheck.analysis.test_code import find_test_code
from repocheck.analysis.test_discovery import (
    collectable,
    dotted_name,
    find_tests,
    plain_functions,
)
from repocheck.analysis.testing_libraries import is_testing_library, own_names
from repocheck.analysis.web_routes import model_routes, requested_route
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence, Metrics, Result
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.rules._sanity_common import (
    MlCode,
    ml_code,
    no_ml_said,
    unread_ml_said,
)
from repocheck.wording import short

# ---------------------------------------------------------------------------- SANITY003

_LIBRARY_MODELS = compile_on_use(
    r"^(torch\.nn\.(\w+\.)*[A-Z]\w*|torchvision\.models\.\w+|timm\.create_model"
    r"|(tensorflow\.)?keras(\.\w+)*\.(Sequential|Model)|sklearn(\.\w+)+\.[A-Z]\w*"
    r"|(xgboost|lightgbm|catboost)\.\w+|.+\.from_pretrained)$"
)
#: What ``from_pretrained`` also loads, and torch.nn classes that are no model.
_NOT_MODELS = compile_on_use(r"Tokeni[sz]er|Config|Loss$|^torch\.nn\.init")
#: Hugging Face's input preparers (``AutoImageProcessor``, ``Wav2Vec2FeatureExtractor``): no
#: model when a library's, but a project's own network may be named so (a CNN backbone
#: called ``DualBranchFeatureExtractor``), and that is the model.
_LIBRARY_PREPARERS = compile_on_use(r"Processor|FeatureExtractor")
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
        what = short(self.unit.segment(self.call) or "", 50)
        snippet = short(f"{self.name}: {self.kind} `{what}`")
        return Evidence(self.unit.path, self.node.lineno, snippet, self.unit.cell)


def _test_functions(
    tests: tuple[Program, ...], plain: frozenset[tuple[str, int | None, int]]
) -> Iterator[tuple[Program, SourceUnit, str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Functions a runner collects: ``test*`` at the top level or in a class, not a pytest
    fixture named like one (``@pytest.fixture def test_data()``); not a
    ``test_training_small(dataset)`` no fixture feeds that the script calls itself (``plain``)."""
    for program in tests:
        for unit in program.units:
            for node in unit.tree.body:  # type: ignore[union-attr]
                if collectable(node):
                    if (unit.path, unit.cell, node.lineno) not in plain:
                        yield program, unit, node.name, node
                elif isinstance(node, ast.ClassDef):
                    for item in node.body:
                        if collectable(item):
                            yield program, unit, f"{node.name}.{item.name}", item


class _SmokeReader:
    """Reads test functions for model runs, with the project's models and helpers known."""

    def __init__(self, ml: MlCode, snapshot: Snapshot) -> None:
        self.repo = Repo([*(code.program for code in ml.code.codes), *ml.tests])
        self.code = ml.code
        self.models = self.repo.model_classes
        self.snapshot = snapshot
        self.paths = frozenset(info.path for info in snapshot.files)
        self.routes = model_routes(self.repo)
        self._factories: dict[tuple[str, int], frozenset[int | None]] = {}
        #: Tests that run the model only where every error is caught and dropped.
        self.swallowing: set[int] = set()

    def builds_model(self, call: ast.Call, code: Code) -> bool:
        """``MLP()``, ``nn.Linear(2, 2)``, ``AutoModel.from_pretrained(...)``."""
        name = code.resolve(call.func) or terminal(call.func) or ""
        simple = name.rpartition(".")[2]
        if _NOT_MODELS.search(name) or is_preprocessor_name(simple):
            return False  # a tokenizer, a scaler or a vectorizer is no model
        if _LIBRARY_PREPARERS.search(name) and not self._own_model(name):
            return False  # a library's processor or feature extractor prepares inputs
        return simple in self.models or bool(_LIBRARY_MODELS.match(name))

    def _own_model(self, name: str) -> bool:
        """``name`` (resolved) is one of the project's model classes: defined here, or
        imported from a module of the repository, not a library's class of that name."""
        module, _, simple = name.rpartition(".")
        return simple in self.models and (
            not module or module.partition(".")[0] in self._own_modules
        )

    @functools.cached_property
    def _own_modules(self) -> frozenset[str]:
        return own_names(self.snapshot)

    def built(self, code: Code, unit: SourceUnit, node: ast.AST) -> set[str]:
        """Names a test assigns a model to (``model = MLP()``), or the place of a project
        factory's result that holds the model (``modelo, _ = cargar_modelo(name)``)."""
        names: set[str] = set()
        for statement in code.inside(unit, node, ast.Assign):
            value = statement.value
            if not isinstance(value, ast.Call):
                continue
            if self.builds_model(value, code):
                names.update(terminal(target) or "" for target in statement.targets)
                continue
            # A function called by its name: ``Tokenizer.from_pretrained`` is a library's
            # method, whatever the project's own ``from_pretrained`` returns.
            callee = value.func.id if isinstance(value.func, ast.Name) else None
            places = self._factory_places(callee, code)
            for target in statement.targets if places else ():
                if isinstance(target, ast.Tuple):
                    names.update(
                        terminal(target.elts[place]) or ""
                        for place in places
                        if place is not None and place < len(target.elts)
                    )
                elif None in places:
                    names.add(terminal(target) or "")
        return names

    def _factory_places(self, callee: str | None, code: Code) -> frozenset[int | None]:
        """Where the project function ``callee`` returns a model it builds: None for the
        whole result, an index for a place in the tuple it returns. Asked once per name."""
        if callee is None or callee in self.models:
            return frozenset()
        key = (callee, id(code))
        if key not in self._factories:
            places: set[int | None] = set()

            def gather(facts: FunctionFacts) -> bool:
                places.update(self._model_places(facts))
                return False  # every definition the call may reach is read

            self.repo.any_def(callee, gather, seen_from=code)
            self._factories[key] = frozenset(places)
        return self._factories[key]

    def _model_places(self, facts: FunctionFacts) -> set[int | None]:
        """The places of ``facts``'s return values that hold a model built in it."""
        code, unit, node = facts.code, facts.unit, facts.node
        made = {
            target.id
            for statement in code.inside(unit, node, ast.Assign)
            if isinstance(statement.value, ast.Call) and self.builds_model(statement.value, code)
            for target in statement.targets
            if isinstance(target, ast.Name)
        }

        def model(value: ast.expr) -> bool:
            if isinstance(value, ast.Call):
                return self.builds_model(value, code)
            return isinstance(value, ast.Name) and value.id in made

        places: set[int | None] = set()
        for returned in code.inside(unit, node, ast.Return):
            value = returned.value
            if isinstance(value, ast.Tuple):
                places.update(place for place, item in enumerate(value.elts) if model(item))
            elif value is not None and model(value):
                places.add(None)
        return places

    @staticmethod
    def doubles(code: Code, unit: SourceUnit, node: ast.AST) -> set[str]:
        """Names a test assigns a stand-in to (``model = FakeModel()``): what they run is
        no model."""
        return _assigned_from(code, unit, node, is_double_name)

    @functools.cached_property
    def trained_by_hand(self) -> frozenset[str]:
        """Functions that move weights or a value table by hand (a numpy network, tabular
        Q-learning), directly or through helpers: running one trains."""
        # Read only where some update is: a library's hundred thousand assignments are not.
        units = {id(unit) for code in self.repo.codes for unit, _ in hand_updates(code)}
        if not units:
            return frozenset()
        return self.repo.closure(lambda facts: id(facts.unit) in units and _updates_by_hand(facts))

    @functools.cached_property
    def running_functions(self) -> frozenset[str]:
        """The project's functions that run a model, directly or through other functions: a forward
        pass, or a model's ``predict()`` (``self._model.predict(batch)`` in the method of a
        class that wraps a loaded Keras model)."""
        return self.repo.closure(_runs_a_model)

    @functools.cached_property
    def fitted_in_closed_form(self) -> frozenset[str]:
        """The project's functions (not the tests') that fit least squares in closed form,
        directly or through helpers: ``ols_fit``, and the ``kfold_cv`` that calls it."""
        return self.code.closure(fits_in_closed_form)

    def training(self, call: ast.Call, code: Code) -> str | None:
        """``loss.backward()``, ``opt.step()``, ``clf.fit(X, y)``, ``fast_dev_run``, or a
        project helper that trains."""
        if _lightning_smoke_run(call):
            return LIGHTNING_SMOKE_RUN
        if is_backward(call) or is_fit(call) or code.is_optimizer_step(call):
            return "training step"
        callee = terminal(call.func)
        if (
            callee in self.repo.training_functions
            and not code.resolve(call.func).startswith(("torch.", "sklearn."))
            and self._through(callee, code, self.repo.training_functions, _trains)
        ):
            return f"training step through {callee}()"
        if (
            callee in self.trained_by_hand
            and not code.resolve(call.func).startswith(("numpy.", "torch.", "sklearn."))
            and self._through(callee, code, self.trained_by_hand, _updates_by_hand)
        ):
            return f"training by hand through {callee}()"
        if (
            callee in self.fitted_in_closed_form
            and not code.resolve(call.func).startswith(("numpy.", "scipy.", "sklearn."))
            and self._through(callee, code, self.fitted_in_closed_form, fits_in_closed_form)
        ):
            return f"closed-form fit through {callee}()"
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
        if (
            callee in self.running_functions
            and callee not in self.models
            and self._through(callee, code, self.running_functions, _runs_a_model)
        ):
            return f"forward pass through {callee}()"
        library = self._testing_library(call, code, built)
        if library:
            return f"run by {library}"
        route = requested_route(call, self.routes) if self.routes else None
        return f"request to {route}, whose route runs the model" if route else None

    def _testing_library(self, call: ast.Call, code: Code, built: set[str]) -> str | None:
        """The testing library a call hands the model to (``torchtest.test_suite(model,
        ...)``, ``assert_vars_change(model, ...)``): it trains the model a step to check it.
        The model is one the test builds, or a fixture's or argument's named like one."""
        resolved = code.resolve(call.func) or dotted_name(call.func) or ""
        if not is_testing_library(resolved, own_names(self.snapshot)):
            return None
        values = [*call.args, *(keyword.value for keyword in call.keywords)]
        for value in values:
            name = terminal(value) if isinstance(value, (ast.Name, ast.Attribute)) else None
            built_here = isinstance(value, ast.Call) and self.builds_model(value, code)
            if built_here or (name and (name in built or is_model_name(name))):
                return resolved.partition(".")[0]
        return None

    def _through(
        self,
        callee: str | None,
        code: Code,
        closure: frozenset[str],
        does: Callable[[FunctionFacts], bool],
    ) -> bool:
        """The definition the test calls does it (``does`` of its own, or through a helper in
        ``closure``): functions are gathered by simple name, so the ``main()`` a test imports
        from a script that reports a score is no training step because another script's
        ``main()`` trains. A name no import resolves keeps every definition."""
        return self.repo.any_def(
            callee, lambda facts: does(facts) or bool(facts.callees & closure), seen_from=code
        )

    @staticmethod
    def _runs(call: ast.Call, built: set[str]) -> bool:
        """``clf.predict(X)``, ``model.generate(ids)``, ``model.apply(params, x)``; not a
        stand-in's (``FakeModel().predict(x)``)."""
        name = method(call)
        if name not in _RUN_METHODS:
            return False
        owner = terminal(call.func.value)  # type: ignore[attr-defined]
        if is_double_name(owner):
            return False
        return name in ("predict", "predict_proba") or is_model_name(owner) or owner in built

    def read(
        self, code: Code, unit: SourceUnit, name: str, node: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> tuple[_Smoke | None, bool]:
        """(the smoke test this is, if it is one; when it is not, whether it builds a model)."""
        doubles = self.doubles(code, unit, node) | _preprocessors(code, unit, node)
        calls = [
            call
            for call in code.inside(unit, node, ast.Call)
            if not (isinstance(call.func, ast.Attribute) and terminal(call.func.value) in doubles)
        ]
        built = self.built(code, unit, node)
        swallowed = _swallowed_calls(code, unit, node)
        kept = [call for call in calls if id(call) not in swallowed] if swallowed else calls
        found = self._first_run(kept, code, built)
        if found is not None:
            return _Smoke(name, unit, node, *found), True
        if swallowed and self._first_run(calls, code, built) is not None:
            self.swallowing.add(id(node))
        return None, bool(built) or any(self.builds_model(call, code) for call in calls)

    def _first_run(
        self, calls: list[ast.Call], code: Code, built: set[str]
    ) -> tuple[str, ast.Call] | None:
        """Lightning's own smoke run first, then the first training step, then the first
        forward pass; each read only as far as needed (a test file has thousands of calls):
        past the first training step only Lightning's smoke run can still come first."""
        first_step: tuple[str, ast.Call] | None = None
        for call in calls:
            if _lightning_smoke_run(call):
                return LIGHTNING_SMOKE_RUN, call
            if first_step is None:
                kind = self.training(call, code)
                first_step = (kind, call) if kind else None
        if first_step is not None:
            return first_step
        for call in calls:
            kind = self.forward(call, code, built)
            if kind:
                return kind, call
        return None


#: Exceptions whose handler catches whatever a model's run raises.
_BROAD = frozenset({"Exception", "BaseException"})


def _swallowed_calls(code: Code, unit: SourceUnit, node: ast.AST) -> set[int]:
    """ids of the calls inside a ``try:`` of the test whose handler catches every error
    (bare, ``Exception``, ``BaseException``) and neither raises, asserts nor fails the test
    (``except Exception: return False``): an error there cannot fail it."""
    found: set[int] = set()
    for statement in code.inside(unit, node, ast.Try):
        if any(_swallows(handler) for handler in statement.handlers):
            for inner in statement.body:
                found.update(id(n) for n in ast.walk(inner) if isinstance(n, ast.Call))
    return found


def _swallows(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught] if caught else []
    if caught is not None and not any(terminal(name) in _BROAD for name in names):
        return False
    for inner in handler.body:
        for n in ast.walk(inner):
            if isinstance(n, (ast.Raise, ast.Assert)):
                return False
            if isinstance(n, ast.Call) and terminal(n.func) in ("fail", "exit"):
                return False
    return True


def _preprocessors(code: Code, unit: SourceUnit, node: ast.AST) -> set[str]:
    """Names a test assigns a preprocessor to (``dv = DictVectorizer()``): their ``fit`` learns
    a vocabulary or a mean, however short the name, and trains no model."""
    return _assigned_from(code, unit, node, is_preprocessor_name)


def _assigned_from(
    code: Code, unit: SourceUnit, node: ast.AST, made_by: Callable[[str | None], bool]
) -> set[str]:
    """The names ``node`` assigns the result of a call whose callee ``made_by`` accepts."""
    return {
        terminal(target) or ""
        for statement in code.inside(unit, node, ast.Assign)
        if isinstance(statement.value, ast.Call) and made_by(terminal(statement.value.func))
        for target in statement.targets
    }


#: ``Trainer(fast_dev_run=True)``: Lightning runs a batch or two of training as a smoke test.
LIGHTNING_SMOKE_RUN = "Lightning fast_dev_run/overfit_batches"


def _lightning_smoke_run(call: ast.Call) -> bool:
    return any(item.arg in ("fast_dev_run", "overfit_batches") for item in call.keywords)


def _has_model_code(repo: Repo, reader: _SmokeReader) -> bool:
    return (
        bool(repo.model_classes)
        or any(
            is_backward(call) or is_fit(call) or reader.builds_model(call, code)
            for code, _, call in repo.calls()
        )
        or any(map(trains_from_scratch, repo.codes))
    )


def _trains(facts: FunctionFacts) -> bool:
    return facts.trains


def _runs_a_model(facts: FunctionFacts) -> bool:
    """A forward pass, or a call of ``predict()`` on a model the function's own object or
    module holds (``self._model.predict(batch)``), named like one: not on a model handed in
    as an argument, which a test may fill with a stand-in. Only functions that call a
    ``predict`` are read."""
    if facts.forwards:
        return True
    if not facts.callees & _PREDICTS:
        return False
    arguments = facts.node.args
    handed_in = {
        argument.arg
        for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)
    } - {"self", "cls"}
    for call in facts.code.inside(facts.unit, facts.node, ast.Call):
        if method(call) not in _PREDICTS:
            continue
        owner = call.func.value  # type: ignore[attr-defined]
        if isinstance(owner, ast.Name) and owner.id in handed_in:
            continue
        if is_model_name(terminal(owner)):
            return True
    return False


#: A model's methods that run it on inputs and return what it predicts.
_PREDICTS = frozenset({"predict", "predict_proba"})


def _updates_by_hand(facts: FunctionFacts) -> bool:
    updates = facts.code.inside(facts.unit, facts.node, ast.AugAssign, ast.Assign, ast.Call)
    return any(map(is_hand_update, updates))


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
    snapshot: Snapshot, ml: MlCode, reader: _SmokeReader
) -> tuple[list[_Smoke], list[Evidence], int]:
    """(smoke tests, tests that build a model and never run it, how many tests)."""
    smoke, builders, count = [], [], 0
    # A file of tests its own code runs, each asserting, is a suite in a script: read as tests.
    scripted = {
        (script.unit.path, script.unit.cell, function.lineno)
        for script in script_tests(snapshot)
        for function in script.functions
    }
    plain = plain_functions(snapshot) - scripted
    collected = [*_test_functions(ml.tests, plain), *_cases_among_code(snapshot)]
    codes = {program.path: Code(program) for program, *_ in collected}
    for program, unit, name, node in collected:
        count += 1
        found, builds = reader.read(codes[program.path], unit, name, node)
        if found:
            smoke.append(found)
        elif id(node) in reader.swallowing:
            note = f"{name}: runs the model only inside a try whose except swallows its errors"
            builders.append(Evidence(unit.path, node.lineno, note, unit.cell))
        elif builds:
            note = f"{name}: builds a model, never runs it"
            builders.append(Evidence(unit.path, node.lineno, note, unit.cell))
    return smoke, builders, count


@rule("SANITY003")
def smoke_test(snapshot: Snapshot) -> Result:
    """A test builds the model and runs it: a forward pass, a few training steps, fast_dev_run."""
    ml = ml_code(snapshot)
    if not ml.libraries:
        return Result.skipped(no_ml_said(snapshot))
    reader = _SmokeReader(ml, snapshot)
    if not _has_model_code(ml.code, reader):
        # A model kept in a file that does not parse (a Python 2 module) is unread, not absent.
        return Result.skipped(
            unread_ml_said(snapshot) or "no model or training code outside the tests"
        )
    smoke, builders, count = _read_tests(snapshot, ml, reader)
    metrics: Metrics = {"tests": count, "smoke_tests": len(smoke)}
    stopped = {s.unit.path: failing_import(snapshot, s.unit.path) for s in smoke}
    if smoke and all(stopped.values()):
        # Every smoke test sits in a file that stops at an import: none of them runs.
        path, stop = next((p, f) for p, f in stopped.items() if f is not None)
        message = f"{len(smoke)} smoke test(s), but none runs: {stop.describe(path)}"
        shown = [Evidence(path, stop.line, stop.stop())]
        return Result.warned(message, [*shown, *(s.evidence() for s in smoke[:4])], metrics)
    smoke = [s for s in smoke if stopped[s.unit.path] is None]
    metrics["smoke_tests"] = len(smoke)
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
