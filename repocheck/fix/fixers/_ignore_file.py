"""Lines appended to the top-level .gitignore, shared by the GIT003, GIT004 and GIT005 fixers.

A user's .gitignore is only ever appended to: their lines keep their order and their text.
The lines repocheck adds sit under one comment header, written once, so a reader sees where
they came from; a line already there (or already covering its paths) is never added twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from repocheck.analysis.ignored import GITIGNORE, IgnoreRules
from repocheck.fix.fixers._files import appended, unwritable
from repocheck.fix.plan import FileChange, FixContext
from repocheck.patterns import compile_on_use

HEADER = "# added by repocheck fix"
#: What gitignore syntax reads as a pattern rather than a character: escaped with a backslash.
_SPECIAL = compile_on_use(r"([\\*?\[\]])")


def literal_line(path: str, *, folder: bool = False) -> str:
    """The .gitignore line that matches exactly ``path`` from the top of the repository."""
    line = "/" + _SPECIAL.sub(r"\\\1", path)
    if line.endswith(" "):
        line = line[:-1] + "\\ "  # git strips unescaped trailing spaces
    return line + "/" if folder else line


def name_line(name: str, *, folder: bool = False) -> str:
    """The .gitignore line that matches ``name`` in any folder (``__pycache__/``)."""
    line = _SPECIAL.sub(r"\\\1", name)
    if line.startswith(("#", "!")):
        line = "\\" + line
    return line + "/" if folder else line


def planned_texts(context: FixContext) -> dict[str, str]:
    """The repository's texts with the top-level .gitignore as the fixers so far left it."""
    texts = dict(context.snapshot.texts)
    planned = context.workspace.read(GITIGNORE)
    if planned is None:
        texts.pop(GITIGNORE, None)
    else:
        texts[GITIGNORE] = planned
    return texts


def rules_with(context: FixContext, lines: Iterable[str] = ()) -> IgnoreRules:
    """The ignore rules of the planned .gitignore, plus ``lines``."""
    texts = planned_texts(context)
    extra = "\n".join(lines)
    if extra:
        texts[GITIGNORE] = texts.get(GITIGNORE, "") + "\n" + extra + "\n"
    return IgnoreRules(texts)


def lines_needed(context: FixContext, wanted: dict[str, list[str]]) -> list[str]:
    """Of ``wanted`` (line -> the paths it is for), the lines whose paths the planned
    .gitignore, with the lines kept before them, does not already ignore."""
    kept: list[str] = []
    for line, paths in wanted.items():
        if "\n" in line or "\r" in line:
            continue  # a file name holding a line break would write a second, other pattern
        rules = rules_with(context, kept)
        if not paths or not all(rules.ignores(path) for path in paths):
            kept.append(line)
    return kept


def append_lines(context: FixContext, lines: Iterable[str]) -> FileChange | None:
    """The .gitignore with ``lines`` appended under the header (created when missing); None
    when every line is already there, or the path holds what is not a text file."""
    if unwritable(context, GITIGNORE):
        return None
    before = context.workspace.read(GITIGNORE)
    present = set((before or "").splitlines())
    new = [line for line in dict.fromkeys(lines) if line not in present]
    if not new:
        return None
    added = "".join(f"{line}\n" for line in new)
    if HEADER not in present:
        return context.change(
            GITIGNORE, appended(before or "", f"{HEADER}\n{added}", blank_line=True)
        )
    return context.change(GITIGNORE, appended(before or "", added))
