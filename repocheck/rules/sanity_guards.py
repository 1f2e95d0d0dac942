"""SANITY002: training code guards against NaN and inf (finite checks, gradient clipping,
loss scaling), where a long run is at stake."""

from __future__ import annotations

import ast
import functools
from collections.abc import Container

from repocheck.analysis.config_guards import GUARD_KEYWORDS, config_guards
from repocheck.analysis.deepspeed_guards import deepspeed_guards
from repocheck.analysis.imports import turned_off
from repocheck.analysis.keras_loss_scaling import keras_loss_scaling
from repocheck.analysis.ml_code import Code, Repo, each
from repocheck.analysis.ml_names import method, terminal, tokens
from repocheck.analysis.numeric_guards import (
    REPLACED_GRADIENTS,
    clip_never_runs,
    clipped_after_step,
    clipped_before_backward,
    clips_a_loss,
    decides,
    gradient_programs,
    manual_guard,
    training_backwards,
)
from repocheck.analysis.scratch_training import trains_from_scratch
from repocheck.analysis.trainer_defaults import (
    bert_adam_clipping,
    sb3_clipping,
    sentence_transformer_clipping,
    trainer_clipping,
    ultralytics_clipping,
)
from repocheck.analysis.training_stakes import stakes
from repocheck.analysis.unbound_trainers import unbound_training_said
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence, Metrics, Result
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.rules._sanity_common import (
    FROM_SCRATCH,
    TABULAR_RL,
    MlCode,
    at,
    ml_code,
    no_ml_said,
    unread_ml_said,
)

# ---------------------------------------------------------------------------- SANITY002

_GUARDS = {
    "finite check": compile_on_use(
        r"^(torch|numpy|math|jax\.numpy|tensorflow\.math|tensorflow)\.(isfinite|isnan|isinf"
        r"|isposinf|isneginf|is_nan|is_finite|is_inf)$|^pandas\.(isna|isnull)$"
        r"|^tensorflow\.debugging\.(check_numerics|enable_check_numerics|assert_all_finite)$"
        r"|TerminateOnNaN(Callback)?$|^mxnet\.(nd|ndarray|np|numpy)(\.contrib)?\.(isfinite|isnan|isinf)$"
    ),
    "anomaly detection": compile_on_use(r"^torch\.autograd(\.\w+)*\.(set_)?detect_anomaly$"),
    "gradient clipping": compile_on_use(
        r"^torch\.nn\.utils(\.\w+)*\.clip_grad_(norm|value)_?$"
        r"|^tensorflow\.clip_by_(global_)?norm$|^optax\.(clip|clip_by_global_norm)$"
        r"|^mxnet\.gluon\.utils\.clip_global_norm$|^fastai(\.\w+)*\.GradientClip$"
    ),
    "numeric assertion": compile_on_use(
        r"^(torch|numpy)\.testing\.\w+$|^(torch|numpy|math|jax\.numpy)\.(allclose|isclose)$"
    ),
}
#: Mixed precision's own guard: ``scaler.step(optimizer)`` skips a step whose gradients are
#: not finite. Building a GradScaler guards nothing until the optimizer steps through it.
_GRAD_SCALER = compile_on_use(r"^torch\.(cuda\.|cpu\.)?amp\.(grad_scaler\.)?GradScaler$")
_GUARD_METHODS = {
    "isnan": "finite check",
    "isfinite": "finite check",
    "isinf": "finite check",
    "isna": "finite check",
    "isnull": "finite check",
    "clip_grad_norm_": "gradient clipping",
    "clip_grad_value_": "gradient clipping",
    "clip_gradients": "gradient clipping",
    "assert_close": "numeric assertion",
}


def _guard_kind(call: ast.Call, code: Code) -> str | None:
    """What kind of numeric guard ``call`` is, if it is one."""
    name = code.resolve(call.func)
    if not name:
        return _GUARD_METHODS.get(method(call) or "") or _keyword_guard(call)
    kind = _guard_named(name)
    if kind == "anomaly detection" and _anomaly_switched_off(call, name):
        return None
    return kind or _keyword_guard(call)


def _anomaly_switched_off(call: ast.Call, name: str) -> bool:
    """``torch.autograd.set_detect_anomaly(False)`` (a speed habit at the top of a script)
    turns the check off; ``detect_anomaly(check_nan=False)`` leaves NaN unchecked."""
    setter = name.endswith("set_detect_anomaly")
    keywords = {item.arg: item.value for item in call.keywords}
    names = ("mode", "check_nan") if setter else ("check_nan",)
    positional = dict(zip(names, call.args, strict=False))
    return any(turned_off(keywords.get(arg, positional.get(arg))) for arg in ("mode", "check_nan"))


@functools.lru_cache(maxsize=4096)
def _guard_named(name: str) -> str | None:
    """The guard a resolved callee is (asked once per distinct name, not once per call)."""
    return next((kind for kind, pattern in _GUARDS.items() if pattern.search(name)), None)


def _builds_grad_scaler(codes: list[Code]) -> bool:
    return any(
        _GRAD_SCALER.search(code.resolve(call.func) or "") and not _switched_off(call)
        for code, _, call in each(codes, ast.Call)
    )


def _steps_through_a_scaler(call: ast.Call) -> bool:
    """``scaler.step(optimizer)``, ``self.grad_scaler.step(opt)``."""
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    named = terminal(owner) if owner is not None else None
    return method(call) == "step" and bool(call.args) and "scaler" in tokens(named or "")


def _switched_off(call: ast.Call) -> bool:
    """``GradScaler(enabled=False)``: built, but it scales and checks nothing."""
    enabled = next((item.value for item in call.keywords if item.arg == "enabled"), None)
    return isinstance(enabled, ast.Constant) and enabled.value is False


def _option_guard(options: ast.expr) -> str | None:
    """``gluon.Trainer(params, "adam", {"clip_gradient": 5.0})``: MXNet's clipping set among
    the optimizer options a call is handed as a dict (other keys of a dict handed to a call,
    a logged config's ``max_grad_norm``, need not configure anything)."""
    if not isinstance(options, ast.Dict):
        return None
    for key, value in zip(options.keys, options.values, strict=True):
        if isinstance(key, ast.Constant) and key.value == "clip_gradient" and not turned_off(value):
            return "gradient clipping"
    return None


def _keyword_guard(call: ast.Call) -> str | None:
    """``Trainer(gradient_clip_val=1.0)``, ``Adam(clipnorm=1.0)``,
    ``jax.config.update("jax_debug_nans", True)``."""
    for item in call.keywords:
        if item.arg in GUARD_KEYWORDS and not turned_off(item.value) and not _below(item.value):
            return GUARD_KEYWORDS[item.arg]
    for options in (*call.args, *(item.value for item in call.keywords)):
        if found := _option_guard(options):
            return found
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Constant) and first.value == "jax_debug_nans":
        return "finite check"
    return None


def _below(value: ast.expr) -> bool:
    """A literal below zero: ``BertAdam(..., max_grad_norm=-1)`` clips nothing (it clips
    only above 0)."""
    return (
        isinstance(value, ast.UnaryOp)
        and isinstance(value.op, ast.USub)
        and isinstance(value.operand, ast.Constant)
        and isinstance(value.operand.value, int | float)
        and value.operand.value > 0
    )


def _from_scratch(ml: MlCode) -> Result:
    """A model trained by hand-written gradient steps in numpy: a homework's maths has nothing
    to guard; a framework written in numpy may guard its own steps (a finite check in its
    optimizer), and those are its guards."""
    scratch = [code for code in ml.code.codes if trains_from_scratch(code)]
    found = _guards(ml.code.codes, _near_training(ml.code, scratch))
    if found:
        return _guarded(found)
    return Result.skipped(
        # "a model", not "a network": a linear or polynomial regression fitted by hand-written
        # gradient descent is trained the same way and has no layers; nor "in numpy": a
        # scalar autograd engine in plain Python (micrograd's) steps its weights by hand too.
        "a model trained from scratch by gradient steps written by hand: an exercise in the"
        " maths, not a long run for a NaN guard or gradient clipping to protect"
    )


@rule("SANITY002")
def numeric_guards(snapshot: Snapshot) -> Result:
    """A NaN/inf check, anomaly detection, gradient clipping or a numeric test assertion."""
    ml = ml_code(snapshot)
    if not ml.libraries:
        return Result.skipped(no_ml_said(snapshot))
    if ml.libraries == (TABULAR_RL,):
        return Result.skipped(
            "tabular reinforcement learning: a table of values moved toward its targets has no"
            " gradients for a NaN guard or gradient clipping to protect"
        )
    if ml.libraries == (FROM_SCRATCH,):
        return _from_scratch(ml)
    training = gradient_programs(ml.code)
    if not training:
        # A framework imported for a split or a metric (scikit-learn's `train_test_split`)
        # beside a model trained by hand in numpy: the training is the hand-written one.
        if any(map(trains_from_scratch, ml.code.codes)):
            return _from_scratch(ml)
        unbound = unbound_training_said(list(ml.code.codes), "what guards its training")
        if unbound is not None:
            return Result.skipped(unbound)
        return Result.skipped(
            unread_ml_said(snapshot)
            or "no gradient-based training (backward(), an optimizer step, a Keras or Lightning"
            " fit, a Hugging Face trainer.train()): nothing for a NaN guard or gradient"
            " clipping to protect"
        )
    tests = [Code(program) for program in ml.tests]
    test_ids = {id(code) for code in tests}
    checked = _near_training(ml.code, training) | test_ids
    late: list[Evidence] = []
    on_loss: list[Evidence] = []
    early: list[Evidence] = []
    guards = _guards([*ml.code.codes, *tests], checked, test_ids, late, on_loss, ml.code, early)
    for path, line, kind, key in config_guards(snapshot):
        guards.setdefault(kind, []).append(Evidence(path, line, f"{key} set in the config"))
    metrics: Metrics = {kind.replace(" ", "_"): len(found) for kind, found in guards.items()}
    if guards:
        return _guarded(guards)
    steps = [step for code in training for step in training_backwards(code)][:3]
    note = "is the loss finite? clip gradients?"
    evidence = [at(unit, call.lineno, note) for unit, call in steps]
    message = "nothing checks for NaN/inf, detects anomalies or clips gradients"
    # Clips that guard nothing, each with its metric and, where it says why, the message.
    misplaced = (
        (late, "clipped_after_step", _CLIPPED_AFTER_STEP),
        (on_loss, "clipped_loss", None),
        (early, "clipped_before_backward", _CLIPPED_BEFORE_BACKWARD),
    )
    for found, metric, said in misplaced:
        if found:
            metrics[metric] = len(found)
            evidence += found[:2]
            message = said or message
    at_stake = next(filter(None, (stakes(code, ml.code.codes) for code in training)), None)
    if at_stake is None:
        # A short exercise rerun in minutes: true, but not a first review point; a note.
        metrics["short_runs_only"] = 1
        note_message = f"{message}; a note for short exercises, a must before long runs"
        return Result.passed(note_message, evidence, metrics)
    return Result.warned(f"{message}, with {at_stake} at stake", evidence, metrics)


_CLIPPED_AFTER_STEP = (
    "nothing checks for NaN/inf or detects anomalies, and gradients are clipped only after the"
    " optimizer step has used them"
)
_CLIPPED_BEFORE_BACKWARD = (
    "nothing checks for NaN/inf or detects anomalies, and gradients are clipped before"
    " backward() computes them, so the optimizer step uses them unclipped"
)


def _guarded(guards: dict[str, list[Evidence]]) -> Result:
    metrics: Metrics = {kind.replace(" ", "_"): len(found) for kind, found in guards.items()}
    # One example of each kind first, then the rest.
    evidence = [found[0] for found in guards.values()]
    evidence += [e for found in guards.values() for e in found[1:]]
    return Result.passed(f"numeric guards: {', '.join(guards)}", evidence[:5], metrics)


def _near_training(repo: Repo, training: list[Code]) -> set[int]:
    """ids of the training programs and of the programs they import or are imported by."""
    return {id(other) for code in training for other in [code, *repo.linked(code)]}


def _guards(
    codes: list[Code],
    checked: set[int],
    tests: Container[int] = frozenset(),
    late: list[Evidence] | None = None,
    on_loss: list[Evidence] | None = None,
    repo: Repo | None = None,
    early: list[Evidence] | None = None,
) -> dict[str, list[Evidence]]:
    """Guard kind -> where it is used, in the order kinds are first met. A finite check counts
    only in the programs ``checked`` (ids: test code, and code near the training programs):
    elsewhere it filters data (statistics on records with missing values), however it decides.
    ``np.allclose`` counts in ``tests`` (ids) or inside an assert: elsewhere it picks a branch
    (slerp's ``elif np.allclose(p0, p1): return p0``) and checks nothing. Gradients clipped
    after the optimizer step guard nothing; they go into ``late``, when given (clipped before
    ``backward()``, into ``early``), and so does a
    clip handed the loss tensor instead of the parameters, into ``on_loss``. A clip that
    every construction of its class switches off (``repo``, when given) guards nothing."""
    guards: dict[str, list[Evidence]] = {}
    scaling = _builds_grad_scaler(codes)
    for code, unit, call in each(codes, ast.Call):
        kind = _guard_kind(call, code) or manual_guard(call, code, unit)
        if kind is None and scaling and _steps_through_a_scaler(call):
            kind = "loss scaling"
        if (
            kind == "finite check"
            and _is_predicate(call, code)
            and (not (id(code) in checked and decides(code, unit, call)) or _on_data(call, code))
        ):
            continue  # print(df.isnull().sum()), r_inv[np.isinf(r_inv)] = 0.: no guard
        if (
            kind == "numeric assertion"
            and id(code) not in tests
            and _returns_a_bool(call, code)
            and not _asserted(unit, call)
        ):
            continue
        if kind == "gradient clipping" and clips_a_loss(unit, call):
            if on_loss is not None:
                note = "clips the loss, not the parameters' gradients: pass model.parameters()"
                on_loss.append(at(unit, call.lineno, note))
            continue
        if kind == "gradient clipping" and repo and clip_never_runs(repo, code, unit, call):
            continue  # ``if self.max_grad_norm > 0:`` where every construction passes 0
        if kind == "gradient clipping" and clipped_after_step(code, unit, call):
            if late is not None:
                late.append(at(unit, call.lineno, "after optimizer.step(): clip before it"))
            continue
        if kind == "gradient clipping" and clipped_before_backward(code, unit, call):
            if early is not None:
                note = "before loss.backward(): clip after it, before the step"
                early.append(at(unit, call.lineno, note))
            continue
        if kind == REPLACED_GRADIENTS and clipped_after_step(code, unit, call):
            continue  # replaced after the step has used them: the next zero_grad() erases it
        if kind:
            guards.setdefault(kind, []).append(at(unit, call.lineno))
    for unit, line in keras_loss_scaling(codes):
        guards.setdefault("loss scaling", []).append(at(unit, line))
    for unit, line, kind in deepspeed_guards(codes):
        note = f"DeepSpeed's config turns on {kind}"
        guards.setdefault(kind, []).append(at(unit, line, note))
    for unit, line in trainer_clipping(codes):
        note = "clips gradients at max_grad_norm=1.0 by default"
        guards.setdefault("gradient clipping", []).append(at(unit, line, note))
    for unit, line in sentence_transformer_clipping(codes):
        note = "sentence-transformers' fit clips gradients at max_grad_norm=1 by default"
        guards.setdefault("gradient clipping", []).append(at(unit, line, note))
    for unit, line in ultralytics_clipping(codes):
        note = "Ultralytics' trainer clips gradients at max_norm=10.0"
        guards.setdefault("gradient clipping", []).append(at(unit, line, note))
    for unit, line in bert_adam_clipping(codes):
        note = "BertAdam clips gradients at max_grad_norm=1.0 by default"
        guards.setdefault("gradient clipping", []).append(at(unit, line, note))
    for unit, line, norm in sb3_clipping(codes):
        note = f"clips gradients at max_grad_norm={norm:g} by default"
        guards.setdefault("gradient clipping", []).append(at(unit, line, note))
    return guards


def _returns_a_bool(call: ast.Call, code: Code) -> bool:
    """``np.allclose(a, b)``, ``math.isclose(a, b)``: a comparison, not an assertion."""
    name = code.resolve(call.func) or terminal(call.func) or ""
    return name.rpartition(".")[2] in ("allclose", "isclose")


def _asserted(unit: SourceUnit, call: ast.Call) -> bool:
    return any(call is node for check in unit.of_type(ast.Assert) for node in ast.walk(check))


_PREDICATES = frozenset(
    {"isfinite", "isnan", "isinf", "isposinf", "isneginf", "is_nan", "is_finite", "is_inf"}
    | {"isna", "isnull"}
)


def _on_data(call: ast.Call, code: Code) -> bool:
    """A finite check of the data, not of the training's numbers: pandas' (``pd.isnull(x)``,
    ``frame.isna()``), or NumPy's of a frame's column read by name in a program using pandas
    (``np.isnan(df["Hs"][0])``). Deciding which rows or features to keep, it picks data; no
    loss or gradient is checked. A value named for one (a Keras callback's ``logs["loss"]``),
    or a tensor's check (``torch.isfinite(outputs["prompt_embeds"])``), is the model's own."""
    name = code.resolve(call.func) or ""
    if name.startswith("pandas.") or (not name and method(call) in ("isna", "isnull")):
        return True
    if not (name.startswith(("numpy.", "math.")) and "pandas" in code.libraries):
        return False
    keys = [
        node.slice.value
        for argument in call.args
        for node in ast.walk(argument)
        if isinstance(node, ast.Subscript)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ]
    return bool(keys) and not any(_TRAINING_NUMBERS & set(tokens(key)) for key in keys)


#: Words of a key naming a number the training computes (``logs["val_loss"]``).
_TRAINING_NUMBERS = frozenset({"loss", "grad", "grads", "gradient", "gradients", "norm", "lr"})


def _is_predicate(call: ast.Call, code: Code) -> bool:
    """``torch.isnan(x)``, ``df.isnull()``: a test that guards only when something acts on it
    (``check_numerics`` or ``TerminateOnNaN`` stop training by themselves)."""
    name = code.resolve(call.func) or terminal(call.func) or ""
    return name.rpartition(".")[2] in _PREDICATES
