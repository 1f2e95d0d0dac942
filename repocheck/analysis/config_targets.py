"""What the committed configs build by name: Hydra's ``_target_`` keys.

``hydra.utils.instantiate(cfg.model)`` builds the class that ``configs/model/*.yaml`` names in
``_target_: src.models.mnist_module.MNISTLitModule``; no Python names it, so without the
config a call graph stops at ``instantiate`` and a Lightning-Hydra project's model, data
module and callbacks look unreached. Every ``_target_`` of every config counts, not only those
the ``defaults:`` list picks: a run picks its groups on the command line, and each config
committed is one a run may use.
"""

from __future__ import annotations

from repocheck.analysis.cache import per_object
from repocheck.analysis.config_values import config_documents
from repocheck.facts.snapshot import Snapshot

#: Hydra's (and OmegaConf-based tools') key naming what to build.
TARGET_KEY = "_target_"
_MAX_DEPTH = 12


@per_object
def configured_targets(snapshot: Snapshot) -> tuple[str, ...]:
    """The dotted names the committed YAML configs give ``_target_``, each once, in file order."""
    found: dict[str, None] = {}
    for _path, data in config_documents(snapshot):
        _collect(data, found, 0)
    return tuple(found)


def _collect(data: object, found: dict[str, None], depth: int) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if key == TARGET_KEY and isinstance(value, str) and value:
                found.setdefault(value.strip(), None)
            else:
                _collect(value, found, depth + 1)
    elif isinstance(data, list):
        for item in data:
            _collect(item, found, depth + 1)
