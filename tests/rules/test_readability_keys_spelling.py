"""READ001: ``key in d.keys()`` (SIM118) is a spelling, like ``True if ok else False``: it
reads as well as ``key in d`` and gives the same answer, so a dataset loader copying it into
every variant does not make a finding per copy. An unused import beside it still counts."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_readability import read001_of

LOADER = (
    "import os\n\n\n"
    "def pick(params, key):\n"
    "    if key in params.keys():\n"
    "        return params[key]\n"
    "    return None\n"
)


def test_read001_key_in_dict_keys_is_a_matter_of_style(tmp_path: Path) -> None:
    result = read001_of(tmp_path, {"dataset.py": LOADER})
    assert [(e.path, e.line, e.snippet[:4]) for e in result.evidence] == [("dataset.py", 1, "F401")]
    assert result.metrics["set_aside"] == 1
    assert "1 matters of style" in result.message
