"""A library imported optionally, ``try: import torch`` with ``torch = None`` in the handler,
is still that library wherever it is installed: the fallback runs only where it is not, and
then nothing it would seed or draw runs either."""

from __future__ import annotations

import ast

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


#: A training script whose main() names its wrapper ``nn`` (``nn = NeuralNetwork(...)``): that
#: binds a local of main, and torch.nn keeps its name in the classes above.
LOCAL_SHADOW = """\
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim


class Net(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.fc = nn.Linear(n, 2)

    def forward(self, x):
        return self.fc(x)


class NeuralNetwork:
    def __init__(self, n):
        self.n = n

    def train(self, x, y):
        self.model = Net(self.n)
        opt = optim.SGD(self.model.parameters(), lr=0.1)
        loss = nn.CrossEntropyLoss()(self.model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()


def main():
    nn = NeuralNetwork(3)
    nn.train(torch.zeros(4, 3), torch.zeros(4).long())


if __name__ == "__main__":
    np.random.seed(42)
    main()
"""


def test_a_name_a_function_binds_locally_keeps_the_import_elsewhere() -> None:
    found = {p.path: p for p in programs(snapshot_from({"train.py": LOCAL_SHADOW}))}
    assert found["train.py"].names["nn"] == "torch.nn"
    result = check("REPRO001", snapshot_from({"train.py": LOCAL_SHADOW}))
    assert result.status.value == "fail", result.message
    assert [e.line for e in result.evidence] == [10]


def test_a_function_s_own_binding_hides_the_import_inside_it() -> None:
    source = (
        "import random\nimport numpy as np\n\n\ndef shuffle(x):\n"
        "    random = np.random.RandomState(0)\n    random.shuffle(x)\n    return x\n"
    )
    program = programs(snapshot_from({"m.py": source}))[0]
    (call,) = [
        c for c in program.units[0].of_type(ast.Call) if getattr(c.func, "attr", "") == "shuffle"
    ]
    assert program.resolve(call.func) is None
    assert program.names["random"] == "random"


def test_a_global_statement_rebinds_the_module_s_name() -> None:
    source = "import torch\n\n\ndef off():\n    global torch\n    torch = None\n"
    found = {p.path: p for p in programs(snapshot_from({"m.py": source}))}
    assert "torch" not in found["m.py"].names
