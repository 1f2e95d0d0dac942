"""The folders an experiment tracker keeps one run's record in, inside the repository.

``wandb.init()`` makes ``wandb/run-<time>-<id>/`` (``offline-run-`` offline, and a
``latest-run`` link to the last) below the working folder: the run's logs, a copy of its code,
the machine's ``pip freeze`` in ``files/requirements.txt``. Committed, such a folder is a
by-product (GIT005), and its saved environment declares nothing of the project (REPRO003).
"""

from __future__ import annotations

#: How wandb names the folder of one run under its ``wandb/`` directory.
_WANDB_RUNS = ("run-", "offline-run-", "latest-run")


def wandb_run_at(parts: list[str]) -> int | None:
    """The index of the ``wandb`` folder in a file's path ``parts`` where the folder below it
    is one run's and the file lies inside that run's folder; None elsewhere."""
    for index, part in enumerate(parts[:-2]):
        if part == "wandb" and parts[index + 1].startswith(_WANDB_RUNS):
            return index
    return None
