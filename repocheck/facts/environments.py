"""Virtual environments committed into the repository: other people's installed packages.

A learner who runs ``python -m venv venv`` in the project folder and commits everything ships
thousands of files of numpy, scikit-learn and Flask under ``venv/Lib/site-packages/``. GIT005
rightly fails on them, but they are not the author's code. A folder is a committed environment
when it holds a ``pyvenv.cfg`` (PEP 405) or a ``site-packages`` folder below a
``lib``/``Lib``/``lib64`` folder (``venv/Lib/site-packages``,
``env/lib/python3.12/site-packages``). An environment created in the top folder itself is its
``lib`` folder (the code beside it is the author's). Told from paths alone, so the inventory can
leave the installed code unparsed: parsing and linting 13,000 installed modules took minutes.

npm's ``node_modules`` folder is the same thing for a JavaScript front end or a Node server
(``npm install`` beside ``package.json``, then ``git add .``): thousands of other people's
files, some of them Python (flatted ships ``python/flatted.py``), some in folders named
``test``. The outermost ``node_modules`` folder on a path is such an installation.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath

_LIBS = ("lib", "lib64")
#: The folder npm (and yarn, pnpm) installs a package.json's dependencies into.
NODE_MODULES = "node_modules"

#: What ``python -m venv`` (or virtualenv, conda) puts in an environment's folder.
_ENV_PARTS = frozenset(
    {"bin", "lib", "lib64", "include", "scripts", "share", "etc", "man", "pyvenv.cfg"}
)


def environment_of(path: str) -> str | None:
    """The folder of the committed virtual environment ``path`` lies in, if it reveals one."""
    parts = PurePosixPath(path).parts
    if parts and parts[-1] == "pyvenv.cfg":
        return "/".join(parts[:-1]) or None
    if NODE_MODULES in parts[:-1]:
        return "/".join(parts[: parts.index(NODE_MODULES) + 1])
    if "site-packages" not in parts[:-1]:
        return None
    at = parts.index("site-packages")
    libs = [i for i in range(at) if parts[i].lower() in _LIBS]
    if not libs:
        return None
    return "/".join(parts[: libs[-1]]) or "/".join(parts[: libs[-1] + 1])


def environment_folders(paths: Iterable[str]) -> tuple[str, ...]:
    """The outermost folders of committed virtual environments among ``paths``, sorted. A
    learner may keep the project's own code inside the environment's folder (``venv/app.py``):
    then only the environment's own parts of it (``venv/Lib``, ``venv/Scripts``) are left out."""
    listed = list(paths)
    roots = {found for path in listed if (found := environment_of(path)) is not None}
    roots = {f for f in roots if not any(f.startswith(o + "/") for o in roots)}
    folders = set()
    for root in roots:
        inside = [path[len(root) + 1 :] for path in listed if path.startswith(root + "/")]
        parts = {path.split("/", 1)[0] for path in inside}
        name = root.rsplit("/", 1)[-1]
        if (
            name == NODE_MODULES
            or name.lower() in _LIBS
            or all(p.lower() in _ENV_PARTS for p in parts)
        ):
            folders.add(root)
        else:
            folders |= {f"{root}/{part}" for part in parts if part.lower() in _ENV_PARTS}
            folders.discard(f"{root}/pyvenv.cfg")
    return tuple(sorted(folders))


def in_folders(path: str, folders: Iterable[str]) -> bool:
    """Whether ``path`` lies inside one of ``folders``."""
    return any(path.startswith(folder + "/") for folder in folders)
