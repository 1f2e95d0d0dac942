"""A Hugging Face Trainer or a Lightning run that chooses its model on the test split
(SANITY004).

``Trainer(..., eval_dataset=test_ds, args=TrainingArguments(load_best_model_at_end=True))``
keeps the checkpoint that scored best on the data given as ``eval_dataset``, and an
``EarlyStoppingCallback`` stops training when that score stalls: named for testing, that data
chooses the model, and a test score read from it afterwards (``trainer.evaluate()``) is
optimistic. Lightning's the same way round: a ``val_dataloader`` over ``self.test_dataset``
feeds the validation metrics a ``ModelCheckpoint(monitor=...)`` keeps the best epoch by and
an ``EarlyStopping`` stops on, and ``trainer.test`` then scores the same data. A warning: a
split named test may be the author's validation split.
"""

from __future__ import annotations

import ast

from repocheck.analysis.data_mistakes import split_of
from repocheck.analysis.imports import keyword
from repocheck.analysis.ml_code import Code, Finding, Repo, each
from repocheck.analysis.ml_names import terminal
from repocheck.facts.snapshot import SourceUnit

_LIBRARIES = frozenset({"transformers", "trl", "sentence_transformers"})
_KEEP_FIX = "keep the best checkpoint by a validation split"
_STOP_FIX = "stop early on a validation split, not on the test split"


def trainer_chose_on_test(repo: Repo) -> list[Finding]:
    """Trainers given an ``eval_dataset`` named for testing that keep their best checkpoint
    on it or stop early by it."""
    found = []
    for code in repo.codes:
        if not code.libraries & _LIBRARIES:
            continue
        for _, unit, call in each([code], ast.Call):
            if not (terminal(call.func) or "").endswith("Trainer"):
                continue
            evaluated = keyword(call, "eval_dataset")
            if evaluated is None or split_of(evaluated) != "test":
                continue
            if code.resolve(call.func).partition(".")[0] not in _LIBRARIES:
                continue
            if _keeps_the_best(code, unit, keyword(call, "args")):
                found.append(Finding("chosen-on-test", unit, call.lineno, _KEEP_FIX, False))
            elif _stops_early(keyword(call, "callbacks")):
                found.append(Finding("early-stop-on-test", unit, call.lineno, _STOP_FIX, False))
    return found


def _keeps_the_best(code: Code, unit: SourceUnit, args: ast.expr | None) -> bool:
    """The training arguments (built in place, or bound to the name handed over in the same
    file) say ``load_best_model_at_end=True``."""
    if isinstance(args, ast.Name):
        built = [
            statement.value
            for statement in code.inside(unit, None, ast.Assign)
            if any(isinstance(t, ast.Name) and t.id == args.id for t in statement.targets)
        ]
        args = built[-1] if len(built) == 1 else None
    if not isinstance(args, ast.Call):
        return False
    keep = keyword(args, "load_best_model_at_end")
    return isinstance(keep, ast.Constant) and keep.value is True


def _stops_early(callbacks: ast.expr | None) -> bool:
    """``callbacks=[EarlyStoppingCallback(early_stopping_patience=3)]``."""
    return callbacks is not None and any(
        isinstance(node, ast.Call) and terminal(node.func) == "EarlyStoppingCallback"
        for node in ast.walk(callbacks)
    )


_LIGHTNING = frozenset({"lightning", "pytorch_lightning"})
_VALIDATE_FIX = "validate on a validation split; keep the test split for trainer.test"


def lightning_validated_on_test(repo: Repo) -> list[Finding]:
    """``val_dataloader`` methods whose loaders read only data named for testing, in a
    repository whose Lightning runs keep a checkpoint by a monitored metric or stop early."""
    codes = [code for code in repo.codes if code.libraries & _LIGHTNING]
    loaders = [found for code in codes for found in _test_validation_loaders(code)]
    if not loaders:
        return []
    keeps, stops = _selection_callbacks(codes)
    if not (keeps or stops):
        return []
    kind = "chosen-on-test" if keeps else "early-stop-on-test"
    return [Finding(kind, unit, line, _VALIDATE_FIX, False) for unit, line in loaders]


def _test_validation_loaders(code: Code) -> list[tuple[SourceUnit, int]]:
    """(unit, line of the data) of each ``val_dataloader`` whose loaders read test data only."""
    found = []
    for unit in code.units:
        for function in unit.of_type(ast.FunctionDef):
            if function.name != "val_dataloader":
                continue
            data = [
                given
                for node in ast.walk(function)
                if isinstance(node, ast.Call) and terminal(node.func) == "DataLoader"
                for given in (*node.args[:1], keyword(node, "dataset"))
                if given is not None
            ]
            if data and all(split_of(given) == "test" for given in data):
                found.append((unit, data[0].lineno))
    return found


def _selection_callbacks(codes: list[Code]) -> tuple[bool, bool]:
    """(a Lightning ``ModelCheckpoint`` given ``monitor=``, an ``EarlyStopping``) built in
    any of the programs."""
    keeps = stops = False
    for code, _, call in each(codes, ast.Call):
        name = terminal(call.func)
        if name not in ("ModelCheckpoint", "EarlyStopping"):
            continue
        if code.resolve(call.func).partition(".")[0] not in _LIGHTNING:
            continue
        if name == "ModelCheckpoint":
            keeps |= keyword(call, "monitor") is not None
        else:
            stops = True
    return keeps, stops
