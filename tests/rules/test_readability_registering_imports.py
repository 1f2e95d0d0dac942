"""READ001: ``import roboschool`` beside ``gym.make("RoboschoolWalker2d-v1")`` registers the
environments gym then makes; ruff calls it unused, and `ruff check --fix` would delete the
line every run needs. An unused import of any other library still counts."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_readability import read001_of

TRAIN = (
    "import os\n"
    "import gym\n"
    "import roboschool\n"
    "import pybullet_envs\n"
    "import gym_minigrid\n"
    "import numpy as np\n"
    "from roboschool import gym_forward_walker\n\n\n"
    "def make(name):\n"
    "    return gym.make(name)\n"
)


def test_read001_an_import_that_registers_gym_environments_is_used(tmp_path: Path) -> None:
    result = read001_of(tmp_path, {"train.py": TRAIN})
    unused = [e.line for e in result.evidence if e.snippet.startswith("F401")]
    # os and numpy are unused; a name taken from roboschool is an ordinary import.
    assert unused == [1, 6, 7]
    assert "3 imports that register gym environments" in result.message


def test_read001_ale_py_registers_the_atari_games_with_gymnasium(tmp_path: Path) -> None:
    # Since gymnasium 1.0 the ALE environments exist only once ale_py is imported.
    code = (
        "import ale_py\n"
        "import gymnasium as gym\n"
        "import numpy as np\n\n\n"
        "def make():\n"
        '    return gym.make("ALE/Breakout-v5")\n'
    )
    result = read001_of(tmp_path, {"dqn.py": code})
    unused = [e.line for e in result.evidence if e.snippet.startswith("F401")]
    assert unused == [3]
