"""Allow ``python -m repocheck``."""

from __future__ import annotations

from repocheck.cli import run

run()
