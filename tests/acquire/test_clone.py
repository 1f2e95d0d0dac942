"""Remote targets end to end: a real server on 127.0.0.1, the real command, the clone cleaned up."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import git
import pytest

from tests.fakes.fixtures import Sandbox, fingerprint, one_line_error
from tests.fakes.git_repos import bare_copy
from tests.fakes.git_server import GitDaemon, HttpGitServer
from tests.runner import command

TOKEN = "ghp_" + "T0ken" * 7  # built at run time: never a literal secret in the repo


def comparable(report: dict) -> list[tuple]:
    return [
        (r["id"], r["status"], r["score"], r["message"], r["evidence"]) for r in report["rules"]
    ]


def test_git_url_gives_the_same_results_as_the_local_path(
    exemplary: Path, served: Path, daemon: GitDaemon, sandbox: Sandbox
) -> None:
    bare_copy(exemplary, served, "tiny-classifier")
    local = sandbox.report(exemplary)
    url = daemon.url("tiny-classifier")
    remote = sandbox.report(url)
    assert comparable(remote) == comparable(local)
    assert remote["score"] == local["score"] and remote["stats"] == local["stats"]
    assert remote["repository"]["commit"] == local["repository"]["commit"]
    assert remote["repository"]["url"] == url and remote["repository"]["branch"] == "main"
    sandbox.assert_clean()


def test_http_url_and_gh_shorthand_with_a_github_stand_in(
    exemplary: Path, served: Path, http_git: HttpGitServer, sandbox: Sandbox
) -> None:
    (served / "ada").mkdir(exist_ok=True)
    bare_copy(exemplary, served, "ada/tiny-classifier")
    base = f"http://127.0.0.1:{http_git.port}"
    report = sandbox.report("gh:ada/tiny-classifier", "--github-url", base)
    assert report["repository"]["url"] == f"{base}/ada/tiny-classifier"
    assert report["repository"]["name"] == "tiny-classifier"
    assert report["repository"]["analyzed"] == "commit"
    short = sandbox.report("ada/tiny-classifier", env={"REPOCHECK_GITHUB_URL": base})
    assert comparable(short) == comparable(report)
    sandbox.assert_clean()


@pytest.mark.parametrize(
    ("ref", "branch"), [("dev", "dev"), ("v1", None), ("v1.0", None), ("main", "main")]
)
def test_ref_option_checks_out_a_branch_or_tag(
    refs_repo: dict[str, str], daemon: GitDaemon, sandbox: Sandbox, ref: str, branch: str | None
) -> None:
    report = sandbox.report(daemon.url("refs"), "--ref", ref)
    assert report["repository"]["commit"] == refs_repo[ref]
    assert report["repository"]["branch"] == branch
    sandbox.assert_clean()


def test_at_ref_suffix_takes_a_commit_and_keeps_the_full_history(
    refs_repo: dict[str, str], daemon: GitDaemon, sandbox: Sandbox
) -> None:
    sha = refs_repo["dev"]
    report = sandbox.report(f"{daemon.url('refs')}@{sha[:10]}")
    assert report["repository"]["commit"] == sha
    assert report["stats"]["commits"] == 3  # every commit, though the blobs came for one


def test_an_unknown_ref_is_a_one_line_error(
    refs_repo: dict[str, str], daemon: GitDaemon, sandbox: Sandbox
) -> None:
    line = one_line_error(sandbox.run(daemon.url("refs"), "--ref", "nope"))
    assert "no branch, tag or commit 'nope'" in line
    sandbox.assert_clean()


def test_keep_leaves_a_sealed_full_history_clone(
    refs_repo: dict[str, str], daemon: GitDaemon, sandbox: Sandbox
) -> None:
    kept = sandbox.work / "kept"
    sandbox.report(daemon.url("refs"), "--keep", "kept")  # relative to the working folder
    repo = git.Repo(kept)
    assert repo.head.commit.hexsha == refs_repo["main"]
    assert int(repo.git.rev_list("--count", "--all")) == 3
    # No promisor left: a later git command can never reach for the network.
    assert repo.git.config("--get-regexp", "promisor|partialclone", with_exceptions=False) == ""
    assert not (kept / ".git" / "hooks").exists()
    line = one_line_error(sandbox.run(daemon.url("refs"), "--keep", kept))
    assert "not empty" in line


def test_not_found_is_one_line_exit_2(
    daemon: GitDaemon, http_git: HttpGitServer, sandbox: Sandbox
) -> None:
    for url in (daemon.url("missing"), http_git.url("missing")):
        line = one_line_error(sandbox.run(url))
        assert line.endswith(f"cannot clone {url}: repository not found")
    sandbox.assert_clean()


def test_auth_failures_are_one_line_and_never_show_the_token(
    exemplary: Path, served: Path, sandbox: Sandbox
) -> None:
    bare_copy(exemplary, served, "private")
    with HttpGitServer(served, token=TOKEN) as server:
        base = f"http://127.0.0.1:{server.port}"
        missing = one_line_error(sandbox.run("gh:ada/private", "--github-url", base))
        wrong = one_line_error(
            sandbox.run(server.url("private"), "--github-url", base, "--token", TOKEN + "x")
        )
    with HttpGitServer(served, forbid=True) as server:
        forbidden = one_line_error(sandbox.run(server.url("private")))
    assert "authentication failed: private repository? set GITHUB_TOKEN" in missing
    assert "authentication failed: the token was refused" in wrong
    assert TOKEN not in wrong
    assert forbidden.endswith("access denied (HTTP 403)")
    sandbox.assert_clean()


def test_the_token_travels_as_a_header_and_never_shows(
    exemplary: Path, served: Path, sandbox: Sandbox
) -> None:
    bare_copy(exemplary, served, "private")
    kept = sandbox.root / "kept"
    out = sandbox.root / "report.json"
    with HttpGitServer(served, token=TOKEN) as server:
        base = f"http://127.0.0.1:{server.port}"
        env = {"GITHUB_TOKEN": TOKEN, "GIT_TRACE": "1", "GIT_CURL_VERBOSE": "1"}
        runs = [
            sandbox.run(server.url("private"), "--github-url", base, "--keep", kept, env=env),
            sandbox.run(server.url("private"), "--github-url", base, "-f", "json", "-o", out,
                        env=env),
            sandbox.run(server.url("private"), "--github-url", base, "-f", "markdown", env=env),
        ]  # fmt: skip
        requests = list(server.requests)
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert TOKEN not in run.stdout + run.stderr
    assert TOKEN not in out.read_text(encoding="utf-8")
    assert json.loads(out.read_text(encoding="utf-8"))["repository"]["commit"]
    for path in kept.rglob("*"):
        if path.is_file() and not path.is_symlink():
            assert TOKEN.encode() not in path.read_bytes(), path
    assert requests and all(TOKEN not in path for path, _ in requests)
    assert any("Authorization" in headers for _, headers in requests)


def test_the_token_is_not_sent_to_other_hosts(
    exemplary: Path, served: Path, sandbox: Sandbox
) -> None:
    bare_copy(exemplary, served, "other")
    with HttpGitServer(served) as server:
        run = sandbox.run(server.url("other"), env={"GITHUB_TOKEN": TOKEN})
        requests = list(server.requests)
    assert run.returncode == 0, run.stderr
    assert requests and not any("Authorization" in headers for _, headers in requests)


def test_transport_helpers_never_run(sandbox: Sandbox) -> None:
    canary = sandbox.root / "canary"
    for target in (f"ext::sh -c touch% {canary}", "ext::sh", f"--upload-pack=touch {canary}"):
        line = one_line_error(sandbox.run("--", target))
        assert "refused" in line or "start with '-'" in line
    assert not canary.exists()


def _stalled_run(tmp: Sandbox, url: str) -> tuple[subprocess.Popen[str], float]:
    process = subprocess.Popen(
        [*command(), url, "--clone-timeout", "60"],
        cwd=tmp.work,
        env={**os.environ, **tmp.env()},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, time.monotonic()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupting_a_clone_removes_it(
    exemplary: Path, served: Path, sandbox: Sandbox, sig: signal.Signals
) -> None:
    bare_copy(exemplary, served, "tiny-classifier")
    with GitDaemon(served, stall_after=2000) as server:
        process, _ = _stalled_run(sandbox, server.url("tiny-classifier"))
        assert server.stalled.wait(30), "the clone never reached the server"
        time.sleep(0.3)  # the clone is under way, its folder exists
        assert any(sandbox.tmp.iterdir())
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + sig
    assert "Traceback" not in stderr
    sandbox.assert_clean()


def test_nothing_outside_the_sandbox_changes_during_a_clone(
    exemplary: Path, served: Path, daemon: GitDaemon, sandbox: Sandbox
) -> None:
    bare_copy(exemplary, served, "tiny-classifier")
    before = fingerprint(served, exemplary, sandbox.work)
    sandbox.report(daemon.url("tiny-classifier"))
    assert fingerprint(served, exemplary, sandbox.work) == before
    sandbox.assert_clean()


def test_a_bare_repository_path_is_analyzed_at_its_head_like_its_url(
    exemplary: Path, served: Path, sandbox: Sandbox
) -> None:
    bare = bare_copy(exemplary, served, "tiny-classifier.git")
    local = sandbox.report(exemplary)
    from_bare = sandbox.report(bare)
    assert comparable(from_bare) == comparable(local)
    assert from_bare["repository"]["name"] == "tiny-classifier"
    assert from_bare["repository"]["analyzed"] == "commit"
    sandbox.assert_clean()
    error = one_line_error(sandbox.run(exemplary / ".git"))
    assert error.endswith(f"the .git folder of {exemplary}: analyze that folder instead")
