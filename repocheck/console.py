"""Colour and width as command-line tools agree on them: ``--color``, NO_COLOR, FORCE_COLOR.

``--color always|never`` decides; with ``auto`` (the default) a non-empty NO_COLOR turns colour
off (https://no-color.org), else a non-empty FORCE_COLOR other than ``0`` turns it on
(https://force-color.org), else colour goes only to a terminal.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import click

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
    import shutil  # with bz2 and lzma: only a rendered report needs it, not --version

    return shutil.get_terminal_size((80, 24)).columns


class ColorFlagCommand(click.Command):
    """A command whose ``--color`` alone still means ``always``, as the old flag did.

    Click would take the next word as the option's value, so ``repocheck --color path`` would
    fail on the path; a ``--color`` not followed by a choice is read as ``--color=always``.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Rewrite a bare ``--color`` before click parses the arguments."""
        fixed = []
        for index, arg in enumerate(args):
            if arg == "--":
                fixed += args[index:]
                break
            following = args[index + 1] if index + 1 < len(args) else None
            fixed.append(
                "--color=always" if arg == "--color" and following not in COLOR_CHOICES else arg
            )
        return super().parse_args(ctx, fixed)
