"""READ001: ``cuda = True if torch.cuda.is_available() else False`` (SIM210) is a spelling,
like ``0 == x``: it reads as well as ``bool(...)`` and hides no defect, so copied into ten
scripts it does not make ten findings. An unused import beside it still counts."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_readability import read001_of

SCRIPT = "import os\nimport torch\n\ncuda = True if torch.cuda.is_available() else False\n"


def test_read001_true_if_else_false_is_a_matter_of_style(tmp_path: Path) -> None:
    result = read001_of(tmp_path, {"train.py": SCRIPT})
    assert [(e.path, e.line, e.snippet[:4]) for e in result.evidence] == [("train.py", 1, "F401")]
    assert result.metrics["set_aside"] == 1
    assert "1 matters of style" in result.message
