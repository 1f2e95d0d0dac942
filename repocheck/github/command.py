"""``repocheck github``: the Action's command, run inside a GitHub Actions job.

On a pull request it analyzes the head and the base and posts the delta as one comment (found
again by a hidden marker and edited in place); on every run it writes the job summary, the step
outputs and up to ten annotations. A fork's read-only token is not an error: the comment then
goes to the job summary with a notice, and the job stays green.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import click

from repocheck import options
from repocheck.cli import EXIT_BELOW_THRESHOLD, Failure
from repocheck.github.api import COMMENT_MODES
from repocheck.github.env import ActionsEnv, ActionsEnvError, PullRequest, read_env
from repocheck.github.workflow import emit
from repocheck.score import shortfall

if TYPE_CHECKING:
    # The pipeline is imported when the command runs: --help needs none of it.
    from repocheck.github.job import Poster, Published

FORK_NOTICE = (
    "repocheck could not comment on this pull request: the token may not write here "
    "(pull requests from forks get a read-only token). The report is in this job summary; "
    "docs/github-action.md shows how to comment on pull requests from forks too."
)


def _default_report_path(env: ActionsEnv) -> Path:
    """RUNNER_TEMP's report (a folder private to the job), else one in a new private folder.

    A fixed name in the shared temporary folder could be planted beforehand by another user
    of the machine, as a symlink to a file of yours that the report would overwrite.
    """
    if env.runner_temp is not None:
        return env.runner_temp / "repocheck" / "report.json"
    return Path(tempfile.mkdtemp(prefix="repocheck-")) / "report.json"


def poster(env: ActionsEnv, mode: str) -> Poster:
    """A function that posts the comment in ``mode`` and records what happened."""

    def post(pull: PullRequest, body: str, published: Published) -> None:
        if mode == "off":
            return
        if not env.token or not env.repository:
            published.notices.append("no GITHUB_TOKEN or GITHUB_REPOSITORY: no comment posted.")
            return
        from repocheck.github.api import ApiError, CommentPoster, Forbidden

        try:
            client = CommentPoster(env.repository, env.token, env.api_url)
            published.comment_url = client.post(pull.number, body, mode)
        except Forbidden as exc:
            notice = FORK_NOTICE if pull.from_fork else f"{FORK_NOTICE} ({exc})"
            published.notices.append(notice)
            emit("notice", notice, title="repocheck: no comment")
        except ApiError as exc:
            published.error = f"could not comment on pull request #{pull.number}: {exc}"

    return post


@click.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--comment",
    type=click.Choice(COMMENT_MODES),
    default="update",
    show_default=True,
    help="On a pull request: edit repocheck's one comment, post a new one, or post none.",
)
@options.fail_under
@options.config_file
@click.option(
    "--sarif",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the findings as SARIF 2.1.0 to FILE.",
)
@click.option(
    "--report-path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the JSON report (default: under RUNNER_TEMP, else a new private folder).",
)
@click.option(
    "--comment-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="On a pull request, also write the comment's Markdown to FILE.",
)
def command(
    path: Path,
    comment: str,
    fail_under: float | None,
    config_file: Path | None,
    sarif: Path | None,
    report_path: Path | None,
    comment_file: Path | None,
) -> None:
    """Analyze in GitHub Actions: comment the delta on the pull request, write the job summary,
    the outputs (score, grade, report-path) and annotations."""
    from repocheck.github.job import Job, JobError
    from repocheck.github.pr import Settings

    # As the main command words it: one line, exit 2, never a usage screen or an empty report.
    if not path.exists():
        raise Failure(f"{path}: no such file or directory")
    if not path.is_dir():
        raise Failure(f"{path}: not a directory")
    try:
        env = read_env(os.environ)
        job = Job(env, path, Settings(config_file, fail_under))
        job.analyze()
    except (ActionsEnvError, JobError) as exc:
        raise Failure(str(exc)) from exc
    try:
        job.write_files(report_path or _default_report_path(env), sarif)
    except OSError as exc:
        raise Failure(f"cannot write {exc.filename}: {exc.strerror}") from exc
    try:
        published = job.publish(poster(env, comment), comment_file)
    except OSError as exc:
        raise Failure(f"cannot write {exc.filename}: {exc.strerror}") from exc
    if published.error:
        emit("error", published.error, title="repocheck")
        raise Failure(published.error)
    failed = shortfall(job.head_report.score, job.threshold)
    if failed:
        click.echo(f"repocheck: {failed}", err=True)
        raise SystemExit(EXIT_BELOW_THRESHOLD)
