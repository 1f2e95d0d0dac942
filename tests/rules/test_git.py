from __future__ import annotations

import dataclasses
import json
import random
import string

from repocheck.facts.snapshot import Commit, RepoConfig
from repocheck.model import Status
from repocheck.rules.git import HISTORY_PATH
from tests.helpers import DAY, EPOCH, check, commits_of, snapshot_from

CODE = {"train.py": "x = 1\n"}
GOOD_SUBJECTS = [
    "Load CIFAR-10 with a fixed seed",
    "Add a baseline CNN",
    "Log validation accuracy per epoch",
    "Add tests",
    "Fix typo",
    "Add CLI",
    "Normalize images with training statistics",
    "Write the evaluation script",
]


def fake_key(
    length: int, alphabet: str = string.ascii_letters + string.digits, seed: int = 7
) -> str:
    """Random-looking key material built at run time, so no secret-shaped literal is in this file."""
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length))


def texts_of(result: object) -> str:
    """Everything a report would show of a result: message, evidence and metrics."""
    return json.dumps(
        {
            "message": result.message,  # type: ignore[attr-defined]
            "evidence": [e.to_dict() for e in result.evidence],  # type: ignore[attr-defined]
            "metrics": result.metrics,  # type: ignore[attr-defined]
        }
    )


# --- GIT001 history is not a dump -----------------------------------------------------------


def test_git001_passes_a_history_spread_over_days() -> None:
    commits = commits_of([f"Step {i} of the pipeline" for i in range(10)])
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.PASS
    assert result.metrics == {"commits": 10, "active_days": 10, "span_days": 9}
    first, last = result.evidence
    assert first.path == HISTORY_PATH and first.snippet.startswith(commits[-1].sha[:8])
    assert "Step 0" in first.snippet and "Step 9" in last.snippet


def test_git001_fails_three_commits() -> None:
    result = check("GIT001", snapshot_from(CODE, commits=commits_of(["a b c", "d e f", "g h i"])))
    assert result.status is Status.FAIL
    assert result.score == 0.0
    assert result.evidence[0].path == HISTORY_PATH


def test_git001_fails_five_commits_on_one_day() -> None:
    commits = commits_of([f"Change number {i}" for i in range(5)], days_apart=0.01)
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.FAIL
    assert result.metrics["active_days"] == 1


def test_git001_warns_five_commits_over_several_days() -> None:
    commits = commits_of([f"Change number {i}" for i in range(5)])
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.WARN
    assert result.score == 0.5


def test_git001_warns_a_project_built_in_one_sitting() -> None:
    commits = commits_of([f"Change number {i}" for i in range(30)], days_apart=0.02)
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.WARN
    assert result.metrics == {"commits": 30, "active_days": 1, "span_days": 0}


def test_git001_six_commits_on_two_days_is_enough() -> None:
    commits = commits_of([f"Change number {i}" for i in range(6)], days_apart=0.3)
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.PASS
    assert result.metrics["active_days"] == 2


def test_git001_does_not_count_merges() -> None:
    own = commits_of(["a b c", "d e f", "g h i"])
    merges = [
        Commit(f"{100 + i:040x}", "Ada", "ada@example.com", EPOCH + (10 + i) * DAY, "Merge", 2)
        for i in range(10)
    ]
    result = check("GIT001", snapshot_from(CODE, commits=list(reversed(merges)) + own))
    assert result.status is Status.FAIL
    assert result.metrics["commits"] == 3


def test_git001_days_are_utc_days() -> None:
    # 23:30 and 00:30 UTC: one hour apart, two calendar days.
    late = EPOCH + 14 * 3600 + 1800
    commits = [
        Commit(f"{i:040x}", "Ada", "a@example.com", late + i * 3600, f"Step {i} done")
        for i in range(6)
    ]
    result = check("GIT001", snapshot_from(CODE, commits=list(reversed(commits))))
    assert result.metrics["active_days"] == 2
    assert result.status is Status.PASS


def test_git001_skips_a_shallow_clone_it_cannot_judge() -> None:
    snapshot = snapshot_from(CODE, commits=commits_of(["Only the tip of the history"]))
    shallow = dataclasses.replace(snapshot.history, shallow=True)
    result = check("GIT001", dataclasses.replace(snapshot, history=shallow))
    assert result.status is Status.SKIP
    assert "shallow" in result.message


def test_git001_skips_without_git() -> None:
    result = check("GIT001", snapshot_from(CODE))
    assert result.status is Status.SKIP
    assert result.message == "not a git repository"


# --- GIT002 informative commit messages -----------------------------------------------------


def test_git002_passes_descriptive_subjects() -> None:
    subjects = ["Initial commit", *GOOD_SUBJECTS, "feat: add CLI", "docs: README"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    assert result.status is Status.PASS
    assert result.metrics["low_info"] == 0
    assert result.score == 1.0
    assert result.evidence == ()


def test_git002_fails_placeholder_and_web_ui_subjects() -> None:
    subjects = [
        "Add files via upload",
        "Update README.md",
        "Create train.py",
        "update",
        "update",
        "update",
        ".",
        "42",
        "minor changes",
        "Add a baseline CNN",
    ]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    assert result.status is Status.FAIL
    assert result.metrics == {"low_info": 9, "commits": 10, "share": 0.9}
    assert result.score == 0.0
    snippets = [e.snippet for e in result.evidence]
    assert all(e.path == HISTORY_PATH for e in result.evidence)
    # punctuation-only subjects are the worst, then placeholders (the repeated one first)
    assert snippets[0].endswith(" .") or snippets[0].endswith(" 42")
    assert any(s.endswith("update (3 times)") for s in snippets)
    assert not any("baseline" in s for s in snippets)


def test_git002_warns_on_a_mixed_history() -> None:
    subjects = [*GOOD_SUBJECTS[:6], "wip", "stuff", "Delete old_model.py", "asdf"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    assert result.status is Status.WARN
    assert result.metrics["share"] == 0.4
    assert 0 < result.score < 0.5


def test_git002_counts_a_repeated_initial_commit_but_not_the_first() -> None:
    subjects = ["Initial commit", *GOOD_SUBJECTS, "Initial commit"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    assert result.metrics["low_info"] == 1
    assert result.evidence[0].snippet.startswith(commits_of(subjects)[0].sha[:8])


def test_git002_short_but_informative_subjects_are_fine() -> None:
    subjects = [
        "Add tests",
        "Added tests",
        "Add CLI",
        "Fix typo",
        "Pin numpy",
        "Add .gitignore",
        "Release 1.0",
        "chore: bump torch to 2.3",
    ]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    assert result.status is Status.PASS
    assert result.metrics["low_info"] == 0


def test_git002_short_vague_subjects_count() -> None:
    subjects = ["Refactor", "fix bug", "Add files", "chore: wip", "Update dependencies now"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    assert result.metrics["low_info"] == 4
    assert not any("dependencies" in e.snippet for e in result.evidence)


def test_git002_ignores_merge_commits_and_pr_numbers() -> None:
    merge = Commit("f" * 40, "Ada", "ada@example.com", EPOCH + 99 * DAY, "Merge branch 'x'", 2)
    commits = [merge, *commits_of(["Update train.py (#12)", *GOOD_SUBJECTS])]
    result = check("GIT002", snapshot_from(CODE, commits=commits))
    assert result.metrics["commits"] == len(GOOD_SUBJECTS) + 1
    assert result.metrics["low_info"] == 1
    assert result.status is Status.PASS


def test_git002_skips_without_git() -> None:
    result = check("GIT002", snapshot_from(CODE))
    assert result.status is Status.SKIP
    assert result.message == "not a git repository"


# --- GIT003 .gitignore covers Python/ML artefacts -------------------------------------------

FULL_IGNORE = "__pycache__/\n.ipynb_checkpoints/\n.venv/\n*.pt\ndata/\n"


def test_git003_passes_a_complete_gitignore() -> None:
    result = check("GIT003", snapshot_from({".gitignore": FULL_IGNORE, **CODE}))
    assert result.status is Status.PASS
    assert result.evidence[0].path == ".gitignore"
    assert result.metrics["covered"] == 5


def test_git003_accepts_alternative_patterns() -> None:
    ignore = "*.py[cod]\n**/.ipynb_checkpoints\n/venv\ncheckpoints/\n*.csv\n"
    result = check("GIT003", snapshot_from({".gitignore": ignore}, commits=commits_of(["x"])))
    assert result.status is Status.PASS


def test_git003_warns_and_names_what_is_missing() -> None:
    ignore = "__pycache__/\n.ipynb_checkpoints/\n.venv/\n"
    result = check("GIT003", snapshot_from({".gitignore": ignore}))
    assert result.status is Status.WARN
    assert result.score == 0.6
    assert "model checkpoints" in result.message and "data files" in result.message
    assert "*.pt" in result.message and "data/" in result.message
    assert result.evidence[0].path == ".gitignore"


def test_git003_fails_a_thin_gitignore() -> None:
    result = check("GIT003", snapshot_from({".gitignore": "*.pyc\n"}))
    assert result.status is Status.FAIL
    assert result.metrics["covered"] == 1


def test_git003_fails_without_a_gitignore() -> None:
    result = check("GIT003", snapshot_from(CODE))
    assert result.status is Status.FAIL
    assert "no .gitignore" in result.message


def test_git003_nested_gitignore_does_not_count() -> None:
    result = check("GIT003", snapshot_from({"src/.gitignore": FULL_IGNORE}))
    assert result.status is Status.FAIL


def test_git003_negated_pattern_uncovers_again() -> None:
    ignore = FULL_IGNORE + "!data/\n!data/**\n"
    result = check("GIT003", snapshot_from({".gitignore": ignore}))
    assert result.status is Status.WARN
    assert "data files" in result.message


# --- GIT004 no large files or weights -------------------------------------------------------


def test_git004_fails_on_weights_over_one_mb() -> None:
    sizes = {"train.py": 10, "models/best.pt": 5_300_000}
    result = check("GIT004", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "models/best.pt"
    assert result.evidence[0].snippet == "5.3 MB"
    assert result.metrics == {"large_files": 1, "largest_mb": 5.3}


def test_git004_fails_on_any_file_over_ten_mb() -> None:
    sizes = {"data/train.csv": 25_000_000, "out/model.onnx": 2_000_000, "train.py": 10}
    result = check("GIT004", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL
    assert [e.path for e in result.evidence] == ["data/train.csv", "out/model.onnx"]


def test_git004_passes_just_under_the_limits() -> None:
    sizes = {"models/tiny.pt": 900_000, "data/sample.csv": 9_000_000, "train.py": 10}
    result = check("GIT004", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.PASS
    assert result.metrics["largest_mb"] == 9.0


def test_git004_reads_file_sizes_without_git() -> None:
    result = check("GIT004", snapshot_from({"weights.bin": b"\0" * 1_100_000, **CODE}))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "weights.bin"


def test_git004_files_routed_through_lfs_are_fine() -> None:
    files = {".gitattributes": "*.pt filter=lfs diff=lfs merge=lfs -text\n", **CODE}
    sizes = {"models/best.pt": 50_000_000, "train.py": 10}
    result = check("GIT004", snapshot_from(files, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.PASS


def test_git004_lfs_patterns_of_other_files_do_not_excuse() -> None:
    files = {".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n", **CODE}
    sizes = {"models/best.pt": 50_000_000}
    result = check("GIT004", snapshot_from(files, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL


def test_git004_honours_the_repo_exclude_setting() -> None:
    sizes = {"examples/demo.pt": 5_000_000}
    snapshot = snapshot_from(
        CODE,
        commits=commits_of(["x"]),
        blob_sizes=sizes,
        config=RepoConfig(exclude=("examples/**",)),
    )
    assert check("GIT004", snapshot).status is Status.PASS


# --- GIT005 no junk committed ---------------------------------------------------------------


def test_git005_groups_junk_by_folder() -> None:
    files = {
        **CODE,
        "src/__pycache__/a.cpython-311.pyc": b"\0",
        "src/__pycache__/b.cpython-311.pyc": b"\0",
        "notebooks/.ipynb_checkpoints/eda-checkpoint.ipynb": "{}",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert result.score == 0.0
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {
        "src/__pycache__": "Python bytecode cache: 2 files",
        "notebooks/.ipynb_checkpoints": "notebook checkpoints: 1 file",
    }
    assert result.metrics == {"junk_files": 3, "junk_places": 2}


def test_git005_a_committed_venv_is_one_row() -> None:
    files = {
        **CODE,
        ".venv/pyvenv.cfg": "home = /usr/bin\n",
        ".venv/bin/activate": "export VIRTUAL_ENV\n",
        ".venv/lib/python3.11/site-packages/six.py": "x = 1\n",
        ".venv/lib/python3.11/site-packages/__pycache__/six.cpython-311.pyc": b"\0",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        (".venv", "virtual environment: 4 files")
    ]


def test_git005_finds_a_venv_by_site_packages_alone() -> None:
    files = {"myenv/Lib/site-packages/numpy/__init__.py": "x = 1\n", **CODE}
    result = check("GIT005", snapshot_from(files))
    assert result.evidence[0].path == "myenv"


def test_git005_scattered_os_files_are_one_row() -> None:
    files = {**CODE, ".DS_Store": b"\0", "data/.DS_Store": b"\0", "src/.DS_Store": b"\0"}
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert len(result.evidence) == 1
    assert result.evidence[0].path == ".DS_Store"
    assert result.evidence[0].snippet == "macOS folder metadata: 3 files"


def test_git005_sees_tracked_paths_beyond_the_inventory() -> None:
    sizes = {"train.py": 6, "pkg.egg-info/PKG-INFO": 100, "pkg.egg-info/SOURCES.txt": 50}
    result = check("GIT005", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "pkg.egg-info"


def test_git005_names_that_only_look_like_junk_pass() -> None:
    files = {
        **CODE,
        "src/env.py": "x = 1\n",
        "docs/venv.md": "# venv\n",
        "environment/setup.py": "x = 1\n",
        "tools/bin/activate": "echo project helper\n",
        "idea/notes.md": "ideas\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["junk_files"] == 0


# --- GIT006 no committed secrets ------------------------------------------------------------


def test_git006_finds_and_masks_an_openai_key() -> None:
    secret = "sk-" + "proj-" + fake_key(48)
    files = {"train.py": f'import openai\n\nopenai.api_key = "{secret}"\n'}
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    hit = result.evidence[0]
    assert (hit.path, hit.line) == ("train.py", 3)
    assert hit.snippet.startswith("OpenAI API key: sk-p***")
    assert hit.snippet.endswith(secret[-2:])
    assert secret not in texts_of(result)
    assert secret[4:-2] not in texts_of(result)


def test_git006_recognises_each_provider() -> None:
    hexdigits = "0123456789abcdef"
    keys = {
        "AWS access key": "AKIA" + fake_key(16, string.ascii_uppercase + string.digits),
        "GitHub token": "ghp_" + fake_key(36),
        "Hugging Face token": "hf_" + fake_key(34, string.ascii_letters),
        "Slack token": "xoxb-" + fake_key(12, string.digits) + "-" + fake_key(24),
    }
    lines = [f'KEY_{i} = "{key}"' for i, key in enumerate(keys.values())]
    lines.append('os.environ["WANDB_API_KEY"] = "' + fake_key(40, hexdigits) + '"')
    result = check("GIT006", snapshot_from({"config.py": "\n".join(lines) + "\n"}))
    assert result.status is Status.FAIL
    kinds = [e.snippet.split(":")[0] for e in result.evidence]
    assert kinds == [*keys, "W&B API key"]
    assert [e.line for e in result.evidence] == [1, 2, 3, 4, 5]
    for key in keys.values():
        assert key not in texts_of(result)


def test_git006_finds_a_private_key_block_in_a_notebook() -> None:
    body = fake_key(64, string.ascii_letters + string.digits + "+/")
    cell = {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "execution_count": 1,
        "source": ["KEY = '''-----BEGIN RSA PRIVATE" + " KEY-----\n", body + "\n", "'''\n"],
    }
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4}, indent=1)
    result = check("GIT006", snapshot_from({"eda.ipynb": notebook}))
    assert result.status is Status.FAIL
    hit = result.evidence[0]
    assert hit.path == "eda.ipynb"
    assert hit.line == notebook[: notebook.index("-----BEGIN")].count("\n") + 1
    assert hit.snippet == "private key: key block"
    assert body not in texts_of(result)


def test_git006_ignores_placeholders() -> None:
    lines = [
        "AWS_KEY = '" + "AKIA" + "IOSFODNN7" + "EXAMPLE'",
        "OPENAI = 'sk-" + "x" * 40 + "'",
        "OPENAI_DOC = 'sk-your-openai-key-goes-here'",
        "SLUG = 'sk-my-long-project-name-for-the-course'",
        "HF = 'hf_" + "a" * 34 + "'",
        "HELPER = hf_" + "downloadpretrainedweightsfromthehub",
        "GH = 'ghp_" + "0" * 36 + "'",
        "PEM_DOC = '-----BEGIN PRIVATE" + " KEY-----\\n...'",
        "WANDB = 'set WANDB_API_KEY to your key'",
    ]
    result = check("GIT006", snapshot_from({"README.md": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS
    assert result.metrics["secrets"] == 0


def test_git006_reads_files_that_are_not_code() -> None:
    secret = "ghp_" + fake_key(36, seed=3)
    result = check("GIT006", snapshot_from({".env": f"GITHUB_TOKEN={secret}\n", **CODE}))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == ".env"
    assert result.metrics["files"] == 1
    assert secret not in texts_of(result)


def test_git006_passes_a_clean_repo() -> None:
    files = {**CODE, "README.md": "Set OPENAI_API_KEY in your environment.\n"}
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["files_scanned"] == 2
