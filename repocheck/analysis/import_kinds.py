"""Imports that name no package to declare: the repository itself imported by the name of
its folder, a repository the documentation has the reader clone beside a script, a git submodule, a
module the .gitignore keeps out beside it (a settings file made from a template), and, in a
library, the integrations it imports only on demand."""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.distributions import (
    IMPORT_TO_DISTRIBUTIONS,
    INSTALLED_WITH,
    canonicalize_name,
)
from repocheck.analysis.ignored import GITIGNORE, ignore_rules
from repocheck.analysis.missing_modules import (
    PROJECT_MODULE_NAMES,
    held_in_another_folder,
    is_project_module_name,
    named_in_another_case,
)
from repocheck.analysis.toplevel import module_level
from repocheck.facts.snapshot import Snapshot, SourceUnit, breadth_first
from repocheck.facts.toml_text import table_at, toml_or_none
from repocheck.patterns import compile_on_use

#: The fields that hold statements (or handlers and match cases, which hold statements).
_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")


@per_object
def deferred_import_ids(unit: SourceUnit) -> frozenset[int]:
    """ids of the imports made only on demand: inside a function, or under a module-level
    ``if`` (an availability flag such as ``if _RICH_AVAILABLE:``), ``__main__`` blocks aside."""
    if unit.tree is None:
        return frozenset()
    every = unit.of_type(ast.Import, ast.ImportFrom)
    if not every:
        return frozenset()
    # An import is a statement: the eager ones are found walking statement blocks only, without
    # entering a function or an availability ``if``; every other import is deferred.
    eager: set[int] = set()
    pending: list[ast.AST] = [
        node
        for node in unit.tree.body
        if not (isinstance(node, ast.If) and "__name__" not in _names(node.test))
    ]
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind is ast.Import or kind is ast.ImportFrom:
            eager.add(id(node))
        elif kind is not ast.FunctionDef and kind is not ast.AsyncFunctionDef:
            for block in _BLOCKS:
                statements = getattr(node, block, None)
                if type(statements) is list:
                    pending.extend(statements)
    return frozenset(id(node) for node in every if id(node) not in eager)


def _names(node: ast.expr) -> set[str]:
    return {inner.id for inner in breadth_first(node) if isinstance(inner, ast.Name)}


def names_the_repository(dotted: str, paths: frozenset[str], root_name: str = "") -> bool:
    """True when ``dotted`` imports the repository itself as a package, by the name of the
    folder it is cloned into (``import ai.projects.diffusion.model`` in a repository whose
    ``projects/diffusion/model.py`` exists): two or more parts after the first must resolve,
    or one where that first part is the name of the folder analyzed (``import
    Posture.SquatPosture`` in ``Posture/``, a clone's folder named as its repository)."""
    top, *rest = dotted.split(".")
    cloned_as = root_name.lower().endswith(top.lower()) and len(top) > 2
    if len(rest) < (1 if cloned_as else 2):
        return False
    stem = "/".join(rest)
    return f"{stem}.py" in paths or f"{stem}/__init__.py" in paths


def is_known_package(top: str) -> bool:
    """Whether ``top`` is a package known here by name (``torch``, ``sklearn``): a repository's
    ``nn/functional.py`` does not make every ``import torch`` its own."""
    return top in _WELL_KNOWN


def names_a_nested_package(dotted: str, snapshot: Snapshot) -> bool:
    """True when ``dotted`` is a package of the repository that lives below another folder
    (``backend.app.db.models`` for ``production/backend/app/db/models.py``, imported once a
    script puts ``production/`` on ``sys.path``): three or more parts must resolve, the first
    a package of its own."""
    parts = dotted.split(".")
    if len(parts) < 3:
        return False
    stem = "/".join(parts)
    for folder in _folders_holding_package(snapshot).get(parts[0], ()):
        if (
            f"{folder}{stem}.py" in snapshot.paths
            or f"{folder}{stem}/__init__.py" in snapshot.paths
        ):
            return True
    return False


@per_object
def _folders_holding_package(snapshot: Snapshot) -> dict[str, tuple[str, ...]]:
    """Package name -> the folders (``production/``) whose child package it is, for packages
    below the top of the repository."""
    found: dict[str, list[str]] = {}
    for path in snapshot.paths:
        pure = PurePosixPath(path)
        if pure.name == "__init__.py" and len(pure.parts) > 2:
            package = pure.parent
            found.setdefault(package.name, []).append(f"{package.parent.as_posix()}/")
    return {name: tuple(folders) for name, folders in found.items()}


def takes_names_it_defines(node: ast.Import | ast.ImportFrom, snapshot: Snapshot) -> bool:
    """``from helper_functions import one_hot_encoder`` in a script moved to ``archive/``,
    where ``house_prices/helper_functions/`` defines ``one_hot_encoder``: a module of the
    repository, found where the script once lay or where the runner puts it on the path, not
    a package to install. The repository must hold a module or package of that dotted name
    whose code defines one of the names taken."""
    if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
        return False
    defined = _defined_names(snapshot).get(node.module)
    return defined is not None and any(alias.name in defined for alias in node.names)


@per_object
def _defined_names(snapshot: Snapshot) -> dict[str, frozenset[str]]:
    """Dotted module name (each tail of a module's path: ``helper_functions``,
    ``house_prices.helper_functions``) -> the names its code defines at the top level; a
    package's own are those of its ``__init__.py`` and of the modules directly in it (which
    an ``__init__.py`` re-exports with star imports)."""
    found: dict[str, set[str]] = {}
    for unit in snapshot.sources:
        pure = PurePosixPath(unit.path)
        if unit.cell is not None or unit.tree is None or pure.suffix != ".py":
            continue
        names = _top_level_names(unit.tree)
        parts = pure.with_suffix("").parts
        modules = [parts[:-1]] if parts[-1] == "__init__" else [parts, parts[:-1]]
        for module in modules:
            for start in range(len(module)):
                found.setdefault(".".join(module[start:]), set()).update(names)
    return {name: frozenset(names) for name, names in found.items() if name}


def takes_classes_defined_elsewhere(node: ast.stmt, snapshot: Snapshot) -> bool:
    """``from grp_transforms import ForceSyncAffined`` where no ``grp_transforms`` is in the
    repository but ``train_two_class.py`` defines ``ForceSyncAffined``: the author's own module,
    left out of a commit after its class was copied into a script, not a package to declare.
    Only classes count, each taken one defined by the repository's code and one of them
    named by eight letters or more (too particular to be a package's too; a function such as
    ``rearrange`` is often written again beside the package that has it), from a module named
    by one word, which no table here knows as a package."""
    if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
        return False
    taken = {alias.name for alias in node.names}
    if "." in node.module or "*" in taken or node.module in _WELL_KNOWN:
        return False
    return taken <= _defined_classes(snapshot) and any(len(name) >= 8 for name in taken)


#: The last word of a module a project keeps its settings in (``app_config``, ``settings``).
_SETTINGS_WORDS = frozenset({"config", "settings", "constants", "consts"})


def takes_constants_from_settings(node: ast.stmt) -> bool:
    """``from app_config import TENSORFLOW_RESOURCES_PATH, PYTORCH_RESOURCES_PATH`` where no
    ``app_config`` is in the repository: a settings module (named ``*_config``, ``settings``,
    ``constants``) read for constants alone, the author's paths and switches, left out of a
    commit because it names their own folders; no package to declare. A package read for
    anything but upper-case constants (``from oslo_config import cfg``) stays one, and so does
    a module named for anything but settings."""
    if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
        return False
    module = node.module
    if "." in module or module in _WELL_KNOWN:
        return False
    if module.lower().rsplit("_", 1)[-1] not in _SETTINGS_WORDS:
        return False
    taken = [alias.name for alias in node.names]
    return all(name.isupper() and name.isidentifier() for name in taken)


def _compound_capitalised(name: str) -> bool:
    """Whether ``name`` joins words by capitals (``FrameBlocks``, ``dominantColor``): a lower-case
    letter followed by a capital. ``PyQt5``-style names (``Py`` and a capital) are how packages
    are named, and do not count."""
    if name.startswith("Py") and name[2:3].isupper():
        return False
    return any(a.islower() and b.isupper() for a, b in zip(name, name[1:], strict=False))


#: How many of the repository's module files must be named by joined capitals, and what share
#: of them, before an unknown import named so is read as one more of the project's own.
_STYLE_MODULES = 3
_STYLE_SHARE = 0.2


def named_in_the_projects_style(top: str, snapshot: Snapshot) -> bool:
    """``from FrameBlocks import *`` where no ``FrameBlocks`` is committed, in a project whose
    modules are named by joined capitals like the classes they hold (``FrameSkipping.py``,
    ``ShotClassification.py``, ``HoughTransform.py``): one more of the author's modules, left
    out of the commits, not a package to declare. An index's packages are imported by
    lower-case names, ``PyQt5`` and those known here by name (``OpenGL``, ``SimpleITK``) aside.
    A project whose modules are named in lower case gives no such hint."""
    if top in _WELL_KNOWN or not _compound_capitalised(top):
        return False
    stems = _module_stems(snapshot)
    styled = sum(1 for stem in stems if _compound_capitalised(stem))
    return styled >= _STYLE_MODULES and styled >= _STYLE_SHARE * len(stems)


@per_object
def _module_stems(snapshot: Snapshot) -> tuple[str, ...]:
    """The name of each module file of the repository (``__init__.py`` aside)."""
    return tuple(
        PurePosixPath(path).stem
        for path in snapshot.paths
        if path.endswith(".py") and not path.endswith("__init__.py")
    )


@per_object
def _defined_classes(snapshot: Snapshot) -> frozenset[str]:
    """The classes the repository's modules and notebooks define at the top."""
    return frozenset(
        definition.name
        for unit in snapshot.sources
        if unit.tree is not None
        for definition in module_level(unit.tree.body)
        if isinstance(definition, ast.ClassDef)
    )


def module_it_misnames(node: ast.stmt, snapshot: Snapshot) -> str | None:
    """``from transforms import get_transform`` where the repository holds no ``transforms``
    but its ``transformers.py`` defines ``get_transform``: the project's own module imported
    by a name a letter or two away (a file renamed, or misspelt in the import), which fails on
    every clone; no package to declare. The path of that module, when exactly one module of
    the repository named that close defines every name the import takes."""
    if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
        return None
    typed = node.module
    taken = {alias.name for alias in node.names}
    if "." in typed or "*" in taken or len(typed) < 5 or typed in _WELL_KNOWN:
        return None
    close = [
        path
        for stem, modules in _modules_by_stem(snapshot).items()
        if _letters_apart(typed, stem)
        for path, defined in modules
        if taken <= defined
    ]
    return close[0] if len(close) == 1 else None


def module_under_another_name(node: ast.stmt, snapshot: Snapshot) -> str | None:
    """``from multicamera.camera_setup import setup_cameras`` where no ``multicamera`` is in
    the repository but ``Multi-Camera Approach-1/camera_setup.py`` defines ``setup_cameras``:
    the project's own folder imported by the name it has on the author's disk (renamed
    since, or committed under another), which fails on a fresh clone; no package to declare.
    The path of that module, where the import read without its first part names one of the
    repository's module files in a folder, by its folders up to the file, and that module
    defines every name taken; the first part is no package known here by name. A module at
    the top (``from nanoGPT.model import GPT`` beside ``model.py``) is left to the reading of
    the repository imported by its clone's name."""
    if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
        return None
    top, _, rest = node.module.partition(".")
    taken = {alias.name for alias in node.names}
    if not rest or top in _WELL_KNOWN or "*" in taken:
        return None
    parts = tuple(rest.split("."))
    for path, defined in _modules_by_stem(snapshot).get(parts[-1], ()):
        module = PurePosixPath(path).with_suffix("").parts
        above = module[-len(parts) - 1] if len(module) > len(parts) else ""
        if above and above != top and module[-len(parts) :] == parts and taken <= defined:
            return path
    return None


def the_projects_own(top: str, importer: str, snapshot: Snapshot) -> bool:
    """Whether ``top``, imported in ``importer`` and not in the repository by that name, is
    the project's own module rather than a package to declare: named as projects name their
    modules (``models``, ``utils``), deleted by a commit while still imported, or held under
    a name that differs only in case (``Neuralnetwork`` beside ``neuralnetwork.py``; not a
    package known here, such as ``Levenshtein`` beside a helper ``levenshtein.py``), or held
    by that very name, as a module file, in a folder the import does not reach (``from
    HWGQQuantizer import`` in ``src/`` beside ``src/utils/HWGQQuantizer.py``, inside a
    package: importable from there only by a path the code no longer gives, but no package on
    any index either). A package folder of that name is no such evidence: a library's
    ``pipelines/audio_diffusion/`` does not make a conversion script's ``from
    audio_diffusion.models import`` (another project's package) its own."""
    if top in _WELL_KNOWN:
        return is_project_module_name(top) or deleted_from_history(top, importer, snapshot)
    return (
        is_project_module_name(top)
        or misspells_a_project_module_name(top)
        or deleted_from_history(top, importer, snapshot)
        or named_in_another_case(top, importer, snapshot) is not None
        or _held_as_a_file_elsewhere(top, importer, snapshot)
        or canonicalize_name(top) in _own_distribution_names(snapshot)
    )


@per_object
def _own_distribution_names(snapshot: Snapshot) -> frozenset[str]:
    """The canonical names the top-level ``pyproject.toml`` gives the project itself
    (``[project]``, Poetry's table): an import by that name the repository does not hold is
    the project's own package, renamed or moved since (a template's ``water_potability/``
    now ``src/``), not a package on an index to declare."""
    document = toml_or_none(snapshot.texts.get("pyproject.toml", ""))
    names = (
        table_at(document, "project").get("name"),
        table_at(document, "tool", "poetry").get("name"),
    )
    return frozenset(canonicalize_name(name) for name in names if isinstance(name, str) and name)


#: The long names projects give their own modules, where a letter or two off is a typo.
_LONG_PROJECT_NAMES = tuple(sorted(name for name in PROJECT_MODULE_NAMES if len(name) >= 8))


def misspells_a_project_module_name(top: str) -> bool:
    """``from utilies import sk_util``, where no ``utilies`` is in the repository: a long name
    projects give their own modules (``utilities``, ``dataloader``) with one or two letters
    dropped, the author's folder misspelt as it was made, not a package to declare. Only
    dropped letters count, and only from names of eight letters or more: a name with letters
    added or changed may be a package (``networkx`` beside ``networks``, ``modal`` beside
    ``model``)."""
    if len(top) < 6 or top in _WELL_KNOWN:
        return False
    name = top.lower()
    return any(
        0 < len(meant) - len(name) <= 2 and name[0] == meant[0] and _drops_letters(name, meant)
        for meant in _LONG_PROJECT_NAMES
    )


def _drops_letters(typed: str, meant: str) -> bool:
    """Whether ``typed`` is ``meant`` with some letters left out, the rest in order."""
    letters = iter(meant)
    return all(letter in letters for letter in typed)


def _held_as_a_file_elsewhere(top: str, importer: str, snapshot: Snapshot) -> bool:
    """Whether the repository holds a module file ``top.py`` out of the importer's reach."""
    held = held_in_another_folder(top, importer, snapshot)
    return held is not None and PurePosixPath(held).name != "__init__.py"


def deleted_from_history(top: str, importer: str, snapshot: Snapshot) -> bool:
    """``from pre_processamento import limpeza`` in ``src/treinamento.py`` where a commit
    deleted ``src/pre_processamento.py`` (or a ``pre_processamento/`` package) and HEAD holds
    no module of that name: the author's own module, deleted or renamed while a script still
    imports it, not a package to declare. The deleted module must have sat where the
    importer could reach it by that name: in its folder or in a folder above it (a script
    moved down a level, run from the old top). A module deleted elsewhere (a test package
    ``tests/pipelines/audio_diffusion/``) is no evidence about a top-level name, and a
    package known here by name stays one (a vendored ``yaml.py``, once deleted, leaves
    ``import yaml`` asking for PyYAML)."""
    if top in _WELL_KNOWN:
        return False
    folder = PurePosixPath(importer).parent.as_posix()
    return any(
        where in (".", folder) or folder.startswith(f"{where}/")
        for where in _deleted_modules(snapshot).get(top, ())
    )


@per_object
def _deleted_modules(snapshot: Snapshot) -> dict[str, frozenset[str]]:
    """Module name -> the folders it was deleted from: a deleted file's stem, and each
    folder above a deleted file (its parent being where the package sat): a package with its
    ``__init__.py``, or a folder of modules without one, imported as a namespace package
    (``from TestData.MindDependencies.Utils import`` after ``TestData/`` moved)."""
    found: dict[str, set[str]] = {}
    for path in snapshot.history.deleted_sources:
        pure = PurePosixPath(path)
        if pure.stem != "__init__":
            found.setdefault(pure.stem, set()).add(pure.parent.as_posix())
        for folder in pure.parents:
            if folder.name:
                found.setdefault(folder.name, set()).add(folder.parent.as_posix())
    return {name: frozenset(folders) for name, folders in found.items()}


#: Packages known here by name (``datasets`` beside a project's ``dataset.py`` that defines
#: a ``load_dataset`` of its own is Hugging Face's, not a misspelling).
_WELL_KNOWN = frozenset(
    {name.rstrip("*") for names in INSTALLED_WITH.values() for name in names}
    | INSTALLED_WITH.keys()
    | IMPORT_TO_DISTRIBUTIONS.keys()
)


@per_object
def _modules_by_stem(snapshot: Snapshot) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """File name without ``.py`` -> (path, names defined at its top level) of each module."""
    found: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for unit in snapshot.sources:
        pure = PurePosixPath(unit.path)
        if unit.cell is None and unit.tree is not None and pure.suffix == ".py":
            names = frozenset(_top_level_names(unit.tree))
            found.setdefault(pure.stem, []).append((unit.path, names))
    return found


def _letters_apart(typed: str, stem: str) -> bool:
    """One or two letters added, dropped or changed, the first letter kept: ``transforms``
    for ``transformers``, ``loader`` for ``loaders``, ``Utill`` for ``UTL`` (case aside, as
    learners rename a module's case with its letters); not the same name."""
    # Asked of every module name for each import: the cheap tests first, then the case.
    if abs(len(typed) - len(stem)) > 2 or typed[0].lower() != stem[0].lower():
        return False
    typed, stem = typed.lower(), stem.lower()
    if typed == stem:
        return False
    previous = list(range(len(stem) + 1))
    for i, letter in enumerate(typed, 1):
        current = [i]
        for j, other in enumerate(stem, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            )
        previous = current
    return previous[-1] <= 2


def _top_level_names(tree: ast.Module) -> set[str]:
    names = {definition.name for definition in module_level(tree.body)}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
    return names


#: ``git clone https://github.com/pgcorpus/gutenberg.git``: the folder the clone makes.
GIT_CLONE = compile_on_use(
    r"\bgit\s+clone\s+(?:-\S+\s+(?:\d+\s+)?)*\S*?/([\w.-]+?)(?:\.git)?/?(?=[\s`'\")]|$)"
)
_DOCS = (".md", ".rst", ".txt", ".sh")


@per_object
def _cloned_names(snapshot: Snapshot) -> frozenset[str]:
    """The folders the repository's documentation and scripts have the reader clone."""
    return frozenset(
        name
        for path, text in snapshot.texts.items()
        if path.lower().endswith(_DOCS) and "git" in text
        for name in GIT_CLONE.findall(text)
    )


def cloned_beside(snapshot: Snapshot, path: str, top: str) -> bool:
    """``from gutenberg.src.cleanup import strip_headers`` in a script whose folder holds a
    ``gutenberg`` clone the README asks for and .gitignore keeps out: code the reader fetches
    with git, not a package to declare."""
    if top not in _cloned_names(snapshot):
        return False
    folder = PurePosixPath(path).parent.as_posix()
    beside = f"{top}/__init__.py" if folder == "." else f"{folder}/{top}/__init__.py"
    return ignore_rules(snapshot).ignores(beside)


#: ``path = rf_utils`` in a .gitmodules section: where git checks a submodule out.
#: [ \t], not \s: from every blank line \s* would run over all the following ones.
_SUBMODULE_PATH = compile_on_use(r"^[ \t]*path[ \t]*=([^\n]*)", re.MULTILINE)


@per_object
def _submodule_names(snapshot: Snapshot) -> frozenset[str]:
    """The folder names of the git submodules the top-level .gitmodules declares."""
    text = snapshot.texts.get(".gitmodules", "")
    paths = (path.strip().strip("\"'") for path in _SUBMODULE_PATH.findall(text))
    return frozenset(PurePosixPath(path).name for path in paths if path)


def from_a_submodule(snapshot: Snapshot, top: str) -> bool:
    """``from rf_utils import vision`` where .gitmodules checks a repository out at
    ``rf_utils`` (or ``third_party/rf_utils``, a folder put on the path): code the reader
    fetches with ``git submodule update --init``, which a commit holds only as a link, not a
    package to declare."""
    return top in _submodule_names(snapshot)


#: Folders named like the package that writes into them: wandb keeps its runs in ``wandb/``.
_WRITTEN_BY_THEIR_PACKAGE = frozenset({"wandb"})


def kept_out_checkout(snapshot: Snapshot, path: str, dotted: str) -> bool:
    """``from official.models.s4.s4 import FFTConv`` where the .gitignore keeps out a folder
    ``official/`` (beside the script, or at the top): a clone of another repository the
    author keeps in the work tree, imported by its own layout two folders deep, not a
    package to declare. The line must name that folder; an import of the top module or one
    just below it (``from datasets.arrow_dataset import Dataset`` beside a ``datasets/`` of
    data) may still be a package's, and so may a folder its package writes into."""
    parts = dotted.split(".")
    top = parts[0]
    if len(parts) < 3 or top in _WRITTEN_BY_THEIR_PACKAGE:
        return False
    if not any(top in text for text in _gitignore_texts(snapshot)):
        return False
    rules = ignore_rules(snapshot)
    parent = PurePosixPath(path).parent.as_posix()
    module = "/".join(parts) + ".py"
    for folder in dict.fromkeys(("" if parent == "." else f"{parent}/", "")):
        if not rules.ignores(f"{folder}{module}"):
            continue
        line = (rules.pattern_for(f"{folder}{top}/") or "").strip("/")
        if line.removeprefix("**/") == top or line == f"{folder}{top}":
            return True
    return False


#: A module name no project has: a .gitignore that keeps it out keeps out every module.
_ANY_MODULE = "any_module_at_all"


def kept_out_beside(snapshot: Snapshot, path: str, top: str) -> bool:
    """``import config`` in a script whose folder (or the top of the repository) has a
    ``config.py`` the .gitignore keeps out, as a settings file made from a committed
    ``example.config.py`` is, or local secrets: the project's own module, not a package.
    Only a line naming the file counts: one that keeps out every module, or a folder or
    anything of that name (``wandb/``, ``*wandb*``: where wandb writes its runs), says
    nothing of this module."""
    parent = PurePosixPath(path).parent.as_posix()
    return _kept_out_in(snapshot, parent, top)


@per_object
def _gitignore_texts(snapshot: Snapshot) -> tuple[str, ...]:
    return tuple(text for name, text in snapshot.texts.items() if name.endswith(GITIGNORE))


@per_object
def _kept_out_in(snapshot: Snapshot, parent: str, top: str) -> bool:
    """:func:`kept_out_beside` for every file of one folder: asked once per import of it."""
    if not any(top in text for text in _gitignore_texts(snapshot)):
        return False  # the usual case, said without matching a single pattern
    rules = ignore_rules(snapshot)
    for folder in dict.fromkeys(("" if parent == "." else f"{parent}/", "")):
        module = f"{folder}{top}.py"
        if rules.ignores(f"{folder}{_ANY_MODULE}.py") or not rules.ignores(module):
            continue
        # The line must name the file: ``*wandb*`` keeps out wandb's runs, and wandb.py only
        # by the way.
        if f"{top}.py" in (rules.pattern_for(module) or ""):
            return True
    return False
