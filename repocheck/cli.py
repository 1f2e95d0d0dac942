"""The command line: ``repocheck [check] TARGET``, ``repocheck rules``, ``repocheck explain ID``."""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from repocheck import __version__, options
from repocheck.console import ColorFlagCommand
from repocheck.render import RENDERERS
from repocheck.render.controls import one_line

if TYPE_CHECKING:
    from repocheck.progress import Progress, TerminalProgress

FORMATS = tuple(RENDERERS)

EXIT_BELOW_THRESHOLD = 1
EXIT_ERROR = 2


class Failure(click.ClickException):
    """A one-line error and exit status 2: bad input, never a traceback."""

    exit_code = EXIT_ERROR

    def show(self, file: object = None) -> None:
        """Print ``repocheck: error: <message>`` on standard error."""
        error_line(self.message)


def error_line(message: str, prefix: str = "error") -> None:
    """``repocheck: error: <message>`` as one line on standard error.

    The message may quote a repository's text (a config key, a file name): its newlines and
    escape sequences are shown, never obeyed, so one error is one line.
    """
    click.echo(f"repocheck: {prefix}: {one_line(message)}", err=True)


#: Subcommands that live in their own modules, imported only when named: ``name -> module``,
#: each module exposing a click command called ``command``.
LAZY_COMMANDS = {
    "github": "repocheck.github.command",
    "batch": "repocheck.batch.command",
    "fix": "repocheck.fix.command",
}

#: The first sentence of each lazy subcommand's help, for ``repocheck --help``: listing them
#: must not import them (the GitHub command alone pulls in the whole pipeline and Jinja2).
#: tests/test_startup.py holds these to the commands' own help.
LAZY_SUMMARIES = {
    "github": "Analyze in GitHub Actions: comment the delta on the pull request, write the job "
    "summary, the outputs (score, grade, report-path) and annotations.",
    "batch": "Review many repositories with one rubric: ranked CSV, JSON Lines and an HTML "
    "dashboard.",
    "fix": "Propose fixes for the findings of the repository at TARGET (a local folder).",
}


class DefaultToCheck(click.Group):
    """``repocheck PATH`` means ``repocheck check PATH``; subcommands win when named."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Insert ``check`` when the first argument names no subcommand."""
        known = set(self.list_commands(ctx))
        if not args or (args[0] not in known and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Built-in commands, and the lazy ones whose module is installed."""
        lazy = [name for name, module in LAZY_COMMANDS.items() if _module_exists(module)]
        return sorted({*super().list_commands(ctx), *lazy})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The Commands section of ``--help``, as click writes it, without importing the lazy
        subcommands: their summaries come from LAZY_SUMMARIES."""
        commands = [(name, self._summary_of(ctx, name)) for name in self.list_commands(ctx)]
        shown = [(name, command) for name, command in commands if command and not command.hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in shown)
        with formatter.section("Commands"):
            formatter.write_dl(
                [(name, command.get_short_help_str(limit)) for name, command in shown]
            )

    def _summary_of(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_SUMMARIES:
            return click.Command(name, help=LAZY_SUMMARIES[name])
        return self.get_command(ctx, name)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import a lazy subcommand's module only when it is named."""
        module = LAZY_COMMANDS.get(cmd_name)
        if module is not None and _module_exists(module):
            command: click.Command = importlib.import_module(module).command
            return command
        return super().get_command(ctx, cmd_name)


def _module_exists(name: str) -> bool:
    import importlib.util  # only --help and subcommand lookup ask

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


@click.group(cls=DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="repocheck")
def cli() -> None:
    """Score an ML repository on what a reviewer would notice, with evidence and fixes.

    \b
    repocheck [PATH]           analyze a repository (default: the current directory)
    repocheck fix [PATH]       show the fixes repocheck can write; --write applies them
    repocheck rules            list every rule
    repocheck explain ID       why a rule matters and how to fix it

    Add --debug anywhere (or set REPOCHECK_DEBUG=1) to see the traceback of an internal error.
    """


@cli.command(cls=ColorFlagCommand)
@click.argument("target", default=".", required=False)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="terminal",
    show_default=True,
    help="Report format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output.",
)
@options.fail_under
@options.config_file
@options.exclude
@options.ignore
@options.select
@options.color("the terminal report")
@click.option("--ref", metavar="REF", help="Branch, tag or commit to analyze (also TARGET@REF).")
@click.option(
    "--committed",
    is_flag=True,
    help="Analyze a local repository's last commit (HEAD) only, not the files on disk.",
)
@options.github_url
@options.token
@click.option(
    "--keep",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="CLONE_DIR",
    help="Clone a remote TARGET into this new folder and leave it there.",
)
@click.option(
    "--clone-timeout",
    type=options.FiniteFloat(min=1),
    default=300,
    show_default=True,
    metavar="SECONDS",
    help="Give up on a clone that takes longer.",
)
@click.option(
    "--max-repo-size",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    metavar="MB",
    help="Give up on a clone that grows larger.",
)
def check(
    target: str,
    fmt: str,
    output: Path | None,
    fail_under: float | None,
    config_file: Path | None,
    exclude: tuple[str, ...],
    ignore: tuple[str, ...],
    select: tuple[str, ...],
    color: str,
    no_color: bool,
    committed: bool,
    **fetching: Any,
) -> None:
    """Analyze the repository at TARGET: a folder, a git URL, or gh:OWNER/REPO[@REF].

    A folder is analyzed as it is on disk, new files git does not ignore included
    (--committed: its last commit only); a URL at the commit cloned.
    """
    from repocheck.acquire import AcquireError, acquire, options_from
    from repocheck.analyze import analyze_path
    from repocheck.facts.collect import CollectError, Scope
    from repocheck.facts.config import (
        ConfigError,
        ignored_on_command_line,
        load_repo_config,
        overlay,
        selection,
    )
    from repocheck.render import render
    from repocheck.score import shortfall

    try:
        # The flags are checked before a remote target is cloned: a typo should cost nothing.
        flag_ignores = ignored_on_command_line(ignore)
        selection(select, "--select")
        with (
            progress_on_stderr(target, output, plain=no_color or color == "never") as progress,
            acquire(target, options_from(**fetching)) as checkout,
        ):
            config = overlay(
                load_repo_config(checkout.path, config_file),
                exclude=exclude,
                ignore=flag_ignores,
                fail_under=fail_under,
                select=select,
            )
            scope = Scope.COMMIT if committed else Scope.WORK_TREE
            if checkout.url is not None:
                scope = Scope.CLONE
            report = analyze_path(
                checkout.path,
                config,
                display=checkout.display,
                url=checkout.url,
                scope=scope,
                progress=progress,
            )
    except (AcquireError, ConfigError, CollectError) as exc:
        raise Failure(str(exc)) from exc
    from repocheck.console import terminal_width, use_color

    to_terminal = output is None and sys.stdout.isatty()
    colored = use_color("never" if no_color else color, to_terminal) and (
        output is None or color == "always"
    )
    text = render(report, fmt, color=colored, width=terminal_width())
    if output is not None:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise Failure(f"cannot write {output}: {exc.strerror}") from exc
    else:
        click.echo(text, nl=False, color=colored)  # click would strip it from a pipe
    failed = shortfall(report.score, config.fail_under)
    if failed:
        click.echo(f"repocheck: {failed}", err=True)
        sys.exit(EXIT_BELOW_THRESHOLD)


def progress_on_stderr(
    target: str, output: Path | None, plain: bool
) -> TerminalProgress | contextlib.nullcontext[Progress]:
    """The progress of a run of ``check``: on a terminal's standard error once the run takes
    a while (progress.py), never when the report goes down a pipe or in CI."""
    from repocheck.progress import leads_to_program, on_stderr

    report_to_pipe = output is None and leads_to_program(sys.stdout)
    # A target that is no folder here is a URL to clone (never named: it may hold a token).
    remote = target.startswith("gh:") or not Path(target).exists()
    return on_stderr(report_to_pipe, plain, "cloning the repository" if remote else "starting")


@cli.command("rules")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
)
def list_rules(fmt: str) -> None:
    """List every rule of the catalogue."""
    from repocheck.explain import catalogue_json, catalogue_markdown, catalogue_text

    render = {"text": catalogue_text, "json": catalogue_json, "markdown": catalogue_markdown}[fmt]
    click.echo(render(), nl=False)


@cli.command()
@click.argument("rule_id")
def explain(rule_id: str) -> None:
    """Explain one rule (by ID such as TEST001, or by slug)."""
    from repocheck.catalogue import load_catalogue
    from repocheck.explain import explain_rule

    catalogue = load_catalogue()
    try:
        meta = catalogue.rule(rule_id)
    except KeyError:
        close = catalogue.closest(rule_id, categories=False)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise Failure(f"no rule {rule_id!r}; {hint}`repocheck rules` lists them all") from None
    click.echo(explain_rule(meta), nl=False)


#: Set to 1 (or pass --debug anywhere on the command line) to see an internal error's traceback.
DEBUG_VARIABLE = "REPOCHECK_DEBUG"


def _debug_requested(args: list[str]) -> tuple[bool, list[str]]:
    """(debug?, args without --debug): the flag works before or after any subcommand."""
    wanted = os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0")
    rest = [arg for arg in args if arg != "--debug"]
    return wanted or len(rest) != len(args), rest


def main() -> None:
    """Console-script entry point: errors end in one line and a non-zero exit, never a traceback."""
    debug, args = _debug_requested(sys.argv[1:])
    try:
        cli.main(args=args, prog_name="repocheck", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        # click's own form is four lines (usage, hint, blank, error): the README promises one.
        where = exc.ctx.command_path if exc.ctx is not None else "repocheck"
        error_line(f"{exc.format_message()} (see '{where} --help')")
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        if isinstance(exc, Failure):
            exc.show()
        else:
            error_line(exc.format_message())
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("repocheck: interrupted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        click.echo("repocheck: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # the last line of defence: one line, never a traceback
        if debug:
            import traceback  # only --debug prints one

            traceback.print_exc()
        hint = (
            "" if debug else f" (a bug: rerun with --debug or {DEBUG_VARIABLE}=1 for the traceback)"
        )
        error_line(f"{type(exc).__name__}: {exc}{hint}", prefix="internal error")
        sys.exit(EXIT_ERROR)


def run() -> NoReturn:
    """The console script and ``python -m repocheck``: :func:`main`, then a quick exit.

    A run over a large repository leaves millions of objects behind (parsed trees, analyses);
    the interpreter's own exit frees them one by one, 3 s after a million-line repository's
    report was written. The exit handlers still run (worker processes, temporary folders),
    the streams are flushed, and the process ends with main's status, without that clean-up.
    """
    try:
        main()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    leave(status)


def leave(status: object) -> NoReturn:
    """End the process as ``sys.exit(status)`` would, less freeing every object first."""
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:  # sys.exit("message"): the message on stderr, status 1
        print(status, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # A reader that left, or a stream already closed: nothing more to say to it.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
