"""A history that continues another project's: the commits the repository's own authors made.

A learner forks a published project (or clones it and pushes it as their own) and adds their
part: the history then holds hundreds of the original authors' commits, years before the
learner's first. Their messages are not the learner's to answer for. The history is cut where
it is cleanly two blocks: every commit before the cut is by authors (by name or e-mail) none of
the commits after it have, the older block is a project of its own (at least
:data:`UPSTREAM_COMMITS` commits), the newer block long enough to judge
(:data:`OWN_COMMITS`), and a pause of :data:`PAUSE_DAYS` or more lies between them. A team
whose members commit in turn never splits (someone crosses every cut), and an author who
changed name and e-mail after a long pause (``kuangliu <liukuang.ai@...>``, then ``忆扬
<liukuang.lk@...>``) is still one author when the two spell six letters alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from repocheck.facts.snapshot import Commit

#: The older block must be a project of its own, not a few commits of a template.
UPSTREAM_COMMITS = 20
#: The newer block must be enough to judge on its own.
OWN_COMMITS = 5
#: The pause between the original project's last commit and the continuation's first.
PAUSE_DAYS = 30
_DAY = 86_400


@dataclass(frozen=True)
class Continuation:
    """The newer block (newest first), and the older block's size and first date."""

    own: tuple[Commit, ...]
    inherited: int


def continuation(commits: Sequence[Commit]) -> Continuation | None:
    """The cut of ``commits`` (non-merge, newest first) into the repository's own block and
    the project it continues, or None when the history is one project's. The newest cut that
    qualifies is taken: the original project may itself have had several authors in turn."""
    if len(commits) < UPSTREAM_COMMITS + OWN_COMMITS:
        return None
    spans = _identity_spans(commits)
    # A cut before index i (commits[:i] newer, commits[i:] older) is clean when no identity
    # has commits on both sides: no span [first, last] with first < i <= last.
    crossing = [0] * (len(commits) + 1)
    for first, last in spans:
        if first < last:
            crossing[first + 1] += 1
            crossing[last + 1] -= 1
    open_spans = 0
    for index in range(1, len(commits)):
        open_spans += crossing[index]
        if open_spans or index < OWN_COMMITS:
            continue
        if len(commits) - index < UPSTREAM_COMMITS:
            break
        pause = commits[index - 1].timestamp - commits[index].timestamp
        if pause >= PAUSE_DAYS * _DAY:
            if _resemble(commits[:index], commits[index:]):
                return None  # the same person under a new name and e-mail, most likely
            return Continuation(tuple(commits[:index]), len(commits) - index)
    return None


#: Letters two spellings of one person's name or e-mail share (``liukuang.ai`` and
#: ``liukuang.lk``; ``kuangliu`` and ``Kuang Liu``).
_SHARED_LETTERS = 6


def _resemble(newer: Sequence[Commit], older: Sequence[Commit]) -> bool:
    """Whether an author of the newer block spells a name or e-mail like one of the older
    block's: a run of :data:`_SHARED_LETTERS` letters in common."""
    seen = {gram for commit in newer for gram in _grams(commit)}
    return any(gram in seen for commit in older for gram in _grams(commit))


def _grams(commit: Commit) -> set[str]:
    """The runs of :data:`_SHARED_LETTERS` letters of the author's name and e-mail's local
    part (lower-cased, other characters dropped)."""
    grams: set[str] = set()
    for text in (commit.author, commit.email.partition("@")[0]):
        letters = "".join(char for char in text.lower() if "a" <= char <= "z")
        grams.update(
            letters[i : i + _SHARED_LETTERS] for i in range(len(letters) - _SHARED_LETTERS + 1)
        )
    return grams


def _identity_spans(commits: Sequence[Commit]) -> list[tuple[int, int]]:
    """(first index, last index) of each author, one author being every commit linked to
    another by its name or its e-mail (union-find over both)."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keys = []
    for commit in commits:
        name = "n:" + commit.author.strip().lower()
        email = "e:" + commit.email.strip().lower()
        parent[find(name)] = find(email)
        keys.append(email)
    spans: dict[str, tuple[int, int]] = {}
    for index, key in enumerate(keys):
        root = find(key)
        first, _ = spans.get(root, (index, index))
        spans[root] = (first, index)
    return list(spans.values())
