"""Written files the repository ships on purpose: committed, and named by more than their writer.

A deployed app that loads ``serving/model.pth`` from the repository, or a README listing the
trained weights it keeps in ``results/``, tells that the file is committed by choice: ignoring
it would keep the next export from the app. Whether it is too big for git is GIT004's to say.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from repocheck.analysis.artefacts import Artefact
from repocheck.analysis.cache import per_object
from repocheck.facts.snapshot import Snapshot


def _committed_matches(artefact: Artefact, tracked: Iterable[str]) -> list[str]:
    """The committed files ``artefact`` may be: its own path, or for a name the source builds
    at run time (``f"model{suffix}.pth"``) every committed file of its kind in its folder."""
    candidates = artefact.candidates()
    if artefact.location.literal:
        wanted = set(candidates)
        return [path for path in tracked if path in wanted]
    suffix = PurePosixPath(candidates[0]).suffix
    folders = {str(PurePosixPath(path).parent) for path in candidates}
    return [
        path
        for path in tracked
        if str(PurePosixPath(path).parent) in folders and PurePosixPath(path).suffix == suffix
    ]


def _named_by_others(snapshot: Snapshot, path: str, writer: str) -> bool:
    """True when a text file other than the writer names ``path``'s file (a loader's string,
    a README's list of what the folder holds)."""
    name = PurePosixPath(path).name
    pattern = re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w-])")
    return any(
        other not in (writer, path) and name in text and pattern.search(text)
        for other, text in snapshot.texts.items()
    )


@per_object
def _committed(snapshot: Snapshot) -> frozenset[str]:
    """The files of the work tree and of HEAD: a partial clone may lack a committed blob."""
    history = snapshot.history
    return snapshot.paths | set(history.blob_sizes) | set(history.unknown_sizes)


def ships_on_purpose(snapshot: Snapshot, artefact: Artefact) -> bool:
    """True when ``artefact`` lands on a committed file that the project's other code or its
    documentation names: the repository keeps it for its readers, not by accident."""
    writer = artefact.unit.path
    return any(
        _named_by_others(snapshot, path, writer)
        for path in _committed_matches(artefact, _committed(snapshot))
    )
