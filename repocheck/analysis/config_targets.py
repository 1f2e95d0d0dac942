"""What the committed configs build by name: Hydra's ``_target_`` keys.

``hydra.utils.instantiate(cfg.model)`` builds the class that ``configs/model/*.yaml`` names in
``_target_: src.models.mnist_module.MNISTLitModule``; no Python names it, so without the
config a call graph stops at ``instantiate`` and a Lightning-Hydra project's model, data
module and callbacks look unreached. Every ``_target_`` of every config counts, not only those
the ``defaults:`` list picks: a run picks its groups on the command line, and each config
committed is one a run may use. A call naming its config by key (``cfg.model``,
``cfg["data"]``) builds what the configs hold under that key: the files of the config group
of that name (``configs/model/*.yaml``) and the values of that key in any config, with every
``_target_`` nested in them, as ``instantiate`` builds recursively.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.config_values import config_documents
from repocheck.facts.snapshot import Snapshot

#: Hydra's (and OmegaConf-based tools') key naming what to build.
TARGET_KEY = "_target_"
_MAX_DEPTH = 12


@dataclass(frozen=True)
class ConfiguredTargets:
    """The dotted names the configs give ``_target_``: all of them, in file order, and by
    the key (a config group's folder, or a key of a config) they sit under."""

    every: tuple[str, ...] = ()
    by_key: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def under(self, key: str | None) -> tuple[str, ...]:
        """What a call building the config under ``key`` may build: what the configs hold
        there, or everything where the key holds none (a loop variable, a whole config)."""
        return self.by_key.get(key, self.every) if key else self.every


@per_object
def configured_targets(snapshot: Snapshot) -> ConfiguredTargets:
    """Every ``_target_`` of the committed YAML configs, and by key (:class:`ConfiguredTargets`)."""
    every: dict[str, None] = {}
    by_key: dict[str, dict[str, None]] = {}
    for path, data in config_documents(snapshot):
        found: dict[str, None] = {}
        _collect(data, found, by_key, 0)
        group = PurePosixPath(path).parent.name
        if group and found:
            by_key.setdefault(group, {}).update(found)
        every.update(found)
    return ConfiguredTargets(tuple(every), {key: tuple(names) for key, names in by_key.items()})


def _collect(
    data: object, found: dict[str, None], by_key: dict[str, dict[str, None]], depth: int
) -> None:
    """The targets within ``data`` into ``found``; those under each key also by that key."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if key == TARGET_KEY and isinstance(value, str) and value.strip():
                found.setdefault(value.strip(), None)
            elif isinstance(value, (dict, list)):
                inner: dict[str, None] = {}
                _collect(value, inner, by_key, depth + 1)
                if inner and isinstance(key, str):
                    by_key.setdefault(key, {}).update(inner)
                found.update(inner)
    elif isinstance(data, list):
        for item in data:
            _collect(item, found, by_key, depth + 1)
