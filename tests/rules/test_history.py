from __future__ import annotations

import dataclasses

from repocheck.facts.snapshot import Commit
from repocheck.model import Status
from repocheck.rules.history import HISTORY_PATH, _ideographs
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


def _sitting(subjects_at: list[tuple[int, str]]) -> list[Commit]:
    """Commits at the given minutes after EPOCH (oldest first), returned newest first."""
    made = [
        Commit(f"{i:040x}", "Ada", "ada@example.com", EPOCH + minute * 60, subject)
        for i, (minute, subject) in enumerate(subjects_at)
    ]
    return list(reversed(made))


def test_git001_warns_a_new_project_committed_step_by_step_in_one_sitting() -> None:
    # A project started today: three steps an hour or more apart, each saying what it added.
    commits = _sitting(
        [
            (0, "Initial commit"),
            (23, "Create README.md"),
            (66, "Initial project structure with docstrings and README"),
            (180, "Created functions for data.py and added pytest tests for data.py"),
            (224, "Final function added to data.py"),
        ]
    )
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.WARN
    assert "one sitting" in result.message and "uploaded in one go" not in result.message


def test_git001_fails_an_upload_followed_by_readme_edits_the_same_day() -> None:
    commits = _sitting(
        [
            (0, "Initial commit"),
            (2, "Add files via upload"),
            (60, "Update README.md"),
            (120, "Update README.md"),
            (200, "Update README.md"),
        ]
    )
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.FAIL
    assert "uploaded in one go" in result.message


def test_git001_warns_an_upload_past_midnight_then_readme_edits() -> None:
    # dangminh214/Titanic-Kaggle: the notebook and data at 23:51, then seven README edits
    # after midnight: two calendar days, eight commits, and no step of the work to see.
    commits = _sitting(
        [(0, "first commit"), (50, "Create README.md")]
        + [(51 + i, "Update README.md") for i in range(6)]
    )
    late = EPOCH - EPOCH % DAY + 23 * 3600 + 51 * 60 - EPOCH  # 23:51 on EPOCH's day, UTC
    commits = [dataclasses.replace(c, timestamp=c.timestamp + late) for c in commits]
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.metrics["active_days"] == 2
    assert result.status is Status.WARN, result.message
    assert "uploaded, then edited" in result.message
    # The same two days with steps that say what they add still pass.
    steps = _sitting([(i * 60, subject) for i, subject in enumerate(GOOD_SUBJECTS)])
    steps = [dataclasses.replace(c, timestamp=c.timestamp + late) for c in steps]
    result = check("GIT001", snapshot_from(CODE, commits=steps))
    assert result.metrics["active_days"] == 2 and result.status is Status.PASS


def test_git001_warns_a_history_nearly_all_of_one_day() -> None:
    # WhaleSongNet: GitHub's initial commit, then 36 of 39 commits on one day (the code, 27
    # README edits, "updates") and two uploads the next weeks: four days, and still one
    # sitting a reviewer cannot see grow.
    day = [(0, "code commits"), (5, "save best model"), (9, "add images")]
    day += [(12 + i, "Update README.md") for i in range(33)]
    commits = _sitting(
        [(-14 * 24 * 60, "Initial commit")]
        + day
        + [(6 * 24 * 60, "upload notebooks")]
        + [(8 * 24 * 60, "update whalesongnet_workflow")]
    )
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.metrics["active_days"] == 4
    assert result.status is Status.WARN, result.message
    assert "36 of 39 commits on one day: built in one sitting" in result.message
    # Four commits on other days leave the day's share under nine in ten: judged by days.
    more = commits + _sitting([(9 * 24 * 60, "Add the evaluation script")])
    more = [dataclasses.replace(c, sha=f"{i:040x}") for i, c in enumerate(more)]
    assert check("GIT001", snapshot_from(CODE, commits=more)).status is Status.PASS


def test_git001_reads_an_initial_commit_that_names_its_extras_as_the_upload() -> None:
    # The whole project arrived as "Initial commit with .gitignore" three times in 23
    # minutes, then the README, the environment file and two scripts were edited on the
    # web the next morning: an upload, then edits, over two days.
    commits = _sitting(
        [(0, "Initial commit with .gitignore"), (11, "Initial commit with .gitignore")]
        + [(23, "Initial commit with .gitignore"), (40, "Update readme.md")]
        + [(53, "Update readme.md"), (1063, "Update env.yaml")]
        + [(1065, "Update train.py"), (1067, "Update train.py"), (1069, "Update eval.py")]
    )
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.metrics["active_days"] == 2
    assert result.status is Status.WARN, result.message
    assert "uploaded, then edited" in result.message
    # A first commit that names what it adds is a step of the work like any other.
    named = (
        [(0, "Initial commit: load the radar frames")]
        + [(i * 60, subject) for i, subject in enumerate(GOOD_SUBJECTS[:2], 1)]
        + [(1063, "Update env.yaml"), (1065, "Update train.py"), (1069, "Update eval.py")]
    )
    result = check("GIT001", snapshot_from(CODE, commits=_sitting(named)))
    assert result.status is Status.PASS, result.message


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


def test_git001_days_are_the_authors_own_days() -> None:
    # 23:30 and 00:30 on the author's clock: one hour apart, two calendar days.
    late = EPOCH + 14 * 3600 + 1800
    commits = [
        Commit(f"{i:040x}", "Ada", "a@example.com", late + i * 3600, f"Step {i} done")
        for i in range(6)
    ]
    result = check("GIT001", snapshot_from(CODE, commits=list(reversed(commits))))
    assert result.metrics["active_days"] == 2
    assert result.status is Status.PASS


def test_git001_an_evening_west_of_utc_is_one_day() -> None:
    # 12:00 to 17:00 in California (UTC-8) is 20:00 to 01:00 UTC: two UTC days, one sitting.
    noon = EPOCH + 11 * 3600  # 20:00 UTC
    pst = -8 * 3600
    commits = [
        Commit(f"{i:040x}", "Ada", "a@example.com", noon + i * 3600, f"Step {i} done", 1, pst)
        for i in range(6)
    ]
    result = check("GIT001", snapshot_from(CODE, commits=list(reversed(commits))))
    assert result.metrics["active_days"] == 1
    assert result.status is Status.WARN


def test_git001_does_not_count_days_from_impossible_dates() -> None:
    # A tool's zero date (1970-01-01) or a date after the history was read is no day of work:
    # five commits of one afternoon do not become a history spread over 47,000 days.
    commits = commits_of([f"Change number {i}" for i in range(5)], days_apart=0.01)
    commits[0] = dataclasses.replace(commits[0], timestamp=4_102_444_800)  # 2100-01-01
    commits[-1] = dataclasses.replace(commits[-1], timestamp=0)
    snapshot = snapshot_from(CODE, commits=commits)
    read = dataclasses.replace(snapshot.history, read_at=EPOCH + 10 * DAY)
    result = check("GIT001", dataclasses.replace(snapshot, history=read))
    assert result.status is Status.FAIL
    assert result.metrics == {"commits": 5, "active_days": 1, "span_days": 0}
    assert "2 commits carry impossible dates (1970-01-01, 2100-01-01)" in result.message
    dated = [e.snippet for e in result.evidence if "dated" in e.snippet]
    assert "Change number 4 (dated 2100-01-01)" in dated[0]
    assert "Change number 0 (dated 1970-01-01)" in dated[1]


def test_git001_a_date_past_the_calendars_end_is_impossible_not_a_crash() -> None:
    # git records a date in the year 11476; Python's dates end in 9999.
    commits = commits_of([f"Step {i} of the pipeline" for i in range(8)])
    commits[0] = dataclasses.replace(commits[0], timestamp=300_000_000_000)
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.PASS
    assert "1 commit carries an impossible date (after 9999)" in result.message
    assert result.metrics["active_days"] == 7
    # Three commits or fewer are too few, whatever their dates.
    alone = check("GIT001", snapshot_from(CODE, commits=commits[:1]))
    assert alone.status is Status.FAIL and "too few" in alone.message


def test_git001_warns_when_every_date_is_impossible() -> None:
    commits = [
        dataclasses.replace(c, timestamp=i * 60)
        for i, c in enumerate(commits_of([f"Step {i} of the pipeline" for i in range(8)]))
    ]
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.WARN
    assert result.metrics == {"commits": 8, "active_days": 0, "span_days": 0}
    assert "every commit carries an impossible date" in result.message


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


def test_git002_a_filler_noun_with_made_says_little() -> None:
    # "changes made" is twelve characters, one past the length a two-word subject is read
    # as too short at: its words, a filler noun and "made", still say nothing of the change;
    # "made the split by season" names it.
    subjects = [*GOOD_SUBJECTS[:6], "changes made", "Made some changes", "made the split by season"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    snippets = [e.snippet for e in result.evidence]
    assert result.metrics["low_info"] == 2, snippets
    assert not any("season" in s for s in snippets)


def test_git002_the_code_base_is_no_more_than_the_code() -> None:
    # "Updated code base", pushed 22 times, names the whole project as "Update code" does;
    # "Updated the codebase" likewise. A base that is a thing of its own stays informative.
    subjects = [
        *GOOD_SUBJECTS[:6],
        "Updated code base",
        "Updated code base",
        "Update the codebase",
        "Update base model to resnet50",
    ]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    snippets = [e.snippet for e in result.evidence]
    assert result.metrics["low_info"] == 3, snippets
    assert any(s.endswith("Updated code base (2 times)") for s in snippets)
    assert not any("resnet50" in s for s in snippets)


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


def test_git002_subjects_in_chinese_or_japanese_are_read_by_their_characters() -> None:
    # "上传了预训练代码" (uploaded the pretraining code) says in 8 characters, without
    # spaces, what "Upload the pretraining code" says; "修正bug" (fix bug) stays short.
    subjects = [*GOOD_SUBJECTS[:6], "上传了预训练代码", "学習率スケジューラを追加", "修正bug"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    snippets = [e.snippet for e in result.evidence]
    assert result.metrics["low_info"] == 1, snippets
    assert snippets[0].endswith("修正bug")


def test_git002_a_latin_term_in_a_japanese_subject_is_a_word_of_its_own() -> None:
    # "Post-LNに変更" (switch to Post-LN) and "dropoutを追加" (add dropout) name what
    # changed in a Latin term and a verb of two characters, no space between them; "fileを修正"
    # (fix a file) and "更新" (update) still say nothing.
    subjects = [*GOOD_SUBJECTS[:6], "Post-LNに変更。", "dropoutを追加", "fileを修正", "更新"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    snippets = [e.snippet for e in result.evidence]
    assert result.metrics["low_info"] == 2, snippets
    assert not any("Post-LN" in s or "dropout" in s for s in snippets)


def test_git002_an_experiment_tried_is_named_by_its_verb() -> None:
    # "Try f-score" (a team's commit adding an F1 score beside the accuracy) says what was
    # tried, as "Use f-score" would; "Try again" and "Tried stuff" still say nothing.
    subjects = [*GOOD_SUBJECTS[:6], "Try f-score", "Tried dropout", "Try again", "Tried stuff"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    snippets = [e.snippet for e in result.evidence]
    assert result.metrics["low_info"] == 2, snippets
    assert not any("f-score" in s or "dropout" in s for s in snippets)


def test_git002_a_part_built_is_named_by_its_verb() -> None:
    # "build gui" (a course project's commit adding its Tkinter front end) says what was
    # built, as "Add GUI" would; "Build stuff" still says nothing, and so does "Create r",
    # GitHub's subject for a file named ``r`` made in the browser ("create" stays off the list).
    subjects = [*GOOD_SUBJECTS[:6], "build gui", "Build docs", "Build stuff", "Create r"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    snippets = [e.snippet for e in result.evidence]
    assert result.metrics["low_info"] == 2, snippets
    assert not any("gui" in s or "docs" in s for s in snippets)


def test_git002_the_day_of_a_session_is_no_content() -> None:
    # "monday stuff" and "thursday stuff" (a student's pushes after each class) name the day,
    # not the change; "Train on Monday's races" names what it does.
    subjects = [*GOOD_SUBJECTS[:6], "monday stuff", "thursday stuff", "Train on Monday's races"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    snippets = [e.snippet for e in result.evidence]
    assert result.metrics["low_info"] == 2, snippets
    assert not any("races" in s for s in snippets)


def test_ideographs_are_kana_and_han_by_code_point_bounds() -> None:
    inside = "\u3040\u30ff\u3400\u4dbf\u4e00\u9fff\uf900\ufaff"
    outside = "\u303f\u3100\u33ff\u4dc0\ufb00 한국어 abc"  # Hangul writes spaces
    assert _ideographs(inside) == len(inside)
    assert _ideographs(outside) == 0


def test_git002_short_vague_subjects_count() -> None:
    subjects = ["Refactor", "fix bug", "Add files", "chore: wip", "Update dependencies now"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    assert result.metrics["low_info"] == 4
    assert not any("dependencies" in e.snippet for e in result.evidence)


def test_git002_a_verb_followed_by_padding_alone_says_little_at_any_length() -> None:
    # "added a file" (a held-out pass, 470) says no more than "Add files", which the length
    # check catches below 12 characters; a verb with only padding after it is a placeholder.
    vague = ["added a file", "Added some files", "Remove the code again", "feat: add new files"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of([*GOOD_SUBJECTS, *vague])))
    assert result.metrics["low_info"] == len(vague), [e.snippet for e in result.evidence]
    # A word of content after the verb names the change.
    named = ["Add a file of test cases", "Added the dropout layer", "Remove the old loader"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(named)))
    assert result.metrics["low_info"] == 0, [e.snippet for e in result.evidence]


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


def test_git002_pasted_git_status_output_says_little() -> None:
    pasted = [
        "modified:   src/x.py",
        "new file:   data/loader.py modified:   train.py",
        "renamed:    a.py -> b.py",
        "Changes to be committed: modified: train.py",
    ]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of([*GOOD_SUBJECTS, *pasted])))
    assert result.metrics["low_info"] == 4
    assert any(e.snippet.endswith("modified: src/x.py") for e in result.evidence)
    # A typed subject that names the change is not a status line.
    fine = ["fix: keep the modified learning rate", "data: split by patient"]
    assert check("GIT002", snapshot_from(CODE, commits=commits_of(fine))).metrics["low_info"] == 0


def test_git002_the_web_editors_rename_names_the_whole_change() -> None:
    # GitHub's "Rename a to b" is the whole change, old name and new; its "Update" and
    # "Create" say nothing of what the file now holds.
    subjects = ["Initial commit", "Update README.md", "Rename data/README.md to README.md"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    assert result.metrics["low_info"] == 1
    assert result.status is Status.WARN
    assert not any("Rename" in e.snippet for e in result.evidence)
    # Without the new name, a rename is as vague as the other web defaults.
    vague = check("GIT002", snapshot_from(CODE, commits=commits_of(["Rename train.py"])))
    assert vague.metrics["low_info"] == 1


def test_git002_judges_only_the_commits_that_continue_a_forked_project() -> None:
    # A learner's fork of a published seismology project: 40 terse commits by its author
    # years ago, then the learner's own, mostly clear.
    upstream = [
        Commit(f"{i:040x}", "S. Mousavi", "sm@uni.edu", int(EPOCH + i * DAY), "Update")
        for i in range(40)
    ]
    own_subjects = [*GOOD_SUBJECTS, "update", "wip"]
    own = [
        Commit(f"{100 + i:040x}", "Nat", "nat@mail.com", int(EPOCH + (400 + i) * DAY), subject)
        for i, subject in enumerate(own_subjects)
    ]
    commits = list(reversed(upstream + own))
    result = check("GIT002", snapshot_from(CODE, commits=commits))
    assert result.status is Status.PASS, result.message
    assert result.message.startswith("2 of 10 commit subjects say little (20%)")
    assert result.metrics["commits"] == 10 and result.metrics["inherited_commits"] == 40
    assert "the 40 earlier commits by other authors" in result.message
    assert all("Update" not in (e.snippet or "") for e in result.evidence)


def test_git001_judges_only_the_commits_that_continue_a_forked_project() -> None:
    # A learner pushes a published project's 40 commits of a year ago, then uploads their
    # part in five commits within an hour: the original project's days are not their work.
    upstream = [
        Commit(f"{i:040x}", "S. Mousavi", "sm@uni.edu", int(EPOCH + i * DAY), "Add a layer")
        for i in range(40)
    ]
    own = [
        Commit(f"{100 + i:040x}", "Nat", "nat@mail.com", int(EPOCH + 400 * DAY + i * 600), "Update")
        for i in range(5)
    ]
    commits = list(reversed(upstream + own))
    result = check("GIT001", snapshot_from(CODE, commits=commits))
    assert result.status is Status.FAIL, result.message
    assert result.message.startswith("5 commits on 1 day: it looks uploaded in one go")
    assert "the 40 earlier commits by other authors" in result.message
    assert result.metrics["commits"] == 5 and result.metrics["inherited_commits"] == 40
    assert all("Add a layer" not in (e.snippet or "") for e in result.evidence)


def test_git002_chinese_and_japanese_subjects_made_of_filler_say_little() -> None:
    # "提交一下" (commit a bit), "保存" (save), "修改部分代码" (change some code) and
    # "ファイルを更新" (update a file) say what "commit", "save", "modify some code" and "update
    # file" say, typed prefix or not; "修改数据加载" (change the data loading) and
    # "优化代码" (optimise the code, as "optimize code" is) name more than filler.
    vague = [
        "feat: 提交一下",
        "feat: 保存",
        "修改部分代码",
        "修改部分代码。",
        "ファイルを更新",
        "更新bug",
    ]
    subjects = [*GOOD_SUBJECTS[:6], *vague, "feat: 修改数据加载", "feat: 优化代码"]
    result = check("GIT002", snapshot_from(CODE, commits=commits_of(subjects)))
    snippets = [e.snippet for e in result.evidence]
    assert result.metrics["low_info"] == len(vague), snippets
    assert not any("数据" in s or "优化" in s for s in snippets)
