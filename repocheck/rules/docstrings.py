"""Docstrings rule: the public functions, classes and methods of .py modules say what they do
(READ004). Private names, stubs, tests, notebook code and modules a tool generated are left
out, and private modules except for what their package re-exports as its API.

Docstrings matter most where other code calls in: a module another module imports, or one in a
package. A script nothing imports (a lecture, an exercise) is read top to bottom, often explained
by its comments; undocumented code there makes the rule warn at most, never fail."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from itertools import pairwise
from pathlib import PurePosixPath

from repocheck.analysis.entrypoints import imported_paths
from repocheck.analysis.generated import is_generated
from repocheck.analysis.public_api import is_private_module, reexported
from repocheck.analysis.test_code import code_units
from repocheck.analysis.toplevel import Definition, module_level
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence, Metrics, Result
from repocheck.registry import rule
from repocheck.rules._verdict import rated
from repocheck.wording import short

#: Decorators whose functions repeat another definition and need no docstring of their own.
STUB_DECORATORS = frozenset({"overload", "override"})


def _decorator_names(node: Definition) -> set[str]:
    names = set()
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute):
            names.add(target.attr)  # typing.overload, @x.setter
        elif isinstance(target, ast.Name):
            names.add(target.id)
    return names


def _needs_docstring(node: Definition) -> bool:
    # A single leading underscore marks private names and a double one dunders: both are exempt.
    if node.name.startswith("_"):
        return False
    skipped = STUB_DECORATORS | {"setter", "deleter"}
    return not (_decorator_names(node) & skipped)


def _public_definitions(
    tree: ast.Module, only: frozenset[str] | None = None
) -> Iterator[tuple[str, Definition]]:
    """(qualified name, node) of the public top-level functions, classes and their methods;
    of a private module, only those its package re-exports (``only``)."""
    for node in module_level(tree.body):
        if not _needs_docstring(node) or (only is not None and node.name not in only):
            continue
        yield node.name, node
        if isinstance(node, ast.ClassDef):
            for method in _public_methods(node):
                yield f"{node.name}.{method.name}", method


def _public_methods(node: ast.ClassDef) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for child in node.body:
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and _needs_docstring(child):
            yield child


def _documentable_trees(
    snapshot: Snapshot,
) -> Iterator[tuple[SourceUnit, ast.Module, frozenset[str] | None]]:
    """(path, tree, the names to judge or None for all) of the modules whose public names are
    an API: public modules, and private ones for what their package re-exports."""
    exported = reexported(snapshot)
    # Notebook cells are left out: nobody imports a notebook, so its functions are not an API.
    # Test cases kept in a module beside the code they test are left out like test files, and
    # modules a tool wrote (Django's migrations) like the tool's own code.
    for unit in code_units(snapshot, tests=False):
        if unit.tree is None or unit.cell is not None or not unit.path.endswith(".py"):
            continue
        if is_generated(unit.source):
            continue
        if not is_private_module(unit.path):
            yield unit, unit.tree, None
        elif unit.path in exported:
            yield unit, unit.tree, exported[unit.path]


def _doc_targets(statement: ast.stmt) -> list[ast.expr]:
    """What ``statement`` assigns a ``__doc__`` to: ``__doc__`` itself or ``name.__doc__``."""
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, ast.AnnAssign):
        targets = [statement.target]
    else:
        return []
    return [
        target
        for target in targets
        if (isinstance(target, ast.Name) and target.id == "__doc__")
        or (isinstance(target, ast.Attribute) and target.attr == "__doc__")
    ]


def _docs_assigned_later(tree: ast.Module) -> frozenset[str]:
    """Names given a docstring after their definition: ``predict.__doc__ = ...``."""
    return frozenset(
        target.value.id
        for statement in tree.body
        for target in _doc_targets(statement)
        if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
    )


def _documented(node: Definition, assigned_later: frozenset[str]) -> bool:
    """A docstring of its own, or one assigned to its ``__doc__`` (generated API docs: a
    subclass's built from its parent's); for a class, one on its ``__init__`` counts too
    (numpydoc)."""
    if ast.get_docstring(node) or node.name in assigned_later:
        return True
    if not isinstance(node, ast.ClassDef):
        return False
    in_body = any(isinstance(t, ast.Name) for child in node.body for t in _doc_targets(child))
    return in_body or any(
        isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
        and child.name == "__init__"
        and bool(ast.get_docstring(child))
        for child in node.body
    )


def _blocks(tree: ast.Module) -> Iterator[list[ast.stmt]]:
    """Every list of statements in ``tree``: bodies, ``else`` and ``finally`` blocks. Only
    statements are entered: a definition is a statement, and expressions hold none."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            block = getattr(node, field, None)
            if type(block) is not list or not block:
                continue
            if isinstance(block[0], ast.stmt):
                yield block
            pending.extend(block)


# A string longer than this above a def is read as prose, unparsed: shelved code is short.
_LONGEST_SHELVED = 20_000


def _docs_above(tree: ast.Module) -> frozenset[int]:
    """Lines of the definitions whose docstring was written just above them (a string
    statement ending on the line before the ``def`` or its first decorator, not the first
    statement of its block, which documents the block's own module or class): a reader of the
    file sees it, Python does not."""
    lines: set[int] = set()
    for block in _blocks(tree):
        for before, node in pairwise(block[1:]):
            if not isinstance(node, Definition) or not _is_string(before):
                continue
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            if before.end_lineno == first - 1 and not _holds_code(before):
                lines.add(node.lineno)
    return frozenset(lines)


def _holds_code(statement: ast.stmt) -> bool:
    """Whether a bare string holds code put aside (old imports or lines kept in quotes), not
    prose: it parses as Python, with a statement other than a lone name or constant (or
    ``Args: x``, prose that happens to parse as an annotation)."""
    if not isinstance(statement, ast.Expr) or not isinstance(statement.value, ast.Constant):
        return False
    text = textwrap.dedent(str(statement.value.value)).strip()
    if not text or len(text) > _LONGEST_SHELVED:
        return False
    try:
        body = ast.parse(text).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False  # prose does not parse (nor text nested past the parser's limits)
    return any(
        isinstance(line.value, ast.Call)
        if isinstance(line, ast.Expr)
        else not isinstance(line, ast.AnnAssign)
        for line in body
    )


def _string_statement_ends(unit: SourceUnit) -> frozenset[int]:
    """The lines where a statement of a bare string ends: only a def right below one may have
    its docstring written above it."""
    expressions: list[ast.Expr] = unit.of_type(ast.Expr)
    return frozenset(node.end_lineno or node.lineno for node in expressions if _is_string(node))


def _is_string(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def _library_paths(snapshot: Snapshot) -> frozenset[str]:
    """Modules other code calls into: imported by another module or notebook, or in a package.

    A module nothing imports is read as a script (a lecture, an exercise), even one that only
    defines functions: whether it needs docstrings is a matter of taste.
    """
    paths = snapshot.paths
    packaged = {
        path
        for path in paths
        if path.endswith(".py") and f"{PurePosixPath(path).parent}/__init__.py" in paths
    }
    return imported_paths(snapshot) | packaged


def _length(node: Definition) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1


@rule("READ004")
def public_docstrings(snapshot: Snapshot) -> Result:
    """Share of public functions, classes and methods in .py modules with a docstring."""
    missing: list[tuple[int, Evidence]] = []
    public = 0
    library = _library_paths(snapshot)
    library_public = library_missing = 0
    for unit, tree, only in _documentable_trees(snapshot):
        path = unit.path
        assigned_later = _docs_assigned_later(tree)
        ends: frozenset[int] | None = None  # read only where a docstring is missing
        above: frozenset[int] | None = None  # read only below a string statement
        for name, node in _public_definitions(tree, only):
            public += 1
            library_public += path in library
            if _documented(node, assigned_later):
                continue
            library_missing += path in library
            kind = "class" if isinstance(node, ast.ClassDef) else "def"
            if ends is None:
                ends = _string_statement_ends(unit)
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            if first - 1 in ends and above is None:
                # A string statement ends just above: read the blocks to tell it from the
                # docstring of the module or class around.
                above = _docs_above(tree)
            where = "its docstring is above the def, not inside"
            lack = where if above and node.lineno in above else "no docstring"
            snippet = f"{kind} {name} ({_length(node)} lines, {lack})"
            missing.append((_length(node), Evidence(path, node.lineno, short(snippet))))
    if public == 0:
        return Result.skipped("no public functions or classes outside tests")
    documented = public - len(missing)
    share = documented / public
    # Largest first: a long undocumented function costs a reader the most.
    missing.sort(key=lambda item: (-item[0], item[1].path, item[1].line or 0))
    message = (
        f"{documented} of {public} public functions and classes have a docstring ({share:.0%})"
    )
    metrics: Metrics = {"public": public, "documented": documented, "share": round(share, 3)}
    evidence = [ev for _, ev in missing]
    library_share = 1 - library_missing / library_public if library_public else 1.0
    in_scripts = public - library_public
    if in_scripts and share < 0.6 and library_share >= 0.3:
        # Modules nothing imports pull the share down: whether they need docstrings is a
        # matter of taste, so they can make the rule warn but never fail.
        message += (
            f"; in modules other code imports, {library_public - library_missing} of "
            f"{library_public} ({library_share:.0%})"
            if library_public
            else "; all of it in scripts and modules nothing imports"
        )
        metrics["library_public"] = library_public
        metrics["library_documented"] = library_public - library_missing
        return rated(False, True, max(share / 0.6, 0.4), message, evidence, metrics)
    return rated(share >= 0.6, share >= 0.3, share / 0.6, message, evidence, metrics)
