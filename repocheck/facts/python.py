"""Parse every Python module and notebook code cell once, without importing or running them."""

from __future__ import annotations

import ast
import json
import re
import sys
import tokenize
import warnings
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from repocheck.facts.fstring_quotes import requote_nested_fstrings
from repocheck.facts.snapshot import FileInfo, Notebook, NotebookCell, SourceUnit
from repocheck.patterns import compile_on_use

#: The parse guard's message: the file is valid enough but too deep for the parser's stack.
TOO_DEEP = "too deeply nested to parse"
NESTING_LIMITS = frozenset({"too many nested parentheses", "too many levels of indentation"})

# IPython syntax is not Python: magics (%time, %%bash), shell escapes (!pip) and help (obj?).
# IPython's automagic (on by default) runs "pip install xgboost" as %pip, and conda likewise:
# a name followed by a subcommand word is never Python.
IPYTHON_LINE = compile_on_use(
    r"^\s*(%|!|\?)|^\s*[\w.]+\?\??\s*$"
    r"|^\s*(pip|conda|mamba|micromamba)\s+(install|uninstall|list|show|freeze|update|remove)\b"
    r"|^\s*[A-Za-z_]\w*\s*=\s*[!%]"
)
#: A shell command's or a magic's output taken into a name (Colab's ``gpu_info =
#: !nvidia-smi``): set aside, the name stays bound.
_CAPTURED = compile_on_use(r"^(\s*)([A-Za-z_]\w*)\s*=\s*[!%]")


def parse_source(
    path: str, source: str, *, cell: int | None = None, is_test: bool = False
) -> SourceUnit:
    """Parse ``source``; a module that does not parse keeps its error instead of a tree."""
    try:
        return SourceUnit(path, source, _tree(source, path), None, cell, is_test)
    except SyntaxError as exc:
        hint = " (Python 2 syntax?)" if _looks_like_python2(source) else ""
        error = f"syntax error at line {exc.lineno}: {exc.msg}{hint}"
        if exc.msg in NESTING_LIMITS:  # CPython's own nesting caps: a limit, not a typo
            error = f"{TOO_DEEP} (line {exc.lineno}: {exc.msg})"
        elif cell is None and not is_test:
            tree = _read_as_a_notebook_cell(path, source, exc.lineno)
            if tree is not None:  # the source stays the file's text, as ruff and git read it
                error = f"{error} (IPython syntax, read with its IPython lines set aside)"
                return SourceUnit(path, source, tree, error, cell, is_test)
    except (ValueError, TypeError) as exc:  # e.g. NUL bytes in the source
        error = f"cannot be parsed: {exc}"
    except (RecursionError, MemoryError):
        error = TOO_DEEP
    return SourceUnit(path, source, None, error, cell, is_test)


def _tree(source: str, path: str) -> ast.Module:
    """The module's tree; before Python 3.12, an f-string that reuses its quotes (valid since
    3.12) is read as the same string in the other quote, positions unchanged."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences are ruff's business
        try:
            return ast.parse(source, filename=path)
        except SyntaxError:
            older = requote_nested_fstrings(source) if sys.version_info < (3, 12) else None
            if older is None:
                raise
            try:
                return ast.parse(older, filename=path)
            except (SyntaxError, ValueError):
                pass
            raise


def _read_as_a_notebook_cell(path: str, source: str, error_line: int | None) -> ast.Module | None:
    """A notebook cell saved as a script (Colab's "Download .py" keeps ``!pip install`` as
    written), read as the cell: the tree of the source with its IPython lines set aside, each
    made ``pass`` on its own line, so every other node keeps its place in the file's text.
    Only where Python stopped at such a line and the rest parses; a test module is left
    unread (pytest cannot collect it, so its tests do not run)."""
    lines = source.split("\n")
    if error_line is None or not 0 < error_line <= len(lines):
        return None
    if IPYTHON_LINE.match(lines[error_line - 1]) is None:
        return None
    try:
        return _tree("\n".join(_ipython_set_aside(lines)), path)
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError):
        return None


def _looks_like_python2(source: str) -> bool:
    return (
        bool(re.search(r"^[ \t]*print[ \t]+[\"'\w]", source, re.MULTILINE))
        or "except Exception, " in source
    )


def _cell_source(cell: dict[str, object]) -> str:
    # nbformat 3 keeps a code cell's text under "input".
    source = cell.get("source", cell.get("input", ""))
    if isinstance(source, list):
        return "".join(str(part) for part in source)
    return str(source)


def _parses(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


#: Cell magics that run the rest of their cell as Python in the kernel (timing, capturing output).
_PYTHON_CELL_MAGICS = frozenset({"%%time", "%%timeit", "%%capture", "%%prun"})


def _python_of_cell(source: str) -> str | None:
    """The cell as parseable Python, line numbers kept; None for a cell that is not Python.

    A cell magic (``%%bash``, ``%%sql``, below Colab's form lines if any) is not Python, nor
    is the input of a line magic written on the first line (``%bq query`` followed by SQL): when a cell opens with a magic
    and the rest does not parse, the rest is the magic's input, not a Python syntax error.
    """
    lines = without_leading_indent(source.split("\n"))
    at = next(
        (i for i, line in enumerate(lines) if line.strip() and not _colab_form(line)),
        len(lines),
    )
    if at < len(lines) and lines[at].lstrip().startswith("%%"):
        if lines[at].split(maxsplit=1)[0] not in _PYTHON_CELL_MAGICS:
            return None
        # %%time runs the rest of the cell as Python: its own line is blanked.
        lines = [*lines[:at], "pass", *lines[at + 1 :]]
    python = "\n".join(_ipython_set_aside(lines))
    first = next((line for line in lines if line.strip()), "")
    if first.lstrip().startswith("%") and not _parses(python):
        return None
    return python


def _colab_form(line: str) -> bool:
    """A Colab form line (``#@title Train``, ``# @markdown ...``): Colab lets it stand above a
    cell's magic, which still opens the cell."""
    text = line.lstrip()
    return text.startswith("#") and text[1:].lstrip().startswith(("@title", "@markdown"))


def without_leading_indent(lines: list[str]) -> list[str]:
    """The cell's lines as IPython runs them: when its first non-blank line is indented, that
    indentation is removed from every line that starts with it (a cell pasted as
    `` df.head()`` runs); blank lines before it and so the line numbers are kept."""
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip())]
    if not indent:
        return lines
    return [line[len(indent) :] if line.startswith(indent) else line for line in lines]


def _stand_in(line: str) -> str:
    """The Python an IPython line is set aside as, on its own line and at its indentation:
    ``pass`` (in a block, the magic is one of its statements), or ``name = None`` for output
    taken into a name, which later code reads."""
    captured = _CAPTURED.match(line)
    if captured is not None:
        return f"{captured.group(1)}{captured.group(2)} = None"
    return line[: len(line) - len(line.lstrip())] + "pass"


_OPENING = frozenset("([{")
_CLOSING = frozenset(")]}")


def _ipython_set_aside(lines: list[str]) -> list[str]:
    """The lines with each IPython line that starts a statement made ``pass`` (its indentation
    kept: in a block, the magic is one of its statements); inside brackets, a string or after
    a backslash a line continues one (black's ``% (`` line), as IPython reads it.

    One tokenizer reads the lines as they are handed over, so where a statement starts is
    known from the tokens so far: linear in the lines, however many of them are magics; a cell
    with none is not tokenized at all."""
    if not any(IPYTHON_LINE.match(line) for line in lines):
        return list(lines)
    kept: list[str] = []
    last_row = 0  # the row of the last token that ended a line outside any bracket
    depth = 0
    broken = False  # not Python up to here (indentation): judge each line as IPython does
    continued = False  # IPython reads a magic's line ending in "\" with the next one

    def starts_a_statement() -> bool:
        # The line before ended a statement (or was blank) outside any bracket and string.
        return not kept or broken or (last_row == len(kept) and depth == 0)

    def readline() -> str:
        nonlocal continued
        if len(kept) == len(lines):
            return ""
        line = lines[len(kept)]
        magic = False
        if continued:
            kept.append("")
        else:
            magic = IPYTHON_LINE.match(line) is not None and starts_a_statement()
            kept.append(_stand_in(line) if magic else line)
        continued = (continued or magic) and line.rstrip().endswith("\\")
        return kept[-1] + "\n"

    try:
        for token in tokenize.generate_tokens(readline):
            if token.type == tokenize.OP and token.string in _OPENING:
                depth += 1
            elif token.type == tokenize.OP and token.string in _CLOSING:
                depth = max(depth - 1, 0)
            elif token.type in (tokenize.NEWLINE, tokenize.NL) and depth == 0:
                last_row = token.start[0]
    except tokenize.TokenError:
        pass  # the lines end inside an open statement or string
    except (SyntaxError, ValueError):
        broken = True
    while len(kept) < len(lines):  # what the tokenizer did not read, line by line
        readline()
    return kept


def _output_bytes(cell: dict[str, object]) -> int:
    outputs = cell.get("outputs") or []
    if not isinstance(outputs, list):
        return 0
    return sum(len(json.dumps(output)) for output in outputs)


def _raw_cells(document: object) -> list[object] | None:
    """A notebook's cells in order: version 4 lists them; version 3 (before 2015) lists them
    per worksheet, which Jupyter's own upgrade to version 4 flattens in order as here."""
    if not isinstance(document, dict):
        return None
    cells = document.get("cells")
    if isinstance(cells, list):
        return cells
    worksheets = document.get("worksheets")
    if not isinstance(worksheets, list):
        return None
    flat: list[object] = []
    for sheet in worksheets:
        sheet_cells = sheet.get("cells") if isinstance(sheet, dict) else None
        if isinstance(sheet_cells, list):
            flat.extend(sheet_cells)
    return flat


def parse_notebook(path: str, text: str) -> Notebook:
    """The cells of an nbformat 3 or 4 notebook, or the reason it could not be read."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return Notebook(path, (), f"not valid notebook JSON: {str(exc)[:80]}")
    raw_cells = _raw_cells(document)
    if raw_cells is None:
        return Notebook(path, (), "no cells (not an nbformat 3 or 4 notebook)")
    cells = []
    for index, raw in enumerate(raw_cells):
        if not isinstance(raw, dict):
            continue
        count = raw.get("execution_count", raw.get("prompt_number"))
        cell_type = str(raw.get("cell_type", ""))
        cells.append(
            NotebookCell(
                index=index,
                # nbformat 3's headings and raw text are markdown in version 4.
                cell_type="markdown" if cell_type == "heading" else cell_type,
                source=_cell_source(raw),
                execution_count=count if isinstance(count, int) else None,
                output_bytes=_output_bytes(raw),
                editor_language=_editor_language(raw),
            )
        )
    old = isinstance(document, dict) and "cells" not in document
    return Notebook(
        path,
        tuple(cells),
        version=3 if old else 4,
        language=_language(document),
        python2=_python2_kernel(document),
    )


def _editor_language(raw: dict[str, object]) -> str | None:
    """VS Code's language for one cell (``metadata.vscode.languageId``): ruff reads no code
    cell marked with another language than Python, though a Python kernel runs it."""
    metadata = raw.get("metadata")
    vscode = metadata.get("vscode") if isinstance(metadata, dict) else None
    language = vscode.get("languageId") if isinstance(vscode, dict) else None
    return language if isinstance(language, str) else None


def _python2_kernel(document: object) -> bool:
    """The metadata says the kernel ran Python 2: ``language_info.version`` "2.7.15", or,
    without a version, a kernelspec named ``python2``."""
    metadata = document.get("metadata") if isinstance(document, dict) else None
    if not isinstance(metadata, dict):
        return False
    info, spec = metadata.get("language_info"), metadata.get("kernelspec")
    version = info.get("version") if isinstance(info, dict) else None
    if isinstance(version, str) and version.strip():
        return version.strip().startswith("2.")
    name = spec.get("name") if isinstance(spec, dict) else None
    return isinstance(name, str) and name.strip() == "python2"


def _language(document: object) -> str:
    """The language the notebook's kernel runs, as its metadata names it; "python" when it
    names none (most notebooks written by hand or by old tools)."""
    metadata = document.get("metadata") if isinstance(document, dict) else None
    if not isinstance(metadata, dict):
        return "python"
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        table = metadata.get(key)
        value = table.get(field) if isinstance(table, dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "python"


class PythonSource(NamedTuple):
    """Python source to parse: a module, or a notebook code cell made parseable."""

    path: str
    source: str
    cell: int | None
    is_test: bool

    def parse(self) -> SourceUnit:
        """The unit this source parses into (or fails to)."""
        return parse_source(self.path, self.source, cell=self.cell, is_test=self.is_test)


def python_sources(
    files: Iterable[FileInfo], texts: Mapping[str, str]
) -> tuple[list[PythonSource], dict[str, Notebook]]:
    """The Python to parse, in inventory order, and the notebooks read on the way."""
    sources: list[PythonSource] = []
    notebooks: dict[str, Notebook] = {}
    for info in files:
        text = texts.get(info.path)
        if text is None or info.skipped:
            continue
        if info.kind == "python":
            sources.append(PythonSource(info.path, text, None, info.is_test))
        elif info.kind == "notebook":
            notebook = parse_notebook(info.path, text)
            notebooks[info.path] = notebook
            for cell in notebook.python_cells:
                python = _python_of_cell(cell.source)
                if python is not None and python.strip():
                    sources.append(PythonSource(info.path, python, cell.index, info.is_test))
    return sources, notebooks


def parse_all(
    files: Iterable[FileInfo], texts: Mapping[str, str]
) -> tuple[list[SourceUnit], dict[str, Notebook]]:
    """Parse the modules and notebooks of the inventory that were read."""
    sources, notebooks = python_sources(files, texts)
    return [source.parse() for source in sources], notebooks
