"""The string values the project's committed YAML configs give each key path.

A trainer that reads its folders from a config (``cfg.LOGGING.logging_dir`` on an EasyDict of
``config.yml``, ``config["output"]["results_dir"]`` on a dict) writes where the committed
config says: the path a reader's run uses. Only key paths two keys deep or more are kept, and
only from YAML files outside a committed environment and CI: ``cfg.save_dir`` alone may be any
object's attribute, while ``LOGGING.logging_dir`` is the config's own shape. A path read this
way is only as sure as the config is the one run; callers use it where a wrong guess costs
little (where the run's files land, for GIT003's advice).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping

from repocheck.analysis.cache import per_object
from repocheck.analysis.environments import in_environment
from repocheck.analysis.imports import constant_of
from repocheck.facts.snapshot import Snapshot
from repocheck.facts.yaml_text import safe_loader
from repocheck.patterns import compile_on_use

#: Key paths shorter than this are not read from configs (see the module's docstring).
MIN_KEYS = 2
_MAX_DEPTH = 8
_MAX_BYTES = 100_000
_SUFFIXES = (".yaml", ".yml")
#: YAML that configures tools, not the project's runs.
_TOOL_FOLDERS = (".github/", ".gitlab/", ".circleci/")

ConfigValues = Mapping[tuple[str, ...], tuple[str, ...]]

#: Stands for a part of a value the configs do not tell; the same mark as path_values.UNKNOWN.
UNKNOWN = "\x00"
#: One OmegaConf interpolation with nothing nested in it: ``${paths.root_path}``,
#: ``${hydra:runtime.cwd}``.
_INTERPOLATION = compile_on_use(r"\$\{([^${}]*)\}")
#: How many references deep an interpolation is followed (a.b -> c.d -> e.f).
_MAX_REFERENCES = 4


@per_object
def config_documents(snapshot: Snapshot) -> tuple[tuple[str, object], ...]:
    """(path, data) of each committed YAML config that parses, in path order; configs of
    tools (CI) and committed environments left out."""
    found: list[tuple[str, object]] = []
    for path in sorted(snapshot.texts):
        if not path.lower().endswith(_SUFFIXES) or path.startswith(_TOOL_FOLDERS):
            continue
        text = snapshot.texts[path]
        if len(text) > _MAX_BYTES or in_environment(snapshot, path):
            continue
        import yaml  # here: a repository without YAML never pays for importing it

        try:
            found.append((path, yaml.load(text, Loader=safe_loader())))
        except (yaml.YAMLError, ValueError, RecursionError):
            continue
    return tuple(found)


@per_object
def config_strings(snapshot: Snapshot) -> ConfigValues:
    """Key path -> the distinct strings the committed YAML configs give it, in file order."""
    found: dict[tuple[str, ...], list[str]] = {}
    every: dict[tuple[str, ...], list[str]] = {}
    for _path, data in config_documents(snapshot):
        _walk(data, (), found, MIN_KEYS)
        _walk(data, (), every, 1)
    known = {keys: tuple(dict.fromkeys(values)) for keys, values in every.items()}
    return {
        keys: tuple(dict.fromkeys(_resolved(value, known, _MAX_REFERENCES) for value in values))
        for keys, values in found.items()
    }


def _resolved(value: str, known: ConfigValues, depth: int) -> str:
    """``value`` with each OmegaConf interpolation replaced by what the configs give the key
    it names (``${paths.root_path}/models``), where they give it one value; a resolver
    (``${hydra:runtime.cwd}``, ``${oc.env:HOME}``), a relative or unheld key, or one
    followed too deep is a part the configs do not tell, and a value that names itself
    (which OmegaConf refuses), or that grows past any path by naming others many times
    over, is not told at all. Never the literal ``${...}``: no run writes into a folder of
    that name."""
    try:
        return _substituted(value, known, depth, frozenset(), [_MAX_SUBSTITUTIONS])
    except _Untold:
        return UNKNOWN


class _Untold(Exception):
    """An interpolation that reaches itself again, or expands past any path."""


#: How many interpolations one value may take in, and how long it may grow: a path is short,
#: and a config whose values name each other many times over would otherwise multiply.
_MAX_SUBSTITUTIONS = 256
_MAX_LENGTH = 4096


def _substituted(
    value: str, known: ConfigValues, depth: int, seen: frozenset[str], budget: list[int]
) -> str:
    if "${" not in value:
        return value
    grown = [0]  # the length the interpolations have put in so far

    def one(match: re.Match[str]) -> str:
        reference = match.group(1).strip()
        budget[0] -= 1
        if reference in seen or budget[0] < 0:
            raise _Untold(reference)
        if depth <= 0 or ":" in reference or not reference or reference.startswith("."):
            return UNKNOWN
        values = known.get(tuple(reference.split(".")), ())
        if len(values) != 1:
            return UNKNOWN
        found = _substituted(values[0], known, depth - 1, seen | {reference}, budget)
        grown[0] += len(found)
        if grown[0] > _MAX_LENGTH:
            raise _Untold(reference)
        return found

    for _ in range(_MAX_REFERENCES):  # inner interpolations first: ${oc.env:A,${b.c}}
        value = _INTERPOLATION.sub(one, value)
        if len(value) > _MAX_LENGTH:
            raise _Untold(value[:20])
        if "${" not in value:
            return value
    return UNKNOWN


#: How deep :func:`mappings` reads a document: configs nest a few levels, not hundreds.
_MAX_MAPPING_DEPTH = 12


def mappings(data: object) -> Iterator[tuple[str | None, dict[object, object]]]:
    """Each mapping of a config document, outermost first, with the key it is the value of
    (None at the top or as an item of a list): the shape that Hydra's ``_target_`` and a
    trainer's settings are read from."""
    yield from _mappings(data, None, 0)


def _mappings(
    data: object, key: str | None, depth: int
) -> Iterator[tuple[str | None, dict[object, object]]]:
    if depth > _MAX_MAPPING_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _mappings(item, None, depth + 1)
    elif isinstance(data, dict):
        yield key, data
        for inner, value in data.items():
            if isinstance(value, (dict, list)):
                yield from _mappings(value, inner if isinstance(inner, str) else None, depth + 1)


def _walk(
    data: object, keys: tuple[str, ...], found: dict[tuple[str, ...], list[str]], least: int
) -> None:
    if len(keys) > _MAX_DEPTH:
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                _walk(value, (*keys, key), found, least)
    elif isinstance(data, str) and len(keys) >= least:
        found.setdefault(keys, []).append(data)


def key_path(node: ast.expr) -> tuple[str, ...]:
    """The keys an access chain reads below the name it starts from, the last read last:
    ``self.cfg.LOGGING.logging_dir`` is (cfg, LOGGING, logging_dir), ``config["output"]["dir"]``
    is (output, dir); ``()`` when a part is neither an attribute nor a string key."""
    keys: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            keys.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            key = constant_of(node.slice)
            if not isinstance(key, str):
                return ()
            keys.append(key)
            node = node.value
        elif isinstance(node, ast.Name):
            return tuple(reversed(keys))
        else:
            return ()


def config_value(keys: tuple[str, ...], configs: ConfigValues) -> tuple[str, ...]:
    """The values of the longest tail of ``keys``, two keys or more, that a config holds
    (``cfg.LOGGING.logging_dir`` reads the config's LOGGING.logging_dir); () when none does."""
    for start in range(len(keys) - MIN_KEYS + 1):
        values = configs.get(keys[start:])
        if values:
            return values
    return ()
