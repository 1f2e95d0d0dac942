"""REPRO002's fixer: PyTorch's deterministic switches in repocheck's own seeding helper,
behind a flag, and never in seeding the project wrote itself."""

from __future__ import annotations

from pathlib import Path

from repocheck.model import Status
from tests.fix.helpers import round_trip
from tests.fix.seeding_repos import (
    PACKAGE_MODEL,
    PACKAGE_TRAIN,
    check_trip,
    repo_of,
    run,
)


def test_package_entry_point_gets_seeding_and_deterministic_switches(tmp_path: Path) -> None:
    files = {
        "tinynet/__init__.py": "",
        "tinynet/model.py": PACKAGE_MODEL,
        "tinynet/train.py": PACKAGE_TRAIN,
    }
    root = repo_of(tmp_path, files)
    trip = round_trip(root, {"REPRO001", "REPRO002"})
    # Nothing seeds torch: REPRO002 waits for REPRO001, whose hint names the pair, as
    # REPRO002's switches go in REPRO001's helper.
    assert trip.status("REPRO002", trip.before) is Status.SKIP
    assert trip.command("REPRO002") is None
    assert trip.command("REPRO001") == "repocheck fix --rule REPRO001 --rule REPRO002"
    check_trip(trip, root, ("REPRO001", "REPRO002"))
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
    first = run(root, "-m", "tinynet.train", "--steps", "2")
    assert first == run(root, "-m", "tinynet.train", "--steps", "2")
    assert first == run(root, "-m", "tinynet.train", "--steps", "2", "--no-deterministic")


def test_repro002_alone_after_repro001_rewrites_only_the_helper_it_wrote(tmp_path: Path) -> None:
    files = {
        "tinynet/__init__.py": "",
        "tinynet/model.py": PACKAGE_MODEL,
        "tinynet/train.py": PACKAGE_TRAIN,
    }
    root = repo_of(tmp_path, files)
    seeded = round_trip(root, {"REPRO001"})
    assert seeded.status("REPRO001") is Status.PASS
    assert "deterministic" not in (root / "tinynet/seeding.py").read_text(encoding="utf-8")
    assert seeded.command("REPRO002", seeded.after) == "repocheck fix --rule REPRO002"
    trip = round_trip(root, {"REPRO002"})
    check_trip(trip, root, ("REPRO002",))
    assert sorted(trip.written(root)) == ["tinynet/seeding.py", "tinynet/train.py"]
    run(root, "-m", "tinynet.train", "--steps", "1")


def test_repro002_leaves_the_projects_own_seeding_alone_and_says_where(tmp_path: Path) -> None:
    seeded = PACKAGE_TRAIN.replace(
        "    args = parse_args()\n",
        "    args = parse_args()\n    np.random.seed(0)\n    torch.manual_seed(0)\n",
    )
    files = {"tinynet/__init__.py": "", "tinynet/model.py": PACKAGE_MODEL}
    root = repo_of(tmp_path, {**files, "tinynet/train.py": seeded})
    trip = round_trip(root, {"REPRO001", "REPRO002"})
    assert trip.status("REPRO001", trip.before) is Status.PASS
    assert trip.status("REPRO002", trip.before) is Status.WARN
    assert trip.command("REPRO002") is None  # no hint where the fix only says where to edit
    assert trip.plan.changes == ()
    (proposal,) = trip.plan.proposals
    assert proposal.notes[0].startswith("nothing edited: the project seeds PyTorch itself")
    assert "(tinynet/train.py:" in proposal.notes[0]


def test_repro002_alone_on_an_unseeded_project_waits_for_repro001(tmp_path: Path) -> None:
    files = {
        "tinynet/__init__.py": "",
        "tinynet/model.py": PACKAGE_MODEL,
        "tinynet/train.py": PACKAGE_TRAIN,
    }
    root = repo_of(tmp_path, files)
    trip = round_trip(root, {"REPRO002"})
    assert trip.status("REPRO002", trip.before) is Status.SKIP
    assert "REPRO001" in trip.before.outcome("REPRO002").result.message
    assert trip.plan.changes == ()
    (proposal,) = trip.plan.proposals
    assert proposal.notes == (
        "nothing edited: REPRO002 is judged once REPRO001's fix is made; run"
        " `repocheck fix --rule REPRO001 --rule REPRO002` to make both",
    )
    # Fixed alone, REPRO001 seeds the run and leaves the switches to REPRO002's own fix.
    seeded = round_trip(root, {"REPRO001"})
    assert "deterministic" not in (root / "tinynet/seeding.py").read_text(encoding="utf-8")
    assert seeded.command("REPRO002", seeded.after) == "repocheck fix --rule REPRO002"
