"""ruff's findings read in the repository's own context: the ones a reviewer would sign.

ruff sees one file at a time and knows nothing of a project's conventions. These kinds of
finding are set aside, each for a reason a reviewer would give: imports a reviewer would
keep where they are (``lint_imports.py``), findings in notebooks (``lint_notebooks.py``), and
here:

- matters of style rather than defects: the modern spellings pyupgrade suggests (UP:
  ``List[int]``, ``"%d" % n``, ``super(Model, self)`` read as well as their replacements and
  may be what the supported Pythons need), ``f = lambda x: ...`` (E731), a variable named
  ``l`` (E741), ``0 == x`` (SIM300), ``True if ok else False`` (SIM210), ``key in d.keys()``
  (SIM118: the same answer as ``key in d``), an ``if``/``else`` that assigns in both
  branches where ruff would write a ternary (SIM108: taste, and the explicit form often
  reads better), and in a notebook an import below a cell's setup line
  (E402: ``warnings.filterwarnings("ignore")`` before the imports is a notebook idiom),
  statements joined by a semicolon (E702: ``plt.xlabel("x"); plt.ylabel("y")`` labels a
  plot in one line of a cell) or a line ending in one (E703: ``plt.hist(x);`` hides the
  returned object's text on a cell's last line, and is written on every plotting line);
- findings that depend on the Python version (``zip(strict=)``) when the repository declares
  none: it is right for code that still runs on 3.9, and nothing says this code does not;
  so are syntax errors on a line that uses ``async`` or ``await`` as a name
  (``x.cuda(async=True)``, PyTorch 0.4 on Python 3.6, before they became keywords);
- in a ``.py`` file saved from a notebook cell, the further syntax errors ruff reports on one
  IPython line (``!pip install torch numpy tqdm`` is one error per word to ruff): the line
  counts once, as the mistake it is, and not once per word; likewise in a notebook cell, the
  syntax errors ruff reports on each next line of one broken statement (a dict written with
  ``=`` over six lines is six errors to its parser, recovering line by line); and in a
  notebook cell of prose (a README's headings and bullets typed into a code cell), each
  line's syntax error after the first: the mistake is the cell's type;
- syntax errors in a project that declares Python 2 and no Python 3 (its CI runs 2.7 only):
  ``print 'done'`` is Python 2, which ruff cannot read, not a mistake in it;
- "undefined name", "syntax error in forward annotation" and "remove quotes" inside jaxtyping
  or torchtyping shape strings (``Float[Tensor, "b c h w"]``): those are dimensions, not Python;
- names used from a star import (F405): ruff reports the import itself (F403) and then every
  name the file takes from it, so one ``from manim import *`` at the top of a scene counted
  hundreds of times; the import is the one decision to review;
- a loop variable read in a lambda that the call it is passed to runs at once (B023 on
  ``df["genres"].apply(lambda g: genre in g)`` inside ``for genre in genres``): the lambda
  sees the value of its own iteration; the bug ruff warns of needs the function to outlive it.
  The same for a function defined in the loop and read only as such an argument
  (``def run_model(...)`` then ``client.evaluate(run_model, ...)``, LangSmith's run at once),
  and for one only ever called by name in the scope that defines it (``def flush_pair()`` in
  a loop over a diff's lines, then ``flush_pair()`` in the loop and after it), or a lambda
  bound to a name and only called by it (``f = lambda k: np.median(d[k][m])`` then
  ``f("cov")`` in the same iteration): each call reads the variables as they are then, as
  the same lines written in place would;
- a loop that sets an attribute (B020 on ``for self.epoch in range(self.n_epoch)``): ruff
  takes the ``self`` under the attribute for the loop's variable, but only ``self.epoch`` is
  set, and the iterable is read once, before the loop; a loop that rebinds a name its
  iterable reads (``for items in items``) still counts;
- a loop variable read after the loop (B007 on ``for index, batch in enumerate(loader)``
  followed by ``total / (index + 1)``): ruff reads only the loop's body, and renaming the
  variable ``_index`` as it advises would break the line after the loop (ruff's issue 4599);
  the same for a notebook cell's top-level loop read by a later cell (``for images, labels in
  dataloader: break``, then ``images.shape`` in the next cell), unless a cell binds it again;
- a file opened into an attribute (SIM115 on ``self._fh = open(self.path, "rb")``): the
  object keeps the handle and reads it on later calls (a dataset reading lines by offset in
  each ``__getitem__``), so a ``with`` block would close it too early; a handle opened into a
  local name still counts;
- an undefined name inside a function where the module binds that name at its top level and
  later deletes it there (``model = load(...)``, ``def run(): model(x)``, ``run()``, then a
  clean-up cell's ``del model``): ruff reads the function's body at the end of the module,
  after the ``del``, while the function ran before it;
- an ``__all__`` bound to a dict whose keys are all strings (PLE0605 on OpenPCDet's
  ``__all__ = {'PointPillar': PointPillar, ...}``, read as ``__all__[cfg.NAME]``): a registry
  of classes by name, and ``import *`` reads a dict's keys, so the module still exports
  exactly those names; a set or any other display still counts;
- a comparison with True, False or None that runs element by element on an array (E712, E711:
  ``np.ma.masked_where(mask == False, mask)``, ``volume[:, :, 65] == False``,
  ``df[df.done == False]``, ``(a == None) | b``): ``not mask`` would raise on an array and
  ``is None`` would test the array itself, so the advice would break the code.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import programs
from repocheck.analysis.lfs_pointers import is_lfs_pointer
from repocheck.analysis.lint_imports import ImportReading, char_column
from repocheck.analysis.lint_notebooks import UNDEFINED_NAME, NotebookReading
from repocheck.analysis.ml_names import rebound_names
from repocheck.analysis.spans import contains
from repocheck.facts.python import IPYTHON_LINE
from repocheck.facts.python_target import declared_python2
from repocheck.facts.snapshot import LintDiagnostic, Snapshot, SourceUnit, breadth_first
from repocheck.patterns import compile_on_use

#: Libraries whose subscripted types take shape strings.
SHAPE_LIBRARIES = frozenset({"jaxtyping", "torchtyping"})
#: Undefined name, syntax error in forward annotation, and "remove quotes from annotation".
SHAPE_CODES = frozenset({"F722", "F821", "UP037"})
SHAPES = "jaxtyping shape strings read as Python"
DELETED_LATER = "undefined names in a function of a global deleted later (del at the top level)"
UNEVALUATED = (
    "undefined names in annotations Python never evaluates, of a name the function imports itself"
)
ONE_IPYTHON_LINE = "further syntax errors ruff reports on one IPython line (!pip install a b)"
ONE_BROKEN_STATEMENT = (
    "further syntax errors of one broken statement in a notebook cell (ruff reports each line)"
)
ONE_PROSE_CELL = "further syntax errors of prose in a code cell (Markdown typed as code)"
PYTHON2 = "syntax errors in Python 2 code ruff cannot read, in a project that declares Python 2"
STYLE = "matters of style (pyupgrade's spellings, lambda assignments, names like 'l')"
#: Style codes besides pyupgrade's UP.
STYLE_CODES = frozenset({"E731", "E741", "SIM108", "SIM118", "SIM210", "SIM300"})
#: Style only inside a notebook cell, where they are idioms; a script's still count.
NOTEBOOK_STYLE_CODES = frozenset({"E402", "E702", "E703"})
RUN_AT_ONCE = "late-binding warnings (B023) on lambdas a call runs at once"
CALLED_IN_PLACE = "late-binding warnings (B023) on functions only called in place"
ATTRIBUTE_LOOP = "loops that set an attribute (B020 on for self.i in range(self.n))"
KEPT_OPEN = "files an object keeps open (SIM115 on self.f = open(...))"
READ_AFTER_LOOP = "unused loop variables (B007) read after the loop"
REGISTRY = "dict `__all__` registries (names to classes; import * reads the keys)"
#: Nodes that open a scope of their own: a call inside one may run after its loop ends.
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
#: Methods that call the function they are given before they return: pandas' apply, map and
#: agg, list.sort's key (ruff itself lets sorted's, min's and max's pass).
_EAGER_METHODS = frozenset(
    {
        "apply",
        "applymap",
        "map",
        "transform",
        "agg",
        "aggregate",
        "pipe",
        "sort",
        "sort_values",
        "sort_index",
        "groupby",
        "where",
        "mask",
        # LangSmith's client.evaluate(target, data=...) runs the target on every example.
        "evaluate",
    }
)
ELEMENTWISE = (
    "comparisons with True, False or None made element by element on arrays (E712/E711: "
    "`not x` or `is None` would break them)"
)
#: ruff's comparisons with a singleton: ``x == False`` (E712), ``x == None`` (E711).
_SINGLETON_CODES = frozenset({"E711", "E712"})
#: Libraries whose functions take boolean arrays: a comparison passed to one is elementwise.
_ARRAY_LIBRARIES = frozenset({"numpy", "pandas", "torch", "tensorflow", "jax", "cupy"})
UNDECLARED = "findings that depend on the Python version (the repository declares none)"
#: ruff's codes for a file it cannot parse.
_SYNTAX_CODES = frozenset({"invalid-syntax", "syntax-error", "E999"})
LFS_POINTER = "files kept in Git LFS (the clone holds their pointers, not their code)"
STAR_NAMES = "names used from a star import (F403 counts the import once)"
#: zip(strict=) exists from 3.10, itertools.batched(strict=) from 3.13.
VERSION_DEPENDENT = frozenset({"B905", "B911"})
#: ``async`` or ``await`` read as a name (``x.cuda(async=True)``, ``loader.async``): valid
#: before Python 3.7 made them keywords. No ``\s*`` before a choice that could match space.
_ASYNC_AS_NAME = compile_on_use(r"\.(?:async|await)\b|\b(?:async|await)\s*(?:=(?!=)|[),\]])")

Span = tuple[int, int, int, int]  # line, character column, end line, end character column


@dataclass(frozen=True)
class LintReading:
    """The findings that count, and how many of each kind were set aside."""

    scored: tuple[LintDiagnostic, ...]
    set_aside: Mapping[str, int]


def _span(node: ast.expr | ast.stmt, lines: list[str]) -> Span:
    end_line = node.end_lineno or node.lineno
    start_text = lines[node.lineno - 1] if node.lineno <= len(lines) else ""
    end_text = lines[end_line - 1] if end_line <= len(lines) else ""
    return (
        node.lineno,
        char_column(start_text, node.col_offset),
        end_line,
        char_column(end_text, node.end_col_offset or 0),
    )


ShapeNames = tuple[frozenset[str], frozenset[str]]


def _shape_library_names(units: Iterable[SourceUnit]) -> ShapeNames:
    """(names imported from a shape library, names the libraries themselves are bound to),
    over all of a file's units: a notebook imports in one cell and annotates in another."""
    types: set[str] = set()
    modules: set[str] = set()
    for unit in units:
        _add_shape_library_names(unit, types, modules)
    return frozenset(types), frozenset(modules)


def _add_shape_library_names(unit: SourceUnit, types: set[str], modules: set[str]) -> None:
    for node in unit.of_type(ast.ImportFrom):
        if node.level == 0 and (node.module or "").split(".")[0] in SHAPE_LIBRARIES:
            types.update(alias.asname or alias.name for alias in node.names)
    for imported in unit.of_type(ast.Import):
        for alias in imported.names:
            if alias.name.split(".")[0] in SHAPE_LIBRARIES:
                modules.add(alias.asname or alias.name.split(".")[0])


@per_object
def _shape_strings(unit: SourceUnit, names: ShapeNames) -> list[Span]:
    """Where the string arguments of jaxtyping-style subscripts sit in ``unit``."""
    types, modules = names
    if not types and not modules:
        return []
    lines = unit.source.split("\n")  # as ast counts lines: a form feed does not end one
    spans = []
    for node in unit.of_type(ast.Subscript):
        base = node.value
        if not (
            (isinstance(base, ast.Name) and base.id in types)
            or (
                isinstance(base, ast.Attribute)
                and isinstance(base.value, ast.Name)
                and base.value.id in modules
            )
        ):
            continue
        for inner in breadth_first(node.slice):
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                spans.append(_span(inner, lines))
    return spans


def _inside(diagnostic: LintDiagnostic, span: Span) -> bool:
    line, column = diagnostic.line or 0, (diagnostic.column or 1) - 1
    start_line, start_col, end_line, end_col = span
    if not start_line <= line <= end_line:
        return False
    after_start = line > start_line or column >= start_col
    before_end = line < end_line or column <= end_col
    return after_start and before_end


def _units_by_place(snapshot: Snapshot) -> dict[tuple[str, int | None], SourceUnit]:
    return {(unit.path, unit.cell): unit for unit in snapshot.parsed()}


def _why_set_aside(
    diagnostic: LintDiagnostic,
    unit: SourceUnit | None,
    declared: bool,
    shape_names: ShapeNames,
    imports: ImportReading,
    cells: Sequence[SourceUnit] = (),
) -> str | None:
    wanted = unit is not None and diagnostic.code in SHAPE_CODES
    shapes = _shape_strings(unit, shape_names) if unit and wanted else []
    if any(_inside(diagnostic, span) for span in shapes):
        return SHAPES
    code = diagnostic.code
    if code == "F405":
        return STAR_NAMES
    if (
        code.startswith("UP")
        or code in STYLE_CODES
        or (code in NOTEBOOK_STYLE_CODES and diagnostic.cell is not None)
    ):
        return STYLE
    if code in VERSION_DEPENDENT and not declared:
        return UNDECLARED
    if unit is None:
        return None
    if code == "B023" and any(_inside(diagnostic, span) for span in _eager_lambdas(unit)):
        return RUN_AT_ONCE
    if code == "B023" and _in_place(diagnostic, unit):
        return CALLED_IN_PLACE
    if code == "B020" and (diagnostic.line or 0) in _attribute_loops(unit):
        return ATTRIBUTE_LOOP
    if code == "B007" and (
        _read_after_loop(diagnostic, unit) or _read_in_a_later_cell(diagnostic, unit, cells)
    ):
        return READ_AFTER_LOOP
    if code == "SIM115" and (diagnostic.line or 0) in _kept_opens(unit):
        return KEPT_OPEN
    if code == "PLE0605" and (diagnostic.line or 0) in _registry_alls(unit):
        return REGISTRY
    return imports.reason(diagnostic, unit)


@per_object
def _eager_lambdas(unit: SourceUnit) -> list[Span]:
    """Where the lambdas and functions sit that are passed to a call that runs them before it
    returns."""
    lines = unit.source.split("\n")
    spans = []
    eager_reads: set[int] = set()
    for call in unit.of_type(ast.Call):
        if not (isinstance(call.func, ast.Attribute) and call.func.attr in _EAGER_METHODS):
            continue
        given = [*call.args, *(item.value for item in call.keywords)]
        spans += [_span(arg, lines) for arg in given if isinstance(arg, ast.Lambda)]
        eager_reads.update(id(arg) for arg in given if isinstance(arg, ast.Name))
    # A function defined by name and only ever read as such an argument runs at once too;
    # one read anywhere else (kept in a list, returned) may outlive its iteration.
    reads = _loads_by_name(unit)
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef]
    functions = unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
    for function in functions:
        found = reads.get(function.name, [])
        if found and all(id(name) in eager_reads for name in found):
            spans.append(_span(function, lines))
    return spans


@per_object
def _loads_by_name(unit: SourceUnit) -> dict[str, list[ast.Name]]:
    """The unit's reads of each name, in walk order (asked only of a unit with a B023 or a
    B007)."""
    reads: dict[str, list[ast.Name]] = {}
    for name in unit.of_type(ast.Name):
        if isinstance(name.ctx, ast.Load):
            reads.setdefault(name.id, []).append(name)
    return reads


def _in_place(diagnostic: LintDiagnostic, unit: SourceUnit) -> bool:
    """Whether the innermost function or lambda around a finding is one only called in place
    (a closure nested in such a function is judged on its own)."""
    in_place, scopes = _called_in_place(unit)
    around = [span for span in scopes if _inside(diagnostic, span)]
    return bool(around) and max(around) in in_place


@per_object
def _called_in_place(unit: SourceUnit) -> tuple[frozenset[Span], list[Span]]:
    """The spans of the functions (and lambdas bound to a name) read only as the callee of a
    direct call made in the scope that defines them (``def flush_pair(): ...`` then
    ``flush_pair()`` in the loop and after it), and of every function and lambda: each such
    call reads the loop's variables as they are then, as the same lines written in place
    would; none outlives its iteration. Asked only of a unit with a B023."""
    if unit.tree is None:
        return frozenset(), []
    lines = unit.source.split("\n")
    scope_of: dict[int, int] = {}  # a read name's or a function's innermost enclosing scope
    binds: dict[int, set[str]] = {}  # the names each scope binds: its locals
    shared: set[tuple[int, str]] = set()  # a scope's global and nonlocal names: not its own
    callees: set[int] = set()
    scopes: list[Span] = []
    stack: list[tuple[ast.AST, int]] = [(unit.tree, id(unit.tree))]
    while stack:  # one pass over the tree, keeping each node's innermost function or lambda
        node, scope = stack.pop()
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            callees.add(id(node.func))
        if isinstance(node, (ast.Name, ast.FunctionDef, ast.AsyncFunctionDef)):
            scope_of[id(node)] = scope
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            binds.setdefault(scope, set()).add(node.id)
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            shared.update((scope, name) for name in node.names)
        inner = scope
        if isinstance(node, _SCOPES):
            inner = id(node)
            scopes.append(_span(node, lines))
            binds.setdefault(inner, set()).update(
                a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)
            )
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    reads = _loads_by_name(unit)
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef]
    functions = unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
    # A lambda bound to a name (``f = lambda k: np.median(d[k][m])``) is a function defined
    # under that name: the same if only called by it, in the scope that binds it.
    named = [
        (assign.targets[0], assign.value)
        for assign in unit.of_type(ast.Assign)
        if len(assign.targets) == 1
        and isinstance(assign.targets[0], ast.Name)
        and isinstance(assign.value, ast.Lambda)
    ]
    defined: list[tuple[str, ast.AST, ast.expr | ast.stmt]] = [(f.name, f, f) for f in functions]
    defined += [(target.id, target, value) for target, value in named]

    def theirs(read: ast.Name, scope: int | None) -> bool:
        # A read in another function that binds the name itself (``f = shape2(m)`` then
        # ``f[k]``) is of that function's own local, not of this binding.
        own = scope_of.get(id(read), 0)
        return own == scope or read.id not in binds.get(own, set()) or (own, read.id) in shared

    in_place = frozenset(
        _span(node, lines)
        for name, binding, node in defined
        if (found := [r for r in reads.get(name, []) if theirs(r, scope_of.get(id(binding)))])
        and all(
            id(read) in callees and scope_of.get(id(read)) == scope_of.get(id(binding))
            for read in found
        )
    )
    return in_place, scopes


_Loop = ast.For | ast.AsyncFor


def _b007_loops(
    diagnostic: LintDiagnostic, unit: SourceUnit
) -> tuple[str, list[_Loop], list[_Loop]] | None:
    """The loop variable a B007 diagnostic names, the loops around its line that bind it,
    and every loop of the unit; None where the message names none or no loop binds it."""
    parts = diagnostic.message.split("`")
    if len(parts) < 3:
        return None
    name, line = parts[1], diagnostic.line or 0
    every: list[_Loop] = unit.of_type(ast.For, ast.AsyncFor)
    loops = [
        loop
        for loop in every
        if loop.lineno <= line <= (loop.end_lineno or loop.lineno)
        and name in rebound_names(loop.target)
    ]
    return (name, loops, every) if loops else None


@per_object
def _read_after_loop(diagnostic: LintDiagnostic, unit: SourceUnit) -> bool:
    """The loop variable B007 names is read after the loop's body, in the scope of the loop
    (``for index, batch in enumerate(loader): ...`` then ``total / (index + 1)``): ruff reads
    only the body, and its advice, renaming it ``_index``, would break the later read."""
    found = _b007_loops(diagnostic, unit)
    if found is None:
        return False
    name, loops, every = found
    loop = max(loops, key=lambda found: found.lineno)  # the innermost
    body_end = loop.body[-1].end_lineno or loop.lineno
    loop_end = loop.end_lineno or body_end
    # A loop inside another over the same name (``for i in range(3)`` inside ``for i, t in
    # enumerate(timesteps)``) clobbers the outer variable: the later read is that bug.
    outer = [other for other in every if other is not loop and contains(other, loop)]
    if any(name in rebound_names(other.target) for other in outer):
        return False
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef]
    functions = unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
    around = [f for f in functions if f.lineno < loop.lineno and loop_end <= (f.end_lineno or 0)]
    scope_end = max(around, key=lambda f: f.lineno).end_lineno if around else None
    last = scope_end or unit.source.count("\n") + 1
    reads = [read for read in _loads_by_name(unit).get(name, []) if body_end < read.lineno <= last]
    # A read after the name is bound again (``images = torch.randn(...)`` further down a
    # tutorial, another loop over ``epoch``) reads the new value, not the loop's. A later
    # loop binds its target after its iterable is read, as its body starts.
    bound_at = {
        id(target): (other.body[0].lineno, other.body[0].col_offset)
        for other in every
        for target in ast.walk(other.target)
        if isinstance(target, ast.Name)
    }
    stores = [
        bound_at.get(id(node), (node.lineno, node.col_offset))
        for node in unit.of_type(ast.Name)
        if node.id == name and not isinstance(node.ctx, ast.Load) and body_end < node.lineno
    ]
    reads = [r for r in reads if not any(at <= (r.lineno, r.col_offset) for at in stores)]
    if not reads:
        return False
    # A comprehension or a function that binds the name itself reads its own variable
    # (``{pn: p for pn, p in self.named_parameters()}`` after ``for pn, p in ...``).
    own = [_span(node, unit.source.split("\n")) for node in _binding_scopes(unit, name)]
    return any(not any(_at(read, span) for span in own) for read in reads)


def _read_in_a_later_cell(
    diagnostic: LintDiagnostic, unit: SourceUnit, cells: Sequence[SourceUnit]
) -> bool:
    """The loop variable B007 names is bound by a loop at a notebook cell's top level, the
    rest of the cell leaves it alone, and the first later cell to touch it reads it before
    binding it again (``for images, labels in dataloader: break``, then ``images.shape``)."""
    found = _b007_loops(diagnostic, unit) if unit.cell is not None and cells else None
    if found is None:
        return False
    name, loops, _ = found
    loop = min(loops, key=lambda found: found.lineno)  # the outermost
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef]
    functions = unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
    if any(contains(function, loop) for function in functions):
        return False
    end = loop.end_lineno or loop.lineno
    if any(
        node.id == name and not isinstance(node.ctx, ast.Load) and node.lineno > end
        for node in unit.of_type(ast.Name)
    ):
        return False
    later = sorted(
        (c for c in cells if c.cell is not None and c.cell > (unit.cell or 0)), key=_cell
    )
    for cell in later:
        touches = [node for node in cell.of_type(ast.Name) if node.id == name]
        if not touches:
            continue
        own = [_span(node, cell.source.split("\n")) for node in _binding_scopes(cell, name)]
        first = min(touches, key=lambda node: (node.lineno, node.col_offset))
        return isinstance(first.ctx, ast.Load) and not any(_at(first, span) for span in own)
    return False


def _cell(unit: SourceUnit) -> int:
    return unit.cell or 0


def _binding_scopes(unit: SourceUnit, name: str) -> list[ast.expr | ast.stmt]:
    """The comprehensions, lambdas and functions of ``unit`` that bind ``name`` themselves."""
    found: list[ast.expr | ast.stmt] = []
    comprehensions: list[ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp]
    comprehensions = unit.of_type(ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
    for node in comprehensions:
        if any(name in rebound_names(each.target) for each in node.generators):
            found.append(node)
    scopes: list[ast.Lambda | ast.FunctionDef | ast.AsyncFunctionDef]
    scopes = unit.of_type(ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef)
    for scope in scopes:
        arguments = scope.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every += [arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None]
        if any(arg.arg == name for arg in every):
            found.append(scope)
    return found


def _at(read: ast.Name, span: Span) -> bool:
    start_line, _, end_line, _ = span
    return start_line <= read.lineno <= end_line


def _attribute_loops(unit: SourceUnit) -> frozenset[int]:
    """Lines of ``for`` loops whose target binds nothing the iterable reads: ``for self.epoch
    in range(self.n_epoch)`` sets an attribute of ``self`` and leaves ``self`` as it was
    (``for self.items in self.items`` would override it)."""
    lines = set()
    loops: list[ast.For | ast.AsyncFor] = unit.of_type(ast.For, ast.AsyncFor)
    for loop in loops:
        bound = set(rebound_names(loop.target))
        parts = {ast.unparse(node) for node in ast.walk(loop.target) if isinstance(node, _SET)}
        read = {node.id for node in ast.walk(loop.iter) if isinstance(node, ast.Name)}
        read |= {ast.unparse(node) for node in ast.walk(loop.iter) if isinstance(node, _SET)}
        if not (bound | parts) & read:
            lines.add(loop.lineno)
    return frozenset(lines)


@per_object
def _kept_opens(unit: SourceUnit) -> frozenset[int]:
    """Lines of ``open(...)`` calls assigned straight to an attribute (``self._fh = open(p)``):
    the object keeps the handle beyond the call that opened it."""
    lines = set()
    assigns: list[ast.Assign | ast.AnnAssign] = unit.of_type(ast.Assign, ast.AnnAssign)
    for node in assigns:
        value = node.value
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if not (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
            and value.func.id == "open"
            and all(isinstance(target, ast.Attribute) for target in targets)
        ):
            continue
        lines.add(value.lineno)
    return frozenset(lines)


@per_object
def _registry_alls(unit: SourceUnit) -> frozenset[int]:
    """Lines of top-level ``__all__ = {...}`` assignments of a dict whose keys are all strings:
    a registry of names that ``import *`` reads by its keys."""
    lines = set()
    for statement in unit.tree.body if unit.tree is not None else ():
        if not isinstance(statement, ast.Assign) or not isinstance(statement.value, ast.Dict):
            continue
        if not any(isinstance(t, ast.Name) and t.id == "__all__" for t in statement.targets):
            continue
        keys = statement.value.keys
        if keys and all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in keys):
            lines.add(statement.lineno)
    return frozenset(lines)


#: Targets that set a part of an object rather than bind a name.
_SET = (ast.Attribute, ast.Subscript)


def _python2_reader(snapshot: Snapshot) -> Callable[[LintDiagnostic], bool]:
    """Whether a finding is in code written for Python 2: anywhere in a project that
    declares Python 2 and no Python 3, or whose notebooks' kernels ran Python 2 more often
    than Python 3 (its scripts are of the same age); else in a notebook whose own kernel ran
    Python 2."""
    if declared_python2(snapshot.texts) is not None:
        return lambda _: True
    kernels = [book.python2 for book in snapshot.notebooks.values() if book.language == "python"]
    if kernels.count(True) > kernels.count(False):
        return lambda _: True
    old = frozenset(path for path, book in snapshot.notebooks.items() if book.python2)
    return lambda diagnostic: diagnostic.path in old


@per_object
def lint_reading(snapshot: Snapshot) -> LintReading:
    """The lint findings that count for this repository (the Lint fact must be available)."""
    lint = snapshot.lint
    units = _units_by_place(snapshot)
    by_path: dict[str, list[SourceUnit]] = {}
    for parsed in units.values():
        by_path.setdefault(parsed.path, []).append(parsed)
    shape_names = {path: _shape_library_names(found) for path, found in by_path.items()}
    declared = lint.target_version is not None
    python2 = _python2_reader(snapshot)
    notebooks = NotebookReading.of(snapshot, units.values())
    imports = ImportReading.of(snapshot, lint.diagnostics, by_path)
    # Only a file with an undefined name can have a deleted global read: the others are not
    # walked.
    undefined = {d.path for d in lint.diagnostics if d.code == "F821"}
    deleted = {path: _deleted_globals(by_path[path]) for path in undefined if path in by_path}
    singletons = any(d.code in _SINGLETON_CODES for d in lint.diagnostics)
    elementwise = _elementwise_comparisons(snapshot) if singletons else {}
    scored = []
    set_aside: Counter[str] = Counter()
    counted_lines: set[tuple[str, int]] = set()
    broken_runs: dict[tuple[str, int], Run] = {}
    broken_cells: dict[tuple[str, int], list[str]] = {}
    #: Each notebook cell read as prose: whether it is, and whether its first error counted.
    prose_cells: dict[tuple[str, int], list[bool]] = {}
    script_lines: dict[str, list[str]] = {}
    for diagnostic in lint.diagnostics:
        unit = units.get((diagnostic.path, diagnostic.cell))
        names = shape_names.get(diagnostic.path, (frozenset(), frozenset()))
        reason = (
            (PYTHON2 if diagnostic.code == "invalid-syntax" and python2(diagnostic) else None)
            or _lfs_pointer(diagnostic, snapshot)
            or (None if declared else _async_as_a_name(diagnostic, unit, snapshot, script_lines))
            or _again_on_ipython_line(diagnostic, unit, snapshot, counted_lines, script_lines)
            or notebooks.reason(diagnostic, unit)
            or _why_set_aside(
                diagnostic, unit, declared, names, imports, by_path.get(diagnostic.path, ())
            )
            or notebooks.imported_by_cell(diagnostic, unit)
            or _again_in_prose(diagnostic, snapshot, prose_cells, broken_cells)
            or _again_in_a_broken_statement(diagnostic, snapshot, broken_runs, broken_cells)
            or _deleted_later(diagnostic, unit, deleted.get(diagnostic.path, frozenset()))
            or _unevaluated(diagnostic, unit)
            or _elementwise(diagnostic, elementwise)
        )
        if reason:
            set_aside[reason] += 1
        else:
            scored.append(diagnostic)
    return LintReading(tuple(scored), dict(set_aside))


def _lfs_pointer(diagnostic: LintDiagnostic, snapshot: Snapshot) -> str | None:
    """A syntax error on a file the clone holds as a Git LFS pointer (a notebook that
    ``.gitattributes`` routes through LFS): ruff read the pointer, not the author's code."""
    if diagnostic.code not in _SYNTAX_CODES or diagnostic.cell is not None:
        return None
    return LFS_POINTER if is_lfs_pointer(snapshot.texts.get(diagnostic.path)) else None


def _async_as_a_name(
    diagnostic: LintDiagnostic,
    unit: SourceUnit | None,
    snapshot: Snapshot,
    split: dict[str, list[str]],
) -> str | None:
    """A syntax error on a line that uses ``async`` or ``await`` as a name, in a script of a
    project that declares no Python: PyTorch 0.4's ``.cuda(async=True)`` ran on Python 3.6,
    and ruff reads it as 3.7+ code, where it is one to three errors. ``split``: each file's
    lines, shared with ``_again_on_ipython_line``."""
    line = _script_syntax_error_line(diagnostic, unit, snapshot, split)
    return UNDECLARED if line is not None and _ASYNC_AS_NAME.search(line) else None


def _script_syntax_error_line(
    diagnostic: LintDiagnostic,
    unit: SourceUnit | None,
    snapshot: Snapshot,
    split: dict[str, list[str]],
) -> str | None:
    """The text of the line a syntax error in a script (not a notebook cell) is on; None for
    any other finding. ``split``: each file's lines, split once (a broken file has hundreds
    of errors)."""
    if diagnostic.code != "invalid-syntax" or diagnostic.cell is not None or not diagnostic.line:
        return None
    lines = split.get(diagnostic.path)
    if lines is None:
        source = unit.source if unit is not None else snapshot.texts.get(diagnostic.path, "")
        lines = split[diagnostic.path] = source.splitlines()
    return lines[diagnostic.line - 1] if diagnostic.line <= len(lines) else None


def _elementwise(
    diagnostic: LintDiagnostic, spans: Mapping[tuple[str, int | None], list[Span]]
) -> str | None:
    if diagnostic.code not in _SINGLETON_CODES:
        return None
    found = spans.get((diagnostic.path, diagnostic.cell), ())
    return ELEMENTWISE if any(_inside(diagnostic, span) for span in found) else None


@per_object
def _elementwise_comparisons(snapshot: Snapshot) -> dict[tuple[str, int | None], list[Span]]:
    """Where comparisons with True, False or None sit that compare an array element by
    element: on a multi-dimensional or sliced subscript (``v[:, :, 0] == False``), inside a
    subscript's index (``df[df.a == False]``), on a column joined by ``&``, ``|`` or ``~``, or as an
    argument of a numpy, pandas, torch or tensorflow function (``np.where(m == False, ...)``)."""
    found: dict[tuple[str, int | None], list[Span]] = {}
    for program in programs(snapshot, tests=None):
        for unit in program.units:
            nodes = _array_comparisons(unit, program.resolve)
            if nodes:
                lines = unit.source.split("\n")
                found[(unit.path, unit.cell)] = [_span(node, lines) for node in nodes]
    return found


def _array_comparisons(
    unit: SourceUnit, resolve: Callable[[ast.expr], str | None]
) -> list[ast.Compare]:
    singles = [c for c in unit.of_type(ast.Compare) if _with_singleton(c)]
    if not singles:
        return []
    wanted = {id(c) for c in singles}
    chosen: dict[int, ast.Compare] = {}
    for compare in singles:
        if any(_sliced(side) for side in (compare.left, *compare.comparators)):
            chosen[id(compare)] = compare
    holders: list[ast.expr] = [s.slice for s in unit.of_type(ast.Subscript)]
    # `&`, `|` and `~` join masks, but a learner also joins plain values with them
    # (`(clicks > 0) & (price != None)`): there only a column or an array read counts.
    joined: list[ast.expr] = []
    for operation in unit.of_type(ast.BinOp):
        if isinstance(operation.op, (ast.BitAnd, ast.BitOr)):
            joined += [operation.left, operation.right]
    joined += [u.operand for u in unit.of_type(ast.UnaryOp) if isinstance(u.op, ast.Invert)]
    for node in joined:
        if isinstance(node, ast.Compare) and id(node) in wanted and _reads_an_array(node):
            chosen[id(node)] = node
    for call in unit.of_type(ast.Call):
        name = resolve(call.func) or ""
        if name.split(".", 1)[0] in _ARRAY_LIBRARIES:
            holders += [*call.args, *(item.value for item in call.keywords)]
    for holder in holders:
        for node in _through_masks(holder):
            if id(node) in wanted:
                chosen[id(node)] = node  # type: ignore[assignment]
    return list(chosen.values())


def _through_masks(node: ast.expr) -> Iterator[ast.expr]:
    """``node`` and what it combines with ``&``, ``|``, ``~`` or a tuple of indices (a stack,
    not recursion: a mask of a thousand terms joined by ``&`` nests a thousand deep)."""
    pending = [node]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            pending += [node.right, node.left]
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
            pending.append(node.operand)
        elif isinstance(node, ast.Tuple):
            pending += reversed(node.elts)


def _reads_an_array(compare: ast.Compare) -> bool:
    """Whether the side compared with the singleton reads a column, an element or a call's
    result (``df['a'] == True``, ``df.a == None``), not a plain name."""
    sides = (compare.left, *compare.comparators)
    return any(isinstance(side, (ast.Subscript, ast.Attribute, ast.Call)) for side in sides)


def _with_singleton(compare: ast.Compare) -> bool:
    if not all(isinstance(op, (ast.Eq, ast.NotEq)) for op in compare.ops):
        return False
    sides = (compare.left, *compare.comparators)
    # By identity: 0 == False, and `x == 0` is no comparison with a singleton.
    return any(
        isinstance(s, ast.Constant) and (s.value is True or s.value is False or s.value is None)
        for s in sides
    )


def _sliced(node: ast.expr) -> bool:
    """A subscript that takes a slice or several indices: ``v[:, :, 65]``, ``x[1:]``."""
    if not isinstance(node, ast.Subscript):
        return False
    parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
    several = isinstance(node.slice, ast.Tuple)
    return several or any(isinstance(part, ast.Slice) for part in parts)


def _again_on_ipython_line(
    diagnostic: LintDiagnostic,
    unit: SourceUnit | None,
    snapshot: Snapshot,
    counted: set[tuple[str, int]],
    split: dict[str, list[str]],
) -> str | None:
    """ONE_IPYTHON_LINE for a syntax error in a script (not a notebook cell) on an IPython line
    (``!pip ...``, ``%cd ...``) whose first error is already counted; the first one counts.
    ``split``: each file's lines, split once (a broken file has hundreds of errors)."""
    line = _script_syntax_error_line(diagnostic, unit, snapshot, split)
    if line is None or not diagnostic.line or not IPYTHON_LINE.match(line):
        return None
    place = (diagnostic.path, diagnostic.line)
    if place in counted:
        return ONE_IPYTHON_LINE
    counted.add(place)
    return None


def _again_in_prose(
    diagnostic: LintDiagnostic,
    snapshot: Snapshot,
    cells: dict[tuple[str, int], list[bool]],
    split: dict[tuple[str, int], list[str]],
) -> str | None:
    """ONE_PROSE_CELL for a syntax error in a notebook cell that holds prose, not code (a
    README's headings, an author's name, a bulleted list typed into a code cell), once its
    first error is counted: ruff reports each line of prose, and the mistake is the cell's
    type. ``cells``: each cell read so far, as [prose, first error counted]."""
    if diagnostic.code != "invalid-syntax" or diagnostic.cell is None:
        return None
    place = (diagnostic.path, diagnostic.cell)
    seen = cells.get(place)
    if seen is None:
        seen = cells[place] = [_reads_as_prose(_cell_lines(snapshot, place, split)), False]
    if not seen[0]:
        return None
    if seen[1]:
        return ONE_PROSE_CELL
    seen[1] = True
    return None


#: A line of prose: words, maybe after a bullet or a number, and no operator but a hyphen.
_PROSE_LINE = compile_on_use(
    r"^(?:[-*+>]|\d+[.)])?\s*[^\W\d_][\w'’.,:;!?&/()+-]*(?:\s+[\w'’.,:;!?&/()+-]+)+$"
)
#: Lines of prose a cell must hold to be read as prose.
_PROSE_LINES = 3


def _reads_as_prose(lines: list[str]) -> bool:
    """A cell of prose: at least three lines that do not parse and read as words, and no
    line of code besides comments and bare expressions without a call (``- Budget`` parses
    as a negated name). One assignment, import or call makes it broken code instead."""
    prose = 0
    for line in lines:
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            if not _PROSE_LINE.match(text):
                return False
            prose += 1
            continue
        if not all(
            isinstance(statement, ast.Expr)
            and not any(isinstance(node, ast.Call) for node in ast.walk(statement))
            for statement in tree.body
        ):
            return False
    return prose >= _PROSE_LINES


def _again_in_a_broken_statement(
    diagnostic: LintDiagnostic,
    snapshot: Snapshot,
    runs: dict[tuple[str, int], Run],
    split: dict[tuple[str, int], list[str]],
) -> str | None:
    """ONE_BROKEN_STATEMENT for a syntax error in a notebook cell on the line of the cell's
    previous one, or on the next line while a bracket opened since that run of errors began is
    still open: ruff's parser recovers line by line, so a dict written with ``=`` over six
    lines is six errors and one mistake. Errors on lines that each close what they open (a
    pasted no-break space on every line) are mistakes of their own. ``runs``: each cell's
    current run of errors, kept as ruff's findings come; ``split``: the cells' lines, split
    once."""
    if diagnostic.code != "invalid-syntax" or diagnostic.cell is None or not diagnostic.line:
        return None
    place, line = (diagnostic.path, diagnostic.cell), diagnostic.line
    run = runs.get(place)
    if run is not None and line == run[0]:
        return ONE_BROKEN_STATEMENT
    lines = _cell_lines(snapshot, place, split)
    balance = _balance(lines[line - 1]) if line <= len(lines) else 0
    if run is not None and line == run[0] + 1 and run[1] > 0:
        runs[place] = (line, run[1] + balance)
        return ONE_BROKEN_STATEMENT
    runs[place] = (line, balance)
    return None


#: A run of syntax errors in a cell: its latest line, and the brackets the run's lines leave
#: open (read line by line as the run grows: a long broken cell costs no more than its text).
Run = tuple[int, int]
_OPENING, _CLOSING = frozenset("([{"), frozenset(")]}")


def _balance(text: str) -> int:
    return sum(ch in _OPENING for ch in text) - sum(ch in _CLOSING for ch in text)


def _cell_lines(
    snapshot: Snapshot, place: tuple[str, int], split: dict[tuple[str, int], list[str]]
) -> list[str]:
    """The lines of a notebook's cell as committed (a cell that does not parse has no unit),
    split once: ``split`` keeps them for the run's later errors."""
    lines = split.get(place)
    if lines is None:
        notebook = snapshot.notebooks.get(place[0])
        cells = notebook.cells if notebook else ()
        source = next((cell.source for cell in cells if cell.index == place[1]), "")
        lines = split[place] = source.split("\n")
    return lines


def _deleted_globals(units: Iterable[SourceUnit]) -> frozenset[str]:
    """Names a file (all of a notebook's cells) both binds and ``del``s at its top level."""
    bound: set[str] = set()
    deleted: set[str] = set()
    for unit in units:
        for statement in unit.tree.body if unit.tree is not None else ():
            if isinstance(statement, ast.Delete):
                deleted.update(t.id for t in statement.targets if isinstance(t, ast.Name))
            elif isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(statement.name)
            else:
                bound.update(_top_level_stores(statement))
    return frozenset(bound & deleted)


def _top_level_stores(statement: ast.stmt) -> Iterator[str]:
    """Names ``statement`` binds: assignment targets, loop and ``with`` variables, imports."""
    if isinstance(statement, (ast.Import, ast.ImportFrom)):
        yield from (alias.asname or alias.name.split(".")[0] for alias in statement.names)
        return
    for node in ast.walk(statement):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            yield node.id


def _deleted_later(
    diagnostic: LintDiagnostic, unit: SourceUnit | None, deleted: frozenset[str]
) -> str | None:
    """Why an undefined name inside a function is a global the module deletes later."""
    if diagnostic.code != "F821" or unit is None or not deleted:
        return None
    name = UNDEFINED_NAME.search(diagnostic.message)
    if name is None or name.group(1) not in deleted:
        return None
    line = diagnostic.line or 0
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda] = [
        *unit.of_type(ast.FunctionDef),
        *unit.of_type(ast.AsyncFunctionDef),
        *unit.of_type(ast.Lambda),
    ]
    inside = any(node.lineno <= line <= (node.end_lineno or node.lineno) for node in functions)
    return DELETED_LATER if inside else None


def _unevaluated(diagnostic: LintDiagnostic, unit: SourceUnit | None) -> str | None:
    """Why an undefined name is one a function imports in its own body and names only in an
    annotation Python never evaluates (``-> tuple["pd.DataFrame", int]`` beside ``import
    pandas as pd`` in the body, a lazy import): nothing is undefined when the code runs."""
    if diagnostic.code != "F821" or unit is None:
        return None
    name = UNDEFINED_NAME.search(diagnostic.message)
    if name is None:
        return None
    spans = _unevaluated_annotations(unit).get(name.group(1), ())
    return UNEVALUATED if any(_inside(diagnostic, span) for span in spans) else None


@per_object
def _unevaluated_annotations(unit: SourceUnit) -> dict[str, list[Span]]:
    """Module name -> where the annotations sit that Python never evaluates (string ones, or
    every one under ``from __future__ import annotations``) of the functions that import that
    name in their own body's statements."""
    if unit.tree is None:
        return {}
    postponed = any(
        node.module == "__future__" and any(alias.name == "annotations" for alias in node.names)
        for node in unit.tree.body
        if isinstance(node, ast.ImportFrom)
    )
    lines = unit.source.split("\n")
    found: dict[str, list[Span]] = {}
    functions: list[ast.FunctionDef | ast.AsyncFunctionDef]
    functions = unit.of_type(ast.FunctionDef, ast.AsyncFunctionDef)
    for function in functions:
        imported = [
            alias.asname or alias.name.split(".")[0]
            for statement in function.body
            if isinstance(statement, (ast.Import, ast.ImportFrom))
            for alias in statement.names
        ]
        if not imported:
            continue
        arguments = function.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every += [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
        annotations = [a.annotation for a in every if a.annotation is not None]
        annotations += [function.returns] if function.returns is not None else []
        spans = [_span(annotation, lines) for annotation in annotations] if postponed else []
        spans += [
            _span(node, lines)
            for annotation in ([] if postponed else annotations)
            for node in breadth_first(annotation)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
        for name in imported:
            found.setdefault(name, []).extend(spans)
    return found


def describe(set_aside: Mapping[str, int]) -> Iterator[str]:
    """One phrase per kind set aside, most first."""
    for reason, count in sorted(set_aside.items(), key=lambda item: (-item[1], item[0])):
        yield f"{count} {reason}"
