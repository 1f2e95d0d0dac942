"""What a training run puts at stake: is a NaN guard a first review point here (SANITY002)?

A five-epoch MNIST script that turns NaN costs a minute and is rerun; a mixed-precision,
distributed or pretrained-model run, a hand-written loss taking logs, or a long training
program costs hours and hides its NaN in a later checkpoint. A reviewer asks the latter for a
guard first and leaves the former a note. Read from each program that trains by gradient
descent.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import cast

from repocheck.analysis.cache import per_object
from repocheck.analysis.ml_code import Code, each
from repocheck.analysis.ml_names import (
    is_backward,
    is_fit,
    steps_outside_torch,
    terminal,
    tokens,
)
from repocheck.analysis.spans import contains
from repocheck.facts.snapshot import SourceUnit
from repocheck.patterns import compile_on_use

#: A training program longer than this (code lines) is more than an exercise.
LONG_PROGRAM_LINES = 1_000

_MIXED_PRECISION = compile_on_use(
    r"(^|\.)(autocast|GradScaler|float16|bfloat16|bf16|fp16)$|^torch\.(cuda\.)?amp\."
    r"|^apex\.|mixed_precision"
)
_DISTRIBUTED = compile_on_use(
    r"(^|\.)(DistributedDataParallel|init_process_group|FullyShardedDataParallel"
    r"|MirroredStrategy|TPUStrategy|pmap)$|^(accelerate|deepspeed|fairscale|horovod)\."
)
_LOGS = frozenset({"log", "log_softmax", "exp", "logsumexp", "sqrt", "pow", "div"})


def stakes(code: Code, others: Iterable[Code] = ()) -> str | None:
    """Why a NaN in this training program would be costly, or None for a short exercise.
    ``others``: the project's other programs, of which those it imports may freeze what it
    loads."""
    if sum(unit.code_lines for unit in code.units) > LONG_PROGRAM_LINES:
        return f"a training program of over {LONG_PROGRAM_LINES:,} lines"
    # Only a program that loads pretrained weights asks its imports what they freeze: each
    # asks once, and the project's programs are not rescanned for every other one.
    frozen = (
        _frozen_loads(code, _imported(code, others))
        if code.mentions("from_pretrained")
        else frozenset()
    )
    casts = _cast_dtypes(code)
    for _, _, node in each([code], ast.Call, ast.Attribute, ast.keyword):
        if id(node) in frozen or id(node) in casts:
            continue
        reason = _stake(code, node)
        if reason:
            return reason
    return _hand_written_loss(code)


def _stake(code: Code, node: ast.AST) -> str | None:
    if isinstance(node, ast.keyword):
        return "mixed precision" if node.arg in ("fp16", "bf16", "mixed_precision") else None
    if isinstance(node, ast.Attribute):
        name = code.resolve(node) or node.attr
    else:
        name = code.resolve(node.func) or terminal(node.func) or ""  # type: ignore[attr-defined]
    if _MIXED_PRECISION.search(name):
        return "mixed precision"
    if _DISTRIBUTED.search(name):
        return "distributed training"
    loader, _, method = name.rpartition(".")
    weights = not _NO_WEIGHTS.search(loader.rpartition(".")[2])
    if method == "from_pretrained" and weights and not _only_embeds(code, name):
        return "a pretrained model fine-tuned"
    return None


#: Calls that turn a value (not a model) into another dtype: ``tf.cast(x, tf.float16)``,
#: ``tf.dtypes.cast``, Keras' ``backend.cast``, NumPy's and pandas' ``astype``.
_VALUE_CASTS = frozenset({"cast", "astype"})


@per_object
def _cast_dtypes(code: Code) -> frozenset[int]:
    """The dtypes the program names only to cast a value or an array, and NumPy's dtypes
    wherever named: ``tf.cast(tf.math.equal(screen, unit_id), tf.float16)`` makes 0/1
    channels, exact in any float, ``frames.astype(np.float16)`` stores frames in half the
    memory, and neither trains a model in half precision. A layer's ``dtype=tf.float16``,
    ``autocast`` or a ``mixed_float16`` policy still is. Once per program."""
    found: set[int] = set()
    for _, _, call in each([code], ast.Call):
        name = code.resolve(call.func) or terminal(call.func) or ""
        if name.rpartition(".")[2] not in _VALUE_CASTS:
            continue
        dtypes = call.args[1:] if name.endswith("cast") else call.args[:1]
        dtypes = [*dtypes, *(k.value for k in call.keywords if k.arg == "dtype")]
        found.update(id(node) for dtype in dtypes for node in ast.walk(dtype))
    for _, _, node in each([code], ast.Attribute):
        if (code.resolve(node) or "").startswith("numpy."):
            found.add(id(node))
    return frozenset(found)


#: What ``from_pretrained`` loads without a model's weights: a tokenizer, a processor, a
#: feature extractor, a config (``BertTokenizerFast``, ``AutoImageProcessor``, ``AutoConfig``).
_NO_WEIGHTS = compile_on_use(r"(Tokenizer(Fast)?|Processor|FeatureExtractor|Config)$")


def _imported(code: Code, others: Iterable[Code]) -> list[Code]:
    """The program and the project's programs it imports (``from model import Policy``)."""
    names = {
        ".".join(parts[:end])
        for value in code.program.names.values()
        for parts in [value.split(".")]
        for end in range(1, len(parts) + 1)
    }
    return [code, *(other for other in others if other.program.module in names)]


def _frozen_loads(code: Code, codes: list[Code]) -> frozenset[int]:
    """The program's ``from_pretrained`` loads (their calls and callees) whose every parameter
    it or a program it imports freezes and never thaws: ``encoder =
    SiglipVisionModel.from_pretrained(...)`` handed on and frozen as ``self.encoder`` by
    ``for p in self.encoder.parameters(): p.requires_grad = False`` or
    ``self.encoder.requires_grad_(False)``. Such an encoder only embeds the inputs of a head
    trained from scratch; nothing pretrained is fine-tuned. Matched by the last name, as a
    reader matches them; where any ``requires_grad`` is set back (a partial fine-tune),
    nothing counts as frozen."""
    frozen: set[str] = set()
    for other in codes:
        names = _frozen_names(other)
        if names is None:
            return frozenset()
        frozen |= names
    if not frozen:
        return frozenset()
    loads: set[int] = set()
    for _, _, assign in each([code], ast.Assign):
        value = assign.value
        if (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "from_pretrained"
            and any(terminal(target) in frozen for target in assign.targets)
        ):
            loads.update((id(value), id(value.func)))
    return frozenset(loads)


@per_object
def _frozen_names(code: Code) -> frozenset[str] | None:
    """Last names of what the program freezes whole (``encoder`` of ``for p in
    self.encoder.parameters(): p.requires_grad = False``), or None if it sets any
    ``requires_grad`` to anything but false. Once per program."""
    if not code.mentions("requires_grad"):
        return frozenset()
    frozen: set[str] = set()
    for _, _, loop in each([code], ast.For):
        name = _frozen_by_loop(loop)
        if name is _THAWS:
            return None
        if name:
            frozen.add(name)
    for _, _, call in each([code], ast.Call):
        func = call.func
        if not isinstance(func, ast.Attribute) or func.attr != "requires_grad_":
            continue
        flag = [*call.args, *(k.value for k in call.keywords if k.arg == "requires_grad")]
        if not (flag and isinstance(flag[0], ast.Constant) and flag[0].value is False):
            return None
        if name := terminal(func.value):
            frozen.add(name)
    return frozenset(frozen)


#: Said of a loop that sets ``requires_grad`` to anything but ``False``.
_THAWS = "\0thaws"


def _frozen_by_loop(loop: ast.For) -> str | None:
    """``for p in encoder.parameters(): p.requires_grad = False``: "encoder"; ``_THAWS`` if
    the loop sets ``requires_grad`` otherwise; None for any other loop."""
    for statement in loop.body:
        if not isinstance(statement, ast.Assign):
            continue
        targets = [t for t in statement.targets if isinstance(t, ast.Attribute)]
        if not any(t.attr == "requires_grad" for t in targets):
            continue
        value = statement.value
        if not (isinstance(value, ast.Constant) and value.value is False):
            return _THAWS
        source = loop.iter
        if (
            isinstance(source, ast.Call)
            and isinstance(source.func, ast.Attribute)
            and source.func.attr == "parameters"
            and isinstance(loop.target, ast.Name)
        ):
            return terminal(source.func.value)
    return None


#: Hugging Face's prefixes of the TensorFlow and Flax classes; the rest are PyTorch's.
_NOT_TORCH_CLASSES = ("TF", "Flax")


def _only_embeds(code: Code, name: str) -> bool:
    """A PyTorch model loaded pretrained (``EsmModel.from_pretrained``) in a program whose
    every gradient step is JAX's or Keras' (``state.apply_gradients``): it embeds the inputs
    of a head trained apart and is fine-tuned by nothing. ``FlaxBertModel`` stays at stake."""
    owner = name.rpartition(".")[0].rpartition(".")[2]
    return not owner.startswith(_NOT_TORCH_CLASSES) and not _steps_torch(code)


def _steps_torch(code: Code) -> bool:
    """Some call of the program may train a PyTorch model: ``backward()``, an optimizer's
    ``step()``, a fit or trainer that is not a JAX or Keras gradient step. Once per program."""
    found = code.program.derived.get("steps_torch")
    if found is None:
        found = code.program.derived["steps_torch"] = any(
            is_backward(call)
            or code.is_optimizer_step(call)
            or (is_fit(call) and not steps_outside_torch(call))
            for _, _, call in each([code], ast.Call)
        )
    return bool(found)


def _hand_written_loss(code: Code) -> str | None:
    """A loss the project writes itself, taking logs or exponentials: where NaNs are made."""
    for unit in code.units:
        for node in cast("list[ast.FunctionDef | ast.ClassDef]", unit.of_type(*_DEFINITIONS)):
            reason = _loss_taking_logs(code, unit, node)
            if reason:
                return reason
    return None


_DEFINITIONS = (ast.FunctionDef, ast.ClassDef)


def _loss_taking_logs(
    code: Code, unit: SourceUnit, node: ast.FunctionDef | ast.ClassDef
) -> str | None:
    if "loss" not in tokens(node.name) or node.name in _only_without_gradients(code):
        return None
    if not _named_outside(code, unit, node):
        return None  # defined and left (``# loss = RMSLELoss()``): it trains nothing
    for call in code.inside(unit, node, ast.Call):
        name = code.resolve(call.func) or terminal(call.func) or ""
        if name.rpartition(".")[2] in _LOGS:
            return f"a hand-written loss ({node.name})"
    return None


@per_object
def _only_without_gradients(code: Code) -> frozenset[str]:
    """Names every call of which in the program runs under ``no_grad`` (or inference mode):
    a visualiser's ``RMSELoss`` reports an error and trains nothing. A name never called
    (a criterion handed to a library) or called once with gradients on is not among them."""
    without: set[str] = set()
    with_gradients: set[str] = set()
    for _, unit, call in each([code], ast.Call):
        name = terminal(call.func)
        if name and "loss" in tokens(name):
            (without if code.under_no_grad(unit, call) else with_gradients).add(name)
    return frozenset(without - with_gradients)


def _named_outside(code: Code, unit: SourceUnit, node: ast.FunctionDef | ast.ClassDef) -> bool:
    """Whether the program names the loss anywhere but in its own definition (its
    ``super(RMSLELoss, self)``): called, handed to a trainer, or read from a module. A
    decorated one (``@LOSSES.register_module()``) may be found by a registry's string."""
    if node.decorator_list:
        return True
    return any(
        where is not unit or not contains(node, reference)
        for where, reference in _references(code).get(node.name, ())
    )


@per_object
def _references(code: Code) -> dict[str, list[tuple[SourceUnit, ast.AST]]]:
    """Every name the program reads (``RMSLELoss``, ``losses.RMSLELoss``), with where; made
    once per program."""
    found: dict[str, list[tuple[SourceUnit, ast.AST]]] = {}
    for _, unit, node in each([code], ast.Name, ast.Attribute):
        if isinstance(node, ast.Name):
            name = node.id if isinstance(node.ctx, ast.Load) else None
        elif isinstance(node, ast.Attribute):
            name = node.attr
        else:
            continue
        if name and "loss" in tokens(name):
            found.setdefault(name, []).append((unit, node))
    return found
