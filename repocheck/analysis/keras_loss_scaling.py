"""Loss scaling Keras adds by itself under the ``mixed_float16`` policy (SANITY002).

``model.compile()`` wraps the optimizer in a ``LossScaleOptimizer`` when the global dtype
policy is ``mixed_float16`` (Keras 2 and 3; Keras 3's ``auto_scale_loss=False`` turns it
off). That optimizer skips a step whose gradients are not finite and lowers the scale, as
PyTorch's ``GradScaler.step`` does: mixed precision brings its own NaN/inf guard. bfloat16
needs no scaling and gets none. compile() wraps a new optimizer around the one it is given, so
a ``GradientTape`` loop that applies gradients through the original (``G_OPT.apply_gradients``)
scales nothing and skips nothing.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from repocheck.analysis.imports import keyword
from repocheck.analysis.ml_code import Code, each
from repocheck.analysis.ml_names import method, terminal
from repocheck.facts.snapshot import SourceUnit, breadth_first
from repocheck.patterns import compile_on_use

_SET_POLICY = compile_on_use(
    r"^(tensorflow\.|tf_keras\.)?keras\.mixed_precision\.(experimental\.)?"
    r"(set_global_policy|set_policy)$"
    r"|^(tensorflow\.)?keras\.config\.set_dtype_policy$"
)
_SCALED_POLICY = "mixed_float16"
_KERAS = frozenset({"tensorflow", "keras", "tf_keras"})
#: The attribute compile() stores its wrapped optimizer under (``self.optimizer``).
_COMPILED_OPTIMIZER = "optimizer"


def _sets_scaled_policy(code: Code, call: ast.Call) -> bool:
    """``set_global_policy("mixed_float16")``, or with ``Policy("mixed_float16")``."""
    if not call.args or not _SET_POLICY.match(code.resolve(call.func)):
        return False
    return any(
        isinstance(node, ast.Constant) and node.value == _SCALED_POLICY
        for node in breadth_first(call.args[0])
    )


def _compiles_with_scaling(code: Code, call: ast.Call) -> bool:
    """``model.compile(...)`` on a model (not ``re.compile``, ``torch.compile``), scaling
    left on."""
    if method(call) != "compile":
        return False
    name = code.resolve(call.func)
    if name and not name.startswith(("tensorflow.", "keras.", "tf_keras.")):
        return False
    scaling = keyword(call, "auto_scale_loss")
    return not (isinstance(scaling, ast.Constant) and scaling.value is False)


def _steps_by_hand(call: ast.Call) -> bool:
    """``G_OPTIMIZER.apply_gradients(...)``, ``self.d_optimizer.apply_gradients(...)``: a step
    through an optimizer compile() never wrapped; ``self.optimizer`` and ``model.optimizer``
    are the wrapped one, a bare ``optimizer`` is the author's own."""
    if method(call) != "apply_gradients" or not isinstance(call.func, ast.Attribute):
        return False
    receiver = call.func.value
    return not (isinstance(receiver, ast.Attribute) and receiver.attr == _COMPILED_OPTIMIZER)


def _wraps_by_hand(code: Code, call: ast.Call) -> bool:
    """``mixed_precision.LossScaleOptimizer(opt)``: the author scales the loss themselves."""
    return (code.resolve(call.func) or terminal(call.func) or "").endswith("LossScaleOptimizer")


def keras_loss_scaling(codes: Iterable[Code]) -> list[tuple[SourceUnit, int]]:
    """Where the programs set the ``mixed_float16`` policy before a model is compiled under
    it: later in the same program, or anywhere in the project's modules when the policy is
    set in a module (its functions run in an order the text does not tell). A notebook's
    policy set after its last compile scales nothing, nor does a policy in a program that
    applies gradients through an optimizer of its own, unwrapped."""
    codes = list(codes)
    if not any(code.libraries & _KERAS for code in codes):
        return []  # no program could set the policy: no call needs reading
    policies: list[tuple[Code, SourceUnit, int]] = []
    last_compile: dict[int, tuple[int, int]] = {}  # id of a code -> its last compile
    modules_compile = False
    by_hand: set[int] = set()  # ids of codes stepping an unwrapped optimizer
    wrapped: set[int] = set()  # ids of codes building a LossScaleOptimizer themselves
    for code, unit, call in each(codes, ast.Call):
        if _steps_by_hand(call):
            by_hand.add(id(code))
        elif _wraps_by_hand(code, call):
            wrapped.add(id(code))
        if _sets_scaled_policy(code, call):
            policies.append((code, unit, call.lineno))
        elif _compiles_with_scaling(code, call):
            place = (unit.cell or 0, call.lineno)
            last_compile[id(code)] = max(last_compile.get(id(code), place), place)
            modules_compile = modules_compile or not _in_notebook(code)
    return [
        (unit, line)
        for code, unit, line in policies
        if (id(code) not in by_hand or id(code) in wrapped)
        and (
            (unit.cell or 0, line) < last_compile.get(id(code), (-1, -1))
            or (modules_compile and not _in_notebook(code))
        )
    ]


def _in_notebook(code: Code) -> bool:
    return code.program.path.endswith(".ipynb")
