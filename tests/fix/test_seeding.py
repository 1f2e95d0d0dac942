"""REPRO001 and REPRO002 fixers: a seeding helper called where each entry point starts.

Every case is a real git repository: analysed, fixed, written, analysed again; the edited
scripts are then run for real, and a seeded run repeats itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from repocheck.fix.fixers._seed_helper import generated_libraries
from repocheck.model import Status
from tests.fix.helpers import RoundTrip, round_trip
from tests.helpers import Step, make_repo

FLAT_TRAIN = '''\
"""Fit a line to noisy points: python train.py --epochs 3"""

import argparse
import random

import torch


def make_data(n: int) -> torch.Tensor:
    # noise makes every run different unless it is seeded
    return torch.randn(n, 1) + random.random()


def main() -> None:
    parser = argparse.ArgumentParser(description="fit a line")
    parser.add_argument("--epochs", type=int, default=3)

    args = parser.parse_args()
    data = make_data(16)
    weight = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=0.1)
    for _ in range(args.epochs):
        optimizer.zero_grad()
        loss = ((data - weight) ** 2).mean()
        loss.backward()
        optimizer.step()
    print(f"{loss.item():.8f}")


if __name__ == "__main__":
    main()
'''

PACKAGE_MODEL = '''\
"""The model."""

import torch
from torch import nn


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.layer = nn.Linear(4, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layer(x)
'''

PACKAGE_TRAIN = '''\
"""Train the tiny net: python -m tinynet.train --steps 3"""

import argparse

import numpy as np
import torch

from tinynet.model import Net


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=3)  # a few steps are enough
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = Net().to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    scale = float(np.random.uniform(0.5, 1.5))

    for _ in range(args.steps):
        optimizer.zero_grad()
        loss = model(torch.randn(8, 4, device=device)).pow(2).mean() * scale
        loss.backward()
        optimizer.step()
    print(f"{loss.item():.8f}")


if __name__ == "__main__":
    main()
'''

PLAIN_SCRIPT = '''\
"""Shuffle a deck and deal a hand."""

import random

# the deck, in order
DECK = list(range(52))

random.shuffle(DECK)
print(DECK[:5])
'''

NUMPY_MAIN = '''\
"""Bootstrap a mean."""

import numpy as np


def bootstrap(values: np.ndarray, rounds: int) -> float:
    means = [np.random.choice(values, len(values)).mean() for _ in range(rounds)]
    return float(np.mean(means))


if __name__ == "__main__":
    # a small sample
    sample = np.arange(10.0)

    print(f"{bootstrap(sample, 50):.8f}")
'''

#: A main block that only prints is a self-demo unless the README runs it.
README = "# Stats\n\nRun `python stats.py`.\n"


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    return make_repo(tmp_path / "repo", [Step("Add the code", dict(files))])


def _run(root: Path, *command: str) -> str:
    done = subprocess.run(
        [sys.executable, *command], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _ruff_formatted(text: str) -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--isolated", "--stdin-filename", "x.py", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout == text


def _kept_in_order(before: str, after: str) -> bool:
    """Every line of ``before`` (comments and blank lines too) is in ``after``, in order,
    but the helper call a fixer wrote before (REPRO002 hands it the flag)."""
    lines = iter(after.splitlines())
    kept = [line for line in before.splitlines() if "seed_everything(" not in line]
    return all(any(line == new for new in lines) for line in kept)


def _check_trip(trip: RoundTrip, root: Path, rule_ids: tuple[str, ...]) -> None:
    """The rules pass, what was shown is what was written, nothing is left to do, and the
    user's files keep every line (repocheck's own helper is rewritten whole)."""
    for rule_id in rule_ids:
        assert trip.status(rule_id, trip.before) in (Status.WARN, Status.FAIL), rule_id
        assert trip.status(rule_id) is Status.PASS, rule_id
    assert trip.written(root) == {c.path: c.after for c in trip.plan.changes}
    assert trip.second.empty and not trip.second.changes
    for change in trip.plan.changes:
        if change.before is None or _ruff_formatted(change.before):
            assert _ruff_formatted(change.after), change.path
        if generated_libraries(change.before) is None and change.before is not None:
            assert _kept_in_order(change.before, change.after), change.path


def test_flat_script_gets_a_seed_option_and_repeats_its_run(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"train.py": FLAT_TRAIN})
    trip = round_trip(root, {"REPRO001"})
    _check_trip(trip, root, ("REPRO001",))
    assert sorted(trip.written(root)) == ["seeding.py", "train.py"]
    train = (root / "train.py").read_text(encoding="utf-8")
    assert "from seeding import seed_everything\n" in train
    assert 'parser.add_argument("--seed", type=int, default=0, help="random seed")' in train
    assert "    args = parser.parse_args()\n    seed_everything(args.seed)\n" in train
    helper = (root / "seeding.py").read_text(encoding="utf-8")
    assert "random.seed(seed)" in helper and "torch.cuda.manual_seed_all(seed)" in helper
    assert "numpy" not in helper and "deterministic" not in helper  # CPU only: REPRO002 passes
    first = _run(root, "train.py", "--epochs", "2")
    assert first == _run(root, "train.py", "--epochs", "2")
    assert first != _run(root, "train.py", "--epochs", "2", "--seed", "1")


def test_package_entry_point_gets_seeding_and_deterministic_switches(tmp_path: Path) -> None:
    files = {
        "tinynet/__init__.py": "",
        "tinynet/model.py": PACKAGE_MODEL,
        "tinynet/train.py": PACKAGE_TRAIN,
    }
    root = _repo(tmp_path, files)
    trip = round_trip(root, {"REPRO001", "REPRO002"})
    _check_trip(trip, root, ("REPRO001", "REPRO002"))
    assert [p.rule_id for p in trip.plan.proposals] == ["REPRO001", "REPRO002"]
    assert sorted(trip.written(root)) == ["tinynet/seeding.py", "tinynet/train.py"]
    helper = (root / "tinynet/seeding.py").read_text(encoding="utf-8")
    assert "def seed_everything(seed: int, deterministic: bool = True) -> None:" in helper
    assert "torch.use_deterministic_algorithms(True, warn_only=True)" in helper
    assert 'os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")' in helper
    assert "np.random.seed(seed)" in helper
    train = (root / "tinynet/train.py").read_text(encoding="utf-8")
    assert "from tinynet.seeding import seed_everything\n" in train
    assert "seed_everything(args.seed, deterministic=args.deterministic)" in train
    assert "argparse.BooleanOptionalAction" in train
    first = _run(root, "-m", "tinynet.train", "--steps", "2")
    assert first == _run(root, "-m", "tinynet.train", "--steps", "2")
    assert first == _run(root, "-m", "tinynet.train", "--steps", "2", "--no-deterministic")


def test_repro002_alone_after_repro001_rewrites_only_the_helper_it_wrote(tmp_path: Path) -> None:
    files = {
        "tinynet/__init__.py": "",
        "tinynet/model.py": PACKAGE_MODEL,
        "tinynet/train.py": PACKAGE_TRAIN,
    }
    root = _repo(tmp_path, files)
    seeded = round_trip(root, {"REPRO001"})
    assert seeded.status("REPRO001") is Status.PASS
    assert "deterministic" not in (root / "tinynet/seeding.py").read_text(encoding="utf-8")
    trip = round_trip(root, {"REPRO002"})
    _check_trip(trip, root, ("REPRO002",))
    assert sorted(trip.written(root)) == ["tinynet/seeding.py", "tinynet/train.py"]
    _run(root, "-m", "tinynet.train", "--steps", "1")


def test_script_without_argparse_gets_a_seed_constant(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"deal.py": PLAIN_SCRIPT})
    trip = round_trip(root, {"REPRO001"})
    _check_trip(trip, root, ("REPRO001",))
    deal = (root / "deal.py").read_text(encoding="utf-8")
    assert "import random\n\nfrom seeding import seed_everything\n\nSEED = 0\n" in deal
    assert "SEED = 0\nseed_everything(SEED)\n\n# the deck, in order\n" in deal
    assert _run(root, "deal.py") == _run(root, "deal.py")


def test_numpy_only_main_block_seeds_numpy_alone(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"stats.py": NUMPY_MAIN, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    _check_trip(trip, root, ("REPRO001",))
    helper = (root / "seeding.py").read_text(encoding="utf-8")
    assert "import numpy as np\n" in helper
    assert "torch" not in helper and "import random" not in helper
    stats = (root / "stats.py").read_text(encoding="utf-8")
    assert 'if __name__ == "__main__":\n    seed_everything(SEED)\n    # a small sample\n' in stats
    assert _run(root, "stats.py") == _run(root, "stats.py")


def test_an_entry_point_already_seeded_is_left_alone(tmp_path: Path) -> None:
    seeded = NUMPY_MAIN.replace(
        "    # a small sample\n", "    np.random.seed(7)\n    # a small sample\n"
    )
    root = _repo(tmp_path, {"stats.py": seeded, "deal.py": PLAIN_SCRIPT, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    _check_trip(trip, root, ("REPRO001",))
    assert sorted(trip.written(root)) == ["deal.py", "seeding.py"]
    assert (root / "stats.py").read_text(encoding="utf-8") == seeded


def test_a_repo_whose_seeding_passes_gets_nothing(tmp_path: Path) -> None:
    seeded = FLAT_TRAIN.replace(
        "    args = parser.parse_args()\n",
        "    args = parser.parse_args()\n    random.seed(0)\n    torch.manual_seed(0)\n",
    )
    root = _repo(tmp_path, {"train.py": seeded})
    trip = round_trip(root, {"REPRO001", "REPRO002"})
    assert trip.status("REPRO001", trip.before) is Status.PASS
    assert trip.plan.proposals == () and trip.plan.changes == ()


def test_sub_commands_take_the_seed_from_a_constant(tmp_path: Path) -> None:
    """A parser with sub-commands has no one place for --seed: a constant, not a guess."""
    script = FLAT_TRAIN.replace(
        '    parser.add_argument("--epochs", type=int, default=3)\n',
        '    parser.add_argument("--epochs", type=int, default=3)\n'
        '    parser.add_subparsers(dest="command")\n',
    )
    root = _repo(tmp_path, {"train.py": script})
    trip = round_trip(root, {"REPRO001"})
    _check_trip(trip, root, ("REPRO001",))
    train = (root / "train.py").read_text(encoding="utf-8")
    assert "--seed" not in train and "seed_everything(SEED)" in train
    assert _run(root, "train.py") == _run(root, "train.py")


def test_a_helper_name_the_user_took_is_not_overwritten(tmp_path: Path) -> None:
    mine = '"""My own seeding module."""\n\nSEEDS = [1, 2, 3]\n'
    root = _repo(tmp_path, {"stats.py": NUMPY_MAIN, "seeding.py": mine, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    _check_trip(trip, root, ("REPRO001",))
    assert (root / "seeding.py").read_text(encoding="utf-8") == mine
    assert "from reproducibility import seed_everything" in (root / "stats.py").read_text()


def test_without_an_entry_point_it_says_so_and_writes_nothing(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"stats.py": NUMPY_MAIN})
    trip = round_trip(root, {"REPRO001"})
    assert trip.status("REPRO001", trip.before) is Status.WARN
    assert trip.plan.changes == ()
    (proposal,) = trip.plan.proposals
    assert proposal.empty and "no entry point" in proposal.notes[0]


def test_repro002_leaves_the_projects_own_seeding_alone_and_says_where(tmp_path: Path) -> None:
    seeded = PACKAGE_TRAIN.replace(
        "    args = parse_args()\n",
        "    args = parse_args()\n    np.random.seed(0)\n    torch.manual_seed(0)\n",
    )
    files = {"tinynet/__init__.py": "", "tinynet/model.py": PACKAGE_MODEL}
    root = _repo(tmp_path, {**files, "tinynet/train.py": seeded})
    trip = round_trip(root, {"REPRO001", "REPRO002"})
    assert trip.status("REPRO001", trip.before) is Status.PASS
    assert trip.status("REPRO002", trip.before) is Status.WARN
    assert trip.plan.changes == ()
    (proposal,) = trip.plan.proposals
    assert "tinynet/train.py:" in proposal.notes[0] and "not edited" in proposal.notes[0]


def test_check_never_imports_libcst(tmp_path: Path) -> None:
    """libcst is for the fix command: a check does without it."""
    root = _repo(tmp_path, {"train.py": FLAT_TRAIN})
    program = (
        "import sys\n"
        "from repocheck.cli import main\n"
        "sys.argv = ['repocheck', 'check', sys.argv[1], '--format', 'json']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'libcst' not in sys.modules, 'libcst imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(root)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert '"REPRO001"' in done.stdout


def test_a_console_script_is_seeded_in_its_function(tmp_path: Path) -> None:
    cli = (
        '"""The command line."""\n\n'
        "import random\n\n\n"
        "def main() -> None:\n"
        '    """Roll a die."""\n'
        "    print(random.randint(1, 6))\n"
    )
    pyproject = '[project]\nname = "dice"\nversion = "0.1"\n\n[project.scripts]\n'
    pyproject += 'dice = "dice.cli:main"\n'
    files = {"dice/__init__.py": "", "dice/cli.py": cli, "pyproject.toml": pyproject}
    root = _repo(tmp_path, files)
    trip = round_trip(root, {"REPRO001"})
    _check_trip(trip, root, ("REPRO001",))
    assert sorted(trip.written(root)) == ["dice/cli.py", "dice/seeding.py"]
    text = (root / "dice/cli.py").read_text(encoding="utf-8")
    assert "from dice.seeding import seed_everything\n\nSEED = 0\n" in text
    assert '    """Roll a die."""\n    seed_everything(SEED)\n' in text
    program = "from dice.cli import main; main()"
    assert _run(root, "-c", program) == _run(root, "-c", program)


def test_a_draw_at_import_time_is_a_note_not_an_edit(tmp_path: Path) -> None:
    noise = "import numpy as np\n\nNOISE = np.random.rand(3)\n"
    script = NUMPY_MAIN.replace(
        "import numpy as np\n", "import numpy as np\n\nfrom noise import NOISE\n"
    )
    root = _repo(tmp_path, {"stats.py": script, "noise.py": noise, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    assert trip.status("REPRO001", trip.before) is Status.FAIL
    assert trip.plan.changes == ()
    (proposal,) = trip.plan.proposals
    assert any("noise.py:3" in note and "not edited" in note for note in proposal.notes)


def test_an_idle_seeding_helper_is_named_in_a_note(tmp_path: Path) -> None:
    helper = "import numpy as np\n\n\ndef set_seed(seed: int) -> None:\n    np.random.seed(seed)\n"
    root = _repo(tmp_path, {"stats.py": NUMPY_MAIN, "utils.py": helper, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    _check_trip(trip, root, ("REPRO001",))
    (proposal,) = trip.plan.proposals
    assert any("set_seed() seeds NumPy but is never called" in n for n in proposal.notes)
