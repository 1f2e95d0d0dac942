"""The Action when GitHub says no: a fork's read-only token, server errors, rate limits, a
rejected body; and the modes and events that post no comment at all."""

from __future__ import annotations

import re
from pathlib import Path

import git
import pytest

from repocheck.github.api import MARKER
from tests.fakes.github_api import (
    FORBIDDEN,
    SECONDARY_LIMIT,
    SERVER_ERROR,
    TOO_LONG,
    FakeGitHub,
    Fault,
)
from tests.github.actions_env import NUMBER, TOKEN, commit, pull_request_event, run_action
from tests.helpers import Step, make_repo

COMMENTS = rf"/issues/{NUMBER}/comments"


@pytest.fixture
def pull(tmp_path: Path) -> tuple[Path, dict]:
    """A two-commit main and a pull request adding one file; returns (repo, event)."""
    repo = make_repo(
        tmp_path / "repo",
        [
            Step("Describe the project", {"README.md": "# Blobs\n\nClassify two blobs.\n"}),
            Step("Add the model", {"model.py": '"""The model."""\n\nSIZE = 3\n'}, days=1),
        ],
    )
    base_sha = git.Repo(repo).head.commit.hexsha
    git.Repo(repo).git.checkout("-q", "-b", "feature")
    head_sha = commit(repo, "Load the data", {"data.py": '"""Data."""\n\nimport os\n'})
    return repo, pull_request_event(base_sha, head_sha)


def test_a_forks_403_ends_green_with_the_report_in_the_summary(
    pull: tuple[Path, dict], tmp_path: Path
) -> None:
    repo, event = pull
    event = pull_request_event(
        event["pull_request"]["base"]["sha"], event["pull_request"]["head"]["sha"], fork=True
    )
    with FakeGitHub(TOKEN) as api:
        api.faults.append(Fault("POST", COMMENTS, 403, FORBIDDEN))
        run = run_action(repo, api, tmp_path / "work", event)
    assert run.process.returncode == 0, run.process.stderr
    assert "::notice title=repocheck%3A no comment::" in run.process.stdout
    assert "forks get a read-only token" in run.summary
    assert "## repocheck:" in run.summary and "Full report" in run.summary
    assert api.comments.get(NUMBER, []) == []
    assert TOKEN not in run.process.stdout + run.process.stderr + run.summary


def test_a_500_is_retried(pull: tuple[Path, dict], tmp_path: Path) -> None:
    repo, event = pull
    with FakeGitHub(TOKEN) as api:
        api.faults.append(Fault("GET", COMMENTS, 500, SERVER_ERROR))
        run = run_action(repo, api, tmp_path / "work", event)
    assert run.process.returncode == 0, run.process.stderr
    assert len(api.made("GET", COMMENTS)) == 2
    assert len(api.comments[NUMBER]) == 1


def test_a_secondary_rate_limit_waits_for_retry_after(
    pull: tuple[Path, dict], tmp_path: Path
) -> None:
    repo, event = pull
    with FakeGitHub(TOKEN) as api:
        api.faults.append(Fault("POST", COMMENTS, 403, SECONDARY_LIMIT, {"Retry-After": "1"}))
        run = run_action(repo, api, tmp_path / "work", event)
    assert run.process.returncode == 0, run.process.stderr
    first, second = api.made("POST", COMMENTS)
    assert second.at - first.at >= 1.0
    assert api.comments[NUMBER][0]["body"].startswith(MARKER)


def test_a_422_is_one_clear_line_and_a_failed_step(pull: tuple[Path, dict], tmp_path: Path) -> None:
    repo, event = pull
    with FakeGitHub(TOKEN) as api:
        api.faults.append(Fault("POST", COMMENTS, 422, TOO_LONG))
        run = run_action(repo, api, tmp_path / "work", event)
    assert run.process.returncode == 2
    lines = run.process.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("repocheck: error: could not comment")
    assert "422" in lines[0] and "body is too long" in lines[0]
    assert "Traceback" not in run.process.stderr and TOKEN not in run.process.stderr
    assert "## repocheck:" in run.summary  # the report is still there for the reader
    assert len(api.made("POST")) == 1  # a 422 is not retried


def test_new_mode_posts_a_fresh_comment_and_off_posts_none(
    pull: tuple[Path, dict], tmp_path: Path
) -> None:
    repo, event = pull
    with FakeGitHub(TOKEN) as api:
        for index in range(2):
            run = run_action(repo, api, tmp_path / f"new{index}", event, "--comment", "new")
            assert run.process.returncode == 0, run.process.stderr
        saved = tmp_path / "saved" / "comment.md"
        off = run_action(
            repo, api, tmp_path / "off", event, "--comment", "off", "--comment-file", str(saved)
        )
    assert off.process.returncode == 0 and "## repocheck:" in off.summary
    assert saved.read_text(encoding="utf-8").startswith(MARKER)  # for a second workflow to post
    assert len(api.comments[NUMBER]) == 2
    assert len(api.made("POST")) == 2 and not api.made("GET")  # new never looks, off never posts


def test_a_push_writes_the_summary_and_calls_no_api(
    pull: tuple[Path, dict], tmp_path: Path
) -> None:
    repo, _ = pull
    with FakeGitHub(TOKEN) as api:
        run = run_action(
            repo, api, tmp_path / "work", {"ref": "refs/heads/main"}, event_name="push"
        )
    assert run.process.returncode == 0, run.process.stderr
    assert api.requests == []
    assert run.summary.startswith("## repocheck: ") and run.outputs["grade"]


def test_a_base_missing_from_a_shallow_clone_gives_a_notice(
    pull: tuple[Path, dict], tmp_path: Path
) -> None:
    repo, event = pull
    event["pull_request"]["base"]["sha"] = "f" * 40
    event["pull_request"]["base"]["ref"] = "gone"
    with FakeGitHub(TOKEN) as api:
        run = run_action(repo, api, tmp_path / "work", event)
    assert run.process.returncode == 0, run.process.stderr
    body = api.comments[NUMBER][0]["body"]
    assert "fetch-depth: 0" in body and re.search(r"## repocheck: \d+(\.\d)?/100", body)


def test_fail_under_fails_the_step_after_commenting(
    pull: tuple[Path, dict], tmp_path: Path
) -> None:
    repo, event = pull
    with FakeGitHub(TOKEN) as api:
        run = run_action(repo, api, tmp_path / "work", event, "--fail-under", "99")
    assert run.process.returncode == 1
    assert "below --fail-under 99" in run.process.stderr
    assert len(api.comments[NUMBER]) == 1


def test_an_oversized_comment_is_cut_under_the_limit_keeping_the_delta(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", [Step("Describe the project", {"README.md": "# x\n"})])
    base_sha = git.Repo(repo).head.commit.hexsha
    git.Repo(repo).git.checkout("-q", "-b", "feature")
    # A sweep of scripts in deep, long-named folders: every finding's path is ~500 characters.
    deep = "/".join(["experiments_with_a_descriptive_folder_name_for_each_sweep_of_the_grid"] * 6)
    user_dir = "/ho" + "me/ada/experiments/data"
    files: dict[str, str | None] = {
        f"{deep}/sweep_{i:03d}_with_the_learning_rate_and_batch_size_in_its_name.py": (
            "import os, sys, json\nimport numpy as np\n"
            f"PATH = '{user_dir}/run_{i}.csv'\n"
            "def f(a,b):\n  return np.random.rand(a)+b\n"
        )
        for i in range(40)
    }
    head_sha = commit(repo, "Add the sweep", files)
    with FakeGitHub(
        TOKEN
    ) as api:  # the stand-in refuses a body over 65,536 characters, as GitHub does
        run = run_action(repo, api, tmp_path / "work", pull_request_event(base_sha, head_sha))
    assert run.process.returncode == 0, run.process.stderr
    uncut = run.summary.split("### More findings")[0]  # the summary has the comment uncut
    assert len(uncut) > 65_536
    body = api.comments[NUMBER][0]["body"]
    assert len(body) <= 65_536
    assert "**Shortened:**" in body
    introduced = re.search(r"### Introduced by this pull request \((\d+)\)", body)
    in_summary = re.search(r"### Introduced by this pull request \((\d+)\)", run.summary)
    assert introduced and in_summary and introduced.group(1) == in_summary.group(1)
    assert body.count("</details>") >= body.count("<details>")
