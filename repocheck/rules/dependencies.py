"""REPRO003 and REPRO004: the dependencies the code imports are declared, and pinned or locked.

Declarations are read the way pip reads them (``repocheck/analysis/deps.py``); imports are those of non-test code.
An import seen only in ``examples/``, or only in notebooks next to the project's modules, is what
a reader of a demo needs, not what the project needs to run: it is worth a warning, never a
failure on its own. In a repository of notebooks alone, the notebooks are the project.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis import deps as declared_deps
from repocheck.analysis.distributions import (
    NOTEBOOK_PROVIDED,
    PYTHON2_STDLIB,
    UNCHECKED_IMPORTS,
    canonicalize_name,
    is_declared,
    misspelling_of,
    repository_provides,
    suggested_distribution,
)
from repocheck.analysis.import_kinds import (
    cloned_beside,
    deferred_import_ids,
    deleted_from_history,
    from_a_submodule,
    is_known_package,
    kept_out_beside,
    kept_out_checkout,
    module_it_misnames,
    module_under_another_name,
    named_in_the_projects_style,
    names_a_nested_package,
    names_the_repository,
    takes_classes_defined_elsewhere,
    takes_constants_from_settings,
    takes_names_it_defines,
    the_projects_own,
)
from repocheck.analysis.imports import (
    ImportSite,
    Program,
    import_sites,
    local_modules,
    programs,
    source_line,
)
from repocheck.analysis.missing_modules import held_in_another_folder, named_in_another_case
from repocheck.analysis.requirements import (
    INSTALLS_INTO,
    REFUSED_BY_PYPI,
    Declared,
    Dependencies,
)
from repocheck.analysis.sys_path import names_put_on_path, outside_path_lines
from repocheck.analysis.vendored import is_vendored
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import MAX_EVIDENCE, Evidence, Metrics, Result, Status
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.wording import short

#: Submodules that need a package their own package does not install: ``from
#: torch.utils.tensorboard import SummaryWriter`` raises ImportError without ``tensorboard``.
NEEDS_OWN_PACKAGE = {"torch.utils.tensorboard": "tensorboard"}

#: Folders of demonstration code: their imports are a demo's, not the project's.
DEMO_FOLDERS = frozenset({"examples", "example", "demo", "demos", "tutorial", "tutorials"})


@dataclass(frozen=True)
class ImportUse:
    """Where a third-party module is first imported, and whether the project's own code (not
    only notebooks or examples) imports it."""

    unit: SourceUnit
    node: ast.stmt
    core: bool


def _is_tooling(path: str) -> bool:
    """Packaging and documentation scripts, whose imports are not the project's dependencies."""
    parts = path.split("/")
    return parts[-1] in ("setup.py", "noxfile.py", "fabfile.py") or parts[0] in ("docs", "doc")


def _in_demo_folder(path: str) -> bool:
    return bool(DEMO_FOLDERS & set(PurePosixPath(path).parts[:-1]))


def third_party_imports(snapshot: Snapshot, library: bool = False) -> dict[str, ImportUse]:
    """First import site of each third-party top-level module in non-test code; for a
    ``library`` (and for vendored code, a library the project carries), only the imports it
    makes on loading: one it makes on demand (in a function, under an availability check) is
    an optional integration its users install if they use it."""
    local = local_modules(snapshot)
    known = set(sys.stdlib_module_names) | UNCHECKED_IMPORTS | PYTHON2_STDLIB
    found: dict[str, ImportUse] = {}
    paths = frozenset(snapshot.paths)
    outside = outside_path_lines(snapshot)
    put_on_path = names_put_on_path(snapshot, local)
    notebooks = _notebooks_by_folder(snapshot)
    every = [program for program in programs(snapshot) if not _is_tooling(program.path)]
    has_modules = any(
        not program.path.endswith(".ipynb") and not _in_demo_folder(program.path)
        for program in every
    )
    # A library of single modules (py_modules) has no package folder: then all its code counts.
    packaged = library and any(_in_a_package(program.path, paths) for program in every)
    if packaged and _scripts_outweigh_the_package(snapshot, every, paths):
        packaged = False  # the scripts are the project; the package is a part of it
    # Names an import elsewhere shows to be the repository itself (see below).
    own_names: set[str] = set()
    for program in every:
        skip = known | local.visible_from(program.path) | put_on_path.get(program.path, set())
        notebook = program.path.endswith(".ipynb")
        if notebook:
            skip |= NOTEBOOK_PROVIDED
        if notebooks and _loads_notebooks(program):
            skip |= notebooks.get(str(PurePosixPath(program.path).parent), frozenset())
        core = not _in_demo_folder(program.path) and not (notebook and has_modules)
        if packaged and not _in_a_package(program.path, paths):
            core = False  # a library's scripts, benchmarks and examples are not what it ships
        deferred: set[int] = set()
        # A vendored library is a library too: what it imports in a function (a debugging
        # shell in its self-test, a plotting helper) is needed only if that function runs.
        if (library and core) or is_vendored(snapshot, program.path):
            deferred = {key for unit in program.units for key in deferred_import_ids(unit)}
        for site in import_sites(program):
            if site.top in skip or id(site.node) in deferred or _protoc_output(site.top):
                continue
            below = outside.get(id(site.unit))
            if below is not None and site.node.lineno > below:
                continue  # maybe from the folder put on sys.path, not a package
            if any(
                names_the_repository(dotted, paths, snapshot.root_name) for dotted in _dotted(site)
            ):
                if not is_known_package(site.top):
                    own_names.add(site.top)
                continue
            if any(names_a_nested_package(dotted, snapshot) for dotted in _dotted(site)):
                continue
            if cloned_beside(snapshot, program.path, site.top):
                continue
            if from_a_submodule(snapshot, site.top):
                continue
            if takes_names_it_defines(site.node, snapshot):
                continue
            if kept_out_beside(snapshot, program.path, site.top):
                continue
            if any(kept_out_checkout(snapshot, program.path, name) for name in _dotted(site)):
                continue
            for top in [site.top, *_needed_alongside(site)]:
                seen = found.get(top)
                if top not in skip and (seen is None or (core and not seen.core)):
                    found[top] = ImportUse(site.unit, site.node, core)
    # A name that one import shows to be the repository, cloned under that folder's name
    # (``insect_pest_detection.modules.modules`` resolves), is the repository in its other
    # imports too, though their submodule has moved since (``...plotting.modules_plotting``
    # for ``modules/modules_plotting.py``): no package on an index to declare.
    for top in own_names:
        found.pop(top, None)
    return found


#: Packages whose import installs a finder that loads ``X.ipynb`` for ``import X``.
NOTEBOOK_LOADERS = frozenset({"import_ipynb", "nbimporter"})


def _notebooks_by_folder(snapshot: Snapshot) -> dict[str, frozenset[str]]:
    """The notebooks each folder holds, by the module name a notebook loader gives them."""
    found: dict[str, set[str]] = {}
    for info in snapshot.files:
        pure = PurePosixPath(info.path)
        if pure.suffix == ".ipynb" and pure.stem.isidentifier():
            found.setdefault(str(pure.parent), set()).add(pure.stem)
    return {folder: frozenset(stems) for folder, stems in found.items()}


def _loads_notebooks(program: Program) -> bool:
    """True when the program imports a notebook loader (``import import_ipynb``): its imports
    then find the notebooks beside it, as they find modules. Its import sites are read only
    where its text names a loader: asked of every program of a library."""
    if not any(loader in unit.source for unit in program.units for loader in NOTEBOOK_LOADERS):
        return False
    return any(site.top in NOTEBOOK_LOADERS for site in import_sites(program))


def _needed_alongside(site: ImportSite) -> list[str]:
    """Packages a submodule the site imports needs beside its own (NEEDS_OWN_PACKAGE)."""
    names = _dotted(site)
    if isinstance(site.node, ast.ImportFrom) and site.node.module:
        names += [f"{site.node.module}.{alias.name}" for alias in site.node.names]
    return [
        needed
        for module, needed in NEEDS_OWN_PACKAGE.items()
        if any(name == module or name.startswith(f"{module}.") for name in names)
    ]


def _protoc_output(top: str) -> bool:
    """``person_pb2``, ``person_pb2_grpc``: modules protoc generates from a .proto file, most
    often at build time or in a notebook cell; no distribution provides them at the top level."""
    return top.endswith(("_pb2", "_pb2_grpc"))


def _code_lines(program: Program) -> int:
    """Lines of a module that hold code: not blank, not a comment."""
    return sum(
        1
        for unit in program.units
        for line in unit.source.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )


#: How many times the package's own code the scripts around it must hold to be the project.
_OUTWEIGH = 2


def _scripts_outweigh_the_package(
    snapshot: Snapshot, every: list[Program], paths: frozenset[str]
) -> bool:
    """True when the modules outside the package a library builds hold more than twice its
    code: a fork of a small library whose author added a thesis's training runs beside it,
    where the scripts are the work and the package a part of it, not the other way round.
    Examples in an examples/ folder, notebooks and vendored code weigh on neither side."""
    weighed = [
        program
        for program in every
        if not program.path.endswith(".ipynb")
        and not _in_demo_folder(program.path)
        and not is_vendored(snapshot, program.path)
    ]
    outside = sum(_code_lines(p) for p in weighed if not _in_a_package(p.path, paths))
    inside = 0
    # The package is counted only as far as it takes to outweigh the scripts: a library's
    # package is most of its code (a million lines in the largest).
    for program in weighed:
        if _in_a_package(program.path, paths):
            inside += _code_lines(program)
            if outside <= _OUTWEIGH * inside:
                return False
    return outside > _OUTWEIGH * inside


def _in_a_package(path: str, paths: frozenset[str]) -> bool:
    """True when ``path`` lies in a top-level package (``pkg/__init__.py``, or under src/):
    the code a library ships, unlike the scripts and examples around it."""
    parts = PurePosixPath(path).parts
    if parts[:1] == ("src",):
        parts = parts[1:]
    root = "src/" if path.startswith("src/") else ""
    return len(parts) > 1 and f"{root}{parts[0]}/__init__.py" in paths


def _dotted(site: ImportSite) -> list[str]:
    """The full module names ``site`` imports under its top-level name."""
    node = site.node
    if isinstance(node, ast.ImportFrom):
        return [node.module] if node.module else []
    return [alias.name for alias in node.names if alias.name.split(".")[0] == site.top]


def _import_evidence(top: str, use: ImportUse) -> Evidence:
    line = source_line(use.unit, use.node.lineno)
    wanted = suggested_distribution(top)
    named = wanted == canonicalize_name(top) and top in _tops(use.node)
    snippet = line if named else f"{line} (declare {wanted})"
    return Evidence(use.unit.path, use.node.lineno, short(snippet), use.unit.cell)


def _tops(node: ast.stmt) -> set[str]:
    """The top-level modules an import statement names."""
    if isinstance(node, ast.ImportFrom):
        return {node.module.split(".")[0]} if node.module else set()
    if isinstance(node, ast.Import):
        return {alias.name.split(".")[0] for alias in node.names}
    return set()


def _stdlib_note(stdlib: list[Declared]) -> str:
    names = ", ".join(dict.fromkeys(entry.name for entry in stdlib))
    files = ", ".join(dict.fromkeys(entry.path for entry in stdlib))
    return (
        f"{files} lists standard-library modules as packages ({names}): they come with Python,"
        " and pip install -r fails on them or installs an old backport or an unrelated"
        " package of that name"
    )


def _interpreter_note(interpreter: list[Declared]) -> str:
    shown = ", ".join(dict.fromkeys(short(entry.text, 40) for entry in interpreter))
    files = ", ".join(dict.fromkeys(entry.path for entry in interpreter))
    return (
        f"{files} lists Python itself as a package ({shown}): PyPI has no such package, so"
        " pip install -r stops there; name the Python version in the README or requires-python"
    )


def _local_note(local: list[Declared]) -> str:
    files = ", ".join(dict.fromkeys(entry.path for entry in local))
    return (
        f"{files} points {len(local)} requirement(s) at files on one machine (@ file://, as"
        " pip freeze writes in a conda environment): pip install fails anywhere else"
    )


def _refused_note(refused: list[Declared]) -> str:
    files = ", ".join(dict.fromkeys(entry.path for entry in refused))
    names = list(dict.fromkeys(entry.name for entry in refused))
    refusals = {name: REFUSED_BY_PYPI[name] for name in names}
    why = (
        refusals[names[0]].why
        if len(names) == 1
        else "; ".join(f"{name}: {refusal.why}" for name, refusal in refusals.items())
    )
    meant = ", ".join(dict.fromkeys(refusal.meant for refusal in refusals.values()))
    # pip install -r reads requirements files; a Pipfile, pyproject.toml or setup.py goes
    # through pipenv or pip install ., which stop at the same name.
    by_pip_r = all(entry.path.endswith((".txt", ".in")) for entry in refused)
    stops = "so pip install -r stops there" if by_pip_r else "so installing it stops there"
    return (
        f"{files} asks for {', '.join(names)}, which pip cannot install ({why}), {stops}:"
        f" write {meant}"
    )


def _unreadable_note(unreadable: list[Declared]) -> str:
    files = ", ".join(dict.fromkeys(entry.path for entry in unreadable))
    shown = ", ".join(short(entry.text, 40) for entry in unreadable[:3])
    return (
        f"{files} has {len(unreadable)} line(s) pip cannot read ({shown}): pip install -r"
        " stops at the first, so nothing in the file is installed"
    )


#: Packages a message names; the rest are counted, and every one is in the evidence.
_NAMED = 8


def _to_install(undeclared: list[str]) -> list[str]:
    """The distributions ``undeclared`` imports need, each once: ``matplotlib`` and
    ``mpl_toolkits`` are two imports of one package, and one line in the dependency file."""
    return list(dict.fromkeys(suggested_distribution(top) for top in undeclared))


def _shown(undeclared: list[str]) -> str:
    """The packages to install, as pip names them: a reader who installs what the message
    lists must learn that more are left, or the run fails on the first one unnamed."""
    packages = _to_install(undeclared)
    names = ", ".join(packages[:_NAMED])
    left = len(packages) - _NAMED
    return f"{names} and {left} more" if left > 0 else names


#: A dependency file's own flaw (a line pip cannot read, a missing include) when every import
#: is declared: a small deduction.
_NOTED = 0.8


def _declared_result(
    deps: Dependencies,
    named: list[str],
    undeclared: list[str],
    core: bool,
    evidence: list[Evidence],
    metrics: Metrics,
    pip_only: Sequence[str] = (),
    meant: frozenset[str] = frozenset(),
) -> Result:
    """The verdict once at least one dependency file exists; ``named`` are its files, in the
    order the message names them; ``pip_only`` the imports only a notebook's !pip brings;
    ``meant`` the standard-library names listed as the backport the code imports."""
    files = ", ".join(named[:3])
    shown = _shown(undeclared)
    stdlib = [entry for entry in deps.stdlib if entry.name not in meant]
    local, interpreter = deps.machine_local, deps.interpreter
    notes = [_stdlib_note(stdlib)] if stdlib else []
    # A library's demos install what they show with: their business, as their imports are.
    if pip_only and not deps.distribution:
        note, lines = _pip_only_note(deps, pip_only, named)
        notes.append(note)
        evidence = [*evidence, *lines]
    notes += [_interpreter_note(interpreter)] if interpreter else []
    notes += [_local_note(local)] if local else []
    refused = deps.refused
    notes += [_refused_note(refused)] if refused else []
    unreadable = deps.unreadable_lines
    notes += [_unreadable_note(unreadable)] if unreadable else []
    wrong = [*stdlib, *interpreter, *local, *refused, *unreadable]
    evidence += [Evidence(e.path, e.line, short(e.text)) for e in wrong]
    for include in deps.missing_includes:
        notes.append(f"{include.path} includes {include.target}, which is not in the repository")
        evidence.append(Evidence(include.path, include.line, f"includes {include.target}"))
    if deps.opaque and not deps.entries:
        return Result.passed(f"{files} (computed at build time; imports not compared)", [], metrics)
    if not undeclared and not notes:
        return Result.passed(f"declared in {files}", [Evidence(named[0])], metrics)
    if not undeclared:
        return Result.warned("; ".join(notes), evidence, metrics, score=_NOTED)
    if not deps.installed and core:
        message = f"{files} lists no packages; the code imports {shown}"
        return Result.failed("; ".join([message, *notes]), evidence, metrics)
    where = "" if core else " (imported only in notebooks or examples)"
    covered = 1 - len(undeclared) / int(metrics["imported"] or 1)
    message = (
        f"{len(_to_install(undeclared))} imported package(s) not declared in {files}:"
        f" {shown}{where}"
    )
    if deps.distribution and not core and not notes:
        # The library itself is complete; a demo's extra packages are the demo's business.
        return Result.passed(
            f"the library built by {deps.distribution} declares what it imports (in"
            f" {len(deps.files)} file(s)); only its examples or notebooks import {shown}",
            evidence,
            metrics,
        )
    return Result.warned(
        "; ".join([message, *notes]),
        evidence,
        metrics,
        # With a note besides (a line pip cannot read, an include the repository lacks), no
        # better than the note alone would score: two problems never score above one.
        score=round(min(0.5 + 0.4 * covered, _NOTED if notes else 1.0), 3),
    )


def _pip_only_note(
    deps: Dependencies, imported: Sequence[str], named: list[str]
) -> tuple[str, list[Evidence]]:
    """``eda.ipynb installs ydata-profiling with !pip; requirements.txt does not list it``,
    with the install lines."""
    entries = [
        entry
        for entry in deps.notebook_installs
        if any(is_declared(top, frozenset({entry.name})) for top in imported)
    ]
    paths = list(dict.fromkeys(entry.path for entry in entries))
    where = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    names = sorted(dict.fromkeys(entry.name for entry in entries))  # what the cells install
    them = "it" if len(names) == 1 else "them"
    lists = "does not list" if len(named) == 1 else "do not list"
    files = ", ".join(named[:3])
    note = f"{where} install(s) {', '.join(names)} with !pip; {files} {lists} {them}"
    by_line: dict[tuple[str, int | None, int | None], list[str]] = {}
    for entry in entries:
        by_line.setdefault((entry.path, entry.cell, entry.line), []).append(entry.name)
    lines = [
        Evidence(path, line, short(f"!pip install {' '.join(names)}"), cell)
        for (path, cell, line), names in list(by_line.items())[:MAX_EVIDENCE]
    ]
    return note, lines


def _image_note(deps: Dependencies, from_image: list[str]) -> str:
    """What the Dockerfile's base image provides of what the code imports, and where."""
    files = ", ".join(dict.fromkeys(entry.path for entry in deps.image_provided))
    verb = "comes" if len(from_image) == 1 else "come"
    return f"{', '.join(sorted(from_image))} {verb} with the Docker base image ({files})"


def misspelt_imports(
    imports: Mapping[str, ImportUse], declared: frozenset[str], snapshot: Snapshot
) -> dict[str, str]:
    """Undeclared imports one letter inside the name away from another import of the code
    (``sklarn`` beside ``sklearn``), or taking names from a module of the repository's under a
    name a letter or two off its file's (``from transforms import get_transform`` beside
    ``transformers.py``), each with the name or file it misspells. A package known by name
    is never the misspelling: with nothing declared, ``sklearn`` beside a scratch file's
    ``skleran`` is a letter from it too, and is the one to declare."""
    return {
        top: meant
        for top in sorted(imports)
        if not is_declared(top, declared)
        and not is_known_package(top)
        and (
            meant := misspelling_of(top, imports.keys() - {top})
            or module_it_misnames(imports[top].node, snapshot)
        )
    }


@rule("REPRO003")
def dependencies_declared(snapshot: Snapshot) -> Result:
    """A dependency file exists and names every third-party package the code imports."""
    deps = declared_deps.collect(snapshot)
    imports = third_party_imports(snapshot, library=deps.distribution is not None)
    missing = {
        top: imports.pop(top)
        for top in sorted(imports)
        if the_projects_own(top, imports[top].unit.path, snapshot)
        and not is_declared(top, deps.names)
    }
    misspelt = {
        top: (meant, imports.pop(top))
        for top, meant in misspelt_imports(imports, deps.names, snapshot).items()
    }
    # Read after the misspellings: a module named a letter off is named with its file.
    missing |= {
        top: imports.pop(top)
        for top in sorted(imports)
        if not is_declared(top, deps.names)
        and (
            takes_classes_defined_elsewhere(imports[top].node, snapshot)
            or takes_constants_from_settings(imports[top].node)
            or module_under_another_name(imports[top].node, snapshot)
            or named_in_the_projects_style(top, snapshot)
        )
    }
    missing = dict(sorted(missing.items()))
    unread = None if imports else _unread_imports(snapshot)
    result = _declared(deps, imports, _own_first(snapshot, deps.files), unread)
    result = _with_missing_modules(result, missing, snapshot) if missing else result
    return _with_misspelt_imports(result, misspelt) if misspelt else result


#: An import statement's first name, read from the text of code that does not parse.
_IMPORT_LINE = compile_on_use(r"^[ \t]*(?:from|import)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)


def _unread_imports(snapshot: Snapshot) -> str | None:
    """What code Python 3 cannot parse imports beyond the standard library and the project's
    own modules (a Python 2 script's ``import pandas``), read from its text: the analysis has
    no tree of it, so "no third-party package is imported" would be false of it. Asked only
    where the code that parses imports none."""
    known = set(sys.stdlib_module_names) | UNCHECKED_IMPORTS | PYTHON2_STDLIB
    local = local_modules(snapshot)
    paths: dict[str, None] = {}
    names: set[str] = set()
    python2 = True
    for unit in snapshot.sources:
        if unit.tree is not None or unit.is_test or _is_tooling(unit.path):
            continue
        skip = known | local.visible_from(unit.path)
        found = {name for name in _IMPORT_LINE.findall(unit.source) if name not in skip}
        if found:
            paths[unit.path] = None
            names |= found
            python2 = python2 and "Python 2" in (unit.error or "")
    if not paths:
        return None
    shown = ", ".join(list(paths)[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
    which = "which Python 3 cannot parse" + (" (Python 2 syntax?)" if python2 else "")
    verb, rest = ("imports", "is") if len(paths) == 1 else ("import", "are")
    return f"{shown}, {which}, {verb} {', '.join(sorted(names))} and {rest} not read"


def _with_misspelt_imports(result: Result, misspelt: dict[str, tuple[str, ImportUse]]) -> Result:
    """The verdict, with imports one letter away from another the code makes (``sklarn``
    beside ``sklearn``): the module fails there, and declaring the typo would install a
    stranger's package of that name, if any (at least a warning)."""
    names = ", ".join(f"{top} ({meant}?)" for top, (meant, _) in misspelt.items())
    note = f"misspelt import(s), to correct rather than declare: {names}"
    evidence = [
        Evidence(
            use.unit.path,
            use.node.lineno,
            short(f"{source_line(use.unit, use.node.lineno)} (a misspelling of {meant}?)"),
            use.unit.cell,
        )
        for top, (meant, use) in misspelt.items()
    ]
    metrics = {**result.metrics, "misspelt_imports": len(misspelt)}
    if result.status in (Status.PASS, Status.SKIP):
        return Result.warned(note, evidence, metrics, score=0.8)
    message = f"{result.message}; {note}"
    evidence = [*result.evidence, *evidence]
    return dataclasses.replace(result, message=message, evidence=tuple(evidence), metrics=metrics)


def _with_missing_modules(
    result: Result, missing: dict[str, ImportUse], snapshot: Snapshot
) -> Result:
    """The verdict, with the project modules the code imports and the repository lacks: a
    fresh clone fails there whatever is installed (at least a warning). A module the
    repository holds under a name that differs only in case, or in a folder the import does
    not reach, is named with its file."""
    cased = {
        top: named_in_another_case(top, use.unit.path, snapshot) for top, use in missing.items()
    }
    elsewhere = {
        top: held_in_another_folder(top, missing[top].unit.path, snapshot)
        for top, path in cased.items()
        if path is None
    }
    # A folder held under another name, where nothing of that name or its deletion tells more.
    renamed = {
        top: module_under_another_name(missing[top].node, snapshot)
        for top, path in elsewhere.items()
        if path is None and not deleted_from_history(top, missing[top].unit.path, snapshot)
    }
    absent = [top for top, path in elsewhere.items() if path is None and not renamed.get(top)]
    notes = (
        [f"{', '.join(absent)} imported but not in the repository (a module left out of a commit?)"]
        if absent
        else []
    )
    notes += [
        f"{top} imported, but the module is {path}, in a folder of another name: the import"
        " fails on a fresh clone (the folder's name on the author's disk?)"
        for top, path in renamed.items()
        if path is not None
    ]
    notes += [
        f"{top} imported, but the {'folder' if path.endswith('/') else 'file'} is {path}:"
        " Python matches a module's name by case on"
        " every system, so the import fails (a rename git did not record?)"
        for top, path in cased.items()
        if path is not None
    ]
    notes += [
        f"{top} imported, but the module is {path}, in another folder: the import does not"
        " find it from there (moved without the import?)"
        for top, path in elsewhere.items()
        if path is not None
    ]
    note = "; ".join(notes)
    evidence = [*result.evidence, *(_import_evidence(top, use) for top, use in missing.items())]
    metrics = {**result.metrics, "missing_modules": len(missing)}
    if result.status in (Status.PASS, Status.SKIP):
        return Result.warned(note, evidence, metrics, score=0.8)
    message = f"{result.message}; {note}"
    return dataclasses.replace(result, message=message, evidence=tuple(evidence), metrics=metrics)


def _own_first(snapshot: Snapshot, files: list[str]) -> list[str]:
    """The dependency files, the project's own before those of the code it vendors, and the
    top folder's before a subfolder's: a message that names three files must name the list
    the author keeps (the one the README installs), not three copied projects' or services'."""
    return sorted(files, key=lambda path: (is_vendored(snapshot, path), path.count("/")))


def _declared(
    deps: Dependencies, imports: dict[str, ImportUse], files: list[str], unread: str | None = None
) -> Result:
    """The verdict on the imports read; ``unread`` says which imports sit in code Python 3
    cannot parse, where none of the code that parses imports a third-party package."""
    in_notebooks = frozenset(entry.name for entry in deps.notebook_installs)
    # A package written on a line pip cannot read is named in that note, not as undeclared.
    misspelt = frozenset(entry.name for entry in deps.unreadable_lines)
    # A package the lock file pins is installed with the declared ones (flax brings optax).
    in_files = deps.names | misspelt | deps.locked
    # autogluon.tabular installs into the autogluon namespace: `import autogluon.tabular`.
    in_files |= deps.namespaces
    # trl[vllm] installs vllm: an extra named for a distribution declares it.
    in_files |= deps.extras
    # git+https://github.com/openai/CLIP.git installs clip: the repository names it.
    in_files |= frozenset(entry.name for entry in deps.repositories)
    written = in_files | in_notebooks
    image = frozenset(entry.name for entry in deps.image_provided)
    by_image = written | image
    repositories = [entry.name for entry in deps.repositories]
    undeclared = sorted(
        top
        for top in imports
        if not is_declared(top, by_image) and not repository_provides(top, repositories)
    )
    from_image = [t for t in imports if t not in undeclared and not is_declared(t, written)]
    core = any(imports[top].core for top in undeclared)
    metrics: Metrics = {
        "declared": len(deps.names),
        "imported": len(imports),
        "undeclared": len(undeclared),
    }
    evidence = [_import_evidence(top, imports[top]) for top in undeclared]
    if deps.files:
        # A package only a notebook's own !pip install brings serves that notebook: the list
        # a teammate installs from leaves it out (a note, not a missing package).
        pip_only = [
            top
            for top in imports
            if top not in undeclared
            and not is_declared(top, in_files | image)
            and not repository_provides(top, repositories)
        ]
        # A listed backport the code imports from its namespace is meant (configparser's
        # backports.configparser), not a standard-library name listed by mistake.
        meant = frozenset(name for name, space in INSTALLS_INTO.items() if space in imports)
        result = _declared_result(deps, files, undeclared, core, evidence, metrics, pip_only, meant)
        if from_image and result.status is Status.PASS:
            message = f"{result.message}; {_image_note(deps, from_image)}"
            lines = [Evidence(e.path, e.line, short(e.text)) for e in deps.image_provided]
            evidence = [*result.evidence, *dict.fromkeys(lines)]
            return dataclasses.replace(result, message=message, evidence=tuple(evidence))
        return result
    if deps.unreadable:
        unread = ", ".join(deps.unreadable[:3])
        if deps.lfs and len(deps.lfs) == len(deps.unreadable):
            how = "kept in Git LFS (the clone holds a pointer, not the list)"
        else:
            how = "could not be read as text"
        message = f"{unread} {how}; imports not compared"
        return Result.skipped(message, metrics)
    absent = _absent(deps)
    if not imports:
        if unread:
            return Result.skipped(f"{absent}; not judged: {unread}")
        return Result.skipped(f"{absent}, and no third-party package is imported")
    if not undeclared and not deps.notebook_installs:  # every import from the Docker image
        lines = [Evidence(e.path, e.line, short(e.text)) for e in deps.image_provided]
        message = f"{absent}: {_image_note(deps, from_image)}, all the code imports"
        return Result.passed(message, list(dict.fromkeys(lines)), metrics)
    if not undeclared:  # every import installed by a notebook's own !pip install
        where = ", ".join(dict.fromkeys(entry.path for entry in deps.notebook_installs))
        return Result.warned(
            f"{absent}; {where} install(s) the packages with !pip, so a teammate"
            " outside that notebook has no list to install from",
            [Evidence(e.path, e.line, short(e.text), e.cell) for e in deps.notebook_installs[:5]],
            metrics,
            score=0.7,
        )
    # With no file, a notebook's !pip install serves that notebook alone: the packages it
    # names are listed with the rest (fastai, which one notebook installs and four import),
    # or the list misses the one that matters.
    # By the package or by the import's own name: `!pip install sklearn` (PyPI's stub) stands
    # for scikit-learn, and the list must still name it; what an install brings along (torch
    # with fastai) is not listed.
    installed = sorted(
        top
        for top in imports
        if top not in undeclared
        and {canonicalize_name(suggested_distribution(top)), canonicalize_name(top)} & in_notebooks
    )
    listed = sorted([*undeclared, *installed])
    core = core or any(imports[top].core for top in installed)
    evidence += [_import_evidence(top, imports[top]) for top in installed]
    message = (
        f"{absent}; the code imports {len(_to_install(listed))} third-party"
        f" package(s): {_shown(listed)}"
    )
    if installed:
        where = ", ".join(
            dict.fromkeys(
                entry.path
                for entry in deps.notebook_installs
                if any(is_declared(top, frozenset({entry.name})) for top in installed)
            )
        )
        # What the cells install, as they spell it (``sklearn``, PyPI's stub for scikit-learn).
        names = dict.fromkeys(
            entry.name
            for entry in deps.notebook_installs
            if any(is_declared(top, frozenset({entry.name})) for top in installed)
        )
        message += f" ({where} install(s) {', '.join(sorted(names))} with !pip)"
    evidence = [*_unparsed_evidence(deps), *evidence]
    if core:
        return Result.failed(message, evidence, metrics)
    message += " (only in notebooks or examples)"
    return Result.warned(message, evidence, metrics, score=0.5)


#: Where the parser's error message names its line: "syntax error at line 36: ...".
_ERROR_LINE = compile_on_use(r"\bline (\d+)")


def _absent(deps: Dependencies) -> str:
    """What the message says of a repository that declares nothing: that no file does, or
    that its setup.py does not parse (pip cannot run it, so it installs nothing it lists)."""
    if not deps.unparsed:
        return "no dependency file"
    path, error = deps.unparsed[0]
    reason = error.split(": ", 1)[-1]
    return f"{path} does not parse ({reason}), so it declares nothing pip can install"


def _unparsed_evidence(deps: Dependencies) -> list[Evidence]:
    found = []
    for path, error in deps.unparsed[:1]:
        line = _ERROR_LINE.search(error)
        found.append(Evidence(path, int(line.group(1)) if line else None, short(error)))
    return found


def _library_manifest(deps: Dependencies) -> str | None:
    """The file building a package that declares requirements of its own (or reads them at
    build time): a library. One that declares none (a template's ``install_requires=[]``, a
    pyproject that only makes ``src/`` importable) runs from its requirements files."""
    path = deps.distribution
    if not path:
        return None
    declares = path in deps.opaque or any(entry.path == path for entry in deps.entries)
    return path if declares else None


#: A requirements line installing the project from its own checkout: ``-e .``.
_EDITABLE_SELF = compile_on_use(
    r"^[ \t]*(?:-e|--editable)(?:[ \t]*=[ \t]*|[ \t]+)\.[ \t]*\r?$", re.MULTILINE
)


def _installs_itself(snapshot: Snapshot, manifest: str) -> bool:
    """The end-to-end project template: requirements.txt ends in ``-e .``, installing the
    project from its checkout, and the setup.py reading it strips that line (so it spells
    ``-e .`` too). The package is the application's own code, run from that file; no users
    install it beside theirs, so its requirements are asked to pin."""
    requirements = snapshot.texts.get("requirements.txt", "")
    return bool(_EDITABLE_SELF.search(requirements)) and "-e ." in snapshot.texts.get(manifest, "")


@rule("REPRO004")
def dependencies_pinned(snapshot: Snapshot) -> Result:
    """A lock file exists, or most declared requirements name one exact version."""
    deps = declared_deps.collect(snapshot)
    if deps.locks:
        return Result.passed(
            f"locked by {', '.join(deps.locks[:3])}", [Evidence(path) for path in deps.locks]
        )
    installed = deps.installed
    if not installed:
        return Result.skipped("no declared dependencies to pin")
    pinned = {entry.name for entry in deps.entries if entry.pinned and not entry.is_stdlib}
    names = deps.names
    share = len(pinned & names) / len(names)
    library = _library_manifest(deps)
    if library and _installs_itself(snapshot, library):
        library = None
    if library and share < _PINNED_ENOUGH:
        # A library is installed next to other packages: pins there would clash with its
        # users' environments. Pinning is an application's or an experiment's duty. (One that
        # pins anyway, reading a pinned requirements.txt at build time, is told its pins.)
        return Result.passed(
            f"{library} builds an installable library, which declares version ranges"
            " for its users; pins and a lock file belong to applications",
            [Evidence(library)],
            {"declared": len(deps.names)},
        )
    loose = [entry for entry in installed if entry.name not in pinned]
    evidence = [Evidence(entry.path, entry.line, short(entry.text)) for entry in loose]
    evidence += [Evidence(path, None, "locks no dependency") for path in deps.empty_locks]
    metrics: Metrics = {"declared": len(names), "pinned": len(pinned & names)}
    metrics["share"] = round(share, 3)
    message = f"{len(pinned & names)} of {len(names)} declared package(s) pinned to one version"
    if deps.empty_locks:
        message += f"; {', '.join(deps.empty_locks[:3])} locks no dependency"
    else:
        message += ", no lock file"
    return Result.graded(
        share, message, pass_at=_PINNED_ENOUGH, warn_at=1e-9, evidence=evidence, metrics=metrics
    )


#: The share of declared packages pinned to one version at which a run repeats.
_PINNED_ENOUGH = 0.8
