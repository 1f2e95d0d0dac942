"""GIT003's verdict when the .gitignore is wrong the other way: it hides code the project
imports (``data/`` matching ``src/data/`` too), so the project cannot run from a clone."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath

from repocheck.analysis.ignored_imports import IgnoredImport
from repocheck.model import Evidence, Metrics, Result, Status
from repocheck.rules._verdict import result_of
from repocheck.wording import short

#: Evidence rows: the first import of each hidden path, up to this many.
SHOWN = 3


def hides_source(
    hidden: tuple[IgnoredImport, ...],
    also_missing: str,
    evidence: list[Evidence],
    metrics: Metrics,
) -> Result:
    """Fail: the .gitignore keeps out code the project imports, so a clone cannot run; warn
    when every such module is kept out on purpose (a credentials module the .gitignore names
    itself), where the fix is a template, never committing it. ``also_missing`` is what the
    file fails to keep out besides (``bytecode (add: ...)``), ``evidence`` its rows, shown
    after the hidden imports."""
    first: dict[str, IgnoredImport] = {}
    for found in hidden:
        first.setdefault(found.path, found)
    by_mistake = {path: found for path, found in first.items() if not found.on_purpose}
    on_purpose = [path for path in first if path not in by_mistake]
    described = []
    for path, found in first.items():
        where = f"{found.unit.path}:{found.line}"
        line = f" (line `{found.pattern}`)" if found.pattern else ""
        described.append(f"{path}{line}, which {where} imports as {found.module}")
    message = "the .gitignore hides project code from every clone: " + "; ".join(described)
    if by_mistake:
        message += f"; {_hidden_advice(by_mistake)}"
    if on_purpose:
        message += f"; {_template_advice(on_purpose)}"
    if also_missing:
        message += f"; it also misses {also_missing}"
    rows = [
        Evidence(
            found.unit.path,
            found.line,
            short(f"imports {found.module}, but .gitignore hides {found.path}"),
            found.unit.cell,
        )
        for found in list(first.values())[:SHOWN]
    ]
    metrics["hidden_imports"] = len(hidden)
    status, score = (Status.FAIL, 0.0) if by_mistake else (Status.WARN, 0.5)
    return result_of(status, score, message, evidence[:1] + rows + evidence[1:], metrics)


def _template_advice(paths: list[str]) -> str:
    """Keep such a module out, and give a clone what it needs to make its own."""
    kept = ", ".join(paths)
    examples = ", ".join(str(PurePosixPath(path).with_suffix(".example.py")) for path in paths)
    return (
        f"{kept} is kept out on purpose: keep it out, commit a template beside it ({examples})"
        " with placeholder values, and say in the README how to fill it in"
    )


def _hidden_advice(first: Mapping[str, IgnoredImport]) -> str:
    """Anchor a bare pattern (``data/`` -> ``/data/``) and commit the hidden code."""
    paths = ", ".join(first)
    bare = [
        found.pattern
        for found in first.values()
        if found.pattern and "/" not in found.pattern.rstrip("/") and found.pattern[0] not in "!#"
    ]
    if bare:
        anchored = ", ".join(f"/{pattern}" for pattern in dict.fromkeys(bare))
        return f"anchor the pattern: {anchored} ignores only the top-level one; commit {paths}"
    return f"narrow the pattern that ignores them, then commit {paths}"
