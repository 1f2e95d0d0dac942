"""DOCS003 and TEST003: a GitHub Actions workflow that installs the project and runs pytest.

Written only where no CI runs the tests: none is configured (DOCS003), or the ones there run no
test command (TEST003). A configuration that is broken, runs the tests only by hand, or calls
what repocheck does not read is the user's to mend: a note says so and nothing is written, and
an existing file is never overwritten. The workflow installs what the project declares (when
nothing declares the imported packages yet, requirements.txt is planned as REPRO003's fixer
plans it), runs on the oldest Python the repository declares, reads the repository with a
read-only token, and pins each action by commit.
"""

from __future__ import annotations

from repocheck.analysis import deps as declared_deps
from repocheck.facts.inventory import is_test_path
from repocheck.fix import hints
from repocheck.fix.fixers._files import unwritable
from repocheck.fix.fixers._install import pip_install, python_version
from repocheck.fix.fixers._requirements import (
    PYPROJECT,
    REQUIREMENTS,
    imports_of_tests,
    plan_dependencies,
)
from repocheck.fix.plan import FileChange, FixContext, Proposal, fixer

WORKFLOW = hints.WORKFLOW
#: The actions repocheck's own CI uses, pinned by full commit (a tag can be moved).
CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"
SETUP_PYTHON = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065 # v5.6.0"

#: The oldest Python the job asks for: older ones are gone from ubuntu-latest's images.
OLDEST_ON_RUNNER = "3.9"

_TEMPLATE = """\
name: tests
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: {checkout}
        with:
          persist-credentials: false
      - uses: {setup_python}
        with:
          python-version: "{python}"
      - run: python -m pip install {install}
      - run: python -m pytest -q
"""


def _older(version: str, than: str) -> bool:
    return tuple(map(int, version.split("."))) < tuple(map(int, than.split(".")))


def workflow_text(python: str, install: str) -> str:
    return _TEMPLATE.format(
        checkout=CHECKOUT, setup_python=SETUP_PYTHON, python=python, install=install
    )


def _rule_of(context: FixContext) -> str:
    """Which of the two rules this call is for: the outcome whose result the engine passed."""
    found = (o.meta.id for o in context.report.outcomes if o.result is context.result)
    return next(found, "DOCS003")


def _not_ours(context: FixContext) -> str | None:
    """Why the workflow is not written: a CI the user must mend, or no tests to run."""
    planned_tests = any(is_test_path(change.path) for change in context.workspace.changes())
    return hints.workflow_refusal(context.snapshot, context.result, planned_tests)


def _install(context: FixContext) -> tuple[str | None, FileChange | None, list[str]]:
    """(what the job pip-installs, the dependency change it needs first, notes); None to
    install when pip cannot surely install what the project declares."""
    plan = plan_dependencies(context, core_only=True)
    if plan.missing and plan.change is None:  # declared in a file repocheck does not edit
        return None, None, plan.notes
    tools = " ".join(["pytest", *imports_of_tests(context, plan.target)])
    if plan.change is not None and plan.target == REQUIREMENTS:
        return f"-r {REQUIREMENTS} {tools}", plan.change, plan.notes
    found = pip_install(context, sure=True)
    if found is not None:
        return f"{found.removeprefix('pip install ')} {tools}", plan.change, plan.notes
    declared = [PYPROJECT] if plan.change else declared_deps.collect(context.snapshot).files
    if declared:
        return None, None, [f"pip cannot surely install what {', '.join(declared[:3])} declares"]
    return tools, None, []  # nothing to install but what the tests need


@fixer("DOCS003", "TEST003")
def add_test_workflow(context: FixContext) -> Proposal | None:
    rule_id = _rule_of(context)
    on_disk = context.workspace.original(WORKFLOW) is not None
    if not on_disk and context.workspace.exists(WORKFLOW):
        return None  # planned for the other rule in this run
    if on_disk or unwritable(context, WORKFLOW):
        return Proposal(rule_id, "add a test workflow", notes=(f"{WORKFLOW} exists: not replaced",))
    reason = _not_ours(context)
    if reason:
        return Proposal(rule_id, "add a test workflow", notes=(reason,))
    install, dependencies, notes = _install(context)
    if install is None:
        notes.append(f"{WORKFLOW} not written: its job could not install the dependencies")
        return Proposal(rule_id, "add a test workflow", notes=tuple(notes))
    python, assumed = python_version(context)
    notes += [assumed] if assumed else []
    if _older(python, OLDEST_ON_RUNNER):
        notes.append(
            f"the repository allows Python {python}, past its end of life and not offered by"
            f" GitHub's current Ubuntu runner: the job uses {OLDEST_ON_RUNNER}"
        )
        python = OLDEST_ON_RUNNER
    changes = [context.change(WORKFLOW, workflow_text(python, install))]
    changes += [dependencies] if dependencies else []
    summary = f"add {WORKFLOW}: pytest on Python {python} on every push and pull request"
    return Proposal(rule_id, summary, tuple(changes), notes=tuple(notes))
