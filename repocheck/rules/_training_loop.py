"""Training-loop mistakes a reviewer spots (SANITY004), one small detector each.

Every detector takes the :class:`Repo` and returns :class:`Finding` s with a line and a one-line
fix. ``certain`` findings are mistakes whatever the rest of the code does (gradients never
reset, ``loss`` tensors kept across steps, ``x == np.nan``); the others depend on things the
code does not show (is the model fed softmax by design? does the caller disable gradients?)
and only warn. Lightning, Keras and Hugging Face run evaluation themselves: their hooks
(``validation_step``) are never flagged.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import cast

from repocheck.facts.snapshot import SourceUnit
from repocheck.rules._cache import per_object
from repocheck.rules._ml_code import (
    EVAL_SPLITS,
    Code,
    Finding,
    FunctionFacts,
    Repo,
    contains,
    derives_from_model,
    each,
    identifiers,
    is_backward,
    is_eval_switch,
    is_forward_call,
    is_model_name,
    is_train_switch,
    method,
    terminal,
    tokens,
)

# ---------------------------------------------------------------------------- gradients


def missing_zero_grad(repo: Repo) -> list[Finding]:
    """``backward()`` and ``optimizer.step()`` in a loop that never resets the gradients."""
    found: dict[int, Finding] = {}
    for code, unit, call in repo.calls(repo.torch_codes):
        loop = _training_loop(code, unit, call) if _local_backward(code, call) else None
        if loop is None or id(loop) in found or repo.zeroes_in(code, unit, loop):
            continue
        if _zeroed_around(repo, code, unit, loop):
            fix = "move optimizer.zero_grad() into the loop"
            found[id(loop)] = Finding("zero-grad-outside-loop", unit, call.lineno, fix, False)
        else:
            fix = "call optimizer.zero_grad() before backward()"
            found[id(loop)] = Finding("no-zero-grad", unit, call.lineno, fix, True)
    return list(found.values())


def _local_backward(code: Code, call: ast.Call) -> bool:
    """``loss.backward()``, not ``dist_autograd.backward(ctx, [loss])``: distributed autograd
    keeps gradients in its context, so the optimizer has nothing to reset."""
    return is_backward(call) and code.resolve(call.func) in ("", "torch.autograd.backward")


def _training_loop(code: Code, unit: SourceUnit, backward: ast.Call) -> ast.AST | None:
    """The innermost loop around ``backward`` that also steps an optimizer."""
    for loop in code.loops_around(unit, backward):
        if any(map(code.is_optimizer_step, code.inside(unit, loop, ast.Call))):
            return loop
    return None


def _zeroed_around(repo: Repo, code: Code, unit: SourceUnit, loop: ast.AST) -> bool:
    """Gradients are reset in the function around ``loop`` (for top-level code: anywhere in
    the program, since a notebook may do it in another cell)."""
    scopes = code.functions_around(unit, loop)
    if scopes:
        return repo.zeroes_in(code, unit, scopes[0])
    return any(repo.zeroes_in(code, other, None) for other in code.units)


_DETACHING = frozenset({"item", "detach", "tolist", "numpy", "detach_"})
_PLAIN = frozenset({"float", "int", "round", "str", "len", "bool"})


def carries_graph(expr: ast.AST, name: str) -> bool:
    """Whether ``expr`` evaluates to the tensor ``name`` with its autograd graph attached.

    ``loss * n`` and ``loss.mean()`` do; ``loss.item()``, ``loss.detach()``, ``float(loss)``
    and ``loss.shape`` do not.
    """
    if isinstance(expr, ast.Name):
        return expr.id == name
    if isinstance(expr, ast.Call):
        return _call_carries_graph(expr, name)
    if isinstance(expr, ast.BinOp):
        return carries_graph(expr.left, name) or carries_graph(expr.right, name)
    if isinstance(expr, ast.UnaryOp):
        return carries_graph(expr.operand, name)
    return False


def _call_carries_graph(call: ast.Call, name: str) -> bool:
    func = call.func
    if method(call) in _DETACHING or (isinstance(func, ast.Name) and func.id in _PLAIN):
        return False
    if isinstance(func, ast.Attribute) and carries_graph(func.value, name):
        return True
    arguments = [*call.args, *(item.value for item in call.keywords)]
    return any(carries_graph(argument, name) for argument in arguments)


def _backward_target(call: ast.Call) -> str | None:
    """The loss name in ``loss.backward()``, ``scaler.scale(loss).backward()``,
    ``accelerator.backward(loss)``."""
    assert isinstance(call.func, ast.Attribute)
    owner = call.func.value
    if isinstance(owner, ast.Call) and method(owner) == "scale" and owner.args:
        owner = owner.args[0]
    elif call.args:
        owner = call.args[0]
    return owner.id if isinstance(owner, ast.Name) else None


def _accumulator(node: ast.AST, loss: str) -> str | None:
    """The name that keeps ``loss`` across steps: ``total += loss``, ``total = total + loss``,
    ``losses.append(loss)``."""
    if isinstance(node, ast.AugAssign):
        return terminal(node.target) if carries_graph(node.value, loss) else None
    if isinstance(node, ast.Assign):
        return _self_sum(node, loss)
    if isinstance(node, ast.Call) and method(node) in ("append", "extend"):
        kept = any(carries_graph(argument, loss) for argument in node.args)
        return terminal(node.func) if kept else None
    return None


def _self_sum(node: ast.Assign, loss: str) -> str | None:
    """``total = total + loss`` (not ``loss = loss / accumulation_steps``)."""
    target = terminal(node.targets[0]) if len(node.targets) == 1 else None
    if target is None or target == loss or target not in identifiers(node.value):
        return None
    return target if carries_graph(node.value, loss) else None


def loss_accumulated(repo: Repo) -> list[Finding]:
    """The loss tensor summed or collected across steps: every step's graph stays in memory."""
    found: dict[int, Finding] = {}
    fix = "accumulate loss.item(), not the loss tensor"
    for code, unit, call in repo.calls(repo.torch_codes):
        loss = _backward_target(call) if is_backward(call) else None
        for node in _kept(code, unit, call, loss) if loss else ():
            found.setdefault(id(node), Finding("loss-kept", unit, node.lineno, fix, True))  # type: ignore[attr-defined]
    return list(found.values())


def _kept(code: Code, unit: SourceUnit, backward: ast.Call, loss: str) -> Iterator[ast.AST]:
    """Statements in the loop around ``loss.backward()`` that keep the ``loss`` tensor."""
    loops = code.loops_around(unit, backward)
    if not loops or _detached_again(code, unit, loops[0], loss):
        return
    scope = (code.functions_around(unit, backward) or loops)[0]
    backwarded = _backward_owners(code, unit, scope)
    for node in code.inside(unit, loops[0], ast.AugAssign, ast.Assign, ast.Call):
        keeper = _accumulator(node, loss)
        if keeper and keeper not in backwarded:
            yield node


def _detached_again(code: Code, unit: SourceUnit, loop: ast.AST, loss: str) -> bool:
    """``loss = loss.item()`` in the loop: from there on the name holds a number."""
    return any(
        any(terminal(target) == loss for target in node.targets)
        and loss in identifiers(node.value)
        and not carries_graph(node.value, loss)
        for node in code.inside(unit, loop, ast.Assign)
    )


def _backward_owners(code: Code, unit: SourceUnit, scope: ast.AST) -> set[str]:
    """Names whose ``.backward()`` is called: summing losses to backpropagate once is fine."""
    owners = {_backward_target(c) for c in code.inside(unit, scope, ast.Call) if is_backward(c)}
    return {owner for owner in owners if owner}


def forward_called(repo: Repo) -> list[Finding]:
    """``model.forward(x)`` where a model is run: skips the module's hooks (and DDP's gradient
    sync). A warning: without hooks or a wrapper the result is the same."""
    found = []
    fix = "call model(x); .forward() skips the module's hooks"
    for code in repo.torch_codes:
        built = code.bound_to(_model_class_of(repo, code))
        for _, unit, call in repo.calls([code]):
            if method(call) != "forward" or _inside_a_module(repo, code, unit, call):
                continue
            if _on_a_module(repo, code, call, built):
                found.append(Finding("forward-called", unit, call.lineno, fix, False))
    return found


def _model_class_of(repo: Repo, code: Code) -> Callable[[str], bool]:
    """Whether a resolved callee builds a torch model, as seen from ``code``: a class the
    program defines itself is judged by its own bases (a from-scratch numpy ``NeuralNetwork``
    is no module, whatever another notebook's class of that name is)."""
    own = {node.name: node for _, _, node in each([code], ast.ClassDef)}
    models = repo.model_classes

    def wanted(name: str) -> bool:
        last = name.rpartition(".")[2]
        if last not in models:
            return False
        node = own.get(last)
        return node is None or derives_from_model(code, node, models)

    return wanted


_FORWARD_METHODS = frozenset({"forward", "__call__", "call", "_forward", "forward_features"})


def _inside_a_module(repo: Repo, code: Code, unit: SourceUnit, call: ast.Call) -> bool:
    """``self.block.forward(x)`` inside a module's own forward (or any model method): how the
    module composes its parts, a matter of style rather than a training-loop mistake."""
    functions = code.functions_around(unit, call)
    if functions and functions[0].name in _FORWARD_METHODS:
        return True
    classes = code.around(unit, call, ast.ClassDef)
    return any(cls.name in repo.model_classes for cls in classes)


def _on_a_module(repo: Repo, code: Code, call: ast.Call, built: frozenset[str]) -> bool:
    """Whether ``x.forward(...)`` runs a torch module: ``x`` was built from a model class, or
    is named like a model in a project without hand-written (numpy) layers."""
    owner = call.func.value  # type: ignore[attr-defined]
    if isinstance(owner, ast.Call) or code.resolve(owner):
        return False  # super().forward(x), Base.forward(self, x)
    name = terminal(owner)
    if name == "self":
        return False
    return name in built or (is_model_name(name) and not repo.scratch_forward)


# ---------------------------------------------------------------------------- evaluation

_EVAL_NAME = re.compile(
    r"^_*(evaluate|evaluation|eval|validate|validation|valid|val|test|testing|estimate_loss)"
    r"(_|$)"
)
#: Framework hooks (Lightning's validation_step, on_validation_epoch_end): the framework
#: switches modes and gradients around them.
_HOOK = re.compile(r"(_step|_epoch_end|_batch_end)$|^on_")
_FRAMEWORKS = ("lightning", "pytorch_lightning", "transformers", "keras", "tensorflow")
_LOADER_WORDS = frozenset(
    {"loader", "dl", "dataloader", "data", "dataset", "ds", "set", "batches", "iter", "gen"}
)
_LOOP_NODES = (ast.For, ast.AsyncFor)
_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_FUNCTION_NODES = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class _Region:
    """Evaluation code: an evaluate()-like function or a loop over a validation loader."""

    code: Code
    unit: SourceUnit
    node: ast.AST
    forward: ast.Call

    @property
    def functions(self) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
        """The region itself when it is a function, then the functions around it."""
        own = [self.node] if isinstance(self.node, _FUNCTION_NODES) else []
        return [*own, *self.code.functions_around(self.unit, self.node)]


def _framework_methods(code: Code) -> set[int]:
    """ids of the methods of classes built on Lightning, Keras or transformers."""
    found: set[int] = set()
    for _, _, node in each([code], ast.ClassDef):
        bases = [code.resolve(base) or terminal(base) or "" for base in node.bases]
        if any(b.startswith(_FRAMEWORKS) or b.endswith("LightningModule") for b in bases):
            found.update(id(item) for item in node.body)
    return found


def _is_eval_loop(node: ast.For | ast.AsyncFor) -> bool:
    """``for x, y in val_loader``, ``tqdm(test_dl)``, ``dataloaders['val']``, ``testloader``."""
    words = {w for name in identifiers(node.iter) for w in tokens(name)} | _strings(node.iter)
    words |= {part for word in words for part in _split_compound(word)}
    plain = {w[:-1] if w.endswith("s") else w for w in words}
    return bool(words & EVAL_SPLITS) and bool((words | plain) & _LOADER_WORDS)


def _strings(expr: ast.expr) -> set[str]:
    """String constants in an expression, lower-cased (``dataloaders["val"]``)."""
    return {
        inner.value.lower()
        for inner in ast.walk(expr)
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str)
    }


def _split_compound(word: str) -> tuple[str, ...]:
    """``testloader`` -> (test, loader); anything else -> ()."""
    for split in EVAL_SPLITS:
        rest = word[len(split) :]
        if word.startswith(split) and rest in _LOADER_WORDS:
            return split, rest
    return ()


def _is_eval_function(node: ast.FunctionDef | ast.AsyncFunctionDef, hooks: set[int]) -> bool:
    """``evaluate()``, ``validate_epoch()``, ``estimate_loss()``; not framework hooks."""
    named = _EVAL_NAME.match(node.name) and not _HOOK.search(node.name)
    return bool(named) and id(node) not in hooks


def _first_forward(code: Code, unit: SourceUnit, node: ast.AST) -> ast.Call | None:
    """The first model call in ``node``, or None when it trains (backward), runs no model, or
    runs it on made-up input (a self-demo printing an output shape evaluates nothing)."""
    calls = code.inside(unit, node, ast.Call)
    if any(is_backward(call) for call in calls):
        return None
    forward = next((call for call in calls if is_forward_call(call, code)), None)
    if forward is None or _made_up_input(code, unit, node, forward):
        return None
    return forward


#: Tensors made from nothing: ``torch.randn(1, 3, 32, 32)`` is a shape check's input.
_MADE_UP = frozenset({"randn", "rand", "randint", "zeros", "ones", "empty", "full", "arange"})


def _made_up(code: Code, expr: ast.AST) -> bool:
    if not isinstance(expr, ast.Call):
        return False
    name = code.resolve(expr.func)
    return name.startswith(("torch.", "numpy.")) and name.rpartition(".")[2] in _MADE_UP


def _made_up_input(code: Code, unit: SourceUnit, node: ast.AST, forward: ast.Call) -> bool:
    """The model's input is a made-up tensor, passed directly or through a name assigned one
    in ``node``."""
    made_up = {
        target.id
        for statement in code.inside(unit, node, ast.Assign)
        if _made_up(code, statement.value)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }
    inputs = [*forward.args, *(item.value for item in forward.keywords)]
    return bool(inputs) and all(
        _made_up(code, arg) or (isinstance(arg, ast.Name) and arg.id in made_up) for arg in inputs
    )


def _eval_regions(repo: Repo) -> Iterator[_Region]:
    for code in repo.torch_codes:
        hooks = _framework_methods(code)
        for _, unit, node in each([code], *_FUNCTION_NODES, *_LOOP_NODES):
            if isinstance(node, _LOOP_NODES):
                around = code.functions_around(unit, node)
                # A loop inside evaluate() is that function's region, not one of its own.
                wanted = _is_eval_loop(node) and not any(
                    _is_eval_function(f, hooks) or id(f) in hooks for f in around
                )
            else:
                wanted = _is_eval_function(cast("ast.FunctionDef", node), hooks)
            forward = _first_forward(code, unit, node) if wanted else None
            if forward is not None:
                yield _Region(code, unit, node, forward)


def _grad_off(repo: Repo, region: _Region) -> bool:
    """Gradients are off where the region's model runs, or around some call of it."""
    if region.code.under_no_grad(region.unit, region.forward):
        return True
    functions = region.functions
    if not functions:
        return region.code.module_level_grad_off()
    return any(repo.callers_grad_off(function.name) for function in functions)


def _eval_mode_set(repo: Repo, region: _Region) -> bool:
    """``model.eval()`` runs in the region, the function around it, or a caller of either."""
    code, unit = region.code, region.unit
    if repo.sets_eval_in(code, unit, region.node):
        return True
    functions = region.functions
    if not functions:
        return any(repo.sets_eval_in(code, other, None) for other in code.units)
    return any(repo.sets_eval_in(code, unit, f) for f in functions[1:]) or any(
        repo.callers_set_eval(f.name) for f in functions
    )


def _evaluation_fix(region: _Region, grad: bool, mode: bool) -> tuple[str, str]:
    if not grad and not mode:
        return "eval-unguarded", "call model.eval() and run it under torch.no_grad()"
    if mode:
        if isinstance(region.node, _LOOP_NODES):
            return "eval-with-grad", "wrap it in `with torch.no_grad():`"
        return "eval-with-grad", "decorate with @torch.no_grad()"
    return "eval-in-train-mode", "call model.eval() first, model.train() after"


def unguarded_evaluation(repo: Repo) -> list[Finding]:
    """Evaluation without ``model.eval()`` (dropout stays on) or without ``torch.no_grad()``
    (every batch builds a graph). Warnings: the caller may do either in ways not seen here."""
    found = []
    for region in _eval_regions(repo):
        # Without dropout or batch norm, eval mode changes nothing: only gradients matter.
        mode = not repo.mode_dependent(region.code) or _eval_mode_set(repo, region)
        grad = _grad_off(repo, region)
        if not (grad and mode):
            kind, fix = _evaluation_fix(region, grad, mode)
            line = region.node.lineno  # type: ignore[attr-defined]
            found.append(Finding(kind, region.unit, line, fix, certain=False))
    return found


def train_mode_not_restored(repo: Repo) -> list[Finding]:
    """A training loop that switches to eval mode (to validate) and never back to train mode."""
    found: dict[int, Finding] = {}
    fix = "call model.train() before the next training step"
    for code, unit, loop in each(filter(repo.mode_dependent, repo.torch_codes), *_LOOPS):
        switch = _unrestored_eval(repo, code, unit, loop)
        if switch is not None:
            finding = Finding("train-mode-not-restored", unit, switch.lineno, fix, False)
            found.setdefault(id(switch), finding)
    return list(found.values())


def _body_calls(code: Code, unit: SourceUnit, loop: ast.AST) -> list[ast.Call]:
    """The calls a loop makes on each pass: not those of its ``else:`` block, which runs once
    after the last pass."""
    calls = code.inside(unit, loop, ast.Call)
    orelse = getattr(loop, "orelse", [])
    return [call for call in calls if not any(contains(other, call) for other in orelse)]


def _sets_train_mode(repo: Repo, calls: list[ast.Call]) -> bool:
    return any(is_train_switch(c) or terminal(c.func) in repo.train_mode_functions for c in calls)


def _unrestored_eval(repo: Repo, code: Code, unit: SourceUnit, loop: ast.AST) -> ast.Call | None:
    """In a loop that trains, the eval switch that no train switch undoes: neither in the loop,
    nor in a loop around it (``model.train()`` at the top of each epoch)."""
    calls = _body_calls(code, unit, loop)
    names = [terminal(call.func) for call in calls]
    if not any(map(is_backward, calls)) and not set(names) & repo.training_functions:
        return None
    if _sets_train_mode(repo, calls) or any(
        _sets_train_mode(repo, _body_calls(code, unit, outer))
        for outer in code.loops_around(unit, loop)
    ):
        return None
    pairs = list(zip(calls, names, strict=True))
    return next((c for c, n in pairs if is_eval_switch(c) or repo.any_def(n, _stays_in_eval)), None)


def _stays_in_eval(facts: FunctionFacts) -> bool:
    return facts.leaves_eval


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
    """``F.softmax(x, 1)``, ``torch.softmax(x, 1)``, ``x.softmax(-1)``, ``nn.Softmax(1)(x)``."""
    if not isinstance(expr, ast.Call):
        return False
    func = expr.func
    if isinstance(func, ast.Call):
        return code.resolve(func.func).endswith("nn.Softmax")
    name = code.resolve(func)
    return name.rpartition(".")[2] == "softmax" or (not name and method(expr) == "softmax")


def _softmax_value(
    code: Code, unit: SourceUnit, scope: ast.AST | None, expr: ast.AST | None, line: int
) -> bool:
    """``expr`` is a softmax, or a name last assigned one before ``line`` in ``scope``."""
    if not isinstance(expr, ast.Name):
        return _is_softmax(code, expr)
    assigned = [
        node
        for node in code.inside(unit, scope, ast.Assign)
        if node.lineno < line
        and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets)
    ]
    return bool(assigned) and _is_softmax(code, max(assigned, key=lambda n: n.lineno).value)


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
    return [
        Finding("softmax-output", unit, line, fix, False)
        for unit, line in [*_softmax_layers(ce_codes), *_softmax_forwards(repo, ce_codes)]
    ]


def _softmax_layers(ce_codes: list[Code]) -> Iterator[tuple[SourceUnit, int]]:
    """``nn.Sequential(..., nn.Softmax(dim=1))`` where CrossEntropyLoss is used."""
    for code, unit, call in each(ce_codes, ast.Call):
        last = call.args[-1] if call.args else None
        if (
            isinstance(last, ast.Call)
            and code.resolve(call.func).endswith("nn.Sequential")
            and code.resolve(last.func).endswith("nn.Softmax")
        ):
            yield unit, last.lineno


def _softmax_forwards(repo: Repo, ce_codes: list[Code]) -> Iterator[tuple[SourceUnit, int]]:
    """A project model whose ``forward()`` ends in softmax, defined or built in a program
    that uses CrossEntropyLoss (a policy network elsewhere may well output probabilities)."""
    built_with_ce = {
        name for name, sites in repo.call_sites.items() if any(s[0] in ce_codes for s in sites)
    }
    parts = _components(repo)
    for code, unit, node in each(repo.torch_codes, ast.ClassDef):
        if node.name in parts or node.name not in repo.model_classes:
            continue
        if code in ce_codes or node.name in built_with_ce:
            yield from ((unit, line) for line in _softmax_returns(code, unit, node))


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
                name = terminal(call.func)
                if name in models and name != cls.name:
                    parts.add(name)
    for code in repo.torch_codes:
        instances = code.bound_to(lambda name: name.rpartition(".")[2] in models)
        for _, _, call in each([code], ast.Call):
            if terminal(call.func) not in models:
                continue
            for argument in [*call.args, *(item.value for item in call.keywords)]:
                if isinstance(argument, ast.Call) and terminal(argument.func) in models:
                    parts.add(terminal(argument.func) or "")
                elif terminal(argument) in instances:
                    parts.update(_classes_bound(code, terminal(argument) or "", models))
    return parts


def _classes_bound(code: Code, name: str, models: frozenset[str]) -> set[str]:
    """The model classes whose instances ``name`` is assigned in ``code``."""
    return {
        callee.rpartition(".")[2]
        for callee, targets in code.bindings.items()
        if name in targets and callee.rpartition(".")[2] in models
    }


def _softmax_returns(code: Code, unit: SourceUnit, cls: ast.ClassDef) -> Iterator[int]:
    for item in cls.body:
        if not isinstance(item, ast.FunctionDef) or item.name != "forward":
            continue
        # Only a return at the top of forward(): one inside `if not self.training` is deliberate.
        for statement in item.body:
            if isinstance(statement, ast.Return) and _softmax_value(
                code, unit, item, statement.value, statement.lineno
            ):
                yield statement.lineno


def nll_without_log_softmax(repo: Repo) -> list[Finding]:
    """NLLLoss used where nothing computes log-probabilities (log_softmax, LogSoftmax, log)."""
    uses = [site for code in repo.torch_codes for site in _loss_calls(code).get(_NLL[0], ())]
    if not uses or any(_loss_calls(code)["log"] for code in repo.torch_codes):
        return []
    fix = "end the model with log_softmax, or use CrossEntropyLoss"
    unit, call = uses[0]
    return [Finding("nll-without-log-softmax", unit, call.lineno, fix, False)]


# ---------------------------------------------------------------------------- data


_NAN_NAMES = frozenset(
    {"numpy.nan", "numpy.NaN", "numpy.NAN", "math.nan", "torch.nan", "pandas.NA"}
)


def _is_nan(code: Code, expr: ast.expr) -> bool:
    if isinstance(expr, (ast.Name, ast.Attribute)):
        return code.resolve(expr) in _NAN_NAMES
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "float":
        value = expr.args[0] if len(expr.args) == 1 else None
        text = str(value.value).strip().lower() if isinstance(value, ast.Constant) else ""
        return text in ("nan", "+nan", "-nan")
    return False


def _compares_with_nan(code: Code, node: ast.Compare) -> bool:
    operands = [node.left, *node.comparators]
    return any(
        isinstance(op, (ast.Eq, ast.NotEq))
        and (_is_nan(code, operands[i]) or _is_nan(code, operands[i + 1]))
        for i, op in enumerate(node.ops)
    )


def nan_compared(repo: Repo) -> list[Finding]:
    """``x == np.nan`` is always False (and ``!=`` always True): NaN equals nothing."""
    found: dict[tuple[str, int | None, int], Finding] = {}
    fix = "use np.isnan(x) or pd.isna(x); NaN equals nothing"
    for code, unit, node in each(repo.codes, ast.Compare):
        if _compares_with_nan(code, node):
            finding = Finding("nan-compared", unit, node.lineno, fix, True)
            found.setdefault((unit.path, unit.cell, node.lineno), finding)
    return list(found.values())


_PREPROCESSING = re.compile(
    r"^sklearn\.(preprocessing\.((Standard|MinMax|Robust|MaxAbs)Scaler|QuantileTransformer"
    r"|PowerTransformer|KBinsDiscretizer)|impute\.\w+|decomposition\.\w+"
    r"|feature_selection\.\w+|feature_extraction\.text\.\w+)$"
)
_VISUAL = re.compile(r"^(sklearn\.manifold\.|umap\.|openTSNE\.)")
_PREPROCESSOR_WORDS = frozenset({"scaler", "imputer", "vectorizer", "tfidf", "normalizer"})
_TEST_WORDS = frozenset({"test", "xtest", "ytest", "tst", "testing"})
_VAL_WORDS = frozenset({"val", "valid", "validation", "xval", "holdout"})


def split_of(expr: ast.AST) -> str | None:
    """Which split a data expression names: ``X_train`` -> train, ``X_test`` -> test."""
    words = {w for name in identifiers(expr) for w in tokens(name)}
    if words & {"train", "training", "xtrain", "ytrain"}:
        return "train"
    if words & _TEST_WORDS:
        return "test"
    return "val" if words & _VAL_WORDS else None


@dataclass(frozen=True)
class _Fit:
    unit: SourceUnit
    call: ast.Call
    owner: str
    split: str | None
    transformer: bool


@per_object
def _fits(code: Code) -> list[_Fit]:
    """``x.fit(data)`` / ``x.fit_transform(data)`` calls, with the split the data names."""
    return list(_read_fits(code))


def _read_fits(code: Code) -> Iterator[_Fit]:
    bound = code.bound_to(lambda name: bool(_PREPROCESSING.match(name)))
    visual = code.bound_to(lambda name: bool(_VISUAL.match(name)))
    for _, unit, call in each([code], ast.Call):
        if method(call) not in ("fit", "fit_transform") or not call.args:
            continue
        receiver = call.func.value  # type: ignore[attr-defined]
        direct = code.resolve(receiver.func) if isinstance(receiver, ast.Call) else ""
        owner = terminal(receiver) or ""
        if owner in visual or _VISUAL.match(direct):
            continue  # t-SNE and UMAP embed the data they are shown: a plot, not a model
        transformer = owner in bound or bool(_PREPROCESSING.match(direct))
        transformer |= bool(set(tokens(owner)) & _PREPROCESSOR_WORDS)
        yield _Fit(unit, call, owner, split_of(call.args[0]), transformer)


def fit_on_test_data(repo: Repo) -> list[Finding]:
    """A scaler or model fitted on the test split: the test score no longer measures anything."""
    found: list[Finding] = []
    for code in repo.codes:
        fits = _fits(code)
        on_train = {fit.owner for fit in fits if fit.split == "train"}
        found += filter(None, (_test_fit(fit, fit.owner in on_train) for fit in fits))
    return found


def _test_fit(fit: _Fit, fitted_on_train: bool) -> Finding | None:
    """Certain for a scaler (or anything fitted on the training split before); a model fitted
    on test data may be a deliberate refit, and fitting on validation data is calibration."""
    line = fit.call.lineno
    if fit.split == "test":
        if fit.transformer or fitted_on_train:
            fix = "fit on the training split; only .transform() the test split"
            return Finding("fit-on-test", fit.unit, line, fix, True)
        fix = "fit on the training split only; keep test data for scoring"
        return Finding("fit-on-test", fit.unit, line, fix, False)
    if fit.split == "val" and fit.transformer and method(fit.call) == "fit_transform":
        fix = "fit on the training split; only .transform() the validation split"
        return Finding("fit-on-test", fit.unit, line, fix, False)
    return None


def fit_before_split(repo: Repo) -> list[Finding]:
    """A scaler fitted on the whole data set, which is split into train and test afterwards."""
    found = []
    fix = "split first, then fit the scaler on the training split"
    for code in repo.codes:
        splits = _split_calls(code)
        found += [
            Finding("fit-before-split", fit.unit, fit.call.lineno, fix, False)
            for fit in (_fits(code) if splits else ())
            if _split_later(code, fit, splits)
        ]
    return found


def _split_later(code: Code, fit: _Fit, splits: list[tuple[tuple[int, int], set[str]]]) -> bool:
    """A scaler's ``X = scaler.fit_transform(X)`` on unsplit data, and X split afterwards."""
    if not fit.transformer or fit.split or method(fit.call) != "fit_transform":
        return False
    target = _assigned_name(code, fit.unit, fit.call)
    where = (fit.unit.cell or 0, fit.call.lineno)
    return any(where < place and target in names for place, names in splits)


def _split_calls(code: Code) -> list[tuple[tuple[int, int], set[str]]]:
    """``train_test_split(...)`` calls: (cell, line) and the names passed in."""
    return [
        (
            (unit.cell or 0, call.lineno),
            {n.id for a in call.args for n in ast.walk(a) if isinstance(n, ast.Name)},
        )
        for _, unit, call in each([code], ast.Call)
        if (code.resolve(call.func) or terminal(call.func) or "").endswith("train_test_split")
    ]


def _assigned_name(code: Code, unit: SourceUnit, call: ast.Call) -> str | None:
    """``X`` in ``X = f(...)`` or ``X[cols] = f(...)``."""
    statement = code.assignment_of(unit, call)
    if statement is None or len(statement.targets) != 1:
        return None
    target: ast.AST = statement.targets[0]
    while isinstance(target, (ast.Subscript, ast.Attribute)):
        target = target.value
    return target.id if isinstance(target, ast.Name) else None


# ---------------------------------------------------------------------------- all of them

DETECTORS: tuple[Callable[[Repo], list[Finding]], ...] = (
    missing_zero_grad,
    loss_accumulated,
    forward_called,
    unguarded_evaluation,
    train_mode_not_restored,
    softmax_into_loss,
    nll_without_log_softmax,
    nan_compared,
    fit_on_test_data,
    fit_before_split,
)


def find_mistakes(repo: Repo) -> list[Finding]:
    """Every detector's findings, certain ones first, then by place."""
    found = [finding for detector in DETECTORS for finding in detector(repo)]
    return sorted(found, key=lambda f: (not f.certain, f.unit.path, f.unit.cell or 0, f.line))
