"""Allow ``python -m repocheck``."""

from __future__ import annotations

import os
import sys

# ``python -m`` puts the current folder first on sys.path. Run from inside a repository being
# analyzed, its click.py or yaml.py would be imported in place of the real package (the run
# imports most libraries only when it needs them), so the folder is taken off before anything
# else is imported. (``repocheck`` itself was found already: run the console script, or
# ``python -I -m repocheck``, from an untrusted folder.)
if sys.path and sys.path[0] == os.getcwd():
    del sys.path[0]

from repocheck.cli import run  # noqa: E402  (after the path is cleaned)

run()
