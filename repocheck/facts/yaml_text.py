"""YAML documents of the analyzed repository, read with libyaml's parser where PyYAML has it.

PyYAML's own parser is written in Python: the CI workflows of a library-sized repository
took it about a second, read at the facts and again by the CI analysis. PyYAML's wheels carry
libyaml, whose loaders build the same values and nodes (same positions for every scalar) and
raise the same error classes; they also refuse nesting past a thousand levels as a YAML
error, where the Python parser recursed until Python stopped it. A PyYAML built without
libyaml falls back to its own loaders. PyYAML is imported only when a repository has YAML to
read.
"""

from __future__ import annotations

from typing import Any


def safe_loader() -> Any:
    """The loader for ``yaml.load``/``yaml.compose`` that builds only plain data."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def base_loader() -> Any:
    """The loader that keeps every scalar a string (an unquoted ``3.10`` stays ``3.10``)."""
    import yaml

    return getattr(yaml, "CBaseLoader", yaml.BaseLoader)
