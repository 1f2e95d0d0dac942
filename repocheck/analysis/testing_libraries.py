"""Libraries made for testing, whose functions check what they are handed.

``torchtest.test_suite(model, ..., test_nan_vals=True)`` trains the model a step and raises
when a parameter turns NaN; ``assert_vars_change`` raises when none moved. Such a library is
named for what it does: its top-level package ends in "test" (``torchtest``). The test
runners (``pytest.importorskip``, ``unittest.main``, ``doctest.testmod``) are no checks, and a
module of the repository named so is read as its code, not as a library.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.facts.snapshot import Snapshot

#: Packages whose names end in "test" and that run tests rather than check a value.
_RUNNERS = frozenset({"pytest", "unittest", "doctest", "test"})
_SOURCE_SUFFIXES = (".py", ".pyi", ".ipynb")


@per_object
def own_names(snapshot: Snapshot) -> frozenset[str]:
    """Every name an import could give a module of the repository: each folder and file
    stem on the way to a Python file (``src/mytest.py`` gives ``src`` and ``mytest``), so a
    module imported from below the top (``sys.path`` set to ``src/``) is known too."""
    names: set[str] = set()
    for path in snapshot.paths:
        pure = PurePosixPath(path)
        if pure.suffix in _SOURCE_SUFFIXES:
            names.update(pure.parent.parts)
            names.add(pure.stem)
    return frozenset(names)


def is_testing_library(dotted: str, own: frozenset[str]) -> bool:
    """Whether ``dotted`` (a module, or a function of one: ``torchtest.test_suite``) belongs
    to a testing library outside the repository, whose own module names are ``own``."""
    top = dotted.partition(".")[0]
    return top.endswith("test") and top not in _RUNNERS and top not in own
