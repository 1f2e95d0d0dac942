"""A Keras model ending in sigmoid or softmax, compiled with a cross-entropy set
``from_logits=True`` (SANITY004).

``from_logits=True`` tells the loss that the model's outputs are raw scores, to which it applies
the sigmoid or softmax itself. A model whose last layer already applies one hands it
probabilities, squashed a second time: the loss saturates, the gradients shrink, and Keras says
only "Was this intended?" at the first batch. Read where the code shows both ends: the model a
``compile()`` is called on, built in the same scope (``Sequential([...])`` or its last
``add()``, a functional ``Model(inputs, outputs)`` whose outputs come from one layer call, or a
project's subclassed model whose ``call()`` returns one of its own layers), and the loss given
to that ``compile()`` (a call, or a name assigned one). A model built any other way, or a loss
named by a string (which takes probabilities), is left alone.
"""

from __future__ import annotations

import ast
from typing import cast

from repocheck.analysis.ml_code import Code, Finding, Repo, each
from repocheck.facts.snapshot import SourceUnit
from repocheck.patterns import compile_on_use

_KERAS = r"^(tensorflow\.)?(tf_)?keras(\.\w+)*\."
_LOGITS_LOSS = compile_on_use(
    _KERAS + r"(Binary|Categorical|SparseCategorical|BinaryFocal|CategoricalFocal)Crossentropy$"
)
_SEQUENTIAL = compile_on_use(_KERAS + r"Sequential$")
_FUNCTIONAL = compile_on_use(_KERAS + r"(Model|Functional)$")
_SQUASHING_LAYER = compile_on_use(_KERAS + r"(Softmax)$")
_ACTIVATION_LAYER = compile_on_use(_KERAS + r"Activation$")
_DENSE = compile_on_use(_KERAS + r"Dense$")
#: Activation functions given by reference: ``activation=tf.nn.softmax``.
_SQUASHING_FUNCTION = compile_on_use(
    r"^tensorflow\.(nn\.)?(sigmoid|softmax)$|" + _KERAS + r"activations\.(sigmoid|softmax)$"
)
_SQUASHING_NAMES = frozenset({"sigmoid", "softmax"})
FIX = "end the model in logits (no activation) or set from_logits=False"

Place = tuple[SourceUnit, int]
_ASSIGNMENTS = (ast.Assign, ast.AnnAssign)


def probabilities_as_logits(repo: Repo) -> list[Finding]:
    """The last layer of each model compiled with a from_logits=True loss, where it squashes."""
    found: dict[tuple[int, int], Finding] = {}
    for code in repo.codes:
        if not code.mentions("from_logits"):
            continue
        for unit, call in code.method_calls(["compile"]):
            func = call.func
            if not isinstance(func, ast.Attribute) or not isinstance(func.value, ast.Name):
                continue
            loss = _loss_of(call)
            if loss is None or not _from_logits(code, _value_of(code, unit, loss, call)):
                continue
            model = _value_of(code, unit, func.value, call)
            place = _squashing_end(repo, code, unit, func.value.id, model, call)
            if place is not None:
                key = (id(place[0]), place[1])
                found[key] = Finding("probabilities-as-logits", place[0], place[1], FIX, False)
    return list(found.values())


def _loss_of(compile_call: ast.Call) -> ast.expr | None:
    """``loss=`` of ``model.compile(optimizer, loss, ...)``."""
    for keyword in compile_call.keywords:
        if keyword.arg == "loss":
            return keyword.value
    return compile_call.args[1] if len(compile_call.args) > 1 else None


def _from_logits(code: Code, loss: ast.expr | None) -> bool:
    return (
        isinstance(loss, ast.Call)
        and _LOGITS_LOSS.search(code.resolve(loss.func)) is not None
        and any(
            keyword.arg == "from_logits"
            and isinstance(keyword.value, ast.Constant)
            and keyword.value.value is True
            for keyword in loss.keywords
        )
    )


def _value_of(code: Code, unit: SourceUnit, expr: ast.expr, before: ast.expr) -> ast.expr | None:
    """``expr``, or for a plain name the value last assigned it before ``before``: in the same
    function, or at the top level of this unit and the program's units before it (a notebook's
    earlier cells)."""
    if not isinstance(expr, ast.Name):
        return expr
    assignment = _last_assignment(code, unit, expr.id, before)
    return assignment.value if assignment is not None else None


def _last_assignment(
    code: Code, unit: SourceUnit, name: str, before: ast.expr
) -> ast.Assign | ast.AnnAssign | None:
    scopes = code.functions_around(unit, before)
    units = [unit] if scopes else list(code.units[: code.units.index(unit) + 1])
    latest: ast.Assign | ast.AnnAssign | None = None
    for each_unit in units:
        nodes = code.inside(each_unit, scopes[0] if scopes else None, *_ASSIGNMENTS)
        for node in cast("list[ast.Assign | ast.AnnAssign]", nodes):
            if each_unit is unit and node.lineno >= before.lineno:
                break
            if not scopes and code.functions_around(each_unit, node):
                continue  # a local of some function, not this top-level name
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is not None and any(
                isinstance(t, ast.Name) and t.id == name for t in targets
            ):
                latest = node
    return latest


def _squashing_end(
    repo: Repo, code: Code, unit: SourceUnit, name: str, model: ast.expr | None, at: ast.Call
) -> Place | None:
    """Where the model ``name`` (built as ``model``) applies sigmoid or softmax last."""
    if not isinstance(model, ast.Call):
        return None
    callee = code.resolve(model.func)
    if _SEQUENTIAL.search(callee):
        layers = model.args[0] if model.args else None
        last = (
            layers.elts[-1] if isinstance(layers, (ast.List, ast.Tuple)) and layers.elts else None
        )
        added = _last_added(code, unit, name, model, at)
        last = added if added is not None else last
        return (unit, last.lineno) if last is not None and _squashes(code, last) else None
    if _FUNCTIONAL.search(callee):
        outputs = next((k.value for k in model.keywords if k.arg == "outputs"), None)
        if outputs is None and len(model.args) > 1:
            outputs = model.args[1]
        value = _value_of(code, unit, outputs, model) if outputs is not None else None
        layer = value.func if isinstance(value, ast.Call) else None
        return (unit, layer.lineno) if layer is not None and _squashes(code, layer) else None
    return _subclass_end(repo, code, model)


def _last_added(
    code: Code, unit: SourceUnit, name: str, built: ast.Call, at: ast.Call
) -> ast.expr | None:
    """The layer of the last ``name.add(layer)`` between building the model and compiling it."""
    last = None
    for each_unit, call in code.method_calls(["add"]):
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == name
            and len(call.args) == 1
            and _between(code, (unit, built), (each_unit, call), (unit, at))
        ):
            last = call.args[0]
    return last


def _between(code: Code, *places: tuple[SourceUnit, ast.expr]) -> bool:
    """The places run in this order, in one function (or all at the top level)."""
    order = [(code.units.index(u), node.lineno, node.col_offset) for u, node in places]
    scopes = {id(next(iter(code.functions_around(u, node)), None)) for u, node in places}
    return order == sorted(order) and len(scopes) == 1


def _squashes(code: Code, layer: ast.expr) -> bool:
    """A layer that applies sigmoid or softmax: ``Dense(1, activation="sigmoid")``,
    ``Dense(10, "softmax")``, ``Activation("softmax")``, ``Softmax()``."""
    if not isinstance(layer, ast.Call):
        return False
    callee = code.resolve(layer.func)
    if _SQUASHING_LAYER.search(callee):
        return True
    activation = next((k.value for k in layer.keywords if k.arg == "activation"), None)
    if activation is None and _ACTIVATION_LAYER.search(callee) and layer.args:
        activation = layer.args[0]
    if activation is None and _DENSE.search(callee) and len(layer.args) > 1:
        activation = layer.args[1]
    if isinstance(activation, ast.Constant):
        return activation.value in _SQUASHING_NAMES
    return (
        activation is not None and _SQUASHING_FUNCTION.search(code.resolve(activation)) is not None
    )


def _subclass_end(repo: Repo, code: Code, built: ast.Call) -> Place | None:
    """The squashing head a project's one class of that name returns from ``call()``."""
    callee = code.resolve(built.func)
    name = callee.rpartition(".")[2] or (built.func.id if isinstance(built.func, ast.Name) else "")
    classes = {
        id(node): (owner, unit, node)
        for owner, unit, node in each(repo.codes, ast.ClassDef)
        if node.name == name
    }
    if len(classes) != 1:
        return None
    owner, unit, cls = next(iter(classes.values()))
    heads = {
        target.attr: node.value
        for node in owner.inside(unit, cls, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    }
    for item in cls.body:
        if not isinstance(item, ast.FunctionDef) or item.name != "call":
            continue
        value = _returned(item)
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            owner_name = value.func.value
            head = heads.get(value.func.attr)
            if isinstance(owner_name, ast.Name) and owner_name.id == "self" and head is not None:
                return (unit, head.lineno) if _squashes(owner, head) else None
    return None


def _returned(method: ast.FunctionDef) -> ast.expr | None:
    """What the last top-level ``return`` of ``method`` gives back, read through the
    top-level assignment of a name it returns (``x = self.classifier(x)``, ``return x``)."""
    last: dict[str, ast.expr] = {}
    value = None
    for statement in method.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                last[target.id] = statement.value
        elif isinstance(statement, ast.Return):
            value = statement.value
            if isinstance(value, ast.Name):
                value = last.get(value.id)
    return value
