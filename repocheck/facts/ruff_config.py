"""What repocheck tells ruff about a repository, read from the repository's own files only.

Every ruff run is ``--isolated``: ruff reads no configuration file at all, so a symlinked
``ruff.toml`` or an ``extend = "/elsewhere"`` cannot make it read a file outside the repository.
repocheck reads the root's ``.ruff.toml``, ``ruff.toml`` or ``pyproject.toml`` itself, from the
inventory's texts (symlinks are never read there), and hands ruff the settings it accepts as
``--config`` values: the formatter's style, checked value by value, and, for the unscored
own-config count, the repository's lint settings without the keys that name other files.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from repocheck.facts.python_target import PythonTarget, declared_target, ruff_table, toml_of
from repocheck.facts.toml_text import table_at

#: Keys of a ruff config kept for the own-config run.
OWN_KEYS = frozenset(
    {
        "line-length",
        "indent-width",
        "target-version",
        "preview",
        "builtins",
        "lint",
    }
)
#: Keys ruff knows that are left out: they name other files or folders (``extend``, ``src``,
#: ``cache-dir``), choose files, or change what ruff does (fixes, output) rather than what it
#: reports; ``required-version`` pins the ruff a project uses, and the count is worth having
#: with the ruff repocheck pins. Any other key is one ruff would refuse, and a note says so.
OTHER_RUFF_KEYS = frozenset(
    {
        "analyze",
        "cache-dir",
        "exclude",
        "extend",
        "extend-exclude",
        "extend-include",
        "fix",
        "fix-only",
        "force-exclude",
        "format",
        "include",
        "namespace-packages",
        "output-format",
        "per-file-target-version",
        "required-version",
        "respect-gitignore",
        "show-fixes",
        "src",
        "unsafe-fixes",
    }
)
#: Lint options ruff still accepts at the top level (deprecated): moved under ``lint``.
LEGACY_LINT_KEYS = frozenset(
    {
        "isort",
        "mccabe",
        "pep8-naming",
        "pycodestyle",
        "pydocstyle",
        "pyflakes",
        "pylint",
        "pyupgrade",
        "select",
        "extend-select",
        "ignore",
        "extend-ignore",
        "per-file-ignores",
        "extend-per-file-ignores",
        "dummy-variable-rgx",
        "allowed-confusables",
        "task-tags",
        "typing-modules",
        "explicit-preview-rules",
        "external",
        "logger-objects",
    }
)
_CHOICES = {
    "format.quote-style": ("single", "double", "preserve"),
    "format.indent-style": ("space", "tab"),
    "format.line-ending": ("auto", "lf", "cr-lf", "native"),
}
_FLAGS = ("format.skip-magic-trailing-comma", "format.docstring-code-format")
_RANGES = {"line-length": (1, 320), "indent-width": (1, 16)}
#: A config this long on a command line is not a config a reviewer would read.
MAX_OWN_CONFIG_CHARS = 50_000


@dataclass(frozen=True)
class RuffSettings:
    """The target Python and the settings ruff gets for one repository."""

    target: PythonTarget | None = None
    #: Formatter options in dotted form (``format.quote-style``), each one checked.
    formatter: Mapping[str, object] = field(default_factory=dict)
    #: The repo's own lint settings for the unscored count; None without a ruff config.
    own: Mapping[str, object] | None = None
    #: Where the settings came from, and what was left out of them.
    source: str | None = None
    notes: tuple[str, ...] = ()


def _checked_formatter(flat: Mapping[str, object]) -> tuple[dict[str, object], list[str]]:
    """The formatter options ruff will accept; a value it would reject is left out."""
    kept: dict[str, object] = {}
    dropped = []
    for key, value in flat.items():
        if value is None:
            continue
        low, high = _RANGES.get(key, (0, -1))
        ok = (
            (key in _RANGES and type(value) is int and low <= value <= high)
            or (key in _CHOICES and value in _CHOICES[key])
            or (key in _FLAGS and type(value) is bool)
        )
        if ok:
            kept[key] = value
        else:
            dropped.append(key)
    return kept, dropped


def _formatter_of(
    config: Mapping[str, Any] | None, black: Mapping[str, Any] | None
) -> dict[str, object]:
    """The formatter style a repository declares: ruff's, else black's, else none."""
    if config is not None:
        options = table_at(config, "format")
        flat: dict[str, object] = {
            key: options.get(key.removeprefix("format.")) for key in (*_CHOICES, *_FLAGS)
        }
        flat |= {key: config.get(key) for key in _RANGES}
        return flat
    if black is None:
        # No formatter declared: quotes are a matter of taste, so only layout is judged.
        return {"format.quote-style": "preserve"}
    # A project formatted by black declares black's settings: its style, for ruff's formatter.
    flat = {"line-length": black.get("line-length")}
    if black.get("skip-string-normalization") is True:
        flat["format.quote-style"] = "preserve"
    flat["format.skip-magic-trailing-comma"] = black.get("skip-magic-trailing-comma")
    return flat


def _own_lint(config: Mapping[str, Any]) -> tuple[dict[str, object], list[str]]:
    own = {key: value for key, value in config.items() if key in OWN_KEYS}
    lint = dict(table_at(config, "lint"))
    for key, value in config.items():
        if key in LEGACY_LINT_KEYS or key.startswith("flake8-"):
            lint.setdefault(key, value)
    own["lint"] = lint
    left_out = sorted(key for key in config if key not in own and key not in lint)
    return own, left_out


def read_settings(texts: Mapping[str, str]) -> RuffSettings:
    """The settings for ruff, from the texts the inventory read (never through a symlink)."""
    target = declared_target(texts)
    found = ruff_table(texts)
    black = table_at(toml_of(texts.get("pyproject.toml")), "tool").get("black")
    config = (found[1] if found else None) or {}
    style = _formatter_of(config if found else None, black if isinstance(black, dict) else None)
    formatter, dropped = _checked_formatter(style)
    notes = []
    if dropped:
        where = found[0] if found else "pyproject.toml [tool.black]"
        notes.append(f"{where}: formatter settings ruff would reject were left out: {dropped}")
    own: dict[str, object] | None = None
    if found and found[1] is None:
        notes.append(f"{found[0]}: not valid TOML, its ruff settings were not used")
    elif found:
        own, left_out = _own_lint(config)
        if "extend" in left_out:
            notes.append(
                f"{found[0]}: ruff's extend is not followed; the root settings alone count"
            )
        unknown = [key for key in left_out if key not in OTHER_RUFF_KEYS]
        if unknown:
            notes.append(f"{found[0]}: settings ruff does not know were left out: {unknown}")
        if len(to_toml(own)) > MAX_OWN_CONFIG_CHARS:
            own = None
            notes.append(f"{found[0]}: ruff settings too large, not used")
    return RuffSettings(target, formatter, own, found[0] if found else None, tuple(notes))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return repr(value) if math.isfinite(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, str):
        # JSON's escapes are TOML's, except that TOML also wants DEL escaped.
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        items = (f"{_toml_value(str(key))} = {_toml_value(item)}" for key, item in value.items())
        return "{" + ", ".join(items) + "}"
    raise ValueError(f"not a TOML value: {type(value).__name__}")


def to_toml(options: Mapping[str, object]) -> str:
    """``options`` as a TOML document of dotted keys, for one ``--config`` argument.

    Values come from tomllib, so they are TOML's own types; dates, which ruff never takes,
    are dropped.
    """
    lines = []
    for key, value in options.items():
        try:
            rendered = _toml_value(value)
        except ValueError:
            continue
        dotted = ".".join(_toml_value(part) for part in key.split("."))
        lines.append(f"{dotted} = {rendered}")
    return "\n".join(lines)
