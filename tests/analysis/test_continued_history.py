"""Where a history that continues another project's is cut, and where it is not."""

from __future__ import annotations

from repocheck.analysis.continued_history import continuation
from repocheck.facts.snapshot import Commit
from tests.helpers import DAY, EPOCH


def _commits(*blocks: tuple[str, str, int, float]) -> list[Commit]:
    """Blocks of (author, email, count, first day), oldest block first; newest first out."""
    made = []
    for author, email, count, first in blocks:
        for i in range(count):
            when = int(EPOCH + (first + i * 0.5) * DAY)
            made.append(Commit(f"{len(made):040x}", author, email, when, f"change {len(made)}"))
    return sorted(made, key=lambda commit: -commit.timestamp)


def test_a_fork_of_a_published_project_keeps_only_the_new_authors_commits() -> None:
    commits = _commits(
        ("S. Mousavi", "smousavi@uni.edu", 814, 0), ("Nat", "nat@mail.com", 19, 1500)
    )
    found = continuation(commits)
    assert found is not None
    assert found.inherited == 814
    assert {c.author for c in found.own} == {"Nat"} and len(found.own) == 19


def test_an_original_project_of_several_authors_in_turn_is_cut_at_the_newest_pause() -> None:
    commits = _commits(
        ("Ann", "ann@a.org", 30, 0), ("Bob", "bob@b.org", 30, 100), ("Nat", "nat@mail.com", 8, 400)
    )
    found = continuation(commits)
    assert found is not None and found.inherited == 60 and len(found.own) == 8


def test_histories_that_are_one_project_are_not_cut() -> None:
    # One author throughout; a team taking turns (someone crosses every cut); a new author
    # without a pause; a continuation too short to judge; an original too short to be one.
    alone = _commits(("Ada", "ada@x.org", 40, 0), ("Ada", "ada@x.org", 10, 200))
    team = _commits(("Ann", "ann@a.org", 30, 0), ("Bob", "bob@b.org", 10, 100))
    team.append(Commit("f" * 40, "Bob", "bob@b.org", int(EPOCH + 5 * DAY), "x"))
    team.sort(key=lambda commit: -commit.timestamp)
    no_pause = _commits(("Ann", "ann@a.org", 30, 0), ("Nat", "nat@mail.com", 10, 16))
    short_own = _commits(("Ann", "ann@a.org", 30, 0), ("Nat", "nat@mail.com", 3, 400))
    short_upstream = _commits(("Ann", "ann@a.org", 10, 0), ("Nat", "nat@mail.com", 20, 400))
    for commits in (alone, team, no_pause, short_own, short_upstream):
        assert continuation(commits) is None


def test_one_person_under_two_emails_is_one_author_by_name() -> None:
    commits = _commits(("Ada", "ada@old.org", 30, 0), ("Ada", "ada@new.org", 10, 400))
    assert continuation(commits) is None


def test_one_person_under_a_new_name_and_email_that_spell_alike_is_not_cut() -> None:
    # pytorch-cifar's author: kuangliu <liukuang.ai@...>, then 忆扬 <liukuang.lk@...>.
    commits = _commits(
        ("kuangliu", "liukuang.ai@gmail.com", 54, 0), ("忆扬", "liukuang.lk@corp.com", 21, 300)
    )
    assert continuation(commits) is None
