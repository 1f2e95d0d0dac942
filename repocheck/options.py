"""Command-line options that several subcommands share, defined once so they read the same."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class FiniteFloat(click.FloatRange):
    """A float in a range that refuses ``nan`` and ``inf``: FloatRange lets ``nan`` through
    (every comparison with it is false), and ``--timeout nan`` would mean no timeout."""

    name = "finite float"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The number, or a usage error naming the option."""
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


fail_under = click.option(
    "--fail-under",
    type=FiniteFloat(0, 100),
    help="Exit 1 when the score is below this (overrides the repo's config).",
)
config_file = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read settings from this TOML file instead of the repo's own.",
)
exclude = click.option(
    "--exclude", multiple=True, metavar="GLOB", help="Leave matching paths out (repeatable)."
)
ignore = click.option(
    "--ignore",
    multiple=True,
    metavar="RULE",
    help="Do not score this rule: an ID, a slug or a family such as TEST (repeatable).",
)
select = click.option(
    "--select",
    multiple=True,
    metavar="RULE",
    help="Run only these rules: IDs, slugs or families such as TEST (repeatable; "
    "overrides the repo's select).",
)
github_url = click.option(
    "--github-url",
    envvar="REPOCHECK_GITHUB_URL",
    default="https://github.com",
    show_default=True,
    metavar="URL",
    help="Where gh:OWNER/REPO and OWNER/REPO point [env: REPOCHECK_GITHUB_URL].",
)
token = click.option(
    "--token",
    envvar="GITHUB_TOKEN",
    metavar="TOKEN",
    help="Token for the GitHub API and private repositories [env: GITHUB_TOKEN]; sent only to "
    "the --github-url host.",
)


def color(what: str) -> Callable[[F], F]:
    """--color WHEN and --no-color, for a command whose output ``what`` may be coloured."""

    def decorate(function: F) -> F:
        from repocheck.console import COLOR_CHOICES

        function = click.option("--no-color", is_flag=True, help="The same as --color never.")(
            function
        )
        return click.option(
            "--color",
            type=click.Choice(COLOR_CHOICES),
            default="auto",
            show_default=True,
            help=f"Colour {what}: auto follows NO_COLOR, FORCE_COLOR and the terminal.",
        )(function)

    return decorate
