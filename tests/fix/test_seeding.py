"""REPRO001's fixer: a seeding helper called where each unseeded entry point starts.

Every case is a real git repository: analysed, fixed, written, analysed again; the edited
scripts are then run for real, and a seeded run repeats itself.
"""

from __future__ import annotations

import json
from pathlib import Path

from repocheck.fix.engine import analyze_for_fix
from repocheck.fix.fixers._seed_helper import helper_text
from repocheck.fix.fixers._seed_targets import targets
from repocheck.fix.fixers.seeding import _still_unseeded
from repocheck.model import Status
from tests.fix.helpers import round_trip
from tests.fix.seeding_repos import (
    FLAT_TRAIN,
    NUMPY_MAIN,
    PLAIN_SCRIPT,
    README,
    check_trip,
    repo_of,
    run,
)


def test_flat_script_gets_a_seed_option_and_repeats_its_run(tmp_path: Path) -> None:
    root = repo_of(tmp_path, {"train.py": FLAT_TRAIN})
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    assert sorted(trip.written(root)) == ["seeding.py", "train.py"]
    train = (root / "train.py").read_text(encoding="utf-8")
    assert "from seeding import seed_everything\n" in train
    assert 'parser.add_argument("--seed", type=int, default=0, help="random seed")' in train
    assert "    args = parser.parse_args()\n    seed_everything(args.seed)\n" in train
    helper = (root / "seeding.py").read_text(encoding="utf-8")
    assert "random.seed(seed)" in helper and "torch.cuda.manual_seed_all(seed)" in helper
    assert "numpy" not in helper and "deterministic" not in helper  # CPU only: REPRO002 passes
    first = run(root, "train.py", "--epochs", "2")
    assert first == run(root, "train.py", "--epochs", "2")
    assert first != run(root, "train.py", "--epochs", "2", "--seed", "1")


def test_script_without_argparse_gets_a_seed_constant(tmp_path: Path) -> None:
    root = repo_of(tmp_path, {"deal.py": PLAIN_SCRIPT})
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    deal = (root / "deal.py").read_text(encoding="utf-8")
    assert "import random\n\nfrom seeding import seed_everything\n\nSEED = 0\n" in deal
    assert "SEED = 0\nseed_everything(SEED)\n\n# the deck, in order\n" in deal
    assert run(root, "deal.py") == run(root, "deal.py")


def test_numpy_only_main_block_seeds_numpy_alone(tmp_path: Path) -> None:
    root = repo_of(tmp_path, {"stats.py": NUMPY_MAIN, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    helper = (root / "seeding.py").read_text(encoding="utf-8")
    assert "import numpy as np\n" in helper
    assert "torch" not in helper and "import random" not in helper
    stats = (root / "stats.py").read_text(encoding="utf-8")
    assert 'if __name__ == "__main__":\n    seed_everything(SEED)\n    # a small sample\n' in stats
    assert run(root, "stats.py") == run(root, "stats.py")


def test_an_entry_point_already_seeded_is_left_alone(tmp_path: Path) -> None:
    seeded = NUMPY_MAIN.replace(
        "    # a small sample\n", "    np.random.seed(7)\n    # a small sample\n"
    )
    root = repo_of(tmp_path, {"stats.py": seeded, "deal.py": PLAIN_SCRIPT, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    assert sorted(trip.written(root)) == ["deal.py", "seeding.py"]
    assert (root / "stats.py").read_text(encoding="utf-8") == seeded


def test_a_repo_whose_seeding_passes_gets_nothing(tmp_path: Path) -> None:
    seeded = FLAT_TRAIN.replace(
        "    args = parser.parse_args()\n",
        "    args = parser.parse_args()\n    random.seed(0)\n    torch.manual_seed(0)\n",
    )
    root = repo_of(tmp_path, {"train.py": seeded})
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
    root = repo_of(tmp_path, {"train.py": script})
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    train = (root / "train.py").read_text(encoding="utf-8")
    assert "--seed" not in train and "seed_everything(SEED)" in train
    assert run(root, "train.py") == run(root, "train.py")


def test_a_helper_name_the_user_took_is_not_overwritten(tmp_path: Path) -> None:
    mine = '"""My own seeding module."""\n\nSEEDS = [1, 2, 3]\n'
    root = repo_of(tmp_path, {"stats.py": NUMPY_MAIN, "seeding.py": mine, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    assert (root / "seeding.py").read_text(encoding="utf-8") == mine
    assert "from reproducibility import seed_everything" in (root / "stats.py").read_text()


def test_without_an_entry_point_it_says_so_and_writes_nothing(tmp_path: Path) -> None:
    root = repo_of(tmp_path, {"stats.py": NUMPY_MAIN})
    trip = round_trip(root, {"REPRO001"})
    assert trip.status("REPRO001", trip.before) is Status.WARN
    assert trip.plan.changes == ()
    (proposal,) = trip.plan.proposals
    assert proposal.empty and "no entry point" in proposal.notes[0]


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
    root = repo_of(tmp_path, files)
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    assert sorted(trip.written(root)) == ["dice/cli.py", "dice/seeding.py"]
    text = (root / "dice/cli.py").read_text(encoding="utf-8")
    assert "from dice.seeding import seed_everything\n\nSEED = 0\n" in text
    assert '    """Roll a die."""\n    seed_everything(SEED)\n' in text
    program = "from dice.cli import main; main()"
    assert run(root, "-c", program) == run(root, "-c", program)


def test_a_draw_at_import_time_is_a_note_not_an_edit(tmp_path: Path) -> None:
    noise = "import numpy as np\n\nNOISE = np.random.rand(3)\n"
    script = NUMPY_MAIN.replace(
        "import numpy as np\n", "import numpy as np\n\nfrom noise import NOISE\n"
    )
    root = repo_of(tmp_path, {"stats.py": script, "noise.py": noise, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    assert trip.status("REPRO001", trip.before) is Status.FAIL
    assert trip.plan.changes == ()
    (proposal,) = trip.plan.proposals
    assert any("noise.py:3" in note and "not edited" in note for note in proposal.notes)


def test_an_idle_seeding_helper_is_named_in_a_note(tmp_path: Path) -> None:
    helper = "import numpy as np\n\n\ndef set_seed(seed: int) -> None:\n    np.random.seed(seed)\n"
    root = repo_of(tmp_path, {"stats.py": NUMPY_MAIN, "utils.py": helper, "README.md": README})
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    (proposal,) = trip.plan.proposals
    assert any("set_seed() seeds NumPy but is never called" in n for n in proposal.notes)


def test_a_module_in_a_package_run_as_a_file_imports_the_helper_beside_it(
    tmp_path: Path,
) -> None:
    readme = "# Stats\n\nRun `python stats/bootstrap.py`.\n"
    files = {"stats/__init__.py": "", "stats/bootstrap.py": NUMPY_MAIN, "README.md": readme}
    root = repo_of(tmp_path, files)
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    assert sorted(trip.written(root)) == ["stats/bootstrap.py", "stats/seeding.py"]
    assert "from seeding import seed_everything\n" in (root / "stats/bootstrap.py").read_text()
    assert run(root, "stats/bootstrap.py") == run(root, "stats/bootstrap.py")


def test_a_draw_before_the_command_line_is_read_gets_a_constant_seed_first(
    tmp_path: Path,
) -> None:
    """A seed from --seed would come after the draw: reading the planned text again shows it,
    and the seed becomes a constant set before anything else runs."""
    script = (
        '"""Draw, then parse."""\n\n'
        "import argparse\n\n"
        "import numpy as np\n\n"
        'if __name__ == "__main__":\n'
        "    weights = np.random.rand(3)\n"
        "    parser = argparse.ArgumentParser()\n"
        '    parser.add_argument("--scale", type=float, default=1.0)\n'
        "    args = parser.parse_args()\n"
        "    print(weights * args.scale)\n"
    )
    root = repo_of(tmp_path, {"train.py": script})
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    train = (root / "train.py").read_text(encoding="utf-8")
    assert "--seed" not in train
    assert 'if __name__ == "__main__":\n    seed_everything(SEED)\n    weights' in train
    assert run(root, "train.py") == run(root, "train.py")


def test_a_planned_text_is_read_again_before_it_is_shown(tmp_path: Path) -> None:
    """The safety net under every placement: a plan whose seed still comes after a draw is
    found by reading the planned texts the way the analysis reads the disk."""
    script = NUMPY_MAIN.replace(
        "import numpy as np\n", "import numpy as np\n\nfrom seeding import seed_everything\n"
    )
    late = script + "    seed_everything(0)\n"
    early = script.replace(
        "    # a small sample\n", "    seed_everything(0)\n    # a small sample\n"
    )
    root = repo_of(tmp_path, {"stats.py": NUMPY_MAIN, "README.md": README})
    snapshot, _ = analyze_for_fix(root)
    (work,) = targets(snapshot, [])
    helper = {"seeding.py": helper_text(["numpy"])}
    assert _still_unseeded(snapshot, {**helper, "stats.py": late}, [work]) == [work]
    assert _still_unseeded(snapshot, {**helper, "stats.py": early}, [work]) == []


def test_a_symlink_where_the_helper_would_go_is_left_alone(tmp_path: Path) -> None:
    root = repo_of(tmp_path, {"stats.py": NUMPY_MAIN, "README.md": README, "notes.txt": "x\n"})
    (root / "seeding.py").symlink_to(root / "notes.txt")
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    assert (root / "seeding.py").is_symlink() and (root / "notes.txt").read_text() == "x\n"
    assert "from reproducibility import seed_everything" in (root / "stats.py").read_text()


def test_scripts_beside_each_other_share_one_helper(tmp_path: Path) -> None:
    evaluate = NUMPY_MAIN.replace("Bootstrap a mean.", "Evaluate by bootstrap.")
    readme = "# Stats\n\nRun `python stats.py`, then `python evaluate.py`.\n"
    root = repo_of(tmp_path, {"stats.py": NUMPY_MAIN, "evaluate.py": evaluate, "README.md": readme})
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    assert sorted(trip.written(root)) == ["evaluate.py", "seeding.py", "stats.py"]
    assert run(root, "evaluate.py") == run(root, "stats.py")


def test_a_notebook_is_named_in_a_note_not_edited(tmp_path: Path) -> None:
    cell: dict[str, object] = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": ["import numpy as np\n", "print(np.random.rand(3))\n"],
    }
    notebook = {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    root = repo_of(tmp_path, {"explore.ipynb": json.dumps(notebook, indent=1) + "\n"})
    trip = round_trip(root, {"REPRO001"})
    assert trip.status("REPRO001", trip.before) is Status.FAIL
    assert trip.plan.changes == ()
    (proposal,) = trip.plan.proposals
    assert proposal.notes == (
        "explore.ipynb: a notebook is not edited; seed NumPy in its first cell",
    )


def test_vendored_code_is_never_edited(tmp_path: Path) -> None:
    """REPRO001 judges the author's code only; its fixer edits nothing else."""
    vendored = NUMPY_MAIN.replace("Bootstrap a mean.", "Someone else's demo.")
    readme = "# Stats\n\nRun `python stats.py` or `python third_party/demo/run.py`.\n"
    files = {"stats.py": NUMPY_MAIN, "third_party/demo/run.py": vendored, "README.md": readme}
    root = repo_of(tmp_path, files)
    trip = round_trip(root, {"REPRO001"})
    check_trip(trip, root, ("REPRO001",))
    assert sorted(trip.written(root)) == ["seeding.py", "stats.py"]
    assert (root / "third_party/demo/run.py").read_text(encoding="utf-8") == vendored
