"""action.yml and the example workflow pass GitHub's schemas and zizmor's security audit.

Both tools are in the ``test`` extra; where one is not installed the test says so and skips.
check-jsonschema uses the schemas it ships (``vendor.*``), so nothing is downloaded.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
EXAMPLE = ROOT / "docs" / "examples" / "repocheck.yml"
#: The example workflow and the two halves of the fork pattern (docs/github-action.md), and the
#: project's own CI: it is held to the same audit as what it tells users to copy.
WORKFLOWS = sorted((ROOT / "docs" / "examples").glob("*.yml")) + sorted(
    (ROOT / ".github" / "workflows").glob("*.yml")
)
#: The one reference that cannot be pinned by commit yet: the first release has no commit to name.
OWN_RELEASE = "repocheck/repocheck@"


def tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (pip install '.[test]' brings it)")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize(
    ("schema", "path"),
    [("vendor.github-actions", ACTION)] + [("vendor.github-workflows", w) for w in WORKFLOWS],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_files_match_githubs_schemas(schema: str, path: Path) -> None:
    result = run(tool("check-jsonschema"), "--builtin-schema", schema, str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing() -> None:
    result = run(tool("zizmor"), "--offline", "--no-progress", str(ACTION), *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_action_declares_what_the_issue_promises() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert set(action["inputs"]) >= {
        "path",
        "fail-under",
        "comment",
        "sarif",
        "config",
        "github-token",
    }
    assert action["inputs"]["comment"]["default"] == "update"
    assert action["inputs"]["github-token"]["default"] == "${{ github.token }}"
    assert set(action["outputs"]) == {"score", "grade", "report-path"}
    workflow = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    job = next(iter(workflow["jobs"].values()))
    assert job["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert "pull_request_target" not in workflow[True]  # yaml reads the key `on` as True


def _uses(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["uses"]] if isinstance(node.get("uses"), str) else []
        return found + [u for value in node.values() for u in _uses(value)]
    if isinstance(node, list):
        return [u for item in node for u in _uses(item)]
    return []


@pytest.mark.parametrize("path", [ACTION, *WORKFLOWS], ids=lambda path: path.name)
def test_every_third_party_action_is_pinned_by_commit(path: Path) -> None:
    uses = [u for u in _uses(yaml.safe_load(path.read_text(encoding="utf-8"))) if "@" in u]
    assert uses, f"{path.name} uses no action: the test would prove nothing"
    unpinned = [
        u
        for u in uses
        if not u.startswith(OWN_RELEASE) and not re.fullmatch(r"[^@]+@[0-9a-f]{40}", u)
    ]
    assert unpinned == []


def test_the_action_installs_the_versions_ci_tested() -> None:
    # A tag of the action must install what that commit's CI ran, not whatever PyPI has that day.
    steps = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    install = next(step["run"] for step in steps if step.get("name") == "Install repocheck")
    assert '-c "$ACTION_PATH/constraints.txt"' in install
    assert (ROOT / "constraints.txt").is_file()
    assert any(str(step.get("uses", "")).startswith("actions/cache@") for step in steps)
