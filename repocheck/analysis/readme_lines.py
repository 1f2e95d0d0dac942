"""A README read line by line: each line's text, whether it sits in a code block, the
heading it is or sits under, and the commands a line may hold (an install, a run).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass

from repocheck.analysis.requirements import REQUIREMENTS_WORD
from repocheck.patterns import compile_on_use

#: Fewer words than this is a title, not a README.
EMPTY_WORDS = 10
#: More words than this can explain a project.
USEFUL_WORDS = 40

# Every pattern here runs on repository text and must take linear time: no two quantifiers
# that can match the same characters side by side, no match that can start again at every
# character of a long run (tests/hostile/test_patterns.py times them on pathological lines).
#: An ATX heading; its closing ``#`` run and spaces are stripped in code (``_atx_text``).
HEADING_MD = compile_on_use(r"\s{0,3}#{1,6}\s+(.+)")
#: Its text stops at the next heading tag, so a line of unclosed ``<h1>`` tags stays linear.
_HEADING_HTML = compile_on_use(
    r"<h[1-6][^<>]*>([^<]*(?:<(?!/?h[1-6])[^<]*)*)</h[1-6]>", re.IGNORECASE
)
_UNDERLINE = compile_on_use(r"^\s*([=\-~^*#+])\1{2,}\s*$")
FENCE = compile_on_use(r"^\s*(```|~~~)")
#: Box-drawing characters of a directory tree: a layout of files, not an instruction.
TREE_CHARS = frozenset("├└│┣┗┃")


#: The same tree in ASCII: ``tree --charset=ascii`` draws ``|-- src/`` (a backquote for the
#: last entry) under ``|   `` rails, Windows' ``tree /A`` draws ``+---data``. A dash
#: run must end in a name, so a table rule (``|---|---|``) or a flag in a table cell
#: (``| `--epochs` |``) is no tree.
_ASCII_TREE = compile_on_use(r"(?:\|[ \t]+)*(?:[|`]-{2,}[ \t]|[+\\]-{3}[ \t]?[\w.])")


def in_file_tree(text: str) -> bool:
    """``├─ requirements.txt`` or ``|-- requirements.txt``: a file named in a layout, not a
    step to take."""
    return not TREE_CHARS.isdisjoint(text) or _ASCII_TREE.match(text.lstrip()) is not None


INSTALL_TEXT = compile_on_use(
    r"\bpip3?\s+install\b|\b(conda|mamba|micromamba)\s+(env\s+create|create|install)\b"
    rf"|\b{REQUIREMENTS_WORD}[\w.-]*\.txt\b|\benvironment\.ya?ml\b|\b(poetry|pipenv|pdm|pixi)\s+install\b"
    r"|\buv\s+(sync|pip\s+install|add)\b|\bsetup\.py\s+(install|develop)\b|\bdocker\s+(build|pull)\b"
    # "docker compose up" builds and starts the whole environment: the install step.
    r"|\bdocker[- ]compose\s+(-f\s+\S+\s+)?(up|build|pull)\b"
    # Building a compiled core from source is how such a project is installed.
    r"|\bmeson\s+(setup|compile)\b|\bcmake\s+(-|\.)|\bcargo\s+(build|install)\b"
    r"|(^|[\s`$])\./configure\b|\bmake\s+install\b",
    re.IGNORECASE,
)
#: The words before a script a sentence says to run ("First run dataAnalysis.py", "execute
#: `main.py`", "运行main_train.py"): RUN_TEXT and the README's command reading both end it
#: with the script's name.
RUNS_IN_PROSE = (
    r"(?:\b(?:run|execute)\s+(?:the\s+)?(?:script\s+|file\s+|notebook\s+)?|(?:运行|执行|執行)\s*)"
    r"[`'\"]?(?!setup\.py)"
)
RUN_TEXT = compile_on_use(
    # "python -m venv" and "python -m pip" set up; they do not run the project.
    # "python.exe .\train.py" is the same command written on Windows.
    # "python -B main.py", "python -u -m app": the interpreter's own options come first.
    # `& "C:/Program Files/Python311/python.exe" -m src.train`: PowerShell runs the
    # interpreter by its quoted path, the closing quote before the arguments.
    # "jupyter notebook" is a command in lower case; prose writes "a Jupyter Notebook".
    r"\bpython[\d.]*(?:exe)?[\"']?\s+(?:-[A-Za-ln-z][A-Za-z]*\s+)*"
    r"(-m\s+(?!(venv|pip|ensurepip|virtualenv)\b)[\w.]+"
    r"|(?!setup\.py)[\w./\\-]+\.py)\b"
    r"|(?-i:\bjupyter\s+(notebook|lab|nbconvert)\b)|\bstreamlit\s+run\b|\buvicorn\s+\w"
    r"|\bdocker\s+(run|compose)\b|\bdocker-compose\s+up\b|\baccelerate\s+launch\b|\btorchrun\b"
    # Ultralytics' own command ("yolo detect train data=data.yaml", "yolo task=detect
    # mode=predict ..."): a YOLO project's run step. Its arguments are always key=value, so
    # prose ("the yolo train split") is no command.
    r"|(?-i:\byolo\s+(?:(?:detect|segment|classify|pose|obb)\s+)?"
    r"(?:train|val|predict|export|track|benchmark|test)\s+\w+=|\byolo\s+task=\w+\s+mode=\w)"
    r"|\bdvc\s+(repro|exp\s+run)\b|\bkubectl\s+(apply|run|create)\b|\bhelm\s+(install|upgrade)\b"
    # "spark-submit --py-files deps.zip job.py": a PySpark job runs as a submission to Spark;
    # an option or a script must follow, so prose that names the tool is no command.
    r"|\bspark-submit\s+(-|[\w./-]+\.(py|jar)\b)"
    # "./train.sh" as a command: at the start of a line, after a prompt or a backtick; within
    # a line only a script ("cd app && ./run.sh"): "put them in a ./docs directory" is a place.
    r"|\bbash\s+[\w./-]+\.sh\b|(^|[`$])\s*\./[\w./-]+|\s\./[\w./-]+(?<=\.sh|\.py)(?![\w./-])"
    r"|(^\s*(?:\$\s*)?|`)make\s+(?!install)\w+"
    # "npm run dev", "npm start": a web project's script that starts its services (a model's
    # Flask API among them). Installing, building, linting or testing starts nothing.
    r"|(^\s*(?:\$\s*)?|`)(npm|yarn|pnpm)\s+(start\b|run\s+(?!(install|build|lint|test|format|check)\b)\w)"
    r"|\b(uv|poetry|pdm|hatch)\s+run\s+\w|colab\.research\.google\.com"
    # Prose that names the script to run: "First run dataAnalysis.py", "execute `main.py`",
    # "运行main_train.py".
    r"|" + RUNS_IN_PROSE + r"[\w/-]+(\.[\w-]+)*\.(py|ipynb)\b"
    # "Run the notebook cells sequentially", "run all cells": how to run a notebook project.
    r"|\b(run|execute)\s+(all\s+)?(the\s+)?(notebook\b|(notebook\s+)?cells\b)",
    re.IGNORECASE,
)


#: Han characters, and Japanese kana: scripts that write words without spaces between them.
#: Compared by code point: as a character class these ranges cost the expression compiler
#: more than the whole rule, at every start of the program.
IDEOGRAPH_RANGES = ((0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


#: The first character of the ranges above.
_KANA = chr(IDEOGRAPH_RANGES[0][0])


def is_ideograph(char: str) -> bool:
    point = ord(char)
    return point >= 0x3040 and any(low <= point <= high for low, high in IDEOGRAPH_RANGES)


def count_words(text: str) -> int:
    """Words of prose: runs of letters, and in Chinese or Japanese, which put no space
    between words, one word for every two characters of a run (a word there is one or two
    characters: "高斯过程", Gaussian process, is two)."""
    text = re.sub(r"https?://\S+|<[^<>]+>", " ", text)
    words = 0
    # Only a text with a character from kana up is walked, and only such characters are
    # asked about: a README with one emoji need not call a function per character.
    if not text.isascii() and max(text) >= _KANA:
        kept: list[str] = []
        run = 0
        for char in text:
            if char >= _KANA and is_ideograph(char):
                run += 1
                kept.append(" ")
                continue
            words += (run + 1) // 2
            run = 0
            kept.append(char)
        words += (run + 1) // 2
        text = "".join(kept)
    return words + len(re.findall(r"[^\W\d_][\w'-]*", text))


@dataclass(frozen=True)
class Line:
    """One README line: its number, its text, whether it sits inside a code block, the
    heading it is (or "") and how many words of text come before it."""

    number: int
    text: str
    in_code: bool
    heading: str
    words_before: int = 0
    section: str = ""  # the heading the line sits under
    # a heading over nothing but unchecked tasks (a plan) or over nothing at all (a
    # placeholder): it names no part
    planned: bool = False


def _heading(lines: list[str], index: int) -> str:
    line = lines[index]
    atx = HEADING_MD.match(line)
    if atx:
        return _atx_text(atx.group(1)).strip(" *_`:")
    html = _HEADING_HTML.search(line)
    if html:
        return html.group(1).strip(" *_`:")
    following = lines[index + 1] if index + 1 < len(lines) else ""
    # Setext Markdown and reStructuredText titles are underlined on the next line.
    plain = line.strip() and not line.lstrip().startswith(("|", "-", "*", "+"))
    return line.strip(" *_`:") if plain and _UNDERLINE.match(following) else ""


def _atx_text(text: str) -> str:
    """A heading's text without its closing ``#`` run and the spaces around it."""
    text = text.rstrip()
    return text.rstrip("#").rstrip() or text[:1]


#: Underscore emphasis around words (``__pip install numpy__``, ``_train.py_``): opened where
#: no word character precedes, closed where none follows, nothing inside it an underscore, so
#: ``snake_case`` keeps its own. Each try stops at the next underscore: linear.
_UNDERSCORE_EMPHASIS = compile_on_use(r"(?<![\w\\])(__?)([^\s_](?:[^_]*[^\s_])?)\1(?!\w)")


def _without_underscore_emphasis(line: str) -> str:
    """``line`` without the underscores that GitHub turns into bold or italics, outside
    inline code spans (`` `__init__.py` `` keeps its name)."""
    if "_" not in line:
        return line
    parts = line.split("`")
    parts[::2] = [_UNDERSCORE_EMPHASIS.sub(r"\2", part) for part in parts[::2]]
    return "`".join(parts)


def shown_lines(lines: list[str]) -> list[str]:
    """The lines as GitHub shows them: what an HTML comment (``<!-- ... -->``, over as many
    lines as it runs) holds outside a code block is blanked, so the console log an author
    hid there is not read as the README's, and underscore emphasis outside code loses its
    marks (``__python main.py__`` is a command in bold). The lines keep their numbers."""
    shown = []
    in_code = in_comment = False
    for line in lines:
        if in_code or (not in_comment and "<!--" not in line):
            fence = bool(FENCE.match(line))
            shown.append(line if in_code or fence else _without_underscore_emphasis(line))
            in_code = in_code != fence
            continue
        kept, at = [], 0  # positions, not slices: a line of many comments stays linear
        while at < len(line):
            if in_comment:
                end = line.find("-->", at)
                at = len(line) if end < 0 else end + 3
                in_comment = end < 0
            else:
                start = line.find("<!--", at)
                kept.append(line[at:] if start < 0 else line[at:start])
                at = len(line) if start < 0 else start + 4
                in_comment = start >= 0
        text = "".join(kept)
        shown.append(_without_underscore_emphasis(text) if text.strip() else "")
        in_code = bool(FENCE.match(text))
    return shown


def read_lines(text: str) -> list[Line]:
    """The README ``text`` line by line, each with its heading, section and the words before
    it (read once per text: the parts, the commands and the links all ask)."""
    return list(_read_lines(text))


@functools.lru_cache(maxsize=4)
def _read_lines(text: str) -> tuple[Line, ...]:
    # The words before a line are still counted on the text as written, a comment's too:
    # only what a line shows is read for the parts. (A licence header in a comment above a
    # library's logo would otherwise turn the logo from a result into a banner, and a library
    # whose README shows no result would be asked for one: a question this does not settle.)
    written = text.splitlines()
    lines = shown_lines(written)
    result = []
    in_code = False
    words = 0
    section = ""
    for index, line in enumerate(lines):
        if FENCE.match(line):
            in_code = not in_code
            result.append(Line(index + 1, line, True, "", words, section))
            continue
        heading = "" if in_code else _heading(lines, index)
        section = heading or section
        result.append(Line(index + 1, line, in_code, heading, words, section))
        words += count_words(written[index])
    return tuple(_mark_plans(result))


#: An unchecked item of a task list: ``- [ ] Cross-corpus evaluation``.
UNCHECKED_TASK = compile_on_use(r"^\s*[-*+]\s+\[ \]\s")


def _mark_plans(lines: list[Line]) -> list[Line]:
    """Mark each heading whose section holds unchecked tasks and nothing else: in a roadmap,
    "## Evaluation" over "- [ ] Cross-corpus evaluation" says what is still to do, so it
    names no part of the README (no step to run, no result yet). A heading left empty, the
    next heading of its level or above following at once ("### Results", then "### Prediction"),
    is a placeholder the author meant to fill and names none either, as is one over nothing but
    empty code blocks (a template's "## Run it" over an empty ```` ```bash ```` box)."""
    headings = [index for index, line in enumerate(lines) if line.heading]
    for start, end in zip(headings, [*headings[1:], len(lines)], strict=False):
        body = [line.text for line in lines[start + 1 : end] if line.text.strip()]
        if body and _UNDERLINE.match(body[0]):
            body = body[1:]  # a setext or reStructuredText title's underline
        if all(FENCE.match(text) for text in body):
            body = []  # only empty code blocks: a template's box left to fill
        if body:
            planned = all(UNCHECKED_TASK.match(text) for text in body)
        else:
            planned = end < len(lines) and closes(lines[start].text, lines[end].text)
        if planned:
            lines[start] = dataclasses.replace(lines[start], planned=True)
    return lines


def closes(heading: str, following: str) -> bool:
    """The ``following`` heading ends the section of ``heading`` rather than opening a part
    of it: both are Markdown ``#`` headings and the following one is no deeper. Other
    headings' levels are not read, so they are never taken for empty."""
    first, second = HEADING_MD.match(heading), HEADING_MD.match(following)
    if not first or not second:
        return False
    return _hashes(following) <= _hashes(heading)


def _hashes(heading: str) -> int:
    return len(heading.lstrip()) - len(heading.lstrip().lstrip("#"))
