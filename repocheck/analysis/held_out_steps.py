"""A loop over validation or test batches that trains on them (SANITY004).

``for x, y in val_loader: loss = criterion(model(x), y); loss.backward(); optimizer.step()``:
the model learns the held-out batches it is then scored on, so the validation (or test)
score measures what it memorised. Read from the loop alone: it runs over a loader or dataset
named for a validation or test split (``val_loader``, ``tqdm(test_dl)``; not one chosen by a
phase variable, nor a range of positions in test data, as a walk-forward that retrains on the
rows before each prediction loops), and its body both calls ``backward()`` and steps an
optimizer. Gradients taken on test inputs without a step (a saliency map, an adversarial
example) change no weight.
"""

from __future__ import annotations

import ast

from repocheck.analysis.data_mistakes import split_of
from repocheck.analysis.ml_code import Finding, Repo, each
from repocheck.analysis.ml_names import is_backward, is_optimizer_name, terminal

FIX = "train on the training batches only; run this loop under torch.no_grad()"


def held_out_trained_on(repo: Repo) -> list[Finding]:
    """Loops over held-out batches that call backward() and an optimizer's step()."""
    found = []
    for code in repo.torch_codes:
        for _, unit, loop in each([code], ast.For):
            if not _held_out_batches(loop.iter):
                continue
            calls = [node for node in ast.walk(loop) if isinstance(node, ast.Call)]
            if any(map(is_backward, calls)) and any(map(_optimizer_step, calls)):
                found.append(Finding("trained-on-held-out", unit, loop.lineno, FIX, True))
    return found


#: Calls that hand on the batches of what they wrap: ``enumerate(val_loader)``,
#: ``tqdm(test_dl)``.
_WRAPPERS = frozenset({"enumerate", "tqdm", "iter"})


def _held_out_batches(iterable: ast.expr) -> bool:
    """The loop runs over a loader or dataset named for validation or test, itself or
    wrapped (``enumerate(val_loader)``); not over a range of positions in such data
    (``range(len(test_data) - n)``: a walk-forward that retrains on the rows before each
    prediction)."""
    while isinstance(iterable, ast.Call) and iterable.args and terminal(iterable.func) in _WRAPPERS:
        iterable = iterable.args[0]
    if not isinstance(iterable, (ast.Name, ast.Attribute)):
        return False
    return split_of(iterable) in ("val", "test")


def _optimizer_step(call: ast.Call) -> bool:
    """``optimizer.step()``, ``self.opt.step()``, ``scaler.step(optimizer)``."""
    func = call.func
    if not isinstance(func, ast.Attribute) or func.attr != "step":
        return False
    if is_optimizer_name(terminal(func.value)):
        return True
    return any(is_optimizer_name(terminal(argument)) for argument in call.args)
