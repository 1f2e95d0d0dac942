"""``repocheck fix [PATH]``: show the fixes as one diff; ``--write`` applies them.

Exit status, as ``ruff format --diff`` has it: without ``--write``, 1 when there is something
to change (files or commands), 0 when there is nothing; with ``--write``, 0 once the changes
are written. A bad target, flag or configuration, a dirty work tree refused, or a write that
fails: 2, with one line on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from repocheck import options
from repocheck.console import ColorFlagCommand

EXIT_CHANGES_PROPOSED = 1


@click.command("fix", cls=ColorFlagCommand)
@click.argument("target", default=".", required=False)
@click.option("--write", is_flag=True, help="Apply the changes instead of showing them.")
@click.option(
    "--rule",
    "rules",
    multiple=True,
    metavar="RULE",
    help="Fix only this rule: an ID, a slug or a family such as DOCS (repeatable).",
)
@click.option(
    "--allow-dirty",
    is_flag=True,
    help="Write even when the work tree has uncommitted changes, or is not in git.",
)
@click.option(
    "--license",
    "license_name",
    metavar="SPDX",
    help="The licence DOCS002 writes: MIT (default), Apache-2.0, BSD-3-Clause, GPL-3.0-only.",
)
@click.option(
    "--pin-from-env",
    is_flag=True,
    help="Pin requirements to the versions installed in the running environment.",
)
@options.config_file
@options.exclude
@options.ignore
@options.select
@options.color("the diff")
def command(
    target: str,
    write: bool,
    rules: tuple[str, ...],
    allow_dirty: bool,
    license_name: str | None,
    pin_from_env: bool,
    config_file: Path | None,
    exclude: tuple[str, ...],
    ignore: tuple[str, ...],
    select: tuple[str, ...],
    color: str,
    no_color: bool,
) -> None:
    """Propose fixes for the findings of the repository at TARGET (a local folder).

    Prints one unified diff (git apply reads it) on standard output, then on standard error
    the commands it will not run, what it could not fix, and how to apply. --write applies
    the diff, analyzes again and prints the score before and after. Only a clean git work
    tree is written unless --allow-dirty; files are created or edited, never replaced
    through a symlink or outside TARGET.

    Exit status: without --write, 1 when there is something to change, 0 when there is
    nothing; with --write, 0 once written; 2 for bad input or a refused work tree.
    """
    from repocheck.console import use_color
    from repocheck.fix.run import FixRequest, run_fix

    choice = "never" if no_color else color
    colored = use_color(choice, sys.stdout.isatty())
    colored_err = use_color(choice, sys.stderr.isatty())
    request = FixRequest(
        target=target,
        write=write,
        rules=rules,
        allow_dirty=allow_dirty,
        license_name=license_name,
        pin_from_env=pin_from_env,
        config_file=config_file,
        exclude=exclude,
        ignore=ignore,
        select=select,
    )
    proposed = run_fix(request, colored, to_terminal=sys.stdout.isatty(), colored_err=colored_err)
    if proposed and not write:
        sys.exit(EXIT_CHANGES_PROPOSED)
