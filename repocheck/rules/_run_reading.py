"""What a training run's code reads its settings from, and whether a call trains: the reading
REPRO006 does of each node an entry point may run (REPRO002 shares the evidence and the loops).

A node reads its settings from a command-line parser, a config file, a hyperparameter search or
a config object the project builds; or it types a setting in place (``lr=0.001``), or names it
once at the top of a script (``LEARNING_RATE = 3e-4``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from repocheck.analysis.cache import per_object
from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.eval_mistakes import is_evaluation_name
from repocheck.analysis.imports import Program, constant_of, keyword, source_line
from repocheck.analysis.imports_by_name import loaded_by_name
from repocheck.analysis.ml_code import at_library_default, code_of
from repocheck.analysis.ml_names import (
    SHUFFLING_LOADERS,
    is_backward,
    is_fit,
    is_optimizer_name,
    loads_a_held_out_split,
    method,
    terminal,
    tokens,
)
from repocheck.analysis.reach import Site
from repocheck.analysis.scratch_training import is_hand_update
from repocheck.analysis.spans import contains
from repocheck.analysis.weight_updates import (
    steps_a_wrapped_optimizer,
    steps_through_a_scaler,
    updates_weights,
)
from repocheck.facts.snapshot import SourceUnit
from repocheck.model import Evidence
from repocheck.patterns import compile_on_use
from repocheck.wording import short


def at(unit: SourceUnit, line: int, note: str = "", node: ast.AST | None = None) -> Evidence:
    """The code at ``line`` (or of ``node``), with ``note`` as a trailing comment, in at most
    100 characters."""
    comment = f"  # {note}" if note else ""
    text = None
    if node is not None and getattr(node, "end_lineno", None) == line:
        text = unit.segment(node)
    code = short(text or source_line(unit, line), max(100 - len(comment), 30))
    return Evidence(unit.path, line, (code + comment)[:100], unit.cell)


_CLI = compile_on_use(
    r"^(argparse\.ArgumentParser|optparse\.OptionParser|getopt\.getopt|fire\.Fire"
    r"|docopt\.docopt|tyro\.cli|transformers\.HfArgumentParser|trl\.(?:\w+\.)*TrlParser"
    r"|click\.\w+|typer\.\w+"
    r"|absl\.(flags|app)\.\w+|jsonargparse\.\w+|simple_parsing\.\w+|[\w.]*\.LightningCLI)$"
)
#: TensorFlow's copies of absl's flags (``tf.app.flags``, ``tf.compat.v1.app.flags``,
#: ``tf.compat.v1.flags``): a TF1-style ``config.py`` of ``DEFINE_float(...)`` calls whose
#: ``FLAGS`` a training script imports reads its settings from the command line.
_TF_FLAGS = compile_on_use(r"^tensorflow\.(compat\.v1\.)?(app\.)?flags\.\w+$")
_FILES = compile_on_use(
    r"^(hydra(\.\w+)+|omegaconf(\.\w+)+|yaml\.(safe_load|load|full_load|unsafe_load)"
    r"|ruamel\.yaml\.YAML|tomllib\.loads?|tomli\.loads?|toml\.load|configparser\.ConfigParser"
    r"|gin\.parse_config\w*|ml_collections\.config_flags\.\w+)$"
)
#: An app's number widgets: a Streamlit page that trains on a button reads the values a user
#: sets, as a script reads its command line (a select box more often picks the data).
_WIDGETS = compile_on_use(r"^streamlit\.(sidebar\.)?(slider|select_slider|number_input)$")
#: A search tries settings the code lists, instead of one run with values typed in.
_SEARCH = compile_on_use(
    r"^(optuna\.create_study|ray\.tune(\.\w+)+|wandb\.sweep"
    r"|sklearn\.model_selection\.(Halving)?(GridSearchCV|RandomizedSearchCV)|keras_tuner\.\w+)$"
)
_CONFIG_HINT = compile_on_use(r"conf|cfg|param|setting|option", re.IGNORECASE)
#: Words that make a class or a project function a holder of settings.
_CONFIG_WORDS = frozenset({"config", "configs", "cfg", "conf", "hparams", "settings"})
_CONFIG_CLASS_WORDS = _CONFIG_WORDS | {"args", "arguments", "params", "hyperparameters", "hp"}
_CONFIG_BASES = compile_on_use(
    r"^(pydantic(_settings)?\.(BaseModel|BaseSettings)|typing\.NamedTuple)$"
)
_DATACLASS = compile_on_use(
    r"^(dataclasses\.dataclass|attrs?\.(define|s|frozen)|pydantic\..*dataclass)$"
)
#: Optimizer classes whose first or second positional argument is the learning rate.
OPTIMIZER_CLASSES = frozenset(
    {"SGD", "Adam", "AdamW", "Adamax", "NAdam", "RAdam", "RMSprop", "Adagrad", "Adadelta"}
)
HYPERPARAMETERS = frozenset(
    {"lr", "learning_rate", "batch_size", "epochs", "num_epochs", "n_epochs", "max_epochs"}
    | {"weight_decay", "momentum", "dropout", "hidden_size", "hidden_dim", "num_layers"}
    | {"n_layers", "n_layer", "max_iters", "max_steps", "num_steps", "n_estimators"}
    | {"max_depth", "embedding_dim", "n_embd", "block_size", "warmup_steps", "n_head"}
)

#: The settings of classical estimators a script names at its top (``SVM_C = 2.0``,
#: ``N_NEIGHBORS = 5``): named once, as a network's ``LR`` is. Read only there: typed into
#: a call (``SVC(C=1.0)``) they are still left alone.
_NAMED_ESTIMATOR_SETTINGS = frozenset({"c", "gamma", "n_neighbors", "alpha", "max_iter"})

#: Batch, layer or group norms (``BatchNorm2d``, ``batch_norm``): their ``momentum`` is how fast
#: the running statistics move, a part of the layer no run tunes.
_NORMALISATION = compile_on_use(r"norm", re.IGNORECASE)


def in_loop(unit: SourceUnit, node: ast.AST) -> bool:
    """``node`` is repeated by a loop; for a call, not by a loop over the thing it is called
    on: ``for layer in reversed(self.layers): dout = layer.backward(dout)`` hands a gradient
    down a chain of layers once, it repeats no training step."""
    loops: list[ast.AST] = [*unit.of_type(ast.For, ast.AsyncFor, ast.While)]
    return any(contains(loop, node) and not _over_receiver(loop, node) for loop in loops)


def _over_receiver(loop: ast.AST, node: ast.AST) -> bool:
    if not isinstance(loop, (ast.For, ast.AsyncFor)) or not isinstance(node, ast.Call):
        return False
    func = node.func
    receiver = func.value if isinstance(func, ast.Attribute) else None
    bound = {name.id for name in ast.walk(loop.target) if isinstance(name, ast.Name)}
    return isinstance(receiver, ast.Name) and receiver.id in bound


def _steps_beside(unit: SourceUnit, node: ast.AST) -> bool:
    """An optimizer steps in the function around ``node`` (``optimizer.step()``, or a
    gradient scaler's ``scaler.step(optimizer)`` under mixed precision)."""
    functions: list[ast.AST] = [*unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)]
    around = [function for function in functions if contains(function, node)]
    return any(
        (method(call) == "step" and is_optimizer_name(terminal(call.func.value)))
        or steps_a_wrapped_optimizer(call)
        or steps_through_a_scaler(call)
        for function in around
        for call in ast.walk(function)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
    )


def trains(unit: SourceUnit, call: ast.Call, program: Program) -> bool:
    """``model.fit(...)``, or ``backward()`` in a loop or beside ``optimizer.step()``: a lone
    backward() only shows autograd. Autograd's ``loss.backward()`` repeated by a loop trains
    only where the program moves weights at all: summed gradients that are only printed
    (a lecture's gradient-accumulation demo) train nothing. A from-scratch ``backward(dout)``
    may move its layers' weights itself. A statsmodels regression's ``fit()`` solves for its
    coefficients with nothing to set: no training run, nor is a distribution fitted to errors
    (``gaussian.fit(key, errors)``, ``scipy.stats.laplace.fit(errors)``), nor a fit on random
    inputs and targets (a self-check timing ``model.fit`` on ``np.random.random`` arrays),
    nor a SageMaker estimator's ``fit``, which starts a training script elsewhere."""
    if is_fit(call):
        code = code_of(program)
        return not (
            code.fits_data_preparer(call)
            or code.fits_a_regression(call)
            or code.fits_a_distribution(call)
            or code.fits_noise(call)
            or code.submits_a_job(call)
        )
    if not is_backward(call):
        return False
    if _steps_beside(unit, call):
        return True
    return in_loop(unit, call) and (bool(call.args) or updates_weights(program))


#: Module names that say they hold a run's settings (config.py, hparams.py, settings.py;
#: a learner's variables.py, which every script star-imports, holds them too).
_CONFIG_MODULE_WORDS = _CONFIG_WORDS | {"params", "hyperparameters", "variables"}


def _never_kept_out(path: str, top: str) -> bool:
    return False


#: Words that name a module of settings anywhere in its name (``param_utils.py``), when the
#: module holds nothing else; ``parameters.py`` only so, as the word also names a model's
#: weights (a module that counts them holds functions).
_SETTINGS_WORDS = _CONFIG_MODULE_WORDS | {
    "param",
    "hparam",
    "hyperparameter",
    "setting",
    "parameter",
    "parameters",
}


def _only_settings(module: Program) -> bool:
    """Whether the module's top level holds settings and nothing but settings, imports and a
    docstring: no function or class beside them (``param_utils.py`` of ``BATCH_SIZE = 16``,
    ``LR = 0.0002``, not ``config_utils.py`` of loaders)."""
    allowed = (ast.Assign, ast.AnnAssign, ast.Import, ast.ImportFrom, ast.Expr)
    return _holds_settings(module) and all(
        isinstance(node, allowed)
        for unit in module.units
        for node in (unit.tree.body if unit.tree is not None else ())
    )


def _holds_settings(module: Program) -> bool:
    """Whether the module's top level sets a value written out (``EPOCHS = 10``, ``PATHS =
    {...}``, ``cfg.TRAIN.LR = 0.01``) or read from the environment with a run setting's name
    (``EPOCHS = int(os.environ.get("EPOCHS", 10))``): settings, not a module of config
    classes and helpers (``hparams_mixin.py``, ``pipe_quant_config.py``) nor one of keys."""
    for unit in module.units:
        for node in unit.tree.body if unit.tree is not None else ():
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                targets = [node.target]
            value = getattr(node, "value", None)
            from_environment = isinstance(value, ast.expr) and any(
                _environment_setting(module, inner) for inner in ast.walk(value)
            )
            written = isinstance(value, _WRITTEN_OUT) and not _is_path_join(value)
            if not (from_environment or written or _namespace_of_settings(value)):
                continue
            if any(not (isinstance(t, ast.Name) and t.id.startswith("__")) for t in targets):
                return True
    return False


#: Calls that make one object of settings from what they are given: ``SimpleNamespace(
#: epochs=2, lr=2e-5)``, ``dict(...)``, ``EasyDict({...})``.
_NAMESPACES = frozenset({"SimpleNamespace", "Namespace", "dict", "EasyDict", "edict", "Munch"})


def _namespace_of_settings(value: object) -> bool:
    """``config = SimpleNamespace(epochs=2, encoder_lr=2e-5, ...)``: settings written out as
    the keywords (or the one dict) of a namespace, not a namespace of what a call returns."""
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in _NAMESPACES:
        return False
    given = [item.value for item in value.keywords if item.arg is not None] + [
        argument for argument in value.args if isinstance(argument, ast.Dict)
    ]
    return bool(given) and any(isinstance(item, _WRITTEN_OUT) for item in given)


#: Values a settings module writes out.
_WRITTEN_OUT = (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Set, ast.BinOp, ast.UnaryOp)


def _is_path_join(value: ast.expr) -> bool:
    """``ROOT / "datasets"``, ``DATA / "ckpt" / name``: a folder of the project built from
    another, where its files live, not a setting of a run (``LR = BASE_LR / 4`` is one)."""
    if not (isinstance(value, ast.BinOp) and isinstance(value.op, ast.Div)):
        return False
    leaves = [node for node in ast.walk(value) if isinstance(node, ast.Constant)]
    return any(isinstance(leaf.value, str) for leaf in leaves) and not any(
        isinstance(leaf.value, (int, float, complex)) for leaf in leaves
    )


@dataclass(frozen=True)
class Reader:
    """Reads reached code for configuration, knowing the project's own functions, and which
    top-level modules a script imports that the .gitignore keeps out beside it (a config.py
    each reader makes from the committed template)."""

    graph: ProjectGraph
    kept_out: Callable[[str, str], bool] = _never_kept_out
    #: False to read past ``sys.argv``: for a run whose arguments give it no setting.
    argv: bool = True
    #: False to read past an argparse parser: for a run whose options give it no setting.
    parsers: bool = True

    def call(self, site: Site, call: ast.Call) -> str | None:
        """The configuration a call reads: a parser, a config file, a configurator, a config
        object the project builds (``get_config()``, ``GPTConfig(...)``)."""
        name = site.place.program.resolve(call.func) or ""
        if not name:
            return "a configurator file run with exec()" if _runs_a_file(call) else None
        if _environment_setting(site.place.program, call):
            return ENVIRONMENT
        library = _library_source(site, call, name)
        if library == ARGPARSE and not self.parsers:
            library = None
        return (
            library or self._project_object(name) or self._loaded_config(site.place.program, call)
        )

    def _loaded_config(self, program: Program, call: ast.Call) -> str | None:
        """``import_module(f"environments.{env_name}")``: a config module among the modules
        it may load, or among those their top level imports (``from .config import
        training_config`` in the game's package), is where the run's settings are kept."""
        for loaded in loaded_by_name(call, program, self.graph):
            imports = [
                node
                for unit in loaded.units
                for node in (unit.tree.body if unit.tree is not None else ())
                if isinstance(node, (ast.Import, ast.ImportFrom))
            ]
            candidates = [loaded]
            candidates += [
                other for node in imports for other in self.graph.imported_by(loaded, node)
            ]
            for candidate in candidates:
                if found := _settings_module(candidate):
                    return found
        return None

    def _project_object(self, name: str) -> str | None:
        last = name.rsplit(".", 1)[-1]
        if not set(tokens(last)) & _CONFIG_WORDS:
            return None
        functions, classes = self.graph.lookup(name)
        return f"a config object ({last})" if functions or classes else None

    def source(self, site: Site) -> str | None:
        """What kind of configuration a node reads, if it reads one."""
        node = site.node
        if isinstance(node, ast.Call):
            return self.call(site, node)
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            found = _attribute_source(site, node)
            return None if found == ARGV and not self.argv else found
        if isinstance(node, ast.Name) and _is_argv(site.place.program.resolve, node):
            # ``from sys import argv``: the same command line under its own name.
            return ARGV if self.argv and isinstance(node.ctx, ast.Load) else None
        if isinstance(node, ast.ClassDef) and _is_config_class(site, node):
            return f"a config class ({node.name})"
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            return self._config_module(site, node)
        return None

    def _config_module(self, site: Site, node: ast.Import | ast.ImportFrom) -> str | None:
        """``import config as cfg``, ``from hparams import EPOCHS``: the run's settings kept in
        one module of the project's, which a run changes in one place, as a config file."""
        program = site.place.program
        for module in self.graph.imported_by(program, node):
            if found := _settings_module(module):
                return found
        tops = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            tops = [node.module]
        for top in (name.split(".", 1)[0] for name in tops):
            if set(tokens(top)) & _CONFIG_MODULE_WORDS and self.kept_out(program.path, top):
                return f"a config module ({top}.py, which .gitignore keeps out)"
        return None


def _settings_module(module: Program) -> str | None:
    """A project module of the run's settings: named for them (``config.py``) and setting
    values, or holding nothing but settings whatever its name (``param_utils.py``)."""
    named = tokens(module.module.rsplit(".", 1)[-1])
    if named and named[-1] in _CONFIG_MODULE_WORDS and _holds_settings(module):
        return f"a config module ({module.path})"
    if set(named) & _SETTINGS_WORDS and _only_settings(module):
        return f"a config module ({module.path})"
    return None


#: What a run reads its settings from when it takes them from the environment.
ENVIRONMENT = "environment variables"
_ENVIRONMENT_READS = frozenset({"os.environ.get", "os.getenv"})


def _environment_setting(program: Program, node: ast.AST) -> bool:
    """``os.environ.get("EPOCHS", 10)``, ``os.getenv("LEARNING_RATE")`` or
    ``os.environ["BATCH_SIZE"]``: a run setting read from the environment, as twelve-factor
    apps and training containers take theirs (``EXPERIMENT=deep python train.py``). A key
    or a folder read there (``WANDB_API_KEY``, ``DATA_DIR``) is no setting of the run."""
    if isinstance(node, ast.Call) and node.args:
        if program.resolve(node.func) not in _ENVIRONMENT_READS:
            return False
        key = node.args[0]
    elif isinstance(node, ast.Subscript):
        if program.resolve(node.value) != "os.environ":
            return False
        key = node.slice
    else:
        return False
    name = constant_of(key, default=None)
    if not isinstance(name, str):
        return False
    lowered = name.lower()
    return any(lowered == word or lowered.endswith("_" + word) for word in HYPERPARAMETERS)


def is_hyperparameter_name(name: str) -> bool:
    """A hyperparameter's name, alone or with a word for what it tunes before or after it:
    ``lr``, ``critic_lr``, ``lr_actor``, ``policy_batch_size``."""
    lowered = name.lower()
    return any(
        lowered == word or lowered.endswith("_" + word) or lowered.startswith(word + "_")
        for word in HYPERPARAMETERS
    )


def _library_source(site: Site, call: ast.Call, name: str) -> str | None:
    """A command-line parser or a config-file loader of a library."""
    if _parses_a_fixed_list(call, name):
        return None
    if _CLI.match(name):
        return "LightningCLI" if name.endswith("LightningCLI") else name.split(".", 1)[0]
    if _TF_FLAGS.match(name):
        return "absl flags (through TensorFlow)"
    if _FILES.match(name) or (name == "json.load" and _hinted(site, call)):
        if _configures_logging(site, call):
            return None
        return f"a config file ({name.split('.', 1)[0]})"
    if _WIDGETS.match(name):
        return "Streamlit widgets"
    if _SEARCH.match(name):
        return f"a hyperparameter search ({name.rsplit('.', 1)[-1]})"
    return None


def _parses_a_fixed_list(call: ast.Call, name: str) -> bool:
    """``FLAGS([''])``, ``flags.FLAGS(['train.py'])``: absl's flags parsed from a list typed
    into the call, as PySC2's scripts start them outside ``app.run``. They read no command
    line; ``FLAGS(sys.argv)`` does."""
    if name.rpartition(".")[2] != "FLAGS" or not call.args:
        return False
    given = call.args[0]
    return isinstance(given, (ast.List, ast.Tuple)) and all(
        isinstance(element, ast.Constant) for element in given.elts
    )


_ATTRIBUTES = {"sys.argv": "command-line arguments (sys.argv)", "wandb.config": "a wandb config"}
#: What a run reads when it reads ``sys.argv`` itself.
ARGV = _ATTRIBUTES["sys.argv"]
#: Calls that turn a command-line argument into a number (a setting), and loaders of a file
#: the command line may name as the run's config.
_NUMBER_READS = frozenset({"int", "float", "eval", "ast.literal_eval"})
_JSON_READS = frozenset({"json.load", "json.loads"})
#: Qt's application objects, which read Qt's own options (``-style``, ``-platform``) from the
#: arguments a desktop program hands them whole: none of them is a setting of the run.
_TOOLKIT_APPS = frozenset({"QApplication", "QGuiApplication", "QCoreApplication"})


def _is_argv(resolve: Callable[[ast.expr], str | None], node: ast.AST) -> bool:
    """``sys.argv``, or ``argv`` imported by name from sys (``from sys import argv``)."""
    return isinstance(node, (ast.Attribute, ast.Name)) and resolve(node) == "sys.argv"


#: What a run's ``sys.argv`` reads give it (:func:`argv_reading`).
ARGV_SETTINGS, ARGV_NAMES, ARGV_TOOLKIT = "settings", "names", "toolkit"


def argv_reading(sites: Iterable[Site]) -> str:
    """Whether a run's own ``sys.argv`` reads may give it a setting (ARGV_SETTINGS): a number
    (``int(sys.argv[2])``), a value named for a hyperparameter (``lr = sys.argv[1]``), the
    arguments handed on whole or sliced (``main(sys.argv[1:])``), or a file the run reads as
    JSON or YAML. An argument kept under a name of its own and made a number where that name
    is used (``epoch = sys.argv[4]`` then ``range(int(epoch))``) is a number read too.
    ``sys.argv[1]`` taken as it is, as a checkpoint to resume from, a data folder or a model
    to pick, gives none (ARGV_NAMES); ``len(sys.argv)`` only asks how many there are. Handed
    whole to a Qt application (``QApplication(sys.argv)``), the arguments are Qt's own
    options: where that is all the run does with them (ARGV_TOOLKIT), it reads no command
    line of its own."""
    argv: list[ast.expr] = []
    indexed: set[int] = set()  # sys.argv[<int>], the text of one argument
    counted: set[int] = set()  # len(sys.argv)
    toolkit: set[int] = set()  # sys.argv handed to a Qt application
    settings: set[int] = set()
    kept: dict[tuple[int, str], set[int]] = {}  # (program, name) -> its sys.argv[<int>]
    numbered: set[tuple[int, str]] = set()  # (program, name) made a number somewhere
    for site in sites:
        node, resolve = site.node, site.place.program.resolve
        if _is_argv(resolve, node):
            assert isinstance(node, ast.expr)
            argv.append(node)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, (ast.Attribute, ast.Name)):
            if isinstance(constant_of(node.slice, default=None), int):
                indexed.add(id(node.value))
        elif isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else resolve(node.func) or ""
            if name in _JSON_READS or _FILES.match(name):
                return ARGV_SETTINGS
            inside = {id(inner) for arg in node.args for inner in ast.walk(arg)}
            if name in _NUMBER_READS:
                settings |= inside
                program = id(site.place.program)
                numbered.update((program, arg.id) for arg in node.args if isinstance(arg, ast.Name))
            elif name == "len":
                counted |= inside
            elif name.rsplit(".", 1)[-1] in _TOOLKIT_APPS:
                toolkit.update(id(arg) for arg in node.args)
        elif isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            if any(is_hyperparameter_name(name) for name in names):
                settings.update(id(inner) for inner in ast.walk(node.value))
            value = node.value
            if (
                len(names) == 1 == len(node.targets)
                and isinstance(value, ast.Subscript)
                and _is_argv(resolve, value.value)
            ):
                kept.setdefault((id(site.place.program), names[0]), set()).add(id(value.value))
    for key in numbered:
        settings |= kept.get(key, set())
    own = [node for node in argv if id(node) not in toolkit]
    if argv and not own:
        return ARGV_TOOLKIT
    gives = any(
        id(node) in settings or (id(node) not in indexed and id(node) not in counted)
        for node in own
    )
    return ARGV_SETTINGS if gives else ARGV_NAMES


#: What a run reads when it builds an argparse parser.
ARGPARSE = "argparse"
#: The last word of an option that names a thing rather than sets a run: which client or
#: GPU, where the data or the checkpoint is, how much to print.
_NAMING_WORDS = frozenset(
    {
        *("id", "idx", "index", "rank", "name", "seed", "port", "host", "ip", "url", "address"),
        *("path", "paths", "dir", "folder", "root", "file", "filename", "checkpoint", "ckpt"),
        *("resume", "weights", "data", "input", "output", "out", "device", "gpu", "gpus"),
        *("cuda", "workers", "verbose", "debug", "quiet"),
    }
)
#: Whole option names that pick what a run does (``--mode train``, ``--mode evaluate``), not
#: how it trains; ``--fusion_mode`` or ``--loss_mode`` still set a part of the model.
_ACTION_OPTIONS = frozenset({"mode", "action", "command", "cmd", "phase"})
#: Options that give a run its settings whatever they are named by: a config file.
_CONFIG_OPTION_WORDS = frozenset({"config", "cfg", "conf", "hparams", "params", "settings"})


def parser_gives_settings(site: Site) -> bool:
    """Whether the argparse options added in the module that builds the parser at ``site``
    may give the run a setting: any option but those naming a thing (``--client_id``,
    ``--data_dir``, ``--checkpoint``, ``--gpu``), a ``float`` read, or an option the source
    does not name. A module that adds no option, or hands its parser to a function that may
    add more (``add_training_args(parser)``), is taken to give settings."""
    verdicts = [_options_give_settings(unit) for unit in site.place.program.units]
    read = [verdict for verdict in verdicts if verdict is not None]
    return not read or any(read)


def unread_command_line(site: Site) -> tuple[SourceUnit, ast.Call] | None:
    """The first parse, where the module that builds the parser at ``site`` hands every
    ``parse_args`` or ``parse_known_args`` it makes a written-out list (``parse_args([])``,
    ``parse_args(args=["--lr", "0.1"])``), as a notebook does and a script converted from one
    keeps: the flags are never read, and every run takes the defaults, whatever the README's
    command line says. None where some parse reads the command line, or none is seen; and
    in a notebook, where ``parse_args([])`` is how a parser is used and its cell is where a
    run's settings are edited."""
    parses = [
        (unit, call)
        for unit in site.place.program.units
        for call in unit.of_type(ast.Call)
        if isinstance(call.func, ast.Attribute)
        and call.func.attr in ("parse_args", "parse_known_args")
    ]
    if not parses or not all(_given_a_list(call) for _, call in parses):
        return None
    if any(unit.cell is not None for unit, _ in parses):
        return None
    return parses[0]


def _given_a_list(call: ast.Call) -> bool:
    given = call.args[0] if call.args else keyword(call, "args")
    return isinstance(given, (ast.List, ast.Tuple))


@per_object
def _options_give_settings(unit: SourceUnit) -> bool | None:
    """What the options ``unit`` adds say (None where it adds none)."""
    added = [
        call
        for call in unit.of_type(ast.Call)
        if isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument"
    ]
    if not added:
        return None
    parsers = {terminal(call.func.value) for call in added}  # type: ignore[attr-defined]
    handed_on = any(
        isinstance(argument, ast.Name) and argument.id in parsers
        for call in unit.of_type(ast.Call)
        for argument in (*call.args, *(item.value for item in call.keywords))
    )
    return handed_on or any(_option_gives_a_setting(call) for call in added)


def _option_gives_a_setting(call: ast.Call) -> bool:
    flags = [flag for arg in call.args if isinstance(flag := constant_of(arg, default=None), str)]
    if not flags or len(flags) != len(call.args):
        return True
    dest = constant_of(keyword(call, "dest"), default=None)
    name = dest if isinstance(dest, str) else max(flags, key=len).lstrip("-")
    kind = keyword(call, "type")
    if isinstance(kind, ast.Name) and kind.id == "float":
        return True
    name = name.replace("-", "_")
    words = tokens(name)
    if not words or is_hyperparameter_name(name) or set(words) & _CONFIG_OPTION_WORDS:
        return True
    if _help_names_a_path(call):
        return False
    return words[-1] not in _NAMING_WORDS and name not in _ACTION_OPTIONS | {"world_size"}


#: Help text that says the option is a place on disk: "path to output model", "Directory of
#: training images", "output file for the weights".
_PATH_HELP = compile_on_use(
    r"^(?:the |an? )?(?:(?:input|output) )?(?:path|paths|directory|dir|folder|file|filename)\b",
    re.IGNORECASE,
)
#: ... unless the place holds the run's settings: "path to the YAML config".
_SETTINGS_HELP = compile_on_use(
    r"\b(?:config|cfg|conf|configuration|yaml|yml|json|toml|hparams|hyperparameters?|params"
    r"|parameters|settings)\b",
    re.IGNORECASE,
)


def _help_names_a_path(call: ast.Call) -> bool:
    """Whether ``add_argument``'s help says the option is a path, not a file of settings:
    ``--model`` "path to output model" names where the weights go, whatever its name suggests."""
    text = constant_of(keyword(call, "help"), default=None)
    if not isinstance(text, str):
        return False
    text = text.strip()
    return bool(_PATH_HELP.search(text)) and not _SETTINGS_HELP.search(text)


#: Flower hands its apps a ``Context`` whose ``run_config`` is pyproject.toml's
#: ``[tool.flwr.app.config]``, overridden by ``flwr run --run-config``.
_FLOWER_RUN_CONFIG = "a Flower run config (pyproject.toml, flwr run --run-config)"


def _attribute_source(site: Site, node: ast.Attribute) -> str | None:
    program = site.place.program
    found = _ATTRIBUTES.get(program.resolve(node) or "")
    if found is None and node.attr == "run_config" and _imports_flower(program.names.values()):
        return _FLOWER_RUN_CONFIG
    return found


def _imports_flower(names: Iterable[str]) -> bool:
    return any(name == "flwr" or name.startswith("flwr.") for name in names)


#: A JSON file named like a config, or kept in a folder named so (``configs/default.json``).
_CONFIG_JSON = compile_on_use(
    r"(conf|cfg|param|setting|option)[\w.-]*(/[\w.-]+)*\.json$", re.IGNORECASE
)


def _hinted(site: Site, call: ast.Call) -> bool:
    """``json.load`` of a config: the call, the name it is given, the name of the path it is
    read from, or a file name in the same cell or module says so (``with open("config.json")
    as f: cfg = json.load(f)``; ``with open(params_path) as f: params_dict = json.load(f)``
    over a folder of parameter files)."""
    if _CONFIG_HINT.search(site.unit.segment(call) or ""):
        return True
    if any(_CONFIG_HINT.search(name) for name in _names_around(site.unit, call)):
        return True
    return any(
        isinstance(node.value, str) and _CONFIG_JSON.search(node.value)
        for node in site.unit.of_type(ast.Constant)
    )


def _configures_logging(site: Site, call: ast.Call) -> bool:
    """A file loaded only for ``logging.config.dictConfig`` (``cfg = yaml.safe_load(f)``,
    ``logging.config.dictConfig(cfg)``, or the load handed to it directly): it sets where
    messages go, no setting of a run."""
    program = site.place.program
    loaded = set(_loaded_into(site.unit, call))
    handed = [
        other
        for other in site.unit.of_type(ast.Call)
        if program.resolve(other.func) == "logging.config.dictConfig"
    ]
    for other in handed:
        for argument in other.args[:1]:
            if argument is call or (isinstance(argument, ast.Name) and argument.id in loaded):
                return True
    return False


def _loaded_into(unit: SourceUnit, call: ast.Call) -> Iterator[str]:
    """The names the value of ``call`` (or of an expression around it) is assigned to:
    ``params_dict`` of ``params_dict = json.load(f)``, ``cfg`` of ``cfg =
    yaml.safe_load(f)["x"]``."""
    for node in unit.of_type(ast.Assign, ast.AnnAssign):
        if not isinstance(node, (ast.Assign, ast.AnnAssign)) or node.value is None:
            continue
        if node.value is call or contains(node.value, call):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            yield from (
                t.id for target in targets for t in ast.walk(target) if isinstance(t, ast.Name)
            )


def _names_around(unit: SourceUnit, call: ast.Call) -> Iterable[str]:
    """The names a loaded value is assigned to, and the path names of the ``open`` calls whose
    file the loader reads (``with open(params_path) as f: ... json.load(f)``)."""
    yield from _loaded_into(unit, call)
    read = {arg.id for arg in call.args[:1] if isinstance(arg, ast.Name)}
    if not read:
        return
    for statement in unit.of_type(ast.With, ast.AsyncWith):
        if not isinstance(statement, (ast.With, ast.AsyncWith)):
            continue
        for item in statement.items:
            opened = item.context_expr
            if (
                isinstance(item.optional_vars, ast.Name)
                and item.optional_vars.id in read
                and isinstance(opened, ast.Call)
                and isinstance(opened.func, ast.Name)
                and opened.func.id == "open"
                and opened.args
                and isinstance(opened.args[0], ast.Name)
            ):
                yield opened.args[0].id


def _runs_a_file(call: ast.Call) -> bool:
    """``exec(open("configurator.py").read())``: nanoGPT's way of overriding its globals."""
    if not (isinstance(call.func, ast.Name) and call.func.id == "exec"):
        return False
    return any(
        isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "open"
        for inner in ast.walk(call)
    )


def _is_config_class(site: Site, node: ast.ClassDef) -> bool:
    """``@dataclass class TrainConfig``, a pydantic settings model, or a ``class CFG`` of values."""
    if not set(tokens(node.name)) & _CONFIG_CLASS_WORDS:
        return False
    return _declared_config(site, node) or _holds_values(node)


def _declared_config(site: Site, node: ast.ClassDef) -> bool:
    resolve = site.place.program.resolve
    decorators = [d.func if isinstance(d, ast.Call) else d for d in node.decorator_list]
    return any(_DATACLASS.match(resolve(d) or "") for d in decorators) or any(
        _CONFIG_BASES.match(resolve(base) or "") for base in node.bases
    )


def _holds_values(node: ast.ClassDef) -> bool:
    values = [item for item in node.body if isinstance(item, (ast.Assign, ast.AnnAssign))]
    return len(values) >= 2


def _number(node: ast.expr | None) -> bool:
    if isinstance(node, ast.UnaryOp):
        node = node.operand
    value = constant_of(node, default=None)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


#: Calls that run a model on inputs and train nothing: Keras' and scikit-learn's predictions,
#: a sentence encoder's or an embedding client's ``encode``/``embed_documents``, spaCy's
#: ``nlp.pipe(texts, batch_size=50)`` that tags texts a batch at a time.
_INFERENCE_CALLS = frozenset(
    {
        "pipe",
        "predict",
        "predict_proba",
        "predict_log_proba",
        "predict_on_batch",
        "encode",
        "encode_queries",
        "encode_corpus",
        "embed_documents",
        "embed_query",
    }
)


def _infers(name: str) -> bool:
    """A method that runs a model and trains nothing: one of :data:`_INFERENCE_CALLS`, or a
    method named first for predicting (``predict_batch``, a hand-written classifier's
    ``predict_with_kd_tree_weighted_batch``), whose batch is how many rows run at a time."""
    return name in _INFERENCE_CALLS or tokens(name)[:1] == ["predict"]


def _keyword_literal(
    call: ast.Call, stepped: bool = False, program: Program | None = None
) -> str | None:
    """``Adam(params, lr=0.001)``, ``DataLoader(ds, batch_size=32)``; not ``dict(n_layer=12)``,
    a table of presets. An optimizer's learning rate may come by position too:
    ``optim.SGD(params, 0.01)`` (PyTorch), ``optimizers.Adam(0.001)`` (Keras). Not what a
    call named for evaluating is given either: ``model.evaluate(x, y, batch_size=64)``, or
    ``runner.evaluate(epochs=100)`` capping an evaluation at 100 batches, sets nothing of a
    training run; nor an inference's batch: ``model.encode(texts, batch_size=64)`` or
    ``model.predict(x, batch_size=32)`` (or ``knn.predict_weighted_batch(x, batch_size=100)``,
    or spaCy's ``nlp.pipe(texts, batch_size=50)``) sets how many inputs run at a time, not the
    result.
    A ``stepped`` call is made by a loop's body: its ``epochs=1`` is the loop's step (a
    stateful LSTM fitted an epoch at a time), and the loop says how many run. A value its
    library gives anyway (``RandomForestClassifier(n_estimators=100)``) is no choice."""
    if isinstance(call.func, ast.Name) and call.func.id == "dict":
        return None
    name = terminal(call.func) or ""
    if is_evaluation_name(name) or (isinstance(call.func, ast.Attribute) and _infers(name)):
        return None
    normalisation = _NORMALISATION.search(terminal(call.func) or "") is not None
    in_order = _walks_in_order(call) or _prepares_rows(call) or loads_a_held_out_split(call)
    for item in call.keywords:
        if item.arg and item.arg.lower() in HYPERPARAMETERS and _number(item.value):
            if normalisation and item.arg.lower() == "momentum":
                continue  # the layer's running-average rate, not the optimizer's momentum
            if in_order and item.arg.lower() == "batch_size":
                continue
            if stepped and item.arg.lower() == "epochs" and constant_of(item.value) == 1:
                continue
            if program is not None and at_library_default(program.resolve(call.func) or "", item):
                continue
            return f"{item.arg} typed in place"
    if terminal(call.func) in OPTIMIZER_CLASSES and any(map(_number, call.args[:2])):
        return "lr typed in place"
    return None


#: Methods of a dataset that hand a function its rows in chunks while the data is prepared.
_ROW_CHUNKING = frozenset({"map", "filter"})


def _prepares_rows(call: ast.Call) -> bool:
    """``ds.map(prepare, batched=True, batch_size=8)`` (Hugging Face datasets): how many rows
    the function is handed at a time while the data is prepared, not a batch the model trains
    on; it sets the speed, not the result."""
    return isinstance(call.func, ast.Attribute) and call.func.attr in _ROW_CHUNKING


#: What a loader is given when it draws its batches itself: shuffle=False is then required.
_SAMPLERS = frozenset({"sampler", "batch_sampler"})


def _walks_in_order(call: ast.Call) -> bool:
    """``DataLoader(test_ds, batch_size=1000, shuffle=False)``, or Keras'
    ``flow_from_directory(test_dir, batch_size=32, shuffle=False)``: a loader that walks its
    data in order, as one that evaluates does; its batch size sets the speed, not the result.
    One given a sampler (``shuffle=False`` is then required) may be the training loader."""
    if terminal(call.func) not in SHUFFLING_LOADERS:
        return False
    keywords = {item.arg: item.value for item in call.keywords if item.arg}
    shuffle = keywords.get("shuffle")
    if shuffle is None or constant_of(shuffle, default=None) is not False:
        return False
    return not _SAMPLERS & keywords.keys()


def _epoch_literal(loop: ast.For | ast.AsyncFor) -> str | None:
    """``for epoch in range(10):``."""
    target = loop.target.id if isinstance(loop.target, ast.Name) else ""
    ranged = isinstance(loop.iter, ast.Call) and isinstance(loop.iter.func, ast.Name)
    if not ranged or "epoch" not in target.lower():
        return None
    call = loop.iter
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
    # range(1, NUM_EPOCHS + 1) counts from one: only the end is the number of epochs.
    stop = call.args[1] if len(call.args) > 1 else call.args[0] if call.args else None
    literal = call.func.id == "range" and _typed_count(stop)
    return "epochs typed in place" if literal else None


def _typed_count(node: ast.expr | None) -> bool:
    """``10`` or ``10 + 1``: a count written as numbers only."""
    if isinstance(node, ast.BinOp):
        return _typed_count(node.left) and _typed_count(node.right)
    return _number(node)


def stepped_calls(sites: Iterable[Site]) -> set[int]:
    """ids of the calls a loop's body makes as statements of its own (``model.fit(...)`` or
    ``history = model.fit(...)`` right inside ``for i in range(nb_epoch):``)."""
    found = set()
    for site in sites:
        if isinstance(site.node, (ast.For, ast.AsyncFor, ast.While)):
            for statement in site.node.body:
                if isinstance(statement, (ast.Expr, ast.Assign)) and isinstance(
                    statement.value, ast.Call
                ):
                    found.add(id(statement.value))
    return found


def untrained_loader_loops(sites: Iterable[Site]) -> set[int]:
    """ids of the loader calls a ``for`` loop walks by hand and whose body trains nothing:
    ``for batch in gen.flow(image, batch_size=1): copies.append(batch[0]) ... break``, a few
    augmented copies of one image (or a look at batches) taken before any training. Its batch
    size sets how many come at a time, not what a model learns; a loop whose body trains on
    each batch (``model.train_on_batch(batch, y)``, ``loss.backward()``) is the run's batch."""
    found = set()
    for site in sites:
        loop = site.node
        if not isinstance(loop, (ast.For, ast.AsyncFor)) or not isinstance(loop.iter, ast.Call):
            continue
        if terminal(loop.iter.func) not in SHUFFLING_LOADERS:
            continue
        program = site.place.program
        body = [node for statement in loop.body for node in ast.walk(statement)]
        if not any(
            (isinstance(node, ast.Call) and trains(site.unit, node, program))
            or is_hand_update(node)
            for node in body
        ):
            found.add(id(loop.iter))
    return found


def literal_setting(site: Site, stepped: bool = False) -> str | None:
    """``lr=0.001`` passed in a call, or ``for epoch in range(10)``: a setting typed in place.
    ``stepped``: the call is a statement of a loop's body (see :func:`stepped_calls`)."""
    node = site.node
    if isinstance(node, ast.Call):
        if _runs_a_pipeline(node, site.place.program):
            return None
        return _keyword_literal(node, stepped, site.place.program)
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return _epoch_literal(node)
    return None


#: Hugging Face's inference pipelines: ``pipeline("automatic-speech-recognition", ...)``.
_PIPELINES = frozenset({"transformers.pipeline", "transformers.pipelines.pipeline"})


def _runs_a_pipeline(call: ast.Call, program: Program) -> bool:
    """``asr(test_set, batch_size=16)`` where ``asr = pipeline(...)``, or ``pipeline(...)(x,
    batch_size=8)``: an inference pipeline's batch sets how many inputs run at a time, not
    what a model learns."""
    func = call.func
    if isinstance(func, ast.Call):
        return program.resolve(func.func) in _PIPELINES
    return isinstance(func, ast.Name) and func.id in _pipeline_names(program)


def _pipeline_names(program: Program) -> frozenset[str]:
    """Names the program binds to an inference pipeline, read once per program."""
    known = program.derived.get("pipeline names")
    if known is None:
        known = program.derived["pipeline names"] = frozenset(
            target.id
            for unit in program.units
            if "pipeline" in unit.source
            for node in unit.of_type(ast.Assign)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and program.resolve(node.value.func) in _PIPELINES
            for target in node.targets
            if isinstance(target, ast.Name)
        )
    return known  # type: ignore[return-value]


def named_setting(site: Site) -> bool:
    """``LEARNING_RATE = 3e-4`` (or ``LEARNING_RATE: float = 3e-4``) at the top of a script
    or notebook, or a dict of settings there (``SETTINGS = {"learning_rate": 5e-4,
    "num_epochs": 10}``, a search's grid of such values): named once. A dict of settings
    counts in a function the run calls too (``def main(): config = {"INITIAL_LR": 3e-4,
    ...}``): one block the run's values are changed in, wherever it stands; a lone constant
    in a function is only a local variable."""
    node = site.node
    targets: list[ast.expr]
    if isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    elif isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    else:
        return False
    if isinstance(value, ast.Dict):
        return _settings_dict(value)
    if site.place.function is not None:
        return False
    names = [t.id for t in targets if isinstance(t, ast.Name)]
    if not (_number(value) or _spaced_numbers(site, value)) or not any(
        map(_names_a_setting, names)
    ):
        return False
    return not _counted_up(site, names)


#: Calls that space numbers out (``np.arange(10, 1001)``, ``np.linspace(0.01, 0.3, 100)``).
_SPACINGS = frozenset(
    {"range", "numpy.arange", "numpy.linspace", "numpy.logspace", "numpy.geomspace"}
)


def _spaced_numbers(site: Site, value: ast.expr) -> bool:
    """A search space of one hyperparameter named at the top (``max_depth_range = [3, 5, 7]``,
    ``learning_rate_range = np.linspace(0.01, 0.3, 100)``), which a hand-written search
    draws from: named once, as a dict of such lists is."""
    if isinstance(value, (ast.List, ast.Tuple)):
        return bool(value.elts) and all(map(_number, value.elts))
    if not isinstance(value, ast.Call) or not value.args or value.keywords:
        return False
    if site.place.program.resolve(value.func) not in _SPACINGS:
        return False
    return all(map(_number, value.args))


#: Words after a setting's name that make it a search's grid (``C_VALUES``, ``GAMMA_GRID``).
_GRID_SUFFIXES = ("_values", "_grid", "_range", "_list", "_options", "_candidates", "s")


def _names_a_setting(name: str) -> bool:
    """A hyperparameter's name, or a classical estimator's written as a constant (``SVM_C``,
    ``N_NEIGHBORS``), or its grid in a search (``C_VALUES``, ``GAMMA_GRID``, ``ALPHAS``): a
    lecture's ``c = 10.0`` is a value of its computation, no setting."""
    if is_hyperparameter_name(name):
        return True
    if not name.isupper():
        return False
    lowered = name.lower()
    return any(
        lowered == word
        or lowered.endswith("_" + word)
        or any(lowered == word + suffix for suffix in _GRID_SUFFIXES if len(word + suffix) > 2)
        for word in _NAMED_ESTIMATOR_SETTINGS
    )


def _counted_up(site: Site, names: list[str]) -> bool:
    """A name its file adds to (``no_improve_epochs += 1``): a counter of the run, such as
    early stopping's epochs without progress, whose start value is no setting."""
    return any(
        isinstance(node.target, ast.Name) and node.target.id in names
        for node in site.unit.of_type(ast.AugAssign)
    )


def _settings_dict(node: ast.Dict) -> bool:
    """A dict literal naming a hyperparameter by its key (``"lr_actor"`` too), with a number
    or a list of numbers for it."""
    for key, value in zip(node.keys, node.values, strict=True):
        name = constant_of(key, default=None)
        if not isinstance(name, str) or not is_hyperparameter_name(name):
            continue
        values = value.elts if isinstance(value, (ast.List, ast.Tuple)) else [value]
        if values and all(_number(item) for item in values):
            return True
    return False


def line_of(site: Site) -> int:
    return int(getattr(site.node, "lineno", 1))
