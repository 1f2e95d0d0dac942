"""Start-up cost: each command imports only the libraries it uses.

The CLI runs in a fresh interpreter that prints ``sorted(sys.modules)`` when it exits, so the
test sees exactly what the command imported; nothing here is timed.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from repocheck.cli import LAZY_COMMANDS, LAZY_SUMMARIES
from tests.helpers import Step, make_repo

#: Libraries that cost tens of milliseconds each to import.
HEAVY = ("git", "github", "jinja2", "rich", "radon", "yaml", "pathspec", "packaging")

#: Runs the CLI's entry point with argv[1:], then writes the loaded modules to the file the
#: environment names: the command's own output and exit status stay as they are.
RUNNER = """
import atexit, json, os, sys

def dump():
    with open(os.environ["MODULES_OUT"], "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)

atexit.register(dump)
sys.argv = ["repocheck", *sys.argv[1:]]
from repocheck.cli import main
main()
"""


def loaded_by(
    tmp_path: Path, *args: str | Path
) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The top-level packages in sys.modules after ``repocheck ARGS``, and the finished run."""
    out = tmp_path / "modules.json"
    # -I: no user site, no PYTHON* variables, no current directory on sys.path.
    done = subprocess.run(
        [sys.executable, "-I", "-c", RUNNER, *map(str, args)],
        capture_output=True,
        text=True,
        env={"MODULES_OUT": str(out), "PATH": os.environ["PATH"], "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    names = json.loads(out.read_text(encoding="utf-8"))
    return {name.split(".")[0] for name in names} | set(names), done


@pytest.mark.parametrize(
    "args",
    [("--version",), ("explain", "REPRO001"), ("rules",), ("explain", "NOPE999"), ("--help",)],
    ids=["version", "explain", "rules", "explain-unknown", "help"],
)
def test_catalogue_commands_import_no_heavy_library(tmp_path: Path, args: tuple[str, ...]) -> None:
    loaded, done = loaded_by(tmp_path, *args)
    assert done.stdout or done.stderr  # the command did run
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "repocheck.analysis" not in loaded
    assert "repocheck.report" not in loaded


@pytest.mark.parametrize("command", ["check", "fix", "batch", "github"])
def test_a_command_s_help_imports_no_pipeline(tmp_path: Path, command: str) -> None:
    loaded, done = loaded_by(tmp_path, command, "--help")
    assert done.returncode == 0 and "Usage:" in done.stdout, done.stderr
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert "repocheck.analysis" not in loaded
    assert "repocheck.facts.collect" not in loaded


def test_explain_still_explains(tmp_path: Path) -> None:
    _, done = loaded_by(tmp_path, "explain", "REPRO001")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("REPRO001 (random-seeded): ")
    assert "\nHow to fix it\n  " in done.stdout


def test_checking_a_local_folder_as_json_imports_only_what_it_uses(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "small",
        [Step("Add a training script", {"train.py": "import torch\n\nprint(torch.rand(2))\n"})],
    )
    loaded, done = loaded_by(tmp_path, "check", repo, "--format", "json")
    assert json.loads(done.stdout)["score"] >= 0, done.stderr
    # GitPython only clones, PyGithub only talks to GitHub, Jinja2 and rich only render text,
    # PyYAML only reads CI and conda files, pathspec only ignore files and --exclude.
    # importlib.metadata (with email, zipfile, csv) only for ruff's version: ruff says it.
    # multiprocessing only starts complexity workers, on repositories far larger than this.
    unused = {"git", "github", "jinja2", "rich", "yaml", "pathspec", "importlib.metadata"}
    unused.add("multiprocessing")
    assert loaded.isdisjoint(unused), sorted(loaded & unused)
    assert "radon" in loaded  # the runner did run the whole pipeline


def test_where_a_run_writes_is_read_without_importing_yaml(tmp_path: Path) -> None:
    # A checkpoint makes GIT003 read where the run writes, and what committed YAML configs
    # say of such folders: without a YAML file, PyYAML stays unimported.
    script = "import torch\n\nweights = torch.rand(2)\ntorch.save(weights, 'out/w.pt')\n"
    repo = make_repo(tmp_path / "saves", [Step("Add a training script", {"train.py": script})])
    loaded, done = loaded_by(tmp_path, "check", repo, "--format", "json")
    gitignore = next(r for r in json.loads(done.stdout)["rules"] if r["id"] == "GIT003")
    assert "out/" in json.dumps(gitignore), gitignore
    assert "yaml" not in loaded


def test_a_repository_with_ci_still_reads_it(tmp_path: Path) -> None:
    workflow = (
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
    )
    repo = make_repo(
        tmp_path / "with-ci",
        [
            Step(
                "Add CI",
                {
                    ".github/workflows/test.yml": workflow,
                    "test_a.py": "def test_a():\n    assert 1\n",
                },
            )
        ],
    )
    loaded, done = loaded_by(tmp_path, "check", repo, "--format", "json")
    assert "yaml" in loaded, done.stderr
    ci_rule = next(r for r in json.loads(done.stdout)["rules"] if r["id"] == "TEST003")
    assert ci_rule["status"] == "pass", ci_rule
    assert "test.yml runs the tests" in ci_rule["message"]


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
@pytest.mark.parametrize("limit", [30, 45, 80, 200])
def test_help_lists_lazy_commands_as_they_describe_themselves(name: str, limit: int) -> None:
    real = importlib.import_module(LAZY_COMMANDS[name]).command
    listed = click.Command(name, help=LAZY_SUMMARIES[name])
    assert listed.get_short_help_str(limit) == real.get_short_help_str(limit)


def test_help_still_lists_every_command(tmp_path: Path) -> None:
    _, done = loaded_by(tmp_path, "--help")
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("Commands:")[1]
    for name in ("batch", "check", "explain", "github", "rules"):
        assert f"\n  {name} " in listed
    assert "Analyze in GitHub Actions" in listed
