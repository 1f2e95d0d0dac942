"""The Snapshot: every fact about one repository that rules may read, collected once."""

from __future__ import annotations

import ast
import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Generic, TypeVar

from repocheck.facts.suppressions import Suppression, find_suppressions
from repocheck.patterns import compile_on_use

N = TypeVar("N", bound=ast.AST)
T = TypeVar("T")

#: A line and its end, split as ``ast.get_source_segment`` splits (not at a form feed).
_LINE_WITH_END = compile_on_use(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class FactUnavailable(Exception):
    """A rule asked for a fact whose collector failed; the rule is reported as ``error``."""


@dataclass(frozen=True)
class FileInfo:
    """One file of the inventory. ``skipped`` says why its content was not read, if it was not."""

    path: str
    size: int
    kind: str  # "python", "notebook", "text", "binary" or "symlink"
    is_test: bool = False
    skipped: str | None = None


def breadth_first(tree: ast.AST) -> list[ast.AST]:
    """The nodes of ``tree`` in exactly ``ast.walk``'s order, about twice as fast.

    ``ast.walk`` goes through a generator per node; on a large repository that alone was the
    biggest single cost of the rules stage. Fields are read from the node's dictionary: a
    parsed node holds every field there.
    """
    found = [tree]
    append = found.append
    for node in found:  # a list iterator sees what is appended while it runs
        attributes = node.__dict__
        for name in node._fields:
            value = attributes.get(name)
            if type(value) is list:
                for item in value:
                    if isinstance(item, ast.AST):
                        append(item)
            elif isinstance(value, ast.AST):
                append(value)
    return found


def node_types_under(*kinds: type[ast.AST]) -> frozenset[type[ast.AST]]:
    """The given node types and every type derived from them."""
    found: set[type[ast.AST]] = set()
    pending = list(kinds)
    while pending:
        kind = pending.pop()
        found.add(kind)
        pending.extend(kind.__subclasses__())
    return frozenset(found)


#: Contexts and operators: the parser makes one object of each (every ``Load`` in every tree
#: is the same object), a third of a tree's nodes that no rule asks for by type.
SHARED_NODE_TYPES = node_types_under(
    ast.expr_context, ast.operator, ast.boolop, ast.cmpop, ast.unaryop
)


#: Nodes holding no node but a shared context (a third of the rest): grouped, not looked into.
_CHILDLESS = frozenset({ast.Name, ast.Constant, ast.alias})


def _grouped_by_type(tree: ast.AST) -> dict[type, list[ast.AST]]:
    """The nodes of ``tree`` by exact type, each type's in ``ast.walk`` order, the shared
    contexts and operators left out: one walk, grouping as it goes."""
    grouped: dict[type, list[ast.AST]] = {}
    pending = [tree]
    append = pending.append
    for node in pending:  # a list iterator sees what is appended while it runs
        kind = type(node)
        group = grouped.get(kind)
        if group is None:
            grouped[kind] = [node]
        else:
            group.append(node)
        if kind in _CHILDLESS:
            continue
        attributes = node.__dict__
        for name in node._fields:
            value = attributes.get(name)
            if type(value) is list:
                for item in value:
                    if type(item) not in SHARED_NODE_TYPES and isinstance(item, ast.AST):
                        append(item)
            elif type(value) not in SHARED_NODE_TYPES and isinstance(value, ast.AST):
                append(value)
    return grouped


@dataclass(frozen=True)
class SourceUnit:
    """Python source parsed once: a ``.py`` module or one notebook code cell.

    For a notebook cell, ``cell`` is the cell's 0-based index in the notebook and line numbers
    in ``tree`` count from the top of that cell.
    """

    path: str
    source: str
    tree: ast.Module | None
    error: str | None = None
    cell: int | None = None
    is_test: bool = False

    @functools.cached_property
    def nodes(self) -> tuple[ast.AST, ...]:
        """Every node of the tree in ``ast.walk`` order (the shared contexts and operators
        included)."""
        return tuple(breadth_first(self.tree)) if self.tree is not None else ()

    @functools.cached_property
    def _by_type(self) -> dict[type, list[ast.AST]]:
        return _grouped_by_type(self.tree) if self.tree is not None else {}

    def of_type(self, *kinds: type[N]) -> list[N]:
        """The nodes of the given AST classes (exact types), in walk order within each type."""
        found: list[N] = []
        for kind in kinds:
            if kind in SHARED_NODE_TYPES:
                found.extend(node for node in self.nodes if type(node) is kind)
            else:
                found.extend(self._by_type.get(kind, ()))  # type: ignore[arg-type]
        return found

    @functools.cached_property
    def _segment_lines(self) -> list[str]:
        return _LINE_WITH_END.findall(self.source)

    def segment(self, node: ast.AST) -> str | None:
        """``ast.get_source_segment(self.source, node)``, without splitting the whole source
        again on every call (character by character, as the standard library does)."""
        try:
            first, last = node.lineno - 1, node.end_lineno - 1  # type: ignore[attr-defined]
            start, end = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
        except AttributeError:
            return None
        if last is None or end is None:
            return None
        lines = self._segment_lines
        if first == last:
            return lines[first].encode()[start:end].decode()
        middle = lines[first + 1 : last]
        return "".join(
            [lines[first].encode()[start:].decode(), *middle, lines[last].encode()[:end].decode()]
        )

    @functools.cached_property
    def code_lines(self) -> int:
        """Lines that are neither blank nor only a comment (counted once: several rules ask)."""
        return sum(
            1
            for line in self.source.splitlines()
            if line.strip() and not line.lstrip().startswith("#")
        )


@dataclass(frozen=True)
class NotebookCell:
    """One cell as committed: its source, execution count and output size, and the language
    an editor marks it with (VS Code's ``metadata.vscode.languageId``), where one does."""

    index: int
    cell_type: str
    source: str
    execution_count: int | None = None
    output_bytes: int = 0
    editor_language: str | None = None


@dataclass(frozen=True)
class Notebook:
    """A parsed ``.ipynb``: its cells, or the error that kept them from being read.

    ``version`` is the nbformat major version: ruff reads only version 4. ``language`` is
    the kernel's ("python" unless the notebook names another, as an R notebook does);
    ``python2`` is true when its metadata says the kernel ran Python 2.
    """

    path: str
    cells: tuple[NotebookCell, ...] = ()
    error: str | None = None
    version: int = 4
    language: str = "python"
    python2: bool = False

    @property
    def code_cells(self) -> tuple[NotebookCell, ...]:
        """The code cells, in notebook order."""
        return tuple(cell for cell in self.cells if cell.cell_type == "code")

    @property
    def is_python(self) -> bool:
        """Whether the kernel runs Python (SageMath's is Python too)."""
        return self.language.lower().startswith(("python", "ipython", "sage"))

    @property
    def python_cells(self) -> tuple[NotebookCell, ...]:
        """The code cells that hold Python: none in an R or Julia notebook."""
        return self.code_cells if self.is_python else ()


@dataclass(frozen=True)
class Commit:
    """One commit of the history: who, when, the subject, how many parents.

    ``utc_offset`` is the author's own timezone at the time, in seconds east of UTC, so a day
    of work is counted on the author's calendar, not on UTC's.
    """

    sha: str
    author: str
    email: str
    timestamp: int
    subject: str
    parents: int = 1
    utc_offset: int = 0


#: 1980-01-01 UTC: the first day a commit's author date is taken at its word.
EARLIEST_REAL_DATE = 315_532_800
#: 9999-12-29 UTC: later dates have no day in Python's calendar.
LAST_NAMEABLE_DATE = 253_402_041_600
_CLOCK_SLACK = 86_400


@dataclass(frozen=True)
class History:
    """Git facts from one ``git log`` pass and one ``git ls-tree``.

    ``available`` is False for a directory that is not a git repository or has no commits;
    ``reason`` then says which, so history rules can ``skip`` with it. ``unknown_sizes`` are the
    files of HEAD whose blob is absent (a partial clone), so their size could not be read.
    """

    available: bool
    reason: str = ""
    head: str | None = None
    branch: str | None = None
    commits: tuple[Commit, ...] = ()
    blob_sizes: Mapping[str, int] = field(default_factory=dict)
    shallow: bool = False
    unknown_sizes: tuple[str, ...] = ()
    #: When the history was read (seconds since the epoch; 0 when unknown): a commit dated
    #: after it carries a made-up date.
    read_at: int = 0
    #: Python files a commit deleted that HEAD does not hold (a module a script may still
    #: import by its old name), sorted.
    deleted_sources: tuple[str, ...] = ()

    def dated(self, commit: Commit) -> bool:
        """Whether the commit's author date can be when the work was done: not before 1980
        (a tool's zero, 1970-01-01), not after the history was read (clocks drift a day), and
        within the calendar (git records the year 11476; Python's dates end in 9999)."""
        if not EARLIEST_REAL_DATE <= commit.timestamp < LAST_NAMEABLE_DATE:
            return False
        return not self.read_at or commit.timestamp <= self.read_at + _CLOCK_SLACK


@dataclass(frozen=True)
class LintDiagnostic:
    """One ruff finding; ``cell`` is the 0-based cell for notebooks."""

    path: str
    line: int | None
    code: str
    message: str
    cell: int | None = None
    #: 1-based character column of the start, as ruff reports it.
    column: int | None = None


@dataclass(frozen=True)
class Lint:
    """One ruff run with repocheck's fixed rule selection, one with the repo's own config."""

    selection: str
    ruff_version: str
    diagnostics: tuple[LintDiagnostic, ...]
    files_checked: int
    lines_checked: int
    own_config_count: int | None = None
    #: The oldest Python the repository declares ("3.9"), and where; None when it declares none.
    target_version: str | None = None
    target_source: str | None = None
    #: Why the repository's own config could not be used, when it has one and ruff refused it.
    own_config_error: str | None = None
    #: Files ruff crashed on even alone (code nested too deep for it): left out of the check.
    crashed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formatting:
    """The files ``ruff format`` would change, out of those checked, and by how many lines."""

    files_checked: int
    would_reformat: tuple[str, ...]
    #: Lines ruff format would change in each file it would change (a run of removed and
    #: added lines counts as the longer of the two).
    changed_lines: Mapping[str, int] = field(default_factory=dict)
    lines_checked: int = 0
    #: Set when the repo's formatter settings had to be left out.
    note: str | None = None
    #: Files ruff could not read or parse: left out of the check and of its line count.
    unreadable: tuple[str, ...] = ()
    #: Files ruff crashed on even alone (code nested too deep for it): left out likewise.
    crashed: tuple[str, ...] = ()


@dataclass(frozen=True)
class FunctionComplexity:
    """One function's cyclomatic complexity, as radon measures it."""

    path: str
    name: str
    line: int
    complexity: int
    cell: int | None = None
    is_test: bool = False


@dataclass(frozen=True)
class RepoConfig:
    """The analyzed repository's ``[tool.repocheck]`` (or ``.repocheck.toml``) settings."""

    source: str | None = None
    ignore: Mapping[str, str] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    fail_under: float | None = None
    #: The IDs of the rules to run, or None for every rule; ``selected_by`` is the selection as
    #: written (rule IDs, slugs, families), for the report to say which applied.
    select: frozenset[str] | None = None
    selected_by: tuple[str, ...] = ()
    #: gitignore-style pattern -> IDs of the rules whose evidence under it is not counted.
    per_path_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Whether ``# repocheck: ignore[...]`` comments count. A batch review that does not trust
    #: the repositories' own settings turns them off: they are those settings, in the code.
    suppression_comments: bool = True
    #: Why settings that may be there were not read (a pyproject.toml that is not TOML): the
    #: report says so among its notes.
    notes: tuple[str, ...] = ()


def not_in_last_commit(history: History, paths: Iterable[str]) -> list[str]:
    """Those of ``paths`` that HEAD's tree (as the history read it) does not hold, sorted."""
    in_head = set(history.blob_sizes) | set(history.unknown_sizes)
    return sorted({path for path in paths if path not in in_head})


#: The fields measuring complexity decides: the functions, and the notes and limits with
#: radon's among them.
MeasuredFields = tuple[tuple["FunctionComplexity", ...], tuple[str, ...], tuple[str, ...]]


class Measuring:
    """Complexity still being measured on other cores while the rules run.

    radon costs two to three times the parse; on a large repository, worker processes measure
    while this process parses, and go on measuring while it runs the rules. The snapshot's
    ``complexity``, ``notes`` and ``limits`` are then known only when they are done: the first
    reader of any of them waits for the workers (or measures what they left), once.
    """

    def __init__(self, finish: Callable[[], MeasuredFields]) -> None:
        self._finish: Callable[[], MeasuredFields] | None = finish
        self._lock = threading.Lock()

    def settle(self, snapshot: Snapshot) -> None:
        """Wait for the measurements and write them into ``snapshot``'s fields."""
        with self._lock:  # a reader on another thread waits for the first one's answer
            finish, self._finish = self._finish, None
            if finish is not None:
                complexity, notes, limits = finish()
                object.__setattr__(snapshot, "complexity", complexity)
                object.__setattr__(snapshot, "notes", notes)
                object.__setattr__(snapshot, "limits", limits)
            object.__setattr__(snapshot, "measuring", None)


class _AfterMeasuring(Generic[T]):
    """A Snapshot field whose value may wait for :class:`Measuring` to settle."""

    def __init__(self, default: T) -> None:
        self.default = default
        self.slot = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, snapshot: Snapshot | None, owner: type) -> T:
        if snapshot is None:
            return self.default  # the dataclass's default for the field
        measuring = snapshot.__dict__.get("measuring")
        if measuring is not None:
            measuring.settle(snapshot)
        value: T = snapshot.__dict__[self.slot]
        return value

    def __set__(self, snapshot: Snapshot, value: T) -> None:
        snapshot.__dict__[self.slot] = value


@dataclass(frozen=True)
class Snapshot:
    """Everything rules may read about one repository. Rules never touch the disk or git."""

    root_name: str
    files: tuple[FileInfo, ...] = ()
    texts: Mapping[str, str] = field(default_factory=dict)
    sources: tuple[SourceUnit, ...] = ()
    notebooks: Mapping[str, Notebook] = field(default_factory=dict)
    history: History = field(default_factory=lambda: History(False, "not collected"))
    complexity: _AfterMeasuring[tuple[FunctionComplexity, ...]] = _AfterMeasuring(())
    config: RepoConfig = field(default_factory=RepoConfig)
    notes: _AfterMeasuring[tuple[str, ...]] = _AfterMeasuring(())
    lint_result: Lint | None = None
    format_result: Formatting | None = None
    errors: Mapping[str, str] = field(default_factory=dict)
    #: Limits that cut the analysis (files left out, code too large or too deep to parse);
    #: each is also a note. Rules that read files say so, and the report is partial.
    limits: _AfterMeasuring[tuple[str, ...]] = _AfterMeasuring(())
    #: What was read: "work tree" (the files as they are, new ones included) or "commit".
    analyzed: str = "work tree"
    #: Analyzed files that HEAD does not hold (new, not yet committed); None outside git.
    uncommitted_files: int | None = None
    #: Set while other cores still measure complexity (:class:`Measuring`).
    measuring: Measuring | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Rules share one Snapshot; read-only views keep one rule from changing another's input.
        object.__setattr__(self, "texts", MappingProxyType(dict(self.texts)))
        object.__setattr__(self, "notebooks", MappingProxyType(dict(self.notebooks)))
        object.__setattr__(self, "errors", MappingProxyType(dict(self.errors)))

    @property
    def lint(self) -> Lint:
        """The lint facts; raises FactUnavailable when ruff failed."""
        if self.lint_result is None:
            raise FactUnavailable(self.errors.get("lint", "lint facts were not collected"))
        return self.lint_result

    @property
    def formatting(self) -> Formatting:
        """The format facts; raises FactUnavailable when ruff failed."""
        if self.format_result is None:
            raise FactUnavailable(self.errors.get("format", "format facts were not collected"))
        return self.format_result

    @functools.cached_property
    def suppressions(self) -> tuple[Suppression, ...]:
        """Every ``# repocheck: ignore[...]`` comment of the Python sources, found once."""
        return tuple(
            found
            for unit in self.sources
            for found in find_suppressions(unit.path, unit.source, unit.cell)
        )

    @functools.cached_property
    def paths(self) -> frozenset[str]:
        """Every path of the inventory (built once: analyses ask for it per import)."""
        return frozenset(info.path for info in self.files)

    def not_committed(self, paths: Iterable[str]) -> list[str]:
        """Those of ``paths`` the last commit does not hold: new files of a work tree.

        Empty without a history (nothing can be said of commits then).
        """
        return not_in_last_commit(self.history, paths) if self.history.available else []

    def parsed(self, *, tests: bool | None = None) -> Iterator[SourceUnit]:
        """Source units that parsed; ``tests`` True/False keeps only test/non-test code."""
        for unit in self.sources:
            if unit.tree is None:
                continue
            if tests is None or unit.is_test == tests:
                yield unit
