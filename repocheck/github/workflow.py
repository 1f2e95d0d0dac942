"""Workflow commands and files: annotations, notices, outputs and the job summary.

Text from the analyzed repository ends up in these lines, so every value is escaped the way the
runner decodes it: a newline in a commit message can never start a command of its own.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import click

#: GitHub refuses a job summary over 1 MiB per step; stay under it with room for the notices.
SUMMARY_LIMIT = 1_000_000


def escape_data(text: str) -> str:
    """A command's message: the runner decodes %25, %0D and %0A, so nothing can end the line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value (file, title): commas and colons would end it early."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """One workflow command line, ``::name key=value,...::message``."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None and value != ""
    )
    head = f"::{name} {props}" if props else f"::{name}"
    return f"{head}::{escape_data(message)}"


def emit(name: str, message: str, **properties: str | int | None) -> None:
    """Print a workflow command (``notice``, ``warning``, ``error``) for the runner to read."""
    click.echo(command(name, message, **properties))


@contextmanager
def commands_stopped() -> Iterator[None]:
    """Print repo-derived text between these lines and the runner reads none of it as a command."""
    token = secrets.token_hex(16)
    click.echo(f"::stop-commands::{token}")
    try:
        yield
    finally:
        click.echo(f"::{token}::")


def write_outputs(path: Path | None, values: Mapping[str, str]) -> None:
    """Append step outputs to GITHUB_OUTPUT with a random delimiter no value can contain."""
    if path is None:
        return
    lines = []
    for name, value in values.items():
        delimiter = f"ghadelimiter_{secrets.token_hex(8)}"
        lines.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    with path.open("a", encoding="utf-8") as handle:
        handle.write("".join(lines))


def append_summary(path: Path | None, markdown: str) -> bool:
    """Append Markdown to the job summary (GITHUB_STEP_SUMMARY); False when there is none."""
    if path is None:
        return False
    with path.open("a", encoding="utf-8") as handle:
        handle.write(markdown if markdown.endswith("\n") else markdown + "\n")
    return True
