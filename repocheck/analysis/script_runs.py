"""The project's scripts that code runs as programs: a test that calls
``subprocess.run(["python", "src/train.py", "--fraction", "0.001"])`` or
``os.system("python -m pkg.train --steps 2")`` runs that script end to end, the way a
user would. Only literal words are read: a path built at run time names no script here.
"""

from __future__ import annotations

import ast
from collections.abc import Collection

from repocheck.analysis.cache import per_object
from repocheck.analysis.reach import body_trains, entry_reach
from repocheck.facts.snapshot import Snapshot

#: Calls that start a program from the words they are given.
_RUNNERS = frozenset(
    {
        "subprocess.run",
        "subprocess.call",
        "subprocess.check_call",
        "subprocess.check_output",
        "subprocess.Popen",
        "os.system",
        "os.popen",
    }
)


def script_run(call: ast.Call, resolved: str | None, paths: Collection[str]) -> str | None:
    """The project file ``call`` (its callee resolved to ``resolved``) runs as a program."""
    if resolved not in _RUNNERS or not call.args:
        return None
    words = [
        word.strip("'\"")
        for node in ast.walk(call.args[0])
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        for word in node.value.split()
    ]
    for before, word in zip(["", *words], words, strict=False):
        for candidate in _candidates(word, module=before == "-m"):
            if candidate in paths:
                return candidate
    return None


def _candidates(word: str, *, module: bool) -> list[str]:
    if module:
        stem = word.replace(".", "/")
        return [f"{stem}.py", f"{stem}/__main__.py"]
    return [word.removeprefix("./")] if word.endswith(".py") else []


@per_object
def training_scripts(snapshot: Snapshot) -> frozenset[str]:
    """The entry points whose run trains a model (itself or through what it calls)."""
    return frozenset(
        entry.path for entry, reached in entry_reach(snapshot) if reached.any("trains", body_trains)
    )
