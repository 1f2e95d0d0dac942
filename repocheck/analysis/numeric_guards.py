"""Numeric guards written by hand, and whether a program computes gradients (SANITY002).

Library guards (``torch.isfinite``, ``clip_grad_norm_``) are matched by name in sanity.py.
Here are the guards a reviewer recognises in plain code: probabilities clamped away from zero
before a log (``torch.log(p.clamp(min=1e-7))``, ``np.log(np.clip(p, eps, 1 - eps))``,
``np.log(p + 1e-8)``), and gradients clipped by hand (``p.grad.data.clamp_(-1, 1)``,
``p.grad.mul_(clip_coef)``). A guard against exploding values only matters where gradients
are computed: a random forest has none, and a numpy layer's own ``backward(grads)`` computes
them by hand, not by autograd. A finite check guards only where its result decides what runs
next (an ``if``, an ``assert``); ``print(df.isnull().sum())`` decides nothing. Gradients
clipped after the optimizer stepped on them guard nothing either: the step has used them, and
the next ``zero_grad()`` erases what the clip changed.
"""

from __future__ import annotations

import ast
import re

from repocheck.analysis.cache import per_object
from repocheck.analysis.fixed_flags import bound_constants, decided
from repocheck.analysis.ml_code import Code, Finding, Repo
from repocheck.analysis.ml_names import (
    BACKWARD_METHODS,
    FIT_METHODS,
    identifiers,
    is_backward,
    is_fit,
    method,
    rebound_names,
    terminal,
    tokens,
)
from repocheck.analysis.spans import contains, start_of
from repocheck.analysis.stored_flags import init_stores
from repocheck.analysis.trainer_defaults import sentence_transformer_fits
from repocheck.facts.snapshot import SourceUnit

#: Libraries whose programs can train by gradient descent.
GRADIENT_LIBRARIES = frozenset(
    {"torch", "lightning", "pytorch_lightning", "tensorflow", "keras", "jax", "flax", "optax"}
    | {"transformers", "accelerate", "timm", "ultralytics", "stable_baselines3", "sb3_contrib"}
    | {"mxnet", "sentence_transformers"}
    # TRL's trainers (SFTTrainer, GRPOTrainer, DPOTrainer) are transformers' Trainer: a
    # script that imports only trl and peft still runs its loop by ``trainer.train()``.
    | {"trl"}
)
_GRADIENT_CALLS = frozenset(
    {"jax.grad", "jax.value_and_grad", "tensorflow.GradientTape", "torch.autograd.grad"}
)
_CLIPS = frozenset({"clamp", "clamp_", "clip", "clip_", "clip_by_value"})
_LOGS = frozenset({"log", "log2", "log10", "log1p", "xlogy"})
_SCALES = frozenset({"mul_", "div_", "mul", "div"})
#: An added constant at most this small is an epsilon keeping a log finite.
_EPSILON = 1e-3


def computes_gradients(code: Code) -> bool:
    """The program trains by gradient descent: ``backward()``, an optimizer step,
    ``jax.grad``, ``tf.GradientTape``, or a Keras/Lightning/transformers ``fit``."""
    found = code.program.derived.get("computes_gradients")
    if found is None:
        found = code.program.derived["computes_gradients"] = _computes_gradients(code)
    return bool(found)


def _computes_gradients(code: Code) -> bool:
    if not code.libraries & GRADIENT_LIBRARIES:
        # sentence-transformers' fit in a helper that imports only its settings: the model
        # comes in as an argument, and the call's own keyword says what it trains.
        return bool(sentence_transformer_fits(code))
    hand_written = hand_written_layers(code)
    backward = False
    for unit in code.units:
        for call in unit.of_type(ast.Call):
            if is_backward(call) and not _on_a_layer(call, hand_written):
                backward = True
            if is_fit(call) and not code.fits_without_gradients(call):
                return True
            if code.is_optimizer_step(call):
                return True
            if code.resolve(call.func) in _GRADIENT_CALLS:
                return True
    return backward and _updates_weights(code)


def _updates_weights(code: Code) -> bool:
    """Whether the gradients a ``backward()`` makes move a weight: a ``step()`` of any owner
    but a learning-rate scheduler (an optimizer the analysis cannot name, a Gluon trainer), or
    an update by hand (``w -= lr * w.grad``, ``p.data.add_(p.grad, alpha=-lr)``). Grad-CAM,
    a saliency map or a loss's own demo call ``backward()`` only to read gradients: nothing
    trains there for a NaN guard to protect."""
    return any(_unit_updates_weights(unit) for unit in code.units)


@per_object
def _unit_updates_weights(unit: SourceUnit) -> bool:
    for call in unit.of_type(ast.Call):
        if method(call) == "step" and isinstance(call.func, ast.Attribute):
            if not {"sched", "scheduler"} & set(tokens(terminal(call.func.value) or "")):
                return True
        elif (method(call) or "").endswith("_") and _reads_grad(call.args):
            return True
    for augmented in unit.of_type(ast.AugAssign):
        if _reads_grad([augmented.value]):
            return True
    for assign in unit.of_type(ast.Assign):
        if not _reads_grad([assign.value]):
            continue  # asked first: a dump of every assignment's targets costs
        targets = {ast.dump(target) for target in assign.targets}
        if any(ast.dump(inner) in targets for inner in ast.walk(assign.value)):
            return True
    return False


def _reads_grad(nodes: list[ast.expr]) -> bool:
    """``x.grad`` read somewhere in these expressions."""
    return any(
        isinstance(inner, ast.Attribute) and inner.attr == "grad"
        for node in nodes
        for inner in ast.walk(node)
    )


def gradient_programs(repo: Repo) -> list[Code]:
    """The programs that train by gradient descent: those :func:`computes_gradients` says, and
    the torch training steps kept in files that import nothing, which a torch script imports
    (:attr:`Repo.torch_codes`): their own imports name no library to go by."""
    imported_steps = {id(code) for code in repo.torch_codes if not code.uses_torch}
    return [
        code
        for code in repo.codes
        if id(code) in imported_steps
        or computes_gradients(code)
        or _fits_a_model_built_elsewhere(repo, code)
    ]


def _fits_a_model_built_elsewhere(repo: Repo, code: Code) -> bool:
    """``model, encoder = seq2seq(512)`` then ``model.fit_generator(...)`` in a script that
    imports only numpy and the project's ``model.py``, where Keras builds and compiles the
    network: the script's own imports name no framework, and the fit is Keras training all
    the same. Asked only of programs that import no gradient library and call a fit."""
    if code.libraries & GRADIENT_LIBRARIES:
        return False
    receivers = {
        terminal(call.func.value)
        for _, call in code.method_calls(FIT_METHODS)
        if isinstance(call.func, ast.Attribute) and is_fit(call)
    } - {None}
    if not receivers:
        return False
    for unit in code.units:
        for node in unit.of_type(ast.Assign):
            if not isinstance(node.value, ast.Call):
                continue
            names = {name for target in node.targets for name in rebound_names(target)}
            if not names & receivers:
                continue
            module = code.resolve(node.value.func).rpartition(".")[0]
            if module and any(
                other is not code and other.libraries & GRADIENT_LIBRARIES
                for other in repo.programs_of(module)
            ):
                return True
    return False


def training_backwards(code: Code) -> list[tuple[SourceUnit, ast.Call]]:
    """``loss.backward()`` calls of a program that trains by gradient descent (one of
    :func:`gradient_programs`); not a hand-written numpy layer's own ``layer.backward(grads)``."""
    hand_written = hand_written_layers(code)
    return [
        (unit, call)
        for unit, call in code.method_calls(BACKWARD_METHODS)
        if is_backward(call) and not _on_a_layer(call, hand_written)
    ]


def hand_written_layers(code: Code) -> frozenset[str] | None:
    """Names bound to instances of the program's own classes that define ``backward``
    (``layer = Linear(10, 5)`` of a numpy ``class Linear(Layer)``); None without such classes.
    A ``torch.autograd.Function``'s backward is autograd's to call, never the code's."""
    classes = {
        node.name
        for unit in code.units
        for node in unit.of_type(ast.ClassDef)
        if any(isinstance(item, ast.FunctionDef) and item.name == "backward" for item in node.body)
        and not any(
            "Function" in (code.resolve(base) or terminal(base) or "") for base in node.bases
        )
    }
    if not classes:
        return None
    return code.bound_to(lambda callee: callee.rpartition(".")[2] in classes)


def _on_a_layer(call: ast.Call, layers: frozenset[str] | None) -> bool:
    """``layer.backward(grads)`` where the program writes its own layers: on an instance of
    one, or handed the incoming gradient (``loss.backward()`` takes none)."""
    if layers is None or not isinstance(call.func, ast.Attribute):
        return False
    return terminal(call.func.value) in layers or bool(call.args)


#: Statements whose test decides what runs next (``x if ok else y`` only picks a value).
_DECIDING = (ast.If, ast.While, ast.Assert)


def decides(code: Code, unit: SourceUnit, call: ast.Call) -> bool:
    """Whether a check's result decides something: it sits in the test of an ``if``,
    ``while`` or ``assert``, is handed to an assertion (``torch._assert``,
    ``tf.debugging.assert_equal``), or is assigned to a name such a test reads. Counting NaNs
    for a printout or masking them away (``x[np.isinf(x)] = 0``) guards nothing."""
    if _in_a_test(code, unit, call):
        return True
    if any(
        set(tokens(terminal(outer.func) or "")) & {"assert", "check"}
        for outer in code.around(unit, call, ast.Call)
    ):
        return True
    statement = next(
        (
            s
            for s in code.around(unit, call, ast.Assign)
            if s.value is call or contains(s.value, call)
        ),
        None,
    )
    if statement is None:
        return False
    names = {terminal(target) for target in statement.targets} - {None}
    return any(
        set(identifiers(node.test)) & names  # type: ignore[attr-defined]
        for node in code.inside(unit, None, *_DECIDING)
    )


def _in_a_test(code: Code, unit: SourceUnit, call: ast.Call) -> bool:
    return any(
        node.test is call or contains(node.test, call)  # type: ignore[attr-defined]
        for node in code.around(unit, call, *_DECIDING)
    )


def manual_guard(call: ast.Call, code: Code, unit: SourceUnit) -> str | None:
    """What numeric guard a plain call is: a clamped log, or gradients clipped by hand."""
    if _last(call, code) in _LOGS and any(_kept_from_zero(a, code) for a in _log_inputs(call)):
        return "clamped log"
    if _clips(call) and "grad" in identifiers(call.func):
        return "gradient clipping"
    if _last(call, code) in _REPLACES_NON_FINITE and _on_gradients(call):
        return REPLACED_GRADIENTS
    return None


#: The guard StyleGAN2 writes before each step: ``torch.nan_to_num(p.grad, nan=0,
#: posinf=1e5, neginf=-1e5, out=p.grad)`` or ``p.grad.nan_to_num_()``.
REPLACED_GRADIENTS = "non-finite gradients replaced"
_REPLACES_NON_FINITE = frozenset({"nan_to_num", "nan_to_num_"})


def _on_gradients(call: ast.Call) -> bool:
    """The tensor replaced is a gradient (``p.grad``, ``p.grad.data``), named as the call's
    owner, its first argument or its ``out=``: on a loss or on data it masks, not guards."""
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    tensors = [owner, *call.args[:1], *(k.value for k in call.keywords if k.arg == "out")]
    return any(
        isinstance(node, ast.Attribute) and node.attr == "grad"
        for tensor in tensors
        if tensor is not None
        for node in _attribute_chain(tensor)
    )


def _attribute_chain(expr: ast.expr) -> list[ast.expr]:
    """``p.grad.data`` -> [p.grad.data, p.grad, p]: the expression and what it is read from."""
    chain = [expr]
    while isinstance(expr, ast.Attribute):
        expr = expr.value
        chain.append(expr)
    return chain


def _clips(call: ast.Call) -> bool:
    """``p.grad.clamp_(-1, 1)``, or ``p.grad.mul_(clip_coef)`` scaling by a clipping factor
    (not ``p.grad.mul_(1 / loss_scale)``, which undoes mixed-precision scaling)."""
    name = method(call)
    if name in _CLIPS:
        return True
    if name not in _SCALES:
        return False
    words = {w for arg in call.args for n in identifiers(arg) for w in tokens(n)}
    return bool(words & {"clip", "coef", "norm", "max"})


def _last(call: ast.Call, code: Code) -> str:
    name = code.resolve(call.func) or terminal(call.func) or ""
    return name.rpartition(".")[2]


def _log_inputs(call: ast.Call) -> list[ast.expr]:
    """What a log is taken of: its first argument, or the tensor of ``p.log()``."""
    if isinstance(call.func, ast.Attribute) and not call.args:
        return [call.func.value]  # p.log()
    return call.args[:1]


def _kept_from_zero(expr: ast.expr, code: Code) -> bool:
    """``clamp(p, min=eps)``, ``np.clip(p, eps, 1)``, ``p + 1e-8``, ``p + eps``."""
    if isinstance(expr, ast.Call):
        return _last(expr, code) in _CLIPS
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
        return any(_epsilon(side) for side in (expr.left, expr.right))
    return False


def _epsilon(expr: ast.expr) -> bool:
    if isinstance(expr, ast.Constant) and isinstance(expr.value, float):
        return 0 < expr.value <= _EPSILON
    name = terminal(expr) or ""
    return name.lower().startswith("eps")


# ---------------------------------------------------------------------------- late clipping

#: Functions and methods that clip gradients in place (torch's, Accelerate's, Lightning's).
CLIP_CALLS = frozenset(
    {"clip_grad_norm_", "clip_grad_value_", "clip_grad_norm", "clip_grad_value"}
    | {"clip_gradients"}
)


def clips_a_loss(unit: SourceUnit, clip: ast.Call) -> bool:
    """``clip_grad_norm_(loss, 0.9)``: the clip is handed a tensor the module calls
    ``backward()`` on, a loss, whose own gradient is not kept; the parameters' gradients reach
    the optimizer unclipped."""
    first = clip.args[0] if clip.args else None
    if not isinstance(first, ast.Name):
        return False
    return any(
        is_backward(call)
        and isinstance(call.func, ast.Attribute)
        and isinstance(call.func.value, ast.Name)
        and call.func.value.id == first.id
        for call in unit.of_type(ast.Call)
    )


def clip_never_runs(repo: Repo, code: Code, unit: SourceUnit, clip: ast.Call) -> bool:
    """The clip is in a method of a project class, under ``if self.max_grad_norm > 0:``, and
    every construction of the class the project makes stores a constant in that attribute
    (``Optimizer(adam, max_grad_norm=0)``) that decides the test against the clip: no object
    of the class ever clips. The attribute must hold the constructor's parameter unchanged,
    set nowhere else in the class nor, by that name, on another object."""
    classes = code.around(unit, clip, ast.ClassDef)
    methods = code.around(unit, clip, ast.FunctionDef, ast.AsyncFunctionDef)
    if not classes or not methods or not contains(classes[0], methods[0]):
        return False
    cls = classes[0]
    tests = [
        branch.test
        for branch in code.around(unit, clip, ast.If)
        if contains(methods[0], branch) and any(contains(s, clip) for s in branch.body)
    ]
    tested = {
        node.attr
        for test in tests
        for node in ast.walk(test)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    }
    init = next(
        (n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None
    )
    if init is None or not tests:
        return False
    stored = {a: p for a, p in _stored_switches(cls, init).items() if a in tested}
    if not stored or _stored_elsewhere(repo, set(stored)):
        return False
    sites = repo.callers_of(cls.name)
    if not sites:
        return False
    for _, _, call in sites:
        bound = bound_constants(call, init, frozenset(stored.values()), method=True)
        held = dict(bound)
        constants = {f"self.{attr}": held[p] for attr, p in stored.items() if p in held}
        if not any(decided(test, constants) is False for test in tests):
            return False
    return True


def _stored_switches(cls: ast.ClassDef, init: ast.FunctionDef) -> dict[str, str]:
    """``self.<attr>`` -> the parameter ``init`` stores in it unchanged, for attributes the
    class stores once."""
    stores: dict[str, int] = {}
    for node in ast.walk(cls):
        if isinstance(node, ast.Attribute) and type(node.ctx) is not ast.Load:
            stores[node.attr] = stores.get(node.attr, 0) + 1
    return {attr: p for attr, p in init_stores(init).items() if stores.get(attr) == 1}


def _stored_elsewhere(repo: Repo, attributes: set[str]) -> bool:
    """Whether code other than the constructor's one store may set one of ``attributes``:
    an assignment to the name on any object (``opt.max_grad_norm = 5``), or ``setattr``."""
    names = "|".join(map(re.escape, sorted(attributes)))
    store = re.compile(rf"\.\s*(?:{names})\s*[-+*/%|&^]?=(?!=)")
    units = [
        unit
        for code in repo.codes
        for unit in code.units
        if any(attribute in unit.source for attribute in attributes)
    ]
    stores = sum(len(store.findall(unit.source)) for unit in units)
    return stores > len(attributes) or any("setattr" in unit.source for unit in units)


def clipped_before_backward(code: Code, unit: SourceUnit, clip: ast.Call) -> bool:
    """Gradients clipped before ``backward()`` computes them: in the innermost loop around the
    clip that calls ``backward()``, none comes before the clip, and after it a ``backward()``
    and then an optimizer step (``zero_grad(); clip_grad_norm_(...); loss.backward();
    step()``): the clip works on zeroed or last batch's gradients, and the step on unclipped
    ones. So is a clip outside any loop, made once before the loop of its own function that
    calls ``backward()`` (``clip_grad_norm_(model.parameters(), 1.0)`` beside the optimizer,
    as if it configured clipping): no gradient exists yet, and every step uses unclipped ones."""
    loops = code.loops_around(unit, clip)
    if not loops:
        return _clipped_before_training(code, unit, clip)
    for loop in loops:
        calls = code.inside(unit, loop, ast.Call)
        backwards = [start_of(call) for call in calls if is_backward(call)]
        if not backwards:
            continue
        if any(place < start_of(clip) for place in backwards):
            return False
        first = min(backwards)
        return any(code.is_optimizer_step(call) and start_of(call) > first for call in calls)
    return False


def _clipped_before_training(code: Code, unit: SourceUnit, clip: ast.Call) -> bool:
    """The clip is in a function, in no loop, and every ``backward()`` of that function comes
    after it, inside a loop that also steps the optimizer after it."""
    functions = code.around(unit, clip, ast.FunctionDef, ast.AsyncFunctionDef)
    if not functions:
        return False
    calls = code.inside(unit, functions[0], ast.Call)
    backwards = [call for call in calls if is_backward(call)]
    if not backwards or any(start_of(call) < start_of(clip) for call in backwards):
        return False
    for backward in backwards:
        loops = code.loops_around(unit, backward)
        if not loops:
            return False
        inner = code.inside(unit, loops[-1], ast.Call)
        if not any(
            code.is_optimizer_step(call) and start_of(call) > start_of(backward) for call in inner
        ):
            return False
    return True


def clipped_after_step(code: Code, unit: SourceUnit, clip: ast.Call) -> bool:
    """Gradients clipped after the optimizer has stepped on them: in the loop around the clip,
    a ``backward()`` comes before the loop's last optimizer step, that step before the clip,
    and no ``backward()`` between them (a loop that steps first and backpropagates last clips
    what its next step uses). The loop is the innermost one that steps, past a loop over the
    parameters (``for p in model.parameters(): p.grad.clamp_(-1, 1)``). A step that runs under a condition the clip does not share
    (accumulated gradients stepped every k batches) leaves the order unclear: not counted."""
    loops = code.loops_around(unit, clip)
    calls: list[ast.Call] = []
    steps: list[ast.Call] = []
    for loop in loops:  # past a loop over the parameters to the loop that steps
        calls = code.inside(unit, loop, ast.Call)
        steps = [call for call in calls if code.is_optimizer_step(call)]
        if steps:
            loops = [loop]
            break
    if not steps or start_of(steps[-1]) > start_of(clip):
        return False
    step = steps[-1]
    backwards = [start_of(call) for call in calls if is_backward(call)]
    if not any(place < start_of(step) for place in backwards):
        return False
    if any(start_of(step) < place < start_of(clip) for place in backwards):
        return False
    around_clip = {id(node) for node in code.around(unit, clip, ast.If)}
    return all(
        id(node) in around_clip
        for node in code.around(unit, step, ast.If)
        if contains(loops[0], node)
    )


def _scaled_backward(call: ast.Call) -> bool:
    """``scaler.scale(loss).backward()``: gradients of a loss a GradScaler multiplied."""
    func = call.func
    return (
        is_backward(call)
        and isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Call)
        and method(func.value) == "scale"
    )


def _unscales(call: ast.Call) -> bool:
    return method(call) == "unscale_"


def scaled_clipping(repo: Repo) -> list[Finding]:
    """SANITY004: ``clip_grad_norm_`` on gradients a GradScaler still scales: between
    ``scaler.scale(loss).backward()`` and ``scaler.step(optimizer)`` with no
    ``scaler.unscale_(optimizer)`` before it, the norm compared with the limit is the scaled
    one (65,536 times too large at first), so every step is cut to almost nothing. A
    warning: a scaler built disabled (``GradScaler(enabled=False)``) scales nothing.
    Accelerate's and Lightning's own clips unscale first; only torch's are read."""
    found: dict[int, Finding] = {}
    fix = "call scaler.unscale_(optimizer) before clipping"
    for code, unit, backward in repo.method_calls(BACKWARD_METHODS, repo.torch_codes):
        if not _scaled_backward(backward):
            continue
        loops = code.loops_around(unit, backward)
        calls = code.inside(unit, loops[0], ast.Call) if loops else []
        after = start_of(backward)
        for call in calls:
            if id(call) in found or start_of(call) <= after:
                continue
            if not (code.resolve(call.func) or "").startswith("torch.nn.utils.clip_grad"):
                continue
            unscaled = any(_unscales(c) and after < start_of(c) < start_of(call) for c in calls)
            if not unscaled:
                found[id(call)] = Finding("clip-before-unscale", unit, call.lineno, fix, False)
    return list(found.values())


def late_clipping(repo: Repo) -> list[Finding]:
    """SANITY004: ``clip_grad_norm_`` after ``optimizer.step()`` in a training loop. A warning:
    the run is not broken, but the clip the author meant as a guard does nothing."""
    found: dict[int, Finding] = {}
    fix = "clip between backward() and optimizer.step()"
    read: set[int] = set()  # each loop once, however many backward() calls it makes
    for code, unit, backward in repo.method_calls(BACKWARD_METHODS, repo.torch_codes):
        loops = code.loops_around(unit, backward) if is_backward(backward) else []
        if not loops or id(loops[0]) in read:
            continue
        read.add(id(loops[0]))
        for call in code.inside(unit, loops[0], ast.Call):
            if id(call) in found or terminal(call.func) not in CLIP_CALLS:
                continue
            if clipped_after_step(code, unit, call):
                found[id(call)] = Finding("clip-after-step", unit, call.lineno, fix, False)
    return list(found.values())
