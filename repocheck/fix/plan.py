"""What a fixer proposes, and the workspace the proposals are planned in.

Fixers never touch the disk. They read the repository through the Workspace (the text as the
fixers before them left it) and return whole new texts; the command turns the workspace into
one unified diff and, with ``--write``, writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from repocheck.facts.snapshot import Snapshot
    from repocheck.model import Result
    from repocheck.report import Report

#: Files a fixer reads are capped like the facts layer caps them: a fix never needs more.
READ_CAP = 1_000_000


@dataclass(frozen=True)
class FileChange:
    """One file's new text. ``before`` is None when the file is created."""

    path: str  # repository-relative, POSIX separators
    before: str | None
    after: str


@dataclass(frozen=True)
class Proposal:
    """What one fixer will do for one rule."""

    rule_id: str
    summary: str  # one line: "add a seed_everything() call to train.py"
    changes: tuple[FileChange, ...] = ()
    commands: tuple[str, ...] = ()  # printed for the user, never run
    notes: tuple[str, ...] = ()  # what it could not do, for a human

    @property
    def empty(self) -> bool:
        return not (self.changes or self.commands)


@dataclass(frozen=True)
class FixOptions:
    """The user's choices on the command line that fixers read."""

    license_id: str = "MIT"
    pin_from_env: bool = False
    #: True when the user named the licence (``--license``): it then wins over the default, and
    #: a different licence declared in the package metadata is a conflict to resolve first.
    license_given: bool = False


class Workspace:
    """The repository's text files as the fixers planned so far have left them.

    Reads go through the facts layer's reader (regular files inside the root, no symlinks
    followed, capped); nothing is written until the command writes the final texts.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._original: dict[str, str | None] = {}
        self._planned: dict[str, str] = {}

    def original(self, path: str) -> str | None:
        """The file's text on disk, None when it does not exist (or is not a readable file)."""
        if path not in self._original:
            self._original[path] = _read_text(self.root, path)
        return self._original[path]

    def read(self, path: str) -> str | None:
        """The file's text as planned so far: a fixer after another sees its edits."""
        if path in self._planned:
            return self._planned[path]
        return self.original(path)

    def exists(self, path: str) -> bool:
        return self.read(path) is not None

    def plan(self, change: FileChange) -> None:
        self.original(change.path)
        self._planned[change.path] = change.after

    def changes(self) -> Iterator[FileChange]:
        """Every file whose planned text differs from the disk, in path order."""
        for path in sorted(self._planned):
            before = self._original.get(path)
            if self._planned[path] != before:
                yield FileChange(path, before, self._planned[path])


def _read_text(root: Path, path: str) -> str | None:
    from repocheck.facts.files import NotRead, read_regular

    try:
        data = read_regular(root, path, READ_CAP)
    except (NotRead, OSError):
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


@dataclass(frozen=True)
class FixContext:
    """Everything a fixer may read: the facts, the report, its rule's result, the workspace."""

    snapshot: Snapshot
    report: Report
    result: Result
    workspace: Workspace
    options: FixOptions = field(default_factory=FixOptions)

    def change(self, path: str, after: str) -> FileChange:
        """A change of ``path`` to ``after``, against the text as planned so far."""
        return FileChange(path, self.workspace.read(path), after)


Fixer = Callable[[FixContext], Proposal | None]

#: rule ID -> the fixer for it; filled by importing repocheck.fix.fixers.
FIXERS: dict[str, Fixer] = {}


def fixer(*rule_ids: str) -> Callable[[Fixer], Fixer]:
    """Register a fixer for each rule in ``rule_ids`` (TEST001 and SANITY003 share one)."""

    def register(function: Fixer) -> Fixer:
        for rule_id in rule_ids:
            if rule_id in FIXERS:
                raise ValueError(f"two fixers for {rule_id}")
            FIXERS[rule_id] = function
        return function

    return register
