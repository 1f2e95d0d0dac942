"""A plan as one unified diff in git's form, which ``git apply`` and ``patch -p1`` read.

Created files are diffed against ``/dev/null``; a last line without a newline is followed by
``\\ No newline at end of file``, as git writes it. The text is exactly what ``--write``
writes: only the terminal form shows control characters instead of sending them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import click

from repocheck.fix.plan import FileChange
from repocheck.render.controls import visible

NO_NEWLINE = "\\ No newline at end of file\n"
#: Context lines around each change, as git's default.
CONTEXT = 3


def _lines(text: str | None) -> list[str]:
    # Only "\n" ends a line for git: splitlines() would also split at "\r", "\f" or "\x1c".
    if not text:
        return []
    lines = text.split("\n")
    ends = [line + "\n" for line in lines[:-1]]
    return ends + ([lines[-1]] if lines[-1] else [])


_C_ESCAPES = {"\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r"}


def quoted(name: str) -> str:
    """A path as git writes it in a diff (``core.quotepath=off``): C-quoted when it holds a
    quote, a backslash or a control character, as it is otherwise."""
    if not any(c in '"\\' or ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return name
    out = []
    for char in name:
        if char in '"\\':
            out.append("\\" + char)
        elif char in _C_ESCAPES:
            out.append("\\" + _C_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):03o}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _file_line(marker: str, name: str) -> str:
    # git ends a name that holds a space with a tab, so that patch reads where it ends.
    shown = quoted(name)
    end = "\t" if " " in shown and not shown.startswith('"') else ""
    return f"{marker} {shown}{end}\n"


def file_diff(change: FileChange) -> str:
    """One file's part of the diff, headers included."""
    old = f"a/{change.path}" if change.before is not None else "/dev/null"
    new = f"b/{change.path}"
    header = [f"diff --git {quoted(f'a/{change.path}')} {quoted(new)}\n"]
    if change.before is None:
        header.append("new file mode 100644\n")
        if not change.after:  # git names an empty new file and shows no hunk
            return "".join(header)
    header += [_file_line("---", old), _file_line("+++", new)]
    body = []
    hunks = difflib.unified_diff(_lines(change.before), _lines(change.after), n=CONTEXT)
    for line in list(hunks)[2:]:  # difflib's own ---/+++ lines name no files
        body.append(line if line.endswith("\n") else line + "\n" + NO_NEWLINE)
    return "".join(header + body)


def unified_diff(changes: Iterable[FileChange]) -> str:
    """The diff of every change, in the plan's order (by path)."""
    return "".join(file_diff(change) for change in changes)


def _styled(line: str) -> str:
    if line.startswith(("diff --git", "new file mode", "--- ", "+++ ")):
        return click.style(line, bold=True)
    if line.startswith("@@"):
        return click.style(line, fg="cyan")
    if line.startswith("+"):
        return click.style(line, fg="green")
    if line.startswith("-"):
        return click.style(line, fg="red")
    return line


def for_terminal(diff: str, color: bool) -> str:
    """The diff for a person: control characters shown (tabs kept), coloured when asked."""
    out = []
    for line in diff.split("\n")[:-1]:
        body, end = (line[:-1], "\r") if line.endswith("\r") else (line, "")
        shown = "\t".join(visible(part) for part in body.split("\t")) + end
        out.append(_styled(shown) if color else shown)
    return "".join(line + "\n" for line in out)
