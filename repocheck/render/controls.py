"""Control characters from the analyzed repository, made visible instead of obeyed.

A commit subject or a file name can hold escape sequences (colours, a cleared screen, OSC 8
hyperlinks), carriage returns and newlines that would forge lines of a report, or bidirectional
overrides that reorder what a reader sees. Like git quoting a path, every such character is
shown as an escape (``\\033``, ``\\n``, ``\\u202e``), so a repository's text stays one line of
plain characters wherever a report prints it.
"""

from __future__ import annotations

_NAMED = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r"}

#: C1 controls (0x9b is a one-byte CSI), and the format characters that move or hide text:
#: bidirectional marks, embeddings, overrides and isolates, and the line separators.
_UNICODE_CONTROLS = (
    [chr(c) for c in range(0x80, 0xA0)]
    + ["\u061c", "\u200e", "\u200f", "\u2028", "\u2029"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)


def _table() -> dict[int, str]:
    table = {c: _NAMED.get(chr(c), f"\\{c:03o}") for c in [*range(0x20), 0x7F]}
    table.update({ord(c): f"\\u{ord(c):04x}" for c in _UNICODE_CONTROLS})
    return table


_VISIBLE = _table()

#: The characters ``visible`` replaces, for tests and for JSON escaping.
CONTROL_CHARACTERS = frozenset(chr(c) for c in _VISIBLE)


def visible(text: str) -> str:
    """``text`` with every control or direction-changing character written as an escape."""
    return text.translate(_VISIBLE)


def one_line(text: str) -> str:
    """``text`` on one line: whitespace runs collapsed to a space, other controls visible."""
    return visible(" ".join(text.split()))
