"""The ``seed_everything()`` helper the seeding fixers write, and where it goes.

The helper is generated text, always the same for the same libraries, so a later fixer (the
deterministic switches of REPRO002) can tell the helper it may rewrite from a module the user
wrote: only a file equal to one of these texts is repocheck's.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import PurePosixPath

from repocheck.analysis.imports import Program, local_modules
from repocheck.analysis.scripts import run_commands
from repocheck.facts.snapshot import Snapshot
from repocheck.fix import hints

HELPER = hints.SEED_HELPER
#: What the helper can seed; scikit-learn draws from NumPy's global generator.
SEEDABLE = ("random", "numpy", "torch")
SEEDED_THROUGH = {"sklearn": "numpy", "imblearn": "numpy"}
#: File names tried for the helper module, in order, beside the code that calls it.
MODULE_NAMES = hints.SEED_HELPER_MODULES

#: Files whose presence at the root means the project installs as a package.
_INSTALLABLE = ("pyproject.toml", "setup.py", "setup.cfg")
_IMPORTS = {"random": "import random", "numpy": "import numpy as np", "torch": "import torch"}
_SEEDS = {
    "random": ["random.seed(seed)"],
    "numpy": ["np.random.seed(seed)"],
    "torch": ["torch.manual_seed(seed)", "torch.cuda.manual_seed_all(seed)"],
}
_NAMES = {"random": "Python's random", "numpy": "NumPy", "torch": "PyTorch"}
_SWITCHES = """\
    if deterministic:
        # cuBLAS reads this when CUDA starts: set before the first CUDA call.
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        torch.use_deterministic_algorithms(True, warn_only=True)
"""


def helper_text(libraries: Iterable[str], *, deterministic: bool = False) -> str:
    """The helper module seeding ``libraries`` (of SEEDABLE); ``deterministic`` adds
    PyTorch's deterministic switches behind a parameter that defaults to on."""
    chosen = [library for library in SEEDABLE if library in set(libraries)]
    switches = deterministic and "torch" in chosen
    stdlib = (["import os"] if switches else []) + (["import random"] if "random" in chosen else [])
    third = [_IMPORTS[library] for library in chosen if library != "random"]
    imports = "\n\n".join("\n".join(block) for block in (stdlib, third) if block)
    names = [_NAMES[library] for library in chosen]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    signature = "seed: int, deterministic: bool = True" if switches else "seed: int"
    doc = f'    """Seed {listed} with ``seed``.'
    if switches:
        doc += (
            "\n\n    With ``deterministic``, PyTorch also picks deterministic kernels, so runs"
            "\n    repeat on a GPU too; it costs speed: turn it off for large sweeps.\n    "
        )
    body = "\n".join(f"    {line}" for library in chosen for line in _SEEDS[library])
    return (
        '"""One call seeds every random number generator the project draws from."""\n\n'
        f"{imports}\n\n\n"
        f"def {HELPER}({signature}) -> None:\n"
        f'{doc}"""\n'
        f"{body}\n" + (_SWITCHES if switches else "")
    )


def generated_libraries(text: str | None) -> tuple[frozenset[str], bool] | None:
    """(libraries, deterministic) of a helper module repocheck wrote, None for any other text."""
    if text is None:
        return None
    for size in range(len(SEEDABLE), 0, -1):
        for libraries in combinations(SEEDABLE, size):
            for deterministic in (False, True):
                if text == helper_text(libraries, deterministic=deterministic):
                    return frozenset(libraries), deterministic and "torch" in libraries
    return None


@dataclass(frozen=True)
class Location:
    """Where an entry point's helper lives and how the entry point imports it."""

    folder: str  # "" for the repository root
    package: str | None  # dotted package the helper belongs to; None beside a script

    def path(self, name: str) -> str:
        return str(PurePosixPath(self.folder, f"{name}.py")) if self.folder else f"{name}.py"

    def module(self, name: str) -> str:
        return f"{self.package}.{name}" if self.package else name


def _top_package(folder: PurePosixPath, packages: frozenset[str]) -> PurePosixPath:
    while str(folder.parent) in packages and folder.parent != folder:
        folder = folder.parent
    return folder


def _runs_as_package(snapshot: Snapshot, program: Program, top: str) -> bool:
    """Whether an entry module inside a package runs as part of it (``python -m``, an
    installed console script) rather than as a file: what the module imports says so first,
    then the README's command, then whether the project installs at all."""
    units = [unit.tree for unit in program.units if unit.tree is not None]
    if any(isinstance(n, ast.ImportFrom) and n.level for tree in units for n in ast.walk(tree)):
        return True
    own = f"{program.module}."  # the module's own definitions are bound under its name
    bound = [n.split(".")[0] for n in program.names.values() if not n.startswith(own)]
    if top in bound:
        return True
    folder = PurePosixPath(program.path).parent
    neighbours = local_modules(snapshot).by_folder.get(str(folder), frozenset())
    if any(name in neighbours - {PurePosixPath(program.path).stem} for name in bound):
        return False  # ``from model import Net``: its own folder is on the path
    scripts, modules = run_commands(snapshot)
    if program.module in modules or program.path in scripts:
        return program.module in modules
    return any(name in snapshot.texts for name in _INSTALLABLE)


def location_of(snapshot: Snapshot, program: Program) -> Location:
    """The top folder of the package an entry point runs in, imported by its dotted name;
    else beside the script, imported by bare name (a script's folder is on the path)."""
    folder = PurePosixPath(program.path).parent
    packages = local_modules(snapshot).packages
    if str(folder) in packages:
        top = _top_package(folder, packages)
        if top.name.isidentifier() and _runs_as_package(snapshot, program, top.name):
            return Location(str(top), top.name)
    return Location("" if str(folder) == "." else str(folder), None)
