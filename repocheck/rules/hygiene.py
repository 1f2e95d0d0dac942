"""Hygiene rules: what a repository should never commit (GIT004, GIT005); what it should
ignore (GIT003) is in gitignore.py.

They read the file inventory (and HEAD's blob sizes when there is a history), so they also work
on a folder that is not a git repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from repocheck.analysis.ignored import spec
from repocheck.analysis.tracker_runs import wandb_run_at
from repocheck.facts.inventory import LOCAL_HISTORY_DIR, is_local_history_copy
from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence, Metrics, Result
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.rules._verdict import committed_or_not
from repocheck.wording import plural

if TYPE_CHECKING:
    import pathspec

MB = 1_000_000


# --- GIT004 --------------------------------------------------------------------------------

LARGE_BYTES = 10 * MB
WEIGHTS_BYTES = 1 * MB
#: Weights, pickled models and saved arrays: artefacts a run produces, never source.
_WEIGHT_SUFFIXES = frozenset(
    {".pt", ".pth", ".ckpt", ".h5", ".hdf5", ".keras", ".safetensors", ".bin", ".onnx", ".pkl"}
    | {".pickle", ".joblib", ".weights", ".npy", ".npz"}
    # exports holding the weights: TensorFlow Lite, Caffe, llama.cpp, Core ML (not a .pb: a
    # SavedModel's saved_model.pb is its graph, the weights sit in its variables/ shards)
    | {".tflite", ".caffemodel", ".gguf", ".mlmodel"}
    # gensim's saved word vectors and topic models (word2vec.model), Keras' old
    # model.save("x.model"): what a run trained, saved under the name its library suggests
    | {".model"}
)
#: A TensorFlow checkpoint's weight shard: ``model.ckpt.data-00000-of-00001``.
_TF_SHARD = compile_on_use(r"\.data-\d+-of-\d+$")


def _drop_excluded(paths: Iterable[str], exclude: Iterable[str]) -> list[str]:
    patterns = list(exclude)
    if not patterns:  # the common case, without loading pathspec
        return list(paths)
    matcher = spec(patterns)
    return [path for path in paths if not matcher.match_file(path)]


def _committed_sizes(snapshot: Snapshot) -> tuple[dict[str, int], list[str]]:
    """(sizes, paths of unknown size): HEAD's blob sizes in a git repo (LFS files are small
    pointers there), else file sizes. A blob a partial clone lacks takes its size from the work
    tree when the file is there; otherwise its size is unknown, never taken to be small."""
    history = snapshot.history
    on_disk = {info.path: info.size for info in snapshot.files if info.kind != "symlink"}
    if not (history.available and (history.blob_sizes or history.unknown_sizes)):
        unknown: list[str] = []
        sizes: Mapping[str, int] = on_disk
    else:
        unknown = [path for path in history.unknown_sizes if path not in on_disk]
        sizes = {**history.blob_sizes}
        sizes.update({p: on_disk[p] for p in history.unknown_sizes if p in on_disk})
    kept = {path: sizes[path] for path in _drop_excluded(sizes, snapshot.config.exclude)}
    return kept, _drop_excluded(unknown, snapshot.config.exclude)


def _lfs_matchers(texts: Mapping[str, str]) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
    """(folder, patterns) of every .gitattributes line that routes files through Git LFS."""
    matchers = []
    for path, text in texts.items():
        if PurePosixPath(path).name != ".gitattributes":
            continue
        patterns = [
            line.split()[0]
            for line in text.splitlines()
            if "filter=lfs" in line.split()[1:] and not line.lstrip().startswith("#")
        ]
        if patterns:
            folder = str(PurePosixPath(path).parent)
            matchers.append(("" if folder == "." else folder + "/", spec(patterns)))
    return matchers


def _in_lfs(path: str, matchers: list[tuple[str, pathspec.GitIgnoreSpec]]) -> bool:
    return any(
        path.startswith(folder) and spec.match_file(path[len(folder) :])
        for folder, spec in matchers
    )


#: A SentencePiece tokenizer saved as ``tokenizer.model`` or ``spm.model``: the vocabulary a
#: model reads its text through, shipped with the code, not a model's weights.
_TOKENIZER_MODEL = compile_on_use(r"(token|spm|sentencepiece|bpe|(^|[/_.-])sp\.model$)", re.I)


def _too_large(path: str, size: int) -> bool:
    pure = PurePosixPath(path)
    suffix = pure.suffix.lower()
    is_weights = suffix in _WEIGHT_SUFFIXES or bool(_TF_SHARD.search(path))
    if suffix == ".model" and _TOKENIZER_MODEL.search(pure.name):
        is_weights = False
    return size > LARGE_BYTES or (is_weights and size > WEIGHTS_BYTES)


def large_files(snapshot: Snapshot) -> list[tuple[str, int]]:
    """(path, size) of every committed file GIT004 finds too large, the largest first."""
    sizes, _ = _committed_sizes(snapshot)
    return _large(snapshot, sizes)


def _large(snapshot: Snapshot, sizes: Mapping[str, int]) -> list[tuple[str, int]]:
    lfs = _lfs_matchers(snapshot.texts)
    large = sorted(
        ((path, size) for path, size in sizes.items() if _too_large(path, size)),
        key=lambda item: (-item[1], item[0]),
    )
    return [(path, size) for path, size in large if not _in_lfs(path, lfs)]


@rule("GIT004")
def no_large_files(snapshot: Snapshot) -> Result:
    """Fail on any committed file over 10 MB, or model weights over 1 MB, outside Git LFS."""
    sizes, unknown = _committed_sizes(snapshot)
    large = _large(snapshot, sizes)
    largest = max(sizes.values(), default=0)
    metrics: Metrics = {"large_files": len(large), "largest_mb": round(largest / MB, 1)}
    unread = f"; the size of {plural(len(unknown), 'file')} is unknown" if unknown else ""
    if unknown:
        metrics["unknown_sizes"] = len(unknown)
    if not large:
        return _no_large_file(sizes, unknown, metrics)
    evidence = [Evidence(path, None, f"{size / MB:.1f} MB") for path, size in large]
    path, size = large[0]
    message = (
        f"{plural(len(large), 'large file')} committed, the largest {path} ({size / MB:.1f} MB)"
    )
    return Result.failed(message + unread, evidence, metrics)


def _no_large_file(sizes: Mapping[str, int], unknown: list[str], metrics: Metrics) -> Result:
    """Pass only when every size was read: a blob missing from a partial clone may be huge."""
    limits = (
        f"no file over {LARGE_BYTES // MB} MB and no model weights over {WEIGHTS_BYTES // MB} MB"
    )
    if not unknown:
        return Result.passed(limits, metrics=metrics)
    why = "their content is not in this (partial) clone"
    if not sizes:
        return Result.skipped(f"no file size could be read: {why}", metrics)
    known = len(sizes) / (len(sizes) + len(unknown))
    message = f"{limits} among {plural(len(sizes), 'file')} read; {len(unknown)} unknown ({why})"
    evidence = [Evidence(path, None, "size unknown") for path in sorted(unknown)]
    return Result.warned(message, evidence, metrics, score=round(max(0.5, known), 3))


# --- GIT005 --------------------------------------------------------------------------------

_JUNK_DIRS = {
    "__pycache__": "Python bytecode cache",
    "__MACOSX": "macOS archive metadata",
    ".ipynb_checkpoints": "notebook checkpoints",
    ".idea": "IDE settings",
    ".vs": "Visual Studio's per-user state",
    ".pytest_cache": "pytest cache",
    ".mypy_cache": "mypy cache",
    ".ruff_cache": "ruff cache",
    ".gradio": "Gradio's local state (flags, cached examples)",
    # Written beside every fit unless told otherwise (train_dir=, allow_writing_files=False).
    "catboost_info": "CatBoost's training logs",
    "CMakeFiles": "CMake build files",
    # What npm installs from package.json; the lock file pins it, the folder is rebuilt.
    "node_modules": "installed npm packages",
}
_JUNK_FILES = {
    ".ds_store": "macOS folder metadata",
    "thumbs.db": "Windows thumbnail cache",
    "nohup.out": "nohup output log",
    "cmakecache.txt": "CMake cache",
}
#: Windows writes a file's download origin to a ``name:Zone.Identifier`` stream; copied to a
#: Linux disk (WSL) the stream becomes a file of its own.
_ZONE_IDENTIFIER = ":zone.identifier"
_VENV_NAME = compile_on_use(r"^\.?(?:\w*venv\w*|env|virtualenv)$", re.IGNORECASE)
#: What a virtual environment created in the project's top folder itself leaves behind.
_TOP_VENV_PARTS = frozenset({"bin", "lib", "lib64", "include", "Lib", "Scripts", "share"})
_VENV = "virtual environment"


def _venv_root(parts: tuple[str, ...], texts: Mapping[str, str], path: str) -> str | None:
    """The folder of a virtual environment that ``path`` reveals, if it reveals one."""
    if parts[-1] == "pyvenv.cfg":
        return "/".join(parts[:-1])
    if "site-packages" in parts[:-1]:
        at = parts.index("site-packages")
        libs = [i for i in range(at) if parts[i].lower() in ("lib", "lib64")]
        return "/".join(parts[: libs[-1]] if libs else parts[: at + 1])
    return _activate_owner(parts, texts.get(path, ""))


def _activate_owner(parts: tuple[str, ...], text: str) -> str | None:
    """The venv folder above a ``bin/activate`` script, when it really is a venv's script."""
    if len(parts) < 3 or parts[-2] not in ("bin", "Scripts"):
        return None
    if not parts[-1].lower().startswith("activate"):
        return None
    owner = parts[:-2]
    # A project may ship its own bin/activate helper: ask for a venv-like name or venv code.
    if _VENV_NAME.match(owner[-1]) or "VIRTUAL_ENV" in text:
        return "/".join(owner)
    return None


def _in_venv(path: str, roots: set[str]) -> str | None:
    for root in roots:
        if root and (path == root or path.startswith(root + "/")):
            return root
        if not root and (path == "pyvenv.cfg" or path.split("/", 1)[0] in _TOP_VENV_PARTS):
            return path.split("/", 1)[0]
    return None


def _junk_group(path: str, roots: set[str]) -> tuple[str, str, bool] | None:
    """(where, what, is_folder) of a junk path, or None for a path that belongs in git."""
    venv = _in_venv(path, roots)
    if venv is not None:
        return venv, _VENV, True
    parts = path.split("/")
    wandb = wandb_run_at(parts)
    if wandb is not None:
        # wandb.init()'s record of one run: its logs, a copy of the code, the machine's pip
        # freeze, its binary .wandb file; the run lives on wandb's servers.
        return "/".join(parts[: wandb + 1]), "Weights & Biases run folders", True
    for depth, part in enumerate(parts[:-1]):
        label = _JUNK_DIRS.get(part) or (
            "package build metadata" if part.endswith(".egg-info") else None
        )
        if part == ".cache" and parts[depth + 1 : depth + 3] == ["v", "cache"]:
            # pytest before 3.4 wrote its cache to .cache/v/cache/ (now .pytest_cache/v/);
            # any other .cache folder may be a project's own, so only this shape counts.
            label = _JUNK_DIRS[".pytest_cache"]
        if label:
            return "/".join(parts[: depth + 1]), label, True
    if is_local_history_copy(path):
        at = parts.index(LOCAL_HISTORY_DIR)
        return "/".join(parts[: at + 1]), "editor's local history copies", True
    name = parts[-1].lower()
    if name in _JUNK_FILES:
        return "", _JUNK_FILES[name], False  # scattered one per folder: one row for them all
    if name.startswith("._") and len(name) > 2:
        # macOS writes a file's metadata beside it as ._<name> on disks and in archives
        # that cannot hold it (AppleDouble): binary, and never the project's.
        return "", "macOS metadata files (._name)", False
    if _office_lock(name):
        return "", "office lock files", False  # beside each open document: one row for all
    if name.endswith((".pyc", ".pyo")):
        return "/".join(parts[:-1]), "compiled Python files", False
    if name.endswith(".o"):
        # What a C or C++ compiler leaves beside the source before linking; never a source.
        return "/".join(parts[:-1]), "compiled object files", False
    if name.endswith(".bak"):
        return "/".join(parts[:-1]), "backup copies", False
    if name.endswith((".swp", "~")):
        return "/".join(parts[:-1]), "editor swap and backup files", False
    if name.endswith(".tmp"):
        return "/".join(parts[:-1]), "temporary files", False
    if name.endswith(_ZONE_IDENTIFIER):
        return "", "Windows download markers (Zone.Identifier)", False
    if name.endswith(".cache") and (name == "labels.cache" or parts[-2:-1] == ["labels"]):
        # YOLO (Ultralytics, YOLOv5) writes one beside the label folder it read on first
        # training: a numpy pickle of the labels and the absolute image paths of that machine.
        return "/".join(parts[:-1]), "YOLO label caches", False
    return None


#: Microsoft Office's documents, whose owner file "~$name" it writes beside them while open.
_OFFICE_SUFFIXES = (".doc", ".docx", ".xls", ".xlsx", ".xlsm", ".ppt", ".pptx")


def _office_lock(name: str) -> bool:
    """LibreOffice's ``.~lock.Report.docx#`` or Microsoft Office's ``~$Report.docx``: written
    beside a document while it is open, naming the user and the machine; never the project's."""
    if name.startswith(".~lock.") and name.endswith("#"):
        return True
    return name.startswith("~$") and name.endswith(_OFFICE_SUFFIXES)


def _junk_evidence(groups: JunkGroups) -> list[Evidence]:
    rows = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0][0]))
    evidence = []
    for (where, what, is_folder), paths in rows:
        path = where if is_folder else paths[0]
        evidence.append(Evidence(path, None, f"{what}: {plural(len(paths), 'file')}"))
    return evidence


#: (where, what, is_folder) of one place junk was found -> the paths found there.
JunkGroups = dict[tuple[str, str, bool], list[str]]


def junk_groups(snapshot: Snapshot) -> JunkGroups:
    """The junk GIT005 finds, by place: a folder (``where``, is_folder) or a kind of file."""
    paths = set(snapshot.paths)
    if snapshot.history.available:
        paths |= set(snapshot.history.blob_sizes) | set(snapshot.history.unknown_sizes)
    paths_kept = sorted(_drop_excluded(paths, snapshot.config.exclude))
    roots = {
        root
        for path in paths_kept
        if (root := _venv_root(tuple(path.split("/")), snapshot.texts, path)) is not None
    }
    groups: dict[tuple[str, str, bool], list[str]] = {}
    for path in paths_kept:
        group = _junk_group(path, roots)
        if group is not None:
            groups.setdefault(group, []).append(path)
    return groups


def _place_count(groups: JunkGroups) -> int:
    """The folders junk was found in: a row of files scattered one per folder (``.DS_Store``
    in five folders) is shown once but lies in as many places as it has folders."""
    return sum(
        len({path.rpartition("/")[0] for path in paths}) if not where else 1
        for (where, _, _), paths in groups.items()
    )


@rule("GIT005")
def no_junk_committed(snapshot: Snapshot) -> Result:
    """Fail when caches, editor files or a virtual environment are committed."""
    groups = junk_groups(snapshot)
    junk = sum(len(found) for found in groups.values())
    metrics: Metrics = {"junk_files": junk, "junk_places": _place_count(groups)}
    if not groups:
        return Result.passed(
            "no caches, editor files or virtual environments committed", metrics=metrics
        )
    evidence = _junk_evidence(groups)
    places = plural(_place_count(groups), "place")
    found = [path for paths_of_group in groups.values() for path in paths_of_group]
    where = committed_or_not(snapshot, found)
    message = f"{plural(junk, 'junk file')} {where} in {places}, the most in {evidence[0].path}"
    return Result.failed(message, evidence, metrics)
