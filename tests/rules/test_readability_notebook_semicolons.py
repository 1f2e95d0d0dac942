"""READ001: in a notebook cell, ``plt.xlabel("epoch"); plt.ylabel("loss")`` (E702) is how a
plot is labelled in one line, a notebook idiom like imports below a cell's setup line; in a
script the same semicolon still counts. An unused import in the notebook still counts."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures import notebook
from tests.rules.test_readability import read001_of

PLOT = 'import os\nimport matplotlib.pyplot as plt\n\nplt.xlabel("epoch"); plt.ylabel("loss")\n'


def test_read001_semicolons_in_a_notebook_cell_are_a_matter_of_style(tmp_path: Path) -> None:
    result = read001_of(tmp_path, {"plots.ipynb": notebook(PLOT)})
    assert [(e.path, e.snippet[:4]) for e in result.evidence] == [("plots.ipynb", "F401")]
    assert result.metrics["set_aside"] == 1


def test_read001_semicolons_in_a_script_still_count(tmp_path: Path) -> None:
    result = read001_of(tmp_path, {"plots.py": PLOT})
    assert sorted(e.snippet[:4] for e in result.evidence) == ["E702", "F401"]


def test_read001_a_semicolon_ending_a_line_in_a_notebook_cell_is_a_matter_of_style(
    tmp_path: Path,
) -> None:
    # ``sns.histplot(df["churn"]);`` hides the returned object's text under the plot on a
    # cell's last line, and learners write it on every plotting line: habit, not a defect.
    cell = 'import os\nimport matplotlib.pyplot as plt\n\nplt.hist([1, 2]);\nplt.title("x");\n'
    result = read001_of(tmp_path, {"plots.ipynb": notebook(cell)})
    assert [(e.path, e.snippet[:4]) for e in result.evidence] == [("plots.ipynb", "F401")]
    result = read001_of(tmp_path / "script", {"plots.py": cell})
    assert sorted(e.snippet[:4] for e in result.evidence) == ["E703", "E703", "F401"]
