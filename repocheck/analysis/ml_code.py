"""The code model the sanity rules share: ML code read the way a reviewer reads it.

A :class:`Repo` wraps the parsed programs with what the detectors need: what holds what, the
names a program binds to optimizers and models, and facts about each function (does it train,
reset gradients, run a model, switch the model to eval mode). Names are matched by what they
resolve to through the imports where a library is involved (``T.no_grad`` after
``import torch as T``), and by how ML code names things where nothing can be resolved
(``model(x)``, ``optimizer.step()``): variables carry no types, and readers go by names too.
"""

from __future__ import annotations

import ast
import bisect
import functools
import heapq
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar, cast

from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import (
    ImportSite,
    Program,
    constant_of,
    import_sites,
    name_suffixes,
    programs,
    source_line,
)
from repocheck.analysis.ml_names import (
    BACKWARD_METHODS,
    TRAINING_CALL_METHODS,
    ZEROING_METHODS,
    constant_arg,
    identifiers,
    is_backward,
    is_eval_switch,
    is_fit,
    is_model_name,
    is_optimizer_name,
    is_train_switch,
    is_zeroing,
    method,
    terminal,
    tokens,
)
from repocheck.analysis.spans import Position, contains, end_of, start_of
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence
from repocheck.patterns import compile_on_use

N = TypeVar("N", bound=ast.AST)
SNIPPET_CHARS = 100
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
#: Libraries whose programs train with PyTorch autograd (``loss.backward()``).
TORCH_FAMILY = frozenset(
    {"torch", "torchvision", "lightning", "pytorch_lightning", "accelerate", "timm", "fastai"}
)

#: scikit-learn's steps that prepare data: encoders, scalers, imputers, vectorizers, and
#: the neighbours index that only stores it; Keras' image augmenter.
_PREPARES_DATA = compile_on_use(
    r"^sklearn\.(preprocessing|impute|feature_extraction(\.text)?)\.\w+$"
    r"|^sklearn\.compose\.(ColumnTransformer|make_column_transformer)$"
    # An index of vectors to search (a retrieval app's, as faiss' index.add): its fit stores
    # the data and learns nothing; a neighbours classifier or regressor is a model.
    r"|^sklearn\.neighbors\.NearestNeighbors$"
    # ImageDataGenerator.fit(x) computes the mean, std or ZCA matrix of its featurewise
    # options (tf.keras' and Keras' own, under any of their module paths): no weight learned.
    r"|^(tensorflow\.)?keras(\.\w+)*\.ImageDataGenerator$"
)
#: A scikit-learn estimator that fits without gradient steps of any framework and wraps no
#: other estimator (``NearestNeighbors``, ``KMeans``, ``LogisticRegression``). Meta-estimators
#: (a grid search, a pipeline, a voting ensemble) may wrap a Keras model, and scikit-learn's
#: own MLPs step by gradients: those are left to the other readings.
_FITS_WITHOUT_GRADIENTS = compile_on_use(
    r"^sklearn\.(?!(model_selection|pipeline|ensemble|multiclass|multioutput|compose"
    r"|feature_selection|calibration|semi_supervised|neural_network)\b)\w+(\.\w+)*$"
)
#: The methods a fitted transformer is used through (``encoder.transform(df)``).
_TRANSFORMS = frozenset({"transform", "fit_transform"})
#: statsmodels' classical regressions (the classes and the formula API's functions): fitted by
#: least squares or maximum likelihood, with nothing a run's settings would choose.
#: Hyperparameters of classical estimators and the values their libraries give them unasked
#: (scikit-learn's forests grow 100 trees): written out at that value, they choose nothing.
_LIBRARY_DEFAULTS: dict[tuple[str, str], dict[str, object]] = {
    **{
        ("sklearn", name): {"n_estimators": 100}
        for name in (
            "RandomForestClassifier", "RandomForestRegressor", "ExtraTreesClassifier",
            "ExtraTreesRegressor", "IsolationForest",
        )
    },
    ("sklearn", "GradientBoostingClassifier"): {"n_estimators": 100, "max_depth": 3},
    ("sklearn", "GradientBoostingRegressor"): {"n_estimators": 100, "max_depth": 3},
    ("sklearn", "AdaBoostClassifier"): {"n_estimators": 50},
    ("sklearn", "AdaBoostRegressor"): {"n_estimators": 50},
    ("sklearn", "BaggingClassifier"): {"n_estimators": 10},
    ("sklearn", "BaggingRegressor"): {"n_estimators": 10},
    ("xgboost", "XGBClassifier"): {"n_estimators": 100},
    ("xgboost", "XGBRegressor"): {"n_estimators": 100},
    ("lightgbm", "LGBMClassifier"): {"n_estimators": 100},
    ("lightgbm", "LGBMRegressor"): {"n_estimators": 100},
    # PyTorch's recurrent layers drop nothing between their layers unless told:
    # ``nn.RNN(..., dropout=0.)`` writes out that no dropout is used.
    **{("torch", name): {"dropout": 0} for name in ("RNN", "LSTM", "GRU")},
}  # fmt: skip


def at_library_default(callee: str, keyword: ast.keyword) -> bool:
    """``RandomForestClassifier(n_estimators=100)`` or ``nn.LSTM(..., dropout=0.0)``: a
    hyperparameter written out at the value its library gives it anyway (``callee``
    resolved)."""
    defaults = _LIBRARY_DEFAULTS.get((callee.partition(".")[0], callee.rpartition(".")[2]))
    if not defaults or keyword.arg not in defaults:
        return False
    value = constant_of(keyword.value, default=None)
    return type(value) in (int, float) and value == defaults[keyword.arg]


#: Libraries of classical estimators, whose constructors hold every setting they take.
_CLASSICAL_LIBRARIES = ("sklearn.", "xgboost.", "lightgbm.", "catboost.")
#: Constructor arguments that set no hyperparameter: the seed, threads, logging.
_NO_SETTING = frozenset({"random_state", "n_jobs", "verbose", "verbosity", "random_seed"})
_STATISTICAL_REGRESSION = compile_on_use(
    r"^statsmodels\.(api|formula\.api|regression\.linear_model|discrete\.discrete_model)"
    r"\.(OLS|WLS|GLS|Logit|Probit|ols|wls|gls|logit|probit)$"
    # lifelines' survival estimators (KaplanMeierFitter, NelsonAalenFitter, WeibullFitter,
    # CoxPHFitter, WeibullAFTFitter), under any of its module paths: a survival curve counted
    # from durations and events, or a regression fitted by maximum (partial) likelihood.
    r"|^lifelines(\.[a-z_]+)*\.[A-Z]\w*Fitter$"
    # statsmodels' seasonal decompositions (STL, MSTL): a series split into trend, seasonality
    # and remainder to be looked at, no model trained or evaluated.
    r"|^statsmodels\.tsa\.(seasonal|api|stl\._stl)\.M?STL$"
)
#: Where a distribution's parameters come from: numpy's and scipy's statistics
#: (``np.mean``, ``np.std``, ``scipy.stats.laplace.fit``) and the standard library's.
_STATISTICS_LIBRARIES = ("numpy.", "scipy.", "math.", "statistics.")
#: Estimators whose ``fit`` submits a training job that runs a script elsewhere.
_CLOUD_JOBS = ("sagemaker.",)
#: Resolved names of the calls that draw an array or tensor of random numbers.
_DRAWS = ("numpy.random.", "torch.rand", "tensorflow.random.")


def _is_draw(callee: str) -> bool:
    return callee.startswith(_DRAWS) and not callee.endswith((".seed", ".default_rng"))


#: Builtins a fit that only summarises data may call: ``max(sigma, 1e-6)``, ``float(mu)``,
#: ``raise ValueError(...)``.
_SUMMARY_BUILTINS = frozenset(
    {"max", "min", "abs", "len", "float", "int", "dict", "list", "tuple", "sum", "round"}
    | {"ValueError", "TypeError", "KeyError", "RuntimeError"}
)
#: Frameworks whose models a torch DataLoader may feed (the JAX tutorials' idiom).
_OTHER_FRAMEWORKS = frozenset({"jax", "flax", "optax", "equinox", "haiku", "tensorflow", "keras"})
#: The torch modules that load and transform data, and build no model.
_TORCH_DATA_MODULES = (
    "torch.utils.data",
    "torchvision.datasets",
    "torchvision.transforms",
    "torchvision.io",
    "torchaudio.datasets",
)


def _loads_data_only(site: ImportSite) -> bool:
    """An import of no torch-family module, or of one of :data:`_TORCH_DATA_MODULES`
    (``import torch.utils.data``, ``from torchvision import datasets, transforms``)."""
    if site.top not in TORCH_FAMILY:
        return True
    node = site.node
    if isinstance(node, ast.Import):
        modules = [alias.name for alias in node.names if alias.name.split(".")[0] in TORCH_FAMILY]
    else:
        base = node.module or ""
        modules = [base] if base != site.top else [f"{base}.{alias.name}" for alias in node.names]
    return all(
        any(module == data or module.startswith(f"{data}.") for data in _TORCH_DATA_MODULES)
        for module in modules
    )


# ---------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class Finding:
    """One mistake: where (a node with a line), what, whether certain, and the one-line fix."""

    kind: str
    unit: SourceUnit
    line: int
    fix: str
    certain: bool

    def evidence(self) -> Evidence:
        """The code line with the fix as a trailing comment, at most 100 characters."""
        comment = f"  # {self.fix}"
        code = " ".join(source_line(self.unit, self.line).split())
        room = max(SNIPPET_CHARS - len(comment), 20)
        if len(code) > room:
            code = code[: room - 3] + "..."
        return Evidence(self.unit.path, self.line, (code + comment)[:SNIPPET_CHARS], self.unit.cell)


# ---------------------------------------------------------------------------- one program

Span = ast.AST | None  # a node, or None for a whole unit


def _spans(outer: ast.AST, inner: ast.AST) -> bool:
    """``outer``'s source span covers ``inner``'s."""
    return start_of(outer) <= start_of(inner) and end_of(inner) <= end_of(outer)


class Code:
    """One program (a module, or a notebook's cells in order), searchable by source position.

    Containment is read from source spans (a loop holds the calls that start inside it), over
    node lists the snapshot already groups by type, so no rule walks a tree again.
    """

    def __init__(self, program: Program) -> None:
        self.program = program
        self._index: dict[tuple[int, tuple[type, ...]], tuple[list[Position], list[ast.AST]]]
        self._index = {}
        self._parents: dict[tuple[int, tuple[type, ...]], list[int]] = {}
        # Keyed by id(): the nodes live as long as the snapshot this Code is read from.
        self._resolved: dict[int, str] = {}

    @property
    def units(self) -> tuple[SourceUnit, ...]:
        """The program's parsed units (one, or a notebook's code cells)."""
        return self.program.units

    @functools.cached_property
    def function_facts(self) -> tuple[FunctionFacts, ...]:
        """What each function definition of the program does; read, never changed."""
        return tuple(
            _read_function(FunctionFacts(node.name, self, unit, node))
            for unit in self.units
            for node in cast("list[FunctionNode]", unit.of_type(*_FUNCTIONS))
        )

    @functools.cached_property
    def libraries(self) -> frozenset[str]:
        """Top-level modules the program imports."""
        return frozenset(value.split(".")[0] for value in self.program.names.values())

    @functools.cached_property
    def uses_torch(self) -> bool:
        """True when the program imports PyTorch or a library built on it; not where torch
        only loads the data of another framework's model (``torch.utils.data`` and
        torchvision's datasets feeding JAX or TensorFlow): no torch model runs there."""
        if not self.libraries & TORCH_FAMILY:
            return False
        if not self.libraries & _OTHER_FRAMEWORKS:
            return True
        return not all(map(_loads_data_only, import_sites(self.program)))

    def resolve(self, expr: ast.expr) -> str:
        """The dotted name ``expr`` is bound to by an import or definition, or ``""``."""
        known = self._resolved.get(id(expr))
        if known is None:
            known = self._resolved[id(expr)] = self.program.resolve(expr) or ""
        return known

    def inside(self, unit: SourceUnit, span: Span, *kinds: type[N]) -> list[N]:
        """Nodes of ``kinds`` within ``span`` (all of the unit for None), in source order."""
        starts, nodes = self._in_order(unit, kinds)
        if span is not None and not isinstance(span, ast.Module):
            low = bisect.bisect_left(starts, start_of(span))
            high = bisect.bisect_left(starts, end_of(span))
            nodes = [node for node in nodes[low:high] if node is not span]
        return cast("list[N]", nodes)

    def _in_order(
        self, unit: SourceUnit, kinds: tuple[type, ...]
    ) -> tuple[list[Position], list[ast.AST]]:
        """The unit's nodes of ``kinds`` by start (a node before those inside it that start
        where it does), and their starts."""
        key = (id(unit), kinds)
        if key not in self._index:
            nodes: list[ast.AST] = unit.of_type(*kinds)
            starts = [start_of(node) for node in nodes]
            order = sorted(range(len(nodes)), key=starts.__getitem__)  # stable, as nodes are
            self._index[key] = ([starts[i] for i in order], [nodes[i] for i in order])
        return self._index[key]

    @functools.cached_property
    def _method_calls(self) -> dict[str, list[tuple[int, SourceUnit, ast.Call]]]:
        """``x.name(...)`` calls by method name, each with its place among the program's
        calls (in :func:`each`'s order)."""
        found: dict[str, list[tuple[int, SourceUnit, ast.Call]]] = {}
        place = 0
        for unit in self.units:
            for call in cast("list[ast.Call]", unit.of_type(ast.Call)):
                func = call.func
                if type(func) is ast.Attribute:
                    found.setdefault(func.attr, []).append((place, unit, call))
                place += 1
        return found

    def method_calls(self, names: Collection[str]) -> list[tuple[SourceUnit, ast.Call]]:
        """The program's ``x.name(...)`` calls for the method ``names``, in the order of
        :func:`each`: a question only a few method names can answer (``backward``, ``fit``)
        need not be asked of every call of a library."""
        lists = [self._method_calls[name] for name in names if name in self._method_calls]
        ordered = lists[0] if len(lists) == 1 else heapq.merge(*lists)  # places are unique
        return [(unit, call) for _, unit, call in ordered]

    def around(self, unit: SourceUnit, node: ast.AST, *kinds: type[N]) -> list[N]:
        """Nodes of ``kinds`` that hold ``node``, innermost first.

        Source spans of one tree nest or lie apart, so whatever holds ``node`` holds the last
        node of ``kinds`` to start at or before it: the holders are found climbing from that
        one through the nodes holding it, not by testing every node of the unit."""
        starts, nodes = self._in_order(unit, kinds)
        parents = self._holders(unit, kinds)
        index = bisect.bisect_right(starts, start_of(node)) - 1
        holding: list[ast.AST] = []
        while index >= 0:
            if contains(nodes[index], node):
                holding.append(nodes[index])
            index = parents[index]
        holding.reverse()  # outermost first, as the unit lists them, for the stable sort
        return cast("list[N]", sorted(holding, key=start_of, reverse=True))

    def _holders(self, unit: SourceUnit, kinds: tuple[type, ...]) -> list[int]:
        """For each node of :meth:`_in_order`, the index of the innermost one holding it, or
        -1."""
        key = (id(unit), kinds)
        found = self._parents.get(key)
        if found is None:
            _, nodes = self._in_order(unit, kinds)
            found = self._parents[key] = []
            open_spans: list[int] = []
            for index, inner in enumerate(nodes):
                while open_spans and not _spans(nodes[open_spans[-1]], inner):
                    open_spans.pop()
                found.append(open_spans[-1] if open_spans else -1)
                open_spans.append(index)
        return found

    def functions_around(self, unit: SourceUnit, node: ast.AST) -> list[FunctionNode]:
        """The function definitions ``node`` sits in, innermost first."""
        return self.around(unit, node, *_FUNCTIONS)

    def mentions(self, word: str) -> bool:
        """Whether the program's text holds ``word``: a call or keyword it does not spell
        (an import of it included) cannot be in it, so a reading may skip its nodes."""
        return any(word in unit.source for unit in self.units)

    def loops_around(self, unit: SourceUnit, node: ast.AST) -> list[ast.AST]:
        """The loops ``node`` runs in within its own function, innermost first."""
        scopes = self.around(unit, node, *_FUNCTIONS, ast.Lambda, ast.ClassDef)
        loops = self.around(unit, node, *_LOOPS)
        return [loop for loop in loops if not scopes or contains(scopes[0], loop)]

    def assignment_of(self, unit: SourceUnit, value: ast.expr) -> ast.Assign | None:
        """The ``x = value`` statement whose right-hand side is ``value``, if any."""
        for statement in self.inside(unit, None, ast.Assign):
            if statement.value is value:
                return statement
        return None

    @functools.cached_property
    def bindings(self) -> dict[str, set[str]]:
        """Resolved callee -> names assigned its result (``opt = torch.optim.SGD(...)``); a
        module moved on the way is still that module (``loss_fn = nn.CrossEntropyLoss().to(d)``
        binds ``loss_fn`` to ``torch.nn.CrossEntropyLoss``)."""
        found: dict[str, set[str]] = {}
        for unit in self.units:
            assignments: list[ast.Assign | ast.AnnAssign] = [
                *unit.of_type(ast.Assign),
                *unit.of_type(ast.AnnAssign),
            ]
            for node in assignments:
                value = _unmoved(node.value)
                if not isinstance(value, ast.Call):
                    continue
                callee = self.resolve(value.func)
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found.setdefault(callee, set()).update(filter(None, map(terminal, targets)))
        return found

    @functools.cached_property
    def data_preparers(self) -> frozenset[str]:
        """Names bound only to a scikit-learn preprocessing step (``le = LabelEncoder()``), or
        to one of the project's own classes that this program fits and then uses only to
        transform (``encoder = encoding.QuantumEncoder()``, ``encoder.fit(df)``,
        ``encoder.transform(df)``): a transformer prepares data as a scaler does."""
        preparing = self.bound_to(lambda name: bool(_PREPARES_DATA.match(name)))
        preparing |= self._own_transformers
        return preparing - self.bound_to(
            lambda name: not _PREPARES_DATA.match(name) and not self._own_class(name)
        )

    def _own_class(self, callee: str) -> bool:
        """A class of a module of the program's own folder (``encoding.QuantumEncoder``)."""
        top = callee.split(".", 1)[0]
        own = top in self.program.siblings or top == self.program.module.split(".", 1)[0]
        return "." in callee and own

    @functools.cached_property
    def _own_transformers(self) -> frozenset[str]:
        """Names bound to a project class whose only methods this program calls are
        ``fit``, ``transform`` and ``fit_transform``, ``transform`` among them."""
        candidates = self.bound_to(self._own_class)
        if not candidates:
            return frozenset()
        used: dict[str, set[str]] = {}
        for unit in self.units:
            for node in unit.of_type(ast.Attribute):
                owner = terminal(node.value)
                if owner in candidates:
                    used.setdefault(owner, set()).add(node.attr)
            for call in unit.of_type(ast.Call):
                if terminal(call.func) in candidates:
                    used.setdefault(terminal(call.func) or "", set()).add("__call__")
        return frozenset(
            name
            for name, methods in used.items()
            if methods & _TRANSFORMS and methods <= _TRANSFORMS | {"fit"}
        )

    def _bound_only_to(self, pattern: re.Pattern[str]) -> frozenset[str]:
        """Names every call assigned to them builds something ``pattern`` matches."""
        return self.bound_to(lambda name: bool(pattern.match(name))) - self.bound_to(
            lambda name: not pattern.match(name)
        )

    def _fit_of(
        self, call: ast.Call, built: Callable[[ast.Call], bool], held: frozenset[str]
    ) -> bool:
        """Whether ``call`` fits an object ``built`` accepts, built in place
        (``Model().fit(X)``) or held in one of the names ``held``."""
        receiver = getattr(call.func, "value", None)
        if isinstance(receiver, ast.Call):
            return built(receiver)
        return terminal(receiver) in held

    @functools.cached_property
    def _fitted_without_gradients(self) -> frozenset[str]:
        """Names bound only to a scikit-learn estimator that trains by no gradient step."""
        return self._bound_only_to(_FITS_WITHOUT_GRADIENTS)

    def fits_without_gradients(self, call: ast.Call) -> bool:
        """``knn.fit(features)``, ``KMeans(n_clusters=3).fit(X)``: a fit of a scikit-learn
        estimator in a program that may also import PyTorch or transformers (to embed the
        features it fits on): no network is trained by this call."""
        return self._fit_of(
            call,
            lambda built: bool(_FITS_WITHOUT_GRADIENTS.match(self.resolve(built.func))),
            self._fitted_without_gradients,
        )

    def fits_data_preparer(self, call: ast.Call) -> bool:
        """``le.fit(y)``, ``LabelEncoder().fit(y)``: a fit that learns class names, a mean or
        a vocabulary to prepare data with, or stores vectors to search, not a model."""
        receiver = getattr(call.func, "value", None)
        if isinstance(receiver, ast.Call):
            return bool(_PREPARES_DATA.match(self.resolve(receiver.func)))
        return terminal(receiver) in self.data_preparers

    def fits_a_regression(self, call: ast.Call) -> bool:
        """``sm.OLS(y, X).fit()``, ``model.fit()`` where ``model = smf.ols(formula, df)``: a
        classical regression of statsmodels, which takes its data in the constructor and
        solves for its coefficients with no step size, depth or epoch count to set; or
        ``kmf.fit(durations, event_observed)`` where ``kmf = KaplanMeierFitter()``, a survival
        curve or Cox regression of lifelines, estimated with nothing of the kind either; or
        ``stl.fit()`` where ``stl = STL(series, period=7)``, statsmodels' seasonal
        decomposition of a series, which describes it and trains nothing."""
        return self._fit_of(
            call,
            lambda built: bool(_STATISTICAL_REGRESSION.match(self.resolve(built.func))),
            self._statistical_regressions,
        )

    @functools.cached_property
    def _statistical_regressions(self) -> frozenset[str]:
        return self._bound_only_to(_STATISTICAL_REGRESSION)

    def fits_at_defaults(self, call: ast.Call) -> bool:
        """``LinearRegression().fit(X, y)``, or ``model.fit(X, y)`` where everything the
        program assigns to ``model`` is a classical estimator (scikit-learn's, XGBoost's,
        LightGBM's, CatBoost's) built with no setting but its seed, threads or verbosity
        (``RandomForestClassifier(random_state=0)``): nothing a run would tune."""
        return self._fit_of(call, self._at_defaults, self._estimators_at_defaults)

    @functools.cached_property
    def _estimators_at_defaults(self) -> frozenset[str]:
        values: dict[str, list[ast.expr | None]] = {}
        for unit in self.units:
            assignments: list[ast.Assign | ast.AnnAssign] = [
                *unit.of_type(ast.Assign),
                *unit.of_type(ast.AnnAssign),
            ]
            for node in assignments:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    name = terminal(target)
                    if name:
                        values.setdefault(name, []).append(node.value)
        return frozenset(
            name
            for name, assigned in values.items()
            if all(isinstance(v, ast.Call) and self._at_defaults(v) for v in assigned)
        )

    def _at_defaults(self, call: ast.Call) -> bool:
        callee = self.resolve(call.func) or ""
        return (
            callee.startswith(_CLASSICAL_LIBRARIES)
            and callee.rpartition(".")[2][:1].isupper()
            and not call.args
            and all(k.arg in _NO_SETTING or at_library_default(callee, k) for k in call.keywords)
        )

    def fits_a_distribution(self, call: ast.Call) -> bool:
        """``laplace.fit(errors)`` of ``scipy.stats``, or ``gaussian.fit(key, errors)`` where
        ``gaussian`` is bound only to a class this program defines whose ``fit`` only takes
        statistics (numpy's, scipy's, no loop): a distribution's parameters estimated, an
        anomaly detector's decision layer over reconstruction errors, no model trained."""
        receiver = getattr(call.func, "value", None)
        if receiver is None:
            return False
        if self.resolve(receiver).startswith("scipy.stats."):
            return True
        return terminal(receiver) in self._distributions

    def submits_a_job(self, call: ast.Call) -> bool:
        """``estimator.fit(inputs=...)`` where ``estimator`` is bound only to a SageMaker
        estimator (``sagemaker.pytorch.PyTorch(entry_point="train.py", hyperparameters=...)``):
        the fit starts the entry-point script on a cloud machine with the hyperparameters as
        its command line. That script trains, and is judged where it is."""
        receiver = getattr(call.func, "value", None)
        if isinstance(receiver, ast.Call):
            return self.resolve(receiver.func).startswith(_CLOUD_JOBS)
        return terminal(receiver) in self._cloud_jobs

    @functools.cached_property
    def _cloud_jobs(self) -> frozenset[str]:
        """Names bound only to a cloud training job's estimator, asked of every fit."""
        jobs = self.bound_to(lambda callee: callee.startswith(_CLOUD_JOBS))
        if not jobs:
            return jobs
        return jobs - self.bound_to(lambda callee: not callee.startswith(_CLOUD_JOBS))

    def fits_noise(self, call: ast.Call) -> bool:
        """``model.fit(np.random.random((1, 4, 4)), np.random.random((1, 4)))``, or names
        bound only to such draws: inputs and targets both drawn at random, a timing or smoke
        run whose settings set no result. Real data in either place still trains."""
        data = call.args[:2]
        return len(data) == 2 and all(self._drawn(node) for node in data)

    def _drawn(self, node: ast.expr) -> bool:
        if isinstance(node, ast.Call):
            return _is_draw(self.resolve(node.func))
        name = terminal(node) if isinstance(node, ast.Name) else None
        return name is not None and name in self._noise_names

    @functools.cached_property
    def _noise_names(self) -> frozenset[str]:
        """Names bound only to an array of random numbers (``x = np.random.random(...)``):
        never to another call, another value, a parameter or a loop's item anywhere in the
        program (``def train(model, x, y)`` fits whatever its caller hands it)."""
        drawn = self.bound_to(_is_draw)
        if not drawn:
            return drawn
        other = set(self.bound_to(lambda callee: not _is_draw(callee)))
        for unit in self.units:
            other.update(node.arg for node in unit.of_type(ast.arg))
            for loop in unit.of_type(ast.For):
                other.update(n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name))
            for node in unit.of_type(ast.Assign):
                if not isinstance(node.value, ast.Call):
                    other.update(filter(None, map(terminal, node.targets)))
        return drawn - other

    @functools.cached_property
    def _distributions(self) -> frozenset[str]:
        """Names bound only to a class of this program whose ``fit`` only summarises."""
        classes = {
            node.name
            for unit in self.units
            for node in unit.of_type(ast.ClassDef)
            if any(self._only_summarises(unit, item) for item in node.body)
        }
        if not classes:
            return frozenset()
        own = self.bound_to(lambda callee: callee.rsplit(".", 1)[-1] in classes)
        return own - self.bound_to(lambda callee: callee.rsplit(".", 1)[-1] not in classes)

    def _only_summarises(self, unit: SourceUnit, method: ast.stmt) -> bool:
        """A ``fit`` method with no loop whose every call is to numpy, scipy, the standard
        library's statistics or a few builtins: a mean and a spread taken, nothing iterated."""
        if not isinstance(method, ast.FunctionDef) or method.name != "fit":
            return False
        loops = (ast.For, ast.While, ast.comprehension)
        if any(isinstance(node, loops) for node in ast.walk(method)):
            return False
        calls = [node for node in ast.walk(method) if isinstance(node, ast.Call)]
        return bool(calls) and all(
            self.resolve(c.func).startswith(_STATISTICS_LIBRARIES)
            or (isinstance(c.func, ast.Name) and c.func.id in _SUMMARY_BUILTINS)
            for c in calls
        )

    def bound_to(self, wanted: Callable[[str], bool]) -> frozenset[str]:
        """Names (``x`` or ``self.x``) assigned a call to something ``wanted`` accepts."""
        return frozenset(
            name
            for callee, names in self.bindings.items()
            if callee and wanted(callee)
            for name in names
        )

    @functools.cached_property
    def optimizers(self) -> frozenset[str]:
        """Names bound to a ``torch.optim`` optimizer."""
        return self.bound_to(
            lambda name: name.startswith("torch.optim.") and ".lr_scheduler." not in name
        )

    def is_optimizer_step(self, call: ast.Call) -> bool:
        """``optimizer.step()``, ``opt_g.step()``, ``scaler.step(optimizer)``; not a scheduler."""
        if method(call) != "step" or not isinstance(call.func, ast.Attribute):
            return False
        owner = terminal(call.func.value)
        if owner in self.optimizers or is_optimizer_name(owner):
            return True
        return "scaler" in tokens(owner or "") and bool(call.args)

    def no_grad_context(self, expr: ast.expr) -> bool:
        """``torch.no_grad()``, ``torch.inference_mode()``, ``torch.set_grad_enabled(...)``."""
        target = expr.func if isinstance(expr, ast.Call) else expr
        name = self.resolve(target) or terminal(target) or ""
        last = name.rpartition(".")[2]
        if last == "set_grad_enabled" and isinstance(expr, ast.Call):
            return constant_arg(expr) is not True
        return last in ("no_grad", "inference_mode")

    def under_no_grad(self, unit: SourceUnit, node: ast.AST) -> bool:
        """True inside ``with torch.no_grad():`` or a function decorated with it."""
        return any(
            self.no_grad_context(item.context_expr)
            for block in self.around(unit, node, ast.With, ast.AsyncWith)
            for item in cast("ast.With", block).items
        ) or any(
            self.no_grad_context(decorator)
            for function in self.functions_around(unit, node)
            for decorator in function.decorator_list
        )

    def module_level_grad_off(self) -> bool:
        """``torch.set_grad_enabled(False)`` run as a statement at the top of the program."""
        return any(
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Call)
            and self.no_grad_context(statement.value)
            for unit in self.units
            for statement in unit.tree.body  # type: ignore[union-attr]
        )


# ---------------------------------------------------------------------------- the repository


#: Gradients taken without ``backward()``: PGD attacks often take the input's this way.
AUTOGRAD_GRAD = "torch.autograd.grad"

#: Libraries whose explanations differentiate a model's output by its activations or its
#: input (Grad-CAM, saliency, integrated gradients): they take gradients where they run.
GRADIENT_ATTRIBUTION = ("pytorch_grad_cam", "captum", "torchcam")


def attributes_by_gradient(code: Code, call: ast.Call) -> bool:
    """``GradCAM(model=..., target_layers=...)`` or ``Saliency(model).attribute(x)``: a call
    of a gradient-attribution library's object, bound by an import."""
    if not code.libraries.intersection(GRADIENT_ATTRIBUTION):
        return False
    func = call.func
    while isinstance(func, ast.Call | ast.Attribute):
        func = func.func if isinstance(func, ast.Call) else func.value
    return code.resolve(func).split(".")[0] in GRADIENT_ATTRIBUTION


@dataclass
class FunctionFacts:
    """What one function does, read from the calls in its body."""

    name: str
    code: Code
    unit: SourceUnit
    node: FunctionNode
    trains: bool = False
    zeroes: bool = False
    forwards: bool = False
    #: Runs ``backward()``, ``torch.autograd.grad`` or a gradient-attribution library's
    #: explainer (Grad-CAM, captum): gradients must be on where it runs.
    differentiates: bool = False
    #: Runs ``backward()`` itself: training that needs the model in train mode, where a
    #: ``fit()`` (scikit-learn's, Keras's, a project's distribution fitted to errors) sets
    #: whatever mode it needs, or none.
    backward: bool = False
    modes: list[tuple[Position, str]] = field(default_factory=list)  # "eval" | "train"
    callees: set[str] = field(default_factory=set)

    @property
    def leaves_eval(self) -> bool:
        """True when the last mode switch it makes is to eval mode."""
        return bool(self.modes) and max(self.modes)[1] == "eval"

    @property
    def switches_to_eval(self) -> bool:
        """True when it calls ``model.eval()`` somewhere."""
        return any(mode == "eval" for _, mode in self.modes)

    @property
    def switches_to_train(self) -> bool:
        """True when it calls ``model.train()`` somewhere."""
        return any(mode == "train" for _, mode in self.modes)


#: The method names :func:`is_zeroing`, :func:`is_backward`, :func:`is_fit` and the mode
#: switches look for: a call by any other name is none of them.
_ROLE_METHODS = frozenset({*ZEROING_METHODS, "zero_", *TRAINING_CALL_METHODS, "eval", "train"})


def _read_function(facts: FunctionFacts) -> FunctionFacts:
    code, unit = facts.code, facts.unit
    facts.zeroes = any(map(is_zeroing, code.inside(unit, facts.node, ast.Assign)))
    for call in code.inside(unit, facts.node, ast.Call):
        func = call.func
        # Every function's every call passes here: only the few method names below can
        # zero, train or switch modes, so most calls skip those questions.
        if type(func) is ast.Attribute and func.attr in _ROLE_METHODS:
            facts.zeroes |= is_zeroing(call)
            facts.trains |= is_backward(call) or (
                is_fit(call) and not code.fits_a_distribution(call)
            )
            if is_backward(call):
                facts.backward = facts.differentiates = True
            if is_eval_switch(call):
                facts.modes.append((start_of(call), "eval"))
            elif is_train_switch(call):
                facts.modes.append((start_of(call), "train"))
        if not facts.forwards:
            facts.forwards = is_forward_call(call, code)
        callee = terminal(func)
        if callee:
            facts.callees.add(callee)
            if callee == "grad" and code.resolve(func) == AUTOGRAD_GRAD:
                facts.differentiates = True
        if not facts.differentiates and attributes_by_gradient(code, call):
            facts.differentiates = True
    calls = code.inside(unit, facts.node, ast.Call)
    if (
        facts.trains
        and facts.switches_to_eval
        and (optimizes_inputs_only(code, calls) or _backpropagates_only(code, unit, calls))
    ):
        # Activation maximisation (a frozen model, an input optimized), or an explanation
        # (Grad-CAM, saliency: eval mode, then backward() on a class score to read gradients).
        facts.trains = False
    return facts


#: Calls that update weights without a ``backward()`` of their own, or hand them to the loop
#: that does: an optimizer's or a train step's (``optimizer.step()``, ``train_step(batch)``),
#: or the parameters a hand-written update walks.
_UPDATING = frozenset({"parameters", "named_parameters"})


def _backpropagates_only(code: Code, unit: SourceUnit, calls: Iterable[ast.Call]) -> bool:
    """The function runs ``backward()`` and updates nothing with it: it builds no optimizer,
    steps none, fits nothing and walks no parameters (Grad-CAM's gradients of a class score,
    read by hooks on a layer). Asked only of a function that switches to eval mode. A
    ``backward()`` in a loop of its own is a training loop's, whatever helper it hands the
    update to."""
    for call in calls:
        name = terminal(call.func) or ""
        if "step" in name or name in _UPDATING or is_fit(call):
            return False
        if code.resolve(call.func).startswith("torch.optim."):
            return False
        if name == "backward" and code.loops_around(unit, call):
            return False
    return True


def optimizes_inputs_only(code: Code, calls: Iterable[ast.Call]) -> bool:
    """Every optimizer built among ``calls`` holds listed tensors (``Adam([z])``), none a
    model's ``parameters()``: the loop optimizes an input, not the model."""
    built = [
        call
        for call in calls
        if code.resolve(call.func).startswith("torch.optim.")
        and ".lr_scheduler." not in code.resolve(call.func)
    ]
    return bool(built) and all(
        call.args
        and isinstance(call.args[0], (ast.List, ast.Tuple))
        and not any("param" in name for name in identifiers(call.args[0]))
        for call in built
    )


def is_forward_call(call: ast.Call, code: Code) -> bool:
    """``model(x)``, ``self.net(x)``, ``model.forward(x)``: a model run on data.

    Names bound by an import or definition are library or project functions, not models.
    """
    if method(call) == "forward":
        return True
    func = call.func
    if not isinstance(func, (ast.Name, ast.Attribute, ast.Subscript)) or code.resolve(func):
        return False
    return is_model_name(terminal(func))


Site = tuple[Code, SourceUnit, ast.Call]


def each(codes: Iterable[Code], *kinds: type[N]) -> Iterator[tuple[Code, SourceUnit, N]]:
    """Every node of ``kinds`` in the given programs, with its program and unit."""
    for code in codes:
        for unit in code.units:
            for node in unit.of_type(*kinds):
                yield code, unit, node


def code_of(program: Program) -> Code:
    """The program's Code, made once and shared by every rule reading it (all it caches is
    derived from the program alone)."""
    found = program.derived.get("code")
    if found is None:
        found = program.derived["code"] = Code(program)
    return cast("Code", found)


#: Libraries a training step computes with: a file importing one is read by what it imports.
#: The numeric and deep-learning libraries (top-level modules).
NUMERIC_LIBRARIES = (
    TORCH_FAMILY | _OTHER_FRAMEWORKS | {"numpy", "cupy", "mxnet", "paddle", "mindspore"}
)
#: What a step's source must hold before its tree is read.
_STEP_TEXTS = (".backward(", ".step(")


def _imported_steps(codes: Iterable[Code], torch_codes: list[Code]) -> set[int]:
    """Ids of the programs that import no numeric library, run ``loss.backward()`` or
    ``optimizer.step()``, define no class with a ``backward`` of its own, and that a torch
    program imports: a learner's ``train/train.py`` holding ``def train(model, loader,
    criterion, optimizer, device)``, whose model, loss and optimizer all come in as arguments,
    trains with torch as surely as the script that imports it.

    Asked only of files whose text holds ``.backward(`` or ``.step(``; a network written from
    scratch (its own ``Value.backward``) or a step no torch program imports stays what its
    imports say."""
    if not torch_codes:
        return set()
    candidates = [
        code
        for code in codes
        if not code.libraries & NUMERIC_LIBRARIES
        and any(code.mentions(text) for text in _STEP_TEXTS)
    ]
    if not candidates:
        return set()
    imported = {
        ".".join(parts[:end])
        for code in torch_codes
        for value in code.program.names.values()
        for parts in [value.split(".")]
        for end in range(1, len(parts) + 1)
    }
    found = set()
    for code in candidates:
        if code.program.module not in imported or _defines_backward(code):
            continue
        steps = [call for _, call in code.method_calls(("step",)) if code.is_optimizer_step(call)]
        if steps or any(is_backward(call) for _, call in code.method_calls(BACKWARD_METHODS)):
            found.add(id(code))
    return found


def _defines_backward(code: Code) -> bool:
    """A class of the program defines ``backward``: a layer written by hand."""
    return any(
        isinstance(item, _FUNCTIONS) and item.name == "backward"
        for unit in code.units
        for node in unit.of_type(ast.ClassDef)
        for item in node.body
    )


class Repo:
    """The programs of a repository, read as ML code."""

    def __init__(self, programs: Iterable[Program]) -> None:
        self.codes = [code_of(program) for program in programs]
        direct = [code for code in self.codes if code.uses_torch]
        imported = _imported_steps(self.codes, direct)
        #: Programs that train or run torch models: those importing it, and the training
        #: steps they import from files that import nothing (see :func:`_imported_steps`).
        self.torch_codes = [c for c in self.codes if c.uses_torch or id(c) in imported]

    def calls(self, codes: Iterable[Code] | None = None) -> Iterator[Site]:
        """Every call of the given programs (all by default)."""
        return each(self.codes if codes is None else codes, ast.Call)

    def method_calls(
        self, names: Collection[str], codes: Iterable[Code] | None = None
    ) -> Iterator[Site]:
        """The ``x.name(...)`` calls of the given programs for the method ``names``, in the
        order of :meth:`calls`."""
        for code in self.codes if codes is None else codes:
            for unit, call in code.method_calls(names):
                yield code, unit, call

    @functools.cached_property
    def functions(self) -> dict[str, list[FunctionFacts]]:
        """Every function definition by simple name, with its facts."""
        found: dict[str, list[FunctionFacts]] = {}
        for code in self.codes:
            for facts in code.function_facts:
                found.setdefault(facts.name, []).append(facts)
        return found

    def closure(self, start: Callable[[FunctionFacts], bool]) -> frozenset[str]:
        """Names of functions for which ``start`` holds, or that call one (through any depth).

        Functions are matched by simple name: two ``train`` functions in different files count
        as one, which can only make a helper look like it does more, never less.
        """
        names = {name for name, defs in self.functions.items() if any(map(start, defs))}
        pending = list(names)
        callers = self._callers
        while pending:  # up the call edges: linear, where a fixpoint rescanned every function
            for caller in callers.get(pending.pop(), ()):
                if caller not in names:
                    names.add(caller)
                    pending.append(caller)
        return frozenset(names)

    @functools.cached_property
    def _own_functions(self) -> dict[tuple[str, int], list[FunctionFacts]]:
        """(simple name, id of a program's Code) -> that program's definitions of the name: a
        name like ``forward`` has hundreds of definitions in a library."""
        found: dict[tuple[str, int], list[FunctionFacts]] = {}
        for name, defs in self.functions.items():
            for facts in defs:
                found.setdefault((name, id(facts.code)), []).append(facts)
        return found

    @functools.cached_property
    def _callers(self) -> dict[str, set[str]]:
        """Simple name -> names of the functions some definition of which calls it."""
        found: dict[str, set[str]] = {}
        for name, defs in self.functions.items():
            for facts in defs:
                for callee in facts.callees:
                    found.setdefault(callee, set()).add(name)
        return found

    @functools.cached_property
    def training_functions(self) -> frozenset[str]:
        """Functions that run ``backward()`` or ``fit()``, directly or through helpers."""
        return self.closure(lambda facts: facts.trains)

    @functools.cached_property
    def backward_training_functions(self) -> frozenset[str]:
        """Functions that train by ``backward()``, directly or through helpers: the training
        a torch module's mode matters to."""
        return self.closure(lambda facts: facts.trains and facts.backward)

    @functools.cached_property
    def differentiating_functions(self) -> frozenset[str]:
        """Functions that run ``backward()``, ``torch.autograd.grad`` or a gradient-attribution
        explainer, directly or through helpers: an adversarial attack differentiates the loss by
        its input, Grad-CAM the output by a layer's activations."""
        return self.closure(lambda facts: facts.differentiates)

    @functools.cached_property
    def zeroing_functions(self) -> frozenset[str]:
        """Functions that reset gradients, directly or through helpers."""
        return self.closure(lambda facts: facts.zeroes)

    @functools.cached_property
    def train_mode_functions(self) -> frozenset[str]:
        """Functions that call ``model.train()``, directly or through helpers."""
        return self.closure(lambda facts: facts.switches_to_train)

    @functools.cached_property
    def model_functions(self) -> frozenset[str]:
        """Functions that run a model forward, directly or through helpers."""
        return self.closure(lambda facts: facts.forwards)

    def any_def(
        self, name: str | None, test: Callable[[FunctionFacts], bool], seen_from: Code | None = None
    ) -> bool:
        """Whether some function called ``name`` passes ``test``. Called from ``seen_from``, a
        program that defines ``name`` itself calls its own definition, not another file's, and
        one that imports ``name`` from a project module calls that module's: ``from utils
        import save_sample`` in ``pix2pix/train.py`` runs ``pix2pix/utils.py``'s, not the
        ``save_sample`` of a sibling folder's ``utils.py``."""
        defs = self.functions.get(name or "", [])
        own = self._own_functions.get((name or "", id(seen_from)), [])
        if not own and seen_from is not None and name:
            own = _imported_defs(defs, seen_from.program.names.get(name, ""))
        return any(test(facts) for facts in own or defs)

    @functools.cached_property
    def call_sites(self) -> dict[str, list[Site]]:
        """Every call by the callee's simple name."""
        sites: dict[str, list[Site]] = {}
        for code, unit, call in self.calls():
            callee = terminal(call.func)
            if callee:
                sites.setdefault(callee, []).append((code, unit, call))
        return sites

    @functools.cached_property
    def model_classes(self) -> frozenset[str]:
        """Names of the project's model classes (see :func:`module_classes`)."""
        return module_classes(self)[0]

    @functools.cached_property
    def scratch_forward(self) -> bool:
        """Whether a class that is no model defines ``forward`` (a from-scratch network)."""
        return module_classes(self)[1]

    @functools.cached_property
    def _mode_layers(self) -> set[int]:
        """ids of the programs that build a layer behaving differently in eval mode."""
        found = set()
        for code, _, call in self.calls(self.torch_codes):
            if id(code) in found:
                continue
            if builds_mode_layer(code, call):
                found.add(id(code))
        return found

    @functools.cached_property
    def _by_module(self) -> dict[str, list[Code]]:
        index: dict[str, list[Code]] = {}
        for code in self.codes:
            for suffix in [code.program.module, *name_suffixes(code.program.module)]:
                index.setdefault(suffix, []).append(code)
        return index

    @functools.cached_property
    def _neighbours(self) -> dict[int, set[int]]:
        """Programs linked by an import of one by the other, either way (ids)."""
        links: dict[int, set[int]] = {id(code): set() for code in self.codes}
        for code in self.codes:
            for value in code.program.names.values():
                parts = value.split(".")
                for end in range(len(parts) - 1, 0, -1):
                    for other in self._by_module.get(".".join(parts[:end]), ()):
                        if other is not code:
                            links[id(code)].add(id(other))
                            links[id(other)].add(id(code))
        return links

    def programs_of(self, module: str) -> list[Code]:
        """The programs an import of ``module`` may name (``model``, ``src.model``)."""
        return self._by_module.get(module, [])

    def linked(self, code: Code) -> list[Code]:
        """The programs that import ``code`` or that it imports."""
        ids = self._neighbours.get(id(code), set())
        return [other for other in self.codes if id(other) in ids]

    def mode_dependent(self, code: Code) -> bool:
        """Whether the models ``code`` may run behave differently in eval mode (dropout, batch
        norm, a library or pretrained model), in it or in programs within two imports of it
        (train.py imports model.py and metrics.py). Without one, ``model.eval()`` changes
        nothing."""
        near = {id(code)} | self._neighbours[id(code)]
        near |= {far for close in list(near) for far in self._neighbours.get(close, ())}
        return bool(near & self._mode_layers)

    def zeroes_in(self, code: Code, unit: SourceUnit, span: Span) -> bool:
        """Gradients are reset somewhere in ``span``, directly or through a project helper."""
        return any(
            is_zeroing(call) or terminal(call.func) in self.zeroing_functions
            for call in code.inside(unit, span, ast.Call)
        ) or any(map(is_zeroing, code.inside(unit, span, ast.Assign)))

    def sets_eval_in(self, code: Code, unit: SourceUnit, span: Span) -> bool:
        """``model.eval()`` runs in ``span``, directly or through a helper that calls it."""
        return any(
            is_eval_switch(call) or self.any_def(terminal(call.func), _switches_to_eval)
            for call in code.inside(unit, span, ast.Call)
        )

    def callers_of(self, name: str, defined_in: Code | None = None) -> list[Site]:
        """The calls of function ``name``; of the one ``defined_in`` defines, when given: a
        program that defines its own ``name`` calls its own, not another file's (an old
        experiment's ``test()``, called after ``model.eval()``, is not ``utils.py``'s)."""
        sites = self.call_sites.get(name, [])
        if defined_in is None:
            return sites
        defining = {id(facts.code) for facts in self.functions.get(name, [])}
        return [site for site in sites if site[0] is defined_in or id(site[0]) not in defining]

    def callers_grad_off(self, name: str, defined_in: Code | None = None) -> bool:
        """Some call of function ``name`` runs under ``torch.no_grad()``."""
        return any(
            code.under_no_grad(unit, call) for code, unit, call in self.callers_of(name, defined_in)
        )

    @functools.cached_property
    def callback_sites(self) -> dict[str, list[Site]]:
        """The calls that hand one of the project's functions over by its bare name, as an
        argument (``metrics(users, score_batch)``), by that name. (Names of anything else,
        most arguments, are not kept.)"""
        sites: dict[str, list[Site]] = {}
        functions = self.functions
        for code, unit, call in self.calls():
            values = [*call.args, *(item.value for item in call.keywords)]
            names = {v.id for v in values if isinstance(v, ast.Name) and v.id in functions}
            for name in names:
                sites.setdefault(name, []).append((code, unit, call))
        return sites

    def callbacks_grad_off(self, name: str, defined_in: Code) -> bool:
        """Function ``name`` is handed, in the program defining it, to a call that runs under
        ``torch.no_grad()`` or to a function decorated with it: it is called there."""
        for code, unit, call in self.callback_sites.get(name, []):
            if code is not defined_in:
                continue
            if code.under_no_grad(unit, call):
                return True
            callee = self.functions.get(terminal(call.func) or "", [])
            if any(
                facts.code.no_grad_context(decorator)
                for facts in callee
                for decorator in facts.node.decorator_list
            ):
                return True
        return False

    def callers_set_eval(self, name: str, defined_in: Code | None = None, depth: int = 3) -> bool:
        """Some caller of function ``name`` switches to eval mode in the same scope, or a
        caller of that caller, up to ``depth`` calls up: self-play switches to eval mode and
        runs the search, which asks the evaluator for each batch of positions."""
        seen: set[str] = set()
        pending = [(name, defined_in)]
        for level in range(depth):
            upper: list[tuple[str, Code | None]] = []
            for callee, where in pending:
                for code, unit, call in self.callers_of(callee, where):
                    scopes = code.functions_around(unit, call)
                    if scopes and self.sets_eval_in(code, unit, scopes[0]):
                        return True
                    if not scopes:
                        # A module's top level, read whole, only for the function's own
                        # callers: further up it would take any switch in the file.
                        if level == 0 and any(self.sets_eval_in(code, u, None) for u in code.units):
                            return True
                        continue
                    up = scopes[0].name
                    # Calls are matched by name: ``train``, ``eval`` and the protocol methods
                    # are every model's, and climbing through them would take any switch.
                    if up not in seen and up not in _SHARED_NAMES:
                        seen.add(up)
                        upper.append((up, code))
            pending = upper
        return False


#: Method names every model or trainer has, not climbed through when callers are matched by name.
_SHARED_NAMES = frozenset({"train", "eval", "forward", "__call__", "__init__", "step", "fit"})

_MODE_DEPENDENT = compile_on_use(
    r"(^|\.)(\w*Dropout\w*|dropout\w*|\w*BatchNorm\w*|batch_norm|\w*InstanceNorm\w*"
    r"|Transformer(Encoder|Decoder)?(Layer)?|from_pretrained)$|^(torchvision\.models|timm)\."
)

#: ``nn.Embedding.from_pretrained(glove)`` fills a lookup table with word vectors: unlike a
#: pretrained network, it holds no dropout or norm and behaves the same in eval mode.
_VECTOR_TABLE = compile_on_use(r"(^|\.)Embedding(Bag)?\.from_pretrained$")


def _imported_defs(defs: list[FunctionFacts], bound: str) -> list[FunctionFacts]:
    """The definitions among ``defs`` that an import bound as ``bound`` (``pix2pix.utils.f``)
    loads: its module's exactly, else the modules whose name ends like it (``utils.f`` bound
    from a package). Empty when the import names no module defining it (a re-export)."""
    module = bound.rpartition(".")[0]
    if not module:
        return []
    exact = [facts for facts in defs if facts.code.program.module == module]
    return exact or [facts for facts in defs if facts.code.program.module.endswith(f".{module}")]


def builds_mode_layer(code: Code, call: ast.Call) -> bool:
    """``nn.Dropout(0.1)``, ``nn.BatchNorm1d(64)``, ``Block(dropout=0.1)``: a layer that behaves
    differently in eval mode."""
    name = code.resolve(call.func) or terminal(call.func) or ""
    if _torch_transformer_without_dropout(name, call):
        return False
    mode_layer = _MODE_DEPENDENT.search(name) and not _VECTOR_TABLE.search(name)
    return bool(mode_layer) or any(
        item.arg
        and "drop" in item.arg
        and item.arg not in _BATCH_DROPS
        and not _is_zero(item.value)
        for item in call.keywords
    )


#: torch.nn's Transformer modules, by the position of their ``dropout`` argument. The encoder
#: and decoder stacks (None) hold no dropout of their own, only copies of the layer handed to
#: them, which is judged where it is built.
_TORCH_TRANSFORMERS: dict[str, int | None] = {
    "TransformerEncoderLayer": 3,
    "TransformerDecoderLayer": 3,
    "Transformer": 5,
    "TransformerEncoder": None,
    "TransformerDecoder": None,
}


def _torch_transformer_without_dropout(name: str, call: ast.Call) -> bool:
    """``nn.TransformerEncoderLayer(d, h, ff, dropout=0)``: with its dropout off, a layer
    whose only other parts (layer norms, attention) behave the same in eval mode."""
    module, _, last = name.rpartition(".")
    if not module.startswith("torch.nn") or last not in _TORCH_TRANSFORMERS:
        return False
    position = _TORCH_TRANSFORMERS[last]
    if position is None:
        return not any(item.arg and "drop" in item.arg for item in call.keywords)
    given = [item.value for item in call.keywords if item.arg == "dropout"]
    given += call.args[position : position + 1]
    return bool(given) and all(map(_is_zero, given))


#: Keywords that drop a short last batch (DataLoader, tf.data), not activations.
_BATCH_DROPS = frozenset({"drop_last", "drop_remainder"})


def _is_zero(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Constant) and expr.value in (0, 0.0, None, False)


def _switches_to_eval(facts: FunctionFacts) -> bool:
    return facts.switches_to_eval


_ML_BASES = compile_on_use(
    r"^(torch\.nn(\.\w+)*\.[A-Z]\w*|(lightning|pytorch_lightning)(\.\w+)*\.LightningModule"
    r"|(tensorflow\.)?keras(\.\w+)*\.(Model|Layer|Sequential)|flax\.linen\.Module"
    r"|transformers(\.\w+)*\.\w*(PreTrainedModel|Model))$"
)


def module_classes(repo: Repo) -> tuple[frozenset[str], bool]:
    """(names of the project's model classes, whether any other class defines ``forward``).

    A model class derives from torch.nn.Module (or Lightning, Keras, Flax, transformers base
    classes), directly or through other project classes. A class with ``forward`` that is not
    one is a from-scratch network, whose ``layer.forward(x)`` is how it is meant to be run.
    """
    classes = [(code, node) for code, _, node in each(repo.codes, ast.ClassDef)]
    models: set[str] = set()
    grown = True
    while grown:
        more = {
            node.name for code, node in classes if derives_from_model(code, node, models)
        } - models
        models |= more
        grown = bool(more)
    scratch = any(node.name not in models and _defines_forward(node) for _, node in classes)
    return frozenset(models), scratch


def derives_from_model(code: Code, node: ast.ClassDef, models: Collection[str]) -> bool:
    """The class derives from an ML base class, or from one of ``models``."""
    return any(_ML_BASES.match(code.resolve(b)) or terminal(b) in models for b in node.bases)


def _defines_forward(node: ast.ClassDef) -> bool:
    return any(isinstance(item, _FUNCTIONS) and item.name == "forward" for item in node.body)


@per_object
def repo_of(snapshot: Snapshot) -> Repo:
    """The repository's non-test programs read as ML code, once per run: the sanity and run
    rules, the fix hints and the smoke-test fixer read the same one."""
    return Repo(programs(snapshot))


#: Methods of a torch module that move it to a device or a dtype and return the module itself.
_MODULE_MOVES = frozenset({"to", "cuda", "cpu", "half", "float", "double"})


def _unmoved(value: ast.expr | None) -> ast.expr | None:
    """``nn.CrossEntropyLoss()`` for ``nn.CrossEntropyLoss().to(device).float()``: the call
    whose result the chain of moves hands back; ``value`` itself otherwise."""
    while (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in _MODULE_MOVES
        and isinstance(value.func.value, ast.Call)
    ):
        value = value.func.value
    return value
