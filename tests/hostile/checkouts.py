"""Checkouts built with real git for the tests of what repocheck lets git read and run."""

from __future__ import annotations

from pathlib import Path

import git

from tests.github.actions_env import commit

MODULE = '"""A module."""\n\n\ndef answer():\n    """The answer."""\n    return 42\n'
#: ``$Format:...$`` in an export-subst file: ``git archive`` would expand it, verifying the
#: signature with the configured ``gpg.program``.
SUBSTITUTED = "VERSION = '$Format:%H %G?$'\n"


def pull_request_checkout(repo: Path) -> tuple[Path, str, str]:
    """A repository with a pull request branch checked out: (repo, base sha, head sha).

    Its ``.gitattributes`` routes every file through the ``evil`` filter and diff drivers,
    which a test may then define in the repository's own config.
    """
    handle = git.Repo.init(repo, initial_branch="main")
    with handle.config_writer() as config:
        config.set_value("user", "name", "Ada")
        config.set_value("user", "email", "ada@example.com")
    files = {
        ".gitattributes": "* filter=evil diff=evil\n*.py export-subst\n",
        "pkg/__init__.py": '"""The package."""\n',
        "pkg/core.py": MODULE,
        "pkg/version.py": SUBSTITUTED,
    }
    base = commit(repo, "Start the package", files)
    handle.git.checkout("-q", "-b", "feature")
    head = commit(repo, "Add a helper", {"pkg/helper.py": MODULE})
    return repo, base, head
