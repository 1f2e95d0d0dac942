"""The project's PyTorch model classes: torch.nn.Module subclasses, through its own classes too.

Read by ``repocheck fix``'s smoke test (which model to build) and by the report's fix hint
(whether that fixer has a model to write a test for), so both answer from one definition.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from repocheck.analysis.ml_code import Code, Repo, each
from repocheck.analysis.ml_names import terminal
from repocheck.facts.snapshot import SourceUnit

_TORCH_BASES = ("torch.nn.", "lightning.", "pytorch_lightning.")


@dataclass(frozen=True)
class ModelClass:
    """One model class: its name, the program and unit defining it, and its definition."""

    name: str
    code: Code
    unit: SourceUnit
    node: ast.ClassDef

    @property
    def path(self) -> str:
        return self.unit.path

    def method(self, name: str) -> ast.FunctionDef | None:
        return next(
            (i for i in self.node.body if isinstance(i, ast.FunctionDef) and i.name == name),
            None,
        )

    def resolve(self, expr: ast.expr) -> str:
        return self.code.resolve(expr)


def torch_models(repo: Repo) -> list[ModelClass]:
    """The project's torch.nn.Module subclasses (through other project classes too), with
    names defined once: two classes of one name cannot be told apart by a build site."""
    classes = [
        ModelClass(node.name, code, unit, node)
        for code, unit, node in each(repo.codes, ast.ClassDef)
        if node.name in repo.model_classes
    ]
    torch_names: set[str] = set()
    grown = True
    while grown:
        more = {
            model.name
            for model in classes
            if model.name not in torch_names
            and any(
                model.resolve(base).startswith(_TORCH_BASES) or terminal(base) in torch_names
                for base in model.node.bases
            )
        }
        torch_names |= more
        grown = bool(more)
    counts: dict[str, int] = {}
    for model in classes:
        counts[model.name] = counts.get(model.name, 0) + 1
    return [m for m in classes if m.name in torch_names and counts[m.name] == 1]
