"""Bare git repositories to serve: built with ``git fast-import``, or copied from a work tree.

``make_repo`` in tests/helpers.py writes files and commits them one by one, which is right for
small fixtures and far too slow for 20,000 files, a 200 MB notebook or thousands of commits.
fast-import writes a pack straight from a stream; nothing touches a work tree: big blobs, many
files, odd names in seconds. ``bare_copy`` serves a repository that make_repo built.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.helpers import DAY, EPOCH


@dataclass(frozen=True)
class Symlink:
    """A symlink entry whose target is ``target`` (never resolved by git)."""

    target: str


@dataclass(frozen=True)
class Gitlink:
    """A submodule entry: a commit of another repository, recorded by its SHA."""

    sha: str


@dataclass
class FastCommit:
    """One commit of a fast-imported history."""

    message: str
    files: Mapping[str, bytes | str | Symlink | Gitlink | None] = field(default_factory=dict)
    days: float = 0.0


def _quote(path: str) -> str:
    # fast-import takes C-style quoted paths, which is how names with newlines get in.
    if path.isprintable() and not path.startswith('"') and " " not in path:
        return path
    escaped = (
        path.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return '"' + escaped + '"'


def _data(payload: bytes) -> Iterator[bytes]:
    yield b"data %d\n" % len(payload)
    yield payload
    yield b"\n"


def _modify(path: str, content: bytes | str | Symlink | Gitlink | None) -> Iterator[bytes]:
    name = _quote(path).encode()
    if content is None:
        yield b"D " + name + b"\n"
    elif isinstance(content, Symlink):
        yield b"M 120000 inline " + name + b"\n"
        yield from _data(content.target.encode())
    elif isinstance(content, Gitlink):
        yield b"M 160000 " + content.sha.encode() + b" " + name + b"\n"
    else:
        yield b"M 100644 inline " + name + b"\n"
        yield from _data(content.encode() if isinstance(content, str) else content)


def _stream(commits: Iterable[FastCommit], branch: str) -> Iterator[bytes]:
    # Later commits on the branch continue from its tip: fast-import keeps that state.
    for commit in commits:
        stamp = int(EPOCH + commit.days * DAY)
        who = b"Ada Learner <ada@example.com> %d +0000\n" % stamp
        yield b"commit refs/heads/" + branch.encode() + b"\n"
        yield b"author " + who + b"committer " + who
        yield from _data(commit.message.encode())
        for path, content in commit.files.items():
            yield from _modify(path, content)
        yield b"\n"


def fast_repo(path: Path, commits: Iterable[FastCommit], branch: str = "main") -> Path:
    """Create the bare repository ``path`` holding ``commits`` on ``branch`` (its HEAD)."""
    subprocess.run(
        ["git", "init", "-q", "--bare", f"--initial-branch={branch}", str(path)], check=True
    )
    process = subprocess.Popen(
        ["git", "-c", "core.compression=1", "fast-import", "--quiet"],
        cwd=path,
        stdin=subprocess.PIPE,
    )
    assert process.stdin is not None
    with process.stdin:
        for chunk in _stream(commits, branch):
            process.stdin.write(chunk)
    assert process.wait() == 0, "git fast-import failed"
    return allow_partial_clones(path)


def allow_partial_clones(bare: Path) -> Path:
    """Serve ``bare`` as GitHub does: partial clones may filter, and fetch single objects later."""
    for key in ("uploadpack.allowFilter", "uploadpack.allowAnySHA1InWant"):
        subprocess.run(["git", "config", key, "true"], cwd=bare, check=True)
    return bare


def bare_copy(source: Path, served: Path, name: str) -> Path:
    """Serve the repository ``source`` as ``name``: a bare clone that allows partial clones."""
    destination = served / name
    if not destination.exists():
        subprocess.run(
            ["git", "clone", "-q", "--bare", "--no-local", "--", str(source), str(destination)],
            check=True,
        )
        allow_partial_clones(destination)
    return destination


def work_tree(bare: Path, destination: Path) -> Path:
    """A plain local clone of ``bare``: the same repository as a local path to compare with."""
    subprocess.run(
        ["git", "-c", "core.hooksPath=/dev/null", "clone", "-q", "--no-local", "--", str(bare),
         str(destination)],
        check=True,
    )  # fmt: skip
    return destination
