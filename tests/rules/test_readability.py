from __future__ import annotations

import json

from repocheck.facts.snapshot import Formatting, Lint, LintDiagnostic
from repocheck.model import Status
from tests.helpers import check, snapshot_from


def notebook(*cells: str) -> str:
    """An nbformat 4 notebook whose cells are code cells with the given sources."""
    raw = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
        for s in cells
    ]
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def lint_of(diagnostics: list[LintDiagnostic], lines: int, own: int | None = None) -> Lint:
    """A Lint fact as one ruff run over ``lines`` lines would leave it."""
    return Lint("E4,E7,E9,F,B,PLE,UP,SIM", "0.17.6", tuple(diagnostics), 3, lines, own)


def diag(code: str, path: str = "train.py", line: int = 1) -> LintDiagnostic:
    """One ruff diagnostic with a placeholder message."""
    return LintDiagnostic(path, line, code, f"message of {code}")


def branchy(name: str, branches: int) -> str:
    """A documented function whose cyclomatic complexity is ``branches + 1``."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(branches))
    return f'def {name}(x):\n    """Doc."""\n{body}    return -1\n'


def simple(name: str) -> str:
    """A documented function of complexity 1."""
    return f'def {name}(x):\n    """Doc."""\n    return x\n'


# READ001 ------------------------------------------------------------------------------------


def test_read001_passes_with_few_findings_and_points_at_them() -> None:
    lint = lint_of([diag("F401", "pkg/data.py", 3)], lines=1000)
    result = check("READ001", snapshot_from({"pkg/data.py": "x = 1\n"}, lint=lint))
    assert result.status is Status.PASS
    assert result.metrics["findings"] == 1 and result.metrics["density"] == 1.0
    assert (result.evidence[0].path, result.evidence[0].line) == ("pkg/data.py", 3)
    assert result.evidence[0].snippet == "F401 message of F401"
    assert "repo's own config" not in result.message


def test_read001_fails_above_fifteen_per_thousand_most_frequent_code_first() -> None:
    diagnostics = [diag("B006", "a.py", 9)] + [diag("F401", "b.py", n) for n in range(1, 30)]
    result = check("READ001", snapshot_from({}, lint=lint_of(diagnostics, lines=1000)))
    assert result.status is Status.FAIL
    assert result.score == 0.0
    assert result.evidence[0].snippet.startswith("F401") and result.evidence[0].path == "b.py"
    assert len(result.evidence) == 20 and result.metrics["findings"] == 30
    assert result.metrics["top_codes"] == "F401 x29, B006 x1"


def test_read001_warns_between_five_and_fifteen_and_reports_own_config() -> None:
    diagnostics = [diag("E711", "a.py", n) for n in range(1, 11)]
    result = check("READ001", snapshot_from({}, lint=lint_of(diagnostics, lines=1000, own=42)))
    assert result.status is Status.WARN
    assert result.score == 0.6
    assert result.message == (
        "10 findings (10.0 per 1,000 lines) with repocheck's fixed selection; "
        "42 with the repo's own config"
    )
    assert result.metrics["own_config_findings"] == 42
    assert result.evidence[0].path == "a.py" and result.evidence[0].line == 1


def test_read001_exactly_five_per_thousand_still_passes() -> None:
    diagnostics = [diag("F841", "a.py", n) for n in range(1, 6)]
    result = check("READ001", snapshot_from({}, lint=lint_of(diagnostics, lines=1000)))
    assert result.status is Status.PASS
    assert result.score == 0.8


def test_read001_keeps_the_notebook_cell_of_a_finding() -> None:
    finding = LintDiagnostic("nb.ipynb", 2, "F401", "`os` imported but unused", cell=1)
    result = check("READ001", snapshot_from({}, lint=lint_of([finding], lines=100)))
    assert result.evidence[0].cell == 1 and result.evidence[0].line == 2
    assert result.evidence[0].location == "nb.ipynb:cell 2:2"


def test_read001_skips_without_python() -> None:
    lint = Lint("F", "0.17.6", (), 0, 0)
    result = check("READ001", snapshot_from({"README.md": "# hi\n"}, lint=lint))
    assert result.status is Status.SKIP


def test_read001_is_an_error_when_ruff_failed() -> None:
    result = check("READ001", snapshot_from({"train.py": "x = 1\n"}))
    assert result.status is Status.ERROR


# READ002 ------------------------------------------------------------------------------------


def test_read002_passes_with_simple_functions() -> None:
    result = check("READ002", snapshot_from({"src/model.py": simple("fit") + simple("predict")}))
    assert result.status is Status.PASS
    assert result.metrics["functions"] == 2 and result.metrics["over_10"] == 0
    assert result.evidence == ()


def test_read002_fails_and_points_at_the_complex_function() -> None:
    source = simple("load") + "\n\n" + branchy("preprocess", 12)
    result = check("READ002", snapshot_from({"src/data.py": source}))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "src/data.py" and result.evidence[0].line == 6
    assert result.evidence[0].snippet == "preprocess: complexity 13"
    assert result.metrics["worst"] == 13 and result.metrics["share"] == 0.5


def test_read002_warns_when_one_function_in_ten_is_complex() -> None:
    source = "\n\n".join([branchy("big", 11)] + [simple(f"f{i}") for i in range(9)])
    result = check("READ002", snapshot_from({"src/lib.py": source}))
    assert result.status is Status.WARN
    assert result.evidence[0].line == 1 and result.metrics["over_10"] == 1


def test_read002_ignores_tests_and_complexity_of_exactly_ten() -> None:
    files = {
        "src/lib.py": branchy("borderline", 9),  # complexity 10: not over the limit
        "tests/test_lib.py": branchy("test_everything", 20),
    }
    result = check("READ002", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["functions"] == 1 and result.metrics["worst"] == 10


def test_read002_skips_without_functions() -> None:
    result = check("READ002", snapshot_from({"run.py": "print('hi')\n"}))
    assert result.status is Status.SKIP


# READ003 ------------------------------------------------------------------------------------


def test_read003_passes_when_almost_everything_is_formatted() -> None:
    result = check("READ003", snapshot_from({}, formatting=Formatting(20, ("src/old.py",))))
    assert result.status is Status.PASS
    assert result.score == 0.95
    assert result.evidence[0].path == "src/old.py"


def test_read003_exactly_one_in_ten_still_passes() -> None:
    result = check("READ003", snapshot_from({}, formatting=Formatting(10, ("a.py",))))
    assert result.status is Status.PASS


def test_read003_warns_when_some_files_are_unformatted() -> None:
    result = check(
        "READ003", snapshot_from({}, formatting=Formatting(10, ("a.py", "b.py", "c.py")))
    )
    assert result.status is Status.WARN
    assert [e.path for e in result.evidence] == ["a.py", "b.py", "c.py"]
    assert result.metrics["would_reformat"] == 3


def test_read003_fails_when_most_files_are_unformatted() -> None:
    result = check("READ003", snapshot_from({}, formatting=Formatting(2, ("a.py", "nb.ipynb"))))
    assert result.status is Status.FAIL
    assert result.score == 0.0 and result.evidence[1].path == "nb.ipynb"


def test_read003_skips_without_files_and_errors_without_facts() -> None:
    assert check("READ003", snapshot_from({}, formatting=Formatting(0, ()))).status is Status.SKIP
    assert check("READ003", snapshot_from({})).status is Status.ERROR


# READ004 ------------------------------------------------------------------------------------


def test_read004_passes_when_public_api_is_documented() -> None:
    source = (
        'class Trainer:\n    """Train a model."""\n\n'
        '    def fit(self):\n        """Fit."""\n\n'
        'def main():\n    """Run."""\n'
    )
    result = check("READ004", snapshot_from({"src/train.py": source}))
    assert result.status is Status.PASS
    assert result.metrics == {"public": 3, "documented": 3, "share": 1.0}


def test_read004_fails_and_lists_the_largest_undocumented_first() -> None:
    source = (
        "def small():\n    return 1\n\n\n"
        "class Model:\n    def forward(self, x):\n        y = x + 1\n        return y\n"
    )
    result = check("READ004", snapshot_from({"src/model.py": source}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [
        ("src/model.py", 5),
        ("src/model.py", 6),
        ("src/model.py", 1),
    ]
    assert result.evidence[1].snippet == "def Model.forward (3 lines, no docstring)"


def test_read004_warns_when_a_third_is_documented() -> None:
    source = 'def a():\n    """A."""\n\n\ndef b():\n    pass\n\n\ndef c():\n    pass\n'
    result = check("READ004", snapshot_from({"lib.py": source}))
    assert result.status is Status.WARN
    assert result.metrics["documented"] == 1 and result.evidence[0].line == 5


def test_read004_leaves_out_private_dunder_stub_setter_main_test_and_notebook_code() -> None:
    source = (
        "from typing import overload\n\n"
        'def api():\n    """Documented."""\n\n'
        "def _helper():\n    pass\n\n"
        "@overload\ndef api2(x: int) -> int: ...\n\n"
        "class _Private:\n    def run(self):\n        pass\n\n"
        'class Box:\n    """Documented."""\n'
        "    def __init__(self):\n        pass\n"
        "    def __len__(self):\n        return 0\n"
        '    @property\n    def size(self):\n        """Documented."""\n'
        "    @size.setter\n    def size(self, value):\n        pass\n\n"
        'if __name__ == "__main__":\n    def cli():\n        pass\n'
    )
    files = {
        "src/lib.py": source,
        "src/_internal.py": "def exposed():\n    pass\n",
        "tests/test_lib.py": "def test_api():\n    pass\n",
        "explore.ipynb": notebook("def plot():\n    pass\n"),
    }
    result = check("READ004", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["public"] == 3 and result.evidence == ()


def test_read004_counts_definitions_under_a_top_level_try() -> None:
    source = (
        "try:\n    import torch\nexcept ImportError:\n    def to_device(x):\n        return x\n"
    )
    result = check("READ004", snapshot_from({"lib.py": source}))
    assert result.status is Status.FAIL
    assert result.evidence[0].line == 4


def test_read004_skips_without_public_definitions() -> None:
    result = check("READ004", snapshot_from({"run.py": "print('hi')\n"}))
    assert result.status is Status.SKIP


# READ005 ------------------------------------------------------------------------------------

NOTEBOOK_CODE = "\n".join(f"x{i} = {i}" for i in range(40))


def test_read005_skips_without_notebooks() -> None:
    result = check("READ005", snapshot_from({"train.py": "x = 1\n"}))
    assert result.status is Status.SKIP and result.message == "no notebooks"


def test_read005_fails_when_all_logic_is_in_notebooks() -> None:
    files = {"analysis.ipynb": notebook("%matplotlib inline", NOTEBOOK_CODE), "README.md": "# x\n"}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "analysis.ipynb"
    assert result.evidence[0].snippet == "40 code lines in notebook cells"
    assert result.metrics["notebook_lines"] == 40 and result.metrics["notebook_share"] == 1.0


def test_read005_passes_when_a_notebook_imports_a_local_module() -> None:
    files = {
        "src/data.py": "def load():\n    return 1\n",
        "explore.ipynb": notebook("import numpy as np", "x = 1\nfrom src.data import load"),
        "other.ipynb": notebook(NOTEBOOK_CODE),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.PASS
    first = result.evidence[0]
    assert (first.path, first.cell, first.line) == ("explore.ipynb", 1, 2)
    assert result.metrics["notebooks_importing_modules"] == 1


def test_read005_matches_a_module_imported_after_a_sys_path_change() -> None:
    files = {
        "src/utils.py": "class Scaler:\n    pass\n",
        "nb.ipynb": notebook("import sys\nsys.path.append('../src')\nfrom utils import Scaler"),
    }
    assert check("READ005", snapshot_from(files)).status is Status.PASS


def test_read005_passes_when_modules_hold_most_of_the_code() -> None:
    module = "\n".join(f"def f{i}():\n    return {i}" for i in range(30))
    files = {"src/lib.py": module, "demo.ipynb": notebook(NOTEBOOK_CODE)}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["module_lines"] == 60


def test_read005_warns_when_notebooks_dominate_but_modules_exist() -> None:
    files = {"src/lib.py": "def f():\n    return 1\n", "demo.ipynb": notebook(NOTEBOOK_CODE)}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.evidence[0].path == "demo.ipynb"


def test_read005_third_party_imports_and_tiny_notebooks_do_not_fail() -> None:
    files = {"numpy_demo.ipynb": notebook("import numpy as np\nx = np.zeros(3)")}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["notebooks_importing_modules"] == 0


def test_read005_ignores_notebooks_in_test_folders() -> None:
    files = {"tests/fixtures/nb.ipynb": notebook(NOTEBOOK_CODE), "lib.py": "x = 1\n"}
    assert check("READ005", snapshot_from(files)).status is Status.SKIP
