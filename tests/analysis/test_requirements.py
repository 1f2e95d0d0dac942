"""Requirement lines read the way pip reads them (repocheck/analysis/requirements.py)."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def test_a_vcs_url_without_egg_provides_the_import_its_repository_is_named_for() -> None:
    # pip installs openai/CLIP from its URL alone; the repository's name is the import's, so
    # `import clip` is declared. The name is a guess: it only answers for that import and is
    # no declared distribution of its own (REPRO004 counts what names itself).
    files = {
        "requirements.txt": "torch\ngit+https://github.com/openai/CLIP.git\n",
        "app.py": "import torch\nimport clip\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics["declared"] == 1
    assert check("REPRO004", snapshot_from(files)).metrics["declared"] == 1
    # A repository named for something else declares nothing the code imports.
    other = {**files, "requirements.txt": "torch\ngit+https://github.com/example/nameless.git\n"}
    assert "clip" in check("REPRO003", snapshot_from(other)).message


def test_a_repository_named_for_what_its_package_does_provides_the_import_it_ends_with() -> None:
    # kitayama1234/TransformDF2Numpy installs `df2numpy`: the repository's name is the verb
    # and the package's. An import the name begins or ends with, long enough not to be a
    # piece of any word, is the repository's; an import known by another distribution's
    # name (sklearn is scikit-learn's) is never taken from it.
    files = {
        "requirements.txt": "numpy\ngit+https://github.com/kitayama1234/TransformDF2Numpy\n",
        "demo.py": "import numpy\nfrom df2numpy import TransformDF2Numpy\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    fork = {
        "requirements.txt": "git+https://github.com/example/sklearn-extras\n",
        "demo.py": "import sklearn\n",
    }
    assert "scikit-learn" in check("REPRO003", snapshot_from(fork)).message
