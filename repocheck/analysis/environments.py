"""Virtual environments committed into the repository (see :mod:`repocheck.facts.environments`):
their code is other people's; their tests, seeds, ``setup.py`` and ``pyproject.toml`` files say
nothing about the project."""

from __future__ import annotations

from repocheck.analysis.cache import per_object
from repocheck.facts.environments import environment_folders as folders_among
from repocheck.facts.environments import environment_of, in_folders
from repocheck.facts.snapshot import Snapshot

__all__ = ["environment_folders", "environment_of", "in_environment"]


@per_object
def environment_folders(snapshot: Snapshot) -> tuple[str, ...]:
    """The outermost folders of the committed virtual environments, sorted."""
    return folders_among(info.path for info in snapshot.files)


def in_environment(snapshot: Snapshot, path: str) -> bool:
    """Whether ``path`` lies inside a committed virtual environment."""
    return in_folders(path, environment_folders(snapshot))
