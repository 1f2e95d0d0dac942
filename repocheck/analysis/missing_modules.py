"""Imports of the project's own modules that the repository does not hold.

``from models import Net`` where no ``models.py`` is committed is no package to declare: the
module was left out of a commit, or deleted while a script still imports it, and the script
fails on a fresh clone whatever is installed. Names like ``models``, ``utils`` or
``dataset`` are what learners call their own modules; on PyPI they are either unused or
something else (``dataset`` is a SQL toolkit), so an import of one the repository lacks is
read as a missing module, not as a package to declare. So is a helper module named for what
the project handles (``dataset_utils``, ``image_helpers``): a folder renamed while a script
still imports the old name; a helper named for anything else (``python_utils``,
``lightning_utilities``) may be a package. So is the folder where a training template keeps
each run's settings (``from exps.baseline.config import config``, as YOLOX and its kin lay
them out): a project grown from one imports it and may leave it out of the commit.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.facts.snapshot import Snapshot
from repocheck.patterns import compile_on_use

#: Module names projects give their own code, never a package an ML project means to install.
PROJECT_MODULE_NAMES = frozenset(
    {"models", "model", "utils", "util", "utilities", "config", "configs", "helpers"}
    | {"helper", "common", "networks", "network", "layers", "losses", "loss", "modules"}
    | {"trainer", "training", "dataloader", "data_loader", "dataset", "data", "src", "lib"}
    | {"project", "main", "app", "functions", "net", "nets"}
    | {"exp", "exps", "experiment", "experiments"}
    | {"metrics_utils", "train_utils", "model_utils", "data_utils", "preprocessing_utils"}
)


#: The last word of a helper module's name (``dataset_utils``).
_HELPER_WORDS = frozenset({"utils", "util", "helpers", "helper", "tools"})
#: What a project's helper module is named for: its data, its model, its steps.
_PROJECT_WORDS = frozenset(
    {"data", "dataset", "datasets", "dataloader", "model", "models", "train", "training"}
    | {"eval", "evaluation", "test", "metric", "metrics", "preprocessing", "preprocess"}
    | {"image", "images", "img", "text", "loss", "losses", "vis", "visualization", "plot"}
    | {"inference", "feature", "features", "general", "misc", "common", "io", "file"}
)


#: A course's numbered part (``part3_ppo``, ``chapter2_rl``, ``hw2``, ``lab1``): the folders
#: a course's exercises come in, never a package's name.
_COURSE_PART = compile_on_use(
    r"^(?:part|chapter|week|lab|hw|homework|exercise|assignment|lesson|lecture|day|module)\d+"
    r"(?:_|$)"
)


def is_project_module_name(top: str) -> bool:
    """Whether ``top`` is a name a project gives its own module (``models``, ``utils``,
    ``Project``: module names are often capitalised like the class they hold), a helper
    module named for what the project handles (``dataset_utils``, ``vqa_image_helpers``), or
    a course's numbered part its exercises were written in (``part3_ppo``)."""
    name = top.lower()
    if name in PROJECT_MODULE_NAMES or _COURSE_PART.match(name):
        return True
    *words, last = name.split("_")
    return last in _HELPER_WORDS and any(word in _PROJECT_WORDS for word in words)


def named_in_another_case(top: str, importer: str, snapshot: Snapshot) -> str | None:
    """The repository's module file or package that ``top`` names but for case
    (``from Neuralnetwork import LSTM`` beside ``neuralnetwork.py``), the one in the importing
    file's folder first. Python matches a module's name by case even where file names ignore
    case, so the import fails everywhere; the author's module it is all the same (a rename of
    case only, which git on such a disk does not record, leaves the old name). None when no name differs from ``top`` only in case. The importing file
    itself is no match: ``from kan import *`` in ``KAN/KAN.py`` would import itself, so it
    means a package (pykan's ``kan``), not the file."""
    folder = PurePosixPath(importer).parent
    # A folder the importing file sits in is no match: ``from dominantColor import f`` in
    # ``DominantColor/shot_face.py`` means a module beside it, not its own folder.
    holding = {f"{parent}/" for parent in PurePosixPath(importer).parents}
    candidates = [
        *_modules_by_lowered_name(snapshot).get(top.lower(), ()),
        *(
            folder
            for folder in _namespace_folders_by_lowered_name(snapshot).get(top.lower(), ())
            if folder[2] not in holding
        ),
    ]
    # A module file first, as before folders counted: a folder only where no file matches.
    found = [
        (path.endswith("/"), parent != folder, len(PurePosixPath(path).parts), path)
        for name, parent, path in candidates
        if name != top and path != importer
    ]
    return min(found)[3] if found else None


def held_in_another_folder(top: str, importer: str, snapshot: Snapshot) -> str | None:
    """The repository's module file or package named ``top`` exactly, where an import of
    ``top`` in ``importer`` did not find it (``from preprocess_utils import *`` in
    ``src/evaluation/`` beside ``src/utils/preprocess_utils.py``: both files moved, the
    import left as it was), the shallowest first; None when the repository holds none. The
    importing file itself is no match."""
    found = [
        (len(PurePosixPath(path).parts), path)
        for name, _, path in _modules_by_lowered_name(snapshot).get(top.lower(), ())
        if name == top and path != importer
    ]
    return min(found)[1] if found else None


@per_object
def _modules_by_lowered_name(
    snapshot: Snapshot,
) -> dict[str, list[tuple[str, PurePosixPath, str]]]:
    """Each module file and package of the repository by its name in lower case: (its name,
    its folder, its path)."""
    found: dict[str, list[tuple[str, PurePosixPath, str]]] = {}
    for path in snapshot.paths:
        if not path.endswith(".py"):
            continue
        file = PurePosixPath(path)
        module = file.parent if file.name == "__init__.py" else file.with_suffix("")
        found.setdefault(module.name.lower(), []).append((module.name, module.parent, path))
    return found


@per_object
def _namespace_folders_by_lowered_name(
    snapshot: Snapshot,
) -> dict[str, list[tuple[str, PurePosixPath, str]]]:
    """Each folder that holds modules but no ``__init__.py`` (``src/Training/evaluation.py``),
    by its name in lower case: Python imports it as a namespace package, so ``import
    training`` names it but for case. Its path ends in ``/``, for the message to say folder."""
    with_init = {
        PurePosixPath(path).parent
        for path in snapshot.paths
        if path.endswith("/__init__.py") or path == "__init__.py"
    }
    folders = {
        PurePosixPath(path).parent for path in snapshot.paths if path.endswith(".py")
    } - with_init
    found: dict[str, list[tuple[str, PurePosixPath, str]]] = {}
    for folder in sorted(folders):
        if folder.name:
            found.setdefault(folder.name.lower(), []).append(
                (folder.name, folder.parent, f"{folder}/")
            )
    return found
