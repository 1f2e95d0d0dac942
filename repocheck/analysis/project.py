"""Project facts that several rule families read: whether the CI runs the tests (following a
Makefile target, or scripts up to two levels down), or at least runs the examples."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from repocheck.analysis.ci import CiConfig, Command, ci_configs, ci_files, meaningful_lines
from repocheck.analysis.native_tests import NativeTest, languages, native_tests, runs_program
from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence
from repocheck.patterns import compile_on_use

__all__ = [
    "SmokeRun",
    "ci_files",
    "ci_integration_run",
    "ci_test_command",
    "integration_runs",
    "smoke_runs_outside_pytest",
]


# ---------------------------------------------------------------------------- test commands

_TEST_COMMAND = compile_on_use(
    r"\bpy\.?test\b(?!\.ini|\.toml)"
    # python -m unittest, coverage run -m unittest, python -W error -m pytest
    r"|(^|\s)-m\s+(unittest|pytest|nose2?)\b"
    r"|\bsetup\.py\s+test\b|\bnosetests\b|\bnose2\b"
    r"|\b(pytest|unittest)\.main\b|\bunittest\.TextTestRunner\b"
    r"|(^|[\s;&|(\"'`])(tox|nox)([\s;&|)\"'`]|$)"
    r"|\bhatch\s+(test|run\s+[\w:.-]*test)"
    r"|\bmanage\.py\s+test\b"
    r"|\b(pixi|pdm|poe|just|invoke|uv)\s+(run\s+)?tests?\b"
)
_MAKE = compile_on_use(r"\bmake\s+(?:-\S+\s+)*([\w.-]+)")
_MAKEFILES = ("Makefile", "makefile", "GNUmakefile")
_SCRIPT = compile_on_use(
    r"(?:^|[\s;&|\"'])(?:bash|sh|zsh|source|\.)\s+(?:-\S+\s+)*([\w./-]+)"
    r"|(?:^|[\s;&|:\"'])(\./[\w./-]+)"
    r"|\bpython[\d.]*\s+([\w./-]+\.py)\b"
)
# Installing a test runner is not running it: "pip install pytest tox".
_INSTALL = compile_on_use(r"\b(install|add|sync|upgrade)\b|requirements", re.IGNORECASE)
# A step's name: "Run pytest" says nothing about what the step does.
_NAME_KEY = compile_on_use(r"^\s*(?:-\s*)?(name|id|description)\s*:")
_SEGMENTS = compile_on_use(r"&&|\|\||;")
# A Python script the CI runs counts when it starts a test runner itself.
_PYTHON_RUNNER = compile_on_use(r"\b(pytest|unittest)\.main\b|\bTextTestRunner\b|[\"']pytest[\"']")


#: How many scripts deep a CI command is followed (CI -> .ci/run -> scripts/test.sh).
MAX_DEPTH = 2
_TEST_TARGETS = frozenset({"test", "tests", "check", "pytest", "unittest"})


def _commands(text: str) -> Iterator[tuple[int, str, str]]:
    """(line, whole line, one shell segment) for every command-like segment of a file."""
    for number, line in meaningful_lines(text):
        if _NAME_KEY.match(line):
            continue
        for segment in _SEGMENTS.split(line):
            if not _INSTALL.search(segment):
                yield number, line, segment


def _at(path: str, number: int, line: str) -> Evidence:
    return Evidence(path, number, line.strip()[:100])


@dataclass(frozen=True)
class _Goal:
    """What a chain of commands is looked for: a command that reaches it by itself, what a
    Python script must hold to reach it, ``make`` targets taken at their word when no Makefile
    is in view, and whether running a test file reaches it."""

    command: re.Pattern[str]
    python: re.Pattern[str] | None = None
    make_targets: frozenset[str] = frozenset()
    test_files: bool = False
    #: Test programs in C/C++/CUDA: running one (``./test_gpt2``) runs the tests.
    programs: tuple[NativeTest, ...] = ()

    def reached_by(self, segment: str) -> bool:
        """Whether the shell segment reaches the goal by itself."""
        return bool(self.command.search(segment)) or runs_program(segment, self.programs)


# Running the examples (or the training script) for a step or two is an integration test.
# Tried from line starts only: from every character the lookaheads rescan the line (quadratic),
# and a line start sees everything any later position of the line would.
_DRY_RUN = compile_on_use(
    r"^(?=.*--(dry[-_]?run|smoke[-_]?test|fast[-_]dev[-_]run)\b)"
    r"(?=.*(\bpython[\d.]*\s|\.py\b|\buv\s+run\b|\bexamples?/))",
    re.MULTILINE,
)
_TESTS = _Goal(_TEST_COMMAND, _PYTHON_RUNNER, _TEST_TARGETS, test_files=True)
_DRY_RUNS = _Goal(_DRY_RUN)


def _make_chain(snapshot: Snapshot, target: str, goal: _Goal) -> list[Evidence] | None:
    """The Makefile recipe line of ``make target`` that reaches the goal; a ``make test``
    without a Makefile in the snapshot (generated, or out of view) is taken at its word."""
    for name in _MAKEFILES:
        text = snapshot.texts.get(name)
        if text is not None:
            return _recipe_chain(name, text, target, goal)
    return [] if target in goal.make_targets else None


def _recipe_chain(path: str, text: str, target: str, goal: _Goal) -> list[Evidence] | None:
    inside = False
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"^[\w.%/ -]+:", line) and not line.startswith("\t"):
            inside = target in line.split(":", 1)[0].split()
        elif inside and line.startswith("\t") and _reaches(line, goal):
            return [_at(path, number, line)]
    return None


def _reaches(line: str, goal: _Goal) -> bool:
    """The goal's command in some shell segment of the line that is not an install."""
    return any(
        goal.reached_by(part) and not _INSTALL.search(part)
        for part in _SEGMENTS.split(line.strip())
    )


def _script_paths(snapshot: Snapshot, segment: str, base: str) -> Iterator[str]:
    """Files of the repository a command segment runs, relative to the root or to ``base``."""
    for match in _SCRIPT.finditer(segment):
        raw = next(group for group in match.groups() if group)
        for start in ("", base):
            path = posixpath.normpath(posixpath.join(start, raw))
            if path in snapshot.texts:
                yield path
                break


def _is_test_module(snapshot: Snapshot, path: str) -> bool:
    return any(
        info.path == path and info.is_test and info.kind == "python" for info in snapshot.files
    )


def _segment_chain(
    snapshot: Snapshot, segment: str, base: str, seen: frozenset[str], goal: _Goal
) -> list[Evidence] | None:
    """How one command segment reaches the goal: [] when it does so itself, the lines it
    leads to when a Makefile target or a script does, None when it does not."""
    if goal.reached_by(segment):
        return []
    make = _MAKE.search(segment)
    chain = _make_chain(snapshot, make.group(1), goal) if make else None
    if chain is not None or len(seen) > MAX_DEPTH:
        return chain
    for path in _script_paths(snapshot, segment, base):
        if goal.test_files and _is_test_module(snapshot, path):
            return [Evidence(path, 1, f"runs the test file {path}")]
        found = _file_chain(snapshot, path, seen, goal) if path not in seen else []
        if found:
            return found
    return None


def _file_chain(snapshot: Snapshot, path: str, seen: frozenset[str], goal: _Goal) -> list[Evidence]:
    """The lines from ``path`` down to the goal, or [] when it does not reach it."""
    text = snapshot.texts.get(path, "")
    if path.endswith(".py"):  # a Python script counts when it starts a runner itself
        pattern = goal.python
        runner = next((c for c in _commands(text) if pattern and pattern.search(c[2])), None)
        return [_at(path, runner[0], runner[1])] if runner else []
    for number, line, segment in _commands(text):
        rest = _segment_chain(snapshot, segment, posixpath.dirname(path), seen | {path}, goal)
        if rest is not None:
            return [_at(path, number, line), *rest]
    return []


def _config(snapshot: Snapshot, path: str) -> CiConfig | None:
    return next((config for config in ci_configs(snapshot) if config.path == path), None)


def _ci_chain(snapshot: Snapshot, path: str, goal: _Goal) -> list[Evidence]:
    """The line of the CI step that reaches the goal, then the Makefile or script lines it
    leads to (at most two scripts deep); [] for a configuration that cannot run."""
    config = _config(snapshot, path)
    if config is None or not config.runs:
        return []
    base = posixpath.dirname(path)
    for command in config.commands:
        for segment in _SEGMENTS.split(command.text):
            if _INSTALL.search(segment):
                continue
            rest = _segment_chain(snapshot, segment, base, frozenset({path}), goal)
            if rest is not None:
                return [*_step(path, command), *rest]
    return []


def _step(path: str, command: Command) -> list[Evidence]:
    """The line running a command: in the configuration, or in the composite action the
    configuration's ``uses:`` line runs."""
    if command.action is None or command.via is None:
        return [_at(path, command.line, command.shown)]
    uses = Evidence(path, command.via, f"uses: {posixpath.dirname(command.action)}")
    return [uses, _at(command.action, command.line, command.shown)]


def ci_test_command(snapshot: Snapshot, path: str) -> list[Evidence]:
    """Evidence of the first test command one CI file runs, from the step down: a test
    runner, or one of the repository's C/C++/CUDA test programs."""
    return _ci_chain(snapshot, path, replace(_TESTS, programs=native_tests(snapshot)))


def ci_integration_run(snapshot: Snapshot, path: str) -> list[Evidence]:
    """Evidence of a CI step running the examples or scripts with ``--dry-run``, itself or
    through a script, or []."""
    return _ci_chain(snapshot, path, _DRY_RUNS)


def integration_runs(snapshot: Snapshot) -> list[Evidence]:
    """The first CI step running the examples with ``--dry-run``, down to the line, or []:
    integration tests (SANITY003 may count them as smoke tests too)."""
    configs = ci_configs(snapshot)
    return next(filter(None, (ci_integration_run(snapshot, c.path) for c in configs)), [])


@dataclass(frozen=True)
class SmokeRun:
    """A run of the model outside pytest: what it is, where, and whether it surely runs the
    model (a pass) or may (a warning)."""

    message: str
    evidence: list[Evidence]
    certain: bool


def smoke_runs_outside_pytest(snapshot: Snapshot) -> SmokeRun | None:
    """The CI running the examples on tiny settings (``--dry-run``), or test programs in
    C/C++/CUDA that run the model (llm.c's ``test_gpt2.c``), or None."""
    examples = integration_runs(snapshot)
    if examples:
        message = (
            "no pytest smoke test, but the CI runs the examples with --dry-run on tiny settings"
        )
        return SmokeRun(message, examples, True)
    native = native_tests(snapshot)
    running = [test for test in native if test.model_line is not None]
    if running:
        message = f"tests in {languages(native)}: {running[0].path} runs the model"
        return SmokeRun(message, [test.evidence() for test in running[:5]], True)
    if native:
        message = f"tests in {languages(native)}, none seen running the model: not read further"
        return SmokeRun(message, [test.evidence() for test in native[:5]], False)
    return None
