"""Requirements as written: PEP 508 strings, pip requirements files, and what a repository
declares in all its dependency files together.

packaging loads on first use: a run that never reads a requirement does not pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from repocheck.rules._distributions import canonicalize_name

_PINNED_URL = re.compile(r"@[0-9a-f]{7,40}\b|\.(whl|tar\.gz|zip)$")


@dataclass(frozen=True)
class Declared:
    """One declared requirement: where it is written, its canonical name, whether it is exact."""

    path: str
    line: int | None
    name: str
    text: str
    pinned: bool


@dataclass
class Dependencies:
    """Everything the repository declares about its dependencies."""

    entries: list[Declared] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # declaration files, even empty ones
    opaque: list[str] = field(default_factory=list)  # computed lists no static read can see
    locks: list[str] = field(default_factory=list)

    @property
    def names(self) -> frozenset[str]:
        """Canonical names of every declared distribution."""
        return frozenset(entry.name for entry in self.entries)

    def add(self, path: str, entries: Iterable[Declared]) -> None:
        """Record a dependency declaration file and what it declares (maybe nothing)."""
        self.entries.extend(entries)
        if path not in self.files:
            self.files.append(path)


def line_of(text: str, needle: str) -> int | None:
    """1-based number of the first line containing ``needle`` (None when absent)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines of a requirements file with ``\\`` continuations joined and comments cut."""
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        line = re.split(r"(^|\s)#", raw, maxsplit=1)[0].rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, (pending + line).strip()
        pending = ""
    if pending.strip():
        yield start, pending.strip()


def parse_pep508(text: str) -> tuple[str, bool] | None:
    """(canonical name, pinned) of one requirement string; None for options, paths and URLs."""
    from packaging.requirements import InvalidRequirement, Requirement

    text = text.split(" --", 1)[0].split(" -", 1)[0].strip()  # trailing --hash=... options
    if not text or text.startswith(("-", ".", "/")) or re.match(r"^\w[\w+.-]*://", text):
        return None
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    if requirement.url:
        return canonicalize_name(requirement.name), bool(_PINNED_URL.search(requirement.url))
    pinned = any(
        spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*"))
        for spec in requirement.specifier
    )
    return canonicalize_name(requirement.name), pinned


def parse_requirements(path: str, text: str) -> list[Declared]:
    """Requirements of a pip requirements file; ``-r``, ``-e``, options and URLs are skipped."""
    declared = []
    for number, line in _logical_lines(text):
        parsed = parse_pep508(line)
        if parsed:
            shown = line.split(" --", 1)[0].strip()  # without the --hash=... tail
            declared.append(Declared(path, number, parsed[0], shown, parsed[1]))
    return declared


def from_strings(path: str, text: str, items: object) -> list[Declared]:
    """The requirements of a list of PEP 508 strings read from a structured file (TOML, YAML,
    setup.cfg), each found at the first line of ``text`` that holds it."""
    declared = []
    for item in items if isinstance(items, list) else []:
        parsed = parse_pep508(item) if isinstance(item, str) else None
        if parsed:
            declared.append(Declared(path, line_of(text, item), parsed[0], item, parsed[1]))
    return declared
