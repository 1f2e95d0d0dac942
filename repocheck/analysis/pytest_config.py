"""How the project tells pytest to name its tests: ``python_files``, ``python_functions`` and
``python_classes``, read where pytest reads them (pytest.ini, pyproject.toml, tox.ini,
setup.cfg; the first file holding a pytest section wins, as in pytest itself); and the files
its CI hands pytest by name (``pytest ch04/tests.py``), which pytest collects whatever their
name.
"""

from __future__ import annotations

import configparser
import fnmatch
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.ci import ci_configs
from repocheck.analysis.readme import readme_path
from repocheck.facts.snapshot import Snapshot
from repocheck.facts.toml_text import toml_or_none
from repocheck.patterns import compile_on_use

_GLOB = frozenset("*?[")
#: (file, ini section) in pytest's order of precedence.
_INI_FILES = (("pytest.ini", "pytest"), ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest"))


#: pytest's own ``python_files``.
DEFAULT_FILES = ("test_*.py", "*_test.py")


@dataclass(frozen=True)
class PytestNaming:
    """The names pytest collects. ``files`` are the project's ``python_files`` patterns, or
    pytest's defaults: a file in a tests folder named otherwise (``tests/cycle_gan.py``) is
    not collected by a plain ``pytest``."""

    files: tuple[str, ...] = DEFAULT_FILES
    functions: tuple[str, ...] = ("test",)
    classes: tuple[str, ...] = ("Test",)
    #: Files the CI names on pytest's command line: collected whatever their name.
    named: frozenset[str] = frozenset()

    def collects_file(self, path: str) -> bool:
        """Whether a ``python_files`` pattern or a CI's pytest command names this file."""
        if path in self.named:
            return True
        name = PurePosixPath(path).name
        return any(fnmatch.fnmatch(name, pattern) for pattern in self.files)

    def collects_function(self, name: str) -> bool:
        """Whether pytest collects a function of this name (pytest's own ``test`` prefix
        always counts: unittest cases use it whatever the configuration)."""
        return name.startswith("test") or _matches(name, self.functions)

    def collects_class(self, name: str) -> bool:
        """Whether pytest collects a class of this name as a test class."""
        return _matches(name, self.classes)


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    """pytest's rule: a pattern with glob characters is a glob, any other a prefix."""
    return any(
        fnmatch.fnmatch(name, pattern) if _GLOB & set(pattern) else name.startswith(pattern)
        for pattern in patterns
    )


@per_object
def pytest_naming(snapshot: Snapshot) -> PytestNaming:
    """The project's pytest naming, or pytest's defaults when it sets none or cannot be read."""
    options = _options(snapshot)
    named = _named_by_ci(snapshot)
    if options is None:
        return PytestNaming(named=named)
    default = PytestNaming()
    return PytestNaming(
        files=_words(options.get("python_files")) or DEFAULT_FILES,
        functions=_words(options.get("python_functions")) or default.functions,
        classes=_words(options.get("python_classes")) or default.classes,
        named=named,
    )


#: A pytest run and what follows it up to the end of that command (``&&``, ``;``, ``|``).
_PYTEST_RUN = compile_on_use(r"(?:^|[\s;&|(])(?:py\.test|pytest)(?=\s)([^;&|]*)")


def _named_by_ci(snapshot: Snapshot) -> frozenset[str]:
    """The project's .py files a CI command or the README passes to pytest (``pytest
    a/tests.py::test_x``), as paths from the repository's top: a run from another folder names
    no file here. pytest collects a file named on its command line whatever its name."""
    paths = {info.path for info in snapshot.files if info.path.endswith(".py")}
    texts = [command.text for config in ci_configs(snapshot) for command in config.commands]
    readme = readme_path(snapshot)
    texts += snapshot.texts.get(readme, "").splitlines() if readme else []
    named = set()
    for text in texts:
        for arguments in _PYTEST_RUN.findall(text):
            for word in arguments.split():
                path = word.strip("'\"`").split("::", 1)[0].removeprefix("./")
                if path in paths:
                    named.add(path)
    return frozenset(named)


@per_object
def pytest_options(snapshot: Snapshot) -> dict[str, tuple[str, ...]]:
    """The project's pytest options, each as its words (``addopts`` split as pytest splits
    it), from the file pytest itself would read; empty when there is none."""
    return {key: _words(value) for key, value in (_options(snapshot) or {}).items()}


def _options(snapshot: Snapshot) -> dict[str, object] | None:
    """The first pytest section found, in pytest's order; a file that does not parse is
    skipped, as it says nothing repocheck can trust."""
    ini = _ini_section(snapshot, *_INI_FILES[0])
    if ini is not None:
        return ini
    pyproject = snapshot.texts.get("pyproject.toml")
    if pyproject is not None:
        tool = (toml_or_none(pyproject) or {}).get("tool", {})
        pytest = tool.get("pytest") if isinstance(tool, dict) else None
        section = pytest.get("ini_options") if isinstance(pytest, dict) else None
        if isinstance(section, dict):
            return section
    for path, name in _INI_FILES[1:]:
        found = _ini_section(snapshot, path, name)
        if found is not None:
            return found
    return None


def _ini_section(snapshot: Snapshot, path: str, section: str) -> dict[str, object] | None:
    text = snapshot.texts.get(path)
    if text is None:
        return None
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return None
    return dict(parser[section]) if parser.has_section(section) else None


def _words(value: object) -> tuple[str, ...]:
    """An ini value is space-separated; a TOML one a string or a list of strings."""
    if isinstance(value, str):
        return tuple(value.split())
    if isinstance(value, list):
        return tuple(word for item in value if isinstance(item, str) for word in item.split())
    return ()
