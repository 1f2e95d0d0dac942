"""What each entry point reaches, answered once for all of them over the condensed graph.

The fixture has a cycle of mutually recursive functions (ping -> pong -> pang -> ping), a
function reached only through that cycle (``deep``), two console scripts that call each
other, a dozen scripts entering the cycle at different members, and one script reaching
none of it. Every memoised answer is checked against what the entry point's walk meets.
"""

from __future__ import annotations

import ast

import pytest

from repocheck.analysis.components import condense
from repocheck.analysis.entrypoints import EntryPoint, project
from repocheck.analysis.reach import Body, EntryReach, body_trains, entry_reach, reach_graph
from repocheck.facts.snapshot import Snapshot
from tests.helpers import snapshot_from

CYCLE = """\
def ping(n):
    return pong(n - 1)


def pong(n):
    return pang(n)


def pang(n):
    if n > 0:
        return ping(n)
    return deep()


def deep():
    loss = compute()
    loss.backward()


def unused():
    return ping(0)
"""
CLI = """\
from pkg.cycle import ping


def train():
    ping(3)
    evaluate()


def evaluate():
    return train()
"""
PYPROJECT = """\
[project]
name = "pkg"

[project.scripts]
train = "pkg.cli:train"
evaluate = "pkg.cli:evaluate"
"""
MEMBERS = ("ping", "pong", "pang")
SCRIPTS = 12


def _files() -> dict[str, str]:
    files = {"pkg/__init__.py": "", "pkg/cycle.py": CYCLE, "pkg/cli.py": CLI}
    files["pyproject.toml"] = PYPROJECT
    for number in range(SCRIPTS):
        member = MEMBERS[number % len(MEMBERS)]
        files[f"scripts/run_{number}.py"] = f"from pkg.cycle import {member}\n{member}({number})\n"
    files["scripts/hello.py"] = "print('hello')\n"
    return files


@pytest.fixture(scope="module")
def snapshot() -> Snapshot:
    return snapshot_from(_files())


def _name(body: Body) -> str:
    function = body.place.function
    return function.scope.name if function else f"<{body.program.path}>"


def _functions(bodies: list[Body]) -> set[str]:
    return {_name(body) for body in bodies if body.place.function}


def _reaches(snapshot: Snapshot) -> dict[str, tuple[EntryPoint, EntryReach]]:
    return {entry.label: (entry, reached) for entry, reached in entry_reach(snapshot)}


CYCLE_AND_BELOW = {"ping", "pong", "pang", "deep"}


def test_every_entry_point_is_answered(snapshot: Snapshot) -> None:
    labels = set(_reaches(snapshot))
    scripts = {f"scripts/run_{number}.py" for number in range(SCRIPTS)}
    assert labels == scripts | {"scripts/hello.py", "pkg/cli.py:train", "pkg/cli.py:evaluate"}


def test_a_cycle_is_reached_whole_from_any_member(snapshot: Snapshot) -> None:
    for label, (_, reached) in _reaches(snapshot).items():
        if label.startswith("scripts/run_"):
            # Each script enters at one member; the others, and what the cycle calls, follow.
            assert _functions(list(reached.bodies())) == CYCLE_AND_BELOW, label


def test_console_scripts_reach_each_other(snapshot: Snapshot) -> None:
    reaches = _reaches(snapshot)
    for label in ("pkg/cli.py:train", "pkg/cli.py:evaluate"):
        _, reached = reaches[label]
        assert _functions(list(reached.bodies())) == {"train", "evaluate"} | CYCLE_AND_BELOW
        own = reached.own()
        assert _functions(own) == {"train", "evaluate"}
        assert all(body.program.path == "pkg/cli.py" for body in own)


def test_a_function_reached_only_through_the_cycle(snapshot: Snapshot) -> None:
    """``deep`` holds the only training call: every entry point but hello.py trains."""
    for label, (_, reached) in _reaches(snapshot).items():
        walked = any(body_trains(body) for body in reached.bodies())
        assert reached.any("trains", body_trains) is walked, label
        assert walked is (label != "scripts/hello.py"), label
        deep = reached.first("deep", lambda body: _name(body) == "deep")
        assert (deep is not None) is walked, label


def test_what_nothing_runs_is_left_out(snapshot: Snapshot) -> None:
    _, hello = _reaches(snapshot)["scripts/hello.py"]
    assert _functions(list(hello.bodies())) == set()
    assert hello.least_outside("name", _function_name) is None
    everything = {_name(body) for body in reach_graph(project(snapshot)).bodies()}
    assert "unused" not in everything


def _function_name(body: Body) -> str | None:
    return _name(body) if body.place.function else None


def test_folded_answers_match_each_walk(snapshot: Snapshot) -> None:
    """The least key outside the entry point's program, the bodies it reaches among those
    asked for, and the first of them its run meets, as the walk of each entry point says."""

    def line(body: Body) -> tuple[str, int] | None:
        calls = [node for node in body.nodes if isinstance(node, ast.Call)]
        return (body.program.path, calls[0].lineno) if calls else None

    for label, (entry, reached) in _reaches(snapshot).items():
        walked = list(reached.bodies())
        outside = [
            key for body in walked if body.program is not entry.program and (key := line(body))
        ]
        assert reached.least_outside("first call", line) == min(outside, default=None), label
        functions = reached.among("functions", lambda body: body.place.function is not None)
        assert {id(b) for b in functions} == {id(b) for b in walked if b.place.function}, label
        in_cycle = [b for b in walked if _name(b) in MEMBERS]
        first = reached.first("members", lambda body: _name(body) in MEMBERS)
        assert first is (in_cycle[0] if in_cycle else None), label


def test_sites_list_each_walked_body_once(snapshot: Snapshot) -> None:
    _, reached = _reaches(snapshot)["scripts/run_1.py"]
    nodes = [id(site.node) for site in reached.sites]
    assert len(nodes) == len(set(nodes))
    assert len(nodes) == sum(len(body.nodes) for body in reached.bodies())


def test_components_condense_cycles_sinks_first() -> None:
    # 0 -> 1 -> 2 -> 0 is a cycle; 2 -> 3; 4 -> 0; 5 alone.
    graph = condense([[1], [2], [0, 3], [], [0], []])
    component = graph.component
    assert component[0] == component[1] == component[2]
    assert len({component[3], component[0], component[4], component[5]}) == 4
    assert component[3] < component[0] < component[4]  # an edge goes to a lower number
    reached = graph.fold(lambda node: frozenset({node}), frozenset.union)
    assert reached[component[4]] == frozenset({0, 1, 2, 3, 4})
    assert reached[component[1]] == frozenset({0, 1, 2, 3})
    assert reached[component[5]] == frozenset({5})


def test_components_survive_a_chain_deeper_than_the_stack() -> None:
    depth = 50_000
    chain = [[node + 1] for node in range(depth)] + [[0]]
    graph = condense(chain)
    assert len(set(graph.component)) == 1


def _reached_functions(files: dict[str, str], entry_path: str) -> set[str]:
    snapshot = snapshot_from(files)
    (reached,) = [r for e, r in entry_reach(snapshot) if e.path == entry_path]
    return {body.place.function.key for body in reached.bodies() if body.place.function}


def test_a_method_called_on_a_local_object_of_a_known_class_runs_that_class_s_method() -> None:
    # knn = KNN(); knn.train(...): KNN's train runs, not every project method named train
    # (Forest.train, which no run builds a Forest for).
    files = {
        "models.py": (
            "class KNN:\n    def train(self, x):\n        return x\n\n\n"
            "class Forest:\n    def train(self, x):\n        return x\n"
        ),
        "main.py": (
            "import sys\n\nfrom models import KNN\n\n\ndef main():\n    knn = KNN()\n"
            "    knn.train(sys.argv[1])\n\n\n"
            "if __name__ == '__main__':\n    main()\n"
        ),
    }
    reached = _reached_functions(files, "main.py")
    assert "models.KNN.train" in reached
    assert "models.Forest.train" not in reached, reached
    # A name bound to something else too (a parameter, another class) may hold either.
    either = files["main.py"].replace("    knn = KNN()\n", "    knn = KNN()\n    knn = pick()\n")
    assert "models.Forest.train" in _reached_functions({**files, "main.py": either}, "main.py")
    param = files["main.py"].replace("def main():\n    knn = KNN()\n", "def main(knn=None):\n")
    assert "models.Forest.train" in _reached_functions({**files, "main.py": param}, "main.py")


def test_a_method_called_on_a_local_library_object_runs_no_project_method() -> None:
    # stl = STL(series, period=7); stl.fit(): statsmodels' fit runs, not the project's
    # Forecaster.fit, which only the training script builds. The exploration script (and a
    # notebook's top-level code alike) reaches no training that way.
    files = {
        "models.py": "class Forecaster:\n    def fit(self, x):\n        return x\n",
        "explore.py": (
            "import pandas as pd\nfrom statsmodels.tsa.seasonal import STL\n\n"
            "series = pd.read_csv('load.csv')['kwh']\n"
            "stl = STL(series, period=7)\nresult = stl.fit()\nresult.plot()\n"
        ),
    }
    assert "models.Forecaster.fit" not in _reached_functions(files, "explore.py")
    # A name bound to something else too may hold a project object.
    either = files["explore.py"].replace("result = stl", "stl = pick()\nresult = stl")
    reached = _reached_functions({**files, "explore.py": either}, "explore.py")
    assert "models.Forecaster.fit" in reached


def test_a_local_bound_to_project_and_library_wrappers_runs_only_those_classes_methods() -> None:
    # env = NESEnv(rom); env = SkipFrame(env); env = FrameStack(env, 4): env.step() runs
    # SkipFrame's step (FrameStack, a library wrapper, calls it in turn), not a PPO agent's
    # step in another folder that shares the method's name.
    files = {
        "mario/wrappers.py": (
            "import gym\n\n\nclass SkipFrame(gym.Wrapper):\n    def step(self, action):\n"
            "        return super().step(action)\n"
        ),
        "ppo/agents.py": "class PPOAgent:\n    def step(self, batch):\n        return batch\n",
        "mario/main.py": (
            "from gym.wrappers import FrameStack\nfrom nes_py import NESEnv\n"
            "from wrappers import SkipFrame\n\n"
            "env = NESEnv('mario.nes')\nenv = SkipFrame(env)\nenv = FrameStack(env, 4)\n"
            "state = env.step(0)\n"
        ),
    }
    reached = _reached_functions(files, "mario/main.py")
    assert "mario.wrappers.SkipFrame.step" in reached
    assert "ppo.agents.PPOAgent.step" not in reached
    # Two project classes bound in turn: either's method may run.
    both = files["mario/main.py"].replace("env = FrameStack(env, 4)", "env = PPOAgent()")
    both = both.replace(
        "from wrappers import SkipFrame",
        "from wrappers import SkipFrame\nfrom ppo.agents import PPOAgent",
    )
    reached = _reached_functions({**files, "mario/main.py": both}, "mario/main.py")
    assert {"mario.wrappers.SkipFrame.step", "ppo.agents.PPOAgent.step"} <= reached
