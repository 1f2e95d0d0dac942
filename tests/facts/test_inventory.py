"""The inventory on real folders and git work trees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repocheck.facts.collect import collect
from repocheck.facts.inventory import build_inventory, collect_inventory, is_test_path
from tests.helpers import Step, make_repo


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def by_path(root: Path, in_git: bool, exclude: tuple[str, ...] = ()) -> dict:
    inventory = collect_inventory(root, in_git, exclude)
    return {info.path: info for info in inventory.files}


def test_a_git_work_tree_lists_tracked_and_new_files_git_does_not_ignore(tmp_path: Path) -> None:
    make_repo(tmp_path, [Step("Start", {"train.py": "x = 1\n", ".gitignore": "*.log\n"})])
    write(tmp_path, {"scratch.py": "untracked = 1\n", "run.log": "loss\n"})
    assert set(by_path(tmp_path, in_git=True)) == {"train.py", ".gitignore", "scratch.py"}
    tracked = collect_inventory(tmp_path, True, untracked=False)
    assert {info.path for info in tracked.files} == {"train.py", ".gitignore"}


def test_a_plain_folder_is_walked_honouring_nested_gitignores(tmp_path: Path) -> None:
    write(tmp_path, {
        ".gitignore": "*.log\nbuild/\n",
        "src/.gitignore": "generated_*.py\n",
        "src/model.py": "x = 1\n",
        "src/generated_api.py": "y = 2\n",
        "run.log": "noise",
        "build/lib.py": "z = 3\n",
        "docs/generated_api.py": "kept = 1\n",
    })  # fmt: skip
    found = set(by_path(tmp_path, in_git=False))
    assert found == {".gitignore", "src/.gitignore", "src/model.py", "docs/generated_api.py"}


def test_exclude_globs_drop_files_entirely(tmp_path: Path) -> None:
    write(tmp_path, {"vendor/lib.py": "x = 1\n", "main.py": "y = 2\n"})
    assert set(by_path(tmp_path, in_git=False, exclude=("vendor/**",))) == {"main.py"}


def test_kinds_sizes_and_reasons(tmp_path: Path) -> None:
    write(tmp_path, {
        "a.py": "x = 1\n",
        "b.ipynb": "{}",
        "c.md": "# c\n",
        "d.png": b"\x89PNG\r\n",
        "e.py": b"\x00\x01binary",
        "f.txt": b"caf\xe9 latin-1 text",
        "requirements.txt": "\ufefftorch==2.5.1\r\n".encode("utf-16-le"),  # PowerShell's >
        "big.py": "x = 1\n" * 200_000,
    })  # fmt: skip
    files = by_path(tmp_path, in_git=False)
    assert (files["a.py"].kind, files["a.py"].skipped) == ("python", None)
    assert files["b.ipynb"].kind == "notebook"
    assert files["c.md"].kind == "text"
    assert (files["d.png"].kind, files["d.png"].skipped) == ("binary", "binary file")
    assert files["e.py"].kind == "binary"
    assert files["f.txt"].skipped == "not UTF-8 text, not read"
    assert (files["requirements.txt"].kind, files["requirements.txt"].skipped) == ("text", None)
    assert files["big.py"].skipped == "larger than 1 MB, not read"


def test_symlinks_are_listed_and_never_read(tmp_path: Path) -> None:
    (tmp_path / "outside.py").write_text("SECRET = 1\n")
    repo = tmp_path / "repo"
    write(repo, {"main.py": "x = 1\n"})
    (repo / "link.py").symlink_to(tmp_path / "outside.py")
    (repo / "up").symlink_to("..")
    inventory = collect_inventory(repo, False)
    files = {info.path: info for info in inventory.files}
    assert files["link.py"].kind == "symlink" and "link.py" not in inventory.texts
    assert files["up"].kind == "symlink"
    assert all(not path.startswith("up/") for path in files)


def test_notebook_autosave_copies_are_listed_but_not_analyzed(tmp_path: Path) -> None:
    write(tmp_path, {".ipynb_checkpoints/a-checkpoint.ipynb": "{}", "a.ipynb": "{}"})
    files = by_path(tmp_path, in_git=False)
    assert files[".ipynb_checkpoints/a-checkpoint.ipynb"].skipped is not None
    assert files["a.ipynb"].skipped is None


def test_a_committed_virtual_environment_is_listed_and_read_but_not_parsed(
    tmp_path: Path,
) -> None:
    # Thousands of installed modules are other people's code: parsing and linting them took
    # minutes. Their text stays readable (a key committed there is still committed).
    installed = "venv/Lib/site-packages/flask/app.py"
    make_repo(
        tmp_path,
        [
            Step(
                "Everything",
                {
                    "app.py": "import flask\n",
                    installed: "def f(:\n",
                    "venv/pyvenv.cfg": "home = C:\\Python311\n",
                    "venv/Lib/site-packages/flask/__pycache__/app.cpython-312.pyc": b"\0\1",
                },
            )
        ],
    )
    collected = collect(tmp_path)
    files = {info.path: info for info in collected.files}
    assert files[installed].skipped == "in a committed virtual environment, code not analyzed"
    assert installed in collected.texts
    assert [unit.path for unit in collected.sources] == ["app.py"]
    assert not any("venv/Lib" in note for note in collected.notes)
    assert collected.lint.files_checked == 1


def test_an_editors_local_history_copies_are_listed_but_not_analyzed(tmp_path: Path) -> None:
    # VS Code's Local History extension copies each saved version under .history/, named
    # with its time; a folder of that name holding anything else is the project's own.
    write(
        tmp_path,
        {
            ".history/data_20230710112856.py": "import numpy\n",
            ".history/src/model_20231103170102.py": "import torch\n",
            ".history/notes.py": "x = 1\n",
            "data.py": "import numpy\n",
        },
    )
    files = by_path(tmp_path, in_git=False)
    assert files[".history/data_20230710112856.py"].skipped is not None
    assert files[".history/src/model_20231103170102.py"].skipped is not None
    assert files[".history/notes.py"].skipped is None
    assert files["data.py"].skipped is None


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("tests/test_model.py", True),
        ("test_model.py", True),
        ("model_test.py", True),
        ("src/pkg/tests/helpers.py", True),
        ("conftest.py", True),
        ("test.py", False),
        ("testing_utils.py", False),
        ("contest.py", False),
    ],
)
def test_test_paths(path: str, expected: bool) -> None:
    assert is_test_path(path) is expected


def test_a_utf8_byte_order_mark_does_not_hide_a_file(tmp_path: Path) -> None:
    # Windows editors (Notepad, older Visual Studio) start UTF-8 files with a byte-order mark.
    bom = b"\xef\xbb\xbf"
    cell = {"cell_type": "code", "metadata": {}, "source": "import torch\n", "outputs": []}
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    write(
        tmp_path,
        {
            "train.py": bom + b"import torch\n\ntorch.manual_seed(0)\n",
            "requirements.txt": bom + b"torch==2.4.0\nnumpy==2.1.0\n",
            "explore.ipynb": bom + notebook.encode(),
        },
    )
    snapshot = collect(tmp_path)
    assert all(not text.startswith("\ufeff") for text in snapshot.texts.values())
    assert snapshot.texts["requirements.txt"].splitlines()[0] == "torch==2.4.0"
    assert [unit.error for unit in snapshot.sources] == [None, None]
    assert len(snapshot.notebooks["explore.ipynb"].code_cells) == 1
    assert not snapshot.notes


def test_wide_unicode_text_with_a_byte_order_mark_is_read_as_pip_reads_it(tmp_path: Path) -> None:
    write(tmp_path, {"requirements.txt": "\ufefftorch==2.5.1\r\nnumpy\r\n".encode("utf-16-le")})
    inventory = collect_inventory(tmp_path, False)
    assert inventory.texts["requirements.txt"].splitlines() == ["torch==2.5.1", "numpy"]


def test_many_binary_files_of_no_known_type_make_one_note(tmp_path: Path) -> None:
    # A run's pickled histories under experiments/: one note, not one per file.
    for index in range(12):
        (tmp_path / f"run{index:02}.p").write_bytes(b"\x80\x04\0\1")
    (tmp_path / "big.py").write_text("x = 1\n" * 200_000)
    inventory = build_inventory(tmp_path, [*(f"run{i:02}.p" for i in range(12)), "big.py"])
    binary = [note for note in inventory.notes if "binary content" in note]
    assert binary == [
        "12 files hold binary content, not read: run00.p, run01.p, run02.p and 9 more"
    ]
    assert "big.py: larger than 1 MB, not read" in inventory.notes
    assert {f.skipped for f in inventory.files if f.path.endswith(".p")} == {"binary content"}


def test_a_saved_keras_model_is_a_known_binary_file(tmp_path: Path) -> None:
    # Keras 3's model.save("model.keras") writes a zip archive: a known format, no note.
    (tmp_path / "Models").mkdir()
    (tmp_path / "Models/model.keras").write_bytes(b"PK\x03\x04\0\0\x08\0")
    inventory = build_inventory(tmp_path, ["Models/model.keras"])
    (info,) = inventory.files
    assert (info.kind, info.skipped) == ("binary", "binary file")
    assert inventory.notes == []
