"""Each stage imports only the stages before it: acquire -> facts -> analysis -> rules -> render.

Read from the source with ``ast`` (imports inside functions count too), so a lazy import cannot
slip a rule into an analysis or a fact into a renderer.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "repocheck"

#: For each layer, the packages it must never import.
FORBIDDEN = {
    "acquire": ("repocheck.facts", "repocheck.analysis", "repocheck.rules", "repocheck.render"),
    "facts": ("repocheck.analysis", "repocheck.rules", "repocheck.render", "repocheck.score"),
    "analysis": ("repocheck.rules", "repocheck.render", "repocheck.score", "repocheck.registry"),
    "render": ("repocheck.analysis", "repocheck.rules", "repocheck.facts", "repocheck.acquire"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def violations(layer: str) -> list[str]:
    forbidden = FORBIDDEN[layer]
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in sorted(imported_modules(path)):
            if any(module == bad or module.startswith(bad + ".") for bad in forbidden):
                found.append(f"{path.relative_to(PACKAGE.parent)} imports {module}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_the_stages_before_it(layer: str) -> None:
    assert (PACKAGE / layer).is_dir()
    assert violations(layer) == []


def test_relative_imports_are_not_used() -> None:
    relative = [
        str(path.relative_to(PACKAGE.parent))
        for path in PACKAGE.rglob("*.py")
        if any(
            isinstance(node, ast.ImportFrom) and node.level
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert relative == []  # the layer check reads absolute names only


def test_the_check_sees_a_violation(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("def lazy():\n    from repocheck.rules.repro import seeded\n")
    assert "repocheck.rules.repro" in imported_modules(module)
