"""The pages a README links to, read for the parts it leaves to them.

A guide's README is often a table of contents: "1. [Forward Process](01-forward/README.md)",
each chapter saying how to run its part and showing what came out. The README lacks nothing
a reader following its links finds; only tracked Markdown pages of the repository are read,
each once, and only pages the README links to directly (by a relative path, or by the
page's full address on GitHub, ``https://github.com/<owner>/<name>/blob/<branch>/doc/x.md``,
read as the repository's own where it tracks that path); a link to a folder reads the
README GitHub shows there ("[Here](NodeEmbedding/)"). A page the README names by its
bare path ("For detail setup refer, OLLAMA_SETUP_GUIDE.md", "see `docs/usage.md`") is
followed as a link is, after the links, and so is the README of a folder it names where
it sends the reader to a README ("follow the instructions in the README file in the
Transformer_model folder"). A folder it links, or names by its path in prose ("details are
in the `docs/` directory"), that shows no README shows its file list: its Markdown pages are
read, by name. Where it says every folder has one without naming any ("In
each folder you can find a README with instructions on how to run the experiments"), the
READMEs of the folders just below it are read, in order.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from urllib.parse import unquote

from repocheck.analysis.cache import per_object
from repocheck.analysis.readme import readme_parts
from repocheck.analysis.readme_lines import Line, read_lines
from repocheck.facts.snapshot import Snapshot
from repocheck.patterns import compile_on_use

#: ``[text](target)`` or ``[text](target "title")``: the target stops at a space or a bracket,
#: so the pattern stays linear on any line.
_LINK = compile_on_use(r"\]\(\s*([^()\s]+)")
_PAGE_SUFFIXES = (".md", ".markdown")
#: What surrounds a page's bare path in prose: spaces, quotes, brackets and list punctuation.
_AROUND_A_PATH = compile_on_use(r"[\s`'\"()\[\]<>{},;|*]+")
#: A file or folder of a repository on GitHub (``https://github.com/o/n/blob/main/doc/x.md``):
#: the path after the branch, read as the repository's own where it tracks that path.
_GITHUB_PAGE = compile_on_use(r"https?://github\.com/[^/\s]+/[^/\s]+/(?:blob|tree)/[^/\s]+/(\S+)")
#: "each folder", "every sub-directory": a README speaking of all the folders below it at once.
_EACH_FOLDER = compile_on_use(r"\b(?:each|every)\s+(?:sub-?)?(?:folder|director(?:y|ies)|dir)\b")
#: A table of contents of a long course links many chapters; reading more says little more.
MAX_PAGES = 30


def linked_pages(snapshot: Snapshot, readme: str, text: str) -> list[str]:
    """Tracked Markdown pages ``readme`` links to by a relative path, in order, once each."""
    folder = posixpath.dirname(readme)
    found: list[str] = []
    folders: list[str] = []
    readmes: dict[str, str] | None = None
    for target in _targets(text):
        target = target.strip("<>").split("#", 1)[0]
        on_github = _GITHUB_PAGE.match(target)
        if on_github:
            # The repository's own page on GitHub, by its full address: read from the top.
            page = posixpath.normpath(unquote(on_github.group(1)).rstrip("/"))
        elif not target or "://" in target or target.startswith(("mailto:", "/")):
            continue
        else:
            page = posixpath.normpath(posixpath.join(folder, target))
        if not page.lower().endswith(_PAGE_SUFFIXES):
            # A link to a folder ("[Here](NodeEmbedding/)"): GitHub shows the folder's
            # README below its files, so the reader lands on that page.
            readmes = _readmes_by_folder(snapshot) if readmes is None else readmes
            if page not in readmes:
                folders.append(page)  # its pages, after the links
            page = readmes.get(page, "")
        if page and page != readme and page in snapshot.texts and page not in found:
            found.append(page)
        if len(found) == MAX_PAGES:
            break
    # Linked folders without a README, then folders named by their path in prose ("details
    # are in the `docs/` directory"): read as a link to them is.
    folders += [page for page in _named_folders(text, folder) if page not in folders]
    if folders:
        _add_pages(found, readme, _folders_pages(snapshot, folders))
    if "readme" in text.lower():
        _add_pages(found, readme, _folder_readmes(snapshot, folder, text))
    if _says_each_folder_has_a_readme(text):
        _add_pages(found, readme, _readmes_below(snapshot, folder))
    return found


def _add_pages(found: list[str], readme: str, pages: Iterable[str]) -> None:
    """Add ``pages`` to ``found`` in order, each once and not the README itself, up to
    ``MAX_PAGES`` (the pages are made only as far as they are read)."""
    for page in pages:
        if len(found) >= MAX_PAGES:
            return
        if page != readme and page not in found:
            found.append(page)


def _named_folders(text: str, folder: str) -> list[str]:
    """The folders ``text`` names by a relative path ending in "/" (``docs/``), in order."""
    if "/" not in text:
        return []
    found = []
    for word in _AROUND_A_PATH.split(text):
        word = word.rstrip(".:!?")
        if len(word) > 1 and word.endswith("/") and "://" not in word and word[0] != "/":
            found.append(posixpath.normpath(posixpath.join(folder, word)))
    return found


def _folders_pages(snapshot: Snapshot, folders: list[str]) -> Iterator[str]:
    """For each folder, the README GitHub shows there; a folder without one shows its file
    list, and the reader opens the Markdown pages in it (``docs/SETUP.md``), by name. Pages
    in its subfolders are a click further and not read; nor is a folder outside the
    repository."""
    readmes = _readmes_by_folder(snapshot)
    wanted = {place for place in folders if not place.startswith("..") and place not in readmes}
    pages: dict[str, list[str]] = {}
    if wanted:
        for path in snapshot.texts:
            place = posixpath.dirname(path)
            if place in wanted and path.lower().endswith(_PAGE_SUFFIXES):
                pages.setdefault(place, []).append(path)
    for place in folders:
        if place in readmes:
            yield readmes[place]
        else:
            yield from sorted(pages.get(place, []))


def _says_each_folder_has_a_readme(text: str) -> bool:
    """Whether a line of the README sends the reader to every folder's README at once."""
    return any(
        "readme" in line.lower() and _EACH_FOLDER.search(line.lower())
        for line in text.splitlines()
        if "each" in line.lower() or "every" in line.lower()
    )


def _readmes_below(snapshot: Snapshot, folder: str) -> list[str]:
    """The READMEs of the folders just below ``folder``, by the folders' names."""
    readmes = _readmes_by_folder(snapshot)
    return [
        readmes[place]
        for place in sorted(readmes)
        if posixpath.dirname(place) == folder and not place.startswith(".")
    ]


#: The names GitHub shows as a folder's README.
_README_NAMES = ("readme.md", "readme.markdown")


@per_object
def _readmes_by_folder(snapshot: Snapshot) -> dict[str, str]:
    """Each folder's README, the one GitHub shows there, by the folder's path; read once per
    snapshot (callers read it, never change it)."""
    readmes: dict[str, str] = {}
    for path in snapshot.texts:
        place, name = posixpath.split(path)
        if place and name.lower() in _README_NAMES:
            readmes.setdefault(place, path)
    return readmes


def _folder_readmes(snapshot: Snapshot, folder: str, text: str) -> Iterator[str]:
    """The READMEs of the folders a README names in prose where it speaks of a README ("the
    scripts are in the Transformer_model folder, follow the README file in the folder"), in
    the order it names them: the reader opens that folder's README as they would a link."""
    readmes = _readmes_by_folder(snapshot)
    if not readmes:
        return
    for word in _AROUND_A_PATH.split(text):
        word = word.rstrip(".:!?").strip("/")
        if len(word) > 2 and word[0] == word[-1] == "_":
            word = word[1:-1]  # _folder_, Markdown's emphasis
        if word and not word.startswith("."):
            page = readmes.get(posixpath.normpath(posixpath.join(folder, word)))
            if page is not None:
                yield page


#: A picture's target: what a run makes may be shown from where it writes it.
_IMAGE = compile_on_use(r"!\[[^\[\]]*\]\(\s*([^()\s]+)")
#: The files a broken link is looked for: code, notebooks, documents and configs a reader
#: opens, not the data or pictures a run may make.
_CHECKED_SUFFIXES = (
    ".py",
    ".ipynb",
    ".md",
    ".markdown",
    ".rst",
    ".txt",
    ".pdf",
    ".yaml",
    ".yml",
    ".json",
    ".toml",
    ".cfg",
    ".sh",
)


def broken_links(snapshot: Snapshot, readme: str, text: str) -> list[tuple[int, str]]:
    """The README's links (not pictures, not inside code or a hidden comment) to a file of
    the repository's that it does not hold, by line: ``[the notebook](./train.ipynb)`` where
    the notebook is ``train_C4.ipynb``. A target outside the repository, on the web or only
    an anchor is not read, nor a target of a kind a run may write (data, pictures)."""
    if "](" not in text:
        return []
    folder = posixpath.dirname(readme)
    tracked: set[str] | None = None
    found = []
    for line in read_lines(text):
        if line.in_code or "](" not in line.text:
            continue
        pictures = {match.start(1) for match in _IMAGE.finditer(line.text)}
        for match in _LINK.finditer(line.text):
            written = match.group(1).strip("<>")
            target = unquote(written.split("#", 1)[0].split("?", 1)[0])
            if match.start(1) in pictures or not target.lower().endswith(_CHECKED_SUFFIXES):
                continue
            if "://" in target or target.startswith(("mailto:", "{", "$")):
                continue
            place = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            path = posixpath.normpath(place)
            if path.startswith(".."):
                continue
            if tracked is None:
                # HEAD's tree too: a file the work tree lacks (a partial clone's, one deleted
                # and not committed) is still where the published README's link leads.
                history = snapshot.history
                tracked = {info.path for info in snapshot.files}
                tracked |= set(history.blob_sizes) | set(history.unknown_sizes)
            if path not in tracked and not any(f.startswith(path + "/") for f in tracked):
                found.append((line.number, target))
    return found


def _targets(text: str) -> Iterator[str]:
    """The README's link targets, then the Markdown pages it names by a bare path."""
    yield from (match.group(1) for match in _LINK.finditer(text))
    if ".md" not in text.lower() and ".markdown" not in text.lower():
        return
    for word in _AROUND_A_PATH.split(text):
        word = word.rstrip(".:!?")
        if word.lower().endswith(_PAGE_SUFFIXES):
            yield word


def parts_in_linked_pages(
    snapshot: Snapshot, readme: str, text: str, missing: Iterable[str]
) -> dict[str, tuple[str, Line]]:
    """For each part in ``missing``, the first linked page that has it and its line there."""
    wanted = list(missing)
    found: dict[str, tuple[str, Line]] = {}
    if not wanted:
        return found
    for page in linked_pages(snapshot, readme, text):
        parts = readme_parts(snapshot, snapshot.texts[page])
        for part in wanted:
            line = parts.get(part)
            if line is not None and part not in found:
                found[part] = (page, line)
        if len(found) == len(wanted):
            break
    return found
