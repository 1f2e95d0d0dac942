"""Where the value a generator is seeded with comes from (REPRO001).

``np.random.RandomState(seed)`` is seeded only if ``seed`` is fixed. Read inside the call,
a seed built from the clock or from another generator (``RandomState(random.randint(1,
100))``) is no seed; so is a name the same function assigned from one before the call
(``seed = random.randint(1, 100)`` then ``RandomState(seed)``): the generator then draws
differently on every run, though the call carries a seed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import Call, Program
from repocheck.analysis.scopes import functions_around, parameter_names
from repocheck.facts.snapshot import SourceUnit, breadth_first

#: Calls inside a seed argument that make it different on every run.
ENTROPY = ("time.", "datetime.", "os.urandom", "secrets.", "random.", "numpy.random.", "uuid.")

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)


def from_entropy(node: ast.AST, program: Program) -> bool:
    """The expression calls the clock, the OS's entropy or another generator."""
    for inner in breadth_first(node):
        if isinstance(inner, ast.Call) and (program.resolve(inner.func) or "").startswith(ENTROPY):
            return True
    return False


def drawn_name(call: Call, argument: ast.expr | None, program: Program) -> bool:
    """``argument`` is a name that the function around ``call`` (or the module) assigns
    from the clock or a generator on some line before the call."""
    if not isinstance(argument, ast.Name):
        return False
    scope = _enclosing(call)
    drawn = any(
        argument.id in _assigned(statement)
        and statement.value is not None
        and from_entropy(statement.value, program)
        for statement in _statements_before(scope, call.node.lineno)
    )
    return drawn and not _reported(scope, argument.id)


def salted_seed(call: Call, program: Program) -> bool:
    """The seed argument hashes a string written in place (``random.seed(hash("setting random
    seeds") % 2**32 - 1)``): Python salts the hash of a string afresh in every process unless
    PYTHONHASHSEED is set, so the seed changes on every run. Only the builtin ``hash``; the
    hash of a number is fixed."""
    arguments = [*call.node.args, *(k.value for k in call.node.keywords)]
    return any(
        isinstance(inner, ast.Call)
        and isinstance(inner.func, ast.Name)
        and inner.func.id == "hash"
        and program.resolve(inner.func) is None
        and len(inner.args) == 1
        and _string(inner.args[0])
        for argument in arguments[:1]
        for inner in breadth_first(argument)
    )


def _string(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))
    )


def switched_off(call: Call) -> bool:
    """The call runs only under ``if switch:`` where ``switch`` is a name the file sets to a
    falsy constant and to nothing else (``random_seed = 0  # 0 = no random seed``), and no
    function around the call takes it as a parameter: as written, the seed never runs."""
    unit = call.unit
    if unit.tree is None:
        return False
    line = call.node.lineno
    switches = {
        branch.test.id
        for branch in unit.of_type(ast.If)
        if isinstance(branch.test, ast.Name)
        and branch.lineno <= line <= (branch.end_lineno or branch.lineno)
        and any(_holds(statement, call.node) for statement in branch.body)
    }
    return any(_set_off(unit, name) and not _parameter(call, name) for name in switches)


def _holds(outer: ast.AST, inner: ast.AST) -> bool:
    return any(node is inner for node in ast.walk(outer))


def _set_off(unit: SourceUnit, name: str) -> bool:
    """Every binding of ``name`` in the file is an assignment of a falsy constant."""
    values = _plain_values(unit)
    bindings = [
        node
        for node in unit.of_type(ast.Name)
        if node.id == name and isinstance(node.ctx, ast.Store)
    ]
    return bool(bindings) and all(
        isinstance(value := values.get(id(node)), ast.Constant) and not value.value
        for node in bindings
    )


@per_object
def _plain_values(unit: SourceUnit) -> dict[int, ast.expr | None]:
    """The value each plain ``name = value`` (or ``name: T = value``) binds, by the target
    name's node; any other binding (a loop, a tuple, ``with ... as``) has none."""
    found: dict[int, ast.expr | None] = {}
    for node in unit.of_type(ast.Assign, ast.AnnAssign):
        value: ast.expr | None = (
            node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
        )
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                found[id(target)] = value
    return found


def _parameter(call: Call, name: str) -> bool:
    return any(name in parameter_names(f) for f in functions_around(call.unit, call.node.lineno))


def _reported(scope: ast.AST | None, name: str) -> bool:
    """The function prints or logs the seed it picked: the run can be repeated with it,
    which is how dcgan picks its seed (and draw_context.py does not count that draw)."""
    for node in ast.walk(scope) if scope is not None else ():
        if isinstance(node, ast.Call) and callee_name(node.func) in _REPORTERS:
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            if any(
                isinstance(n, ast.Name) and n.id == name for a in arguments for n in ast.walk(a)
            ):
                return True
    return False


#: Calls that show a value to whoever runs the program: print, a logger, a tracker.
_REPORTERS = frozenset({"print", "info", "debug", "warning", "log", "log_param", "log_params"})


def callee_name(func: ast.expr) -> str:
    """The simple name a call is made by: ``f`` in ``f(x)``, ``step`` in ``opt.step()``."""
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _enclosing(call: Call) -> ast.AST | None:
    """The innermost function holding the call, else the module (or notebook cell)."""
    around = functions_around(call.unit, call.node.lineno)
    return around[-1] if around else call.unit.tree


def _statements_before(scope: ast.AST | None, line: int) -> Iterator[ast.Assign | ast.AnnAssign]:
    """Assignments in ``scope``'s own body (not nested functions') above ``line``."""
    if scope is None:
        return
    # An assignment is a statement: only blocks of statements are read, not the expressions
    # in them (a module's whole tree, for every seeding call at its top level).
    todo: list[ast.AST] = list(getattr(scope, "body", []))
    while todo:
        node = todo.pop()
        if isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            continue
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.lineno < line:
            yield node
        for block in _BLOCKS:
            inner = getattr(node, block, None)
            if type(inner) is list:
                todo.extend(inner)


#: The fields of statements (and of except handlers and match cases) that hold statements.
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


def _assigned(statement: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
    return {target.id for target in targets if isinstance(target, ast.Name)}


def only_seeds_with(call: Call, name: str) -> bool:
    """Every read of ``name`` in the scope around ``call`` is a seed handed to a seeding call
    (a callee named ``*seed*``): the drawn seed is kept nowhere a rerun could find it (not in
    a config, a results row, a file name)."""
    scope = _enclosing(call)
    if scope is None:
        return False
    handed = set()
    for node in ast.walk(scope):
        if isinstance(node, ast.Call) and "seed" in callee_name(node.func).lower():
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            handed |= {id(a) for a in arguments if isinstance(a, ast.Name)}
    return all(
        id(node) in handed
        for node in ast.walk(scope)
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)
    )
