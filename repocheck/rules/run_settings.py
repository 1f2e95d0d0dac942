"""Training runs read their settings from the command line or a config file (REPRO006).

Each training entry point is judged by the configuration its run reads first (a parser, then a
file, then a config object; its own file before others), else by the settings typed into its
training calls or named once at the top. What each body of code reads is read once, for every
entry point that runs it.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from repocheck.analysis.cache import per_object
from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.dead_stores import unseen_values
from repocheck.analysis.discarded_results import builds_only
from repocheck.analysis.entrypoints import imported_paths, is_demo, is_shelved, project
from repocheck.analysis.eval_mistakes import is_evaluation_name
from repocheck.analysis.import_kinds import kept_out_beside
from repocheck.analysis.imports import Program, programs
from repocheck.analysis.ml_code import code_of, repo_of
from repocheck.analysis.ml_names import is_fit
from repocheck.analysis.reach import Body, EntryReach, Site, entry_reach, every_body, reach_graph
from repocheck.analysis.scratch_training import is_hand_update, moves_weights_by_hand
from repocheck.analysis.unbound_trainers import first_unbound_read
from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence, Metrics, Result, Status
from repocheck.registry import rule
from repocheck.rules._run_reading import (
    ARGPARSE,
    ARGV,
    ARGV_SETTINGS,
    ARGV_TOOLKIT,
    ENVIRONMENT,
    Reader,
    argv_reading,
    at,
    line_of,
    literal_setting,
    named_setting,
    parser_gives_settings,
    stepped_calls,
    trains,
    unread_command_line,
    untrained_loader_loops,
)
from repocheck.rules._sanity_common import cross_validation_said, unread_ml_said


def _ordered(evidence: list[Evidence]) -> tuple[Evidence, ...]:
    return tuple(sorted(evidence, key=lambda e: (e.path, e.cell or 0, e.line or 0)))


@dataclass(frozen=True)
class _Run:
    """How one training entry point gets its settings."""

    label: str
    score: float
    message: str
    evidence: tuple[Evidence, ...]
    path: str = ""
    #: False for an example or debugging script beside a configured run: named, not judged.
    judged: bool = True


def _key(source: str, site: Site) -> tuple[int, int, int]:
    """Parsers first, then files and the environment, then objects; then by place."""
    kind = 3 if source.startswith(("a config object", "a config class")) else 1
    kind = 0 if not source.startswith(("a ", "command-line", ENVIRONMENT)) else kind
    return (kind, site.unit.cell or 0, line_of(site))


@dataclass(frozen=True)
class _Source:
    """The configuration a body reads that ranks first, and where (the first of equals)."""

    key: tuple[int, int, int]
    source: str
    site: Site


#: The nodes :meth:`Reader.source` may find configuration in.
_SOURCE_NODES = (ast.Call, ast.Attribute, ast.ClassDef, ast.Import, ast.ImportFrom)
#: ... and in a program that imports ``argv`` from sys, its names too: names are most of a
#: body's nodes, and only that import makes one the command line.
_SOURCE_NODES_AND_NAMES = (*_SOURCE_NODES, ast.Name)


class _Bodies:
    """What REPRO006 reads in each body an entry point may run: read once for all of them."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._sources: dict[int, _Source | None] = {}
        self._trains: dict[int, bool] = {}

    @functools.cached_property
    def past_argv(self) -> _Bodies:
        """The same reading with ``sys.argv`` taken for no configuration."""
        return _Bodies(dataclasses.replace(self.reader, argv=False))

    @functools.cached_property
    def past_parsers(self) -> _Bodies:
        """The same reading with argparse parsers taken for no configuration."""
        return _Bodies(dataclasses.replace(self.reader, parsers=False))

    def source(self, body: Body) -> _Source | None:
        found = self._sources.get(id(body), False)
        if found is False:
            best = None
            named = "sys.argv" in body.program.names.values()
            for site in body.each_site(*(_SOURCE_NODES_AND_NAMES if named else _SOURCE_NODES)):
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
            found = self._trains[id(body)] = _trains(
                body.each_site(ast.Call, ast.AugAssign, ast.Assign)
            )
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
    past, why = None, ""
    unread = unread_command_line(found.site) if found and found.source == ARGPARSE else None
    argv = argv_reading(reached.sites) if found and found.source == ARGV else ARGV_SETTINGS
    if argv == ARGV_TOOLKIT:
        # ``QApplication(sys.argv)`` alone: the arguments are Qt's, and the run is judged as
        # one that reads no command line.
        found = _first_source(bodies.past_argv, reached, own)
    elif argv != ARGV_SETTINGS:
        past, why = bodies.past_argv, "sys.argv giving only names or paths"
    elif unread:
        past, why = bodies.past_parsers, _UNREAD_PARSER
    elif found and found.source == ARGPARSE and not parser_gives_settings(found.site):
        past, why = bodies.past_parsers, "argparse giving only names or paths"
    if past is not None:
        # The command line names a file or a choice, or is never parsed: the settings typed
        # into the training calls are what a run changes, unless it reads a configuration.
        found = _first_source(past, reached, own)
        if not found and (typed := _literals(_trained_sites(bodies, own))):
            return _Run(reached.entry.label, 0.4, f"{_TYPED}, {why}", _ordered(typed))
        if not found and unread:
            # The settings are the parser's defaults, changed by editing the code.
            unit, call = unread
            evidence = (at(unit, call.lineno, why, call),)
            return _Run(reached.entry.label, 0.75, f"settings edited in the code, {why}", evidence)
        found = found or _first_source(bodies, reached, own)
    if found:
        site, source = found.site, found.source
        evidence = (at(site.unit, line_of(site), source, site.node),)
        return _Run(reached.entry.label, 1.0, source, evidence)
    return _unconfigured(bodies, reached, own)


_NAMED_ONCE = "settings named once at the top"
#: A run whose every training call fits a classical estimator at its library defaults.
_AT_DEFAULTS = "estimators at their library defaults"
_AT_DEFAULTS_NOTE = "an estimator at its defaults"
#: Runs that pass without reading settings: a note, not a configuration.
_NOTED = frozenset({_NAMED_ONCE, _AT_DEFAULTS})


def _fits_at_defaults(site: Site) -> bool:
    node = site.node
    return isinstance(node, ast.Call) and code_of(site.place.program).fits_at_defaults(node)


#: A parser whose every parse is handed a list (``parse_args([])``).
_UNREAD_PARSER = "argparse handed a list (parse_args([])), reading no command line"


def _unconfigured(bodies: _Bodies, reached: EntryReach, own_bodies: list[Body]) -> _Run:
    """Typed into the training calls (0.4), nothing seen (0.75), or named once at the top of
    the script (1.0, a note): editing one block of constants is how a short script is run,
    and a reviewer asks first for the values typed in place."""
    label = reached.entry.label
    in_cells = reached.entry.kind == "notebook"
    own = [site for body in own_bodies for site in body.each_site()]
    literals = _literals(_trained_sites(bodies, own_bodies))
    if literals:
        # A notebook is run by editing its cells: a lighter warn, whose fix is a cell of
        # settings at the top rather than a command line.
        if in_cells:
            return _Run(label, 0.75, _TYPED_IN_CELLS, _ordered(literals))
        return _Run(label, 0.4, _TYPED, _ordered(literals))
    named = [at(s.unit, line_of(s), node=s.node) for s in own if named_setting(s)]
    if named:
        return _Run(label, 1.0, _NAMED_ONCE, _ordered(named))
    named_there = _named_where_it_trains(bodies, reached)
    if named_there:
        path = named_there[0].path
        return _Run(f"{path} (run by {label})", 1.0, _NAMED_ONCE, _ordered(named_there))
    sites = [site for body in reached.bodies() for site in body.each_site(ast.Call)]
    fits = _training_sites(sites)
    if fits and all(_fits_at_defaults(site) for site in fits):
        shown = tuple(at(s.unit, line_of(s), _AT_DEFAULTS_NOTE, s.node) for s in fits[:2])
        return _Run(label, 1.0, _AT_DEFAULTS, shown)
    note = (
        "trains with settings from no cell or file"
        if in_cells
        else "trains with settings from no argument or config file"
    )
    first = reached.first("REPRO006 trains", bodies.trains)
    # By cell, then line: each fit of a notebook may stand on line 1 of its own cell.
    training = (
        sorted(
            _training_sites(list(first.each_site(ast.Call, ast.AugAssign, ast.Assign))),
            key=lambda site: (site.unit.cell or 0, line_of(site)),
        )[:1]
        if first
        else []
    )
    evidence = [at(s.unit, line_of(s), note, s.node) for s in training]
    unread = (
        "no settings cell or config file"
        if in_cells
        else "no command-line arguments or config file"
    )
    return _Run(label, 0.75, unread, tuple(evidence))


def _named_where_it_trains(bodies: _Bodies, reached: EntryReach) -> list[Evidence]:
    """Settings named once at the top of the project module whose code trains, where the
    entry point only hands it the data (``CNN().train(x, y)`` in train.py, ``BATCH_SIZE =
    64`` above the class in cnn.py): the block a run's values are changed in. The first such
    module the run meets; none when its training sits in the entry point's own file."""
    program = reached.entry.program
    training = reached.among("REPRO006 trains", bodies.trains)
    if not training or any(body.program is program for body in training):
        return []
    modules = list({id(body.program): body.program for body in training}.values())
    for module in modules:
        tops = [b for b in reached.bodies() if b.program is module and b.place.function is None]
        named = [
            at(s.unit, line_of(s), node=s.node)
            for body in tops
            for s in body.each_site()
            if named_setting(s)
        ]
        if named:
            return named
    return []


_TYPED = "hyperparameters typed into the training code"
_TYPED_IN_CELLS = "hyperparameters typed into the training cells"


def _trained_sites(bodies: _Bodies, own_bodies: list[Body]) -> list[Site]:
    """The sites of the run's own bodies, but those of functions that only evaluate."""
    trained = [body for body in own_bodies if not _only_evaluates(bodies, body)]
    return [site for body in trained for site in body.each_site()]


def _only_evaluates(bodies: _Bodies, body: Body) -> bool:
    """A function named for evaluating that trains nothing itself: the ``epochs=1`` of a
    Trainer built to evaluate, or an evaluation loader's ``batch_size=64``, changes no run."""
    function = body.place.function
    name = function.key.rsplit(".", 1)[-1] if function else ""
    return is_evaluation_name(name) and not bodies.trains(body)


def _literals(sites: list[Site]) -> list[Evidence]:
    peeked = _peeked_values(sites) | untrained_loader_loops(sites) | _built_in_settings(sites)
    stepped = stepped_calls(sites)
    return [
        at(s.unit, line_of(s), why, s.node)
        for s in sites
        if id(s.node) not in peeked
        and not _fits_noise(s)
        and (why := literal_setting(s, id(s.node) in stepped))
    ]


def _built_in_settings(sites: list[Site]) -> set[int]:
    """ids of the calls written as values of a dict of settings (``parameters = {"batch_size":
    [128, 256], "optimizer": [Adam(lr=0.001)]}``, a search's grid at the top): their numbers
    are named once with the rest of the dict, not typed into the training code. Only the
    dict's values are walked, and only for a dict :func:`named_setting` accepts."""
    built: set[int] = set()
    for site in sites:
        node = site.node
        value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        if not isinstance(value, ast.Dict) or not named_setting(site):
            continue
        for item in value.values:
            built.update(id(call) for call in ast.walk(item) if isinstance(call, ast.Call))
    return built


def _fits_noise(site: Site) -> bool:
    """A fit on random inputs and targets beside the run's training: its settings set
    nothing the run learns."""
    node = site.node
    if not (isinstance(node, ast.Call) and is_fit(node)):
        return False
    return code_of(site.place.program).fits_noise(node)


def _peeked_values(sites: list[Site]) -> set[int]:
    """ids of the calls assigned to a name that their program reads only through ``iter()``:
    ``loader = DataLoader(ds, batch_size=2, shuffle=True)`` then ``next(iter(loader))``, a look
    at one batch, whose batch size sets nothing of a run. Also those of top-level calls that
    only build a value no code reads (built again before any read, or a notebook's never
    read): their settings change nothing the run does. A fit whose history nobody reads
    still trains."""
    found = set()
    for site in sites:
        node = site.node
        if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Call):
            continue
        targets = node.targets
        if len(targets) != 1 or not isinstance(targets[0], ast.Name):
            continue
        program = site.place.program
        unseen = id(node.value) in unseen_values(program) and builds_only(node, node.value)
        if targets[0].id in _only_peeked(program) or unseen:
            found.add(id(node.value))
    return found


def _only_peeked(program: Program) -> frozenset[str]:
    """The names the program reads, and reads only as ``iter(name)`` (read once per program:
    every entry point that runs it asks)."""
    known = program.derived.get("only_peeked")
    if known is None:
        known = program.derived["only_peeked"] = _read_only_peeked(program)
    return cast("frozenset[str]", known)


def _read_only_peeked(program: Program) -> frozenset[str]:
    peeks = {
        id(call.args[0])
        for unit in program.units
        for call in unit.of_type(ast.Call)
        if isinstance(call.func, ast.Name) and call.func.id == "iter" and len(call.args) == 1
    }
    read: set[str] = set()
    other: set[str] = set()
    for unit in program.units:
        for node in unit.of_type(ast.Name):
            if isinstance(node.ctx, ast.Load):
                (read if id(node) in peeks else other).add(node.id)
    return frozenset(read - other)


def _is_training(site: Site) -> bool:
    """A training call, or a weight a network written by hand moves by its gradient."""
    node = site.node
    program = site.place.program
    if isinstance(node, ast.Call) and trains(site.unit, node, program):
        return True
    # Asked of every site a run reaches: the program's code model only for an update.
    return is_hand_update(node) and moves_weights_by_hand(code_of(program), node)


def _training_sites(sites: list[Site]) -> list[Site]:
    return [s for s in sites if _is_training(s)]


def _trains(sites: Iterable[Site]) -> bool:
    return any(_is_training(s) for s in sites)


@dataclass(frozen=True)
class _Runs:
    """The training entry points' verdicts, and what stops the sketches that never train."""

    runs: tuple[_Run, ...] = ()
    stopped: tuple[str, ...] = ()


@per_object
def _training_runs(snapshot: Snapshot) -> _Runs:
    """Each training entry point's verdict; empty when there is no training code at all.

    Each body's configuration and training calls are read once, for every entry point."""
    found = project(snapshot)
    if not found.graph.programs:
        return _Runs()
    bodies = _Bodies(Reader(found.graph, functools.partial(kept_out_beside, snapshot)))
    # The code entry points run is read anyway: only without training there is the rest read.
    entered = reach_graph(found).bodies()
    if not any(map(bodies.trains, entered)) and not any(map(bodies.trains, every_body(found))):
        return _Runs()
    runs = []
    stopped = []
    imported: frozenset[str] | None = None  # read only when a sketch is met
    for entry, reached in entry_reach(snapshot):
        if reached.any("REPRO006 trains", bodies.trains) and _calls_training(bodies, reached):
            stop = _stops_before_training(bodies, reached)
            if stop and imported is None:
                imported = imported_paths(snapshot)
            if stop and imported and entry.path in imported:
                stopped.append(stop)
                continue
            runs.append(dataclasses.replace(_judge_run(bodies, reached), path=entry.path))
    # Runs kept for reference (archive/, old/) beside runs in use are not what a teammate runs.
    current = tuple(run for run in runs if not is_shelved(run.path))
    return _Runs(_beside_examples(current or tuple(runs)), tuple(stopped))


def _stops_before_training(bodies: _Bodies, reached: EntryReach) -> str | None:
    """Why a run whose training is all in its own top-level code (its ``__main__`` block)
    never reaches it: a statement before it reads a name the file never binds, or None.
    Only a module the project imports is left out for it (a loop sketched under the main
    guard of an optimizer wrapper's module): a script's short example that leaves ``X`` to
    the reader is still the run it shows."""
    program = reached.entry.program
    training = reached.among("REPRO006 trains", bodies.trains)
    if any(body.program is not program or body.place.function is not None for body in training):
        return None
    read = first_unbound_read(program)
    if read is None:
        return None
    unit, line, name = read
    kinds = (ast.Call, ast.AugAssign, ast.Assign)
    sites = [site for body in training for site in body.each_site(*kinds)]
    lines = [line_of(site) for site in _training_sites(sites) if site.unit is unit]
    if not lines or line > min(lines):
        return None
    return f"{unit.path}:{line} reads {name}, which the file never defines, before it trains"


#: Methods a framework or Python calls without the code naming them.
_CALLED_UNNAMED = frozenset({"forward", "call", "training_step", "train_step", "compute_loss"})
#: Of those, the hooks only a library's training loop calls (Keras, Lightning, Hugging Face):
#: on a class deriving from nothing outside the project (a DQN agent's own ``train_step``) no
#: loop calls them unless the project names them.
_LIBRARY_TRAINING_HOOKS = frozenset({"training_step", "train_step", "compute_loss"})


def _method_name(body: Body) -> str | None:
    """The name of the method whose body this is; None for other bodies."""
    function = body.place.function
    return function.key.rsplit(".", 1)[-1] if function and function.owner else None


def _called_unnamed(graph: ProjectGraph, body: Body, name: str) -> bool:
    """Whether the method ``name`` (this body's) runs without the project naming it: a dunder,
    a hook every framework calls, or one a library calls on its subclasses (a Flower client's
    ``fit``, run each round once a script hands the client to Flower)."""
    function = body.place.function
    if name in _LIBRARY_TRAINING_HOOKS and function and function.owner:
        return not graph.derives_from_nothing(function.owner)
    if name.startswith("__") or name in _CALLED_UNNAMED:
        return True
    return bool(function and function.owner and name in graph.library_protocol(function.owner))


def _mentions(body: Body) -> set[str]:
    return {
        node.attr if isinstance(node, ast.Attribute) else node.id
        for node in body.nodes
        if isinstance(node, (ast.Attribute, ast.Name))
    }


def _calls_training(bodies: _Bodies, reached: EntryReach) -> bool:
    """Whether the run reaches a training body it may call: building a project class reaches
    all of its methods, but a notebook that builds a GAN, loads its weights and shows what it
    draws never calls the class's training step. A method counts once the code the run calls
    names it (``model.forward_step(x)``, ``target=self.train``), or when it is a dunder or a
    hook a framework calls (``forward``, ``training_step``); any other body counts at once."""
    training = reached.among("REPRO006 trains", bodies.trains)
    if any(_method_name(body) is None for body in training):
        return True
    waiting: dict[str, list[Body]] = {}
    pending: list[Body] = []
    graph = bodies.reader.graph
    for body in reached.bodies():
        name = _method_name(body)
        if name is None or _called_unnamed(graph, body, name):
            pending.append(body)
        else:
            waiting.setdefault(name, []).append(body)
    live: set[int] = set()
    while pending:
        body = pending.pop()
        if id(body) in live:
            continue
        live.add(id(body))
        for name in _mentions(body) & waiting.keys():
            pending.extend(waiting.pop(name))
    return any(id(body) in live for body in training)


def _configured(run: _Run) -> bool:
    return run.score == 1.0 and run.message not in _NOTED


#: Words in a script's own name that call it a demo of the method or a check that the code
#: runs (``dummy_test.py``, ``sanity_check.py``), short on purpose.
_DEMO_WORDS = frozenset(
    {"demo", "simple", "minimal", "toy", "example", "quickstart", "overfit"}
    | {"dummy", "sanity", "smoke"}
)


def _demo(path: str) -> bool:
    """A file in examples/, demo/ or debug/ folders, or named as a demo or a check that the
    code runs (``run_simple_vqvae.py``, ``minimal_example.py``, ``dummy_test.py``)."""
    stem = path.rsplit("/", 1)[-1].removesuffix(".py").removesuffix(".ipynb").lower()
    return is_demo(path) or bool(_DEMO_WORDS.intersection(stem.replace("-", "_").split("_")))


def _beside_examples(runs: tuple[_Run, ...]) -> tuple[_Run, ...]:
    """The runs, with demos (see :func:`_demo`) and notebooks that type their settings in (or
    read none) marked not judged where a script that is no demo reads its settings from the
    command line or a config: the project configures the run teammates use; its overfit
    checks and demos are short on purpose, and a notebook beside it is where the run was
    tried out (a prototype, a tutorial of the method), its cells the settings it tried. They
    are named in the message instead."""
    if not any(_configured(run) for run in runs if not _aside(run.path)):
        return runs
    return tuple(
        dataclasses.replace(run, judged=False) if _aside(run.path) and run.score < 1.0 else run
        for run in runs
    )


def _aside(path: str) -> bool:
    """A demo, or a notebook: beside a configured script, named rather than judged."""
    return _demo(path) or path.endswith(".ipynb")


def _listed(labels: list[str]) -> str:
    more = f" and {len(labels) - 2} more" if len(labels) > 2 else ""
    return ", ".join(labels[:2]) + more


def _all(runs: list[_Run] | tuple[_Run, ...]) -> list[Evidence]:
    """The runs' evidence, each place once (two entry points may share one parser)."""
    return list(dict.fromkeys(evidence for run in runs for evidence in run.evidence))


def _runs_verdict(every_run: tuple[_Run, ...]) -> Result:
    runs = tuple(run for run in every_run if run.judged)
    left_out = [run.path for run in every_run if not run.judged]
    result = _judged_verdict(runs)
    if not left_out:
        return result
    notebooks = sum(path.endswith(".ipynb") for path in left_out)
    kinds = (
        "notebooks"
        if notebooks == len(left_out)
        else "examples and debugging scripts"
        if not notebooks
        else "notebooks, examples and debugging scripts"
    )
    note = f"; {kinds} beside them not judged: {_listed(left_out)}"
    return dataclasses.replace(result, message=result.message + note)


def _judged_verdict(runs: tuple[_Run, ...]) -> Result:
    rest = [run for run in runs if run.score < 1.0]
    named = [run for run in runs if run.message in _NOTED]
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


def _passed_message(runs: tuple[_Run, ...], noted: list[_Run]) -> str:
    sources = sorted({run.message for run in runs if run not in noted})
    parts = [f"runs read their settings from {', '.join(sources)}"] if sources else []
    named = [run.label for run in noted if run.message == _NAMED_ONCE]
    if named:
        parts.append(f"{_NAMED_ONCE} of {_listed(named)}, where a run changes them in one place")
    defaults = [run.label for run in noted if run.message == _AT_DEFAULTS]
    if defaults:
        fits = "fit" if len(defaults) > 1 else "fits"
        parts.append(
            f"{_listed(defaults)} {fits} {_AT_DEFAULTS}, with no setting a run would change"
        )
    return "; ".join(parts)


def _run_files(snapshot: Snapshot, runs: Iterable[_Run]) -> set[str]:
    """The files of the training runs' entry points and of the project modules they import
    (an ``args.py`` or ``config.py`` holding the parser)."""
    graph = project(snapshot).graph
    by_path = {program.path: program for program in graph.programs}
    files = set()
    for run in runs:
        program = by_path.get(run.path)
        if program is None:
            continue
        files.add(run.path)
        for unit in program.units:
            imports: list[ast.Import | ast.ImportFrom] = unit.of_type(ast.Import, ast.ImportFrom)
            for node in imports:
                files.update(module.path for module in graph.imported_by(program, node))
    return files


def _bool_flags(snapshot: Snapshot, files: set[str]) -> list[tuple[str, Evidence]]:
    """``parser.add_argument("--augment", type=bool)`` in ``files``, by flag: argparse hands
    the flag's text to ``bool()``, so every value given, ``False`` included, is True."""
    found = []
    for unit in snapshot.parsed():
        if unit.path not in files or "add_argument" not in unit.source:
            continue
        for call in unit.of_type(ast.Call):
            func = call.func
            if not (isinstance(func, ast.Attribute) and func.attr == "add_argument"):
                continue
            kind = next((k.value for k in call.keywords if k.arg == "type"), None)
            if not (isinstance(kind, ast.Name) and kind.id == "bool"):
                continue
            names = [a.value for a in call.args if isinstance(a, ast.Constant)]
            flag = next((n for n in names if isinstance(n, str) and n), "a flag")
            evidence = at(unit, call.lineno, "type=bool: any value is True", call)
            found.append((flag, _dest(call, names), evidence))
    read = _names_read(snapshot) if found else None
    # A flag nothing reads is dead: what argparse makes of "False" changes no run.
    return [(flag, evidence) for flag, dest, evidence in found if read is None or dest in read]


def _dest(call: ast.Call, names: Sequence[object]) -> str:
    """The attribute an option is parsed into: ``dest=``, else its first long flag's name
    (``--use-amp``: ``use_amp``), else its first name."""
    dest = next((k.value for k in call.keywords if k.arg == "dest"), None)
    if isinstance(dest, ast.Constant) and isinstance(dest.value, str):
        return dest.value
    flags = [name for name in names if isinstance(name, str)]
    chosen = next((f for f in flags if f.startswith("--")), flags[0] if flags else "")
    return chosen.lstrip("-").replace("-", "_")


def _names_read(snapshot: Snapshot) -> frozenset[str] | None:
    """The attribute names the project's code reads of its own objects, and its strings
    (``getattr(args, "lr")``, ``cfg["lr"]``); None where it reads one of its objects whole
    (``vars(args)``, ``args.__dict__``) or by a name known only at run time (``getattr(args,
    key)``): then any name may be read. A module's attributes (``random.shuffle``,
    ``resnet.__dict__[name]``, ``getattr(nn, activation)``) are no option's."""
    names: set[str] = set()
    for program in programs(snapshot):
        for unit in program.units:
            calls: list[ast.Call] = unit.of_type(ast.Call)
            if any(_reads_any_name(call, program) for call in calls):
                return None
            attributes: list[ast.Attribute] = unit.of_type(ast.Attribute)
            for node in attributes:
                if program.resolve(node.value) is None:
                    if node.attr == "__dict__":
                        return None
                    names.add(node.attr)
            # An option's own names and dest= are where it is declared, not read.
            declared = {
                id(value)
                for call in calls
                if isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument"
                for value in [*call.args, *(k.value for k in call.keywords)]
            }
            constants: list[ast.Constant] = unit.of_type(ast.Constant)
            names.update(
                node.value
                for node in constants
                if isinstance(node.value, str) and id(node) not in declared
            )
    return frozenset(names)


def _reads_any_name(call: ast.Call, program: Program) -> bool:
    """``vars(args)``, or ``getattr(args, key)`` by a name known only at run time, of an
    object of the project's (not an imported module)."""
    if not (isinstance(call.func, ast.Name) and call.func.id in ("vars", "getattr")):
        return False
    if not call.args or program.resolve(call.args[0]) is not None:
        return False
    if call.func.id == "vars":
        return True
    return not (len(call.args) > 1 and isinstance(call.args[1], ast.Constant))


def _with_bool_flags(result: Result, flags: list[tuple[str, Evidence]]) -> Result:
    """The runs' verdict, told which flags cannot be turned off from the command line."""
    names = list(dict.fromkeys(flag for flag, _ in flags))  # one parser copied in two scripts
    named = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    verb = "is" if len(names) == 1 else "are"
    message = (
        f"{result.message}; {named} {verb} declared type=bool: argparse turns any value given,"
        " 'False' included, into True (action='store_true' reads a switch)"
    )
    evidence = [*result.evidence, *(e for _, e in flags)]
    if result.status is Status.PASS:
        return Result.warned(message, evidence, result.metrics, score=0.75)
    return dataclasses.replace(result, message=message, evidence=tuple(evidence))


@rule("REPRO006")
def configurable_runs(snapshot: Snapshot) -> Result:
    """Training runs read their settings from the command line or a config file."""
    found = _training_runs(snapshot)
    if not found.runs and found.stopped:
        return Result.skipped(
            f"no training run that gets to its training: {_listed(list(found.stopped))}"
            " (a sketch that stops with a NameError)"
        )
    if not found.runs:
        return Result.skipped(
            unread_ml_said(snapshot)
            or cross_validation_said(repo_of(snapshot))
            or "no training run: no entry point calls fit() or backward() in a loop or updates"
            " weights by hand; library code is configured by its caller"
        )
    result = _runs_verdict(found.runs)
    judged = [run for run in found.runs if run.judged]
    flags = _bool_flags(snapshot, _run_files(snapshot, judged))
    return _with_bool_flags(result, flags) if flags else result
