"""Draws made text that only name a file the run writes (REPRO001).

``ij = str(np.random.randint(101))``, then ``filename = 'res_' + ij``, then
``open(filename, 'wb')``: the random suffix keeps one run's results file from overwriting
another's and changes no result. The drawn value must become text in its own statement
(``str(...)``, an f-string, ``%`` or ``.format``), or be kept as it is in a name that every
later read makes text (``rand = np.random.randint(6000)``, then ``f'image_{rand}.jpg'``), and
the text may then go only into more text assigned to a name, into the path of a file written
(``open(path, 'w')``, a ``save`` call, ``to_csv(path)``, ``makedirs(path)``), into the name of
a tracked run (``SummaryWriter(comment=...)``, ``wandb.init(name=...)``), into ``print``
or a notebook's display of the name, or, as the very path of a file written before, into any
call (``wandb.Image(path)`` logs what was just saved, whatever its name). Anything else (a
list it is appended to, a file read back by another name, a value returned) uses it.

A pick among fixed messages shown at once changes no result either: ``with
st.spinner(random.choice(waiting)):``, where ``waiting`` is a list of strings, only varies what
a user reads while the model runs. The pick must be of a list or tuple of string literals
(written there, or the last binding of its name, which nothing between uses) and go straight
into a call that shows text (``print``, a log call, a Streamlit message): a pick kept in a
name, of numbers, or of a list filled by appends may be a setting or data.

A pause drawn at random changes no result: ``time.sleep(random.uniform(0.3, 0.6))`` between a
scraper's requests, ``await asyncio.sleep(1 + random.random())``. The draw must go, through
arithmetic alone, straight into the call that waits; a pause kept in a name may be read again.

A colour drawn at random for a plot changes no result: ``plt.plot(fpr, tpr,
color=np.random.rand(3,))`` gives each ROC curve a colour of its own. The draw must be the
very value of a colour keyword (``color``, ``c``, ``colors``, ``facecolor``, ``edgecolor``) of a
call; a colour kept in a name may be read again, and counts.

Only statements that make a draw text are read further, and each reads the statements after
it in its block once, so the cost follows those rare statements. A name still bound at the end
of an ``if`` or a loop body may be read after it: that draw counts.
"""

from __future__ import annotations

import ast
import bisect
import sys
import weakref
from collections.abc import Iterator, Sequence

from repocheck.analysis.ml_names import terminal

#: Calls that take a path to write to, anywhere among their arguments when named for saving.
_PATH_FIRST = frozenset({"to_csv", "to_pickle", "to_json", "to_excel", "makedirs", "mkdir"})
_WRITE_MODES = frozenset("wax")
_TEXT_METHODS = frozenset({"format", "join"})
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
#: Experiment trackers and the arguments that name a run (its folder of logs, its title):
#: ``SummaryWriter(comment=...)``, ``wandb.init(name=...)``, ``mlflow.start_run(run_name=...)``.
#: The first argument of ``SummaryWriter`` is its folder.
_RUN_NAMES = {
    "SummaryWriter": frozenset({"log_dir", "logdir", "comment", "filename_suffix"}),
    "init": frozenset({"name"}),
    "start_run": frozenset({"run_name"}),
}
_TRACKERS = {"init": "wandb", "start_run": "mlflow"}
#: Calls that wait for as long as their first argument says: ``time.sleep``, ``asyncio.sleep``.
_WAITS = frozenset({"sleep"})
#: Keywords of plotting calls that take a colour.
_COLOURS = frozenset({"color", "colour", "c", "colors", "facecolor", "edgecolor"})


def only_names_a_file(
    draw: ast.Call,
    block: Sequence[ast.stmt],
    index: int,
    *,
    scope_ends: bool,
    scope: ast.AST | None = None,
) -> bool:
    """Whether the value ``draw`` makes, in ``block[index]``, becomes text there (or is kept
    in a name that every later read makes text) and goes nowhere but into the names of files
    written, printed text or a notebook's display.

    ``scope_ends``: the block is a function's body or a program's top level, so its names
    are read by nothing after it; after the body of an ``if`` or a loop, a name still bound
    may be read by the statements that follow, so it counts unless ``scope``, the function
    the block is in, reads it nowhere but in the statements read here."""
    statement = block[index]
    parents = _parents(statement, whole=False)
    texted, end = _climb(draw, parents)
    tracked: set[str] = set()
    drawn: set[str] = set()  # names holding the drawn number itself, not yet text
    if not texted:
        holder = parents.get(id(draw))
        if not (isinstance(holder, ast.Assign) and holder.value is draw):
            return False
        if len(holder.targets) != 1 or not isinstance(holder.targets[0], ast.Name):
            return False
        drawn.add(holder.targets[0].id)
    written: set[str] = set()  # the paths of files written, as source
    if not drawn and not _settles(end, parents, statement, tracked=tracked, written=written):
        return False
    # A number drawn and kept must name a file at least once: one nothing reads is not
    # known to name anything, and is left to count.
    read_here: set[int] = set()
    positions = _name_positions(block)
    at = index
    while True:
        # Only the statements that name one of the names change what is known: the others are
        # skipped (reading each later statement for each draw made a long script quadratic).
        names = tracked | drawn
        at = min((_next(positions.get(name), at) for name in names), default=len(block))
        if at >= len(block):
            break  # as when the names are gone: read_here or texted decides below
        later = block[at]
        reads = [
            node
            for node in ast.walk(later)
            if type(node) is ast.Name and node.id in names and type(node.ctx) is ast.Load
        ]
        stored = {name for name in _stored(later) if name in names}
        found: set[str] = set()
        if reads:
            inner = _parents(later, whole=True)
            for read in reads:
                made_text, end = _climb(read, inner)
                if read.id in drawn and read.id not in tracked and not made_text:
                    return False  # the number itself used: in a sum, a list, an index
                if not _settles(end, inner, later, tracked=found, written=written):
                    return False
                read_here.add(id(read))
        tracked = (tracked - stored) | found
        drawn -= stored
    if not (read_here or texted):
        return False
    if scope_ends or not (tracked or drawn):
        return True
    return scope is not None and not _read_elsewhere(scope, tracked | drawn, read_here)


_BLOCKS: dict[int, dict[tuple[int, int], dict[str, list[int]]]] = {}


def _name_positions(block: Sequence[ast.stmt]) -> dict[str, list[int]]:
    """name -> the positions in ``block`` of the statements that hold it, in order; built once
    per block, and dropped with the block's first statement."""
    if not block:
        return {}
    first = block[0]
    held = _BLOCKS.get(id(first))
    if held is None:
        held = _BLOCKS[id(first)] = {}
        weakref.finalize(first, _BLOCKS.pop, id(first), None).atexit = False
    key = (len(block), id(block[-1]))
    positions = held.get(key)
    if positions is None:
        positions = held[key] = {}
        for at, statement in enumerate(block):
            for node in ast.walk(statement):
                if type(node) is ast.Name:
                    spots = positions.setdefault(node.id, [])
                    if not spots or spots[-1] != at:
                        spots.append(at)
    return positions


def _next(spots: list[int] | None, after: int) -> int:
    """The first position in ``spots`` past ``after``; past every position when none is."""
    if not spots:
        return sys.maxsize
    found = bisect.bisect_right(spots, after)
    return spots[found] if found < len(spots) else sys.maxsize


def _read_elsewhere(scope: ast.AST, names: set[str], read_here: set[int]) -> bool:
    """Whether ``scope`` reads one of ``names`` anywhere but at the reads in ``read_here``
    (outside nested definitions, which have names of their own)."""
    stack: list[ast.AST] = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if isinstance(node, _NESTED):
            continue
        read = type(node) is ast.Name and node.id in names and type(node.ctx) is ast.Load
        if read and id(node) not in read_here:
            return True
        stack.extend(ast.iter_child_nodes(node))
    return False


#: Calls whose first argument is text shown to a reader: printed, logged, or a Streamlit
#: message.
_SHOWS_TEXT = frozenset(
    {"print", "debug", "info", "warning", "error", "spinner", "toast", "caption", "success"}
)


def only_shows_a_message(draw: ast.Call, block: Sequence[ast.stmt], index: int) -> bool:
    """Whether ``draw``, in ``block[index]``, picks one of fixed strings
    (``random.choice(waiting)``) that the call around it only shows (``st.spinner(...)``)."""
    if terminal(draw.func) != "choice" or len(draw.args) != 1 or draw.keywords:
        return False
    statement = block[index]
    shown = _parents(statement, whole=False).get(id(draw))
    if not isinstance(shown, ast.Call) or not shown.args or shown.args[0] is not draw:
        return False
    if terminal(shown.func) not in _SHOWS_TEXT:
        return False
    choices: ast.expr | None = draw.args[0]
    if isinstance(choices, ast.Name):
        choices = _untouched_binding(choices.id, block[:index])
    return (
        isinstance(choices, (ast.List, ast.Tuple))
        and bool(choices.elts)
        and all(
            isinstance(item, ast.Constant) and isinstance(item.value, str) for item in choices.elts
        )
    )


def only_paces(draw: ast.Call, block: Sequence[ast.stmt], index: int) -> bool:
    """Whether ``draw``, in ``block[index]``, is only how long a ``sleep`` call waits
    (``time.sleep(random.uniform(0.3, 0.6))``), through arithmetic on numbers alone."""
    parents = _parents(block[index], whole=False)
    node: ast.AST = draw
    while True:
        parent = parents.get(id(node))
        if isinstance(parent, (ast.BinOp, ast.UnaryOp)):
            node = parent
        elif isinstance(parent, ast.Call):
            return terminal(parent.func) in _WAITS and parent.args[:1] == [node]
        else:
            return False


def only_colours(draw: ast.Call, block: Sequence[ast.stmt], index: int) -> bool:
    """Whether ``draw``, in ``block[index]``, is itself the value of a colour keyword of a call
    (``plt.plot(x, y, color=np.random.rand(3,))``): it colours a plot and changes no result."""
    parent = _parents(block[index], whole=False).get(id(draw))
    return isinstance(parent, ast.keyword) and parent.arg in _COLOURS


def _untouched_binding(name: str, before: Sequence[ast.stmt]) -> ast.expr | None:
    """The value of the last ``name = ...`` in ``before`` when no later statement there uses
    the name (``pairs.append(line)`` fills it): else None."""
    for earlier in reversed(before):
        if name in _stored(earlier):
            single = isinstance(earlier, ast.Assign) and len(earlier.targets) == 1
            return earlier.value if single else None  # type: ignore[attr-defined]
        if any(type(node) is ast.Name and node.id == name for node in ast.walk(earlier)):
            return None
    return None


def _parents(statement: ast.stmt, *, whole: bool) -> dict[int, ast.AST]:
    """Each node's parent in ``statement``; unless ``whole``, in its own line of code alone
    (the header of a compound statement, not the blocks it runs)."""
    found: dict[int, ast.AST] = {}
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        for child in ast.iter_child_nodes(node):
            if not whole and isinstance(child, (ast.stmt, ast.excepthandler)):
                continue
            found[id(child)] = node
            stack.append(child)
    return found


def _climb(node: ast.AST, parents: dict[int, ast.AST]) -> tuple[bool, ast.AST]:
    """(whether the value becomes text on the way, the node the value ends in) going up
    through text-building expressions from ``node``."""
    texted = False
    while True:
        parent = parents.get(id(node))
        if parent is None:
            return texted, node
        if isinstance(parent, (ast.JoinedStr, ast.FormattedValue)):
            texted = True
        elif isinstance(parent, ast.BinOp) and isinstance(parent.op, (ast.Add, ast.Mod)):
            texted = texted or isinstance(parent.op, ast.Mod) and parent.right is node
        elif isinstance(parent, ast.Call) and _makes_text(parent, node):
            texted = True
        else:
            return texted, node
        node = parent


def _makes_text(call: ast.Call, argument: ast.AST) -> bool:
    """``str(x)``, ``'{}'.format(x)``, ``os.path.join(d, x)``: ``argument`` made text."""
    if argument is call.func:
        return False
    func = call.func
    if isinstance(func, ast.Name):
        return func.id == "str"
    return isinstance(func, ast.Attribute) and func.attr in _TEXT_METHODS


def _settles(
    end: ast.AST,
    parents: dict[int, ast.AST],
    statement: ast.stmt,
    *,
    tracked: set[str],
    written: set[str],
) -> bool:
    """Whether the text ending at ``end`` is only assigned to names (added to ``tracked``),
    written to as a file's path (added to ``written``), printed, shown as a notebook cell's
    last value, or handed to any call as the very path of a file written before (the file
    read back, ``wandb.Image(path)``, holds what was written whatever its name)."""
    parent = parents.get(id(end))
    if isinstance(parent, ast.Assign) and parent.value is end:
        names = [target.id for target in parent.targets if isinstance(target, ast.Name)]
        if len(names) != len(parent.targets):
            return False
        tracked.update(names)
        return True
    if isinstance(parent, ast.Expr) and parent is statement and isinstance(end, ast.Name):
        return True  # a notebook cell showing the name
    call = parents.get(id(parent)) if isinstance(parent, ast.keyword) else parent
    if not isinstance(call, ast.Call) or end is call.func:
        return False
    if ast.dump(end) in written:
        return True
    if not _writes_to(call, end):
        return False
    name = terminal(call.func) or ""
    if name != "print" and not _names_a_run(call, name, end):
        written.add(ast.dump(end))  # a run's name is no file any later call reads back
    return True


def _writes_to(call: ast.Call, argument: ast.AST) -> bool:
    """Whether ``call`` prints ``argument`` or writes a file at the path it is."""
    name = terminal(call.func) or ""
    if name == "print":
        return True
    first = bool(call.args) and call.args[0] is argument
    if name == "open":
        mode = call.args[1] if len(call.args) > 1 else _keyword(call, "mode")
        written = isinstance(mode, ast.Constant) and isinstance(mode.value, str)
        return first and written and not _WRITE_MODES.isdisjoint(mode.value)  # type: ignore[union-attr]
    if "save" in name.lower():
        return True
    return (first and name in _PATH_FIRST) or _names_a_run(call, name, argument)


def _names_a_run(call: ast.Call, name: str, argument: ast.AST) -> bool:
    """Whether ``argument`` is the name of the run an experiment tracker logs to: the folder
    of a ``SummaryWriter``, the ``name`` of ``wandb.init``, the ``run_name`` of
    ``mlflow.start_run``."""
    keywords = _RUN_NAMES.get(name)
    if keywords is None:
        return False
    module = _TRACKERS.get(name)
    if module is not None:
        owner = call.func.value if isinstance(call.func, ast.Attribute) else None
        if not (isinstance(owner, ast.Name) and owner.id == module):
            return False
    if name == "SummaryWriter" and call.args and call.args[0] is argument:
        return True
    return any(item.arg in keywords and item.value is argument for item in call.keywords)


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((item.value for item in call.keywords if item.arg == name), None)


def _stored(statement: ast.stmt) -> Iterator[str]:
    """Names the statement binds in its own scope (not inside a nested definition)."""
    stack: list[ast.AST] = [statement]
    while stack:
        node = stack.pop()
        if type(node) is ast.Name and type(node.ctx) is ast.Store:
            yield node.id
        stack.extend(
            child for child in ast.iter_child_nodes(node) if not isinstance(child, _NESTED)
        )
