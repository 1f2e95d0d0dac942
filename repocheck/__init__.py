"""repocheck: a scored, evidenced review of a machine-learning repository."""

from __future__ import annotations

__version__ = "0.1.0"
