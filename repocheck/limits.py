"""When a limit cut the analysis, the rules whose input was cut say so in their message.

A rule cannot tell on its own that the files it looked at were not all the files; the Snapshot
knows (``Snapshot.limits``). Every rule that reads files gets the reason appended, and the
report is marked partial (``Report.partial``). Rules that read only the git history are left
alone: no file limit changes what ``git log`` saw.
"""

from __future__ import annotations

import dataclasses

from repocheck.facts.snapshot import Snapshot
from repocheck.model import Result, Status
from repocheck.registry import implementations

#: Rule modules that read nothing but the commit history.
HISTORY_ONLY = frozenset({"repocheck.rules.history"})


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else "?" for ch in text)


def limit_summary(limits: tuple[str, ...]) -> str:
    """One line naming the limit, or how many there were."""
    if len(limits) == 1:
        return _printable(limits[0])
    return f"{len(limits)} limits cut the analysis, see the notes"


def mark_partial(rule_id: str, result: Result, snapshot: Snapshot) -> Result:
    """``result`` with the limits that cut its input appended to its message."""
    if not snapshot.limits or result.status is Status.ERROR:
        return result
    function = implementations().get(rule_id)
    if function is not None and function.__module__ in HISTORY_ONLY:
        return result
    return dataclasses.replace(
        result,
        message=f"{result.message} (partial: {limit_summary(snapshot.limits)})",
        metrics={**result.metrics, "limits_hit": len(snapshot.limits)},
    )
