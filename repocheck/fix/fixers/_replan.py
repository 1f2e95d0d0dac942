"""Read planned texts the way the analysis reads the disk, to check a plan before showing it.

A fixer can only place its edit by what the analysis saw; whether the edit does what it is
for (a seed before every draw) is answered by the same analysis over the edited texts. The
Snapshot is the original with the planned files parsed again: nothing is written or run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from repocheck.facts.inventory import is_test_path
from repocheck.facts.python import parse_source
from repocheck.facts.snapshot import FileInfo, Snapshot


def planned_snapshot(snapshot: Snapshot, texts: Mapping[str, str]) -> Snapshot:
    """``snapshot`` as it would be with the Python files of ``texts`` written."""
    infos = {info.path: info for info in snapshot.files}
    for path, text in texts.items():
        old = infos.get(path)
        test = old.is_test if old else is_test_path(path)
        infos[path] = FileInfo(path, len(text.encode("utf-8")), "python", test)
    kept = [unit for unit in snapshot.sources if unit.path not in texts]
    parsed = [parse_source(path, text, is_test=infos[path].is_test) for path, text in texts.items()]
    return dataclasses.replace(
        snapshot,
        files=tuple(infos.values()),
        texts={**snapshot.texts, **texts},
        sources=tuple(kept + parsed),
    )
