"""SANITY004: an Ultralytics data.yaml whose val: is its train: reports mAP, and keeps the
best epoch's weights, by images the model learned from."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = """\
from ultralytics import YOLO

model = YOLO("yolov8n.pt")
model.train(data="data.yaml", epochs=50, imgsz=640)
"""
SAME = "train: ../train/images\nval: ../train/images\nnc: 1\nnames: ['helmet']\n"


def test_sanity004_warns_when_the_config_validates_on_the_training_images() -> None:
    files = {"yolo/train.py": TRAIN, "yolo/data.yaml": SAME}
    result = check("SANITY004", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "validation on the training images" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("yolo/train.py", 4)]


def test_sanity004_a_held_out_val_folder_or_an_unknown_config_passes() -> None:
    held_out = SAME.replace("val: ../train/images", "val: ../valid/images")
    files = {"train.py": TRAIN, "data.yaml": held_out}
    assert check("SANITY004", snapshot_from(files)).status is Status.PASS
    # The config is not committed: nothing to read, nothing said.
    assert check("SANITY004", snapshot_from({"train.py": TRAIN})).status is Status.PASS
