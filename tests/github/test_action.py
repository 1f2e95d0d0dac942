"""The Action's command end to end: a real repository, a pull request pushed three times, and
a GitHub API stand-in on 127.0.0.1 that records what repocheck sent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import git
import pytest

from repocheck.github.api import MARKER
from repocheck.score import shown
from tests.fakes.github_api import FakeGitHub
from tests.fixtures import exemplary_repo
from tests.github.actions_env import (
    NUMBER,
    TOKEN,
    Run,
    commit,
    pull_request_event,
    run_action,
)
from tests.runner import repocheck

USER_PATH = "/ho" + "me/ada/data/blobs.csv"
PATHS_BAD = f'"""Where the data lives."""\n\nDATA = "{USER_PATH}"\n'
PATHS_GOOD = (
    '"""Where the data lives."""\n\nfrom pathlib import Path\n\n'
    'DATA = Path(__file__).parent / "data" / "blobs.csv"\n'
)
NOTES = '"""Scratch notes."""\n\nimport json\nimport os\nimport sys\n'  # 3: a pattern, not a slip
HOSTILE = "@everyone <!-- x --> use a path relative to the package"
#: The arguments action.yml builds from the example workflow's inputs (fail-under: 50).
EXAMPLE_ARGS = ("--comment", "update", "--fail-under", "50")


def without_code_spans(markdown: str) -> str:
    """GitHub shows code spans literally: no mention, link or HTML comment works inside one."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown)


def section(body: str, title: str) -> str:
    """The lines under a ``### title`` heading, up to the next heading or <details>."""
    match = re.search(rf"### {title}[^\n]*\n(.*?)(?=\n###|\n<details>|\Z)", body, re.S)
    return match.group(1) if match else ""


@dataclass
class Pushes:
    """Three pushes to one pull request, each followed by a run of the Action."""

    api: FakeGitHub
    base_score: float
    runs: list[Run] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def pushes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pushes]:
    root = tmp_path_factory.mktemp("pr")
    repo = exemplary_repo(root / "portfolio")
    base_report = repocheck("--format", "json", repo)
    assert base_report.returncode == 0, base_report.stderr
    base_score = json.loads(base_report.stdout)["score"]
    handle = git.Repo(repo)
    base_sha = handle.head.commit.hexsha
    handle.git.checkout("-q", "-b", "feature")
    steps = [
        ("Read the blobs from the shared data folder", {"tinyclf/paths.py": PATHS_BAD}),
        ("Keep scratch notes next to the code", {"tinyclf/notes.py": NOTES}),
        (HOSTILE, {"tinyclf/paths.py": PATHS_GOOD}),
    ]
    with FakeGitHub(TOKEN, page_size=2) as api:
        for who in ("ada", "grace", "alan"):  # earlier discussion: the bot's comment is on page 2
            api.add_comment(NUMBER, f"Looks good to me, {who} here.")
        result = Pushes(api, base_score)
        for index, (message, files) in enumerate(steps):
            head_sha = commit(repo, message, files)
            event = pull_request_event(base_sha, head_sha)
            run = run_action(repo, api, root / f"run{index}", event, *EXAMPLE_ARGS)
            assert run.process.returncode == 0, run.process.stderr
            result.runs.append(run)
            ours = [c for c in api.comments[NUMBER] if c["body"].startswith(MARKER)]
            result.bodies.append(ours[-1]["body"])
        yield result


def test_three_pushes_leave_exactly_one_comment(pushes: Pushes) -> None:
    ours = [c for c in pushes.api.comments[NUMBER] if MARKER in c["body"]]
    assert len(ours) == 1
    assert len(pushes.api.made("POST")) == 1  # the first run creates it ...
    assert (
        len(pushes.api.made("PATCH", rf"/issues/comments/{ours[0]['id']}$")) == 2
    )  # ... then edits
    assert ours[0]["body"] == pushes.bodies[-1]


def test_the_comment_is_found_on_a_later_page(pushes: Pushes) -> None:
    pages = [r.path for r in pushes.api.made("GET", r"/comments")]
    assert any("page=2" in path for path in pages), pages


def test_each_push_shows_its_own_delta(pushes: Pushes) -> None:
    expected = [
        ({"REPRO005"}, set()),
        ({"REPRO005", "READ001"}, set()),
        ({"READ001"}, {"REPRO005"}),
    ]
    for run, body, (present, absent) in zip(pushes.runs, pushes.bodies, expected, strict=True):
        head = run.report["score"]
        header = f"## repocheck: {shown(pushes.base_score)} → {shown(head)}"
        assert header in body, body[:300]
        introduced = section(body, "Introduced by this pull request")
        found = set(re.findall(r"\*\*([A-Z]+\d{3})\*\*", introduced))
        assert present <= found, introduced
        assert not absent & found, introduced
        assert "| Reproducibility |" in body and "<details><summary>Full report" in body
    first = section(pushes.bodies[0], "Introduced by this pull request")
    assert "`tinyclf/paths.py:3`" in first
    assert pushes.runs[2].report["score"] > pushes.runs[1].report["score"]


def test_a_hostile_commit_message_is_rendered_harmless(pushes: Pushes) -> None:
    body = pushes.bodies[-1]
    assert "everyone" in body  # the subject is shown ...
    text = without_code_spans(body)
    assert "@everyone" not in text  # ... but notifies no one
    assert text.count("<!--") == 1 and text.startswith(MARKER)  # only our own marker


def test_summary_outputs_and_annotations(pushes: Pushes) -> None:
    run = pushes.runs[0]
    assert run.outputs["grade"] == run.report["grade"]
    assert float(run.outputs["score"]) == run.report["score"]
    assert run.report["repository"]["analyzed"] == "commit"  # a pull request is its commit
    assert run.report["repository"]["uncommitted_files"] is None
    assert "## repocheck:" in run.summary and "Full report" in run.summary
    # repocheck's own code spans render as code: nothing of ours is escaped into backticks.
    assert "\\`" not in run.summary and "\\`" not in pushes.bodies[0]
    warnings = [line for line in run.process.stdout.splitlines() if line.startswith("::warning ")]
    assert 1 <= len(warnings) <= 10
    assert warnings[0].startswith("::warning file=tinyclf/paths.py,line=3,")  # introduced first


def test_annotations_are_on_changed_files_each_with_its_own_detail(pushes: Pushes) -> None:
    changed = {"tinyclf/paths.py", "tinyclf/notes.py"}  # what the pull request touched
    for run in pushes.runs:
        warnings = [w for w in run.process.stdout.splitlines() if w.startswith("::warning ")]
        assert len(warnings) == len(set(warnings))
        files = {w.split("file=", 1)[1].split(",", 1)[0] for w in warnings}
        assert files <= changed
        summaries = {r["message"] for r in run.report["rules"]}
        assert not {w.rsplit("::", 1)[1] for w in warnings} & summaries
    first = [w for w in pushes.runs[0].process.stdout.splitlines() if "REPRO005" in w]
    assert first and first[0].endswith(f"::{USER_PATH}")  # the path found, not the summary


def test_the_token_never_appears(pushes: Pushes) -> None:
    for run in pushes.runs:
        assert TOKEN not in run.process.stdout + run.process.stderr + run.summary
