"""Notebook cells parsed as Python: IPython's own syntax blanked, Python kept as written."""

from __future__ import annotations

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
