"""What makes a file a script somebody runs, rather than library code with a self-demo.

A module's ``if __name__ == "__main__":`` block is often a library module checking itself
(``models/resnet.py`` printing an output shape): nobody runs it to get a result. A script a
user runs is one the README tells them to run or the project's pipeline files run (dvc.yaml,
a Makefile, a shell script, a CI step), or, when nothing imports it, one that reads a
command line, trains, or hands its run to a project module that trains. A module other modules import, or one in a package, is a script only
when its main block itself reads a command line, or trains on data it does not make up with
``torch.randn``. Where a file sits by name decides nothing. Each signal is read
from the file itself (and the README), once, so deciding is linear in the size of the project.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.imports import Program
from repocheck.analysis.imports_by_name import loaded_by_name
from repocheck.analysis.ml_names import is_backward, is_fit, method, terminal, tokens
from repocheck.analysis.scratch_training import is_hand_update
from repocheck.analysis.toplevel import is_main_guard, module_level
from repocheck.facts.snapshot import Snapshot, breadth_first
from repocheck.patterns import compile_on_use

#: What a module-level statement only defines, to be run by name later.
_DEFINED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
#: Libraries that read a command line (or a run's config) and hand it to the code (TRL's
#: TrlParser is a HfArgumentParser that also reads ``--config``).
_CLI_LIBRARIES = (
    "argparse", "optparse", "getopt", "click", "typer", "fire", "hydra", "absl", "docopt",
    "tyro", "jsonargparse", "simple_parsing", "transformers.HfArgumentParser", "omegaconf",
    "gin", "ml_collections", "trl.TrlParser", "trl.scripts.utils.TrlParser",
)  # fmt: skip
#: A command line in a README: a launcher, then a file or ``-m module``.
_LAUNCHER = compile_on_use(
    r"(?:^|[\s!`$;(/])(?:python[\d.]*|torchrun|deepspeed|accelerate\s+launch|"
    r"lightning\s+run\s+model|mpirun|srun|uv\s+run|poetry\s+run\s+python)\b([^\n`|&;]*)",
    re.IGNORECASE,
)
_SCRIPT = compile_on_use(r"(?<![\w/.-])((?:\./)?[\w./-]+\.py)\b")
_MODULE = compile_on_use(r"(?:^|\s)-m\s+([\w.]+)")
#: A web server started on a module's app object: ``gunicorn app:app``, ``uvicorn api.main:app``.
_SERVER = compile_on_use(
    r"(?:^|[\s!`$;(/])(?:gunicorn|uvicorn|hypercorn|daphne|waitress-serve)\b([^\n`|&;]*)",
    re.IGNORECASE,
)
#: The ``module:object`` a server is handed (never a ``host:port``, whose port is a number).
_APP_TARGET = compile_on_use(r"(?<![\w.:/-])([A-Za-z_][\w.]*):[A-Za-z_]\w*")
#: (script paths, module names) README commands run.
Commands = tuple[frozenset[str], frozenset[str]]


#: Files that run the project's scripts besides its READMEs: a data pipeline's stages, make
#: targets, shell scripts, CI steps, a container's command, a process file.
_PIPELINE_NAMES = frozenset(
    {"dvc.yaml", "makefile", "gnumakefile", "procfile", "justfile", "tasks.py"}
    | {"docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml"}
)


def _runs_scripts(path: str) -> bool:
    """A README, or a file whose commands run the project's scripts (see _PIPELINE_NAMES)."""
    pure = PurePosixPath(path)
    name = pure.name.lower()
    if name.startswith("readme") or name in _PIPELINE_NAMES or name.startswith("dockerfile"):
        return True
    if pure.suffix in (".sh", ".bash"):
        return True
    return pure.parts[:2] == (".github", "workflows") and pure.suffix in (".yml", ".yaml")


def run_commands(snapshot: Snapshot) -> Commands:
    """(script paths, module names) that the READMEs tell a user to run and that the
    project's own pipeline files run (dvc.yaml stages, make targets, shell scripts, CI
    steps, a Dockerfile's command): ``python src/pkg/pipeline/train.py``, ``-m pkg.train``,
    and the module a web server serves (a Procfile's ``gunicorn app:app``).
    A pipeline file's variables are read as it sets them (``$(EXPERIMENTS_DIR)/tune.py``
    after ``EXPERIMENTS_DIR = ./experiments``); a path behind a variable it does not set
    (``$PROJECT_DIR/experiments/tune.py``) names the one file whose path ends so."""
    scripts: set[str] = set()
    modules: set[str] = set()
    tails: set[str] = set()
    for path, text in snapshot.texts.items():
        if not _runs_scripts(path):
            continue
        folder = str(PurePosixPath(path).parent)
        if not PurePosixPath(path).name.lower().startswith("readme") and "$" in text:
            text = _expand_variables(text)
        for match in _LAUNCHER.finditer(text):
            rest = match.group(1)
            for found in _SCRIPT.finditer(rest):
                script = found.group(1)
                if found.start() and rest[found.start() - 1] == _UNSET:
                    tails.add(posixpath.normpath(script))
                    continue
                script = script.removeprefix("./")
                if "/./" in script or "/../" in script:
                    script = posixpath.normpath(script)
                scripts.add(script)
                if folder != "." and not path.startswith(".github/"):
                    scripts.add(f"{folder}/{script}")
            modules.update(_MODULE.findall(rest))
        for match in _SERVER.finditer(text):
            modules.update(_APP_TARGET.findall(match.group(1)))
    found_by = _found_by_name(snapshot, scripts) | _found_by_tail(snapshot, tails)
    return frozenset(scripts | found_by), frozenset(modules)


#: ``NAME = value`` (make's ``:=``, ``?=``, ``::=`` too) or a shell's ``NAME=value``.
_ASSIGNMENT = compile_on_use(
    # (the value starts with what is not a space, so no two runs can take the same spaces)
    r"^[ \t]*(?:export[ \t]+)?([A-Za-z_]\w*)[ \t]*(?:::|:|\?)?=[ \t]*((?:[^\s#][^\n#]*)?)$",
    re.MULTILINE,
)
#: ``$(NAME)``, ``${NAME}`` or ``$NAME``.
_REFERENCE = compile_on_use(r"\$(?:\((\w+)\)|\{(\w+)\}|(\w+))")
#: Put where a variable the file does not set stood before a path: what follows it is a
#: path's tail, not a path from the top of the repository.
_UNSET = "\x00"


def _expand_variables(text: str) -> str:
    """``text`` with the variables it sets written out (the last setting of each, as make
    reads a Makefile), and a variable it does not set before a ``/`` marked as unknown."""
    values: dict[str, str] = {}
    for name, written_value in _ASSIGNMENT.findall(text):
        value = written_value.rstrip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value

    def written(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2) or match.group(3)
        return values.get(name, match.group(0))

    for _ in range(4):  # a variable made of others (EXPERIMENTS_DIR = $(SRC_DIR)/experiments)
        expanded = _REFERENCE.sub(written, text)
        if expanded == text:
            break
        text = expanded
    return re.sub(r"\$(?:\(\w+\)|\{\w+\}|\w+)/", _UNSET, text)


def _found_by_tail(snapshot: Snapshot, tails: set[str]) -> set[str]:
    """The file each path tail names when exactly one file's path ends in it."""
    found: set[str] = set()
    for tail in tails:
        if tail.startswith("../"):
            continue
        matches = [
            info.path
            for info in snapshot.files
            if info.kind == "python" and (info.path == tail or info.path.endswith(f"/{tail}"))
        ]
        if len(matches) == 1:
            found.add(matches[0])
    return found


def _found_by_name(snapshot: Snapshot, scripts: set[str]) -> set[str]:
    """The file a bare script name runs when no file of that path exists but exactly one of
    that name does: ``python3 evaluation.py`` after the README says to go to ``scripts/``."""
    bare = {script for script in scripts if "/" not in script}
    if not bare:
        return set()
    by_name: dict[str, list[str]] = {}
    for info in snapshot.files:
        if info.kind == "python":
            by_name.setdefault(info.path.rpartition("/")[2], []).append(info.path)
    return {
        by_name[script][0]
        for script in bare
        if len(by_name.get(script, ())) == 1 and by_name[script][0] != script
    }


def named_in_commands(program: Program, commands: Commands) -> bool:
    """Whether a README or pipeline command runs ``program`` (``python src/train.py``,
    ``python -m a.b``)."""
    scripts, modules = commands
    return program.path in scripts or program.module in modules


def reads_command_line(program: Program) -> bool:
    """The program imports a command-line library or reads ``sys.argv``."""
    found = program.derived.get("reads_command_line")
    if found is None:
        found = program.derived["reads_command_line"] = _reads_command_line(program)
    return bool(found)


def _reads_command_line(program: Program) -> bool:
    if any(value.startswith(_CLI_LIBRARIES) for value in program.names.values()):
        return True
    return any(
        node.attr == "argv" and program.resolve(node.value) == "sys"
        for unit in program.units
        for node in unit.of_type(ast.Attribute)
    )


def trains(program: Program) -> bool:
    """The program trains: ``loss.backward()``, ``model.fit(...)``, ``optimizer.step()``,
    ``trainer.train()``, or a weight moved by hand (``parameters["W1"] -= lr * dW1``, a
    network written in numpy)."""
    found = program.derived.get("trains")
    if found is None:
        found = program.derived["trains"] = any(
            training_call(call) for unit in program.units for call in unit.of_type(ast.Call)
        ) or any(
            is_hand_update(node)
            for unit in program.units
            for node in unit.of_type(ast.AugAssign, ast.Assign, ast.Call)
        )
    return bool(found)


def training_call(call: ast.Call) -> bool:
    """``loss.backward()``, ``model.fit(...)``, ``optimizer.step()``, ``trainer.train()``."""
    if is_backward(call) or is_fit(call):
        return True
    name = method(call)
    if name not in ("step", "train") or not isinstance(call.func, ast.Attribute):
        return False
    owner = set(tokens(terminal(call.func.value) or ""))
    if name == "step":
        return bool(owner & {"optimizer", "optim", "opt", "optimiser"})
    return "trainer" in owner and not call.args


def main_block_works(program: Program) -> bool:
    """The ``__main__`` block reads a command line, trains or writes a result to a file,
    itself or in the module's own functions it calls (``main()``, and what ``main()`` calls
    in turn: ``_parse_args()``, ``train()``): what a script does, unlike a self-check that
    builds the model on made-up input. Read from the file alone."""
    found = program.derived.get("main_block_works")
    if found is None:
        found = program.derived["main_block_works"] = _main_block_works(program)
    return bool(found)


def _run_by_the_file(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements running the file runs beyond its set-up: the ``__main__`` block's, and
    the module-level work written below the block (training appended after ``main()``),
    which runs once the block has. Set-up above the block (a logger, constants) is no run."""
    found: list[ast.stmt] = []
    below = False
    for statement in body:
        if isinstance(statement, ast.If) and is_main_guard(statement):
            found.extend(statement.body)
            below = True
        elif below and not isinstance(statement, _DEFINED):
            found.append(statement)
    return found


#: Tensors made from nothing: a demo's stand-in for data (``torch.randn(8, 3, 128, 128)``).
_MADE_UP = frozenset({"randn", "rand", "randint", "zeros", "ones", "empty", "full"})


def _main_block_works(program: Program) -> bool:
    blocks: list[ast.AST] = []
    defined: dict[str, ast.AST] = {}
    classes: dict[str, dict[str, ast.AST]] = {}
    for unit in program.units:
        assert unit.tree is not None
        blocks.extend(_run_by_the_file(unit.tree.body))
        for node in unit.tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defined[node.name] = node
            elif isinstance(node, ast.ClassDef):
                classes[node.name] = {
                    item.name: item
                    for item in node.body
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                }
    nodes = [n for block in blocks for n in breadth_first(block)]
    calls = [n for n in nodes if isinstance(n, ast.Call)]
    if demo_data(program, nodes):
        # A demo training on torch.randn "data" shows how to use the module: only a command
        # line makes it a run.
        return any(_reads_settings(program, node) for b in blocks for node in ast.walk(b))
    if any(_works(program, node) for block in blocks for node in breadth_first(block)):
        return True
    # The module's own functions the block calls, and those they call, each read once; and
    # the methods of the module's own classes called on an instance the code built
    # (``mfcc = Mfcc(df); mfcc.save_mfccs()``) or on ``self`` inside such a method.
    instances = _instances(nodes, classes)
    pending: list[tuple[ast.Call, str | None]] = [(call, None) for call in calls]
    read: set[tuple[str | None, str]] = set()
    while pending:
        call, owner = pending.pop()
        for cls, function, name in _callees(call, owner, defined, classes, instances):
            if (cls, name) in read:
                continue
            read.add((cls, name))
            nodes = list(breadth_first(function))
            if any(_works(program, node) for node in nodes):
                return True
            instances.update(_instances(nodes, classes))
            pending.extend((node, cls) for node in nodes if isinstance(node, ast.Call))
    return False


def _instances(nodes: Sequence[ast.AST], classes: dict[str, dict[str, ast.AST]]) -> dict[str, str]:
    """Names bound to an instance of one of the module's own classes: ``mfcc = Mfcc(df)``."""
    found: dict[str, str] = {}
    for node in nodes:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id in classes
        ):
            found[node.targets[0].id] = node.value.func.id
    return found


def _callees(
    call: ast.Call,
    owner: str | None,
    defined: dict[str, ast.AST],
    classes: dict[str, dict[str, ast.AST]],
    instances: dict[str, str],
) -> Iterator[tuple[str | None, ast.AST, str]]:
    """The module's own code a call runs: (class or None, function, name)."""
    for name in (terminal(call.func), *(terminal(arg) for arg in call.args)):
        function = defined.get(name or "")  # fire.Fire(main), app(main) pass it on
        if function is not None and name:
            yield None, function, name
    func = call.func
    if isinstance(func, ast.Name) and func.id in classes:
        init = classes[func.id].get("__init__")
        if init is not None:
            yield func.id, init, "__init__"
    elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        receiver = func.value.id
        cls = owner if receiver == "self" else instances.get(receiver)
        method = classes.get(cls or "", {}).get(func.attr)
        if cls and method is not None:
            yield cls, method, func.attr


def tests_itself_on_drawn_data(program: Program) -> bool:
    """The ``__main__`` block feeds NumPy's draws in as data (an agent's replay buffer filled
    with ``np.random.randint(0, 256, (4, 84, 84))`` states), and reads no command line and
    no data or weights from a file: in a module other code imports, its author's quick test,
    not a run. A script nothing imports may draw its toy data so (NumPy is how such data is
    made), so only library code asks."""
    blocks = [s for unit in program.units if unit.tree for s in _run_by_the_file(unit.tree.body)]
    nodes = [n for block in blocks for n in breadth_first(block)]
    return demo_data(program, nodes, numpy=True) and not any(
        _reads_settings(program, node) or _reads_a_file(program, node) for node in nodes
    )


#: Calls that read data or weights from a file: a block using one works on real input.
_FILE_READERS = compile_on_use(
    r"^(?:numpy\.(?:load|loadtxt|genfromtxt|fromfile)|pandas\.read_\w+|open"
    r"|torch\.load|joblib\.load|pickle\.load|(?:tensorflow\.)?keras\.models\.load_model)$"
)


def _reads_a_file(program: Program, node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    return bool(_FILE_READERS.match(program.resolve(node.func) or ""))


def hands_run_to_training(program: Program, graph: ProjectGraph) -> bool:
    """The ``__main__`` block, itself or through the module's own functions it calls, uses
    a name imported from a project module that trains (``run.py`` building ``pipeline.py``'s
    ``Pipeline`` and calling its ``train_model()``). Only direct imports count: through a
    chain of imports a library's every module reaches some training code. A self-demo on
    made-up tensors is still no run."""
    trainers = _names_from_training_modules(program, graph)
    if not trainers:
        return False
    nodes = list(_main_path(program))
    if demo_data(program, nodes):
        return False
    return any(isinstance(node, ast.Name) and node.id in trainers for node in nodes)


def _names_from_training_modules(program: Program, graph: ProjectGraph) -> set[str]:
    """The names ``program`` imports from project modules that train, and those of the
    functions and classes it imports that hand on to such a name in their own module
    (``from training.catboost.main import main``, whose ``main()`` builds ``model.py``'s
    ``CatBoostModel``, which trains): one hop more, through the definition taken only."""
    names = set(_direct_training_names(program, graph))
    for unit in program.units:
        for node in unit.of_type(ast.ImportFrom):
            wanted = {alias.name: alias.asname or alias.name for alias in node.names}
            for other in graph.imported_by(program, node):
                names.update(_handing_on(other, wanted, graph))
    return names


def _handing_on(module: Program, wanted: dict[str, str], graph: ProjectGraph) -> set[str]:
    """The names (as bound by the importer) of ``wanted`` definitions of ``module`` whose
    bodies call a name ``module`` imports from a project module that trains."""
    inner = _direct_training_names(module, graph)
    if not inner:
        return set()
    found = set()
    for unit in module.units:
        for definition in module_level(unit.tree.body if unit.tree else ()):
            bound = wanted.get(definition.name)
            if bound is None or bound in found:
                continue
            if any(_calls_one_of(n, inner) for n in ast.walk(definition)):
                found.add(bound)
    return found


def _calls_one_of(node: ast.AST, names: frozenset[str]) -> bool:
    """``CatBoostModel()``, ``train(cfg)``, ``training.run()``: a call of one of ``names`` (or
    of a function of a module imported under one); merely naming it (``print(Pipeline)``)
    hands nothing on."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        func = func.value
    return isinstance(func, ast.Name) and func.id in names


def _direct_training_names(program: Program, graph: ProjectGraph) -> frozenset[str]:
    """The names ``program`` imports from project modules that train (or re-export or load
    such a module by name). Remembered per program."""
    found = program.derived.get("direct training names")
    if found is None:
        found = program.derived["direct training names"] = frozenset(
            _imported_training_names(program, graph)
        )
    assert isinstance(found, frozenset)
    return found


def _imported_training_names(program: Program, graph: ProjectGraph) -> set[str]:
    names: set[str] = set()
    for unit in program.units:
        imports: list[ast.Import | ast.ImportFrom] = [
            *unit.of_type(ast.Import),
            *unit.of_type(ast.ImportFrom),
        ]
        for node in imports:
            trainers = [
                other
                for other in graph.imported_by(program, node)
                if trains(other)
                or _re_exports_training(other, node, graph)
                or _loads_training_by_name(other, graph)
            ]
            if not trainers:
                continue
            names.update(
                alias.asname or alias.name.partition(".")[0]
                for alias in node.names
                if alias.name != "*"
            )
            if any(alias.name == "*" for alias in node.names):
                # ``from training import *`` brings the module's public functions and classes.
                names.update(_public_definitions(trainers))
    return names


def _loads_training_by_name(module: Program, graph: ProjectGraph) -> bool:
    """``model/__init__.py`` whose ``create_model`` imports ``"model." + name + "_model"``
    and builds its class, where a module so named trains (pix2pix's and CycleGAN's
    factories): a name taken from it hands the run to training. One hop."""
    found = module.derived.get("loads training by name")
    if found is None:
        found = module.derived["loads training by name"] = any(
            trains(loaded)
            for unit in module.units
            if "import_module" in unit.source or "__import__" in unit.source
            for call in unit.of_type(ast.Call)
            for loaded in loaded_by_name(call, module, graph)
        )
    return bool(found)


def _re_exports_training(
    package: Program, node: ast.Import | ast.ImportFrom, graph: ProjectGraph
) -> bool:
    """``from vp import VideoPredictor`` where ``vp/__init__.py`` says ``from .model import
    VideoPredictor`` and ``vp/model.py`` trains: the name comes from the training module all
    the same. One hop, and only for the names the script imports."""
    if not isinstance(node, ast.ImportFrom) or not package.path.endswith("__init__.py"):
        return False
    wanted = {alias.name for alias in node.names}
    for unit in package.units:
        for inner in unit.of_type(ast.ImportFrom):
            bound = {alias.asname or alias.name for alias in inner.names}
            if not (bound & wanted or "*" in bound or "*" in wanted):
                continue
            if any(trains(other) for other in graph.imported_by(package, inner)):
                return True
    return False


def _public_definitions(programs: list[Program]) -> Iterator[str]:
    for program in programs:
        for unit in program.units:
            for node in module_level(unit.tree.body if unit.tree else ()):
                if not node.name.startswith("_"):
                    yield node.name


def _main_path(program: Program) -> Iterator[ast.AST]:
    """The nodes of the ``__main__`` block and of the module's own functions it calls, and
    those they call in turn, each function read once. A class of the module the path builds
    (``TrainPipeline().train()``) is read whole: its methods are what the run calls."""
    blocks: list[ast.stmt] = []
    defined: dict[str, ast.AST] = {}
    for unit in program.units:
        blocks.extend(_run_by_the_file(unit.tree.body if unit.tree else []))
        for statement in unit.tree.body if unit.tree else ():
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined[statement.name] = statement
    pending: list[ast.AST] = list(blocks)
    read: set[str] = set()
    while pending:
        for node in breadth_first(pending.pop()):
            yield node
            if not isinstance(node, ast.Call):
                continue
            for name in (terminal(node.func), *(terminal(arg) for arg in node.args)):
                if name and name in defined and name not in read:
                    read.add(name)
                    pending.append(defined[name])


#: NumPy's global draws, which a quick test uses as torch's: states of a game no one runs
#: (``np.random.randint(0, 256, (4, 84, 84))``) fed to an agent.
_NUMPY_MADE_UP = frozenset({"rand", "randn", "randint", "random", "uniform", "normal"})


def _made_up(program: Program, call: ast.Call, numpy: bool = False) -> bool:
    name = program.resolve(call.func) or ""
    if numpy and name.startswith("numpy.random."):
        return name.rpartition(".")[2] in _NUMPY_MADE_UP
    return name.startswith("torch.") and name.rpartition(".")[2] in _MADE_UP


#: Calls that take an example input only for its shape, to export, trace or describe the
#: model: ``torch.onnx.export(model, dummy, path)``, ``torch.jit.trace``, a summary.
_EXAMPLE_INPUT_TAKERS = frozenset(
    {"export", "trace", "trace_module", "summary", "add_graph", "profile"}
)
#: What may be done to such a stand-in on its way there: moved to a device or a dtype.
_MOVES = frozenset({"to", "cuda", "cpu", "float", "half", "double"})
#: What holds an argument inside a call: ``args=(dummy,)``.
_HOLDERS = (ast.Tuple, ast.List, ast.keyword, ast.Starred)


def demo_data(program: Program, nodes: list[ast.AST], *, numpy: bool = False) -> bool:
    """Whether a tensor made from nothing (``torch.randn(8, 3, 128, 128)``; with ``numpy``,
    NumPy's draws too) among ``nodes`` (whole subtrees) stands in for data: fed to a model,
    printed, stepped on. One only handed to an export, a trace or a summary as its example
    input, as made or through the name it is bound to (moved to a device on the way), is no
    data: a script that trains on its files exports the model that way."""
    parents = {id(child): node for node in nodes for child in ast.iter_child_nodes(node)}
    made = [n for n in nodes if isinstance(n, ast.Call) and _made_up(program, n, numpy)]
    return any(not _stand_in(made_call, parents, nodes) for made_call in made)


def _stand_in(made: ast.Call, parents: dict[int, ast.AST], nodes: list[ast.AST]) -> bool:
    parent = parents.get(id(made))
    targets = parent.targets if isinstance(parent, ast.Assign) else []
    if len(targets) == 1 and isinstance(targets[0], ast.Name):
        name = targets[0].id
        uses = [
            n
            for n in nodes
            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
        ]
        return all(_example_input(use, parents, name) for use in uses)
    return _example_input(made, parents, None)


def _example_input(node: ast.AST, parents: dict[int, ast.AST], name: str | None) -> bool:
    """``node`` is an argument of an export, trace or summary, or (a name) moved to a device
    in a statement of its own or into the same name."""
    parent = parents.get(id(node))
    if name and isinstance(parent, ast.Attribute) and parent.attr in _MOVES:
        call = parents.get(id(parent))
        statement = parents.get(id(call))
        if isinstance(call, ast.Call) and isinstance(statement, ast.Expr):
            return True
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        return [t.id for t in targets if isinstance(t, ast.Name)] == [name]
    while isinstance(parent, _HOLDERS):
        node, parent = parent, parents.get(id(parent))
    return (
        isinstance(parent, ast.Call)
        and node is not parent.func
        and terminal(parent.func) in _EXAMPLE_INPUT_TAKERS
    )


def _reads_settings(program: Program, node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return (program.resolve(node.func) or "").startswith(_CLI_LIBRARIES)
    if isinstance(node, ast.Attribute) and node.attr == "argv":
        return program.resolve(node.value) == "sys"
    return False


#: Writing a table, an array or a model to a file: a run that leaves a result behind
#: (``df.to_csv(...)`` after building folds), which a self-check does not.
_WRITING_METHODS = frozenset({"to_csv", "to_parquet", "to_pickle", "to_feather", "to_json"})
_WRITING_FUNCTIONS = frozenset(
    {"numpy.save", "numpy.savez", "numpy.savez_compressed", "numpy.savetxt", "torch.save"}
    | {"joblib.dump", "pickle.dump", "json.dump"}
)


def writes_output(program: Program, node: ast.AST) -> bool:
    """``df.to_csv(path)``, ``np.save(path, x)``, ``torch.save(state, path)``."""
    if not isinstance(node, ast.Call):
        return False
    if method(node) in _WRITING_METHODS:
        return bool(node.args or node.keywords)  # Keras' model.to_json() returns a string
    return (program.resolve(node.func) or "") in _WRITING_FUNCTIONS


#: Loading trained weights from a file: a block that then measures or applies the model is
#: an evaluation or a prediction, not a self-check (which builds a fresh model on made-up
#: input, and is caught as such before this is asked).
_LOADING_FUNCTIONS = frozenset(
    {"torch.load", "joblib.load", "keras.models.load_model", "keras.saving.load_model"}
    | {"tensorflow.keras.models.load_model"}
)


def _works(program: Program, node: ast.AST) -> bool:
    if _reads_settings(program, node) or writes_output(program, node):
        return True
    if isinstance(node, ast.Call) and (program.resolve(node.func) or "") in _LOADING_FUNCTIONS:
        return True
    return isinstance(node, ast.Call) and training_call(node)
