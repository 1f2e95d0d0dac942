"""``repocheck batch INPUT``: review a list of repositories into ranked CSV, JSON Lines and HTML.

The options are grouped as the reviewer meets them: the list, the GitHub users to expand,
how to run, the cache, the rubric. docs/batch.md walks through them.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from repocheck import options
from repocheck.cli import Failure

OUTPUTS = ("repos.csv", "applicants.csv", "reports.jsonl", "report.html")
#: Signals held back while the files are written, so that a stopped batch still writes them.
HELD = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _read_list(source: str | None, opts: dict[str, Any]) -> list[Any]:
    from repocheck.batch.inputs import InputError, read_entries

    if source is None:
        return []
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise Failure(f"cannot read {source}: {exc}") from exc
    columns = bool(opts["url_column"] or opts["applicant_column"])
    as_csv = opts["csv_flag"]
    if as_csv is None:
        as_csv = columns or source.lower().endswith(".csv")
    try:
        return read_entries(
            text,
            csv_format=as_csv,
            url_column=opts["url_column"],
            applicant_column=opts["applicant_column"],
            github_url=opts["github_url"],
        )
    except InputError as exc:
        raise Failure(f"{source}: {exc}") from exc


def _rubric(
    config_file: Path | None,
    exclude: tuple[str, ...],
    ignore: tuple[str, ...],
    select: tuple[str, ...] = (),
) -> Any:
    from repocheck.facts.config import (
        ConfigError,
        ignored_on_command_line,
        load_repo_config,
        overlay,
    )
    from repocheck.facts.snapshot import RepoConfig

    try:
        base = load_repo_config(Path("."), config_file) if config_file else RepoConfig()
        return overlay(base, exclude=exclude, ignore=ignored_on_command_line(ignore), select=select)
    except ConfigError as exc:
        raise Failure(str(exc)) from exc


def _write(directory: Path, files: dict[str, str]) -> None:
    """Write each file whole or not at all: a reader never sees half a CSV."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            partial = directory / f".{name}.partial"
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, directory / name)
    except OSError as exc:
        raise Failure(f"cannot write to {directory}: {exc.strerror}") from exc


@contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Note Ctrl-C, SIGTERM and SIGHUP during the block instead of stopping: the files come first.

    Yields the signals received, for the caller to act on once the block is done.
    """
    received: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, _: received.append(signum)) for sig in HELD}
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _outputs(result: Any, rubric: Any, rubric_id: str, title: str) -> dict[str, str]:
    from repocheck.batch.dashboard import render_dashboard
    from repocheck.batch.rows import applicants
    from repocheck.batch.tables import applicants_csv, jsonl, repos_csv
    from repocheck.catalogue import load_catalogue

    catalogue = load_catalogue()
    people = applicants(result.rows)
    categories = [category.id for category in catalogue.categories]
    page = render_dashboard(
        result.rows,
        people,
        catalogue,
        rubric.config,
        title=title,
        rubric_id=rubric_id,
        trusted=rubric.trust_repo_config,
    )
    texts = (repos_csv(result.rows, categories), applicants_csv(people), jsonl(result.rows), page)
    return dict(zip(OUTPUTS, texts, strict=True))


def _summary(result: Any, directory: Path) -> str:
    analyzed = sum(1 for row in result.rows if row.ok)
    # Rows the batch never reached are not the applicants' failures.
    interrupted = sum(1 for row in result.rows if row.kind == "interrupted")
    failed = len(result.rows) - analyzed - interrupted
    rate = f" ({result.ran / result.seconds * 60:.0f} a minute)" if result.ran else ""
    stopped = " (interrupted: run it again to resume)" if result.interrupted else ""
    not_reached = f", {interrupted} interrupted" if interrupted else ""
    return (
        f"repocheck batch: {len(result.rows)} repositories, {analyzed} analyzed, {failed} failed"
        f"{not_reached}, "
        f"{result.cached} from the cache, {result.ran} reviewed in {result.seconds:.1f} s"
        f"{rate}{stopped}; wrote {directory}/{{{','.join(OUTPUTS)}}}"
    )


def _executor(name: str, scheduler: str | None, workers: int, timeout: float) -> Any:
    if name == "dask":
        if not scheduler:
            raise Failure("--executor dask needs --scheduler tcp://HOST:PORT")
        from repocheck.batch.cluster import DaskExecutor

        return DaskExecutor(scheduler, timeout)
    from repocheck.batch.pool import LocalPool

    return LocalPool(workers, timeout)


@click.command("batch")
@click.argument("source", metavar="INPUT", required=False)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("repocheck-batch"),
    show_default=True,
    help="Write repos.csv, applicants.csv, reports.jsonl and report.html here.",
)
@click.option(
    "--csv/--text",
    "csv_flag",
    default=None,
    help="Read INPUT as CSV or as one target a line (default: CSV for *.csv).",
)
@click.option("--url-column", metavar="NAME", help="The CSV column with the repository links.")
@click.option("--applicant-column", metavar="NAME", help="The CSV column naming the applicant.")
@click.option(
    "--github-user",
    multiple=True,
    metavar="USER",
    help="Review USER's public repositories, like a gh:USER line (repeatable).",
)
@click.option(
    "--min-commits",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="For gh:USER: skip repositories with fewer commits.",
)
@click.option(
    "--max-repos",
    type=click.IntRange(min=1),
    metavar="N",
    help="For gh:USER: at most N repositories per user, most recently pushed first.",
)
@click.option(
    "--language",
    multiple=True,
    metavar="NAME",
    help="For gh:USER: only repositories GitHub counts as NAME (repeatable).",
)
@click.option(
    "-j",
    "--workers",
    type=click.IntRange(min=1),
    default=_cores,
    show_default="cores",
    help="Repositories reviewed at once on this machine.",
)
@click.option(
    "--timeout",
    type=options.FiniteFloat(min=1),
    default=300,
    show_default=True,
    metavar="SECONDS",
    help="Give up on one repository after this long.",
)
@click.option(
    "--max-repo-size",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    metavar="MB",
    help="Give up on a clone that grows larger.",
)
@click.option(
    "--executor",
    type=click.Choice(("local", "dask")),
    default="local",
    show_default=True,
    help="Where the work runs.",
)
@click.option("--scheduler", metavar="ADDRESS", help="The Dask scheduler (tcp://HOST:8786).")
@click.option(
    "--cache",
    "cache_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite cache [default: $XDG_CACHE_HOME/repocheck/batch.sqlite3].",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The rubric's settings ([tool.repocheck] keys) for every repository.",
)
@options.exclude
@options.ignore
@options.select
@click.option(
    "--trust-repo-config",
    is_flag=True,
    help="Also apply each repository's own repocheck settings (off: applicants could "
    "ignore the rules they fail).",
)
@click.option(
    "--github-url",
    envvar="REPOCHECK_GITHUB_URL",
    default="https://github.com",
    show_default=True,
    metavar="URL",
    help="Where gh:OWNER/REPO points.",
)
@click.option(
    "--github-api-url",
    envvar="REPOCHECK_GITHUB_API_URL",
    metavar="URL",
    help="The REST API for gh:USER [default: from --github-url].",
)
@click.option(
    "--token",
    envvar="GITHUB_TOKEN",
    metavar="TOKEN",
    help="Token for the GitHub API and private repositories [env: GITHUB_TOKEN].",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Draw the progress bar (default: when standard error is a terminal).",
)
@click.option(
    "--title", default="repocheck batch review", show_default=True, help="The dashboard's title."
)
def command(**opts: Any) -> None:
    """Review many repositories with one rubric: ranked CSV, JSON Lines and an HTML dashboard.

    INPUT is a file of targets (a path, URL, gh:OWNER/REPO or gh:USER a line), - for standard
    input, or a CSV with a column of links. Failures are rows with their reason; Ctrl-C keeps
    every finished result, and a re-run takes unchanged repositories from the cache.
    """
    run(opts)


def _settings(opts: dict[str, Any], rubric: Any) -> Any:
    from repocheck.acquire import options_from
    from repocheck.batch.accounts import RepoFilter, api_url_for
    from repocheck.batch.plan import Settings

    options = options_from(
        github_url=opts["github_url"],
        token=opts["token"],
        clone_timeout=opts["timeout"],
        max_repo_size=opts["max_repo_size"],
    )
    filters = RepoFilter(opts["min_commits"], opts["max_repos"], tuple(opts["language"]))
    api_url = opts["github_api_url"] or api_url_for(opts["github_url"])
    return Settings(options, rubric, filters, api_url)


def _cache(opts: dict[str, Any], rubric: Any) -> Any:
    from repocheck.batch.cache import Cache, default_path, rubric_hash

    path = None if opts["no_cache"] else (opts["cache_file"] or default_path())
    try:
        return Cache(path, rubric_hash(rubric))
    except Exception as exc:  # sqlite3.Error, OSError: one line, never a traceback
        raise Failure(f"cannot open the cache {path}: {exc}") from exc


def run(opts: dict[str, Any]) -> None:
    """The command's body, on the parsed options."""
    from repocheck.batch.cluster import ExecutorError
    from repocheck.batch.inputs import Entry
    from repocheck.batch.progress import Progress
    from repocheck.batch.run import run_batch
    from repocheck.batch.work import Rubric

    entries = _read_list(opts["source"], opts)
    # Worded so that no spreadsheet takes the cell for a formula (a leading "-" would be escaped).
    entries += [
        Entry(f"gh:{user}", user, f"option --github-user {user}") for user in opts["github_user"]
    ]
    if not entries:
        raise Failure(
            "nothing to review: give INPUT (a file, or - for standard input) or --github-user"
        )
    rubric = Rubric(_rubric(opts["config_file"], opts["exclude"], opts["ignore"], opts["select"]),
                    opts["trust_repo_config"])  # fmt: skip
    settings = _settings(opts, rubric)
    executor = _executor(opts["executor"], opts["scheduler"], opts["workers"], opts["timeout"])
    cache = _cache(opts, rubric)
    show = opts["progress"] if opts["progress"] is not None else sys.stderr.isatty()
    try:
        with Progress(show) as progress:
            result = run_batch(
                entries, settings, executor, cache, progress, lambda t: click.echo(t, err=True)
            )
    except ExecutorError as exc:
        raise Failure(str(exc)) from exc
    finally:
        cache.close()
    with _signals_held() as received:
        _write(opts["output_dir"], _outputs(result, rubric, cache.rubric, opts["title"]))
        click.echo(_summary(result, opts["output_dir"]), err=True)
    if result.interrupted or received:
        # 130 for Ctrl-C, 143 for SIGTERM: what a shell reports for a process the signal ended.
        sys.exit(128 + (result.signal if result.interrupted else received[0]))
