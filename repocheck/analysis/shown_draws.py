"""Random picks of examples that are only shown (REPRO001).

Notebooks copied from the Hugging Face tutorials look at their data before training:
``show_random_elements(dataset)`` draws ten indices with ``random.randint``, builds a
``DataFrame`` of those rows and ``display``\\ s it; a cell draws ``rand_int`` and prints one
clip's transcription and plays its audio. Which rows appear on screen changes; no result does.

The drawn value must be kept in one name (``pick = random.randint(...)``, or one place of a
tuple unpacked at once: ``num1, num2 = randint(a), randint(b)``), and every read of that name
in the function (or the notebook cell, or the module's top level) around it must lead,
through indexing, attributes, comparisons, f-strings, strings joined to it (``"Predicted: "
+ labels[n]``) and a few calls that only build something to show (``pd.DataFrame``, ``HTML``,
``np.asarray``, ``df.to_html()``, ``path.split("/")``, PIL's ``Image.open`` of a cell's last
value), either into a call that shows (``print``, ``display``, ``Audio``, ``imshow``, a helper
named for showing such as ``imsShow``; through a list handed to it), into another local name
read the same way, into a list of the function's own (``picks.append(pick)``), or into the
test of a loop or ``if`` whose body only draws again (``while pick in picks: pick = ...``).
At least one read must be shown, and one must index (``dataset[picks]``): a number merely
printed may be a setting. Anything else (a value returned, a list the caller owns, a
call that trains or selects data, a nested function reading the name) uses it, and the draw
counts.

The statements of a scope and the names its nested definitions read are gathered once per
scope; each candidate draw then reads that list once per name it follows.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import Program
from repocheck.analysis.ml_names import terminal

#: Draws of a whole number, the index of an example.
_PICKS = frozenset({"randint", "randrange", "integers"})
#: Calls that put what they are given in front of a reader.
_SHOWS = frozenset({"print", "pprint", "display", "Audio", "Image", "Video", "imshow", "Markdown"})
#: Calls (and methods of what is shown) that only build the thing shown from their arguments.
_BUILDS = frozenset(
    {"DataFrame", "Series", "HTML", "asarray", "array", "squeeze", "str", "repr", "len"}
    | {"int", "float", "list", "tuple", "to_html", "head", "tolist", "numpy", "format", "join"}
    | {"astype", "transpose", "permute", "cpu", "split", "strip", "lower", "upper", "replace"}
)
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
_CLIMB = (ast.Subscript, ast.Compare, ast.JoinedStr, ast.FormattedValue)
#: Literals a value is handed on in, to a call that shows them all (``imsShow([patch, truth])``).
_LISTS = (ast.List, ast.Tuple)


def _shows(name: str) -> bool:
    """Whether a call's name says it shows what it is given: the known displays, and a
    project's own helper named for it (``imsShow``, ``show_batch``, ``show_images``)."""
    lowered = name.lower()
    return name in _SHOWS or lowered.startswith("show") or lowered.endswith("show")


def _formats(name: str) -> bool:
    """A project's helper named for turning what it is given into text (``format_array``,
    ``format_row``): called as a function, never a method of the value."""
    return name.lower().startswith("format") and name != "format"


def _joins_text(node: ast.AST) -> bool:
    """``"Difference:\\n" + text``: a string joined to the value (``"Predicted: " + a + " real:
    " + b`` as a whole), only text to show."""
    return (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Add)
        and (_is_text(node.left) or _written_text(node.right))
    )


def _is_text(node: ast.AST) -> bool:
    """A string written out, an f-string, or a sum holding one within ``TEXT_LINKS`` terms
    (read down the sum's left side, as ``a + b + c`` nests: no recursion, and a value
    climbing a long sum reads a bounded part of it at each step)."""
    for _ in range(TEXT_LINKS):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)):
            return _written_text(node)
        if _written_text(node.right):
            return True
        node = node.left
    return False


#: The terms of a sum :func:`_is_text` reads for a string: a message joins a few.
TEXT_LINKS = 32


def _written_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


@dataclass(frozen=True)
class _Line:
    """One statement's own line (a compound statement's header): its reads of names and
    each node's parent there."""

    statement: ast.stmt
    reads: tuple[ast.Name, ...]
    parents: dict[int, ast.AST]


@dataclass(frozen=True)
class _Scope:
    lines: tuple[_Line, ...]
    local: frozenset[str]
    #: Names read inside nested functions, classes and lambdas, and names declared global.
    escaping: frozenset[str]
    last: ast.stmt | None


def only_picks_what_is_shown(
    draw: ast.Call, block: Sequence[ast.stmt], index: int, scope: ast.AST | None, *, cell: bool
) -> bool:
    """Whether ``draw``, in ``block[index]``, is kept in a name whose every read in ``scope``
    (a function, or a notebook cell's or module's tree) only picks what is shown. ``cell``:
    ``scope`` is a notebook cell, whose last expression is shown under it."""
    if scope is None:
        return False
    statement = block[index]
    if cell and terminal(draw.func) == "sample" and _shown_under_the_cell(statement, draw, scope):
        return True  # df.sample() ending a cell: one row at random, shown under it
    if terminal(draw.func) not in _PICKS:
        return False
    name = _kept_in(statement, draw)
    return name is not None and _shown_only(scope, name, cell)


def _kept_in(statement: ast.stmt, draw: ast.Call) -> str | None:
    """The one name ``statement`` keeps ``draw`` in: ``pick = draw``, or its place in a tuple
    unpacked at once (``num1, num2 = draw, other``)."""
    if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
        return None
    target, value = statement.targets[0], statement.value
    if value is draw:
        return target.id if isinstance(target, ast.Name) else None
    if not (isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)):
        return None
    if len(target.elts) != len(value.elts):
        return None
    for name, item in zip(target.elts, value.elts, strict=True):
        if item is draw:
            return name.id if isinstance(name, ast.Name) else None
    return None


def _shown_under_the_cell(statement: ast.stmt, draw: ast.Call, scope: ast.AST) -> bool:
    """``draw`` is the whole of the cell's last statement, an expression shown under it."""
    body = getattr(scope, "body", None)
    return (
        isinstance(body, list)
        and bool(body)
        and body[-1] is statement
        and isinstance(statement, ast.Expr)
        and statement.value is draw
    )


@per_object
def _shown_only(scope: ast.AST, name: str, cell: bool) -> bool:
    found = _scope(scope)
    last = found.last if cell else None
    tainted = {name}
    seen = {"shown": False, "indexed": False}

    def step(read: ast.Name, line: _Line) -> frozenset[str] | None:
        verdict = _follow(read, line, found, tainted, last)
        if verdict is None:
            return None
        seen["indexed"] = seen["indexed"] or _indexes(read, line)
        seen["shown"] = seen["shown"] or verdict is True
        return verdict if isinstance(verdict, frozenset) else frozenset()

    kept = _spread(found, tainted, step)
    return seen["shown"] and seen["indexed"] and kept


def _spread(
    found: _Scope,
    tainted: set[str],
    step: Callable[[ast.Name, _Line], frozenset[str] | None],
) -> bool:
    """Follow every read of the ``tainted`` names through the scope, adding the names
    ``step`` says the value is kept in, until none is added: whether no read used the value
    (``step`` answered None) and the names stayed the scope's own."""
    grew = True
    while grew:
        grew = False
        for line in found.lines:
            for read in line.reads:
                if read.id not in tainted:
                    continue
                kept = step(read, line)
                if kept is None:
                    return False
                if not kept <= tainted:
                    tainted |= kept
                    grew = True
    return tainted <= found.local and found.escaping.isdisjoint(tainted)


def _indexes(read: ast.Name, line: _Line) -> bool:
    """Whether the read is (in) the index of a subscript: ``dataset[picks]``."""
    node: ast.AST = read
    while (parent := line.parents.get(id(node))) is not None:
        if isinstance(parent, ast.Subscript) and parent.slice is node:
            return True
        node = parent
    return False


def _follow(
    read: ast.Name, line: _Line, found: _Scope, tainted: set[str], last: ast.stmt | None
) -> bool | frozenset[str] | None:
    """Where the value read goes: True (shown), False (a test of a loop that only draws
    again), the local names it is kept in, or None (used)."""
    node: ast.AST = read
    statement = line.statement
    while True:
        node, parent = _climb(node, line, (*_CLIMB, *_LISTS))
        if parent is None:
            return _tested(statement, node, tainted)
        if parent is _LOOSE_KEYWORD:
            return None
        if isinstance(parent, ast.Call):
            name = terminal(parent.func) or ""
            if parent.func is node:  # a method of the value: df.to_html(), picks.append(x)
                if name == "append" and _appends_to_local(parent, statement, found):
                    return frozenset()
                if name not in _BUILDS:
                    return None
            elif _shows(name):
                return True
            elif _opens_an_image(parent):
                pass  # PIL's Image.open(path): shown where the cell ends on it, else followed
            elif name == "append" and _appends_to_local(parent, statement, found):
                return frozenset({parent.func.value.id})  # type: ignore[attr-defined]
            elif name not in _BUILDS and not _formats(name):
                return None
            node = parent
            continue
        if _joins_text(parent):
            node = parent
            continue
        if isinstance(parent, ast.Assign) and parent.value is node:
            if all(isinstance(target, ast.Name) for target in parent.targets):
                return frozenset(target.id for target in parent.targets)  # type: ignore[attr-defined]
            return None
        if isinstance(parent, ast.Expr) and statement is last:
            return True  # a notebook cell's last value, shown under it
        return None


def _opens_an_image(call: ast.Call) -> bool:
    """``Image.open(path)`` (PIL): a picture a notebook cell shows when it ends on it."""
    func = call.func
    return (
        isinstance(func, ast.Attribute) and func.attr == "open" and terminal(func.value) == "Image"
    )


#: What :func:`_climb` answers for a keyword argument outside a call (a class's keywords).
_LOOSE_KEYWORD = ast.Pass()


def _climb(
    node: ast.AST, line: _Line, through: tuple[type[ast.AST], ...]
) -> tuple[ast.AST, ast.AST | None]:
    """From ``node`` up through the ``through`` nodes and attributes read off it: (the last
    node passed, the node that takes it), the call for a keyword argument,
    ``_LOOSE_KEYWORD`` for another keyword, None at the top of the line."""
    while True:
        parent = line.parents.get(id(node))
        if isinstance(parent, through) or (
            isinstance(parent, ast.Attribute) and parent.value is node
        ):
            node = parent
            continue
        if isinstance(parent, ast.keyword):
            call = line.parents.get(id(parent))
            return node, call if isinstance(call, ast.Call) else _LOOSE_KEYWORD
        return node, parent


def _appends_to_local(call: ast.Call, statement: ast.stmt, found: _Scope) -> bool:
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    return (
        isinstance(owner, ast.Name)
        and owner.id in found.local
        and isinstance(statement, ast.Expr)
        and statement.value is call
        and len(call.args) == 1
    )


def _tested(statement: ast.stmt, node: ast.AST, tainted: set[str]) -> bool | None:
    """A test of a loop or ``if`` whose blocks only draw into followed names again."""
    if not isinstance(statement, (ast.While, ast.If)) or statement.test is not node:
        return None
    for inner in (*statement.body, *statement.orelse):
        single = isinstance(inner, ast.Assign) and len(inner.targets) == 1
        target = inner.targets[0] if single else None  # type: ignore[attr-defined]
        if not (isinstance(target, ast.Name) and target.id in tainted):
            return None
        value = inner.value  # type: ignore[attr-defined]
        if not (isinstance(value, ast.Call) and terminal(value.func) in _PICKS):
            return None
    return False


@per_object
def _scope(scope: ast.AST) -> _Scope:
    """The scope's statements in order, with their own lines' reads, gathered once."""
    lines: list[_Line] = []
    local: set[str] = set()
    escaping: set[str] = set()
    body = getattr(scope, "body", [])
    pending: list[ast.stmt] = list(reversed(body))
    while pending:
        statement = pending.pop()
        if isinstance(statement, _NESTED):
            escaping.update(_reads(statement))
            continue
        if isinstance(statement, (ast.Global, ast.Nonlocal)):
            escaping.update(statement.names)
            continue
        heads, blocks = _split(statement)
        parents: dict[int, ast.AST] = {}
        reads: list[ast.Name] = []
        stack: list[ast.AST] = list(heads)
        while stack:
            node = stack.pop()
            if isinstance(node, _NESTED):
                escaping.update(_reads(node))
                continue
            if type(node) is ast.Name:
                if type(node.ctx) is ast.Load:
                    reads.append(node)
                else:
                    local.add(node.id)
            for child in ast.iter_child_nodes(node):
                parents[id(child)] = node
                stack.append(child)
        lines.append(_Line(statement, tuple(reads), parents))
        for inner in reversed(blocks):
            pending.extend(reversed(inner))
    last = body[-1] if isinstance(scope, ast.Module) and body else None
    return _Scope(tuple(lines), frozenset(local), frozenset(escaping), last)


def _split(statement: ast.stmt) -> tuple[list[ast.AST], list[list[ast.stmt]]]:
    """(the statement's own line, the blocks it runs)."""
    if isinstance(statement, (ast.If, ast.While)):
        return [statement.test], [statement.body, statement.orelse]
    if isinstance(statement, (ast.For, ast.AsyncFor)):
        return [statement.target, statement.iter], [statement.body, statement.orelse]
    if isinstance(statement, (ast.With, ast.AsyncWith)):
        return list(statement.items), [statement.body]
    if isinstance(statement, ast.Try):
        handlers = [handler.body for handler in statement.handlers]
        return [], [statement.body, *handlers, statement.orelse, statement.finalbody]
    if isinstance(statement, ast.Match):
        return [statement.subject], [case.body for case in statement.cases]
    return [statement], []


def _reads(node: ast.AST) -> set[str]:
    return {
        child.id
        for child in ast.walk(node)
        if type(child) is ast.Name and type(child.ctx) is ast.Load
    }


# ---------------------------------------------------------------------------- plotted draws

#: Modules whose calls draw a chart of what they are handed (or show it).
_PLOTTING = (
    "plotly.express.",
    "plotly.graph_objects.",
    "plotly.graph_objs.",
    "matplotlib.pyplot.",
    "streamlit.",
    "seaborn.",
    "altair.",
)
#: The packages of those modules, whose import makes a program one that may draw charts.
_CHARTING = frozenset(prefix.partition(".")[0] for prefix in _PLOTTING)
#: Methods of a figure (or of the data handed to one) that only change or show it.
_FIGURE_METHODS = frozenset(
    {"update_layout", "update_traces", "update_xaxes", "update_yaxes", "add_trace", "show"}
    | {"set_title", "set_xlabel", "set_ylabel", "round", "clip", "cumsum", "sort_values"}
)
#: Literals that hold what they are given.
_HOLDERS = (ast.Dict, ast.List, ast.Tuple, ast.Set, ast.Starred)


def draws_charts(program: Program) -> bool:
    """Whether the program imports a module that draws charts (plotly, matplotlib, streamlit,
    seaborn, altair): only there can a draw be only plotted. Asked once per program."""
    found = program.derived.get("draws_charts")
    if found is None:
        found = program.derived["draws_charts"] = any(
            name.partition(".")[0] in _CHARTING for name in program.names.values()
        )
    return bool(found)


def only_plotted(
    draw: ast.Call,
    block: Sequence[ast.stmt],
    index: int,
    scope: ast.AST | None,
    resolve: Callable[[ast.expr], str | None],
) -> bool:
    """Whether ``draw`` (in ``block[index]``) makes numbers only drawn in a chart: a mock
    dashboard's ``pd.DataFrame({"ms": np.random.randint(40, 60, 10)})`` handed to
    ``px.line``, ``st.line_chart(np.random.randn(20, 3))``. The values are followed through
    literals, frames, assignments to the scope's own names and the figures made of them;
    every read must end in a chart, a figure's method or a display, and one in a chart."""
    if scope is None:
        return False
    found = _scope(scope)
    line = _lines_by_statement(scope).get(id(block[index]))
    if line is None or id(draw) not in line.parents:
        return False
    verdict = _plot_follow(draw, line, resolve)
    if verdict is None:
        return False
    plotted = {"any": verdict[0]}
    tainted = set(verdict[1])

    def step(read: ast.Name, other: _Line) -> frozenset[str] | None:
        followed = _plot_follow(read, other, resolve)
        if followed is None:
            return None
        plotted["any"] = plotted["any"] or followed[0]
        return followed[1]

    kept = _spread(found, tainted, step)
    return kept and plotted["any"]


@per_object
def _lines_by_statement(scope: ast.AST) -> dict[int, _Line]:
    return {id(line.statement): line for line in _scope(scope).lines}


def _plot_follow(
    node: ast.AST, line: _Line, resolve: Callable[[ast.expr], str | None]
) -> tuple[bool, frozenset[str]] | None:
    """Where the value at ``node`` goes: (whether into a chart, the names it is kept in), or
    None when anything else uses it."""
    plotted = False
    while True:
        node, parent = _climb(node, line, (*_CLIMB, *_HOLDERS))
        if parent is None or parent is _LOOSE_KEYWORD:
            return None  # a test, a loop's items, a statement of its own: used
        if isinstance(parent, ast.Call):
            name = terminal(parent.func) or ""
            if parent.func is node:  # a method of the value: fig.update_layout(...)
                if name not in _FIGURE_METHODS and name not in _BUILDS:
                    return None
            elif (resolve(parent.func) or "").startswith(_PLOTTING):
                plotted = True
            elif name not in _BUILDS and name not in _SHOWS:
                return None
            node = parent
            continue
        if isinstance(parent, ast.Assign) and parent.value is node:
            if all(isinstance(target, ast.Name) for target in parent.targets):
                return plotted, frozenset(target.id for target in parent.targets)  # type: ignore[attr-defined]
            return None
        if isinstance(parent, ast.Expr):
            return plotted, frozenset()
        return None
