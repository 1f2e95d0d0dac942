"""``fixable`` in the catalogue is the set of registered fixers, and costs the check nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from repocheck.catalogue import load_catalogue
from repocheck.explain import catalogue_json, catalogue_text
from repocheck.fix.engine import fixable_rules
from tests.helpers import Step, make_repo
from tests.runner import repocheck

PROBE = """
import atexit, sys
def loaded():
    names = [m for m in sys.modules if m.startswith(("repocheck.fix", "libcst"))]
    print(",".join(sorted(names)), file=sys.stderr)
atexit.register(loaded)
from repocheck.cli import main
sys.argv = ["repocheck", sys.argv[1], "--format", "json"]
main()
"""


def test_the_catalogue_marks_exactly_the_rules_with_a_fixer() -> None:
    marked = {meta.id for meta in load_catalogue().rules if meta.fixable}
    assert marked == fixable_rules()
    listed = json.loads(catalogue_json())["rules"]
    assert {rule["id"] for rule in listed if rule["fixable"]} == marked
    text = catalogue_text().splitlines()
    assert {line.split()[0] for line in text if line.endswith("[repocheck fix]")} == marked


def test_check_never_imports_the_fixers(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", [Step("Add the code", {"train.py": "x = 1\n"})])
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout)
    assert {rule["id"] for rule in report["rules"] if rule["fixable"]} == fixable_rules()
    loaded = set(result.stderr.strip().splitlines()[-1].split(","))
    # The package itself (its docstring, for the lazy subcommand) and the fix hints, which
    # ask the analyses only: no fixer, no libcst.
    assert loaded == {"repocheck.fix", "repocheck.fix.hints"}


def test_the_reports_mark_a_top_fix_repocheck_fix_can_write(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", [Step("Add the code", {"train.py": "x = 1\n"})])
    terminal = repocheck(root, "--select", "DOCS", "--no-color").stdout
    licence = terminal.split("DOCS002", 1)[1]
    assert (
        "or:  repocheck fix --rule DOCS002 (shows what it can write; --write applies it)" in licence
    )
    for rule_id in ("DOCS001", "DOCS002"):  # all three fail here: all top fixes
        assert f"repocheck fix --rule {rule_id} " in terminal, rule_id
    # DOCS003 has a fixer, but a workflow with no tests to run is not a fix: no promise.
    assert "repocheck fix --rule DOCS003" not in terminal
    markdown = repocheck(root, "--select", "DOCS", "--format", "markdown").stdout
    assert (
        "*Or let repocheck write it:* `repocheck fix --rule DOCS002` shows what it can write"
        in markdown
    )
    assert markdown.count("repocheck fix --rule") == 2  # DOCS001 and DOCS002
