from __future__ import annotations

import ast

from repocheck.analysis.dead_stores import unseen_values
from repocheck.analysis.imports import programs
from tests.fixtures import notebook
from tests.helpers import snapshot_from


def _unseen(files: dict[str, str]) -> list[str]:
    """The source of each top-level value no code reads, in the order of the program."""
    found = []
    for program in programs(snapshot_from(files)):
        dead = unseen_values(program)
        for unit in program.units:
            for node in unit.of_type(ast.Assign):
                if id(node.value) in dead:
                    found.append(ast.unparse(node))
    return found


def test_a_value_bound_again_before_any_read_is_unseen() -> None:
    code = "a = make(1)\nb = a + 1\na = make(2)\na = make(3)\nprint(a, b)\n"
    assert _unseen({"run.py": code}) == ["a = make(2)"]


def test_a_loop_that_binds_the_name_first_reads_its_own_value() -> None:
    code = "a = make(1)\nfor n in range(2):\n    a = make(n)\n    use(a)\na = make(9)\nuse(a)\n"
    assert _unseen({"run.py": code}) == ["a = make(1)"]
    # Bound only under a condition, the older value may still be read after it.
    guarded = "a = make(1)\nif flag:\n    a = make(2)\nuse(a)\n"
    assert _unseen({"run.py": guarded}) == []


def test_names_a_function_or_globals_may_read_are_never_unseen() -> None:
    function = "def f():\n    return a\na = make(1)\na = make(2)\nf()\n"
    assert _unseen({"run.py": function}) == []
    spaces = "a = make(1)\na = make(2)\nprint(globals()['a'])\n"
    assert _unseen({"run.py": spaces}) == []
    increased = "a = make(1)\na += 1\na = make(2)\nuse(a)\n"
    assert _unseen({"run.py": increased}) == []


def test_a_notebook_value_never_read_is_unseen_but_a_module_s_may_be_imported() -> None:
    nb = notebook("a = make(1)\nb = make(2)\n", "use(a)\n")
    assert _unseen({"run.ipynb": nb}) == ["b = make(2)"]
    assert _unseen({"run.py": "a = make(1)\nb = make(2)\nuse(a)\n"}) == []


def test_a_name_a_block_binds_is_its_own_and_the_names_bound_are_never_copied_per_block(
    monkeypatch,
) -> None:
    # A name bound in one nested block hides the older value from that block only.
    sibling = "a = make(1)\nif x:\n    if y:\n        a = 2\n        use(a)\n    use(a)\na = make(3)\nuse(a)\n"
    assert _unseen({"run.py": sibling}) == []
    inner = "a = make(1)\nif x:\n    a = 2\n    if y:\n        use(a)\na = make(3)\nuse(a)\n"
    assert _unseen({"run.py": inner}) == ["a = make(1)"]
    # The names bound so far were copied for each nested block: quadratic in a long
    # ``if __name__ == "__main__":`` block of assignments and short blocks.
    import repocheck.analysis.dead_stores as dead_stores

    copies = []

    def counting(*names: object) -> set[object]:
        copies.append(1)
        return set(*names)  # type: ignore[arg-type]

    blocks = "".join(f"    v{i} = {i}\n    if v{i}:\n        w = v{i}\n" for i in range(300))
    monkeypatch.setattr(dead_stores, "set", counting, raising=False)
    _unseen({"run.py": "if __name__ == '__main__':\n" + blocks})
    assert len(copies) < 10
