"""Written files the repository ships on purpose: committed, and named by more than their writer.

A deployed app that loads ``serving/model.pth`` from the repository, or a README listing the
trained weights it keeps in ``results/``, tells that the file is committed by choice: ignoring
it would keep the next export from the app. Whether it is too big for git is GIT004's to say.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Container, Iterable
from pathlib import PurePosixPath

from repocheck.analysis.artefacts import Artefact, written_artefacts
from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import in_checkpoint
from repocheck.facts.snapshot import Snapshot


def _committed_matches(artefact: Artefact, tracked: Iterable[str]) -> list[str]:
    """The committed files ``artefact`` may be: its own path, or for a name the source builds
    at run time (``f"model{suffix}.pth"``) every committed file of its kind in its folder."""
    candidates = artefact.candidates()
    if artefact.location.literal:
        wanted = set(candidates)
        return [path for path in tracked if path in wanted]
    suffix = PurePosixPath(candidates[0]).suffix
    folders = {str(PurePosixPath(path).parent) for path in candidates}
    return [
        path
        for path in tracked
        if str(PurePosixPath(path).parent) in folders and PurePosixPath(path).suffix == suffix
    ]


def _named_by_others(snapshot: Snapshot, path: str, writer: str) -> bool:
    """True when a text file other than the writer names ``path``: by its whole path, or by
    its name from its own folder or one above it (a loader beside the weights, a README
    listing what its folder holds), or from anywhere when no other committed file has that
    name (``os.path.join(MODELS_DIR, "short_term_only.joblib")`` in ``src/config.py``, a web
    app fetching ``/src/data/airports.json`` from its own root). Where several committed
    files share the name, or the other file writes one of that name itself, a copy of the
    code in a sibling folder names its own, not this one."""
    name = PurePosixPath(path).name
    folder = str(PurePosixPath(path).parent)
    unique = _committed_names(snapshot)[name] == 1
    whole = re.compile(rf"(?<![\w.-]){re.escape(path)}(?![\w-])")
    bare = re.compile(rf"(?<![\w.-]){re.escape(name)}(?![\w-])")
    for other, text in snapshot.texts.items():
        if other in (writer, path) or name not in text or in_checkpoint(other):
            continue  # Jupyter's autosave copy of the writer is the writer again
        if "/" in path and whole.search(text):
            return True
        above = str(PurePosixPath(other).parent)
        near = above in (".", folder) or folder.startswith(above + "/")
        # From afar, a file writing a file of that name of its own names that one.
        afar = unique and other not in _writers_of(snapshot).get(name, ())
        if (near or afar) and bare.search(text):
            return True
    return False


@per_object
def _writers_of(snapshot: Snapshot) -> dict[str, frozenset[str]]:
    """File name -> the files whose code writes a file of that name."""
    found: dict[str, set[str]] = {}
    for artefact in written_artefacts(snapshot):
        for candidate in artefact.candidates():
            found.setdefault(PurePosixPath(candidate).name, set()).add(artefact.unit.path)
    return {name: frozenset(paths) for name, paths in found.items()}


@per_object
def _committed_names(snapshot: Snapshot) -> Counter[str]:
    """How many committed files bear each file name."""
    return Counter(PurePosixPath(path).name for path in _committed(snapshot))


@per_object
def _committed(snapshot: Snapshot) -> frozenset[str]:
    """The files of the work tree and of HEAD: a partial clone may lack a committed blob."""
    history = snapshot.history
    return snapshot.paths | set(history.blob_sizes) | set(history.unknown_sizes)


def ships_on_purpose(snapshot: Snapshot, artefact: Artefact) -> bool:
    """True when ``artefact`` lands on a committed file that the project's other code or its
    documentation names: the repository keeps it for its readers, not by accident."""
    writer = artefact.unit.path
    return any(
        _named_by_others(snapshot, path, writer)
        for path in _committed_matches(artefact, _committed(snapshot))
    )


def keeps_files_in(
    snapshot: Snapshot, folder: str, writer: str, kinds: Container[str], root: str = ""
) -> bool:
    """True when ``folder`` holds a committed file of one of ``kinds`` (suffixes: weights, an
    export) that code or documentation other than ``writer`` names: the app's weights beside
    an export the writer makes. A line keeping the whole folder out would keep the next
    version of those out too. ``root``: the folder the code runs from (a package of its own
    below the top), which its code's relative paths are read from."""
    base = f"{root}/" if root else ""
    prefix = base + folder + "/"
    committed = [
        path
        for path in sorted(_committed(snapshot))
        if path.startswith(prefix) and PurePosixPath(path).suffix.lower() in kinds
    ]
    return any(_named_by_others(snapshot, path, writer) for path in committed) or (
        bool(committed) and _read_from_by_others(snapshot, folder + "/", writer, kinds, base)
    )


def keeps_at_top(snapshot: Snapshot, writer: str, kinds: Container[str]) -> bool:
    """True when the top folder holds a committed file of one of ``kinds`` that a text file
    reads without writing it (the split lists ``train_list.npy`` an argument parser's default
    names): the project keeps files of the kind there, so a line for every one of them would
    keep their next version out. A file named only by the code that writes it (a script
    saving ``my_model.h5`` and loading it back) shows no such purpose."""
    writers = _writers_of(snapshot)
    for path in sorted(_committed(snapshot)):
        if "/" in path or PurePosixPath(path).suffix.lower() not in kinds:
            continue
        bare = re.compile(rf"(?<![\w.-]){re.escape(path)}(?![\w-])")
        makers = writers.get(path, frozenset())
        for other, text in snapshot.texts.items():
            if other in (writer, path) or other in makers or path not in text:
                continue
            if not in_checkpoint(other) and bare.search(text):
                return True
    return False


#: Files that make a folder below the top a package of its own, run from there: a
#: ``backend/requirements.txt`` is installed (``pip install -r requirements.txt``) and its
#: scripts and app run from backend/, as a subproject's pyproject.toml is.
_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt")
#: The same, less setup.py, for a folder that is a package itself (holds an __init__.py).
_PACKAGE_SAFE_FILES = tuple(name for name in _PROJECT_FILES if name != "setup.py")


def project_root(snapshot: Snapshot, path: str) -> str:
    """The nearest folder above ``path``, below the top, that holds a pyproject.toml,
    setup.py or requirements.txt: a package whose scripts and app run from its own folder
    (its Dockerfile's ``WORKDIR``, ``uv run``), so ``Path("artifacts/models")`` lands
    there. "" for none."""
    parent = PurePosixPath(path).parent
    while str(parent) not in (".", ""):
        # A setup.py beside an __init__.py is a module of that package (app/logger/setup.py
        # configuring logging), not a packaging script.
        package = f"{parent}/__init__.py" in snapshot.paths
        names = _PROJECT_FILES if not package else _PACKAGE_SAFE_FILES
        if any(f"{parent}/{name}" in snapshot.paths for name in names):
            return str(parent)
        parent = parent.parent
    return ""


#: The characters of a file name written after a folder in a path.
_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")


#: How far a formatted name's placeholder or joined expression is read: a short one on its line.
_PLACEHOLDER_LIMIT = 60


def _name_after(text: str, end: int) -> tuple[str, int]:
    """The file name written from ``end`` on, and where it stops: plain name characters, where
    an f-string's placeholder (``{record}``) or a joined expression (``' + record + '``) stands
    for a part the code fills in at run time, read as ``x`` (``data/raw/{record}.pkl`` names
    ``x.pkl``). Each is read on its line, at most a few dozen characters, never past a comma
    or a closing bracket."""
    parts: list[str] = []
    while end < len(text):
        char = text[end]
        if char in _NAME_CHARACTERS:
            parts.append(char)
            end += 1
            continue
        if char == "{":
            close = text.find("}", end, end + _PLACEHOLDER_LIMIT)
            if close < 0 or "\n" in text[end:close]:
                break
            parts.append("x")
            end = close + 1
            continue
        if char in "'\"":
            # 'data/raw/' + record + '.pkl': the quote, a joined name, and a quote again.
            resumed = _joined(text, end, char)
            if resumed < 0:
                break
            parts.append("x")
            end = resumed
            continue
        break
    return "".join(parts), end


def _joined(text: str, end: int, quote: str) -> int:
    """Where the next string literal's text starts after ``quote + name + quote`` (`` ' +
    record + '``) at ``end``, or -1 when the literal is not continued that way."""
    window = text[end + 1 : end + 1 + _PLACEHOLDER_LIMIT]
    stop = len(window)
    for mark in ("\n", ",", ")", "]"):
        found = window.find(mark)
        if 0 <= found < stop:
            stop = found
    window = window[:stop]
    first = window.find("+")
    reopen = window.find(quote, first + 1) if first >= 0 else -1
    if first < 0 or reopen < 0 or window[:first].strip() or "+" not in window[first + 1 : reopen]:
        return -1
    return end + 1 + reopen + 1


def _read_from_by_others(
    snapshot: Snapshot, prefix: str, writer: str, kinds: Container[str], within: str = ""
) -> bool:
    """True when code or documentation other than ``writer`` names a file of one of ``kinds``
    in the folder ``prefix`` (``Min_max_value/vil_min_max.pkl``), committed or not: the
    project reads files of that kind from there, as it keeps the committed ones. ``within``:
    only files below that folder count (a package's code reads its own relative paths)."""
    for other, text in snapshot.texts.items():
        if other == writer or prefix not in text or in_checkpoint(other):
            continue
        if within and not other.startswith(within):
            continue
        start = text.find(prefix)
        while start >= 0:
            before = text[start - 1] if start else " "
            end = start + len(prefix)
            name, end = _name_after(text, end)
            if before not in _NAME_CHARACTERS and PurePosixPath(name).suffix.lower() in kinds:
                return True
            start = text.find(prefix, end)
    return False
