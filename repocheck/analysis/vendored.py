"""Which folders hold vendored third-party code, and the snapshot without them.

A repository may carry someone else's project inside it: ``third_party/``, ``vendor/``, or a
nested folder that is a project of its own (its own licence and its own build file, like a
copy of caffe under ``caffe-fast-rcnn/``), or a folder the README itself calls vendored ("a
wrapper over the vendored mgbdt/ library"). A single file can be a copy too: a shared task's
own scorer kept beside the code (``conlleval.py``), known by the header it was published with,
or a file that keeps another author's copyright and licence notice (SORT's ``sort.py``).
Their tests, lint, complexity and docstrings are not the author's, so the rules that judge the
author's code read :func:`authored_view`, where those folders and files are left out; a note in
the report names them. Being conservative matters more than catching every copy: a sub-package
of the repository's own project with a copy of its licence is the author's code.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.copyright_headers import (
    copied_libraries,
    holder_words,
    licensed_copies,
    notice_holders,
)
from repocheck.analysis.environments import environment_folders
from repocheck.analysis.generated import generated_modules
from repocheck.analysis.readme import readme_path
from repocheck.facts.environments import NODE_MODULES, in_folders
from repocheck.facts.snapshot import Snapshot
from repocheck.patterns import compile_on_use

#: Folder names that say "someone else's code", wherever they sit.
VENDOR_FOLDERS = frozenset(
    {
        "third_party",
        "third-party",
        "thirdparty",
        "3rdparty",
        "3rd_party",
        "vendor",
        "vendored",
        "_vendor",
        "external",
        "externals",
    }
)
_LICENCE = compile_on_use(r"^(licen[cs]e|copying|copyright)([.-][\w.-]*)?$", re.IGNORECASE)
#: Files that make a folder a project that builds on its own.
BUILD_FILES = frozenset(
    {
        "CMakeLists.txt",
        "Makefile",
        "makefile",
        "GNUmakefile",
        "setup.py",
        "pyproject.toml",
        "configure",
        "meson.build",
        "WORKSPACE",
        "Cargo.toml",
    }
)
#: A folder GitHub's "Download ZIP" unpacks: ``<repository>-master`` or ``<repository>-main``.
_ARCHIVE = compile_on_use(r"[^/]-(master|main)$")
#: The root files that would name one of the repository's own sub-projects (a workspace member).
_ROOT_PROJECT_FILES = ("pyproject.toml", "setup.py", "setup.cfg", "CMakeLists.txt", "Makefile")
#: How a benchmark's own scoring script describes itself in its first lines, words its users
#: do not write about their own code: the CoNLL scorer ("conlleval: evaluate result of
#: processing CoNLL-2000 shared task", a Python port's "the evaluation script from CoNLL'00",
#: and the port most NER projects copy, "This script applies to IOB2 or IOBES tagging
#: scheme"), SQuAD's "Official evaluation script for v1.1 of the SQuAD dataset".
_SCORER_HEADER = compile_on_use(
    r"conlleval: evaluate result of processing"
    r"|evaluation script from conll"
    r"|this script applies to iob2 or iobes tagging scheme"
    r"|official evaluation script for",
    re.IGNORECASE,
)
#: The lines of a file's top where such a description sits.
_SCORER_LINES = 30

#: A GitHub repository a README links: owner and name (``.git`` and what follows the name
#: are not part of it).
_GITHUB_REPOSITORY = compile_on_use(
    r"github\.com/(?P<owner>[A-Za-z0-9-]{1,39})/(?P<name>[A-Za-z0-9._-]{1,100})"
)
#: The names a folder's own README goes by.
_README_NAMES = ("README.md", "README.rst", "README.txt", "README", "readme.md")

#: The rule families that judge the code the author wrote, and the reproducibility rules that
#: read code; history, hygiene, secrets and the project's docs read every file.
AUTHORED_CATEGORIES = ("TEST", "READ", "SANITY")
AUTHORED_RULES = frozenset({"REPRO001", "REPRO002", "REPRO005", "REPRO006"})


def judges_authored_code(rule_id: str) -> bool:
    """Whether the rule reads the snapshot without vendored code."""
    return rule_id.startswith(AUTHORED_CATEGORIES) or rule_id in AUTHORED_RULES


@per_object
def vendored_folders(snapshot: Snapshot) -> tuple[str, ...]:
    """The outermost folders of vendored code, sorted."""
    folders = _named_folders(snapshot) | _nested_projects(snapshot) | _copied(snapshot)
    folders |= _called_vendored(snapshot) | _credited_copies(snapshot)
    folders |= set(environment_folders(snapshot))
    outermost = [f for f in folders if not any(f.startswith(o + "/") for o in folders)]
    return tuple(sorted(outermost))


def is_vendored(snapshot: Snapshot, path: str) -> bool:
    """Whether ``path`` lies inside a vendored folder, or is a copied script."""
    folders = vendored_folders(snapshot)
    return any(path.startswith(folder + "/") for folder in folders) or (
        path in copied_scripts(snapshot)
    )


@per_object
def copied_scripts(snapshot: Snapshot) -> tuple[str, ...]:
    """The Python files, outside vendored folders, that are a benchmark's published scorer
    (:data:`_SCORER_HEADER`) or keep another author's licence notice (:func:`published_copies`),
    sorted; none when they would be all of the repository's code."""
    folders = vendored_folders(snapshot)
    scripts = {unit.path for unit in snapshot.sources if unit.cell is None}
    scorers = {
        unit.path
        for unit in snapshot.sources
        if unit.cell is None
        and not in_folders(unit.path, folders)
        and _SCORER_HEADER.search(_top(unit.source))
    }
    found = sorted(scorers | published_copies(snapshot).keys())
    return tuple(found) if set(found) < scripts else ()


@per_object
def published_copies(snapshot: Snapshot) -> dict[str, str]:
    """The Python files, outside vendored folders, that keep another author's copyright and
    licence notice, each with the holder it names: not a committer, not the holder of the
    project's own licence, named by no other file."""
    folders = vendored_folders(snapshot)
    own = {
        word
        for name in _author_names(snapshot)
        for word in holder_words(name)
        if len(word) >= 3 and not word.isdigit()
    }
    licence = next(
        (snapshot.texts.get(i.path) for i in snapshot.files if _is_root_licence(i.path)), ""
    )
    for holder in notice_holders(licence or ""):
        own |= holder_words(holder.lower())
    sources = (
        (unit.path, unit.source)
        for unit in snapshot.sources
        if unit.cell is None and not in_folders(unit.path, folders)
    )
    return licensed_copies(sources, lambda words: bool(words & own))


def _top(source: str) -> str:
    """The first lines of a file, where a published script says what it is."""
    return "\n".join(source.split("\n", _SCORER_LINES)[:_SCORER_LINES])


def _named_folders(snapshot: Snapshot) -> set[str]:
    found = set()
    for info in snapshot.files:
        parts = PurePosixPath(info.path).parts[:-1]
        for depth, part in enumerate(parts):
            if part.lower() in VENDOR_FOLDERS:
                found.add("/".join(parts[: depth + 1]))
                break
    return found


def _nested_projects(snapshot: Snapshot) -> set[str]:
    """Folders below the root with their own licence and their own build file (or named
    like a downloaded archive, ``npy-matlab-master``, or holding a ``.github/`` folder of
    their own, which GitHub reads only at a repository's root: a repository copied in whole),
    that the root's project files do not name, whose licence is not a copy of the root's and
    whose own README does not bear the top README's title (the project itself, its README
    copied up to the root)."""
    licences: dict[str, str] = {}
    builds: set[str] = set()
    for info in snapshot.files:
        pure = PurePosixPath(info.path)
        folder = str(pure.parent)
        if ".github" in pure.parts[1:-1]:
            builds.add("/".join(pure.parts[: pure.parts.index(".github", 1)]))
        if folder == ".":
            continue
        if _LICENCE.match(pure.name):
            licences.setdefault(folder, info.path)
        elif pure.name in BUILD_FILES:
            builds.add(folder)
    root_licence = next(
        (snapshot.texts.get(i.path) for i in snapshot.files if _is_root_licence(i.path)), None
    )
    root_project = "\n".join(snapshot.texts.get(name, "") for name in _ROOT_PROJECT_FILES)
    code = {unit.path for unit in snapshot.sources}
    authors = _author_names(snapshot)
    root_readme = readme_path(snapshot)
    root_title = _title(snapshot.texts.get(root_readme, "")) if root_readme else None
    return {
        folder
        for folder, licence in licences.items()
        if (folder in builds or _ARCHIVE.search(folder) is not None)
        and not _named_in(folder, root_project)
        and not _same_text(snapshot.texts.get(licence), root_licence)
        and not _names_an_author(snapshot.texts.get(licence, ""), authors)
        # A folder holding all the code is the project itself, kept in a subfolder.
        and any(not path.startswith(folder + "/") for path in code)
        and not _titled_like_the_root(snapshot, folder, root_title)
    }


def _title(readme: str) -> str | None:
    """A README's title, its first line without the heading marks, in lower case; none when
    it is a single word ("README", "Usage"), which another project's README may share."""
    first = next((line for line in readme.splitlines() if line.strip()), "")
    words = first.lstrip("\ufeff").strip().strip("#=").split()
    return " ".join(words).casefold() if len(words) >= 2 else None


def _titled_like_the_root(snapshot: Snapshot, folder: str, root_title: str | None) -> bool:
    """Whether the folder's own README bears the top README's title: the repository's project
    kept in a subfolder, its README copied up to the root, not someone else's project."""
    if root_title is None:
        return False
    return any(
        _title(snapshot.texts.get(f"{folder}/{name}", "")) == root_title for name in _README_NAMES
    )


_FOLDER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/")


def _called_vendored(snapshot: Snapshot) -> set[str]:
    """Folders of code the top README calls vendored, next to the word: "the vendored mgbdt/
    library", "a vendored copy of `lib/`", "`lib/` (vendored)". A folder is named with its
    slash or in backticks, by its path or by the end of it (``mgbdt/`` for ``models/mgbdt/``,
    when no other folder of code ends so). A folder that holds all the code is the project
    itself. Read word by word: no pattern runs over a long line."""
    path = readme_path(snapshot)
    readme = snapshot.texts.get(path, "") if path else ""
    if "vendored" not in readme.lower():
        return set()
    code = {unit.path for unit in snapshot.sources}
    folders = {str(parent) for path in code for parent in PurePosixPath(path).parents}
    folders.discard(".")
    found = set()
    for named in _named_vendored(readme.split()):
        ends = [f for f in folders if f == named or f.endswith("/" + named)]
        if len(ends) == 1 and any(not path.startswith(ends[0] + "/") for path in code):
            found.add(ends[0])
    return found


def _credited_copies(snapshot: Snapshot) -> set[str]:
    """Folders of code named after a GitHub repository the top README links ("used code from
    https://github.com/<owner>/FairClassification" beside ``FairClassification/``), that keep
    a README of their own: that repository cloned into this one. Not when the linked
    repository's owner is a committer (the author's own project), nor when the folder holds
    all the code (the project itself, kept in a subfolder) or a root project file names it."""
    path = readme_path(snapshot)
    readme = snapshot.texts.get(path, "") if path else ""
    if "github.com/" not in readme:
        return set()
    links = [
        (match["owner"].casefold(), match["name"].removesuffix(".git").casefold())
        for match in _GITHUB_REPOSITORY.finditer(readme)
    ]
    linked = {name for _, name in links if name}
    code = {unit.path for unit in snapshot.sources}
    # The folders holding code, by the name of each: those named like a linked repository
    # are few, and the committers (the whole history) are read only where one is.
    folders = {
        path[:end] for path in code for end in _slashes(path) if path[:end].rpartition("/")[2]
    }
    named = {f for f in folders if f.rpartition("/")[2].casefold() in linked}
    if not named:
        return set()
    authors = _author_names(snapshot)
    credited = {name for owner, name in links if name and owner not in authors}
    files = {info.path for info in snapshot.files}
    root_project = "\n".join(snapshot.texts.get(name, "") for name in _ROOT_PROJECT_FILES)
    return {
        folder
        for folder in named
        if folder.rpartition("/")[2].casefold() in credited
        and any(f"{folder}/{name}" in files for name in _README_NAMES)
        and any(not path.startswith(folder + "/") for path in code)
        and not _named_in(folder, root_project)
    }


def _slashes(path: str) -> list[int]:
    """Where each of the folders above ``path`` ends in it (``a/b/c.py``: 1 and 3)."""
    return [index for index, char in enumerate(path) if char == "/"]


def _named_vendored(words: list[str]) -> list[str]:
    """The folders named right after "vendored" (past "copy of the") or right before
    "(vendored"."""
    named = []
    for index, word in enumerate(words):
        low = word.lower().strip("*_")
        if low == "vendored":
            after = index + 1
            for filler in ("copy", "of", "the"):
                if after < len(words) and words[after].lower() == filler:
                    after += 1
            candidate = words[after] if after < len(words) else ""
        elif low.startswith("(vendored") and index > 0:
            candidate = words[index - 1]
        else:
            continue
        folder = _folder_word(candidate)
        if folder:
            named.append(folder)
    return named


def _folder_word(word: str) -> str:
    """``mgbdt/`` or `` `lib` `` (with trailing punctuation) as a folder path, else ''."""
    word = word.rstrip(",.;:)")
    ticked = len(word) > 2 and word[0] == word[-1] == "`"
    if ticked:
        word = word[1:-1]
    elif not word.endswith("/"):
        return ""
    if not word or not set(word) <= _FOLDER_CHARS:
        return ""
    return word.strip("./")


def _copied(snapshot: Snapshot) -> set[str]:
    """Folders of another party's copyrighted files (:mod:`copyright_headers`)."""
    authors = _author_names(snapshot)
    sources = ((unit.path, unit.source) for unit in snapshot.sources if unit.cell is None)
    return copied_libraries(sources, lambda holder: _names_an_author(holder, authors))


def _author_names(snapshot: Snapshot) -> frozenset[str]:
    """The names the repository's committers go by (name, and the email's local part)."""
    names = set()
    for commit in snapshot.history.commits:
        names.add(commit.author.strip().lower())
        names.add(commit.email.partition("@")[0].strip().lower())
    return frozenset(name for name in names if len(name) >= 4)


def _names_an_author(licence: str, authors: frozenset[str]) -> bool:
    """A licence whose copyright line names one of the committers is the author's own."""
    text = licence.lower()
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in authors)


def _named_in(folder: str, text: str) -> bool:
    """Whether a root project file names the folder (a workspace member, a package dir)."""
    return re.search(rf"(?<![\w.-]){re.escape(folder)}/?(?![\w.-])", text) is not None


def _is_root_licence(path: str) -> bool:
    return "/" not in path and bool(_LICENCE.match(path))


def _same_text(one: str | None, other: str | None) -> bool:
    return one is not None and other is not None and one.split() == other.split()


def authored_view(snapshot: Snapshot) -> Snapshot:
    """The snapshot without vendored code: its files, texts, parsed code, notebooks, lint,
    format and complexity facts; the snapshot itself when nothing is vendored."""
    # Not cached here: a cache entry holding the snapshot itself would keep it alive forever.
    vendored = vendored_folders(snapshot) or copied_scripts(snapshot)
    return _without_vendored(snapshot) if vendored else snapshot


#: The rules that judge ruff's lint and format and radon's complexity, per file: they read
#: :func:`readability_view`. READ004 reads what a package re-exports from every module, so
#: it keeps the generated ones in its view and leaves them out of its judgment itself, as
#: TEST004 leaves them out of its count (a view of its own would read the tests again).
MEASURED_RULES = frozenset({"READ001", "READ002", "READ003"})


def readability_view(snapshot: Snapshot) -> Snapshot:
    """The authored view without the modules a tool generated (:mod:`generated`): protoc's
    ``_pb2`` files and Django's migrations are not written the way their author writes."""
    authored = authored_view(snapshot)
    return _without_generated(authored) if generated_modules(authored) else authored


def environment_view(snapshot: Snapshot) -> Snapshot:
    """The snapshot without committed virtual environments (:mod:`environments`), for the
    rules that read the project's declarations and docs: an installed package's
    ``pyproject.toml`` declares nothing of the project's."""
    return _without_environments(snapshot) if environment_folders(snapshot) else snapshot


@per_object
def _without_vendored(snapshot: Snapshot) -> Snapshot:
    return _without(snapshot, vendored_folders(snapshot), copied_scripts(snapshot))


@per_object
def _without_generated(snapshot: Snapshot) -> Snapshot:
    return _without(snapshot, (), generated_modules(snapshot))


@per_object
def _without_environments(snapshot: Snapshot) -> Snapshot:
    return _without(snapshot, environment_folders(snapshot))


def _without(
    snapshot: Snapshot, folders: tuple[str, ...], scripts: tuple[str, ...] = ()
) -> Snapshot:
    def kept(path: str) -> bool:
        return not in_folders(path, folders) and path not in scripts

    sources = tuple(unit for unit in snapshot.sources if kept(unit.path))
    lines = sum(unit.source.count("\n") + 1 for unit in sources)
    # Not the count before less the files left out: ruff may have skipped some of those
    # (its default excludes venv/), or failed to parse them.
    files = {unit.path for unit in sources}
    lint, formatting = snapshot.lint_result, snapshot.format_result
    if lint is not None:
        diagnostics = tuple(d for d in lint.diagnostics if kept(d.path))
        lint = dataclasses.replace(
            lint,
            diagnostics=diagnostics,
            lines_checked=lines,
            files_checked=min(lint.files_checked, len(files)),
        )
    if formatting is not None:
        unreadable = tuple(p for p in formatting.unreadable if kept(p))
        formatting = dataclasses.replace(
            formatting,
            would_reformat=tuple(p for p in formatting.would_reformat if kept(p)),
            changed_lines={p: n for p, n in formatting.changed_lines.items() if kept(p)},
            lines_checked=lines,
            files_checked=min(formatting.files_checked, len(files - set(unreadable))),
            unreadable=unreadable,
        )
    return dataclasses.replace(
        snapshot,
        files=tuple(info for info in snapshot.files if kept(info.path)),
        texts={path: text for path, text in snapshot.texts.items() if kept(path)},
        sources=sources,
        notebooks={path: nb for path, nb in snapshot.notebooks.items() if kept(path)},
        complexity=tuple(c for c in snapshot.complexity if kept(c.path)),
        lint_result=lint,
        format_result=formatting,
    )


def vendored_notes(snapshot: Snapshot) -> tuple[str, ...]:
    """One note per vendored folder and copied script, for the report."""
    environments = environment_folders(snapshot)
    return tuple(
        f"{folder}/: "
        + (
            (
                "installed npm packages"
                if folder.rsplit("/", 1)[-1] == NODE_MODULES
                else "a committed virtual environment"
            )
            + ", left out of every rule but the history and hygiene ones"
            if folder in environments
            else "vendored third-party code, left out of the tests, readability, sanity and "
            "code reproducibility rules"
        )
        for folder in vendored_folders(snapshot)
    ) + tuple(
        f"{path}: a copy of "
        + (
            f"a file published under its author's licence ({published[path]})"
            if path in published
            else "a benchmark's published scorer"
        )
        + ", left out of the tests, readability, sanity and code reproducibility rules"
        for published in (published_copies(snapshot),)
        for path in copied_scripts(snapshot)
    )
