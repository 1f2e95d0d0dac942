"""An Ultralytics model's ``model.train(data=...)`` is a training run: the rules that look
for ML code and for training read it as one, and credit what its trainer does by default."""

from __future__ import annotations

import ast

from repocheck.analysis.ml_names import is_fit, is_train_switch
from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = """\
from ultralytics import YOLO

model = YOLO("yolov8s.pt")
model.train(data="dataset/data.yaml", epochs=50, imgsz=640)
"""
DETECT = """\
import cv2
from ultralytics import YOLO

model = YOLO("runs/detect/train/weights/best.pt")
for result in model(cv2.imread("bin.jpg")):
    print(result.boxes.xyxy)
"""


def _call(code: str) -> ast.Call:
    node = ast.parse(code).body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    return node.value


def test_a_models_train_given_data_or_settings_is_a_training_run() -> None:
    runs = (
        'model.train(data="data.yaml", epochs=50)',
        'YOLO("yolo11n.pt").train(data="coco8.yaml")',
        "model.train(**train_args)",
        "yolo_model.train(epochs=3, imgsz=320)",
    )
    for code in runs:
        assert is_fit(_call(code)) and not is_train_switch(_call(code)), code
    # The mode switch stays one, and a tokenizer's own training is no model's.
    for code in ("model.train()", "model.train(True)", "model.train(mode=False)"):
        assert not is_fit(_call(code)), code
    assert not is_fit(_call("tokenizer.train(files=['corpus.txt'], vocab_size=8000)"))


def test_a_repository_training_yolo_has_ml_code() -> None:
    snapshot = snapshot_from({"train.py": TRAIN, "detect.py": DETECT})
    for rule_id in ("SANITY001", "SANITY002", "SANITY003", "SANITY004"):
        message = check(rule_id, snapshot).message
        assert not message.startswith("no ML code"), (rule_id, message)
    assert check("SANITY004", snapshot).status is Status.PASS


def test_the_trainers_own_clipping_is_a_numeric_guard() -> None:
    result = check("SANITY002", snapshot_from({"train.py": TRAIN}))
    assert result.status is Status.PASS
    assert (result.evidence[0].path, result.evidence[0].line) == ("train.py", 4)
    assert result.evidence[0].snippet.endswith("clips gradients at max_norm=10.0")


def test_settings_typed_into_the_training_run_are_read() -> None:
    result = check("REPRO006", snapshot_from({"train.py": TRAIN}))
    assert result.status is Status.WARN
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 4)]


def test_the_trainer_seeds_its_own_draws() -> None:
    # Ultralytics' trainer seeds torch, numpy and random (seed=0 unless given) before it
    # shuffles and augments: a run that draws, seeded, not "no random number generator".
    result = check("REPRO001", snapshot_from({"train.py": TRAIN}))
    assert result.status is Status.PASS
    assert result.message == "seeded before use: PyTorch (train.py)"


def test_the_trainer_is_deterministic_unless_told_otherwise() -> None:
    # Ultralytics calls torch.use_deterministic_algorithms(True) unless deterministic=False:
    # a PyTorch training run with the switch on, not "no PyTorch training".
    result = check("REPRO002", snapshot_from({"train.py": TRAIN}))
    assert result.status is Status.PASS, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 4)]
    off = TRAIN.replace("imgsz=640)", "imgsz=640, deterministic=False)")
    result = check("REPRO002", snapshot_from({"train.py": off}))
    assert result.status is Status.WARN, result.message
