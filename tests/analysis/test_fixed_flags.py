"""Which branch of an ``if`` a call's constants decide."""

from __future__ import annotations

import ast

from repocheck.analysis import fixed_flags
from repocheck.analysis.fixed_flags import bound_constants, decided
from repocheck.facts.python import parse_source


def _function(source: str) -> ast.FunctionDef:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    return node


def _tested(source: str, name: str = "f") -> frozenset[str]:
    unit = parse_source("m.py", source)
    assert unit.tree is not None
    node = next(n for n in unit.tree.body if isinstance(n, ast.FunctionDef) and n.name == name)
    return fixed_flags.ParameterTests(unit).tested(node)


def _test(expression: str) -> ast.expr:
    return ast.parse(expression, mode="eval").body


def test_tests_of_a_parameter_are_decided_by_its_constant() -> None:
    assert decided(_test("randomized"), {"randomized": False}) is False
    assert decided(_test("not randomized"), {"randomized": False}) is True
    assert decided(_test("perturb > 0.0"), {"perturb": 0.0}) is False
    assert decided(_test("noise is None"), {"noise": None}) is True
    assert decided(_test("train and p > 0"), {"train": False}) is False
    assert decided(_test("train or p > 0"), {"train": False}) is None
    assert decided(_test("mode == 'train'"), {"mode": "eval"}) is False
    assert decided(_test("randomized"), {}) is None
    assert decided(_test("n > 'a'"), {"n": 1}) is None  # a comparison Python refuses


def test_only_parameters_tested_and_never_assigned_count() -> None:
    source = (
        "def f(self, z, randomized=True, *, perturb=0.0, other=1):\n"
        "    if randomized and perturb > 0.0:\n        z = z + 1\n"
        "    for other in range(3):\n        if other:\n            pass\n"
        "    return z\n"
    )
    node = _function(source)
    tested = _tested(source)
    assert tested == {"randomized", "perturb"}
    call = ast.parse("s.f(z, False)", mode="eval").body
    assert isinstance(call, ast.Call)
    assert bound_constants(call, node, tested, method=True) == (
        ("randomized", False),
        ("perturb", 0.0),
    )
    spread = ast.parse("s.f(z, **options)", mode="eval").body
    assert isinstance(spread, ast.Call)
    assert bound_constants(spread, node, tested, method=True) == ()
    given = ast.parse("s.f(z, randomized=flag)", mode="eval").body
    assert isinstance(given, ast.Call)
    assert bound_constants(given, node, tested, method=True) == (("perturb", 0.0),)


def test_a_parameter_handed_on_as_a_switch_keyword_counts() -> None:
    # def create_dataloader(ds, shuffle=True): return DataLoader(ds, shuffle=shuffle)
    source = (
        "def f(ds, shuffle=True, size=2):\n"
        "    return DataLoader(ds, batch_size=size, shuffle=shuffle)\n"
    )
    assert _tested(source) == {"shuffle"}
    call = ast.parse("DataLoader(ds, batch_size=size, shuffle=shuffle)", mode="eval").body
    assert isinstance(call, ast.Call)
    fixed = fixed_flags.with_constants(call, {"shuffle": False})
    assert fixed is not None
    assert ast.unparse(fixed) == "DataLoader(ds, batch_size=size, shuffle=False)"
    assert fixed_flags.with_constants(call, {"other": False}) is None


def test_a_parameter_joined_with_others_in_a_switch_keyword_counts() -> None:
    # def _loader(table, train): ... DataLoader(ds, sampler=sampler,
    #     shuffle=train and sampler is None), called with train=False to predict.
    source = (
        "def f(ds, train, sampler=None):\n"
        "    return DataLoader(ds, sampler=sampler, shuffle=train and sampler is None)\n"
    )
    assert _tested(source) == {"train"}
    call = ast.parse("DataLoader(ds, shuffle=train and sampler is None)", mode="eval").body
    assert isinstance(call, ast.Call)
    fixed = fixed_flags.with_constants(call, {"train": False})
    assert fixed is not None
    assert ast.unparse(fixed) == "DataLoader(ds, shuffle=False)"
    # Bound to True, the rest still decides: the call is left as it is.
    assert fixed_flags.with_constants(call, {"train": True}) is None
    either = ast.parse("DataLoader(ds, shuffle=eval_only or shuffle)", mode="eval").body
    assert isinstance(either, ast.Call)
    fixed = fixed_flags.with_constants(either, {"eval_only": True})
    assert fixed is not None and ast.unparse(fixed) == "DataLoader(ds, shuffle=True)"


def test_each_function_reads_only_the_lines_it_spans() -> None:
    source = (
        "def f(z, randomized=True):\n"
        "    return z\n\n"
        "def g(z, randomized=True):\n"
        "    if randomized:\n        z = z + 1\n"
        "    def inner():\n        nonlocal z\n"
        "    return z\n\n"
        "def h(z, randomized=True):\n"
        "    if randomized:\n        z = z + 1\n"
        "    def inner():\n        randomized = False\n"
        "    return z\n"
    )
    assert _tested(source, "f") == frozenset()  # g's test is not f's
    assert _tested(source, "g") == {"randomized"}
    assert _tested(source, "h") == frozenset()  # assigned again, in a nested function


def test_an_and_or_test_is_evaluated_up_to_the_operand_that_decides_it() -> None:
    parts = fixed_flags.evaluated(_test("augment and random.random() < 0.5"), {"augment": False})
    assert [ast.unparse(p) for p in parts] == ["augment"]
    parts = fixed_flags.evaluated(_test("keep or random.random() < 0.5"), {"keep": True})
    assert [ast.unparse(p) for p in parts] == ["keep"]
    parts = fixed_flags.evaluated(_test("augment and random.random() < 0.5"), {"augment": True})
    assert [ast.unparse(p) for p in parts] == ["augment", "random.random() < 0.5"]
    assert len(fixed_flags.evaluated(_test("augment and f()"), {})) == 2
