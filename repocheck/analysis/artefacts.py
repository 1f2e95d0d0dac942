"""What the code writes into the repository's folder when it runs: checkpoints and data.

GIT003 advises an ignore pattern only for what a run really produces here: ``*.pt`` where
torch saves, ``data/`` where a dataset is downloaded into ``data/``. A path the source does not
tell (a parameter, a config value) leaves the place unknown; a path outside the repository (an
absolute path, a Drive mount) is not an artefact of the repository at all.
"""

from __future__ import annotations

import ast
import bisect
import re
from collections.abc import Callable, Container
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.cli_defaults import CliDefaults
from repocheck.analysis.colab import enters_own_clone, runs_in_colab_only
from repocheck.analysis.config_values import config_documents, config_strings
from repocheck.analysis.environments import in_environment
from repocheck.analysis.imports import Program, constant_of, has_star_kwargs, keyword, programs
from repocheck.analysis.path_values import (
    HERE,
    UNKNOWN,
    Location,
    ProjectPaths,
    argument,
    is_absolute,
    locate,
)
from repocheck.analysis.seeding import names_read_anywhere
from repocheck.analysis.sys_path import first_path_edit
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.patterns import compile_on_use

CHECKPOINT = "model checkpoints"
DATA = "data files"
PICKLED = "pickled objects"
LOGS = "training logs"
#: What the logging module writes: any program's log, a server's as a trainer's.
RUN_LOGS = "logs"
#: The kinds of log a run leaves: worth keeping out, no measure of what else is.
LOG_KINDS = frozenset({LOGS, RUN_LOGS})

#: Module functions that write a file: name -> (kind, path argument index, keyword, suffix).
_FILE_WRITERS: dict[str, tuple[str, int, str, str]] = {
    "torch.save": (CHECKPOINT, 1, "f", ".pt"),
    "joblib.dump": (CHECKPOINT, 1, "filename", ".joblib"),
    "numpy.save": (DATA, 0, "file", ".npy"),
    "numpy.savez": (DATA, 0, "file", ".npz"),
    "numpy.savez_compressed": (DATA, 0, "file", ".npz"),
    "urllib.request.urlretrieve": (DATA, 1, "filename", ""),
    "wget.download": (DATA, 1, "out", ""),
    "gdown.download": (DATA, 1, "output", ""),
    # A run's log file: logging.basicConfig(filename="train.log") or a FileHandler's.
    "logging.basicConfig": (RUN_LOGS, -1, "filename", ".log"),
    "logging.FileHandler": (RUN_LOGS, 0, "filename", ".log"),
    "logging.handlers.RotatingFileHandler": (RUN_LOGS, 0, "filename", ".log"),
    "logging.handlers.TimedRotatingFileHandler": (RUN_LOGS, 0, "filename", ".log"),
}
#: Ultralytics' model classes, which download the released weights they are named.
_ULTRALYTICS_MODELS = frozenset(
    {"ultralytics.YOLO", "ultralytics.RTDETR", "ultralytics.YOLOWorld", "ultralytics.models.YOLO"}
)
#: The names of Ultralytics' released weights (its assets): a family, a size, a task.
_RELEASED_WEIGHTS = compile_on_use(
    r"yolo(?:v\d{1,2}|\d{2})[nsmlxtbce]?6?u?"
    r"(?:-(?:seg|cls|pose|obb|oiv7|world|worldv2))?\.pt|rtdetr-[lx]\.pt"
)
#: Methods whose name alone says they write weights (the object's class is rarely known).
_METHOD_WRITERS: dict[str, tuple[str, int, str, str]] = {
    "save_weights": (CHECKPOINT, 0, "filepath", ".h5"),
    "save_checkpoint": (CHECKPOINT, 0, "filepath", ".ckpt"),
    "tofile": (DATA, 0, "fid", ".bin"),
    # pandas' binary formats hold prepared data; to_csv is left out: it is as often a result.
    "to_parquet": (DATA, 0, "path", ".parquet"),
    "to_feather": (DATA, 0, "path", ".feather"),
    "to_hdf": (DATA, 0, "path_or_buf", ".h5"),
    "to_pickle": (PICKLED, 0, "path", ".pkl"),
}
#: Writers that keep the name they are given, suffix or none: ``pickle.dump`` into
#: ``open("arima_models", "wb")`` writes ``arima_models``, which ``*.pkl`` would not keep out
#: (numpy.save adds ``.npy`` to a bare name, Keras' save_weights writes a checkpoint's files).
_NAME_KEPT = frozenset({"pickle.dump", "joblib.dump", "torch.save", "to_pickle"})
#: Downloaders that, given a folder (``out="data/"``), write the file the URL names into it.
_INTO_A_FOLDER = frozenset({"wget.download", "gdown.download"})
#: Writers that add their suffix to a name that does not end in it: ``np.save("labels", x)``
#: writes ``labels.npy``, ``np.savez("a.bin", ...)`` writes ``a.bin.npz``.
_SUFFIX_ADDED = {"numpy.save": ".npy", "numpy.savez": ".npz", "numpy.savez_compressed": ".npz"}
#: ``model.save(path)`` writes weights only when the path says so (``img.save`` writes a PNG).
_MODEL_SUFFIXES = frozenset({".h5", ".hdf5", ".keras", ".pt", ".pth", ".ckpt", ".joblib"})
_LIGHTNING = ("lightning.", "pytorch_lightning.")
#: TensorBoard writers and the folder each writes its event files below when given none:
#: ``SummaryWriter()`` makes ``runs/<date>_<host>/``, Keras' callback ``logs/train/``.
_EVENT_WRITERS = {
    "torch.utils.tensorboard.SummaryWriter": ("log_dir", "runs"),
    "torch.utils.tensorboard.writer.SummaryWriter": ("log_dir", "runs"),
    "tensorboardX.SummaryWriter": ("logdir", "runs"),
    "tensorflow.keras.callbacks.TensorBoard": ("log_dir", "logs"),
    "keras.callbacks.TensorBoard": ("log_dir", "logs"),
}
#: The folder each common torchvision dataset downloads into, below the root it is given.
DATASET_FOLDERS = {
    "CIFAR10": "cifar-10-batches-py",
    "CIFAR100": "cifar-100-python",
    "SVHN": "svhn",
    "STL10": "stl10_binary",
    "Omniglot": "omniglot-py",
    "CelebA": "celeba",
    "Flowers102": "flowers-102",
    "OxfordIIITPet": "oxford-iiit-pet",
    "Caltech101": "caltech101",
    "Food101": "food-101",
    "VOCSegmentation": "VOCdevkit",
    "VOCDetection": "VOCdevkit",
}
#: Objects that write only once handed to a fit() or a Trainer (a callback, the arguments of
#: a run); torch's SummaryWriter makes its folder and event file as it is built.
#: Where the configs say Hydra puts a run's folder: ``hydra: run: dir:`` in a main config,
#: or ``run: dir:`` in the hydra group's own file (read as the same key path here).
_HYDRA_RUN_DIRS = (("hydra", "run", "dir"), ("run", "dir"))
#: Hydra 1.2 stopped changing into the run folder by default; 1.1's defaults (no
#: ``version_base``, or one below 1.2) still do.
_HYDRA_STAYS_FROM = (1, 2)
_HANDED_OVER = ("ModelCheckpoint", "TrainingArguments", "callbacks.TensorBoard")
#: Functions that unpack an archive into a folder: name -> (keyword, index) of the folder.
#: ``extractall(path)`` of a zipfile or tarfile does the same; without a folder both unpack
#: where the run starts, under names only the archive knows.
_UNPACKERS = {"shutil.unpack_archive": ("extract_dir", 1)}
#: Calls after which a program's ``open(path, "w")`` writes what it fetched.
_FETCHERS = frozenset({"requests.get", "urllib.request.urlopen", "urllib.request.urlretrieve"})


@dataclass(frozen=True)
class Artefact:
    """A file a run writes: its kind, where it lands, and the call that writes it."""

    kind: str
    location: Location
    suffix: str
    writer: str
    unit: SourceUnit
    line: int
    #: The same relative path read from the script's own folder, for a script run from there.
    beside_script: str | None = None
    #: Written into a folder the call names (a dataset's root): the file's name is a stand-in.
    into_folder: bool = False
    #: The path with the unknown end of its name as ``*`` (``best_model-*``), for a writer that
    #: keeps the name it is given: neither the name nor its suffix is known.
    glob: str | None = None
    #: The path with the run-time parts inside its name as ``*`` (``ckpt_EPOCH*.tar``) where
    #: the suffix is known: the line that keeps out every file of the run, not just the one
    #: shown (``ckpt_EPOCH0.tar``).
    pattern: str | None = None

    @property
    def exact(self) -> bool:
        """True when the source tells the folder the file is written into."""
        return self.location.folder is not None

    def candidates(self) -> list[str]:
        """Repository paths where the file may land, the first read from the top folder; for
        a folder the source does not name, only the known rest of the path."""
        tail = self.location.tail or f"model{self.suffix}"
        if self.location.folder is None:
            return [tail]
        first = f"{self.location.folder}/{tail}".lstrip("/")
        return [first, self.beside_script] if self.beside_script else [first]

    @property
    def shown(self) -> str:
        """Where a reader is told it lands: the path, or the folder written into (``data/MNIST/
        raw/``), never the stand-in name that matched it against the .gitignore."""
        first = self.candidates()[0]
        if self.glob:
            return self.glob
        return f"{PurePosixPath(first).parent}/" if self.into_folder else first


@per_object
def written_artefacts(snapshot: Snapshot) -> tuple[Artefact, ...]:
    """Every checkpoint and data file the non-test code writes inside the repository."""
    every = programs(snapshot)
    defaults = CliDefaults(every)
    # A project's own save_checkpoint() is read where it really writes (its torch.save).
    # A folder read from the committed config (cfg.LOGGING.logging_dir) is the config's.
    context = ProjectPaths(every, defaults, config_strings(snapshot))
    chdir = _hydra_chdir(snapshot)
    found: list[Artefact] = []
    committed: frozenset[str] | None = None
    top_folders = frozenset(path.split("/", 1)[0] for path in snapshot.paths if "/" in path)
    by_path = {program.path: program for program in every}
    clone_runs: dict[str, bool] = {}

    def enters_clone(path: str) -> bool:
        """A notebook in a subfolder that clones this repository and changes into it."""
        if path not in clone_runs:
            program = by_path.get(path)
            clone_runs[path] = (
                program is not None
                and path.endswith(".ipynb")
                and "/" in path
                and enters_own_clone(snapshot, program, top_folders)
            )
        return clone_runs[path]

    # A path such a notebook passes to a module's save_checkpoint() is read from the top.
    context.run_from_top = frozenset(p.path for p in every if enters_clone(p.path))
    for program in every:
        # An installed package's own writes (its test fixtures) are not the project's run.
        if in_environment(snapshot, program.path):
            continue
        if program.path.endswith(".ipynb"):
            from_top = enters_clone(program.path)
        else:
            # A module only such notebooks run works in the clone's top folder as well
            # (src/engine/trainer.py saving the "checkpoints/cnn/best.pth" they pass).
            runners = defaults.runners(program.path)
            from_top = bool(runners) and all(map(enters_clone, runners))
        writes = _Writes(program, context, lambda: names_read_anywhere(snapshot), chdir, from_top)
        if not runs_in_colab_only(snapshot, program):
            found.extend(writes.artefacts())
            continue
        # A notebook only Colab runs writes its relative paths into /content: only a file
        # the repository holds by that name was brought back, and may be committed again.
        if committed is None:
            committed = frozenset(PurePosixPath(path).name for path in snapshot.paths)
        found.extend(
            artefact
            for artefact in writes.artefacts()
            if PurePosixPath(artefact.location.tail).name in committed
        )
    return tuple(found)


def _hydra_chdir(snapshot: Snapshot) -> bool | None:
    """What the committed configs set Hydra's ``job.chdir`` to: ``hydra: job: chdir:`` in a
    main config, or ``job: chdir:`` in a file of the hydra group (``conf/hydra/default.yaml``);
    None when none says, or they disagree."""
    said: set[bool] = set()
    for path, data in config_documents(snapshot):
        job = data.get("hydra") if isinstance(data, dict) else None
        if "hydra" in PurePosixPath(path).parts[:-1]:
            job = data
        job = job.get("job") if isinstance(job, dict) else None
        chdir = job.get("chdir") if isinstance(job, dict) else None
        if isinstance(chdir, bool):
            said.add(chdir)
    return said.pop() if len(said) == 1 else None


class _Writes:
    """The writing calls of one program."""

    def __init__(
        self,
        program: Program,
        context: ProjectPaths,
        read_anywhere: Callable[[], Container[str]],
        hydra_chdir: bool | None = None,
        from_top: bool = False,
    ) -> None:
        self.program = program
        self.context = context
        #: Every name some module reads (asked only of a module-level checkpoint callback).
        self.read_anywhere = read_anywhere
        self.own = context.own
        self.values = context.values_of(program)
        parent = str(PurePosixPath(program.path).parent)
        self.folder = "" if parent == "." else parent
        #: The module's own folder, where a path built from its ``__file__`` lands, wherever
        #: it runs from.
        self.code_folder = self.folder
        self.notebook = program.path.endswith(".ipynb")
        # Relative paths are read from where the code runs: a notebook's folder, and so the
        # folder of the notebooks that alone run a helper module (helper.py's
        # open("preprocess.p") writes next to the lesson's notebook, not at the top; a
        # src/data/features.py that notebooks/ import, directly or through its package,
        # writes "../models/" into models/).
        runners = context.defaults.runners(program.path)
        folders = {str(PurePosixPath(path).parent) for path in runners}
        by_notebooks = bool(runners) and all(path.endswith(".ipynb") for path in runners)
        self.runs_in_folder = self.notebook or (by_notebooks and len(folders) == 1)
        # A notebook that clones this repository and changes into the clone (Colab's
        # "%cd /content/<name>") runs from the top as well.
        if self.notebook and self.folder and (from_top or _names_own_folder(program, self.folder)):
            from_top = True
        elif self.notebook and self.folder and _imports_own_folder(program, self.folder):
            # notebooks/trainer.ipynb running `from notebooks import config`: only the top
            # folder can import the notebook's folder as a package.
            from_top = True
        if from_top:
            # student_A/model.ipynb opening "student_A/data/x.csv": run from the top folder
            # (Colab, an editor opened there), where its relative paths land.
            self.runs_in_folder, self.folder = False, ""
        if self.runs_in_folder and not self.notebook:
            (run_from,) = folders
            self.folder = "" if run_from == "." else run_from
        # A "../models" that only makes sense run from a subfolder is read from the folder of
        # the scripts that run this module, when they share one (src/train.py running
        # src/network/model.py writes into the top models/, not src/models/).
        self.run_folder = self.folder
        if len(folders) == 1 and not self.notebook and not from_top:
            (run_from,) = folders
            self.run_folder = "" if run_from == "." else run_from
        self.calls = [(unit, call) for unit in program.units for call in unit.of_type(ast.Call)]
        self.fetches = any(self.program.resolve(call.func) in _FETCHERS for _, call in self.calls)
        #: The run folder a Hydra app changes into, where its relative paths land ("" when the
        #: configs name it by another value); None when the program works where it starts.
        self.hydra_run = self._hydra_run_folder(hydra_chdir)
        self._names_read: dict[str, frozenset[str] | None] | None = None

    def artefacts(self) -> list[Artefact]:
        found: list[Artefact] = []
        for unit, call in self.calls:
            found.extend(self._written(unit, call))
        return found

    def _written(self, unit: SourceUnit, call: ast.Call) -> list[Artefact]:
        name = self.program.resolve(call.func) or ""
        method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
        if name in _FILE_WRITERS:
            kind, index, word, suffix = _FILE_WRITERS[name]
            path = argument(call, index, word)
            if path is None and kind == RUN_LOGS:
                return []  # logging.basicConfig(level=...) logs to the console
            return self._at(unit, call, path, kind, suffix, name)
        if name in _ULTRALYTICS_MODELS:
            return self._released_weights(unit, call, name)
        if name == "pickle.dump":
            target = self._opened_path(unit, call)
            return self._at(unit, call, target, PICKLED, ".pkl", name)
        if constant_of(keyword(call, "download")) is True:
            return self._download_root(unit, call, name)
        if name.endswith(("ModelCheckpoint", "TrainingArguments", "Trainer")):
            if name.endswith(_HANDED_OVER) and self._never_read(unit, call):
                return []
            return self._trainer_output(unit, call, name)
        if name in _EVENT_WRITERS:
            if name.endswith(_HANDED_OVER) and self._never_read(unit, call):
                return []
            return self._event_files(unit, call, name)
        if name == "wandb.init":
            return self._wandb_run(unit, call)
        if name == "hydra.main":
            return self._hydra_runs(unit, call)
        if name in _UNPACKERS or (method == "extractall" and method not in self.own):
            word, index = _UNPACKERS.get(name, ("path", 0))
            path = argument(call, index, word)
            return self._at(unit, call, path, DATA, "", method or name, "/.") if path else []
        if method in self.own or (name and name not in ("open", "io.open")):
            return self._fetched(unit, call, method)  # a module's function, or the project's own
        if method == "save_pretrained":
            arg = argument(call, 0, "save_directory")
            return self._at(unit, call, arg, CHECKPOINT, ".safetensors", method, "/.")
        if method in _METHOD_WRITERS:
            kind, index, word, suffix = _METHOD_WRITERS[method]
            return self._at(unit, call, argument(call, index, word), kind, suffix, method)
        if method == "save":
            return self._model_save(unit, call)
        return self._fetched(unit, call, method)

    def _released_weights(self, unit: SourceUnit, call: ast.Call, name: str) -> list[Artefact]:
        """``YOLO("yolov8n.pt")``: one of Ultralytics' released weights, named bare, which the
        library downloads to that path (the working folder) when no file is there. The
        project's own weights (``best.pt``, a path) are read, and a config file downloads
        nothing."""
        path = argument(call, 0, "model")
        value = constant_of(path)
        if not isinstance(value, str) or not _RELEASED_WEIGHTS.fullmatch(value):
            return []
        return self._at(unit, call, path, CHECKPOINT, ".pt", name.rpartition(".")[2])

    def _never_read(self, unit: SourceUnit, call: ast.Call) -> bool:
        """True when ``call`` builds an object for a name the program never reads again: a
        checkpoint callback that no fit() is handed writes nothing."""
        bound = [
            node
            for node in unit.of_type(ast.Assign)
            if node.value is call and len(node.targets) == 1 and type(node.targets[0]) is ast.Name
        ]
        if not bound:
            return False
        (node,) = bound
        target = node.targets[0]
        assert isinstance(target, ast.Name)
        if not self.notebook and not _in_function(unit, node):
            # A name at a module's top may be read by another module: unread only where no
            # module reads it, by name or as an attribute, or imports it by name.
            return target.id not in self.read_anywhere()
        return self._unread(target.id, set())

    def _unread(self, name: str, seen: set[str]) -> bool:
        """True when nothing reads ``name``, or only the value, with no call in it, of a
        function's (or a notebook's) own name that is itself never read (``callbacks =
        [checkpoint]`` with no fit handed ``callbacks``); two such steps at most."""
        readers = self._readers()
        if name not in readers:
            return True
        into = readers[name]
        if into is None or len(seen) >= 2:
            return False
        seen = seen | {name}
        return all(self._unread(other, seen) for other in into - seen)

    def _readers(self) -> dict[str, frozenset[str] | None]:
        """Every name the program reads, with the names whose assigned values alone read it
        (None where anything else reads it), built once and only for a program that needs
        it. A value assigned at a module's top, or to a name declared global, may be read
        from another module: it counts as read."""
        if self._names_read is None:
            into: dict[str, set[str]] = {}
            inside: set[int] = set()
            declared: set[str] = set()
            for unit in self.program.units:
                for scope in unit.of_type(ast.Global):
                    declared.update(scope.names)
                for outer in unit.of_type(ast.Nonlocal):
                    declared.update(outer.names)
            for unit in self.program.units:
                for node in unit.of_type(ast.Assign):
                    target = node.targets[0] if len(node.targets) == 1 else None
                    if type(target) is not ast.Name or target.id in declared:
                        continue
                    if not self.notebook and not _in_function(unit, node):
                        continue
                    if any(type(part) is ast.Call for part in ast.walk(node.value)):
                        continue  # a call may keep what it is handed (fit(callbacks=...))
                    for name in ast.walk(node.value):
                        if type(name) is ast.Name and type(name.ctx) is ast.Load:
                            into.setdefault(name.id, set()).add(target.id)
                            inside.add(id(name))
            readers: dict[str, frozenset[str] | None] = {
                name: frozenset(targets) for name, targets in into.items()
            }
            for unit in self.program.units:
                for name in unit.of_type(ast.Name):
                    if type(name.ctx) is not ast.Store and id(name) not in inside:
                        readers[name.id] = None
            self._names_read = readers
        return self._names_read

    def _fetched(self, unit: SourceUnit, call: ast.Call, method: str) -> list[Artefact]:
        """What a program that downloads writes with open() or Path.write_*()."""
        if not self.fetches:
            return []
        if self._is_open(call) and _writes(call):
            return self._at(unit, call, argument(call, 0, "file"), DATA, "", "open")
        if method in ("write_text", "write_bytes"):
            assert isinstance(call.func, ast.Attribute)
            return self._at(unit, call, call.func.value, DATA, "", method)
        return []

    def _is_open(self, call: ast.Call) -> bool:
        """``open(...)``, the builtin (an unbound name) or ``io.open``."""
        if isinstance(call.func, ast.Name) and call.func.id == "open":
            return self.program.resolve(call.func) in (None, "io.open", "builtins.open")
        return self.program.resolve(call.func) == "io.open"

    def _trainer_output(self, unit: SourceUnit, call: ast.Call, name: str) -> list[Artefact]:
        """Where a training framework writes checkpoints on its own."""
        short_name = name.rsplit(".", 1)[-1]
        if short_name == "ModelCheckpoint":
            folder = keyword(call, "dirpath")  # Lightning's; Keras names a file
            if folder is not None:
                return self._at(unit, call, folder, CHECKPOINT, ".ckpt", short_name, "/.")
            path = argument(call, 0, "filepath")
            return self._at(unit, call, path, CHECKPOINT, ".h5", short_name) if path else []
        if short_name.endswith("TrainingArguments") and name.startswith("transformers."):
            folder = argument(call, 0, "output_dir")
            return self._at(unit, call, folder, CHECKPOINT, ".safetensors", short_name, "/.")
        if short_name == "Trainer" and name.startswith(_LIGHTNING):
            return self._lightning_output(unit, call)
        return []

    def _lightning_output(self, unit: SourceUnit, call: ast.Call) -> list[Artefact]:
        """Where Lightning's Trainer puts checkpoints: below the save_dir of the logger it is
        given, else below its root (``default_root_dir``, the working folder by default).
        Handed a ModelCheckpoint with a folder of its own, it writes only its logger's files
        there: the checkpoints are that callback's."""
        logs = self._checkpoints_handed_over(unit, call)
        kind, suffix = (LOGS, "") if logs else (CHECKPOINT, ".ckpt")
        logger = keyword(call, "logger")
        if logger is not None and constant_of(logger, default=...) not in (True, False, None):
            save_dir = self._logger_save_dir(logger)
            if save_dir is None:
                return []  # the logger decides, from a value the source does not tell
            return self._at(unit, call, save_dir, kind, suffix, "Trainer", "/.")
        if logs and constant_of(logger) is False:
            return []  # no logger, and the checkpoints go where the callback says
        folder = keyword(call, "default_root_dir")
        if logs:
            if folder is not None:
                return self._at(unit, call, folder, LOGS, "", "Trainer", "/lightning_logs")
            return self._in_working_folder(unit, call, "lightning_logs", "Trainer")
        # No logger: <root>/checkpoints/; the default logger: <root>/lightning_logs/version_0/.
        below = "checkpoints" if constant_of(logger) is False else "lightning_logs/version_0"
        if folder is not None:
            return self._at(unit, call, folder, CHECKPOINT, ".ckpt", "Trainer", f"/{below}")
        if below != "checkpoints":
            below += "/checkpoints"
        place = Location("", f"{below}/last.ckpt", False)
        # Made where the script runs: from its own subfolder, that subfolder's lightning_logs/
        # (source/lightning_logs/), as for TensorBoard's runs/.
        beside = self._beside_script(place.tail, place)
        return [Artefact(CHECKPOINT, place, ".ckpt", "Trainer", unit, call.lineno, beside)]

    def _checkpoints_handed_over(self, unit: SourceUnit, call: ast.Call) -> bool:
        """Whether the Trainer is handed a ModelCheckpoint told its folder (``dirpath=``), in
        its ``callbacks=`` list or as a name this unit binds to one."""
        callbacks = keyword(call, "callbacks")
        if not isinstance(callbacks, (ast.List, ast.Tuple)):
            return False
        names = {item.id for item in callbacks.elts if isinstance(item, ast.Name)}
        built = [item for item in callbacks.elts if isinstance(item, ast.Call)]
        if names:
            built += [
                assign.value
                for assign in unit.of_type(ast.Assign)
                if isinstance(assign, ast.Assign)
                and isinstance(assign.value, ast.Call)
                and len(assign.targets) == 1
                and isinstance(assign.targets[0], ast.Name)
                and assign.targets[0].id in names
            ]
        return any(
            keyword(value, "dirpath") is not None
            and (self.program.resolve(value.func) or "").endswith("ModelCheckpoint")
            for value in built
        )

    def _event_files(self, unit: SourceUnit, call: ast.Call, name: str) -> list[Artefact]:
        """Where a TensorBoard writer puts its event files: the folder it is given, else its
        default below the working folder (the top folder, or a notebook's own)."""
        word, default = _EVENT_WRITERS[name]
        # tensorboardX and torch spell the folder logdir and log_dir; a module may import
        # either under one name, so both are read.
        folder = argument(call, 0, word) or keyword(call, "log_dir") or keyword(call, "logdir")
        writer = name.rsplit(".", 1)[-1]
        if folder is not None:
            return self._at(unit, call, folder, LOGS, "", writer, "/.")
        if has_star_kwargs(call):
            return []  # the folder may come in the keywords: unknown, not judged
        return self._in_working_folder(unit, call, default, writer)

    def _in_working_folder(
        self, unit: SourceUnit, call: ast.Call, default: str, writer: str, in_run: bool = True
    ) -> list[Artefact]:
        """Logs written into a folder a library makes below the working folder (a Hydra app's
        run folder, when it changed into it)."""
        value = self._in_run(f"{default}/file0") if in_run else f"{default}/file0"
        if value is None:
            return []
        place = locate(value, self.folder, from_code_folder=self.runs_in_folder)
        if place is None:
            return []
        place = Location(place.folder, place.tail, literal=False)
        # The default folder is made where the script runs: from its own subfolder, that
        # subfolder's runs/ (code/runs/), as for a folder the call names.
        beside = self._beside_script(value, place)
        return [Artefact(LOGS, place, "", writer, unit, call.lineno, beside, into_folder=True)]

    def _wandb_run(self, unit: SourceUnit, call: ast.Call) -> list[Artefact]:
        """``wandb.init()`` keeps each run's files (its config, logs, a copy of the code, the
        machine's pip freeze) in ``wandb/`` below the folder given as ``dir=``, else below the
        working folder; ``mode="disabled"`` keeps none."""
        if constant_of(keyword(call, "mode")) == "disabled" or has_star_kwargs(call):
            return []
        folder = keyword(call, "dir")
        if folder is not None:
            return self._at(unit, call, folder, LOGS, "", "wandb.init", "/wandb")
        return self._in_working_folder(unit, call, "wandb", "wandb.init")

    def _hydra_runs(self, unit: SourceUnit, call: ast.Call) -> list[Artefact]:
        """``@hydra.main`` keeps each run's composed config and log in ``outputs/<date>/<time>/``
        below the working folder, or where the configs' ``hydra.run.dir`` says; a run folder
        that starts from an interpolation (``${paths.log_dir}/...``) is not read (say less)."""
        literal = self._hydra_run_literal()
        if not literal:
            return []
        return self._in_working_folder(unit, call, literal, "hydra.main", in_run=False)

    def _hydra_run_literal(self) -> str:
        """The known start of Hydra's run folder (``outputs`` by default); "" when the configs
        name it from another value or outside the repository."""
        configured = [
            value
            for keys in _HYDRA_RUN_DIRS
            for value in (self.context.configs or {}).get(keys, ())
        ]
        if not configured:
            return "outputs"
        literal = configured[0].partition("${")[0].rstrip("/")
        return "" if not literal or literal.startswith((".", "/")) else literal

    def _hydra_run_folder(self, configured: bool | None) -> str | None:
        """Where a ``@hydra.main`` app in this program's own file works: its run folder when
        Hydra changes into it (the configs' ``job.chdir: true``, or, where they say nothing,
        Hydra 1.1's defaults), else None."""
        # Only the program's own units that name Hydra at all have their calls resolved.
        named = {
            id(unit)
            for unit in self.program.units
            if unit.path == self.program.path and "hydra" in unit.source
        }
        apps = [
            call
            for unit, call in self.calls
            if id(unit) in named and self.program.resolve(call.func) == "hydra.main"
        ]
        if not apps:
            return None
        if configured is None:
            version = keyword(apps[0], "version_base")
            given = constant_of(version)
            if version is not None and not _below(given, _HYDRA_STAYS_FROM):
                return None
        elif not configured:
            return None
        return self._hydra_run_literal()

    def _in_run(self, value: str) -> str | None:
        """``value`` read from the Hydra run folder the app changed into (the run's own
        ``<date>/<time>/`` below it), None when that folder is not known; a path that does not
        depend on the working folder, or starts from a value the source does not tell, as is."""
        if self.hydra_run is None or value.startswith((HERE, UNKNOWN)) or is_absolute(value):
            return value
        return f"{self.hydra_run}/{UNKNOWN}/{value}" if self.hydra_run else None

    def _logger_save_dir(self, logger: ast.expr) -> ast.expr | None:
        """The ``save_dir`` of a logger built in the call or assigned once to the name passed."""
        built = logger
        if isinstance(logger, ast.Name):
            assigned = [
                node.value
                for unit in self.program.units
                for node in unit.of_type(ast.Assign)
                if any(isinstance(t, ast.Name) and t.id == logger.id for t in node.targets)
            ]
            built = assigned[0] if len(assigned) == 1 else logger
        if not isinstance(built, ast.Call):
            return None
        name = (self.program.resolve(built.func) or "").rsplit(".", 1)[-1]
        # TensorBoard's and the CSV logger's first argument is the folder; others name it.
        positional = 0 if name in ("TensorBoardLogger", "CSVLogger") else -1
        return argument(built, positional, "save_dir")

    def _download_root(self, unit: SourceUnit, call: ast.Call, name: str) -> list[Artefact]:
        if name.rpartition(".")[0] in self.context.modules:
            # The project's own wrapper (BinarizedMNISTDataset(download=True) around
            # torchvision's MNIST): its name is not the folder the library call inside writes.
            return []
        root = keyword(call, "root") or (call.args[0] if call.args else None)
        dataset = name.rsplit(".", 1)[-1] or "dataset"
        below = DATASET_FOLDERS.get(dataset, f"{dataset}/raw")
        found = self._at(unit, call, root, DATA, "", f"{dataset}(download=True)", f"/{below}")
        # Into the top folder itself, an unknown dataset's own folder name is a guess: say less.
        known = dataset in DATASET_FOLDERS or dataset.endswith("MNIST")
        return [a for a in found if known or a.location.folder != ""]

    def _model_save(self, unit: SourceUnit, call: ast.Call) -> list[Artefact]:
        arg = argument(call, 0, "filepath")
        paths = [value for value in self.values.values(arg) if value.strip("\x00")]
        if not any(PurePosixPath(value).suffix.lower() in _MODEL_SUFFIXES for value in paths):
            return []
        return self._at(unit, call, arg, CHECKPOINT, "", "save")

    def _opened_path(self, unit: SourceUnit, call: ast.Call) -> ast.expr | None:
        """The path the file handle passed to ``call`` was opened on: inline, or by the
        innermost ``with open(path, "wb") as f`` around the call."""
        handle = argument(call, 1, "file")
        if isinstance(handle, ast.Call) and self._is_open(handle):
            return argument(handle, 0, "file")
        if not isinstance(handle, ast.Name):
            return None
        found: tuple[int, ast.expr | None] = (-1, None)
        blocks: list[ast.With | ast.AsyncWith] = [*unit.of_type(ast.With)]
        blocks += unit.of_type(ast.AsyncWith)
        for block in blocks:
            if not block.lineno <= call.lineno <= (block.end_lineno or block.lineno):
                continue
            for item in block.items:
                bound, opened = item.optional_vars, item.context_expr
                named = isinstance(bound, ast.Name) and bound.id == handle.id
                inner = block.lineno > found[0]
                if named and inner and isinstance(opened, ast.Call) and self._is_open(opened):
                    found = (block.lineno, argument(opened, 0, "file"))
        return found[1]

    def _at(
        self,
        unit: SourceUnit,
        call: ast.Call,
        path: ast.expr | None,
        kind: str,
        suffix: str,
        writer: str,
        inside: str = "",
    ) -> list[Artefact]:
        """One artefact per place ``path`` may evaluate to inside the repository; ``inside``
        names a file below it when ``path`` is the folder written into."""
        found = []
        given = inside
        for value in self.context.values_at(self.program, unit, call, path):
            inside = given
            if not inside and writer in _INTO_A_FOLDER and value.endswith(("/", "\\")):
                # wget.download(url, out="./data/"): the folder given, the URL's name below it.
                value, inside = value.rstrip("/\\"), "/."
            file_value = f"{value}/file0" if inside else value
            added = _SUFFIX_ADDED.get(writer, "")
            # numpy adds its suffix to any name, one known only at run time too
            # (np.save(f"features/{split}/{name}", x)); a value with no folder may be an open
            # file, whose name numpy keeps.
            named = _name_of(value).strip(UNKNOWN) or "/" in value.replace("\\", "/")
            if added and not inside and named and not value.lower().endswith(added):
                file_value = value + added
            in_run = self._in_run(file_value)
            if in_run is None:
                continue  # into a run folder the configs name by another value: not said
            file_value = in_run
            folder = self.code_folder if file_value.startswith(HERE) else self.folder
            place = locate(file_value, folder, from_code_folder=self.runs_in_folder)
            if place is None and self.run_folder and file_value.startswith("../"):
                # "../data" from a script in a subfolder only makes sense run from there.
                place = locate(file_value, self.run_folder, from_code_folder=True)
            if place is None:
                continue  # outside the repository
            if inside:  # the folder passed stays the folder; the file goes below it
                below = inside.strip("/.")
                # file0 stands in for the name, with the kind's suffix, so that a *.safetensors
                # already in the .gitignore is seen to keep the weights out.
                stand_in = f"file0{suffix}"
                tail = f"{below}/{stand_in}" if below else stand_in
                place = Location(place.folder, tail, literal=False)
            ending = _suffix(place.tail) or suffix
            glob = pattern = None
            if writer in _NAME_KEPT and place.tail and not inside:
                if place.literal:
                    ending = _suffix(place.tail)  # the file's own name, "" when it has none
                elif file_value.endswith(UNKNOWN) and place.folder is not None:
                    # f"best_model-{time.time():.0f}": the name ends in a value the source
                    # does not tell, so its suffix is unknown too; none is made up for it.
                    ending, glob = "", _name_glob(file_value, place)
                elif UNKNOWN in _name_of(file_value) and place.folder is not None:
                    # 'ckpt_EPOCH' + str(i) + '.tar': one file per epoch, shown by the first
                    # epoch's name; the name's known parts are what keeps them all out.
                    pattern = _name_glob(file_value, place)
            if writer in _KERAS_WEIGHTS and place.literal and not inside:
                ending, pattern = _keras_format(call, writer, place) or (ending, pattern)
            beside = self._beside_script(file_value, place)
            if beside and inside:  # the same file below the folder the script's run writes
                beside = f"{PurePosixPath(beside).parent}/{place.tail}"
            # open(data / Path(url).name, "wb"): the whole name is known only at run time,
            # so the reader is told the folder, not the stand-in the name was matched by.
            unnamed = (
                bool(place.folder)
                and not place.literal
                and _name_of(file_value).strip(UNKNOWN) in ("", added)
            )
            into = bool(inside) or (unnamed and glob is None)
            line = call.lineno
            found.append(
                Artefact(kind, place, ending, writer, unit, line, beside, into, glob, pattern)
            )
        return found

    def _beside_script(self, value: str, place: Location) -> str | None:
        """Where a relative path lands when a script in a subfolder is run from that folder
        (``cd examples/mnist && python main.py``), if that differs from the top folder; for a
        helper module, the folder of the scripts that run it (src/utils/cache.py, run only by
        src/app.py, is run from src/, never from src/utils/)."""
        if self.runs_in_folder or not self.run_folder or place.folder is None:
            return None
        there = locate(value, self.run_folder, from_code_folder=True)
        if there is None or there.folder is None or there.folder == place.folder:
            return None
        return f"{there.folder}/{there.tail}".lstrip("/")


#: Keras' writers of weights, which save TensorFlow's own formats unless the name asks for
#: HDF5 or Keras' file (``.h5``, ``.keras``).
_KERAS_WEIGHTS = frozenset({"ModelCheckpoint", "save_weights"})
_KERAS_FILE_SUFFIXES = (".h5", ".hdf5", ".keras")


def _keras_format(call: ast.Call, writer: str, place: Location) -> tuple[str, str] | None:
    """(suffix, pattern) of what a Keras writer saves under a name that is no HDF5 or Keras
    file: weights (``save_weights``, a callback told ``save_weights_only=True``) as
    TensorFlow's ``name.index`` and ``name.data-00000-of-00001``, kept out by ``name.*``; a
    whole model as a SavedModel folder, kept out by ``name/``."""
    if place.folder is None or place.tail.lower().endswith(_KERAS_FILE_SUFFIXES):
        return None
    path = f"{place.folder}/{place.tail}".lstrip("/")
    weights_only = keyword(call, "save_weights_only")
    if writer == "save_weights" or constant_of(weights_only, default=False) is True:
        return "", f"{path}.*"
    return "", f"{path}/"


def _names_own_folder(program: Program, folder: str) -> bool:
    """Whether a notebook's code names a path that starts with the notebook's own folder
    (``"student_A/models/m.pkl"`` in ``student_A/model.ipynb``): it runs from the top."""
    prefixes = (f"{folder}/", f"./{folder}/")
    return any(
        isinstance(node.value, str) and node.value.startswith(prefixes)
        for unit in program.units
        for node in unit.of_type(ast.Constant)
    )


def _imports_own_folder(program: Program, folder: str) -> bool:
    """Whether a notebook imports its own folder as a package, spelled from the top
    (``from notebooks import config`` in ``notebooks/trainer.ipynb``), and never edits
    ``sys.path`` (whose ``sys.path.append("..")`` would let it do so from its own folder)."""
    package = folder.replace("/", ".")
    inside = f"{package}."
    spelled = False
    for unit in program.units:
        for node in unit.of_type(ast.ImportFrom):
            module = node.module or ""
            spelled = spelled or (
                node.level == 0 and (module == package or module.startswith(inside))
            )
        for plain in unit.of_type(ast.Import):
            spelled = spelled or any(
                alias.name == package or alias.name.startswith(inside) for alias in plain.names
            )
    return spelled and all(first_path_edit(unit) is None for unit in program.units)


def _name_of(value: str) -> str:
    """The file name at the end of a path value, unknown parts marked."""
    return value.replace("\\", "/").rsplit("/", 1)[-1]


def _name_glob(value: str, place: Location) -> str:
    """``place``'s path with the name's unknown parts as ``*``: ``best_model-*``."""
    name = re.sub(f"{UNKNOWN}+", "*", _name_of(value))
    return "/".join(part for part in (place.folder, *place.tail.split("/")[:-1], name) if part)


def _suffix(path: str) -> str:
    """``.pt``; ``.pth.tar`` when the last suffix only says the file is packed."""
    suffixes = [suffix.lower() for suffix in PurePosixPath(path).suffixes]
    if len(suffixes) >= 2 and suffixes[-1] in (".tar", ".gz", ".zip", ".xz", ".bz2"):
        return "".join(suffixes[-2:])
    return suffixes[-1] if suffixes else ""


def _writes(call: ast.Call) -> bool:
    mode = constant_of(keyword(call, "mode") or (call.args[1] if len(call.args) > 1 else None))
    return isinstance(mode, str) and any(flag in mode for flag in "wax")


#: Methods that write a result file to the path they are given.
_OUTPUT_METHODS = frozenset({"savefig", "to_csv", "to_excel", "to_json", "write_text"})


def written_outputs(snapshot: Snapshot) -> list[tuple[SourceUnit, int, str]]:
    """(unit, line, path) of every result the non-test code writes to a literal path inside
    the repository: ``open("out.txt", "w")``, ``plt.savefig("plot.png")``, ``df.to_csv(...)``.
    Not checkpoints or data (see :func:`written_artefacts`), but still files a run leaves.
    A notebook only Colab runs writes them into /content or onto its Drive, not here."""
    colab = _colab_only(snapshot)
    return [write for write in _literal_writes(snapshot) if write[0].path not in colab]


@per_object
def _literal_writes(snapshot: Snapshot) -> tuple[tuple[SourceUnit, int, str], ...]:
    """(unit, line, path) of every write of a result to a literal relative path."""
    found = []
    for unit in snapshot.parsed(tests=False):
        if in_environment(snapshot, unit.path):
            continue
        for call in unit.of_type(ast.Call):
            func = call.func
            if isinstance(func, ast.Name) and func.id == "open" and _writes(call):
                target = argument(call, 0, "file")
            elif isinstance(func, ast.Attribute) and func.attr in _OUTPUT_METHODS:
                target = call.args[0] if call.args else None
            else:
                continue
            path = constant_of(target)
            if isinstance(path, str) and path and locate(path, "", from_code_folder=False):
                found.append((unit, call.lineno, _saved_as(call, path)))
    return tuple(found)


@per_object
def _colab_only(snapshot: Snapshot) -> frozenset[str]:
    """The notebooks that run only in Colab, from /content (see :func:`runs_in_colab_only`)."""
    return frozenset(
        program.path
        for program in programs(snapshot)
        if program.path in snapshot.notebooks and runs_in_colab_only(snapshot, program)
    )


def _saved_as(call: ast.Call, path: str) -> str:
    """The file a write makes: ``savefig("images/plot")`` adds its format's suffix (given
    by name, else matplotlib's default, PNG) to a name without one."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "savefig" or PurePosixPath(path).suffix:
        return path
    form = constant_of(keyword(call, "format")) if keyword(call, "format") else "png"
    return f"{path}.{form.lower()}" if isinstance(form, str) and form.isalnum() else path


#: What a plot is saved as and a README can show.
_PICTURE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})


@per_object
def saved_pictures(snapshot: Snapshot) -> frozenset[str]:
    """The file names, in lower case, of the pictures the non-test code saves to a literal
    path: ``plt.savefig("example.png")`` makes ``example.png``, which the README may show."""
    names = (PurePosixPath(path).name for _, _, path in _literal_writes(snapshot))
    return frozenset(
        name.lower() for name in names if PurePosixPath(name).suffix.lower() in _PICTURE_SUFFIXES
    )


def _in_function(unit: SourceUnit, node: ast.stmt) -> bool:
    """Whether the statement lies inside a function of the unit."""
    starts, ends = _function_spans(unit)
    index = bisect.bisect_left(starts, node.lineno) - 1  # the last span starting above it
    return index >= 0 and node.lineno <= ends[index]


@per_object
def _function_spans(unit: SourceUnit) -> tuple[list[int], list[int]]:
    """The unit's outermost function bodies as (first lines, last lines), sorted: the
    question is asked for each assignment of a program, and a unit has hundreds."""
    spans: list[list[int]] = []
    functions = unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
    for start, end in sorted((f.lineno, f.end_lineno or f.lineno) for f in functions):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)  # nested in (or on a line of) the last one
        else:
            spans.append([start, end])
    return [start for start, _ in spans], [end for _, end in spans]


def _below(version: object, limit: tuple[int, ...]) -> bool:
    """Whether a version string (``"1.1"``) is below ``limit``; False for anything else."""
    if not isinstance(version, str):
        return False
    parts = version.split(".")
    if not all(part.isdigit() for part in parts):
        return False
    return tuple(int(part) for part in parts) < limit
