"""Ranking rows and applicants, and writing them as CSV and JSON Lines."""

from __future__ import annotations

import csv
import io
import json

from repocheck.batch.rows import applicants, make_row, rank
from repocheck.batch.tables import applicants_csv, cell, jsonl, repos_csv
from tests.batch.results import GOOD, analyzed, broken

CATEGORIES = ["tests", "history", "readability", "reproducibility", "sanity", "docs"]


def test_rank_puts_the_best_first_shares_ties_and_failures_last() -> None:
    weak = analyzed("bob", "dump", {"notebook.py": "x = 1\n"})
    good, twin = analyzed("ada", "fit", GOOD), analyzed("cy", "fit", GOOD)
    gone = broken("dee", "https://git.example/dee/x", "not-found", "repository not found")
    rows = rank([gone, weak, twin, good])
    assert [(r.applicant, r.rank) for r in rows] == [
        ("ada", 1),
        ("cy", 1),
        ("bob", 3),
        ("dee", None),
    ]
    assert rows[0].score is not None and rows[2].score is not None
    assert rows[0].score > rows[2].score


def test_a_repository_without_python_is_a_failure_with_its_report() -> None:
    row = analyzed("ada", "notes", {"README.md": "# Notes\n"})
    assert (row.ok, row.kind, row.score, row.grade) == (False, "not-python", None, "")
    assert row.report is not None and "no Python file" in row.reason


def test_applicants_are_judged_by_their_best_repository() -> None:
    weak = analyzed("ada", "dump", {"notebook.py": "x = 1\n"})
    good = analyzed("ada", "fit", GOOD)
    gone = broken("bob", "gh:bob/x", "not-found", "repository not found")
    people = applicants(rank([weak, good, gone]))
    assert [(p.name, p.rank, len(p.rows), p.failed) for p in people] == [
        ("ada", 1, 2, 0),
        ("bob", None, 1, 1),
    ]
    ada = people[0]
    assert ada.best == good.score and ada.best_row is not None and ada.best_row.repo == good.repo
    assert ada.mean == round(((good.score or 0) + (weak.score or 0)) / 2, 1)


def test_issues_are_the_findings_worth_most_points() -> None:
    row = analyzed("bob", "dump", {"notebook.py": "x = 1\n"})
    issues = row.issues(None)
    gains = [rule["gain"] for rule in issues]
    assert gains == sorted(gains, reverse=True) and len(row.issues(3)) == 3
    assert all(rule["status"] in ("fail", "warn", "error") for rule in issues)


def test_csv_cells_cannot_become_formulas() -> None:
    assert cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert cell("@SUM(A1)") == "'@SUM(A1)" and cell("+1") == "'+1"
    assert cell("line\nbreak") == "line break"
    assert cell(12.5) == 12.5 and cell(None) == "" and cell(True) == "yes"


def test_the_repos_csv_has_scores_categories_issues_and_reasons() -> None:
    rows = rank(
        [
            analyzed("=cmd|' /C calc'!A0", "fit", GOOD),
            broken("bob", "gh:bob/x", "timeout", "no result within 5 s (--timeout)"),
        ]
    )
    lines = list(csv.DictReader(io.StringIO(repos_csv(rows, CATEGORIES))))
    first, second = lines
    assert first["applicant"].startswith("'=") and first["rank"] == "1"
    assert first["status"] == "analyzed" and float(first["score"]) == rows[0].score
    assert all(first[c] != "" for c in ("tests", "docs")) and first["issue_1"].count("(+") == 1
    assert (second["status"], second["failure"], second["score"]) == ("failed", "timeout", "")
    assert second["reason"] == "no result within 5 s (--timeout)"
    people = list(csv.DictReader(io.StringIO(applicants_csv(applicants(rows)))))
    assert [p["failed"] for p in people] == ["0", "1"]


def test_json_lines_hold_each_full_report() -> None:
    rows = rank([analyzed("ada", "fit"), broken("bob", "x", "bad-target", "x: no such file")])
    records = [json.loads(line) for line in jsonl(rows).splitlines()]
    assert records[0]["report"]["score"] == rows[0].score and records[0]["status"] == "analyzed"
    assert records[1] == {
        "rank": None,
        "applicant": "bob",
        "target": "x",
        "listed_at": "row 3",
        "status": "failed",
        "failure": "bad-target",
        "reason": "x: no such file",
        "cached": False,
        "seconds": 0.0,
        "columns": {},
        "report": None,
    }


def test_the_owner_in_the_link_names_an_unnamed_applicant() -> None:
    from repocheck.batch.rows import owner_of

    assert owner_of("https://github.com/ada/mnist") == "ada"
    assert owner_of("https://github.com/ada/mnist@dev") == "ada"
    assert owner_of("git://127.0.0.1:9418/mnist") == "mnist"
    assert owner_of("gh:ada/mnist") == "ada" and owner_of("gh:ada") == "ada"
    assert owner_of("git@gitlab.com:ada/mnist.git") == "ada"
    # A local folder is named by itself, not by the reviewer's folders above it.
    assert owner_of("/srv/applicants/ada-mnist") == "ada-mnist"
    assert owner_of("./ada-mnist/") == "ada-mnist"


def test_the_reviewers_own_columns_reach_both_tables() -> None:
    from repocheck.batch.inputs import read_csv

    listing = (
        "name,email,repo,notes,cohort,score\n"
        "Ada,ada@example.com,https://git.example/ada/fit,=strong,2025,9\n"
        "Ada,ada@uni.example,https://git.example/ada/gone,,2025,9\n"
    )
    entries = read_csv(listing)
    assert entries[0].columns == (
        ("email", "ada@example.com"), ("notes", "=strong"), ("cohort", "2025"), ("score", "9"),
    )  # fmt: skip
    good = analyzed("Ada", "fit", GOOD)
    gone = broken("Ada", "https://git.example/ada/gone", "not-found", "repository not found")
    rows = rank(
        [
            make_row(entries[0], good.key, good.outcome),
            make_row(entries[1], gone.key, gone.outcome),
        ]
    )
    lines = list(csv.DictReader(io.StringIO(repos_csv(rows, CATEGORIES))))
    assert [line["email"] for line in lines] == ["ada@example.com", "ada@uni.example"]
    assert lines[0]["notes"] == "'=strong" and lines[0]["cohort"] == "2025"
    assert lines[0]["score (list)"] == "9" and lines[0]["score"] != "9"
    people = list(csv.DictReader(io.StringIO(applicants_csv(applicants(rows)))))
    assert len(people) == 1
    assert people[0]["email"] == "ada@example.com; ada@uni.example"
    assert people[0]["cohort"] == "2025"
    record = json.loads(jsonl(rows).splitlines()[0])
    assert record["columns"]["email"] == "ada@example.com"
