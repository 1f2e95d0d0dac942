"""READ003: the files ``ruff format`` would change, as the real ruff formats them.

Each file's text goes to ruff through standard input with the settings the check used (the
repository's formatter style and target Python, ``--isolated``), so after the fix the check
finds nothing to change. Files the repository keeps from ruff (its ``exclude``,
``extend-exclude`` and ``format.exclude``) and vendored code are left as they are; so is a
notebook whose JSON ruff would rewrite beyond its code (notebook_format.py).
"""

from __future__ import annotations

from collections.abc import Iterable

import pathspec

from repocheck.analysis.vendored import is_vendored
from repocheck.facts.lint import LintError, format_text
from repocheck.facts.patterns import gitignore_spec
from repocheck.facts.python_target import ruff_table
from repocheck.facts.ruff_config import read_settings
from repocheck.facts.snapshot import FactUnavailable, Snapshot
from repocheck.facts.toml_text import table_at
from repocheck.fix.notebook_format import only_code_changed
from repocheck.fix.plan import FileChange, FixContext, Proposal, fixer

SUMMARY = "format the code with ruff format"


def _patterns(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def ruff_excluded(snapshot: Snapshot) -> pathspec.GitIgnoreSpec:
    """The paths the repository's ruff settings keep from the formatter.

    ruff's patterns are globs; a pattern without a slash matches a file or folder by name at
    any depth, which is what git's wildmatch does too.
    """
    found = ruff_table(snapshot.texts)
    config = (found[1] if found else None) or {}
    patterns = _patterns(config.get("exclude")) + _patterns(config.get("extend-exclude"))
    patterns += _patterns(table_at(config, "format").get("exclude"))
    return gitignore_spec(patterns)


def _listed(paths: list[str]) -> str:
    return ", ".join(paths[:3]) + (", ..." if len(paths) > 3 else "")


def _left_out(snapshot: Snapshot, paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """(paths to format, notes on the rest)."""
    excluded = ruff_excluded(snapshot)
    kept, skipped = [], []
    for path in paths:
        if excluded.match_file(path) or is_vendored(snapshot, path):
            skipped.append(path)
        else:
            kept.append(path)
    notes = []
    if skipped:
        notes.append(
            "not formatted, the repository keeps them from ruff or vendors them: "
            + _listed(skipped)
        )
    return kept, notes


@fixer("READ003")
def format_code(context: FixContext) -> Proposal | None:
    """The new text of every file ruff format would change."""
    snapshot = context.snapshot
    try:
        formatting = snapshot.formatting
    except FactUnavailable as exc:
        return Proposal("READ003", SUMMARY, notes=(f"ruff format did not run: {exc}",))
    settings = read_settings(snapshot.texts)
    # The rule's locations, not ruff's whole list: a file whose finding the repository
    # suppressed (per-path-ignores) is one it chose to keep as it is. Every location, not
    # the 20 a report lists.
    flagged = {evidence.path for evidence in context.result.locations}
    paths, notes = _left_out(snapshot, [p for p in formatting.would_reformat if p in flagged])
    changes: list[FileChange] = []
    rewritten: list[str] = []
    for path in paths:
        text = context.workspace.read(path)
        if text is None:
            notes.append(f"{path}: not a readable text file, not formatted")
            continue
        try:
            after = format_text(
                context.workspace.root, path, text, settings, own_style=formatting.note is None
            )
        except LintError as exc:
            notes.append(f"{path}: {exc}")
            continue
        if path.endswith(".ipynb") and not only_code_changed(text, after):
            rewritten.append(path)
        elif after != text:
            changes.append(context.change(path, after))
    if rewritten:
        notes.append(
            f"notebooks left alone ({_listed(rewritten)}): ruff would rewrite more than their "
            "code (cell ids, key order or indentation); run `ruff format` on them and read "
            "the diff"
        )
    summary = f"{SUMMARY} ({len(changes)} file{'s' if len(changes) != 1 else ''})"
    return Proposal("READ003", summary, tuple(changes), notes=tuple(notes))
