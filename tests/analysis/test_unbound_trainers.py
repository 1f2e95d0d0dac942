"""Names a script reads that nothing in its file binds."""

from __future__ import annotations

from repocheck.analysis.entrypoints import project
from repocheck.analysis.unbound_trainers import first_unbound_read
from tests.helpers import snapshot_from

SKETCH = (
    "import torch\n"
    "class ScheduledOptim:\n"
    "    def __init__(self, model, cfg):\n"
    "        self.optimizer = torch.optim.Adam(model.parameters(), lr=cfg['lr'])\n"
    "if __name__ == '__main__':\n"
    "    optimizer = ScheduledOptim(model, cfg)\n"
    "    for epoch in range(n_epochs):\n"
    "        for x, y in tr_set:\n"
    "            loss = criterion(model(x), y)\n"
    "            loss.backward()\n"
)


def _first(path: str, source: str) -> tuple[int, str] | None:
    found = project(snapshot_from({path: source}))
    (program,) = [p for p in found.graph.programs if p.path == path]
    read = first_unbound_read(program)
    return (read[1], read[2]) if read else None


def test_a_main_block_sketched_with_names_no_line_binds_stops_at_the_first() -> None:
    # ``model`` and ``cfg`` are parameters elsewhere in the file (a name bound anywhere is
    # taken as bound); ``n_epochs`` is bound nowhere: the loop's header stops the script.
    assert _first("opt.py", SKETCH) == (7, "n_epochs")
    assert _first("run.py", "import os\nprint(os.sep)\nx = load(path)\n") == (3, "load")


def test_names_that_may_be_bound_or_are_not_read_yet_are_not_counted() -> None:
    assert _first("a.py", "from helpers import *\nx = load(path)\n") is None
    assert _first("b.py", "exec(open('cfg.py').read())\nx = load(path)\n") is None
    assert _first("c.py", "print(__file__, len([]))\nf = lambda: later()\n") is None
    assert _first("d.py", "try:\n    x = load()\nexcept NameError:\n    pass\n") is None
    assert _first("e.py", "def main():\n    run(n)\nif flag_set():\n    main()\n") == (
        3,
        "flag_set",
    )
    assert _first("f.py", "ok = True\nx = a if ok else b\ny = ok or d\n") is None
    assert _first("g.py", "xs = [f(i) for i in range(3)]\n") is None
