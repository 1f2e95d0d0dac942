import ast

from repocheck.analysis.spans import contains, end_of, start_of

SOURCE = """\
def train(model):
    for batch in loader:
        loss = model(batch)
"""


def _nodes() -> tuple[ast.FunctionDef, ast.For, ast.Call]:
    function = ast.parse(SOURCE).body[0]
    assert isinstance(function, ast.FunctionDef)
    loop = function.body[0]
    assert isinstance(loop, ast.For)
    call = next(node for node in ast.walk(loop) if isinstance(node, ast.Call))
    return function, loop, call


def test_positions_are_line_then_column() -> None:
    _, loop, call = _nodes()
    assert start_of(loop) == (2, 4)
    assert end_of(loop) == (3, 27)
    assert start_of(call) == (3, 15)


def test_contains_follows_nesting_and_excludes_the_node_itself() -> None:
    function, loop, call = _nodes()
    assert contains(function, call)
    assert contains(loop, call)
    assert not contains(call, loop)
    assert not contains(loop, loop)


def test_sorting_by_start_reads_in_source_order() -> None:
    function, loop, call = _nodes()
    assert sorted([call, function, loop], key=start_of) == [function, loop, call]
