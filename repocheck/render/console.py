"""Colour and width as command-line tools agree on them: ``--color``, NO_COLOR, FORCE_COLOR.

``--color always|never`` decides; with ``auto`` (the default) a non-empty NO_COLOR turns colour
off (https://no-color.org), else a non-empty FORCE_COLOR other than ``0`` turns it on
(https://force-color.org), else colour goes only to a terminal.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping

COLOR_CHOICES = ("auto", "always", "never")


def use_color(choice: str, is_terminal: bool, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to print ANSI colour, given ``--color`` and whether the output is a terminal."""
    if choice != "auto":
        return choice == "always"
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    force = environ.get("FORCE_COLOR", "")
    if force:
        return force != "0"
    return is_terminal


def terminal_width() -> int:
    """The terminal's columns (COLUMNS wins, as for every tool); 80 when there is no terminal."""
    return shutil.get_terminal_size((80, 24)).columns
