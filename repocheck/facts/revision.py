"""One commit of an analyzed repository as a work tree of its own, made without a checkout.

A checkout (``git worktree add``, ``git checkout``, even ``git archive``) passes every file
through the filter drivers that the repository's ``.gitattributes`` name and its
``.git/config`` defines: programs of the repository's choosing. Here git only lists the commit
(``ls-tree``) and hands out its stored bytes (``cat-file --batch``), and repocheck writes them
itself, refusing any path that could step out of the folder or into a ``.git``.

The folder is a fresh repository of repocheck's making (its own config, no hooks) that borrows
the analyzed repository's objects (``objects/info/alternates``), with HEAD detached at the
commit and the commit in its index: history and the file list read as they would in a
checkout.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from repocheck.facts.files import NotRead, symlink_new, write_new
from repocheck.facts.gitcmd import GitError, git_process, object_id, run_git
from repocheck.facts.inventory import MAX_NOTEBOOK_BYTES

#: Larger blobs are never read by the analysis: they are written at their size, empty.
MAX_WRITTEN_BYTES = MAX_NOTEBOOK_BYTES


@dataclass(frozen=True)
class Entry:
    """One ``ls-tree -r -l`` line: a blob, a symlink or a gitlink at ``path``."""

    mode: str
    oid: str
    size: int
    path: str


def parse_entries(out: str) -> list[Entry]:
    """The entries of ``git ls-tree -r -l -z`` output."""
    entries = []
    for record in out.split("\0"):
        meta, tab, path = record.partition("\t")
        fields = meta.split()
        if not tab or len(fields) != 4:
            continue
        mode, kind, oid, size = fields
        if kind == "blob":
            entries.append(Entry(mode, oid, int(size) if size.isdigit() else 0, path))
    return entries


def _safe_path(path: str) -> bool:
    """False for a path git itself would refuse to check out (``..``, into a ``.git``)."""
    parts = path.split("/")
    return all(part not in ("", ".", "..") and part.lower() != ".git" for part in parts)


def _read_blob(stdin: IO[bytes], stdout: IO[bytes], oid: str) -> bytes | None:
    """One object from a running ``cat-file --batch``; None when it is missing."""
    try:
        stdin.write(oid.encode() + b"\n")
        stdin.flush()
        line = stdout.readline()
    except OSError as exc:  # git ended: killed by its watchdog, or crashed
        raise GitError("git cat-file stopped before the commit was read") from exc
    if not line:
        raise GitError("git cat-file stopped before the commit was read")
    header = line.split()
    if len(header) != 3 or not header[2].isdigit():
        return None
    data = stdout.read(int(header[2]))
    stdout.read(1)  # the newline after the content
    return data


def _write_entries(tree: Path, entries: list[Entry]) -> None:
    """Write the entries below ``tree``.

    An entry that cannot be written (a path git would refuse, two entries for one path) is
    left out: the file list (the commit's index) still names it, and the analysis passes over
    it as over a file deleted from a checkout. A blob missing from a partial clone is an error:
    no transport is allowed to fetch it, and the commit is not there to be read.
    """
    with git_process(tree, "cat-file", "--batch") as process:
        assert process.stdin is not None and process.stdout is not None
        for entry in entries:
            if not _safe_path(entry.path):
                continue
            if entry.size > MAX_WRITTEN_BYTES and entry.mode != "120000":
                data: bytes | None = b""
            else:
                data = _read_blob(process.stdin, process.stdout, entry.oid)
            if data is None:
                # Left out, the file would show up in the delta as deleted by the base.
                raise GitError(
                    f"{entry.path} of the commit is not in this clone (a partial clone?); "
                    "check out without a filter to compare with it"
                )
            try:
                if entry.mode == "120000":
                    symlink_new(tree, entry.path, data.decode("utf-8", "surrogateescape"))
                else:
                    mode = 0o755 if entry.mode == "100755" else 0o644
                    write_new(tree, entry.path, data, mode=mode, size=entry.size)
            except (NotRead, OSError, ValueError):
                continue


def _borrow_objects(top: Path, tree: Path) -> None:
    """Make ``tree`` a repository of its own that reads ``top``'s objects."""
    common = Path(run_git(top, "rev-parse", "--path-format=absolute", "--git-common-dir").strip())
    object_format = run_git(top, "rev-parse", "--show-object-format").strip() or "sha1"
    run_git(
        tree.parent,
        "init",
        "--quiet",
        "--template=",
        f"--object-format={object_format}",
        str(tree),
    )
    info = tree / ".git" / "objects" / "info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "alternates").write_text(f"{common / 'objects'}\n", encoding="utf-8")
    shallow = common / "shallow"
    if shallow.is_file() and not shallow.is_symlink():
        shutil.copyfile(shallow, tree / ".git" / "shallow")


@contextmanager
def commit_tree(top: Path, commit: str) -> Iterator[Path]:
    """A folder holding ``commit`` of the repository at ``top``, removed afterwards.

    Raises GitError when the commit cannot be read.
    """
    oid = object_id(commit)
    if oid is None:
        raise GitError(f"not a commit id: {commit[:80]!r}")
    parent = Path(tempfile.mkdtemp(prefix="repocheck-base-"))
    try:
        tree = parent / (top.name or "base")
        try:
            _write_commit(top, tree, oid)
        except OSError as exc:  # the temporary folder: a full disk, no permission
            raise GitError(f"could not write the commit out: {exc.strerror or exc}") from exc
        yield tree
    finally:
        shutil.rmtree(parent, ignore_errors=True)


def _write_commit(top: Path, tree: Path, oid: str) -> None:
    """Make ``tree`` a repository at ``oid`` with the commit's files and index."""
    _borrow_objects(top, tree)
    run_git(tree, "update-ref", "--no-deref", "HEAD", oid)
    listing = run_git(tree, "ls-tree", "-r", "-l", "-z", "--full-tree", "--end-of-options", oid)
    _write_entries(tree, parse_entries(listing))
    # A path git refuses ("..", ".git") leaves no file list: the files on disk are read.
    with contextlib.suppress(GitError):
        run_git(tree, "read-tree", "--end-of-options", oid)
