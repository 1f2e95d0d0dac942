"""The facts layer: the only code that reads files, runs git, ruff and radon."""

from __future__ import annotations

from repocheck.facts.snapshot import (
    Commit,
    FactUnavailable,
    FileInfo,
    Formatting,
    FunctionComplexity,
    History,
    Lint,
    LintDiagnostic,
    Notebook,
    NotebookCell,
    RepoConfig,
    Snapshot,
    SourceUnit,
)

__all__ = [
    "Commit",
    "FactUnavailable",
    "FileInfo",
    "Formatting",
    "FunctionComplexity",
    "History",
    "Lint",
    "LintDiagnostic",
    "Notebook",
    "NotebookCell",
    "RepoConfig",
    "Snapshot",
    "SourceUnit",
]
