"""The wheel carries the catalogue and templates, and works away from the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return next(out.glob("repocheck-*.whl"))


def test_wheel_ships_rules_and_templates(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tomls = {Path(n).name for n in names if n.startswith("repocheck/_data/rules/")}
    assert {Path(p).name for p in (ROOT / "rules").glob("*.toml")} <= tomls
    assert "repocheck/_data/templates/report.md.j2" in names
    assert "repocheck/_data/templates/terminal.txt.j2" in names
    # DOCS002's fixer writes its licence texts from these.
    assert "repocheck/_data/templates/licenses/MIT.j2" in names


def test_installed_wheel_runs_from_any_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from repocheck.resources import data_dir; from repocheck.cli import main;"
        "print(data_dir('rules')); sys.argv = ['repocheck', 'explain', 'DOCS002']; main()"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", probe, str(target)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(str(target))
    assert "DOCS002 (license-present)" in result.stdout
