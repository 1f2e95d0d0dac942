"""Loss-function mistakes (SANITY004): softmax fed to CrossEntropyLoss or NLLLoss, a model that
ends in softmax where CrossEntropyLoss trains it, NLLLoss without log-probabilities."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from repocheck.analysis.cache import per_object
from repocheck.analysis.ml_code import NUMERIC_LIBRARIES, Code, Finding, Repo, each
from repocheck.analysis.ml_names import method, terminal
from repocheck.facts.snapshot import SourceUnit

# ---------------------------------------------------------------------------- loss functions

_CROSS_ENTROPY = ("torch.nn.CrossEntropyLoss", "torch.nn.functional.cross_entropy")
_NLL = ("torch.nn.NLLLoss", "torch.nn.functional.nll_loss")
_LOSS_FIXES = {
    _CROSS_ENTROPY: "pass logits; CrossEntropyLoss applies log_softmax itself",
    _NLL: "feed NLLLoss log_softmax(x), not softmax(x)",
}


@per_object
def _loss_calls(code: Code) -> dict[str, list[tuple[SourceUnit, ast.Call]]]:
    """Calls of each loss (``F.cross_entropy(x, y)``, ``criterion(x, y)``,
    ``nn.NLLLoss()(x, y)``), and under ``"log"`` the calls computing log-probabilities."""
    found: dict[str, list[tuple[SourceUnit, ast.Call]]] = {"log": []}
    bound = {cls: code.bound_to(cls.__eq__) for cls, _ in _KINDS}
    for _, unit, call in each([code], ast.Call):
        func = call.func
        name = code.resolve(func.func if isinstance(func, ast.Call) else func)
        if (name or method(call) or "").rpartition(".")[2] in _LOG_PROBABILITIES:
            found["log"].append((unit, call))
        for cls, function in _KINDS:
            if isinstance(func, ast.Call):
                hit = name == cls
            else:
                hit = name == function or (not name and terminal(func) in bound[cls])
            if hit:
                found.setdefault(cls, []).append((unit, call))
    return found


_KINDS = (_CROSS_ENTROPY, _NLL)
_LOG_PROBABILITIES = frozenset({"log_softmax", "LogSoftmax", "log"})


def _is_softmax(code: Code, expr: ast.AST | None) -> bool:
    """``F.softmax(x, 1)``, ``torch.softmax(x, 1)``, ``x.softmax(-1)``, ``nn.Softmax(1)(x)``;
    not ``self.softmax(x)`` where ``self.softmax = nn.LogSoftmax(dim=1)``: a layer is what it
    is built as, whatever its name."""
    if not isinstance(expr, ast.Call):
        return False
    func = expr.func
    if isinstance(func, ast.Call):
        return code.resolve(func.func).endswith("nn.Softmax")
    name = code.resolve(func)
    if name.rpartition(".")[2] == "softmax":
        return True
    return not name and method(expr) == "softmax" and not _built_as_other(code, func)


def _built_as_other(code: Code, func: ast.expr) -> bool:
    """``func`` (``self.softmax``) is assigned calls in the program, each known and none of
    them a softmax."""
    callees = _callees(code).get(terminal(func) or "", set())
    return bool(callees) and all(c and c.rpartition(".")[2] not in _SOFTMAXES for c in callees)


_SOFTMAXES = frozenset({"Softmax", "softmax"})


@per_object
def _callees(code: Code) -> dict[str, set[str]]:
    """Name (``x`` or ``self.x``) -> the resolved calls assigned to it in the program."""
    found: dict[str, set[str]] = {}
    for callee, names in code.bindings.items():
        for name in names:
            found.setdefault(name, set()).add(callee)
    return found


#: Tensor methods whose result holds what the tensor held (probabilities stay probabilities):
#: a mean over a clip's frames, a cast, a move, a reshape.
_KEEPING = frozenset(
    {"mean", "float", "double", "half", "to", "cuda", "cpu", "detach", "clone", "contiguous"}
    | {"squeeze", "unsqueeze", "view", "reshape"}
)
#: How many names a value is followed back through (``probs = frames.mean(1)`` after
#: ``frames = torch.softmax(x, -1).float()`` is two).
_HOPS = 3


def _softmax_value(
    code: Code, unit: SourceUnit, scope: ast.AST | None, expr: ast.AST | None, line: int
) -> bool:
    """``expr`` is a softmax, or a name last assigned one before ``line`` in ``scope``, maybe
    through methods that keep what it holds (``torch.softmax(x, -1).float().mean(dim=1)``)."""
    for _ in range(_HOPS):
        value = _last_value(code, unit, scope, expr, line)
        while (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr in _KEEPING
            and not _is_softmax(code, value)
        ):
            value = value.func.value
        if _is_softmax(code, value):
            return True
        if not isinstance(value, ast.Name):
            return False
        expr, line = value, value.lineno
    return False


def _last_value(
    code: Code, unit: SourceUnit, scope: ast.AST | None, expr: ast.AST | None, line: int
) -> ast.AST | None:
    """``expr``, or for a name the value last assigned it before ``line`` in ``scope``."""
    if not isinstance(expr, ast.Name):
        return expr
    assigned = [
        node
        for node in code.inside(unit, scope, ast.Assign)
        if node.lineno < line
        and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
    ]
    return max(assigned, key=lambda n: n.lineno).value if assigned else None


def _fed_softmax(code: Code, unit: SourceUnit, call: ast.Call) -> bool:
    first = call.args[0] if call.args else None
    scopes = code.functions_around(unit, call)
    return _softmax_value(code, unit, scopes[0] if scopes else None, first, call.lineno)


def softmax_into_loss(repo: Repo) -> list[Finding]:
    """CrossEntropyLoss/NLLLoss given softmax probabilities, or a model that ends in softmax
    while the code that builds it trains with CrossEntropyLoss. Warnings."""
    found = []
    for code in repo.torch_codes:
        for kind, fix in _LOSS_FIXES.items():
            found += [
                Finding("softmax-into-loss", unit, call.lineno, fix, False)
                for unit, call in _loss_calls(code).get(kind[0], ())
                if _fed_softmax(code, unit, call)
            ]
    ce_codes = [code for code in repo.torch_codes if _loss_calls(code).get(_CROSS_ENTROPY[0])]
    if found or not ce_codes:
        return found
    fix = "return logits; CrossEntropyLoss applies log_softmax itself"
    # A head in the program that trains is both a layer there and its model's output: once.
    places = {
        (id(unit), line): (unit, line)
        for unit, line in [*_softmax_layers(ce_codes), *_softmax_forwards(repo, ce_codes)]
    }
    return [Finding("softmax-output", unit, line, fix, False) for unit, line in places.values()]


def _softmax_layers(ce_codes: list[Code]) -> Iterator[tuple[SourceUnit, int]]:
    """``nn.Sequential(..., nn.Softmax(dim=1))`` where CrossEntropyLoss is used; not a block a
    class with a ``forward()`` holds (a decoder's gene proportions, attention weights): what
    such a class outputs is what its ``forward()`` returns, which ``_softmax_forwards`` reads."""
    for code, unit, call in each(ce_codes, ast.Call):
        line = _softmax_ending(code, call)
        if line is not None and id(call) not in _held_by_a_forward(code):
            yield unit, line


@per_object
def _held_by_a_forward(code: Code) -> frozenset[int]:
    """ids of the calls assigned to ``self.x`` inside classes that define ``forward()``."""
    held: set[int] = set()
    for _, unit, cls in each([code], ast.ClassDef):
        if not any(
            isinstance(item, ast.FunctionDef) and item.name == "forward" for item in cls.body
        ):
            continue
        for node in code.inside(unit, cls, ast.Assign):
            if len(node.targets) == 1 and _own_attribute(node.targets[0]) is not None:
                held.add(id(node.value))
    return frozenset(held)


def _softmax_ending(code: Code, call: ast.AST | None) -> int | None:
    """The line of the ``nn.Softmax`` that ends ``nn.Sequential(..., nn.Softmax())``."""
    if not isinstance(call, ast.Call) or not call.args:
        return None
    last = call.args[-1]
    if (
        isinstance(last, ast.Call)
        and code.resolve(call.func).endswith("nn.Sequential")
        and code.resolve(last.func).endswith("nn.Softmax")
    ):
        return last.lineno
    return None


def _softmax_forwards(repo: Repo, ce_codes: list[Code]) -> Iterator[tuple[SourceUnit, int]]:
    """A project model whose ``forward()`` ends in softmax, defined or built in a program
    that uses CrossEntropyLoss (a policy network elsewhere may well output probabilities).
    A program that defines its own class of that name builds its own: ``Net()`` in one
    experiment is not the ``Net`` of another."""
    defining: dict[str, set[int]] = {}
    for code, _, node in each(repo.torch_codes, ast.ClassDef):
        defining.setdefault(node.name, set()).add(id(code))
    parts = _components(repo)
    for code, unit, node in each(repo.torch_codes, ast.ClassDef):
        if node.name in parts or node.name not in repo.model_classes:
            continue
        if code in ce_codes or _built_in(repo, node.name, code, ce_codes, defining):
            yield from ((unit, line) for line in _softmax_returns(code, unit, node))


def _built_in(
    repo: Repo, name: str, defined_in: Code, codes: list[Code], defining: dict[str, set[int]]
) -> bool:
    """Class ``name`` of ``defined_in`` is called in one of ``codes`` that does not define a
    class of that name itself."""
    own = defining.get(name, set())
    return any(
        site[0] in codes and (site[0] is defined_in or id(site[0]) not in own)
        for site in repo.call_sites.get(name, ())
    )


def _components(repo: Repo) -> set[str]:
    """Model classes used as a part of another model: built inside another model class
    (``self.attention = Attention(...)``) or handed to its constructor
    (``Decoder(..., attention)``). An attention block returns softmax weights by design; its
    output is not what the loss sees."""
    models = repo.model_classes
    parts: set[str] = set()
    for code, unit, cls in each(repo.torch_codes, ast.ClassDef):
        if cls.name in models:
            for call in code.inside(unit, cls, ast.Call):
                name = _project_class(code, call, models)
                if name and name != cls.name:
                    parts.add(name)
    for code in repo.torch_codes:
        instances = code.bound_to(
            lambda name: name.rpartition(".")[2] in models and not _from_a_library(name)
        )
        for _, _, call in each([code], ast.Call):
            if terminal(call.func) not in models:
                continue
            for argument in [*call.args, *(item.value for item in call.keywords)]:
                if isinstance(argument, ast.Call) and _project_class(code, argument, models):
                    parts.add(terminal(argument.func) or "")
                elif terminal(argument) in instances:
                    parts.update(_classes_bound(code, terminal(argument) or "", models))
    return parts


def _classes_bound(code: Code, name: str, models: frozenset[str]) -> set[str]:
    """The model classes whose instances ``name`` is assigned in ``code``."""
    return {
        callee.rpartition(".")[2]
        for callee, targets in code.bindings.items()
        if name in targets and callee.rpartition(".")[2] in models and not _from_a_library(callee)
    }


def _project_class(code: Code, call: ast.Call, models: frozenset[str]) -> str | None:
    """The project model class ``call`` builds, or None: ``nn.LSTM(...)`` builds torch's
    layer, not a project class that happens to be called ``LSTM`` too."""
    name = terminal(call.func)
    if name not in models or _from_a_library(code.resolve(call.func)):
        return None
    return name


def _from_a_library(name: str) -> bool:
    """``name`` (resolved, dotted) lives in a numeric or deep-learning library."""
    return name.partition(".")[0] in NUMERIC_LIBRARIES


def _softmax_returns(code: Code, unit: SourceUnit, cls: ast.ClassDef) -> Iterator[int]:
    """Lines where ``forward()`` ends in softmax: a return of a softmax, or of a head the class
    builds as ``self.head = nn.Sequential(..., nn.Softmax())`` (the line of that softmax)."""
    heads: dict[str, int] | None = None
    for item in cls.body:
        if not isinstance(item, ast.FunctionDef) or item.name != "forward":
            continue
        # Only a return at the top of forward(): one inside `if not self.training` is deliberate.
        for statement in item.body:
            if not isinstance(statement, ast.Return):
                continue
            value = _last_value(code, unit, item, statement.value, statement.lineno)
            if _is_softmax(code, value):
                yield statement.lineno
                continue
            attribute = _own_call(value)
            if attribute is not None:
                heads = _softmax_heads(code, unit, cls) if heads is None else heads
                if attribute in heads:
                    yield heads[attribute]


def _own_call(value: ast.AST | None) -> str | None:
    """``head`` in ``self.head(x)``."""
    if not isinstance(value, ast.Call) or not isinstance(value.func, ast.Attribute):
        return None
    owner = value.func.value
    return value.func.attr if isinstance(owner, ast.Name) and owner.id == "self" else None


def _softmax_heads(code: Code, unit: SourceUnit, cls: ast.ClassDef) -> dict[str, int]:
    """The class's ``self.name = nn.Sequential(..., nn.Softmax())`` -> the softmax's line."""
    heads: dict[str, int] = {}
    for node in code.inside(unit, cls, ast.Assign):
        name = _own_attribute(node.targets[0]) if len(node.targets) == 1 else None
        line = _softmax_ending(code, node.value) if name is not None else None
        if name is not None and line is not None:
            heads[name] = line
    return heads


def _own_attribute(target: ast.AST | None) -> str | None:
    """``head`` in ``self.head = ...``."""
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        return target.attr if target.value.id == "self" else None
    return None


def nll_without_log_softmax(repo: Repo) -> list[Finding]:
    """NLLLoss used where nothing computes log-probabilities (log_softmax, LogSoftmax, log)."""
    uses = [site for code in repo.torch_codes for site in _loss_calls(code).get(_NLL[0], ())]
    if not uses or any(_loss_calls(code)["log"] for code in repo.torch_codes):
        return []
    fix = "end the model with log_softmax, or use CrossEntropyLoss"
    unit, call = uses[0]
    return [Finding("nll-without-log-softmax", unit, call.lineno, fix, False)]
