"""The real command on real repositories: exit codes, formats, configuration, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.helpers import Step, make_repo
from tests.runner import command, repocheck

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs" / "report.schema.json").read_text("utf-8")
)


def report_of(*args: str | Path) -> dict:
    result = repocheck("--format", "json", *args)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    return data


def rule(report: dict, rule_id: str) -> dict:
    return next(r for r in report["rules"] if r["id"] == rule_id)


def test_exemplary_project_scores_high(exemplary: Path) -> None:
    report = report_of(exemplary)
    assert report["score"] >= 85, [
        (r["id"], r["status"], r["message"]) for r in report["rules"] if r["status"] != "pass"
    ]
    assert report["repository"]["commit"] and report["repository"]["branch"] == "main"
    assert not report["partial"]


def test_learner_dump_scores_low(dump: Path) -> None:
    report = report_of(dump)
    assert report["score"] <= 35
    assert report["grade"] == "F"


def test_terminal_summary_shows_score_categories_and_fixes(dump: Path) -> None:
    result = repocheck(dump)
    assert result.returncode == 0
    assert "Score" in result.stdout and "Top fixes" in result.stdout
    assert "fix:" in result.stdout
    assert "\x1b[" not in result.stdout  # no colour codes when not a terminal


def test_markdown_and_output_file(dump: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = repocheck(dump, "--format", "markdown", "-o", out)
    assert result.returncode == 0 and result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("## repocheck: ") and "<details>" in text


def test_fail_under_exits_1_and_says_why(dump: Path) -> None:
    result = repocheck(dump, "--fail-under", "90")
    assert result.returncode == 1
    assert "below --fail-under 90" in result.stderr


def test_default_target_is_the_current_directory(exemplary: Path) -> None:
    result = repocheck("--format", "json", cwd=exemplary)
    assert result.returncode == 0
    assert json.loads(result.stdout)["repository"]["name"] == "tiny-classifier"


@pytest.mark.parametrize(
    ("target", "message"),
    [("does-not-exist", "no such file or directory"), ("a-file.txt", "not a directory")],
)
def test_bad_targets_give_one_line_and_exit_2(tmp_path: Path, target: str, message: str) -> None:
    (tmp_path / "a-file.txt").write_text("hi")
    result = repocheck(tmp_path / target)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_explain_unknown_rule_is_a_one_line_error() -> None:
    result = repocheck("explain", "NOPE999")
    assert (
        result.returncode == 2 and "no rule" in result.stderr and "Traceback" not in result.stderr
    )


def test_rules_lists_every_rule_as_json() -> None:
    result = repocheck("rules", "--format", "json")
    ids = [r["id"] for r in json.loads(result.stdout)["rules"]]
    assert "TEST001" in ids and "DOCS003" in ids


def test_repo_config_ignores_reweights_and_excludes(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "r",
        [
            Step(
                "Start",
                {
                    "pyproject.toml": (
                        "[tool.repocheck]\nexclude = ['scratch/**']\nfail-under = 10\n"
                        "[tool.repocheck.ignore]\nDOCS002 = 'licensed by the course'\n"
                        "[tool.repocheck.weights]\nTEST004 = 0\n"
                    ),
                    "scratch/junk.py": "import os\n",
                    "main.py": "print('hi')\n",
                },
            )
        ],
    )
    report = report_of(repo)
    assert rule(report, "DOCS002")["ignored"] == "licensed by the course"
    assert rule(report, "DOCS002")["status"] == "skip"
    assert rule(report, "TEST004")["weight"] == 0
    assert report["stats"]["python_files"] == 1
    assert report["fail_under"] == 10


def test_command_line_flags_win_over_the_repo_config(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "r",
        [
            Step(
                "Start",
                {
                    "pyproject.toml": "[tool.repocheck]\nfail-under = 0\n",
                    "main.py": "x = 1\n",
                },
            )
        ],
    )
    result = repocheck(repo, "--fail-under", "99", "--ignore", "docs002")
    assert result.returncode == 1
    assert "ignored DOCS002" in result.stdout


def test_broken_repo_config_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / ".repocheck.toml").write_text("ignore = [\n")
    result = repocheck(tmp_path)
    assert result.returncode == 2 and ".repocheck.toml is not valid TOML" in result.stderr


def test_a_folder_that_is_not_a_git_repo_skips_history_rules(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("print('train')\n")
    report = report_of(tmp_path)
    assert rule(report, "GIT001")["status"] == "skip"
    assert "not a git repository" in rule(report, "GIT001")["message"]
    assert report["repository"]["commit"] is None


def test_a_repo_without_commits_skips_history_rules(tmp_path: Path) -> None:
    make_repo(tmp_path, [])
    (tmp_path / "train.py").write_text("print('train')\n")
    report = report_of(tmp_path)
    assert rule(report, "GIT002")["status"] == "skip"
    assert "no commits" in rule(report, "GIT002")["message"]


def _crash(*args: object, **kwargs: object) -> None:
    raise RuntimeError("a bug in repocheck")


@pytest.mark.parametrize("debug", ["flag", "variable", "off"])
def test_an_internal_error_says_how_to_get_the_traceback(
    debug: str, dump: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import repocheck.analyze
    from repocheck import cli

    monkeypatch.setattr(repocheck.analyze, "analyze_path", _crash)
    argv = ["repocheck", str(dump)] + (["--debug"] if debug == "flag" else [])
    monkeypatch.setattr("sys.argv", argv)
    if debug == "variable":
        monkeypatch.setenv("REPOCHECK_DEBUG", "1")
    else:
        monkeypatch.delenv("REPOCHECK_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli.main()
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert "repocheck: internal error: RuntimeError: a bug in repocheck" in err
    if debug == "off":
        assert "Traceback" not in err
        assert "--debug" in err and "REPOCHECK_DEBUG=1" in err
        assert len(err.splitlines()) == 1
    else:
        assert "Traceback (most recent call last)" in err and "_crash" in err


def _python(program: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_quick_exit_runs_exit_handlers_flushes_and_keeps_the_status() -> None:
    program = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('exit handlers ran', file=sys.stderr))\n"
        "sys.argv = ['repocheck', '--version']\n"
        "from repocheck.cli import run\n"
        "run()\n"
    )
    done = _python(program)
    assert done.returncode == 0 and done.stdout.startswith("repocheck, version")
    assert done.stderr == "exit handlers ran\n"
    failed = _python(
        "import sys; sys.argv = ['repocheck', 'explain', 'NOPE']\n"
        "from repocheck.cli import run; run()"
    )
    assert failed.returncode == 2 and failed.stderr.startswith("repocheck: error:")
    message = _python("from repocheck.cli import leave; leave('stopped here')")
    assert (message.returncode, message.stderr) == (1, "stopped here\n")


def test_a_reader_that_leaves_early_gets_no_traceback(exemplary: Path) -> None:
    reader = subprocess.Popen(["head", "-c", "1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    writer = subprocess.run(
        [*command(), "rules"], stdout=reader.stdin, stderr=subprocess.PIPE, timeout=60, check=False
    )
    assert reader.stdin is not None
    reader.stdin.close()
    reader.wait(timeout=60)
    assert b"Traceback" not in writer.stderr and writer.returncode == 0
