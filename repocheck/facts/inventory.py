"""The file inventory: which files the repository holds, what kind each is, and their text."""

from __future__ import annotations

import codecs
import io
import os
import tokenize
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from repocheck.facts.environments import environment_folders, in_folders
from repocheck.facts.files import NotRead, read_regular
from repocheck.facts.gitcmd import GitError
from repocheck.facts.listing import list_tracked, list_untracked, walk_honouring_gitignore
from repocheck.facts.patterns import gitignore_spec
from repocheck.facts.snapshot import FileInfo
from repocheck.patterns import compile_on_use

#: Files larger than this are listed but not read (a note says so).
MAX_TEXT_BYTES = 1_000_000
#: Notebooks carry their outputs, so they get a larger allowance.
MAX_NOTEBOOK_BYTES = 20_000_000
#: Past this many files the rest are not analyzed: code and project files are kept first.
MAX_FILES = 20_000
#: Files that say what a project is, kept before data files when MAX_FILES cuts the list.
PROJECT_SUFFIXES = frozenset({".md", ".rst", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".txt"})

CHECKPOINT_DIR = ".ipynb_checkpoints"
#: VS Code's Local History extension keeps a timestamped copy of every saved file under
#: ``.history/``, mirroring the project's folders: ``.history/src/train_20230710112856.py``.
LOCAL_HISTORY_DIR = ".history"
_LOCAL_HISTORY_NAME = compile_on_use(r"_\d{14}(\.\w+)?$")
TEST_DIRS = frozenset({"tests", "test", "testing"})
BINARY_SUFFIXES = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".bmp",
        ".ico",
        ".pdf",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".7z",
        ".tar",
        ".whl",
        ".so",
        ".dll",
        ".dylib",
        ".exe",
        ".bin",
        ".pt",
        ".pth",
        ".ckpt",
        ".h5",
        ".hdf5",
        ".keras",
        ".safetensors",
        ".onnx",
        ".pkl",
        ".pickle",
        ".joblib",
        ".npy",
        ".npz",
        ".parquet",
        ".feather",
        ".arrow",
        ".tflite",
        ".pb",
        ".mp3",
        ".mp4",
        ".wav",
        ".avi",
        ".mov",
        ".ttf",
        ".woff",
        ".woff2",
    ]
)


@dataclass
class Inventory:
    """The files found, the text of those read, and notes on the rest."""

    files: list[FileInfo] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    tracked_by_git: bool = False
    #: Limits that cut the analysis (a subset of ``notes``): the report is then partial.
    limits: list[str] = field(default_factory=list)
    #: Folders of committed virtual environments: their code is read, never parsed.
    environments: tuple[str, ...] = ()


def is_test_path(path: str) -> bool:
    """True for files that test runners treat as tests, or that live in a test folder."""
    parts = PurePosixPath(path).parts
    name = parts[-1]
    if any(part in TEST_DIRS for part in parts[:-1]):
        return True
    return name.endswith(".py") and (
        name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"
    )


def is_local_history_copy(path: str) -> bool:
    """True for an editor's timestamped copy of a saved file (``.history/train_20230710112856.py``)."""
    parts = PurePosixPath(path).parts
    return LOCAL_HISTORY_DIR in parts[:-1] and bool(_LOCAL_HISTORY_NAME.search(parts[-1]))


def _kind_for(path: str) -> str:
    if path.endswith((".py", ".pyi")):
        return "python"
    if path.endswith(".ipynb"):
        return "notebook"
    return "text"


#: Why a module of a committed virtual environment is not parsed.
INSTALLED = "in a committed virtual environment, code not analyzed"

#: Why a .gitignore saved as UTF-16 (PowerShell's ``echo ... > .gitignore``) is not read: git
#: reads the file as bytes and finds no pattern in it, so it keeps nothing out.
WIDE_GITIGNORE = "saved as UTF-16, which git does not read as patterns"

#: Byte-order marks of the wide Unicode encodings (UTF-32 first: its LE mark starts UTF-16's).
_TEXT_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _read(root: Path, rel: str, kind: str, size: int) -> tuple[str, str | None, str | None]:
    """Return (kind, text, reason-not-read)."""
    cap = MAX_NOTEBOOK_BYTES if kind == "notebook" else MAX_TEXT_BYTES
    if size > cap:
        return kind, None, f"larger than {cap // 1_000_000} MB, not read"
    try:
        # Only a regular file inside the root, never past the cap, even if it changed
        # since it was listed.
        data = read_regular(root, rel, cap)
    except NotRead as exc:
        return kind, None, str(exc)
    except OSError as exc:
        return kind, None, f"unreadable: {exc.strerror or exc}"
    # `pip freeze > requirements.txt` in Windows PowerShell writes UTF-16 with a byte-order
    # mark; pip reads such files, so the NUL bytes of UTF-16 must not make them "binary".
    for bom, encoding in _TEXT_BOMS:
        if data.startswith(bom):
            if PurePosixPath(rel).name == ".gitignore":
                return kind, None, WIDE_GITIGNORE  # git reads none of its patterns
            try:
                return kind, data[len(bom) :].decode(encoding), None
            except UnicodeDecodeError:
                break
    if b"\0" in data[:8192]:
        return "binary", None, "binary content"
    try:
        # "utf-8-sig" drops the byte-order mark some editors write first: left in, it would
        # make the module, the notebook's JSON and the first requirement unreadable.
        return kind, data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    if kind == "python":
        # PEP 263 lets a module declare its own encoding in its first two lines.
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
            return kind, data.decode(encoding), None
        except (SyntaxError, LookupError, UnicodeDecodeError):
            pass
    return kind, None, "not UTF-8 text, not read"


def _matcher(patterns: list[str]) -> Callable[[str], bool]:
    """A gitignore-style matcher for the exclude globs; pathspec loads only when there are any."""
    if not patterns:
        return lambda path: False
    return gitignore_spec(patterns).match_file


def _keep_first(path: str) -> tuple[int, str]:
    """Sort key: code first, then project files (top level, configs, docs), then the rest."""
    if _kind_for(path) != "text":
        return 0, path
    pure = PurePosixPath(path)
    if len(pure.parts) == 1 or pure.parts[0] == ".github" or pure.suffix in PROJECT_SUFFIXES:
        return 1, path
    return 2, path


def _within_file_limit(paths: list[str], inventory: Inventory) -> list[str]:
    """The paths to analyze: all of them, or MAX_FILES with code and project files first."""
    if len(paths) <= MAX_FILES:
        return paths

    def key(path: str) -> tuple[bool, int, str]:
        return (in_folders(path, inventory.environments), *_keep_first(path))

    kept = sorted(sorted(paths, key=key)[:MAX_FILES])
    message = (
        f"{len(paths)} files, more than the {MAX_FILES} analyzed: "
        f"{len(paths) - MAX_FILES} data and other files were left out"
    )
    inventory.notes.append(message)
    inventory.limits.append(message)
    return kept


def _note_unread(inventory: Inventory, rel: str, kind: str, reason: str) -> None:
    """A note for a file not read; a limit too when it is code the caps kept out."""
    inventory.notes.append(f"{rel}: {reason}")
    if kind in ("python", "notebook") and reason.startswith("larger than"):
        inventory.limits.append(f"{rel}: {reason}")


def _not_a_file(full: Path, rel: str, is_test: bool) -> list[FileInfo]:
    """A symlink is listed, never followed; a gitlink or special file is left out."""
    if full.is_symlink():
        return [FileInfo(rel, 0, "symlink", is_test, "symlink, not followed")]
    return []


def _add_file(inventory: Inventory, root: Path, real_root: Path, rel: str) -> None:
    """Classify one path and read it when it may be read."""
    full = root / rel
    try:
        stat = full.lstat()
    except OSError:
        return  # tracked but deleted from the work tree
    is_test = is_test_path(rel)
    if full.is_symlink() or not full.is_file():
        inventory.files.extend(_not_a_file(full, rel, is_test))
        return
    if not str(full.resolve()).startswith(str(real_root) + os.sep):
        inventory.files.append(
            FileInfo(rel, 0, "symlink", is_test, "behind a symlinked folder, not followed")
        )
        return
    kind = "binary" if full.suffix.lower() in BINARY_SUFFIXES else _kind_for(rel)
    if kind == "binary":
        inventory.files.append(FileInfo(rel, stat.st_size, kind, is_test, "binary file"))
        return
    inventory.files.append(_read_into(inventory, root, rel, kind, stat.st_size, is_test))


def _read_into(
    inventory: Inventory, root: Path, rel: str, kind: str, size: int, is_test: bool
) -> FileInfo:
    """Read a regular file's text into the inventory; its FileInfo says what became of it."""
    kind, text, reason = _read(root, rel, kind, size)
    if text is not None:
        inventory.texts[rel] = text
    if reason and text is None and not in_folders(rel, inventory.environments):
        # An installed package's binaries and large files are not the project's: the
        # environment's own note says it is left out.
        _note_unread(inventory, rel, kind, reason)
    if reason is None and CHECKPOINT_DIR in PurePosixPath(rel).parts:
        # Jupyter's autosave copies: the same code again, never what a teammate runs. Their
        # text stays readable (a secret in a copy is still committed), their code is not
        # parsed or linted a second time.
        reason = "notebook autosave copy, code not analyzed"
    elif reason is None and is_local_history_copy(rel):
        # The same: an editor's copy of each saved version, code nobody runs or imports.
        reason = "editor's local history copy, code not analyzed"
    elif (
        reason is None
        and kind in ("python", "notebook")
        and in_folders(rel, inventory.environments)
    ):
        # Installed packages: other people's code, thousands of modules to parse and lint.
        reason = INSTALLED
    return FileInfo(rel, size, kind, is_test, reason)


def build_inventory(root: Path, paths: Iterable[str], exclude: Iterable[str] = ()) -> Inventory:
    """Classify and read the given paths, never following a symlink out of ``root``."""
    inventory = Inventory()
    excluded = _matcher(list(exclude))
    real_root = root.resolve()
    kept = [path for path in sorted(set(paths)) if not excluded(path)]
    inventory.environments = environment_folders(kept)
    for rel in _within_file_limit(kept, inventory):
        _add_file(inventory, root, real_root, rel)
    inventory.notes = _binary_notes_summed(inventory.notes)
    return inventory


_BINARY = ": binary content"
#: Files of no known type found to hold binary content, noted one by one up to this many.
BINARY_NOTES_SHOWN = 5


def _binary_notes_summed(notes: list[str]) -> list[str]:
    """One note for many binary files of no known suffix (a run's pickles, weights without an
    extension): hundreds of lines of "binary content" would bury the notes that matter. Each
    file's own record still says why it was not read."""
    binary = [note for note in notes if note.endswith(_BINARY)]
    if len(binary) <= BINARY_NOTES_SHOWN:
        return notes
    named = ", ".join(note.removesuffix(_BINARY) for note in binary[:3])
    summed = (
        f"{len(binary)} files hold binary content, not read: {named} and {len(binary) - 3} more"
    )
    first = notes.index(binary[0])
    rest = [note for note in notes if not note.endswith(_BINARY)]
    return [*rest[:first], summed, *rest[first:]]


def collect_inventory(
    root: Path, in_git: bool, exclude: Iterable[str] = (), untracked: bool = True
) -> Inventory:
    """A git work tree's tracked files, and with ``untracked`` its new files git does not
    ignore; outside git (or with nothing listed), a walk that honours ``.gitignore``."""
    paths: list[str] = []
    notes: list[str] = []
    tracked = False
    if in_git:
        try:
            paths = list_tracked(root)
            if untracked:
                new = list_untracked(root)
                paths += new.paths
                notes += [_environment_note(folder, count) for folder, count in new.environments]
            tracked = bool(paths)
        except GitError:
            paths = []
    if not tracked:
        paths = walk_honouring_gitignore(root)
    inventory = build_inventory(root, paths, exclude)
    inventory.tracked_by_git = tracked
    inventory.notes[:0] = notes
    return inventory


def _environment_note(folder: str, count: int) -> str:
    return (
        f"{folder}/: a virtual environment git does not ignore, left out ({count} files); "
        "add it to .gitignore"
    )
