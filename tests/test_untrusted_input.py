"""Broken and hostile content is reported, never executed, never followed, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import Step, make_repo
from tests.runner import repocheck


def run_json(target: Path, cwd: Path) -> dict:
    result = repocheck("--format", "json", target, cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def test_nothing_from_the_repo_is_imported_or_run(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    payload = f"open({str(canary)!r}, 'w').write('ran')\n"
    repo = make_repo(
        tmp_path / "r",
        [
            Step(
                "Add payloads",
                {
                    "setup.py": payload,
                    "conftest.py": payload,
                    "tests/conftest.py": payload,
                    "sitecustomize.py": payload,
                    "evil.pth": f"import os; {payload}",
                    "tests/test_x.py": payload + "def test_x():\n    assert True\n",
                    "noxfile.py": payload,
                },
            )
        ],
    )
    run_json(repo, cwd=repo)  # run from inside the repo too: its files must not load
    assert not canary.exists()


def test_python_dash_m_from_inside_the_repo_imports_none_of_its_modules(tmp_path: Path) -> None:
    # python -m puts the current folder first on sys.path: a repository's click.py or yaml.py
    # (read when it has a workflow) must not stand in for the real packages.
    canary = tmp_path / "canary"
    payload = f"open({str(canary)!r}, 'w').write('ran')\n"
    names = ("click", "yaml", "git", "rich", "jinja2", "radon", "pathspec", "packaging")
    workflow = (
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
    )
    files = {f"{name}.py": payload for name in names}
    files[".github/workflows/ci.yml"] = workflow
    repo = make_repo(tmp_path / "r", [Step("Add payloads", files)])
    command = [sys.executable, "-m", "repocheck", "--format", "json", str(repo)]
    result = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["rules"]
    assert not canary.exists()


def test_a_relative_pythonpath_reaches_no_module_of_the_repo(tmp_path: Path) -> None:
    # Tests run with PYTHONPATH=. (the checkout) start repocheck inside the analyzed repo: a
    # "." left relative would be that repo in the child, and its click.py would load.
    canary = tmp_path / "canary"
    repo = make_repo(
        tmp_path / "r",
        [Step("Add a payload", {"click.py": f"open({str(canary)!r}, 'w').write('ran')\n"})],
    )
    inherited = os.environ.get("PYTHONPATH")
    pythonpath = os.pathsep.join(["."] + ([inherited] if inherited else []))
    result = repocheck("--format", "json", repo, cwd=repo, env={"PYTHONPATH": pythonpath})
    assert not canary.exists()
    assert result.returncode == 0, result.stderr


def test_symlinks_are_listed_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("SECRET_OUTSIDE = 1\n")
    repo = tmp_path / "r"
    make_repo(repo, [Step("Start", {"main.py": "x = 1\n"})])
    (repo / "passwd.py").symlink_to("/etc/passwd")
    (repo / "up").symlink_to("..")
    (repo / "outside.py").symlink_to(outside)
    (repo / "loop").symlink_to("loop")
    report = run_json(repo, cwd=tmp_path)
    assert report["stats"]["python_files"] == 1
    notes = "\n".join(report["notes"])
    assert "outside.py" not in notes or "symlink" in notes


def test_unparseable_files_are_notes_not_crashes(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "r",
        [
            Step(
                "Add broken files",
                {
                    "py2.py": "print 'hello'\n",
                    "syntax.py": "def broken(:\n",
                    "latin.py": "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n".encode("latin-1"),
                    "garbage.py": b"\xff\xfe\x00\x00binary\x00",
                    "broken.ipynb": "{not json",
                    "wrong.ipynb": json.dumps({"cells": "no"}),
                    "deep.py": "x = " + "(" * 100_000 + ")" * 100_000 + "\n",
                    "ok.py": "def ok():\n    return 1\n",
                },
            )
        ],
    )
    report = run_json(repo, cwd=tmp_path)
    notes = "\n".join(report["notes"])
    assert "py2.py: syntax error" in notes and "Python 2" in notes
    assert "syntax.py: syntax error" in notes
    assert "broken.ipynb: not valid notebook JSON" in notes
    assert "deep.py" in notes
    assert report["score"] is not None


def test_huge_files_are_skipped_with_a_note(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "r",
        [
            Step(
                "Add a huge module",
                {
                    "huge.py": "x = 1\n" * 300_000,
                    "small.py": "y = 2\n",
                },
            )
        ],
    )
    report = run_json(repo, cwd=tmp_path)
    assert any("huge.py: larger than" in note for note in report["notes"])
