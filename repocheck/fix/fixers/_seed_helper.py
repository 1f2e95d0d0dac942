"""The ``seed_everything()`` helper the seeding fixers write, and where it goes.

The helper is generated text, always the same for the same libraries, so a later fixer (the
deterministic switches of REPRO002) can tell the helper it may rewrite from a module the user
wrote: only a file equal to one of these texts is repocheck's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import PurePosixPath

from repocheck.analysis.imports import Program, local_modules
from repocheck.facts.snapshot import Snapshot

HELPER = "seed_everything"
#: What the helper can seed; scikit-learn draws from NumPy's global generator.
SEEDABLE = ("random", "numpy", "torch")
SEEDED_THROUGH = {"sklearn": "numpy"}
#: File names tried for the helper module, in order, beside the code that calls it.
MODULE_NAMES = ("seeding", "reproducibility")

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


def location_of(snapshot: Snapshot, program: Program) -> Location:
    """The top folder of the package an entry point sits in, imported by its dotted name;
    but beside the script, imported by bare name, for a loose script (no package) and for
    one that imports its neighbours by bare name (it runs as a file, its folder on the path).
    """
    folder = PurePosixPath(program.path).parent
    modules = local_modules(snapshot)
    if str(folder) in modules.packages:
        neighbours = modules.by_folder.get(str(folder), frozenset()) - {
            PurePosixPath(program.path).stem
        }
        loose = any(name.split(".")[0] in neighbours for name in program.names.values())
        top = _top_package(folder, modules.packages)
        if not loose and top.name.isidentifier():
            return Location(str(top), top.name)
    return Location("" if str(folder) == "." else str(folder), None)
