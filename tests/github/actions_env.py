"""Run ``repocheck github`` the way the Action does, with the Actions environment set."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import git

from tests.fakes.github_api import FakeGitHub
from tests.runner import repocheck

#: Not a real token's shape, so no secret scanner flags this file; the tests check it never leaks.
TOKEN = "test-token-" + "7" * 24
REPOSITORY = "ada/portfolio"
NUMBER = 7


@dataclass
class Run:
    """One finished run: the process and the files it wrote."""

    process: subprocess.CompletedProcess[str]
    summary: str
    outputs: dict[str, str]

    @property
    def report(self) -> dict:
        """The JSON report named by the ``report-path`` output."""
        return json.loads(Path(self.outputs["report-path"]).read_text(encoding="utf-8"))


def parse_outputs(text: str) -> dict[str, str]:
    """GITHUB_OUTPUT's ``name<<DELIMITER`` blocks as a dict."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        name, _, delimiter = line.partition("<<")
        body = []
        for inner in lines:
            if inner == delimiter:
                break
            body.append(inner)
        values[name] = "\n".join(body)
    return values


def commit(repo: Path, message: str, files: Mapping[str, str | None]) -> str:
    """Commit ``files`` (None deletes) on the current branch; return the new SHA."""
    handle = git.Repo(repo)
    for rel, content in files.items():
        if content is None:
            handle.index.remove([rel], working_tree=True)
            continue
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(content, encoding="utf-8")
        handle.git.add("--", rel)
    handle.git.commit("--no-verify", "-q", "-m", message)
    return handle.head.commit.hexsha


def pull_request_event(base_sha: str, head_sha: str, *, fork: bool = False) -> dict:
    """A pull_request event payload, trimmed to the fields GitHub always sends."""
    head_repo = "mallory/portfolio" if fork else REPOSITORY
    return {
        "action": "synchronize",
        "number": NUMBER,
        "pull_request": {
            "number": NUMBER,
            "state": "open",
            "title": "Add the data paths",
            "base": {"ref": "main", "sha": base_sha, "repo": {"full_name": REPOSITORY}},
            "head": {"ref": "feature", "sha": head_sha, "repo": {"full_name": head_repo}},
        },
        "repository": {"full_name": REPOSITORY},
    }


def run_action(
    repo: Path,
    api: FakeGitHub | None,
    work: Path,
    event: dict,
    *args: str,
    event_name: str = "pull_request",
) -> Run:
    """``repocheck github . ARGS`` in ``repo``, with the variables a workflow step gets."""
    work.mkdir(parents=True, exist_ok=True)
    event_path, summary, output = work / "event.json", work / "summary.md", work / "output.txt"
    event_path.write_text(json.dumps(event), encoding="utf-8")
    for path in (summary, output):
        path.write_text("", encoding="utf-8")
    head = event.get("pull_request", {}).get("head", {}).get("sha") or "0" * 40
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_path),
        "GITHUB_REPOSITORY": REPOSITORY,
        "GITHUB_API_URL": api.url if api else "http://127.0.0.1:9",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_SHA": head,
        "GITHUB_BASE_REF": "main" if "pull_request" in event else "",
        "GITHUB_TOKEN": TOKEN,
        "RUNNER_TEMP": str(work / "runner-temp"),
    }
    process = repocheck("github", ".", *args, cwd=repo, env=env)
    return Run(
        process,
        summary.read_text(encoding="utf-8"),
        parse_outputs(output.read_text(encoding="utf-8")),
    )
