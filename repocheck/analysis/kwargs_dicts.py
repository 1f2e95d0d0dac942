"""What a ``**name`` argument can carry, when the program writes ``name`` out as a dict.

``RandomForestClassifier(**params_rf)`` may be given ``random_state`` through the dict, so a
call passing ``**`` is trusted to carry any keyword. Where the program only ever binds the name
to dict literals with string keys (``params_rf = {"n_estimators": 30, "max_depth": 3}``) and
never changes the dict afterwards, the keys it can carry are those written there: a notebook's
cell of settings spread into an estimator names every setting it passes.
"""

from __future__ import annotations

import ast

from repocheck.analysis.imports import Program

#: Methods that add keys to a dict in place.
_FILLING = frozenset({"update", "setdefault", "__setitem__", "__ior__"})


def _literal_keys(value: ast.expr) -> frozenset[str] | None:
    """The keys of ``{"a": 1, "b": 2}``; None for anything else (``{**base}``, a computed key,
    a call)."""
    if not isinstance(value, ast.Dict):
        return None
    keys = []
    for key in value.keys:
        if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
            return None
        keys.append(key.value)
    return frozenset(keys)


def _written_dicts(program: Program) -> dict[str, frozenset[str] | None]:
    """Name -> the keys it can hold, for each name the program binds to a dict literal; None
    where some binding or change of the name may add any key."""
    found: dict[str, frozenset[str] | None] = {}
    unknown: set[str] = set()
    for unit in program.units:
        for node in ast.walk(unit.tree) if unit.tree is not None else ():
            if isinstance(node, ast.Assign):
                keys = _literal_keys(node.value)
                for target in node.targets:
                    if not isinstance(target, ast.Name) or keys is None:
                        unknown.update(_stored_names(target))
                    else:
                        found[target.id] = (found.get(target.id) or frozenset()) | keys
            else:
                unknown.update(_rebound(node))
    for name in unknown:
        found[name] = None
    return found


def _rebound(node: ast.AST) -> set[str]:
    """Names a node other than a plain assignment binds or changes in place."""
    if isinstance(node, ast.arg):
        return {node.arg}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.comprehension)):
        return _stored_names(node.target)
    if isinstance(node, (ast.With, ast.AsyncWith)):
        return {name for item in node.items for name in _stored_names(item.optional_vars)}
    if isinstance(node, ast.NamedExpr):
        return {node.target.id}
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return set(node.names)
    if isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
        return _stored_names(node.value)  # ``params["random_state"] = 0``
    if isinstance(node, ast.Attribute) and node.attr in _FILLING:
        return _stored_names(node.value)  # ``params.update(seed_args)``
    return set()


def _stored_names(node: ast.expr | None) -> set[str]:
    if node is None:
        return set()
    return {inner.id for inner in ast.walk(node) if isinstance(inner, ast.Name)}


def star_kwargs_keys(node: ast.Call, program: Program) -> frozenset[str] | None:
    """The keywords the ``**`` arguments of ``node`` can carry, when each is a name the program
    only writes out as a dict literal; None when one may carry any keyword."""
    spread = [item.value for item in node.keywords if item.arg is None]
    if not spread:
        return frozenset()
    dicts = program.derived.get("written_dicts")
    if dicts is None:
        dicts = program.derived["written_dicts"] = _written_dicts(program)
    assert isinstance(dicts, dict)
    keys: frozenset[str] = frozenset()
    for value in spread:
        held = dicts.get(value.id) if isinstance(value, ast.Name) else _literal_keys(value)
        if held is None:
            return None
        keys |= held
    return keys


def may_carry(node: ast.Call, program: Program, keyword: str) -> bool:
    """Whether a ``**`` argument of ``node`` may carry ``keyword`` (``random_state``)."""
    keys = star_kwargs_keys(node, program)
    return keys is None or keyword in keys
