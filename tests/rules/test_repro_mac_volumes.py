"""REPRO005 on a drive as macOS mounts it: an external disk labelled "Betito HDD" appears at
``/Volumes/Betito HDD``, a folder of one person's Mac that no other machine has (the Linux
desktop's ``/media/<user>/<label>`` is in tests/rules/test_repro_mounted_drives.py)."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

# Split so this file does not hold the paths it tests for.
VOLUMES = "/Vol" + "umes/"


def test_repro005_finds_a_drive_mounted_on_a_mac() -> None:
    code = (
        "import os\n"
        f'PATH_TO_PROJECT = "{VOLUMES}Betito HDD/Datasets/calorie-predictor"\n'
        "def dataset_dir(name):\n"
        "    return os.path.join(PATH_TO_PROJECT, name)\n"
    )
    result = check("REPRO005", snapshot_from({"constants.py": code}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("constants.py", 2)]


def test_repro005_a_volumes_folder_that_is_no_mac_drive_passes() -> None:
    # Docker's lowercase volumes folder, a project's own "Volumes" folder and the bare mount
    # point name no one's disk.
    code = (
        'DOCKER = "/var/lib/docker/volumes/pgdata/_data"\n'
        f'OWN = "data{VOLUMES}scan_01.nii"\n'
        f'ROOT = "{VOLUMES}"\n'
    )
    result = check("REPRO005", snapshot_from({"paths.py": code}))
    assert result.status is Status.PASS
