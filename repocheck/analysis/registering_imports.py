"""Imports made for what importing does: packages that register environments with gym when
imported, so that ``gym.make("RoboschoolWalker2d-v1")`` finds them. The module's name is never
read after the import, which is why a linter calls it unused; deleting it breaks the run."""

from __future__ import annotations

import ast

from repocheck.analysis.cache import per_object
from repocheck.facts.snapshot import SourceUnit

#: Packages whose import registers gym (or gymnasium) environments: the Roboschool and
#: PyBullet robots, the D4RL datasets' tasks, Procgen, MiniGrid, highway-env, and the Arcade
#: Learning Environment's Atari games (gymnasium 1.0 makes them only after ``import ale_py``).
REGISTERING = frozenset(
    {"roboschool", "pybullet_envs", "d4rl", "procgen", "minigrid", "highway_env", "ale_py"}
)
#: The naming convention of environment packages built for gym (``gym_minigrid``,
#: ``gym_super_mario_bros``).
_GYM_PACKAGE_PREFIX = "gym_"


def registers_environments(module: str) -> bool:
    """Whether importing ``module`` (dotted) registers gym environments."""
    top = module.split(".")[0]
    return top in REGISTERING or top.startswith(_GYM_PACKAGE_PREFIX)


@per_object
def registering_import_lines(unit: SourceUnit) -> frozenset[int]:
    """Lines of plain ``import X`` statements of such a package; ``from X import name`` takes a
    name to use, so an unused one is an ordinary unused import."""
    return frozenset(
        line
        for node in unit.of_type(ast.Import)
        if any(registers_environments(alias.name) for alias in node.names)
        for line in range(node.lineno, (node.end_lineno or node.lineno) + 1)
    )
