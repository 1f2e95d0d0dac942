"""The floor under repocheck: the work no analysis of a repository can skip, done as simply as possible.

    python bench/floor.py PATH

One ``ruff check`` (isolated, JSON output) and one ``git log`` pass run as child processes while
this process parses every tracked Python file with ``ast`` (the garbage collector paused, as
repocheck does). repocheck does all of this and more; the ratio of its time to this one's is the
benchmark's headline (bench/run.py times both side by side). Only the standard library.
"""

from __future__ import annotations

import ast
import gc
import subprocess
import sys
import warnings
from pathlib import Path

LOG_FORMAT = "--format=%H%x00%an%x00%ae%x00%at%x00%P%x00%s"


def tracked_python(repo: Path) -> list[str]:
    listed = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "-z", "--", "*.py"],
        capture_output=True,
        check=True,
    )
    return [name for name in listed.stdout.decode("utf-8", "replace").split("\0") if name]


def parse_every_file(repo: Path, names: list[str]) -> int:
    """Parse each file once and keep the trees, as an analysis must; return how many parsed."""
    trees = []
    gc.disable()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences in old code: not our concern
        for name in names:
            try:
                trees.append(ast.parse((repo / name).read_bytes(), name))
            except (SyntaxError, ValueError, OSError, RecursionError, MemoryError):
                continue
    gc.enable()
    return len(trees)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python bench/floor.py PATH", file=sys.stderr)
        return 2
    repo = Path(argv[0]).resolve()
    ruff = Path(sys.executable).parent / "ruff"
    lint = subprocess.Popen(
        [
            str(ruff) if ruff.exists() else "ruff",
            "check",
            "--isolated",
            "--no-cache",
            "--output-format",
            "json",
            "--exit-zero",
            ".",
        ],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    log = subprocess.Popen(
        ["git", "-C", str(repo), "log", "--no-color", LOG_FORMAT],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    parsed = parse_every_file(repo, tracked_python(repo))
    lint_out, _ = lint.communicate()
    log_out, _ = log.communicate()
    commits = log_out.count(b"\n")
    print(f"parsed {parsed} files; {len(lint_out)} bytes of lint; {commits} commits")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
