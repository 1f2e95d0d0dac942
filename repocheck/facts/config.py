"""The analyzed repository's own repocheck settings: ``.repocheck.toml`` or ``[tool.repocheck]``."""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from repocheck.catalogue import UnknownRule, did_you_mean, load_catalogue
from repocheck.facts.files import NotRead, read_regular
from repocheck.facts.inventory import MAX_TEXT_BYTES
from repocheck.facts.patterns import usable_pattern
from repocheck.facts.snapshot import RepoConfig
from repocheck.facts.toml_text import TomlError, parse_toml


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
        return parse_toml(data.decode("utf-8"))
    except (UnicodeDecodeError, TomlError) as exc:
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


#: Every key of ``[tool.repocheck]``; ``fail_under`` is the older spelling of ``fail-under``.
KNOWN_KEYS = ("fail-under", "exclude", "ignore", "weights", "select", "per-path-ignores")
_ALIASES = {"fail_under": "fail-under"}


def _check_keys(raw: dict[str, Any]) -> None:
    for key in raw:
        if key in KNOWN_KEYS or key in _ALIASES:
            continue
        close = difflib.get_close_matches(str(key), KNOWN_KEYS, n=1, cutoff=0.6)
        raise ConfigError(f"unknown key {key!r}{did_you_mean(close)}")


def rule_ids(name: object, where: str, *, families: bool = True) -> tuple[str, ...]:
    """The IDs of the rules ``name`` stands for (an ID, a slug, with ``families`` a family such as
    ``TEST``); raises ConfigError naming ``where`` and the closest names when it names none."""
    catalogue = load_catalogue()
    try:
        return tuple(meta.id for meta in catalogue.resolve(str(name), categories=families))
    except UnknownRule as exc:
        message = str(exc)
    if not families and _is_family(str(name)):
        message = f"{name!r} is a family; name its rules one by one"
    raise ConfigError(f"{where}: {message}")


def _is_family(name: str) -> bool:
    try:
        return len(load_catalogue().resolve(name)) > 1
    except UnknownRule:
        return False


def checked_patterns(patterns: Iterable[str], key: str) -> tuple[str, ...]:
    """``patterns`` when gitignore (pathspec) accepts each; ConfigError naming the first it
    refuses otherwise, so that a bad pattern is a config error, not a crash mid-analysis."""
    found = tuple(patterns)
    if not found:
        return found  # the usual case: no need to import pathspec to check nothing
    for pattern in found:
        if not usable_pattern(pattern):
            raise ConfigError(f"{key}: {pattern!r} is not a gitignore-style pattern")
    return found


def _names(value: object, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise ConfigError(f"'{key}' must be a list of rule IDs, slugs or families (TEST, ...)")
    return value


def selection(names: Iterable[str], where: str) -> frozenset[str]:
    """The IDs of the rules ``--select`` or ``select`` names."""
    return frozenset(rule_id for name in names for rule_id in rule_ids(name, where))


def _per_path_ignores(raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    table = _table(raw, "per-path-ignores")
    checked_patterns(map(str, table), "per-path-ignores")
    return {
        str(pattern): tuple(
            rule_id
            for name in _names(names, f"per-path-ignores.{pattern}")
            for rule_id in rule_ids(name, f"per-path-ignores.{pattern}")
        )
        for pattern, names in table.items()
    }


def config_from_mapping(raw: dict[str, Any], source: str) -> RepoConfig:
    """Validate a ``[tool.repocheck]`` table; raises ConfigError with a one-line reason.

    Unknown keys and names that are no rule are errors, with the closest known name: a typo
    that silently did nothing would leave a rule scored that the author meant to ignore.
    """
    try:
        return _validated(raw, source)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def _validated(raw: dict[str, Any], source: str) -> RepoConfig:
    _check_keys(raw)
    ignore = {
        rule_id: str(reason)
        for name, reason in _table(raw, "ignore").items()
        for rule_id in rule_ids(name, "ignore")
    }
    weights = {
        rule_ids(name, "weights", families=False)[0]: number_in_range(
            weight, f"weights.{name}", 0, MAX_WEIGHT
        )
        for name, weight in _table(raw, "weights").items()
    }
    exclude = raw.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        raise ConfigError("'exclude' must be a list of glob strings")
    key = "fail-under" if "fail-under" in raw else "fail_under"
    fail_under = raw.get(key)
    selected = _names(raw["select"], "select") if "select" in raw else None
    if selected == []:
        raise ConfigError("'select' is empty: leave it out to run every rule")
    return RepoConfig(
        source,
        ignore,
        weights,
        checked_patterns(exclude, "exclude"),
        number_in_range(fail_under, key, 0, 100) if fail_under is not None else None,
        select=None if selected is None else selection(selected, "select"),
        selected_by=tuple(selected or ()),
        per_path_ignores=_per_path_ignores(raw),
    )


def overlay(
    base: RepoConfig,
    *,
    exclude: Iterable[str] = (),
    ignore: Mapping[str, str] | None = None,
    weights: Mapping[str, float] | None = None,
    fail_under: float | None = None,
    select: Iterable[str] = (),
    per_path_ignores: Mapping[str, tuple[str, ...]] | None = None,
) -> RepoConfig:
    """``base`` with settings from the command line or a reviewer on top: theirs win.

    ``select`` names rules, slugs or families; given, it replaces the base's selection.
    """
    names = tuple(select)
    return dataclasses.replace(
        base,
        exclude=base.exclude + checked_patterns(exclude, "--exclude"),
        ignore={**base.ignore, **{k.upper(): v for k, v in (ignore or {}).items()}},
        weights={**base.weights, **{k.upper(): v for k, v in (weights or {}).items()}},
        fail_under=fail_under if fail_under is not None else base.fail_under,
        select=selection(names, "--select") if names else base.select,
        selected_by=names or base.selected_by,
        per_path_ignores={**base.per_path_ignores, **(per_path_ignores or {})},
    )


def ignored_on_command_line(names: Iterable[str]) -> dict[str, str]:
    """``--ignore NAME`` flags (IDs, slugs, families) as an ignore table, with their reason."""
    return {
        rule_id: "ignored on the command line"
        for name in names
        for rule_id in rule_ids(name, "--ignore")
    }


def _mentions_repocheck(path: Path) -> bool:
    """Whether the file's text names a ``[tool.repocheck]`` table (read as bytes: it may not
    even be UTF-8)."""
    try:
        return b"tool.repocheck" in read_regular(path.parent, path.name, MAX_TEXT_BYTES)
    except (NotRead, OSError):
        return False


def load_repo_config(root: Path, explicit: Path | None = None) -> RepoConfig:
    """Read the first config found: an explicit file, ``.repocheck.toml``, then pyproject."""
    if explicit is not None:
        data = _read_toml(explicit)
        if data is None:
            raise ConfigError(f"config file {explicit} does not exist")
        # A pyproject.toml given as --config: only its [tool.repocheck] table is ours.
        tools = data.get("tool")
        table = tools.get("repocheck", {}) if isinstance(tools, dict) else data
        if not isinstance(table, dict):
            raise ConfigError(f"{explicit}: [tool.repocheck] must be a table")
        return config_from_mapping(table, str(explicit))
    dedicated = _read_toml(root / ".repocheck.toml")
    if dedicated is not None:
        # The keys belong at the top, but a [tool.repocheck] copied from pyproject.toml is
        # plainly meant the same way.
        nested = dedicated.get("tool")
        if set(dedicated) == {"tool"} and isinstance(nested, dict):
            table = nested.get("repocheck")
            dedicated = table if isinstance(table, dict) else dedicated
        return config_from_mapping(dedicated, ".repocheck.toml")
    try:
        pyproject = _read_toml(root / "pyproject.toml")
    except ConfigError as exc:
        if _mentions_repocheck(root / "pyproject.toml"):
            raise  # settings meant for repocheck that cannot be read: say so, as ruff does
        # A project's broken packaging file is the project's business (and a finding for the
        # reviewer), not a reason to refuse to analyze it.
        return RepoConfig(notes=(f"{exc}: no [tool.repocheck] settings read from it",))
    if pyproject is not None:
        tools = pyproject.get("tool")
        table = tools.get("repocheck") if isinstance(tools, dict) else None
        if isinstance(table, dict):
            return config_from_mapping(table, "pyproject.toml [tool.repocheck]")
        if table is not None:
            raise ConfigError("pyproject.toml: tool.repocheck must be a table")
    return RepoConfig()
