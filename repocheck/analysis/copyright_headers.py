"""Folders of Python files that carry another party's copyright header: a copied library.

A learner who copies Hugging Face's old ``pytorch_pretrained_bert`` package into
``pytorch_pretrained/`` keeps its files' headers (``# Copyright 2018 The Google AI Language
Team Authors and The HuggingFace Inc. team.``); the author's own scripts beside it carry none,
or another. Read conservatively, since a folder judged copied leaves the author's rules: a
folder of at least five Python files (a file of nothing but comments left out), nearly all
headed by a copyright line naming an organisation (a team, its authors, a company, a
university), a holder no file outside the folder names and no committer is, with some of the
repository's code outside it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

#: The lines of a file's top where a licence header sits.
HEADER_LINES = 30
#: At least this many Python files, and this share of them headed, make a copied library.
MIN_FILES = 5
MIN_SHARE = 0.8
# One quantifier per run of characters, none spanning lines: linear on any text.
_COPYRIGHT = re.compile(r"^[ \t]*#[ \t]*copyright\b([^\n]*)", re.IGNORECASE | re.MULTILINE)
#: What comes before the holder's name: "(c)", "©", years and ranges, commas.
_YEARS = re.compile(r"(?:\s|\(c\)|©|\d|[,\-–])*")
#: Words that make a holder an organisation, not one person writing their own project.
_ORGANISATION = re.compile(
    r"\b(team|authors|inc|corp|corporation|llc|ltd|gmbh|foundation|university|institute"
    r"|contributors|google|facebook|meta|microsoft|nvidia|openai|deepmind|huggingface)\b",
    re.IGNORECASE,
)


#: Words every kind of holder uses: they tell no two holders apart.
_COMMON_WORDS = frozenset(
    {"the", "and", "of", "its", "all", "rights", "reserved", "team", "authors", "inc", "corp"}
    | {"corporation", "co", "ltd", "llc", "affiliates", "contributors", "c"}
)


def holder_words(holder: str) -> frozenset[str]:
    """The words that name a holder: ``open ai and the huggingface team`` -> open, ai,
    huggingface. Two holders sharing one are one family (a co-authored variant of a header)."""
    return frozenset(re.findall(r"[a-z0-9]+", holder)) - _COMMON_WORDS


def holders(source: str) -> frozenset[str]:
    """The copyright holders named in the first lines of a file, lower-cased, without years."""
    top = "\n".join(source.split("\n", HEADER_LINES)[:HEADER_LINES])
    found = set()
    for match in _COPYRIGHT.finditer(top):
        rest = match.group(1).lower()
        years = _YEARS.match(rest)
        holder = " ".join(rest[years.end() if years else 0 :].split()).strip(" .,")
        holder = holder.removesuffix("all rights reserved").strip(" .,")
        if holder:
            found.add(holder)
    return frozenset(found)


def _has_code(source: str) -> bool:
    """Whether a file holds more than blank lines and comments: an ``__init__.py`` holding only
    a comment has no code to carry a header, so it counts neither way."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in source.splitlines())


def copied_libraries(
    sources: Iterable[tuple[str, str]], names_an_author: Callable[[str], bool]
) -> set[str]:
    """The outermost folders that look copied, from each Python file's (path, source)."""
    files = {
        path: heads
        for path, source in sources
        if path.endswith(".py") and ((heads := holders(source)) or _has_code(source))
    }
    words = {path: frozenset().union(*map(holder_words, found)) for path, found in files.items()}
    everywhere = Counter(word for found in words.values() for word in found)
    folders: dict[str, list[str]] = {}
    for path in files:
        for parent in PurePosixPath(path).parents:
            if str(parent) != ".":
                folders.setdefault(str(parent), []).append(path)
    found = set()
    for folder, inside in folders.items():
        if len(inside) < MIN_FILES or len(inside) == len(files):
            continue
        headed = [files[path] for path in inside if files[path]]
        if len(headed) < MIN_SHARE * len(inside):
            continue
        here = Counter(word for path in inside for word in words[path])
        if any(everywhere[word] > count for word, count in here.items()):
            continue  # a holder of its heads files outside it too: the project's own header
        named = frozenset().union(*headed)
        if not any(_ORGANISATION.search(holder) for holder in named):
            continue
        if any(names_an_author(holder) for holder in named):
            continue
        found.add(folder)
    return {f for f in found if not any(f.startswith(o + "/") for o in found)}
