"""The oldest Python a repository declares, from each place a project declares it."""

from __future__ import annotations

import pytest

from repocheck.facts.python_target import declared_python2, declared_target, lowest_of

MATRIX = """
jobs:
  test:
    strategy:
      matrix:
        python-version: [3.10, "3.11", '3.12']
    steps:
      - uses: actions/setup-python@v5
        with:
          python-version: ${{ matrix.python-version }}
"""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"pyproject.toml": '[project]\nrequires-python = ">=3.9"\n'}, ("3.9", "requires-python")),
        ({"pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.8"\n'}, ("3.8", "Poetry")),
        ({"ruff.toml": 'target-version = "py311"\n'}, ("3.11", "ruff target-version")),
        ({"setup.cfg": "[options]\npython_requires = >=3.7\n"}, ("3.7", "setup.cfg")),
        ({"setup.py": "setup(python_requires='~=3.10.2')\n"}, ("3.10", "setup.py")),
        # Unquoted YAML 3.10 is the float 3.1: read as text it stays 3.10.
        ({".github/workflows/ci.yml": MATRIX}, ("3.10", "CI matrix")),
        (
            {".github/workflows/ci.yml": 'x: &v ["3.9"]\nmatrix:\n  python-version: *v\n'},
            ("3.9", "CI matrix"),
        ),
        ({"tox.ini": "[tox]\nenvlist = py39, py310, lint\n"}, ("3.9", "tox.ini")),
        (
            {"environment.yml": "name: ml\ndependencies:\n  - python=3.8\n  - pytorch\n"},
            ("3.8", "conda environment"),
        ),
        # The oldest of several declarations wins: the code must run there.
        (
            {
                "pyproject.toml": '[project]\nrequires-python = ">=3.10"\n',
                ".github/workflows/ci.yml": MATRIX.replace("3.10,", "3.8, 3.10,"),
            },
            ("3.8", "CI matrix"),
        ),
        # Python 2 is clamped to the oldest Python ruff knows.
        ({"setup.py": "setup(python_requires='>=2.7')\n"}, ("3.7", "setup.py")),
    ],
)
def test_the_oldest_declared_python_is_found(files: dict[str, str], expected: tuple) -> None:
    target = declared_target(files)
    assert target is not None
    assert target.dotted == expected[0] and expected[1] in target.source


@pytest.mark.parametrize(
    "files",
    [
        {},
        {"pyproject.toml": "[project]\nname = 'x'\n"},
        {"pyproject.toml": "not = = toml"},
        {".github/workflows/ci.yml": "python-version: [pypy-3.9, '3.x']\n"},
        {".github/workflows/ci.yml": "a: &a [*a]\nb: [: broken"},
        {"pyproject.toml": '[project]\nrequires-python = "nonsense"\n'},
    ],
)
def test_no_declaration_is_no_target(files: dict[str, str]) -> None:
    assert declared_target(files) is None


def test_lower_bounds_of_specifiers() -> None:
    assert lowest_of(">=3.8.1,<4") == (3, 8)
    assert lowest_of("==3.11.*") == (3, 11)
    assert lowest_of("~3.9") == (3, 9)
    assert lowest_of("<3") is None


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({".travis.yml": 'language: python\npython:\n  - "2.7"\n'}, ".travis.yml"),
        ({".travis.yml": "language: python\npython: 2.7\n"}, ".travis.yml"),
        ({"tox.ini": "[tox]\nenvlist = py27, flake8\n"}, "tox.ini"),
        ({".travis.yml": "python:\n  - 2.7\n  - 3.6\n"}, None),
        ({"tox.ini": "[tox]\nenvlist = py27,py36\n"}, None),
        (
            {
                ".travis.yml": "python:\n  - 2.7\n",
                "pyproject.toml": '[project]\nname = "x"\nrequires-python = ">=3.8"\n',
            },
            None,
        ),
        ({"README.md": "Written with python 2.7"}, None),
    ],
)
def test_a_project_on_python_2_alone_is_found(files: dict[str, str], expected: str | None) -> None:
    assert declared_python2(files) == expected
