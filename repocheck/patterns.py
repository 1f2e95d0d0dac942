"""Regular expressions compiled the first time they are used.

repocheck holds about three hundred patterns, most of them for files, wordings or tools that
only some repositories have; on a small repository more than half are never used, and
compiling them all at import (the ``re`` compiler is pure Python) was about a twentieth of the
whole run. A module-level pattern is written ``compile_on_use(r"...")``; it compiles on the
first call of one of its methods and then answers exactly as the compiled pattern does.
"""

from __future__ import annotations

import re
from typing import cast

#: What is copied from the compiled pattern onto the stand-in, so that later uses are plain
#: attribute reads, as fast as the pattern's own.
_FORWARDED = (
    *("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"),
    *("flags", "groups", "groupindex"),
)


class CompiledOnUse:
    """A stand-in for ``re.compile(pattern, flags)`` until one of its methods is asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern  # read without compiling: patterns are built from others' text
        self._flags = flags

    def __reduce__(self) -> tuple[object, tuple[str, int]]:
        # Sent to a worker process as what it is: a pattern compiled there when first used.
        return (CompiledOnUse, (self.pattern, self._flags))

    def __getattr__(self, name: str) -> object:
        # Called only for what the instance does not hold yet: compile, then hold it all.
        if name.startswith("__"):  # a protocol probed for (copy, pickle): not a pattern's
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        self.__dict__.update((each, getattr(compiled, each)) for each in _FORWARDED)
        return getattr(compiled, name)


def compile_on_use(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done the first time the pattern is used."""
    return cast("re.Pattern[str]", CompiledOnUse(pattern, int(flags)))
