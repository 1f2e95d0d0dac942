"""Settings a committed config gives the object it builds: numeric guards (SANITY002) and
deterministic kernels (REPRO002).

A Lightning-Hydra project builds its trainer from ``configs/trainer/default.yaml``
(``_target_: lightning.Trainer`` with ``gradient_clip_val: 1.0``) through
``hydra.utils.instantiate``; no Python call carries the keyword, yet every step is clipped.
A setting counts where the mapping holding it is built (it has a ``_target_``) or is a
trainer's (an experiment's ``trainer:`` override, merged into the trainer's config); the
same key elsewhere (a notes section, a logged dict) configures nothing. A value that turns
the guard off (null, 0, false) or that only a run fills in (``${...}``) is no guard.
"""

from __future__ import annotations

from collections.abc import Callable

from repocheck.analysis.cache import per_object
from repocheck.analysis.config_targets import TARGET_KEY
from repocheck.analysis.config_values import config_documents, mappings
from repocheck.facts.snapshot import Snapshot

#: The trainer and optimizer arguments that guard the steps, by the guard they are: given in
#: a call (SANITY002 reads them there too) or in the config that builds the object.
GUARD_KEYWORDS = {
    "gradient_clip_val": "gradient clipping",
    "clipnorm": "gradient clipping",
    "clipvalue": "gradient clipping",
    "global_clipnorm": "gradient clipping",
    "max_grad_norm": "gradient clipping",
    # MXNet's optimizers: Adam(clip_gradient=5.0), or a Gluon Trainer's optimizer_params.
    "clip_gradient": "gradient clipping",
    "detect_anomaly": "anomaly detection",
}
_TRAINER_KEYS = frozenset({"trainer"})


@per_object
def config_guards(snapshot: Snapshot) -> tuple[tuple[str, int | None, str, str], ...]:
    """(path, line, guard kind, key) of each guard a committed YAML config sets on what it
    builds, in path order."""
    return tuple(
        (path, line, GUARD_KEYWORDS[key], key)
        for path, line, key in settings_on_built(snapshot, _guard_on)
    )


@per_object
def config_switches(snapshot: Snapshot) -> tuple[tuple[str, int | None, str], ...]:
    """(path, line, key) of each ``deterministic: true`` (or ``"warn"``) a committed config
    gives the trainer it builds: Lightning's switch for deterministic algorithms."""
    return settings_on_built(snapshot, _determinism_on)


def _guard_on(key: str, value: object) -> bool:
    if key not in GUARD_KEYWORDS:
        return False
    if isinstance(value, bool):
        return value and key == "detect_anomaly"
    return isinstance(value, (int, float)) and value > 0


def _determinism_on(key: str, value: object) -> bool:
    return key == "deterministic" and (value is True or value == "warn")


@per_object
def settings_on_built(
    snapshot: Snapshot, switched_on: Callable[[str, object], bool]
) -> tuple[tuple[str, int | None, str], ...]:
    """(path, line, key) of each key a committed YAML config sets, turned on as
    ``switched_on`` says, in a mapping that is built (it has a ``_target_``) or is a trainer's
    (an experiment's ``trainer:`` override), in path order."""
    found: list[tuple[str, int | None, str]] = []
    for path, data in config_documents(snapshot):
        keys: dict[str, None] = {}
        for above, mapping in mappings(data):
            if above in _TRAINER_KEYS or TARGET_KEY in mapping:
                keys.update(
                    (key, None)
                    for key, value in mapping.items()
                    if isinstance(key, str) and switched_on(key, value)
                )
        lines = snapshot.texts[path].splitlines()
        found.extend((path, _line_of(lines, key), key) for key in keys)
    return tuple(found)


def _line_of(lines: list[str], key: str) -> int | None:
    """The first line setting ``key`` (``key:`` or ``key :``), 1-based."""
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if text.startswith(key) and text[len(key) :].lstrip().startswith(":"):
            return number
    return None
