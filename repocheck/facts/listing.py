"""Which paths make up the repository: git's file lists, or a walk honouring ``.gitignore``.

A local work tree is analyzed as it stands: the files git tracks and the new files it does not
ignore (``git ls-files --others --exclude-standard``), so the test a learner has just written
counts before it is committed. Neither list hashes or converts a file: no filter driver runs.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from repocheck.facts.files import NotRead, read_regular
from repocheck.facts.gitcmd import run_git
from repocheck.facts.patterns import gitignore_spec

if TYPE_CHECKING:
    import pathspec

#: ``.gitignore`` files larger than this are not read (as any text file over the cap).
MAX_IGNORE_BYTES = 1_000_000

#: The file that makes a folder a Python virtual environment (PEP 405).
VENV_MARKER = "pyvenv.cfg"


@dataclass
class Untracked:
    """New files git does not ignore, and the environments left out of them."""

    paths: list[str] = field(default_factory=list)
    #: (folder, files in it) of each untracked virtual environment left out.
    environments: list[tuple[str, int]] = field(default_factory=list)


def _git_paths(root: Path, *args: str) -> list[str]:
    """``git ls-files -z <args> -- .`` in ``root``: paths relative to ``root``, as git gives
    them without ``--full-name`` (one process, not a second asking where ``root`` is)."""
    out = run_git(root, "ls-files", "-z", *args, "--", ".")
    return [name for name in out.split("\0") if name]


def list_tracked(root: Path) -> list[str]:
    """Paths git tracks below ``root``, relative to it (empty when nothing is tracked)."""
    return _git_paths(root, "--cached")


def list_untracked(root: Path) -> Untracked:
    """Files below ``root`` that git neither tracks nor ignores.

    A virtual environment nobody ignored yet is thousands of other people's modules, not the
    learner's work: its files are left out and counted, so a note can say to ignore it. A
    nested repository shows as a folder (a trailing ``/``) and is left out too.
    """
    listed = _git_paths(root, "--others", "--exclude-standard")
    paths = [path for path in listed if not path.endswith("/")]
    markers = [PurePosixPath(path) for path in paths if PurePosixPath(path).name == VENV_MARKER]
    venvs = sorted({str(marker.parent) for marker in markers if len(marker.parts) > 1})
    if not venvs:
        return Untracked(paths)
    kept: list[str] = []
    counts = dict.fromkeys(venvs, 0)
    for path in paths:
        venv = next((v for v in venvs if path.startswith(v + "/")), None)
        if venv is None:
            kept.append(path)
        else:
            counts[venv] += 1
    return Untracked(kept, sorted(counts.items()))


def walk_honouring_gitignore(root: Path) -> list[str]:
    """Every file below ``root`` that a ``.gitignore`` on its way does not exclude."""
    found: list[str] = []
    specs: dict[str, pathspec.GitIgnoreSpec] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/")
        if ".gitignore" in filenames:
            # Read like any file: a symlink, a FIFO or a huge file is not read at all.
            with contextlib.suppress(NotRead, OSError):
                ignore_file = f"{rel_dir}/.gitignore" if rel_dir else ".gitignore"
                lines = read_regular(root, ignore_file, MAX_IGNORE_BYTES).decode("utf-8", "replace")
                specs[rel_dir] = gitignore_spec(lines.splitlines())

        def ignored(rel: str, is_dir: bool, rel_dir: str = rel_dir) -> bool:
            for base, spec in specs.items():
                if base and not (rel_dir == base or rel_dir.startswith(base + "/")):
                    continue
                inner = rel[len(base) + 1 :] if base else rel
                if spec.match_file(inner + "/" if is_dir else inner):
                    return True
            return False

        kept = []
        for name in sorted(dirnames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if name == ".git" or ignored(rel, True):
                continue
            if os.path.islink(os.path.join(dirpath, name)):
                found.append(rel)  # listed as a symlink, never descended into
                continue
            kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            if not ignored(rel, False):
                found.append(rel)
    return found
