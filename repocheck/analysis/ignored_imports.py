"""Imports of the repository's own modules that its .gitignore keeps out of every clone.

``data/`` in a .gitignore ignores every folder named data, ``src/data/`` too: the code that
imports ``src.data.loader`` runs on its author's machine and nowhere else. Found from the
snapshot alone: an unguarded module-level import in non-test code whose first name is a
tracked folder on the import path, whose next part is neither tracked nor a file a build step
or the code itself writes, and whose path the repository's own .gitignore ignores.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.deps import collect
from repocheck.analysis.distributions import is_declared
from repocheck.analysis.ignored import GITIGNORE, IgnoreRules, folders_of, ignore_rules
from repocheck.analysis.imports import (
    SOURCE_ROOTS,
    Program,
    absolute_from,
    optional_import_ids,
    programs,
)
from repocheck.analysis.vendored import is_vendored
from repocheck.facts.snapshot import Snapshot, SourceUnit

#: Module names a code generator writes (protoc) or a build step stamps (setuptools-scm).
_GENERATED_SUFFIXES = ("_pb2", "_pb2_grpc")
_GENERATED_NAMES = frozenset({"_version", "version", "__version__"})
#: Sources a compiler turns into an importable module beside them.
_COMPILED_SOURCES = (".pyx", ".pxd", ".proto", ".c", ".cpp", ".cu")


@dataclass(frozen=True)
class IgnoredImport:
    """One import of a project module the .gitignore hides: ``path`` is the ignored file or
    folder (``src/data/``), ``module`` the dotted name imported."""

    unit: SourceUnit
    line: int
    module: str
    path: str
    pattern: str | None  # the .gitignore line that hides it, as written, when one is found

    @property
    def on_purpose(self) -> bool:
        """The .gitignore line names the module file itself (``tool/secret.py``,
        ``secrets.py``): kept local on purpose, as credentials are, not caught by a pattern
        meant for data; the fix is a template beside it, never committing it."""
        pattern = (self.pattern or "").strip("/")
        return self.path.endswith(".py") and pattern in (self.path, PurePosixPath(self.path).name)


@per_object
def ignored_imports(snapshot: Snapshot) -> tuple[IgnoredImport, ...]:
    """Every import of a project module that a clone lacks because .gitignore hides it."""
    if GITIGNORE not in snapshot.texts:
        return ()
    rules = ignore_rules(snapshot)
    folders = folders_of(snapshot.paths)
    declared: frozenset[str] | None = None
    found: list[IgnoredImport] = []
    for program in programs(snapshot):
        if is_vendored(snapshot, program.path):
            continue
        for unit, node, module, named in _module_level_imports(program):
            hit = _hidden_path(module, named, program.path, snapshot.paths, folders, rules)
            if hit is None or _written_elsewhere(snapshot, hit):
                continue
            if declared is None:
                declared = collect(snapshot).names
            if is_declared(module.split(".")[0], declared):
                continue  # an installed package of the same name may well be the one meant
            shown = _shown(node, module, hit)
            found.append(IgnoredImport(unit, node.lineno, shown, hit, rules.pattern_for(hit)))
    return tuple(found)


_Site = tuple[SourceUnit, ast.Import | ast.ImportFrom, str, bool]


def _module_level_imports(program: Program) -> list[_Site]:
    """Absolute imports a module runs when loaded, outside any ImportError or TYPE_CHECKING
    guard, each with whether its last part may be a name, not a module: ``from a.b import
    c`` yields ``a.b.c`` (c may be either), ``from a.b import *`` yields ``a.b``."""
    found: list[_Site] = []
    for unit in program.units:
        if unit.tree is None:
            continue
        guarded = optional_import_ids(unit)
        for node in unit.tree.body:
            if id(node) in guarded:
                continue
            if isinstance(node, ast.Import):
                found.extend((unit, node, alias.name, False) for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.level or node.module):
                # A relative import, counted from the repository root: ``from .data.pack
                # import x`` in src/main.py is ``src.data.pack``.
                source = absolute_from(program.path, node) if node.level else node.module
                found.extend(
                    (unit, node, source, False)
                    if alias.name == "*"
                    else (unit, node, f"{source}.{alias.name}", True)
                    for alias in node.names
                    if source
                )
    return found


def _hidden_path(
    module: str,
    last_may_be_a_name: bool,
    importer: str,
    paths: frozenset[str],
    folders: frozenset[str],
    rules: IgnoreRules,
) -> str | None:
    """The ignored, untracked file or folder ``module`` needs, when its first name is a
    tracked folder on the import path of ``importer`` and no other folder on that path
    holds it; None when unsure. With ``last_may_be_a_name`` (``from a import b``), b is never
    judged: it may be a name that a's __init__.py defines, and that __init__.py may well be
    one a build step writes."""
    parts = module.split(".")
    if len(parts) < 2 or parts[-2].endswith(_GENERATED_SUFFIXES):
        return None
    hidden = None
    for root in _import_roots(importer):
        base = "" if root == "." else root
        prefix = f"{base}/{parts[0]}" if base else parts[0]
        if prefix not in folders:
            continue
        found = _walk(prefix, parts, last_may_be_a_name, paths, folders, rules)
        if found is _RESOLVED:
            return None  # another folder on the path holds it: Python may well import that
        hidden = hidden or found
    return hidden


@functools.lru_cache(maxsize=4096)
def _import_roots(importer: str) -> tuple[str, ...]:
    """The folders an absolute import in ``importer`` may start from: the top, the usual
    source roots, and each folder above the file (asked once per file, not per import)."""
    parents = [str(parent) for parent in PurePosixPath(importer).parents]
    return tuple(dict.fromkeys(["", *SOURCE_ROOTS, *parents]))


#: What :func:`_walk` answers when the module is there, or may be (generated, a name).
_RESOLVED = "resolved"


def _walk(
    prefix: str,
    parts: list[str],
    last_may_be_a_name: bool,
    paths: frozenset[str],
    folders: frozenset[str],
    rules: IgnoreRules,
) -> str | None:
    """From the tracked folder ``prefix`` of ``parts[0]`` down: _RESOLVED, the hidden path,
    or None when the module is simply not there (not this rule's business)."""
    for depth, part in enumerate(parts[1:], start=1):
        here = f"{prefix}/{part}"
        if here in folders:
            prefix = here
            continue
        if f"{here}.py" in paths or f"{here}.pyi" in paths:
            return _RESOLVED  # a tracked module: what follows are names it defines
        if part.endswith(_GENERATED_SUFFIXES) or part in _GENERATED_NAMES:
            return _RESOLVED
        if any(f"{here}{suffix}" in paths for suffix in _COMPILED_SOURCES):
            return _RESOLVED
        if last_may_be_a_name and depth == len(parts) - 1:
            return _RESOLVED
        if rules.ignores(f"{here}/__init__.py") and rules.ignores(f"{here}/m.py"):
            # The last module of the import may be a file or a folder: a folder hidden
            # while the file would be kept says nothing of which the author had.
            last = depth >= len(parts) - 1 - last_may_be_a_name
            if last and not rules.ignores(f"{here}.py"):
                return None
            return f"{here}/"
        if rules.ignores(f"{here}.py"):
            return f"{here}.py"
        return None
    return _RESOLVED


#: Files written for a reader (a changelog, a walkthrough, a report): naming a path there
#: makes nothing, unlike a build file or code that writes it (a README's setup steps aside).
_PROSE_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".txt", ".tex", ".html", ".resolved"})


def _may_write(path: str) -> bool:
    """A file whose naming a path may make it: code, a build or config file, or a README
    (whose setup steps say what generates it); not a changelog or another piece of prose."""
    name = PurePosixPath(path)
    if name.name == GITIGNORE:
        return False
    return name.suffix.lower() not in _PROSE_SUFFIXES or name.name.lower().startswith("readme")


def _written_elsewhere(snapshot: Snapshot, hidden: str) -> bool:
    """True when code or a build file names the hidden path, as a build step or a notebook
    that writes it would (``%%writefile src/data/pack.py``, ``write_to = "pkg/_version.py"``);
    prose that names it (a changelog) writes nothing."""
    folder = hidden.rstrip("/")
    needles = {folder} if hidden.endswith("/") else {folder, PurePosixPath(folder).name}
    texts = [text for path, text in snapshot.texts.items() if _may_write(path)]
    texts += [unit.source for unit in snapshot.sources]
    return any(needle in text for text in texts for needle in needles)


def _shown(node: ast.Import | ast.ImportFrom, module: str, hidden: str) -> str:
    """The module as the import names it: ``src.data.data``, not the function it takes."""
    name = PurePosixPath(hidden.rstrip("/")).stem
    if isinstance(node, ast.ImportFrom) and node.module and name in node.module.split("."):
        return "." * node.level + node.module
    return module
