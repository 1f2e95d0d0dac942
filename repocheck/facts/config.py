"""The analyzed repository's own repocheck settings: ``.repocheck.toml`` or ``[tool.repocheck]``."""

from __future__ import annotations

import dataclasses
import math
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from repocheck.facts.files import NotRead, read_regular
from repocheck.facts.inventory import MAX_TEXT_BYTES
from repocheck.facts.snapshot import RepoConfig

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(Exception):
    """The repo's repocheck settings are invalid; the message says which key."""

    pass


def _read_toml(path: Path) -> dict[str, Any] | None:
    """The TOML file at ``path``; None when there is no regular file there.

    A symlinked config could point anywhere on the reviewer's disk, a FIFO would block: only
    a regular file is read, and only up to MAX_TEXT_BYTES (a larger one is left out like any
    other file over the cap, and the inventory notes it).
    """
    try:
        data = read_regular(path.parent, path.name, MAX_TEXT_BYTES)
    except (NotRead, OSError):
        return None
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path.name} is not valid TOML: {exc}") from exc


def _table(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"'{key}' must be a table of RULE = value")
    return value


#: The largest weight a configuration may give a rule (the catalogue's are 1 to 3): far above
#: any sensible emphasis, far below where sums of weights could overflow.
MAX_WEIGHT = 100.0


def number_in_range(value: object, key: str, low: float, high: float) -> float:
    """``value`` as a float when it is a finite number from ``low`` to ``high``.

    TOML allows ``inf`` and ``nan``; they would crash the scoring or write NaN into JSON.
    Raises ConfigError naming ``key`` otherwise.
    """
    number = (
        float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    )
    if number is None or not math.isfinite(number) or not low <= number <= high:
        raise ConfigError(f"'{key}' must be a number from {low:g} to {high:g}, not {value!r}")
    return number


def config_from_mapping(raw: dict[str, Any], source: str) -> RepoConfig:
    """Validate a ``[tool.repocheck]`` table; raises ConfigError with a one-line reason."""
    ignore = {str(k).upper(): str(v) for k, v in _table(raw, "ignore").items()}
    weights = {
        str(rule_id).upper(): number_in_range(weight, f"weights.{rule_id}", 0, MAX_WEIGHT)
        for rule_id, weight in _table(raw, "weights").items()
    }
    exclude = raw.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise ConfigError("'exclude' must be a list of glob strings")
    key = "fail-under" if "fail-under" in raw else "fail_under"
    fail_under = raw.get(key)
    return RepoConfig(
        source,
        ignore,
        weights,
        tuple(exclude),
        number_in_range(fail_under, key, 0, 100) if fail_under is not None else None,
    )


def overlay(
    base: RepoConfig,
    *,
    exclude: Iterable[str] = (),
    ignore: Mapping[str, str] | None = None,
    weights: Mapping[str, float] | None = None,
    fail_under: float | None = None,
) -> RepoConfig:
    """``base`` with settings from the command line or a reviewer on top: theirs win."""
    return dataclasses.replace(
        base,
        exclude=base.exclude + tuple(exclude),
        ignore={**base.ignore, **{k.upper(): v for k, v in (ignore or {}).items()}},
        weights={**base.weights, **{k.upper(): v for k, v in (weights or {}).items()}},
        fail_under=fail_under if fail_under is not None else base.fail_under,
    )


def ignored_on_command_line(rule_ids: Iterable[str]) -> dict[str, str]:
    """``--ignore ID`` flags as the ignore table of a configuration, with their reason."""
    return {rule_id.upper(): "ignored on the command line" for rule_id in rule_ids}


def load_repo_config(root: Path, explicit: Path | None = None) -> RepoConfig:
    """Read the first config found: an explicit file, ``.repocheck.toml``, then pyproject."""
    if explicit is not None:
        data = _read_toml(explicit)
        if data is None:
            raise ConfigError(f"config file {explicit} does not exist")
        table = data.get("tool", {}).get("repocheck", data)
        return config_from_mapping(table, str(explicit))
    dedicated = _read_toml(root / ".repocheck.toml")
    if dedicated is not None:
        return config_from_mapping(dedicated, ".repocheck.toml")
    pyproject = _read_toml(root / "pyproject.toml")
    if pyproject is not None:
        table = pyproject.get("tool", {}).get("repocheck")
        if isinstance(table, dict):
            return config_from_mapping(table, "pyproject.toml [tool.repocheck]")
    return RepoConfig()
