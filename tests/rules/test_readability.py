from __future__ import annotations

from repocheck.facts.snapshot import Formatting, Lint, LintDiagnostic
from repocheck.model import Status
from tests.helpers import check, snapshot_from


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


def test_read002_counts_each_method_once() -> None:
    method = branchy("step", 12).replace("\n", "\n    ")
    source = f'class Trainer:\n    """Train."""\n\n    {method}\n' + simple("helper")
    result = check("READ002", snapshot_from({"src/train.py": source}))
    assert result.metrics["functions"] == 2 and result.metrics["over_10"] == 1
    assert [e.snippet for e in result.evidence] == ["Trainer.step: complexity 13"]


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
