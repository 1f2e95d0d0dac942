"""Reproducibility rules: seeded randomness, declared and pinned dependencies, portable paths."""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable

from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence, Metrics, Result
from repocheck.registry import rule
from repocheck.rules import _deps
from repocheck.rules._callgraph import Function
from repocheck.rules._distributions import (
    NOTEBOOK_PROVIDED,
    PYTHON2_STDLIB,
    UNCHECKED_IMPORTS,
    canonicalize_name,
    is_declared,
    suggested_distribution,
)
from repocheck.rules._draws import LIBRARIES, Use
from repocheck.rules._entrypoints import preference
from repocheck.rules._imports import (
    Call,
    import_sites,
    in_checkpoint,
    local_modules,
    programs,
    source_line,
)
from repocheck.rules._requirements import Dependencies
from repocheck.rules._seed_paths import (
    EntryRandomness,
    PathRandomness,
    Summary,
    path_randomness,
)
from repocheck.rules._seeding import Randomness, find_randomness, referenced_names
from repocheck.rules._verdict import short


def _snippet(unit: SourceUnit, node: ast.AST) -> str:
    return short(ast.get_source_segment(unit.source, node) or "")


def _evidence(unit: SourceUnit, node: ast.expr | ast.stmt, snippet: str) -> Evidence:
    return Evidence(unit.path, node.lineno, snippet, unit.cell)


def _call_evidence(call: Call) -> Evidence:
    return _evidence(call.unit, call.node, _snippet(call.unit, call.node))


def _names(libraries: Iterable[str]) -> str:
    return ", ".join(LIBRARIES[library] for library in sorted(libraries))


def _seeded_libraries(found: Randomness) -> tuple[set[str], set[str]]:
    """(used, seeded): a library is seeded globally, or when every draw brings its own seed."""
    used = {use.library for use in found.uses}
    self_seeded = used - {use.library for use in found.uses if not use.seeded}
    return used, {library for library in used if library in found.seeds} | self_seeded


def _unseeded_evidence(found: Randomness, seeded: set[str]) -> tuple[int, list[Evidence]]:
    """(count, evidence) of the draws nothing seeds, then of seeding helpers nobody calls."""
    unseeded = [use for use in found.uses if use.library not in seeded and not use.seeded]
    unseeded.sort(key=lambda u: (u.call.unit.path, u.call.unit.cell or 0, u.call.node.lineno))
    evidence = [_call_evidence(use.call) for use in unseeded]
    evidence += [
        _evidence(
            scope.unit, scope.node, f"def {scope.name}() seeds {_names(libs)} but is never called"
        )
        for scope, libs in found.dead
    ]
    return len(unseeded), evidence


def _seeded_metrics(used: set[str], seeded: set[str], entries: int | None = None) -> Metrics:
    metrics: Metrics = {"libraries_used": len(used), "libraries_seeded": len(seeded)}
    if entries is not None:
        metrics["entry_points"] = entries
    metrics.update({f"seeded_{library}": int(library in seeded) for library in sorted(used)})
    return metrics


def _without_entry_points(snapshot: Snapshot) -> Result:
    """No entry point was found: judge all non-test code at once, and only warn."""
    found = find_randomness(snapshot)
    used, seeded = _seeded_libraries(found)
    if not used:
        return Result.skipped("no random number generator is used in non-test code")
    metrics = _seeded_metrics(used, seeded, 0)
    if seeded == used:
        starts = [found.seeds[library][0] for library in sorted(used) if library in found.seeds]
        evidence = [_call_evidence(call) for call in dict.fromkeys(starts)]
        return Result.passed(f"seeded: {_names(used)}", evidence, metrics)
    count, evidence = _unseeded_evidence(found, seeded)
    metrics["unseeded_calls"] = count
    message = f"not seeded: {_names(used - seeded)} ({count} random call(s))"
    message += "; no entry point found, so all non-test code was read as one program"
    score = max(len(seeded) / len(used), 0.25)
    return Result.warned(message, evidence, metrics, score=round(score, 3))


def _draw_evidence(use: Use, entries: list[EntryRandomness]) -> Evidence:
    """The draw, with a note naming the entry point that runs it when that is another file,
    and saying so when the library is seeded only after it."""
    entry = entries[0]
    notes = []
    if use.call.unit.path != entry.entry.path:
        more = f" and {len(entries) - 1} more" if len(entries) > 1 else ""
        notes.append(f"run by {entry.entry.label}{more}")
    if use.library in entry.seeds:
        notes.append("before the seed")
    code = _snippet(use.call.unit, use.call.node)
    if notes:
        comment = "  # " + ", ".join(notes)
        code = short(code, max(100 - len(comment), 30)) + comment
    return _evidence(use.call.unit, use.call.node, code[:100])


def _unseeded_draws(entries: tuple[EntryRandomness, ...]) -> list[Evidence]:
    """Each unseeded draw once, named after the entry point a reader would run first."""
    runs: dict[int, tuple[Use, list[EntryRandomness]]] = {}
    for entry in sorted(entries, key=lambda e: preference(e.entry.path)):
        for uses in entry.unseeded.values():
            for use in uses:
                runs.setdefault(id(use.call), (use, []))[1].append(entry)
    evidence = [_draw_evidence(use, found) for use, found in runs.values()]
    return sorted(evidence, key=lambda e: (e.path, e.cell or 0, e.line or 0))


def _own_seeds(function: Function, summary: Summary, libraries: set[str]) -> set[str]:
    """The libraries of ``libraries`` that a seeding call in ``function``'s own body seeds."""
    node = function.scope.node
    inside = range(node.lineno, (node.end_lineno or node.lineno) + 1)
    return {
        lib
        for lib, call in summary.seeds.items()
        if lib in libraries and call.unit is function.unit and call.node.lineno in inside
    }


def _idle_helpers(paths: PathRandomness, libraries: set[str], names: set[str]) -> list[Evidence]:
    """Project functions that seed one of ``libraries`` themselves but that no entry runs."""
    found = []
    for key, summary in paths.unreached.items():
        for function in paths.graph.functions[key]:
            own = _own_seeds(function, summary, libraries)
            if own:
                name = function.scope.name
                why = "no entry runs it" if name in names else "is never called"
                note = f"def {name}() seeds {_names(own)} but {why}"
                line = function.scope.node.lineno
                found.append(Evidence(function.unit.path, line, note, function.unit.cell))
    return found


def _seeding_evidence(entries: tuple[EntryRandomness, ...], used: set[str]) -> list[Evidence]:
    starts = [e.seeds[lib] for lib in sorted(used) for e in entries if lib in e.seeds]
    return [_call_evidence(call) for call in dict.fromkeys(starts)]


def _labels(entries: tuple[EntryRandomness, ...]) -> str:
    ordered = sorted(entries, key=lambda e: preference(e.entry.path))
    labels = [e.entry.label for e in ordered if e.unseeded]
    more = f" and {len(labels) - 3} more" if len(labels) > 3 else ""
    return ", ".join(labels[:3]) + more


def _path_verdict(snapshot: Snapshot, paths: PathRandomness) -> Result:
    """Pass when every entry point seeds each library before drawing from it."""
    entries = paths.entries
    used: set[str] = set().union(*(entry.used for entry in entries))
    unseeded = {lib for e in entries for lib in e.unseeded}
    metrics = _seeded_metrics(used, used - unseeded, len(entries))
    if unseeded:
        return _unseeded_verdict(snapshot, paths, used, unseeded, metrics)
    where = entries[0].entry.label if len(entries) == 1 else f"{len(entries)} entry points"
    message = f"seeded before use: {_names(used)} ({where})"
    return Result.passed(message, _seeding_evidence(entries, used), metrics)


def _unseeded_verdict(
    snapshot: Snapshot, paths: PathRandomness, used: set[str], unseeded: set[str], metrics: Metrics
) -> Result:
    """Fail when no entry point seeds what it uses; warn when some seeding is there."""
    entries = paths.entries
    seeded = used - unseeded
    partly = {lib for lib in unseeded if any(lib in e.seeds for e in entries)}
    evidence = _unseeded_draws(entries)
    metrics["unseeded_calls"] = len(evidence)
    evidence += _idle_helpers(paths, unseeded, referenced_names(snapshot))
    missing = f"not seeded before use: {_names(unseeded)} ({metrics['unseeded_calls']}"
    missing += f" random call(s), on the path of {_labels(entries)})"
    if not seeded and not partly:
        return Result.failed(missing, evidence, metrics)
    score = (len(seeded) + 0.5 * len(partly)) / len(used)
    prefix = f"seeded: {_names(seeded)}; " if seeded else ""
    return Result.warned(prefix + missing, evidence, metrics, score=round(score, 3))


@rule("REPRO001")
def randomness_seeded(snapshot: Snapshot) -> Result:
    """Each entry point seeds every random generator it draws from, before it draws."""
    paths = path_randomness(snapshot)
    if not paths.entry_count:
        return _without_entry_points(snapshot)
    if paths.entries:
        return _path_verdict(snapshot, paths)
    if find_randomness(snapshot).uses:
        return Result.skipped(
            "random draws only in library code that no entry point runs: its caller seeds"
        )
    return Result.skipped("no random number generator is used in non-test code")


# REPRO003 / REPRO004: dependencies declared, and pinned or locked ----------------------------


def _is_tooling(path: str) -> bool:
    """Packaging and documentation scripts, whose imports are not the project's dependencies."""
    parts = path.split("/")
    return parts[-1] in ("setup.py", "noxfile.py", "fabfile.py") or parts[0] in ("docs", "doc")


def third_party_imports(snapshot: Snapshot) -> dict[str, tuple[SourceUnit, ast.stmt]]:
    """First import site of each third-party top-level module in non-test code."""
    local = local_modules(snapshot)
    known = set(sys.stdlib_module_names) | UNCHECKED_IMPORTS | PYTHON2_STDLIB
    found: dict[str, tuple[SourceUnit, ast.stmt]] = {}
    for program in programs(snapshot):
        if _is_tooling(program.path):
            continue
        skip = known | local.visible_from(program.path)
        if program.path.endswith(".ipynb"):
            skip |= NOTEBOOK_PROVIDED
        for site in import_sites(program):
            if site.top not in skip:
                found.setdefault(site.top, (site.unit, site.node))
    return found


def _import_evidence(top: str, unit: SourceUnit, node: ast.stmt) -> Evidence:
    line = source_line(unit, node.lineno)
    wanted = suggested_distribution(top)
    snippet = line if wanted == canonicalize_name(top) else f"{line} (declare {wanted})"
    return Evidence(unit.path, node.lineno, short(snippet), unit.cell)


def _declared_result(
    deps: Dependencies, undeclared: list[str], evidence: list[Evidence], metrics: Metrics
) -> Result:
    """The verdict once at least one dependency file exists."""
    files = ", ".join(deps.files[:3])
    shown = ", ".join(suggested_distribution(top) for top in undeclared[:8])
    if deps.opaque and not deps.entries:
        return Result.passed(f"{files} (computed at build time; imports not compared)", [], metrics)
    if not undeclared:
        return Result.passed(f"declared in {files}", [Evidence(deps.files[0])], metrics)
    if not deps.entries:
        return Result.failed(
            f"{files} lists no packages; the code imports {shown}", evidence, metrics
        )
    covered = 1 - len(undeclared) / int(metrics["imported"] or 1)
    return Result.warned(
        f"{len(undeclared)} imported package(s) not declared in {files}: {shown}",
        evidence,
        metrics,
        score=round(0.5 + 0.4 * covered, 3),
    )


@rule("REPRO003")
def dependencies_declared(snapshot: Snapshot) -> Result:
    """A dependency file exists and names every third-party package the code imports."""
    deps = _deps.collect(snapshot)
    imports = third_party_imports(snapshot)
    undeclared = sorted(top for top in imports if not is_declared(top, deps.names))
    metrics: Metrics = {
        "declared": len(deps.names),
        "imported": len(imports),
        "undeclared": len(undeclared),
    }
    evidence = [_import_evidence(top, *imports[top]) for top in undeclared]
    if deps.files:
        return _declared_result(deps, undeclared, evidence, metrics)
    if not imports:
        return Result.skipped("no dependency file, and no third-party package is imported")
    shown = ", ".join(suggested_distribution(top) for top in undeclared[:8])
    return Result.failed(
        f"no dependency file; the code imports {len(imports)} third-party package(s): {shown}",
        evidence,
        metrics,
    )


@rule("REPRO004")
def dependencies_pinned(snapshot: Snapshot) -> Result:
    """A lock file exists, or most declared requirements name one exact version."""
    deps = _deps.collect(snapshot)
    if deps.locks:
        return Result.passed(
            f"locked by {', '.join(deps.locks[:3])}", [Evidence(path) for path in deps.locks]
        )
    if not deps.entries:
        return Result.skipped("no declared dependencies to pin")
    pinned = {entry.name for entry in deps.entries if entry.pinned}
    names = deps.names
    loose = [entry for entry in deps.entries if entry.name not in pinned]
    share = len(pinned) / len(names)
    evidence = [Evidence(entry.path, entry.line, short(entry.text)) for entry in loose]
    metrics: Metrics = {"declared": len(names), "pinned": len(pinned), "share": round(share, 3)}
    return Result.graded(
        share,
        f"{len(pinned)} of {len(names)} declared package(s) pinned to one version, no lock file",
        pass_at=0.8,
        warn_at=1e-9,
        evidence=evidence,
        metrics=metrics,
    )


# REPRO005: no absolute paths into one person's machine -----------------------------------

# The path words are wrapped in groups so this file does not contain the paths it looks for.
_NOT_AFTER = r"(?<![\w.~/\\-])"
USER_PATH = re.compile(
    _NOT_AFTER
    + r"(/(?:home)/[^/\s\"'<>{}]+(?:/|$)"
    + r"|/(?:Users)/[^/\s\"'<>{}]+(?:/|$)"
    + r"|[A-Za-z]:[\\/]{1,2}(?i:users)[\\/]"
    + r"|/content/(?:drive)(?:/|$))",
    re.MULTILINE,
)
#: Paths that exist on every machine of one hosted platform, and on no laptop.
PLATFORM_PATH = re.compile(_NOT_AFTER + r"/(?:kaggle)/")


def _skipped_strings(unit: SourceUnit) -> set[int]:
    """Docstrings and other bare string statements, and argparse help texts: prose, not paths."""
    skipped = {
        id(node.value) for node in unit.of_type(ast.Expr) if isinstance(node.value, ast.Constant)
    }
    for node in unit.of_type(ast.keyword):
        if node.arg == "help":
            skipped.update(id(inner) for inner in ast.walk(node.value))
    return skipped


def _path_hits(unit: SourceUnit) -> list[tuple[Evidence, bool]]:
    """(evidence, is_user_path) for each string literal naming a machine-specific path."""
    skipped = _skipped_strings(unit)
    hits = []
    for node in unit.of_type(ast.Constant):
        if not isinstance(node.value, str):
            continue
        if id(node) in skipped:
            continue
        value = node.value.replace("file://", " ")
        match = USER_PATH.search(value) or PLATFORM_PATH.search(value)
        if match:
            offset = value.count("\n", 0, match.start())  # the line inside a multi-line string
            line_text = value.split("\n")[offset]
            evidence = Evidence(unit.path, node.lineno + offset, short(line_text), unit.cell)
            hits.append((evidence, match.re is USER_PATH))
    return sorted(hits, key=lambda hit: hit[0].line or 0)


def _verdict(user: list[Evidence], platform: list[Evidence]) -> Result:
    metrics: Metrics = {"user_paths": len(user), "platform_paths": len(platform)}
    if user:
        files = len({evidence.path for evidence in user})
        return Result.failed(
            f"{len(user)} absolute path(s) into one person's machine, in {files} file(s)",
            user + platform,
            metrics,
        )
    if platform:
        return Result.warned(
            f"{len(platform)} path(s) that exist only on Kaggle", platform, metrics
        )
    return Result.passed("no absolute user paths in non-test code", [], metrics)


@rule("REPRO005")
def no_absolute_user_paths(snapshot: Snapshot) -> Result:
    """No string in non-test code points into one person's home folder or Drive."""
    user: list[Evidence] = []
    platform: list[Evidence] = []
    for unit in snapshot.parsed(tests=False):
        if in_checkpoint(unit.path):
            continue
        for evidence, is_user in _path_hits(unit):
            (user if is_user else platform).append(evidence)
    return _verdict(user, platform)
