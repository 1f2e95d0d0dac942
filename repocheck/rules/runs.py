"""Reproducible runs: deterministic PyTorch backends (REPRO002) and runs configured from the
command line or a config file rather than from literals in the training code (REPRO006).

Both are informational (half weight) and never fail: determinism costs speed and a learner
may rightly trade it away; how a run is configured is a matter of degree.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass

from repocheck.analysis.cache import per_object
from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.devices import reaches_gpu
from repocheck.analysis.entrypoints import preference, project
from repocheck.analysis.imports import (
    constant_of,
    has_star_kwargs,
    keyword,
    programs,
    source_line,
)
from repocheck.analysis.ml_code import (
    Code,
    Repo,
    code_of,
    contains,
    is_backward,
    is_fit,
    is_optimizer_name,
    method,
    terminal,
    tokens,
)
from repocheck.analysis.reach import Body, EntryReach, Site, entry_reach, every_body, reach_graph
from repocheck.analysis.seeding import find_randomness
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence, Metrics, Result
from repocheck.registry import rule
from repocheck.wording import short

_LIGHTNING = frozenset({"lightning", "pytorch_lightning"})


def _at(unit: SourceUnit, line: int, note: str = "", node: ast.AST | None = None) -> Evidence:
    """The code at ``line`` (or of ``node``), with ``note`` as a trailing comment, in at most
    100 characters."""
    comment = f"  # {note}" if note else ""
    text = None
    if node is not None and getattr(node, "end_lineno", None) == line:
        text = ast.get_source_segment(unit.source, node)
    code = short(text or source_line(unit, line), max(100 - len(comment), 30))
    return Evidence(unit.path, line, (code + comment)[:100], unit.cell)


@per_object
def _repo(snapshot: Snapshot) -> Repo:
    return Repo(programs(snapshot))


def _on(node: ast.expr | None) -> bool:
    """An argument that switches something on: present and not a literal False/None/0."""
    return node is not None and constant_of(node, default=True) not in (False, None, 0)


# ---------------------------------------------------------------------------- REPRO002


def _torch_training(snapshot: Snapshot) -> list[tuple[SourceUnit, ast.Call]]:
    """``loss.backward()`` in a loop, ``optimizer.step()`` or Lightning's ``trainer.fit()``,
    in code an entry point runs (a library module that only mentions torch does not count)."""
    found = []
    for code, unit, call in _reached_calls(snapshot):
        if not code.uses_torch:
            continue
        lightning = is_fit(call) and bool(code.libraries & _LIGHTNING)
        looped = is_backward(call) and _in_loop(unit, call)
        if looped or code.is_optimizer_step(call) or lightning:
            found.append((unit, call))
    return found


def _switch_call(code: Code, call: ast.Call) -> bool:
    """``torch.use_deterministic_algorithms(True)``, ``Trainer(deterministic=True)``,
    ``transformers.enable_full_determinism(seed)``, ``accelerate``'s ``set_seed(s, True)``."""
    name = code.resolve(call.func)
    if name == "torch.use_deterministic_algorithms":
        return _on(call.args[0] if call.args else keyword(call, "mode"))
    if name.startswith("transformers") and name.endswith(".enable_full_determinism"):
        return True
    root = name.split(".", 1)[0]
    deterministic = keyword(call, "deterministic")
    if root == "accelerate" and name.endswith(".set_seed") and len(call.args) > 1:
        deterministic = deterministic or call.args[1]
    return root in (*_LIGHTNING, "accelerate") and _on(deterministic)


def _switch_assign(code: Code, node: ast.Assign) -> bool:
    """``torch.backends.cudnn.deterministic = True``."""
    return constant_of(node.value) is True and any(
        code.resolve(target) == "torch.backends.cudnn.deterministic" for target in node.targets
    )


def _switches(repo: Repo) -> list[Evidence]:
    found = []
    for code in repo.codes:
        for unit in code.units:
            hits = [n.lineno for n in unit.of_type(ast.Assign) if _switch_assign(code, n)]
            hits += [n.lineno for n in unit.of_type(ast.Call) if _switch_call(code, n)]
            found += [_at(unit, line) for line in sorted(hits)]
    return found


@per_object
def _reached_calls(snapshot: Snapshot) -> list[tuple[Code, SourceUnit, ast.Call]]:
    """Each call some entry point may run, once, in source order (read, never changed)."""
    found: dict[int, tuple[Code, SourceUnit, ast.Call]] = {}
    for body in reach_graph(project(snapshot)).bodies():
        for node in body.nodes:
            if isinstance(node, ast.Call) and id(node) not in found:
                found[id(node)] = (code_of(body.program), body.unit, node)
    return sorted(found.values(), key=lambda c: (c[1].path, c[1].cell or 0, c[2].lineno))


def _unseeded_workers(snapshot: Snapshot) -> list[Evidence]:
    """DataLoaders an entry point builds with worker processes and neither ``worker_init_fn``
    nor ``generator``.

    Asked only when torch's global generator is not seeded: since PyTorch 1.9 each worker
    seeds torch, random and numpy from it.
    """
    found = []
    for code, unit, call in _reached_calls(snapshot):
        name = code.resolve(call.func)
        if not (name.startswith("torch.utils.data") and name.endswith(".DataLoader")):
            continue
        workers = keyword(call, "num_workers")
        if workers is None or constant_of(workers, default=1) in (0, None):
            continue
        if has_star_kwargs(call) or keyword(call, "worker_init_fn") or keyword(call, "generator"):
            continue
        note = "seed torch, or pass a seeded generator="
        found.append(_at(unit, call.lineno, note, call))
    return found


def _seeding_site(snapshot: Snapshot, training: list[tuple[SourceUnit, ast.Call]]) -> Evidence:
    """Where the deterministic switch belongs: next to the torch seed, else before training."""
    seeds = find_randomness(snapshot).seeds.get("torch", [])
    trained = {unit.path for unit, _ in training}
    # Next to the seed of a file that trains (train.py, not bench.py) when there is one.
    seeds = sorted(seeds, key=lambda c: (c.unit.path not in trained, preference(c.unit.path)))
    if seeds:
        unit, node = seeds[0].unit, seeds[0].node
        return _at(unit, node.lineno, "add torch.use_deterministic_algorithms(True) here", node)
    unit, call = min(training, key=lambda site: preference(site[0].path))
    return _at(unit, call.lineno, "no deterministic switch before training")


def _body_on_gpu(body: Body) -> bool:
    return reaches_gpu(body.each_site())


_CPU_ONLY = (
    "training runs on the CPU only, where seeded PyTorch kernels repeat themselves (a GPU run"
    " would need torch.use_deterministic_algorithms(True))"
)


@rule("REPRO002")
def deterministic_backends(snapshot: Snapshot) -> Result:
    """PyTorch training asks for deterministic kernels; seeded DataLoader workers."""
    repo = _repo(snapshot)
    training = _torch_training(snapshot)
    if not training:
        return Result.skipped(
            "no PyTorch training that an entry point runs: nothing on a script's path calls"
            " backward() or step()"
        )
    switches = _switches(repo)
    seeds = find_randomness(snapshot).seeds
    # Without any seed, worker seeds are moot (REPRO001 asks for one); with torch seeded,
    # PyTorch seeds every worker from it.
    loaders = _unseeded_workers(snapshot) if seeds and "torch" not in seeds else []
    metrics: Metrics = {
        "deterministic_switches": len(switches),
        "unseeded_worker_loaders": len(loaders),
    }
    if switches and not loaders:
        return Result.passed("deterministic algorithms are switched on", switches, metrics)
    # Seeded kernels on the CPU repeat themselves: the switch matters where a GPU runs.
    # Some entry point reaches a GPU when some code any of them runs does: no need to ask
    # each of them, and the first body that names a GPU ends the search.
    on_gpu = bool(switches) or any(map(_body_on_gpu, reach_graph(project(snapshot)).bodies()))
    if not on_gpu and not loaders:
        return Result.passed(_CPU_ONLY, [], metrics)
    problems, evidence, score = [], list(loaders), 1.0
    if not on_gpu:
        problems.append(_CPU_ONLY)
    elif not switches:
        problems.append("neither cudnn.deterministic nor use_deterministic_algorithms is set")
        evidence.insert(0, _seeding_site(snapshot, training))
        score -= 0.5
    if loaders:
        problems.append(f"{len(loaders)} DataLoader(s) with workers but no seeded generator")
        score -= 0.25
    return Result.warned("; ".join(problems), evidence, metrics, score=max(score, 0.25))


# ---------------------------------------------------------------------------- REPRO006

_CLI = re.compile(
    r"^(argparse\.ArgumentParser|optparse\.OptionParser|getopt\.getopt|fire\.Fire"
    r"|docopt\.docopt|tyro\.cli|transformers\.HfArgumentParser|click\.\w+|typer\.\w+"
    r"|absl\.(flags|app)\.\w+|jsonargparse\.\w+|simple_parsing\.\w+|[\w.]*\.LightningCLI)$"
)
_FILES = re.compile(
    r"^(hydra(\.\w+)+|omegaconf(\.\w+)+|yaml\.(safe_load|load|full_load|unsafe_load)"
    r"|ruamel\.yaml\.YAML|tomllib\.loads?|tomli\.loads?|toml\.load|configparser\.ConfigParser"
    r"|gin\.parse_config\w*|ml_collections\.config_flags\.\w+)$"
)
#: A search tries settings the code lists, instead of one run with values typed in.
_SEARCH = re.compile(
    r"^(optuna\.create_study|ray\.tune(\.\w+)+|wandb\.sweep"
    r"|sklearn\.model_selection\.(Halving)?(GridSearchCV|RandomizedSearchCV)|keras_tuner\.\w+)$"
)
_CONFIG_HINT = re.compile(r"conf|cfg|param|setting|option", re.IGNORECASE)
#: Words that make a class or a project function a holder of settings.
_CONFIG_WORDS = frozenset({"config", "configs", "cfg", "conf", "hparams", "settings"})
_CONFIG_CLASS_WORDS = _CONFIG_WORDS | {"args", "arguments", "params", "hyperparameters", "hp"}
_CONFIG_BASES = re.compile(r"^(pydantic(_settings)?\.(BaseModel|BaseSettings)|typing\.NamedTuple)$")
_DATACLASS = re.compile(
    r"^(dataclasses\.dataclass|attrs?\.(define|s|frozen)|pydantic\..*dataclass)$"
)
HYPERPARAMETERS = frozenset(
    {"lr", "learning_rate", "batch_size", "epochs", "num_epochs", "n_epochs", "max_epochs"}
    | {"weight_decay", "momentum", "dropout", "hidden_size", "hidden_dim", "num_layers"}
    | {"n_layers", "n_layer", "max_iters", "max_steps", "num_steps", "n_estimators"}
    | {"max_depth", "embedding_dim", "n_embd", "block_size", "warmup_steps", "n_head"}
)


def _in_loop(unit: SourceUnit, node: ast.AST) -> bool:
    loops: list[ast.AST] = [*unit.of_type(ast.For, ast.AsyncFor, ast.While)]
    return any(contains(loop, node) for loop in loops)


def _steps_beside(unit: SourceUnit, node: ast.AST) -> bool:
    """An optimizer steps in the function around ``node`` (``optimizer.step()``)."""
    functions: list[ast.AST] = [*unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)]
    around = [function for function in functions if contains(function, node)]
    return any(
        method(call) == "step" and is_optimizer_name(terminal(call.func.value))
        for function in around
        for call in ast.walk(function)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
    )


def trains(unit: SourceUnit, call: ast.Call) -> bool:
    """``model.fit(...)``, or ``backward()`` in a loop or beside ``optimizer.step()``: a lone
    backward() only shows autograd."""
    if is_fit(call):
        return True
    return is_backward(call) and (_in_loop(unit, call) or _steps_beside(unit, call))


@dataclass(frozen=True)
class _Reader:
    """Reads reached code for configuration, knowing the project's own functions."""

    graph: ProjectGraph

    def call(self, site: Site, call: ast.Call) -> str | None:
        """The configuration a call reads: a parser, a config file, a configurator, a config
        object the project builds (``get_config()``, ``GPTConfig(...)``)."""
        name = site.place.program.resolve(call.func) or ""
        if not name:
            return "a configurator file run with exec()" if _runs_a_file(call) else None
        return _library_source(site, call, name) or self._project_object(name)

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
            return _ATTRIBUTES.get(site.place.program.resolve(node) or "")
        if isinstance(node, ast.ClassDef) and _is_config_class(site, node):
            return f"a config class ({node.name})"
        return None


def _library_source(site: Site, call: ast.Call, name: str) -> str | None:
    """A command-line parser or a config-file loader of a library."""
    if _CLI.match(name):
        return "LightningCLI" if name.endswith("LightningCLI") else name.split(".", 1)[0]
    if _FILES.match(name) or (name == "json.load" and _hinted(site, call)):
        return f"a config file ({name.split('.', 1)[0]})"
    if _SEARCH.match(name):
        return f"a hyperparameter search ({name.rsplit('.', 1)[-1]})"
    return None


_ATTRIBUTES = {"sys.argv": "command-line arguments (sys.argv)", "wandb.config": "a wandb config"}


_CONFIG_JSON = re.compile(r"(conf|cfg|param|setting|option)[\w.-]*\.json$", re.IGNORECASE)


def _hinted(site: Site, call: ast.Call) -> bool:
    """``json.load`` of a config: the call or a file name in the same cell or module says so
    (``with open("config.json") as f: cfg = json.load(f)``)."""
    if _CONFIG_HINT.search(ast.get_source_segment(site.unit.source, call) or ""):
        return True
    return any(
        isinstance(node.value, str) and _CONFIG_JSON.search(node.value)
        for node in site.unit.of_type(ast.Constant)
    )


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


def _keyword_literal(call: ast.Call) -> str | None:
    """``Adam(params, lr=0.001)``, ``DataLoader(ds, batch_size=32)``; not ``dict(n_layer=12)``,
    a table of presets."""
    if isinstance(call.func, ast.Name) and call.func.id == "dict":
        return None
    for item in call.keywords:
        if item.arg and item.arg.lower() in HYPERPARAMETERS and _number(item.value):
            return f"{item.arg} typed in place"
    return None


def _epoch_literal(loop: ast.For | ast.AsyncFor) -> str | None:
    """``for epoch in range(10):``."""
    target = loop.target.id if isinstance(loop.target, ast.Name) else ""
    ranged = isinstance(loop.iter, ast.Call) and isinstance(loop.iter.func, ast.Name)
    if not ranged or "epoch" not in target.lower():
        return None
    call = loop.iter
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
    literal = call.func.id == "range" and any(map(_number, call.args))
    return "epochs typed in place" if literal else None


def _literal(site: Site) -> str | None:
    """``lr=0.001`` passed in a call, or ``for epoch in range(10)``: a setting typed in place."""
    node = site.node
    if isinstance(node, ast.Call):
        return _keyword_literal(node)
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return _epoch_literal(node)
    return None


def _named(site: Site) -> bool:
    """``LEARNING_RATE = 3e-4`` at the top of a script or notebook: named once."""
    node = site.node
    if site.place.function is not None or not isinstance(node, ast.Assign):
        return False
    names = [t.id.lower() for t in node.targets if isinstance(t, ast.Name)]
    return _number(node.value) and any(name in HYPERPARAMETERS for name in names)


def _line(site: Site) -> int:
    return int(getattr(site.node, "lineno", 1))


def _ordered(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=lambda e: (e.path, e.cell or 0, e.line or 0)))


@dataclass(frozen=True)
class _Run:
    """How one training entry point gets its settings."""

    label: str
    score: float
    message: str
    evidence: tuple[Evidence, ...]


def _key(source: str, site: Site) -> tuple[int, int, int]:
    """Parsers first, then files, then objects; then by place."""
    kind = 3 if source.startswith(("a config object", "a config class")) else 1
    kind = 0 if not source.startswith(("a ", "command-line")) else kind
    return (kind, site.unit.cell or 0, _line(site))


@dataclass(frozen=True)
class _Source:
    """The configuration a body reads that ranks first, and where (the first of equals)."""

    key: tuple[int, int, int]
    source: str
    site: Site


#: The nodes :meth:`_Reader.source` may find configuration in.
_SOURCE_NODES = (ast.Call, ast.Attribute, ast.ClassDef)


class _Bodies:
    """What REPRO006 reads in each body an entry point may run: read once for all of them."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self._sources: dict[int, _Source | None] = {}
        self._trains: dict[int, bool] = {}

    def source(self, body: Body) -> _Source | None:
        found = self._sources.get(id(body), False)
        if found is False:
            best = None
            for site in body.each_site(*_SOURCE_NODES):
                source = self.reader.source(site)
                if source and (best is None or _key(source, site) < best.key):
                    best = _Source(_key(source, site), source, site)
            found = self._sources[id(body)] = best
        return found  # type: ignore[return-value]

    def key(self, body: Body) -> tuple[int, int, int] | None:
        found = self.source(body)
        return found.key if found else None

    def trains(self, body: Body) -> bool:
        found = self._trains.get(id(body))
        if found is None:
            found = self._trains[id(body)] = _trains(body.each_site(ast.Call))
        return found


def _first_source(bodies: _Bodies, reached: EntryReach, own: list[Body]) -> _Source | None:
    """The configuration the run reads that ranks first: by kind, the entry point's own file
    before others, then by place; of equals, the first its run meets."""
    program = reached.entry.program
    ranks = [(key[0], False, *key[1:]) for body in own if (key := bodies.key(body))]
    outside = reached.least_outside("REPRO006 source", bodies.key)
    if outside:
        ranks.append((outside[0], True, *outside[1:]))
    if not ranks:
        return None
    kind, elsewhere, cell, line = min(ranks)
    key = (kind, cell, line)
    tied = [body for body in own if bodies.key(body) == key]
    if elsewhere:  # no body of its own program has this key: it would rank first
        body = reached.first(("REPRO006 source", key), lambda other: bodies.key(other) == key)
    elif len(tied) == 1:
        body = tied[0]
    else:
        name = ("REPRO006 own source", key, program.path)
        body = reached.first(name, lambda b: b.program is program and bodies.key(b) == key)
    assert body is not None
    return bodies.source(body)


def _judge_run(bodies: _Bodies, reached: EntryReach) -> _Run:
    """Configured (1), named once (0.75), nothing seen (0.5), typed in place (0.4)."""
    own = reached.own()
    found = _first_source(bodies, reached, own)
    if found:
        site, source = found.site, found.source
        evidence = (_at(site.unit, _line(site), source, site.node),)
        return _Run(reached.entry.label, 1.0, source, evidence)
    return _unconfigured(bodies, reached, own)


_NAMED_ONCE = "settings named once at the top"


def _unconfigured(bodies: _Bodies, reached: EntryReach, own_bodies: list[Body]) -> _Run:
    """Typed into the training calls (0.4), nothing seen (0.75), or named once at the top of
    the script (1.0, a note): editing one block of constants is how a short script is run,
    and a reviewer asks first for the values typed in place."""
    label = reached.entry.label
    own = [site for body in own_bodies for site in body.sites]
    literals = _literals(own)
    if literals:
        message = "hyperparameters typed into the training code"
        return _Run(label, 0.4, message, _ordered(literals))
    named = [_at(s.unit, _line(s), node=s.node) for s in own if _named(s)]
    if named:
        return _Run(label, 1.0, _NAMED_ONCE, _ordered(named))
    note = "trains with settings from no argument or config file"
    first = reached.first("REPRO006 trains", bodies.trains)
    training = _training_sites(list(first.sites))[:1] if first else []
    evidence = [_at(s.unit, _line(s), note, s.node) for s in training]
    return _Run(label, 0.75, "no command-line arguments or config file", tuple(evidence))


def _literals(sites: list[Site]) -> list[Evidence]:
    return [_at(s.unit, _line(s), why, s.node) for s in sites if (why := _literal(s))]


def _training_sites(sites: list[Site]) -> list[Site]:
    return [s for s in sites if isinstance(s.node, ast.Call) and trains(s.unit, s.node)]


def _trains(sites: Iterable[Site]) -> bool:
    return any(isinstance(s.node, ast.Call) and trains(s.unit, s.node) for s in sites)


@per_object
def _training_runs(snapshot: Snapshot) -> tuple[_Run, ...]:
    """Each training entry point's verdict; empty when there is no training code at all.

    Each body's configuration and training calls are read once, for every entry point."""
    found = project(snapshot)
    if not found.graph.programs:
        return ()
    bodies = _Bodies(_Reader(found.graph))
    # The code entry points run is read anyway: only without training there is the rest read.
    entered = reach_graph(found).bodies()
    if not any(map(bodies.trains, entered)) and not any(map(bodies.trains, every_body(found))):
        return ()
    runs = []
    for _, reached in entry_reach(snapshot):
        if reached.any("REPRO006 trains", bodies.trains):
            runs.append(_judge_run(bodies, reached))
    return tuple(runs)


def _listed(labels: list[str]) -> str:
    more = f" and {len(labels) - 2} more" if len(labels) > 2 else ""
    return ", ".join(labels[:2]) + more


def _all(runs: list[_Run] | tuple[_Run, ...]) -> list[Evidence]:
    """The runs' evidence, each place once (two entry points may share one parser)."""
    return list(dict.fromkeys(evidence for run in runs for evidence in run.evidence))


def _runs_verdict(runs: tuple[_Run, ...]) -> Result:
    rest = [run for run in runs if run.score < 1.0]
    named = [run for run in runs if run.message == _NAMED_ONCE]
    configured = len(runs) - len(rest) - len(named)
    metrics: Metrics = {"training_entry_points": len(runs), "configurable": configured}
    if not rest:
        return Result.passed(_passed_message(runs, named), _all(runs), metrics)
    evidence = _all(rest)
    kinds: dict[str, list[str]] = {}
    for run in rest:
        kinds.setdefault(run.message, []).append(run.label)
    message = "; ".join(f"{kind} ({_listed(labels)})" for kind, labels in kinds.items())
    score = sum(run.score for run in runs) / len(runs)
    return Result.warned(message, evidence, metrics, score=round(score, 3))


def _passed_message(runs: tuple[_Run, ...], named: list[_Run]) -> str:
    sources = sorted({run.message for run in runs if run not in named})
    parts = [f"runs read their settings from {', '.join(sources)}"] if sources else []
    if named:
        labels = _listed([run.label for run in named])
        parts.append(f"{_NAMED_ONCE} of {labels}, where a run changes them in one place")
    return "; ".join(parts)


@rule("REPRO006")
def configurable_runs(snapshot: Snapshot) -> Result:
    """Training runs read their settings from the command line or a config file."""
    runs = _training_runs(snapshot)
    if not runs:
        return Result.skipped(
            "no training run: no entry point calls fit() or backward() in a loop; library"
            " code is configured by its caller"
        )
    return _runs_verdict(runs)
