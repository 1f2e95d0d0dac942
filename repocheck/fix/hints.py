"""What the report tells about ``repocheck fix`` for one finding: the command that proposes a
fix, or nothing when the fixer surely could only leave a note.

A rule with a fixer does not make every finding of it fixable: the smoke test needs a PyTorch
model to build, pinning needs ``--pin-from-env`` and a requirements.txt to include the pins
from, a workflow needs tests to run. The report's hint is a promise, so it carries the options
the fix needs and is withheld where the fixer surely cannot act. Only what the analysis
already knows is asked: no file is read and no fixer runs, and this module imports no fixer (a
check run must not load libcst), so a fixer that finds out only by reading more (a model's
input size for a smoke test) may still end in a note. The fixers ask the same questions here,
so the hint and the fix cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.ci import ci_configs
from repocheck.analysis.devices import bodies_reach_gpu
from repocheck.analysis.entrypoints import project
from repocheck.analysis.imports import Call
from repocheck.analysis.ml_code import repo_of
from repocheck.analysis.reach import reach_graph
from repocheck.analysis.seeding import find_randomness
from repocheck.analysis.test_discovery import find_tests
from repocheck.analysis.torch_models import torch_models
from repocheck.analysis.vendored import authored_view
from repocheck.catalogue import RuleMeta
from repocheck.facts.snapshot import Snapshot
from repocheck.model import Result, Status
from repocheck.rules.hygiene import large_files
from repocheck.rules.runs import WAITS_FOR_SEED_METRIC

#: Where the fixers write; a file already there is never replaced.
WORKFLOW = ".github/workflows/tests.yml"
SMOKE_TEST = "tests/test_smoke.py"
LICENSE = "LICENSE"
REQUIREMENTS = "requirements.txt"

#: The names of the seeding helper REPRO001's fixer writes, which REPRO002's fixer edits.
SEED_HELPER_MODULES = ("seeding", "reproducibility")
SEED_HELPER = "seed_everything"
#: Libraries whose seeding calls a project makes itself (torch.manual_seed, L.seed_everything).
SEEDING_LIBRARIES = frozenset(
    {"torch", "lightning", "pytorch_lightning", "transformers", "accelerate"}
)

#: Rules judged only once another rule's fix is made (REPRO002 waits for a torch seed), whose
#: fixers then run with that one's: what it writes, they build on.
RIDES_WITH = {"REPRO002": "REPRO001"}

SMOKE_RULES = frozenset({"TEST001", "SANITY003"})
WORKFLOW_RULES = frozenset({"DOCS003", "TEST003"})
FINDINGS = (Status.WARN, Status.FAIL)


def waits_for_a_fix(result: Result) -> bool:
    """The rule skipped only until another rule's fix is made (REPRO002 without a torch seed)."""
    return result.status is Status.SKIP and bool(result.metrics.get(WAITS_FOR_SEED_METRIC))


def rides_along(rule_id: str, result: Result, fixing: Collection[str]) -> bool:
    """Whether a rule that waits for another's fix is fixed in the same run as that one."""
    return RIDES_WITH.get(rule_id) in fixing and waits_for_a_fix(result)


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


@per_object
def has_torch_model(snapshot: Snapshot) -> bool:
    """The code defines a PyTorch model the smoke-test fixer can write a test for."""
    return bool(torch_models(repo_of(snapshot)))


def needs_deterministic_switches(snapshot: Snapshot, result: Result) -> bool:
    """REPRO002: no switch anywhere, and training that may run on a GPU (the rule's reading)."""
    if result.metrics.get("deterministic_switches", 0):
        return False
    view = authored_view(snapshot)
    return bodies_reach_gpu(view, reach_graph(project(view)).bodies())


def torch_seeds(snapshot: Snapshot) -> list[Call]:
    """Calls that seed PyTorch, directly or through the project's functions."""
    return list(find_randomness(authored_view(snapshot)).seeds.get("torch", []))


def _own_torch_seeding(snapshot: Snapshot) -> list[Call]:
    """Seeding calls into a library, outside the helper REPRO001's fixer writes: the calls of
    project functions that reach them are left out (they would name a helper's caller)."""
    return [
        seed
        for seed in torch_seeds(snapshot)
        if (seed.name or "").split(".")[0] in SEEDING_LIBRARIES
        and PurePosixPath(seed.unit.path).stem not in SEED_HELPER_MODULES
    ]


def _switches_wait(snapshot: Snapshot, switches: Result | None) -> bool:
    """REPRO002 waits for the seed, and seeding the run makes its switches count (a GPU)."""
    return (
        switches is not None
        and waits_for_a_fix(switches)
        and needs_deterministic_switches(snapshot, switches)
    )


def fix_command(
    meta: RuleMeta, result: Result, snapshot: Snapshot, results: Mapping[str, Result]
) -> str | None:
    """``repocheck fix --rule ID`` with the options this finding needs, or None when the rule
    has no fixer, passed, or the fixer would only explain why it writes nothing.
    ``results``: every rule's result in this run (some fixes are made with another's)."""
    if not meta.fixable or result.status not in FINDINGS:
        return None
    files = {info.path for info in snapshot.files}
    command = f"repocheck fix --rule {meta.id}"
    if meta.id == RIDES_WITH["REPRO002"] and _switches_wait(snapshot, results.get("REPRO002")):
        command += " --rule REPRO002"
    if meta.id in SMOKE_RULES:
        return command if SMOKE_TEST not in files and has_torch_model(snapshot) else None
    if meta.id in WORKFLOW_RULES:
        if WORKFLOW in files:
            return None
        # Without tests the workflow waits for them: a smoke test TEST001's fixer may write
        # could as well turn out a template to complete (a model's input size unread).
        refused = workflow_refusal(snapshot, result, tests_planned=False)
        return command if refused is None else None
    if meta.id == "REPRO004":
        # Versions are never guessed: they come from the environment, into constraints that
        # requirements.txt includes.
        return f"{command} --pin-from-env" if REQUIREMENTS in files else None
    if meta.id == "REPRO002":
        # The switches go into the seeding helper REPRO001's fixer writes; seeding the project
        # wrote itself is not edited.
        if not needs_deterministic_switches(snapshot, result):
            return None
        if _own_torch_seeding(snapshot):
            return None
        if torch_seeds(snapshot):  # seeded through the helper an earlier fix wrote
            return command
        seeding = results.get("REPRO001")
        if seeding is not None and seeding.status in FINDINGS:
            return f"repocheck fix --rule REPRO001 --rule {meta.id}"
        return None
    if meta.id == "GIT004":
        # Files whose size a partial clone does not know are the user's to look at.
        return command if large_files(snapshot) else None
    if meta.id == "DOCS002":
        return command if LICENSE not in files else None
    return command
