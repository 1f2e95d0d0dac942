"""Notebook rules: the logic lives in importable modules, not in notebook cells copied from
one notebook to the next (READ005), and notebooks are committed clean: run top to bottom, no
cell left unrun, no megabytes of outputs (READ006).

The two are split by what fixes them: READ005's fix is moving code into a module, READ006's
is "Restart & Run All" (or clearing outputs) before committing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from repocheck.analysis.cache import in_walk_order
from repocheck.analysis.copies import (
    Copy,
    copied_functions,
    copy_evidence,
    deliberate,
    one_notebook_twice,
)
from repocheck.analysis.imports import in_checkpoint
from repocheck.analysis.notebook_names import ran_before_later_cells, restart_lost_nothing
from repocheck.analysis.test_code import find_test_code
from repocheck.analysis.toplevel import module_level, under_main_guard
from repocheck.facts.snapshot import Notebook, NotebookCell, Snapshot, SourceUnit
from repocheck.model import Evidence, Metrics, Result, Status
from repocheck.registry import rule
from repocheck.wording import short

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
    """Code lines of each Python notebook outside tests, from all its code cells."""
    tests = {f.path for f in snapshot.files if f.is_test}
    return {
        path: sum(_code_lines(cell.source) for cell in notebook.python_cells)
        for path, notebook in snapshot.notebooks.items()
        if path not in tests
    }


def _modules(snapshot: Snapshot) -> list[SourceUnit]:
    """The .py modules that are not test code, judged by content: ``malware_test.py`` that
    holds no test and runs a sample through the model from its ``__main__`` block is code,
    though pytest would collect a file of that name."""
    test_code = find_test_code(snapshot)
    return [
        u
        for u in snapshot.sources
        if u.cell is None and u.path.endswith(".py") and not test_code.is_test_unit(u)
    ]


def defining_modules(snapshot: Snapshot) -> set[str]:
    """Paths of the .py modules (outside tests) that define a function or class."""
    return {
        unit.path
        for unit in _modules(snapshot)
        if unit.tree is not None and any(True for _ in module_level(unit.tree.body))
    }


def _guarded_definer(snapshot: Snapshot) -> str | None:
    """The first .py module (outside tests) that defines functions or classes only under its
    ``__main__`` guard, where no notebook can import them; None where none does."""
    for unit in _modules(snapshot):
        if unit.tree is not None and under_main_guard(unit.tree.body):
            return unit.path
    return None


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
    # A notebook with no code line (its cells empty or all markdown) holds none of the code
    # the share counts: naming it would point the reader at nothing.
    ranked = sorted(
        ((path, lines) for path, lines in per_notebook.items() if lines),
        key=lambda item: (-item[1], item[0]),
    )
    return [Evidence(path, None, f"{lines} code lines in notebook cells") for path, lines in ranked]


def _judge_split(
    notebook_lines: int,
    module_lines: int,
    has_modules: bool,
    evidence: list[Evidence],
    metrics: Metrics,
    guarded: str | None = None,
) -> Result:
    """The verdict when no notebook imports the project's modules. ``guarded``: a script
    that defines its functions or classes only under its ``__main__`` guard, said so, since
    "no module defines a function or class" would be false of it."""
    total = notebook_lines + module_lines
    share = notebook_lines / total
    message = f"{share:.0%} of the code lines are in notebooks ({notebook_lines} of {total})"
    if share <= 0.5:
        return Result.passed(message, evidence, metrics)
    if not has_modules and notebook_lines > TRIVIAL_NOTEBOOK_LINES:
        said = "; no module defines a function or class"
        if guarded:
            said += f" a notebook could import ({guarded} defines its own only under its __main__ guard)"
        return Result.failed(message + said, evidence, metrics)
    return Result.warned(message, evidence, metrics, score=max(0.2, 1 - share))


def _with_copies(result: Result, snapshot: Snapshot) -> Result:
    """Functions pasted from notebook to notebook lower the score and warn."""
    share = float(result.metrics.get("notebook_share", 1.0) or 0.0)
    groups = [
        group
        for group in copied_functions(snapshot)
        if not deliberate(group, share) and not one_notebook_twice(group, snapshot)
    ]
    if not groups:
        return result
    evidence = copy_evidence(groups)
    metrics = {**result.metrics, "copied_functions": len(groups)}
    message = f"{result.message}; {_copies_said(groups)}"
    if result.status is Status.FAIL:
        return Result.failed(message, [*evidence, *result.evidence], metrics)
    score = min(result.score - 0.15, 0.7)
    return Result.warned(message, [*evidence, *result.evidence], metrics, score=max(score, 0.2))


def _copies_said(groups: list[list[Copy]]) -> str:
    """How many functions were copied, and from where: a module's function pasted into one
    notebook is no copy between notebooks."""
    from_modules = sum(1 for copies in groups if copies[0].unit.cell is None)
    between = len(groups) - from_modules
    parts = []
    if from_modules:
        parts.append(f"{from_modules} function(s) copied from modules into notebooks")
    if between:
        noun = "" if from_modules else " function(s)"
        parts.append(f"{between}{noun} copy-pasted between notebooks")
    return ", ".join(parts)


@rule("READ005")
def logic_in_modules(snapshot: Snapshot) -> Result:
    """Whether the code lives in importable modules, not only in (copied) notebook cells."""
    result = _logic_in_modules(snapshot)
    return result if result.status is Status.SKIP else _with_copies(result, snapshot)


def _logic_in_modules(snapshot: Snapshot) -> Result:
    per_notebook = notebook_code_lines(snapshot)
    if not per_notebook:
        return Result.skipped("no notebooks")
    notebook_lines = sum(per_notebook.values())
    if notebook_lines == 0:
        unread = _unread_notebooks(snapshot)
        return Result.skipped(_unread_message(unread) if unread else "the notebooks hold no code")
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
    guarded = None if defining else _guarded_definer(snapshot)
    return _judge_split(notebook_lines, module_lines, bool(defining), evidence, metrics, guarded)


# READ006: notebooks committed clean ---------------------------------------------------------

#: Outputs above this many bytes in one notebook make every diff and clone heavy.
MAX_OUTPUT_BYTES = 1_000_000
_PENALTIES = {"out_of_order": 0.4, "unexecuted": 0.2, "big_outputs": 0.4}


def _count(cell: NotebookCell) -> int | None:
    """A cell's execution count, None for a cell never run: Jupyter counts from 1, and tools
    that clear notebooks may leave 0 where they remove the count."""
    count = cell.execution_count
    return count if count else None


def _out_of_order(notebook: Notebook, trees: Mapping[int, ast.Module | None]) -> Evidence | None:
    """The first executed code cell whose count is not above every count before it. Cells
    that run nothing (empty, or only comments) are left out: when they ran changes nothing
    (Colab leaves a cell split off empty with the count of the one it came from). A fresh
    kernel ([1]) after which the cells read nothing that only the cells above bind starts the
    count again: the restart lost nothing they need."""
    counts = {_count(cell) for cell in notebook.code_cells} - {None}
    if len(counts) == 1:
        # Every cell holding one count is a tool's rewrite (a runner, an export), not a
        # record of the order the cells ran in.
        return None
    highest = 0
    only_shell = True  # every cell that ran above holds only shell commands
    for cell in notebook.code_cells:
        count = _count(cell)
        if count is None or not _runs_something(cell.source):
            continue
        if count == 1 and (only_shell or _lost_nothing(notebook, cell, trees)):
            # A fresh kernel after set-up cells of shell commands (Colab: install, restart
            # the runtime, run the rest), or before cells that bind again all they read
            # (Kaggle's switch to a GPU): the restart lost nothing the cells below need.
            highest = 0
        if count <= highest:
            note = f"ran as [{count}] after a cell above ran as [{highest}]: run out of order"
            return Evidence(notebook.path, None, note, cell.index)
        highest = count
        only_shell = only_shell and _only_shell(cell.source)
    return None


def _lost_nothing(
    notebook: Notebook, fresh: NotebookCell, trees: Mapping[int, ast.Module | None]
) -> bool:
    """Whether the cells run from ``fresh`` (counted [1]) on read no name that only the cells
    run above it bind."""
    ran = [cell for cell in notebook.code_cells if _count(cell) is not None]
    above = [cell for cell in ran if cell.index < fresh.index]
    below = [cell for cell in ran if cell.index >= fresh.index]
    return restart_lost_nothing(above, below, trees)


def _only_shell(source: str) -> bool:
    """Whether a cell runs nothing but shell commands (``!pip install``, ``%pip``, ``!git
    clone``): what they make is on disk, so a kernel restart after them loses none of it."""
    lines = [line.strip() for line in source.splitlines()]
    code = [line for line in lines if line and not line.startswith("#")]
    return bool(code) and all(line.startswith(("!", "%pip ", "%conda ")) for line in code)


def _runs_something(source: str) -> bool:
    """Whether running the cell could change anything: a cell of comments ("# DONE") cannot,
    so leaving it unrun leaves the notebook as clean as an empty cell does."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in source.splitlines())


def _only_strings(tree: ast.Module | None) -> bool:
    """Whether a cell holds nothing but bare strings (a header naming the author and source):
    running it defines nothing, so leaving it unrun leaves the notebook as clean as a cell of
    comments does."""
    return (
        tree is not None
        and bool(tree.body)
        and all(
            isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
            for statement in tree.body
        )
    )


def _never_ran(cell: NotebookCell) -> bool:
    """No count and no outputs: a cell with outputs ran, though Colab saves the cells of an
    earlier session without their count."""
    return _count(cell) is None and not cell.output_bytes


def _unexecuted(
    notebook: Notebook, trees: Mapping[int, ast.Module | None]
) -> tuple[int, Evidence | None]:
    """Code cells with code that never ran, in a notebook where others ran. A cell above
    one with outputs and no count may have run in that earlier session without printing
    anything (an import, an assignment): Colab saved that session's cells without counts,
    and the session ran past it."""
    cells = [
        cell
        for cell in notebook.code_cells
        if _runs_something(cell.source) and not _only_strings(trees.get(cell.index))
    ]
    if all(_count(cell) is None for cell in cells):
        return 0, None  # outputs cleared on purpose (nbstripout): clean
    uncounted_runs = [cell.index for cell in cells if _count(cell) is None and cell.output_bytes]
    reached = max([*uncounted_runs, *_colab_silent_reach(cells)], default=-1)
    filled = _filled_gaps(notebook)
    idle = [
        cell
        for cell in cells
        if _never_ran(cell) and cell.index > reached and cell.index not in filled
    ]
    if idle:
        # A cell whose names a counted cell below reads ran; its count was cleared with its
        # output.
        ran = ran_before_later_cells(notebook.code_cells, idle, trees)
        idle = [cell for cell in idle if cell.index not in ran]
    if not idle:
        return 0, None
    note = f"never run, while other cells were ({len(idle)} such cell(s) in this notebook)"
    return len(idle), Evidence(notebook.path, None, note, idle[0].index)


def _filled_gaps(notebook: Notebook) -> set[int]:
    """The uncounted cells that fill a gap in the counts exactly: n cells with no count
    between one counted [k] (or the top) and the next counted [k + n + 1] ran as [k + 1] to
    [k + n]. An editor that rewrites a cell after the run (an import optimiser, a formatter)
    drops its count and keeps the others. A gap wider or narrower than the cells in it says
    nothing of which ran."""
    filled: set[int] = set()
    previous, pending = 0, []
    for cell in notebook.code_cells:
        count = _count(cell)
        if count is None:
            if _runs_something(cell.source):
                pending.append(cell.index)
            continue
        if pending and count - previous - 1 == len(pending):
            filled.update(pending)
        previous, pending = count, []
    return filled


def _colab_silent_reach(cells: list[NotebookCell]) -> list[int]:
    """The last counted cell, in a notebook saved the way Colab's older versions saved: a
    count only on the cells that printed something, and 0 (a count Jupyter never gives, as it
    counts from 1) on the silent ones. Such a silent cell above a counted one ran in the session
    that reached it; where any counted cell printed nothing, counts were kept for silent cells
    too, and a 0 there says nothing ran."""
    counted = [cell for cell in cells if _count(cell) is not None]
    zeroed = any(cell.execution_count == 0 and not cell.output_bytes for cell in cells)
    if not counted or not zeroed or any(not cell.output_bytes for cell in counted):
        return []
    return [counted[-1].index]


def _big_outputs(notebook: Notebook) -> tuple[int, Evidence | None]:
    total = sum(cell.output_bytes for cell in notebook.cells)
    if total <= MAX_OUTPUT_BYTES:
        return total, None
    largest = max(notebook.cells, key=lambda cell: cell.output_bytes)
    note = f"{total / 1e6:.1f} MB of outputs; this cell holds {largest.output_bytes / 1e6:.1f} MB"
    return total, Evidence(notebook.path, None, note, largest.index)


@dataclass(frozen=True)
class _Hygiene:
    """What is unclean about one notebook."""

    notebook: Notebook
    findings: dict[str, Evidence]
    unexecuted: int
    output_bytes: int

    @property
    def score(self) -> float:
        """1 for a clean notebook, less for each kind of finding."""
        return max(0.0, 1 - sum(_PENALTIES[kind] for kind in self.findings))


def _hygiene(notebook: Notebook, trees: Mapping[int, ast.Module | None]) -> _Hygiene:
    findings: dict[str, Evidence] = {}
    order = _out_of_order(notebook, trees)
    unexecuted, idle = _unexecuted(notebook, trees)
    output_bytes, big = _big_outputs(notebook)
    for kind, evidence in (("out_of_order", order), ("unexecuted", idle), ("big_outputs", big)):
        if evidence is not None:
            findings[kind] = evidence
    return _Hygiene(notebook, findings, unexecuted, output_bytes)


def _committed_notebooks(snapshot: Snapshot) -> list[Notebook]:
    tests = {info.path for info in snapshot.files if info.is_test}
    return [
        notebook
        for path, notebook in sorted(snapshot.notebooks.items())
        if path not in tests and not in_checkpoint(path) and notebook.error is None
    ]


def _unread_notebooks(snapshot: Snapshot) -> list[Notebook]:
    """Notebooks outside tests and checkpoints whose JSON could not be read (a merge's
    conflict markers left in, a truncated upload): neither empty nor absent."""
    tests = {info.path for info in snapshot.files if info.is_test}
    return [
        notebook
        for path, notebook in sorted(snapshot.notebooks.items())
        if path not in tests and not in_checkpoint(path) and notebook.error is not None
    ]


def _unread_message(unread: list[Notebook]) -> str:
    first = unread[0]
    more = f" and {len(unread) - 1} more" if len(unread) > 1 else ""
    return f"no notebook could be read: {first.path} ({first.error}){more}"


def _hygiene_message(unclean: list[_Hygiene], total: int) -> str:
    counts = {kind: sum(kind in h.findings for h in unclean) for kind in _PENALTIES}
    parts = []
    if counts["out_of_order"]:
        parts.append(f"{counts['out_of_order']} run out of order")
    if counts["unexecuted"]:
        parts.append(f"{sum(h.unexecuted for h in unclean)} code cell(s) never run")
    if counts["big_outputs"]:
        parts.append(f"{counts['big_outputs']} with over 1 MB of outputs")
    return f"{len(unclean)} of {total} notebook(s) not committed clean: {', '.join(parts)}"


def _hygiene_metrics(checked: list[_Hygiene]) -> Metrics:
    return {
        "notebooks": len(checked),
        "out_of_order": sum("out_of_order" in h.findings for h in checked),
        "unexecuted_cells": sum(h.unexecuted for h in checked),
        "largest_output_bytes": max(h.output_bytes for h in checked),
    }


@rule("READ006")
def notebooks_committed_clean(snapshot: Snapshot) -> Result:
    """Notebooks run top to bottom, every code cell run, outputs small."""
    notebooks = _committed_notebooks(snapshot)
    if not notebooks:
        unread = _unread_notebooks(snapshot)
        return Result.skipped(_unread_message(unread) if unread else "no notebooks")
    trees: dict[str, dict[int, ast.Module | None]] = {}
    for unit in snapshot.sources:
        if unit.cell is not None:
            trees.setdefault(unit.path, {})[unit.cell] = unit.tree
    checked = [_hygiene(notebook, trees.get(notebook.path, {})) for notebook in notebooks]
    unclean = [h for h in checked if h.findings]
    metrics = _hygiene_metrics(checked)
    if not unclean:
        return Result.passed(f"{len(checked)} notebook(s) committed clean", [], metrics)
    evidence = [e for h in unclean for e in h.findings.values()]
    score = sum(h.score for h in checked) / len(checked)
    message = _hygiene_message(unclean, len(checked))
    return Result.warned(message, evidence, metrics, score=round(max(score, 0.2), 3))
