"""Whether a program's random number generators are seeded where it runs (REPRO001).

Which calls draw and which seed is decided call by call in _draws.py; here the calls are put
in their place. A project's own seeding helper (minGPT's ``set_seed()``) seeds what its body
seeds, through any depth of helper calls, and only counts when something calls it.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Container, Iterable, Sequence, Set
from dataclasses import dataclass, field

from repocheck.analysis.cache import per_object
from repocheck.analysis.defaulted_seeds import unfilled_seeds, unfilled_switches
from repocheck.analysis.draws import (
    LIBRARIES,
    Use,
    random_use,
    seed_argument,
    seed_targets,
    switched_off_targets,
)
from repocheck.analysis.imports import Call, Program, dotted_index, programs
from repocheck.analysis.scopes import Scope, walk_scoped
from repocheck.analysis.seed_sources import switched_off
from repocheck.facts.snapshot import Snapshot


@dataclass
class Randomness:
    """What REPRO001 found: draws, seeding calls, and seeding helpers nobody calls."""

    uses: list[Use]
    seeds: dict[str, list[Call]]  # library -> calls that seed it
    dead: list[tuple[Scope, frozenset[str]]]
    #: library -> seeding calls a switch set off keeps from running (``if random_seed:``).
    switched_off: dict[str, list[Call]] = field(default_factory=dict)
    #: ids of the draws whose seed is a parameter defaulting to None that no caller fills.
    unfilled: frozenset[int] = frozenset()
    #: ids of the seeding calls behind ``if seed:`` on a parameter defaulting to None that no
    #: caller fills: they never run (also listed in ``switched_off``).
    unfilled_switches: frozenset[int] = frozenset()


def void_seed_reason(call: Call, unfilled: Container[int]) -> str:
    """Why a seeding call REPRO001 set aside seeds no run: behind a switch set off or a
    parameter no caller fills (``unfilled``: ids of such calls), a name drawn at random just
    before, or the hash of a string (salted, never a bare name)."""
    seed = seed_argument(call.node)
    if id(call.node) in unfilled and isinstance(seed, ast.Name):
        return f"never runs: no call gives {seed.id} a value"
    if switched_off(call):
        return "never runs: the switch above it is set off (0, None or False)"
    if isinstance(seed, ast.Name):
        return "the seed is drawn at random just before: a new seed on every run"
    return "hash() of a string differs in every process: a new seed on every run"


def _entry_point_names(snapshot: Snapshot) -> frozenset[str]:
    """Functions named as console entry points (``pkg.mod:main``) in packaging files."""
    names: set[str] = set()
    for path, text in snapshot.texts.items():
        if path.rsplit("/", 1)[-1] in ("pyproject.toml", "setup.cfg", "setup.py"):
            # From the start of a dotted name only: linear on a long run of name characters.
            names.update(re.findall(r"(?<![\w.])[\w.]+:(\w+)", text))
    return frozenset(names)


def _own_seeding(
    calls: list[tuple[Call, tuple[Scope, ...], Program]], direct: dict[Call, frozenset[str]]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per function: the libraries its body seeds directly, and the names it calls."""
    own: dict[str, set[str]] = {}
    callees: dict[str, set[str]] = {}
    for call, chain, _ in calls:
        for scope in chain:
            own.setdefault(scope.key, set()).update(direct.get(call, ()))
            callees.setdefault(scope.key, set()).add(call.name or "")
    return own, callees


def _helper_targets(
    calls: list[tuple[Call, tuple[Scope, ...], Program]], direct: dict[Call, frozenset[str]]
) -> dict[str, frozenset[str]]:
    """Libraries each repo function seeds, itself or through the helpers it calls."""
    own, callees = _own_seeding(calls, direct)
    index = dotted_index(own)
    changed = True
    while changed:  # a helper calling a helper: propagate until nothing new is learnt
        changed = False
        for key, names in callees.items():
            gained = {lib for name in names for k in index.get(name, ()) for lib in own[k]}
            if not gained <= own[key]:
                own[key] |= gained
                changed = True
    return {key: frozenset(libs) for key, libs in own.items() if libs}


@dataclass
class _Walked:
    calls: list[tuple[Call, tuple[Scope, ...], Program]]
    functions: list[tuple[Scope, ...]]
    referenced: set[str]  # every name used as a value or attribute
    #: Names each program reads itself (by id); attribute names, which any program may read
    #: of another's; names imported with ``from m import name``.
    read_in: dict[int, set[str]] = field(default_factory=dict)
    shared: set[str] = field(default_factory=set)
    imported: set[str] = field(default_factory=set)
    #: Attribute names some program reads (``x.test_loader`` loaded, not only stored).
    loaded: set[str] = field(default_factory=set)


_WALKED = (ast.Call, ast.FunctionDef, ast.AsyncFunctionDef)


@per_object
def _walk(snapshot: Snapshot) -> _Walked:
    """Every call with the functions around it, every function definition, every name used.

    Walked once per snapshot (REPRO001, REPRO002 and the idle-helper check all ask); callers
    read it, never change it.
    """
    walked = _Walked([], [], set())
    for program in programs(snapshot):
        # Depth first, so calls and definitions come in the order the evidence lists them.
        for node, unit, chain in walk_scoped(program, _WALKED):
            if isinstance(node, ast.Call):
                walked.calls.append((Call(unit, node, program.resolve(node.func)), chain, program))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                walked.functions.append(chain)
        own = walked.read_in.setdefault(id(program), set())
        for unit in program.units:
            names = unit.of_type(ast.Name)
            own.update(name.id for name in names if isinstance(name.ctx, ast.Load))
            attributes = unit.of_type(ast.Attribute)
            walked.shared.update(attribute.attr for attribute in attributes)
            walked.loaded.update(a.attr for a in attributes if type(a.ctx) is ast.Load)
        walked.referenced.update(own)
    walked.referenced.update(walked.shared)
    for program in programs(snapshot):
        for unit in program.units:
            for node in unit.of_type(ast.ImportFrom):
                walked.imported.update(alias.name for alias in node.names)
    return walked


@dataclass
class _Reach:
    """Which functions run: a function nobody names never does, so its seeding does not count."""

    names: frozenset[str]

    def live(self, chain: Iterable[Scope]) -> bool:
        # Methods are called through objects and framework hooks: benefit of the doubt.
        return all(scope.is_method or scope.name in self.names for scope in chain)


def _seeds(
    walked: _Walked,
    direct: dict[Call, frozenset[str]],
    helpers: dict[str, frozenset[str]],
    reach: _Reach,
) -> dict[str, list[Call]]:
    """Library -> the live calls that seed it, where seeding starts listed first."""
    index = dotted_index(helpers)
    ranked: list[tuple[int, str, Call]] = []
    for call, chain, _ in walked.calls:
        if not reach.live(chain):
            continue
        via_helpers = {lib for key in index.get(call.name or "", ()) for lib in helpers[key]}
        # Evidence leads with calls that say what they do (torch.manual_seed) over helper
        # calls whose name may not (train(args)), and top-level code over function bodies.
        ranked.extend((int(bool(chain)), lib, call) for lib in direct[call])
        ranked.extend((2, lib, call) for lib in via_helpers - direct[call])
    seeds: dict[str, list[Call]] = {}
    for _, library, call in sorted(ranked, key=lambda item: item[0]):
        seeds.setdefault(library, []).append(call)
    return seeds


@dataclass(frozen=True)
class NamesRead(Container[str]):
    """Names a program may read: its own, and those any module may read of another's
    (attributes, imported names). A module-level name outside both is read by nobody.

    Asked name by name, so the sets are not copied into one per program.
    """

    own: Set[str]
    shared: Set[str]
    imported: Set[str]
    #: Every program of the project, for the rare question of who else calls a name.
    every: Sequence[Program] = field(default=(), compare=False, repr=False)
    #: Attribute names some program reads; None when not known.
    attributes: Set[str] | None = field(default=None, compare=False, repr=False)

    def __contains__(self, name: object) -> bool:
        return name in self.own or name in self.shared or name in self.imported


def names_read_anywhere(snapshot: Snapshot) -> NamesRead:
    """The names some module reads: by name, as an attribute, or imported by name."""
    walked = _walk(snapshot)
    return NamesRead(walked.referenced, walked.shared, walked.imported, (), walked.loaded)


def names_read_by(snapshot: Snapshot, program: Program) -> NamesRead:
    """The names ``program`` may read (:class:`NamesRead`)."""
    walked = _walk(snapshot)
    own = walked.read_in.get(id(program), set())
    return NamesRead(own, walked.shared, walked.imported, programs(snapshot), walked.loaded)


def referenced_names(snapshot: Snapshot) -> set[str]:
    """Every name non-test code uses as a value or attribute: a function never named there
    is never called."""
    return set(_walk(snapshot).referenced)


@per_object
def find_randomness(snapshot: Snapshot) -> Randomness:
    """Random draws and effective seeding in non-test code (notebooks read whole).

    Found once per snapshot and shared: callers read the answer, never change it.
    """
    root_modules = {info.path.split("/")[0].removesuffix(".py") for info in snapshot.files}
    shadowed = frozenset(LIBRARIES) & frozenset(root_modules)  # a repo's own random.py ...
    walked = _walk(snapshot)
    direct = {call: seed_targets(call, program) for call, _, program in walked.calls}
    seeding = [(call, chain) for call, chain, _ in walked.calls if direct[call]]
    never = unfilled_switches(seeding, walked.calls, programs(snapshot))
    switched: dict[str, list[Call]] = {}
    for call, _ in seeding:
        if id(call.node) in never:
            for library in sorted(direct[call]):
                switched.setdefault(library, []).append(call)
            direct[call] = frozenset()
    helpers = _helper_targets(walked.calls, direct)
    reach = _Reach(frozenset(walked.referenced) | _entry_point_names(snapshot))
    found = [
        (use, chain)
        for call, chain, program in walked.calls
        if (use := random_use(call, program, shadowed)) is not None
    ]
    unfilled = unfilled_seeds(found, walked.calls, programs(snapshot))
    uses = [
        dataclasses.replace(use, seeded=False) if id(use.call.node) in unfilled else use
        for use, _ in found
    ]
    dead = [
        (chain[-1], helpers[chain[-1].key])
        for chain in walked.functions
        if chain[-1].key in helpers and not reach.live(chain)
    ]
    for call, _, program in walked.calls:
        for library in switched_off_targets(call, program):
            switched.setdefault(library, []).append(call)
    seeds = _seeds(walked, direct, helpers, reach)
    return Randomness(uses, seeds, dead, switched, unfilled, never)
