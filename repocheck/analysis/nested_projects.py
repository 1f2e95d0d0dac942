"""Which copy of a package an absolute import loads when several subfolders hold one.

A repository of side-by-side projects (``dcgan_cifar/src/``, ``mnist_gan/src/``) runs each
project's scripts and notebooks with that project's folder on ``sys.path``, so
``from src.model import Generator`` in ``mnist_gan/training/train.ipynb`` loads
``mnist_gan/src/model.py``. Matching the dotted name alone would pick any of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import PurePosixPath

#: Source roots whose children are importable as top-level names (src layout, lib/).
_SOURCE_ROOTS = frozenset({"src", "lib"})


def shared_names(by_folder: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """Importable names that two or more folders below the root hold and the root does not:
    the only names whose copy the importer's place decides. A name held once keeps the
    absolute spelling it has, so a library of the same name is not taken for it."""
    root = by_folder.get(".", frozenset())
    held = Counter(
        name
        for folder, names in by_folder.items()
        if folder != "." and folder not in _SOURCE_ROOTS
        for name in names
    )
    return frozenset(name for name, count in held.items() if count > 1 and name not in root)


def nearest_above(
    by_folder: Mapping[str, frozenset[str]], shared: frozenset[str], path: str
) -> dict[str, str]:
    """For each shared name, the dotted folder nearest above ``path`` (its own folder left to
    the sibling rule, the root left alone) that holds it."""
    found: dict[str, str] = {}
    if not shared:
        return found
    for folder in list(PurePosixPath(path).parents)[1:-1]:
        key = folder.as_posix()
        if key in _SOURCE_ROOTS:
            continue
        for name in by_folder.get(key, frozenset()) & shared:
            found.setdefault(name, key.replace("/", "."))
    return found
