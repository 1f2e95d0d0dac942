"""Evaluation mistakes (SANITY004): evaluation without model.eval() or torch.no_grad(), and
training resumed in eval mode. Warnings: the caller may switch modes in ways not seen here."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from repocheck.analysis.cache import per_object
from repocheck.analysis.differentiated import differentiated_somewhere
from repocheck.analysis.ml_code import (
    AUTOGRAD_GRAD,
    Code,
    Finding,
    FunctionFacts,
    Repo,
    attributes_by_gradient,
    builds_mode_layer,
    contains,
    each,
    is_forward_call,
)
from repocheck.analysis.ml_names import (
    EVAL_SPLITS,
    identifiers,
    is_backward,
    is_eval_switch,
    is_model_name,
    is_train_switch,
    method,
    rebound_names,
    terminal,
    tokens,
)
from repocheck.analysis.scopes import parameter_names
from repocheck.analysis.spans import start_of
from repocheck.analysis.torch_models import torch_models
from repocheck.facts.snapshot import SourceUnit, breadth_first
from repocheck.patterns import compile_on_use

# ---------------------------------------------------------------------------- evaluation

#: ``evaluating(model, datas)`` and ``validating`` name evaluation as ``testing`` does.
_EVAL_NAME = compile_on_use(
    r"^_*(evaluate|evaluation|evaluating|eval|validate|validation|validating|valid|val|test"
    r"|testing|estimate_loss)(_|$)"
)
#: Framework hooks (Lightning's validation_step, on_validation_epoch_end): the framework
#: switches modes and gradients around them.
_HOOK = compile_on_use(r"(_step|_epoch_end|_batch_end)$|^on_")
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
    #: A top-level loop of a script that restores weights and trains nothing: said only
    #: when it runs the model in train mode (gradients alone cost memory, not results).
    predicts: bool = False

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


def _split_loader_names(node: ast.For | ast.AsyncFor) -> set[str]:
    """The names a loop runs over that are named for a split alone (``validation``, ``test``
    in ``enumerate(validation)``): a loader or a list of anything, as their binding says."""
    return {
        name
        for name in identifiers(node.iter)
        if (words := tokens(name)) and set(words) <= EVAL_SPLITS
    }


def _bound_to_a_loader(code: Code, unit: SourceUnit, loop: ast.For | ast.AsyncFor) -> bool:
    """``for batch in enumerate(validation)`` where ``validation`` is bound, in the function
    around the loop (or the module), by a call named for loaders: ``train, validation =
    dataloader.val_loader(...)``, ``validation = DataLoader(...)``. The loop's name gives the
    split, the call that made it says it yields batches."""
    names = _split_loader_names(loop)
    if not names:
        return False
    functions = code.functions_around(unit, loop)
    scope = functions[0] if functions else None
    for statement in code.inside(unit, scope, ast.Assign):
        value = statement.value
        if not isinstance(value, ast.Call) or statement.lineno > loop.lineno:
            continue
        if not {n for t in statement.targets for n in rebound_names(t)} & names:
            continue
        words = {word for name in identifiers(value.func) for word in tokens(name)}
        if {w[:-1] if w.endswith("s") else w for w in words} & {"loader", "dataloader"}:
            return True
    return False


def _strings(expr: ast.expr) -> set[str]:
    """String constants in an expression, lower-cased (``dataloaders["val"]``)."""
    return {
        inner.value.lower()
        for inner in breadth_first(expr)
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str)
    }


def _split_compound(word: str) -> tuple[str, ...]:
    """``testloader`` -> (test, loader); anything else -> ()."""
    for split in EVAL_SPLITS:
        rest = word[len(split) :]
        if word.startswith(split) and rest in _LOADER_WORDS:
            return split, rest
    return ()


def is_evaluation_name(name: str) -> bool:
    """``evaluate``, ``validate_epoch``, ``estimate_loss``: a function named for evaluating;
    not a framework hook (``validation_step``), which the framework calls around training."""
    return bool(_EVAL_NAME.match(name)) and not _HOOK.search(name)


def _is_eval_function(
    node: ast.FunctionDef | ast.AsyncFunctionDef, hooks: set[int], code: Code, unit: SourceUnit
) -> bool:
    """``evaluate()``, ``validate_epoch()``, ``estimate_loss()``; not framework hooks. A
    function outside any class named like a hook (``test_step(model, loader)``) is the
    project's own: a framework calls the hooks that are methods of its classes."""
    if id(node) in hooks:
        return False
    if is_evaluation_name(node.name):
        return True
    return bool(_EVAL_NAME.match(node.name)) and not _is_method(code, unit, node)


def _is_method(code: Code, unit: SourceUnit, node: ast.AST) -> bool:
    """``node`` is defined directly in a class body."""
    holders = [h for h in code.around(unit, node, ast.ClassDef, *_FUNCTION_NODES) if h is not node]
    return bool(holders) and isinstance(holders[0], ast.ClassDef)


#: What ``torch.nn.Module`` itself defines: a model class's own method of that name (a
#: ``train(loader)`` of its own) switches, moves or saves the model rather than running it.
_MODULE_API = frozenset(
    {
        *("train", "eval", "to", "cuda", "cpu", "half", "float", "double", "apply"),
        *("parameters", "named_parameters", "modules", "children", "buffers", "state_dict"),
        *("load_state_dict", "zero_grad", "requires_grad_", "register_buffer"),
        *("save", "load", "fit", "init_weights", "reset_parameters", "extra_repr"),
    }
)


def _model_methods(repo: Repo) -> frozenset[str]:
    """The public methods the project's model classes define besides ``forward``: a CRF
    tagger's ``inference(sentence)`` or ``decode(emissions)`` runs the network as
    ``model(x)`` does, and an evaluation that calls it runs the model."""
    models = repo.model_classes
    return frozenset(
        name
        for _, _, node in each(repo.torch_codes, ast.ClassDef)
        if node.name in models
        for name in _touching_the_network(node)
        if not name.startswith("_") and name not in _MODULE_API
    )


@per_object
def _touching_the_network(node: ast.ClassDef) -> frozenset[str]:
    """The methods of a class that touch its network: call ``self(...)``, read an attribute
    of ``self`` that is no method of the class (a layer, a parameter, ``self.state_dict``),
    hand ``self`` on whole, or call a method that does. ``map_param_name(self, key)``,
    slicing a checkpoint's parameter names with the help of another such method, runs no
    model."""
    methods = {item.name: item for item in node.body if isinstance(item, _FUNCTION_NODES)}
    calls: dict[str, set[str]] = {}
    touching: set[str] = set()
    for name, function in methods.items():
        args = function.args.posonlyargs + function.args.args
        if not args:
            touching.add(name)
            continue
        me = args[0].arg
        read: dict[int, str] = {}  # the ``self`` of ``self.x`` -> ``x``
        named: list[ast.Name] = []
        for sub in ast.walk(function):
            if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
                if sub.value.id == me:
                    read[id(sub.value)] = sub.attr
            elif isinstance(sub, ast.Name) and sub.id == me:
                named.append(sub)
        bare = any(id(sub) not in read for sub in named)
        if bare or set(read.values()) - methods.keys():
            touching.add(name)
        calls[name] = set(read.values())
    changed = True
    while changed:
        changed = False
        for name, called in calls.items():
            if name not in touching and called & touching:
                touching.add(name)
                changed = True
    return frozenset(touching)


def _grad_off_methods(repo: Repo) -> frozenset[str]:
    """Methods of the project's classes that evaluate by themselves: switch to eval mode and
    turn gradients off, decorated with ``torch.no_grad()`` or opening such a block
    (``eval_model(loader)``: ``self.eval()``, then every batch under it). Whoever calls one
    runs no model in the wrong mode or with a graph there. ``forward`` is never one: a
    frozen encoder run under the block leaves the layers after it to the caller."""
    return frozenset(
        item.name
        for code, unit, node in each(repo.torch_codes, ast.ClassDef)
        for item in node.body
        if isinstance(item, _FUNCTION_NODES)
        and item.name not in ("forward", "__call__")
        and _turns_grad_off(code, unit, item)
        and any(is_eval_switch(call) for call in code.inside(unit, item, ast.Call))
    )


def _turns_grad_off(code: Code, unit: SourceUnit, function: ast.AST) -> bool:
    decorators = cast("ast.FunctionDef", function).decorator_list
    return any(map(code.no_grad_context, decorators)) or any(
        code.no_grad_context(item.context_expr)
        for block in code.inside(unit, function, ast.With, ast.AsyncWith)
        for item in cast("ast.With", block).items
    )


def _calls_a_grad_off_method(call: ast.Call, code: Code, guarded: frozenset[str]) -> bool:
    """``self.eval_model(loader)``: a method the project defines, named like a model, that
    runs the model under ``torch.no_grad()`` itself; not a model run with gradients on."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in guarded
        and isinstance(func.value, ast.Name)
        and not code.resolve(func.value)
    )


def _runs_a_model_method(call: ast.Call, code: Code, methods: frozenset[str]) -> bool:
    """``model.inference(x)``: a method of the project's model classes called on a name
    for a model (not on a library object bound by an import)."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr not in methods:
        return False
    return not code.resolve(func.value) and is_model_name(terminal(func.value))


def _first_forward(
    code: Code,
    unit: SourceUnit,
    node: ast.AST,
    methods: frozenset[str] = frozenset(),
    guarded: frozenset[str] = frozenset(),
    models: frozenset[str] = frozenset(),
) -> ast.Call | None:
    """The first model call in ``node`` (``model(x)``, or ``model.inference(x)`` where the
    project's model defines ``inference``), or None when it trains (backward), runs no model,
    or runs it on made-up input (a self-demo printing an output shape evaluates nothing), or
    runs a model of the project's ``models`` it has just built, untrained, on made-up queries.
    A call of one of the ``guarded`` methods, which turn gradients off themselves, is none."""
    calls = code.inside(unit, node, ast.Call)
    if any(is_backward(call) for call in calls):
        return None
    forward = next(
        (
            call
            for call in calls
            if (is_forward_call(call, code) or _runs_a_model_method(call, code, methods))
            and not _calls_a_grad_off_method(call, code, guarded)
        ),
        None,
    )
    if forward is None or _made_up_input(code, unit, node, forward):
        return None
    if _untrained_on_made_up_queries(code, unit, node, forward, models):
        return None
    return forward


#: Tensors made from nothing: ``torch.randn(1, 3, 32, 32)`` is a shape check's input.
_MADE_UP = frozenset({"randn", "rand", "randint", "zeros", "ones", "empty", "full", "arange"})


def _made_up(code: Code, expr: ast.AST) -> bool:
    if not isinstance(expr, ast.Call):
        return False
    name = code.resolve(expr.func)
    return name.startswith(("torch.", "numpy.")) and name.rpartition(".")[2] in _MADE_UP


def _made_up_names(code: Code, unit: SourceUnit, node: ast.AST) -> set[str]:
    """The names ``node`` assigns a made-up tensor (``x = torch.randn(1, 3, 32, 32)``)."""
    return {
        target.id
        for statement in code.inside(unit, node, ast.Assign)
        if _made_up(code, statement.value)
        for target in statement.targets
        if isinstance(target, ast.Name)
    }


def _made_up_input(code: Code, unit: SourceUnit, node: ast.AST, forward: ast.Call) -> bool:
    """The model's input is a made-up tensor, passed directly or through a name assigned one
    in ``node``."""
    made_up = _made_up_names(code, unit, node)
    inputs = [*forward.args, *(item.value for item in forward.keywords)]
    return bool(inputs) and all(
        _made_up(code, arg) or (isinstance(arg, ast.Name) and arg.id in made_up) for arg in inputs
    )


#: Methods that put trained weights into a model: ``load_state_dict``, ``restore``.
_LOADING_WORDS = frozenset({"load", "restore", "from"})


def _untrained_on_made_up_queries(
    code: Code, unit: SourceUnit, node: ast.AST, forward: ast.Call, models: frozenset[str]
) -> bool:
    """A smoke test of a model built in ``node`` itself, ``model = DrugDiseaseModel(...)``,
    and run on some made-up input (``heads = torch.randint(...)``) beside real data (a
    graph loaded from disk): an untrained model's scores of random queries evaluate
    nothing. Restoring weights into it (``model.load_state_dict(...)``) or handing it to
    any call (``fit(model)``, ``load_checkpoint(model, path)``) may train it first."""
    if not isinstance(forward.func, ast.Name) or not models:
        return False
    name = forward.func.id
    inputs = [*forward.args, *(item.value for item in forward.keywords)]
    made_up = _made_up_names(code, unit, node)
    if not any(
        _made_up(code, arg) or (isinstance(arg, ast.Name) and arg.id in made_up) for arg in inputs
    ):
        return False
    built = False
    for statement in code.inside(unit, node, ast.Assign):
        if any(isinstance(t, ast.Name) and t.id == name for t in statement.targets):
            value = statement.value
            if not (isinstance(value, ast.Call) and terminal(value.func) in models):
                return False  # bound to something else too: a loaded or returned model
            built = True
    if not built:
        return False
    for call in code.inside(unit, node, ast.Call):
        handed = [*call.args, *(item.value for item in call.keywords)]
        if any(isinstance(arg, ast.Name) and arg.id == name for arg in handed):
            return False
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == name
            and set(tokens(func.attr)) & _LOADING_WORDS
        ):
            return False
    return True


def _eval_regions(repo: Repo) -> Iterator[_Region]:
    methods = _model_methods(repo)
    guarded = _grad_off_methods(repo)
    models = repo.model_classes
    for code in repo.torch_codes:
        hooks = _framework_methods(code)
        predicting: bool | None = None  # asked of a program once, at its first top-level loop
        for _, unit, node in each([code], *_FUNCTION_NODES, *_LOOP_NODES):
            predicts = False
            if isinstance(node, _LOOP_NODES):
                # A loop inside evaluate() is that function's region, not one of its own.
                loop = cast("ast.For", node)
                named = _is_eval_loop(loop) or _bound_to_a_loader(code, unit, loop)
                around = code.functions_around(unit, node)
                if not named and not around:
                    if predicting is None:
                        predicting = _predicts_only(code)
                    named = predicts = predicting
                wanted = named and not any(
                    _is_eval_function(f, hooks, code, unit) or id(f) in hooks for f in around
                )
            else:
                function = cast("ast.FunctionDef", node)
                # PPO's evaluate(states, actions) feeds the loss: training, not evaluation.
                wanted = _is_eval_function(
                    function, hooks, code, unit
                ) and not differentiated_somewhere(repo, function.name)
            forward = _first_forward(code, unit, node, methods, guarded, models) if wanted else None
            if forward is not None:
                yield _Region(code, unit, node, forward, predicts)


#: Method names that restore trained weights into a model.
_RESTORES = ("load_state_dict", "load_from_checkpoint", "load_weights")


def _predicts_only(code: Code) -> bool:
    """The program restores trained weights (``model.load_state_dict(torch.load(path))``,
    ``load_checkpoint(torch.load(path), model)``) and trains nothing (no ``backward()``, no
    optimiser step): a prediction script, whose top-level loops run the trained model."""
    if code.method_calls(("backward", "step")):
        return False
    if code.method_calls(_RESTORES):
        return True
    return any(
        code.resolve(call.func) == "torch.load" and _restored_into_a_model(code, unit, call)
        for unit, call in code.method_calls(("load",))
    )


def _restored_into_a_model(code: Code, unit: SourceUnit, call: ast.Call) -> bool:
    """``torch.load(path)`` handed straight to a call that also takes a model
    (``load_checkpoint(torch.load(path), model)``)."""
    for outer in code.inside(unit, None, ast.Call):
        if call in outer.args and any(
            isinstance(arg, ast.Name) and is_model_name(arg.id) for arg in outer.args
        ):
            return True
    return False


def _grad_off(repo: Repo, region: _Region) -> bool:
    """Gradients are off where the region's model runs, or around some call of it, or the
    region turns them off itself for some of its model calls."""
    if region.code.under_no_grad(region.unit, region.forward) or _opens_no_grad(region):
        return True
    functions = region.functions
    if not functions:
        return region.code.module_level_grad_off()
    if any(repo.callers_grad_off(function.name, region.code) for function in functions):
        return True
    # The model may run in a function defined inside the region and handed to another
    # (``metrics(users, score_batch)``): gradients are off where that one calls it.
    inner = region.code.functions_around(region.unit, region.forward)
    return any(
        repo.callbacks_grad_off(function.name, region.code) for function in [*inner, *functions]
    )


def _differentiates_inputs(repo: Repo, region: _Region) -> bool:
    """The region takes gradients itself through a helper it calls, through
    ``torch.autograd.grad`` or through a gradient-attribution library: an FGSM or PGD attack
    differentiates the loss by the batch before the model is scored on it, Grad-CAM the output
    by a layer's activations, and ``torch.no_grad()`` around the loop would break either.
    (A ``backward()`` of its own makes the region no evaluation at all: see
    :func:`_first_forward`.)"""
    code, differentiating = region.code, repo.differentiating_functions
    for call in code.inside(region.unit, region.node, ast.Call):
        name = terminal(call.func)
        if name == "grad" and code.resolve(call.func) == AUTOGRAD_GRAD:
            return True
        if attributes_by_gradient(code, call):
            return True
        if name in differentiating and not (is_train_switch(call) or is_eval_switch(call)):
            return True
    return False


def _opens_no_grad(region: _Region) -> bool:
    """A ``with torch.no_grad():`` block inside the region: its author switches gradients off
    where they matter, and a model call left outside it may be no PyTorch model at all (the
    project's own numpy framework, compared with PyTorch's output run under the block)."""
    code = region.code
    return any(
        code.no_grad_context(item.context_expr)
        for block in code.inside(region.unit, region.node, ast.With, ast.AsyncWith)
        for item in cast("ast.With", block).items
    )


def _eval_mode_set(repo: Repo, region: _Region) -> bool:
    """``model.eval()`` runs in the region, the function around it, or a caller of either; or
    the model comes from ``from_pretrained``, which returns it in eval mode."""
    code, unit = region.code, region.unit
    if repo.sets_eval_in(code, unit, region.node) or _loaded_in_eval_mode(repo, region):
        return True
    if _frozen_where_built(repo, region) or _global_model_in_eval(region):
        return True
    functions = region.functions
    if not functions:
        last = _last_switch_at_top(region)
        if last is not None:
            return is_eval_switch(last)
        return any(repo.sets_eval_in(code, other, None) for other in code.units)
    if functions[0] is not region.node and _switched_to_eval_before(region, functions[0]):
        return True
    return any(repo.sets_eval_in(code, unit, f) for f in functions[1:]) or any(
        repo.callers_set_eval(f.name, code) for f in functions
    )


def _last_switch_at_top(region: _Region) -> ast.Call | None:
    """The last switch of the evaluated model's mode made by top-level code above a top-level
    evaluation loop, in the cells before it and in its own above it: a notebook's epoch loop
    that calls ``model.train()`` and then validates under ``no_grad`` alone validates in train
    mode, whatever ``model.eval()`` a later cell calls for its confusion matrix."""
    code, unit = region.code, region.unit
    func = region.forward.func
    if isinstance(func, ast.Attribute) and func.attr == "forward":
        func = func.value
    model = terminal(func)
    if model is None or unit not in code.units:
        return None
    return _last_switch(region, code.units[: code.units.index(unit) + 1], None, model)


def _last_switch(
    region: _Region, units: Sequence[SourceUnit], scope: ast.AST | None, model: str | None = None
) -> ast.Call | None:
    """The last switch of a model's mode (``model``'s alone, when named) that the code of
    ``scope`` (a function, or None for the top level) makes in ``units`` above the region's
    loop, in source order: the loop's own unit is the last of ``units``, read up to the loop.
    A switch in a function defined inside ``scope`` runs who knows when."""
    code, loop = region.code, cast("ast.stmt", region.node)
    start = (loop.lineno, loop.col_offset)
    last: ast.Call | None = None
    for other in units:
        for call in code.inside(other, scope, ast.Call):
            if other is region.unit and (call.lineno, call.col_offset) >= start:
                break  # in source order: the rest is the loop and below
            if not (is_eval_switch(call) or is_train_switch(call)):
                continue
            if model is not None and terminal(cast("ast.Attribute", call.func).value) != model:
                continue
            around = code.functions_around(other, call)
            if (around[0] if around else None) is scope:
                last = call
    return last


def _global_model_in_eval(region: _Region) -> bool:
    """The region's function runs a model it reads as a global (``net(x)`` in an evaluator
    handed to a search), which the module's top-level code switches to eval mode
    (``net = Net().to(dev).eval()``, ``net.eval()``), and nothing in the program switches it
    back to train mode: the evaluator runs in eval mode whoever calls it."""
    code, functions = region.code, region.functions
    func = region.forward.func
    if isinstance(func, ast.Attribute) and func.attr == "forward":
        func = func.value
    if not functions or not isinstance(func, ast.Name):
        return False
    name = func.id
    for function in functions:
        arguments = function.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every += [arg for arg in (arguments.vararg, arguments.kwarg) if arg is not None]
        if any(arg.arg == name for arg in every):
            return False
        stored = code.inside(region.unit, function, ast.Name)
        if any(node.id == name and isinstance(node.ctx, ast.Store) for node in stored):
            return False
    return _switched_at_top(code, name) and not any(
        is_train_switch(call) and terminal(call.func.value) == name  # type: ignore[attr-defined]
        for _, _, call in each([code], ast.Call)
    )


def _switched_at_top(code: Code, name: str) -> bool:
    """The module's top-level code switches ``name`` to eval mode: ``name.eval()``, or
    ``name = ...eval()`` with the switch anywhere in the chain (``Net().eval().to(dev)``)."""
    for unit in code.units:
        for call in code.inside(unit, None, ast.Call):
            if not is_eval_switch(call) or code.functions_around(unit, call):
                continue
            owner = cast("ast.Attribute", call.func).value
            if isinstance(owner, ast.Name) and owner.id == name:
                return True
        for statement in code.inside(unit, None, ast.Assign):
            if code.functions_around(unit, statement):
                continue
            named = any(isinstance(t, ast.Name) and t.id == name for t in statement.targets)
            if named and _chain_switches_to_eval(statement.value):
                return True
    return False


def _chain_switches_to_eval(value: ast.expr) -> bool:
    """``Net().to(dev).eval()`` or ``Net().eval().to(dev)``: a chain of method calls with an
    eval switch in it."""
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
        if is_eval_switch(value):
            return True
        value = value.func.value
    return False


def _switched_to_eval_before(region: _Region, function: ast.AST) -> bool:
    """The last mode switch in ``function`` above the evaluation loop is to eval mode: an epoch
    loop that ends with ``model.eval()`` leaves the test loop after it in eval mode. A switch
    below the loop, or inside it, says nothing of the mode the loop starts in; nor does one in a
    function defined inside ``function``, run who knows when."""
    last = _last_switch(region, [region.unit], function)
    return last is not None and is_eval_switch(last)


def _frozen_where_built(repo: Repo, region: _Region) -> bool:
    """The region is a method of a class whose ``__init__`` switches the networks it holds to
    eval mode (a linear probe over a frozen encoder), that builds no dropout or norm layer of
    its own and never switches anything back to train mode: it runs in eval mode where it
    matters, and a class that defines ``train(loader, ...)`` has no ``model.train()`` to call.
    A train switch on the other branch of the constructor's ``if phase == ...`` does not count:
    the object is built for one phase, and one built to evaluate holds its model in eval mode."""
    code, unit = region.code, region.unit
    classes = code.around(unit, region.node, ast.ClassDef)
    if not classes:
        return False
    init = next(
        (
            item
            for item in classes[0].body
            if isinstance(item, _FUNCTION_NODES) and item.name == "__init__"
        ),
        None,
    )
    if init is None or not repo.sets_eval_in(code, unit, init):
        return False
    calls = code.inside(unit, classes[0], ast.Call)
    if any(builds_mode_layer(code, call) for call in calls):
        return False
    switches = [call for call in calls if is_train_switch(call)]
    if not all(_mode_picked_in(code, unit, init, switch) for switch in switches):
        return False
    return not switches or not _evaluates_itself(region, calls)


def _evaluates_itself(region: _Region, calls: list[ast.Call]) -> bool:
    """The class calls the region's method on itself (``self.evaluate()`` after each epoch):
    an object built to train then evaluates in the train mode its constructor picked."""
    own = region.functions[0].name if region.functions else None
    return any(
        isinstance(call.func, ast.Attribute)
        and call.func.attr == own
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == "self"
        for call in calls
    )


def _mode_picked_in(code: Code, unit: SourceUnit, init: ast.AST, switch: ast.Call) -> bool:
    """``switch`` (to train mode) runs in ``init`` on one branch of an ``if`` whose other
    branch switches to eval mode: the constructor picks one mode per object."""
    if not contains(init, switch):
        return False
    for branch in code.around(unit, switch, ast.If):
        if not contains(init, branch):
            break
        in_body = any(contains(statement, switch) for statement in branch.body)
        other = branch.orelse if in_body else branch.body
        if any(
            is_eval_switch(call)
            for statement in other
            for call in code.inside(unit, statement, ast.Call)
        ):
            return True
    return False


def _loaded_in_eval_mode(repo: Repo, region: _Region) -> bool:
    """The model run is assigned ``X.from_pretrained(...)`` (transformers and diffusers return
    it in eval mode), or a project function's result that switches the model it returns to
    eval mode (``policy, cfg = load_policy(path)``), and the program never switches it to
    train mode."""
    func = region.forward.func
    if isinstance(func, ast.Attribute) and func.attr == "forward":
        func = func.value
    name = terminal(func)
    code = region.code
    loaders = {"from_pretrained", *_eval_mode_loaders(repo)}
    loaded = any(
        isinstance(statement.value, ast.Call)
        and terminal(statement.value.func) in loaders
        and any(name in _bound_names(target) for target in statement.targets)
        for unit in code.units
        for statement in code.inside(unit, None, ast.Assign)
    )
    return loaded and not any(
        is_train_switch(call) and terminal(call.func.value) == name  # type: ignore[attr-defined]
        for _, _, call in each([code], ast.Call)
    )


def _bound_names(target: ast.expr) -> set[str | None]:
    """The names an assignment target binds: ``model`` or each of ``model, cfg, _``."""
    if isinstance(target, ast.Tuple | ast.List):
        return {terminal(element) for element in target.elts}
    return {terminal(target)}


@per_object
def _eval_mode_loaders(repo: Repo) -> frozenset[str]:
    """Functions of the project that switch a model to eval mode and return it, alone or in a
    tuple (``policy.eval(); return policy, cfg``): whoever unpacks the result holds a model in
    eval mode, as ``from_pretrained`` hands one back."""
    found = set()
    for code, unit, function in each(repo.torch_codes, *_FUNCTION_NODES):
        node = cast("ast.FunctionDef", function)
        switched = {
            terminal(call.func.value)
            for call in code.inside(unit, node, ast.Call)
            if is_eval_switch(call) and isinstance(call.func, ast.Attribute)
        }
        if not switched:
            continue
        returned = set()
        for statement in code.inside(unit, node, ast.Return):
            value = cast("ast.Return", statement).value
            if value is not None:
                returned |= _bound_names(value)
        if switched & returned - {None}:
            found.add(node.name)
    return frozenset(found)


#: Where torchvision's detection models live: they return their losses in train mode only.
_DETECTION = "torchvision.models.detection"


def _detection_losses(repo: Repo, region: _Region) -> bool:
    """The region reads the dict of losses a torchvision detection model (Faster R-CNN,
    RetinaNet, SSD) returns from ``model(images, targets)``: ``loss_dict.values()``,
    ``losses["loss_classifier"]``. Those models return losses only in train mode (detections
    in eval mode), so a validation loss keeps train mode on purpose; their backbones' batch
    norm is frozen. Only where torchvision's detection models are imported by the program or
    by one within two imports of it (train.py imports both engine.py and model.py)."""
    forward, code, unit = region.forward, region.code, region.unit
    assignment = code.assignment_of(unit, forward) if len(forward.args) >= 2 else None
    names = {t.id for t in assignment.targets if isinstance(t, ast.Name)} if assignment else set()
    if not names:
        return False
    read = any(
        isinstance(node.value, ast.Name) and node.value.id in names and _reads_losses(node)
        for node in code.inside(unit, region.node, ast.Attribute)
        + code.inside(unit, region.node, ast.Subscript)
    )
    near = {id(other): other for other in [code, *repo.linked(code)]}
    near |= {id(far): far for close in list(near.values()) for far in repo.linked(close)}
    return read and any(map(_builds_detection, near.values()))


def _builds_detection(code: Code) -> bool:
    """The program imports from torchvision's detection models or calls one by its path
    (``torchvision.models.detection.fasterrcnn_resnet50_fpn(...)``)."""
    values = list(code.program.names.values())
    values += [code.resolve(call.func) for _, _, call in each([code], ast.Call)]
    return any(value == _DETECTION or value.startswith(_DETECTION + ".") for value in values)


def _reads_losses(node: ast.Attribute | ast.Subscript) -> bool:
    """``d.values()``, ``d.items()``, ``d["loss_box_reg"]``, ``d.get("loss_objectness")``."""
    if isinstance(node, ast.Subscript):
        key = node.slice
        return isinstance(key, ast.Constant) and str(key.value).startswith("loss")
    return node.attr in {"values", "items", "get"}


#: Libraries whose module's ``freeze()`` switches it to eval mode and its gradients off.
_FREEZING_LIBRARIES = frozenset({"lightning", "pytorch_lightning"})


def _frozen_before(region: _Region) -> bool:
    """The model the region runs is frozen above it, in the same function or at the top level,
    by Lightning's ``model.freeze()``, which switches the module to eval mode and turns
    ``requires_grad`` off for every parameter: it neither drops out nor builds a graph. Only
    in a program that imports Lightning (fastai's ``learn.freeze()`` freezes a body and leaves
    the mode alone), and not when ``unfreeze()`` or ``train()`` undoes it before the region."""
    code = region.code
    if not code.libraries & _FREEZING_LIBRARIES:
        return False
    func = region.forward.func
    owner = terminal(func.value if isinstance(func, ast.Attribute) else func)
    if owner is None:
        return False
    functions = code.functions_around(region.unit, region.node)
    scope = functions[0] if functions else None
    start = (region.node.lineno, region.node.col_offset)  # type: ignore[attr-defined]
    frozen = False
    for call in code.inside(region.unit, scope, ast.Call):
        if (call.lineno, call.col_offset) >= start:
            break  # in source order: the rest is the region and below
        if not isinstance(call.func, ast.Attribute) or terminal(call.func.value) != owner:
            continue
        around = code.functions_around(region.unit, call)
        if (around[0] if around else None) is not scope:
            continue
        if method(call) == "freeze" and not call.args and not call.keywords:
            frozen = True
        elif method(call) == "unfreeze" or is_train_switch(call):
            frozen = False
    return frozen


def _evaluation_fix(region: _Region, grad: bool, mode: bool) -> tuple[str, str]:
    if not grad and not mode:
        return "eval-unguarded", "call model.eval() and run it under torch.no_grad()"
    if mode:
        if isinstance(region.node, _LOOP_NODES):
            return "eval-with-grad", "wrap it in a torch.no_grad() block"
        return "eval-with-grad", "decorate with @torch.no_grad()"
    return "eval-in-train-mode", "call model.eval() first, model.train() after"


#: Calls that hand back the module they are called on: ``QNet().to(device)``.
_SAME_MODULE = frozenset({"to", "cuda", "cpu", "float", "double", "half", "train"})


@per_object
def _mode_free_classes(repo: Repo) -> dict[str, bool]:
    """The project's torch.nn.Module classes by name, each with whether it behaves the same in
    eval mode: built on ``torch.nn.Module`` alone, it builds no dropout, norm or library network
    and no other project class (whose layers are not read here)."""
    models = torch_models(repo)
    project = {model.name for model in models} | set(repo.model_classes)
    free = {}
    for model in models:
        bases = all(model.resolve(base) == "torch.nn.Module" for base in model.node.bases)
        calls = model.code.inside(model.unit, model.node, ast.Call)
        free[model.name] = bases and not any(
            builds_mode_layer(model.code, call)
            or terminal(call.func) in project
            or _outside_torch(model.resolve(call.func))
            for call in calls
        )
    return free


def _outside_torch(resolved: str) -> bool:
    """A call bound by an import to something outside torch (a library's network)."""
    return bool(resolved) and not resolved.startswith(("torch.", "super"))


def _mode_free_model(repo: Repo, region: _Region) -> bool:
    """The model the region runs (``policy(state)``) is a name that every assignment binding
    it, in the region's program or, for a parameter, in each caller's, builds from a project
    class that behaves the same in eval mode (``policy_net = QNet(4).to(device)``): eval mode
    changes nothing, whatever else the modules around it build."""
    func = region.forward.func
    if isinstance(func, ast.Attribute) and func.attr == "forward":
        func = func.value
    if not isinstance(func, ast.Name):
        return False
    bound = _names_handed_in(repo, region, func.id)
    free = _mode_free_classes(repo)
    return bool(bound) and all(
        (values := _bound_values(code, name)) is not None
        and bool(values)
        and all(free.get(_built_class(value) or "", False) for value in values)
        for code, name in bound
    )


def _names_handed_in(repo: Repo, region: _Region, name: str) -> list[tuple[Code, str]]:
    """Where the model ``name`` comes from: the region's program's global of that name, or, for
    a parameter of a module-level function, the name each caller passes (none if one passes
    anything else)."""
    functions = region.functions
    if not functions:
        return [(region.code, name)]
    function = functions[0]
    arguments = [*function.args.posonlyargs, *function.args.args]
    if name not in parameter_names(function):
        if len(functions) > 1 or any(
            node.id == name and isinstance(node.ctx, ast.Store)
            for node in region.code.inside(region.unit, function, ast.Name)
        ):
            return []
        return [(region.code, name)]
    if len(functions) > 1 or region.code.around(region.unit, function, ast.ClassDef):
        return []
    index = next((i for i, arg in enumerate(arguments) if arg.arg == name), None)
    handed: list[tuple[Code, str]] = []
    for code, _, call in repo.callers_of(function.name, region.code):
        given: ast.expr | None = None
        if index is not None and index < len(call.args):
            given = call.args[index]
        given = next((k.value for k in call.keywords if k.arg == name), given)
        if not isinstance(given, ast.Name):
            return []
        handed.append((code, given.id))
    return handed


def _bound_values(code: Code, name: str) -> list[ast.expr] | None:
    """The values plain assignments bind ``name`` to anywhere in ``code``; None when something
    else binds it too (a parameter, a loop, a tuple, an import)."""
    values: list[ast.expr] = []
    stores = 0
    for unit in code.units:
        for node in unit.of_type(ast.Name):
            stores += node.id == name and isinstance(node.ctx, ast.Store)
        for statement in unit.of_type(ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == name for t in statement.targets):
                values.append(statement.value)
        functions = cast("list[ast.FunctionDef]", unit.of_type(*_FUNCTION_NODES))
        if any(name in parameter_names(function) for function in functions):
            return None
    return values if stores == len(values) and name not in code.program.names else None


def _built_class(value: ast.expr) -> str | None:
    """``QNet(4).to(device).float()`` -> ``QNet``: the class a chain of module calls builds."""
    while (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr in _SAME_MODULE
    ):
        value = value.func.value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
        return value.func.id
    return None


def unguarded_evaluation(repo: Repo) -> list[Finding]:
    """Evaluation without ``model.eval()`` (dropout stays on) or without ``torch.no_grad()``
    (every batch builds a graph). Warnings: the caller may do either in ways not seen here."""
    found = []
    for region in _eval_regions(repo):
        # Without dropout or batch norm, eval mode changes nothing: only gradients matter.
        mode = not repo.mode_dependent(region.code) or _mode_free_model(repo, region)
        mode = mode or _eval_mode_set(repo, region)
        mode = mode or _detection_losses(repo, region)
        grad = _grad_off(repo, region) or _differentiates_inputs(repo, region)
        if not (grad and mode) and _frozen_before(region):
            continue
        if region.predicts and mode:
            continue  # a prediction script's gradients cost memory, not its results
        if not (grad and mode):
            kind, fix = _evaluation_fix(region, grad, mode)
            line = region.node.lineno  # type: ignore[attr-defined]
            found.append(Finding(kind, region.unit, line, fix, certain=False))
    return found


def unread_batches(repo: Repo) -> list[Finding]:
    """A loop over evaluation data whose body runs a model but never reads what it loops
    over: it scores something else (often the last training batch, still in scope) once per
    evaluation batch, and the reported metric is that thing's."""
    found = []
    for code, unit, node in each(repo.torch_codes, *_LOOP_NODES):
        loop = cast("ast.For | ast.AsyncFor", node)
        if not _is_eval_loop(loop):
            continue
        names = _item_names(loop)
        if not names or _first_forward(code, unit, loop) is None:
            continue
        inner = [node for statement in [*loop.body, *loop.orelse] for node in ast.walk(statement)]
        unpacked, unpacking = _unpacked_items(loop, names)
        read = {
            node.id
            for node in inner
            if type(node) is ast.Name and type(node.ctx) is ast.Load and id(node) not in unpacking
        }
        names |= unpacked
        if not names & read and not any(map(_draws_a_batch, inner)):
            shown = ", ".join(sorted(unpacked or names))
            fix = f"never reads {shown}: scores another batch"
            found.append(Finding("eval-batch-unread", unit, loop.lineno, fix, certain=False))
    return found


#: Methods that take the next item from an iterator (Python 2's and TensorFlow 1's spellings).
_NEXT_METHODS = frozenset({"__next__", "next", "get_next"})

#: Verbs that, in a method named for a batch, hand one out: ``next_batch``, ``get_batch``,
#: ``next_valid_batch``, ``sample_batch``, ``load_batch`` (not ``process_batch``).
_DRAW_VERBS = frozenset({"next", "get", "sample", "load", "fetch", "draw", "read", "take"})

#: What such a method, called without arguments, hands out one at a time from a loader that
#: keeps its own index: ``test_loader.load_data()`` of the salient-object test sets.
_DRAWN_ITEMS = frozenset({"data", "item", "sample", "example"})


def _draws_a_batch(node: ast.AST) -> bool:
    """``next(batches)``, ``batches.__next__()``, ``iterator.get_next()``: the loop takes its
    batch from an iterator itself (``for i in range(len(loader)): x, y = next(it)``), so what
    it loops over is a count, and leaving that unread leaves no batch unread. So too a
    loader's own method that hands out its next batch, as the Social LSTM loaders and
    TensorFlow 1's MNIST reader do (``loader.next_valid_batch()``,
    ``mnist.test.next_batch(100)``): the loader keeps the pointer. So too a test set's
    ``load_data()`` with no arguments (PraNet's and SINet's ``test_dataset``), which keeps an
    index and returns its next image."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Name):
        return func.id == "next" and bool(node.args)
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr in _NEXT_METHODS and not node.args:
        return True
    words = tokens(func.attr)
    if not words or words[0] not in _DRAW_VERBS or len(words) < 2:
        return False
    if words[-1] in {"batch", "batches"}:
        return True
    # Without arguments, the loader's own pointer picks the item; with one, the call may
    # load the same thing on every pass.
    return words[-1] in _DRAWN_ITEMS and not node.args and not node.keywords


def _unpacked_items(loop: ast.For | ast.AsyncFor, names: set[str]) -> tuple[set[str], set[int]]:
    """The names a loop's body unpacks its item into at its top level (``test_x, _ = data``),
    and the ids of the item's reads doing so: reading the batch means reading those names."""
    unpacked: set[str] = set()
    unpacking: set[int] = set()
    for statement in loop.body:
        if (
            type(statement) is ast.Assign
            and len(statement.targets) == 1
            and type(statement.value) is ast.Name
            and statement.value.id in names
        ):
            unpacking.add(id(statement.value))
            unpacked |= {
                node.id
                for node in ast.walk(statement.targets[0])
                if type(node) is ast.Name and not node.id.startswith("_")
            }
    return unpacked, unpacking


def _item_names(loop: ast.For | ast.AsyncFor) -> set[str]:
    """The names a loop binds to each item it loops over (not ``enumerate``'s count), those
    starting with ``_`` left out: an item left unnamed on purpose."""
    target = loop.target
    counted = isinstance(loop.iter, ast.Call) and terminal(loop.iter.func) == "enumerate"
    if counted and isinstance(target, ast.Tuple) and len(target.elts) == 2:
        target = target.elts[1]
    return {
        node.id
        for node in ast.walk(target)
        if type(node) is ast.Name and not node.id.startswith("_")
    }


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
    """In a loop that trains, the eval switch that no train switch undoes: none in the loop,
    and none before its next pass (a ``model.train()`` at the top of each epoch of a loop
    around it undoes only a switch made on this loop's last pass)."""
    calls = _body_calls(code, unit, loop)
    names = [terminal(call.func) for call in calls]
    if not any(map(is_backward, calls)) and not any(
        _trains_outside_eval(repo, code, name) for name in names
    ):
        return None
    if _sets_train_mode(repo, calls):
        return None
    pairs = list(zip(calls, names, strict=True))
    called = {name for call in calls if not is_eval_switch(call) for name in identifiers(call.func)}
    # model.train() in a loop around this one (at the top of each epoch) runs again only after
    # this loop's last pass: it undoes an eval switch made on that pass, not one made on an
    # earlier pass, after which the passes left train in eval mode.
    trained_first = any(
        _sets_train_mode(repo, _body_calls(code, unit, outer))
        for outer in code.loops_around(unit, loop)
    ) or _switched_to_train_before(code, unit, loop)
    return next(
        (
            c
            for c, n in pairs
            if not (trained_first and _on_the_last_pass(code, unit, loop, c))
            and not _built_afresh_each_pass(repo, code, loop, c, called, pairs)
            and (
                (is_eval_switch(c) and _switches_the_trained_model(code, unit, loop, c, called))
                or (
                    _may_switch_the_model(c, called)
                    and repo.any_def(n, lambda facts: _stays_in_eval(repo, facts), code)
                )
                or repo.any_def(n, lambda facts: _leaves_a_global_in_eval(facts, called), code)
            )
        ),
        None,
    )


def _built_afresh_each_pass(
    repo: Repo,
    code: Code,
    loop: ast.AST,
    call: ast.Call,
    called: set[str],
    pairs: list[tuple[ast.Call, str | None]],
) -> bool:
    """Every model ``call`` switches to eval (``model.eval()``, or handed to ``validate(model,
    ...)``) is bound anew on each pass, at the loop's top level, to one of the project's model
    classes (``model = OCRModel(...)`` per cross-validation fold), between the switch and the
    next training: a new module starts in train mode, so the switch leaves an old model."""
    if is_eval_switch(call):
        receiver = call.func.value  # type: ignore[attr-defined]
        names = {receiver.id} if isinstance(receiver, ast.Name) else set()
    else:
        arguments = [*call.args, *(item.value for item in call.keywords)]
        names = {a.id for a in arguments if isinstance(a, ast.Name) and a.id in called}
    body = cast("list[ast.stmt]", getattr(loop, "body", []))
    at = [i for i, statement in enumerate(body) if contains(statement, call)]
    if not names or not at:
        return False
    training = [c for c, n in pairs if is_backward(c) or _trains_outside_eval(repo, code, n)]
    trains = [i for i, s in enumerate(body) for t in training if contains(s, t)]
    if not trains:
        return False
    rebuilt: set[str] = set()
    for i, statement in enumerate(body):
        if i > min(trains) and i < at[0]:
            continue  # bound after this pass trained and before the switch: the new model
        if (
            isinstance(statement, ast.Assign)
            and isinstance(statement.value, ast.Call)
            and terminal(statement.value.func) in repo.model_classes
        ):
            rebuilt |= {t.id for t in statement.targets if isinstance(t, ast.Name)}
    return names <= rebuilt


def _switched_to_train_before(code: Code, unit: SourceUnit, loop: ast.AST) -> bool:
    """The loop runs once per call of its function, or once in its module, and the last mode
    switch above it there is ``model.train()``: each call starts training in train mode. A loop
    inside another loop is run again without that switch."""
    if code.loops_around(unit, loop):
        return False
    functions = code.functions_around(unit, loop)
    scope = functions[0] if functions else None
    start = start_of(loop)
    last: ast.Call | None = None
    for call in code.inside(unit, scope, ast.Call):
        if start_of(call) >= start:
            break  # in source order: the rest is the loop and below
        if not (is_eval_switch(call) or is_train_switch(call)):
            continue
        around = code.functions_around(unit, call)
        if (around[0] if around else None) is scope:
            last = call
    return last is not None and is_train_switch(last)


def _on_the_last_pass(code: Code, unit: SourceUnit, loop: ast.AST, call: ast.Call) -> bool:
    """``call`` runs only on the loop's last pass, under an ``if`` inside the loop that says so
    of the loop's count (``if step == len(train_loader) - 1:`` in ``for step, batch in
    enumerate(train_loader)``): no pass of that loop follows it."""
    count = _pass_count(loop)
    if count is None:
        return False
    counter, total = count
    for test in code.around(unit, call, ast.If):
        if not contains(loop, test):
            break
        if any(contains(statement, call) for statement in test.body) and _says_last_pass(
            test.test, counter, total
        ):
            return True
    return False


def _pass_count(loop: ast.AST) -> tuple[str, str] | None:
    """The loop's counter and, dumped, the number of its passes: ``step`` and
    ``len(train_loader)`` for ``for step, x in enumerate(train_loader)``, ``i`` and ``n`` for
    ``for i in range(n)``."""
    if not isinstance(loop, _LOOP_NODES) or not isinstance(loop.iter, ast.Call):
        return None
    func, args, target = terminal(loop.iter.func), loop.iter.args, loop.target
    if func == "enumerate" and len(args) == 1 and isinstance(target, ast.Tuple):
        first = target.elts[0] if target.elts else None
        if isinstance(first, ast.Name):
            length = ast.Call(func=ast.Name(id="len", ctx=ast.Load()), args=[args[0]], keywords=[])
            return first.id, ast.dump(length)
    if func == "range" and len(args) == 1 and isinstance(target, ast.Name):
        return target.id, ast.dump(args[0])
    return None


def _says_last_pass(test: ast.expr, counter: str, total: str) -> bool:
    """``step == N - 1``, ``step + 1 == N``, ``step > N - 2``, ``step >= N - 1`` (either way
    round), or an ``and`` one of whose parts says so."""
    if isinstance(test, ast.BoolOp):
        return isinstance(test.op, ast.And) and any(
            _says_last_pass(value, counter, total) for value in test.values
        )
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    left, op, right = test.left, test.ops[0], test.comparators[0]
    flipped = {ast.Lt: ast.Gt, ast.LtE: ast.GtE, ast.Eq: ast.Eq}
    if _offset(right, counter) is not None and type(op) in flipped:
        left, right, op = right, left, flipped[type(op)]()
    own, bound = _offset(left, counter), _offset(right, None, total)
    if own is None or bound is None:
        return False
    gap = bound - own  # the counter equals total + gap on the last pass when gap == -1
    return (
        (isinstance(op, ast.Eq) and gap == -1)
        or (isinstance(op, ast.GtE) and gap == -1)
        or (isinstance(op, ast.Gt) and gap == -2)
    )


def _offset(expr: ast.expr, name: str | None, dumped: str | None = None) -> int | None:
    """``k`` where ``expr`` is ``x + k`` or ``x - k`` (or ``x`` alone, 0), ``x`` being the
    name ``name`` or the expression dumped as ``dumped``."""
    shift = 0
    if (
        isinstance(expr, ast.BinOp)
        and isinstance(expr.op, ast.Add | ast.Sub)
        and isinstance(expr.right, ast.Constant)
        and type(expr.right.value) is int
    ):
        shift = expr.right.value if isinstance(expr.op, ast.Add) else -expr.right.value
        expr = expr.left
    if name is not None:
        return shift if isinstance(expr, ast.Name) and expr.id == name else None
    return shift if ast.dump(expr) == dumped else None


def _trains_outside_eval(repo: Repo, code: Code, name: str | None) -> bool:
    """A call that makes the loop a training loop: to a function that trains, unless every
    definition it may run is an evaluation helper that leaves the model in eval mode and
    trains only through another function. Such a helper reaches ``backward()`` through a name
    it shares with the train step (a trainer template's ``self.process_batch``, stepping the
    optimiser only when ``self.is_train``); a loop over the evaluation loaders that calls it
    trains nothing. A helper that switches to eval and steps the model itself still counts.
    Only training by ``backward()`` counts: a helper whose one fit is a ``fit()`` (a Gaussian
    fitted to a frozen model's reconstruction errors, an anomaly detector's threshold) trains
    nothing that eval mode would spoil."""
    if name not in repo.backward_training_functions:
        return False
    return repo.any_def(name, lambda facts: facts.trains or not _stays_in_eval(repo, facts), code)


#: Copies of a model that are never trained: an EMA average, a teacher, an RL target network.
_NOT_TRAINED = frozenset({"ema", "teacher", "target", "averaged", "swa", "frozen"})


def _switches_the_trained_model(
    code: Code, unit: SourceUnit, loop: ast.AST, switch: ast.Call, called: set[str]
) -> bool:
    """``model.eval()`` on a model the loop runs (``model(x)``, ``model.forward(x)``), not on
    an EMA copy or a target network that the loop never trains
    (``self.ema.ema_model.eval()``), nor on a name bound only to one
    (``test_model = ema_model.ema``)."""
    receiver = switch.func.value  # type: ignore[attr-defined]
    if _names_an_untrained_copy(receiver):
        return False
    if terminal(receiver) not in called:
        return False
    return not (
        isinstance(receiver, ast.Name) and _bound_to_an_untrained_copy(code, unit, loop, receiver)
    )


def _names_an_untrained_copy(expr: ast.AST) -> bool:
    return any(token in _NOT_TRAINED for name in identifiers(expr) for token in tokens(name))


def _bound_to_an_untrained_copy(
    code: Code, unit: SourceUnit, loop: ast.AST, name: ast.Name
) -> bool:
    """``test_model = ema_model.ema`` before ``test_model.eval()``: every binding of the name
    in the function around the loop (the cell or module outside one) names an EMA copy, a
    teacher or a target network. Asked only of an eval switch on a name the loop calls."""
    functions = code.functions_around(unit, loop)
    scope = functions[0] if functions else None
    values = [
        statement.value
        for statement in code.inside(unit, scope, ast.Assign)
        if any(isinstance(t, ast.Name) and t.id == name.id for t in statement.targets)
    ]
    return bool(values) and all(map(_names_an_untrained_copy, values))


def _may_switch_the_model(call: ast.Call, called: set[str]) -> bool:
    """A helper that leaves eval mode switches the loop's model only when it can reach it:
    handed the model (``validate(model, loader)``) or a method of the same object
    (``self.evaluate()``), not another object's (``self.fid_scorer.fid_score()``, whose
    Inception network it switches)."""
    func = call.func
    if isinstance(func, ast.Attribute):
        return isinstance(func.value, ast.Name) and func.value.id == "self"
    arguments = [*call.args, *(item.value for item in call.keywords)]
    return any(terminal(argument) in called for argument in arguments)


def _stays_in_eval(repo: Repo, facts: FunctionFacts, depth: int = 2) -> bool:
    """The function leaves the model it is handed in eval mode: its own last switch is to
    eval, or, switching none itself, the last helper it hands one of its parameters to does
    (``evaluate(model)`` returning ``eval_network(model, data)``, which calls
    ``model.eval()``), through ``depth`` helpers at most. Read once per function and depth:
    every loop's every call asks it of the helpers it may run."""
    if facts.modes or depth == 0:
        return facts.leaves_eval
    known = _left_in_eval(repo)
    key = (id(facts), depth)
    if key not in known:
        known[key] = _hands_on_to_eval(repo, facts, depth)
    return known[key]


@per_object
def _left_in_eval(repo: Repo) -> dict[tuple[int, int], bool]:
    """(id of a function's facts, depth) -> what :func:`_stays_in_eval` said of it."""
    return {}


def _hands_on_to_eval(repo: Repo, facts: FunctionFacts, depth: int) -> bool:
    own = parameter_names(facts.node)
    left_in_eval = False
    for call in facts.code.inside(facts.unit, facts.node, ast.Call):
        name = terminal(call.func)
        arguments = [*call.args, *(item.value for item in call.keywords)]
        if name == facts.name or not any(terminal(arg) in own for arg in arguments):
            continue
        if repo.any_def(name, lambda inner: _stays_in_eval(repo, inner, depth - 1), facts.code):
            left_in_eval = True
        elif name in repo.train_mode_functions:
            left_in_eval = False
    return left_in_eval


def _leaves_a_global_in_eval(facts: FunctionFacts, called: set[str]) -> bool:
    """A helper handed nothing that switches the loop's model, a global it reads (a notebook's
    ``def test(): model.eval() ...`` called at the end of each epoch), to eval mode for good."""
    if not facts.leaves_eval:
        return False
    own = parameter_names(facts.node)
    return any(
        is_eval_switch(call)
        and isinstance(call.func.value, ast.Name)  # type: ignore[attr-defined]
        and call.func.value.id in called - own  # type: ignore[attr-defined]
        for call in facts.code.inside(facts.unit, facts.node, ast.Call)
    )
