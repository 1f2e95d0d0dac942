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
from dataclasses import replace

from repocheck.analysis.cache import per_object
from repocheck.analysis.data_mistakes import (
    early_stopped_on_test,
    fit_before_split,
    fit_on_test_data,
    nan_compared,
    normalized_before_split,
    resample_before_split,
    scored_on_fitted_rows,
    searched_before_split,
    threshold_on_test,
    transform_shared,
)
from repocheck.analysis.distributed_samplers import sampler_epoch_unset
from repocheck.analysis.eval_mistakes import (
    train_mode_not_restored,
    unguarded_evaluation,
    unread_batches,
)
from repocheck.analysis.held_out_steps import held_out_trained_on
from repocheck.analysis.kept_weights import best_weights_by_reference
from repocheck.analysis.keras_logits import probabilities_as_logits
from repocheck.analysis.loss_mistakes import nll_without_log_softmax, softmax_into_loss
from repocheck.analysis.ml_code import Code, Finding, Repo, derives_from_model, each
from repocheck.analysis.ml_names import (
    BACKWARD_METHODS,
    identifiers,
    is_backward,
    is_model_name,
    method,
    terminal,
)
from repocheck.analysis.numeric_guards import late_clipping, scaled_clipping
from repocheck.analysis.sampled_splits import sampled_from_train
from repocheck.analysis.schedulers import unused_schedulers
from repocheck.analysis.sorted_splits import label_sorted_splits
from repocheck.analysis.split_unpacking import split_unpacked_out_of_order
from repocheck.analysis.target_encodings import target_encoded_before_split
from repocheck.analysis.test_selection import chosen_on_test
from repocheck.analysis.trainer_selection import (
    lightning_validated_on_test,
    trainer_chose_on_test,
)
from repocheck.analysis.training_validation import validated_on_training
from repocheck.analysis.window_splits import windows_split_at_random
from repocheck.facts.snapshot import SourceUnit
from repocheck.patterns import compile_on_use

# ---------------------------------------------------------------------------- gradients


def missing_zero_grad(repo: Repo) -> list[Finding]:
    """``backward()`` and ``optimizer.step()`` in a loop that never resets the gradients."""
    found: dict[int, Finding] = {}
    for code, unit, call in repo.method_calls(BACKWARD_METHODS, repo.torch_codes):
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
    and ``loss.shape`` do not. Walked with a stack: a sum of a thousand terms is a chain a
    thousand nodes deep, deeper than Python lets a function recurse.
    """
    pending = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Name):
            if node.id == name:
                return True
        elif isinstance(node, ast.Call):
            pending.extend(_graph_parts(node))
        elif isinstance(node, ast.BinOp):
            pending += (node.left, node.right)
        elif isinstance(node, ast.UnaryOp):
            pending.append(node.operand)
    return False


def _graph_parts(call: ast.Call) -> list[ast.expr]:
    """What a call's result may carry the graph of: none for a call that detaches it, else
    the object a method is called on and the arguments."""
    func = call.func
    if method(call) in _DETACHING or (isinstance(func, ast.Name) and func.id in _PLAIN):
        return []
    owner = [func.value] if isinstance(func, ast.Attribute) else []
    return [*owner, *call.args, *(item.value for item in call.keywords)]


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
    loops = _Loops()
    for code, unit, call in repo.method_calls(BACKWARD_METHODS, repo.torch_codes):
        loss = _backward_target(call) if is_backward(call) else None
        for node in _kept(code, unit, call, loss, loops) if loss else ():
            found.setdefault(id(node), Finding("loss-kept", unit, node.lineno, fix, True))  # type: ignore[attr-defined]
    return list(found.values())


class _Loops:
    """What each loop (and scope) holds, read once for all the ``backward()`` calls in it: a
    loop of hundreds of steps, each with its own loss, was read again for each of them."""

    def __init__(self) -> None:
        self.named: dict[int, dict[str, list[ast.AST]]] = {}
        self.owners: dict[int, set[str]] = {}

    def naming(self, code: Code, unit: SourceUnit, loop: ast.AST, name: str) -> list[ast.AST]:
        """The assignments and calls in ``loop`` that hold ``name`` (as a name or an
        attribute), in order: only they can keep (or detach again) the tensor it names."""
        if id(loop) not in self.named:
            by_name: dict[str, list[ast.AST]] = {}
            for node in code.inside(unit, loop, ast.AugAssign, ast.Assign, ast.Call):
                for each in set(identifiers(node)):
                    by_name.setdefault(each, []).append(node)
            self.named[id(loop)] = by_name
        return self.named[id(loop)].get(name, [])

    def backwarded(self, code: Code, unit: SourceUnit, scope: ast.AST) -> set[str]:
        if id(scope) not in self.owners:
            self.owners[id(scope)] = _backward_owners(code, unit, scope)
        return self.owners[id(scope)]


def _kept(
    code: Code, unit: SourceUnit, backward: ast.Call, loss: str, loops_read: _Loops
) -> Iterator[ast.AST]:
    """Statements in the loop around ``loss.backward()`` that keep the ``loss`` tensor."""
    loops = code.loops_around(unit, backward)
    if not loops:
        return
    naming = loops_read.naming(code, unit, loops[0], loss)
    if _detached_again([node for node in naming if isinstance(node, ast.Assign)], loss):
        return
    scope = (code.functions_around(unit, backward) or loops)[0]
    backwarded = loops_read.backwarded(code, unit, scope)
    for node in naming:  # an accumulator carries the graph of the name: it holds the name
        keeper = _accumulator(node, loss)
        if (
            keeper
            and keeper not in backwarded
            and not _computed_without_graph(code, unit, node, loss)
        ):
            yield node


def _computed_without_graph(code: Code, unit: SourceUnit, node: ast.AST, loss: str) -> bool:
    """A sum or product taken under ``torch.no_grad()`` (``total += loss`` summed on the device,
    read once an epoch): computed with gradients off, the result records no graph. Keeping
    the loss tensor itself (``history.append(loss)``) keeps its graph, no_grad or not."""
    if isinstance(node, ast.Call):
        arguments = [*node.args, *(item.value for item in node.keywords)]
        if any(isinstance(a, ast.Name) and a.id == loss for a in arguments):
            return False
    elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Name):
        return False
    return code.under_no_grad(unit, node)


def _detached_again(assignments: list[ast.Assign], loss: str) -> bool:
    """``loss = loss.item()`` in the loop: from there on the name holds a number."""
    return any(
        any(terminal(target) == loss for target in node.targets)
        and loss in identifiers(node.value)
        and not carries_graph(node.value, loss)
        for node in assignments
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
        for unit, call in code.method_calls(("forward",)):
            if _inside_a_module(repo, code, unit, call):
                continue
            if _on_a_module(repo, code, unit, call, built):
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


def _on_a_module(
    repo: Repo, code: Code, unit: SourceUnit, call: ast.Call, built: frozenset[str]
) -> bool:
    """Whether ``x.forward(...)`` runs a torch module: ``x`` was built from a model class, or
    is named like a model in a project without hand-written (numpy) layers."""
    owner = call.func.value  # type: ignore[attr-defined]
    if isinstance(owner, ast.Call) or code.resolve(owner):
        return False  # super().forward(x), Base.forward(self, x)
    name = terminal(owner)
    if name == "self":
        return False
    if _holds_no_module(repo, code, unit, owner):
        return False
    return name in built or (is_model_name(name) and not repo.scratch_forward)


def _holds_no_module(repo: Repo, code: Code, unit: SourceUnit, owner: ast.expr) -> bool:
    """``self.model`` where the class around the call sets ``self.model`` only to instances
    of classes that are no torch module (a project's scikit-learn wrapper whose ``forward``
    predicts): another class's ``self.model = Net()`` says nothing of this one's."""
    if not (
        isinstance(owner, ast.Attribute)
        and isinstance(owner.value, ast.Name)
        and owner.value.id == "self"
    ):
        return False
    classes = code.around(unit, owner, ast.ClassDef)
    if not classes:
        return False
    values = [
        node.value
        for node in code.inside(unit, classes[0], ast.Assign)
        if any(
            isinstance(target, ast.Attribute)
            and target.attr == owner.attr
            and isinstance(target.value, ast.Name)
            and target.value.id == "self"
            for target in node.targets
        )
    ]
    own = _own_class_names(repo)
    return bool(values) and all(
        isinstance(value, ast.Call)
        and (last := (code.resolve(value.func) or terminal(value.func) or "").rpartition(".")[2])
        in own
        and last not in repo.model_classes
        for value in values
    )


@per_object
def _own_class_names(repo: Repo) -> frozenset[str]:
    """Every class name the project's programs define."""
    return frozenset(node.name for _, _, node in each(repo.codes, ast.ClassDef))


# ---------------------------------------------------------------------------- all of them

DETECTORS: tuple[Callable[[Repo], list[Finding]], ...] = (
    missing_zero_grad,
    loss_accumulated,
    late_clipping,
    scaled_clipping,
    sampler_epoch_unset,
    validated_on_training,
    unused_schedulers,
    forward_called,
    unguarded_evaluation,
    unread_batches,
    train_mode_not_restored,
    best_weights_by_reference,
    softmax_into_loss,
    nll_without_log_softmax,
    probabilities_as_logits,
    nan_compared,
    fit_on_test_data,
    early_stopped_on_test,
    chosen_on_test,
    trainer_chose_on_test,
    lightning_validated_on_test,
    fit_before_split,
    scored_on_fitted_rows,
    normalized_before_split,
    searched_before_split,
    resample_before_split,
    target_encoded_before_split,
    split_unpacked_out_of_order,
    held_out_trained_on,
    sampled_from_train,
    threshold_on_test,
    transform_shared,
    windows_split_at_random,
    label_sorted_splits,
)


def find_mistakes(repo: Repo) -> list[Finding]:
    """Every detector's findings, certain ones first, then by place."""
    found = [finding for detector in DETECTORS for finding in detector(repo)]
    found = [_where_it_runs(repo, finding) for finding in found if not _on_purpose(finding)]
    return sorted(found, key=lambda f: (not f.certain, f.unit.path, f.unit.cell or 0, f.line))


#: A name that marks a leak study's wrong arm (``run_leaky``, ``if flags["leakage"]``,
#: ``if sins["smote_before_split"]``); a LeakyReLU is an activation, not a leak.
_LEAK_WORD = compile_on_use(r"leak(?!y_?relu)|before_?split")
#: A name that says the code keeps the leak out (``leakage_safe``, ``no_leak``): its mistakes
#: are slips.
_SAFE_WORD = compile_on_use(r"safe|free|no_?leak|prevent|avoid|without|check|detect|guard|fix")


def _names_the_leak(spelt: str) -> bool:
    spelt = spelt.lower()
    return bool(_LEAK_WORD.search(spelt)) and not _SAFE_WORD.search(spelt)


def _on_purpose(finding: Finding) -> bool:
    """A mistake written on purpose: inside a function named for the leak (``run_leaky``) or
    in a branch of an ``if`` whose test names it (``if sins["smote_before_split"]:``), the
    wrong arm a leakage study keeps beside the safe one to measure what the leak inflates.
    Walks down only the statements whose lines hold the finding."""
    tree = finding.unit.tree
    body: list[ast.stmt] = list(tree.body) if isinstance(tree, ast.Module) else []
    while body:
        node = next(
            (s for s in body if s.lineno <= finding.line <= (s.end_lineno or s.lineno)), None
        )
        if node is None:
            return False
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if _names_the_leak(node.name):
                return True
        elif isinstance(node, ast.If) and any(
            _names_the_leak(part.id if isinstance(part, ast.Name) else part.attr)
            if isinstance(part, (ast.Name, ast.Attribute))
            else isinstance(part, ast.Constant)
            and isinstance(part.value, str)
            and _names_the_leak(part.value)
            for part in ast.walk(node.test)
        ):
            return True
        body = [
            child
            for field in ("body", "orelse", "finalbody")
            for child in getattr(node, field, ())
            if isinstance(child, ast.stmt)
        ]
        body += [child for handler in getattr(node, "handlers", ()) for child in handler.body]
    return False


#: Mistakes of a data-preparation helper: a training function that no code calls may be a
#: library's, called by its users, so a loop's mistakes stay certain wherever they sit.
_PREPARATION = frozenset({"fit-on-test", "fit-before-split"})


def _where_it_runs(repo: Repo, finding: Finding) -> Finding:
    """A scaler fitted on test data inside a module-level function that no code names (no
    call, no reference, no string) runs in nothing the project does: a leftover helper, said
    as a warning. Asked only of the few certain findings, each by its function's name."""
    if not finding.certain or finding.kind not in _PREPARATION or finding.unit.tree is None:
        return finding
    for node in finding.unit.tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        if not node.lineno <= finding.line <= (node.end_lineno or node.lineno):
            continue
        if node.decorator_list or node.name.startswith("__") or _named(repo, node.name):
            return finding  # a route or hook runs through its decorator
        fix = f"nothing calls {node.name}; if kept, fit on train only"
        return replace(finding, fix=fix, certain=False)
    return finding


_READERS = (ast.Name, ast.Attribute, ast.Constant)


def _reads(node: ast.AST, name: str, word: re.Pattern[str]) -> bool:
    """``name`` read as a value or attribute (not assigned), or spelt in a string."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(word.search(node.value))
    spelt = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
    return spelt == name and type(getattr(node, "ctx", None)) is not ast.Store


def _named(repo: Repo, name: str) -> bool:
    """Whether some code reads ``name`` (a call, ``module.name``, a callback handed on) or
    spells it in a string (``__all__``, ``getattr``); sources without it are not parsed."""
    word = re.compile(rf"\b{re.escape(name)}\b")
    for code in repo.codes:
        for unit in code.units:
            if name not in unit.source:
                continue
            if any(_reads(node, name, word) for node in unit.of_type(*_READERS)):
                return True
    return False
