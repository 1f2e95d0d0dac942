"""Class 6: a secret committed to the repository is masked in every output, not only in GIT006.

The same tokens sit in a README line (DOCS001 quotes it), a path literal (REPRO005) and commit
subjects (GIT001, and the pull-request comment's head line). Every format, file and stream
repocheck writes must show GIT006's masked form and never the token.
"""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from repocheck.rules.secrets import mask_secrets
from tests.fakes.github_api import FakeGitHub
from tests.github.actions_env import TOKEN, commit, pull_request_event, run_action
from tests.helpers import Step, make_repo
from tests.runner import repocheck

# Assembled here so that no scanner mistakes this file for a leak.
GITHUB = "ghp_" + "aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5"
AWS = "AKIA" + "QZ4T7RXW2MBN6KPD"
OPENAI = "sk-proj-" + "Tq8Lm2Vx9Rb4Nc7Hd3Kw5Pz1"
SECRETS = (GITHUB, AWS, OPENAI)


@pytest.fixture(scope="module")
def leaky_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Main with the tokens in the README title and a path literal; a pull request whose
    commit subject holds one too. Returns (repo, pull-request event)."""
    path = tmp_path_factory.mktemp("leak") / "repo"
    make_repo(
        path,
        [
            Step(
                f"Add the README {AWS}",
                {"README.md": f"# Tiny {GITHUB} {AWS} {OPENAI}\n\nA classifier.\n"},
            ),
            Step(
                f"Read the data {GITHUB}",
                {"train.py": f'DATA = "/home/ada/{GITHUB}/{OPENAI}/x.csv"\n'},
                days=1,
            ),
        ],
    )
    handle = git.Repo(path)
    base = handle.head.commit.hexsha
    handle.git.checkout("-q", "-b", "feature")
    head = commit(path, f"Use key {OPENAI}", {"model.py": "def f():\n    return 1\n"})
    return path, pull_request_event(base, head)


def assert_masked(where: str, text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret[:6]}... leaked in {where}"
        assert secret[6:20] not in text, f"part of {secret[:6]}... leaked in {where}"


def test_every_format_masks_every_secret(leaky_repo: tuple[Path, dict], tmp_path: Path) -> None:
    repo, _ = leaky_repo
    terminal = repocheck(repo, "--no-color")
    assert terminal.returncode == 0, terminal.stderr
    assert_masked("the terminal", terminal.stdout + terminal.stderr)
    for fmt in ("json", "markdown", "sarif", "badge"):
        out = tmp_path / f"report.{fmt}"
        result = repocheck(repo, "--format", fmt, "-o", out)
        assert result.returncode == 0, result.stderr
        assert_masked(fmt, result.stdout + result.stderr + out.read_text(encoding="utf-8"))
    report = repocheck(repo, "--format", "json").stdout
    assert "ghp_****" in report and '"GIT006"' in report  # still found, shown masked


def test_the_action_masks_every_secret(leaky_repo: tuple[Path, dict], tmp_path: Path) -> None:
    repo, event = leaky_repo
    sarif, comment = tmp_path / "out.sarif", tmp_path / "comment.md"
    with FakeGitHub(TOKEN) as api:
        run = run_action(
            repo, api, tmp_path / "run", event, "--sarif", str(sarif), "--comment-file", comment
        )
    assert run.process.returncode == 0, run.process.stderr
    posted = "".join(c["body"] for c in api.comments.get(7, []))
    assert "Use key sk-p" in posted  # the head subject is in the comment, masked
    outputs = [
        run.process.stdout,
        run.process.stderr,
        run.summary,
        posted,
        sarif.read_text(encoding="utf-8"),
        comment.read_text(encoding="utf-8"),
        Path(run.outputs["report-path"]).read_text(encoding="utf-8"),
    ]
    for index, text in enumerate(outputs):
        assert_masked(f"output {index}", text)


def test_a_clipped_secret_loses_its_visible_part_too() -> None:
    assert mask_secrets(f"subject {GITHUB[:16]}...") == "subject ghp_****..."
    assert mask_secrets(f"ok {GITHUB} and {AWS}").count("*") > 20
    assert mask_secrets("a sk-... placeholder") == "a sk-... placeholder"
    assert mask_secrets("runs the task-runner...") == "runs the task-runner..."
    assert mask_secrets(f"key={OPENAI[:12]}...") == "key=sk-p****..."
