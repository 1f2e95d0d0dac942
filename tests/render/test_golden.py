"""Rendered reports of the reference repositories, compared with golden files.

Regenerate after an intended change with ``REPOCHECK_UPDATE_GOLDEN=1 pytest tests/render``
and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.runner import repocheck

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
FORMATS = {"json": "json", "markdown": "md", "terminal": "txt"}


def rendered(repo: Path, fmt: str) -> str:
    result = repocheck("--format", fmt, "--no-color", repo.name, cwd=repo.parent)
    assert result.returncode == 0, result.stderr
    return result.stdout


def compare(text: str, golden: Path) -> None:
    if os.environ.get("REPOCHECK_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"{golden.name} is missing: run with REPOCHECK_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_exemplary_report(exemplary: Path, fmt: str) -> None:
    compare(rendered(exemplary, fmt), GOLDEN / f"exemplary.{FORMATS[fmt]}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_learner_dump_report(dump: Path, fmt: str) -> None:
    compare(rendered(dump, fmt), GOLDEN / f"dump.{FORMATS[fmt]}")
