"""GIT003: the .gitignore files keep out what this repository really produces.

Advice follows the repository: notebook checkpoints only where there are notebooks, ``*.pt``
only where torch saves, a data folder only where the code writes or downloads into it (see
``_artefacts.py``). A pattern already there that covers the artefact (``*.bin``, ``input.txt``,
``models/**``) counts, and a folder that holds tracked source is never advised as a whole.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from repocheck.analysis.artefacts import LOG_KINDS, Artefact, written_artefacts, written_outputs
from repocheck.analysis.entrypoints import imported_paths
from repocheck.analysis.ignored import GITIGNORE, IgnoreRules, folders_of, ignore_rules, spec
from repocheck.analysis.ignored_imports import ignored_imports
from repocheck.analysis.shipped import (
    keeps_at_top,
    keeps_files_in,
    project_root,
    ships_on_purpose,
)
from repocheck.facts.inventory import WIDE_GITIGNORE
from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence, Metrics, Result, Status
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.rules._hidden_source import hides_source
from repocheck.rules._verdict import result_of
from repocheck.wording import short

#: Files whose folder must stay visible to git: ignoring it would hide the next one written.
SOURCE_SUFFIXES = frozenset(
    {".py", ".pyi", ".ipynb", ".sh", ".r", ".jl", ".c", ".cc", ".cpp", ".h", ".cu", ".js"}
    | {".ts", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".md", ".rst", ".json"}
)
#: What a run writes and nobody edits: one pattern for every such file is the right advice.
BINARY_SUFFIXES = frozenset(
    {".pt", ".pth", ".ckpt", ".safetensors", ".bin", ".h5", ".hdf5", ".keras", ".onnx"}
    | {".weights", ".joblib", ".pkl", ".pickle", ".npy", ".npz", ".parquet", ".feather"}
)


class _AnyKept(Container[str]):
    """Every suffix of a file kept for its readers (an image, a table, weights), not source
    and not a placeholder (``.gitkeep``, ``dummy.txt``): what an archive may unpack."""

    def __contains__(self, suffix: object) -> bool:
        return isinstance(suffix, str) and suffix not in SOURCE_SUFFIXES | {"", ".txt"}

    def __hash__(self) -> int:
        return hash(_AnyKept)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _AnyKept)


_ANY_KEPT = _AnyKept()
#: Where a project tells how to set it up: README, docs, shell scripts, Makefile-like files.
_PROSE_SUFFIXES = frozenset({".md", ".rst", ".txt", ".sh", ".bat", ".ps1", "", ".toml", ".cfg"})
_VENV_WORDS = compile_on_use(r"\bvenv\b|\bvirtualenv\b|\.venv\b|virtual environment", re.IGNORECASE)
VENV = "virtual environments"
#: A command that makes a virtual environment, then its options, then the folder as the last
#: word of the command (``python -m venv legal-env``): a word in a sentence names nothing.
#: ``virtualenv`` starts the command at the line's start, after a prompt, or after a dash
#: standing alone, as a list item or a note's "To make one - virtualenv clickbait-env".
_VENV_COMMAND = compile_on_use(
    r"(?:-m[ \t]+(?:venv|virtualenv)|(?:^[ \t]*(?:\$[ \t]*)?|(?<!\S)-[ \t]+)virtualenv"
    r"|\buv[ \t]+venv)"
    r"((?:[ \t]+-\S+)*)[ \t]+([\w.][\w.\-/]*)[ \t]*(?:$|[`;&|#])",
    re.MULTILINE,
)
_DEFAULT_VENVS = (".venv", "venv", "env")
#: ``cd backend`` as a command of its own (``cd backend && python -m venv venv`` too): the
#: folder a following ``python -m venv`` of the same code block makes its environment in.
_CD_COMMAND = compile_on_use(
    r"^[ \t]*(?:\$[ \t]*)?cd[ \t]+([\w.][\w.\-/]*)[ \t]*(?:$|[;&#])", re.MULTILINE
)
_FENCE = "```"
#: A written file the repository commits at up to this size is taken to be committed on purpose.
SMALL_BYTES = 1_000_000
#: Evidence rows per kind of artefact: the first writers say enough.
_SHOWN = 3
#: Folders and files nobody commits on purpose; found in a repository without a .gitignore,
#: they prove the next `git add .` takes junk along.
_JUNK_FOLDERS = frozenset({"__pycache__", ".ipynb_checkpoints"})
_JUNK_NAMES = {".ds_store": ".DS_Store", "thumbs.db": "Thumbs.db"}
JUNK = "files committed by mistake"
OUTPUTS = "files the code writes"


@dataclass
class Need:
    """One kind of file the repository produces, the paths it lands on, the lines to add."""

    what: str
    probes: list[str]
    lines: list[str]
    from_code: bool = False  # an artefact the code writes, not a generic Python by-product
    exact: bool = False  # the code says where it writes
    every: bool = False  # every probe must be kept out, not one of them
    evidence: list[Evidence] = field(default_factory=list)


def _generic_needs(snapshot: Snapshot) -> list[Need]:
    """What any Python project leaves behind: bytecode, virtual environments, and notebook
    checkpoints when there are notebooks."""
    code = [info.path for info in snapshot.files if info.kind == "python"]
    notebooks = [info.path for info in snapshot.files if info.kind == "notebook"]
    needs = []
    if code:
        probes = [
            f"{folder}__pycache__/m.cpython-312.pyc" for folder in _bytecode_folders(snapshot)
        ]
        needs.append(Need("Python bytecode", probes, ["__pycache__/"], every=True))
        if _uses_a_local_venv(snapshot):
            named = _named_venvs(snapshot)
            venvs = [f"{name}/bin/python" for name in (*_DEFAULT_VENVS, *named)]
            own = [f"{name}/" for name in named if name not in _DEFAULT_VENVS]
            needs.append(Need(VENV, venvs, own or [".venv/", "venv/"]))
    if notebooks:
        probes = [f"{_folder(nb)}.ipynb_checkpoints/x-checkpoint.ipynb" for nb in notebooks[:5]]
        needs.append(Need("notebook checkpoints", probes, [".ipynb_checkpoints/"]))
    return needs


def _bytecode_folders(snapshot: Snapshot) -> list[str]:
    """Where Python writes bytecode: beside each module it imports (the project's own
    modules, and the test files pytest imports), never beside a script it runs. Without an
    import to go by, the folder of the first code file."""
    imported = imported_paths(snapshot)
    code = [info for info in snapshot.files if info.kind == "python"]
    folders = {_folder(info.path) for info in code if info.path in imported or info.is_test}
    return sorted(folders) or [_folder(code[0].path)]


def _uses_a_local_venv(snapshot: Snapshot) -> bool:
    """True when the project says it works in a virtual environment made in its folder (its
    README or scripts run ``python -m venv``, or uv manages it); a conda user's is elsewhere."""
    if "uv.lock" in snapshot.texts:
        return True
    return any(_VENV_WORDS.search(text) for text in _setup_notes(snapshot))


def _named_venvs(snapshot: Snapshot) -> list[str]:
    """The folders inside the repository that the project's setup notes make a virtual
    environment in (``python -m venv legal-env``), in order; a folder outside it (``~/envs``,
    ``/opt/venv``) or the repository itself (``.``) names none."""
    names: list[str] = []
    folders: frozenset[str] | None = None
    for text in _setup_notes(snapshot):
        # Every command the pattern reads names one of these; it has no prefix to skip by.
        if "venv" not in text and "virtualenv" not in text:
            continue
        for match in _VENV_COMMAND.finditer(text):
            name = match.group(2).rstrip("/")
            if not name.strip(".") or name.startswith(".."):
                continue
            if folders is None:
                folders = folders_of(info.path for info in snapshot.files)
            name = _in_folder_of_cd(text, match.start(), folders) + name
            if name not in names:
                names.append(name)
    return names


def _in_folder_of_cd(text: str, at: int, folders: frozenset[str]) -> str:
    """The repository folder (``backend/``) that the last ``cd`` before ``at``, in the same
    code block, moves into; "" where there is none, or it leaves the repository's folders
    (``cd ..``, ``cd my-clone`` after a ``git clone``, which names the repository itself)."""
    start = text.rfind(_FENCE, 0, at) + 1
    last = None
    for found in _CD_COMMAND.finditer(text, start, at):
        last = found
    if last is None:
        return ""
    folder = last.group(1).removeprefix("./").rstrip("/")
    return folder + "/" if folder in folders else ""


def _setup_notes(snapshot: Snapshot) -> list[str]:
    """The README, docs and scripts at the top (or in docs/ and scripts/) that may say how the
    project is set up; the .gitignore itself says nothing."""
    return [
        text
        for path, text in snapshot.texts.items()
        if PurePosixPath(path).suffix.lower() in _PROSE_SUFFIXES
        and ("/" not in path or path.startswith(("docs/", "scripts/")))
        and not PurePosixPath(path).name.startswith(".")
    ]


def _folder(path: str) -> str:
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent + "/"


def _source_folders(paths: Iterable[str]) -> frozenset[str]:
    """Every folder holding tracked code or configuration, at any depth."""
    return folders_of(p for p in paths if PurePosixPath(p).suffix.lower() in SOURCE_SUFFIXES)


def _advice(artefact: Artefact, source_folders: frozenset[str]) -> str | None:
    """The line to add for ``artefact`` (see :func:`_line_for`), read at any depth where a
    script in a subfolder may be run from there: ``data/mnist/`` holds only the top folder's
    (a slash inside a .gitignore line anchors it), ``**/data/mnist/`` the script folder's too."""
    line = _line_for(artefact, source_folders)
    if line and artefact.beside_script and "/" in line.strip("/"):
        return "**/" + line.lstrip("/")
    return line


def _kind(artefact: Artefact) -> frozenset[str]:
    """The written file's last suffix (``.pt``; ``.tar`` of ``.pth.tar``), as kept files have."""
    return frozenset({PurePosixPath(artefact.location.tail or "x").suffix.lower()} - {""})


def _file_advice(artefact: Artefact) -> str | None:
    """The line for the written file alone: its path, or the known parts of its name; None
    when the source does not tell the name (nothing narrower than its kind would do)."""
    place = artefact.location
    if artefact.glob:
        line = f"/{artefact.glob}"
    elif artefact.pattern:
        line = f"/{artefact.pattern}"
    elif place.literal and place.tail:
        line = f"/{place.folder}/{place.tail}".replace("//", "/")
    else:
        return None
    if artefact.beside_script and "/" in line.strip("/"):
        return "**/" + line.lstrip("/")
    return line


def _line_for(artefact: Artefact, source_folders: frozenset[str]) -> str | None:
    """The line for ``artefact`` read from the top folder: its folder, unless that folder
    holds tracked source (or, as the caller tells, files the project keeps); else every file
    of its binary kind (``*.pt``), or the file itself (``input.txt``)."""
    place, suffix = artefact.location, artefact.suffix
    binary = "." + suffix.split(".")[1] in BINARY_SUFFIXES if suffix else False  # .pth.tar too
    if place.folder is None:
        return None  # never judged: see _artefact_needs
    if place.folder and place.folder not in source_folders:
        name = place.folder
        if "/" not in name and any(folder.endswith(f"/{name}") for folder in source_folders):
            # "models/" matches at any depth: backend/models/ holding source would be kept
            # out too. A leading slash keeps out only the top folder written into.
            return f"/{name}/"
        return f"{name}/"
    top = place.tail.split("/")[0] if not place.folder and "/" in place.tail else ""
    if top and top not in source_folders:
        return f"/{top}/"  # a folder the code writes at the top, like cifar-10-batches-py/
    if binary:
        return f"{place.folder}/*{suffix}" if place.folder else f"*{suffix}"
    if artefact.glob:
        return f"/{artefact.glob}"  # best_model-{time}: the name's known start
    if artefact.pattern:
        return f"/{artefact.pattern}"  # ckpt_EPOCH{i}.tar: every epoch's, by the known parts
    line = f"/{place.folder}/{place.tail}".replace("//", "/")
    if not place.literal or line.strip("/") in source_folders:
        return None  # a download's folder that holds tracked scripts: never ignored whole
    return line


def _committed_landing(artefact: Artefact, by_folder: Mapping[str, list[str]]) -> str | None:
    """Where a relative write lands when its script runs from a folder above its own that
    holds the written folder, committed (``cd backend && python -m src.training.main``
    writing ``models/catboost/x.pkl`` into the ``backend/models/catboost/`` its ``.gitkeep``
    keeps): the author made that folder for it. The nearest such folder; None for none."""
    folder = artefact.location.folder
    if not folder or folder[0] in "./":
        return None
    parent = PurePosixPath(artefact.unit.path).parent
    while str(parent) not in (".", ""):
        if f"{parent}/{folder}/".lower() in by_folder:
            return f"{parent}/{artefact.candidates()[0]}"
        parent = parent.parent
    return None


def _matches_kept(line: str, folder: str, by_folder: Mapping[str, list[str]]) -> bool:
    """Whether the .gitignore ``line`` naming a written file by a pattern (``/data/raw/*.pkl``)
    matches a file committed in ``folder``: it would keep that file's next version out too."""
    if not any(mark in line for mark in "*?["):
        return False
    pattern = line.removeprefix("**/").lstrip("/").lower()
    held = by_folder.get(folder.rstrip("/").lower() + "/", [])
    return any(
        fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pattern)
        for path in held
    )


def _artefact_needs(snapshot: Snapshot, rules: IgnoreRules, unnamed: list[Artefact]) -> list[Need]:
    """One need per kind of artefact the code writes to a folder it names; the writes to
    folders it does not name are collected in ``unnamed``, not judged."""
    source_folders = _source_folders(snapshot.paths)
    tracked = {info.path: info.size for info in snapshot.files}
    needs: dict[str, Need] = {}
    kept: dict[tuple[str, str, Container[str]], bool] = {}

    def keeps(folder: str, writer: str, kinds: Container[str] = BINARY_SUFFIXES) -> bool:
        # A folder holding files the project keeps (see keeps_files_in), asked once each.
        if (folder, writer, kinds) not in kept:
            kept[folder, writer, kinds] = keeps_files_in(snapshot, folder, writer, kinds)
        return kept[folder, writer, kinds]

    def keeps_below(root: str, folder: str, writer: str, kinds: Container[str]) -> bool:
        key = (f"{root}//{folder}", writer, kinds)
        if key not in kept:
            kept[key] = keeps_files_in(snapshot, folder, writer, kinds, root)
        return kept[key]

    at_top: dict[tuple[str, frozenset[str]], bool] = {}

    def kept_at_top(writer: str, kinds: frozenset[str]) -> bool:
        # Files of the kind the top folder keeps (see keeps_at_top), asked once each.
        if (writer, kinds) not in at_top:
            at_top[writer, kinds] = keeps_at_top(snapshot, writer, kinds)
        return at_top[writer, kinds]

    below: dict[tuple[str, str], bool] = {}
    by_folder: dict[str, list[str]] = {}

    def by_folder_paths() -> dict[str, list[str]]:
        # The committed paths (lower case) indexed by folder, once.
        if not by_folder:
            for path in snapshot.paths:
                by_folder.setdefault(_folder(path), []).append(path.lower())
        return by_folder

    def kept_below(suffix: str, folder: str = "") -> bool:
        # A committed file of the kind in some subfolder (or in ``folder`` itself, given
        # as "a/b/"), asked once per kind and folder.
        if (suffix, folder) not in below:
            indexed = by_folder_paths()
            paths = (
                indexed.get(folder, [])
                if folder
                else [path for place, held in indexed.items() if place for path in held]
            )
            below[suffix, folder] = any(path.endswith(suffix) for path in paths)
        return below[suffix, folder]

    for artefact in written_artefacts(snapshot):
        if not artefact.exact:
            # The code does not name the folder: it may well be outside the repository (a
            # cache in the home folder, a path from a config file). Unsure: say nothing.
            unnamed.append(artefact)
            continue
        need = needs.setdefault(artefact.kind, Need(artefact.kind, [], [], from_code=True))
        candidates = artefact.candidates()
        if rules.ignores_any(candidates):
            continue
        landing = _committed_landing(artefact, by_folder_paths())
        if landing and rules.ignores_any([landing]):
            continue
        folder = artefact.location.folder
        writer = artefact.unit.path
        root = project_root(snapshot, writer) if folder and folder[0] not in "./" else ""
        if root and rules.ignores_any([f"{root}/{candidates[0]}"]):
            # Run from its package's own folder (api/requirements.txt, ``cd api && uvicorn
            # app.main:app``), the write lands in api/logs/, which a line of the .gitignore
            # (``logs/*`` in api/.gitignore) already keeps out.
            continue
        if _kept_out_above(rules, writer, candidates[0]):
            continue
        # Where the file lands when its script runs from the top folder, or from its own
        # (vanilla/run.py saving ./model/my_model.h5 beside a committed vanilla/model/...).
        sizes = (
            [tracked[c] for c in candidates if c in tracked]
            if artefact.exact and artefact.location.literal
            else []
        )
        size = sizes[0] if sizes else None
        if size is not None and size <= SMALL_BYTES:
            continue  # a small file committed on purpose (a demo model); a big one is a mistake
        if ships_on_purpose(snapshot, artefact):
            continue  # a big one too when other code loads it or the docs list it (GIT004)
        if (
            folder
            and artefact.into_folder
            and not artefact.suffix
            and folder not in source_folders
            and keeps(folder, writer, _ANY_KEPT)
        ):
            # An archive unpacked (or files fetched) into a folder that keeps a file the
            # project names, of whatever kind (the sample image its predictor loads): the
            # names are the archive's, so no line narrower than the folder is known, and the
            # folder would keep the kept file's next version out. Nothing is said.
            continue
        if folder and root and keeps_below(root, folder, writer, _kind(artefact)):
            # Run from a package's own folder (app/pyproject.toml), the write lands in
            # app/<folder>, where the project keeps files of the kind its code reads back (the
            # models its API serves): the next version belongs beside them. Nothing is said.
            continue
        if folder and keeps(folder, writer, _kind(artefact)):
            # The kept files are of the written kind too: "*.pt" there would keep their next
            # version out as surely as the folder would, and as "models/*.pkl" would where a
            # JSON beside them makes the folder one of tracked configuration. Only the file
            # itself can be named, and not by a pattern the kept files match (one pickle per
            # record, data/raw/*.pkl, beside the committed records an app loads).
            line = _file_advice(artefact)
            if line and _matches_kept(line, folder, by_folder_paths()):
                line = None
        elif folder and folder not in source_folders and keeps(folder, writer):
            line = _advice(artefact, source_folders | {folder})  # its kind, not the folder
        else:
            line = _advice(artefact, source_folders)
        lines = [line] if line else []
        if folder and line == f"/{folder}/" and "/" not in folder and artefact.beside_script:
            # Anchored (a deeper folder of that name holds source): the script's own folder's
            # copy, where it lands when the script is run from there, is named too.
            beside = artefact.beside_script or ""
            here = beside[: beside.find(f"{folder}/")] if f"{folder}/" in beside else ""
            if here.endswith("/") and f"{here}{folder}" not in source_folders:
                lines.append(f"/{here}{folder}/")
        if line == f"*{artefact.suffix}" and kept_at_top(writer, _kind(artefact)):
            # Written at the top, where the project keeps files of its kind that other code
            # reads (the split lists its loader takes): "*.npy" would keep their next version
            # out too. Only the file itself can be named.
            lines = [added for added in [_file_advice(artefact)] if added]
        elif line == f"*{artefact.suffix}" and kept_below(artefact.suffix):
            # Written at the top, while subfolders commit files of its kind (a list of rainy
            # days passed on the command line): "*.pkl" would keep their next version out
            # too. Anchored, the lines keep out only what is written: at the top, and beside
            # a script in a subfolder that may be run from there, unless that folder commits
            # files of the kind itself (then nothing narrower is sure: "*.pkl" as before).
            beside = _folder(artefact.beside_script) if artefact.beside_script else ""
            if not beside:
                lines = ["/" + line]
            elif not kept_below(artefact.suffix, beside):
                lines = ["/" + line, f"/{beside}{line}"]
        if not lines:
            # Written into a folder of tracked source under a name the code does not give
            # (a download's file name comes from its URL): no line to advise, so nothing said.
            continue
        need.exact = True
        need.lines += [added for added in lines if added not in need.lines]
        note = f"{artefact.writer} writes {'into ' if artefact.into_folder else ''}{artefact.shown}"
        unit = artefact.unit
        shown = Evidence(unit.path, artefact.line, short(note), unit.cell)
        # One write reached from several callers of its function is one line to read.
        if len(need.evidence) < _SHOWN and shown not in need.evidence:
            need.evidence.append(shown)
    return list(needs.values())


def _kept_out_above(rules: IgnoreRules, writer: str, landing: str) -> bool:
    """Whether a relative write lands where the .gitignore keeps it out when its script runs
    from a folder between the top and its own (LSTM/src/train.py saving ./ml_model/, with
    LSTM/ml_model in the .gitignore): the author's own line says where they run it from."""
    path = posixpath.normpath(landing)
    if path.startswith(("..", "/")):
        return False
    folder = posixpath.dirname(posixpath.dirname(writer))
    while folder:
        if rules.ignores(f"{folder}/{path}"):
            return True
        folder = posixpath.dirname(folder)
    return False


def _committed_junk(snapshot: Snapshot) -> Need | None:
    """The caches and OS files already committed, as one need with the lines that keep them
    out; only asked where there is no .gitignore (GIT005 judges the junk itself)."""
    junk: list[str] = []
    lines: list[str] = []
    for path in snapshot.paths:
        parts = path.split("/")
        name = parts[-1].lower()
        if _JUNK_FOLDERS.intersection(parts[:-1]) or name.endswith(".pyc"):
            junk.append(path)
        elif name in _JUNK_NAMES:
            junk.append(path)
            lines.append(_JUNK_NAMES[name])
    if not junk:
        return None
    evidence = [Evidence(path, None, "committed") for path in sorted(junk)[:_SHOWN]]
    return Need(JUNK, [], list(dict.fromkeys(lines)), evidence=evidence)


def _outputs(snapshot: Snapshot, rules: IgnoreRules) -> Need | None:
    """The results the code writes into the tree (plots, text, CSV), as one need; only asked
    where there is no .gitignore: with one, a result may well be committed on purpose. A file
    the project commits is one it keeps on purpose too (a notebook that writes the very
    requirements.txt tracked beside it): it is no output to keep out; nor is one a folder's
    own .gitignore already keeps out (``data/.gitignore``, as DVC writes one)."""
    tracked = {info.path for info in snapshot.files}
    written = [
        (unit, line, path)
        for unit, line, path in written_outputs(snapshot)
        if not _commits(tracked, unit.path, path)
        and not rules.ignores_any(_landings(unit.path, path))
    ]
    if not written:
        return None
    evidence = [
        Evidence(unit.path, line, short(f"writes {path}"), unit.cell)
        for unit, line, path in written[:_SHOWN]
    ]
    return Need(OUTPUTS, [], [], evidence=evidence)


def _commits(tracked: set[str], writer: str, path: str) -> bool:
    """Whether ``path``, read from the top or from the writer's folder (as a notebook's
    paths are), is a tracked file."""
    return any(landing in tracked for landing in _landings(writer, path))


def _landings(writer: str, path: str) -> list[str]:
    """Where ``path`` lands, read from the top or from the writer's folder; never above the
    top (``../x.csv`` from the top leaves the repository)."""
    value = path.replace("\\", "/")
    folders = dict.fromkeys(["", posixpath.dirname(writer)])
    landings = (posixpath.normpath(posixpath.join(folder, value)) for folder in folders)
    return [landing for landing in landings if not landing.startswith("..")]


def _needs(
    snapshot: Snapshot, rules: IgnoreRules, has_file: bool
) -> tuple[list[Need], list[Artefact]]:
    """Every kind of file to keep out, and the writes to folders the code does not name."""
    unnamed: list[Artefact] = []
    needs = _generic_needs(snapshot) + _artefact_needs(snapshot, rules, unnamed)
    if not has_file:
        needs += [need for need in (_committed_junk(snapshot), _outputs(snapshot, rules)) if need]
    return needs, unnamed


def missing_needs(snapshot: Snapshot, texts: Mapping[str, str]) -> list[Need]:
    """The needs that the .gitignore files of ``texts`` leave open, judged as GIT003 judges
    them; ``repocheck fix`` passes the texts it has planned so far."""
    rules = IgnoreRules(texts)
    needs, _ = _needs(snapshot, rules, GITIGNORE in texts)
    return [need for need in needs if not _met(need, rules)]


def _met(need: Need, rules: IgnoreRules) -> bool:
    if need.from_code:
        return not need.evidence  # every artefact of the kind is ignored
    if need.every:
        return all(rules.ignores_any([probe]) for probe in need.probes)
    return rules.ignores_any(need.probes)


def _status(missing: list[Need], covered: int, of: int, has_file: bool, unnamed: bool) -> Status:
    """Without a .gitignore, fail when there is something real to keep out: an artefact the
    code writes (wherever), or junk already committed; with only by-products to expect, warn.
    With a .gitignore, fail only on named artefacts it misses while covering under half the
    kinds; a gap or two in a good file is a warning."""
    if not missing:
        return Status.PASS
    written = any(need.from_code and need.exact for need in missing)
    if not has_file:
        real = written or unnamed or any(need.what in (JUNK, OUTPUTS) for need in missing)
        return Status.FAIL if real else Status.WARN
    # A virtual environment is a habit, not an output; logs are a run's by-product,
    # worth ignoring but no measure of how much of the rest the file keeps out.
    gaps = [need for need in missing if need.what != VENV and need.what not in LOG_KINDS]
    logs = sum(need.what in LOG_KINDS for need in missing)
    thin = len(gaps) >= 2 and covered / max(of - logs, 1) < 0.5
    return Status.FAIL if written and thin else Status.WARN


def advised_lines(needs: Iterable[Need]) -> list[str]:
    """The lines the needs ask for, once each, less those a more general one already keeps
    out: ``data/`` keeps out ``06-conditional/data/``, as git reads a name without a slash at
    any depth. The report and the fixer both add these."""
    advised = list(dict.fromkeys(line for need in needs for line in need.lines))
    kept: list[str] = []
    for line in sorted(advised, key=lambda line: line.removeprefix("**/").count("/")):
        core = line.removeprefix("/").replace("**/", "").replace("*", "x")
        probe = f"{core}x" if core.endswith("/") else core  # a file the line keeps out
        if not (kept and spec(kept).match_file(probe)):
            kept.append(line)
    return [line for line in advised if line in kept]


@rule("GIT003")
def gitignore_covers_what_is_produced(snapshot: Snapshot) -> Result:
    """Test the .gitignore files against what this repository's code and tools produce."""
    wide = any(f.path == GITIGNORE and f.skipped == WIDE_GITIGNORE for f in snapshot.files)
    if GITIGNORE in snapshot.paths and GITIGNORE not in snapshot.texts and not wide:
        return Result.skipped(".gitignore could not be read as text")
    rules = ignore_rules(snapshot)
    # A UTF-16 .gitignore is, to git, a file without patterns: judged as no file at all.
    has_file = GITIGNORE in snapshot.texts
    needs, unnamed = _needs(snapshot, rules, has_file)
    if not needs:
        return Result.skipped("no Python code, notebook or written artefact to keep out of git")
    missing = [need for need in needs if not _met(need, rules)]
    covered = len(needs) - len(missing)
    metrics: Metrics = {"covered": covered, "of": len(needs)}
    if unnamed:
        metrics["writes_not_judged"] = len(unnamed)
    evidence = [Evidence(GITIGNORE)] if has_file or wide else []
    status = _status(missing, covered, len(needs), has_file, bool(unnamed))
    hidden = ignored_imports(snapshot)
    if status is Status.PASS and hidden:
        return hides_source(hidden, "", evidence, metrics)
    if status is Status.PASS:
        names = ", ".join(need.what for need in needs)
        return Result.passed(
            f".gitignore covers what this repository produces: {names}", evidence, metrics
        )
    add = ", ".join(advised_lines(missing))
    names = ", ".join(need.what for need in missing)
    if has_file:
        message = f".gitignore misses {names}"
    elif wide:
        message = (
            f".gitignore is {WIDE_GITIGNORE}, so it keeps nothing out: save it as UTF-8"
            f" to keep out {names}"
        )
    else:
        message = f"no .gitignore at the top of the repository to keep out {names}"
    message += f" (add: {add})" if add else ""
    evidence += [row for need in missing for row in need.evidence]
    if hidden:
        also = f"{names} (add: {add})" if add else names
        return hides_source(hidden, also, evidence, metrics)
    return result_of(status, covered / len(needs), message, evidence, metrics)
