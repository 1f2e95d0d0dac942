"""What an entry point imports by a name made at run time."""

from __future__ import annotations

import ast

from repocheck.analysis.entrypoints import project
from repocheck.analysis.run_time_picks import loaded_by_name
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


def test_a_package_imported_by_name_to_see_it_is_installed_picks_nothing() -> None:
    # ``try: __import__(name)`` / ``except ImportError``, its module thrown away: a check
    # that a package is installed, not a choice of what the program runs.
    from repocheck.analysis.run_time_picks import run_time_picks

    check = (
        "import sys\n\n\ndef installed(name):\n    try:\n        __import__(name)\n"
        "        return True\n    except ImportError:\n        return False\n\n\n"
        "if __name__ == '__main__':\n    print(installed(sys.argv[1]))\n"
    )
    assert run_time_picks(snapshot_from({"check_env.py": check})) == ()
    # A module kept, or imported outside such a try, is still picked by name.
    kept = check.replace("        __import__(name)\n", "        module = __import__(name)\n")
    kept = kept.replace("return True", "return module.run()")
    assert len(run_time_picks(snapshot_from({"check_env.py": kept}))) == 1
    bare = check.replace("ImportError", "ValueError")
    assert len(run_time_picks(snapshot_from({"check_env.py": bare}))) == 1
