"""Time repocheck against the tools it builds on, on generated repositories of known sizes.

    python bench/run.py                                  # all sizes, 5 runs each
    python bench/run.py --sizes small,medium --runs 3
    python bench/run.py --sizes huge --runs 2 --json bench/out/huge.json
    python bench/run.py --install-mllint                 # also try to install mllint in /tmp
    python bench/run.py --sizes '' --repo nanoGPT=/path/to/nanoGPT --commands repocheck,floor
    python bench/run.py --sizes '' --real nanoGPT,pytorch-lightning,diffusers --commands repocheck,floor

For every repository and command it reports the whole-process wall time (median of the timed
runs, after warm-up runs) and the peak resident memory: the largest single process from
``wait4`` (what ``/usr/bin/time -v`` calls "Maximum resident set size") and, sampled from /proc
during the warm-up, the sum over the whole process tree (repocheck runs git and two ruff processes
next to itself). Missing repositories are generated first (bench/generate.py, needs GitPython).
Only the standard library otherwise; tools are found next to this Python or on PATH.

"floor" (bench/floor.py) is the work no analysis can skip: one isolated ruff check, one git log and
an ``ast.parse`` of every tracked Python file. repocheck's time over the floor's is the headline.

``--real`` names repositories of the real-world corpus (bench/realworld/repos.toml: owner, name and
a fixed commit); each is cloned once at that commit into the cache folder (``--url-template`` for
local copies) and timed after the generated sizes. Nothing of theirs is committed here.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_DEST = Path("/tmp/repocheck-bench")
MLLINT_VENV = Path("/tmp/mllint-venv")
MLLINT_VERSION = "0.12.2"
# mllint 0.12.2 runs these from PATH when it finds them; versions from its era that run on 3.11.
MLLINT_LINTERS = (
    "pylint==2.15.10",
    "mypy==0.991",
    "black==22.12.0",
    "isort==5.11.4",
    "bandit==1.7.4",
)
LINTER_NAMES = ("pylint", "mypy", "black", "isort", "bandit")
CACHES = (".mypy_cache", ".ruff_cache", ".pytest_cache")
TIME: str | None = None  # set by main(): GNU time, when this machine has it
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Command:
    """One tool invocation to time; ``missing`` says why it cannot run here."""

    label: str
    argv: Callable[[Path], list[str]] = field(repr=False)
    ok: tuple[int, ...] = (0,)
    env: dict[str, str] | None = None
    in_parent: bool = False  # run from the repo's parent with a relative path (mllint needs it)
    missing: str | None = None


@dataclass
class Sample:
    """One run: wall seconds, largest-process RSS (KiB), exit code, CPU seconds (user+sys)."""

    wall: float
    rss_kib: int
    returncode: int
    cpu: float = 0.0
    timed_out: bool = False
    error: str = ""


@dataclass
class Measurement:
    """Every run of one command on one repository."""

    label: str
    size: str
    samples: list[Sample] = field(default_factory=list)
    tree_peak_kib: int = 0
    missing: str | None = None

    def failure(self) -> str | None:
        """Why the numbers are unusable, or None."""
        if self.missing:
            return self.missing
        if any(s.timed_out for s in self.samples):
            return f"> {self.samples[0].wall:.0f} s (timeout)"
        failed = [s for s in self.samples if s.error]
        return f"error: {failed[0].error}" if failed else None

    def median(self) -> float:
        """Median wall time of the timed runs."""
        return statistics.median(s.wall for s in self.samples)

    def cpu(self) -> float:
        """Median CPU seconds (user + system, the tool and its children) of the timed runs."""
        return statistics.median(s.cpu for s in self.samples)

    def peak_mib(self) -> tuple[float, float]:
        """(largest single process, sampled whole tree) peak RSS in MiB."""
        largest = max(s.rss_kib for s in self.samples) / 1024
        return largest, max(self.tree_peak_kib / 1024, largest)


class TreeSampler(threading.Thread):
    """Poll /proc and keep the largest summed RSS of a process and its descendants."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kib = pid, interval, 0
        self.stopped = threading.Event()

    def run(self) -> None:
        """Sample until stopped."""
        while not self.stopped.wait(self.interval):
            self.peak_kib = max(self.peak_kib, tree_rss_kib(self.pid))


def _parents() -> dict[int, int]:
    parents = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # the command name may contain spaces and parentheses: the fields start after the last ")"
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in KiB (0 without /proc)."""
    if not os.path.isdir("/proc"):
        return 0
    parents = _parents()
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE // 1024
        except (OSError, IndexError, ValueError):
            continue
    return total


def gnu_time() -> str | None:
    """/usr/bin/time if it is GNU time, which measures the tool itself (see ``run_once``)."""
    path = "/usr/bin/time"
    if not os.access(path, os.X_OK):
        return None
    done = subprocess.run([path, "--version"], capture_output=True, text=True)
    return path if "GNU" in done.stdout + done.stderr else None


def _usage_from(report: Path, usage: Any) -> tuple[float, int]:
    """(CPU seconds, peak RSS KiB) from GNU time's report, else from the wait4 rusage."""
    lines = report.read_text().strip().splitlines() if report.exists() else []
    fields = lines[-1].split() if lines else []
    if len(fields) == 3 and fields[2].isdigit():
        return float(fields[0]) + float(fields[1]), int(fields[2])
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def run_once(command: Command, repo: Path, timeout: float, sample_tree: bool) -> tuple[Sample, int]:
    """Run ``command`` on ``repo`` once; return the sample and the sampled tree peak (KiB).

    The peak RSS of a child reaped with wait4 includes the harness's own image (the child is a
    fork of this Python until it execs), so small tools would all read ~25 MB. GNU time forks
    the tool from its own small process, so its number is the tool's; wait4 is the fallback.
    """
    for cache in CACHES:  # every run starts cold, like repocheck's own --no-cache ruff runs
        shutil.rmtree(repo / cache, ignore_errors=True)
    target = Path(repo.name) if command.in_parent else repo
    cwd = repo.parent if command.in_parent else tempfile.gettempdir()
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch, "rss")
        prefix = [TIME, "-f", "%U %S %M", "-o", str(report)] if TIME else []
        with open(Path(scratch, "stderr"), "w+b") as errors:
            started = time.perf_counter()
            process = subprocess.Popen(
                prefix + command.argv(target),
                cwd=cwd,
                env=command.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                start_new_session=True,  # so that a timeout kills the tool and its children
            )
            status, usage, expired, peak = _wait(process.pid, timeout, sample_tree)
            wall = time.perf_counter() - started
            errors.seek(0)
            last = (errors.read().decode(errors="replace").strip().splitlines() or [""])[-1]
        cpu, rss = _usage_from(report, usage)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    failed = process.returncode not in command.ok and not expired
    error = f"exit {process.returncode}: {last[:100]}" if failed else ""
    return Sample(wall, rss, process.returncode, cpu, expired, error), peak


def _wait(pid: int, timeout: float, sample_tree: bool) -> tuple[int, Any, bool, int]:
    """Reap ``pid`` with wait4 (for its rusage), killing its group after ``timeout`` seconds."""
    expired = threading.Event()
    timer = threading.Timer(timeout, _kill_group, (pid, expired))
    sampler = TreeSampler(pid)
    timer.start()
    if sample_tree:
        sampler.start()
    try:
        _, status, usage = os.wait4(pid, 0)
    except BaseException:  # Ctrl-C or SIGTERM: leave no tool running behind us
        _kill_group(pid, expired)
        os.waitpid(pid, 0)
        raise
    finally:
        timer.cancel()
        sampler.stopped.set()
    return status, usage, expired.is_set(), sampler.peak_kib


def _kill_group(pid: int, expired: threading.Event) -> None:
    expired.set()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def measure(command: Command, repo: Path, size: str, args: argparse.Namespace) -> Measurement:
    """Warm up, then time ``args.runs`` runs (one if a single run is slower than ``args.slow``)."""
    result = Measurement(command.label, size, missing=command.missing)
    if command.missing:
        return result
    runs = args.runs_for.get(size, args.runs)
    warm: list[Sample] = []
    for _ in range(max(args.warmup, 1)):  # the first run also samples the process tree
        sample, tree = run_once(command, repo, args.timeout, sample_tree=True)
        result.tree_peak_kib = max(result.tree_peak_kib, tree)
        warm.append(sample)
        if sample.timed_out or sample.error or sample.wall > args.slow:
            result.samples = [sample]  # too slow or broken to repeat: report this run (n=1)
            return result
    for _ in range(runs):
        result.samples.append(run_once(command, repo, args.timeout, sample_tree=False)[0])
    if args.warmup == 0:
        result.samples[0:0] = warm
    return result


def find_tool(name: str) -> str | None:
    """The tool installed next to the running Python (a venv), else the one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def install_mllint(venv: Path) -> str | None:
    """Try to install mllint and its linters into ``venv``; return why it failed, or None."""
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin/pip"), "install", "-q", f"mllint=={MLLINT_VERSION}", *MLLINT_LINTERS],
    ]
    env = {**os.environ, "MLLINT_VERSION": MLLINT_VERSION}
    for step in steps:
        try:
            done = subprocess.run(step, capture_output=True, text=True, env=env, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"not installable offline: {exc}"
        if done.returncode != 0:
            lines = (done.stderr or done.stdout).strip().splitlines() or ["pip failed"]
            return f"not installable offline: {lines[-1][:120]}"
    return None


def _bare_path() -> str:
    """PATH without any directory that holds one of mllint's linters."""
    dirs = os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
    keep = [d for d in dirs if not any(os.path.exists(os.path.join(d, n)) for n in LINTER_NAMES)]
    return os.pathsep.join(keep)


def mllint_commands(binary: str | None, reason: str | None) -> list[Command]:
    """mllint alone (no linters on PATH) and with the linters it drives (pylint, mypy, ...)."""
    if binary is None:
        why = reason or "not installed (python bench/run.py --install-mllint)"
        return [
            Command("mllint", list, missing=why),
            Command("mllint + linters", list, missing=why),
        ]
    bare = {**os.environ, "PATH": _bare_path(), "NO_COLOR": "1"}
    full = {**os.environ, "PATH": str(Path(binary).parent) + os.pathsep + bare["PATH"]}
    full["NO_COLOR"] = "1"
    argv = lambda repo: [binary, str(repo)]  # noqa: E731
    return [
        Command("mllint", argv, (0, 1), bare, in_parent=True),
        Command("mllint + linters", argv, (0, 1), full, in_parent=True),
    ]


def _resolve_mllint(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The mllint binary to time, or why there is none."""
    mllint = args.mllint or find_tool("mllint")
    if mllint and os.path.exists(mllint):
        return mllint, None
    if not args.install_mllint:
        return None, None
    reason = install_mllint(MLLINT_VENV)
    return (None, reason) if reason else (str(MLLINT_VENV / "bin/mllint"), None)


def build_commands(args: argparse.Namespace) -> list[Command]:
    """The commands of the comparison, in table order."""
    # An installed package has its bytecode compiled at install time: a run that recompiles
    # every module from source (PYTHONDONTWRITEBYTECODE in the caller's environment) measures
    # nothing a user pays, so the warm-up run may write the bytecode the timed runs read.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["NO_COLOR"] = "1"
    repocheck, ruff, radon = find_tool("repocheck"), find_tool("ruff"), find_tool("radon")
    floor = [sys.executable, str(HERE / "floor.py")]
    commands = [
        Command("repocheck", lambda r: [repocheck, "--format", "json", str(r)], (0, 1), env),
        Command("floor", lambda r: [*floor, str(r)]),
        Command(
            "ruff check", lambda r: [ruff, "check", "--isolated", "--no-cache", str(r)], (0, 1)
        ),
        Command("radon cc", lambda r: [radon, "cc", "-s", str(r)]),
        Command("radon mi", lambda r: [radon, "mi", str(r)]),
        Command("git log --numstat", lambda r: ["git", "-C", str(r), "log", "--numstat"]),
        Command("git log --format=%H", lambda r: ["git", "-C", str(r), "log", "--format=%H"]),
    ]
    tools = (repocheck, ruff, ruff, radon, radon)
    for command, tool in zip(commands[:5], tools, strict=True):
        if tool is None:
            command.missing = "not installed"
    mllint, reason = _resolve_mllint(args)
    commands += mllint_commands(mllint, reason)
    wanted = args.commands
    return [c for c in commands if not wanted or c.label in wanted]


def repo_stats(repo: Path) -> dict[str, int]:
    """Python files, their lines and commits of a repository."""
    python = []
    for folder, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        python += [Path(folder, name) for name in files if name.endswith(".py")]
    lines = sum(p.read_bytes().count(b"\n") for p in python)
    count = subprocess.run(
        ["git", "-C", str(repo), "rev-list", "--count", "HEAD"], capture_output=True, text=True
    )
    return {"files": len(python), "lines": lines, "commits": int(count.stdout.strip() or 0)}


def machine() -> dict[str, str]:
    """The facts a reader needs to compare numbers: cores, CPU, Python, tool versions."""
    model = "unknown"
    if os.path.exists("/proc/cpuinfo"):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    info = {"cores": str(os.cpu_count()), "cpu": model, "python": platform.python_version()}
    for tool in ("repocheck", "ruff", "radon", "git"):
        path = find_tool(tool)
        if path:
            out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
            info[tool] = out.strip().splitlines()[0] if out.strip() else "?"
    return info


def _time_cell(result: Measurement) -> str:
    failure = result.failure()
    if failure:
        return failure
    note = "" if len(result.samples) > 1 else " (n=1)"
    return f"{result.median():.2f}{note}"


def _cpu_cell(result: Measurement) -> str:
    return "-" if result.failure() else f"{result.cpu():.2f}"


def _memory_cell(result: Measurement) -> str:
    if result.failure():
        return "-"
    largest, tree = result.peak_mib()
    return f"{largest:.0f}" if tree - largest < 1 else f"{largest:.0f} / {tree:.0f}"


def headline(results: list[Measurement], stats: dict[str, dict[str, int]]) -> str:
    """repocheck against its floor, and its seconds per 10,000 lines: flat when it is linear."""
    by_key = {(r.size, r.label): r for r in results}
    rows = [
        "**repocheck against the floor (wall time medians)**",
        "",
        "| repo | lines | repocheck, s | floor, s | repocheck / floor | s per 10k lines | peak MiB (tree) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, stat in stats.items():
        ours, floor = by_key.get((size, "repocheck")), by_key.get((size, "floor"))
        if ours is None or ours.failure():
            continue
        seconds = ours.median()
        floor_cell = ratio = "-"
        if floor is not None and not floor.failure() and floor.median() > 0:
            floor_cell, ratio = f"{floor.median():.2f}", f"{seconds / floor.median():.1f}x"
        per_10k = f"{seconds / stat['lines'] * 10_000:.2f}" if stat["lines"] else "-"
        tree = ours.peak_mib()[1]
        rows.append(
            f"| {size} | {stat['lines']:,} | {seconds:.2f} | {floor_cell} | {ratio} | {per_10k} |"
            f" {tree:.0f} |"
        )
    return "\n".join(rows) + "\n" if len(rows) > 4 else ""


def render(results: list[Measurement], stats: dict[str, dict[str, int]], labels: list[str]) -> str:
    """Three Markdown tables: median wall seconds, median CPU seconds, peak RSS in MiB."""
    head = "| repo | py files | lines | commits | " + " | ".join(labels) + " |"
    rule = "|" + " --- |" * (4 + len(labels))
    by_key = {(r.size, r.label): r for r in results}
    tables = []
    for title, cell in (
        ("Wall time, seconds (median of the timed runs)", _time_cell),
        ("CPU time, seconds (user + system of the tool and its children, median)", _cpu_cell),
        ("Peak RSS, MiB (largest process / whole process tree, sampled)", _memory_cell),
    ):
        rows = [f"**{title}**", "", head, rule]
        for size, stat in stats.items():
            cells = [cell(by_key[(size, label)]) for label in labels]
            facts = f"{stat['files']} | {stat['lines']:,} | {stat['commits']:,}"
            rows.append(f"| {size} | {facts} | " + " | ".join(cells) + " |")
        tables.append("\n".join(rows))
    top = headline(results, stats)
    return (top + "\n" if top else "") + "\n\n".join(tables) + "\n"


def _runs_for(values: Sequence[str]) -> dict[str, int]:
    pairs = (value.split("=", 1) for value in values)
    return {name: int(count) for name, count in pairs}


def _label_and_path(parser: argparse.ArgumentParser, value: str) -> tuple[str, Path]:
    label, _, path = value.partition("=")
    if not label or not path or not Path(path, ".git").exists():
        parser.error(f"--repo {value!r}: expected LABEL=PATH of a git checkout")
    return label, Path(path).resolve()


def _corpus_checkout() -> Callable[..., Path]:
    """bench/realworld/run.py's ``checkout``: a clone at a fixed commit, reused when present."""
    import importlib.util  # noqa: PLC0415

    spec = importlib.util.spec_from_file_location("realworld_run", HERE / "realworld" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.checkout  # type: ignore[no-any-return]


def _real_repos(parser: argparse.ArgumentParser, names: list[str]) -> list[Any]:
    """The corpus entries named (by ``name`` or ``owner/name``), in the order given."""
    sys.path.insert(0, str(HERE / "realworld"))
    from compare import load_repos  # noqa: PLC0415  (the corpus list's reader, standard library)

    known = load_repos(HERE / "realworld" / "repos.toml")
    chosen = []
    for name in names:
        found = [r for r in known if name in (r.name, f"{r.owner}/{r.name}")]
        if not found:
            parser.error(f"--real {name!r}: not in bench/realworld/repos.toml")
        chosen.append(found[0])
    return chosen


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; see the module docstring."""
    sys.path.insert(0, str(HERE))
    from generate import SIZES  # noqa: PLC0415  (GitPython is only needed when generating)

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(SIZES), help="comma-separated size names, smallest first"
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument("--runs-for", action="append", default=[], metavar="SIZE=N")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (>= 1 samples)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run")
    parser.add_argument("--slow", type=float, default=120, help="a run this slow is not repeated")
    parser.add_argument("--commands", type=lambda s: s.split(","), default=None)
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST, help="where repos live")
    parser.add_argument("--mllint", help="path of the mllint binary (default: PATH, /tmp venv)")
    parser.add_argument(
        "--install-mllint", action="store_true", help=f"pip install into {MLLINT_VENV}"
    )
    parser.add_argument("--json", type=Path, help="also write every sample here")
    parser.add_argument(
        "--repo",
        action="append",
        default=[],
        metavar="LABEL=PATH",
        help="also time an existing checkout (a real repository), after the generated sizes",
    )
    parser.add_argument(
        "--real",
        type=lambda s: [name for name in s.split(",") if name],
        default=[],
        metavar="NAME,...",
        help="also time these repositories of bench/realworld/repos.toml, at their fixed commits",
    )
    parser.add_argument(
        "--url-template",
        default="https://github.com/{owner}/{name}.git",
        help="where --real repositories are cloned from ({owner}, {name})",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path("/tmp/repocheck-realworld"),
        help="where --real checkouts live (reused when already at the commit)",
    )
    args = parser.parse_args(argv)
    args.sizes = [s for s in args.sizes.split(",") if s]
    args.repos = dict(_label_and_path(parser, value) for value in args.repo)
    args.real = _real_repos(parser, args.real)
    args.runs_for = _runs_for(args.runs_for)
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; choose from {list(SIZES)}")
    if args.mllint is None and (MLLINT_VENV / "bin/mllint").exists():
        args.mllint = str(MLLINT_VENV / "bin/mllint")
    return args


def run_size(
    commands: list[Command], repo: Path, size: str, args: argparse.Namespace
) -> list[Measurement]:
    """Measure every command on one repository, reporting progress and the load on stderr."""
    results = []
    for command in commands:
        result = measure(command, repo, size, args)
        if result.samples and result.samples[0].timed_out and not command.missing:
            # sizes run smallest first: a larger repository would time out too
            command.missing = f"> {args.timeout:.0f} s (timed out on {size})"
        load = "/".join(f"{x:.1f}" for x in os.getloadavg())
        line = f"{size:>16} {command.label:<20} {_time_cell(result):<12} load {load}"
        print(line, file=sys.stderr)
        results.append(result)
    return results


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through _wait, which stops the running tool


def main(argv: Sequence[str] | None = None) -> int:
    """Generate what is missing, time every command on every size, print the tables."""
    global TIME
    args = parse_args(argv)
    import generate  # noqa: PLC0415

    TIME = gnu_time()
    signal.signal(signal.SIGTERM, _terminate)

    commands = build_commands(args)
    info = machine()
    print(" | ".join(f"{k}: {v}" for k, v in info.items()), file=sys.stderr)
    results, stats = [], {}
    repos = [
        (size, lambda size=size: generate.generate(generate.SIZES[size], args.dest))
        for size in args.sizes
    ]
    repos += [(label, lambda path=path: path) for label, path in args.repos.items()]
    if args.real:
        clone_at = _corpus_checkout()
        repos += [
            (
                repo.name,
                lambda repo=repo: clone_at(
                    repo.owner, repo.name, repo.commit, args.cache, args.url_template
                ),
            )
            for repo in args.real
        ]
    for label, checkout in repos:
        repo = checkout()
        stats[label] = repo_stats(repo)
        results += run_size(commands, repo, label, args)
    print(render(results, stats, [c.label for c in commands]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {"machine": info, "stats": stats, "results": [asdict(r) for r in results]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
