"""Reading a repository's TOML: valid, broken, and nested past the parser's recursion."""

from __future__ import annotations

import pytest

from repocheck.facts.toml_text import TomlError, parse_toml, toml_or_none


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
