"""Dataset configs a training call names (SANITY004): an Ultralytics ``data.yaml`` whose
``val:`` is its ``train:``.

``YOLO("yolov8n.pt").train(data="data.yaml")`` reads the image folders from that file and
reports mAP on its ``val`` images after every epoch, keeping the best epoch's weights by it:
with ``val`` the training folder, both the choice and the number come from images the model
learned from. Roboflow exports and hand-written configs both do it when no split was made.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Iterable, Mapping

from repocheck.analysis.ml_code import Code, Finding
from repocheck.analysis.trainer_defaults import ultralytics_runs
from repocheck.facts.yaml_text import safe_loader


def _folders(value: object, root: str) -> frozenset[str] | None:
    """The image folders a ``train:``/``val:`` entry names (one path or a list), normalized
    under the config's ``path:``; None when it names none."""
    paths = []
    for item in value if isinstance(value, list) else [value]:
        if not isinstance(item, str) or not item.strip():
            return None
        joined = posixpath.join(root, item.strip().replace("\\", "/"))
        paths.append(posixpath.normpath(joined).rstrip("/"))
    return frozenset(paths) or None


def validates_on_training_images(text: str) -> bool:
    """True when a dataset config's ``val`` names exactly the folders its ``train`` does."""
    import yaml

    try:
        config = yaml.load(text, Loader=safe_loader())
    except yaml.YAMLError:
        return False
    if not isinstance(config, dict):
        return False
    root = config.get("path")
    root = root.replace("\\", "/") if isinstance(root, str) else ""
    train, val = _folders(config.get("train"), root), _folders(config.get("val"), root)
    return train is not None and train == val


def _config_path(unit_path: str, named: str, texts: Mapping[str, str]) -> str | None:
    """The committed file a ``data=`` string names: beside the script, or from the root."""
    named = named.replace("\\", "/")
    if posixpath.isabs(named):
        return None
    here = posixpath.dirname(unit_path)
    for candidate in (posixpath.join(here, named), named):
        path = posixpath.normpath(candidate)
        if path in texts:
            return path
    return None


def validation_on_training_images(codes: Iterable[Code], texts: Mapping[str, str]) -> list[Finding]:
    """Ultralytics training calls whose ``data=`` config validates on its training images."""
    found = []
    judged: dict[str, bool] = {}
    for unit, call in ultralytics_runs(codes):
        data = next((k.value for k in call.keywords if k.arg == "data"), None)
        if not (isinstance(data, ast.Constant) and isinstance(data.value, str)):
            continue
        if not data.value.endswith((".yaml", ".yml")):
            continue
        path = _config_path(unit.path, data.value, texts)
        if path is None:
            continue
        if path not in judged:
            judged[path] = validates_on_training_images(texts[path])
        if judged[path]:
            fix = f"point {posixpath.basename(path)}'s val: at held-out images"
            found.append(Finding("val-is-train", unit, call.lineno, fix, False))
    return found
