"""Suppression comments are read from the parsed sources: real comments only, once."""

from __future__ import annotations

from repocheck.facts.suppressions import find_suppressions
from tests.helpers import snapshot_from


def test_a_comment_gives_its_names_reason_and_whether_it_stands_alone() -> None:
    source = (
        "# repocheck: ignore[REPRO005, read001]  fixture\nx = 1  #repocheck:IGNORE[TEST] why not\n"
    )
    first, second = find_suppressions("a.py", source)
    assert (first.line, first.names, first.reason, first.own_line) == (
        1,
        ("REPRO005", "read001"),
        "fixture",
        True,
    )
    assert (second.line, second.names, second.reason, second.own_line) == (
        2,
        ("TEST",),
        "why not",
        False,
    )
    assert first.covers(2) and not second.covers(3)


def test_the_marker_inside_a_string_is_no_comment() -> None:
    source = 's = "# repocheck: ignore[REPRO005] no"\n"""\n# repocheck: ignore[X] no\n"""\n'
    assert find_suppressions("a.py", source) == ()


def test_a_comment_that_quotes_the_syntax_is_no_suppression() -> None:
    # repocheck's own docs-in-comments quote the syntax; only a comment it opens, or a second
    # comment after another tool's marker, suppresses.
    source = (
        "#: Whether ``# repocheck: ignore[...]`` comments count.\n"
        "x = 1  # noqa: E501  # repocheck: ignore[READ001] long on purpose\n"
    )
    (found,) = find_suppressions("a.py", source)
    assert (found.line, found.names) == (2, ("READ001",))


def test_a_source_that_does_not_tokenize_keeps_the_comments_before_the_error() -> None:
    source = "# repocheck: ignore[REPRO005] kept\nx = (\n"
    assert [s.line for s in find_suppressions("a.py", source)] == [1]


def test_the_snapshot_collects_comments_of_modules_and_notebook_cells() -> None:
    notebook = (
        '{"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": null,'
        ' "source": ["%matplotlib inline\\n", "x = 1  # repocheck: ignore[READ001] demo"]}],'
        ' "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    snapshot = snapshot_from(
        {"a.py": "# repocheck: ignore[TEST001] none yet\n", "n.ipynb": notebook, "b.py": "x = 1\n"}
    )
    assert [s.location for s in snapshot.suppressions] == ["a.py:1", "n.ipynb:cell 1:2"]
