"""Requirements declared in a ``setup.py``, read from its parsed tree and never run."""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from pathlib import PurePosixPath

from repocheck.analysis.requirements import Declared, Dependencies, parse_pep508
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.facts.toml_text import table_at, toml_or_none


def _literal_strings(node: ast.expr | None, assigned: dict[str, ast.expr]) -> list[tuple[int, str]]:
    """(line, text) of a list/tuple literal of strings, or of a module-level name bound to one."""
    if isinstance(node, ast.Name):
        node = assigned.get(node.id)
    if not isinstance(node, (ast.List, ast.Tuple)):
        raise ValueError("not a literal list")
    found = [
        (item.lineno, item.value)
        for item in node.elts
        if isinstance(item, ast.Constant) and isinstance(item.value, str)
    ]
    if len(found) != len(node.elts):
        raise ValueError("not a list of string literals")
    return found


def _setup_calls(unit: SourceUnit) -> Iterator[ast.Call]:
    for node in unit.of_type(ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "setup":
            yield node


def _requirement_lists(call: ast.Call) -> Iterator[ast.expr]:
    for item in call.keywords:
        if item.arg == "install_requires":
            yield item.value
        elif item.arg == "extras_require" and isinstance(item.value, ast.Dict):
            yield from item.value.values
        elif item.arg == "extras_require" or item.arg is None:
            yield item.value  # computed (or **kwargs): the static read cannot see inside


def _builds_a_package(call: ast.Call, packaged: bool) -> bool:
    """True when ``setup()`` names a distribution and the code it ships, or takes its
    arguments from a build script (``setup(**setup_args)``, as pytorch-lightning's does):
    that much machinery is a published package's. ``packages=find_packages()`` run from the
    top ships nothing when no top-level folder holds an ``__init__.py`` (``packaged``): a
    project template's setup.py beside notebooks, which pip installs as an empty shell."""
    words = {item.arg for item in call.keywords}
    if None in words:
        return True
    if "name" not in words:
        return False
    if "py_modules" in words:
        return True
    found = [item.value for item in call.keywords if item.arg == "packages"]
    return bool(found) and (packaged or not _finds_from_the_top(found[0]))


def _finds_from_the_top(value: ast.expr) -> bool:
    """``find_packages()`` (or ``setuptools.find_packages(exclude=...)``) searching the
    folder of setup.py itself: no ``where``, no positional argument."""
    if not isinstance(value, ast.Call) or value.args:
        return False
    func = value.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
    return name == "find_packages" and all(item.arg != "where" for item in value.keywords)


def has_top_level_package(paths: Iterable[str]) -> bool:
    """True when a folder at the top of the repository holds an ``__init__.py``: what
    ``find_packages()`` run there finds (it does not look inside a folder that is no package,
    nor one whose name has a dot)."""
    for path in paths:
        folder, _, name = path.partition("/")
        if name == "__init__.py" and "." not in folder:
            return True
    return False


def _setup_entries(
    path: str, values: Iterable[ast.expr], assigned: dict[str, ast.expr]
) -> tuple[list[Declared], bool]:
    """(entries, opaque) of the requirement lists passed to setup()."""
    entries, opaque = [], False
    for value in values:
        try:
            constants = _literal_strings(value, assigned)
        except ValueError:
            opaque = True  # e.g. read from requirements.txt at build time
            continue
        for line, text in constants:
            parsed = parse_pep508(text)
            if parsed:
                entries.append(Declared(path, line, parsed[0], text, parsed[1]))
    return entries, opaque


def parse_setup_py(path: str, unit: SourceUnit, deps: Dependencies, packaged: bool = True) -> None:
    """install_requires/extras_require of ``setup()``, from the parsed tree, never run.
    ``packaged``: whether a top-level folder of the repository is a package."""
    calls = list(_setup_calls(unit))
    tree = unit.tree
    if not calls or tree is None:
        return
    assigned = {
        node.targets[0].id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    if path == "setup.py" and any(_builds_a_package(call, packaged) for call in calls):
        deps.distribution = path
    values = [value for call in calls for value in _requirement_lists(call)]
    entries, opaque = _setup_entries(path, values, assigned)
    if opaque:
        deps.opaque.append(path)
        entries += _requirement_tables(path, assigned)
    deps.add(path, entries)


def _requirement_tables(path: str, assigned: dict[str, ast.expr]) -> list[Declared]:
    """Module-level lists of requirement strings a computed ``setup()`` draws from (diffusers'
    ``_deps`` table, from which install_requires and the extras are built): what the build can
    install. Only lists in which every string reads as a requirement."""
    found: list[Declared] = []
    for value in assigned.values():
        try:
            constants = _literal_strings(value, {})
        except ValueError:
            continue
        parsed = [(line, text, parse_pep508(text)) for line, text in constants]
        if not parsed or not all(result for _, _, result in parsed):
            continue
        for line, text, result in parsed:
            if result:
                found.append(Declared(path, line, result[0], text, result[1]))
    return found


def setup_units(snapshot: Snapshot) -> dict[str, SourceUnit]:
    """Every parsed ``setup.py``, by path."""
    return {
        unit.path: unit
        for unit in snapshot.sources
        if unit.tree is not None and PurePosixPath(unit.path).name == "setup.py"
    }


def unparsed_setups(snapshot: Snapshot) -> dict[str, str]:
    """Every ``setup.py`` Python cannot parse, by path, with the parser's error."""
    return {
        unit.path: unit.error or "syntax error"
        for unit in snapshot.sources
        if unit.tree is None and PurePosixPath(unit.path).name == "setup.py"
    }


def built_extensions(sources: Iterable[SourceUnit]) -> set[str]:
    """Top-level names of the C/C++/CUDA extensions any setup.py of the repository builds:
    ``ext_modules=[CUDAExtension("local_att", ...)]`` (or ``Extension(name=...)``), the list
    written in the call or bound to a module-level name first (``ext_modules=ext_modules``)."""
    found: set[str] = set()
    for unit in sources:
        if unit.tree is None or PurePosixPath(unit.path).name != "setup.py":
            continue
        assigned = {
            node.targets[0].id: node.value
            for node in unit.tree.body
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        }
        for call in unit.of_type(ast.Call):
            listed = _keyword(call, "ext_modules")
            if isinstance(listed, ast.Name):
                listed = assigned.get(listed.id)
            if not isinstance(listed, (ast.List, ast.Tuple)):
                continue
            for item in listed.elts:
                if not isinstance(item, ast.Call):
                    continue
                named = _keyword(item, "name") or (item.args[0] if item.args else None)
                name = named.value if isinstance(named, ast.Constant) else None
                if isinstance(name, str) and name:
                    found.add(name.split(".")[0])
    return found


def _keyword(call: ast.Call, word: str) -> ast.expr | None:
    return next((item.value for item in call.keywords if item.arg == word), None)


#: Build back ends that compile a Rust crate into an importable extension module.
_RUST_BACKENDS = ("maturin",)


def built_rust_modules(texts: Mapping[str, str]) -> set[str]:
    """Top-level names of the Rust extensions a ``pyproject.toml`` of the repository builds
    with maturin: ``[tool.maturin] module-name`` (``pkg._core`` imports as ``pkg``), else the
    project's name (``fastchess``), as ``pip install ./fastchess`` installs it."""
    found: set[str] = set()
    for path, text in texts.items():
        if PurePosixPath(path).name != "pyproject.toml" or "maturin" not in text:
            continue
        document = toml_or_none(text)
        backend = table_at(document, "build-system").get("build-backend")
        if not isinstance(backend, str) or not backend.startswith(_RUST_BACKENDS):
            continue
        module = table_at(document, "tool", "maturin").get("module-name")
        name = module if isinstance(module, str) else table_at(document, "project").get("name")
        if isinstance(name, str) and name.strip():
            found.add(name.strip().split(".")[0].replace("-", "_"))
    return found
