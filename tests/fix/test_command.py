"""``repocheck fix`` as a user runs it: the diff, --write, refusals and exit statuses."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import git
import pytest

from repocheck.cli import Failure
from repocheck.fix.engine import Plan, load_fixers
from repocheck.fix.plan import FIXERS, FileChange, FixContext, FixOptions, Proposal
from repocheck.fix.run import FixRequest, _fix_options, apply_plan, run_fix
from tests.fix.test_format import MODULE
from tests.helpers import Step, make_repo
from tests.runner import repocheck

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "fix.diff"


def _repo(tmp_path: Path, name: str = "repo") -> Path:
    return make_repo(tmp_path / name, [Step("Add the training script", {"train.py": MODULE})])


def words(text: str) -> str:
    """The text with its folding undone."""
    return " ".join(text.split())


def _one_error_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("repocheck: error: "), result.stderr
    assert all(word in lines[0] for word in words), lines[0]


def test_the_dry_run_prints_one_diff_and_how_to_apply(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    result = repocheck("fix", root)
    assert result.returncode == 1, result.stderr
    if os.environ.get("REPOCHECK_UPDATE_GOLDEN"):
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")
    assert words(result.stderr).endswith(
        "4 files would change (GIT003, READ003, DOCS001, DOCS002): run the same command with"
        " --write to apply the diff above."
    )
    assert git.Repo(root).git.status("--porcelain") == ""  # nothing written


def test_the_diff_shown_is_what_write_writes(tmp_path: Path) -> None:
    # One folder name for both: a new README is titled with it.
    shown, written = _repo(tmp_path / "shown"), _repo(tmp_path / "written")
    diff = repocheck("fix", shown).stdout
    subprocess.run(["git", "apply", "-"], cwd=shown, input=diff, text=True, check=True)
    result = repocheck("fix", "--write", written)
    assert result.returncode == 0, result.stderr
    for path in (".gitignore", "LICENSE", "README.md", "train.py"):
        assert (shown / path).read_bytes() == (written / path).read_bytes()
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "Wrote 4 files:",
        "  GIT003: create .gitignore: __pycache__/",
        "  READ003: format the code with ruff format (1 file)",
        "  DOCS001: create README.md: Installation, Usage, Results",
        "  DOCS002: add LICENSE (MIT, copyright 2025 Ada Learner)",
    ]
    score = next(line for line in lines if line.startswith("Score: "))
    before, after = (float(s.split()[0]) for s in score.removeprefix("Score: ").split(" -> "))
    assert after > before
    assert "Left for a human" in result.stdout and "TEST001" in result.stdout
    assert max(map(len, lines)) <= 80  # folded as the terminal report is
    again = repocheck("fix", "--allow-dirty", written)
    assert (again.returncode, again.stdout) == (0, "")
    assert again.stderr.splitlines()[-1] == "Nothing to fix."
    rewrite = repocheck("fix", "--write", "--allow-dirty", written)
    # What only a human can do is said again (the README's own words, tests for a workflow).
    assert rewrite.returncode == 0 and rewrite.stdout.endswith("\nNothing to fix.\n")
    assert "Wrote" not in rewrite.stdout


def test_rule_limits_the_fix_by_id_slug_or_family(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    by_id = repocheck("fix", "--rule", "READ003", root)
    assert "b/train.py" in by_id.stdout and "LICENSE" not in by_id.stdout
    by_family = repocheck("fix", "--rule", "docs", root)
    assert "b/LICENSE" in by_family.stdout and "b/train.py" not in by_family.stdout
    by_slug = repocheck("fix", "--rule", "license-present", "--write", root)
    assert by_slug.returncode == 0 and (root / "LICENSE").exists()
    assert "READ003" in by_slug.stdout  # left for a human, and said why
    assert "[repocheck fix: not asked for (--rule)]" in words(by_slug.stdout)
    _one_error_line(repocheck("fix", "--rule", "GIT001", root), "no fixer", "DOCS002")
    _one_error_line(repocheck("fix", "--rule", "DOCS02", root), "did you mean 'DOCS002'")


def test_a_dirty_work_tree_is_written_only_when_allowed(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "notes.md").write_text("draft\n")
    _one_error_line(repocheck("fix", "--write", root), "uncommitted changes", "notes.md")
    assert not (root / "LICENSE").exists() and (root / "train.py").read_text() == MODULE
    shown = repocheck("fix", root)  # showing the diff changes nothing, and warns
    assert shown.returncode == 1 and "b/LICENSE" in shown.stdout
    assert "Note: --write will refuse: the work tree has uncommitted" in words(shown.stderr)
    assert repocheck("fix", "--write", "--allow-dirty", root).returncode == 0
    assert (root / "LICENSE").exists()


def test_a_folder_outside_git_is_written_only_when_allowed(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    root.mkdir()
    (root / "train.py").write_text(MODULE)
    _one_error_line(repocheck("fix", "--write", root), "not in a git repository")
    assert (root / "train.py").read_text() == MODULE
    result = repocheck("fix", "--write", "--allow-dirty", root)
    assert result.returncode == 0 and (root / "train.py").read_text() != MODULE
    assert "DOCS002: LICENSE not written" in words(
        result.stdout
    )  # no history to take a holder from


@pytest.mark.parametrize(
    "target", ["https://github.com/owner/repo", "gh:owner/repo", "git@github.com:owner/repo"]
)
def test_a_remote_target_is_refused(tmp_path: Path, target: str) -> None:
    _one_error_line(repocheck("fix", target, cwd=tmp_path), "local folder only")


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _one_error_line(repocheck("fix", "--license", "WTFPL", root), "no licence text")
    _one_error_line(repocheck("fix", tmp_path / "missing"), "no such file")
    _one_error_line(repocheck("fix", "exampels/tiny", cwd=tmp_path), "exampels/tiny: no such")
    (root / ".repocheck.toml").write_text("[ignore]\nTEST01 = 'x'\n")
    _one_error_line(repocheck("fix", root), "did you mean 'TEST001'")


def test_a_bare_repository_has_no_work_tree_to_fix(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    bare = tmp_path / "copy.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(root), str(bare)], check=True)
    _one_error_line(repocheck("fix", bare), "a bare repository", "clone it")


def test_the_configuration_applies_as_in_check(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / ".repocheck.toml").write_text("[ignore]\nDOCS002 = 'licensed by the course'\n")
    result = repocheck("fix", root)
    assert "b/train.py" in result.stdout and "LICENSE" not in result.stdout
    selected = repocheck("fix", "--select", "DOCS", "--config", root / "none.toml", root)
    _one_error_line(selected, "none.toml does not exist")


def test_nothing_is_written_through_a_symlink(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    outside = tmp_path / "outside.py"
    outside.write_text(MODULE)
    (root / "train.py").unlink()
    (root / "train.py").symlink_to(outside)
    edit = Plan((), (FileChange("train.py", MODULE, "x = 1\n"),))
    with pytest.raises(Failure, match="train.py is a symlink"):
        apply_plan(root, edit)
    (root / "docs").symlink_to(tmp_path)
    create = Plan((), (FileChange("docs/LICENSE", None, "MIT\n"),))
    with pytest.raises(Failure, match="docs is a symlink"):
        apply_plan(root, create)
    assert outside.read_text() == MODULE and not (tmp_path / "LICENSE").exists()
    (root / "notes").write_text("a file, not a folder\n")
    blocked = Plan((), (FileChange("notes/LICENSE", None, "MIT\n"),))
    with pytest.raises(Failure, match="notes/LICENSE cannot be created"):
        apply_plan(root, blocked)


def test_a_symlinked_file_is_neither_read_nor_written(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text(MODULE)
    root = make_repo(tmp_path / "repo", [Step("Add the code", {"model.py": MODULE})])
    (root / "train.py").symlink_to(outside)
    repo = git.Repo(root)
    repo.git.add("train.py")
    repo.git.commit("-q", "-m", "Link the training script")
    result = repocheck("fix", "--write", root)
    assert result.returncode == 0, result.stderr
    assert outside.read_text() == MODULE and (root / "train.py").is_symlink()
    assert (root / "model.py").read_text() != MODULE  # the regular file was formatted


def test_colour_follows_the_flag_and_the_choices_reach_the_fixers(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    plain = repocheck("fix", root).stdout
    colored = repocheck("fix", "--color", "always", root).stdout
    assert "\x1b[" not in plain and "\x1b[32m+MIT License" in colored
    assert _fix_options(FixRequest(pin_from_env=True)) == FixOptions(pin_from_env=True)
    chosen = _fix_options(FixRequest(license_name="apache 2.0"))
    assert chosen == FixOptions(license_id="Apache-2.0", license_given=True)


def test_a_fixer_that_fails_costs_only_its_own_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(context: FixContext) -> Proposal:
        raise RuntimeError("boom")

    load_fixers()
    monkeypatch.setitem(FIXERS, "DOCS002", broken)
    root = _repo(tmp_path)
    assert run_fix(FixRequest(target=str(root)), colored=False, to_terminal=False)
    out, err = capsys.readouterr()
    assert "b/train.py" in out and "LICENSE" not in out
    assert "DOCS002: not fixed: the fixer failed (RuntimeError: boom)" in words(err)
