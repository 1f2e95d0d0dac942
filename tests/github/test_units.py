"""The Action's pure parts: the delta, the comment's fitting, workflow escaping, retry timing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from repocheck.github.annotate import annotation, choose
from repocheck.github.api import is_rate_limited, retry_delay
from repocheck.github.comment import (
    COMMENT_LIMIT,
    PullView,
    compose_comment,
    compose_summary,
    cut_lines,
)
from repocheck.github.delta import Finding, compare
from repocheck.github.env import read_env
from repocheck.github.workflow import SUMMARY_LIMIT, command, write_outputs


def report(score: float, *rules: dict) -> dict:
    return {
        "score": score,
        "grade": "C",
        "categories": [{"id": "repro", "title": "Reproducibility", "score": score / 10}],
        "rules": list(rules),
    }


def rule(rule_id: str, status: str, *evidence: tuple[str | None, int | None, str]) -> dict:
    return {
        "id": rule_id,
        "title": f"title of {rule_id}",
        "status": status,
        "message": "msg",
        "ignored": None,
        "evidence": [{"path": p, "line": n, "cell": None, "snippet": s} for p, n, s in evidence],
    }


def test_delta_lists_introduced_and_fixed_findings_by_location() -> None:
    base = report(60, rule("REPRO005", "fail", ("a.py", 3, "'/x'")), rule("TEST001", "fail"))
    head = report(70, rule("REPRO005", "fail", ("b.py", 1, "'/y'")), rule("TEST001", "pass"))
    delta = compare(base, head)
    assert delta.score_change == 10
    assert [(f.rule, f.location) for f in delta.introduced] == [("REPRO005", "b.py:1")]
    assert [(f.rule, f.location) for f in delta.fixed] == [
        ("REPRO005", "a.py:3"),
        ("TEST001", None),
    ]
    assert delta.categories[0].change == 1.0


def test_a_finding_on_a_moved_line_is_neither_new_nor_fixed() -> None:
    base = report(50, rule("REPRO005", "fail", ("a.py", 3, "DATA = '/x'")))
    head = report(50, rule("REPRO005", "fail", ("a.py", 9, "DATA = '/x'")))
    delta = compare(base, head)
    assert delta.introduced == () and delta.fixed == ()


def test_commits_are_the_place_of_history_findings() -> None:
    base = report(50, rule("GIT002", "fail", ("(history)", None, "aaaa1111 wip")))
    head = report(
        50,
        rule(
            "GIT002",
            "fail",
            ("(history)", None, "bbbb2222 fix"),
            ("(history)", None, "aaaa1111 wip"),
        ),
    )
    delta = compare(base, head)
    assert [f.snippet for f in delta.introduced] == ["bbbb2222 fix"] and delta.fixed == ()


def test_a_new_latest_commit_does_not_move_a_history_verdict() -> None:
    # A docs-only pull request adds a commit: GIT001 still warns, its "(last)" evidence now names
    # the new commit. Nothing was introduced or fixed.
    first = ("(history)", None, "aaaa1111 Start (first)")
    base = report(50, rule("GIT001", "warn", first, ("(history)", None, "bbbb2222 Train (last)")))
    head = report(50, rule("GIT001", "warn", first, ("(history)", None, "cccc3333 Docs (last)")))
    delta = compare(base, head)
    assert delta.introduced == () and delta.fixed == ()


def test_ignored_and_passing_rules_are_not_findings() -> None:
    ignored = {**rule("READ004", "fail", ("a.py", 1, "def f")), "ignored": "prototype"}
    delta = compare(report(50), report(50, ignored, rule("READ001", "pass", ("a.py", 2, "x"))))
    assert delta.introduced == ()


def test_annotations_prefer_introduced_findings_and_skip_notebook_cells() -> None:
    old = Finding("READ001", "t", "fail", "m", "a.py", 1)
    new = Finding("REPRO005", "t", "fail", "m", "b.py", 2)
    cell = Finding("REPRO005", "t", "fail", "m", "nb.ipynb", 2, cell=0)
    shown, rest = choose([old, new, cell], first=[new], limit=1)
    assert shown == [new] and rest == [old]


def test_annotations_keep_to_changed_files_once_each_with_their_own_detail() -> None:
    lint = Finding("READ001", "t", "warn", "12 findings", "a.py", 1, snippet="F401 `os` unused")
    again = Finding("READ001", "t", "warn", "12 findings", "a.py", 1, snippet="F401 `os` unused")
    untouched = Finding("READ001", "t", "warn", "12 findings", "b.py", 2, snippet="E711 x")
    shown, rest = choose([lint, again, untouched], changed={"sub/a.py"}, prefix="sub")
    assert shown == [lint] and rest == [untouched]
    line = annotation(lint, "sub")
    assert line.startswith("::warning file=sub/a.py,line=1,") and line.endswith(
        "::F401 `os` unused"
    )
    # Without a base to compare with, every file may be annotated.
    assert choose([lint, untouched])[0] == [lint, untouched]


def test_workflow_commands_cannot_be_broken_out_of() -> None:
    line = command("warning", "bad\n::error::injected 100%", file="a,b:c.py", line=3)
    assert line == "::warning file=a%2Cb%3Ac.py,line=3::bad%0A::error::injected 100%25"
    assert "\n" not in line


def test_outputs_use_a_delimiter_the_value_cannot_contain(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(out, {"score": "71.5", "grade": "C"})
    lines = out.read_text().splitlines()
    assert lines[0].startswith("score<<ghadelimiter_") and lines[1] == "71.5"
    assert lines[2] == lines[0].split("<<")[1]


def test_cut_lines_keeps_whole_lines_and_closes_details() -> None:
    text = "<details><summary>x</summary>\n\n" + "".join(f"line {i}\n" for i in range(100))
    cut = cut_lines(text, 120)
    assert len(cut) <= 120 and cut.endswith("</details>\n")
    assert all(line.startswith(("line", "<")) or not line for line in cut.splitlines())


def test_a_long_delta_is_kept_and_the_detail_cut() -> None:
    many = [("f.py", i, "x" * 90) for i in range(1, 21)]
    head = report(40, *(rule(f"R{i:03d}", "fail", *many) for i in range(40)))
    delta = compare(report(50), head)
    body, shortened = compose_comment(
        head,
        delta,
        PullView(7, "a" * 40, "subject", "b" * 40),
        "detail\n" * 20_000,
        marker="<!-- m -->",
        limit=65_536,
    )
    assert shortened and len(body) <= 65_536 and body.startswith("<!-- m -->")
    assert "Introduced by this pull request (800)" in body and "**Shortened:**" in body


#: A report of a repository with thousands of findings and 500-character file names: the score
#: and top fixes first, then one line per finding (in the notes, say), as report.md.j2 lays out.
TOP = "## repocheck: 41.5/100, grade D\n\n### Top fixes\n\n1. **READ001 Few lint findings**\n"


def long_report(letter: str, findings: int = 3_000) -> str:
    path = "/".join([letter * 160] * 3)
    lines = [
        f"- `{path}/m_{n:04d}.py:{n}` F401 `os` imported but unused\n" for n in range(findings)
    ]
    return TOP + "\n<details><summary>Notes</summary>\n\n" + "".join(lines) + "\n</details>\n"


def many_findings(letter: str, count: int = 3_000) -> list[Finding]:
    path = "/".join([letter * 160] * 3)
    return [
        Finding("READ001", "Few lint findings", "warn", "m", f"{path}/m_{n}.py", n, snippet="F401")
        for n in range(count)
    ]


@pytest.mark.parametrize("letter", ["a", "é", "模", "😀"])
@pytest.mark.parametrize("pull", [PullView(), PullView(7, "a" * 40, "subject", "b" * 40)])
def test_a_summary_past_github_limit_keeps_the_top_and_says_what_was_left_out(
    letter: str, pull: PullView
) -> None:
    head = report(41.5, rule("READ001", "warn", ("a.py", 1, "F401")))
    delta = compare(report(50), head) if pull.number else None
    text = compose_summary(
        head, delta, pull, long_report(letter), more=many_findings(letter), limit=SUMMARY_LIMIT
    )
    # GitHub's limit is 1 MiB of the file, in bytes: a character may take four of them.
    assert len(text.encode("utf-8")) <= 1_048_576
    assert TOP in text and text.count("<details>") == text.count("</details>")
    left = re.search(r"\*\*Shortened:\*\* .*: ([\d,]+) of ([\d,]+) lines were left out", text)
    assert left and 0 < int(left[1].replace(",", "")) < int(left[2].replace(",", ""))
    assert "The JSON report (the step's `report-path` output) has everything." in text


def test_a_summary_that_fits_is_whole_and_says_nothing_of_limits() -> None:
    head = report(41.5, rule("READ001", "warn", ("a.py", 1, "F401")))
    text = compose_summary(
        head,
        None,
        PullView(),
        long_report("模", 100),
        more=many_findings("a", 5),
        limit=SUMMARY_LIMIT,
    )
    assert long_report("模", 100).strip() in text and "Shortened" not in text


@pytest.mark.parametrize("letter", ["a", "模", "😀"])
def test_a_comment_past_github_limit_says_how_much_of_the_report_was_left_out(letter: str) -> None:
    head = report(41.5, rule("READ001", "warn", ("a.py", 1, "F401")))
    body, shortened = compose_comment(
        head, None, PullView(7, "a" * 40), long_report(letter), marker="<!-- m -->"
    )
    assert shortened and len(body) <= COMMENT_LIMIT and TOP in body
    assert "lines of the full report were left out" in body
    assert body.count("<details>") == body.count("</details>")


def test_retry_timing_follows_github() -> None:
    assert retry_delay(502, {}, "Bad Gateway", 2, 0) == 4
    assert retry_delay(403, {"retry-after": "7"}, "secondary rate limit", 0, 0) == 7
    reset = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "130"}
    assert retry_delay(403, reset, "API rate limit exceeded", 0, 100) == 30
    assert retry_delay(403, {}, "You have exceeded a secondary rate limit", 0, 0) == 60
    assert retry_delay(403, {}, "Resource not accessible by integration", 0, 0) is None
    assert retry_delay(422, {}, "Validation Failed", 0, 0) is None
    assert not is_rate_limited(403, {"x-ratelimit-remaining": "12"}, "Forbidden")


def test_the_environment_reads_the_pull_request_and_hides_the_token(tmp_path: Path) -> None:
    event = tmp_path / "event.json"
    event.write_text(
        '{"pull_request": {"number": 3, "base": {"sha": "b", "ref": "main", "repo": '
        '{"full_name": "a/r"}}, "head": {"sha": "h", "repo": {"full_name": "m/r"}}}}'
    )
    token = "secret-" + "1" * 8
    env = read_env({"GITHUB_EVENT_PATH": str(event), "GITHUB_TOKEN": token})
    pull = env.pull_request
    assert pull is not None and pull.number == 3 and pull.from_fork and pull.base_sha == "b"
    assert token not in repr(env)
    assert read_env({}).pull_request is None


def test_the_head_is_its_commit_and_a_clone_missing_a_blob_reads_the_checkout(
    tmp_path: Path,
) -> None:
    import git

    from repocheck.github.pr import Settings, analyze
    from tests.helpers import Step, make_repo

    repo = make_repo(tmp_path / "head", [Step("Add", {"train.py": "X = 1\n"})])
    (repo / "build.py").write_text("GENERATED = 1\n", encoding="utf-8")  # a workflow step's file
    report = analyze(repo, Settings(), display="head").to_dict()
    assert report["repository"]["analyzed"] == "commit"
    assert report["stats"]["files"] == 1

    # The blob of train.py is gone from the clone (as in a partial clone): the commit cannot be
    # written out, and the checked-out tracked files stand for it.
    blob = git.Repo(repo).head.commit.tree["train.py"].hexsha
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    fallback = analyze(repo, Settings(), display="head").to_dict()
    assert fallback["repository"]["analyzed"] == "commit"
    assert fallback["stats"]["files"] == 1 and fallback["stats"]["python_files"] == 1
