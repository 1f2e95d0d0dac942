"""SANITY004 on a validation loss read from a torchvision detection model.

torchvision's Faster R-CNN, RetinaNet and SSD return their dict of losses only in train mode
(in eval mode ``model(images, targets)`` returns detections), so a ``val_one_epoch`` that sums
``loss_dict.values()`` under ``torch.no_grad()`` keeps the model in train mode on purpose, and
"call model.eval() first" would break it. Their backbones' batch norm is frozen."""

from __future__ import annotations

from textwrap import dedent

from repocheck.model import Result
from tests.helpers import check, snapshot_from

MODEL = """\
import torchvision
from torchvision.models.detection.faster_rcnn import FastRCNNPredictor


def create_model(num_classes):
    model = torchvision.models.detection.fasterrcnn_resnet50_fpn(weights="DEFAULT")
    in_features = model.roi_heads.box_predictor.cls_score.in_features
    model.roi_heads.box_predictor = FastRCNNPredictor(in_features, num_classes)
    return model
"""

ENGINE = """\
import torch


def train_one_epoch(model, loader, optimizer):
    for images, targets in loader:
        loss_dict = model(images, targets)
        loss = sum(v for v in loss_dict.values())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


@torch.inference_mode()
def val_one_epoch(model, val_dl):
    total = 0.0
    for images, targets in val_dl:
        {validation}
    return total
"""

MAIN = """\
import torch
from torch.utils.data import DataLoader

from engine import train_one_epoch, val_one_epoch
from model import create_model

if __name__ == "__main__":
    torch.manual_seed(0)
    model = create_model(3)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for epoch in range(10):
        train_one_epoch(model, DataLoader([], batch_size=2, shuffle=True), optimizer)
        print(val_one_epoch(model, DataLoader([], batch_size=2)))
"""

LOSSES = """loss_dict = model(images, targets)
        total += sum(loss for loss in loss_dict.values()).item()"""
NAMED_LOSS = """losses = model(images, targets)
        total += losses["loss_classifier"].item()"""
DETECTIONS = """outputs = model(images)
        total += len(outputs[0]["boxes"])"""


def run(validation: str, model: str = MODEL) -> Result:
    files = {
        "model.py": model,
        "engine.py": ENGINE.format(validation=validation),
        "main.py": MAIN,
    }
    return check("SANITY004", snapshot_from({name: dedent(text) for name, text in files.items()}))


def test_sanity004_a_detection_models_validation_loss_needs_train_mode() -> None:
    result = run(LOSSES)
    assert result.metrics.get("eval_in_train_mode", 0) == 0, result.evidence
    assert result.status == "pass", result.evidence


def test_sanity004_a_detection_loss_read_by_its_name_needs_train_mode_too() -> None:
    result = run(NAMED_LOSS)
    assert result.metrics.get("eval_in_train_mode", 0) == 0, result.evidence


def test_sanity004_a_detection_model_called_by_its_path_is_one_too() -> None:
    by_path = MODEL.replace(
        "from torchvision.models.detection.faster_rcnn import FastRCNNPredictor\n", ""
    ).replace("FastRCNNPredictor(", "torchvision.models.detection.faster_rcnn.FastRCNNPredictor(")
    assert "from torchvision.models" not in by_path
    result = run(LOSSES, model=by_path)
    assert result.metrics.get("eval_in_train_mode", 0) == 0, result.evidence


def test_sanity004_detections_scored_in_train_mode_still_need_eval() -> None:
    # Predicting boxes (no targets) in train mode is the mistake: eval mode returns them.
    result = run(DETECTIONS)
    assert result.metrics.get("eval_in_train_mode") == 1, result.evidence


def test_sanity004_a_loss_dict_from_another_model_still_needs_eval() -> None:
    # Without torchvision's detection models, a dict of losses says nothing about the mode.
    other = """\
from torch import nn


def create_model(num_classes):
    return nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, num_classes))
"""
    result = run(LOSSES, model=other)
    assert result.metrics.get("eval_in_train_mode") == 1, result.evidence
