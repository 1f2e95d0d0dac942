"""Which project modules an import by a name made at run time can load."""

from __future__ import annotations

import ast

from repocheck.analysis.entrypoints import project
from repocheck.analysis.imports_by_name import loaded_by_name
from tests.helpers import snapshot_from

LOADER = "import importlib\ndef load(name):\n    return importlib.import_module(f'envs.{name}')\n"


def _loaded(files: dict[str, str]) -> list[str]:
    found = project(snapshot_from(files))
    (program,) = [p for p in found.graph.programs if p.path == "envs/__init__.py"]
    (call,) = [
        node
        for unit in program.units
        for node in ast.walk(unit.tree or ast.Module(body=[], type_ignores=[]))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
    ]
    return sorted(p.path for p in loaded_by_name(call, program, found.graph))


def test_a_module_named_under_a_written_out_package_may_be_any_one_below_it() -> None:
    # ``import_module(f"envs.{name}")``: a game's package, or a module, one name below envs;
    # not envs itself, nor what lies deeper (each package's own config.py).
    files = {
        "envs/__init__.py": LOADER,
        "envs/connect4/__init__.py": "from .config import training_config\n",
        "envs/connect4/config.py": "training_config = {'lr': 1e-3}\n",
        "envs/tictactoe.py": "ROWS = 3\n",
        "other/connect4.py": "ROWS = 6\n",
    }
    assert _loaded(files) == ["envs/connect4/__init__.py", "envs/tictactoe.py"]
    # A name with nothing written out, or a tail after the formatted part, names no package.
    for call in ("importlib.import_module(name)", "importlib.import_module(f'{name}.env')"):
        unknown = {
            **files,
            "envs/__init__.py": LOADER.replace("importlib.import_module(f'envs.{name}')", call),
        }
        assert _loaded(unknown) == [], call
    # Joined with "+", as older code writes it.
    plus = {**files, "envs/__init__.py": LOADER.replace("f'envs.{name}'", "'envs.' + name")}
    assert _loaded(plus) == ["envs/connect4/__init__.py", "envs/tictactoe.py"]


def test_a_module_named_with_a_suffix_through_a_local_name_is_one_ending_so() -> None:
    # pix2pix and CycleGAN's ``model_filename = "models." + model_name + "_model"``, then
    # ``importlib.import_module(model_filename)``: each module below models ending in _model.
    finder = (
        "import importlib\n"
        "def load(name):\n"
        "    filename = 'envs.' + name + '_env'\n"
        "    return importlib.import_module(filename)\n"
    )
    files = {
        "envs/__init__.py": finder,
        "envs/grid_env.py": "ROWS = 3\n",
        "envs/maze_env.py": "ROWS = 9\n",
        "envs/base.py": "class Base: ...\n",
    }
    assert _loaded(files) == ["envs/grid_env.py", "envs/maze_env.py"]
    formatted = {
        **files,
        "envs/__init__.py": finder.replace("'envs.' + name + '_env'", "f'envs.{name}_env'"),
    }
    assert _loaded(formatted) == ["envs/grid_env.py", "envs/maze_env.py"]
    # A name bound to two different texts says nothing of which.
    twice = finder.replace(
        "    return", "    if name == 'x':\n        filename = 'other'\n    return"
    )
    assert _loaded({**files, "envs/__init__.py": twice}) == []
