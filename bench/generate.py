"""Generate synthetic ML repositories of known sizes for benchmarking repocheck.

    python bench/generate.py --size medium --dest /tmp/repocheck-bench
    python bench/generate.py --size all

Each repository gets realistic Python modules (torch models, datasets, trainers, numpy helpers,
100-300 lines each), a few pytest files, a README, a requirements.txt and a history of the given
number of commits spread over months, each touching one to three files. The history is written as
one ``git fast-import`` stream, so twenty thousand commits take seconds rather than the hours that
one ``git commit`` per commit would. Output is deterministic: same size and seed, same bytes.
Needs GitPython (``pip install gitpython``) and git.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import git

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (a sibling module, not a package: bench/ is run as scripts)

DEFAULT_DEST = Path("/tmp/repocheck-bench")
START = 1614556800  # 2021-03-01, so that every history lies in the past
DAY = 86400


@dataclass(frozen=True)
class Size:
    """A benchmark size: how many Python files and commits, how long the files are."""

    name: str
    python_files: int
    commits: int
    months: int
    lines: tuple[int, int] = (100, 300)


SIZES = {
    size.name: size
    for size in (
        Size("small", 10, 10, 1),
        Size("nanogpt-sized", 15, 200, 6),
        Size("medium", 100, 500, 6),
        Size("lightning-sized", 650, 11000, 48, (180, 240)),
        Size("large", 1000, 5000, 18),
        Size("huge", 5000, 20000, 36),
    )
}

SUBPACKAGES = (
    "models", "data", "training", "utils", "metrics", "layers", "losses", "callbacks", "optim",
    "configs", "inference", "evaluation",
)  # fmt: skip
FLAT_NAMES = ("model", "train", "sample", "prepare", "configurator", "bench", "data", "utils")
AUTHORS = (
    ("Ada Romero", "ada@example.org", "+0100"),
    ("Bo Chen", "bo.chen@example.org", "+0800"),
    ("Carla Nunes", "carla@example.org", "-0300"),
    ("Dev Patel", "dev@example.org", "+0530"),
    ("Eli Novak", "eli.novak@example.org", "+0200"),
    ("Fatima Idris", "fatima@example.org", "+0000"),
    ("Gus Larsen", "gus@example.org", "+0100"),
    ("Hana Sato", "hana@example.org", "+0900"),
)
SLOPPY_SUBJECTS = ("wip", "fix", "update", "minor changes", "more fixes", "Fix typo")


@dataclass
class SourceFile:
    """One file of the generated repository and how many commits touch it."""

    path: str
    blocks: list[str]
    header_seed: str = ""
    title: str = ""
    single_quotes: bool = False
    touches: int = 0
    rendered: int = field(default=0, init=False)

    @property
    def is_module(self) -> bool:
        """Whether later commits may edit this file (tests and docs stay as first written)."""
        return bool(self.header_seed)

    def next_version(self) -> str:
        """The content at this file's next touch; the last touch gives the final file."""
        revision = self.rendered
        self.rendered += 1
        if not self.is_module:
            return self.blocks[0]
        shown = max(1, len(self.blocks) - (self.touches - 1 - revision))
        header = corpus.module_header(random.Random(self.header_seed), self.title, revision)
        return corpus.render_module(header, self.blocks[:shown], self.single_quotes)


def _unique(name: str, taken: set[str]) -> str:
    stem, index = name, 2
    while name in taken:
        name = f"{stem}_{index}"
        index += 1
    taken.add(name)
    return name


def _directories(count: int, package: str) -> list[str]:
    dirs = []
    for index in range(count):
        level, sub = divmod(index, len(SUBPACKAGES))
        if level == 0:
            dirs.append(f"src/{package}/{SUBPACKAGES[sub]}")
        else:
            noun = corpus.NOUNS[(level - 1) % len(corpus.NOUNS)]
            suffix = "" if level <= len(corpus.NOUNS) else str(level)
            dirs.append(f"src/{package}/{SUBPACKAGES[sub]}/{noun}{suffix}")
    return dirs


def module_paths(rng: random.Random, count: int, package: str) -> list[str]:
    """Paths of ``count`` modules: flat like nanoGPT when small, a src/ package otherwise."""
    taken: set[str] = set()
    if count <= 20:
        names = list(FLAT_NAMES[:count])
        while len(names) < count:
            names.append(_unique(f"{rng.choice(corpus.VERBS)}_{rng.choice(corpus.NOUNS)}", taken))
        return [f"{name}.py" for name in names]
    paths = [f"src/{package}/__init__.py"]
    dirs = _directories(math.ceil((count - 1) / 20), package)
    for index in range(count - 1):
        folder = dirs[index % len(dirs)]
        stem = _unique(f"{rng.choice(corpus.VERBS)}_{rng.choice(corpus.NOUNS)}", taken)
        paths.append(f"{folder}/{stem}.py")
    return paths


def build_files(size: Size, seed: int) -> tuple[list[SourceFile], str]:
    """Every file of the repository, in the order commits create them, and the project name."""
    rng = random.Random(f"{size.name}:{seed}")
    package = f"{rng.choice(corpus.NOUNS)}{rng.choice(('net', 'former', 'vision', 'lm'))}"
    project = package.replace("_", "-")
    n_tests = max(1, round(size.python_files * 0.08))
    modules = module_paths(rng, size.python_files - n_tests, package)
    files = [
        SourceFile("README.md", [corpus.readme_source(project, [package])]),
        SourceFile("requirements.txt", [corpus.REQUIREMENTS]),
        SourceFile(".gitignore", [corpus.GITIGNORE]),
    ]
    for path in modules:
        file_rng = random.Random(f"{seed}:{path}")
        blocks = corpus.module_blocks(file_rng, *size.lines)
        title = Path(path).stem
        quotes = file_rng.random() < 0.25
        files.append(SourceFile(path, blocks, f"{seed}:{path}:header", title, quotes))
    tested = rng.sample(modules, n_tests)
    taken: set[str] = set()
    for module in tested:
        stem = _unique(f"test_{Path(module).stem}", taken)
        source = corpus.pytest_source(random.Random(f"{seed}:{stem}"), Path(module).stem)
        files.append(SourceFile(f"tests/{stem}.py", [source]))
    # Tests arrive along with the code, not all at the end.
    head, rest = files[:4], files[4:]
    rng.shuffle(rest)
    return head + rest, project


def _pick_edits(rng: random.Random, editable: list[SourceFile], count: int) -> list[SourceFile]:
    hot = max(1, len(editable) // 10)  # early files (the model, the train loop) change most
    chosen: list[SourceFile] = []
    for _ in range(count * 2):
        pool = editable[:hot] if rng.random() < 0.5 else editable
        candidate = rng.choice(pool)
        if candidate not in chosen:
            chosen.append(candidate)
        if len(chosen) == count:
            break
    return chosen


def _edits(
    rng: random.Random, new: list[SourceFile], editable: list[SourceFile]
) -> list[SourceFile]:
    """Existing modules a commit edits: 1-3 alone, sometimes 1 next to the files it adds."""
    if not editable or (new and (len(new) == 3 or rng.random() >= 0.3)):
        return []
    count = 1 if new else rng.randint(1, 3)
    return [f for f in _pick_edits(rng, editable, count) if f not in new]


def plan_commits(
    rng: random.Random, files: list[SourceFile], commits: int
) -> list[list[SourceFile]]:
    """Which files each commit touches: first the files appear, then edits of 1-3 modules."""
    first, rest = files[:3], files[3:]
    if len(rest) > 3 * (commits - 1):
        raise ValueError(f"{len(files)} files cannot be created in {commits} commits")
    spread = min(commits - 1, max(math.ceil(len(rest) / 2), int(commits * 0.6)))
    total = len(rest)
    plan: list[list[SourceFile]] = [list(first)]
    editable: list[SourceFile] = []
    for index in range(1, commits):
        due = total * min(index, spread) // spread - (total - len(rest))
        new = rest[: min(3, max(due, 0 if editable else 1))]
        rest = rest[len(new) :]
        plan.append(new + _edits(rng, new, editable))
        editable += [f for f in new if f.is_module]
    for touched in plan:
        for source in touched:
            source.touches += 1
    return plan


def _subject(rng: random.Random, touched: list[SourceFile], created: bool) -> str:
    if rng.random() < 0.12:
        return rng.choice(SLOPPY_SUBJECTS)
    stem = Path(touched[0].path).stem.replace("_", " ")
    if created:
        return rng.choice(("Add", "Introduce", "Implement")) + f" {stem}"
    verb = rng.choice(("Tune hyperparameters in", "Extend", "Fix edge case in", "Refactor"))
    more = f" and {len(touched) - 1} more" if len(touched) > 1 else ""
    return f"{verb} {stem}{more}"


def _data(out: BinaryIO, payload: bytes) -> None:
    out.write(b"data %d\n" % len(payload))
    out.write(payload)
    out.write(b"\n")


def write_stream(
    out: BinaryIO, plan: list[list[SourceFile]], size: Size, rng: random.Random
) -> None:
    """Write the whole history as a ``git fast-import`` stream to ``out``."""
    authors = AUTHORS[: min(len(AUTHORS), 1 + size.python_files // 100)]
    weights = [8] + [2] * (len(authors) - 1)
    step = size.months * 30 * DAY / len(plan)
    seen: set[str] = set()
    for index, touched in enumerate(plan):
        name, email, zone = rng.choices(authors, weights)[0]
        when = START + int(index * step + rng.random() * step / 2)
        created = touched[0].path not in seen
        seen.update(f.path for f in touched)
        ident = f"{name} <{email}> {when} {zone}".encode()
        out.write(b"commit refs/heads/main\nmark :%d\n" % (index + 1))
        out.write(b"author " + ident + b"\ncommitter " + ident + b"\n")
        _data(out, _subject(rng, touched, created).encode() + b"\n")
        for source in touched:
            out.write(f"M 100644 inline {source.path}\n".encode())
            _data(out, source.next_version().encode())
    out.write(b"done\n")


def generate(size: Size, dest: Path, seed: int = 0, force: bool = False) -> Path:
    """Create the repository for ``size`` under ``dest`` (reused when it exists) and return it."""
    target = dest / size.name
    if target.exists() and not force:
        return target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    rng = random.Random(f"{size.name}:{seed}:history")
    files, _ = build_files(size, seed)
    plan = plan_commits(rng, files, size.commits)
    repo = git.Repo.init(target, initial_branch="main")
    process = repo.git.fast_import("--quiet", "--done", as_process=True, istream=subprocess.PIPE)
    stdin = process.proc.stdin
    try:
        write_stream(stdin, plan, size, rng)
    finally:
        stdin.close()
    process.wait()
    repo.git.reset("--hard", "main")
    repo.git.gc("--quiet")  # a cloned repository is packed; so is this one
    return target


def describe(target: Path) -> str:
    """One line: Python files, their lines and the number of commits of a generated repo."""
    python = [p for p in target.rglob("*.py") if ".git" not in p.parts]
    lines = sum(p.read_bytes().count(b"\n") for p in python)
    commits = git.Repo(target).git.rev_list("--count", "HEAD")
    return f"{target}: {len(python)} Python files, {lines} lines, {commits} commits"


def main(argv: Iterable[str] | None = None) -> int:
    """Parse the command line and generate the requested sizes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", action="append", choices=[*SIZES, "all"], default=None)
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="regenerate existing repositories")
    args = parser.parse_args(list(argv) if argv is not None else None)
    names = args.size or ["small"]
    selected = list(SIZES) if "all" in names else names
    for name in selected:
        started = time.perf_counter()
        target = generate(SIZES[name], args.dest, args.seed, args.force)
        print(f"{describe(target)} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
