"""Run the installed ``repocheck`` command the way a user does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def command() -> list[str]:
    # The console script, as users run it: unlike ``python -m``, it never puts the current
    # directory (possibly the analyzed repo) on sys.path.
    script = Path(sys.executable).parent / "repocheck"
    if script.exists():
        return [str(script)]
    found = shutil.which("repocheck")
    return [found] if found else [sys.executable, "-I", "-m", "repocheck"]


def repocheck(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})}
    return subprocess.run(
        [*command(), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )
