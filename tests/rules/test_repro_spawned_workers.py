"""REPRO001 on workers started by torch.multiprocessing.spawn.

spawn starts each worker in a fresh interpreter that imports the script again: a seed the
parent set inside its main block does not reach the workers, whose draws are then unseeded;
a seed at the script's top level runs again in each worker, and one in the worker is its own.
"""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

DDP = (
    "import random\nimport numpy as np\nimport torch\nimport torch.multiprocessing as mp\n"
    "def set_seed(seed):\n"
    "    random.seed(seed)\n    np.random.seed(seed)\n    torch.manual_seed(seed)\n"
    "def worker(rank, world_size):\n"
    "    model = torch.nn.Linear(4, 2)\n"
    "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "    for step in range(10):\n"
    "        loss = model(torch.randn(8, 4)).sum()\n"
    "        opt.zero_grad()\n        loss.backward()\n        opt.step()\n"
    "def main():\n"
    "    set_seed(42)\n"
    "    mp.spawn(worker, args=(2,), nprocs=2)\n"
    "if __name__ == '__main__':\n    main()\n"
)


def test_repro001_a_seed_the_parent_sets_before_spawn_leaves_the_workers_unseeded() -> None:
    result = check("REPRO001", snapshot_from({"ddp_train.py": DDP}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert "PyTorch" in result.message
    assert ("ddp_train.py", 13) in [(e.path, e.line) for e in result.evidence]
    assert all("spawned worker" in e.snippet for e in result.evidence), result.evidence


def test_repro001_a_worker_that_seeds_itself_or_a_seed_at_the_top_runs_in_every_worker() -> None:
    own = DDP.replace(
        "    model = torch.nn.Linear(4, 2)\n",
        "    set_seed(42 + rank)\n    model = torch.nn.Linear(4, 2)\n",
    )
    assert check("REPRO001", snapshot_from({"ddp_train.py": own})).status is Status.PASS
    top = DDP.replace("def main():\n    set_seed(42)\n", "set_seed(42)\ndef main():\n")
    top = top.replace("set_seed(42)\ndef main", "def main")
    top = top.replace("if __name__", "set_seed(42)\nif __name__")
    assert check("REPRO001", snapshot_from({"ddp_train.py": top})).status is Status.PASS


def test_repro001_a_worker_of_a_parent_that_seeds_nothing_is_not_told_of_a_parent_seed() -> None:
    # Nothing seeds anywhere: the draws are unseeded in the parent's single-GPU path and in
    # the workers alike, and "which the parent's seed does not reach" names a seed there is not.
    unseeded = DDP.replace("    set_seed(42)\n", "")
    result = check("REPRO001", snapshot_from({"ddp_train.py": unseeded}))
    assert result.status is Status.FAIL, result.message
    assert ("ddp_train.py", 13) in [(e.path, e.line) for e in result.evidence]
    assert not any("parent's seed" in e.snippet for e in result.evidence), result.evidence
