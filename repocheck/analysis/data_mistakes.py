"""Data mistakes (SANITY004): comparisons with NaN, scalers or models fitted on test data or
before the split, rows resampled for class balance before the split, thresholds tuned on
the test split, and a transform set on the dataset two random splits share."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Collection, Container, Iterator
from dataclasses import dataclass

from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import constant_of, keyword, turned_off
from repocheck.analysis.ml_code import Code, Finding, Repo, each
from repocheck.analysis.ml_names import identifiers, method, terminal, tokens
from repocheck.analysis.spans import contains, end_of, start_of
from repocheck.analysis.toplevel import module_level
from repocheck.facts.snapshot import SourceUnit, breadth_first
from repocheck.patterns import compile_on_use

# ---------------------------------------------------------------------------- data


_NAN_NAMES = frozenset(
    {"numpy.nan", "numpy.NaN", "numpy.NAN", "math.nan", "torch.nan", "pandas.NA"}
)


def _is_nan(code: Code, expr: ast.expr) -> bool:
    if isinstance(expr, (ast.Name, ast.Attribute)):
        return code.resolve(expr) in _NAN_NAMES
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "float":
        value = expr.args[0] if len(expr.args) == 1 else None
        text = str(value.value).strip().lower() if isinstance(value, ast.Constant) else ""
        return text in ("nan", "+nan", "-nan")
    return False


def _compares_with_nan(code: Code, node: ast.Compare) -> bool:
    operands = [node.left, *node.comparators]
    return any(
        isinstance(op, (ast.Eq, ast.NotEq))
        and (_is_nan(code, operands[i]) or _is_nan(code, operands[i + 1]))
        for i, op in enumerate(node.ops)
    )


def nan_compared(repo: Repo) -> list[Finding]:
    """``x == np.nan`` is always False (and ``!=`` always True): NaN equals nothing."""
    found: dict[tuple[str, int | None, int], Finding] = {}
    fix = "use np.isnan(x) or pd.isna(x); NaN equals nothing"
    for code, unit, node in each(repo.codes, ast.Compare):
        if _compares_with_nan(code, node):
            finding = Finding("nan-compared", unit, node.lineno, fix, True)
            found.setdefault((unit.path, unit.cell, node.lineno), finding)
    return list(found.values())


_PREPROCESSING = compile_on_use(
    r"^sklearn\.(preprocessing\.((Standard|MinMax|Robust|MaxAbs)Scaler|QuantileTransformer"
    r"|PowerTransformer|KBinsDiscretizer)|impute\.\w+|decomposition\.\w+"
    r"|feature_selection\.\w+|feature_extraction\.text\.\w+)$"
)
_VISUAL = compile_on_use(r"^(sklearn\.manifold\.|umap\.|openTSNE\.)")
#: Transformers that learn nothing from the values they are fitted on (the number of columns at
#: most): fitting one on test data, or before the split, leaks nothing.
_STATELESS = compile_on_use(
    r"^sklearn\.(preprocessing\.(PolynomialFeatures|FunctionTransformer|Normalizer|Binarizer)"
    r"|feature_extraction\.(text\.HashingVectorizer|FeatureHasher))$"
)
#: Encoders of class labels: fitted on labels, they learn the class names and nothing else.
_LABEL_ENCODER = compile_on_use(
    r"^sklearn\.preprocessing\.(LabelEncoder|LabelBinarizer|MultiLabelBinarizer)$"
)
_LABEL_WORDS = frozenset({"label", "labels", "target", "targets"})
#: Keras' image augmenter: its fit(x) computes a mean, a std or a ZCA matrix only for the
#: featurewise options; built without them, it learns nothing from the images it is shown.
_IMAGE_GENERATOR = compile_on_use(r"^(tensorflow\.)?keras(\.\w+)*\.ImageDataGenerator$")
_FEATUREWISE = frozenset({"featurewise_center", "featurewise_std_normalization", "zca_whitening"})
_PREPROCESSOR_WORDS = frozenset({"scaler", "imputer", "vectorizer", "tfidf", "normalizer"})
# dtrain/dtest: the usual names of XGBoost's DMatrix and LightGBM's Dataset of a split.
_TEST_WORDS = frozenset({"test", "xtest", "ytest", "tst", "testing", "dtest"})
_VAL_WORDS = frozenset({"val", "valid", "validation", "xval", "holdout", "dval", "dvalid"})


#: Words before "val" that make it a value, not a validation split: ``num_val`` and
#: ``cat_val`` (a tabular notebook's lists of numerical and categorical columns), ``max_val``.
_VALUE_QUALIFIERS = frozenset(
    {
        "num",
        "numeric",
        "numerical",
        "cat",
        "categorical",
        "cont",
        "continuous",
        "max",
        "min",
        "mean",
        "avg",
        "median",
        "std",
        "abs",
        "unique",
        "missing",
        "null",
        "default",
    }
)


#: ``dev`` names the development split (NLP's validation data) only beside a word of data:
#: alone, or as ``dev_ids``, it is as often the device the data is moved to.
_DEV_DATA_WORDS = frozenset(
    {"x", "y", "data", "dataset", "df", "loader", "dataloader", "set", "split", "ds"}
    | {"examples", "samples", "features", "labels", "texts", "sentences", "iter", "batches"}
)
_DEV_SPLIT_TOKENS = frozenset({"xdev", "ydev", "devset", "ddev", "devdata"})


def _names_validation(name: str) -> bool:
    words = tokens(name)
    if "dev" in words and _DEV_DATA_WORDS.intersection(words):
        return True
    return any(
        word in _VAL_WORDS
        and not (word == "val" and i and words[i - 1] in _VALUE_QUALIFIERS)
        or word in _DEV_SPLIT_TOKENS
        for i, word in enumerate(words)
    )


def split_of(expr: ast.AST) -> str | None:
    """Which split a data expression names: ``X_train`` -> train, ``X_test`` -> test,
    ``X_val`` -> val (but not ``df[num_val]``, numerical values)."""
    names = identifiers(expr)
    words = {w for name in names for w in tokens(name)}
    if words & {"train", "training", "xtrain", "ytrain", "dtrain"}:
        return "train"
    if words & _TEST_WORDS:
        return "test"
    return "val" if any(_names_validation(name) for name in names) else None


@dataclass(frozen=True)
class _Fit:
    unit: SourceUnit
    call: ast.Call
    owner: str
    split: str | None
    transformer: bool


@per_object
def _fits(code: Code) -> list[_Fit]:
    """``x.fit(data)`` / ``x.fit_transform(data)`` calls, with the split the data names."""
    return list(_read_fits(code))


def _learns_nothing(call: ast.Call) -> bool:
    """An ImageDataGenerator built with every featurewise option off or left out (no
    ``**options`` that may hold one)."""
    return all(
        item.arg is not None and (item.arg not in _FEATUREWISE or turned_off(item.value))
        for item in call.keywords
    )


def _idle_generators(code: Code) -> frozenset[str]:
    """Names every assignment of which builds an ImageDataGenerator that learns nothing."""
    built: dict[str, bool] = {}
    for unit in code.units:
        for node in unit.of_type(ast.Assign):
            value = node.value
            if not isinstance(value, ast.Call):
                continue
            generator = bool(_IMAGE_GENERATOR.match(code.resolve(value.func)))
            idle = generator and _learns_nothing(value)
            for name in filter(None, map(terminal, node.targets)):
                built[name] = built.get(name, True) and idle
    return frozenset(name for name, idle in built.items() if idle)


def _names_labels(expr: ast.expr) -> bool:
    """``y_test``, ``ytest``, ``test_labels``: data named as the labels (a name whose first
    word is ``y``, or one that says label or target)."""
    for name in identifiers(expr):
        words = tokens(name)
        if words and (words[0] in ("y", "ytest", "ytrue") or set(words) & _LABEL_WORDS):
            return True
    return False


def _label_encoders(code: Code) -> frozenset[str]:
    """Names bound only to a scikit-learn encoder of class labels (``lb = LabelBinarizer()``)."""
    encoders = code.bound_to(lambda name: bool(_LABEL_ENCODER.match(name)))
    return encoders - code.bound_to(lambda name: not _LABEL_ENCODER.match(name))


def _read_fits(code: Code) -> Iterator[_Fit]:
    bound = code.bound_to(lambda name: bool(_PREPROCESSING.match(name)))
    labelling = _label_encoders(code)
    # An encoder also fitted on the training labels maps the test labels afresh when refitted
    # on them: a class missing there shifts every code after it.
    refitted = {
        terminal(call.func.value)  # type: ignore[attr-defined]
        for _, call in code.method_calls(("fit", "fit_transform"))
        if call.args and split_of(call.args[0]) == "train"
    }
    visual = code.bound_to(lambda name: bool(_VISUAL.match(name)))
    stateless = code.bound_to(lambda name: bool(_STATELESS.match(name)))
    stateless |= _idle_generators(code)
    for unit, call in code.method_calls(("fit", "fit_transform")):
        if not call.args:
            continue
        receiver = call.func.value  # type: ignore[attr-defined]
        direct = code.resolve(receiver.func) if isinstance(receiver, ast.Call) else ""
        owner = terminal(receiver) or ""
        if owner in visual or _VISUAL.match(direct):
            continue  # t-SNE and UMAP embed the data they are shown: a plot, not a model
        built_idle = isinstance(receiver, ast.Call) and _learns_nothing(receiver)
        if built_idle and _IMAGE_GENERATOR.match(direct):
            continue  # ImageDataGenerator().fit(x_test): no featurewise option, nothing learnt
        if owner in stateless or _STATELESS.match(direct):
            continue  # PolynomialFeatures and the like: nothing learnt, nothing leaked
        encodes_labels = owner in labelling or bool(_LABEL_ENCODER.match(direct))
        if encodes_labels and _names_labels(call.args[0]) and owner not in refitted:
            # LabelBinarizer().fit_transform(y_test) to score the test labels, or le.fit(y)
            # before the split: it learns the class names and nothing a model could use.
            continue
        transformer = owner in bound or bool(_PREPROCESSING.match(direct))
        transformer |= bool(set(tokens(owner)) & _PREPROCESSOR_WORDS)
        yield _Fit(unit, call, owner, split_of(call.args[0]), transformer)


def fit_on_test_data(repo: Repo) -> list[Finding]:
    """A scaler or model fitted on the test split: the test score no longer measures anything."""
    found: list[Finding] = []
    for code in repo.codes:
        fits = _fits(code)
        on_train = {fit.owner for fit in fits if fit.split == "train"}
        named_only = any(fit.split == "test" for fit in fits) and _named_only(code, on_train)
        fits = [fit for fit in fits if fit.split != "test" or not _vocabulary_only(code, fit)]
        found += filter(None, (_test_fit(fit, fit.owner in on_train, named_only) for fit in fits))
    return found


#: What a fitted transformer tells about the data it saw without transforming anything: the
#: words (or columns) it found.
_VOCABULARY_READS = frozenset(
    {"get_feature_names_out", "get_feature_names", "vocabulary_", "stop_words_"}
)


def _vocabulary_only(code: Code, fit: _Fit) -> bool:
    """``v2.fit(x_test)`` whose every other use reads the words ``v2`` found
    (``v2.get_feature_names_out()``), as a count of the test split's words the training
    vocabulary lacks does: nothing it learnt transforms data a model sees or is scored on.
    Only a plain name fitted in a statement of its own; its uses are counted in its function
    (where it is bound there), or else over the whole program."""
    receiver = fit.call.func.value  # type: ignore[attr-defined]
    if method(fit.call) != "fit" or not isinstance(receiver, ast.Name):
        return False
    statements = code.around(fit.unit, fit.call, ast.Expr)
    if not statements or statements[0].value is not fit.call:
        return False
    functions = code.functions_around(fit.unit, fit.call)
    uses = None
    if functions:
        uses = _uses(code.inside(fit.unit, functions[0], ast.Name, ast.Attribute)).get(receiver.id)
    if uses is None or not uses.stores:  # not bound in its function: a global's uses
        uses = _program_uses(code).get(receiver.id)
    return uses is not None and uses.reads > 0 and uses.loads == uses.fits + uses.reads


@dataclass
class _Uses:
    """How a name is used: read at all, as the receiver of ``fit``, to read the vocabulary,
    and bound."""

    loads: int = 0
    fits: int = 0
    reads: int = 0
    stores: int = 0


def _uses(nodes: list[ast.AST]) -> dict[str, _Uses]:
    found: dict[str, _Uses] = {}
    for node in nodes:
        if type(node) is ast.Name:
            uses = found.setdefault(node.id, _Uses())
            if isinstance(node.ctx, ast.Load):
                uses.loads += 1
            else:
                uses.stores += 1
        elif type(node) is ast.Attribute and type(node.value) is ast.Name:
            uses = found.setdefault(node.value.id, _Uses())
            uses.fits += node.attr == "fit"
            uses.reads += node.attr in _VOCABULARY_READS
    return found


@per_object
def _program_uses(code: Code) -> dict[str, _Uses]:
    """:func:`_uses` over every unit of the program (a notebook's cells together)."""
    return _uses([node for unit in code.units for node in unit.of_type(ast.Name, ast.Attribute)])


def _named_only(code: Code, on_train: set[str]) -> bool:
    """The module splits nothing, fits nothing on a training split and scores nothing: data
    it calls ``X_test`` may be any subset (two varieties for a scree plot), the name the only
    sign of test data."""
    return (
        not on_train
        and not code.method_calls(_SCORING)
        and not split_calls(code)
        and not _slice_splits(code)
    )


def _test_fit(fit: _Fit, fitted_on_train: bool, named_only: bool = False) -> Finding | None:
    """Certain for a scaler (or anything fitted on the training split before); a model fitted
    on test data may be a deliberate refit, and fitting on validation data is calibration.
    Where the name is the only sign of test data, a warning that says so."""
    line = fit.call.lineno
    if fit.split == "test":
        if named_only:
            fix = (
                "named test, but this module neither splits, trains on a training split nor "
                "scores: if it is test data, fit on the training split instead"
            )
            return Finding("fit-on-test", fit.unit, line, fix, False)
        if fit.transformer or fitted_on_train:
            fix = "fit on the training split; only .transform() the test split"
            return Finding("fit-on-test", fit.unit, line, fix, True)
        fix = "fit on the training split only; keep test data for scoring"
        return Finding("fit-on-test", fit.unit, line, fix, False)
    if fit.split == "val" and fit.transformer and method(fit.call) == "fit_transform":
        fix = "fit on the training split; only .transform() the validation split"
        return Finding("fit-on-test", fit.unit, line, fix, False)
    return None


def early_stopped_on_test(repo: Repo) -> list[Finding]:
    """A model stopped early on the test split. XGBoost watches the last ``eval_set`` pair
    (LightGBM every one), so with ``early_stopping_rounds`` (in the fit call or the model's
    constructor) or an early-stopping callback, the number of trees is chosen on the data the
    test score is then read from. CatBoost does so unasked: given an eval_set, it keeps the
    best iteration on it (``use_best_model`` is on). The functional APIs the same:
    ``lgb.train(..., valid_sets=[...])`` (every set) and ``xgb.train(..., evals=[...])`` (the
    last). Keras's ``EarlyStopping`` callback, watching ``val_loss`` by default, picks the
    epoch on ``validation_data``. An eval_set that only logs, or a callback watching a
    training metric, selects nothing."""
    found = []
    fix = "stop early on a validation split, not on the test split"
    for code in repo.codes:
        calls = code.method_calls(("fit", "train"))
        stopping = _stopping_models(code) if calls else frozenset()
        patient = _patient_models(code) if calls else frozenset()
        stoppers = _stopper_names(code) if calls else frozenset()
        for unit, call in calls:
            name = method(call)
            if name == "fit":
                owner = terminal(call.func.value) or ""  # type: ignore[attr-defined]
                listed = keyword(call, "callbacks")
                if isinstance(listed, ast.Name):  # callbacks=callbacks, a list built before
                    listed = _named_value(code, unit, call, listed)
                stops = owner in stopping or _stops_early(call, stoppers, listed)
                stops = stops or (owner in patient and not turned_off(keyword(call, "patience")))
                watched = _fit_watched(code, unit, call) if stops else None
            elif name == "train" and (code.resolve(call.func) or "") in _BOOSTING_TRAIN:
                lightgbm = (code.resolve(call.func) or "").startswith("lightgbm")
                stops = _stops_early(call, stoppers)
                sets = keyword(call, "valid_sets" if lightgbm else "evals")
                sets = _named_value(code, unit, call, sets) if stops else sets
                watched = _any_test(sets) if lightgbm else _last(sets)
            else:
                continue
            if stops and watched is not None and split_of(watched) != "test":
                # def train(self, X_train, y_train, X_val, y_val) stopping on (X_val, y_val),
                # called with the test split: it stops on what its caller hands it.
                handed = _handed_test_split(code, unit, call, watched)
                if handed is not None:
                    found.append(Finding("early-stop-on-test", *handed, fix, False))
                continue
            if stops and watched is not None and split_of(watched) == "test":
                if _held_out_of_training(code, unit, call):
                    continue
                if _scored_on_validation_instead(code, unit, call):
                    continue
                if holdout_read_after(code, unit, call):
                    continue
                found.append(Finding("early-stop-on-test", unit, call.lineno, fix, False))
    return found


def _handed_test_split(
    code: Code, unit: SourceUnit, call: ast.Call, watched: ast.expr
) -> tuple[SourceUnit, int] | None:
    """Where a caller hands the test split to the parameter a fit stops on: the fit's
    watched data is (the first of) a parameter of its function, and a call of that function
    in the program passes data named test for it. Asked only of fits that stop early."""
    first = (
        watched.elts[0] if isinstance(watched, (ast.Tuple, ast.List)) and watched.elts else watched
    )
    scopes = code.functions_around(unit, call)
    if not isinstance(first, ast.Name) or not scopes:
        return None
    function = scopes[0]
    positional = [*function.args.posonlyargs, *function.args.args]
    names = [argument.arg for argument in positional]
    if first.id not in names and first.id not in {a.arg for a in function.args.kwonlyargs}:
        return None
    method = bool(names) and names[0] in ("self", "cls")
    sites = [*code.method_calls((function.name,))]
    sites += [
        (other, node)
        for other in code.units
        for node in other.of_type(ast.Call)
        if isinstance(node.func, ast.Name) and node.func.id == function.name
    ]
    for other_unit, site in sites:
        given = keyword(site, first.id)
        if given is None and first.id in names:
            index = names.index(first.id) - (method and isinstance(site.func, ast.Attribute))
            arguments = [a for a in site.args if not isinstance(a, ast.Starred)]
            given = arguments[index] if 0 <= index < len(arguments) else None
        if given is not None and split_of(given) == "test":
            return other_unit, site.lineno
    return None


_SPLITTERS = frozenset({"train_test_split"})


def _held_out_of_training(code: Code, unit: SourceUnit, call: ast.Call) -> bool:
    """The fit runs in a function handed the training split alone (``def fit(self,
    train_df)``: a parameter named for training, none for testing) that splits data itself
    (``train_test_split``): what it names test is a part of the training data held out, a
    validation split; the project's test set never reaches it. Asked only of flagged calls."""
    scopes = code.functions_around(unit, call)
    if not scopes:
        return False
    arguments = scopes[0].args
    given = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    splits = {split_of(ast.Name(id=argument.arg)) for argument in given}
    if "train" not in splits or "test" in splits:
        return False
    return any(terminal(node.func) in _SPLITTERS for node in code.inside(unit, scopes[0], ast.Call))


_SCORING = frozenset({"predict", "predict_proba", "score", "evaluate"})
#: A split held out of everything: ``holdout``, ``heldout``, ``hold_out``, ``held_out``.
_HOLDOUT_WORDS = frozenset({"holdout", "heldout"})


def _names_holdout(name: str) -> bool:
    words = tokens(name)
    pairs = {a + b for a, b in zip(words, words[1:], strict=False)}
    return bool(_HOLDOUT_WORDS & ({*words} | pairs))


def holdout_read_after(code: Code, unit: SourceUnit, span: ast.AST) -> bool:
    """Three splits, the one named test watched in training and a held-out one read only
    after it: ``validation_data=test_generator`` with early stopping, then
    ``model.predict(unseen_generator)`` built from ``holdout_data``, or an epoch loop keeping
    the checkpoint best on ``test_loader`` and then scoring ``holdout_loader``. The split
    named test chooses the epoch as a validation split would, and the score is read from
    data the training never saw. A held-out split read inside ``span`` is watched as well:
    not this case. A notebook's later cells come after. Asked only of flagged spans."""
    start, end = start_of(span), end_of(span)
    after = False
    later = code.units[code.units.index(unit) + 1 :] if unit in code.units else ()
    for node in code.inside(unit, None, ast.Name):
        if not _names_holdout(node.id):
            continue
        where = start_of(node)
        if start <= where < end:
            return False
        after |= where >= end
    return after or any(
        _names_holdout(node.id) for cell in later for node in code.inside(cell, None, ast.Name)
    )


def _scored_on_validation_instead(code: Code, unit: SourceUnit, call: ast.Call) -> bool:
    """Whether the model stopped on data named "test" is then scored on data named validation
    (``model.predict(X_val)``, or handed to a helper named for it:
    ``write_validation_results(model=model)``) and never on the test split: three splits with
    the names swapped (the M5 competition's scored period was its "validation" one), the
    trees chosen on a split the score is not read from. Asked only of fits that stop on test."""
    if method(call) == "fit":
        model = terminal(call.func.value) or ""  # type: ignore[attr-defined]
    else:
        model = _assigned_name(code, unit, call) or ""
    if not model:
        return False
    scopes = code.functions_around(unit, call)
    after = (call.end_lineno or call.lineno, call.end_col_offset or 0)
    on_val = False
    for later in code.inside(unit, scopes[0] if scopes else None, ast.Call):
        if (later.lineno, later.col_offset) < after:
            continue
        func = later.func
        if isinstance(func, ast.Attribute) and terminal(func.value) == model:
            if func.attr in _SCORING and later.args:
                split = split_of(later.args[0])
                if split == "test":
                    return False
                on_val |= split == "val"
            continue
        given = [*later.args, *(k.value for k in later.keywords)]
        if any(isinstance(arg, ast.Name) and arg.id == model for arg in given):
            on_val |= _names_validation(terminal(func) or "")
    return on_val


_BOOSTING_TRAIN = frozenset({"lightgbm.train", "xgboost.train"})


def _fit_watched(code: Code, unit: SourceUnit, call: ast.Call) -> ast.expr | None:
    """The data a fit call stops on: its ``eval_set`` (see :func:`_last`) or Keras's
    ``validation_data``, also when given by a name (``eval_set=evals``)."""
    watched = _last(_named_value(code, unit, call, keyword(call, "eval_set")))
    if watched is not None:
        return watched
    return _named_value(code, unit, call, keyword(call, "validation_data"))


def _named_value(
    code: Code, unit: SourceUnit, call: ast.Call, given: ast.expr | None
) -> ast.expr | None:
    """What a name given to ``call`` holds: the value of its latest plain assignment
    (``evals = [(X_test, y_test)]``) before the call, in the call's own function (or at
    module level); anything else is returned as given. Asked only of calls that stop early."""
    if not isinstance(given, ast.Name):
        return given
    scopes = code.functions_around(unit, call)
    scope = scopes[0] if scopes else None
    start = (call.lineno, call.col_offset)
    value: ast.expr | None = None
    for node in code.inside(unit, scope, ast.Assign):
        if (node.end_lineno or node.lineno, node.end_col_offset or 0) > start:
            break
        named = any(isinstance(t, ast.Name) and t.id == given.id for t in node.targets)
        around = code.functions_around(unit, node)
        if named and (around[0] if around else None) is scope:
            value = node.value
    return value if value is not None else given


def _last(watched: ast.expr | None) -> ast.expr | None:
    """The evaluation data a boosted model stops on: the last of a list or tuple of pairs,
    or a single pair or Pool given alone (CatBoost takes those)."""
    if isinstance(watched, (ast.List, ast.Tuple)):
        return watched.elts[-1] if watched.elts else None
    return watched


def _any_test(sets: ast.expr | None) -> ast.expr | None:
    """Of LightGBM's valid_sets, each of which it stops on, one named test (else the last)."""
    if not isinstance(sets, (ast.List, ast.Tuple)) or not sets.elts:
        return sets
    return next((item for item in sets.elts if split_of(item) == "test"), sets.elts[-1])


def _is_stopper(call: ast.Call) -> bool:
    """``EarlyStopping(...)`` or ``lgb.early_stopping(50)``, unless it watches a training
    metric (Keras's ``monitor="loss"``): that stops on the data it trains on."""
    if (terminal(call.func) or "").lower().replace("_", "") != "earlystopping":
        return False
    monitor = keyword(call, "monitor")
    if isinstance(monitor, ast.Constant) and isinstance(monitor.value, str):
        return monitor.value.startswith("val")
    return True


def _stopper_names(code: Code) -> frozenset[str]:
    """Names assigned an early-stopping callback (``es = EarlyStopping(patience=3)``)."""
    return frozenset(
        terminal(target) or ""
        for _, _, node in each([code], ast.Assign)
        if isinstance(node.value, ast.Call) and _is_stopper(node.value)
        for target in node.targets
    )


def _stops_early(
    call: ast.Call, stoppers: frozenset[str] = frozenset(), callbacks: ast.expr | None = None
) -> bool:
    """``early_stopping_rounds=50`` given, or a callback such as ``lgb.early_stopping(50)``
    (or a name assigned one) among the call's ``callbacks`` (or those given, the value of a
    name the call passes: ``callbacks = [EarlyStopping(...)]``)."""
    rounds = keyword(call, "early_stopping_rounds")
    if rounds is not None and not turned_off(rounds):
        return True
    callbacks = callbacks if callbacks is not None else keyword(call, "callbacks")
    items = callbacks.elts if isinstance(callbacks, (ast.List, ast.Tuple)) else []
    return any(
        (isinstance(item, ast.Call) and _is_stopper(item))
        or (isinstance(item, ast.Name) and item.id in stoppers)
        for item in items
    )


def _keeps_best(call: ast.Call) -> bool:
    """A CatBoost model (``CatBoostClassifier(...)``): it keeps the iteration best on its
    eval_set unless ``use_best_model=False``."""
    if not (terminal(call.func) or "").startswith("CatBoost"):
        return False
    best = keyword(call, "use_best_model")
    return best is None or not turned_off(best)


def _stopping_models(code: Code) -> frozenset[str]:
    """Names assigned a model built to stop early (``XGBRegressor(early_stopping_rounds=50)``,
    any CatBoost model keeping its best iteration)."""
    return frozenset(
        terminal(target) or ""
        for _, _, node in each([code], ast.Assign)
        if isinstance(node.value, ast.Call)
        and (_stops_early(node.value) or _keeps_best(node.value))
        for target in node.targets
    )


def _patient_models(code: Code) -> frozenset[str]:
    """Names assigned a pytorch_tabnet model (``TabNetClassifier()``): its fit stops after
    ``patience`` epochs (10 unless given; 0 turns it off) without gain on the last
    ``eval_set`` pair, and loads the best epoch's weights on it."""
    return frozenset(
        terminal(target) or ""
        for _, _, node in each([code], ast.Assign)
        if isinstance(node.value, ast.Call)
        and (code.resolve(node.value.func) or "").startswith("pytorch_tabnet.")
        for target in node.targets
    )


def fit_before_split(repo: Repo) -> list[Finding]:
    """A scaler fitted on the whole data set, which is split into train and test afterwards:
    certain when the split makes a test set (its statistics leaked into training), a warning
    when it only holds out validation data, or when the fit runs in a loop: refitted on each
    sample it scales every row by its own range and leaks nothing, refitted on each column it
    does, and the loop's items are not read."""
    found = []
    for code in repo.codes:
        fits = _fits(code)  # few programs fit a preprocessor: the splits are read only there
        splits = split_calls(code) + _slice_splits(code) + _folds(code) if fits else []
        for fit in fits if splits else ():
            split = _split_later(code, fit, splits)
            if split is not None:
                certain = split.makes_test and not split.sliced
                certain = certain and not code.loops_around(fit.unit, fit.call)
                fix = (
                    f"fit {_fitted(code, fit)} in a Pipeline with the model: each fold fits it"
                    " on its own training rows"
                    if split.folds
                    else f"split first, then fit {_fitted(code, fit)} on the training split"
                )
                found.append(Finding("fit-before-split", fit.unit, fit.call.lineno, fix, certain))
    helpers = _scaling_helpers(repo)
    return found + _split_after_a_helper(repo, helpers) if helpers else found


#: A module-level function that fits a preprocessor and returns what it scaled: its program,
#: its name, and what it fits (for the advice).
_Helper = tuple[Code, str, str]


def _scaling_helpers(repo: Repo) -> dict[str, _Helper]:
    """``def scale(frame): ...; return scaler.fit_transform(frame)`` at a module's top level,
    by every dotted name an import may give it (``preprocess.scale``, ``src.preprocess.scale``):
    whoever splits what it returns split data a fit had already seen whole."""
    found: dict[str, _Helper] = {}
    for code in repo.codes:
        for fit in _fits(code):
            if not fit.transformer or fit.split or method(fit.call) != "fit_transform":
                continue
            holders = code.around(
                fit.unit, fit.call, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef
            )
            function = holders[0] if len(holders) == 1 else None
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue  # at the top level (read above), in a method or a nested function
            if not _whole_data(fit.call.args[0], _column_parameters(function)):
                continue
            target = _assigned_name(code, fit.unit, fit.call)
            if not any(
                node.value is fit.call or _returns_name(node.value, target)
                for node in code.inside(fit.unit, function, ast.Return)
                if node.value is not None
            ):
                continue
            helper = (code, function.name, _fitted(code, fit))
            parts = f"{code.program.module}.{function.name}".split(".")
            for start in range(len(parts) - 1):  # never the bare name: another module's
                found.setdefault(".".join(parts[start:]), helper)
    return found


def _split_after_a_helper(repo: Repo, helpers: dict[str, _Helper]) -> list[Finding]:
    """``X = scale(frame)`` in another program, ``X`` (or data taken from it) split afterwards
    into train and test: the helper's fit saw the test rows. Said at the caller's line, which
    decides what the helper is handed."""
    found = []
    names = set(helpers) | {key.rpartition(".")[0] for key in helpers}
    for code in repo.codes:
        if names.isdisjoint(code.program.names.values()):
            continue  # imports neither a helper nor its module
        splits: list[_Split] | None = None
        splitters: frozenset[str] | None = None
        for _, unit, node in each([code], ast.Assign):
            call = node.value
            if isinstance(call, ast.Call) and code.resolve(call.func) in _REWRAPS and call.args:
                call = call.args[0]  # pd.DataFrame(scale(frame), columns=...)
            if not isinstance(call, ast.Call):
                continue
            helper = helpers.get(code.resolve(call.func))
            if helper is None or helper[0] is code or not call.args:
                continue
            if splits is None:
                splitters = splitters if splitters is not None else _splitting_helpers(repo)
                splits = split_calls(code) + _slice_splits(code) + _helper_splits(code, splitters)
            where = (unit.cell or 0, node.lineno)
            for name in (n for t in node.targets for n in _bound_names(t) if n):
                span = _local_span(code, unit, node, name)
                derived = derived_names(code, name, where)
                split = next(
                    (
                        s
                        for s in splits
                        if where < s.place
                        and (span is None or s.place <= span)
                        and cuts(s, derived)
                    ),
                    None,
                )
                if split is not None:
                    _, function, fitted = helper
                    certain = split.makes_test and not split.sliced
                    certain = certain and not code.loops_around(unit, node)
                    fix = (
                        f"{function}() fits {fitted.removeprefix('the ')} on all it is handed:"
                        " split first, hand it the training split"
                    )
                    found.append(Finding("fit-before-split", unit, node.lineno, fix, certain))
                    break
    return found


@per_object
def _splitting_helpers(repo: Repo) -> frozenset[str]:
    """``def split(features, labels): return train_test_split(features, labels, ...)`` at a
    module's top level, by every dotted name an import may give it: a function that splits
    what it is handed into train and test, as the library call does."""
    found: set[str] = set()
    for code in repo.codes:
        for unit in code.units:
            if "train_test_split" not in unit.source:
                continue  # most modules split nothing: read only those that may
            for function in module_level(unit.tree.body if unit.tree else ()):
                if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                parameters = _taken_from_parameters(function)
                if not any(
                    (code.resolve(call.func) or "").endswith("train_test_split")
                    and any(
                        isinstance(n, ast.Name) and n.id in parameters
                        for a in call.args
                        for n in breadth_first(a)
                    )
                    for call in code.inside(unit, function, ast.Call)
                ):
                    continue
                parts = f"{code.program.module}.{function.name}".split(".")
                found.update(".".join(parts[start:]) for start in range(len(parts) - 1))
    return frozenset(found)


def _taken_from_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The function's parameters and the names its top-level statements assign from them
    (``X = data.drop(target, axis=1)``), in order."""
    taken = {argument.arg for argument in function.args.args}
    for statement in function.body:
        if isinstance(statement, ast.Assign) and set(identifiers(statement.value)) & taken:
            taken.update(n for target in statement.targets for n in _bound_names(target) if n)
    return taken


def _helper_splits(code: Code, splitters: frozenset[str]) -> list[_Split]:
    """Calls of the project's splitting functions (:func:`_splitting_helpers`) in ``code``,
    read as its own ``train_test_split`` calls are."""
    if not splitters:
        return []
    return _splits_by(code, lambda call: code.resolve(call.func) in splitters)


#: Calls that score a fitted model or predict with it.
_EVALUATIONS = frozenset(
    {"score", "predict", "predict_proba", "predict_log_proba", "decision_function", "evaluate"}
)
#: A model's call, by where it runs: ((cell, line), the unit, the call, the data it is given).
_ModelCall = tuple["Place", SourceUnit, ast.Call, str | None]


def scored_on_fitted_rows(repo: Repo) -> list[Finding]:
    """A model fitted on every row (``model.fit(X, y)``) of data that is split into train and
    test (``train_test_split(X, y)``), then scored on the test split (``model.score(X_test,
    y_test)``) with no fit between: the test rows were learned, so the score flatters the
    model. A model fitted on the training split anywhere (scored, then refitted on every row
    to ship) is not this; nor a fit in a loop (folds), nor one of a name that took other data
    between the split and the fit. A warning: the names tell the data apart."""
    found = []
    for code in repo.codes:
        if not code.mentions("train_test_split"):
            continue  # the split this reads is named in the program's text, if only imported
        splits = [split for split in split_calls(code) if split.makes_test and split.bound]
        calls = _model_calls(code) if splits else {}
        for split in splits:
            test = {name for name in split.bound if split_of(ast.Name(name)) == "test"}
            train = {name for name in split.bound if split_of(ast.Name(name)) == "train"}
            for model, made in calls.items():
                fits = [c for c in made if method(c[2]) == "fit"]
                if any(data in train for *_, data in fits):
                    continue  # fitted on the training split too: scored as it should be
                for place, unit, call, data in fits:
                    if data is None or data not in split.names or code.loops_around(unit, call):
                        continue
                    if _rebound_between(code, data, split.place, place):
                        continue
                    if _scored_next(made, place, test):
                        fix = f"fit {model} on the training split, not on every row of {data}"
                        found.append(
                            Finding("scored-on-fitted-rows", unit, call.lineno, fix, False)
                        )
    return found


def _model_calls(code: Code) -> dict[str, list[_ModelCall]]:
    """Each receiver's fits and scoring calls (``model.fit``, ``grid.best_estimator_
    .predict``), in order, with the name of the data each is given first."""
    found: dict[str, list[_ModelCall]] = {}
    kept = _kept_best_estimators(code)
    for _, unit, call in each([code], ast.Call):
        name = method(call)
        if name != "fit" and name not in _EVALUATIONS:
            continue
        receiver = _data_name(call.func.value)  # type: ignore[attr-defined]
        if receiver is None:
            continue
        receiver = kept.get(receiver, receiver)
        data = _data_name(call.args[0]) if call.args else None
        found.setdefault(receiver, []).append(((unit.cell or 0, call.lineno), unit, call, data))
    for made in found.values():
        made.sort(key=lambda item: item[0])
    return found


def _kept_best_estimators(code: Code) -> dict[str, str]:
    """``best = search.best_estimator_``: the name a search's refitted model is kept in, to
    the search's name, so scoring ``best`` reads as scoring the search. Only a name bound
    once in the program: one bound again may hold another model by the time it is scored."""
    bound: dict[str, int] = {}
    kept: dict[str, str] = {}
    for _, _, node in each([code], ast.Assign):
        for target in node.targets:
            for name in _bound_names(target):
                bound[name] = bound.get(name, 0) + 1
        value = node.value
        if (
            len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(value, ast.Attribute)
            and value.attr == "best_estimator_"
            and isinstance(value.value, ast.Name)
        ):
            kept[node.targets[0].id] = value.value.id
    return {name: search for name, search in kept.items() if bound.get(name) == 1}


def _rebound_between(code: Code, name: str, first: Place, second: Place) -> bool:
    """Whether ``name`` is assigned between the two places (either order)."""
    low, high = min(first, second), max(first, second)
    return any(
        low < (unit.cell or 0, node.lineno) < high
        and any(name in _bound_names(target) for target in node.targets)
        for _, unit, node in each([code], ast.Assign)
    )


def _scored_next(made: list[_ModelCall], fitted: Place, test: set[str]) -> bool:
    """Whether the model's next calls after the fit at ``fitted`` score it on a test split
    before it is fitted again."""
    for place, _, call, data in made:
        if place <= fitted:
            continue
        if method(call) == "fit":
            return False
        if data in test:
            return True
    return False


def _fitted(code: Code, fit: _Fit) -> str:
    """What the fit fits, for the advice: the class it was built from (``the
    TfidfVectorizer``, ``the PCA``: not every preprocessor is a scaler), else the name it is
    fitted through (``scaler``), else ``it``."""
    receiver = fit.call.func.value  # type: ignore[attr-defined]
    if isinstance(receiver, ast.Call):
        built = code.resolve(receiver.func)
    else:
        built = next((callee for callee, names in code.bindings.items() if fit.owner in names), "")
    name = (built or "").rpartition(".")[2]
    if name[:1].isupper():
        return f"the {name}"
    return fit.owner or "it"


#: imbalanced-learn's samplers that make rows (SMOTE's synthetic ones, copies): before the split
#: they put rows made from training rows into the test set. Undersamplers only drop rows.
_OVERSAMPLERS = compile_on_use(r"^imblearn\.(over_sampling|combine)\.")
_OVERSAMPLER_WORDS = compile_on_use(r"smote|adasyn|over_?sampl|randomover", re.IGNORECASE)


def _calls(
    code: Code, wanted: Callable[[Code, ast.Call], bool]
) -> list[tuple[SourceUnit, ast.Call]]:
    """The calls of ``code`` for which ``wanted`` holds, with their units."""
    return [(unit, call) for _, unit, call in each([code], ast.Call) if wanted(code, call)]


def resample_before_split(repo: Repo) -> list[Finding]:
    """Rows resampled for class balance (``X_res, y_res = smote.fit_resample(X, y)``) and split
    into train and test afterwards: certain for an oversampler when the split makes a test set
    (synthetic or copied minority rows on both sides: the test score is read partly from
    training rows), a warning for an undersampler (the test set loses the real class balance)
    or a split that only holds out validation data."""
    found = []
    fix = "split first, then resample only the training split"
    for code in repo.codes:
        calls = code.method_calls(("fit_resample", "fit_sample"))
        splits = split_calls(code) if calls else []
        oversamplers = code.bound_to(lambda name: bool(_OVERSAMPLERS.match(name))) if calls else ()
        for unit, call in calls if splits else ():
            statement = code.assignment_of(unit, call)
            if statement is None:
                continue
            where = (unit.cell or 0, call.lineno)
            derived: dict[str, Place] = {}
            for target in statement.targets:
                for name in _bound_names(target):
                    for bound, place in derived_names(code, name, where).items():
                        derived[bound] = min(place, derived.get(bound, place))
            split = next((s for s in splits if where < s.place and cuts(s, derived)), None)
            if split is None:
                continue
            receiver = call.func.value  # type: ignore[attr-defined]
            direct = code.resolve(receiver.func) if isinstance(receiver, ast.Call) else ""
            owner = terminal(receiver) or ""
            over = owner in oversamplers or bool(_OVERSAMPLERS.match(direct))
            over |= bool(_OVERSAMPLER_WORDS.search(owner))
            certain = over and split.makes_test
            found.append(Finding("resample-before-split", unit, call.lineno, fix, certain))
    return found


_CURVES = frozenset({"precision_recall_curve", "roc_curve", "det_curve"})
_PEAKS = frozenset({"argmax", "argmin", "nanargmax", "nanargmin", "idxmax", "idxmin"})


def threshold_on_test(repo: Repo) -> list[Finding]:
    """A decision threshold taken where a curve of the test split peaks
    (``_, _, thresholds = precision_recall_curve(y_test, p)``, ``t = thresholds[np.argmax(f1)]``)
    and then compared with scores, or returned by a function named for searching one that is
    given the test split's scores (``t, f1 = find_optimal_threshold(y_test, p, grid)``) and then
    used: tuned on the data its score is read from. A warning: the comparison may score other
    data, and a threshold only printed selects nothing."""
    found = []
    fix = "choose the threshold on a validation split (or cross-validation), not the test split"
    for code in repo.codes:
        for unit, line in _searched_on_test(code):
            found.append(Finding("threshold-on-test", unit, line, fix, False))
        curves = _test_curve_thresholds(code)
        if not curves:
            continue
        peaks = {
            name
            for _, _, node in each([code], ast.Assign)
            if _peak(node.value)
            for target in node.targets
            for name in _bound_names(target)
        }
        chosen: dict[str, tuple[SourceUnit, int, Place]] = {}
        for _, unit, node in each([code], ast.Assign):
            value = node.value
            if not (isinstance(value, ast.Subscript) and isinstance(value.value, ast.Name)):
                continue
            if value.value.id not in curves:
                continue
            index = set(identifiers(value.slice)) & peaks or _peak(value.slice)
            if not index:
                continue
            for target in node.targets:
                for name in _bound_names(target):
                    chosen[name] = (unit, node.lineno, (unit.cell or 0, node.lineno))
        used = {
            name
            for _, unit, node in each([code], ast.Compare)
            for name in identifiers(node)
            if name in chosen and (unit.cell or 0, node.lineno) > chosen[name][2]
        }
        for name in sorted(used):
            unit, line, _ = chosen[name]
            found.append(Finding("threshold-on-test", unit, line, fix, False))
    return found


_THRESHOLD_WORDS = frozenset({"threshold", "thresh", "cutoff"})
_SEARCH_WORDS = frozenset(
    {"find", "best", "optimal", "optimum", "optimize", "optimise", "tune", "search", "select"}
)
#: Calls that only show a value: a threshold printed or logged selects nothing.
_SHOWING = frozenset({"print", "str", "repr", "format", "info", "debug", "warning", "log"})


def _searches_threshold(call: ast.Call) -> bool:
    """``find_optimal_threshold(...)``, ``best_threshold(...)``: named for choosing one."""
    name = terminal(call.func) or ""
    lowered = name.lower()
    if "thresh" not in lowered and "cutoff" not in lowered:
        return False  # nearly every call: ruled out before splitting its name into words
    words = set(tokens(name))
    return bool(words & _THRESHOLD_WORDS) and bool(words & _SEARCH_WORDS)


def _searched_on_test(code: Code) -> list[tuple[SourceUnit, int]]:
    """(unit, line) of each threshold search given the test split's labels or scores (named
    for it, or assigned straight from an expression that names it: ``p = model(X_test)``)
    whose chosen threshold (the first name it is assigned to) is then compared with scores
    or handed to a call that is not a print."""
    searches = [
        (unit, call) for _, unit, call in each([code], ast.Call) if _searches_threshold(call)
    ]
    if not searches:
        return []
    # Names assigned from the test split, by the function they are assigned in (None at
    # module level): ``y_prob`` of another method says nothing of this one's.
    tested = {
        (scopes[0] if scopes else None, name)
        for _, unit, node in each([code], ast.Assign)
        if split_of(node.value) == "test"
        for scopes in [code.functions_around(unit, node)]
        for target in node.targets
        for name in _bound_names(target)
    }
    chosen: dict[str, tuple[SourceUnit, int, Place]] = {}
    for unit, call in searches:
        given = [*call.args, *(item.value for item in call.keywords)]
        if _given_tuning_split(call):
            continue  # tuned on the validation split, only applied to the test split
        on_test = any(_holds_test(code, unit, call, item, tested) for item in given)
        statement = code.assignment_of(unit, call) if on_test else None
        for target in statement.targets if statement is not None else ():
            first = target.elts[0] if isinstance(target, ast.Tuple) and target.elts else target
            for name in _bound_names(first):
                chosen[name] = (unit, call.lineno, (unit.cell or 0, call.lineno))
    used: set[str] = set()
    for _, unit, node in each([code], ast.Compare, ast.Call):
        place = (unit.cell or 0, node.lineno)
        if isinstance(node, ast.Call):
            if (terminal(node.func) or "") in _SHOWING:
                continue
            read = [*node.args, *(item.value for item in node.keywords)]
            names = {item.id for item in read if isinstance(item, ast.Name)}
        else:
            names = set(identifiers(node))
        used.update(name for name in names & chosen.keys() if place > chosen[name][2])
    searched = {chosen[name][2]: chosen[name][:2] for name in used}
    return [searched[place] for place in sorted(searched)]


def _given_tuning_split(call: ast.Call) -> bool:
    """A threshold search handed both a validation or development split and, by name, the
    test split (``tune(dev_pred_df=dev_preds, test_pred_df=test_preds)``): it tunes on the
    first and applies its pick to the test split, returned beside. ``dev`` counts only here,
    among a search's arguments; elsewhere it names a device as often as a split."""
    tuning = tested = False
    for item in [*call.args, *call.keywords]:
        names = [item.arg] if isinstance(item, ast.keyword) and item.arg else []
        names += identifiers(item.value if isinstance(item, ast.keyword) else item)
        words = {word for name in names for word in tokens(name)}
        tested |= bool(words & _TEST_WORDS)
        tuning |= "dev" in words or any(_names_validation(name) for name in names)
    return tuning and tested


def _holds_test(
    code: Code,
    unit: SourceUnit,
    call: ast.Call,
    item: ast.expr,
    tested: Collection[tuple[ast.AST | None, str]],
) -> bool:
    """``item``, given to ``call``, names the test split or holds it: by the latest plain
    assignment of that name before the call in the call's own function (``p =
    model.predict_proba(X_val)`` holds validation scores whatever another method assigns
    ``p``), else by an assignment from the test split in that function or at module level."""
    if split_of(item) == "test":
        return True
    if not isinstance(item, ast.Name):
        return False
    value = _named_value(code, unit, call, item)
    if value is not None and value is not item:
        return split_of(value) == "test"
    scopes = code.functions_around(unit, call)
    return (scopes[0] if scopes else None, item.id) in tested or (None, item.id) in tested


def _test_curve_thresholds(code: Code) -> set[str]:
    """Names given the thresholds of a curve drawn on the test split."""
    names: set[str] = set()
    for _, unit, call in each([code], ast.Call):
        curve = (code.resolve(call.func) or terminal(call.func) or "").rsplit(".", 1)[-1]
        if curve not in _CURVES or not call.args or split_of(call.args[0]) != "test":
            continue
        statement = code.assignment_of(unit, call)
        if statement is None:
            continue
        for target in statement.targets:
            if isinstance(target, ast.Tuple) and len(target.elts) == 3:
                names.update(_bound_names(target.elts[2]))
    return names


def _peak(expr: ast.expr) -> bool:
    """``np.argmax(f1)``, ``f1.argmax()``, ``scores.idxmax()`` somewhere in ``expr``."""
    return any(
        isinstance(node, ast.Call) and (terminal(node.func) or "") in _PEAKS
        for node in breadth_first(expr)
    )


Place = tuple[int, int]  # (cell, line)

#: Searches that choose a model's form by fitting candidates to the data they are given:
#: pmdarima picks (p, d, q) and the seasonal orders by AIC over the whole series it gets.
_ORDER_SEARCHES = frozenset({"pmdarima.auto_arima", "pmdarima.arima.auto_arima"})


def _searches_orders(code: Code, call: ast.Call) -> bool:
    return bool(call.args) and code.resolve(call.func) in _ORDER_SEARCHES


def searched_before_split(repo: Repo) -> list[Finding]:
    """``auto_arima(series)`` on a series that is split into train and test afterwards: the
    orders are chosen with the test period in view, so the test score flatters them. A
    warning: on a long series the choice may not move."""
    found = []
    fix = "search the orders on the training part only"
    for code in repo.codes:
        searches = _calls(code, _searches_orders)
        splits = split_calls(code) + _slice_splits(code) if searches else []
        for unit, call in searches if splits else ():
            data = _data_name(call.args[0])
            if data is None or split_of(call.args[0]) is not None:
                continue
            where = (unit.cell or 0, call.lineno)
            derived = derived_names(code, data, where)
            if any(where < split.place and cuts(split, derived) for split in splits):
                found.append(Finding("search-before-split", unit, call.lineno, fix, False))
    return found


#: The statistics data is standardised with: ``np.mean(x, axis=0)``, ``x.std()``.
_STATISTICS = frozenset({"mean", "std", "nanmean", "nanstd"})


def normalized_before_split(repo: Repo) -> list[Finding]:
    """Data standardised by hand with statistics of every row (``(x - np.mean(x, axis=0)) /
    np.std(x, axis=0)``), then split into train and test: the test rows' values shaped the
    training data. A warning: read from names, and the leak is often small."""
    found = []
    for code in repo.codes:
        normalized = _standardised(code)
        splits = split_calls(code) + _slice_splits(code) + _folds(code) if normalized else []
        for unit, node, data in normalized if splits else ():
            where = (unit.cell or 0, node.lineno - 1)
            derived = derived_names(code, data, where)
            split = next(
                (
                    s
                    for s in splits
                    if where < s.place
                    and (s.makes_test or s.folds)
                    and cuts(s, derived)  # the cheap question first: most splits cut none
                    and cuts(s, _still_held(code, unit, node, derived, s.place))
                ),
                None,
            )
            if split is not None:
                fix = (
                    "take mean and std inside each fold, of its training rows"
                    if split.folds
                    else "split first, then take mean and std of the training split"
                )
                found.append(Finding("normalized-before-split", unit, node.lineno, fix, False))
    return found


def _still_held(
    code: Code, unit: SourceUnit, made: ast.AST, derived: dict[str, Place], until: Place
) -> dict[str, Place]:
    """The names of ``derived`` that still hold the standardised data at ``until``: not a
    name read afresh in between from data that is not derived (``X = (X - X.mean()) /
    X.std()`` for a regression's p-values, then ``X = movies.loc[:, cols]`` again before the
    split). Only a plain ``name = ...`` in the same function (or at module level) counts:
    ``X[cols] = ...`` changes part of what the name holds."""
    scope = next(iter(code.functions_around(unit, made)), None)
    start = (unit.cell or 0, getattr(made, "lineno", 0))
    held = dict(derived)
    for _, other, node in each([code], ast.Assign):
        if other is not unit:
            continue
        place = (other.cell or 0, node.lineno)
        if not start < place < until:
            continue
        if next(iter(code.functions_around(other, node)), None) is not scope:
            continue
        earlier = {name for name, taken in derived.items() if taken < place}
        if set(identifiers(node.value)) & earlier:
            continue
        for target in node.targets:
            names = target.elts if isinstance(target, (ast.Tuple, ast.List)) else [target]
            for item in names:
                if isinstance(item, ast.Name) and derived.get(item.id, until) < place:
                    held.pop(item.id, None)
    return held


def _standardised(code: Code) -> list[tuple[SourceUnit, ast.Assign, str]]:
    """Assignments whose value subtracts from (or divides) data a statistic of all its rows,
    taken in place or earlier into a name: ``z = (x - mean) / std`` after ``mean = x.mean(0)``.
    Few programs take one: the arithmetic is read only where they do."""
    taken = _calls(
        code,
        lambda code, call: (
            terminal(call.func) in _STATISTICS and _statistic_of(code, call) is not None
        ),
    )
    if not taken:
        return []
    named: dict[tuple[str, str], tuple[Place, str]] = {}
    for unit, call in taken:
        # ``mean, std = x.mean(0), x.std(0)`` names each statistic as two lines would.
        statement = code.assignment_of(unit, call) or next(
            iter(code.around(unit, call, ast.Assign)), None
        )
        for target, value in assigned_pairs(statement) if statement is not None else ():
            if value is call and isinstance(target, ast.Name):
                of = _statistic_of(code, call) or ""
                named[(unit.path, target.id)] = ((unit.cell or 0, call.lineno), of)
    found: dict[int, tuple[SourceUnit, ast.Assign, str]] = {}
    for _, unit, op in each([code], ast.BinOp):
        if not isinstance(op.op, (ast.Sub, ast.Div)):
            continue
        where = (unit.cell or 0, op.lineno)
        data = _statistic_in(code, op.right, unit.path, where, named)
        if data is None or data not in identifiers(op.left):
            continue
        statement = next(iter(code.around(unit, op, ast.Assign)), None)
        if statement is not None and not _reduced(code, unit, op, statement):
            found.setdefault(id(statement), (unit, statement, data))
    return list(found.values())


#: Calls that fold the deviations into one number: a spread (``np.sum((y - y.mean()) ** 2)``,
#: the total sum of squares of an R²), not data standardised row by row.
_REDUCTIONS = frozenset({"sum", "nansum", "mean", "nanmean", "var", "nanvar", "average", "norm"})


def _reduced(code: Code, unit: SourceUnit, op: ast.BinOp, statement: ast.Assign) -> bool:
    """``op`` sits, within ``statement``, in a call that reduces it to a number: as an
    argument (``np.sum(...)``) or as the object of a method (``(...).sum()``)."""
    return any(
        contains(statement, call) and (terminal(call.func) or "") in _REDUCTIONS
        for call in code.around(unit, op, ast.Call)
    )


def _statistic_in(
    code: Code,
    expr: ast.expr,
    path: str,
    where: Place,
    named: dict[tuple[str, str], tuple[Place, str]],
) -> str | None:
    """The data whose statistic ``expr`` holds: in place, or through a name taken before."""
    for node in breadth_first(expr):
        data = _statistic_of(code, node)
        if data is None and isinstance(node, ast.Name) and (path, node.id) in named:
            place, of = named[(path, node.id)]
            data = of if place < where else None
        if data is not None:
            return data
    return None


def _statistic_of(code: Code, node: ast.AST) -> str | None:
    """``x`` of ``np.mean(x, axis=0)``, ``x.std()`` or ``x.mean(dim=0)``: a statistic over
    the rows (no axis, or one that includes the first); ``axis=1`` is each row's own."""
    if not isinstance(node, ast.Call):
        return None
    name = code.resolve(node.func) or ""
    if name.startswith("numpy.") and name[6:] in _STATISTICS and node.args:
        data, axis = node.args[0], node.args[1] if len(node.args) > 1 else None
    elif not name and method(node) in _STATISTICS:
        data, axis = node.func.value, node.args[0] if node.args else None  # type: ignore[attr-defined]
    else:
        return None
    axis = axis or keyword(node, "axis") or keyword(node, "dim")
    axes = axis.elts if isinstance(axis, ast.Tuple) else [axis] if axis is not None else []
    over_rows = not axes or any(constant_of(one, default="?") == 0 for one in axes)
    of = _data_name(data) if over_rows else None
    return None if of in ("self", "cls") else of  # an attribute's data: too loose to follow


def _data_name(expr: ast.expr) -> str | None:
    """``df`` of ``df``, ``df["sales"]``, ``df.values`` or ``df["sales"].values``: the name
    a subscript or attribute chain starts from."""
    while isinstance(expr, (ast.Subscript, ast.Attribute)):
        expr = expr.value
    return expr.id if isinstance(expr, ast.Name) else None


@dataclass(frozen=True)
class _Split:
    """A ``train_test_split(...)`` call: where, the names passed in, whether it makes a test
    set (``X_train, X_test, ... = ...``)."""

    place: Place
    names: set[str]
    makes_test: bool
    #: Cut by slicing (``scaled[:n]``): read from names, so it warns.
    sliced: bool = False
    #: The names the split returns into (``X_train``, ``X_test``, ...).
    bound: frozenset[str] = frozenset()
    #: Cross-validation (``cross_val_score(model, X, y)``, a search's ``fit``): each fold
    #: holds out rows of what it is handed.
    folds: bool = False


def _split_later(code: Code, fit: _Fit, splits: list[_Split]) -> _Split | None:
    """A scaler's ``X = scaler.fit_transform(X)`` (or ``df[cols] = ...``) on unsplit data, and
    X, or data taken from it (``X = df.drop("y", axis=1)``), split afterwards; or its
    ``scaler.fit(X)`` followed by ``Z = scaler.transform(X)``, Z split afterwards."""
    if not fit.transformer or fit.split:
        return None
    if method(fit.call) == "fit":
        seeds = _transformed_after(code, fit)
    elif method(fit.call) == "fit_transform":
        target = _assigned_name(code, fit.unit, fit.call)
        seeds = []
        if target is not None:
            where = (fit.unit.cell or 0, fit.call.lineno)
            seeds.append((target, where, _local_span(code, fit.unit, fit.call, target)))
        seeds += _returned_into(code, fit, target)
    else:
        return None
    for name, where, span in seeds:
        derived = derived_names(code, name, where)
        split = next(
            (
                s
                for s in splits
                if where < s.place and (span is None or s.place <= span) and cuts(s, derived)
            ),
            None,
        )
        if split is not None:
            return split
    return None


def _local_span(code: Code, unit: SourceUnit, node: ast.AST, name: str) -> Place | None:
    """Where the function ends that makes ``name`` a local by assigning it at ``node``, or
    None at module level (or under ``global name``): a split after that end splits another
    function's ``X``, not this one's (``top_words()`` fits on every text and lists words,
    ``confusion()`` splits its own ``X`` first)."""
    holders = code.around(unit, node, ast.FunctionDef, ast.AsyncFunctionDef)
    if not holders:
        return None
    function = holders[0]
    if any(isinstance(n, ast.Global) and name in n.names for n in breadth_first(function)):
        return None
    return (unit.cell or 0, function.end_lineno or function.lineno)


def _transformed_after(code: Code, fit: _Fit) -> list[tuple[str, Place, Place | None]]:
    """Names assigned, after ``owner.fit(X)``, from ``owner.transform(...)`` of X or of data
    named like it (``features`` of ``features = vectorizer.transform(texts)``), or from X cut
    to the columns a fitted selector chose (``X = X[rfecv.get_feature_names_out()]``). Data of other
    names (a second corpus) is not read as what the fit saw; nor is a fit on part of the data
    (``scaler.fit(prices[:800])``, the training rows), which is the right order."""
    if not _whole_data(fit.call.args[0]):
        return []
    fitted = set(identifiers(fit.call.args[0]))
    start = (fit.unit.cell or 0, fit.call.lineno)
    # ``best = SelectKBest(k=5).fit(X, y)``: fit returns the estimator, kept under that name.
    owners = {fit.owner, _assigned_name(code, fit.unit, fit.call)} - {None}
    found = []
    chosen: set[str] = set()  # names holding the columns a selector chose
    for _, unit, node in each([code], ast.Assign):
        where = (unit.cell or 0, node.lineno)
        if where <= start:
            continue
        value = node.value
        if _chooses(value, owners, chosen):
            chosen.update(name for t in node.targets for name in _bound_names(t) if name)
            # X = X[rfecv.get_feature_names_out()]: the data cut to the columns chosen.
            kept = isinstance(value, ast.Subscript) and bool(fitted & set(identifiers(value.value)))
        else:
            kept = (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Attribute)
                and value.func.attr == "transform"
                and terminal(value.func.value) in owners
                and bool(value.args)
                and bool(fitted & set(identifiers(value.args[0])))
            )
        if kept:
            found += [
                (name, where, _local_span(code, unit, node, name))
                for t in node.targets
                for name in _bound_names(t)
            ]
    return found


#: What a fitted feature selector tells of the columns it chose.
_CHOICES = frozenset({"get_feature_names_out", "get_support", "support_"})


def _chooses(value: ast.expr, owners: Container[str | None], chosen: set[str]) -> bool:
    """``X[rfecv.get_feature_names_out()]``, ``X.columns[rfecv.support_]``, or a value made
    of names holding such a choice: the columns the selector (one of ``owners``) chose."""
    for node in ast.walk(value):
        if isinstance(node, ast.Attribute) and node.attr in _CHOICES:
            if terminal(node.value) in owners:
                return True
        elif isinstance(node, ast.Name) and node.id in chosen:
            return True
    return False


def _column_parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    """The parameters whose default is a string (``text_column="text"``): a column's name,
    not a mask or a slice of rows."""
    arguments = function.args
    positional = [*arguments.posonlyargs, *arguments.args]
    pairs = [
        *zip(
            positional[len(positional) - len(arguments.defaults) :], arguments.defaults, strict=True
        ),
        *zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True),
    ]
    named = frozenset(
        a.arg for a in (*positional, *arguments.kwonlyargs) if set(tokens(a.arg)) & _COLUMN_WORDS
    )
    return named | frozenset(
        a.arg for a, d in pairs if isinstance(d, ast.Constant) and isinstance(d.value, str)
    )


#: Words of a parameter's name that say it lists columns (``features``, ``num_cols``): the
#: frame indexed by it is every row of those columns, not a selection of rows. A singular
#: ``text_column`` with no string default is left alone, as a mask may come that way.
_COLUMN_WORDS = frozenset({"features", "columns", "cols", "fields"})


def _whole_data(expr: ast.expr, columns: frozenset[str] = frozenset()) -> bool:
    """``texts``, ``frame.text``, ``frame["text"].values``, ``frame[text_column]`` (a
    parameter of ``columns``, named with a string): a data set or its columns, not a slice or
    a selection of its rows. Read down the chain in a loop: ``frame.a.b...`` needs no
    parentheses, so it can be deeper than Python's recursion limit."""
    while not isinstance(expr, ast.Name):
        if isinstance(expr, ast.Subscript):
            index = expr.slice
            keys = index.elts if isinstance(index, (ast.List, ast.Tuple)) else [index]
            if not all(
                (isinstance(c, ast.Constant) and isinstance(c.value, str))
                or (isinstance(c, ast.Name) and c.id in columns)
                for c in keys
            ):
                return False
        elif not isinstance(expr, ast.Attribute):
            return False
        expr = expr.value
    return True


def _returned_into(
    code: Code, fit: _Fit, target: str | None
) -> list[tuple[str, Place, Place | None]]:
    """Names the scaled data is returned into by a function that fits the scaler and returns
    what it scaled (``return scaled``, ``return scaler, scaled``, ``return
    scaler.fit_transform(x)``): ``series`` of a later ``series = prep.prepare(frame)`` in the
    same module, with where it is assigned and the end of the function holding that."""
    holders = code.around(fit.unit, fit.call, ast.FunctionDef, ast.AsyncFunctionDef)
    function = holders[0] if holders else None
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) or not any(
        isinstance(node, ast.Return)
        and node.value is not None
        and (node.value is fit.call or _returns_name(node.value, target))
        for node in ast.walk(function)
    ):
        return []
    end = (fit.unit.cell or 0, function.end_lineno or function.lineno)
    found = []
    for _, unit, node in each([code], ast.Assign):
        where = (unit.cell or 0, node.lineno)
        if where > end and any(
            isinstance(call, ast.Call) and terminal(call.func) == function.name
            for call in breadth_first(node.value)
        ):
            found += [
                (name, where, _local_span(code, unit, node, name))
                for t in node.targets
                for name in _bound_names(t)
            ]
    return found


def _returns_name(value: ast.expr, target: str | None) -> bool:
    """``return scaled`` or ``return vectorizer, scaled``: the scaled data handed back."""
    items = value.elts if isinstance(value, ast.Tuple) else [value]
    return any(isinstance(item, ast.Name) and item.id == target for item in items)


def derived_names(code: Code, name: str, start: Place) -> dict[str, Place]:
    """``name`` and the names assigned from it (or from those) after ``start``, in order, each
    with where it first took the data."""
    derived = {name: start}
    assignments = sorted(
        (
            ((unit.cell or 0, node.lineno), node)
            for _, unit, node in each([code], ast.Assign)
            if (unit.cell or 0, node.lineno) > start
        ),
        key=lambda item: item[0],
    )
    for where, node in assignments:
        if set(identifiers(node.value)) & derived.keys():
            for target in node.targets:
                for bound in _bound_names(target):
                    derived.setdefault(bound, where)
    return derived


def cuts(split: _Split, derived: dict[str, Place]) -> bool:
    """The split comes after a name it is given took the data: a name that takes it only
    later (``X_train`` reused for selected features after ``X_train`` was split) was split
    holding other data."""
    return any(derived[name] < split.place for name in split.names & derived.keys())


def _bound_names(target: ast.expr) -> Iterator[str]:
    """``X`` of ``X = ...``, ``X[cols] = ...``, ``X, y = ...``; not the ``cols`` index."""
    if isinstance(target, (ast.Tuple, ast.List)):
        for item in target.elts:
            yield from _bound_names(item)
    elif isinstance(target, ast.Starred):
        yield from _bound_names(target.value)
    elif (name := _data_name(target)) is not None:
        yield name


def split_calls(code: Code) -> list[_Split]:
    """``train_test_split(...)`` calls: (cell, line), the names passed in, and whether one of
    the names it returns into is a test split."""
    return _splits_by(
        code,
        lambda call: (code.resolve(call.func) or terminal(call.func) or "").endswith(
            "train_test_split"
        ),
    )


def _splits_by(code: Code, splits: Callable[[ast.Call], bool]) -> list[_Split]:
    """The calls ``splits`` accepts, each read as a split: where, the names passed in, the
    names it returns into, and whether one of those is a test split."""
    found = []
    for _, unit, call in each([code], ast.Call):
        if not splits(call):
            continue
        names = {n.id for a in call.args for n in breadth_first(a) if isinstance(n, ast.Name)}
        statement = code.assignment_of(unit, call)
        bound = frozenset(
            name
            for target in (statement.targets if statement is not None else ())
            for name in _bound_names(target)
        )
        makes_test = any(split_of(ast.Name(name)) == "test" for name in bound)
        found.append(_Split((unit.cell or 0, call.lineno), names, makes_test, bound=bound))
    return found


#: scikit-learn's cross-validation helpers, handed the model, X and y: each fits copies of
#: the model, one per fold.
_CROSS_VALIDATION = frozenset(
    {"cross_val_score", "cross_val_predict", "cross_validate", "learning_curve"}
    | {"validation_curve", "permutation_test_score"}
)


def cross_validates(name: str) -> bool:
    """Whether a resolved callee is one of scikit-learn's cross-validation helpers."""
    head, _, last = name.rpartition(".")
    return head.startswith("sklearn.model_selection") and last in _CROSS_VALIDATION


#: scikit-learn's searches, whose fit(X, y) cross-validates each candidate.
_SEARCHES = compile_on_use(
    r"^sklearn\.model_selection(\.\w+)*\.(GridSearchCV|RandomizedSearchCV|HalvingGridSearchCV"
    r"|HalvingRandomSearchCV)$"
)


#: scikit-learn's cross-validation splitters, whose ``split(X)`` yields each fold's indices.
_CV_SPLITTERS = compile_on_use(
    r"^sklearn\.model_selection(\.\w+)*\.(KFold|StratifiedKFold|GroupKFold|StratifiedGroupKFold"
    r"|RepeatedKFold|RepeatedStratifiedKFold|ShuffleSplit|StratifiedShuffleSplit"
    r"|GroupShuffleSplit|TimeSeriesSplit|LeaveOneOut|LeavePOut|LeaveOneGroupOut)$"
)


def _folds(code: Code) -> list[_Split]:
    """Cross-validation of what it is handed: ``cross_val_score(model, X, y, cv=5)`` (X is
    its second argument), a search's ``search.fit(X, y)`` and a splitter's ``kf.split(X)``.
    Each fold's held-out rows are rows of X: a preprocessor fitted on X before saw them."""
    found = []
    searches = code.bound_to(lambda name: bool(_SEARCHES.match(name)))
    splitters = code.bound_to(lambda name: bool(_CV_SPLITTERS.match(name)))
    for _, unit, call in each([code], ast.Call):
        data: ast.expr | None = None
        if cross_validates(code.resolve(call.func)):
            data = call.args[1] if len(call.args) > 1 else keyword(call, "X")
        elif method(call) == "fit" and call.args:
            receiver = call.func.value  # type: ignore[attr-defined]
            built = code.resolve(receiver.func) if isinstance(receiver, ast.Call) else ""
            if terminal(receiver) in searches or _SEARCHES.match(built):
                data = call.args[0]
        elif method(call) == "split" and call.args:
            receiver = call.func.value  # type: ignore[attr-defined]
            built = code.resolve(receiver.func) if isinstance(receiver, ast.Call) else ""
            if terminal(receiver) in splitters or _CV_SPLITTERS.match(built):
                data = call.args[0]
        if data is None:
            continue
        names = {n.id for n in breadth_first(data) if isinstance(n, ast.Name)}
        found.append(_Split((unit.cell or 0, call.lineno), names, makes_test=False, folds=True))
    return found


def _slice_splits(code: Code) -> list[_Split]:
    """A series cut by slicing into a part named for training and one named for testing
    (``train = scaled[:n]``, ``test = scaled[n:]``): the split of a time series. A test part
    alone is not one: the last window cut out to forecast from is named ``test_data`` too.
    Training and validation parts alone (``X_train, X_val = X[:n], X[n:]``) hold out
    validation data only."""
    parts: dict[str, dict[str, Place]] = {}
    for _, unit, node in each([code], ast.Assign):
        for target, value in assigned_pairs(node):
            split = split_of(target)
            base = _sliced_name(value)
            if split is not None and base is not None:
                parts.setdefault(base, {}).setdefault(split, (unit.cell or 0, node.lineno))
    return [
        _Split(where[held], {base}, makes_test=held == "test", sliced=True)
        for base, where in parts.items()
        if "train" in where
        for held in ("test" if "test" in where else "val",)
        if held in where
    ]


def assigned_pairs(node: ast.Assign) -> Iterator[tuple[ast.expr, ast.expr]]:
    """Each target with its value: ``a, b = x[:n], x[n:]`` pairs them up."""
    if len(node.targets) != 1:
        return
    target, value = node.targets[0], node.value
    if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
        if len(target.elts) == len(value.elts):
            yield from zip(target.elts, value.elts, strict=True)
    elif isinstance(target, ast.Name):
        yield target, value


def _sliced_name(value: ast.expr) -> str | None:
    """``x`` of ``x[a:b]``, ``x[a:b, :]`` or ``x.iloc[a:b]`` (a table's rows by position)."""
    if not isinstance(value, ast.Subscript):
        return None
    sliced = value.value
    if isinstance(sliced, ast.Attribute) and sliced.attr == "iloc":
        sliced = sliced.value
    if not isinstance(sliced, ast.Name):
        return None
    index = value.slice
    first = index.elts[0] if isinstance(index, ast.Tuple) and index.elts else index
    return sliced.id if isinstance(first, ast.Slice) else None


#: Calls that wrap an array back into a table, or a table into an array, keeping its rows.
_REWRAPS = frozenset(
    {"pandas.DataFrame", "pandas.Series", "numpy.array", "numpy.asarray", "torch.tensor"}
)


def _assigned_name(code: Code, unit: SourceUnit, call: ast.Call) -> str | None:
    """``X`` in ``X = f(...)``, ``X[cols] = f(...)`` or ``X = pd.DataFrame(f(...), ...)``."""
    statement = code.assignment_of(unit, call)
    if statement is None:
        statement = next(
            (
                assign
                for assign in code.inside(unit, None, ast.Assign)
                if isinstance(assign.value, ast.Call)
                and assign.value.args[:1] == [call]
                and code.resolve(assign.value.func) in _REWRAPS
            ),
            None,
        )
    if statement is None or len(statement.targets) != 1:
        return None
    return _data_name(statement.targets[0])


# ---------------------------------------------------------------------------- shared subsets

#: A dataset's attributes that say how its items are prepared.
_TRANSFORM_ATTRIBUTES = frozenset({"transform", "transforms", "target_transform"})

#: An assignment of a program, where it runs: (cell or 0, line), its unit, the node.
_Placed = tuple[tuple[int, int], SourceUnit, ast.Assign]


def _assigns_in_order(code: Code) -> list[_Placed]:
    placed = [
        ((unit.cell or 0, node.lineno), unit, node)
        for unit in code.units
        for node in unit.of_type(ast.Assign)
    ]
    return sorted(placed, key=lambda item: item[0])


def _random_split_source(code: Code, node: ast.Assign) -> ast.expr | None:
    """The dataset ``a, b = random_split(data, ...)`` splits, if ``node`` is that."""
    value = node.value
    if not isinstance(value, ast.Call) or not value.args or len(node.targets) != 1:
        return None
    if not isinstance(node.targets[0], (ast.Tuple, ast.List)):
        return None
    name = code.resolve(value.func)
    called = name.rpartition(".")[2] if name else terminal(value.func)
    return value.args[0] if called == "random_split" else None


def _owner(target: ast.expr, attributes: frozenset[str]) -> ast.expr | None:
    """``x`` of ``x.attr`` for an ``attr`` of ``attributes``."""
    if isinstance(target, ast.Attribute) and target.attr in attributes:
        return target.value
    return None


def _subset_of(node: ast.Assign) -> str | None:
    """``n`` of ``n.dataset.transform = ...``: a subset's transform set on its dataset."""
    if len(node.targets) != 1:
        return None
    dataset = _owner(node.targets[0], _TRANSFORM_ATTRIBUTES)
    subset = _owner(dataset, frozenset({"dataset"})) if dataset is not None else None
    return subset.id if isinstance(subset, ast.Name) else None


def _built_with_transform(
    assigns: list[_Placed], source: ast.expr, before: tuple[int, int]
) -> bool:
    """Whether the last binding of ``source`` before ``before`` passed a ``transform=``."""
    if not isinstance(source, ast.Name):
        return False
    built = None
    for position, _, node in assigns:
        if position >= before:
            break
        if any(isinstance(t, ast.Name) and t.id == source.id for t in node.targets):
            built = node.value
    given = keyword(built, "transform") if isinstance(built, ast.Call) else None
    return given is not None and not (isinstance(given, ast.Constant) and given.value is None)


def transform_shared(repo: Repo) -> list[Finding]:
    """``train, val = random_split(data, ...)`` then ``val.dataset.transform = plain``: both
    subsets index the one dataset, so the training subset gets the plain transform too and
    loses its augmentation. Certain where the split dataset was built with a ``transform=``
    (the one lost); a warning otherwise. A subset given a dataset of its own first
    (``val.dataset = copy.deepcopy(...)``) shares nothing."""
    found = []
    fix = "the other split shares this dataset: its transform too"
    for code in repo.torch_codes:
        if not code.mentions("random_split"):
            continue  # most programs split nothing: their assignments go unread
        assigns = _assigns_in_order(code)
        splits: dict[str, tuple[tuple[int, int], ast.expr]] = {}
        for position, unit, node in assigns:
            source = _random_split_source(code, node)
            if source is not None:
                splits.update((name, (position, source)) for name in identifiers(node.targets[0]))
                continue
            own = _owner(node.targets[0], frozenset({"dataset"}))
            if isinstance(own, ast.Name):
                splits.pop(own.id, None)  # a dataset of its own now
                continue
            subset = _subset_of(node)
            if subset in splits:
                split_at, split = splits[subset]
                certain = _built_with_transform(assigns, split, split_at)
                found.append(Finding("transform-shared", unit, node.lineno, fix, certain))
    return found
