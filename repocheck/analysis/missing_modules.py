"""Imports of the project's own modules that the repository does not hold.

``from models import Net`` where no ``models.py`` is committed is no package to declare: the
module was left out of a commit, or deleted while a script still imports it, and the script
fails on a fresh clone whatever is installed. Names like ``models``, ``utils`` or
``dataset`` are what learners call their own modules; on PyPI they are either unused or
something else (``dataset`` is a SQL toolkit), so an import of one the repository lacks is
read as a missing module, not as a package to declare.
"""

from __future__ import annotations

#: Module names projects give their own code, never a package an ML project means to install.
PROJECT_MODULE_NAMES = frozenset(
    {"models", "model", "utils", "util", "utilities", "config", "configs", "helpers"}
    | {"helper", "common", "networks", "network", "layers", "losses", "loss", "modules"}
    | {"trainer", "training", "dataloader", "data_loader", "dataset", "data", "src", "lib"}
    | {"project", "main", "app"}
    | {"metrics_utils", "train_utils", "model_utils", "data_utils", "preprocessing_utils"}
)


def is_project_module_name(top: str) -> bool:
    """Whether ``top`` is a name a project gives its own module (``models``, ``utils``,
    ``Project``: module names are often capitalised like the class they hold)."""
    return top.lower() in PROJECT_MODULE_NAMES
