"""REPRO005 on a second drive as the Linux desktop mounts it for one user: udisks puts a
drive labelled "ACER DATA1" at ``/media/<user>/ACER DATA1`` (``/run/media/<user>/...`` on
Fedora and Arch), a folder no other machine has."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

# Split so this file does not hold the paths it tests for.
MEDIA = "/me" + "dia/"
RUN_MEDIA = "/run" + MEDIA


def test_repro005_finds_a_drive_mounted_for_one_user() -> None:
    code = (
        "from torchvision.datasets import ImageFolder\n"
        f"data_path = '{MEDIA}iitp/ACER DATA1/cityscapes'\n"
        f'STORE = "{RUN_MEDIA}jcarnero/linux-data"\n'
        "ds = ImageFolder(data_path)\n"
    )
    result = check("REPRO005", snapshot_from({"data.py": code}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("data.py", 2), ("data.py", 3)]


def test_repro005_a_media_url_or_folder_of_the_project_is_no_drive() -> None:
    # A web route, a URL's path, a relative folder and the bare mount point are not one
    # person's drive.
    code = (
        f"MEDIA_URL = '{MEDIA}'\n"
        f"url = 'https://static.example.com{MEDIA}research/paper.pdf'\n"
        f"out = 'static{MEDIA}plots/loss.png'\n"
        f"route = '{MEDIA}<path:filename>'\n"
        f"poster = '{MEDIA}uploads/posters/x.png'\n"
        f"avatar = '{MEDIA}profile_pics/default.jpg'\n"
    )
    result = check("REPRO005", snapshot_from({"app.py": code}))
    assert result.status is Status.PASS


def test_repro005_a_fragment_added_after_a_path_is_no_path_of_its_own() -> None:
    # config.py builds DATA_PATH as the drive path + "/kaggle/" + the competition: that
    # "/kaggle/" is a folder on the author's drive, not Kaggle's mount.
    kaggle = "/kag" + "gle/"
    code = (
        f'DATA_STORAGE_PATH = "{RUN_MEDIA}jcarnero/linux-data"\n'
        f'DATA_PATH = DATA_STORAGE_PATH + "{kaggle}" + "playground"\n'
    )
    result = check("REPRO005", snapshot_from({"config.py": code}))
    assert [(e.path, e.line) for e in result.evidence] == [("config.py", 1)]
    # Written as a path of its own, it is Kaggle's.
    alone = check("REPRO005", snapshot_from({"k.py": f'DATA = "{kaggle}input/train.csv"\n'}))
    assert alone.status is Status.WARN
