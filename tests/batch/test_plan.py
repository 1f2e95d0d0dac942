"""The plan of a batch: one job per repository, however often and however spelled it is listed."""

from __future__ import annotations

from repocheck.batch.cache import Cache
from repocheck.batch.inputs import Entry
from repocheck.batch.plan import Settings, make_plan
from repocheck.batch.rows import make_row
from repocheck.batch.work import failed


def test_a_github_repository_listed_in_two_spellings_is_one_job() -> None:
    # GitHub's owner and repository names are case-insensitive: Ada/MNIST is ada/mnist.
    entries = [
        Entry("https://github.com/Ada/MNIST", "ada", "line 1"),
        Entry("https://github.com/ada/mnist.git", "ada", "line 2"),
        Entry("https://github.com/ada/mnist-v2", "ada", "line 3"),
    ]
    plan = make_plan(entries, Settings(), Cache(None, "r"))
    assert [job.target for job in plan.jobs] == [
        "https://github.com/Ada/MNIST",
        "https://github.com/ada/mnist-v2",
    ]
    first, second, third = (key for _, key in plan.listed)
    assert first == second != third


def test_other_hosts_keep_the_case_of_their_paths() -> None:
    # A git server of one's own may tell /Ada/x.git from /ada/x.git.
    entries = [
        Entry("http://127.0.0.1:9/Ada/x.git", "", "line 1"),
        Entry("http://127.0.0.1:9/ada/x.git", "", "line 2"),
    ]
    assert len(make_plan(entries, Settings(), Cache(None, "r")).jobs) == 2


def test_a_row_names_its_applicant_as_listed_not_as_the_lowercased_key() -> None:
    entry = Entry("https://github.com/AdaLovelace/MNIST", "", "line 1")
    ((listed, key),) = make_plan([entry], Settings(), Cache(None, "r")).listed
    assert make_row(listed, key, failed(key, "timeout", "slow")).applicant == "AdaLovelace"
