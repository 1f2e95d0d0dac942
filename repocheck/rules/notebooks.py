"""Notebooks rule: the logic lives in importable modules, not only in notebook cells (READ005)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence, Metrics, Result
from repocheck.registry import rule
from repocheck.rules._cache import in_walk_order
from repocheck.rules._toplevel import module_level
from repocheck.rules._verdict import short

#: Notebook code below this many lines is too little to call "all the logic lives in notebooks".
TRIVIAL_NOTEBOOK_LINES = 30


def _code_lines(source: str) -> int:
    """Lines that are code: not blank, not comments, not IPython magics or shell escapes."""
    return sum(
        1
        for line in source.splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "%", "!"))
    )


def notebook_code_lines(snapshot: Snapshot) -> dict[str, int]:
    """Code lines of each notebook outside tests, from all its code cells."""
    tests = {f.path for f in snapshot.files if f.is_test}
    return {
        path: sum(_code_lines(cell.source) for cell in notebook.code_cells)
        for path, notebook in snapshot.notebooks.items()
        if path not in tests
    }


def _modules(snapshot: Snapshot) -> list[SourceUnit]:
    return [
        u for u in snapshot.sources if u.cell is None and u.path.endswith(".py") and not u.is_test
    ]


def defining_modules(snapshot: Snapshot) -> set[str]:
    """Paths of the .py modules (outside tests) that define a function or class."""
    return {
        unit.path
        for unit in _modules(snapshot)
        if unit.tree is not None and any(True for _ in module_level(unit.tree.body))
    }


def _imported_names(unit: SourceUnit) -> Iterator[tuple[str, int]]:
    """(dotted module name, line) of each absolute import, ``from a import b`` also as ``a.b``."""
    for node in in_walk_order(unit, (ast.Import, ast.ImportFrom)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module, node.lineno
            for alias in node.names:
                yield f"{node.module}.{alias.name}", node.lineno


def _resolves_to(dotted: str, paths: set[str]) -> bool:
    # Matched by path suffix: notebooks often import after sys.path.append("../src").
    stem = dotted.replace(".", "/")
    endings = (f"{stem}.py", f"{stem}/__init__.py")
    return any(p == end or p.endswith("/" + end) for p in paths for end in endings)


def local_imports(snapshot: Snapshot, targets: set[str]) -> list[Evidence]:
    """Notebook cells that import one of the modules ``targets``."""
    found = []
    for unit in snapshot.parsed(tests=False):
        if unit.cell is None or unit.tree is None:
            continue
        for dotted, line in _imported_names(unit):
            if _resolves_to(dotted, targets):
                found.append(Evidence(unit.path, line, short(f"imports {dotted}"), unit.cell))
                break
    return found


def _notebook_evidence(per_notebook: dict[str, int]) -> list[Evidence]:
    ranked = sorted(per_notebook.items(), key=lambda item: (-item[1], item[0]))
    return [Evidence(path, None, f"{lines} code lines in notebook cells") for path, lines in ranked]


def _judge_split(
    notebook_lines: int,
    module_lines: int,
    has_modules: bool,
    evidence: list[Evidence],
    metrics: Metrics,
) -> Result:
    """The verdict when no notebook imports the project's modules."""
    total = notebook_lines + module_lines
    share = notebook_lines / total
    message = f"{share:.0%} of the code lines are in notebooks ({notebook_lines} of {total})"
    if share <= 0.5:
        return Result.passed(message, evidence, metrics)
    if not has_modules and notebook_lines > TRIVIAL_NOTEBOOK_LINES:
        return Result.failed(message + "; no module defines a function or class", evidence, metrics)
    return Result.warned(message, evidence, metrics, score=max(0.2, 1 - share))


@rule("READ005")
def logic_in_modules(snapshot: Snapshot) -> Result:
    """Whether the code lives in importable modules rather than only in notebook cells."""
    per_notebook = notebook_code_lines(snapshot)
    if not per_notebook:
        return Result.skipped("no notebooks")
    notebook_lines = sum(per_notebook.values())
    if notebook_lines == 0:
        return Result.skipped("the notebooks hold no code")
    module_lines = sum(unit.code_lines for unit in _modules(snapshot))
    share = notebook_lines / (notebook_lines + module_lines)
    evidence = _notebook_evidence(per_notebook)
    defining = defining_modules(snapshot)
    imports = local_imports(snapshot, defining)
    metrics: Metrics = {
        "notebook_lines": notebook_lines,
        "module_lines": module_lines,
        "notebook_share": round(share, 3),
        "notebooks_importing_modules": len({ev.path for ev in imports}),
    }
    if imports:
        message = f"notebooks import the project's own modules ({share:.0%} of code in notebooks)"
        return Result.passed(message, imports + evidence, metrics)
    return _judge_split(notebook_lines, module_lines, bool(defining), evidence, metrics)
