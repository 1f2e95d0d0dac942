"""REPRO001 on a generator built only when the caller passes none: ``rng = rng or
np.random.default_rng()``, numpy's way of letting the caller choose the generator."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

SAMPLER = (
    "import argparse\n\nimport numpy as np\n\n\n"
    "def generate(logits, steps, rng=None):\n"
    "    rng = rng or np.random.default_rng()\n"
    "    return [rng.choice(len(logits)) for _ in range(steps)]\n\n\n"
)
GUARDED = (
    "import argparse\n\nimport numpy as np\n\n\n"
    "def generate(logits, steps, rng=None):\n"
    "    if rng is None:\n"
    "        rng = np.random.default_rng()\n"
    "    return [rng.choice(len(logits)) for _ in range(steps)]\n\n\n"
)


def _main(call: str) -> str:
    """A script's main block, run from the command line."""
    main = "def main():\n    args = argparse.ArgumentParser().parse_args()\n    print(args, "
    return main + f"{call})\n\n\nif __name__ == '__main__':\n    main()\n"


def test_repro001_a_fallback_generator_every_caller_fills_never_draws() -> None:
    code = SAMPLER + _main("generate([1, 2], 5, rng=np.random.default_rng(7))")
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.evidence


def test_repro001_a_guarded_fallback_filled_by_position_never_draws() -> None:
    code = GUARDED + _main("generate([1, 2], 5, np.random.default_rng(7))")
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.evidence


def test_repro001_a_fallback_generator_a_caller_leaves_to_itself_draws() -> None:
    for source in (SAMPLER, GUARDED):
        for call in ("generate([1, 2], 5)", "generate([1, 2], 5, rng=None)"):
            result = check("REPRO001", snapshot_from({"train.py": source + _main(call)}))
            assert result.status is not Status.PASS, call
            assert [e.line for e in result.evidence] == [7 if source is SAMPLER else 8]


def test_repro001_a_fallback_generator_another_module_may_call_still_draws() -> None:
    code = SAMPLER + _main("generate([1, 2], 5, rng=np.random.default_rng(7))")
    other = "from train import generate\n\nprint(generate([1], 3))\n"
    result = check("REPRO001", snapshot_from({"train.py": code, "demo.py": other}))
    assert result.status is not Status.PASS
    assert ("train.py", 7) in [(e.path, e.line) for e in result.evidence]


SEARCH = (
    "import numpy as np\n\n\n"
    "class Search:\n"
    "    def __init__(self, model, rng=None):\n"
    "        self.model = model\n"
    "        self.rng = rng if rng is not None else np.random.default_rng()\n\n"
    "    def pick(self, moves):\n"
    "        return self.rng.choice(moves)\n"
)
AGENT = (
    "import argparse\n\nimport numpy as np\n\nfrom search import Search\n\n\n"
    "def main():\n"
    "    args = argparse.ArgumentParser().parse_args()\n"
    "    rng = np.random.default_rng(7)\n"
    "    search = {build}\n"
    "    print(search.pick([1, 2, 3]))\n\n\n"
    "if __name__ == '__main__':\n    main()\n"
)


def test_repro001_a_class_every_module_builds_with_a_generator_never_builds_its_own() -> None:
    # A search class whose __init__ falls back to an unseeded generator, built in another
    # module that always hands it a seeded one: the fallback never runs.
    files = {"search.py": SEARCH, "agent.py": AGENT.format(build="Search(None, rng=rng)")}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.PASS, result.evidence
    # Handed by position, after the model (``self`` is not among what a call passes).
    files["agent.py"] = AGENT.format(build="Search(None, rng)")
    assert check("REPRO001", snapshot_from(files)).status is Status.PASS
    # Built somewhere without one, the fallback draws.
    files["agent.py"] = AGENT.format(build="Search(None)")
    result = check("REPRO001", snapshot_from(files))
    assert result.status is not Status.PASS
    assert ("search.py", 7) in [(e.path, e.line) for e in result.evidence]
