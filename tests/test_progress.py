"""The progress of a long run: its stages, where it is shown, and that no report byte changes.

The command runs under real pseudo-terminals (``pty``), with REPOCHECK_PROGRESS_DELAY=0 so a
small repository shows what a large one would after two seconds.
"""

from __future__ import annotations

import io
import os
import pty
import subprocess
import threading
import time
import tty
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest

from repocheck.analyze import analyze_path
from repocheck.catalogue import load_catalogue
from repocheck.facts.collect import Scope
from repocheck.facts.snapshot import RepoConfig
from repocheck.progress import Progress, TerminalProgress, delay_from, display_mode
from repocheck.render import render
from tests.helpers import Step, make_repo
from tests.runner import command

SOURCES = {
    "train.py": "import random\n\n\ndef main():\n    print(random.random())\n",
    "model.py": "class Net:\n    def forward(self, x):\n        return x if x else -x\n",
    "test_model.py": "from model import Net\n\n\ndef test_net():\n    assert Net().forward(1) == 1\n",
    "README.md": "# Tiny\n\nRun `python train.py`.\n",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("progress") / "tiny", [Step("Add code", SOURCES)])


class Recorder(Progress):
    """Every stage with its total, and the steps counted in it."""

    def __init__(self) -> None:
        self.stages: list[list[object]] = []

    def stage(self, text: str, total: int | None = None) -> None:
        self.stages.append([text, total, 0])

    def advance(self, steps: int = 1) -> None:
        self.stages[-1][2] = int(str(self.stages[-1][2])) + steps


def test_the_pipeline_reports_each_stage_and_counts_every_step(repo: Path) -> None:
    recorder = Recorder()
    report = analyze_path(repo, RepoConfig(), progress=recorder)
    rules = len(load_catalogue().rules)
    assert recorder.stages == [
        ["collecting files", None, 0],
        ["parsing 3 files", 3, 3],
        ["measuring complexity", None, 0],
        ["running ruff and git", None, 0],
        ["running rules", rules, rules],
    ]
    assert render(report, "json") == render(analyze_path(repo, RepoConfig()), "json")


def test_the_last_commit_is_written_out_first(repo: Path) -> None:
    recorder = Recorder()
    analyze_path(repo, RepoConfig(), scope=Scope.COMMIT, progress=recorder)
    names = [text for text, _, _ in recorder.stages]
    assert names[:3] == ["writing out the last commit", "collecting files", "parsing 3 files"]
    assert names[-1] == "running rules"


@dataclass
class Run:
    returncode: int
    stdout: bytes
    stderr: bytes


def _drain(fd: int, sink: list[bytes]) -> None:
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the other side is closed
            return
        if not data:
            return
        sink.append(data)


def run_cli(
    *args: str | Path,
    env: dict[str, str],
    stdout_tty: bool = False,
    stdout: IO[bytes] | None = None,
) -> Run:
    """Run repocheck with standard error on a pseudo-terminal, and standard output on a pipe,
    on ``stdout``, or with ``stdout_tty`` on another terminal (raw, so that its bytes arrive as
    written)."""
    terminals = [pty.openpty()]
    if stdout_tty:
        terminals.append(pty.openpty())
        tty.setraw(terminals[1][1])
    sinks: list[list[bytes]] = [[] for _ in terminals]
    readers = [
        threading.Thread(target=_drain, args=(master, sink))
        for (master, _), sink in zip(terminals, sinks, strict=True)
    ]
    for reader in readers:
        reader.start()
    full_env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/"), **env}
    try:
        done = subprocess.run(
            [*command(), *map(str, args)],
            stdin=subprocess.DEVNULL,
            stderr=terminals[0][1],
            stdout=terminals[1][1] if stdout_tty else stdout or subprocess.PIPE,
            env=full_env,
            timeout=120,
            check=False,
        )
    finally:
        for _, follower in terminals:
            os.close(follower)
        for reader in readers:
            reader.join(timeout=10)
        for master, _ in terminals:
            os.close(master)
    stdout = b"".join(sinks[1]) if stdout_tty else done.stdout or b""
    return Run(done.returncode, stdout, b"".join(sinks[0]))


def piped_report(repo: Path) -> bytes:
    """The JSON report of a run with both streams on pipes: no progress at all."""
    done = subprocess.run(
        [*command(), str(repo), "-f", "json"], capture_output=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    return done.stdout


NOW = {"REPOCHECK_PROGRESS_DELAY": "0", "TERM": "xterm-256color", "COLUMNS": "100"}


def test_a_terminal_sees_the_stages_and_the_report_file_is_unchanged(
    repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.json"
    run = run_cli(repo, "-f", "json", "-o", out, env=NOW)
    assert run.returncode == 0, run.stderr
    assert b"repocheck" in run.stderr
    assert b"running rules" in run.stderr  # the last stage is always drawn before the bar goes
    assert f"{len(load_catalogue().rules)}/{len(load_catalogue().rules)}".encode() in run.stderr
    assert out.read_bytes() == piped_report(repo)


def test_a_report_printed_on_the_terminal_is_unchanged(repo: Path) -> None:
    run = run_cli(repo, "-f", "json", env=NOW, stdout_tty=True)
    assert run.returncode == 0, run.stderr
    assert b"running rules" in run.stderr
    assert run.stdout == piped_report(repo)


@pytest.mark.parametrize("plain", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["no-color", "dumb"])
def test_plain_output_is_one_line(repo: Path, tmp_path: Path, plain: dict[str, str]) -> None:
    run = run_cli(repo, "-f", "json", "-o", tmp_path / "r.json", env={**NOW, **plain})
    assert run.returncode == 0, run.stderr
    assert run.stderr.startswith(b"repocheck: ")
    assert run.stderr.count(b"\n") == 1 and run.stderr.endswith(b"...\r\n")
    assert b"\x1b" not in run.stderr


@pytest.mark.parametrize(
    "env", [{"CI": "true"}, {"REPOCHECK_PROGRESS_DELAY": "60"}], ids=["ci", "short-run"]
)
def test_nothing_in_ci_or_before_the_delay(repo: Path, tmp_path: Path, env: dict[str, str]) -> None:
    run = run_cli(repo, "-f", "json", "-o", tmp_path / "r.json", env={**NOW, **env})
    assert run.returncode == 0
    assert run.stderr == b""


def test_nothing_when_the_report_goes_down_a_pipe(repo: Path) -> None:
    run = run_cli(repo, "-f", "json", env=NOW)  # standard error a terminal, the report piped
    assert run.returncode == 0
    assert run.stderr == b""
    assert run.stdout == piped_report(repo)


def test_a_report_redirected_to_a_file_keeps_the_progress(repo: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.json"
    with saved.open("wb") as file:
        run = run_cli(repo, "-f", "json", env=NOW, stdout=file)
    assert run.returncode == 0, run.stderr
    assert b"running rules" in run.stderr
    assert saved.read_bytes() == piped_report(repo)


def test_nothing_when_standard_error_is_a_pipe(repo: Path) -> None:
    done = subprocess.run(
        [*command(), str(repo), "-f", "json"],
        capture_output=True,
        env={**os.environ, **NOW},
        check=False,
        timeout=120,
    )
    assert done.returncode == 0
    assert done.stderr == b""


def test_fix_shows_its_analysis_and_its_diff_is_unchanged(repo: Path, tmp_path: Path) -> None:
    saved = tmp_path / "fix.diff"
    with saved.open("wb") as file:
        run = run_cli("fix", repo, env=NOW, stdout=file)
    assert run.returncode == 1, run.stderr  # a change proposed
    assert b"running rules" in run.stderr
    piped = subprocess.run([*command(), "fix", str(repo)], capture_output=True, timeout=120)
    assert piped.returncode == 1 and saved.read_bytes() == piped.stdout != b""
    assert b"running rules" not in piped.stderr


def test_fix_write_shows_both_analyses(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "tiny", [Step("Add code", SOURCES)])
    with (tmp_path / "out.txt").open("wb") as file:
        run = run_cli("fix", "--write", root, env={**NOW, "NO_COLOR": "1"}, stdout=file)
    assert run.returncode == 0, run.stderr
    # Plain progress is one line per run shown: the analysis before writing, and after.
    assert run.stderr.count(b"\n") == 2 and run.stderr.startswith(b"repocheck: "), run.stderr


@pytest.mark.parametrize(
    ("stderr_tty", "report_piped", "plain", "env", "mode"),
    [
        (True, False, False, {}, "bar"),
        (False, False, False, {}, None),
        (True, True, False, {}, None),
        (True, False, False, {"CI": "true"}, None),
        (True, False, False, {"CI": "1"}, None),
        (True, False, False, {"CI": "false"}, "bar"),
        (True, False, False, {"NO_COLOR": "1"}, "line"),
        (True, False, False, {"TERM": "dumb"}, "line"),
        (True, False, True, {}, "line"),
    ],
)
def test_display_mode(
    stderr_tty: bool, report_piped: bool, plain: bool, env: dict[str, str], mode: str | None
) -> None:
    assert display_mode(stderr_tty, report_piped, plain, env) == mode


@pytest.mark.parametrize(
    ("value", "delay"),
    [(None, 2.0), ("0", 0.0), ("0.5", 0.5), ("soon", 2.0), ("-1", 2.0), ("nan", 2.0)],
)
def test_delay_from_the_environment(value: str | None, delay: float) -> None:
    env = {} if value is None else {"REPOCHECK_PROGRESS_DELAY": value}
    assert delay_from(env) == delay


def test_an_infinite_delay_never_shows(repo: Path, tmp_path: Path) -> None:
    env = {**NOW, "REPOCHECK_PROGRESS_DELAY": "inf"}
    run = run_cli(repo, "-f", "json", "-o", tmp_path / "r.json", env=env)
    assert run.returncode == 0
    assert run.stderr == b""


class GoneTerminal(io.StringIO):
    """A terminal that has gone away: every write fails."""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(5, "Input/output error")


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
@pytest.mark.parametrize("plain", [False, True], ids=["bar", "line"])
def test_a_terminal_that_fails_never_sinks_the_run(plain: bool) -> None:
    with TerminalProgress(plain=plain, delay=0, stream=GoneTerminal()) as progress:
        time.sleep(0.5)  # the timer's thread tries to draw, and fails
        progress.stage("running rules", 3)
        for _ in progress.counted(range(3)):
            pass
