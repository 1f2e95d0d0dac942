"""Reading a repository's TOML: valid, broken, and nested past the parser's recursion."""

from __future__ import annotations

import pytest

from repocheck.analyze import evaluate
from repocheck.facts.toml_text import TomlError, array, parse_toml, table_at, toml_or_none
from repocheck.report import Target
from tests.helpers import snapshot_from


def test_a_valid_document_is_read() -> None:
    assert parse_toml('[project]\nname = "x"\n') == {"project": {"name": "x"}}


def test_a_broken_document_says_where() -> None:
    with pytest.raises(TomlError, match="line 1"):
        parse_toml("[project\n")
    assert toml_or_none("[project\n") is None


def test_nesting_past_the_recursion_limit_is_not_valid_toml() -> None:
    deep = "x = " + "[" * 20_000 + "]" * 20_000
    with pytest.raises(TomlError, match="nested too deeply"):
        parse_toml(deep)
    assert toml_or_none(deep) is None


def test_table_is_empty_wherever_a_step_is_not_a_table() -> None:
    document = {"project": {"scripts": {"run": "m:f"}, "dynamic": "x"}, "tool": "ruff"}
    assert table_at(document, "project", "scripts") == {"run": "m:f"}
    assert table_at(document, "tool", "poetry") == {}
    assert table_at(document, "project", "dynamic") == {}
    assert table_at(document, "missing") == {}
    assert array(document["project"], "dynamic") == []
    assert array({"dynamic": ["dependencies"]}, "dynamic") == ["dependencies"]


WRONGLY_TYPED = [
    '[project]\nname = "x"\noptional-dependencies = [1, 2]\n',
    '[project]\ndependencies = "torch"\ndynamic = 5\nscripts = ["a"]\n',
    'project = 5\ntool = "poetry"\ndependency-groups = ["dev"]\n',
    "[tool]\npoetry = 3\n",
    '[tool.poetry]\ngroup = ["dev"]\nscripts = 4\n[tool.poetry.dependencies]\ntorch = 5\n',
    "[tool.poetry.group.dev]\ndependencies = 7\n[build-system]\nrequires = 1\n",
    "[tool.pytest]\nini_options = 5\n",
]


@pytest.mark.parametrize("text", WRONGLY_TYPED)
def test_a_pyproject_of_the_wrong_shape_crashes_no_rule(text: str) -> None:
    files = {"pyproject.toml": text, "train.py": "import torch\ntorch.manual_seed(0)\n"}
    report = evaluate(snapshot_from(files), Target("r", "r"))
    # (A snapshot built in memory has no ruff facts: READ001 and READ003 say so, uncrashed.)
    crashed = {o.meta.id: o.result.message for o in report.outcomes if "crash" in o.result.message}
    assert crashed == {}
