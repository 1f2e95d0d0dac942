"""What the four sanity rules share: which ML libraries the code uses, read once, and how
their evidence shows a line of code."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from repocheck.analysis.cache import per_object
from repocheck.analysis.data_mistakes import cross_validates
from repocheck.analysis.imports import Program, import_sites, local_modules, programs, source_line
from repocheck.analysis.ml_code import Repo, repo_of
from repocheck.analysis.ml_names import TRAINING_CALL_METHODS, is_backward, is_fit, terminal
from repocheck.analysis.scratch_training import (
    hand_updates,
    trains_a_table,
    trains_from_scratch,
)
from repocheck.analysis.unbound_trainers import unbound_training_said
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence
from repocheck.patterns import compile_on_use
from repocheck.wording import short

SNIPPET_CHARS = 100
ML_LIBRARIES = {
    "torch": "PyTorch",
    "torchvision": "PyTorch",
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "jax": "JAX",
    "flax": "Flax",
    "sklearn": "scikit-learn",
    "lightning": "Lightning",
    "pytorch_lightning": "Lightning",
    # A PyTorch model trained by a Learner: learn.fine_tune(3), learn.fit_one_cycle(5).
    "fastai": "fastai",
    "transformers": "Transformers",
    # TRL's trainers subclass transformers' Trainer: SFTTrainer(...).train() fine-tunes a model.
    "trl": "TRL",
    "xgboost": "XGBoost",
    "lightgbm": "LightGBM",
    "catboost": "CatBoost",
    "ultralytics": "Ultralytics",
    # Reinforcement learning on PyTorch: PPO("MlpPolicy", env).learn(total_timesteps=...).
    "stable_baselines3": "Stable-Baselines3",
    "sb3_contrib": "Stable-Baselines3",
    # Sentence embeddings fine-tuned on PyTorch: model.fit(train_objectives=[(loader, loss)]).
    "sentence_transformers": "sentence-transformers",
    # Gluon trains as PyTorch does: autograd.record(), loss.backward(), trainer.step().
    "mxnet": "MXNet",
    # Recommenders learnt from interactions: ALS or BPR factors (model.fit(user_items)),
    # LightFM's hybrid model, Surprise's SVD and KNN (algo.fit(trainset)).
    "implicit": "implicit",
    "lightfm": "LightFM",
    "surprise": "Surprise",
}
#: Spark's machine-learning packages; the rest of pyspark moves data.
_SPARK_ML = ("pyspark.ml", "pyspark.mllib")
NO_ML = (
    "no ML code: nothing outside the tests imports torch, tensorflow, keras, jax, sklearn,"
    " xgboost, pyspark.ml, ..."
    " or updates weights by hand"
)
#: An import statement's first module, read from the text of a file that has no tree.
_IMPORTED = compile_on_use(r"^[ \t]*(?:from|import)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)
#: What a repository that trains a network from scratch in numpy is said to use.
FROM_SCRATCH = "numpy (a network from scratch)"
TABULAR_RL = "tabular reinforcement learning (a value table updated by hand)"


def at(unit: SourceUnit, line: int, note: str = "") -> Evidence:
    """Evidence at ``line`` showing the code there, with an optional trailing comment."""
    comment = f"  # {note}" if note else ""
    code = short(source_line(unit, line), max(SNIPPET_CHARS - len(comment), 20))
    return Evidence(unit.path, line, code + comment, unit.cell)


@dataclass(frozen=True)
class MlCode:
    """The ML libraries a repository uses, and its code read once for all sanity rules."""

    libraries: tuple[str, ...]
    code: Repo  # non-test code
    tests: tuple[Program, ...]
    #: The ML libraries' module names the non-test code that parses imports.
    modules: frozenset[str] = frozenset()


@per_object
def ml_code(snapshot: Snapshot) -> MlCode:
    """Computed once per snapshot: the four rules share it."""
    progs = programs(snapshot)
    local = local_modules(snapshot)
    found: dict[str, None] = {}
    modules: set[str] = set()
    for program in progs:
        visible = local.visible_from(program.path)
        for site in import_sites(program):
            if site.top in ML_LIBRARIES and site.top not in visible:
                found[ML_LIBRARIES[site.top]] = None
                modules.add(site.top)
            elif site.top == "pyspark" and _imports_spark_ml(site.node):
                found["Spark MLlib"] = None
    repo = repo_of(snapshot)
    scratch = [code for code in repo.codes if trains_from_scratch(code)] if not found else []
    if scratch:
        found[TABULAR_RL if all(map(trains_a_table, scratch)) else FROM_SCRATCH] = None
    tests = tuple(programs(snapshot, tests=True))
    return MlCode(tuple(sorted(found)), repo, tests, frozenset(modules))


@per_object
def unparsed_ml(snapshot: Snapshot) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """The non-test modules and notebook cells with code Python 3 cannot parse that import an
    ML library (a cell named ``path cell N``: the notebook's other cells are read), the
    libraries' module names, and whether they look like Python 2: the analysis reads no code
    of theirs, so finding no ML code there says nothing."""
    paths: dict[str, None] = {}
    names: set[str] = set()
    python2 = True
    for unit in snapshot.sources:
        if unit.tree is not None or unit.is_test:
            continue
        imported = {m for m in _IMPORTED.findall(unit.source) if m in ML_LIBRARIES}
        if imported:
            paths[unit.path if unit.cell is None else f"{unit.path}{_CELL}{unit.cell + 1}"] = None
            names |= imported
            python2 = python2 and "Python 2" in (unit.error or "")
    return tuple(paths), tuple(sorted(names)), python2 and bool(paths)


#: How a notebook cell is named among the unparsed files: ``notebook.ipynb cell 3``.
_CELL = " cell "


def _counted(places: tuple[str, ...]) -> str:
    """``1 file``, ``2 notebook cells``, ``1 file and 2 notebook cells``."""
    cells = sum(1 for place in places if _CELL in place)
    files = len(places) - cells
    parts = [f"{files} file" + ("s" if files > 1 else "")] if files else []
    if cells:
        parts.append(f"{cells} notebook cell" + ("s" if cells > 1 else ""))
    return " and ".join(parts)


def unread_ml_said(snapshot: Snapshot, *, libraries: frozenset[str] | None = None) -> str | None:
    """Why a rule that found no ML code (or none of ``libraries``) does not judge, where
    that code may sit in files or notebook cells that do not parse; None when there are none."""
    paths, names, python2 = unparsed_ml(snapshot)
    if libraries is not None:
        names = tuple(name for name in names if name in libraries)
    if not paths or not names:
        return None
    hint = " (Python 2 syntax?)" if python2 else ""
    # A library the code read imports as well: the unread file is more of its code, not all.
    read = ml_code(snapshot).modules
    only = [name for name in names if name not in read]
    more = [name for name in names if name in read]
    if not more:
        said = f"the code that imports {', '.join(only)} is"
    elif not only:
        said = f"more code that imports {', '.join(more)} is"
    else:
        said = (
            f"the code that imports {', '.join(only)}, and more that imports {', '.join(more)}, is"
        )
    return (
        f"not judged: {said} in {_counted(paths)}"
        f" Python 3 cannot parse{hint}, {_listed(paths)}, and is not read"
    )


def no_ml_said(snapshot: Snapshot) -> str:
    """The skip reason where no ML library is found in code that parses. Training through a
    trainer the file never imports (a notebook run in a session another notebook set up) is
    ML code whose library is not seen: the reason says so, not that there is none."""
    unread = unread_ml_said(snapshot)
    if unread is not None:
        return unread
    unbound = unbound_training_said(list(repo_of(snapshot).codes), "its ML code")
    return unbound or NO_ML


def _listed(paths: tuple[str, ...], most: int = 3) -> str:
    shown = ", ".join(paths[:most])
    return shown if len(paths) <= most else f"{shown} and {len(paths) - most} more"


def _imports_spark_ml(node: ast.Import | ast.ImportFrom) -> bool:
    names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
    names += [node.module or ""] if isinstance(node, ast.ImportFrom) else []
    return any(name == ml or name.startswith(f"{ml}.") for name in names for ml in _SPARK_ML)


def training_calls(repo: Repo) -> list[tuple[SourceUnit, ast.Call]]:
    return [
        (unit, call)
        for _, unit, call in repo.method_calls(TRAINING_CALL_METHODS)
        if is_backward(call) or is_fit(call)
    ]


def training_steps(repo: Repo) -> list[tuple[SourceUnit, ast.AST]]:
    """Training calls, and weight updates written by hand (``weights -= lr * dW``)."""
    steps: list[tuple[SourceUnit, ast.AST]] = list(training_calls(repo))
    return steps + [update for code in repo.codes for update in hand_updates(code)]


def cross_validation_calls(repo: Repo) -> list[tuple[SourceUnit, ast.Call]]:
    """scikit-learn's cross-validation calls (``cross_val_predict(model, X, y, cv=5)``), each
    fitting copies of the model it is handed: training no fit() shows. Read only where no
    training step was found."""
    found = []
    for code in repo.codes:
        for unit in code.units:
            for call in unit.of_type(ast.Call):
                if cross_validates(code.resolve(call.func)):
                    found.append((unit, call))
    return found


def cross_validation_said(repo: Repo) -> str | None:
    """Why a rule that reads fit() and backward() judges nothing where the only training is
    scikit-learn's cross-validation: said only when no training step was found."""
    found: dict[str, str] = {}
    for unit, call in cross_validation_calls(repo):
        found.setdefault(unit.path, terminal(call.func) or "")
    if not found:
        return None
    where = ", ".join(f"{last} in {path}" for path, last in list(found.items())[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return (
        f"not judged: the training runs through scikit-learn's cross-validation ({where}{more}),"
        " whose fits this rule does not read"
    )
