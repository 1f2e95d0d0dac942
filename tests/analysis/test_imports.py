"""A library imported optionally, ``try: import torch`` with ``torch = None`` in the handler,
is still that library wherever it is installed: the fallback runs only where it is not, and
then nothing it would seed or draw runs either."""

from __future__ import annotations

from repocheck.analysis.imports import programs
from tests.helpers import check, snapshot_from

ENV = """\
import random

try:
    import torch
except Exception:  # torch is optional for the data stages
    torch = None


def set_seed(seed):
    random.seed(seed)
    if torch is not None:
        torch.manual_seed(seed)
"""
TRAIN = """\
import torch
import torch.nn as nn

from env import set_seed


def main():
    set_seed(42)
    model = nn.Linear(2, 2)
    return model(torch.randn(4, 2))


if __name__ == "__main__":
    main()
"""


def test_an_optional_import_keeps_its_name_past_the_fallback() -> None:
    found = {program.path: program for program in programs(snapshot_from({"env.py": ENV}))}
    assert found["env.py"].names["torch"] == "torch"


def test_a_seed_behind_an_optional_import_seeds() -> None:
    result = check("REPRO001", snapshot_from({"env.py": ENV, "train.py": TRAIN}))
    assert result.status.value == "pass", result.message


def test_a_name_rebound_outside_an_import_handler_is_still_dropped() -> None:
    source = "import torch\n\ntorch = None\n"
    found = {program.path: program for program in programs(snapshot_from({"m.py": source}))}
    assert "torch" not in found["m.py"].names


def test_a_fallback_to_another_name_keeps_its_own_binding() -> None:
    source = (
        "try:\n    import ujson as json\nexcept ImportError:\n    json = None\n    fast = False\n"
    )
    found = {program.path: program for program in programs(snapshot_from({"m.py": source}))}
    assert found["m.py"].names["json"] == "ujson"
    assert "fast" not in found["m.py"].names
