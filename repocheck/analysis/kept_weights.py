"""Best weights kept by reference (SANITY004).

``best_state = model.state_dict()`` (or its shallow ``.copy()``, ``dict(...)``) taken inside a
loop that trains, then ``model.load_state_dict(best_state)`` after it: a PyTorch state dict
holds the module's live tensors, which every later optimizer step updates in place, so the
"best" weights restored are the last ones and the score reported after is not the best
epoch's. ``copy.deepcopy(model.state_dict())`` or a saved file keep them. Read from the few
``load_state_dict`` calls of each program, within the function that makes each.
"""

from __future__ import annotations

import ast

from repocheck.analysis.ml_code import Code, Finding, Repo
from repocheck.analysis.ml_names import method, terminal, tokens
from repocheck.analysis.scripts import training_call
from repocheck.facts.snapshot import SourceUnit

#: Calls that copy a dict but not the tensors in it.
_SHALLOW = frozenset({"dict", "OrderedDict", "collections.OrderedDict"})
#: Owners whose state is not a model's weights.
_NOT_A_MODEL = frozenset({"optimizer", "optim", "opt", "optimiser", "scheduler", "scaler"})
_BLOCKS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try)
FIX = "keep copy.deepcopy(model.state_dict())"


def _state_of_a_model(node: ast.expr) -> bool:
    """``model.state_dict()``, not ``optimizer.state_dict()``."""
    if not isinstance(node, ast.Call) or method(node) != "state_dict":
        return False
    owner = terminal(node.func.value) if isinstance(node.func, ast.Attribute) else None
    return not _NOT_A_MODEL.intersection(tokens(owner or ""))


def _by_reference(code: Code, value: ast.expr) -> bool:
    """The state dict itself, ``.copy()`` of it, or ``dict(...)`` of it: the same tensors."""
    if _state_of_a_model(value):
        return True
    if not isinstance(value, ast.Call):
        return False
    if method(value) == "copy" and not value.args and isinstance(value.func, ast.Attribute):
        return _state_of_a_model(value.func.value)
    shallow = code.resolve(value.func) in _SHALLOW or terminal(value.func) in _SHALLOW
    return shallow and len(value.args) == 1 and _state_of_a_model(value.args[0])


def _leaves_after(code: Code, unit: SourceUnit, statement: ast.stmt) -> bool:
    """A ``break`` or ``return`` after ``statement`` in its own block: nothing trains after."""
    holders = code.around(unit, statement, *_BLOCKS)
    if not holders:
        return False
    holder = holders[0]
    blocks = [getattr(holder, field, []) for field in ("body", "orelse", "finalbody")]
    blocks += [handler.body for handler in getattr(holder, "handlers", [])]
    for block in blocks:
        if statement in block:
            rest = block[block.index(statement) + 1 :]
            return any(isinstance(later, (ast.Break, ast.Return)) for later in rest)
    return False


def _trains(code: Code, unit: SourceUnit, loop: ast.AST) -> bool:
    return any(map(training_call, code.inside(unit, loop, ast.Call)))


def best_weights_by_reference(repo: Repo) -> list[Finding]:
    """State dicts kept in a training loop by reference and loaded back after it."""
    found: dict[int, Finding] = {}
    for code, unit, load in repo.method_calls({"load_state_dict"}, repo.torch_codes):
        if len(load.args) != 1 or not isinstance(load.args[0], ast.Name):
            continue
        name = load.args[0].id
        scopes = code.functions_around(unit, load)
        for statement in code.inside(unit, scopes[0] if scopes else None, ast.Assign):
            if statement.lineno >= load.lineno or id(statement) in found:
                continue
            targets = statement.targets
            if len(targets) != 1 or not isinstance(targets[0], ast.Name) or targets[0].id != name:
                continue
            if not _by_reference(code, statement.value):
                continue
            loops = code.loops_around(unit, statement)  # innermost first: [-1] is outermost
            if not loops or not _trains(code, unit, loops[-1]):
                continue
            if not _leaves_after(code, unit, statement):
                kind = "best-state-aliased"
                found[id(statement)] = Finding(kind, unit, statement.lineno, FIX, True)
    return list(found.values())
