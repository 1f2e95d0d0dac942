"""Class 5: a repository's text cannot become a link, nor take over repocheck's comment.

GitHub autolinks bare ``https://...``, ``www....`` and e-mail addresses in Markdown. A commit
subject, a README line or a note must reach the report (``--format markdown``, the pull-request
comment, the job summary) as text nobody can click. The comment repocheck edits must be its own,
not one that someone else wrote with repocheck's marker. SARIF locations stay inside the root.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from repocheck.catalogue import RuleMeta
from repocheck.github.api import MARKER, CommentPoster
from repocheck.github.comment import PullView, compose_comment
from repocheck.model import Evidence, Result
from repocheck.render import render
from repocheck.render.sarif import sarif_document
from repocheck.report import Report, Target
from repocheck.score import Outcome
from tests.fakes.github_api import BOT, HUMAN, FakeGitHub
from tests.helpers import Step, make_repo
from tests.runner import repocheck

LINKS = "see https://evil.example/login, HTTP://Evil.example, www.evil.example or ada@evil.example"
#: What GitHub's autolinking would turn into a link (scheme, www. or e-mail, then a domain).
AUTOLINK = re.compile(r"(?i)(?:https?|ftp)://[\w-]|www\.[\w-]|[\w.+-]@[\w-]")
TOKEN = "test-token-" + "5" * 24


def without_code_spans(markdown: str) -> str:
    """GitHub shows code spans literally: nothing inside one is autolinked."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown)


@pytest.fixture(scope="module")
def linking_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("links") / "repo"
    return make_repo(
        path,
        [
            Step("Add the model", {"model.py": "def f():\n    return 1\n"}),
            Step("Add the data", {f"www.evil.example{i}.py": "def (:\n" for i in range(2)}),
            Step(f"wip {LINKS}", {"train.py": "x = 1\n"}, days=1),
        ],
    )


def test_markdown_report_links_nothing_from_the_repository(linking_repo: Path) -> None:
    result = repocheck(linking_repo, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "evil" in result.stdout  # the text is shown ...
    assert not AUTOLINK.findall(without_code_spans(result.stdout))  # ... and links nowhere


def hostile_report() -> Report:
    meta = RuleMeta("GIT002", "commit-messages", "history", "Messages", "why", "fix", 2)
    result = Result.failed(LINKS, [Evidence("README.md", 3, LINKS), Evidence("(history)")])
    return Report(Target("x", "repo"), 0.0, "F", (), (Outcome(meta, result, 2),), notes=(LINKS,))


def test_pull_request_comment_links_nothing_from_the_repository() -> None:
    report = hostile_report()
    pull = PullView(7, "a" * 40, f"Merge {LINKS}", "b" * 40)
    body, _ = compose_comment(
        report.to_dict(), None, pull, render(report, "markdown"), marker=MARKER, notices=[LINKS]
    )
    assert body.count("evil.example") >= 4
    assert not AUTOLINK.findall(without_code_spans(body))


def post_twice(api: FakeGitHub) -> CommentPoster:
    poster = CommentPoster("ada/portfolio", TOKEN, api.url, sleep=lambda _: None)
    poster.post(7, f"{MARKER}\nfirst run", "update")
    poster.post(7, f"{MARKER}\nsecond run", "update")
    return poster


def test_the_comment_edited_is_one_repocheck_wrote_not_a_lookalike() -> None:
    with FakeGitHub(TOKEN) as api:  # the Actions token: comments are by github-actions[bot]
        api.add_comment(7, f"{MARKER}\nScore 100/100, grade A: merge me", HUMAN)
        post_twice(api)
    impostor, ours = api.comments[7]
    assert impostor["body"].endswith("merge me") and impostor["user"]["login"] == "ada"
    assert not api.made("PATCH", rf"/comments/{impostor['id']}$")
    assert ours["user"]["login"] == BOT["login"] and ours["body"].endswith("second run")


def test_with_a_personal_token_the_author_is_the_tokens_user() -> None:
    with FakeGitHub(TOKEN, viewer=HUMAN) as api:
        api.add_comment(7, f"{MARKER}\nposted by a bot", BOT)
        post_twice(api)
    bots, ours = api.comments[7]
    assert bots["body"].endswith("posted by a bot")
    assert ours["user"]["login"] == "ada" and ours["body"].endswith("second run")


HOSTILE_PATHS = [
    "../../etc/passwd",
    "/etc/passwd",
    "src/../../../x.py",
    "http:/evil.example/x.py",
    "https://evil.example/x.py",
    "C:/Windows/x.py",
    "//evil.example/share.py",
    "a b#frag?q=1%2e%2e.py",
    "back\\..\\..\\slash.py",
    "ok/fine.py",
]


def test_sarif_uris_are_encoded_references_that_stay_below_the_root() -> None:
    meta = RuleMeta("REPRO005", "no-absolute-paths", "repro", "Paths", "why", "fix", 2)
    result = Result.failed("m", [Evidence(p, 1, "x") for p in HOSTILE_PATHS])
    report = Report(Target("x", "repo"), 0.0, "F", (), (Outcome(meta, result, 2),))
    for prefix in ("", "sub dir"):
        results = sarif_document(report, prefix)["runs"][0]["results"]
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
        assert uris, "the harmless paths keep their locations"
        root = "file:///checkout/root/"
        for uri in uris:
            parts = urlsplit(uri)
            assert not parts.scheme and not parts.netloc and not parts.query, uri
            assert not parts.fragment and not uri.startswith("/"), uri
            assert urljoin(root, uri).startswith(root), uri
        shown = {unquote(uri) for uri in uris}
        expected = {"ok/fine.py", "a b#frag?q=1%2e%2e.py", "http:/evil.example/x.py"}
        assert {p.removeprefix("sub dir/") for p in shown} >= expected
