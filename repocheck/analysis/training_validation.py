"""A fit validated on the data it trains on (SANITY004).

``model.fit(gen, validation_data=gen)``, ``model.fit(X_train, y_train, validation_data=(X_train,
y_train))``: the validation loss is the training loss again, so the curve meant to show
overfitting cannot, and a checkpoint or an early stop that watches it watches training.
Read from the call alone: the same name, or the same call written twice (a generator
function called for both), given to train on and to validate on.
"""

from __future__ import annotations

import ast

from repocheck.analysis.imports import keyword
from repocheck.analysis.ml_code import Finding, Repo, each
from repocheck.analysis.ml_names import method

_FIX = "validate on data held out of training (a validation split)"
#: Keras' training calls that take ``validation_data``.
_FITS = frozenset({"fit", "fit_generator"})


def validated_on_training(repo: Repo) -> list[Finding]:
    """``fit`` calls whose ``validation_data`` is the data they train on. A warning."""
    found = []
    naming = [code for code in repo.codes if code.mentions("validation_data")]
    for _, unit, call in each(naming, ast.Call):
        if method(call) not in _FITS:
            continue
        validation = keyword(call, "validation_data")
        trained = call.args[0] if call.args else keyword(call, "x")
        if validation is None or not isinstance(trained, (ast.Name, ast.Call)):
            continue
        if isinstance(validation, (ast.Tuple, ast.List)) and validation.elts:
            validation = validation.elts[0]
        if _same(validation, trained):
            found.append(Finding("validated-on-training", unit, call.lineno, _FIX, False))
    return found


def _same(validation: ast.expr, trained: ast.Name | ast.Call) -> bool:
    """The same name, or the same call written twice (``keras_generator()`` for both, or
    ``datagen.flow(X_train, y_train)``): the training data, read again."""
    if isinstance(trained, ast.Name):
        return isinstance(validation, ast.Name) and validation.id == trained.id
    return isinstance(validation, ast.Call) and ast.dump(validation) == ast.dump(trained)
