"""Whether a program moves any weight."""

from __future__ import annotations

from repocheck.analysis.entrypoints import project
from repocheck.analysis.weight_updates import updates_weights
from tests.helpers import snapshot_from

LOOP = (
    "import torch\n"
    "from model import ScheduledOptim\n"
    "optimizer = ScheduledOptim(net)\n"
    "for batch in loader:\n"
    "    loss = net(batch).sum()\n"
    "    loss.backward()\n"
    "    {call}\n"
)


def _moves(call: str) -> bool:
    found = project(snapshot_from({"train.py": LOOP.format(call=call)}))
    (program,) = [p for p in found.graph.programs if p.path == "train.py"]
    return updates_weights(program)


def test_a_scheduled_optimizer_steps_through_its_own_method() -> None:
    # A wrapper that sets the learning rate, then steps the optimizer it holds
    # (``ScheduledOptim.step_and_update_lr``): the weights move in the loop that calls it.
    assert _moves("optimizer.update_lr_and_step()")
    assert _moves("optimizer.step_and_update_lr()")
    assert _moves("self.optim.step_with_lr()")


def test_reading_the_step_count_or_printing_gradients_moves_nothing() -> None:
    assert not _moves("print(optimizer.get_step())")
    assert not _moves("print(optimizer.current_step)")
    assert not _moves("history.step_and_log(loss)")
