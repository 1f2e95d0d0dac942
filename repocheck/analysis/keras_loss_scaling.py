"""Loss scaling Keras adds by itself under the ``mixed_float16`` policy (SANITY002).

``model.compile()`` wraps the optimizer in a ``LossScaleOptimizer`` when the global dtype
policy is ``mixed_float16`` (Keras 2 and 3; Keras 3's ``auto_scale_loss=False`` turns it
off). That optimizer skips a step whose gradients are not finite and lowers the scale, as
PyTorch's ``GradScaler.step`` does: mixed precision brings its own NaN/inf guard. bfloat16
needs no scaling and gets none.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from repocheck.analysis.imports import keyword
from repocheck.analysis.ml_code import Code, each
from repocheck.analysis.ml_names import method
from repocheck.facts.snapshot import SourceUnit, breadth_first
from repocheck.patterns import compile_on_use

_SET_POLICY = compile_on_use(
    r"^(tensorflow\.|tf_keras\.)?keras\.mixed_precision\.(experimental\.)?"
    r"(set_global_policy|set_policy)$"
    r"|^(tensorflow\.)?keras\.config\.set_dtype_policy$"
)
_SCALED_POLICY = "mixed_float16"
_KERAS = frozenset({"tensorflow", "keras", "tf_keras"})


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


def keras_loss_scaling(codes: Iterable[Code]) -> list[tuple[SourceUnit, int]]:
    """Where the programs set the ``mixed_float16`` policy before a model is compiled under
    it: later in the same program, or anywhere in the project's modules when the policy is
    set in a module (its functions run in an order the text does not tell). A notebook's
    policy set after its last compile scales nothing."""
    codes = list(codes)
    if not any(code.libraries & _KERAS for code in codes):
        return []  # no program could set the policy: no call needs reading
    policies: list[tuple[Code, SourceUnit, int]] = []
    last_compile: dict[int, tuple[int, int]] = {}  # id of a code -> its last compile
    modules_compile = False
    for code, unit, call in each(codes, ast.Call):
        if _sets_scaled_policy(code, call):
            policies.append((code, unit, call.lineno))
        elif _compiles_with_scaling(code, call):
            place = (unit.cell or 0, call.lineno)
            last_compile[id(code)] = max(last_compile.get(id(code), place), place)
            modules_compile = modules_compile or not _in_notebook(code)
    return [
        (unit, line)
        for code, unit, line in policies
        if (unit.cell or 0, line) < last_compile.get(id(code), (-1, -1))
        or (modules_compile and not _in_notebook(code))
    ]


def _in_notebook(code: Code) -> bool:
    return code.program.path.endswith(".ipynb")
