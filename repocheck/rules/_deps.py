"""Dependency declarations read statically: requirements files, pyproject, setup.*, conda, Pipfile.

Nothing here runs a file: ``setup.py`` is read from its parsed tree, TOML with tomllib and
YAML with ``yaml.safe_load``. Every declared requirement keeps its file and line for evidence.
yaml, packaging and the TOML and INI parsers load on first use: most repositories need one of
them, none needs all, and a run that never reads a dependency file needs none.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.rules._cache import per_object
from repocheck.rules._imports import in_checkpoint

if TYPE_CHECKING:
    import configparser

REQUIREMENTS_FILE = re.compile(r"(^|/)([^/]*requirements[^/]*\.(txt|in)|requirements/[^/]+\.txt)$")
CONDA_FILE = re.compile(r"(^|/)(environment|env|conda)[^/]*\.ya?ml$")
LOCK_NAMES = frozenset(
    {"poetry.lock", "uv.lock", "Pipfile.lock", "pdm.lock", "pylock.toml", "conda-lock.yml"}
)
LOCK_PATTERN = re.compile(
    r"^(conda-lock\.yaml|pylock\.[^/]+\.toml|[^/]*\.conda-lock\.ya?ml|requirements[^/]*\.lock)$"
)
CONSTRAINTS_FILE = re.compile(r"^constraints[^/]*\.txt$")
#: Entries of a conda environment that are not packages the code imports.
CONDA_NON_PACKAGES = frozenset({"python", "pip"})
_CONDA_SPEC = re.compile(r"^([A-Za-z0-9_.\-]+)\s*(.*)$")
_POETRY_EXACT = re.compile(r"^(===?)?\s*\d[\w.!+]*$")
_PINNED_URL = re.compile(r"@[0-9a-f]{7,40}\b|\.(whl|tar\.gz|zip)$")


@dataclass(frozen=True)
class Declared:
    """One declared requirement: where it is written, its canonical name, whether it is exact."""

    path: str
    line: int | None
    name: str
    text: str
    pinned: bool


@dataclass
class Dependencies:
    """Everything the repository declares about its dependencies."""

    entries: list[Declared] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # declaration files, even empty ones
    opaque: list[str] = field(default_factory=list)  # computed lists no static read can see
    locks: list[str] = field(default_factory=list)

    @property
    def names(self) -> frozenset[str]:
        """Canonical names of every declared distribution."""
        return frozenset(entry.name for entry in self.entries)

    def add(self, path: str, entries: Iterable[Declared]) -> None:
        """Record a dependency declaration file and what it declares (maybe nothing)."""
        self.entries.extend(entries)
        if path not in self.files:
            self.files.append(path)


def line_of(text: str, needle: str) -> int | None:
    """1-based number of the first line containing ``needle`` (None when absent)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return None


def _key_line(text: str, key: str) -> int | None:
    """Line of ``key = ...`` in a TOML table (the key bare or quoted)."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Lines of a requirements file with ``\\`` continuations joined and comments cut."""
    pending, start = "", 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if not pending:
            start = number
        line = re.split(r"(^|\s)#", raw, maxsplit=1)[0].rstrip()
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        yield start, (pending + line).strip()
        pending = ""
    if pending.strip():
        yield start, pending.strip()


def canonicalize_name(name: str) -> str:
    """The PEP 503 normal form of a distribution name (``Scikit_Learn`` -> ``scikit-learn``)."""
    from packaging.utils import canonicalize_name as canonical

    return canonical(name)


def _toml(text: str) -> dict[str, Any] | None:
    """The parsed TOML document, or None when it does not parse."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return None


def parse_pep508(text: str) -> tuple[str, bool] | None:
    """(canonical name, pinned) of one requirement string; None for options, paths and URLs."""
    from packaging.requirements import InvalidRequirement, Requirement

    text = text.split(" --", 1)[0].split(" -", 1)[0].strip()  # trailing --hash=... options
    if not text or text.startswith(("-", ".", "/")) or re.match(r"^\w[\w+.-]*://", text):
        return None
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    if requirement.url:
        return canonicalize_name(requirement.name), bool(_PINNED_URL.search(requirement.url))
    pinned = any(
        spec.operator == "===" or (spec.operator == "==" and not spec.version.endswith(".*"))
        for spec in requirement.specifier
    )
    return canonicalize_name(requirement.name), pinned


def parse_requirements(path: str, text: str) -> list[Declared]:
    """Requirements of a pip requirements file; ``-r``, ``-e``, options and URLs are skipped."""
    declared = []
    for number, line in _logical_lines(text):
        parsed = parse_pep508(line)
        if parsed:
            shown = line.split(" --", 1)[0].strip()  # without the --hash=... tail
            declared.append(Declared(path, number, parsed[0], shown, parsed[1]))
    return declared


def _from_strings(path: str, text: str, items: object) -> list[Declared]:
    declared = []
    for item in items if isinstance(items, list) else []:
        parsed = parse_pep508(item) if isinstance(item, str) else None
        if parsed:
            declared.append(Declared(path, line_of(text, item), parsed[0], item, parsed[1]))
    return declared


def _poetry_entries(path: str, text: str, table: object) -> list[Declared]:
    declared = []
    for name, spec in (table if isinstance(table, dict) else {}).items():
        if name.lower() == "python":
            continue
        version = spec.get("version", "") if isinstance(spec, dict) else spec
        version = str(version).strip()
        pinned = bool(_POETRY_EXACT.match(version))
        shown = f"{name} {version}".strip()
        declared.append(
            Declared(path, _key_line(text, name), canonicalize_name(name), shown, pinned)
        )
    return declared


def _pipfile_entries(path: str, text: str, table: object) -> list[Declared]:
    declared = []
    for name, spec in (table if isinstance(table, dict) else {}).items():
        version = spec.get("version", "*") if isinstance(spec, dict) else spec
        version = str(version).strip()
        pinned = version.startswith("==") and not version.endswith("*")
        shown = f"{name} {version}"
        declared.append(
            Declared(path, _key_line(text, name), canonicalize_name(name), shown, pinned)
        )
    return declared


def _standard_entries(path: str, text: str, data: dict[str, Any]) -> list[Declared]:
    """[project].dependencies, its optional dependencies and PEP 735 [dependency-groups]."""
    project = data.get("project", {})
    entries = _from_strings(path, text, project.get("dependencies"))
    lists = [*(project.get("optional-dependencies") or {}).values()]
    lists += (data.get("dependency-groups") or {}).values()
    for items in lists:
        entries += _from_strings(path, text, items)
    return entries


def _poetry_tables(path: str, text: str, poetry: dict[str, Any]) -> list[Declared]:
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [group.get("dependencies") for group in (poetry.get("group") or {}).values()]
    return [entry for table in tables for entry in _poetry_entries(path, text, table)]


def parse_pyproject(path: str, text: str, deps: Dependencies) -> None:
    """[project] (and its optional dependencies), [dependency-groups] and Poetry's tables."""
    data = _toml(text)
    if data is None:
        return
    poetry = data.get("tool", {}).get("poetry", {})
    entries = _standard_entries(path, text, data) + _poetry_tables(path, text, poetry)
    if "project" in data or poetry:
        deps.add(path, entries)
    if not entries and "dependencies" in data.get("project", {}).get("dynamic", []):
        deps.opaque.append(path)  # setuptools reads them from a file named in its own table


def parse_pipfile(path: str, text: str, deps: Dependencies) -> None:
    """[packages] and [dev-packages] of a Pipfile."""
    data = _toml(text)
    if data is None:
        return
    entries = _pipfile_entries(path, text, data.get("packages"))
    entries += _pipfile_entries(path, text, data.get("dev-packages"))
    deps.add(path, entries)


def _setup_cfg_values(parser: configparser.ConfigParser) -> list[str]:
    values = []
    if parser.has_option("options", "install_requires"):
        values.append(parser.get("options", "install_requires"))
    if parser.has_section("options.extras_require"):
        values.extend(value for _, value in parser.items("options.extras_require"))
    return [line.strip() for value in values for line in value.splitlines() if line.strip()]


def parse_setup_cfg(path: str, text: str, deps: Dependencies) -> None:
    """``install_requires`` and ``extras_require`` of a setup.cfg."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
    except configparser.Error:
        return
    if not parser.has_section("options"):
        return
    lines = _setup_cfg_values(parser)
    if any(line.startswith("file:") for line in lines):
        deps.opaque.append(path)
    deps.add(path, _from_strings(path, text, lines))


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


def parse_setup_py(path: str, unit: SourceUnit, deps: Dependencies) -> None:
    """install_requires/extras_require of ``setup()``, from the parsed tree, never run."""
    calls = list(_setup_calls(unit))
    tree = unit.tree
    if not calls or tree is None:
        return
    assigned = {
        node.targets[0].id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }
    values = [value for call in calls for value in _requirement_lists(call)]
    entries, opaque = _setup_entries(path, values, assigned)
    if opaque:
        deps.opaque.append(path)
    deps.add(path, entries)


def _conda_entry(path: str, text: str, spec: str) -> Declared | None:
    bare = spec.split("::")[-1].strip()
    match = _CONDA_SPEC.match(bare)
    if not match or match.group(1).lower() in CONDA_NON_PACKAGES:
        return None
    rest = match.group(2).strip()
    pinned = bool(re.match(r"^(==?\s*)?\d", rest))  # conda's = and == (and "name 1.2") pin
    return Declared(path, line_of(text, spec), canonicalize_name(match.group(1)), spec, pinned)


def parse_conda(path: str, text: str, deps: Dependencies) -> None:
    """A conda environment file: conda specs, and the pip requirements nested under ``pip:``."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    items = data.get("dependencies") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return
    entries: list[Declared] = []
    for item in items:
        if isinstance(item, str):
            entry = _conda_entry(path, text, item)
            entries += [entry] if entry else []
        elif isinstance(item, dict):
            entries += _from_strings(path, text, item.get("pip"))
    deps.add(path, entries)


def is_lock_file(path: str, text: str | None) -> bool:
    """True for lock files, fully pinned constraints files and conda explicit specs."""
    name = PurePosixPath(path).name
    if name in LOCK_NAMES or LOCK_PATTERN.match(name):
        return True
    if text is None or not name.endswith(".txt"):
        return False
    if re.search(r"^@EXPLICIT\s*$", text, re.MULTILINE):
        return True
    if CONSTRAINTS_FILE.match(name):
        pins = parse_requirements(path, text)
        return bool(pins) and all(entry.pinned for entry in pins)
    return False


def _parse_requirements_file(path: str, text: str, deps: Dependencies) -> None:
    deps.add(path, parse_requirements(path, text))


def _text_parser(path: str) -> Callable[[str, str, Dependencies], None] | None:
    """The parser for a dependency file that is read as text, by its path."""
    name = PurePosixPath(path).name
    by_name = {"pyproject.toml": parse_pyproject, "setup.cfg": parse_setup_cfg}
    if name in by_name:
        return by_name[name]
    if name == "Pipfile":
        return parse_pipfile
    if REQUIREMENTS_FILE.search(path):
        return _parse_requirements_file
    return parse_conda if CONDA_FILE.search(path) else None


def _setup_units(snapshot: Snapshot) -> dict[str, SourceUnit]:
    return {
        unit.path: unit
        for unit in snapshot.sources
        if unit.tree is not None and PurePosixPath(unit.path).name == "setup.py"
    }


@per_object
def collect(snapshot: Snapshot) -> Dependencies:
    """Every dependency declaration and lock file of the repository (read once, then shared:
    callers must not change it)."""
    deps = Dependencies()
    setup_units = _setup_units(snapshot)
    for path in sorted(info.path for info in snapshot.files):
        text = snapshot.texts.get(path)
        parser = _text_parser(path)
        if in_checkpoint(path):
            continue
        if is_lock_file(path, text):
            deps.locks.append(path)
        elif path in setup_units:
            parse_setup_py(path, setup_units[path], deps)
        elif text is not None and parser is not None:
            parser(path, text, deps)
    return deps


# Import names that differ from the distribution that provides them. A trailing "*" accepts
# any distribution with that prefix (opencv-python-headless, tensorflow-cpu, faiss-gpu ...);
# the first entry is always a concrete name, the one to suggest.
IMPORT_TO_DISTRIBUTIONS: dict[str, tuple[str, ...]] = {
    "sklearn": ("scikit-learn", "sklearn"),
    "cv2": ("opencv-python", "opencv-*", "py-opencv"),
    "PIL": ("pillow", "pil"),
    "yaml": ("pyyaml",),
    "skimage": ("scikit-image",),
    "bs4": ("beautifulsoup4", "bs4"),
    "dotenv": ("python-dotenv",),
    "torch": ("torch", "pytorch", "pytorch-cpu"),
    "tensorflow": ("tensorflow", "tensorflow*", "tf-nightly*"),
    "keras": ("keras", "tensorflow*", "tf-keras"),
    "git": ("gitpython",),
    "github": ("pygithub",),
    "attr": ("attrs",),
    "dateutil": ("python-dateutil",),
    "jwt": ("pyjwt",),
    "serial": ("pyserial",),
    "Crypto": ("pycryptodome", "pycrypto"),
    "OpenSSL": ("pyopenssl",),
    "magic": ("python-magic",),
    "docx": ("python-docx",),
    "pptx": ("python-pptx",),
    "fitz": ("pymupdf",),
    "zmq": ("pyzmq",),
    "umap": ("umap-learn",),
    "imblearn": ("imbalanced-learn",),
    "mpl_toolkits": ("matplotlib",),
    "faiss": ("faiss-cpu", "faiss*"),
    "Levenshtein": ("levenshtein", "python-levenshtein"),
    "Bio": ("biopython",),
    "wx": ("wxpython",),
    "absl": ("absl-py",),
    "hydra": ("hydra-core",),
    "haiku": ("dm-haiku",),
    "tree": ("dm-tree",),
    "psycopg2": ("psycopg2-binary", "psycopg2*"),
    "MySQLdb": ("mysqlclient",),
    "googleapiclient": ("google-api-python-client",),
    "speech_recognition": ("speechrecognition",),
    "telegram": ("python-telegram-bot",),
    "slugify": ("python-slugify",),
    "cupy": ("cupy-cuda12x", "cupy*"),
    "ruamel": ("ruamel-yaml",),
    "win32api": ("pywin32",),
    "nacl": ("pynacl",),
    "lightning_fabric": ("lightning-fabric", "lightning"),
    "grpc": ("grpcio",),
    "tensorflow_serving": ("tensorflow-serving-api",),
}
#: Imports no requirements file can satisfy or needs to: namespaces shared by many
#: distributions, the build tooling itself, and what Colab, Kaggle or Jupyter provide.
UNCHECKED_IMPORTS = frozenset(
    {"google", "pkg_resources", "setuptools", "pip", "kaggle_secrets", "kaggle_datasets"}
)
#: Python 2's standard library: a py2 import that still parses is not a missing package.
PYTHON2_STDLIB = frozenset(
    {"urllib2", "urlparse", "cPickle", "cStringIO", "StringIO", "ConfigParser", "Queue"}
    | {"httplib", "HTMLParser", "Tkinter", "tkMessageBox", "__builtin__", "cookielib"}
    | {"SocketServer", "xmlrpclib", "thread", "commands", "copy_reg", "urllib2_ssl"}
)
#: Provided by the notebook environment itself, but only to notebooks.
NOTEBOOK_PROVIDED = frozenset({"IPython", "ipykernel", "ipywidgets", "matplotlib_inline"})


def distributions_for(import_name: str) -> tuple[str, ...]:
    """Distribution names (canonical, maybe ending in ``*``) that provide ``import_name``."""
    known = IMPORT_TO_DISTRIBUTIONS.get(import_name, ())
    return tuple(dict.fromkeys((*known, canonicalize_name(import_name))))


def suggested_distribution(import_name: str) -> str:
    """The distribution to declare for ``import_name`` (``cv2`` -> ``opencv-python``)."""
    return distributions_for(import_name)[0]


def is_declared(import_name: str, declared: frozenset[str]) -> bool:
    """True when some declared distribution provides ``import_name``."""
    for wanted in distributions_for(import_name):
        if wanted.endswith("*"):
            if any(name.startswith(wanted[:-1]) for name in declared):
                return True
        elif wanted in declared:
            return True
    return False
