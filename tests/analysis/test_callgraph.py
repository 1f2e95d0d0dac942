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
