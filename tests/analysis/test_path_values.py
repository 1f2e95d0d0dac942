"""What a path expression evaluates to, read from the source alone."""

from __future__ import annotations

import ast

from repocheck.analysis.imports import programs
from repocheck.analysis.path_values import PathValues
from repocheck.model import Status
from tests.helpers import check, snapshot_from


def test_the_path_separator_constant_is_a_slash() -> None:
    # f'.{os.path.sep}history' is ./history on every system git ignores it for.
    code = (
        "import os\nfrom os import sep\n"
        "f(f'.{os.path.sep}history')\n"
        "f('out' + os.sep + 'model.pt')\n"
        "f(os.path.join('runs' + sep + 'a', 'b.pt'))\n"
    )
    program = next(iter(programs(snapshot_from({"main.py": code}))))
    calls = [c for c in program.units[0].of_type(ast.Call) if ast.unparse(c.func) == "f"]
    values = [PathValues(program, {}).values(call.args[0]) for call in calls]
    assert values == [["./history"], ["out/model.pt"], ["runs/a/b.pt"]]


def test_git003_a_folder_named_with_the_separator_constant_is_covered_by_its_pattern() -> None:
    code = (
        "import os, torch\n"
        "save_path = f'.{os.path.sep}history'\n"
        "torch.save(report, os.path.join(save_path, 'report.pkl'))\n"
    )
    files = {".gitignore": "__pycache__/\nhistory/\n", "main.py": code}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
