"""Functions no entry point runs are summarised only when one may be an idle seeding helper."""

from __future__ import annotations

from repocheck.analysis.seed_paths import path_randomness
from repocheck.analysis.seeding import referenced_names
from tests.helpers import snapshot_from

TRAIN = "import torch\n\nx = torch.randn(3)\n"
HELPERS = (
    "import torch\n\n"
    "def draw():\n    return torch.rand(2)\n\n"
    "def named_seed(s):\n    torch.manual_seed(s)\n\n"
    "ALIAS = named_seed\n"
)
LONELY = "\ndef lonely(s):\n    torch.manual_seed(s)\n"


def test_no_unreached_function_is_summarised_without_a_possible_idle_helper() -> None:
    snapshot = snapshot_from({"train.py": TRAIN, "helpers.py": HELPERS})
    paths = path_randomness(snapshot)
    # named_seed seeds torch and nothing runs it, but code names it: it is no idle helper.
    assert paths.idle_seeders({"torch"}, referenced_names(snapshot)) == []
    assert "unreached" not in vars(paths)


def test_an_unnamed_seeding_function_is_summarised() -> None:
    snapshot = snapshot_from({"train.py": TRAIN, "helpers.py": HELPERS + LONELY})
    paths = path_randomness(snapshot)
    found = paths.idle_seeders({"torch"}, referenced_names(snapshot))
    assert [function.key for function, _ in found] == ["helpers.lonely"]
    # torch.manual_seed seeds torch, and a DeepXDE network running on PyTorch with it.
    assert sorted(found[0][1].seeds) == ["deepxde", "torch"]
    # A library it does not seed asks for nothing.
    assert path_randomness(snapshot).idle_seeders({"numpy"}, referenced_names(snapshot)) == []
