"""Python 3.12's f-strings that reuse their quotes, spelled for an older Python's parser.

Since 3.12 (PEP 701) a replacement field may hold a string in the enclosing f-string's own
quotes: ``f"Missing: {f"{name}.npz"}"``, ``f'{opt['lr']:.4f}'``. Older parsers end the
f-string at the inner quote, so a module valid on 3.12 is a syntax error to them and every
rule would miss it. The same string written in the other quote means the same thing on every
Python, and is one character for one character: line and column numbers are unchanged.

Only that spelling is changed. A field that needs a backslash or a comment, or a string that
cannot take the other quote (it is taken by an f-string around it, or appears in its text),
has no older spelling: the module stays unread rather than read as a guess.
"""

from __future__ import annotations

from repocheck.patterns import compile_on_use

_WORD = compile_on_use(r"\w+")
_PREFIXES = frozenset({"r", "u", "b", "f", "br", "rb", "fr", "rf"})
_OTHER = {'"': "'", "'": '"'}


class _NoOlderSpelling(Exception):
    """The source holds syntax an older parser cannot be given by changing quotes."""


def requote_nested_fstrings(source: str) -> str | None:
    """``source`` with each string inside an f-string's replacement field that reuses an
    enclosing quote written in the other quote; None when nothing changes or cannot."""
    scanner = _Scanner(source)
    try:
        scanner.code(0, (), field=False)
    except (_NoOlderSpelling, IndexError, ValueError, RecursionError):
        return None
    rewritten = "".join(scanner.chars)
    return rewritten if rewritten != source else None


def _ends_one(delimiter: str, enclosing: tuple[str, ...]) -> bool:
    """Whether a string opened with ``delimiter`` would, to an older parser, end one of the
    f-strings around it: any of its quote ends a single-quoted one, three a triple-quoted."""
    return any(
        outer[0] == delimiter[0] and (len(outer) == 1 or len(delimiter) == 3) for outer in enclosing
    )


class _Scanner:
    def __init__(self, source: str) -> None:
        self.source = source
        self.chars = list(source)

    def code(self, i: int, enclosing: tuple[str, ...], *, field: bool) -> int:
        """Scan code from ``i``; in a replacement field, up to its ``!``, ``:`` or ``}``.
        ``enclosing``: the delimiters of the f-strings around, as an older parser reads them."""
        s = self.source
        depth = 0
        while i < len(s):
            c = s[i]
            if c == "#":
                if field:
                    raise _NoOlderSpelling
                end = s.find("\n", i)
                i = len(s) if end < 0 else end
            elif c in "\"'":
                i = self.string(i, "", enclosing)
            elif c == "\\" and field:
                raise _NoOlderSpelling
            elif (word := _WORD.match(s, i)) is not None:
                i = word.end()
                if i < len(s) and s[i] in "\"'" and word.group().lower() in _PREFIXES:
                    i = self.string(i, word.group().lower(), enclosing)
            elif not field:
                i += 1
            elif c in "([{":
                depth += 1
                i += 1
            elif c in ")]}":
                if depth == 0:
                    if c == "}":
                        return i
                    raise _NoOlderSpelling
                depth -= 1
                i += 1
            elif depth == 0 and (c == ":" or (c == "!" and s[i + 1] != "=")):
                return i
            else:
                i += 1
        if field:
            raise _NoOlderSpelling
        return i

    def string(self, i: int, prefix: str, enclosing: tuple[str, ...]) -> int:
        """Scan the string literal whose opening quote is at ``i``; return the index after it."""
        s = self.source
        quote = s[i]
        delimiter = quote * 3 if s.startswith(quote * 3, i) else quote
        written = quote
        if _ends_one(delimiter, enclosing):
            written = _OTHER[quote]
            if _ends_one(written * len(delimiter), enclosing):
                raise _NoOlderSpelling
        inner = (*enclosing, written * len(delimiter))
        start = i
        i += len(delimiter)
        formatted = "f" in prefix
        raw = "r" in prefix
        while not s.startswith(delimiter, i):
            c = s[i]
            if c == "\n" and len(delimiter) == 1:
                raise _NoOlderSpelling  # an unterminated string: not ours to mend
            if written != quote and c == written:
                raise _NoOlderSpelling  # the other quote appears in the text
            if c == "\\":
                if formatted and not raw and s.startswith("\\N{", i):
                    i = s.index("}", i) + 1  # a named character, not a field
                else:
                    i += 2
            elif formatted and s.startswith(("{{", "}}"), i):
                i += 2
            elif formatted and c == "{":
                i = self.field(i + 1, inner)
            else:
                i += 1
        if written != quote:
            for at in (start, i):
                self.chars[at : at + len(delimiter)] = [written] * len(delimiter)
        return i + len(delimiter)

    def field(self, i: int, enclosing: tuple[str, ...]) -> int:
        """Scan a replacement field from after its ``{``; return the index after its ``}``."""
        s = self.source
        i = self.code(i, enclosing, field=True)
        if s[i] == "!":
            word = _WORD.match(s, i + 1)
            if word is None:
                raise _NoOlderSpelling
            i = word.end()
        if s[i] == ":":
            i += 1
            while s[i] != "}":
                if s[i] == "{":
                    i = self.field(i + 1, enclosing)
                elif s[i] in "\\\n\"'":
                    raise _NoOlderSpelling
                else:
                    i += 1
        if s[i] != "}":
            raise _NoOlderSpelling
        return i + 1
