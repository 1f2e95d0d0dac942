"""The reviewer's list of repositories: a text file, standard input, or a spreadsheet's CSV.

A text list has one target per line (a path, a URL, ``gh:owner/repo`` or ``gh:USERNAME``);
blank lines and ``#`` comments are skipped. A CSV has a header row; the links come from one
column and the applicant's name from another, chosen by name (``--url-column``,
``--applicant-column``) or guessed from the headers. A cell may hold several links.

Links are tidied the way people paste them: ``github.com/ada/mnist`` gains its scheme, a link
to a file or branch page (``.../tree/main/src``) becomes the repository, and a profile link
(``https://github.com/ada``) becomes ``gh:ada``: every public repository of that user.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from repocheck.patterns import compile_on_use

URL_WORDS = ("repo", "url", "link", "github", "project")
APPLICANT_WORDS = ("applicant", "candidate", "student", "name", "email", "login", "user")
_COMMENT = compile_on_use(r"(?:^|\s)#")
_SEPARATORS = compile_on_use(r"[\s,;]+")
_NO_SCHEME = compile_on_use(r"^(?:www\.)?([A-Za-z0-9.-]+\.[A-Za-z]{2,})/(.+)$")
#: GitHub pages below a repository that people paste instead of the repository itself.
_SUBPAGES = ("tree", "blob", "commits", "commit", "issues", "pulls", "actions", "releases", "wiki")


class InputError(Exception):
    """The list cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class Entry:
    """One repository to review, whose applicant it is, and where the list named it."""

    target: str
    applicant: str = ""
    where: str = ""
    #: The reviewer's other columns of the CSV row (email, notes, cohort), carried through to
    #: the results as (header, value) pairs.
    columns: tuple[tuple[str, str], ...] = ()


def is_user(target: str) -> bool:
    """True for ``gh:USERNAME``: a user whose repositories are to be listed."""
    return target.startswith("gh:") and "/" not in target and len(target) > 3


def _github_host(github_url: str) -> str:
    return (urlsplit(github_url).netloc or "github.com").lower()


def _with_scheme(token: str, hosts: tuple[str, ...]) -> str:
    """``github.com/ada/x`` -> ``https://github.com/ada/x``: the scheme people leave out."""
    bare = _NO_SCHEME.match(token)
    if bare and bare.group(1).lower() in hosts:
        return f"https://{hosts[0]}/{bare.group(2)}"
    return token


def normalize_link(token: str, github_url: str = "https://github.com") -> str:
    """A pasted link as a target repocheck accepts (see the module's docstring)."""
    host = _github_host(github_url)
    hosts = (host, f"www.{host}")
    token = _with_scheme(token.strip().rstrip(".),").strip("<>"), hosts)
    segments = _github_segments(token, hosts)
    if not segments:
        return token
    if len(segments) == 1:
        return f"gh:{segments[0]}"  # a profile: every repository of that user
    keep = 2 if len(segments) > 2 and segments[2] in _SUBPAGES else len(segments)
    return f"{github_url.rstrip('/')}/{'/'.join(segments[:keep])}"


def _github_segments(token: str, hosts: tuple[str, ...]) -> list[str]:
    """The path segments of a web link to the GitHub host; empty for anything else."""
    parts = urlsplit(token)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        return []
    return [segment for segment in parts.path.split("/") if segment]


def links_in(cell: str, github_url: str = "https://github.com") -> list[str]:
    """Every link in one cell or line, tidied; several may be separated by spaces, ``,`` or ``;``."""
    return [normalize_link(t, github_url) for t in _SEPARATORS.split(cell) if t.strip("<>.)")]


def _looks_like_target(token: str) -> bool:
    return "/" in token or ":" in token or token.startswith(".")


def read_text(text: str, github_url: str = "https://github.com") -> list[Entry]:
    """Entries of a plain list, a line each; ``#`` starts a comment.

    Words of a line that are not targets (no ``/`` or ``:``) name the applicant, as in
    ``Ada Lovelace https://github.com/ada/mnist``; a line without any target is kept whole,
    to be reported as the target it is not.
    """
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        entries += _line(_COMMENT.split(line, 1)[0].split(), f"line {number}", github_url)
    return entries


def _line(words: list[str], where: str, github_url: str) -> list[Entry]:
    targets = [word for word in words if _looks_like_target(word)]
    if not targets:
        return [Entry(" ".join(words), "", where)] if words else []
    applicant = " ".join(word for word in words if not _looks_like_target(word))
    return [Entry(normalize_link(t, github_url), applicant, where) for t in targets]


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _pick(headers: list[str], wanted: str | None, words: Iterable[str]) -> str:
    """The header named ``wanted`` (any case), else the first one containing one of ``words``."""
    by_lower = {h.strip().lower(): h for h in headers}
    if wanted is not None:
        found = by_lower.get(wanted.strip().lower())
        if found is None:
            raise InputError(f"no column {wanted!r}; the columns are: {', '.join(headers)}")
        return found
    for word in words:
        for header in headers:
            if word in header.lower():
                return header
    return ""


def _applicant_column(headers: list[str], wanted: str | None, url_column: str) -> str:
    if wanted is not None:
        return _pick(headers, wanted, ())
    for word in APPLICANT_WORDS:
        for header in headers:
            lowered = header.lower()
            if header != url_column and word in lowered and "repo" not in lowered:
                return header
    return ""


def read_csv(
    text: str,
    url_column: str | None = None,
    applicant_column: str | None = None,
    github_url: str = "https://github.com",
) -> list[Entry]:
    """Entries of a CSV with a header row; a row without a link is kept as an empty target."""
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text), dialect=_dialect(text[:4096]))
    headers = [h for h in (reader.fieldnames or []) if h is not None]
    if not headers:
        raise InputError("the CSV has no header row")
    links = _pick(headers, url_column, URL_WORDS)
    if not links:
        raise InputError(
            f"which column holds the links? none is named like {', '.join(URL_WORDS)}: "
            f"give --url-column (the columns are: {', '.join(headers)})"
        )
    who = _applicant_column(headers, applicant_column, links)
    own = [header for header in headers if header not in (links, who) and header.strip()]
    return _rows(reader, links, who, own, github_url)


def _rows(
    reader: csv.DictReader[str], links: str, who: str, own: list[str], github_url: str
) -> list[Entry]:
    entries = []
    for number, row in enumerate(reader, start=2):
        applicant = " ".join((row.get(who) or "").split()) if who else ""
        targets = links_in(row.get(links) or "", github_url)
        if not targets and not applicant:
            continue  # an empty line of the spreadsheet
        columns = tuple((header, str(row.get(header) or "")) for header in own)
        for target in targets or [""]:
            entries.append(Entry(target, applicant, f"row {number}", columns))
    return entries


def read_entries(
    text: str,
    *,
    csv_format: bool,
    url_column: str | None = None,
    applicant_column: str | None = None,
    github_url: str = "https://github.com",
) -> list[Entry]:
    """The entries of a list, as CSV or as plain text."""
    if csv_format:
        return read_csv(text, url_column, applicant_column, github_url)
    return read_text(text, github_url)
