"""One run of the Action: analyze, write the files, comment, summarize, annotate, report back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from repocheck.facts.collect import CollectError
from repocheck.facts.config import ConfigError
from repocheck.facts.gitcmd import object_id
from repocheck.github import annotate, comment
from repocheck.github.api import MARKER
from repocheck.github.delta import Delta, Finding, compare, findings_of
from repocheck.github.env import ActionsEnv, PullRequest
from repocheck.github.pr import (
    BaseUnavailable,
    Settings,
    analyze,
    analyze_base,
    changed_files,
    subject_of,
    toplevel,
)
from repocheck.github.workflow import (
    SUMMARY_LIMIT,
    append_summary,
    commands_stopped,
    write_outputs,
)
from repocheck.render import render
from repocheck.report import Report


class JobError(Exception):
    """The run cannot go on (bad configuration); the message is one line."""


@dataclass
class Published:
    """What publishing produced: notices for the summary, a late error, the comment's URL."""

    notices: list[str] = field(default_factory=list)
    error: str | None = None
    comment_url: str | None = None


#: Posts ``body`` on ``pull`` and records what happened in ``Published``.
Poster = Callable[[PullRequest, str, Published], None]


class Job:
    """The state of one ``repocheck github`` run, stage by stage."""

    def __init__(self, env: ActionsEnv, path: Path, settings: Settings) -> None:
        self.env = env
        self.path = path
        self.settings = settings
        self.pull = env.pull_request
        self.head: Report | None = None
        self.base: Report | None = None
        self.notices: list[str] = []
        self.prefix = self._prefix()
        self.report_path: Path | None = None
        #: The files the pull request changed (from the root); None when not known.
        self.changed: frozenset[str] | None = None

    def _prefix(self) -> str:
        """The analyzed folder relative to the repository root ("" at the root or outside git)."""
        try:
            top = toplevel(self.path)
        except BaseUnavailable:
            return ""
        inner = self.path.resolve().relative_to(top).as_posix()
        return "" if inner == "." else inner

    @property
    def head_report(self) -> Report:
        """The head's report; only valid after ``analyze``."""
        assert self.head is not None, "analyze() first"
        return self.head

    @property
    def threshold(self) -> float | None:
        """The fail-under in force: the command line's, else the repository's config."""
        return self.head_report.fail_under

    def analyze(self) -> None:
        """Analyze the head and, on a pull request, its merge base."""
        try:
            self.head = analyze(self.path, self.settings, display=str(self.path))
            if self.pull is not None:
                self.base = analyze_base(self.path, self.pull, self.settings)
                self.changed = changed_files(self.path, self.pull)
        except (ConfigError, CollectError) as exc:
            raise JobError(str(exc)) from exc
        except BaseUnavailable as exc:
            self.notices.append(f"no comparison with the base: {exc}.")

    def write_files(self, report_path: Path, sarif: Path | None) -> None:
        """Write the JSON report (the ``report-path`` output) and, when asked, the SARIF file."""
        report_path.parent.mkdir(parents=True, exist_ok=True)
        report_path.write_text(render(self.head_report, "json"), encoding="utf-8")
        self.report_path = report_path
        if sarif is not None:
            from repocheck.render.jsontext import dumps
            from repocheck.render.sarif import sarif_document

            document = sarif_document(self.head_report, self.prefix)
            sarif.parent.mkdir(parents=True, exist_ok=True)
            sarif.write_text(dumps(document) + "\n", encoding="utf-8")

    def _view(self) -> comment.PullView:
        pull = self.pull
        event_sha = object_id(pull.head_sha) if pull else None
        head_sha = event_sha or self.head_report.target.commit
        subject = subject_of(self.path, head_sha) if head_sha else None
        base_commit = self.base.target.commit if self.base is not None else None
        return comment.PullView(pull.number if pull else None, head_sha, subject, base_commit)

    def publish(self, post: Poster, comment_file: Path | None = None) -> Published:
        """Comment (on a pull request), annotate, and write the summary and the outputs.

        ``comment_file`` receives the comment's body too, for a second workflow to post
        (the fork pattern in docs/github-action.md).
        """
        head = self.head_report.to_dict()
        delta: Delta | None = None
        if self.base is not None:
            delta = compare(self.base.to_dict(), head)
        view = self._view()
        detail = render(self.head_report, "markdown")
        published = Published(notices=list(self.notices))
        if self.pull is not None:
            body, _ = comment.compose_comment(
                head, delta, view, detail, marker=MARKER, notices=self.notices
            )
            if comment_file is not None:
                comment_file.parent.mkdir(parents=True, exist_ok=True)
                comment_file.write_text(body, encoding="utf-8")
            post(self.pull, body, published)
        rest = self._annotate(head, delta)
        summary = comment.compose_summary(
            head, delta, view, detail, notices=published.notices, more=rest, limit=SUMMARY_LIMIT
        )
        append_summary(self.env.step_summary, summary)
        self._log(published)
        write_outputs(self.env.output, self._outputs())
        return published

    def _annotate(self, head: dict[str, Any], delta: Delta | None) -> list[Finding]:
        """Print up to ten annotations (introduced findings first, on a pull request only in
        the files it changed); return the others."""
        shown, rest = annotate.choose(
            findings_of(head),
            delta.introduced if delta else (),
            changed=self.changed,
            prefix=self.prefix,
        )
        for finding in shown:
            click.echo(annotate.annotation(finding, self.prefix))
        return rest

    def _log(self, published: Published) -> None:
        # The terminal report holds repo-derived text: no line of it may act as a command.
        with commands_stopped():
            click.echo(render(self.head_report, "terminal"), nl=False)
        if published.comment_url:
            click.echo(f"repocheck: comment at {published.comment_url}")

    def _outputs(self) -> dict[str, str]:
        report = self.head_report
        return {
            "score": "" if report.score is None else f"{report.score:g}",
            "grade": report.grade,
            "report-path": str(self.report_path or ""),
        }
