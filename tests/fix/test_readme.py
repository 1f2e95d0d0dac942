"""DOCS001 fixer: the missing README sections, from the dependency files and entry points."""

from __future__ import annotations

from pathlib import Path

from repocheck.fix.engine import analyze_for_fix, plan_fixes
from repocheck.fix.fixers.docs import FILL_IN
from repocheck.model import Status
from tests.fix.helpers import round_trip
from tests.fixtures import notebook as notebook_of
from tests.helpers import Step, make_repo

TRAIN = """\
import argparse

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("config")
    parser.add_argument("--data_dir", required=True)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--quiet", action="store_true", required=True)
    args = parser.parse_args()
    print(np.zeros(args.epochs), args.config, args.data_dir)


if __name__ == "__main__":
    main()
"""
CLICK = """\
import click


@click.command()
@click.argument("checkpoint")
@click.option("--out", "-o", required=True, metavar="FOLDER")
@click.option("--batch", default=8)
def main(checkpoint, out, batch):
    print(checkpoint, out, batch)


if __name__ == "__main__":
    main()
"""
ARGV = """\
import sys

print(open(sys.argv[1]).read())
"""
USER_README = (
    "# Digits\n\nA small demo that trains a classifier on handwritten digits, written to learn"
    " how a training loop, a data loader and an evaluation fit together in one short script."
)


def _repo(tmp_path: Path, files: dict[str, str | bytes | None]) -> Path:
    return make_repo(tmp_path / "repo", [Step("Start", files)])


def test_a_readme_is_created_from_what_the_analysis_found(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {"train.py": TRAIN, "requirements.txt": "numpy\n", "pyproject.toml": PYPROJECT_TARGET},
    )
    trip = round_trip(root, {"DOCS001"})
    assert trip.status("DOCS001", trip.before) is Status.FAIL
    [change] = trip.plan.changes
    assert (change.path, change.before) == ("README.md", None)
    text = change.after
    assert text.startswith(
        f"# repo\n\n{FILL_IN}\n<!-- what the project does, and for whom -->\n\n## Inst"
    )
    assert "With Python 3.11 or newer" in text
    assert "```bash\npip install -r requirements.txt\n```" in text
    assert "```bash\npython train.py <config> --data_dir <data-dir> --quiet\n```" in text
    assert f"## Results\n\n{FILL_IN}\n" in text
    assert trip.written(root) == {"README.md": text}
    assert trip.status("DOCS001") is Status.PASS
    assert trip.second.empty and trip.second.proposals == ()


PYPROJECT_TARGET = '[tool.ruff]\ntarget-version = "py311"\n'


def test_an_existing_readme_keeps_its_text(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"predict.py": CLICK, "README.md": USER_README})
    trip = round_trip(root, {"DOCS001"})
    text = (root / "README.md").read_text()
    assert text.startswith(USER_README + "\n\n## Installation\n")
    assert "python predict.py <checkpoint> --out <folder>\n" in text
    # No version declared: the README names none rather than an assumed one.
    assert "With Python, install the packages the code imports:" in text
    assert trip.status("DOCS001") is Status.PASS and trip.second.empty


def test_only_the_missing_sections_are_added(tmp_path: Path) -> None:
    readme = (
        "# Digits\n\nA small demo that trains a classifier on handwritten digits, written to"
        " learn how a training loop, a data loader and an evaluation fit together in one"
        " script of a few dozen lines.\n\n## Setup\n\n    pip install numpy\n\n"
        "## Usage\n\n    python train.py cfg.yaml --data-dir data\n"
    )
    root = _repo(tmp_path, {"train.py": TRAIN, "README.md": readme})
    trip = round_trip(root, {"DOCS001"})
    assert trip.status("DOCS001", trip.before) is Status.WARN
    added = (root / "README.md").read_text().removeprefix(readme)
    assert added.startswith("\n## Results\n") and "Installation" not in added
    assert trip.status("DOCS001") is Status.PASS and trip.second.empty


def test_a_command_line_it_cannot_read_gets_a_note_not_a_command(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"show.py": ARGV})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"DOCS001"})
    [proposal] = plan.proposals
    assert any("show.py reads its command line" in note for note in proposal.notes)
    [change] = plan.changes
    assert "## Usage" not in change.after and "python show.py" not in change.after


def test_a_restructuredtext_readme_gets_underlined_titles(tmp_path: Path) -> None:
    readme = "Digits\n======\n\nA small demo that trains a classifier on digits.\n"
    root = _repo(tmp_path, {"train.py": TRAIN, "README.rst": readme})
    trip = round_trip(root, {"DOCS001"})
    text = (root / "README.rst").read_text()
    assert text.startswith(readme + "\nInstallation\n------------\n")
    assert "::\n\n    python train.py <config>" in text
    assert trip.status("DOCS001") is Status.PASS and trip.second.empty


def test_a_script_inside_a_package_is_run_as_a_module(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "pkg"\nversion = "0.1"\n\n[build-system]\nrequires = ["hatchling"]\n'
    )
    files: dict[str, str | bytes | None] = {
        "src/pkg/__init__.py": "",
        "src/pkg/train.py": TRAIN,
        "pyproject.toml": pyproject,
    }
    root = _repo(tmp_path, files)
    trip = round_trip(root, {"DOCS001"})
    text = (root / "README.md").read_text()
    assert "```bash\npip install -e .\n```" in text
    assert "python -m pkg.train <config> --data_dir <data-dir> --quiet\n" in text
    assert trip.status("DOCS001") is Status.PASS and trip.second.empty


def test_a_streamlit_app_is_run_by_streamlit(tmp_path: Path) -> None:
    app = "import streamlit as st\n\nst.title('Prices')\nst.write(1 + 1)\n"
    root = _repo(tmp_path, {"app/app.py": app, "README.md": USER_README})
    trip = round_trip(root, {"DOCS001"})
    assert "```bash\nstreamlit run app/app.py\n```" in (root / "README.md").read_text()
    assert trip.status("DOCS001") is Status.PASS and trip.second.empty


def test_a_path_with_a_space_is_quoted_for_the_shell(tmp_path: Path) -> None:
    notebook = notebook_of("import numpy as np\nprint(np.zeros(2))")
    root = _repo(tmp_path, {"self images.ipynb": notebook, "README.md": USER_README})
    trip = round_trip(root, {"DOCS001"})
    assert "jupyter notebook 'self images.ipynb'\n" in (root / "README.md").read_text()
    assert trip.status("DOCS001") is Status.PASS and trip.second.empty


def test_a_console_script_is_run_by_its_name(tmp_path: Path) -> None:
    pyproject = (
        '[project]\nname = "demo"\nversion = "0.1"\n\n[project.scripts]\n'
        'demo-train = "demo.cli:main"\n\n[build-system]\nrequires = ["hatchling"]\n'
    )
    cli = "def main():\n    print('training')\n"
    files: dict[str, str | bytes | None] = {
        "pyproject.toml": pyproject,
        "demo/__init__.py": "",
        "demo/cli.py": cli,
        "README.md": USER_README,
    }
    root = _repo(tmp_path, files)
    trip = round_trip(root, {"DOCS001"})
    text = (root / "README.md").read_text()
    assert "```bash\npip install -e .\n```" in text and "```bash\ndemo-train\n```" in text
    assert trip.status("DOCS001") is Status.PASS and trip.second.empty


def test_a_readme_it_cannot_read_is_left_as_it_is(tmp_path: Path) -> None:
    unreadable = b"\xff\xfe# D\x00i\x00g\x00i\x00t\x00s\x00"
    root = _repo(tmp_path, {"train.py": TRAIN, "README.md": unreadable})
    snapshot, report = analyze_for_fix(root)
    plan = plan_fixes(root, snapshot, report, only={"DOCS001"})
    assert plan.empty
    assert [p.notes for p in plan.proposals] == [("README.md could not be read",)]
    assert (root / "README.md").read_bytes() == unreadable


def test_the_install_command_comes_with_the_requirements_it_names(tmp_path: Path) -> None:
    # Fixing DOCS001 alone: nothing declares numpy yet, so the README's pip install -r needs
    # the requirements.txt that REPRO003's fixer would write.
    root = _repo(tmp_path, {"train.py": TRAIN, "README.md": USER_README})
    trip = round_trip(root, {"DOCS001"})
    assert trip.written(root)["requirements.txt"] == "numpy\n"
    assert "pip install -r requirements.txt" in trip.written(root)["README.md"]
    assert trip.status("DOCS001") is Status.PASS and trip.status("REPRO003") is Status.PASS
    assert trip.second.empty


def test_a_repository_of_standard_library_code_has_nothing_to_install(tmp_path: Path) -> None:
    root = _repo(tmp_path, {"count.py": "import collections\n\nprint(collections.Counter('ab'))\n"})
    trip = round_trip(root, {"DOCS001"})
    assert "its standard library only." in trip.written(root)["README.md"]
    assert set(trip.written(root)) == {"README.md"}


def test_a_readme_too_short_to_say_what_the_project_does_is_left_to_its_author(
    tmp_path: Path,
) -> None:
    count = "import collections\n\nprint(collections.Counter('ab'))\n"
    root = _repo(tmp_path, {"count.py": count, "README.md": "# Counter\n"})
    trip = round_trip(root, {"DOCS001"})
    assert trip.status("DOCS001", trip.before) is Status.FAIL
    short = "README.md has 40 words or fewer: say what the project does"
    [proposal] = trip.plan.proposals
    assert short in proposal.notes
    # The sections are written; the words only the author can write are not.
    assert trip.status("DOCS001") is Status.WARN
    assert trip.second.empty and [p.notes for p in trip.second.proposals] == [(short,)]
