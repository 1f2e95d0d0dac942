"""The guard a framework's trainer brings by default (SANITY002).

``transformers.Trainer`` (and TRL's trainers built on it) clips the gradients' norm at
``max_grad_norm=1.0`` unless its arguments say otherwise, so a fine-tuning script that never
writes ``clip_grad_norm_`` is guarded all the same. Arguments that set ``max_grad_norm`` to 0
or None turn it off. Ultralytics' trainer (``YOLO("yolov8n.pt").train(data=...)``) clips at
``max_norm=10.0`` on every step, with no setting to turn it off. Stable-Baselines3's PPO and
A2C (and sb3-contrib's RecurrentPPO and MaskablePPO) clip at ``max_grad_norm=0.5``, DQN and
QR-DQN at 10; SAC, TD3, DDPG and the others do not clip. sentence-transformers' own loop,
``model.fit(train_objectives=[(loader, loss)])``, clips at ``max_grad_norm=1`` unless given
0; its ``SentenceTransformerTrainer`` is a ``transformers.Trainer`` and clips as one.
pytorch-pretrained-bert's ``BertAdam`` (``BERTAdam`` in its first releases) clips each
parameter's gradient norm at ``max_grad_norm=1.0`` inside ``step()``; -1 (or 0) turns it off.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable

from repocheck.analysis.implicit_draws import SB3_PACKAGES
from repocheck.analysis.imports import keyword, turned_off
from repocheck.analysis.ml_code import Code, each
from repocheck.analysis.ml_names import (
    fits_sentence_transformer,
    runs_a_model_s_training,
    terminal,
)
from repocheck.facts.snapshot import SourceUnit
from repocheck.patterns import compile_on_use

_LIBRARIES = frozenset({"transformers", "trl", "sentence_transformers"})
#: How the names below end: calls named otherwise are not resolved at all.
_LAST_WORDS = ("Trainer", "TrainingArguments", "Config")
_TRAINER = compile_on_use(r"^(transformers|trl|sentence_transformers)\.(\w+\.)*\w*Trainer$")
_ARGUMENTS = compile_on_use(
    r"^(transformers|trl|sentence_transformers)\.(\w+\.)*\w*(TrainingArguments|Config)$"
)


def trainer_subclasses(codes: Iterable[Code]) -> frozenset[str]:
    """The names of the project's classes that derive from a Hugging Face or TRL trainer,
    directly or through one another (``class CaptionTrainer(Trainer)`` overriding
    ``compute_loss``): built, they run the same training loop and clip the same way."""
    classes = [(code, node) for code, _, node in each(codes, ast.ClassDef)]
    found: set[str] = set()
    grown = True
    while grown:
        more = {
            node.name
            for code, node in classes
            if any(
                _TRAINER.match(code.resolve(base) or "") or terminal(base) in found
                for base in node.bases
            )
        } - found
        found |= more
        grown = bool(more)
    return frozenset(found)


def trainer_clipping(codes: Iterable[Code]) -> list[tuple[SourceUnit, int]]:
    """Where a program builds a trainer that clips gradients by default: each trainer it
    builds (a library's, or a project class derived from one), unless an arguments object of
    the program turns clipping off."""
    codes = list(codes)
    subclasses = trainer_subclasses(codes)
    found: list[tuple[SourceUnit, int]] = []
    for code in codes:
        if not code.libraries & _LIBRARIES and not subclasses:
            continue
        trainers: list[tuple[SourceUnit, int]] = []
        off = False
        for _, unit, call in each([code], ast.Call):
            last = terminal(call.func) or ""
            if last in subclasses:
                trainers.append((unit, call.lineno))
                continue
            if not last.endswith(_LAST_WORDS):
                continue
            name = code.resolve(call.func) or ""
            if _ARGUMENTS.match(name):
                off = off or turned_off(keyword(call, "max_grad_norm"))
            elif _TRAINER.match(name):
                trainers.append((unit, call.lineno))
        if not off:
            found.extend(trainers)
    return found


def ultralytics_runs(codes: Iterable[Code]) -> list[tuple[SourceUnit, ast.Call]]:
    """Where a program that imports Ultralytics starts a model's training run
    (``model.train(data="data.yaml", epochs=50)``)."""
    return [
        (unit, call)
        for code in codes
        if "ultralytics" in code.libraries
        for _, unit, call in each([code], ast.Call)
        if runs_a_model_s_training(call)
    ]


def ultralytics_clipping(codes: Iterable[Code]) -> list[tuple[SourceUnit, int]]:
    """Ultralytics' training runs (:func:`ultralytics_runs`): its trainer clips every step."""
    return [(unit, call.lineno) for unit, call in ultralytics_runs(codes)]


#: Stable-Baselines3 algorithms that clip gradients by default, and at what norm.
SB3_CLIPPING = {"PPO": 0.5, "A2C": 0.5, "RecurrentPPO": 0.5, "MaskablePPO": 0.5}
SB3_CLIPPING |= {"DQN": 10.0, "QRDQN": 10.0}


def sb3_clipping(codes: Iterable[Code]) -> list[tuple[SourceUnit, int, float]]:
    """Where a program builds a Stable-Baselines3 algorithm that clips its gradients by
    default (``PPO("MlpPolicy", env)``), with the norm; one given ``max_grad_norm`` is read
    as any call with that keyword is."""
    found = []
    for code in codes:
        if not code.libraries & frozenset(SB3_PACKAGES):
            continue
        for _, unit, call in each([code], ast.Call):
            parts = (code.resolve(call.func) or "").split(".")
            if parts[0] not in SB3_PACKAGES or parts[-1] not in SB3_CLIPPING:
                continue
            if keyword(call, "max_grad_norm") is None:
                found.append((unit, call.lineno, SB3_CLIPPING[parts[-1]]))
    return found


def sentence_transformer_fits(code: Code) -> list[tuple[SourceUnit, ast.Call]]:
    """The ``model.fit(train_objectives=...)`` calls of a program, and a CrossEncoder's
    ``model.fit(train_dataloader=...)`` (whatever it imports: the model is often another function's
    argument). Only units whose text names one of the keywords are read."""
    return [
        (unit, call)
        for unit in code.units
        if "train_objectives" in unit.source or "train_dataloader" in unit.source
        for call in unit.of_type(ast.Call)
        if fits_sentence_transformer(call)
    ]


def sentence_transformer_clipping(codes: Iterable[Code]) -> list[tuple[SourceUnit, int]]:
    """sentence-transformers' fits that keep their default clipping (no ``max_grad_norm``
    given: one given is read as any call with that keyword is)."""
    return [
        (unit, call.lineno)
        for code in codes
        for unit, call in sentence_transformer_fits(code)
        if keyword(call, "max_grad_norm") is None
    ]


#: pytorch-pretrained-bert's optimizers that clip by default (its OpenAIAdam does not).
_BERT_ADAMS = frozenset({"BertAdam", "BERTAdam"})


def bert_adam_clipping(codes: Iterable[Code]) -> list[tuple[SourceUnit, int]]:
    """Where a program builds pytorch-pretrained-bert's ``BertAdam`` with its default
    clipping (no ``max_grad_norm``: one given is read as any call with that keyword is)."""
    found = []
    for code in codes:
        if "pytorch_pretrained_bert" not in code.libraries:
            continue
        for _, unit, call in each([code], ast.Call):
            if terminal(call.func) not in _BERT_ADAMS:
                continue
            parts = (code.resolve(call.func) or "").split(".")
            if parts[0] != "pytorch_pretrained_bert" or parts[-1] not in _BERT_ADAMS:
                continue
            if keyword(call, "max_grad_norm") is None:
                found.append((unit, call.lineno))
    return found
