"""Where a call goes: the one-look-up check that a name may name a project function keeps
every way a call finds one (an alias, a variable holding a project object, a method)."""

from __future__ import annotations

import ast

from repocheck.analysis.callgraph import Place, ProjectGraph, call_targets, may_name
from repocheck.analysis.imports import programs
from tests.helpers import snapshot_from

MODELS = """\
class Net:
    def forward(self, x):
        return helper(x)


def helper(x):
    return x
"""
TRAIN = """\
from pkg.models import Net
from pkg.models import helper as h

net = Net()
h(1)
net(2)
value = 3
value(4)
loader.forward(5)
"""


def _graph_and_calls() -> tuple[ProjectGraph, Place, list[ast.Call]]:
    snapshot = snapshot_from({"pkg/__init__.py": "", "pkg/models.py": MODELS, "train.py": TRAIN})
    graph = ProjectGraph(programs(snapshot))
    train = next(program for program in graph.programs if program.path == "train.py")
    unit = train.units[0]
    calls = sorted(unit.of_type(ast.Call), key=lambda call: call.lineno)
    return graph, Place(train, types={"net": "pkg.models.Net"}), calls


def test_an_alias_a_held_object_and_a_method_still_find_their_functions() -> None:
    graph, place, calls = _graph_and_calls()
    found = {call.lineno: call_targets(graph, call.func, place) for call in calls}
    assert (found[4].now, found[4].later) == ([], ["pkg.models.Net.forward"])  # built, run later
    assert found[5].now == ["pkg.models.helper"]  # h is helper
    assert found[6].now == ["pkg.models.Net.forward"]  # net holds a Net: calling it runs forward
    assert not found[8].now and not found[8].later  # a local value is no project function
    assert found[9].now == ["pkg.models.Net.forward"] and not found[9].exact  # by name only


def test_a_name_ending_like_no_project_function_is_ruled_out_at_once() -> None:
    graph, place, calls = _graph_and_calls()
    value = next(call for call in calls if call.lineno == 8)
    assert not may_name(graph, value.func, place, place.program.resolve(value.func))
    held = next(call for call in calls if call.lineno == 6)
    assert may_name(graph, held.func, place, None)  # a variable holding a project object


def test_a_package_left_out_of_an_upload_finds_the_modules_it_held_at_the_top() -> None:
    # Uploaded through GitHub's web page, src/config.py and src/utils.py land at the top while
    # train.py still imports them from src: the modules answer to the name the code uses.
    # A library's module (sklearn.metrics) is never read as the project's metrics.py.
    run = "from src.config import LR\nfrom src.utils import set_seed\nimport sklearn.metrics\n"
    snapshot = snapshot_from(
        {"config.py": "LR = 0.1\n", "utils.py": "def set_seed(s):\n    pass\n"}
        | {"metrics.py": "", "train.py": run}
    )
    graph = ProjectGraph(programs(snapshot))
    train = next(program for program in graph.programs if program.path == "train.py")
    imports = sorted(train.units[0].of_type(ast.Import, ast.ImportFrom), key=lambda n: n.lineno)
    loaded = [[other.path for other in graph.imported_by(train, node)] for node in imports]
    assert loaded == [["config.py"], ["utils.py"], []]
    assert graph.lookup("src.utils.set_seed") == (["utils.set_seed"], [])
    # A package the repository holds is no missing one: its absent module stays absent, and
    # the config.py at the top is not what it names.
    snapshot = snapshot_from({"src/__init__.py": "", "config.py": "", "train.py": run})
    graph = ProjectGraph(programs(snapshot))
    train = next(program for program in graph.programs if program.path == "train.py")
    first = min(train.units[0].of_type(ast.ImportFrom), key=lambda n: n.lineno)
    assert graph.imported_by(train, first) == []


PLAYERS = """\
import numpy as np


class Search:
    def act(self, state):
        return state


class NoisySearch(Search):
    def act(self, state):
        return state + np.random.dirichlet([0.3, 0.3])


class Player:
    def __init__(self):
        self.search = None

    def move(self, state):
        return self.search.act(state)


class SearchPlayer(Player):
    def __init__(self):
        super().__init__()
        self.search = Search()


class NoisyPlayer(SearchPlayer):
    def __init__(self):
        super().__init__()
        self.search = NoisySearch()
        self.net = build()

    def step(self):
        self.net.act(1)
"""


def test_a_method_of_an_object_kept_in_an_attribute_runs_that_class_method() -> None:
    # An AlphaZero player keeps its tree search in self.search, built as one class in the
    # player and another in a subclass: self.search.act() runs one of their act methods, no
    # other project method named act. An attribute also given a value of unknown class
    # (self.net = build()) is matched by name, as before.
    snapshot = snapshot_from({"players.py": PLAYERS})
    graph = ProjectGraph(programs(snapshot))
    held = graph.attribute_classes("players.Player", "search")
    assert sorted(held) == ["players.NoisySearch", "players.Search"]
    assert graph.attribute_classes("players.NoisyPlayer", "net") == ()
    program = graph.programs[0]
    calls = {call.lineno: call for call in program.units[0].of_type(ast.Call)}
    move = graph.functions["players.Player.move"][0]
    found = call_targets(graph, calls[19].func, Place(program, move))
    assert sorted(found.now) == ["players.NoisySearch.act", "players.Search.act"]
    assert found.exact
    step = graph.functions["players.NoisyPlayer.step"][0]
    loose = call_targets(graph, calls[35].func, Place(program, step))
    assert not loose.exact


HOOK_NAMES = """\
import lightning as L


class Plain:
    def __init__(self):
        self.rows = []

    def __getitem__(self, index):
        return self.rows[index]

    def train_dataloader(self):
        return self.rows


class Module(L.LightningDataModule):
    def train_dataloader(self):
        return []
"""


def test_lightning_hook_names_run_later_only_where_a_class_derives_from_something() -> None:
    snapshot = snapshot_from({"data.py": HOOK_NAMES})
    graph = ProjectGraph(programs(snapshot))
    assert graph.construct("data.Plain").later == ["data.Plain.__getitem__"]  # no hook
    assert graph.construct("data.Module").later == ["data.Module.train_dataloader"]


def test_a_function_called_through_its_remote_handle_runs_that_function() -> None:
    # ``train.remote(...)`` runs ``train`` (a Modal or Ray function); a method of that name
    # on any other object is not a project function's handle.
    app = (
        "import modal\n\napp = modal.App('x')\n\n\n@app.function(gpu='L4')\n"
        "def train(lr=0.1):\n    return lr\n\n\n"
        "def main():\n    train.remote(lr=0.01)\n    pool.map(train, [1])\n"
    )
    graph = ProjectGraph(programs(snapshot_from({"app.py": app})))
    program = graph.programs[0]
    calls = sorted(program.units[0].of_type(ast.Call), key=lambda call: call.lineno)
    place = Place(program, graph.functions["app.main"][0])
    remote = next(call for call in calls if call.lineno == 12)
    assert may_name(graph, remote.func, place, program.resolve(remote.func))
    assert call_targets(graph, remote.func, place).now == ["app.train"]
    mapped = next(call for call in calls if call.lineno == 13)
    assert call_targets(graph, mapped.func, place).now == []
