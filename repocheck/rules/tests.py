"""Tests rules: real tests exist, they check something, CI runs them, and how much there is."""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from repocheck.analysis.asserts import EMPTY_BODY, LITERALS_ONLY, SWALLOWED, non_asserting
from repocheck.analysis.cache import per_object
from repocheck.analysis.ci import CiConfig, ci_configs, service
from repocheck.analysis.failing_imports import FailingImport, failing_import
from repocheck.analysis.generated import generated_modules
from repocheck.analysis.imports import in_checkpoint
from repocheck.analysis.native_tests import languages, native_tests
from repocheck.analysis.project import ci_test_command, integration_runs
from repocheck.analysis.pytest_config import pytest_naming
from repocheck.analysis.script_tests import ScriptTests, script_tests
from repocheck.analysis.test_code import find_test_code, imported_by_code, runs_at_top_level
from repocheck.analysis.test_discovery import (
    FoundTest,
    collectable,
    find_tests,
    tests_if_collected,
    unparsed_tests,
)
from repocheck.analysis.test_syntax import main_guard
from repocheck.facts.inventory import TEST_DIRS
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence, Result, Status
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.rules._sanity_common import ML_LIBRARIES

#: How many found tests a passing TEST001 shows as evidence.
SHOWN_TESTS = 5

# ---------------------------------------------------------------------------- finding tests

# "test.py", "model_test.ipynb", "tests.py", but not "latest.py" or "attestation.py".
_TESTISH = compile_on_use(r"(?:^|[^a-z])test[^/]*$", re.IGNORECASE)
#: "test" as the name of a data split (train_test_split.py, TestData.py, test_loader.py), not
#: of a test of the code (test_gpu.py, 20200522_test_MNIST.py). A capital after the word
#: starts the next one (TestDataCreation.py); a small letter goes on (test_database.py).
_DATA_SPLIT = compile_on_use(
    r"train[\W_]*test|test[\W_]*(split|sets?|data|size|loaders?|images?|samples?)(?-i:(?![a-z]))",
    re.IGNORECASE,
)


def _why_not_counted(snapshot: Snapshot, path: str, kind: str, is_test: bool) -> str:
    name = PurePosixPath(path).name
    if kind == "notebook":
        return "a notebook: pytest does not collect tests from notebooks"
    if kind != "python":
        return "in a test folder, but not a Python test file"
    if not pytest_naming(snapshot).collects_file(path) and tests_if_collected(snapshot, path):
        run = _self_run_evaluation(snapshot, path)
        if run:
            return f"{name} runs its {run}() itself and asserts nothing: an evaluation script"
        if not _asserts(snapshot, path) and imported_by_code(snapshot, path):
            return f"{name} is run by the code that imports it and asserts nothing: an evaluation"
        return f"pytest does not collect {name}: name it test_*.py or *_test.py"
    if is_test and _module_level_tests(snapshot, path):
        return "test*() here takes arguments no fixture provides and the code calls it: evaluation"
    if _in_test_folder(path) and _has_main_block(snapshot, path):
        return "runs as a script: no test_* functions or TestCase classes for pytest to collect"
    if kind == "python" and _has_main_block(snapshot, path) and not _checks(snapshot, path):
        # src/test.py parsing --weights and printing the test split's accuracy from main():
        # what its README calls the evaluation script, not a test left without functions.
        return f"{name} runs as a script from its __main__ block and asserts nothing:" + (
            " an evaluation script" if _evaluates(snapshot, path) else " a script, not a test"
        )
    if kind == "python" and _runs_at_top_level(snapshot, path) and not _checks(snapshot, path):
        # test.py loading the checkpoint and looping over the loader at the module's top
        # level, with no function at all: an evaluation script too, not an empty test file.
        return f"{name} runs as a script from its top level and asserts nothing:" + (
            " an evaluation script" if _evaluates(snapshot, path) else " a script, not a test"
        )
    return "no test_* functions or TestCase classes"


@per_object
def _units_by_path(snapshot: Snapshot) -> dict[str, list[SourceUnit]]:
    """The parsed units of each file (a notebook's cells), indexed once: the reasons a file
    is not counted ask of one file at a time, and a library has thousands."""
    found: dict[str, list[SourceUnit]] = {}
    for unit in snapshot.parsed():
        found.setdefault(unit.path, []).append(unit)
    return found


def _units_of(snapshot: Snapshot, path: str) -> list[SourceUnit]:
    return _units_by_path(snapshot).get(path, [])


def _in_test_folder(path: str) -> bool:
    return any(part in TEST_DIRS for part in PurePosixPath(path).parts[:-1])


def _has_main_block(snapshot: Snapshot, path: str) -> bool:
    """``if __name__ == "__main__":`` in the file: its checks run when it is run by hand."""
    return any(main_guard(unit) is not None for unit in _units_of(snapshot, path))


def _runs_at_top_level(snapshot: Snapshot, path: str) -> bool:
    """Work done by the file's top-level statements (see :func:`runs_at_top_level`)."""
    return any(
        unit.tree is not None and runs_at_top_level(unit.tree) for unit in _units_of(snapshot, path)
    )


def _self_run_evaluation(snapshot: Snapshot, path: str) -> str | None:
    """The ``test*`` function a file with no assert calls itself (``if __name__ ==
    "__main__": test()`` after loading a trained agent): an evaluation run, which renaming the
    file would only make pytest run, not check."""
    units = _units_of(snapshot, path)
    if _asserts(snapshot, path):
        return None
    defined = {
        node.name for unit in units if unit.tree for node in unit.tree.body if collectable(node)
    }
    called = (
        call.func.id
        for unit in units
        for call in unit.of_type(ast.Call)
        if isinstance(call.func, ast.Name) and call.func.id in defined
    )
    return next(called, None)


#: Calls that load, run or score a model: what makes a script an evaluation.
_EVALUATION_CALLS = frozenset(
    {
        "load_state_dict",
        "load_model",
        "load_weights",
        "evaluate",
        "predict",
        "predict_proba",
        "accuracy_score",
        "score",
    }
)


def _evaluates(snapshot: Snapshot, path: str) -> bool:
    """The file imports an ML library or loads, runs or scores a model: a script named test
    that does is an evaluation; one that drives a camera over a serial port is only a script."""
    for unit in _units_of(snapshot, path):
        for node in unit.of_type(ast.Import):
            if any(alias.name.split(".")[0] in ML_LIBRARIES for alias in node.names):
                return True
        for found in unit.of_type(ast.ImportFrom):
            if found.level == 0 and (found.module or "").split(".")[0] in ML_LIBRARIES:
                return True
        for call in unit.of_type(ast.Call):
            func = call.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in _EVALUATION_CALLS:
                return True
    return False


def _checks(snapshot: Snapshot, path: str) -> bool:
    """An assert that checks something, or a ``raise``: a file that can fail on a wrong
    result is a check, whatever runs it."""
    return _asserts(snapshot, path) or any(
        bool(unit.of_type(ast.Raise)) for unit in _units_of(snapshot, path)
    )


def _asserts(snapshot: Snapshot, path: str) -> bool:
    """An assert in the file that checks something: not ``assert "Train first!"``, whose
    constant is always true."""
    return any(
        not isinstance(node.test, ast.Constant)
        for unit in _units_of(snapshot, path)
        for node in unit.of_type(ast.Assert)
    )


def _looks_like_tests(snapshot: Snapshot) -> list[Evidence]:
    """Files a learner may believe are tests, with why they did not count (Python first)."""
    candidates = [
        info
        for info in snapshot.files
        if PurePosixPath(info.path).name != "conftest.py"
        and not in_checkpoint(info.path)  # Jupyter's autosaved copy, not what anyone wrote
        and (
            (info.is_test and _may_hold_tests(info.path, info.kind))
            or (info.kind in ("python", "notebook") and _TESTISH.search(info.path))
        )
        and not _named_like_tests_only(snapshot, info.path, info.kind, info.is_test)
        and not _names_the_test_split(snapshot, info.path, info.kind, info.is_test)
        and not _code_named_like_a_test(snapshot, info.path, info.kind, info.is_test)
    ]
    candidates.sort(key=lambda info: (info.kind != "python", info.path))
    return [
        Evidence(info.path, 1, _why_not_counted(snapshot, info.path, info.kind, info.is_test))
        for info in candidates[:SHOWN_TESTS]
    ]


#: Source files a test folder may hold tests in, written in another language or as scripts.
_SOURCE_SUFFIXES = frozenset(
    {".sh", ".bash", ".c", ".cc", ".cpp", ".cxx", ".cu", ".h", ".hpp", ".js", ".ts", ".r"}
    | {".m", ".jl", ".java", ".go", ".rs", ".rb", ".pl", ".lua", ".scala", ".kt", ".swift"}
)


def _may_hold_tests(path: str, kind: str) -> bool:
    """Python, a notebook or another language's source: not the images, tables and arrays of
    a dataset's test split (``data/cifar-10/test/48.png``)."""
    return kind in ("python", "notebook") or PurePosixPath(path).suffix.lower() in _SOURCE_SUFFIXES


def _code_named_like_a_test(snapshot: Snapshot, path: str, kind: str, is_test: bool) -> bool:
    """``datasets/test_dataset.py``, ``RNN_test.py``: named as pytest collects, but holding no
    test and read as code (code imports it, or it runs as a script that evaluates on the test
    split): a dataset or an evaluation, not a test left unwritten. A ``test_*.py`` in a tests
    folder is what its author took for a test, whatever it runs."""
    if not is_test or kind != "python" or tests_if_collected(snapshot, path):
        return False
    if _in_test_folder(path):
        return False
    if _module_level_tests(snapshot, path):
        return False  # test*() taking arguments: said so, it is what a learner took for tests
    test_code = find_test_code(snapshot)
    units = [unit for unit in snapshot.sources if unit.path == path and unit.tree is not None]
    return bool(units) and not any(test_code.is_test_unit(unit) for unit in units)


def _names_the_test_split(snapshot: Snapshot, path: str, kind: str, is_test: bool) -> bool:
    """``utils/train_test_split.py``: "test" names the data's test split, and the file holds
    no test: nobody took it for one."""
    if is_test or not _DATA_SPLIT.search(PurePosixPath(path).stem):
        return False
    return kind != "python" or not tests_if_collected(snapshot, path)


def _named_like_tests_only(snapshot: Snapshot, path: str, kind: str, is_test: bool) -> bool:
    """``scripts/testset2pdf.py``: "test" in its name, and only functions that the code
    calls with its own arguments (``testset_to_pdf(dataset, path)``), no test a learner
    meant: nothing to rename."""
    if is_test or kind != "python" or not _module_level_tests(snapshot, path):
        return False
    return not tests_if_collected(snapshot, path)


def _module_level_tests(snapshot: Snapshot, path: str) -> int:
    count = 0
    for unit in _units_of(snapshot, path):
        if unit.tree is not None:
            count += sum(1 for node in unit.tree.body if collectable(node))
    return count


@rule("TEST001")
def tests_present(snapshot: Snapshot) -> Result:
    """Count the tests pytest or unittest would collect: none fails, 1-2 warns, 3+ passes."""
    found = find_tests(snapshot)
    files = {t.unit.path for t in found}
    metrics: dict[str, int | float | str | None] = {"tests": len(found), "test_files": len(files)}
    native = native_tests(snapshot)
    if not found and native:
        # Tests in the model's own language (llm.c's test_gpt2.c): tests pytest cannot see.
        metrics["native_tests"] = len(native)
        message = f"no Python tests, but {len(native)} test program(s) in {languages(native)}"
        shown = [Evidence(t.path, 1, f"a test program in {t.language}") for t in native]
        if len(native) < 3:
            score = round(len(native) / 3, 3)
            return Result.warned(message, shown[:SHOWN_TESTS], metrics, score=score)
        return Result.passed(message, shown[:SHOWN_TESTS], metrics)
    scripts = script_tests(snapshot) if not found else ()
    if scripts:
        count = sum(len(script.functions) for script in scripts)
        metrics["script_tests"] = count
        message = (
            f"no tests that pytest would collect, but {count} test function(s) run as a script"
        )
        return Result.warned(message, [_script_evidence(script) for script in scripts], metrics)
    unparsed = unparsed_tests(snapshot) if not found else ()
    if unparsed:
        # Tests written for Python 2, or broken by a typo: they exist, and nothing runs them.
        count = sum(item.functions for item in unparsed)
        metrics["unparsed_tests"] = count
        message = (
            f"no tests that run: {count} test function(s) in {len(unparsed)} file(s) that"
            " Python 3 cannot parse"
        )
        shown = [
            Evidence(item.unit.path, 1, f"{item.unit.error}; {item.functions} test function(s)")
            for item in unparsed
        ]
        # Half of what as many collected tests would earn: written, but nothing runs them.
        score = round(min(count, 3) / 6, 3)
        return Result.warned(message, shown[:SHOWN_TESTS], metrics, score=score)
    if not found:
        dry_runs = integration_runs(snapshot)
        if dry_runs:
            message = (
                "no unit tests, but the CI runs the examples with --dry-run (integration tests)"
            )
            return Result.warned(message, dry_runs, metrics)
        return Result.failed(
            "no tests that pytest or unittest would collect", _looks_like_tests(snapshot), metrics
        )
    stopped = {path: failing_import(snapshot, path) for path in sorted(files)}
    stopped_at = {path: failing for path, failing in stopped.items() if failing is not None}
    if stopped_at:
        return _tests_some_stopped(found, stopped_at, metrics)
    shown = [t.evidence() for t in found[:SHOWN_TESTS]]
    where = f"{len(found)} test(s) in {len(files)} file(s)"
    if len(found) < 3:
        return Result.warned(f"only {where}", shown, metrics, score=round(len(found) / 3, 3))
    return Result.passed(where, shown, metrics)


def _tests_some_stopped(
    found: list[FoundTest],
    stopped: dict[str, FailingImport],
    metrics: dict[str, int | float | str | None],
) -> Result:
    """TEST001 when some test files stop at an import of a name their module lacks: pytest
    reports an error for each and runs none of their tests, so only the others count."""
    running = [t for t in found if t.unit.path not in stopped]
    files = {t.unit.path for t in running}
    lost = len(found) - len(running)
    path, first = next(iter(stopped.items()))
    never = (
        f"{lost} more in {len(stopped)} file(s) never run: {first.describe(path)}"
        if running
        else f"but none runs: {first.describe(path)}"
    )
    shown = [Evidence(p, f.line, f.stop()) for p, f in stopped.items()]
    shown = [*shown[:2], *(t.evidence() for t in running[: SHOWN_TESTS - min(len(shown), 2)])]
    if not running:
        message = f"{len(found)} test(s) in {len(stopped)} file(s), {never}"
        return Result.warned(message, shown, metrics, score=0.0)
    where = f"{len(running)} test(s) in {len(files)} file(s); {never}"
    if len(running) < 3:
        return Result.warned(f"only {where}", shown, metrics, score=round(len(running) / 3, 3))
    return Result.passed(where, shown, metrics)


def _script_evidence(script: ScriptTests) -> Evidence:
    names = ", ".join(f"{name}()" for name in script.names[:3])
    more = f" and {len(script.names) - 3} more" if len(script.names) > 3 else ""
    note = (
        f"{names}{more} assert and run when the file runs: pytest collects none "
        "(name the file test_*.py and give each function its arguments as fixtures)"
    )
    first = script.functions[0]
    return Evidence(script.unit.path, first.lineno, note, script.unit.cell)


# ---------------------------------------------------------------------------- do they assert


@rule("TEST002")
def tests_assert(snapshot: Snapshot) -> Result:
    """Share of the tests that check a result; 90% passes, half warns."""
    found = find_tests(snapshot)
    native = native_tests(snapshot)
    if not found and native:
        return Result.skipped(
            f"the tests are programs in {languages(native)}: their checks are not read"
        )
    if not found:
        return Result.skipped("no tests found (TEST001 covers that)")
    silent = non_asserting(snapshot, found)
    checking = len(found) - len(silent)
    share = checking / len(found)
    # Placeholders: an empty body, assertions of literals that always hold, or assertions
    # whose failure an except swallows: none of them can fail on what it checks.
    placeholders = (EMPTY_BODY, LITERALS_ONLY, SWALLOWED)
    empty = sum(1 for _, reason in silent if reason.endswith(placeholders))
    smoke = len(silent) - empty
    message = f"{checking} of {len(found)} test(s) check something"
    if smoke:
        message += f"; {smoke} only run code (smoke tests)"
    result = Result.graded(
        share,
        message,
        pass_at=0.9,
        warn_at=0.5,
        evidence=[test.evidence(reason[:100]) for test, reason in silent],
        metrics={"tests": len(found), "asserting": checking, "share": round(share, 3)},
    )
    # A test that runs code without a check still proves it does not crash: whether that is
    # enough is a matter of taste, so only placeholders (empty bodies) can make this a fail.
    if result.status is Status.FAIL and empty * 2 < len(found):
        return Result.warned(result.message, result.evidence, result.metrics, result.score)
    return result


# ---------------------------------------------------------------------------- CI runs tests


@rule("TEST003")
def ci_runs_tests(snapshot: Snapshot) -> Result:
    """CI configured and one of its files runs a test command (pytest, unittest, tox ...)."""
    configs = ci_configs(snapshot)
    if not configs:
        return Result.failed("no CI configuration, so nothing runs the tests on each push")
    metrics: dict[str, int | float | str | None] = {"ci_files": len(configs)}
    by_hand: list[tuple[CiConfig, list[Evidence]]] = []
    for config in configs:
        shown = ci_test_command(snapshot, config.path)
        if shown and config.on_every_change:
            return Result.passed(f"{config.path} runs the tests", shown, metrics)
        if shown:
            by_hand.append((config, shown))
    if by_hand:
        config, shown = by_hand[0]
        events = ", ".join(config.triggers)
        message = f"{config.path} runs the tests, but only on {events}, not on each push"
        return Result.warned(message, shown, metrics)
    broken = [config for config in configs if config.error]
    notes = [f"{c.path} {c.broken}, so {service(c.path)} does not run it" for c in broken]
    evidence = [Evidence(c.path, c.error_line or 1, c.broken[:100]) for c in broken]
    examples = integration_runs(snapshot)
    if examples and not find_tests(snapshot):
        message = "the CI runs the examples with --dry-run: integration tests, the only tests here"
        return Result.passed("; ".join([message, *notes]), examples + evidence, metrics)
    if examples:
        message = "the CI runs the examples with --dry-run (integration tests), not the unit tests"
        return Result.warned("; ".join([message, *notes]), examples + evidence, metrics, 0.75)
    unread = [(c.path, line, what) for c in configs if c.runs for line, what in c.unread]
    if unread:
        # The tests may well run there: say so, without a verdict repocheck cannot back.
        path, line, what = unread[0]
        message = (
            f"no test command in what repocheck reads; {path} runs {what}, which it does not read"
        )
        shown = [Evidence(path, line, what[:100])]
        return Result.warned("; ".join([message, *notes]), shown + evidence, metrics)
    message = "the CI runs no test command"
    if not find_tests(snapshot) and not native_tests(snapshot):
        message += " (and there are no tests yet, see TEST001)"
    evidence += [
        Evidence(c.path, 1, "no pytest/unittest/tox/nox/make test here") for c in configs if c.runs
    ]
    return Result.failed("; ".join([message, *notes]), evidence, metrics)


# ---------------------------------------------------------------------------- how much

RATIO_FULL = 0.3
RATIO_PASS = 0.2


@rule("TEST004")
def code_to_test_ratio(snapshot: Snapshot) -> Result:
    """Lines of test code per line of other code: 0.3 scores full, 0.2 passes, any warns.
    Test code is what the code holds (test cases, test modules), not what files are named."""
    answer = find_test_code(snapshot)
    test_lines = sum(answer.test_code_lines(unit) for unit in snapshot.sources)
    # Modules a tool generated (protoc's, uic's forms) are no code the author tests.
    generated = frozenset(generated_modules(snapshot))
    authored = (unit for unit in snapshot.sources if unit.path not in generated)
    code_lines = sum(unit.code_lines for unit in authored) - test_lines
    if code_lines == 0:
        return Result.skipped("no code outside the tests")
    native = native_tests(snapshot)
    if test_lines == 0 and native:
        message = f"the tests are programs in {languages(native)}, which a Python line count misses"
        return Result.skipped(message)
    if test_lines == 0:  # the same absence TEST001 reports: counted once, there
        return Result.skipped("no test code to measure (TEST001 covers that)")
    ratio = test_lines / code_lines
    metrics: dict[str, int | float | str | None] = {
        "test_lines": test_lines,
        "code_lines": code_lines,
        "ratio": round(ratio, 3),
    }
    score = round(min(1.0, ratio / RATIO_FULL), 3)
    message = f"{test_lines} test line(s) for {code_lines} line(s) of code (ratio {ratio:.2f})"
    if ratio >= RATIO_PASS:
        status = Status.PASS
    elif ratio > 0:
        status = Status.WARN
    else:
        status = Status.FAIL
    return Result(status, score, message, (), metrics)
