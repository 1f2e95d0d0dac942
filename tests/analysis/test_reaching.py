"""Which assignment a read of a name holds, where the blocks alone tell."""

from __future__ import annotations

import ast

from repocheck.analysis.reaching import reaching_values


def _held(code: str) -> list[tuple[int, str | None]]:
    """(line, value held or None when the blocks do not tell) of each read of ``path``."""
    tree = ast.parse(code)
    found = reaching_values(tree, {"path"})
    reads = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id == "path" and isinstance(node.ctx, ast.Load)
    ]
    held = {id(n): found[id(n)] for n in reads if id(n) in found}
    return sorted(
        (n.lineno, ast.unparse(held[id(n)]).strip("'") if id(n) in held else None) for n in reads
    )


def test_the_assignment_before_a_read_in_its_block_is_what_it_holds() -> None:
    code = "if a:\n    path = 'a.pt'\n    save(path)\nelse:\n    path = 'b.pt'\n    save(path)\n"
    assert _held(code) == [(3, "a.pt"), (6, "b.pt")]


def test_a_loop_that_rebinds_the_name_leaves_its_reads_untold() -> None:
    code = "path = 'a.pt'\nfor i in x:\n    save(path)\n    path = 'b.pt'\nsave(path)\n"
    assert _held(code) == [(3, None), (5, None)]


def test_a_branch_that_may_rebind_leaves_later_reads_untold() -> None:
    code = "path = 'a.pt'\nif a:\n    save(path)\n    path = 'b.pt'\nsave(path)\npath = 'c.pt'\nsave(path)\n"
    assert _held(code) == [(3, "a.pt"), (5, None), (7, "c.pt")]


def test_functions_and_comprehensions_are_their_own_scopes() -> None:
    code = (
        "path = 'a.pt'\n"
        "def f():\n    save(path)\n"
        "[save(path) for path in paths]\n"
        "path = path + '.bak'\n"
        "save(path)\n"
    )
    assert _held(code) == [(3, None), (4, None), (5, "a.pt"), (6, "path + '.bak")]
