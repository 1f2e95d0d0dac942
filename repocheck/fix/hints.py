"""What the report tells about ``repocheck fix`` for one finding: the command that proposes a
fix, or nothing when the fixer could only leave a note.

A rule with a fixer does not make every finding of it fixable: the smoke test needs a PyTorch
model to build, pinning needs ``--pin-from-env`` and a requirements.txt to include the pins
from, a workflow needs tests to run. The report's hint is a promise, so it is given only where
the fixer would propose something, with the options it needs. Only what the analysis already
knows is asked: no file is read and no fixer runs, and this module imports no fixer (a check
run must not load libcst). The fixers ask the same questions here, so the hint and the fix
cannot drift apart.
"""

from __future__ import annotations

from repocheck.analysis.ci import ci_configs
from repocheck.analysis.imports import programs
from repocheck.analysis.ml_code import Repo
from repocheck.analysis.test_discovery import find_tests
from repocheck.analysis.torch_models import torch_models
from repocheck.catalogue import RuleMeta
from repocheck.facts.snapshot import Snapshot
from repocheck.model import Result, Status

#: Where the fixers write; a file already there is never replaced.
WORKFLOW = ".github/workflows/tests.yml"
SMOKE_TEST = "tests/test_smoke.py"
LICENSE = "LICENSE"
REQUIREMENTS = "requirements.txt"

SMOKE_RULES = frozenset({"TEST001", "SANITY003"})
WORKFLOW_RULES = frozenset({"DOCS003", "TEST003"})
FINDINGS = (Status.WARN, Status.FAIL)


def workflow_refusal(snapshot: Snapshot, result: Result, tests_planned: bool) -> str | None:
    """Why no test workflow is written for this DOCS003/TEST003 result, or None: a CI the user
    must mend, one that runs the tests in a way repocheck does not read, or no tests to run
    (``tests_planned``: another fixer of the same run writes some)."""
    broken = [config for config in ci_configs(snapshot) if config.error]
    if broken:
        return f"{broken[0].path} {broken[0].broken}: mend it rather than add a second workflow"
    if result.status is not Status.FAIL:
        # Tests run only by hand or on a schedule, or in configuration repocheck does not read.
        return f"{result.message}: mend that configuration rather than add a workflow"
    if not find_tests(snapshot) and not tests_planned:
        return "no tests for a workflow to run yet (see TEST001): add some, then run fix again"
    return None


def has_torch_model(snapshot: Snapshot) -> bool:
    """The code defines a PyTorch model the smoke-test fixer can write a test for."""
    return bool(torch_models(Repo(programs(snapshot))))


def fix_command(meta: RuleMeta, result: Result, snapshot: Snapshot) -> str | None:
    """``repocheck fix --rule ID`` with the options this finding needs, or None when the rule
    has no fixer, passed, or the fixer would only explain why it writes nothing."""
    if not meta.fixable or result.status not in FINDINGS:
        return None
    files = {info.path for info in snapshot.files}
    command = f"repocheck fix --rule {meta.id}"
    if meta.id in SMOKE_RULES:
        return command if SMOKE_TEST not in files and has_torch_model(snapshot) else None
    if meta.id in WORKFLOW_RULES:
        if WORKFLOW in files:
            return None
        smoke_test_first = not find_tests(snapshot) and has_torch_model(snapshot)
        if workflow_refusal(snapshot, result, tests_planned=smoke_test_first) is not None:
            return None
        # The workflow is written with the smoke test the same run plans, not before it.
        return f"repocheck fix --rule TEST001 --rule {meta.id}" if smoke_test_first else command
    if meta.id == "REPRO004":
        # Versions are never guessed: they come from the environment, into constraints that
        # requirements.txt includes.
        return f"{command} --pin-from-env" if REQUIREMENTS in files else None
    if meta.id == "DOCS002":
        return command if LICENSE not in files else None
    return command
