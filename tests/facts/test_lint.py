from __future__ import annotations

import importlib.metadata
import json
import threading
import time
from pathlib import Path

import pytest

from repocheck.facts.collect import collect
from repocheck.facts.lint import (
    SELECTION,
    LintError,
    LintStopped,
    changed_lines,
    collect_format,
    collect_lint,
    language_named,
    ruff_version,
)
from repocheck.facts.python_target import PythonTarget
from repocheck.facts.ruff_config import RuffSettings, read_settings


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
    lint = collect_lint(tmp_path, files, 3, None)
    assert lint.selection == SELECTION and lint.files_checked == 2 and lint.lines_checked == 3
    found = {(d.path, d.line, d.code) for d in lint.diagnostics}
    assert ("pkg/data.py", 2, "F401") in found
    assert all(d.cell is None for d in lint.diagnostics)
    assert lint.own_config_count is None


def test_a_notebook_diagnostic_carries_its_cell(tmp_path: Path) -> None:
    text = notebook(
        ("markdown", "# Explore"), ("code", "x = 1\n"), ("code", "y = 2\nz = undefined\n")
    )
    lint = collect_lint(tmp_path, write(tmp_path, {"nb/explore.ipynb": text}), 3, None)
    (finding,) = [d for d in lint.diagnostics if d.code == "F821"]
    # The cell is the 0-based index among all cells (markdown included), as SourceUnit.cell is.
    assert (finding.path, finding.cell, finding.line) == ("nb/explore.ipynb", 2, 2)


def test_a_file_named_like_an_option_is_a_path(tmp_path: Path) -> None:
    files = write(tmp_path, {"-rf.py": "import os\n"})
    lint = collect_lint(tmp_path, files, 1, None)
    assert [(d.path, d.code) for d in lint.diagnostics] == [("-rf.py", "F401")]
    assert (tmp_path / "-rf.py").is_file()
    assert collect_format(tmp_path, files).would_reformat == ()


def test_a_web_frameworks_parameter_markers_are_no_call_in_a_default(tmp_path: Path) -> None:
    # FastAPI and Typer read File(...), Depends(dep), typer.Option(...) in a signature as what
    # the parameter is; evaluated once, they are its declaration, not shared mutable state.
    api = (
        "import time\n\nimport fastapi\nimport typer\n"
        "from fastapi import Depends, File, UploadFile\n\n\n"
        "def dep():\n    return 1\n\n\n"
        "def predict(file: UploadFile = File(...), d=Depends(dep), f=fastapi.Form(...)):\n"
        "    return file, d, f\n\n\n"
        "def cli(name: str = typer.Option('x'), arg: str = typer.Argument(...)):\n"
        "    return name, arg\n\n\n"
        "def stamp(at=time.time()):\n    return at\n"
    )
    lint = collect_lint(tmp_path, write(tmp_path, {"api.py": api}), 16, None)
    assert [(d.line, d.code) for d in lint.diagnostics] == [(20, "B008")]


def test_gradios_progress_tracker_in_a_default_is_no_call_in_a_default(tmp_path: Path) -> None:
    # Gradio finds a parameter whose default is gr.Progress() and hands the event its own
    # tracker: the default is how the documentation says to ask for one. Another call in a
    # default of the same app is still reported.
    app = (
        "import time\n\nimport gradio as gr\n\n\n"
        "def run(url, status=gr.Progress(track_tqdm=True)):\n    return url, status\n\n\n"
        "def stamp(at=time.time()):\n    return at\n"
    )
    lint = collect_lint(tmp_path, write(tmp_path, {"ui.py": app}), 11, None)
    assert [(d.line, d.code) for d in lint.diagnostics] == [(10, "B008")]


def test_a_torch_device_in_a_default_is_no_shared_state(tmp_path: Path) -> None:
    # torch.device("cpu") is immutable, like a tuple: built once in a signature, nothing can
    # change it between calls. A tensor built there is shared state, and still reported.
    source = (
        "import torch\n\n\n"
        "def load(path, device=torch.device('cpu')):\n    return torch.load(path, device)\n\n\n"
        "def pad(x, value=torch.zeros(1)):\n    return x + value\n"
    )
    lint = collect_lint(tmp_path, write(tmp_path, {"model.py": source}), 9, None)
    assert [(d.line, d.code) for d in lint.diagnostics] == [(8, "B008")]


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
    settings = read_settings({"pyproject.toml": pyproject})
    lint = collect_lint(tmp_path, ["train.py"], 3, settings)
    # The fixed selection ignores the repo's config: only the unused import, not the long lines.
    assert [d.code for d in lint.diagnostics] == ["F401"]
    assert lint.own_config_count == 2 and lint.own_config_error is None
    assert files == ["pyproject.toml", "train.py"]


def test_ruff_toml_counts_as_own_config_and_a_bare_pyproject_does_not(tmp_path: Path) -> None:
    bare = '[project]\nname = "x"\n'
    write(tmp_path, {"pyproject.toml": bare, "train.py": "import os\n"})
    assert read_settings({"pyproject.toml": bare}).own is None
    assert collect_lint(tmp_path, ["train.py"], 1, None).own_config_count is None
    with_ruff = read_settings({"pyproject.toml": bare, "ruff.toml": "line-length = 100\n"})
    assert with_ruff.own is not None and with_ruff.source == "ruff.toml"


def test_own_config_pinned_to_another_ruff_is_still_counted(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": "import os\n"})
    settings = read_settings({"ruff.toml": 'required-version = "~=0.16.2"\n'})
    assert collect_lint(tmp_path, ["train.py"], 1, settings).own_config_count == 1


def test_own_config_that_ruff_refuses_is_an_error_not_a_count(tmp_path: Path) -> None:
    write(tmp_path, {"train.py": "import os\n"})
    settings = read_settings({"ruff.toml": '[lint]\nselect = ["NOPE999"]\n'})
    lint = collect_lint(tmp_path, ["train.py"], 1, settings)
    assert lint.own_config_count is None
    assert lint.own_config_error and "NOPE999" in lint.own_config_error
    assert [d.code for d in lint.diagnostics] == ["F401"]


def test_format_check_honours_the_repos_own_line_length(tmp_path: Path) -> None:
    long_call = "result = some_function(argument_one, argument_two, argument_three, arg_4)\n"
    write(tmp_path, {"a.py": long_call})
    narrow = read_settings({"pyproject.toml": "[tool.ruff]\nline-length = 60\n"})
    assert collect_format(tmp_path, ["a.py"], narrow).would_reformat == ("a.py",)
    wide = read_settings({"pyproject.toml": "[tool.ruff]\nline-length = 100\n"})
    assert collect_format(tmp_path, ["a.py"], wide).would_reformat == ()


def test_format_check_follows_a_black_configuration(tmp_path: Path) -> None:
    call = "result = some_function(" + ", ".join(f"argument_{i}" for i in range(6)) + ")"
    write(tmp_path, {"a.py": f"x = {{'a': 1}}\n{call}\n"})  # 94 characters: over 88, not 100
    # With ruff's defaults: the quotes, and the call split over three lines.
    assert collect_format(tmp_path, ["a.py"]).changed_lines == {"a.py": 4}
    black = "[tool.black]\nline-length = 100\nskip-string-normalization = true\n"
    settings = read_settings({"pyproject.toml": black})
    assert collect_format(tmp_path, ["a.py"], settings).would_reformat == ()


def test_format_counts_the_lines_it_would_change(tmp_path: Path) -> None:
    source = "import os\ndef f():\n    return os.sep\nx=1\n"
    text = notebook(("code", "x=1\n"), ("markdown", "# hi"), ("code", "y = 2"))
    files = write(tmp_path, {"a.py": source, "nb.ipynb": text, "ok.py": "x = 1\n"})
    formatting = collect_format(tmp_path, files)
    # a.py: two blank lines added before the def, then "x=1" becomes two blank lines and
    # "x = 1" (a run of 1 removed and 3 added lines counts 3).
    assert formatting.changed_lines == {"a.py": 5, "nb.ipynb": 1}
    assert formatting.would_reformat == ("a.py", "nb.ipynb")


def test_a_removed_line_that_looks_like_a_header_stays_in_its_hunk() -> None:
    diff = "--- a.py\n+++ a.py\n@@ -1,2 +1,2 @@\n--- x\n-+++ y\n+z\n+w\n"
    assert changed_lines(diff, "/nowhere") == {"a.py": 2}


def test_a_format_run_ruff_refuses_is_an_error_never_clean(tmp_path: Path) -> None:
    write(tmp_path, {"a.py": "x=1\n"})
    refused = RuffSettings(formatter={"format.quote-style": "sideways"})
    # Settings ruff refuses are dropped for its defaults, with a note...
    formatting = collect_format(tmp_path, ["a.py"], refused)
    assert formatting.would_reformat == ("a.py",) and formatting.note
    # ...and a run that cannot work at all is an error, not "nothing to change".
    with pytest.raises(LintError):
        collect_format(tmp_path, ["a.py"], RuffSettings(target=PythonTarget((3, 99), "test")))


def test_a_stopped_format_run_ends_at_once_and_is_not_retried(tmp_path: Path) -> None:
    # ruff format spends seconds on this before it overflows its stack; the settings would be
    # retried with ruff's defaults after a failure, never after a stop.
    files = write(tmp_path, {"chain.py": "x = a" + ".b" * 100_000 + "\n"})
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    started = time.monotonic()
    with pytest.raises(LintStopped):
        collect_format(
            tmp_path, files, RuffSettings(formatter={"format.quote-style": "single"}), stop
        )
    assert time.monotonic() - started < 2
    stop.set()
    with pytest.raises(LintStopped):
        collect_lint(tmp_path, files, 1, None, stop)


def test_a_file_that_does_not_parse_is_left_to_the_parser_note(tmp_path: Path) -> None:
    files = write(tmp_path, {"bad.py": "x = (1,\n", "ugly.py": "x=1\n"})
    assert collect_format(tmp_path, files).would_reformat == ("ugly.py",)


def test_a_broken_notebook_does_not_sink_the_format_check(tmp_path: Path) -> None:
    files = write(tmp_path, {"broken.ipynb": '{"cells": [', "ugly.py": "x=1\n"})
    assert collect_format(tmp_path, files).would_reformat == ("ugly.py",)


def test_a_notebook_cell_ruff_cannot_parse_is_left_out_not_fatal(tmp_path: Path) -> None:
    # ruff names a notebook's position cell:line:column; the module beside it is still checked.
    sql = notebook(("code", "%bq query\nSELECT a, b FROM t\n"), ("code", "z=3\n"))
    files = write(tmp_path, {"query.ipynb": sql, "ugly.py": "x=1\n", "clean.py": "y = 2\n"})
    formatting = collect_format(tmp_path, files)
    assert formatting.would_reformat == ("ugly.py",)
    assert formatting.unreadable == ("query.ipynb",) and formatting.files_checked == 2


def test_the_recorded_ruff_version_is_the_installed_one(tmp_path: Path) -> None:
    files = write(tmp_path, {"a.py": "x = 1\n"})
    lint = collect_lint(tmp_path, files, 0, RuffSettings())
    assert lint.ruff_version == ruff_version() == importlib.metadata.version("ruff")


def _colab_notebook(source: str) -> str:
    """A notebook as Colab saved it for years: a kernelspec that names no language, and no
    ``language_info``. ruff reads such a notebook as not Python and says nothing of it."""
    document = json.loads(notebook(("code", source)))
    document["metadata"] = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    return json.dumps(document)


def test_a_notebook_whose_kernel_names_no_language_is_linted_as_python(tmp_path: Path) -> None:
    files = write(
        tmp_path,
        {"train.ipynb": _colab_notebook("import os\nfor i in range(3):\n  x=( 1,i )\n")},
    )
    named = language_named({path: (tmp_path / path).read_text() for path in files}, files)
    lint = collect_lint(tmp_path, files, 3, None, named=named)
    assert [(d.path, d.code, d.cell) for d in lint.diagnostics] == [("train.ipynb", "F401", 0)]
    formatting = collect_format(tmp_path, files, named=named)
    assert formatting.would_reformat == ("train.ipynb",)
    assert formatting.changed_lines["train.ipynb"] >= 1
    # The repository is left as it was.
    assert json.loads((tmp_path / "train.ipynb").read_text())["metadata"].keys() == {"kernelspec"}
    # Collecting the facts names the language from the text it read, once for both runs.
    snapshot = collect(tmp_path)
    assert snapshot.lint_result is not None and snapshot.format_result is not None
    assert [(d.path, d.code) for d in snapshot.lint_result.diagnostics] == [("train.ipynb", "F401")]
    assert snapshot.format_result.would_reformat == ("train.ipynb",)
