"""Class 7: credentials in a URL never leak, and IPv6 loopback URLs work (class 10).

A token pasted as a URL's user name (``http://TOKEN@host/owner/repo``) is sent as a header,
like ``GITHUB_TOKEN``, and appears in no output: not on the terminal, not in a report, not in
the batch's files or cache, not in a kept clone, not in git's echoed messages.
"""

from __future__ import annotations

import base64
import json
import pickle
import time
from pathlib import Path

import pytest

from repocheck.acquire import AcquireError
from repocheck.acquire.targets import Remote, parse_target
from tests.batch.repos import applicant_repo
from tests.fakes.fixtures import Sandbox, one_line_error
from tests.fakes.git_server import GitDaemon, HttpGitServer

TOKEN = "ghp_" + "Us3rInf0" * 5  # built at run time: never a literal secret in the repo
WRONG = "ghp_" + "Wr0ng" * 7


def files_below(*roots: Path) -> list[Path]:
    return [p for root in roots for p in [root, *root.rglob("*")] if p.is_file()]


def assert_absent(secret: str, texts: list[str], files: list[Path]) -> None:
    for text in texts:
        assert secret not in text, text
    assert files
    for path in files:
        assert secret.encode() not in path.read_bytes(), path


def test_a_token_as_user_name_is_sent_as_a_header_and_never_shows(
    served: Path, sandbox: Sandbox
) -> None:
    applicant_repo(served / "creds" / "private", 3)
    kept, out = sandbox.root / "kept", sandbox.root / "report.json"
    with HttpGitServer(served, credentials=f"{TOKEN}:") as server:
        url = f"http://{TOKEN}@127.0.0.1:{server.port}/creds/private"
        loud = {"GIT_TRACE": "1", "GIT_CURL_VERBOSE": "1"}  # git's own logs are scrubbed too
        ok = sandbox.run("-f", "json", "-o", out, "--keep", kept, url, env=loud)
        refused = sandbox.run(f"http://{WRONG}@127.0.0.1:{server.port}/creds/private")
        requests = list(server.requests)
    assert ok.returncode == 0, ok.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["repository"]["url"] == f"http://127.0.0.1:{server.port}/creds/private"
    assert "authentication failed" in one_line_error(refused)
    header = "Basic " + base64.b64encode(f"{TOKEN}:".encode()).decode()
    assert any(headers.get("Authorization") == header for _, headers in requests)
    assert all(TOKEN not in path and WRONG not in path for path, _ in requests)
    for secret in (TOKEN, WRONG):
        assert_absent(secret, [ok.stdout, ok.stderr, refused.stdout, refused.stderr],
                      files_below(kept, sandbox.root / "report.json"))  # fmt: skip
    sandbox.assert_clean()


def test_no_batch_output_or_cache_holds_a_url_credential(
    served: Path, daemon: GitDaemon, sandbox: Sandbox
) -> None:
    applicant_repo(served / "creds" / "batch", 2, variant=7)
    out, cache, listing = sandbox.root / "out", sandbox.root / "cache.db", sandbox.root / "list"
    with HttpGitServer(served, credentials=f"{TOKEN}:") as server:
        http = f"127.0.0.1:{server.port}"
        targets = [
            f"http://{TOKEN}@{http}/creds/batch",
            f"http://{TOKEN}@{http}/creds/missing",
            f"http://{TOKEN}@{http}",
            f"http://x:{TOKEN}@{http}/creds/batch",
            f"https://{TOKEN}@-host/creds/batch",
            f"git://{TOKEN}@127.0.0.1:{daemon.port}/creds/batch",
        ]
        listing.write_text("\n".join(targets) + "\n", encoding="utf-8")
        runs = [
            sandbox.run("batch", listing, "-o", out, "--cache", cache, "--no-progress", "-j", "2")
            for _ in range(2)  # the second run takes the reports from the cache
        ]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    assert "2 from the cache" in runs[1].stderr
    records = [json.loads(line) for line in (out / "reports.jsonl").read_text().splitlines()]
    assert sorted(r["status"] for r in records) == ["analyzed"] * 2 + ["failed"] * 4
    texts = [text for run in runs for text in (run.stdout, run.stderr)]
    assert_absent(TOKEN, texts, [*files_below(out), *cache.parent.glob("cache.db*")])


@pytest.mark.parametrize(
    ("target", "public"),
    [
        (f"https://{TOKEN}@github.com/ada/mnist", "https://github.com/ada/mnist"),
        (f"https://{TOKEN}:x-oauth-basic@h.org/a/b", "https://h.org/a/b"),
        (f"ssh://{TOKEN}@h.org:22/a/b.git@main", "ssh://h.org:22/a/b.git@main"),
        (f"{TOKEN}@h.org:a/b.git", "h.org:a/b.git"),
        (
            f"fatal: could not read Password for 'http://{TOKEN}@[::1]:80': no",
            "fatal: could not read Password for 'http://[::1]:80': no",
        ),  # fmt: skip
        ("https://github.com/ada/mnist@v1", "https://github.com/ada/mnist@v1"),
        ("gh:ada/mnist@v1", "gh:ada/mnist@v1"),
        ("ada@example.org wrote", "ada@example.org wrote"),
    ],
)
def test_without_userinfo_is_the_one_way_a_url_is_shown(target: str, public: str) -> None:
    from repocheck.acquire.userinfo import without_userinfo

    assert without_userinfo(target) == public


def test_a_url_user_name_reaches_git_only_where_git_needs_it() -> None:
    https = parse_target(f"https://{TOKEN}@h.org/ada/mnist@dev")
    assert isinstance(https, Remote)
    assert (https.clone_url, https.canonical, https.ref) == (
        "https://h.org/ada/mnist", "https://h.org/ada/mnist", "dev"
    )  # fmt: skip
    assert https.credential is not None and https.credential.scope == "https://h.org/"
    assert TOKEN not in repr(https)
    ssh = parse_target("ssh://git@h.org/ada/mnist.git")
    assert isinstance(ssh, Remote)
    assert (ssh.clone_url, ssh.canonical) == ("ssh://git@h.org/ada/mnist.git",
                                              "ssh://h.org/ada/mnist.git")  # fmt: skip
    daemon = parse_target(f"git://{TOKEN}@h.org/mnist")
    assert isinstance(daemon, Remote) and TOKEN not in daemon.clone_url
    for refused in (f"https://u:{TOKEN}@h.org/a/b", "ssh://-oProxyCommand=x@h.org/a/b"):
        with pytest.raises(AcquireError) as error:
            parse_target(refused)
        assert TOKEN not in str(error.value) and "-oProxy" not in str(error.value)


def test_ipv6_loopback_is_a_url_and_transport_helpers_are_still_refused(
    served: Path, sandbox: Sandbox
) -> None:
    found = parse_target("http://[::1]:8080/ada/mnist")
    assert isinstance(found, Remote) and "http" in found.transports
    for helper in ("ext::sh -c touch% /tmp/x", "fd::17", "::1", "x+y.z-1::addr"):
        with pytest.raises(AcquireError, match="transport helpers"):
            parse_target(helper)
    applicant_repo(served / "creds" / "ipv6", 1, variant=3)
    with HttpGitServer(served, host="::1") as server:
        report = sandbox.report(server.url("creds/ipv6"))
    assert report["repository"]["url"] == f"http://[::1]:{server.port}/creds/ipv6"
    with HttpGitServer(served, token=TOKEN, host="::1") as private:
        base = f"http://[::1]:{private.port}"  # a GitHub stand-in: the token goes there only
        shorthand = sandbox.report("gh:creds/ipv6", "--github-url", base,
                                   env={"GITHUB_TOKEN": TOKEN})  # fmt: skip
    assert shorthand["repository"]["url"] == f"{base}/creds/ipv6"
    sandbox.assert_clean()


def test_a_job_sent_to_a_cluster_carries_no_credential() -> None:
    from repocheck.acquire import options_from
    from repocheck.batch.cluster import without_credentials
    from repocheck.batch.work import Job, Rubric

    options = options_from(token=TOKEN)
    for target, sent in [
        (f"https://{TOKEN}@h.org/ada/mnist@v1", "https://h.org/ada/mnist@v1"),
        ("ssh://git@h.org/ada/mnist.git", "ssh://git@h.org/ada/mnist.git"),
    ]:
        job = without_credentials(Job("key", target, options, Rubric()))
        assert job.target == sent
        assert TOKEN.encode() not in pickle.dumps(job)


def test_without_userinfo_takes_linear_time_on_a_hostile_line() -> None:
    # A CSV cell from an applicant; scanning it from every letter took minutes.
    from repocheck.acquire.userinfo import without_userinfo

    line = "a." * 200_000 + f"https://{TOKEN}@h.org/x"
    started = time.monotonic()
    assert without_userinfo(line).endswith("a.https://h.org/x")
    assert time.monotonic() - started < 5
