"""Python files that carry another party's copyright header: a copied library or file.

A learner who copies Hugging Face's old ``pytorch_pretrained_bert`` package into
``pytorch_pretrained/`` keeps its files' headers (``# Copyright 2018 The Google AI Language
Team Authors and The HuggingFace Inc. team.``); the author's own scripts beside it carry none,
or another. Read conservatively, since a folder judged copied leaves the author's rules: a
folder of at least five Python files (a file of nothing but comments left out), nearly all
headed by a copyright line naming an organisation (a team, its authors, a company, a
university), a holder no file outside the folder names and no committer is, with some of the
repository's code outside it.

A single file is read the same way when its notice says more: a copyright line and a licence
grant ("This program is free software", "Permission is hereby granted") in its first lines,
comment or docstring, as SORT's ``sort.py`` keeps "Copyright (C) 2016 Alex Bewley" and the GPL
wherever it is copied, naming a holder no other file names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

from repocheck.patterns import compile_on_use

#: The lines of a file's top where a licence header sits.
HEADER_LINES = 30
#: At least this many Python files, and this share of them headed, make a copied library.
MIN_FILES = 5
MIN_SHARE = 0.8
# One quantifier per run of characters, none spanning lines: linear on any text.
_COPYRIGHT = compile_on_use(r"^[ \t]*#[ \t]*copyright\b([^\n]*)", re.IGNORECASE | re.MULTILINE)
#: A copyright line in a comment or a docstring, a year or "(c)" right after the word.
_NOTICE = compile_on_use(
    r"^[ \t]*(?:#[ \t]*)?copyright(?=[ \t]*(?:\(c\)|©|\d))([^\n]*)", re.IGNORECASE | re.MULTILINE
)
#: The words of a licence grant, which a file's own author rarely writes above a script.
_GRANT = compile_on_use(
    r"free software|general public license|permission is hereby granted|licensed under the"
    r"|redistribution and use in source and binary forms",
    re.IGNORECASE,
)
#: What comes before the holder's name: "(c)", "©", years and ranges ("2017-present"), commas.
_YEARS = compile_on_use(r"(?:\s|\(c\)|©|\d|[,\-–]|present\b)*")
#: Words that make a holder an organisation, not one person writing their own project.
_ORGANISATION = compile_on_use(
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


def _top(source: str) -> str:
    return "\n".join(source.split("\n", HEADER_LINES)[:HEADER_LINES])


def _holder(rest: str) -> str:
    """The holder in what follows "copyright": years, "(c)", e-mail addresses and "all rights
    reserved" off."""
    years = _YEARS.match(rest.lower())
    words = [word for word in rest[years.end() if years else 0 :].split() if "@" not in word]
    holder = " ".join(words).strip(" .,")
    if holder.lower().endswith("all rights reserved"):
        holder = holder[: -len("all rights reserved")]
    return holder.strip(" .,")


def holders(source: str) -> frozenset[str]:
    """The copyright holders named in the first lines of a file, lower-cased, without years."""
    found = {_holder(match.group(1).lower()) for match in _COPYRIGHT.finditer(_top(source))}
    found.discard("")
    return frozenset(found)


def notice_holders(text: str) -> tuple[str, ...]:
    """The holders of every copyright line of ``text`` (a comment or a docstring's), as
    written: a licence file's, or a file's top."""
    found = (" ".join(_holder(match.group(1)).split()) for match in _NOTICE.finditer(text))
    return tuple(dict.fromkeys(holder for holder in found if holder))


def licensed_copies(
    sources: Iterable[tuple[str, str]], is_own: Callable[[frozenset[str]], bool]
) -> dict[str, str]:
    """The Python files that keep another party's notice: a copyright line and a licence grant
    in their first lines, naming a holder whose words no other file's holders share and that
    ``is_own`` (given the holder's words) does not claim. Each with the holder named.

    None where most of the other files carry a copyright header: a project with a header
    convention of its own (a library) takes contributions under their authors' names."""
    words: dict[str, frozenset[str]] = {}
    noticed: dict[str, str] = {}
    files = 0
    for path, source in sources:
        if not path.endswith(".py"):
            continue
        files += 1
        top = _top(source)
        if "opyright" not in top and "OPYRIGHT" not in top:
            continue
        named = set(holders(source))
        notice = notice_holders(top) if _GRANT.search(top) else ()
        named.update(holder.lower() for holder in notice)
        words[path] = _with_joined(frozenset().union(*map(holder_words, named)))
        if notice:
            noticed[path] = notice[0]
    headed_elsewhere = sum(1 for path, found in words.items() if found and path not in noticed)
    if not noticed or 2 * headed_elsewhere >= files - len(noticed):
        return {}
    everywhere = Counter(word for found in words.values() for word in found)
    return {
        path: holder
        for path, holder in noticed.items()
        if words[path]
        and all(everywhere[word] == 1 for word in words[path])
        and not is_own(words[path])
    }


def _with_joined(words: frozenset[str]) -> frozenset[str]:
    """A holder's words and each two of them run together: "hugging face" is also
    "huggingface", as other files may spell it."""
    return words | {one + other for one in words for other in words if one != other}


def _has_code(source: str) -> bool:
    """Whether a file holds more than blank lines and comments: an ``__init__.py`` holding only
    a comment has no code to carry a header, so it counts neither way."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in source.splitlines())


#: The authors of the libraries learners copy whole (TF-slim, a BERT implementation, YOLO's
#: utilities): their header is never a learner's own convention.
_FAMOUS = compile_on_use(
    r"\b(tensorflow|google|deepmind|facebook|meta platforms|microsoft|nvidia|huggingface"
    r"|openai|pytorch|keras)\b",
    re.IGNORECASE,
)


def _famous_words(holders: frozenset[str]) -> frozenset[str]:
    """The words naming the famous libraries' authors among ``holders``."""
    return frozenset(
        word for holder in holders if _FAMOUS.search(holder) for word in holder_words(holder)
    )


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
        named = frozenset().union(*headed)
        here = Counter(word for path in inside for word in words[path])
        # A holder of its heads files outside it too: the project's own header. But a famous
        # library's authors heading a minority of the other files are copies of its scripts
        # (TensorFlow's retrain.py beside a copy of TF-slim), not a learner's convention.
        strays = _famous_words(named)
        outside = len(files) - len(inside)
        if any(
            everywhere[word] > count
            and not (word in strays and 2 * (everywhere[word] - count) < outside)
            for word, count in here.items()
        ):
            continue
        if not any(_ORGANISATION.search(holder) for holder in named):
            continue
        if any(names_an_author(holder) for holder in named):
            continue
        found.add(folder)
    return {f for f in found if not any(f.startswith(o + "/") for o in found)}
