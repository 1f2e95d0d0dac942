"""REPRO001 on a seed handed down through a parameter that defaults to None:
``def create_splits(..., random_seed=None)`` passes ``random_state=random_seed`` to
``train_test_split``. Where no call of the function gives ``random_seed`` a value, the split
is drawn with ``random_state=None`` on every run, a new split each time, though the call
carries a seed argument. Where some call gives one, or the function may be called from
somewhere the program does not show, the argument is read as a seed, as before."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

SPLITTING = (
    "from sklearn.model_selection import train_test_split\n\n\n"
    "def create_splits(paths, labels, test_size, random_seed=None):\n"
    "    return train_test_split(paths, labels, test_size=test_size, random_state=random_seed)\n"
)


def _train(call: str) -> str:
    return (
        "import argparse\n\nfrom splitting import create_splits\n\n\n"
        "def main():\n"
        "    args = argparse.ArgumentParser().parse_args()\n"
        f"    print(args, {call})\n\n\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    )


def test_repro001_a_seed_parameter_no_caller_fills_is_no_seed() -> None:
    train = _train("create_splits([1, 2, 3, 4], [0, 1, 0, 1], test_size=0.5)")
    result = check("REPRO001", snapshot_from({"splitting.py": SPLITTING, "train.py": train}))
    assert result.status is not Status.PASS, result.message
    assert "scikit-learn" in result.message.split("not seeded before use:")[-1]
    assert ("splitting.py", 5) in [(e.path, e.line) for e in result.evidence]


def test_repro001_a_seed_parameter_a_caller_fills_is_a_seed() -> None:
    for call in (
        "create_splits([1, 2, 3, 4], [0, 1, 0, 1], 0.5, random_seed=42)",
        "create_splits([1, 2, 3, 4], [0, 1, 0, 1], 0.5, 42)",
        "create_splits([1, 2, 3, 4], [0, 1, 0, 1], 0.5, **vars(args))",
    ):
        train = _train(call)
        result = check("REPRO001", snapshot_from({"splitting.py": SPLITTING, "train.py": train}))
        assert result.status is Status.PASS, (call, result.message)


def test_repro001_a_seed_parameter_set_in_the_body_or_handed_on_is_a_seed() -> None:
    """The function fills the parameter itself, or hands the function on to be called with
    arguments the program does not show: say nothing."""
    filled = SPLITTING.replace(
        "    return train_test_split",
        "    random_seed = random_seed or 0\n    return train_test_split",
    )
    call = "create_splits([1, 2, 3, 4], [0, 1, 0, 1], test_size=0.5)"
    result = check("REPRO001", snapshot_from({"splitting.py": filled, "train.py": _train(call)}))
    assert result.status is Status.PASS, result.message
    handed = _train(f"{call}, run(create_splits)")
    result = check("REPRO001", snapshot_from({"splitting.py": SPLITTING, "train.py": handed}))
    assert result.status is Status.PASS, result.message


SAMPLER = (
    "import random\n\n\n"
    "class Base:\n"
    "    def __init__(self):\n"
    "        self.items = []\n\n\n"
    "class Sampler(Base):\n"
    "    def __init__(self, items, seed=None):\n"
    "        super().__init__()\n"
    "        self.items = items\n"
    "        self.rng = random.Random(seed)\n\n"
    "    def draw(self):\n"
    "        return self.rng.sample(self.items, 2)\n"
)


def _sampled(call: str) -> str:
    return (
        "import argparse\n\nfrom sampler import Sampler\n\n\n"
        "def main():\n"
        "    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--seed', type=int, default=42)\n"
        "    args = parser.parse_args()\n"
        f"    print({call}.draw())\n\n\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    )


def test_repro001_a_constructor_s_seed_is_filled_through_the_class_name() -> None:
    """A constructor is called by its class's name: ``Sampler(items, seed=args.seed)`` fills
    the ``seed`` of ``Sampler.__init__``; a ``super().__init__()`` elsewhere is another
    class's constructor and says nothing about it."""
    for call in ("Sampler([1, 2, 3], seed=args.seed)", "Sampler([1, 2, 3], args.seed)"):
        snapshot = snapshot_from({"sampler.py": SAMPLER, "train.py": _sampled(call)})
        result = check("REPRO001", snapshot)
        assert result.status is Status.PASS, (call, result.message)
    snapshot = snapshot_from({"sampler.py": SAMPLER, "train.py": _sampled("Sampler([1, 2, 3])")})
    result = check("REPRO001", snapshot)
    assert result.status is not Status.PASS, result.message
    assert ("sampler.py", 13) in [(e.path, e.line) for e in result.evidence]
