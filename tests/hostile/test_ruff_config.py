"""ruff reads only repocheck's settings, and its failures are visible (SECURITY.md, class 3).

Each repository here is real (git, on disk) and analyzed by the installed command. A ruff
configuration outside the repository, reached through a symlink or an ``extend`` path, must
change nothing in any report, and its text must appear in none; a repository whose own ruff
configuration is broken gets its code measured all the same, never a pass for free.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Step, make_repo
from tests.runner import repocheck

CANARY = "CANARY_OUTSIDE_7F3A"
#: Valid ruff settings that would change every verdict they reached: 20-character lines make
#: every file "unformatted", and every rule ruff has would be counted.
OUTSIDE_SETTINGS = (
    f'# {CANARY}\nline-length = 20\nbuiltins = ["{CANARY}"]\n\n[lint]\nselect = ["ALL"]\n'
)
#: Formatted code with one unused import: READ003 passes, READ001 finds one thing.
CODE = {
    "train.py": (
        '"""Train a model."""\n\nimport os\n\n\n'
        "def train(epochs: int, learning_rate: float) -> float:\n"
        '    """Run the loop."""\n'
        "    total = 0.0\n"
        "    for epoch in range(epochs):\n"
        "        total += learning_rate * epoch\n"
        "    return total\n"
    ),
}
FORMATS = ("json", "markdown", "sarif", "terminal")


def outputs(repo: Path, cwd: Path) -> dict[str, str]:
    """Every format's stdout and stderr, after checking each run ended normally."""
    found = {}
    for name in FORMATS:
        result = repocheck("check", "--format", name, repo, cwd=cwd)
        assert result.returncode in (0, 1), result.stderr
        assert "Traceback" not in result.stderr
        found[name] = result.stdout + result.stderr
    return found


def verdicts(report: str) -> dict[str, Any]:
    """The READ001 and READ003 verdicts of a JSON report, the parts a config could sway."""
    rules = {rule["id"]: rule for rule in json.loads(report)["rules"]}
    return {
        rule_id: (rules[rule_id]["status"], rules[rule_id]["score"], rules[rule_id]["metrics"])
        for rule_id in ("READ001", "READ003")
    }


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "ruff.toml").write_text(OUTSIDE_SETTINGS, encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        OUTSIDE_SETTINGS.replace("[lint]", "[tool.ruff.lint]").replace(
            "line-length", "[tool.ruff]\nline-length"
        ),
        encoding="utf-8",
    )
    return folder


@pytest.fixture
def control(tmp_path: Path) -> dict[str, Any]:
    """The verdicts of the same code with no ruff configuration at all."""
    repo = make_repo(tmp_path / "control", [Step("Start", CODE)])
    report = repocheck("check", "--format", "json", repo, cwd=tmp_path).stdout
    found = verdicts(report)
    assert found["READ003"][0] == "pass" and found["READ001"][2]["findings"] == 1
    return found


@pytest.mark.parametrize("name", ["ruff.toml", ".ruff.toml", "pyproject.toml"])
def test_a_symlinked_config_outside_the_repo_changes_nothing(
    tmp_path: Path, outside: Path, control: dict[str, Any], name: str
) -> None:
    repo = make_repo(tmp_path / "repo", [Step("Start", CODE)])
    source = outside / ("pyproject.toml" if name == "pyproject.toml" else "ruff.toml")
    (repo / name).symlink_to(source)
    found = outputs(repo, cwd=tmp_path)
    assert all(CANARY not in text for text in found.values())
    assert verdicts(found["json"]) == control


@pytest.mark.parametrize("where", ["absolute", "relative"])
def test_extend_pointing_outside_the_repo_is_not_followed(
    tmp_path: Path, outside: Path, control: dict[str, Any], where: str
) -> None:
    target = outside / "ruff.toml" if where == "absolute" else "../outside/ruff.toml"
    pyproject = f'[tool.ruff]\nextend = "{target}"\n'
    repo = make_repo(tmp_path / "repo", [Step("Start", {**CODE, "pyproject.toml": pyproject})])
    found = outputs(repo, cwd=tmp_path)
    assert all(CANARY not in text for text in found.values())
    report = json.loads(found["json"])
    assert verdicts(found["json"]) == {
        "READ001": (*control["READ001"][:2], {**control["READ001"][2], "own_config_findings": 1}),
        "READ003": control["READ003"],
    }
    assert any("extend is not followed" in note for note in report["notes"])


def test_a_config_in_a_folder_above_the_repo_changes_nothing(
    tmp_path: Path, control: dict[str, Any]
) -> None:
    # Whoever can write to the folder a repository is cloned into must not steer its verdicts.
    above = tmp_path / "shared"
    above.mkdir()
    (above / "ruff.toml").write_text(OUTSIDE_SETTINGS, encoding="utf-8")
    repo = make_repo(above / "repo", [Step("Start", CODE)])
    found = outputs(repo, cwd=tmp_path)
    assert all(CANARY not in text for text in found.values())
    assert verdicts(found["json"]) == control


BROKEN = {
    "not TOML": "line-length = = 3\n",
    "an unknown key": 'no-such-setting = "x"\n',
    "a target ruff does not know": 'target-version = "py2"\n',
    "a line length ruff rejects": "line-length = 0\n",
    "an unknown rule": '[lint]\nselect = ["NOPE999"]\n',
}


@pytest.mark.parametrize("broken", list(BROKEN), ids=list(BROKEN))
def test_a_broken_repo_config_never_buys_a_pass(tmp_path: Path, broken: str) -> None:
    # Tight commas beside spaced ones: a mix of styles, which READ003 judges.
    mixed = "print(1,2,3,4,5,6)\nprint(1, 2, 3, 4, 5, 6)\n"
    unformatted = {"train.py": "import os\nx=( 1,2 )\ny = [ 3,4 ]\nz={ 'a':1 }\n" + mixed}
    repo = make_repo(
        tmp_path / "repo", [Step("Start", {**unformatted, "ruff.toml": BROKEN[broken]})]
    )
    result = repocheck("check", "--format", "json", repo, cwd=tmp_path)
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    rules = {rule["id"]: rule for rule in report["rules"]}
    # The code is measured as if the config were not there: unformatted, one unused import.
    assert rules["READ003"]["status"] in ("warn", "fail")
    assert rules["READ001"]["status"] != "error" and rules["READ001"]["metrics"]["findings"] == 1
    # What is wrong with the repo's own settings is said, not hidden.
    assert any(note.startswith("ruff.toml: ") for note in report["notes"])
    own = rules["READ001"]["metrics"]["own_config_findings"]
    assert own is None or broken == "an unknown key"
