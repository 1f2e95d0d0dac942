"""Reading the reviewer's list: text lines, CSV columns chosen by name, links as people paste them."""

from __future__ import annotations

import pytest

from repocheck.batch.inputs import Entry, InputError, normalize_link, read_csv, read_text


@pytest.mark.parametrize(
    ("pasted", "target"),
    [
        ("github.com/ada/mnist", "https://github.com/ada/mnist"),
        ("https://www.github.com/ada/mnist/", "https://github.com/ada/mnist"),
        ("https://github.com/ada/mnist/tree/main/src", "https://github.com/ada/mnist"),
        ("https://github.com/ada/mnist/blob/main/train.py", "https://github.com/ada/mnist"),
        ("<https://github.com/ada/mnist>.", "https://github.com/ada/mnist"),
        ("https://github.com/ada", "gh:ada"),
        ("https://gitlab.com/ada/mnist/tree/x", "https://gitlab.com/ada/mnist/tree/x"),
        ("gh:ada/mnist", "gh:ada/mnist"),
        ("./local/repo", "./local/repo"),
    ],
)
def test_pasted_links_become_repositories(pasted: str, target: str) -> None:
    assert normalize_link(pasted) == target


def test_links_follow_a_configured_github_host() -> None:
    assert (
        normalize_link("http://127.0.0.1:9/ada/mnist/tree/dev", "http://127.0.0.1:9")
        == "http://127.0.0.1:9/ada/mnist"
    )
    assert normalize_link("http://127.0.0.1:9/ada", "http://127.0.0.1:9") == "gh:ada"


def test_text_lines_with_comments_names_and_several_links() -> None:
    text = (
        "# applicants of the spring cohort\n"
        "\n"
        "https://github.com/ada/mnist\n"
        "Grace Hopper  gh:grace/cobol gh:grace/compiler   # two projects\n"
        "not a link at all\n"
    )
    assert read_text(text) == [
        Entry("https://github.com/ada/mnist", "", "line 3"),
        Entry("gh:grace/cobol", "Grace Hopper", "line 4"),
        Entry("gh:grace/compiler", "Grace Hopper", "line 4"),
        Entry("not a link at all", "", "line 5"),
    ]


def test_csv_columns_are_guessed_from_the_headers() -> None:
    text = (
        "\ufeffTimestamp,Full name,Email,GitHub repository\n"
        "2025-03-01,Ada Lovelace,ada@example.com,github.com/ada/mnist\n"
        '2025-03-02,Grace Hopper,grace@example.com,"gh:grace/a, gh:grace/b"\n'
        ",,,\n"
        "2025-03-03,Alan Turing,alan@example.com,\n"
    )
    ada = (("Timestamp", "2025-03-01"), ("Email", "ada@example.com"))
    grace = (("Timestamp", "2025-03-02"), ("Email", "grace@example.com"))
    alan = (("Timestamp", "2025-03-03"), ("Email", "alan@example.com"))
    assert read_csv(text) == [
        Entry("https://github.com/ada/mnist", "Ada Lovelace", "row 2", ada),
        Entry("gh:grace/a", "Grace Hopper", "row 3", grace),
        Entry("gh:grace/b", "Grace Hopper", "row 3", grace),
        Entry("", "Alan Turing", "row 5", alan),
    ]


def test_csv_columns_chosen_by_name_and_semicolons() -> None:
    text = "Candidate;Project;Portfolio\nAda;gh:ada/x;gh:ada/site\nBob;gh:bob/y;\n"
    entries = read_csv(text, url_column="portfolio", applicant_column="CANDIDATE")
    assert entries == [
        Entry("gh:ada/site", "Ada", "row 2", (("Project", "gh:ada/x"),)),
        Entry("", "Bob", "row 3", (("Project", "gh:bob/y"),)),
    ]


def test_csv_without_a_link_column_says_which_flag_to_use() -> None:
    with pytest.raises(InputError, match="--url-column.*Name, Score"):
        read_csv("Name,Score\nAda,3\n")
    with pytest.raises(InputError, match="no column 'site'"):
        read_csv("Name,Repo\nAda,gh:ada/x\n", url_column="site")
