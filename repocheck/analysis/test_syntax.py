"""Small readings of test code shared by test discovery and the split of test code: dotted
names, decorators, fixtures and the parameters they feed, and the ``__main__`` block."""

from __future__ import annotations

import ast
from typing import TypeGuard

from repocheck.facts.snapshot import SourceUnit, breadth_first

Function = ast.FunctionDef | ast.AsyncFunctionDef


def dotted_name(expr: ast.expr) -> str | None:
    """``a.b.c`` for a chain of attributes on a name, else None."""
    parts: list[str] = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


def decorator_names(node: Function | ast.ClassDef) -> list[str]:
    """Dotted names of a definition's decorators: ``pytest.mark.skip``, ``fixture`` ..."""
    names = []
    for decorator in node.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        names.append(dotted_name(target) or "")
    return names


def is_fixture(node: Function) -> bool:
    """Whether the function is a pytest fixture (``@pytest.fixture``, ``@fixture(...)``)."""
    return any(name.rpartition(".")[2] == "fixture" for name in decorator_names(node))


def fixture_name(node: Function) -> str:
    """The name tests ask a fixture by: ``@pytest.fixture(name="model")`` renames it."""
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call):
            for keyword in decorator.keywords:
                if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return node.name


#: Fixtures pytest and its most common plugins provide without a conftest.py.
BUILTIN_FIXTURES = frozenset(
    {
        "request", "pytestconfig", "cache", "capsys", "capsysbinary", "capfd", "capfdbinary",
        "caplog", "monkeypatch", "recwarn", "tmp_path", "tmp_path_factory", "tmpdir",
        "tmpdir_factory", "record_property", "record_xml_attribute", "record_testsuite_property",
        "doctest_namespace", "testdir", "pytester", "subtests", "mocker", "benchmark",
        "requests_mock", "httpserver", "snapshot", "datadir", "shared_datadir", "event_loop",
        "faker", "client", "db", "rf", "settings", "live_server", "qtbot", "xprocess", "page",
        "browser", "httpx_mock", "aioresponses", "anyio_backend", "worker_id", "testrun_uid",
    }
)  # fmt: skip


def required_parameters(node: Function) -> list[str]:
    """Parameters without a default, ``self``/``cls`` left out."""
    args = [*node.args.posonlyargs, *node.args.args]
    required = [a.arg for a in args[: len(args) - len(node.args.defaults)]]
    required += [
        a.arg
        for a, default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)
        if default is None
    ]
    return [name for name in required if name not in ("self", "cls")]


def main_guard(unit: SourceUnit) -> ast.If | None:
    """The module's ``if __name__ == "__main__":`` block, if it has one."""
    body = unit.tree.body if unit.tree is not None else []
    return next((node for node in body if _is_main_guard(node)), None)


#: Calls a ``__main__`` block of a test module makes to start the runner; a bare ``main()``
#: is the script's own.
_RUNNERS = frozenset({"unittest.main", "pytest.main", "absltest.main", "test.main", "run_tests"})


def starts_runner(body: list[ast.stmt]) -> bool:
    """Whether a block starts a test runner: ``unittest.main()``, ``pytest.main([...])``."""
    calls = [node for stmt in body for node in breadth_first(stmt) if isinstance(node, ast.Call)]
    for call in calls:
        dotted = dotted_name(call.func) or ""
        # tf.test.main(), unittest.TextTestRunner().run(suite)
        if any(dotted == r or dotted.endswith("." + r) for r in _RUNNERS) or "TestRunner" in dotted:
            return True
    return False


def _is_main_guard(node: ast.stmt) -> TypeGuard[ast.If]:
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    operands = [node.test.left, *node.test.comparators]
    names = {o.id for o in operands if isinstance(o, ast.Name)}
    values = {o.value for o in operands if isinstance(o, ast.Constant)}
    return "__name__" in names and "__main__" in values
