from __future__ import annotations

import json
from pathlib import Path

from repocheck.facts.lint import SELECTION, collect_format, collect_lint, has_own_config


def write(root: Path, files: dict[str, str]) -> list[str]:
    """Write ``files`` under ``root`` and return their relative paths, sorted."""
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return sorted(files)


def notebook(*cells: tuple[str, str]) -> str:
    """An nbformat 4 notebook of (cell_type, source) cells."""
    raw = [
        {"cell_type": kind, "metadata": {}, "source": source}
        | ({"execution_count": None, "outputs": []} if kind == "code" else {})
        for kind, source in cells
    ]
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return json.dumps({"cells": raw, "metadata": meta, "nbformat": 4, "nbformat_minor": 5})


def test_diagnostics_have_paths_relative_to_the_root_and_lines(tmp_path: Path) -> None:
    files = write(tmp_path, {"pkg/data.py": "x = 1\nimport os\n", "clean.py": "x = 1\n"})
    lint = collect_lint(tmp_path, files, 3, own_config=False)
    assert lint.selection == SELECTION and lint.files_checked == 2 and lint.lines_checked == 3
    found = {(d.path, d.line, d.code) for d in lint.diagnostics}
    assert ("pkg/data.py", 2, "F401") in found
    assert all(d.cell is None for d in lint.diagnostics)
    assert lint.own_config_count is None


def test_a_notebook_diagnostic_carries_its_cell(tmp_path: Path) -> None:
    text = notebook(
        ("markdown", "# Explore"), ("code", "x = 1\n"), ("code", "y = 2\nz = undefined\n")
    )
    lint = collect_lint(tmp_path, write(tmp_path, {"nb/explore.ipynb": text}), 3, own_config=False)
    (finding,) = [d for d in lint.diagnostics if d.code == "F821"]
    # The cell is the 0-based index among all cells (markdown included), as SourceUnit.cell is.
    assert (finding.path, finding.cell, finding.line) == ("nb/explore.ipynb", 2, 2)


def test_a_file_named_like_an_option_is_a_path(tmp_path: Path) -> None:
    files = write(tmp_path, {"-rf.py": "import os\n"})
    lint = collect_lint(tmp_path, files, 1, own_config=False)
    assert [(d.path, d.code) for d in lint.diagnostics] == [("-rf.py", "F401")]
    assert (tmp_path / "-rf.py").is_file()
    assert collect_format(tmp_path, files).would_reformat == ()


def test_format_check_lists_the_badly_formatted_file(tmp_path: Path) -> None:
    files = write(tmp_path, {"src/ugly.py": "x=( 1,2 )\n", "src/neat.py": "x = (1, 2)\n"})
    formatting = collect_format(tmp_path, files)
    assert formatting.files_checked == 2
    assert formatting.would_reformat == ("src/ugly.py",)


def test_format_check_of_nothing_runs_nothing(tmp_path: Path) -> None:
    formatting = collect_format(tmp_path, [])
    assert formatting.files_checked == 0 and formatting.would_reformat == ()


def test_own_config_is_counted_when_the_repo_configures_ruff(tmp_path: Path) -> None:
    pyproject = '[tool.ruff]\nline-length = 20\n\n[tool.ruff.lint]\nselect = ["E501"]\n'
    source = "import os\nfirst_long_name = 'aaaaaaaaaa'\nsecond_long_name = 'bbbbbbbbbb'\n"
    files = write(tmp_path, {"pyproject.toml": pyproject, "train.py": source})
    assert has_own_config(tmp_path, pyproject)
    lint = collect_lint(tmp_path, ["train.py"], 3, own_config=True)
    # The fixed selection ignores the repo's config: only the unused import, not the long lines.
    assert [d.code for d in lint.diagnostics] == ["F401"]
    assert lint.own_config_count == 2
    assert files == ["pyproject.toml", "train.py"]


def test_ruff_toml_counts_as_own_config_and_a_bare_pyproject_does_not(tmp_path: Path) -> None:
    bare = '[project]\nname = "x"\n'
    write(tmp_path, {"pyproject.toml": bare, "train.py": "import os\n"})
    assert not has_own_config(tmp_path, bare)
    assert not has_own_config(tmp_path, None)
    assert collect_lint(tmp_path, ["train.py"], 1, own_config=False).own_config_count is None
    write(tmp_path, {"ruff.toml": "line-length = 100\n"})
    assert has_own_config(tmp_path, bare)


def test_format_check_honours_the_repos_own_line_length(tmp_path: Path) -> None:
    long_call = "result = some_function(argument_one, argument_two, argument_three, arg_4)\n"
    write(tmp_path, {"pyproject.toml": "[tool.ruff]\nline-length = 60\n", "a.py": long_call})
    assert collect_format(tmp_path, ["a.py"]).would_reformat == ("a.py",)
    (tmp_path / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    assert collect_format(tmp_path, ["a.py"]).would_reformat == ()
