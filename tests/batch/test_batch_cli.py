"""``repocheck batch`` end to end: applicants' repositories served by git on 127.0.0.1.

The acceptance test of the batch mode: a spreadsheet of 20 applicants, 3 of whose links are
broken, gives a complete ranked CSV and an HTML report listing and explaining the 3 failures,
and a re-run takes every unchanged repository from the cache.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.batch.repos import add_commit, applicant_repo, docs_only_repo
from tests.fakes.fixtures import Sandbox
from tests.fakes.git_server import GitDaemon
from tests.runner import command

NAMES = [
    "Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Edsger Dijkstra",
    "Barbara Liskov", "Donald Knuth", "Frances Allen", "John Backus", "Radia Perlman",
    "Ken Thompson", "Margaret Hamilton", "Dennis Ritchie", "Hedy Lamarr", "Tim Berners-Lee",
    "Shafi Goldwasser", "Leslie Lamport", "Annie Easley", "Claude Shannon", "Sophie Wilson",
]  # fmt: skip
BROKEN = {17: "not-found", 18: "unreachable", 19: "bad-target"}


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def applicants_csv(
    tmp_path_factory: pytest.TempPathFactory, served: Path, daemon: GitDaemon
) -> Path:
    """A form export: timestamp, name, e-mail and a repository link, as reviewers get them."""
    links = []
    for index in range(17):
        applicant_repo(served / "batch-cli" / f"repo{index}", index % 5, variant=index)
        links.append(daemon.url(f"batch-cli/repo{index}"))
    links.append(daemon.url("batch-cli/no-such-repo"))  # a typo in the link: 404
    links.append("git://127.0.0.1:9/nobody/home")  # nothing listens on the discard port
    links.append("htps://github.com/sophie/arm")  # a mangled scheme
    lines = ["Timestamp,Full name,Email address,Link to your best repository"]
    for index, (name, link) in enumerate(zip(NAMES, links, strict=True)):
        email = name.split()[0].lower() + "@example.com"
        lines.append(f"2025-03-{index + 1:02d},{name},{email},{link}")
    path = tmp_path_factory.mktemp("batch-cli") / "applicants.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_batch(sandbox: Sandbox, *args: str | Path) -> tuple[str, Path]:
    out = sandbox.root / "out"
    result = sandbox.run("batch", *args, "-o", out, "--workers", "2", "--no-progress")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr, out


def test_twenty_applicants_three_broken_links_then_a_cached_rerun(
    applicants_csv: Path, sandbox: Sandbox, served: Path
) -> None:
    said, out = run_batch(sandbox, applicants_csv)
    assert "20 repositories, 17 analyzed, 3 failed, 0 from the cache" in said

    rows = read_csv(out / "repos.csv")
    assert [row["applicant"] for row in rows].count("Ada Lovelace") == 1 and len(rows) == 20
    scored, failures = rows[:17], rows[17:]
    scores = [float(row["score"]) for row in scored]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) >= 4
    assert [int(row["rank"]) for row in scored][0] == 1
    assert all(row["status"] == "analyzed" and len(row["commit"]) == 40 for row in scored)
    assert all(row["tests"] and row["docs"] and row["issue_1"] for row in scored[5:])
    kinds = {row["applicant"]: row["failure"] for row in failures}
    assert kinds == {NAMES[i]: kind for i, kind in BROKEN.items()}
    assert all(row["rank"] == "" and row["reason"] for row in failures)

    people = read_csv(out / "applicants.csv")
    assert len(people) == 20 and people[0]["best_score"] == scored[0]["score"]

    reports = [json.loads(line) for line in (out / "reports.jsonl").read_text().splitlines()]
    assert len(reports) == 20
    assert all(r["report"]["schema_version"].startswith("1.") for r in reports[:17])
    assert [r["failure"] for r in reports[17:]] == [row["failure"] for row in failures]

    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Failures (3)" in page
    for row in failures:
        assert row["reason"].replace("'", "&#39;") in page
    assert "the repository does not exist or is private (HTTP 404)" in page
    assert "the host cannot be resolved or does not answer" in page
    assert list(sandbox.tmp.iterdir()) == []  # every clone deleted

    said, out = run_batch(sandbox, applicants_csv)
    assert "20 repositories, 17 analyzed, 3 failed, 17 from the cache, 2 reviewed" in said, said
    again = read_csv(out / "repos.csv")
    assert all(row["cached"] == "yes" for row in again[:17])
    unchanged = ("rank", "applicant", "repo", "commit", "score", "issue_1", "failure")
    assert [[r[k] for k in unchanged] for r in again] == [[r[k] for k in unchanged] for r in rows]

    # A new commit to one repository: only that one is analyzed again.
    best = scored[0]["repo"].rsplit("/", 1)[-1]
    head = add_commit(served / "batch-cli" / best, "Explain the results", {"NOTES.md": "ok\n"})
    said, out = run_batch(sandbox, applicants_csv)
    assert "16 from the cache, 3 reviewed" in said
    fresh = [row for row in read_csv(out / "repos.csv") if row["cached"] == "no"]
    assert [row["commit"] for row in fresh if row["status"] == "analyzed"] == [head]


def run_with_input(
    sandbox: Sandbox, text: str, *args: str | Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command(), "batch", "-", *map(str, args)],
        input=text,
        capture_output=True,
        text=True,
        cwd=sandbox.work,
        env={**os.environ, "NO_COLOR": "1", **sandbox.env()},
        timeout=120,
        check=False,
    )


def test_a_text_list_on_stdin_with_a_repository_without_python(
    served: Path, daemon: GitDaemon, sandbox: Sandbox, exemplary: Path
) -> None:
    docs_only_repo(served / "batch-cli" / "notes")
    listing = f"{daemon.url('batch-cli/notes')}\nAda {exemplary}\n"
    out = sandbox.root / "out"
    done = run_with_input(sandbox, listing, "-o", out, "--no-cache", "--progress")
    assert done.returncode == 0, done.stderr
    assert "done 1  failed 1  remaining 0" in done.stderr and "ETA" in done.stderr
    rows = read_csv(out / "repos.csv")
    assert [(r["applicant"], r["status"], r["failure"]) for r in rows] == [
        ("Ada", "analyzed", ""),
        ("batch-cli", "failed", "not-python"),
    ]
    assert "no Python file" in rows[1]["reason"]


def test_an_empty_list_is_an_error(sandbox: Sandbox) -> None:
    done = run_with_input(sandbox, "# nobody applied\n", "--no-progress")
    assert done.returncode == 2
    assert done.stderr.startswith("repocheck: error: nothing to review")
