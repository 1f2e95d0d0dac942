"""``gh:USERNAME``: a user's repositories through PyGithub, against a stand-in API on 127.0.0.1."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from repocheck.batch.accounts import AccountError, RepoFilter, api_url_for, list_repositories
from tests.batch.repos import applicant_repo
from tests.fakes.fixtures import Sandbox
from tests.fakes.git_server import HttpGitServer
from tests.fakes.github_api import FakeGitHub, FakeRepo

TOKEN = "ghp_" + "batch" * 7  # built at run time: never a literal secret in the repo


@pytest.fixture
def api() -> Iterator[FakeGitHub]:
    users = {
        "ada": [
            FakeRepo("mnist", commits=12),
            FakeRepo("dotfiles", language="Shell", commits=40),
            FakeRepo("forked-lib", fork=True),
            FakeRepo("old-course", archived=True),
            FakeRepo("notebooks", language="Jupyter Notebook", commits=8),
            FakeRepo("hello", commits=1),
            FakeRepo("empty", commits=0),
        ],
        "many": [FakeRepo(f"repo{i:03d}", commits=3) for i in range(130)],
        "nobody-home": [FakeRepo("fork", fork=True)],
    }
    with FakeGitHub(users=users) as server:
        yield server


def test_forks_and_archives_are_left_out_and_filters_apply(api: FakeGitHub) -> None:
    listed = list_repositories("ada", api.url, None, RepoFilter())
    assert listed == [
        "gh:ada/mnist", "gh:ada/dotfiles", "gh:ada/notebooks", "gh:ada/hello", "gh:ada/empty",
    ]  # fmt: skip
    python = RepoFilter(min_commits=2, languages=("python", "Jupyter Notebook"))
    assert list_repositories("ada", api.url, None, python) == ["gh:ada/mnist", "gh:ada/notebooks"]
    assert list_repositories("ada", api.url, None, RepoFilter(max_repos=2)) == [
        "gh:ada/mnist",
        "gh:ada/dotfiles",
    ]


def test_every_page_is_read_and_commits_are_counted_in_one_request(api: FakeGitHub) -> None:
    assert len(list_repositories("many", api.url, None, RepoFilter())) == 130
    api.requests.clear()
    listed = list_repositories("ada", api.url, TOKEN, RepoFilter(min_commits=10))
    assert listed == ["gh:ada/mnist", "gh:ada/dotfiles"]
    counted = [r.path for r in api.requests if "/commits" in r.path]
    assert len(counted) == 5 and all("per_page=1" in path for path in counted)
    assert all(r.headers.get("authorization") == f"token {TOKEN}" for r in api.requests)


def test_an_unknown_user_is_one_line(api: FakeGitHub) -> None:
    with pytest.raises(AccountError, match=r"^gh:ghost: no such GitHub user$"):
        list_repositories("ghost", api.url, None, RepoFilter())


def test_an_unreachable_api_is_one_line() -> None:
    with pytest.raises(AccountError, match="cannot reach the GitHub API at http://127.0.0.1:9"):
        list_repositories("ada", "http://127.0.0.1:9", None, RepoFilter(), timeout=5)


def test_api_url_for_github_and_enterprise() -> None:
    assert api_url_for("https://github.com") == "https://api.github.com"
    assert api_url_for("https://git.corp.example/") == "https://git.corp.example/api/v3"


def test_batch_expands_users_and_clones_from_the_configured_host(
    api: FakeGitHub, served: Path, http_git: HttpGitServer, sandbox: Sandbox
) -> None:
    applicant_repo(served / "ada" / "mnist", 3)
    applicant_repo(served / "ada" / "notebooks", 1, variant=1)
    listing = sandbox.root / "list.txt"
    listing.write_text("gh:nobody-home\n", encoding="utf-8")
    out = sandbox.root / "out"
    result = sandbox.run(
        "batch", listing, "--github-user", "ada", "--github-user", "ghost",
        "--language", "Python", "--language", "Jupyter Notebook", "--min-commits", "2",
        "--github-url", http_git.url("").rstrip("/"), "--github-api-url", api.url,
        "-o", out, "--no-progress",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO((out / "repos.csv").read_text(encoding="utf-8"))))
    found = {(r["applicant"], r["repo"].rsplit("/", 2)[-2:][-1], r["status"]) for r in rows}
    assert found == {
        ("ada", "mnist", "analyzed"),
        ("ada", "notebooks", "analyzed"),
        ("nobody-home", "gh:nobody-home", "failed"),
        ("ghost", "gh:ghost", "failed"),
    }
    reasons = {r["applicant"]: r["reason"] for r in rows if r["status"] == "failed"}
    assert reasons == {
        "nobody-home": "gh:nobody-home: no public repository matched the filters",
        "ghost": "gh:ghost: no such GitHub user",
    }
    listed = {r["applicant"]: r["listed_at"] for r in rows}
    assert listed["ada"] == "option --github-user ada" and listed["nobody-home"] == "line 1"
