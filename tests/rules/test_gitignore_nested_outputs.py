"""GIT003 without a top-level .gitignore, on outputs a folder's own .gitignore keeps out.

DVC writes a .gitignore into each folder whose files it tracks (``data/.gitignore`` holding
``/clean_data.csv``): git reads it as it reads one at the top, so a script's
``df.to_csv('data/clean_data.csv')`` is no file the repository lacks a line for. The missing
top-level file is still reported for what it would keep out (committed bytecode).
"""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

WRITER = (
    "import pandas as pd\n"
    "df = pd.read_csv('data/raw.csv')\n"
    "df.to_csv('data/clean_data.csv', index=False)\n"
    "df.describe().to_csv('reports/summary.csv')\n"
)


def test_git003_an_output_a_nested_gitignore_keeps_out_is_not_listed() -> None:
    files = {
        "src/get_data.py": WRITER,
        "data/.gitignore": "/raw.csv\n/clean_data.csv\n",
        "reports/.gitignore": "/summary.csv\n",
        "src/__pycache__/get_data.cpython-39.pyc": b"\0" * 10,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.FAIL
    snippets = [e.snippet for e in result.evidence]
    assert "writes data/clean_data.csv" not in snippets
    assert "writes reports/summary.csv" not in snippets
    assert "files the code writes" not in result.message
    assert "src/__pycache__/get_data.cpython-39.pyc" in [e.path for e in result.evidence]


def test_git003_an_output_no_gitignore_keeps_out_is_still_listed() -> None:
    files = {
        "src/get_data.py": WRITER,
        "data/.gitignore": "/raw.csv\n/clean_data.csv\n",
    }
    result = check("GIT003", snapshot_from(files))
    snippets = [e.snippet for e in result.evidence]
    assert "writes data/clean_data.csv" not in snippets
    assert "writes reports/summary.csv" in snippets
    assert "files the code writes" in result.message
