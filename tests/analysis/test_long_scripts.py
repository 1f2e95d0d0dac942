"""A long script of draws reads in time linear in its length: each draw once read every
statement after it (named_draws), and every name, call and assignment of the program
(shape_probes), so a script of a few thousand lines took a minute."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

DRAWS = 300


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls: list[int] = []
    original = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_each_draw_reads_only_the_statements_that_name_it(monkeypatch) -> None:
    from repocheck.analysis import named_draws

    code = "import numpy as np\n" + "".join(
        f"x{i} = np.random.rand(3)\nopt{i} = make({i})\n" for i in range(DRAWS)
    )
    block = ast.parse(code).body
    stored = _counting(monkeypatch, named_draws, "_stored")
    for index, statement in enumerate(block):
        if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
            assert not named_draws.only_names_a_file(statement.value, block, index, scope_ends=True)
    assert len(stored) < 4 * DRAWS  # was DRAWS**2: every later statement for each draw


def test_the_top_level_of_a_program_is_read_once_for_all_its_draws(monkeypatch) -> None:
    from repocheck.analysis import shape_probes

    cells = [
        f"import torch\nx{i} = torch.randn(3)\ny = model(x{i})\nprint(y.shape)\n"
        for i in range(DRAWS)
    ]
    forwards = _counting(monkeypatch, shape_probes, "_thrown_away_forward")
    result = check("REPRO001", snapshot_from({"nb.ipynb": notebook(*cells)}))
    assert result.status is not Status.ERROR
    assert len(forwards) < 10 * DRAWS  # each draw read every bare call of the notebook


def test_a_loop_of_many_steps_is_read_once_for_all_its_losses(monkeypatch) -> None:
    from repocheck.analysis import training_loop

    steps = "".join(
        f"    loss{i} = model(x).sum()\n    loss{i}.backward()\n    opt.step()\n"
        for i in range(DRAWS)
    )
    code = "import torch\nmodel = torch.nn.Linear(3, 3)\nfor epoch in range(3):\n" + steps
    code += "    total += loss0\n"
    accumulators = _counting(monkeypatch, training_loop, "_accumulator")
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is not Status.ERROR
    assert any(item.snippet.startswith("total += loss0") for item in result.evidence)
    assert len(accumulators) < 10 * DRAWS  # each loss read every statement of the loop


def test_a_loop_of_many_backward_calls_is_read_once_for_late_clipping(monkeypatch) -> None:
    from repocheck.analysis import numeric_guards

    steps = "".join(f"    loss{i}.backward()\n    opt.step()\n" for i in range(DRAWS))
    code = "import torch\nfor epoch in range(3):\n" + steps
    code += "    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n"
    names = _counting(monkeypatch, numeric_guards, "terminal")
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is not Status.ERROR
    assert any("clip_grad_norm_" in item.snippet for item in result.evidence)
    assert len(names) < 10 * DRAWS  # each backward() read every call of its loop
