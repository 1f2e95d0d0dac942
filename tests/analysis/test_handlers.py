"""What an except clause catches, by the classes it names."""

from __future__ import annotations

import ast

import pytest

from repocheck.analysis.handlers import catches

_ASSERTIONS = frozenset({"AssertionError", "Exception"})


def _caught(source: str) -> ast.expr | None:
    tree = ast.parse(f"try:\n    pass\n{source}\n    pass\n")
    statement = tree.body[0]
    assert isinstance(statement, ast.Try)
    return statement.handlers[0].type


@pytest.mark.parametrize(
    "clause",
    ["except:", "except AssertionError:", "except (ValueError, Exception) as e:"]
    + ["except builtins.AssertionError:"],
)
def test_a_clause_naming_the_class_or_a_bare_one_catches_it(clause: str) -> None:
    assert catches(_caught(clause), _ASSERTIONS)


@pytest.mark.parametrize("clause", ["except ValueError:", "except (KeyError, OSError):"])
def test_a_clause_naming_other_classes_does_not(clause: str) -> None:
    assert not catches(_caught(clause), _ASSERTIONS)
