"""Requirements as written: PEP 508 strings, pip requirements files, and what a repository
declares in all its dependency files together.

packaging loads on first use: a run that never reads a requirement does not pay for it.
"""

from __future__ import annotations

import bisect
import functools
import posixpath
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from repocheck.analysis.distributions import canonicalize_name
from repocheck.patterns import compile_on_use

#: The word "requirements" as learners write it in a file name or a heading: also singular
#: (requirement.txt) and with the usual slips (requirments, requierments, requiremnts).
#: Alternatives only, no quantifier that overlaps another: linear on any text.
REQUIREMENTS_WORD = r"requ(?:ire|ier|ir)me?nts?"
_PINNED_URL = compile_on_use(r"@[0-9a-f]{7,40}\b|\.(whl|tar\.gz|zip)$")
#: ``-r other.txt``, ``--requirement=other.txt``, ``-c pins.txt``: files pip reads too.
_INCLUDE = compile_on_use(r"^(-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+)(\S+)")
_LOCAL_URL = compile_on_use(r"@\s*file:", re.IGNORECASE)
#: ``git+https://...#egg=pycocotools``: pip's older spelling names the distribution in the
#: URL's fragment (an ``-1.0`` version suffix is not part of the name).
_EGG = compile_on_use(r"[#&]egg=([A-Za-z0-9][\w.]*(?:-[A-Za-z_][\w.]*)*)")
_URL = compile_on_use(r"^\w[\w+.-]*://")
#: ``git+https://github.com/openai/CLIP.git@main``: a version-control URL.
_VCS_URL = compile_on_use(r"^(?:git|hg|svn|bzr)\+\w+://")
_REPOSITORY_NAME = compile_on_use(r"[A-Za-z0-9][\w.-]*")
#: ``autogluon.tabular=1.1.1``: a distribution written with a dot after its first part, the
#: namespace package its modules live in (``import autogluon.tabular``).
_NAMESPACE_PART = compile_on_use(r"^([A-Za-z][A-Za-z0-9_]*)\.[A-Za-z][\w-]*(?=[\s=<>!~\[;@]|$)")
#: The extras a requirement asks for: ``trl[vllm]``, ``transformers[torch, sentencepiece]``.
_EXTRAS = compile_on_use(r"^\s*[A-Za-z0-9][\w.-]*\s*\[([^\]]*)\]")
#: ``mljar-supervised @ git+https://...``: a PEP 508 direct reference, its name before the URL.
_DIRECT_REFERENCE = compile_on_use(r"^[A-Za-z0-9][\w.-]*(?:\[[^\]]*\])?\s*@\s*")
_EDITABLE = compile_on_use(r"^(-e|--editable)(?:\s*=\s*|\s+)")
#: An environment marker on the Python version: the requirement is for some Pythons only.
_PYTHON_MARKER = compile_on_use(r";.*\bpython_(full_)?version\b")
#: Standard-library module names as PyPI spells them (``os``, ``random``): never a package.
#: (PEP 503's normal form, spelled out so that importing this module does not load packaging.)
STDLIB_NAMES = frozenset(
    re.sub(r"[-_.]+", "-", name).lower()
    for name in sys.stdlib_module_names
    if not name.startswith("_")
)


@dataclass(frozen=True)
class Refusal:
    """A requirement name pip cannot install: the distribution meant, and why it fails."""

    meant: str
    why: str


_NO_SUCH_PACKAGE = "PyPI has no such package"

#: Names pip cannot install though learners write them: import names PyPI has no package for
#: (``PIL``, ``cv2``, ``yaml``) and names it keeps only to refuse an install (``sklearn``,
#: ``skimage``, ``pytorch``; conda's ``pytorch`` and ``opencv`` are real conda packages).
REFUSED_BY_PYPI = {
    "sklearn": Refusal("scikit-learn", "PyPI's deprecated stub fails since December 2023"),
    "skimage": Refusal("scikit-image", "its stub only fails, asking for scikit-image"),
    "pytorch": Refusal("torch", "its stub only fails, asking for torch"),
    "pil": Refusal("Pillow", _NO_SUCH_PACKAGE),
    "cv2": Refusal("opencv-python", _NO_SUCH_PACKAGE),
    "opencv": Refusal("opencv-python", _NO_SUCH_PACKAGE),
    "yaml": Refusal("PyYAML", _NO_SUCH_PACKAGE),
}


#: Standard-library modules PyPI backports under the same name, and the Python that first
#: ships each: a project for an older Python needs the backport (``dataclasses`` on 3.6).
BACKPORTED_IN = {
    "dataclasses": (3, 7),
    "contextvars": (3, 7),
    "typing": (3, 5),
    "asyncio": (3, 4),
    "pathlib": (3, 4),
    "statistics": (3, 4),
    "ipaddress": (3, 3),
}


#: Standard-library names whose PyPI backport also installs into a namespace package, and
#: that namespace: the configparser distribution ships ``backports.configparser``, which code
#: written for Python 2 and 3 alike imports (``from backports import configparser``).
INSTALLS_INTO = {"configparser": "backports"}


@dataclass(frozen=True)
class Declared:
    """One declared requirement: where it is written, its canonical name, whether it is exact.

    A ``constraint`` (from a file included with ``-c``) pins a version without asking pip to
    install anything; ``conda`` marks a conda package, whose names are not PyPI's.
    """

    path: str
    line: int | None
    name: str
    text: str
    pinned: bool
    constraint: bool = False
    conda: bool = False
    #: A backport the repository's oldest declared Python lacks in its standard library.
    backport: bool = False
    #: A line of a pip requirements file, which ``pip install -r`` reads as it stands (a
    #: setup.py's strings may be a table the install picks from).
    pip_line: bool = False
    #: The notebook cell a ``!pip install`` line is in (its line counts within the cell).
    cell: int | None = None

    @property
    def is_stdlib(self) -> bool:
        """True for a standard-library module listed as a pip requirement (``os``); not for
        ``dataclasses; python_version < '3.7'``, PyPI's backport for the Pythons without it,
        nor for a backport of a module the declared Python lacks."""
        if self.conda or self.backport or self.name not in STDLIB_NAMES:
            return False
        return not _PYTHON_MARKER.search(self.text)

    @property
    def is_interpreter(self) -> bool:
        """True for ``python==3.10.5`` where pip would look for a package: PyPI has none of
        that name. (A conda environment installs Python as a package.)"""
        return not self.conda and self.name == "python"

    @property
    def is_refused(self) -> bool:
        """True for a name pip cannot install (``sklearn``, PyPI's deprecated stub; ``PIL``,
        which PyPI has no package of): ``pip install -r`` stops there."""
        return not self.conda and self.name in REFUSED_BY_PYPI

    @property
    def is_machine_local(self) -> bool:
        """True for ``numpy @ file:///home/conda/...``: ``pip freeze`` in a conda environment
        writes such paths, which exist on the machine that wrote them and nowhere else."""
        return not self.conda and bool(_LOCAL_URL.search(self.text))


@dataclass(frozen=True)
class Include:
    """A ``-r``/``-c`` line: where it is, the file it names (resolved from the including
    file's folder, as pip resolves it), and whether it only constrains."""

    path: str
    line: int
    target: str
    constraint: bool


@dataclass
class Dependencies:
    """Everything the repository declares about its dependencies."""

    entries: list[Declared] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # declaration files, even empty ones
    opaque: list[str] = field(default_factory=list)  # computed lists no static read can see
    locks: list[str] = field(default_factory=list)
    #: Distributions the lock files pin (canonical names): installed by the lock's install
    #: command, as every declared package's own requirements are.
    locked: set[str] = field(default_factory=set)
    empty_locks: list[str] = field(default_factory=list)  # lock files that lock nothing
    unreadable: list[str] = field(default_factory=list)  # declaration files not read as text
    lfs: list[str] = field(default_factory=list)  # those of them the clone holds as LFS pointers
    #: A setup.py Python cannot parse, with the parser's error: pip cannot run it, so it
    #: declares nothing, though it is no missing file.
    unparsed: list[tuple[str, str]] = field(default_factory=list)
    missing_includes: list[Include] = field(default_factory=list)  # -r/-c of absent files
    #: Lines of requirements files that pip cannot read (``lightgbm=3.0.0``): each names the
    #: package it meant, but ``pip install -r`` stops at it.
    unreadable_lines: list[Declared] = field(default_factory=list)
    #: Version-control URLs without ``#egg=``, by their repository's name
    #: (:func:`repositories_named`): what an import of that name is installed by.
    repositories: list[Declared] = field(default_factory=list)
    #: ``!pip install x`` in notebook cells: the notebook sets up what it imports.
    notebook_installs: list[Declared] = field(default_factory=list)
    #: Distributions the framework image a Dockerfile builds on already holds (torch in
    #: ``FROM pytorch/pytorch``): declared by the image, not by a file pip reads.
    image_provided: list[Declared] = field(default_factory=list)
    #: The top-level setup.py or pyproject.toml that builds the repository into an installable
    #: package (a library), if one does: its requirements are ranges by design.
    distribution: str | None = None

    @property
    def installed(self) -> list[Declared]:
        """Entries that ask for a distribution: not constraints, not standard-library names,
        not Python itself."""
        return [
            entry
            for entry in self.entries
            if not entry.constraint and not entry.is_stdlib and not entry.is_interpreter
        ]

    @property
    def names(self) -> frozenset[str]:
        """Canonical names of every declared distribution."""
        return frozenset(entry.name for entry in self.installed)

    @property
    def namespaces(self) -> frozenset[str]:
        """Namespaces the declared distributions are written as parts of: ``autogluon`` of
        ``autogluon.tabular``, ``zope`` of ``zope.interface``. Only the dot as written says
        so; ``torch-geometric`` installs no ``torch``."""
        found = (_NAMESPACE_PART.match(entry.text.strip()) for entry in self.installed)
        written = frozenset(canonicalize_name(match.group(1)) for match in found if match)
        return written | self.backported_namespaces

    @property
    def backported_namespaces(self) -> frozenset[str]:
        """Namespaces a listed backport installs into (INSTALLS_INTO): ``configparser`` listed
        provides ``backports``, though its name is the standard library's."""
        return frozenset(
            INSTALLS_INTO[entry.name]
            for entry in self.entries
            if entry.name in INSTALLS_INTO and not entry.constraint and not entry.conda
        )

    @property
    def extras(self) -> frozenset[str]:
        """Extras named like a distribution, asked for by a declared one: ``trl[vllm]``
        installs vllm, ``transformers[torch]`` torch. An extra named for a distribution
        installs it (``celery[redis]``, ``transformers[sentencepiece]``); one named for a
        feature (``ray[tune]``) is the name of no module the code imports."""
        found = (_EXTRAS.match(entry.text) for entry in self.installed if not entry.conda)
        return frozenset(
            canonicalize_name(extra.strip())
            for match in found
            if match
            for extra in match.group(1).split(",")
            if extra.strip()
        )

    @property
    def stdlib(self) -> list[Declared]:
        """Standard-library modules listed as requirements: pip has nothing to install."""
        return [entry for entry in self.entries if entry.is_stdlib and not entry.constraint]

    @property
    def interpreter(self) -> list[Declared]:
        """Python itself on a line of a requirements file: ``pip install -r`` stops there."""
        return [
            entry
            for entry in self.entries
            if entry.is_interpreter and entry.pip_line and not entry.constraint
        ]

    @property
    def refused(self) -> list[Declared]:
        """Requirements pip cannot install (the deprecated ``sklearn``, ``PIL``)."""
        return [entry for entry in self.entries if entry.is_refused and not entry.constraint]

    @property
    def machine_local(self) -> list[Declared]:
        """Requirements that point at a file on the machine that wrote them."""
        return [entry for entry in self.entries if entry.is_machine_local]

    def add(self, path: str, entries: Iterable[Declared]) -> None:
        """Record a dependency declaration file and what it declares (maybe nothing)."""
        self.entries.extend(entries)
        if path not in self.files:
            self.files.append(path)


def mark_backports(entries: list[Declared], oldest: tuple[int, int]) -> list[Declared]:
    """``entries`` with each backport of a module added to Python after ``oldest`` marked:
    on that Python the name is a package to install, not the standard library."""
    return [
        replace(entry, backport=True)
        if not entry.conda and BACKPORTED_IN.get(entry.name, (0, 0)) > oldest
        else entry
        for entry in entries
    ]


@functools.lru_cache(maxsize=4)
def _line_starts(text: str) -> tuple[int, ...]:
    """Where each line of ``text`` starts (as ``splitlines`` cuts it), then where it ends.

    Kept for the last few texts: a list of thousands of entries looks each one up in the same
    file, and splitting it again for each made reading a long list quadratic."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return tuple(starts)


@functools.lru_cache(maxsize=1024)
def _whole_entry(entry: str) -> re.Pattern[str]:
    # A literal between two characters that are not part of a name: one pass of the
    # search, in linear time.
    return re.compile(rf"(?<![\w.-]){re.escape(entry)}(?![\w.-])", re.ASCII)


#: How far below the previous entry the next one is looked for first: a list holds its entries
#: in order, one a line, so this finds nearly all of them without reading the whole file.
_NEARBY = 4096
#: Lookups in one list that may read the whole file: without a bound, a list of thousands of
#: entries written so that none is found (escapes) read a 1 MB file once per entry.
_WHOLE_FILE_LOOKUPS = 200


def entry_line(text: str, entry: str, after: int = 0, *, nearby_only: bool = False) -> int | None:
    """1-based number of the line that lists ``entry``: the first after line ``after`` that
    holds it whole (a list repeats a name further down), else the first anywhere, else the
    first line that holds it at all. ``nearby_only`` looks just below line ``after``."""
    if entry.splitlines() != [entry]:  # empty, or more than one line can hold
        return None
    starts = _line_starts(text)
    begin = starts[min(after, len(starts) - 1)] if after > 0 else 0
    # To the end of a line: a match must not end where the window cuts a longer name.
    near = starts[min(bisect.bisect_right(starts, begin + _NEARBY), len(starts) - 1)]
    pattern = _whole_entry(entry) if text.find(entry, begin, near) != -1 else None
    found = pattern.search(text, begin, near) if pattern else None
    if found is None and nearby_only:
        return None
    pattern = pattern or _whole_entry(entry)
    if found is None:
        anywhere = text.find(entry)
        if anywhere == -1:  # one pass, as fast as the text can be read, for what is not there
            return None
        found = pattern.search(text, max(begin, anywhere))
        if found is None and begin > anywhere:
            found = pattern.search(text, anywhere, begin)
        if found is None:
            return bisect.bisect_right(starts, anywhere)
    return bisect.bisect_right(starts, found.start())


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


def parse_pep508(text: str) -> tuple[str, bool] | None:
    """(canonical name, pinned) of one requirement string; None for options, paths and URLs
    that name no distribution."""
    from packaging.requirements import InvalidRequirement, Requirement

    text = text.split(" --", 1)[0].split(" -", 1)[0].strip()  # trailing --hash=... options
    url = _EDITABLE.sub("", text)
    if _URL.match(url):
        egg = _EGG.search(url)
        pinned = bool(_PINNED_URL.search(url.split("#", 1)[0]))
        return (canonicalize_name(egg.group(1)), pinned) if egg else None
    if not text or text.startswith(("-", ".", "/")):
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


def repositories_named(path: str, text: str) -> list[Declared]:
    """The lines of a pip requirements file that install from a version-control URL naming
    no distribution (no ``#egg=``), each by its repository's name: pip builds what the
    repository holds, most often the distribution of that name (openai/CLIP.git installs
    ``clip``). A guess, so it only answers for an import of that name. A direct reference
    (``mljar-supervised @ git+https://github.com/mljar/mljar-supervised.git``) names its
    distribution, which is declared as such; its repository's name is the same hint of the
    import (``supervised``)."""
    found = []
    for number, line in _logical_lines(text.removeprefix("\ufeff")):
        named = _named_by_repository(line)
        if named:
            found.append(Declared(path, number, named[0], named[1], False))
    return found


def repositories_in(path: str, text: str, items: object, after: int = 0) -> list[Declared]:
    """:func:`repositories_named` for a list of pip requirement strings read from a
    structured file (the ``pip:`` list of a conda environment), each found at the first line
    of ``text`` below line ``after`` that holds it."""
    found = []
    for item in items if isinstance(items, list) else []:
        named = _named_by_repository(item) if isinstance(item, str) else None
        if named:
            found.append(Declared(path, entry_line(text, item, after), named[0], named[1], False))
    return found


def _named_by_repository(line: str) -> tuple[str, str] | None:
    """The name (canonical) and URL of one requirement line that installs from a
    version-control URL naming no distribution; None for any other line."""
    url = _EDITABLE.sub("", line.split(" --", 1)[0].strip())
    url = _DIRECT_REFERENCE.sub("", url, count=1) if "://" in url else url
    if _EGG.search(url) or "subdirectory=" in url:
        return None  # named by its egg, or built from a folder named otherwise
    name = _repository_name(url)
    return (canonicalize_name(name), url) if name else None


def _repository_name(url: str) -> str | None:
    """``CLIP`` of ``git+https://github.com/openai/CLIP.git@main``: the last folder of the
    URL's path, before a ``@ref`` (which may hold slashes) and ``.git``."""
    scheme = _VCS_URL.match(url)
    if not scheme:
        return None
    _, _, where = url[scheme.end() :].split("#", 1)[0].partition("/")  # past the host
    last = where.split("@", 1)[0].rstrip("/").rpartition("/")[2].removesuffix(".git")
    return last if _REPOSITORY_NAME.fullmatch(last) else None


def parse_requirements(path: str, text: str, *, constraint: bool = False) -> list[Declared]:
    """Requirements of a pip requirements file; ``-r``, ``-e``, options and URLs are skipped."""
    declared = []
    for number, line in _logical_lines(text.removeprefix("\ufeff")):
        parsed = parse_pep508(line)
        if parsed:
            shown = line.split(" --", 1)[0].strip()  # without the --hash=... tail
            declared.append(
                Declared(path, number, parsed[0], shown, parsed[1], constraint, pip_line=True)
            )
    return declared


#: The name a requirement line starts with, however the rest of it is written.
_LEADING_NAME = compile_on_use(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: What git leaves of a merge conflict (``<<<<<<< HEAD``, ``=======``, ``>>>>>>> 0037c62``):
#: pip reads the whole file before installing, and stops at such a line.
_CONFLICT_MARKER = compile_on_use(r"(<{7}|={7}|>{7})(\s|$)")


def unreadable_lines(path: str, text: str) -> list[Declared]:
    """Lines of a pip requirements file that are no requirement pip reads: not an option, a
    path, a URL or a PEP 508 string (``lightgbm=3.0.0``), named after the package they
    start with; and a merge conflict's markers, which name none."""
    found = []
    for number, line in _logical_lines(text.removeprefix("\ufeff")):
        written = line.split(" --", 1)[0].strip()
        if _CONFLICT_MARKER.match(line):
            found.append(Declared(path, number, "", line, False))
            continue
        if not written or written.startswith(("-", ".", "/")) or _URL.match(written):
            continue
        if "/" in written or "\\" in written or parse_pep508(written):
            continue  # a path to a local archive or folder, or a requirement
        name = _LEADING_NAME.match(written)
        if name:
            found.append(Declared(path, number, canonicalize_name(name.group(0)), written, False))
    return found


def includes(path: str, text: str) -> list[Include]:
    """The files a requirements file includes with ``-r`` or ``-c``; URLs are left out."""
    found = []
    folder = posixpath.dirname(path)
    for number, line in _logical_lines(text.removeprefix("\ufeff")):
        match = _INCLUDE.match(line)
        if match is None or "://" in match.group(2):
            continue
        target = posixpath.normpath(posixpath.join(folder, match.group(2)))
        found.append(Include(path, number, target, match.group(1) in ("-c", "--constraint")))
    return found


def from_strings(path: str, text: str, items: object, after: int = 0) -> list[Declared]:
    """The requirements of a list of PEP 508 strings read from a structured file (TOML, YAML,
    setup.cfg), each found at the first line of ``text`` below line ``after`` (the list's
    key) that holds it."""
    declared = []
    previous = after  # a list's entries come in its order: each is looked for below the last
    whole_file = _WHOLE_FILE_LOOKUPS
    for item in items if isinstance(items, list) else []:
        parsed = parse_pep508(item) if isinstance(item, str) else None
        if parsed:
            line = entry_line(text, item, previous, nearby_only=True)
            if line is None and whole_file > 0:
                whole_file -= 1
                line = entry_line(text, item, previous)
            previous = max(previous, line or 0)
            declared.append(Declared(path, line, parsed[0], item, parsed[1]))
    return declared


#: ``!pip install``, ``%pip install``, and a bare ``pip install``, which IPython's automagic (on
#: by default) runs as ``%pip``.
_PIP_INSTALL = compile_on_use(r"^\s*(?:[!%]\s*(?:python3? -m )?pip3?|pip) install\b(.*)$")


def notebook_installs(path: str, source: str, cell: int | None = None) -> list[Declared]:
    """The requirements a notebook cell installs itself (``!pip install -q timm==1.0``)."""
    declared = []
    for number, line in enumerate(source.splitlines(), start=1):
        match = _PIP_INSTALL.match(line)
        if match is None:
            continue
        for word in match.group(1).split():
            parsed = None if word.startswith("-") else parse_pep508(word.strip("'\""))
            if parsed:
                declared.append(Declared(path, number, parsed[0], word, parsed[1], cell=cell))
    return declared
