"""remote_head: where a remote's branch or tag points, asked of a real git server on 127.0.0.1."""

from __future__ import annotations

import time
from pathlib import Path

import git
import pytest

from repocheck.acquire import remote_head
from repocheck.acquire.targets import Remote, parse_target
from tests.fakes.git_repos import bare_copy
from tests.fakes.git_server import GitDaemon, HttpGitServer, basic_auth
from tests.helpers import Step, make_repo

TOKEN = "ghp_" + "H3ads" * 7  # built at run time: never a literal secret in the repo


def remote(url: str, ref: str | None = None, github_url: str = "https://github.com") -> Remote:
    """The Remote a user's URL becomes, as the batch gets it from parse_target."""
    found = parse_target(url, ref, github_url)
    assert isinstance(found, Remote)
    return found


@pytest.fixture(scope="module")
def heads_repo(tmp_path_factory: pytest.TempPathFactory, served: Path) -> dict[str, str]:
    """A served repository with a branch, a light tag and an annotated tag; name -> commit."""
    path = make_repo(
        tmp_path_factory.mktemp("heads") / "heads",
        [
            Step("Add the model", {"model.py": "def model():\n    return 1\n"}),
            Step("Add the trainer", {"train.py": "def train():\n    return 2\n"}, days=1),
        ],
    )
    repo = git.Repo(path)
    repo.create_tag("light", ref="HEAD~1")
    repo.create_tag("v1", ref="HEAD~1", message="First release")  # a tag object to peel
    repo.git.checkout("-q", "-b", "dev")
    make_repo(path, [Step("Add dev notes", {"NOTES.md": "dev\n"}, days=2)])
    repo.git.checkout("-q", "main")
    bare_copy(path, served, "heads")
    tag = repo.tags["v1"].tag
    assert tag is not None
    return {
        "main": repo.commit("main").hexsha,
        "dev": repo.commit("dev").hexsha,
        "light": repo.commit("light").hexsha,
        "v1": repo.commit("v1").hexsha,
        "v1-object": tag.hexsha,
    }


def test_head_branch_and_tags_resolve_to_their_commits(
    heads_repo: dict[str, str], daemon: GitDaemon
) -> None:
    url = daemon.url("heads")
    assert remote_head(remote(url), None) == heads_repo["main"]
    for ref in ("main", "dev", "light", "v1"):
        assert remote_head(remote(url, ref), None) == heads_repo[ref], ref
    assert heads_repo["v1"] != heads_repo["v1-object"]  # the annotated tag really was peeled


def test_a_full_sha_is_its_own_answer_without_asking() -> None:
    sha = "a" * 40
    nowhere = remote(f"git://127.0.0.1:9/gone@{sha}")
    assert remote_head(nowhere, None, timeout=5) == sha


def test_what_git_cannot_find_is_none(heads_repo: dict[str, str], daemon: GitDaemon) -> None:
    assert remote_head(remote(daemon.url("missing")), None, timeout=10) is None
    assert remote_head(remote(daemon.url("heads"), "nope"), None, timeout=10) is None
    assert remote_head(remote(daemon.url("heads"), heads_repo["dev"][:10]), None) is None
    assert remote_head(remote("git://127.0.0.1:9/heads"), None, timeout=10) is None


def test_a_stalling_server_is_given_up_at_the_deadline(
    heads_repo: dict[str, str], served: Path
) -> None:
    with GitDaemon(served, stall_after=1) as server:
        started = time.monotonic()
        found = remote_head(remote(server.url("heads")), None, timeout=2)
        took = time.monotonic() - started
        assert server.stalled.is_set()
    assert found is None
    assert took < 10


def test_a_token_goes_as_a_header_to_its_host_only(
    heads_repo: dict[str, str], served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = tmp_path / "trace.txt"
    # trace2 logs the whole command line of git and of every helper it runs, -c options too.
    monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))
    with HttpGitServer(served, token=TOKEN) as server:
        base = f"http://127.0.0.1:{server.port}"
        private = remote(server.url("heads"), github_url=base)
        elsewhere = remote(server.url("heads"))  # the token is for github.com, not this host
        started = time.monotonic()
        assert remote_head(private, None, timeout=10) is None  # 401, and no prompt waits
        assert remote_head(elsewhere, TOKEN, timeout=10) is None
        assert time.monotonic() - started < 10
        unsent = list(server.requests)
        assert remote_head(private, TOKEN, timeout=10) == heads_repo["main"]
        requests = list(server.requests)
    assert unsent and not any("Authorization" in headers for _, headers in unsent)
    assert any(headers.get("Authorization") == basic_auth(TOKEN) for _, headers in requests)
    assert all(TOKEN not in path for path, _ in requests)
    commands = trace.read_text(encoding="utf-8")
    assert '"ls-remote"' in commands and "remote-http" in commands
    assert "protocol.allow=never" in commands  # the guarded options are there to be seen ...
    assert TOKEN not in commands and basic_auth(TOKEN).split()[1] not in commands  # ... not it
