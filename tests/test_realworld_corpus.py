"""The real-repository accuracy script, run end to end on a local repository it clones."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import Step, make_repo

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "realworld" / "run.py"

TRAIN = """\
import torch
from torch.utils.data import DataLoader

def train(model, data):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    for x, y in DataLoader(data, batch_size=8, shuffle=True):
        loss = model(x).sub(y).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
"""


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("realworld_run", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(tmp_path: Path) -> tuple[Path, Path, str]:
    """A served repository (owner+name folder), repos.toml and expectations for it."""
    origin = make_repo(
        tmp_path / "served" / "ada+mnist",
        [Step("Add a training loop with an unseeded shuffle", {"train.py": TRAIN})],
    )
    commit = (origin / ".git" / "refs" / "heads" / "main").read_text().strip()
    repos = tmp_path / "repos.toml"
    repos.write_text(
        f'[[repo]]\nowner = "ada"\nname = "mnist"\ncommit = "{commit}"\nkind = "learner"\n'
        f'\n[[repo]]\nowner = "ada"\nname = "gone"\ncommit = "{commit}"\nkind = "learner"\n',
        encoding="utf-8",
    )
    expectations = tmp_path / "expectations"
    expectations.mkdir()
    (expectations / "ada__mnist.toml").write_text(
        "[REPRO001]\n"
        'expected = ["warn", "fail"]\n'
        'reason = "DataLoader(shuffle=True) with no torch seed"\n\n'
        "[DOCS002]\n"
        'expected = "pass"\n'
        'reason = "deliberately wrong here, to be listed as a disagreement"\n',
        encoding="utf-8",
    )
    return repos, expectations, commit


def test_clones_runs_and_lists_agreement_and_disagreements(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repos, expectations, commit = _corpus(tmp_path)
    out = tmp_path / "out.json"
    template = (tmp_path / "served").as_uri() + "/{owner}+{name}"
    script = _load_script()

    code = script.main(
        [
            "--repos", str(repos),
            "--expectations", str(expectations),
            "--cache", str(tmp_path / "cache"),
            "--url-template", template,
            "--repocheck", f"{sys.executable} -m repocheck",
            "--json", str(out),
        ]
    )  # fmt: skip

    assert code == 0
    printed = capsys.readouterr()
    assert "ada/gone" in printed.out  # listed as unavailable, the run went on
    assert "- ada/mnist DOCS002: expected ['pass'], got fail (wrong)" in printed.out
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["repositories"] == 1
    assert set(result["unavailable"]) == {"ada/gone"}
    assert result["rules"]["REPRO001"]["right"] == 1
    assert result["rules"]["DOCS002"]["wrong"] == 1
    assert result["rules"]["DOCS002"]["precision"] == 0.0
    (repo,) = result["repos"]
    assert repo["commit"] == commit
    assert (tmp_path / "cache" / "ada__mnist" / "train.py").exists()


def test_reuses_a_checkout_already_at_the_commit(tmp_path: Path) -> None:
    repos, _, commit = _corpus(tmp_path)
    script = _load_script()
    template = (tmp_path / "served").as_uri() + "/{owner}+{name}"
    first = script.checkout("ada", "mnist", commit, tmp_path / "cache", template)
    (first / "marker").write_text("kept", encoding="utf-8")

    again = script.checkout("ada", "mnist", commit, tmp_path / "cache", "file:///nowhere/{name}")

    assert again == first and (again / "marker").exists()


def test_rejects_an_expectation_that_is_not_a_status(tmp_path: Path) -> None:
    repos, expectations, _ = _corpus(tmp_path)
    (expectations / "ada__mnist.toml").write_text(
        '[REPRO001]\nexpected = "maybe"\nreason = "x"\n', encoding="utf-8"
    )
    script = _load_script()
    repo = script.load_repos(repos)[0]

    with pytest.raises(ValueError, match="expected must be statuses"):
        script.load_expectations(expectations, repo)


def test_classifies_each_disagreement_and_counts_precision() -> None:
    script = _load_script()
    compare = sys.modules["compare"]
    repo = compare.Repo("ada", "mnist", "0" * 40, "learner")
    expected = {
        "A": compare.Expectation(frozenset({"pass"}), "a finding where none is right"),
        "B": compare.Expectation(frozenset({"warn", "fail"}), "a finding was needed"),
        "C": compare.Expectation(frozenset({"pass"}), "applies, with a reason that is false"),
        "D": compare.Expectation(frozenset({"pass", "warn"}), "true, not worth it", True),
        "E": compare.Expectation(frozenset({"fail"}), "right"),
    }
    report = {
        "rules": [
            {"id": "A", "status": "fail", "evidence": [{"path": "a.py", "line": 3}]},
            {"id": "B", "status": "skip"},
            {"id": "C", "status": "skip"},
            {"id": "D", "status": "warn"},
            {"id": "E", "status": "fail"},
            {"id": "F", "status": "warn", "message": "nobody read this"},
        ]
    }

    outcome = script.compare_repo(repo, expected, report)
    summary = script.summarize([outcome])

    verdicts = {v.rule: v.verdict for v in outcome.verdicts}
    assert verdicts == {"A": "wrong", "B": "missed", "C": "disagree", "D": "agree", "E": "agree"}
    assert outcome.verdicts[0].evidence == ["a.py:3"]
    assert summary["A"]["precision"] == 0.0 and summary["E"]["precision"] == 1.0
    assert summary["D"]["debatable"] == 1 and summary["D"]["precision"] is None
    assert summary["F"]["unread"] == 1 and summary["F"]["findings"] == 1


def test_a_true_finding_at_another_severity_and_a_prerequisite_skip() -> None:
    script = _load_script()
    compare = sys.modules["compare"]
    repo = compare.Repo("ada", "mnist", "0" * 40, "learner")
    expected = {
        "GIT003": compare.Expectation(frozenset({"fail"}), "no .gitignore, checkpoints written"),
        "TEST001": compare.Expectation(frozenset({"fail"}), "no tests"),
        "TEST004": compare.Expectation(frozenset({"fail"}), "no tests, so no test code"),
        "READ001": compare.Expectation(frozenset({"pass"}), "clean"),
    }
    report = {
        "rules": [
            {"id": "GIT003", "status": "warn"},
            {"id": "TEST001", "status": "fail"},
            {"id": "TEST004", "status": "skip"},
            {"id": "READ001", "status": "skip"},
        ]
    }
    needs = {"TEST004": ("TEST001",), "READ001": ("TEST001",)}

    outcome = script.compare_repo(repo, expected, report, needs)
    summary = script.summarize([outcome])

    verdicts = {v.rule: v.verdict for v in outcome.verdicts}
    # A warn where a fail is right is a true statement at the wrong severity: right, and listed.
    assert verdicts["GIT003"] == "severity"
    assert summary["GIT003"]["right"] == 1 and summary["GIT003"]["severity"] == 1
    assert summary["GIT003"]["disagree"] == 1
    # The absence of tests is charged once, at TEST001: TEST004's skip agrees with "fail".
    assert verdicts["TEST004"] == "agree"
    # A prerequisite's failure does not excuse a skip where a pass was expected.
    assert verdicts["READ001"] == "disagree"


def test_the_catalogue_names_the_prerequisites() -> None:
    _load_script()
    compare = sys.modules["compare"]
    needs = compare.load_prerequisites()
    assert needs["TEST004"] == ("TEST001",)
    assert set(needs["TEST003"]) == {"DOCS003", "TEST001"}
