"""The plan as git's unified diff: created files from /dev/null, missing final newlines marked."""

from __future__ import annotations

import subprocess
from pathlib import Path

from repocheck.fix.diff import for_terminal, unified_diff
from repocheck.fix.plan import FileChange


def test_a_created_file_is_diffed_against_dev_null() -> None:
    diff = unified_diff([FileChange("docs/NOTE", None, "one\ntwo\n")])
    assert diff == (
        "diff --git a/docs/NOTE b/docs/NOTE\n"
        "new file mode 100644\n"
        "--- /dev/null\n"
        "+++ b/docs/NOTE\n"
        "@@ -0,0 +1,2 @@\n"
        "+one\n"
        "+two\n"
    )


def test_a_missing_final_newline_is_marked_on_either_side() -> None:
    diff = unified_diff([FileChange("a.txt", "a\nb", "a\nc\n")])
    assert diff.endswith("@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n")
    created = unified_diff([FileChange("b.txt", None, "x")])
    assert created.endswith("@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n")
    empty = unified_diff([FileChange("tests/__init__.py", None, "")])
    assert empty == "diff --git a/tests/__init__.py b/tests/__init__.py\nnew file mode 100644\n"


def test_git_apply_reads_it_and_makes_the_same_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("keep\nold\r\nlast")
    changes = [
        FileChange("a.txt", "keep\nold\r\nlast", "keep\nnew\r\nlast\n"),
        FileChange("new/b.txt", None, "b"),
        FileChange("new/__init__.py", None, ""),
    ]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(
        ["git", "apply", "-"], cwd=tmp_path, input=unified_diff(changes).encode(), check=True
    )
    assert (tmp_path / "a.txt").read_bytes() == b"keep\nnew\r\nlast\n"
    assert (tmp_path / "new" / "b.txt").read_bytes() == b"b"
    assert (tmp_path / "new" / "__init__.py").read_bytes() == b""


def test_the_terminal_shows_control_characters_instead_of_sending_them() -> None:
    diff = unified_diff([FileChange("a.py", None, "x = '\x1b[2J'\tz\r\n")])
    shown = for_terminal(diff, color=False)
    assert "\x1b" not in shown and "\\033[2J'\tz\r\n" in shown


def test_names_are_written_as_git_writes_them(tmp_path: Path) -> None:
    (tmp_path / "my file.py").write_text("a\n")
    changes = [
        FileChange("my file.py", "a\n", "b\n"),
        FileChange('we"ird\\.py', None, "x\n"),
    ]
    diff = unified_diff(changes)
    assert "--- a/my file.py\t\n+++ b/my file.py\t\n" in diff
    assert 'diff --git "a/we\\"ird\\\\.py" "b/we\\"ird\\\\.py"\n' in diff
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "apply", "-"], cwd=tmp_path, input=diff.encode(), check=True)
    assert (tmp_path / "my file.py").read_text() == "b\n"
    assert (tmp_path / 'we"ird\\.py').read_text() == "x\n"
