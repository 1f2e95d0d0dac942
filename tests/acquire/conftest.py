"""Git servers on 127.0.0.1, a sandbox per test (tests/fakes/fixtures.py), a served repository."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from tests.fakes.fixtures import daemon, http_git, sandbox, served
from tests.fakes.git_repos import bare_copy
from tests.helpers import Step, make_repo

__all__ = ["daemon", "http_git", "refs_repo", "sandbox", "served"]


@pytest.fixture(scope="session")
def refs_repo(tmp_path_factory: pytest.TempPathFactory, served: Path) -> dict[str, str]:
    """``refs``: a branch ``dev``, a tag ``v1`` and an annotated ``v1.0``; name -> commit.

    ``v1.0-object`` is the annotated tag's own object, which a lookup must peel to its commit.
    """
    path = make_repo(
        tmp_path_factory.mktemp("refs") / "refs",
        [
            Step("Add the model", {"model.py": "def model():\n    return 1\n"}),
            Step("Add the trainer", {"train.py": "def train():\n    return 2\n"}, days=1),
        ],
    )
    repo = git.Repo(path)
    repo.create_tag("v1", ref="HEAD~1")
    annotated = repo.create_tag("v1.0", ref="HEAD~1", message="First release").tag
    assert annotated is not None
    repo.git.checkout("-q", "-b", "dev")
    make_repo(path, [Step("Add dev notes", {"NOTES.md": "dev\n"}, days=2)])
    repo.git.checkout("-q", "main")
    bare_copy(path, served, "refs")
    return {
        "main": repo.commit("main").hexsha,
        "dev": repo.commit("dev").hexsha,
        "v1": repo.commit("v1").hexsha,
        "v1.0": repo.commit("v1.0").hexsha,
        "v1.0-object": annotated.hexsha,
    }
