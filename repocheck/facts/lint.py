"""One ruff check with repocheck's fixed selection, the repo's own, and one format check."""

from __future__ import annotations

import functools
import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from repocheck.facts.snapshot import Formatting, Lint, LintDiagnostic

#: Rules that signal bugs and unreadable code rather than taste; fixed so scores compare across
#: repositories and over time (a repository's own config could switch everything off).
SELECTION = "E4,E7,E9,F,B,PLE,UP,SIM"
RUFF_CONFIG_FILES = ("ruff.toml", ".ruff.toml")


class LintError(Exception):
    """ruff could not run or printed something unexpected."""

    pass


@functools.lru_cache(maxsize=1)
def ruff_binary() -> str:
    """Locate ruff once: ``find_ruff_bin`` reads sysconfig, which is not safe across threads."""
    return str(find_ruff_bin())


def _ruff(
    args: Sequence[str], root: Path, files: Sequence[str]
) -> subprocess.CompletedProcess[str]:
    # Paths go after "--" so that a file named "-rf" is a path, never an option.
    command = [ruff_binary(), *args, "--no-cache", "--", *files]
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("RUFF_CACHE_DIR", None)
    try:
        return subprocess.run(
            command, cwd=root, capture_output=True, text=True, env=env, timeout=300, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LintError(f"ruff could not run: {exc}") from exc


def ruff_version() -> str:
    """The installed ruff's version, recorded so scores can be compared."""
    import importlib.metadata  # costs ~30 ms at start-up; needed once, late

    return importlib.metadata.version("ruff")


def _diagnostics(result: subprocess.CompletedProcess[str], root: Path) -> list[LintDiagnostic]:
    if result.returncode not in (0, 1):
        first = (result.stderr.strip().splitlines() or ["unknown failure"])[0]
        raise LintError(f"ruff check failed: {first}")
    try:
        raw = json.loads(result.stdout or "[]")
    except ValueError as exc:
        raise LintError("ruff printed no JSON") from exc
    diagnostics = []
    real_root = str(root.resolve())
    for item in raw:
        filename = os.path.relpath(item.get("filename", ""), real_root).replace(os.sep, "/")
        location = item.get("location") or {}
        cell = item.get("cell")
        diagnostics.append(
            LintDiagnostic(
                path=filename,
                line=location.get("row"),
                code=item.get("code") or "syntax-error",
                message=item.get("message", ""),
                cell=cell - 1 if isinstance(cell, int) else None,
            )
        )
    return diagnostics


def has_own_config(root: Path, pyproject_text: str | None) -> bool:
    """True when the repo configures ruff itself (ruff.toml or [tool.ruff])."""
    if any((root / name).is_file() for name in RUFF_CONFIG_FILES):
        return True
    return pyproject_text is not None and "[tool.ruff" in pyproject_text


def collect_lint(root: Path, files: Sequence[str], lines: int, own_config: bool) -> Lint:
    """Lint ``files`` once with the fixed selection and, if it has one, the repo's config."""
    fixed = _ruff(
        ["check", "--isolated", "--select", SELECTION, "--output-format", "json", "--exit-zero"],
        root,
        files,
    )
    diagnostics = _diagnostics(fixed, root) if files else []
    own_count = None
    if own_config and files:
        own = _ruff(["check", "--output-format", "json", "--exit-zero"], root, files)
        own_count = len(_diagnostics(own, root))
    return Lint(SELECTION, ruff_version(), tuple(diagnostics), len(files), lines, own_count)


def collect_format(root: Path, files: Sequence[str]) -> Formatting:
    """Which files ``ruff format`` would change.

    Unlike the lint run this honours the repo's own formatter settings (line length, quotes):
    a project that is consistent with its own declared style is consistent.
    """
    if not files:
        return Formatting(0, ())
    result = _ruff(["format", "--check", "--output-format", "json"], root, files)
    if result.returncode not in (0, 1, 2):
        raise LintError(f"ruff format failed: {result.stderr.strip()[:120]}")
    try:
        raw = json.loads(result.stdout or "[]")
    except ValueError as exc:
        raise LintError("ruff format printed no JSON") from exc
    real_root = str(root.resolve())
    changed = {
        os.path.relpath(item["filename"], real_root).replace(os.sep, "/")
        for item in raw
        if item.get("code") == "unformatted" and item.get("filename")
    }
    return Formatting(len(files), tuple(sorted(changed)))
