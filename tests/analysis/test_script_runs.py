"""Which project script a call runs as a program."""

from __future__ import annotations

import ast

from repocheck.analysis.script_runs import script_run

PATHS = frozenset({"src/train.py", "pkg/train/__main__.py", "tools/run.sh"})


def _run(source: str, resolved: str = "subprocess.run") -> str | None:
    call = ast.parse(source).body[0].value  # type: ignore[attr-defined]
    assert isinstance(call, ast.Call)
    return script_run(call, resolved, PATHS)


def test_a_list_a_split_string_and_a_module_name_each_name_the_script() -> None:
    assert _run('run(["python", "./src/train.py", "--steps", "2"])') == "src/train.py"
    assert _run('run("python src/train.py --steps 2".split())') == "src/train.py"
    assert _run('system("python -m pkg.train --steps 2")', "os.system") == "pkg/train/__main__.py"


def test_other_calls_and_files_outside_the_project_name_none() -> None:
    assert _run('run(["python", "src/train.py"])', "builtins.print") is None
    assert _run('run(["python", "other/train.py"])') is None
    assert _run('run(["bash", "tools/run.sh"])') is None
    assert _run("run(command)") is None
