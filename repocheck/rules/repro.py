"""Reproducibility rules: seeded randomness and portable paths (dependencies: dependencies.py)."""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Container, Iterable

from repocheck.analysis import deps as declared_deps
from repocheck.analysis.callgraph import Function
from repocheck.analysis.container_homes import container_homes, in_container_home
from repocheck.analysis.draw_summary import Summary
from repocheck.analysis.draws import (
    GENERATOR_CONSTRUCTORS,
    LIBRARIES,
    SEEDING_CONSTRUCTORS,
    Use,
)
from repocheck.analysis.entrypoints import is_shelved, preference
from repocheck.analysis.imports import (
    Call,
    in_checkpoint,
)
from repocheck.analysis.ml_code import repo_of
from repocheck.analysis.ml_names import loads_a_held_out_split, terminal
from repocheck.analysis.run_time_picks import picked_modules, run_time_picks
from repocheck.analysis.seed_paths import EntryRandomness, PathRandomness, path_randomness
from repocheck.analysis.seeding import (
    Randomness,
    find_randomness,
    referenced_names,
    void_seed_reason,
)
from repocheck.analysis.test_code import code_units
from repocheck.analysis.toplevel import in_main_block
from repocheck.analysis.unbound_trainers import unbound_training_said
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import MAX_EVIDENCE, Evidence, Metrics, Result
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.rules._sanity_common import unread_ml_said
from repocheck.wording import short


def _snippet(unit: SourceUnit, node: ast.AST) -> str:
    return short(unit.segment(node) or "")


def _evidence(unit: SourceUnit, node: ast.expr | ast.stmt, snippet: str) -> Evidence:
    return Evidence(unit.path, node.lineno, snippet, unit.cell)


def _call_evidence(call: Call) -> Evidence:
    return _evidence(call.unit, call.node, _snippet(call.unit, call.node))


def _switched_off_evidence(call: Call, unfilled: Container[int]) -> Evidence:
    """A seed one edit away, with why it seeds no run."""
    note = f"  # {void_seed_reason(call, unfilled)}"
    return _evidence(call.unit, call.node, _snippet(call.unit, call.node) + note)


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
        if not _run_by_pytest(scope.unit, scope.name)
    ]
    return len(unseeded), evidence


def _run_by_pytest(unit: SourceUnit, name: str) -> bool:
    """A ``test*`` function in a module that imports pytest: the runner calls it when the
    file is named to it (``pytest tests.py``), whatever the file's name."""
    if not name.startswith("test"):
        return False
    imports = [alias.name for node in unit.of_type(ast.Import) for alias in node.names]
    imports += [node.module or "" for node in unit.of_type(ast.ImportFrom)]
    return any(module.split(".")[0] == "pytest" for module in imports)


def _seeded_metrics(used: set[str], seeded: set[str], entries: int | None = None) -> Metrics:
    metrics: Metrics = {"libraries_used": len(used), "libraries_seeded": len(seeded)}
    if entries is not None:
        metrics["entry_points"] = entries
    metrics.update({f"seeded_{library}": int(library in seeded) for library in sorted(used)})
    return metrics


def _library_draws(found: Randomness, *, installable: bool) -> Randomness:
    """Without an entry point, the draws a library's caller would make: not layer
    initialisation (the caller seeds before building the model), nor a module's self-demo
    under ``if __name__ == "__main__":`` (no script runs it to get a result). Where the
    repository builds an installable package, every draw from a shared generator is its
    caller's to seed; only a generator the package builds itself without a seed is one no
    caller can reach."""
    uses = [
        use
        for use in found.uses
        if not use.initialises and not in_main_block(use.call.unit.tree, use.call.node.lineno)
        if not installable or (use.call.name in GENERATOR_CONSTRUCTORS and not use.seeded)
    ]
    return Randomness(uses, found.seeds, found.dead, found.switched_off)


def _without_entry_points(snapshot: Snapshot) -> Result:
    """No entry point was found: judge all non-test code at once, and only warn."""
    every = find_randomness(snapshot)
    installable = declared_deps.collect(snapshot).distribution is not None
    found = _library_draws(every, installable=installable)
    used, seeded = _seeded_libraries(found)
    if not used and installable and every.uses:
        return Result.skipped(_CALLER_SEEDS)
    if not used and every.uses:
        return Result.skipped(_NO_RUN_DRAWS)
    if not used:
        return Result.skipped(_nothing_drawn(snapshot, every))
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
    if (use.call.name or "").endswith(".from_pretrained"):
        notes.append("draws a new head")
    # A worker's draw is told of the parent's seed only where the parent seeds: where nothing
    # does, the draw is unseeded in the parent's own path as well, and the note names no seed.
    if use.in_worker and use.library in entry.seeds:
        notes.append("in a spawned worker, which the parent's seed does not reach")
    elif use.library in entry.seeds:
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
    ordered = sorted(runs.values(), key=lambda run: _place(run[0]))
    return [_draw_evidence(use, found) for use, found in _every_library_shown(ordered)]


def _place(use: Use) -> tuple[bool, str, int, int]:
    """Where a draw is, the shuffles of held-out splits' loaders after the rest: the order
    an accuracy summed over every batch is scored in changes nothing it reports, so the lines
    a reader sees first are the draws that change what the model learns."""
    unit = use.call.unit
    return (
        loads_a_held_out_split(use.call.node),
        unit.path,
        unit.cell or 0,
        use.call.node.lineno,
    )


def _every_library_shown(
    ordered: list[tuple[Use, list[EntryRandomness]]],
) -> list[tuple[Use, list[EntryRandomness]]]:
    """The draws in order, except that where the lines shown (the first MAX_EVIDENCE) would
    leave out every draw of a library the message names, its first draw takes the place of
    the last line shown: the reader finds a line for each library named."""
    shown, rest = ordered[:MAX_EVIDENCE], ordered[MAX_EVIDENCE:]
    named = {use.library for use, _ in shown}
    missing = []
    for run in rest:
        if run[0].library not in named:
            named.add(run[0].library)
            missing.append(run)
    if not missing:
        return ordered
    keep = len(shown) - len(missing)
    moved = [run for run in rest if all(run is not other for other in missing)]
    return sorted(shown[:keep] + missing, key=lambda run: _place(run[0])) + shown[keep:] + moved


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
    """Project functions that seed one of ``libraries`` themselves but that nothing calls.

    A helper some code calls may well run (from a script not read as an entry point): only
    one never named anywhere is certainly idle.
    """
    found = []
    for function, summary in paths.idle_seeders(libraries, names):
        own = _own_seeds(function, summary, libraries)
        if own and not _run_by_pytest(function.unit, function.scope.name):
            note = f"def {function.scope.name}() seeds {_names(own)} but is never called"
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
    unfollowed = _unfollowed_draws(snapshot, f"what it reaches is seeded ({_names(used)})")
    if unfollowed is not None:
        # What the path reaches is seeded, but it also runs code it names at run time, and
        # that code draws: "seeded before use" would claim what was not read.
        return Result.skipped(unfollowed, metrics=metrics)
    message = f"seeded before use: {_names(used)} ({where})"
    return Result.passed(message, _seeding_evidence(entries, used), metrics)


def _unfollowed_draws(snapshot: Snapshot, reached: str) -> str | None:
    """Why a seeded path is not judged: it picks by name (``getattr(models, arch)()``) from
    project modules that make random draws, which the path's walk does not follow."""
    picks = run_time_picks(snapshot)
    if not picks:
        return None
    drawing = {use.call.unit.path for use in find_randomness(snapshot).uses}
    for unit, pick in picks:
        modules = picked_modules(snapshot, unit, pick)
        if modules and any(u.path in drawing for module in modules for u in module.units):
            return _pick_said(unit, pick, reached)
    return None


def _unseeded_verdict(
    snapshot: Snapshot, paths: PathRandomness, used: set[str], unseeded: set[str], metrics: Metrics
) -> Result:
    """Fail when no entry point seeds what it uses; warn when some seeding is there."""
    entries = paths.entries
    seeded = used - unseeded
    partly = {lib for lib in unseeded if any(lib in e.seeds for e in entries)}
    # A program whose draws go unfollowed (a model built by a name from its config) is no
    # entry here, but its seed still runs: seeding is there, only not on every path.
    found = find_randomness(snapshot)
    partly |= unseeded & set(found.seeds)
    # A seed the author switched off (random_seed = 0), or took from hash("a string") which
    # changes on every run, is one edit away: a warn, not a fail.
    switched = [call for lib in sorted(unseeded) for call in found.switched_off.get(lib, ())]
    partly |= unseeded & set(found.switched_off)
    evidence = _unseeded_draws(entries)
    metrics["unseeded_calls"] = len(evidence)
    evidence += _idle_helpers(paths, unseeded, referenced_names(snapshot))
    unfilled = found.unfilled_switches
    evidence += [_switched_off_evidence(call, unfilled) for call in dict.fromkeys(switched)]
    missing = f"not seeded before use: {_names(unseeded)} ({metrics['unseeded_calls']}"
    missing += f" random call(s), on the path of {_labels(entries)})"
    if not seeded and not partly:
        return Result.failed(missing, evidence, metrics)
    score = (len(seeded) + 0.5 * len(partly)) / len(used)
    prefix = f"seeded: {_names(seeded)}; " if seeded else ""
    return Result.warned(prefix + missing, evidence, metrics, score=round(score, 3))


_CALLER_SEEDS = (
    "no entry point makes a random draw that changes its result; the other draws are in"
    " library code its caller seeds"
)
#: No entry point at all, and the draws there are layers' initialisation (their caller's to
#: seed) or a ``__main__`` self-check on made-up input: the code does use a generator.
_NO_RUN_DRAWS = (
    "no entry point found; the random draws are in layers' initialisation, which their"
    " caller seeds, or in a module's self-check under __main__, which no run repeats"
)
#: The same, where nothing is packaged for others to call: the draws left are in code no
#: entry point runs, or where they run they change no result.
_NOT_RUN = (
    "no entry point makes a random draw that changes its result; the other draws are in code"
    " no entry point runs, or change no result where they run (a model built but not trained"
    " there, a pick of what to show)"
)


def _in_use(paths: PathRandomness) -> PathRandomness:
    """The entry points in use, where there are some: a notebook kept in archive/ or old/
    beside them is reference, not a run a teammate repeats."""
    current = tuple(entry for entry in paths.entries if not is_shelved(entry.entry.path))
    if not current or len(current) == len(paths.entries):
        return paths
    return dataclasses.replace(paths, entries=current)


@rule("REPRO001")
def randomness_seeded(snapshot: Snapshot) -> Result:
    """Each entry point seeds every random generator it draws from, before it draws."""
    paths = path_randomness(snapshot)
    if not paths.entry_count:
        return _without_entry_points(snapshot)
    if paths.entries:
        return _path_verdict(snapshot, _in_use(paths))
    found = find_randomness(snapshot)
    if found.uses:
        installable = declared_deps.collect(snapshot).distribution is not None
        why = _picked_at_run_time(snapshot) or (_CALLER_SEEDS if installable else _NOT_RUN)
        return Result.skipped(why)
    return Result.skipped(_nothing_drawn(snapshot, found))


def _nothing_drawn(snapshot: Snapshot, found: Randomness) -> str:
    """Why nothing is judged where no draw was found: a Hugging Face Trainer built there draws
    (it shuffles the training set, runs dropout) from the generators it seeds itself, so the
    code is not said to use none; nor is code in files that do not parse, nor training run
    through a trainer its file never imports (a notebook run in another's session)."""
    unread = unread_ml_said(snapshot)
    if unread is not None:
        return unread
    trainers = {
        call.name.rsplit(".", 1)[-1]
        for calls in found.seeds.values()
        for call in calls
        if call.name and (call.name.split(".")[0], call.name.split(".")[-1]) in SEEDING_CONSTRUCTORS
    }
    if not trainers:
        unbound = unbound_training_said(
            list(repo_of(snapshot).codes), "whether its random draws are seeded"
        )
        return unbound or "no random number generator is used in non-test code"
    return (
        f"no random draw found outside the Hugging Face {' and '.join(sorted(trainers))},"
        " which seeds the generators it draws from when it is built (seed=42 unless told"
        " otherwise)"
    )


def _picked_at_run_time(snapshot: Snapshot) -> str | None:
    """Why the path was not judged, where an entry point picks what it runs by name: the
    draws of what it may run are beyond the call graph, not in code its caller seeds."""
    picks = run_time_picks(snapshot)
    if not picks:
        return None
    return _pick_said(*picks[0])


def _pick_said(unit: SourceUnit, pick: ast.expr, reached: str = "") -> str:
    code = short(" ".join((unit.segment(pick) or "").split()), 60)
    also = f"; {reached}" if reached else ""
    return (
        f"not judged: {unit.path}:{pick.lineno} picks what it runs by name at run time"
        f" ({code}), which is not followed{also}; seed every library at the start of the"
        " program"
    )


# REPRO005: no absolute paths into one person's machine -----------------------------------

# The path words are wrapped in groups so this file does not contain the paths it looks for.
_NOT_AFTER = r"(?<![\w.~/\\-])"
#: A web app's folders under its ``/media/`` route: no user's name.
_WEB_MEDIA = (
    r"(?i:uploads?|images?|img|photos?|pictures?|avatars?|profile_pics|documents?|docs"
    r"|files?|videos?|audios?|thumbnails?|thumbs|covers?|posters?|static|media|css|js)"
)
USER_PATH = compile_on_use(
    _NOT_AFTER
    # Homes on shared clusters too: a nethome folder, or TACC's numbered homes (home1, home2).
    + r"(/(?:home\d*|nethome)/[^/\s\"'<>{}]+(?:/|$)"
    + r"|/(?:Users)/[^/\s\"'<>{}]+(?:/|$)"
    # A person's folder on a lab server's data disk: /data/users/<name>/, /storage/home/<name>/.
    + r"|/(?:data\d*|storage|scratch|nfs|shared?|srv|work)/(?:users|homes?)/[^/\s\"'<>{}]+/"
    + r"|[A-Za-z]:[\\/]{1,2}(?i:users)[\\/]"
    # A folder of one's own on a drive (``D:/Python/project``), not one every Windows has.
    + r"|[A-Za-z]:[\\/]{1,2}(?!(?i:windows|program ?files|programdata)\b)[^\\/\s\"'<>{}:*?|]+"
    # A Windows drive as WSL mounts it: the layout of one person's disk.
    + r"|/(?:mnt)/[A-Za-z]/"
    # A second drive as the Linux desktop mounts it for one user (udisks):
    # ``/run/media/<user>/<label>`` on Fedora and Arch, ``/media/<user>/<label>`` elsewhere;
    # not a web app's media folder (``/media/uploads/x.png``, served from the project).
    + r"|/(?:run/)(?:media)/[^/\s\"'<>{}]+/[^/\s\"'<>{}]"
    + r"|/(?:media)/(?!"
    + _WEB_MEDIA
    + r"/)[^/\s\"'<>{}]+/[^/\s\"'<>{}]"
    # A drive as macOS mounts it, the start-up disk too (``/Volumes/Macintosh HD``): the
    # label of one person's disk, often with a space in it.
    + r"|/(?:Volumes)/[^/\s\"'<>{}][^/\"'<>{}\n]*/[^/\s\"'<>{}]"
    # Drive's mount point is every Colab user's; a path below it is one person's Drive.
    + r"|/content/(?:drive)/[^/\s\"'<>{}]"
    # drive.mount() takes any folder, and Drive's root below it is always "MyDrive" (older
    # runtimes: "My Drive"): ``/content/gdrive/My Drive/data`` is one person's Drive too.
    + r"|/content/[^/\s\"'<>{}]+/(?:MyDrive|My Drive)\b)",
    re.MULTILINE,
)
#: Paths that exist on every machine of one hosted platform, and on no laptop.
PLATFORM_PATH = compile_on_use(_NOT_AFTER + r"/(?:kaggle)/")


#: Names of strings held for a reader: a usage example a decorator puts into docstrings
#: (``EXAMPLE_DOC_STRING``), an install or usage message.
_PROSE_NAME = compile_on_use(
    r"(?:^|_)(DOC|DOCS|DOCSTRING|USAGE|HELP|MESSAGE|EXAMPLES?)(?:_|$)", re.I
)
_PROSE_KEYWORDS = frozenset({"help", "description", "epilog", "usage"})


def _prose_assignment(node: ast.Assign) -> bool:
    names = [target.id for target in node.targets if isinstance(target, ast.Name)]
    return any(_PROSE_NAME.search(name) for name in names)


def _skipped_strings(unit: SourceUnit) -> set[int]:
    """Docstrings and other bare string statements, strings named as documentation or
    messages, and argparse help texts: prose, not paths; and strings added after another,
    which are parts of a path."""
    skipped = {
        id(node.value) for node in unit.of_type(ast.Expr) if isinstance(node.value, ast.Constant)
    }
    for assign in unit.of_type(ast.Assign):
        if _prose_assignment(assign):
            skipped.update(id(inner) for inner in ast.walk(assign.value))
    for node in unit.of_type(ast.keyword):
        if node.arg in _PROSE_KEYWORDS:
            skipped.update(id(inner) for inner in ast.walk(node.value))
    # A message the code only shows (``logger.error("Example path: C:\\Users\\...")``): the
    # run never opens it. A path opened inside the call (``print(os.listdir(p))``) still counts.
    for call in unit.of_type(ast.Call):
        if _shows_a_message(call):
            for arg in call.args:
                skipped.update(id(part) for part in _message_parts(arg))
    # A regular expression finding paths in text (``re.compile(r"/home/(\w+)")``): a pattern
    # the code matches with, never a file it opens.
    for call in unit.of_type(ast.Call):
        if _compiles_a_pattern(call) and call.args:
            skipped.update(id(inner) for inner in ast.walk(call.args[0]))
    # ``DATA_STORAGE_PATH + "/kaggle/" + COMPETITION``: a string added after another is a
    # part of a path, not one that starts at the root (the whole is judged by its own start).
    for added in unit.of_type(ast.BinOp):
        if isinstance(added.op, ast.Add) and isinstance(added.right, ast.Constant):
            skipped.add(id(added.right))
    return skipped


#: The functions of ``re`` (and the third-party ``regex``) whose first argument is a pattern.
_PATTERN_FUNCTIONS = frozenset(
    {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
)


def _compiles_a_pattern(call: ast.Call) -> bool:
    """``re.findall(pattern, text)``, or any call named for compiling (``re.compile``, a
    project's lazy ``compile_on_use``): its first argument is a pattern or code, not a path."""
    func = call.func
    of_re = (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in ("re", "regex")
        and func.attr in _PATTERN_FUNCTIONS
    )
    return of_re or "compile" in (terminal(func) or "")


#: The methods of a logger (the standard one's and loguru's) that show a message.
_LOG_METHODS = frozenset(
    {"debug", "info", "warning", "warn", "error", "critical", "exception", "success"}
)


def _shows_a_message(call: ast.Call) -> bool:
    """``print(...)``, ``warnings.warn(...)`` or a logger's ``.error(...)`` and the like."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "print"
    if not isinstance(func, ast.Attribute) or func.attr not in _LOG_METHODS:
        return False
    owner = func.value
    name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
    return name == "warnings" or "log" in name.lower()


def _message_parts(node: ast.expr) -> list[ast.expr]:
    """The literal text of a message: a string, the text of an f-string, or strings joined
    with ``+``; never what a call or a name inside it yields."""
    if isinstance(node, ast.Constant):
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [part for part in node.values if isinstance(part, ast.Constant)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _message_parts(node.left) + _message_parts(node.right)
    return []


#: Calls asking whether a path exists: ``os.path.exists(p)``, ``Path(p).is_dir()``.
_EXISTENCE_PROBES = frozenset({"exists", "lexists", "isdir", "isfile", "is_dir", "is_file"})


def _probed_with_fallback(unit: SourceUnit) -> tuple[str, ...]:
    """The folders a branch with an else asks about before using them (``if
    os.path.exists('/content/drive/MyDrive'): ... else: ...``, or the same in a conditional
    expression): code written to run where that folder is missing too."""
    tests = [node.test for node in unit.of_type(ast.If) if node.orelse]
    tests += [node.test for node in unit.of_type(ast.IfExp)]
    probed = []
    for test in tests:
        for call in ast.walk(test):
            if not isinstance(call, ast.Call) or terminal(call.func) not in _EXISTENCE_PROBES:
                continue
            for inner in ast.walk(call):
                if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                    probed.append(inner.value.rstrip("/\\"))
    return tuple(folder for folder in probed if folder)


def _under(value: str, folders: tuple[str, ...]) -> bool:
    return any(
        value == folder or value.startswith((f"{folder}/", f"{folder}\\")) for folder in folders
    )


def _user_path(text: str, homes: frozenset[str]) -> re.Match[str] | None:
    """The first path into one person's machine in ``text``; a home folder the project's own
    containers set up (``/home/airflow`` of its Airflow image) is every run's, not one."""
    if not homes:
        return USER_PATH.search(text)
    for match in USER_PATH.finditer(text):
        if not in_container_home(match.group(0).rstrip("/"), homes):
            return match
    return None


def _path_hits(unit: SourceUnit, homes: frozenset[str]) -> list[tuple[Evidence, bool]]:
    """(evidence, is_user_path) for each string literal naming a machine-specific path, but
    for paths under a folder the module tests for before choosing another."""
    skipped = _skipped_strings(unit)
    with_fallback = _probed_with_fallback(unit)
    hits = _shebang_hit(unit)
    for node in unit.of_type(ast.Constant):
        if not isinstance(node.value, str):
            continue
        if id(node) in skipped or (with_fallback and _under(node.value, with_fallback)):
            continue
        value = node.value.replace("file://", " ")
        user = _user_path(value, homes)
        match = user or PLATFORM_PATH.search(value)
        if match:
            offset = value.count("\n", 0, match.start())  # the line inside a multi-line string
            line_text = value.split("\n")[offset]
            evidence = Evidence(unit.path, node.lineno + offset, short(line_text), unit.cell)
            hits.append((evidence, user is not None))
    return sorted(hits, key=lambda hit: hit[0].line or 0)


def _shebang_hit(unit: SourceUnit) -> list[tuple[Evidence, bool]]:
    """A script's ``#!`` line naming an interpreter in one person's folders (the python.exe
    of a Windows user's AppData atop a CGI script, an Anaconda install in a home folder): run
    as ``./script.py`` anywhere else, it fails."""
    if unit.cell is not None or not unit.source.startswith("#!"):
        return []
    line = unit.source.split("\n", 1)[0]
    if not USER_PATH.search(line):
        return []
    return [(Evidence(unit.path, 1, short(line), None), True)]


def _is_shell_line(line: str) -> bool:
    """A notebook line IPython runs itself, not Python: a shell command (``!unzip ...``) or a
    line magic (``%cp ...``, ``%cd ...``); a cell magic (``%%bash``) is left out."""
    text = line.lstrip()
    return text.startswith(("!", "%")) and not text.startswith("%%")


def _shell_line_hits(snapshot: Snapshot, homes: frozenset[str]) -> list[tuple[Evidence, bool]]:
    """(evidence, is_user_path) for the shell and magic lines of non-test notebooks, which
    run on every run like the Python around them: ``%cp -av "/content/gdrive/MyDrive/x"``."""
    tests = {info.path for info in snapshot.files if info.is_test}
    hits = []
    for path, notebook in snapshot.notebooks.items():
        if path in tests or in_checkpoint(path):
            continue
        for cell in notebook.cells:
            if cell.cell_type != "code" or cell.source.lstrip().startswith("%%"):
                continue
            for number, line in enumerate(cell.source.split("\n"), start=1):
                if not _is_shell_line(line):
                    continue
                user = _user_path(line, homes)
                if user or PLATFORM_PATH.search(line):
                    evidence = Evidence(path, number, short(line.strip()), cell.index)
                    hits.append((evidence, user is not None))
    return hits


def _in_file_order(snapshot: Snapshot, hits: list[tuple[Evidence, bool]]) -> list[Evidence]:
    """The evidence in inventory order, each notebook's cells and lines in order."""
    order = {info.path: index for index, info in enumerate(snapshot.files)}

    def place(hit: tuple[Evidence, bool]) -> tuple[int, int, int]:
        evidence = hit[0]
        return (order.get(evidence.path, len(order)), evidence.cell or 0, evidence.line or 0)

    return [evidence for evidence, _ in sorted(hits, key=place)]


def _verdict(user: list[Evidence], platform: list[Evidence]) -> Result:
    metrics: Metrics = {"user_paths": len(user), "platform_paths": len(platform)}
    current = [evidence for evidence in user if not is_shelved(evidence.path)]
    files = len({evidence.path for evidence in user})
    message = f"{len(user)} absolute path(s) into one person's machine, in {files} file(s)"
    if current:
        shelved = [evidence for evidence in user if is_shelved(evidence.path)]
        return Result.failed(message, current + shelved + platform, metrics)
    if user:
        # Only in folders kept for reference (legacy/, old/): a leftover, not today's run.
        message += " set aside (archive, old or legacy folders); the current code has none"
        return Result.warned(message, user + platform, metrics, score=0.5)
    if platform:
        return Result.warned(
            f"{len(platform)} path(s) that exist only on Kaggle", platform, metrics
        )
    return Result.passed("no absolute user paths in non-test code", [], metrics)


@rule("REPRO005")
def no_absolute_user_paths(snapshot: Snapshot) -> Result:
    """No string in non-test code, nor a notebook's shell or magic line, points into one
    person's home folder or Drive. Test code is told by what a file holds: a script named
    like a test is code, a test case's fixture path inside a module is not."""
    homes = container_homes(snapshot)
    hits = [
        hit
        for unit in code_units(snapshot, tests=False)
        if not in_checkpoint(unit.path)
        for hit in _path_hits(unit, homes)
    ]
    hits += _shell_line_hits(snapshot, homes)
    user = _in_file_order(snapshot, [hit for hit in hits if hit[1]])
    platform = _in_file_order(snapshot, [hit for hit in hits if not hit[1]])
    return _verdict(user, platform)
