"""What a call does to a random number generator: draw from it, or seed it.

Names are matched by what they resolve to through the program's imports, so ``npr.rand`` after
``from numpy import random as npr`` is ``numpy.random.rand``. Each library has its own notion
of a seeded draw: ``random_state=0``, ``generator=g``, ``default_rng(seed)``, a stateless op.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from repocheck.analysis.implicit_draws import (
    Implicit,
    implicit_draw,
    is_sb3_algorithm,
    is_tabular_synthesizer,
    keras_draws_in_training,
)
from repocheck.analysis.imports import Call, Program, constant_of, has_star_kwargs, keyword
from repocheck.analysis.kwargs_dicts import may_carry
from repocheck.analysis.seed_sources import (
    drawn_name,
    from_entropy,
    only_seeds_with,
    salted_seed,
    switched_off,
)
from repocheck.analysis.torch_libraries import torch_equivalent, torchmeta_loader_shuffles
from repocheck.patterns import compile_on_use

LIBRARIES = {
    "torch": "PyTorch",
    "numpy": "NumPy",
    "random": "Python's random",
    "sklearn": "scikit-learn",
    "imblearn": "imbalanced-learn",
    "tensorflow": "TensorFlow",
    "jax": "JAX",
    "optuna": "Optuna",
    "bayes_opt": "bayesian-optimization",
    "pykeen": "PyKEEN",
    "deepxde": "DeepXDE",
    "gym": "Gym's action space",
}
#: Seeding numpy's global state also seeds scikit-learn estimators left at random_state=None,
#: and imbalanced-learn's samplers, which take their generator the same way.
_NUMPY_GLOBAL = frozenset({"numpy", "sklearn", "imblearn"})
_EVERY_PYTHON_RNG = frozenset({"torch", "random"}) | _NUMPY_GLOBAL
#: What Python's own ``random.seed`` seeds.
_PYTHON_RANDOM = frozenset({"random"})
SEEDERS: dict[str, frozenset[str]] = {
    "torch.manual_seed": frozenset({"torch"}),
    "torch.random.manual_seed": frozenset({"torch"}),
    "torch.cuda.manual_seed": frozenset({"torch"}),
    "torch.cuda.manual_seed_all": frozenset({"torch"}),
    "random.seed": _PYTHON_RANDOM,
    "numpy.random.seed": _NUMPY_GLOBAL,
    "tensorflow.random.set_seed": frozenset({"tensorflow"}),
    "tensorflow.set_random_seed": frozenset({"tensorflow"}),
    "tensorflow.compat.v1.set_random_seed": frozenset({"tensorflow"}),
    "tensorflow.compat.v1.random.set_random_seed": frozenset({"tensorflow"}),
    "keras.utils.set_random_seed": _NUMPY_GLOBAL | {"random", "tensorflow"},
    "tensorflow.keras.utils.set_random_seed": _NUMPY_GLOBAL | {"random", "tensorflow"},
}
#: Seeders re-exported from many modules: matched by package and function name.
SEEDERS_BY_PACKAGE: dict[tuple[str, str], frozenset[str]] = {
    ("lightning", "seed_everything"): _EVERY_PYTHON_RNG,
    ("pytorch_lightning", "seed_everything"): _EVERY_PYTHON_RNG,
    ("lightning_fabric", "seed_everything"): _EVERY_PYTHON_RNG,
    ("accelerate", "set_seed"): _EVERY_PYTHON_RNG,
    ("transformers", "set_seed"): _EVERY_PYTHON_RNG | {"tensorflow"},
    ("transformers", "enable_full_determinism"): _EVERY_PYTHON_RNG | {"tensorflow"},
    # stable_baselines3.common.utils.set_random_seed(seed): random, numpy and torch at once.
    ("stable_baselines3", "set_random_seed"): _EVERY_PYTHON_RNG,
    # deepxde.config.set_random_seed(seed): random, numpy and the backend DeepXDE runs on.
    ("deepxde", "set_random_seed"): _EVERY_PYTHON_RNG | {"tensorflow", "deepxde"},
    # monai.utils.set_determinism(seed=0): torch, numpy and random (seed=None turns it off).
    ("monai", "set_determinism"): _EVERY_PYTHON_RNG,
    # fastai.torch_core.set_seed(s): random, numpy and torch.
    ("fastai", "set_seed"): _EVERY_PYTHON_RNG,
    # momentfm.utils.utils.control_randomness(seed=13): random, numpy and torch (MOMENT's).
    ("momentfm", "control_randomness"): _EVERY_PYTHON_RNG,
}
#: Seeders whose seed has a default: called without one, they still seed.
_SEEDED_BY_DEFAULT = frozenset({("monai", "set_determinism"), ("momentfm", "control_randomness")})
#: Backends a DeepXDE network draws its weights from: seeding one seeds the network.
_DEEPXDE_BACKENDS = frozenset({"torch", "tensorflow"})
#: Packages with a ``random`` module of their own (``numpy.random``, ``torch.random``): in any
#: other package, ``pkg.mod.random`` is Python's random, which ``pkg.mod`` imported and an
#: editor's auto-import found there (``from torchvision.transforms.transforms import random``).
_OWN_RANDOM_MODULE = frozenset(
    {"numpy", "torch", "tensorflow", "jax", "jaxlib", "keras", "cupy", "mxnet", "paddle"}
    | {"mindspore", "oneflow", "chainer", "dask", "tf_keras", "scipy"}
)
#: Classes whose construction seeds every generator with a seed they always have: the
#: Hugging Face Trainer calls set_seed(args.seed) (42 unless told otherwise) in __init__.
SEEDING_CONSTRUCTORS: dict[tuple[str, str], frozenset[str]] = {
    ("transformers", "Trainer"): _EVERY_PYTHON_RNG,
    ("transformers", "Seq2SeqTrainer"): _EVERY_PYTHON_RNG,
    ("trl", "SFTTrainer"): _EVERY_PYTHON_RNG,
}
#: ClearML's ``Task.init`` (and that of trains, its former name) calls
#: ``make_deterministic(task.get_random_seed())``: Python's random, NumPy, and torch and
#: TensorFlow when imported, seeded with 1337 unless ``Task.set_random_seed`` says otherwise.
_TASK_PACKAGES = frozenset({"clearml", "trains"})
#: Context managers that save torch's generator state and restore it on exit.
_FORKS = frozenset({"torch.random.fork_rng"})
TORCH_SAMPLERS = frozenset(
    {"rand", "randn", "randint", "randperm", "normal", "bernoulli", "multinomial"}
    | {"poisson", "rand_like", "randn_like", "randint_like"}
)
#: torch.nn.init's initialisers that sample (with their deprecated names without "_" and the
#: private ones they call). The rest of the module fills constants (``zeros_``, ``eye_``) or
#: does arithmetic (``calculate_gain``, ``_calculate_fan_in_and_fan_out``): no draw.
_SAMPLED_INITS = ("uniform", "normal", "trunc_normal", "xavier_uniform", "xavier_normal")
TORCH_DRAWING_INIT = frozenset(
    name
    for base in (*_SAMPLED_INITS, "kaiming_uniform", "kaiming_normal", "orthogonal", "sparse")
    for name in (base, f"{base}_", f"_no_grad_{base}_")
)
TORCH_RANDOM_DATA = frozenset(
    {"random_split", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler"}
)
#: Built now, drawing when iterated: a seed set before the first epoch still seeds them.
TORCH_ITERATION_DRAWS = frozenset(
    {"DataLoader", "RandomSampler", "SubsetRandomSampler", "WeightedRandomSampler"}
)
#: Layers whose default initialisation draws their weights (not ``PReLU``, whose slope
#: starts at the constant 0.25). The lazy ones (``LazyLinear``) draw at the model's first
#: forward, not when built: a seed set before that first batch still seeds them.
TORCH_INITIALISED_LAYERS = frozenset(
    {"Linear", "Bilinear", "LazyLinear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d"}
    | {"ConvTranspose2d", "ConvTranspose3d", "LazyConv1d", "LazyConv2d", "LazyConv3d"}
    | {"Embedding", "EmbeddingBag", "RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"}
    | {"MultiheadAttention", "Transformer", "TransformerEncoderLayer"}
    | {"TransformerDecoderLayer"}
)
#: Calls that only build a generator: drawing happens when the generator is used.
GENERATOR_CONSTRUCTORS = frozenset(
    {"random.Random"} | {f"numpy.random.{name}" for name in ("default_rng", "RandomState")}
)
NUMPY_GENERATORS = frozenset(
    {"default_rng", "RandomState", "SeedSequence", "PCG64", "PCG64DXSM", "MT19937"}
    | {"Philox", "SFC64"}
)
NUMPY_NOT_SAMPLING = frozenset(
    {"get_state", "set_state", "Generator", "BitGenerator", "get_bit_generator"}
    | {"set_bit_generator"}
)
PYTHON_RANDOM_NOT_SAMPLING = frozenset({"SystemRandom", "getstate", "setstate"})
#: scikit-learn callables whose result depends on random_state whenever they are called.
SKLEARN_RANDOM = frozenset(
    {"train_test_split", "ShuffleSplit", "StratifiedShuffleSplit", "GroupShuffleSplit"}
    | {"RepeatedKFold", "RepeatedStratifiedKFold", "RandomForestClassifier"}
    | {"RandomForestRegressor", "ExtraTreesClassifier", "ExtraTreesRegressor"}
    | {"GradientBoostingClassifier", "GradientBoostingRegressor", "IsolationForest"}
    | {"RandomTreesEmbedding", "BaggingClassifier", "BaggingRegressor", "KMeans"}
    | {"MiniBatchKMeans", "MLPClassifier", "MLPRegressor", "SGDClassifier"}
    | {"SGDRegressor", "TruncatedSVD", "shuffle", "resample"}
    # They sample the candidate settings they try: a different search on every run.
    | {"RandomizedSearchCV", "HalvingRandomSearchCV", "ParameterSampler"}
    # sklearn.datasets' generators of toy data draw the points (and shuffle them).
    | {"make_blobs", "make_classification", "make_regression", "make_swiss_roll"}
    | {"make_s_curve", "make_gaussian_quantiles", "make_multilabel_classification"}
    | {"make_hastie_10_2", "make_friedman1", "make_friedman2", "make_friedman3"}
)
#: ... and the two that draw only to add noise or to shuffle (their default).
SKLEARN_NOISY_SHAPES = frozenset({"make_moons", "make_circles"})
#: imbalanced-learn's samplers and ensembles that draw (SMOTE picks neighbours at random);
#: the cleaning ones (TomekLinks, EditedNearestNeighbours, NearMiss) are deterministic.
IMBLEARN_RANDOM = frozenset(
    {"RandomOverSampler", "RandomUnderSampler", "SMOTE", "ADASYN", "BorderlineSMOTE"}
    | {"SVMSMOTE", "KMeansSMOTE", "SMOTENC", "SMOTEN", "SMOTETomek", "SMOTEENN"}
    | {"ClusterCentroids", "BalancedRandomForestClassifier", "BalancedBaggingClassifier"}
    | {"EasyEnsembleClassifier", "RUSBoostClassifier"}
)
#: ... and those that only shuffle when asked to (``shuffle=True``).
SKLEARN_SHUFFLE_OPTIONAL = frozenset({"KFold", "StratifiedKFold", "GroupKFold"})
SKLEARN_RANDOM_SOLVERS = frozenset({"sag", "saga"})
#: Support vector machines that draw only for probability estimates (``probability=True``):
#: Platt scaling is fitted by an internal cross-validation that shuffles from random_state.
SKLEARN_PROBABILITY_SVMS = frozenset({"SVC", "NuSVC"})
#: Clusterers that draw only to pick their starting centres: given an array of centres
#: (``init=vocab``), Lloyd's iterations from them are the same on every run.
SKLEARN_INITIALISED_CLUSTERERS = frozenset({"KMeans"})
#: Gaussian processes that draw only to restart their optimizer (``n_restarts_optimizer=20``:
#: each restart's kernel hyperparameters are drawn from random_state).
SKLEARN_RESTARTED_PROCESSES = frozenset({"GaussianProcessRegressor", "GaussianProcessClassifier"})


@dataclass(frozen=True)
class Use:
    """A call that draws random numbers; ``seeded`` when the call carries its own seed.

    ``when_iterated``: the object built draws when it is iterated or fitted, not now (a
    shuffling DataLoader, a tabular synthesizer, an estimator held in a dict of models);
    ``initialises``: the draw sets a model's initial weights, which loading a state dict
    afterwards replaces; ``training_only``: a module draws it only in training mode
    (a dropout written by hand); ``picks``: it picks items (``random.choice(files)``,
    ``np.random.randint(len(ds))``), which on a path that neither trains nor measures picks
    what to look at; ``fit_only``: it is made in a hook only ``Trainer.fit`` runs (a Lightning
    data module's ``train_dataloader``), which a path that never trains never asks for;
    ``in_worker``: it is made in a worker ``torch.multiprocessing.spawn`` starts, a fresh
    interpreter no seed of the parent's reaches.
    """

    library: str
    call: Call
    seeded: bool
    when_iterated: bool = False
    initialises: bool = False
    training_only: bool = False
    picks: bool = False
    fit_only: bool = False
    in_worker: bool = False


#: Draws that pick items or an index: what a demo or an exploration shows (torch's integers
#: and permutations too: ``torch.randint(0, len(ds), (3,))`` picks three volumes to plot).
PICKS = frozenset(
    {"random.choice", "random.choices", "random.sample", "random.randint", "random.randrange"}
    | {"numpy.random.choice", "numpy.random.randint", "torch.randint", "torch.randperm"}
)


def _is_seed(node: ast.expr | None, program: Program) -> bool:
    """True for a value that fixes a generator: not None, not read from the clock or entropy."""
    if node is None or (isinstance(node, ast.Constant) and node.value is None):
        return False
    return not from_entropy(node, program)


def _seed_arg(node: ast.Call, name: str = "seed") -> ast.expr | None:
    return node.args[0] if node.args else keyword(node, name)


def _truthy(node: ast.expr | None, default: bool) -> bool:
    """Whether an argument is on; anything but a literal False/None/0 counts as on."""
    if node is None:
        return default
    return constant_of(node, default=True) not in (False, None, 0)


def seed_targets(call: Call, program: Program) -> frozenset[str]:
    """The libraries a call seeds, when it is a known seeding call with a real seed that runs
    as the code is written (not behind ``if random_seed:`` with ``random_seed = 0``)."""
    targets = _seeded_by(call, program)
    # Asked only of seeding calls: reading the switches walks the file.
    return frozenset() if targets and _one_edit_away(call, program) else targets


def switched_off_targets(call: Call, program: Program) -> frozenset[str]:
    """The libraries a seeding call would seed, when a switch set off keeps it from running
    or its seed changes on every run: the hash of a string (:func:`salted_seed`) or a name
    drawn at random just before (:func:`drawn_seed`)."""
    targets = _seeded_by(call, program)
    return targets if targets and _one_edit_away(call, program) else frozenset()


def _one_edit_away(call: Call, program: Program) -> bool:
    return switched_off(call) or salted_seed(call, program) or drawn_seed(call, program)


def drawn_seed(call: Call, program: Program) -> bool:
    """A seeding call given a name drawn at random just before and never printed
    (``seed = random.randint(1, 10000)``, then ``torch.manual_seed(seed)``): a new seed on
    every run, which no rerun can repeat."""
    seed = seed_argument(call.node)
    return (
        isinstance(seed, ast.Name)
        and drawn_name(call, seed, program)
        and only_seeds_with(call, seed.id)
    )


def seed_argument(node: ast.Call) -> ast.expr | None:
    """The seed a seeding call is given: its first argument, ``seed=`` or Python's ``a=``."""
    return _seed_arg(node) or keyword(node, "a")


def _seeded_by(call: Call, program: Program) -> frozenset[str]:
    """The libraries a seeding call seeds; a backend's seed seeds DeepXDE's networks too.
    Read once per call site and name: the seeding reading, its switches and the path walk
    each ask it of every call."""
    known: dict[tuple[int, str | None], frozenset[str]]
    known = program.derived.setdefault("seeded by", {})  # type: ignore[assignment]
    key = (id(call.node), call.name)
    found = known.get(key)
    if found is None:
        targets = _seeded_by_call(call, program)
        found = known[key] = targets | {"deepxde"} if targets & _DEEPXDE_BACKENDS else targets
    return found


def _seeded_by_call(call: Call, program: Program) -> frozenset[str]:
    name = call.name or ""
    parts = name.split(".")
    always = SEEDING_CONSTRUCTORS.get((parts[0], parts[-1]))
    if always:
        return always
    if parts[0] in _TASK_PACKAGES and parts[-2:] == ["Task", "init"]:
        seeded = not _task_seed_off(parts[0], program)
        return _EVERY_PYTHON_RNG | {"tensorflow"} if seeded else frozenset()
    if is_sb3_algorithm(name):  # PPO(..., seed=0) calls set_random_seed(0)
        return _EVERY_PYTHON_RNG if _is_seed(keyword(call.node, "seed"), program) else frozenset()
    if parts[0] == "mmengine" and parts[-1] == "Runner":
        return _EVERY_PYTHON_RNG if _runner_seeded(call.node, program) else frozenset()
    if parts[0] == "fastai" and _splits_by_seed(parts):
        # fastai's RandomSplitter calls torch.manual_seed(seed) before it splits.
        return (
            frozenset({"torch"}) if _is_seed(keyword(call.node, "seed"), program) else frozenset()
        )
    targets = (
        SEEDERS.get(name)
        or SEEDERS_BY_PACKAGE.get((parts[0], parts[-1]), frozenset())
        or _python_random_reexported(parts)
    )
    # Python's ``random.seed(a=None)`` names its seed ``a``.
    seed = _seed_arg(call.node, "a" if targets == _PYTHON_RANDOM else "seed")
    defaulted = seed is None and (parts[0], parts[-1]) in _SEEDED_BY_DEFAULT
    if targets and (has_star_kwargs(call.node) or defaulted or _is_seed(seed, program)):
        return targets - _forked_around(call, program)
    return frozenset()


def _splits_by_seed(parts: list[str]) -> bool:
    """fastai's ``RandomSplitter(valid_pct, seed=42)``, and a DataLoaders factory that builds
    one (``ImageDataLoaders.from_name_func(..., valid_pct=0.2, seed=42)``)."""
    if parts[-1] == "RandomSplitter":
        return True
    return len(parts) > 2 and parts[-2].endswith("DataLoaders") and parts[-1].startswith("from_")


def _task_seed_off(package: str, program: Program) -> bool:
    """``Task.set_random_seed(None)`` in the program: its tasks then seed nothing."""
    return any(
        program.resolve(node.func) == f"{package}.Task.set_random_seed"
        and constant_of(node.args[0] if node.args else keyword(node, "random_seed"), 0) is None
        for unit in program.units
        for node in unit.of_type(ast.Call)
    )


def _runner_seeded(node: ast.Call, program: Program) -> bool:
    """``Runner(..., randomness=dict(seed=0))``: MMEngine's runner seeds random, numpy and torch
    in its constructor with the seed it is given (with none, a seed drawn anew on every run);
    settings spread from a config (``Runner(**cfg)``) may carry it, as a seeder's may."""
    randomness = keyword(node, "randomness")
    if isinstance(randomness, ast.Call) and _is_seed(keyword(randomness, "seed"), program):
        return True
    return randomness is None and has_star_kwargs(node)


def _python_random_reexported(parts: list[str]) -> frozenset[str]:
    """``random.seed`` spelled through a library module that imported Python's random."""
    reexported = len(parts) > 2 and parts[-2:] == ["random", "seed"]
    if reexported and parts[0] not in _OWN_RANDOM_MODULE:
        return SEEDERS["random.seed"]
    return frozenset()


def _forked_around(call: Call, program: Program) -> frozenset[str]:
    """Libraries whose global generator a ``with`` block around ``call`` gives back on exit
    (``torch.random.fork_rng()``): a seed inside it seeds that block only."""
    line = call.node.lineno
    for block in call.unit.of_type(ast.With):
        if not block.lineno < line <= (block.end_lineno or block.lineno):
            continue
        for item in block.items:
            manager = item.context_expr
            if isinstance(manager, ast.Call) and program.resolve(manager.func) in _FORKS:
                return frozenset({"torch"})
    return frozenset()


#: Where torch.utils.data's random classes take their generator when it is passed by
#: position: ``random_split(dataset, lengths, generator)``, ``RandomSampler(data_source,
#: replacement, num_samples, generator)``, ... (torch's own samplers take it by keyword only).
_GENERATOR_POSITION = {
    "random_split": 2,
    "RandomSampler": 3,
    "SubsetRandomSampler": 1,
    "WeightedRandomSampler": 3,
    "DataLoader": 12,
}


def _generator_given(node: ast.Call, last: str = "") -> bool:
    generator = keyword(node, "generator")
    position = _GENERATOR_POSITION.get(last)
    if generator is None and position is not None and len(node.args) > position:
        generator = node.args[position]
        if isinstance(generator, ast.Starred):
            return False
    return generator is not None and constant_of(generator, True) is not None


def _torch_draw(name: str, node: ast.Call, program: Program) -> bool | None:
    """None when the call draws nothing; else whether it brings its own seeded generator."""
    last = name.rsplit(".", 1)[-1]
    if name.startswith("torch.nn.init."):
        draws = last in TORCH_DRAWING_INIT
    elif name.startswith("torch.nn.") and last in TORCH_INITIALISED_LAYERS:
        draws = True
    elif name.startswith("torch.utils.data.") and last == "DataLoader":
        shuffle = keyword(node, "shuffle") or (node.args[2] if len(node.args) > 2 else None)
        draws = _truthy(shuffle, default=False)
    elif name.startswith("torch.utils.data."):
        draws = last in TORCH_RANDOM_DATA
    else:
        draws = name.count(".") == 1 and last in TORCH_SAMPLERS
    return _generator_given(node, last) if draws else None


def _shuffles_through_a_loader_helper(call: Call, program: Program) -> bool:
    """``NumpyLoader(train, shuffle=True)``, where the program's ``def NumpyLoader(dataset,
    **kwargs)`` hands its keywords on to torch's DataLoader (the JAX tutorials' loader): the
    shuffle asked for is the DataLoader's."""
    func = call.node.func
    if not isinstance(func, ast.Name) or not _truthy(keyword(call.node, "shuffle"), False):
        return False
    return any(
        _hands_keywords_to_a_loader(node, program)
        for unit in program.units
        for node in unit.of_type(ast.FunctionDef)
        if isinstance(node, ast.FunctionDef) and node.name == func.id
    )


def _hands_keywords_to_a_loader(function: ast.FunctionDef, program: Program) -> bool:
    kwarg = function.args.kwarg
    if kwarg is None:
        return False
    return any(
        isinstance(node, ast.Call)
        and torch_equivalent(program.resolve(node.func) or "") == "torch.utils.data.DataLoader"
        and any(
            item.arg is None and isinstance(item.value, ast.Name) and item.value.id == kwarg.arg
            for item in node.keywords
        )
        for node in ast.walk(function)
    )


def _sklearn_draws(last: str, node: ast.Call) -> bool:
    if last == "train_test_split":
        return _truthy(keyword(node, "shuffle"), default=True)
    if last in SKLEARN_SHUFFLE_OPTIONAL:
        return _truthy(keyword(node, "shuffle"), default=False)
    if last == "LogisticRegression":
        return _logistic_draws(node)
    if last in SKLEARN_PROBABILITY_SVMS:
        return _truthy(keyword(node, "probability"), default=False)
    if last in SKLEARN_INITIALISED_CLUSTERERS:
        return _picks_its_centres(keyword(node, "init"))
    if last in SKLEARN_RESTARTED_PROCESSES:
        restarts = keyword(node, "n_restarts_optimizer")
        return restarts is not None and constant_of(restarts, default=1) not in (0, None)
    if last in SKLEARN_NOISY_SHAPES:
        noisy = _truthy(keyword(node, "noise"), default=False)
        return noisy or _truthy(keyword(node, "shuffle"), default=True)
    return last in SKLEARN_RANDOM


def _picks_its_centres(init: ast.expr | None) -> bool:
    """The default or a named initialisation ('k-means++', 'random') draws; anything else
    handed to ``init`` is read as the starting centres, saying less when unsure (a callable
    that draws is rare)."""
    return init is None or isinstance(constant_of(init, default=None), str)


def _logistic_draws(node: ast.Call) -> bool:
    """sag and saga sample the data; liblinear shuffles only in its coordinate-descent
    solvers (dual=True, or the L1 penalty): its default primal L2 solver is deterministic."""
    solver = constant_of(keyword(node, "solver"))
    if solver == "liblinear":
        dual = _truthy(keyword(node, "dual"), default=False)
        return dual or constant_of(keyword(node, "penalty")) == "l1"
    return solver in SKLEARN_RANDOM_SOLVERS


def _sklearn_draw(name: str, node: ast.Call, program: Program) -> bool | None:
    if not _sklearn_draws(name.rsplit(".", 1)[-1], node):
        return None
    spread = has_star_kwargs(node) and may_carry(node, program, "random_state")
    return spread or _is_seed(keyword(node, "random_state"), program)


def _imblearn_draw(name: str, node: ast.Call, program: Program) -> bool | None:
    if name.rsplit(".", 1)[-1] not in IMBLEARN_RANDOM:
        return None
    spread = has_star_kwargs(node) and may_carry(node, program, "random_state")
    return spread or _is_seed(keyword(node, "random_state"), program)


def _numpy_draw(name: str, node: ast.Call, program: Program) -> bool | None:
    last = name.rsplit(".", 1)[-1]
    if not name.startswith("numpy.random.") or last == "seed" or last in NUMPY_NOT_SAMPLING:
        return None
    if last in NUMPY_GENERATORS:
        return _is_seed(_seed_arg(node), program)
    return False  # the global generator, which only np.random.seed() fixes


def _python_random_draw(name: str, node: ast.Call, program: Program) -> bool | None:
    parts = name.split(".")
    if len(parts) != 2 or parts[1] == "seed" or parts[1] in PYTHON_RANDOM_NOT_SAMPLING:
        return None
    if parts[1] == "Random":
        return _is_seed(_seed_arg(node, "x"), program)
    return False


_TF_RANDOM = compile_on_use(
    r"^tensorflow\.(compat\.v1\.)?(random(\.|_\w+$)"
    # TensorFlow 1's weights drawn by hand or by the initialiser objects its layers take, and
    # dropout's mask: each draws from the graph's seed unless given ``seed=``.
    r"|truncated_normal(_initializer)?$|(glorot|he|lecun)_(uniform|normal)(_initializer)?$"
    r"|(orthogonal|variance_scaling)_initializer$|contrib\.layers\.xavier_initializer$"
    r"|nn\.dropout$)"
)


def _tensorflow_draw(name: str, node: ast.Call, program: Program) -> bool | None:
    parts = name.split(".")
    if not _TF_RANDOM.match(name) or name in SEEDERS:
        return None
    if parts[-1] in ("Generator", "get_global_generator"):
        return None
    if any(part.startswith("stateless") for part in parts) or parts[-1] == "from_seed":
        return True  # these take their seed as an argument
    return _is_seed(keyword(node, "seed"), program)


def _jax_draw(name: str, node: ast.Call, program: Program) -> bool | None:
    # Every jax.random function takes a key; keys come from PRNGKey/key, so those are the draws.
    if name not in ("jax.random.PRNGKey", "jax.random.key"):
        return None
    return _is_seed(_seed_arg(node), program)


def own_seed(name: str, node: ast.Call) -> ast.expr | None:
    """The argument a self-seeding call takes its seed from."""
    parts = name.split(".")
    if name.startswith("numpy.random.") and parts[-1] in NUMPY_GENERATORS:
        return _seed_arg(node)
    if name == "random.Random":
        return _seed_arg(node, "x")
    if name in ("jax.random.PRNGKey", "jax.random.key"):
        return _seed_arg(node)
    return keyword(node, "random_state") or keyword(node, "seed")


_DRAWS = {
    "torch": _torch_draw,
    "sklearn": _sklearn_draw,
    "imblearn": _imblearn_draw,
    "numpy": _numpy_draw,
    "random": _python_random_draw,
    "tensorflow": _tensorflow_draw,
    "jax": _jax_draw,
}


def _implicit_draw(call: Call, program: Program) -> Implicit | None:
    """:func:`implicit_draw`, read once per call site and name: the seeding reading and the
    path walk each ask it of every call, through some twenty frameworks' readings."""
    known: dict[tuple[int, str | None], Implicit | None]
    known = program.derived.setdefault("implicit draws", {})  # type: ignore[assignment]
    key = (id(call.node), call.name)
    if key not in known:
        known[key] = implicit_draw(call, program, lambda node: _is_seed(node, program))
    return known[key]


def random_use(call: Call, program: Program, shadowed: frozenset[str]) -> Use | None:
    """The random draw a call makes, if any, and whether the call seeds itself."""
    name = torch_equivalent(call.name or "")
    library = name.split(".", 1)[0]
    if library in shadowed:
        return None
    implicit = _implicit_draw(call, program)
    if implicit is not None:
        found, self_seeded, initialises = implicit
        training = keras_draws_in_training(call.name or "")
        fitted = is_tabular_synthesizer(call.name or "")  # it draws when fitted, not now
        return Use(
            found,
            call,
            self_seeded,
            when_iterated=fitted,
            initialises=initialises,
            training_only=training,
        )
    if "torch" not in shadowed and _shuffles_through_a_loader_helper(call, program):
        return Use("torch", call, _generator_given(call.node), when_iterated=True)
    if "random" not in shadowed and torchmeta_loader_shuffles(name, call.node):
        return Use("random", call, False, when_iterated=True)
    if library not in _DRAWS or "." not in name:
        return None
    seeded = _DRAWS[library](name, call.node, program)
    if seeded is None:
        return None
    if seeded and drawn_name(call, own_seed(name, call.node), program):
        seeded = False  # seed = random.randint(1, 100); np.random.RandomState(seed)
    last = name.rsplit(".", 1)[-1]
    torch_data = name.startswith("torch.utils.data.")
    return Use(
        library,
        call,
        seeded,
        when_iterated=(torch_data and last in TORCH_ITERATION_DRAWS)
        or name.startswith("torch.nn.Lazy"),
        initialises=name.startswith("torch.nn."),
        picks=name in PICKS and not _draws_values(call.node),
    )


def _draws_values(node: ast.Call) -> bool:
    """A choice among numbers written out (``np.random.choice([1, -1], size=d)``, random
    signs or coin flips): it draws values that enter what the run computes, not an item to
    look at."""
    population = node.args[0] if node.args else None
    return (
        isinstance(population, (ast.List, ast.Tuple))
        and bool(population.elts)
        and all(_is_number(element) for element in population.elts)
    )


def _is_number(node: ast.expr) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )
