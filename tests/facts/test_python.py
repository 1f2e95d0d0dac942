"""Notebook cells parsed as Python: IPython's own syntax blanked, Python kept as written."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

from repocheck.facts.collect import collect
from tests.fixtures import notebook
from tests.helpers import snapshot_from

FORMATTED = (
    "print(\n"
    '    "Sum = %4.0f hr %3.0f min"\n'
    "    % (\n"
    "        total // 3600,\n"
    "        total // 60,\n"
    "    )\n"
    ")\n"
)


def test_a_percent_operator_opening_a_continuation_line_is_not_a_magic() -> None:
    # black puts the % of a format on its own line; only a line that starts a statement can
    # be a magic, so the cell parses as the Python it is.
    snapshot = snapshot_from({"stats.ipynb": notebook("total = 7200", FORMATTED)})
    units = [unit for unit in snapshot.sources if unit.cell is not None]
    assert [unit.error for unit in units] == [None, None]
    assert units[1].source == FORMATTED
    # Magics and shell escapes that start a statement are still blanked, in the same cell too.
    mixed = notebook("%matplotlib inline\n!pip install x\n" + FORMATTED)
    unit = snapshot_from({"m.ipynb": mixed}).sources[0]
    assert unit.error is None
    assert unit.source.splitlines()[:2] == ["pass", "pass"]
    assert "    % (" in unit.source.splitlines()


def test_a_shell_escape_continued_with_a_backslash_is_blanked_whole() -> None:
    # IPython joins a line ending in "\" with the next before it reads the escape: the URL on
    # the second line is the command's argument, not an indented Python line.
    wget = (
        "!wget --no-check-certificate \\\n"
        "  https://example.org/mnist.zip \\\n"
        "  -O mnist.zip\n"
        "x = 1\n"
    )
    snapshot = snapshot_from({"get.ipynb": notebook(wget)})
    unit = snapshot.sources[0]
    assert unit.error is None
    assert unit.source.splitlines() == ["pass", "", "", "x = 1"]
    assert not snapshot.notes


def test_syntax_newer_than_the_running_python_is_no_syntax_error(tmp_path: Path) -> None:
    # Python 3.12 lets an f-string reuse its quotes; on an older interpreter ast cannot read
    # the file, but it is valid Python, as ruff (which reads newer syntax) confirms.
    # A backslash inside a replacement field has no spelling before 3.12.
    source = "xs = ['a']\nprint(f'{\"\\n\".join(xs)}')\n"
    (tmp_path / "train.py").write_text(source)
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    notes = collect(tmp_path).notes
    assert any(n.startswith("broken.py: syntax error at line 1") for n in notes), notes
    about = [n for n in notes if n.startswith("train.py")]
    if sys.version_info < (3, 12):
        assert about == [
            "train.py: not analyzed: written for a newer Python than the one repocheck runs"
            f" on ({sys.version_info.major}.{sys.version_info.minor}; line 2: f-string"
            " expression part cannot include a backslash)"
        ]
    else:
        assert about == []


def test_an_f_string_that_reuses_its_quotes_is_read_on_an_older_python() -> None:
    # Python 3.12 lets a replacement field hold a string in the f-string's own quotes. Before
    # 3.12 the other quote spells the same string: the module is read, with its draws, rather
    # than left out of every rule; the text (and so each evidence line) stays as written.
    source = (
        "import numpy as np\n"
        "opt = {'lr': 0.1}\n"
        "w = np.random.randn(3, 2)\n"
        "print(f'LR: {opt['lr']:.4f}, {f'{len(opt)!r:>{8}}'}')\n"
        'raise FileNotFoundError(f"Missing: {f"{len(w)}.npz"}")\n'
        "s = f'''{'a'} {\"b\"}''' + 'it\\'s'  # a quote kept apart\n"
    )
    snapshot = snapshot_from({"model.py": source})
    unit = snapshot.sources[0]
    assert unit.error is None
    assert unit.source == source
    assert not snapshot.notes
    assert unit.tree is not None
    calls = [n for n in ast.walk(unit.tree) if isinstance(n, ast.Call)]
    assert any(ast.unparse(c.func) == "np.random.randn" and c.lineno == 3 for c in calls)
    fields = [n for n in ast.walk(unit.tree) if isinstance(n, ast.Subscript)]
    assert [ast.unparse(n) for n in fields] == ["opt['lr']"]


def test_a_string_that_cannot_change_its_quotes_stays_a_syntax_error() -> None:
    # Both quotes already taken by the f-strings around it: no older spelling, no guess.
    source = "print(f'{f\"{f'{1}'}\"}')\n"
    unit = snapshot_from({"deep.py": source}).sources[0]
    assert (unit.error is None) == (sys.version_info >= (3, 12))


def test_a_package_install_without_its_percent_sign_is_a_magic() -> None:
    # IPython's automagic runs "pip install xgboost" as %pip: the cell is not a syntax error.
    cell = "pip install xgboost\nimport xgboost as xgb\n"
    unit = snapshot_from({"n.ipynb": notebook(cell)}).sources[0]
    assert unit.error is None
    assert unit.source.splitlines()[0] == "pass"
    for line in ("conda install -c conda-forge prophet", "pip install -q pmdarima==2.0.4"):
        assert snapshot_from({"n.ipynb": notebook(line)}).sources[0].error is None, line
    # In a module it is the syntax error it is; Python named pip is Python.
    assert snapshot_from({"m.py": cell}).sources[0].error is not None
    kept = "pip = 3\npip\n"
    assert snapshot_from({"n.ipynb": notebook(kept)}).sources[0].source == kept


def test_a_magic_inside_a_block_keeps_its_indentation() -> None:
    # Colab's set-up cell: "%cd" and "!ls" under an else are the block's statements.
    cell = (
        "import os\n"
        "if not os.path.exists(project_dir):\n    print('missing')\n"
        "else:\n    %cd {project_dir}\n    !ls -la\n"
    )
    unit = snapshot_from({"n.ipynb": notebook(cell)}).sources[0]
    assert unit.error is None, unit.error
    assert unit.source.splitlines()[4] == "    pass"


def test_an_nbformat_3_notebook_is_read_through_its_worksheets(tmp_path: Path) -> None:
    # Notebooks saved before 2015 keep their cells in worksheets, a code cell's text under
    # "input" and its count under "prompt_number"; read as cells, not as "no cells".
    old = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {"name": ""},
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "heading", "level": 1, "source": ["Training"]},
                    {
                        "cell_type": "code",
                        "language": "python",
                        "input": ["import numpy as np\n", "x = np.zeros(3)"],
                        "prompt_number": 4,
                        "outputs": [{"output_type": "stream", "text": ["ok"]}],
                    },
                ]
            },
            {"cells": [{"cell_type": "code", "input": "y = 2", "outputs": []}]},
        ],
    }
    snapshot = snapshot_from({"old.ipynb": json.dumps(old)})
    book = snapshot.notebooks["old.ipynb"]
    assert book.error is None
    assert [cell.cell_type for cell in book.cells] == ["markdown", "code", "code"]
    assert [cell.index for cell in book.cells] == [0, 1, 2]
    assert book.cells[1].source == "import numpy as np\nx = np.zeros(3)"
    assert book.cells[1].execution_count == 4
    assert book.cells[1].output_bytes > 0
    assert [unit.source for unit in snapshot.sources] == [
        "import numpy as np\nx = np.zeros(3)",
        "y = 2",
    ]
    # ruff reads version 4 only: its schema error is no lint finding, and the note says so.
    (tmp_path / "old.ipynb").write_text(json.dumps(old))
    (tmp_path / "new.py").write_text("import os\n")
    collected = collect(tmp_path)
    assert [d.path for d in collected.lint.diagnostics] == ["new.py"]
    assert collected.lint.lines_checked == 2
    assert collected.formatting.lines_checked == 2
    assert any("nbformat 3" in note and "old.ipynb" in note for note in collected.notes)


def test_a_notebook_in_another_language_is_not_read_as_python(tmp_path: Path) -> None:
    # An R notebook (IRkernel) is no Python with syntax errors: its cells are kept as cells
    # (execution order still means something) but not parsed, linted or counted as Python.
    r_notebook = json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "execution_count": 1,
                    "metadata": {},
                    "outputs": [],
                    "source": "library(ggplot2)\nmodel <- lm(y ~ x, data=df)\n",
                }
            ],
            "metadata": {"kernelspec": {"language": "R", "name": "ir", "display_name": "R"}},
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )
    (tmp_path / "analysis.ipynb").write_text(r_notebook)
    (tmp_path / "train.py").write_text("import os\n")
    collected = collect(tmp_path)
    book = collected.notebooks["analysis.ipynb"]
    assert book.language == "R" and len(book.code_cells) == 1 and book.python_cells == ()
    assert [unit.path for unit in collected.sources] == ["train.py"]
    assert not any("syntax error" in note for note in collected.notes)
    assert any(note.startswith("analysis.ipynb: a notebook in R:") for note in collected.notes)
    assert collected.lint.files_checked == 1


def test_a_cell_whose_first_line_is_indented_is_read_as_ipython_runs_it() -> None:
    # IPython removes the first line's indentation from every line of a cell that starts
    # indented (" train_data.head() " runs); line numbers stay as written.
    cells = ("x = 1\n", " x\n", "\n  if x:\n      print(x)\n  y = 2\n", "  a = 1\n b = 2\n")
    snapshot = snapshot_from({"eda.ipynb": notebook(*cells)})
    units = {unit.cell: unit for unit in snapshot.sources}
    assert units[1].error is None and units[2].error is None
    assert units[2].source.splitlines()[1:] == ["if x:", "    print(x)", "y = 2"]
    assert not [note for note in snapshot.notes if "eda.ipynb" in note]
    # A line indented less than the first is still an error, as IPython finds it.
    assert units[3].error is not None


def test_a_cell_timed_with_a_cell_magic_is_read_as_the_python_it_runs() -> None:
    # %%time, %%timeit and %%capture run their body as Python in the kernel (a fine-tuning
    # loop timed with %%time, pass 313); the magic's line is blanked, the lines are kept.
    for magic in ("%%time", "%%timeit -n 1", "%%capture out"):
        cell = f"{magic}\nfor epoch in range(EPOCHS):\n    loss.backward()\n"
        unit = snapshot_from({"n.ipynb": notebook(cell)}).sources[0]
        assert unit.cell is not None and unit.error is None, magic
        assert unit.source.splitlines() == ["pass", *cell.splitlines()[1:]], magic
    # Other cell magics hold another language: the cell is still not Python.
    for other in ("%%bash\nls -la | grep data\n", "%%writefile app.py\nimport os\n"):
        assert not snapshot_from({"n.ipynb": notebook(other)}).sources, other


def test_a_cell_magic_below_colab_form_lines_still_opens_the_cell() -> None:
    # Colab lets a cell's form lines (#@title, #@markdown) stand above its cell magic: the
    # Cython below them is not a Python syntax error (a held-out pass's notebook, pass 476).
    cython = "#@title Modularizations\n%%cython\ncimport numpy as np\ncdef int n = 3\n"
    snapshot = snapshot_from({"n.ipynb": notebook(cython, "x = 1\n")})
    assert [unit.source for unit in snapshot.sources] == ["x = 1\n"]
    assert not any("syntax error" in note for note in snapshot.notes)
    timed = "# @title Train\n%%time\nfor epoch in range(3):\n    loss.backward()\n"
    unit = snapshot_from({"n.ipynb": notebook(timed)}).sources[0]
    assert unit.error is None and unit.source.splitlines()[:2] == ["# @title Train", "pass"]
    # A plain comment above a cell magic is no form line: IPython reads the cell as Python.
    plain = "# build the extension\n%%cython\ncimport numpy as np\n"
    assert snapshot_from({"n.ipynb": notebook(plain)}).sources[0].error is not None


COLAB_EXPORT = (
    "# Install h5py\n"
    "!pip install -q h5py pyyaml\n"
    '"""Fashion-MNIST.\n'
    "% of the images are shirts\n"
    '"""\n'
    "import numpy as np\n"
    "if not np.__version__:\n"
    "    %cd /content\n"
    "x = np.zeros(3)\n"
)


def test_a_notebook_saved_as_a_script_is_read_with_its_ipython_lines_set_aside(
    tmp_path: Path,
) -> None:
    # Colab's "Download .py" keeps "!pip install" as written: Python cannot run the file, but
    # it is the project's code, read as its notebook would be. The error stays (the note says
    # why the file is not Python); the tree is there for the analyses.
    snapshot = snapshot_from({"train.py": COLAB_EXPORT})
    unit = snapshot.sources[0]
    assert unit.tree is not None
    assert unit.error is not None and unit.error.startswith("syntax error at line 2")
    assert "IPython" in unit.error and "set aside" in unit.error
    assert unit.source == COLAB_EXPORT  # the file's text, as evidence quotes it
    passes = [node.lineno for node in ast.walk(unit.tree) if isinstance(node, ast.Pass)]
    assert sorted(passes) == [2, 8]
    # A line of a string that happens to start with "%" is the string's, not a magic.
    strings = [node.value for node in ast.walk(unit.tree) if isinstance(node, ast.Constant)]
    assert "Fashion-MNIST.\n% of the images are shirts\n" in strings
    (tmp_path / "train.py").write_text(COLAB_EXPORT)
    notes = [note for note in collect(tmp_path).notes if note.startswith("train.py")]
    assert notes == [
        "train.py: syntax error at line 2: invalid syntax (IPython syntax, read with its"
        " IPython lines set aside)"
    ]


def test_a_test_module_with_ipython_lines_stays_unparsed() -> None:
    # pytest cannot collect it: its tests do not run, so they are not read as tests that do.
    unit = snapshot_from({"tests/test_x.py": "!pip install x\ndef test_x():\n    assert 1\n"})
    assert unit.sources[0].tree is None


def test_a_script_whose_error_is_not_an_ipython_line_stays_unparsed() -> None:
    unit = snapshot_from({"a.py": "!pip install x\nx = (\n"}).sources[0]
    assert unit.tree is None and unit.error is not None


def test_a_shell_commands_output_taken_into_a_name_keeps_the_name() -> None:
    # Colab's GPU check: `gpu_info = !nvidia-smi`, then `gpu_info = '\n'.join(gpu_info)`.
    cell = "gpu_info = !nvidia-smi\ngpu_info = '\\n'.join(gpu_info)\nprint(gpu_info)\n"
    unit = snapshot_from({"n.ipynb": notebook(cell)}).sources[0]
    assert unit.error is None, unit.error
    assert unit.source.splitlines()[0] == "gpu_info = None"
    # The same line in a Colab export is read as its cell is.
    script = snapshot_from({"train.py": cell}).sources[0]
    assert script.tree is not None and script.error is not None
    # A comparison is Python, and stays as written.
    kept = "flag = x != y\n"
    assert snapshot_from({"n.ipynb": notebook(kept)}).sources[0].source == kept
