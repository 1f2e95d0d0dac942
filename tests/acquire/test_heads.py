"""remote_head: where a remote's branch or tag points, asked of a real git server on 127.0.0.1."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from repocheck.acquire import remote_head
from repocheck.acquire.targets import Remote, parse_target
from tests.fakes.git_server import GitDaemon, HttpGitServer, basic_auth

TOKEN = "ghp_" + "H3ads" * 7  # built at run time: never a literal secret in the repo


def remote(url: str, ref: str | None = None, github_url: str = "https://github.com") -> Remote:
    """The Remote a user's URL becomes, as the batch gets it from parse_target."""
    found = parse_target(url, ref, github_url)
    assert isinstance(found, Remote)
    return found


def test_head_branch_and_tags_resolve_to_their_commits(
    refs_repo: dict[str, str], daemon: GitDaemon
) -> None:
    url = daemon.url("refs")
    assert remote_head(remote(url), None) == refs_repo["main"]
    for ref in ("main", "dev", "v1", "v1.0"):
        assert remote_head(remote(url, ref), None) == refs_repo[ref], ref
    assert refs_repo["v1.0"] != refs_repo["v1.0-object"]  # the annotated tag really was peeled


def test_a_full_sha_is_its_own_answer_without_asking() -> None:
    sha = "a" * 40
    nowhere = remote(f"git://127.0.0.1:9/gone@{sha}")
    assert remote_head(nowhere, None, timeout=5) == sha


def test_what_git_cannot_find_is_none(refs_repo: dict[str, str], daemon: GitDaemon) -> None:
    assert remote_head(remote(daemon.url("missing")), None, timeout=10) is None
    assert remote_head(remote(daemon.url("refs"), "nope"), None, timeout=10) is None
    assert remote_head(remote(daemon.url("refs"), refs_repo["dev"][:10]), None) is None
    assert remote_head(remote("git://127.0.0.1:9/heads"), None, timeout=10) is None


def test_a_stalling_server_is_given_up_at_the_deadline(
    refs_repo: dict[str, str], served: Path
) -> None:
    with GitDaemon(served, stall_after=1) as server:
        started = time.monotonic()
        found = remote_head(remote(server.url("refs")), None, timeout=2)
        took = time.monotonic() - started
        assert server.stalled.is_set()
    assert found is None
    assert took < 10


def test_a_token_goes_as_a_header_to_its_host_only(
    refs_repo: dict[str, str], served: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = tmp_path / "trace.txt"
    # trace2 logs the whole command line of git and of every helper it runs, -c options too.
    monkeypatch.setenv("GIT_TRACE2_EVENT", str(trace))
    with HttpGitServer(served, token=TOKEN) as server:
        base = f"http://127.0.0.1:{server.port}"
        private = remote(server.url("refs"), github_url=base)
        elsewhere = remote(server.url("refs"))  # the token is for github.com, not this host
        started = time.monotonic()
        assert remote_head(private, None, timeout=10) is None  # 401, and no prompt waits
        assert remote_head(elsewhere, TOKEN, timeout=10) is None
        assert time.monotonic() - started < 10
        unsent = list(server.requests)
        assert remote_head(private, TOKEN, timeout=10) == refs_repo["main"]
        requests = list(server.requests)
    assert unsent and not any("Authorization" in headers for _, headers in unsent)
    assert any(headers.get("Authorization") == basic_auth(TOKEN) for _, headers in requests)
    assert all(TOKEN not in path for path, _ in requests)
    commands = trace.read_text(encoding="utf-8")
    assert '"ls-remote"' in commands and "remote-http" in commands
    assert "protocol.allow=never" in commands  # the guarded options are there to be seen ...
    assert TOKEN not in commands and basic_auth(TOKEN).split()[1] not in commands  # ... not it
