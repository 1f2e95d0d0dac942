"""Draws a framework makes on the code's behalf: Keras layers initialising their weights
(TensorFlow Probability's Bayesian layers sampling them too), pandas' ``sample`` shuffling
rows, Optuna's samplers and bayes_opt's optimizers choosing trials, PyKEEN's pipeline
training an embedding, a Stable-Baselines3 algorithm building its policy, a tensor filled in
place (``x.normal_(0, 0.01)``), a torch distribution sampled
(``Categorical(logits=l).sample()``), a DeepXDE network initialising its weights, a DeepXDE
geometry sampling points, a tf.data pipeline (Hugging Face's too) shuffling its rows, a Gym
action space sampling a random action, a causal-inference library making synthetic data,
gensim's and BERTopic's topic models, PEFT adding LoRA adapters, a Hugging Face model
generating with ``do_sample=True``, and a tabular GAN or VAE (CTGAN, TVAE) fitted to a table.

None of them names a random function, so a reader of the code (and _draws.py's per-library
tables) sees no generator; each draws from one all the same, and only a seed fixes it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Container

from repocheck.analysis.imports import (
    Call,
    Program,
    assigned_values,
    constant_of,
    has_star_kwargs,
    keyword,
    turned_off,
)
from repocheck.analysis.keras_layers import KERAS_INITIALISED_LAYERS, KERAS_RANDOM_LAYERS
from repocheck.analysis.keras_versions import draws_from_numpy
from repocheck.analysis.kwargs_dicts import may_carry
from repocheck.analysis.ml_names import runs_a_model_s_training
from repocheck.analysis.torch_libraries import draws_a_new_head
from repocheck.facts.snapshot import SourceUnit
from repocheck.patterns import compile_on_use

_KERAS_LAYER = compile_on_use(r"^(?:tensorflow\.(?:python\.)?)?keras\.layers\.(?:[\w.]+\.)?(\w+)$")
#: TensorFlow Probability's Bayesian layers: built, each draws its posterior's initial means;
#: called, a weight sample (Flipout's ``seed=`` fixes only its sign flips, not the sample).
TFP_BAYESIAN_LAYERS = frozenset(
    {"DenseFlipout", "DenseReparameterization", "DenseLocalReparameterization"}
    | {f"Convolution{n}D{kind}" for n in (1, 2, 3) for kind in ("Flipout", "Reparameterization")}
    | {"DenseVariational"}
)
_TFP_LAYER = compile_on_use(r"^tensorflow_probability\.(?:python\.)?layers\.(?:[\w.]+\.)?(\w+)$")
#: Optuna's samplers that draw trials; each is seeded only by its own ``seed=``.
OPTUNA_SAMPLERS = frozenset(
    {"TPESampler", "RandomSampler", "CmaEsSampler", "NSGAIISampler", "NSGAIIISampler"}
    | {"QMCSampler", "GPSampler", "MOTPESampler"}
)
#: Optuna's stepwise LightGBM tuners: they build their own study, seeded by ``optuna_seed=``.
OPTUNA_TUNERS = frozenset({"LightGBMTuner", "LightGBMTunerCV"})

#: bayes_opt's optimizers: each draws its first points and its acquisition's starting points
#: from a RandomState of its own, taken from the operating system unless ``random_state=``.
BAYES_OPT_OPTIMIZERS = frozenset({"BayesianOptimization"})

#: Stable-Baselines3's algorithms (and sb3-contrib's): building one draws its policy's
#: weights from PyTorch, unless ``seed=`` is given (then it seeds torch, numpy and random).
SB3_PACKAGES = ("stable_baselines3", "sb3_contrib")
SB3_ALGORITHMS = frozenset(
    {"PPO", "A2C", "DQN", "SAC", "TD3", "DDPG", "HER", "RecurrentPPO", "MaskablePPO"}
    | {"TRPO", "QRDQN", "ARS", "TQC", "CrossQ"}
)

#: DeepXDE's networks: building one draws its initial weights from the generator of the
#: backend DeepXDE runs on (TensorFlow, PyTorch, JAX or Paddle), which the script need not
#: import; ``dde.config.set_random_seed`` or the backend's own seed fixes it.
DEEPXDE_NETWORKS = frozenset(
    {"FNN", "PFNN", "MsFFN", "STMsFFN", "ResNet", "DeepONet", "DeepONetCartesianProd"}
    | {"PODDeepONet", "MIONetCartesianProd", "PODMIONet", "MfNN", "MfONet", "BiONet", "SNN"}
)
_DEEPXDE_NETWORK = compile_on_use(r"^deepxde\.(?:nn|maps)\.(?:[\w.]+\.)?(\w+)$")
#: Geometry methods that sample points, from NumPy's global generator with ``random="pseudo"``
#: (their default) or ``"LHS"``; the other sequences they take are quasi-random, the same on
#: every run.
DEEPXDE_POINT_SAMPLERS = frozenset(
    {"random_points", "random_boundary_points", "random_initial_points"}
)
_QUASI_RANDOM = frozenset({"Halton", "Hammersley", "Sobol"})

#: Tensor methods that fill the tensor in place from torch's generator (``generator=`` seeds).
TORCH_IN_PLACE_DRAWS = frozenset(
    {"normal_", "uniform_", "bernoulli_", "random_", "exponential_", "geometric_"}
    | {"cauchy_", "log_normal_"}
)
#: Attributes that name a module's parameters: filling one in place initialises weights.
_PARAMETER_ATTRIBUTES = frozenset({"weight", "bias"})

#: Tabular GANs and VAEs, the ctgan package's and SDV's synthesizers around them: fitting one
#: builds its networks and draws their weights and the generator's noise from torch's global
#: generator (its row sampler from NumPy's). None takes a seed where it is built; ctgan's
#: ``set_random_state(seed)`` fixes both. SDV's Gaussian copula trains no network.
TABULAR_SYNTHESIZER_PACKAGES = frozenset({"ctgan", "sdv"})
TABULAR_SYNTHESIZERS = frozenset(
    {"CTGAN", "TVAE", "CTGANSynthesizer", "TVAESynthesizer", "CopulaGAN"}
    | {"CopulaGANSynthesizer", "PAR", "PARSynthesizer"}
)

#: (library, seeded, initialises) of an implicit draw, or None when the call draws nothing.
Implicit = tuple[str, bool, bool]
#: Whether an argument is a real seed (not None, not read from the clock).
IsSeed = Callable[[ast.expr | None], bool]


def _given(node: ast.expr | None, is_seed: IsSeed) -> bool:
    return node is not None and is_seed(node)


#: The initializers of a Keras layer's drawn weights (a bias starts at zeros by default).
_DRAWN_WEIGHTS = {
    "Embedding": ("embeddings_initializer",),
    "SeparableConv1D": ("depthwise_initializer", "pointwise_initializer"),
    "SeparableConv2D": ("depthwise_initializer", "pointwise_initializer"),
    "DepthwiseConv1D": ("depthwise_initializer",),
    "DepthwiseConv2D": ("depthwise_initializer",),
} | {
    layer: ("kernel_initializer", "recurrent_initializer")
    for layer in ("LSTM", "GRU", "SimpleRNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D")
}
#: Initializers that fill a weight without drawing (``Constant(embedding_matrix)``).
_FIXED_INITIALIZERS = frozenset({"constant", "zeros", "ones", "zero", "one", "identity"})


def _fixed_initializer(node: ast.expr | None, program: Program) -> bool:
    """``'zeros'``, ``initializers.Constant(matrix)``: a weight filled the same on every run."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.lower() in _FIXED_INITIALIZERS
    if not isinstance(node, ast.Call):
        return False
    name = program.resolve(node.func) or ""
    parts = name.split(".")
    if parts[-1].endswith("_initializer"):  # TensorFlow 1's tf.zeros_initializer()
        return parts[0] == "tensorflow" and parts[-1][: -len("_initializer")] in _FIXED_INITIALIZERS
    return "initializers" in parts and parts[-1].lower() in _FIXED_INITIALIZERS


def _given_weights(layer: str, node: ast.Call, program: Program) -> bool:
    """A layer whose drawn weights are all given: ``Embedding(n, d, weights=[matrix])`` or
    ``embeddings_initializer=Constant(matrix)`` (pretrained vectors), which no seed changes."""
    weights = keyword(node, "weights")
    if weights is not None and not (isinstance(weights, ast.Constant) and weights.value is None):
        return True
    drawn = _DRAWN_WEIGHTS.get(layer, ("kernel_initializer",))
    return all(_fixed_initializer(keyword(node, argument), program) for argument in drawn)


#: TensorFlow 1's layers, functional (``tf.layers.dense``, contrib's ``fully_connected``) and
#: as classes (``tf.layers.Dense``): each builds its kernel from a draw, as Keras' layers do.
_TF1_LAYER = compile_on_use(r"^tensorflow\.(?:compat\.v1\.)?(?:contrib\.)?layers\.(\w+)$")
TF1_INITIALISED_LAYERS = frozenset(
    {"dense", "conv1d", "conv2d", "conv3d", "conv2d_transpose", "conv3d_transpose"}
    | {"separable_conv1d", "separable_conv2d", "fully_connected", "convolution2d"}
    | {"embed_sequence"}
)


def _keras(name: str, node: ast.Call, is_seed: IsSeed, program: Program) -> Implicit | None:
    """A Keras layer, a TensorFlow 1 one or a TensorFlow Probability one: TensorFlow's global
    seed (or Keras' ``set_random_seed``) fixes it."""
    match = _KERAS_LAYER.match(name) or _TFP_LAYER.match(name)
    if not match:
        tf1 = _TF1_LAYER.match(name)
        if tf1 is None or tf1.group(1) not in TF1_INITIALISED_LAYERS | KERAS_INITIALISED_LAYERS:
            return None
        if not has_star_kwargs(node) and _given_weights("", node, program):
            return None  # kernel_initializer=tf.zeros_initializer()
        return "tensorflow", has_star_kwargs(node), True
    layer = match.group(1)
    if layer in TFP_BAYESIAN_LAYERS:
        return "tensorflow", has_star_kwargs(node), True
    if layer in KERAS_INITIALISED_LAYERS:
        if not has_star_kwargs(node) and _given_weights(layer, node, program):
            return None
        return "tensorflow", has_star_kwargs(node), True
    if layer in KERAS_RANDOM_LAYERS:
        return "tensorflow", has_star_kwargs(node) or _given(keyword(node, "seed"), is_seed), False
    return None


def _replaced_layers(unit: SourceUnit, program: Program) -> frozenset[int]:
    """The layer calls bound to a name whose weights the same file then replaces with
    ``name.set_weights(...)`` (pretrained vectors loaded into a built ``Embedding``): Keras'
    ``set_weights`` takes every weight of the layer, so its initialiser's draw is gone before
    anything reads it. Read once per file, and only where it calls ``set_weights``."""
    key = f"replaced layers {id(unit)}"
    cached = program.derived.get(key)
    if isinstance(cached, frozenset):
        return cached
    known: frozenset[int] = frozenset()
    if "set_weights" in unit.source:
        replaced = {
            call.func.value.id
            for call in unit.of_type(ast.Call)
            if isinstance(call.func, ast.Attribute)
            and call.func.attr == "set_weights"
            and isinstance(call.func.value, ast.Name)
        }
        known = frozenset(
            id(assign.value)
            for assign in unit.of_type(ast.Assign)
            if isinstance(assign.value, ast.Call)
            and len(assign.targets) == 1
            and isinstance(assign.targets[0], ast.Name)
            and assign.targets[0].id in replaced
        )
    program.derived[key] = known
    return known


def _keras_in(program: Program, call: Call, name: str, is_seed: IsSeed) -> Implicit | None:
    """A Keras layer's draw, from NumPy's global generator where the program was written for
    a standalone Keras that takes its layers' seeds from NumPy (see keras_versions)."""
    node = call.node
    found = _keras(name, node, is_seed, program)
    if found is not None and found[2] and id(node) in _replaced_layers(call.unit, program):
        return None
    if found is not None and draws_from_numpy(name, program):
        return "numpy", found[1], found[2]
    return found


def keras_draws_in_training(name: str) -> bool:
    """A Keras dropout, noise or augmentation layer: it draws its mask or its change only
    while the model trains (``fit``), as ``torch.nn.Dropout`` does; built for a summary, a
    parameter count or ``predict`` it draws nothing."""
    match = _KERAS_LAYER.match(name)
    return match is not None and match.group(1) in KERAS_RANDOM_LAYERS


def is_sb3_algorithm(name: str) -> bool:
    """``stable_baselines3.PPO``, ``sb3_contrib.ppo_recurrent.RecurrentPPO``."""
    parts = name.split(".")
    return parts[0] in SB3_PACKAGES and parts[-1] in SB3_ALGORITHMS


def _stable_baselines(name: str, node: ast.Call, is_seed: IsSeed) -> Implicit | None:
    """``PPO("MlpPolicy", env)``: the policy's initial weights, from PyTorch's generator."""
    if not is_sb3_algorithm(name):
        return None
    return "torch", has_star_kwargs(node) or _given(keyword(node, "seed"), is_seed), True


def is_tabular_synthesizer(name: str) -> bool:
    """``sdv.single_table.CTGANSynthesizer``, ``ctgan.TVAE``: built now, drawing when fitted."""
    parts = name.split(".")
    return parts[0] in TABULAR_SYNTHESIZER_PACKAGES and parts[-1] in TABULAR_SYNTHESIZERS


def _tabular_synthesizer(call: Call, program: Program) -> Implicit | None:
    """``CTGANSynthesizer(metadata, epochs=300)``: its fit draws from torch, which a seed set
    before it is fitted fixes; a ``set_random_state(seed)`` anywhere in the program (ctgan's
    own seeding method) is taken to seed it."""
    if not is_tabular_synthesizer(call.name or ""):
        return None
    return "torch", has_star_kwargs(call.node) or _sets_random_state(program), False


def _sets_random_state(program: Program) -> bool:
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "set_random_state"
        and _gives_a_seed(node)
        for unit in program.units
        for node in unit.of_type(ast.Call)
    )


def _gives_a_seed(node: ast.Call) -> bool:
    """``model.set_random_state(42)``, not ``set_random_state(None)`` (which unseeds it)."""
    seed = node.args[0] if node.args else keyword(node, "random_state")
    return seed is not None and not (isinstance(seed, ast.Constant) and seed.value is None)


def _deepxde_network(name: str, node: ast.Call) -> Implicit | None:
    """``dde.nn.FNN([2] + [20] * 3 + [1], "tanh", "Glorot normal")``: the initial weights.
    Counted as DeepXDE's own draw, which its seeding call or any backend's seed fixes."""
    match = _DEEPXDE_NETWORK.match(name)
    if not match or match.group(1) not in DEEPXDE_NETWORKS:
        return None
    return "deepxde", has_star_kwargs(node), True


def _fastai(name: str) -> Implicit | None:
    """fastai's builders: a learner (``vision_learner(dls, resnet34)``) makes its model's new
    head with weights drawn from torch; a DataLoaders factory
    (``ImageDataLoaders.from_folder(...)``) draws the generator its loaders shuffle and
    augment with from Python's random as it builds them, which only ``set_seed`` (or
    ``random.seed``) fixes."""
    parts = name.split(".")
    if parts[0] != "fastai":
        return None
    if parts[-1].endswith("_learner"):
        return "torch", False, True
    if len(parts) > 2 and parts[-2].endswith("DataLoaders") and parts[-1].startswith("from_"):
        return "random", False, False
    if parts[-1] == "dataloaders":  # DataBlock.dataloaders(block, path), rarely spelt so
        return "random", False, False
    return None


def _fastai_block_loaders(call: Call, program: Program) -> Implicit | None:
    """``bears.dataloaders(path)`` on a ``DataBlock`` (or ``DataBlock(...).dataloaders(path)``,
    a ``Datasets``' ``dsets.dataloaders(bs=64)``): the course's other way to build the loaders
    a DataLoaders factory builds, each drawing its generator from Python's random. The
    method's name is fastai's own; it is read in programs that import fastai."""
    func = call.node.func
    if call.name or not (isinstance(func, ast.Attribute) and func.attr == "dataloaders"):
        return None
    if not _imports(program, "fastai"):
        return None
    return "random", False, False


def _lora_adapters(name: str, node: ast.Call) -> Implicit | None:
    """``get_peft_model(model, LoraConfig(r=8))``: PEFT adds LoRA's adapters, their A
    matrices drawn from torch's generator (Kaiming uniform), when it wraps the model; a
    Hugging Face Trainer built after it seeds only what comes later."""
    if name.partition(".")[0] != "peft" or name.rpartition(".")[2] != "get_peft_model":
        return None
    return "torch", has_star_kwargs(node), True


def _new_head(name: str, call: Call, program: Program) -> Implicit | None:
    """``AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")``: the head
    the checkpoint lacks is drawn from torch's generator as the model loads; a Hugging Face
    Trainer built after it seeds only what comes later (hence its ``model_init``)."""
    if not (name.startswith("transformers.") and name.endswith(".from_pretrained")):
        return None
    node = call.node
    given = node.args[0] if node.args else keyword(node, "pretrained_model_name_or_path")
    checkpoint = _one_string(given.id, program) if isinstance(given, ast.Name) else None
    if not draws_a_new_head(name, node, checkpoint):
        return None
    # A model loaded only to be shown (a cell ending in it) is thrown away: no run starts from it.
    shown = any(statement.value is node for statement in call.unit.of_type(ast.Expr))
    return None if shown else ("torch", False, True)


def _one_string(name: str, program: Program) -> str | None:
    """The text every assignment of ``name`` in the program gives it, if they agree."""
    values = {constant_of(value) for value in assigned_values(name, program)}
    value = values.pop() if len(values) == 1 else None
    return value if isinstance(value, str) else None


def _deepxde_points(call: Call, program: Program) -> Implicit | None:
    """``geomtime.random_points(1000)`` of a DeepXDE geometry, in a program that imports
    DeepXDE: NumPy's global generator picks the points. A ``random=`` sequence written as a
    quasi-random one draws nothing; one not written in place is left unjudged."""
    node = call.node
    if not (isinstance(node.func, ast.Attribute) and node.func.attr in DEEPXDE_POINT_SAMPLERS):
        return None
    if call.name or not _imports(program, "deepxde"):
        return None
    sequence = keyword(node, "random") or (node.args[1] if len(node.args) > 1 else None)
    if has_star_kwargs(node) or (sequence is not None and not isinstance(sequence, ast.Constant)):
        return None
    if sequence is not None and sequence.value in _QUASI_RANDOM:
        return None
    return "numpy", False, False


def _optuna(name: str, node: ast.Call, is_seed: IsSeed) -> Implicit | None:
    """``optuna.create_study()`` with its default sampler, a sampler built without a seed, or
    a LightGBM tuner without ``optuna_seed``; a study given a sampler (a tuner given a study)
    leaves the judgement to where the sampler (the study) is built."""
    parts = name.split(".")
    if parts[0] not in ("optuna", "optuna_integration"):
        return None
    if parts[-1] in OPTUNA_TUNERS:
        if has_star_kwargs(node) or keyword(node, "study") is not None:
            return None
        return "optuna", _given(keyword(node, "optuna_seed"), is_seed), False
    if parts[-1] == "create_study":
        if has_star_kwargs(node) or keyword(node, "sampler") is not None:
            return None
        return "optuna", False, False
    if parts[-1] in OPTUNA_SAMPLERS:
        return "optuna", has_star_kwargs(node) or _given(keyword(node, "seed"), is_seed), False
    return None


def _bayes_opt(name: str, node: ast.Call, is_seed: IsSeed) -> Implicit | None:
    """``BayesianOptimization(f=..., pbounds=...)`` without ``random_state=``: no global seed
    reaches its generator."""
    parts = name.split(".")
    if parts[0] != "bayes_opt" or parts[-1] not in BAYES_OPT_OPTIMIZERS:
        return None
    spread = has_star_kwargs(node)
    return "bayes_opt", spread or _given(keyword(node, "random_state"), is_seed), False


#: PyKEEN's pipelines: each trains a knowledge-graph embedding after reseeding torch, NumPy and
#: random with ``random_seed=``, or with a fresh seed of its own (logged, not saved), so a global
#: seed set before the call does not reach the run.
PYKEEN_PIPELINES = frozenset({"pipeline"})


def _pykeen(name: str, node: ast.Call, is_seed: IsSeed) -> Implicit | None:
    """``pipeline(dataset="nations", model="TransE")`` without ``random_seed=``."""
    parts = name.split(".")
    if parts[0] != "pykeen" or parts[-1] not in PYKEEN_PIPELINES:
        return None
    spread = has_star_kwargs(node)
    # Not an initialisation waiting for a fit: the call trains.
    return "pykeen", spread or _given(keyword(node, "random_seed"), is_seed), False


#: gensim's topic models: building one draws its initial topics (and trains) from
#: ``random_state=``, or from NumPy's global generator when none is given.
GENSIM_TOPIC_MODELS = frozenset({"LdaModel", "LdaMulticore", "HdpModel"})


def _topic_model(name: str, node: ast.Call, is_seed: IsSeed) -> Implicit | None:
    """``LdaModel(corpus, num_topics=15)`` without ``random_state=``, or ``BERTopic()``
    without a ``umap_model=`` of the author's own (its default UMAP reduction draws from
    NumPy's global generator when fitted): a NumPy seed or the argument fixes it."""
    parts = name.split(".")
    spread = has_star_kwargs(node)
    if parts[0] == "gensim" and parts[-1] in GENSIM_TOPIC_MODELS:
        # Not an initialisation waiting for a fit: the constructor trains on the corpus.
        return "numpy", spread or _given(keyword(node, "random_state"), is_seed), False
    if parts[0] == "bertopic" and parts[-1] == "BERTopic":
        return "numpy", spread or keyword(node, "umap_model") is not None, False
    return None


#: Causal-inference libraries' makers of synthetic data: each draws its confounders, treatment
#: and noise from NumPy's global generator (DoWhy's take no seed; causalml's none either).
CAUSAL_DATASET_MODULES = ("dowhy.datasets.", "causalml.dataset.")


def _causal_dataset(name: str, node: ast.Call, is_seed: IsSeed) -> Implicit | None:
    """``dowhy.datasets.linear_dataset(beta=10, num_samples=1000)``, causalml's
    ``synthetic_data(mode=1, n=1000)``: a NumPy seed fixes the data (a ``seed=`` or
    ``random_state=`` a later version may take counts as one)."""
    if not name.startswith(CAUSAL_DATASET_MODULES):
        return None
    if not name.rsplit(".", 1)[-1].islower():
        return None  # a class, not a generator of data
    given = keyword(node, "seed") or keyword(node, "random_state")
    return "numpy", has_star_kwargs(node) or _given(given, is_seed), False


def _imports(program: Program, package: str) -> bool:
    """True when ``program`` binds a name from ``package``."""
    return any(
        value == package or value.startswith(f"{package}.") for value in program.names.values()
    )


def _pandas_sample(call: Call, program: Program, is_seed: IsSeed) -> Implicit | None:
    """``df.sample(frac=1)``, ``df.sample(df.shape[0])``: pandas draws from NumPy's global
    generator unless given a ``random_state``. The ``frac=`` and ``replace=`` spellings are
    pandas' own, whatever made the frame; a count
    (``sample(100)``, ``sample(n=100)``) is read only of a frame the program builds with
    pandas, or takes from one (a distribution's ``sample((10,))`` draws from torch, a replay
    buffer's ``sample(32)`` from its own code)."""
    node = call.node
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "sample"):
        return None
    if call.name:
        return None  # a resolved name is a module's function (random.sample), not a frame's
    # pandas' own keywords say the frame is one, however it was made (a pickle loaded).
    spelled = any(item.arg in _PANDAS_SAMPLE_KEYWORDS for item in node.keywords)
    if not spelled and not _imports(program, "pandas"):
        return None
    counted = keyword(node, "frac") is None
    if counted and (_a_few_rows(node) or not (spelled or _is_a_frame(node.func.value, program))):
        return None
    spread = has_star_kwargs(node) and may_carry(node, program, "random_state")
    return "numpy", spread or _given(keyword(node, "random_state"), is_seed), False


#: Keywords only pandas' ``sample`` takes: no distribution's or replay buffer's ``sample``.
_PANDAS_SAMPLE_KEYWORDS = frozenset({"frac", "replace", "weights", "axis", "ignore_index"})
#: The most rows a count sample takes to look at (``df.sample(5)``, one row to predict on and
#: print): a handful shown, where a shuffle or a subsample to train on takes many.
_FEW_ROWS = 10


def _a_few_rows(call: ast.Call) -> bool:
    """``sample(1)``, ``sample(n=5)``: a handful of rows drawn to look at."""
    count = call.args[0] if call.args else keyword(call, "n")
    if count is None:
        return True  # sample(): one row
    value = constant_of(count)
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= _FEW_ROWS


#: pandas' functions that build a frame: its readers, constructor and joins.
_FRAME_MAKERS = ("pandas.read_", "pandas.DataFrame", "pandas.concat", "pandas.merge")


def _is_a_frame(value: ast.expr, program: Program) -> bool:
    return _makes_frame(value, program, _frame_names(program))


def _makes_frame(value: ast.expr, program: Program, frames: Container[str]) -> bool:
    """Whether ``value`` is a frame pandas built (``pd.read_csv(...)``) or one taken from a
    name in ``frames`` (``df.dropna()[cols]``): subscripts, attributes and method calls
    followed down to what they start from."""
    current = value
    while True:
        if isinstance(current, ast.Call):
            if (program.resolve(current.func) or "").startswith(_FRAME_MAKERS):
                return True
            if not isinstance(current.func, ast.Attribute):
                return False
            current = current.func.value
        elif isinstance(current, (ast.Subscript, ast.Attribute)):
            current = current.value
        else:
            return isinstance(current, ast.Name) and current.id in frames


def _frame_names(program: Program) -> frozenset[str]:
    """The names the program binds to frames (see :func:`_makes_frame`), read in two passes
    over its assignments so a frame taken from one bound later in the text is known too.
    Asked only where a count is sampled, and read once per program."""
    found = program.derived.get("frame_names")
    if found is None:
        names: set[str] = set()
        assigns = [
            (node.targets[0].id, node.value)
            for unit in program.units
            for node in unit.of_type(ast.Assign)
            if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
        ]
        for _ in range(2):
            names.update(name for name, value in assigns if _makes_frame(value, program, names))
        found = program.derived["frame_names"] = frozenset(names)
    return found  # type: ignore[return-value]


#: tf.data's methods that hand a pipeline on (``ds.batch(32).shuffle(1000)``).
_TF_DATA_STEPS = frozenset(
    {"batch", "map", "prefetch", "cache", "repeat", "filter", "take", "skip", "unbatch"}
    | {"padded_batch", "shuffle", "concatenate", "zip", "with_options"}
)


def _tf_data_shuffle(call: Call, program: Program, is_seed: IsSeed) -> Implicit | None:
    """``ds.shuffle(1000)`` of a tf.data pipeline (``tf.data.Dataset.from_tensor_slices``
    and the steps after it, directly or through a name the unit assigns it to): the order is
    drawn from the op's ``seed=`` or TensorFlow's global seed. Read only in a program that
    imports TensorFlow; a NumPy generator's ``rng.shuffle(x)`` is not a pipeline."""
    node = call.node
    if not (isinstance(node.func, ast.Attribute) and node.func.attr == "shuffle"):
        return None
    if call.name or not _imports(program, "tensorflow"):
        return None
    if keyword(node, "buffer_size") is None and not _tf_pipeline(
        node.func.value, call.unit, program
    ):
        return None
    seed = keyword(node, "seed") or (node.args[1] if len(node.args) > 1 else None)
    return "tensorflow", has_star_kwargs(node) or _given(seed, is_seed), False


def _tf_pipeline(node: ast.expr, unit: SourceUnit, program: Program, depth: int = 0) -> bool:
    """Whether ``node`` is a tf.data pipeline: a chain of its steps down to a call of
    ``tensorflow.data``, or to a name the unit assigns one to (three names deep at most)."""
    while True:
        if isinstance(node, ast.Call):
            if (program.resolve(node.func) or "").startswith("tensorflow.data."):
                return True
            func = node.func
            if not (isinstance(func, ast.Attribute) and func.attr in _TF_DATA_STEPS):
                return False
            node = func.value
        elif isinstance(node, ast.Name) and depth < 3:
            return any(
                _tf_pipeline(statement.value, unit, program, depth + 1)
                for statement in unit.of_type(ast.Assign)
                if any(isinstance(t, ast.Name) and t.id == node.id for t in statement.targets)
            )
        else:
            return False


#: Hugging Face's builders of a tf.data pipeline, with whether each shuffles by default:
#: a model's ``prepare_tf_dataset`` does, datasets' ``to_tf_dataset`` only when asked. The
#: third argument after the object is ``shuffle`` in both.
HF_TF_DATASETS = {"prepare_tf_dataset": True, "to_tf_dataset": False}


def _hf_tf_dataset(call: Call, program: Program) -> Implicit | None:
    """``model.prepare_tf_dataset(ds["train"], batch_size=4)``: tf.data shuffles the rows, its
    seed taken from TensorFlow's global one when the pipeline is built; neither method takes a
    seed. Read only in a program that imports transformers or datasets."""
    node = call.node
    if not (isinstance(node.func, ast.Attribute) and node.func.attr in HF_TF_DATASETS):
        return None
    if call.name or not (_imports(program, "transformers") or _imports(program, "datasets")):
        return None
    shuffle = keyword(node, "shuffle") or (node.args[2] if len(node.args) > 2 else None)
    if shuffle is None:
        on = HF_TF_DATASETS[node.func.attr]
    else:
        on = not (isinstance(shuffle, ast.Constant) and shuffle.value in (False, None, 0))
    return ("tensorflow", False, False) if on else None


#: datasets' methods that shuffle rows, by the position of their ``seed`` argument (None:
#: keyword only).
_HF_DATASET_SHUFFLES: dict[str, int | None] = {"train_test_split": None, "shuffle": 0}


def _hf_dataset_shuffle(call: Call, program: Program, is_seed: IsSeed) -> Implicit | None:
    """``dataset.train_test_split(test_size=0.1)``, ``dataset.shuffle()``: datasets takes the
    seed of the generator it shuffles with from NumPy's global one unless given ``seed=`` or a
    ``generator=``. Read only of a method no import resolves, in a program importing datasets."""
    node = call.node
    func = node.func
    if call.name or not (isinstance(func, ast.Attribute) and func.attr in _HF_DATASET_SHUFFLES):
        return None
    if not _imports(program, "datasets"):
        return None
    if turned_off(keyword(node, "shuffle")):
        return None  # train_test_split(shuffle=False): the rows in order
    position = _HF_DATASET_SHUFFLES[func.attr]
    seed = keyword(node, "seed")
    if seed is None and position is not None and len(node.args) > position:
        seed = node.args[position]
    spread = has_star_kwargs(node) and may_carry(node, program, "seed")
    given = spread or _given(seed, is_seed) or keyword(node, "generator") is not None
    return "numpy", given, False


#: Packages whose models generate text through Hugging Face's ``generate``.
_GENERATING_PACKAGES = ("transformers", "peft", "trl")


def _sampled_generation(call: Call, program: Program) -> Implicit | None:
    """``model.generate(ids, do_sample=True, top_p=0.9)``: Hugging Face's generation samples
    each token from torch's generator, which takes no seed of its own. Read only where
    ``do_sample=True`` is written and the program imports transformers, PEFT or TRL."""
    node = call.node
    if call.name or not (isinstance(node.func, ast.Attribute) and node.func.attr == "generate"):
        return None
    sample = keyword(node, "do_sample")
    if not (isinstance(sample, ast.Constant) and sample.value is True):
        return None
    if not any(_imports(program, package) for package in _GENERATING_PACKAGES):
        return None
    return "torch", False, False


def _ultralytics_training(call: Call, program: Program) -> Implicit | None:
    """``model.train(data="data.yaml", epochs=50)`` of an Ultralytics model: its trainer
    shuffles, augments and (from a .yaml) initialises weights, after seeding torch, numpy and
    random itself (``seed=0`` unless given another)."""
    if call.name or not runs_a_model_s_training(call.node):
        return None
    return ("torch", True, False) if _imports(program, "ultralytics") else None


def _tensor_in_place(call: Call, program: Program, is_seed: IsSeed) -> Implicit | None:
    """``torch.zeros_like(x).normal_(0, std)``, ``m.weight.data.normal_(0.0, 0.02)``: a tensor
    method filling the tensor from torch's generator, seeded only by ``generator=``. The
    trailing underscore is torch's spelling; read only in a program that imports torch. On a
    module's ``weight`` or ``bias`` it initialises weights, as ``nn.init.normal_`` does."""
    node = call.node
    if not (isinstance(node.func, ast.Attribute) and node.func.attr in TORCH_IN_PLACE_DRAWS):
        return None
    if call.name or not _imports(program, "torch"):
        return None  # a resolved name is a module's function (nn.init.normal_), read elsewhere
    owner: ast.expr = node.func.value
    initialises = _fills_a_parameter(node)
    while isinstance(owner, ast.Attribute):
        initialises = initialises or owner.attr in _PARAMETER_ATTRIBUTES
        owner = owner.value
    return "torch", _given(keyword(node, "generator"), is_seed), initialises


def _fills_a_parameter(node: ast.Call) -> bool:
    """``m.init.normal_(m.bias, 0)``: an init function (nn.init reached through another name)
    handed a module's ``weight`` or ``bias`` to fill; a tensor's own ``normal_`` takes
    numbers, never the tensor it fills."""
    first = node.args[0] if node.args else None
    return isinstance(first, ast.Attribute) and first.attr in _PARAMETER_ATTRIBUTES


#: A torch distribution's methods that draw from torch's global generator (none takes one).
TORCH_DISTRIBUTION_DRAWS = frozenset({"sample", "rsample", "sample_n"})
_TORCH_DISTRIBUTIONS = "torch.distributions."


def _distribution_sample(call: Call, program: Program) -> Implicit | None:
    """``Categorical(logits=l).sample()``, ``dist.sample()`` where ``dist = Normal(mu, std)``,
    ``self.prior.sample((n,))`` where ``self.prior = MultivariateNormal(...)``: a draw from
    torch's generator. The object is known by a call to a class of ``torch.distributions``, or
    by a name or attribute the program binds to one (anywhere in it: such a name is kept for
    the distribution it holds)."""
    node = call.node
    if not (isinstance(node.func, ast.Attribute) and node.func.attr in TORCH_DISTRIBUTION_DRAWS):
        return None
    if call.name:
        return ("torch", False, False) if call.name.startswith(_TORCH_DISTRIBUTIONS) else None
    owner = node.func.value
    if isinstance(owner, ast.Call):
        made = program.resolve(owner.func) or ""
        return ("torch", False, False) if made.startswith(_TORCH_DISTRIBUTIONS) else None
    if isinstance(owner, (ast.Name, ast.Attribute)):
        bound = _distribution_names(program)
        key = owner.id if isinstance(owner, ast.Name) else owner.attr
        return ("torch", False, False) if key in bound else None
    return None


def _distribution_names(program: Program) -> frozenset[str]:
    """The names and attribute names the program assigns a torch distribution to (read once
    per program, only in units that spell "distributions")."""
    known = program.derived.get("torch distributions")
    if known is None:
        found = set()
        for unit in program.units:
            if "distributions" not in unit.source:
                continue
            for assign in unit.of_type(ast.Assign):
                value = assign.value
                if not isinstance(value, ast.Call):
                    continue
                if not (program.resolve(value.func) or "").startswith(_TORCH_DISTRIBUTIONS):
                    continue
                for target in assign.targets:
                    if isinstance(target, ast.Name):
                        found.add(target.id)
                    elif isinstance(target, ast.Attribute):
                        found.add(target.attr)
        known = program.derived["torch distributions"] = frozenset(found)
    return known  # type: ignore[return-value]


#: The packages whose spaces draw from a generator of their own (``action_space.sample()``).
_GYM_PACKAGES = ("gymnasium", "gym")


def _action_space_sample(call: Call, program: Program) -> Implicit | None:
    """``env.action_space.sample()``, ``self.env.action_space.sample()``: a Gym space draws
    from a generator of its own, seeded only by ``action_space.seed(...)`` (neither
    ``env.reset(seed=...)`` nor NumPy's global seed reaches it). Read only in a program that
    imports gym or gymnasium; taken as seeded when the program seeds an action space anywhere."""
    node = call.node
    func = node.func
    if call.name or not (isinstance(func, ast.Attribute) and func.attr == "sample"):
        return None
    owner = func.value
    if not (isinstance(owner, ast.Attribute) and owner.attr == "action_space"):
        return None
    if not any(_imports(program, package) for package in _GYM_PACKAGES):
        return None
    return "gym", _seeds_an_action_space(program), False


def _seeds_an_action_space(program: Program) -> bool:
    """Whether the program calls ``<...>.action_space.seed(...)`` (read once per program)."""
    known = program.derived.get("action space seeded")
    if known is None:
        known = program.derived["action space seeded"] = any(
            isinstance(call.func, ast.Attribute)
            and call.func.attr == "seed"
            and isinstance(call.func.value, ast.Attribute)
            and call.func.value.attr == "action_space"
            and bool(call.args or call.keywords)
            for unit in program.units
            if "action_space" in unit.source
            for call in unit.of_type(ast.Call)
        )
    return bool(known)


def implicit_draw(call: Call, program: Program, is_seed: IsSeed) -> Implicit | None:
    """The draw a framework makes for ``call``, if any: (library, seeded, initialises)."""
    name = call.name or ""
    if name:
        return (
            _distribution_sample(call, program)
            or _keras_in(program, call, name, is_seed)
            or _optuna(name, call.node, is_seed)
            or _bayes_opt(name, call.node, is_seed)
            or _pykeen(name, call.node, is_seed)
            or _topic_model(name, call.node, is_seed)
            or _causal_dataset(name, call.node, is_seed)
            or _stable_baselines(name, call.node, is_seed)
            or _tabular_synthesizer(call, program)
            or _deepxde_network(name, call.node)
            or _lora_adapters(name, call.node)
            or _new_head(name, call, program)
            or _fastai(name)
        )
    return (
        _pandas_sample(call, program, is_seed)
        or _distribution_sample(call, program)
        or _ultralytics_training(call, program)
        or _hf_tf_dataset(call, program)
        or _tf_data_shuffle(call, program, is_seed)
        or _hf_dataset_shuffle(call, program, is_seed)
        or _sampled_generation(call, program)
        or _tensor_in_place(call, program, is_seed)
        or _deepxde_points(call, program)
        or _action_space_sample(call, program)
        or _fastai_block_loaders(call, program)
    )
