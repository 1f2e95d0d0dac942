"""Random inputs drawn only to measure a shape, read where the draw is moved to a device or
drawn again in another branch of the same probe."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

PROBE = """\
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
try:
    model = nn.Flatten().to(device)
    test_input = torch.randn(4, 3, 299, 299).to(device)
    output = model(test_input)
    print(f"output shape: {output.shape}")
except Exception as e:
    print(e)
    model = nn.Identity().to(device)
    test_input = torch.randn(4, 3, 299, 299).to(device)
    output = model(test_input)
    print(f"output shape: {output.shape}")
"""


def test_a_probe_moved_to_the_device_and_drawn_again_in_the_fallback_is_only_measured() -> None:
    result = check("REPRO001", snapshot_from({"probe.py": PROBE}))
    assert result.status is Status.SKIP, result.evidence


def test_a_probe_whose_output_is_used_still_counts() -> None:
    used = PROBE + "print(output)\n"
    result = check("REPRO001", snapshot_from({"probe.py": used}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [7, 13]


def test_a_probe_name_rebound_to_real_data_still_counts() -> None:
    # Rebound to something that is not a draw: the later value may be what is measured.
    rebound = PROBE + "test_input = torch.load('x.pt')\nprint(model(test_input))\n"
    result = check("REPRO001", snapshot_from({"probe.py": rebound}))
    assert result.status is Status.FAIL
