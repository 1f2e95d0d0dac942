"""Readability rules: lint findings, complexity, formatting, docstrings, code outside notebooks."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath

from repocheck.facts.snapshot import LintDiagnostic, Snapshot, SourceUnit
from repocheck.model import MAX_EVIDENCE, Evidence, Metrics, Result
from repocheck.registry import rule
from repocheck.rules._cache import in_walk_order

#: Functions above this cyclomatic complexity count as hard to follow (radon's "C" band starts here).
COMPLEXITY_LIMIT = 10
#: Notebook code below this many lines is too little to call "all the logic lives in notebooks".
TRIVIAL_NOTEBOOK_LINES = 30
#: Decorators whose functions repeat another definition and need no docstring of their own.
STUB_DECORATORS = frozenset({"overload", "override"})
SNIPPET_CHARS = 100


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= SNIPPET_CHARS else line[: SNIPPET_CHARS - 3] + "..."


def _rated(
    good: bool,
    tolerable: bool,
    score: float,
    message: str,
    evidence: Sequence[Evidence] = (),
    metrics: Metrics | None = None,
) -> Result:
    """Pass, warn or fail by the rule's own thresholds; the score stays continuous."""
    score = round(min(1.0, max(0.0, score)), 3)
    make = Result.passed if good else Result.warned if tolerable else Result.failed
    return make(message, list(evidence), metrics, score=score)


# READ001 ------------------------------------------------------------------------------------


def _by_frequent_code(diagnostics: Sequence[LintDiagnostic]) -> list[LintDiagnostic]:
    # The most common code first: fixing it (often with --fix) removes the most findings at once.
    counts = Counter(d.code for d in diagnostics)
    return sorted(
        diagnostics, key=lambda d: (-counts[d.code], d.code, d.path, d.cell or 0, d.line or 0)
    )


@rule("READ001")
def lint_density(snapshot: Snapshot) -> Result:
    """Ruff findings per 1,000 lines with the fixed selection, most frequent codes first."""
    lint = snapshot.lint  # FactUnavailable when ruff failed: the registry reports an error
    if lint.files_checked == 0 or lint.lines_checked == 0:
        return Result.skipped("no Python code to lint")
    findings = len(lint.diagnostics)
    density = findings / lint.lines_checked * 1000
    counts = Counter(d.code for d in lint.diagnostics)
    message = (
        f"{findings} findings ({density:.1f} per 1,000 lines) with repocheck's fixed selection"
    )
    if lint.own_config_count is not None:
        message += f"; {lint.own_config_count} with the repo's own config"
    evidence = [
        Evidence(d.path, d.line, _short(f"{d.code} {d.message}"), d.cell)
        for d in _by_frequent_code(lint.diagnostics)[:MAX_EVIDENCE]
    ]
    metrics: Metrics = {
        "findings": findings,
        "density": round(density, 2),
        "lines": lint.lines_checked,
        "files": lint.files_checked,
        "own_config_findings": lint.own_config_count,
        "distinct_codes": len(counts),
        "top_codes": ", ".join(f"{code} x{n}" for code, n in counts.most_common(5)),
    }
    return _rated(density <= 5, density <= 15, 1 - density / 25, message, evidence, metrics)


# READ002 ------------------------------------------------------------------------------------


@rule("READ002")
def function_complexity(snapshot: Snapshot) -> Result:
    """Share of non-test functions whose cyclomatic complexity is over the limit."""
    functions = [f for f in snapshot.complexity if not f.is_test]
    if not functions:
        return Result.skipped("no functions outside tests")
    over = sorted(
        (f for f in functions if f.complexity > COMPLEXITY_LIMIT),
        key=lambda f: (-f.complexity, f.path, f.cell or 0, f.line),
    )
    share = len(over) / len(functions)
    evidence = [
        Evidence(f.path, f.line, _short(f"{f.name}: complexity {f.complexity}"), f.cell)
        for f in over[:5]
    ]
    message = (
        f"{len(over)} of {len(functions)} functions have a cyclomatic complexity over "
        f"{COMPLEXITY_LIMIT} ({share:.0%})"
    )
    metrics: Metrics = {
        "functions": len(functions),
        "over_10": len(over),
        "share": round(share, 3),
        "worst": max(f.complexity for f in functions),
    }
    return _rated(share <= 0.05, share <= 0.15, 1 - share / 0.15, message, evidence, metrics)


# READ003 ------------------------------------------------------------------------------------


@rule("READ003")
def consistent_formatting(snapshot: Snapshot) -> Result:
    """Share of Python files that ``ruff format`` would change."""
    formatting = snapshot.formatting
    if formatting.files_checked == 0:
        return Result.skipped("no Python files to format")
    changed = formatting.would_reformat
    share = len(changed) / formatting.files_checked
    evidence = [Evidence(path, None, "ruff format would change this file") for path in changed]
    message = (
        f"ruff format would change {len(changed)} of {formatting.files_checked} files ({share:.0%})"
    )
    metrics: Metrics = {
        "files": formatting.files_checked,
        "would_reformat": len(changed),
        "share": round(share, 3),
    }
    return _rated(share <= 0.1, share <= 0.5, 1 - share, message, evidence, metrics)


# READ004 ------------------------------------------------------------------------------------

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _is_main_guard(node: ast.If) -> bool:
    test = node.test
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)
    )


def module_level(body: Sequence[ast.stmt]) -> Iterator[Definition]:
    """Definitions at module level, also under ``if``/``try`` (not under the ``__main__`` guard)."""
    for node in body:
        if isinstance(node, Definition):
            yield node
        elif isinstance(node, ast.If) and not _is_main_guard(node):
            yield from module_level(node.body)
            yield from module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from module_level(block)
            for handler in node.handlers:
                yield from module_level(handler.body)


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


def _public_definitions(tree: ast.Module) -> Iterator[tuple[str, Definition]]:
    """(qualified name, node) of the public top-level functions, classes and their methods."""
    for node in module_level(tree.body):
        if not _needs_docstring(node):
            continue
        yield node.name, node
        if isinstance(node, ast.ClassDef):
            for method in _public_methods(node):
                yield f"{node.name}.{method.name}", method


def _public_methods(node: ast.ClassDef) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for child in node.body:
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and _needs_docstring(child):
            yield child


def _is_private_module(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return any(p.startswith("_") and not p.startswith("__") for p in parts)


def _documentable_trees(snapshot: Snapshot) -> Iterator[tuple[str, ast.Module]]:
    # Notebook cells are left out: nobody imports a notebook, so its functions are not an API.
    for unit in snapshot.parsed(tests=False):
        if unit.tree is None or unit.cell is not None or not unit.path.endswith(".py"):
            continue
        if not _is_private_module(unit.path):
            yield unit.path, unit.tree


def _length(node: Definition) -> int:
    return (node.end_lineno or node.lineno) - node.lineno + 1


@rule("READ004")
def public_docstrings(snapshot: Snapshot) -> Result:
    """Share of public functions, classes and methods in .py modules with a docstring."""
    missing: list[tuple[int, Evidence]] = []
    public = 0
    for path, tree in _documentable_trees(snapshot):
        for name, node in _public_definitions(tree):
            public += 1
            if ast.get_docstring(node):
                continue
            kind = "class" if isinstance(node, ast.ClassDef) else "def"
            snippet = f"{kind} {name} ({_length(node)} lines, no docstring)"
            missing.append((_length(node), Evidence(path, node.lineno, _short(snippet))))
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
    return _rated(share >= 0.6, share >= 0.3, share / 0.6, message, evidence, metrics)


# READ005 ------------------------------------------------------------------------------------


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
                found.append(Evidence(unit.path, line, _short(f"imports {dotted}"), unit.cell))
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
