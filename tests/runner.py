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


def absolute_pythonpath(env: dict[str, str]) -> dict[str, str]:
    """``env`` with each PYTHONPATH entry made absolute, from this process's folder.

    A child runs in the analyzed repository: a relative entry (``PYTHONPATH=.``, or an empty
    one, which Python reads as the current folder) would put that repository's modules, a
    click.py say, ahead of the real packages.
    """
    value = env.get("PYTHONPATH")
    if value is None:
        return env
    entries = [os.path.abspath(entry) for entry in value.split(os.pathsep)]
    return {**env, "PYTHONPATH": os.pathsep.join(entries)}


def repocheck(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = absolute_pythonpath({**os.environ, "NO_COLOR": "1", "COLUMNS": "100", **(env or {})})
    return subprocess.run(
        [*command(), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )
