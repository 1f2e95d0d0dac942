"""Files a README's commands name that the repository does not hold.

``python src/run_kmeans.py`` or ``pip install -r requirements.txt`` in a README whose
repository has no such file tells a reader how to run another project: a layout planned, or
written by a generator, rather than the one committed. Such a command fails as written.

A file counts as held when any tracked file has its name, in any folder and any case: a
README that says ``python train.py`` for ``src/train.py`` leaves out a ``cd``, which a reader
finds. A run step that names no file (``uvicorn main:app``, ``python -m app``, ``docker
run``) stands as an install step naming packages does: a README that has one says how to run.
A file the README itself shows (a code block headed ``# main.py``, or introduced by "save
this as `app.py`") is the reader's to save, and one an earlier command downloads
(``curl ... -o get-pip.py``) the reader's to fetch. Placeholders (``path/to/script.py``,
``your_script.py``, an untracked ``script.py``) name no file. A README that clones another
repository may be running that one's files, and one beside no Python code at all speaks of
code kept elsewhere: their commands are not judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.import_kinds import GIT_CLONE
from repocheck.analysis.readme_lines import (
    FENCE,
    INSTALL_TEXT,
    RUN_TEXT,
    RUNS_IN_PROSE,
    Line,
    in_file_tree,
    read_lines,
)
from repocheck.facts.snapshot import Snapshot
from repocheck.patterns import compile_on_use

# Every pattern here runs on repository text and must take linear time (see readme_lines.py).
#: ``python [options] PATH.py``, ``streamlit run PATH.py``, ``jupyter notebook PATH.ipynb``:
#: a command that runs one file. "python -m" runs a module, which this does not look for.
_RUNS_FILE = compile_on_use(
    r"(?:^|[\s`$(;&|])(?:python[\d.]*(?:\.exe)?\s+(?:-[A-Za-ln-z][A-Za-z]*\s+)*"
    r"|streamlit\s+run\s+|jupyter\s+(?:notebook|lab)\s+)"
    r"([\w.\\-]+(?:/[\w.-]+)*\.(?:py|ipynb))(?![\w./\\:-])"
)
#: "Run `main_train.py` to train", "运行main_train.py": the script a sentence says to run, its
#: name in ASCII (a name run on from other words, "运行程序main.py", is not cut out of them).
_RUNS_FILE_IN_PROSE = compile_on_use(
    RUNS_IN_PROSE + r"([A-Za-z0-9_/-]+(?:\.[A-Za-z0-9_-]+)*\.(?:py|ipynb))\b", re.IGNORECASE
)
#: ``pip install -r FILE`` and ``conda env create -f FILE``: the install step reads that file.
_INSTALLS_FROM_FILE = compile_on_use(
    r"(?:\bpip3?\s+install\s+(?:--?[\w-]+\s+)*?(?:-r|--requirement)"
    r"|\b(?:conda|mamba)\s+env\s+(?:create|update)\s+(?:--?[\w-]+\s+)*?(?:-f|--file))"
    r"(?:\s+|=)?([\w.-]+(?:/[\w.-]+)*)(?![\w./\\:-])"
)
#: Any other ``pip install`` or conda install: packages named, ``-e .``: the step stands
#: without a file.
_INSTALLS_OTHERWISE = compile_on_use(
    r"\bpip3?\s+install\s+(?!(?:-U\s+|--upgrade\s+)?(?:pip|setuptools|wheel)\b)"
    r"(?!(?:--?[\w-]+\s+)*(?:-r|--requirement)\b)\S"
    r"|\b(?:conda|mamba)\s+(?:create|install)\b|\b(?:poetry|pipenv|pdm|uv)\s+(?:install|sync)\b"
)
_PLACEHOLDER = compile_on_use(r"^path/to/|your|<|\{|\$", re.IGNORECASE)
#: Names that stand for any file (``python src/script.py``, "where script.py is any of the
#: scripts"): a placeholder too when no such file is tracked.
_GENERIC_STEMS = frozenset({"script", "script_name", "scriptname", "filename", "file_name"})
#: A clone URL's owner left as the template's word (``github.com/username/Tool.git``,
#: ``git@github.com:GITHUB_USER/Tool``): the project cloned is this one, under another name.
_PLACEHOLDER_OWNER = compile_on_use(r"[/:](?:github[-_]?)?user(?:[-_]?name)?/", re.IGNORECASE)
#: A file name on its own, as a code block's first line names the file it shows
#: (``# main.py``), or in the sentence introducing the block ("Save this as `app.py`:").
_FILE_NAME = compile_on_use(r"(?<![\w./-])([\w.-]+\.(?:py|ipynb|txt|ya?ml))(?![\w./-])")
_NAMING_COMMENT = compile_on_use(r"^\s*(?:#|//)\s*(?:file:?\s*)?[\w./-]+\s*$", re.IGNORECASE)
#: A download: ``curl URL -o FILE``, ``wget URL``, ``wget -O FILE URL``.
_DOWNLOADER = compile_on_use(r"(?:^|[\s`$(;&|])(?:curl|wget)\s")
_OUTPUT_OPTIONS = frozenset({"-o", "-O", "--output", "--output-document"})


@dataclass(frozen=True)
class AbsentFile:
    """A file a README command names that no tracked file is."""

    line: int
    path: str
    #: "run" (a script or notebook) or "install" (a requirements or environment file).
    kind: str


@dataclass(frozen=True)
class ReadmeCommands:
    """What the README's commands ask for, and which of those files are missing."""

    absent: tuple[AbsentFile, ...] = ()
    #: A run command names a file the repository holds, or a run step names no file.
    runs_a_held_file: bool = False
    #: An install step that needs no file of the repository's (packages named, ``-e .``), or
    #: an install file the repository holds.
    installs_otherwise: bool = False

    def every(self, kind: str) -> list[AbsentFile]:
        """The absent files of ``kind`` when every such command names one (else none)."""
        held = self.runs_a_held_file if kind == "run" else self.installs_otherwise
        return [] if held else [file for file in self.absent if file.kind == kind]


def _clones_another(lines: list[Line], root_name: str) -> bool:
    for line in lines:
        for match in GIT_CLONE.finditer(line.text):
            url = match.group(0).split(None, 2)[-1]
            if _PLACEHOLDER.search(url) or _PLACEHOLDER_OWNER.search(url):
                continue  # git clone https://github.com/<you>/project: this one, wherever it is
            if not root_name.lower().endswith(match.group(1).lower()):
                return True
    return False


def _is_command(text: str) -> bool:
    return any(p.search(text) for p in (_RUNS_FILE, _INSTALLS_FROM_FILE, RUN_TEXT, INSTALL_TEXT))


def _shown_files(lines: list[Line]) -> set[str]:
    """Names of files the README itself shows, for the reader to save: named by a code block's
    first line (``# main.py``) or by the line introducing the block."""
    shown: set[str] = set()
    for index, line in enumerate(lines):
        if not (line.in_code and FENCE.match(line.text)) or index + 1 >= len(lines):
            continue
        first = lines[index + 1]
        if first.in_code and _NAMING_COMMENT.match(first.text):
            shown.update(_FILE_NAME.findall(first.text))
        before = next((b for b in reversed(lines[:index]) if b.text.strip()), None)
        # "Install what requirements.txt lists:" over a command names the file, not shows it.
        if before is not None and not before.in_code and not _is_command(first.text):
            shown.update(_FILE_NAME.findall(before.text))
    return {PurePosixPath(name).name.lower() for name in shown}


def _downloaded_files(lines: list[Line]) -> set[str]:
    """Names of files the README's own commands download: the output a ``curl`` or ``wget``
    is given (``-o get-pip.py``), and the last part of each URL it fetches (wget's default)."""
    found: set[str] = set()
    for line in lines:
        match = _DOWNLOADER.search(line.text)
        if not match:
            continue
        words = line.text[match.end() :].split()
        for before, word in zip(["", *words], words, strict=False):
            name = word.split("=", 1)[1] if word.startswith("--output") and "=" in word else ""
            if before in _OUTPUT_OPTIONS:
                name = word
            elif "://" in word:
                name = word.split("?", 1)[0].split("#", 1)[0].rstrip("/").rpartition("/")[2]
            if name:
                found.add(PurePosixPath(name.strip("\"'`")).name.lower())
    return found


def readme_commands(lines: list[Line], tracked: frozenset[str], root_name: str) -> ReadmeCommands:
    """The README's commands read against ``tracked`` (every tracked file's name, lower case)."""
    if _clones_another(lines, root_name):
        return ReadmeCommands()
    tracked = tracked | _shown_files(lines) | _downloaded_files(lines)
    absent: dict[tuple[str, str], AbsentFile] = {}
    held_run = installs_otherwise = False
    for line in lines:
        if in_file_tree(line.text):
            continue
        installs_otherwise = installs_otherwise or bool(_INSTALLS_OTHERWISE.search(line.text))
        names_a_file = _RUNS_FILE.search(line.text) or _RUNS_FILE_IN_PROSE.search(line.text)
        if not held_run and RUN_TEXT.search(line.text) and not names_a_file:
            held_run = True  # ``uvicorn main:app``: a run step that stands without a file
        readings = (
            (_RUNS_FILE, "run"),
            (_RUNS_FILE_IN_PROSE, "run"),
            (_INSTALLS_FROM_FILE, "install"),
        )
        for pattern, kind in readings:
            for match in pattern.finditer(line.text):
                path = match.group(1).replace("\\", "/").removeprefix("./")
                if _PLACEHOLDER.search(path):
                    continue
                if PurePosixPath(path).name.lower() in tracked:
                    if kind == "run":
                        held_run = True
                    else:
                        installs_otherwise = True
                elif PurePosixPath(path).stem.lower() not in _GENERIC_STEMS:
                    absent.setdefault((kind, path), AbsentFile(line.number, path, kind))
    return ReadmeCommands(tuple(absent.values()), held_run, installs_otherwise)


@per_object
def tracked_names(snapshot: Snapshot) -> frozenset[str]:
    """The tracked files' names, lower-cased, without their folders: what a README's command
    may name (``python train.py`` for ``src/train.py``)."""
    return frozenset(PurePosixPath(info.path).name.lower() for info in snapshot.files)


def commands_in(snapshot: Snapshot, text: str) -> ReadmeCommands:
    """The commands of the README ``text`` read against the snapshot's tracked files."""
    tracked = tracked_names(snapshot)
    if not any(name.endswith((".py", ".ipynb")) for name in tracked):
        return ReadmeCommands()  # no code here: the README speaks of code kept elsewhere
    return readme_commands(read_lines(text), tracked, snapshot.root_name)
