"""What a README says: its parts (install, usage, results) found line by line.

Headings name a part ("## Installation"); without one, a line's text shows it (``pip install``,
``python train.py``, "accuracy 0.91"). Code blocks hold commands and outputs: a metric with its
value printed in one ("test logprob ~1.92") is a result, a command with a ``--loss`` flag is not.
A paper's claims quoted in a README ("Smith et al. report 94%") are not the project's results.
The lines are read in readme_lines.py, the results found in readme_results.py.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePosixPath

from repocheck.analysis.missing_modules import is_project_module_name
from repocheck.analysis.readme_commands import tracked_names
from repocheck.analysis.readme_lines import (
    FENCE,
    HEADING_MD,
    INSTALL_TEXT,
    RUN_TEXT,
    USEFUL_WORDS,
    Line,
    closes,
    count_words,
    in_file_tree,
    read_lines,
)
from repocheck.analysis.readme_results import find_results
from repocheck.analysis.requirements import REQUIREMENTS_WORD
from repocheck.facts.snapshot import Snapshot
from repocheck.patterns import compile_on_use


def top_level(snapshot: Snapshot, pattern: re.Pattern[str]) -> list[str]:
    return sorted(
        f.path
        for f in snapshot.files
        if "/" not in f.path and pattern.match(PurePosixPath(f.path).name)
    )


README_NAME = compile_on_use(r"^readme(\.(md|markdown|rst|txt))?$", re.IGNORECASE)

# Every pattern here runs on repository text and must take linear time: no two quantifiers
# that can match the same characters side by side, no match that can start again at every
# character of a long run (tests/hostile/test_patterns.py times them on pathological lines).
# Headings in Chinese, Japanese and Korean too: learners write READMEs in their language,
# and those scripts put no word boundary after the name ("使用说明", usage notes).
_INSTALL_HEADING = compile_on_use(
    rf"^((installation|install(ing)?|set ?-?up|{REQUIREMENTS_WORD}|dependenc(y|ies)"
    # "Environment", and the ways learners misspell it ("Enviornment", "Enviroment").
    r"|envi(ro|or)n?ments?|pre-?requisites?|getting started"
    # Russian: "Установка" (installation), "Установите Docker" (install Docker).
    r"|установ\w*)\b"
    r"|环境|環境|安装|安裝|依赖|依賴|インストール|설치|환경)",
    re.IGNORECASE,
)
#: What follows "Training" in a heading that describes how the model learns rather than how to
#: start it ("Training Strategy", "Training Algorithm (The Full Loop)", "Training Details",
#: "Training Pipeline" over its stages: split, fit, evaluate).
_TRAINING_METHOD = (
    r"(?!\s+(strateg(y|ies)|algorithms?|details|procedures?|process|pipelines?|objectives?"
    r"|loss(es)?|approach|methodology|scheme|regime|tricks|curves?|dynamics|results?|data(set)?)\b)"
)
#: What follows "Example" in a heading that shows a thing rather than a run ("Example
#: structure of model-specific folder" over a file tree, "Example outputs", "Example images").
_EXAMPLE_OF_A_THING = (
    r"(?!\s+(of\s+)?(the\s+)?(structure|layout|folders?|director(y|ies)|trees?|outputs?"
    r"|results?|images?|pictures?|predictions?|data(sets?)?|files?|plots?)\b)"
)
_RUN_HEADING = compile_on_use(
    r"^((usage|quick ?start|training" + _TRAINING_METHOD + r"|train(ing)? the model"
    r"|how to (run|use)|running|run"
    r"|inference|evaluation|examples?" + _EXAMPLE_OF_A_THING + r"|demo|getting started|reprodu\w*"
    # French, Spanish, Portuguese: "Utilisation" (usage), "Reproduire les résultats"
    # (matched above), "Uso", "Ejecución", "Execução".
    r"|utilisation|utilizaci[oó]n|utiliza[cç][aã]o|uso|exécution|ejecuci[oó]n|execu[cç][aã]o"
    # Russian: "Запуск" (running), "Запустить эксперимент" (run the experiment), "Использование".
    r"|запус[кт]\w*|использование)\b"
    r"|使用说明|使用方法|使用方式|用法|运行|運行|训练|訓練|快速开始|快速上手|快速入门|使い方|実行"
    r"|学習|사용법|사용 방법|실행|학습)",
    re.IGNORECASE,
)
#: What comes before a heading's name: a section number ("3. Dependencies"), an emoji
#: ("🛠️ Setup") or a step ("Step 1: Setup"). Each part is one class of characters in turn.
_HEADING_PREFIX = compile_on_use(r"^[\W\d_]*(?:(?:step|part)\s*\d+[\W_]*)?", re.IGNORECASE)
# "sh setup.sh", "bash scripts/install.sh", "./install.sh", "source env.sh": a README that hands
# the install step to a script of its own.
# The path is taken whole and its suffix checked after: "[\w./-]+\.sh" would backtrack.
_RUNS_SCRIPT = compile_on_use(r"(?:\b(?:sh|bash|zsh|source)\s+|(?:^|[\s`$])\./)([\w./-]+)")
PARTS = ("install", "usage", "results")
PART_LABELS = {
    "substance": f"more than {USEFUL_WORDS} words",
    "install": "how to install",
    "usage": "how to run",
    "results": "the results",
}


#: Where GitHub also looks for the README it shows on a repository's page, in its order, when
#: there is none at the top.
README_FOLDERS = (".github", "docs")


def readme_path(snapshot: Snapshot) -> str | None:
    """The README GitHub shows: the top-level one, else one in ``.github/`` or ``docs/``;
    Markdown preferred, then reStructuredText, then plain text."""
    found = top_level(snapshot, README_NAME)
    if not found:
        for folder in README_FOLDERS:
            found = [
                f.path
                for f in snapshot.files
                if f.path.startswith(folder + "/")
                and "/" not in f.path[len(folder) + 1 :]
                and README_NAME.match(f.path[len(folder) + 1 :])
            ]
            if found:
                break
    order = (".md", ".markdown", ".rst", ".txt", "")
    found.sort(key=lambda path: (order.index(PurePosixPath(path).suffix.lower()), path))
    return found[0] if found else None


def _cli_names(snapshot: Snapshot) -> list[str]:
    """Console scripts the project declares: a README may run them by name."""
    text = snapshot.texts.get("pyproject.toml", "")
    section = re.search(r"^\[(project|tool\.poetry)\.scripts\]\s*$(.*?)(^\[|\Z)", text, re.M | re.S)
    if not section:
        return []
    return re.findall(r"^[ \t]*\"?([\w.-]+)\"?[ \t]*=", section.group(2), re.MULTILINE)


#: Install headings that name other things too: an experiment's "Setup" over its formulas, a
#: reinforcement-learning "Environment" over the game the agent plays.
_OTHER_SETUP = compile_on_use(r"^(set ?-?up|envi(ro|or)n?ments?)\b", re.IGNORECASE)
#: What a section about installing shows at least: a package, a tool, a version.
_INSTALLING = compile_on_use(
    r"\b(pip3?|conda|install\w*|requirements?|python\d?|pytorch|torch|tensorflow|keras|jax"
    r"|numpy|cuda|cudnn|gpu|docker|virtualenv|venv|clone|download\w*|packages?"
    # a version named with its number ("version 3.8"), not "the version of the problem"
    r"|versions?[ \t]*(?::[ \t]*)?v?\d"
    r"|librar(y|ies)|dependenc\w+|modules?)\b|[a-z](==|>=|<=|~=|=)\d+\.\d",
    re.IGNORECASE,
)
_MATH_FENCE = compile_on_use(r"^\s*(```|~~~)\s*(math|latex|tex)\b", re.IGNORECASE)


def _without_other_setups(lines: list[Line]) -> list[Line]:
    """The lines with each "Setup" or "Environment" heading whose section (its subsections
    included) shows no package, tool, version or code block read as text, not as a part."""
    found = list(lines)
    for index, line in enumerate(lines):
        named = _HEADING_PREFIX.sub("", line.heading, count=1) if line.heading else ""
        if named and _OTHER_SETUP.match(named) and not _shows_installing(lines, index):
            found[index] = dataclasses.replace(line, heading="")
    return found


def _shows_installing(lines: list[Line], start: int) -> bool:
    """Whether the section under the Markdown heading at ``start`` names a package, a tool or
    a version, or holds a code block other than a formula. Other headings' sections are not
    delimited (their levels are not read): they are taken as installing."""
    if not HEADING_MD.match(lines[start].text):
        return True
    in_math = False
    for line in lines[start + 1 :]:
        if line.heading and closes(lines[start].text, line.text):
            return False
        if line.in_code and FENCE.match(line.text):
            in_math = not in_math and bool(_MATH_FENCE.match(line.text))
            continue
        if in_math:
            continue
        if line.in_code or _INSTALLING.search(line.text):
            return True
    return False


#: A heading that tells the reader to install, or names what to install, the word after
#: others ("To run the project, install the following dependencies", "How to install",
#: "List of dependencies"): the install part where nothing else names it and its section
#: names a package, a tool or a version.
_INSTALL_WORD = compile_on_use(r"\b(install(ation|ing)?|dependenc(y|ies))\b", re.IGNORECASE)


def _install_heading(lines: list[Line]) -> Line | None:
    for index, line in enumerate(lines):
        named = line.heading and not line.planned and _INSTALL_WORD.search(line.heading)
        if named and _shows_installing(lines, index):
            return line
    return None


def _find(lines: list[Line], heading: re.Pattern[str], text: re.Pattern[str]) -> Line | None:
    """The first heading naming the part or line of text showing it; a file tree's line
    (``├─ requirements.txt``) only where nothing else does, so the evidence is the step. A
    heading's own text may show it too: a README written all in headings puts the command
    in one ("## Start training with a GPU: python train.py")."""
    in_tree = None
    for line in lines:
        named = _HEADING_PREFIX.sub("", line.heading, count=1)
        named_part = line.heading and not line.planned and heading.match(named)
        if named_part or text.search(line.text):
            if not in_file_tree(line.text):
                return line
            in_tree = in_tree or line
    return in_tree


def _installs_by_script(snapshot: Snapshot, lines: list[Line]) -> Line | None:
    """The README line that runs a tracked shell script whose own text installs the project
    (``sh setup.sh`` where setup.sh runs ``pip install -r requirements.txt``), or runs one by
    its path alone (``$ script/bootstrap``, after a ``cd`` into the folder that holds it)."""
    installers: list[str] | None = None
    for line in lines:
        if in_file_tree(line.text):  # "├── install.sh" names the script, it does not run it
            continue
        for match in _RUNS_SCRIPT.finditer(line.text):
            path = PurePosixPath(match.group(1)).as_posix().removeprefix("./")
            if path.endswith(".sh") and INSTALL_TEXT.search(snapshot.texts.get(path, "")):
                return line
        started = _STARTS_SCRIPT.match(line.text) if line.in_code else None
        if started:
            if installers is None:
                installers = _installing_scripts(snapshot)
            path = PurePosixPath(started.group(1)).as_posix().removeprefix("./")
            if any(found == path or found.endswith("/" + path) for found in installers):
                return line
    return None


#: A command that starts with a script's own path, with a folder in it (``$ script/bootstrap``,
#: ``bin/setup``): the shell runs a tracked executable that way. The folder part holds no "/",
#: so the split at the first "/" is the only one.
_STARTS_SCRIPT = compile_on_use(r"^\s*(?:\$\s*)?([\w.-]+/[\w./-]+)(?:\s|$)")


def _installing_scripts(snapshot: Snapshot) -> list[str]:
    """The tracked shell scripts (``.sh``, or no suffix and a ``#!`` line) whose text installs
    the project. Read once per README, and only where a line starts with a path."""
    return [
        path
        for path, text in snapshot.texts.items()
        if PurePosixPath(path).suffix in ("", ".sh")
        and text.startswith("#!")
        and INSTALL_TEXT.search(text)
    ]


def _packages(snapshot: Snapshot) -> list[str]:
    """The project's own importable packages: folders with an ``__init__.py`` at the top or
    under ``src/``. A library's README shows its use by importing one of them; a package
    named as projects name their helpers (``utils``, ``models``) is no library, and its
    import in a README is a copy of the code (a walkthrough of ``main.py``)."""
    found = set()
    for info in snapshot.files:
        parts = PurePosixPath(info.path).parts
        if parts[0] == "src":
            parts = parts[1:]
        if len(parts) == 2 and parts[1] == "__init__.py" and parts[0].isidentifier():
            found.add(parts[0])
    return sorted(name for name in found if not is_project_module_name(name))


#: Headings that may only present what the project makes ("Examples", "Demo"): how to run
#: only when their section holds more than pictures and links.
_SHOWCASE_HEADING = compile_on_use(r"^(examples?|demo)\b", re.IGNORECASE)
#: Markdown images, link targets, bare addresses, HTML tags and table rules: media, not
#: words. A link's own text stays: "[Train on MNIST](mnist/)" may be how to run.
_MEDIA = compile_on_use(r"!\[[^\[\]]*\]\([^()]*\)|\]\([^()]*\)|https?://\S+|<[^<>]*>|[|:\[-]+")


#: Words that tell a reader to do something: a showcase's prose holding one says how to run
#: ("Open the notebook and run every cell"); one without describes what it shows.
_INSTRUCTION = compile_on_use(
    r"\b(run|open|execute|launch|start|try|click|call|type|train|install|use|see|follow"
    r"|download|clone|load|pass|set)\b",
    re.IGNORECASE,
)


def _media_only(lines: list[Line], heading: Line) -> bool:
    """The section under ``heading`` shows only images, videos and links, or words that
    describe them ("Short clips of the trained policy"): no code, no instruction."""
    for line in lines[heading.number :]:
        if line.heading:
            return True
        text = _MEDIA.sub(" ", line.text)
        if line.in_code or (count_words(text) and _INSTRUCTION.search(line.text)):
            return False
    return True


def _showcase(line: Line) -> bool:
    return bool(line.heading) and bool(_SHOWCASE_HEADING.match(line.heading))


def _runs_nothing(lines: list[Line], heading: Line) -> bool:
    """The section under ``heading`` holds no code block and no command."""
    for line in lines[heading.number :]:
        if line.heading:
            return True
        if line.in_code or RUN_TEXT.search(line.text):
            return False
    return True


#: A heading naming how the model was judged, which may only describe it: "Evaluation".
_JUDGING_HEADING = compile_on_use(r"^(evaluation|evaluating|inference|testing)\b", re.I)
#: "Training" over prose still names the step (learners write the command into the words),
#: unless the prose is the authors' own account of their run: see `_describes_a_step`.
_TRAINING_HEADING = compile_on_use(r"^train(ing)?\b", re.I)
#: The authors saying what they did ("We train 13 binary classifiers", "I use 5-fold
#: cross-validation"): a verb after "we" or "I" describes, it tells the reader nothing to do.
_TOLD_OF_OURSELVES = compile_on_use(r"\b(?:we|i)\s+\w+", re.I)
#: The authors' account of a finished run ("We trained the model on the cluster", "we
#: interrupted the minimization"): a verb in the past after "we" or "I". "We stop early on
#: the validation loss" under "Training" may still be how the script runs.
_TOLD_OF_OUR_RUN = compile_on_use(
    r"\b(?:we|i)\s+(?:\w+(?<!e)ed|ran|took|got|made|did|had|were|was|chose|wrote|built|found|kept"
    r"|spent|went)\b",
    re.I,
)
#: The same account in the passive voice, past ("A 9-layered network was used to train on the
#: preprocessed data", "the model was trained for 20 epochs"): what was done, with the verb
#: it was done for ("to train") taken with it, so that it tells the reader nothing to do.
_TOLD_IN_THE_PASSIVE = compile_on_use(
    r"\b(?:was|were)\s+(?:\w+ed|\w+en|made|built|done|run|kept|set|put)\b(?:\s+to\s+\w+)?",
    re.I,
)
#: A data split named in prose ("the training set contained 95k images"): "set" as a noun.
_SPLIT_NAMED = compile_on_use(r"\b(?:training|train|validation|test|dev|data)\s+set\b", re.I)
#: A script's or notebook's name in prose ("We ran train.py"): the step, named.
_SCRIPT_NAMED = compile_on_use(r"\w\.(?:py|ipynb|sh)\b", re.I)


def _describes_a_step(lines: list[Line], heading: Line) -> bool:
    """An "Evaluation" heading over words that describe how the model is scored ("The model
    is scored with RMSE and MAE on the last year"), with no code, no command and no sentence
    telling the reader what to run, open or use: it says what was done, not how to do it.
    The authors' own "We train ..." is such words too. A "Training" heading is read so only
    over the authors' account ("We trained the model on the cluster ... We used early
    stopping", or "A network was used to train on ...") naming no script: plain prose under
    it may still be the step."""
    named = _HEADING_PREFIX.sub("", heading.heading, count=1)
    training = bool(_TRAINING_HEADING.match(named))
    if not (training or _JUDGING_HEADING.match(named)):
        return False
    told_of_ourselves = False
    for line in lines[heading.number :]:
        if line.heading:
            break
        if line.in_code or RUN_TEXT.search(line.text):
            return False
        told = _TOLD_OF_OURSELVES.sub(" ", _SPLIT_NAMED.sub(" ", line.text))
        told, passive = _TOLD_IN_THE_PASSIVE.subn(" ", told)
        if _INSTRUCTION.search(told):
            return False
        if training and _SCRIPT_NAMED.search(_MEDIA.sub(" ", line.text)):
            return False
        told_of_ourselves = (
            told_of_ourselves or passive > 0 or bool(_TOLD_OF_OUR_RUN.search(line.text))
        )
    return told_of_ourselves or not training


#: A heading naming what came out: "Training and Validation Results" starts like a step
#: ("Training") and may still only show its plots; so may a figure's caption comparing two
#: curves ("Training vs. Validation Loss", "Actual versus Predicted").
_NAMES_RESULTS = compile_on_use(r"\b(results?|vs|versus)\b", re.IGNORECASE)


def _results_shown(lines: list[Line], line: Line) -> bool:
    """A heading naming results over pictures and words about them, with no code and no
    instruction: it shows what a run made, not how to start one."""
    return bool(line.heading and _NAMES_RESULTS.search(line.heading)) and _media_only(lines, line)


#: What tells a reader to start something, beside installing it.
_RUN_INSTRUCTION = compile_on_use(
    r"\b(run|open|execute|launch|start|try|click|call|type|train|use|load|pass)\b", re.IGNORECASE
)
#: Lines of an install block that start nothing: fetching the code, entering its folder.
_FETCHING = compile_on_use(r"^\s*(\$\s*)?(git\s+clone\b|cd\b|#|$)")
_CLONING = compile_on_use(r"^\s*(\$\s*)?git\s+clone\b")


def _installs_only(lines: list[Line], heading: Line) -> bool:
    """The section under a run heading ("Getting Started", "Usage", "How to Run") holds
    install steps, or a clone alone, and nothing that starts a run: every command installs,
    fetches the code or enters its folder, and no sentence says to run, open or use anything."""
    installs = False
    for line in lines[heading.number :]:
        if line.heading:
            break
        if RUN_TEXT.search(line.text):
            return False
        if INSTALL_TEXT.search(line.text):
            installs = True
        elif line.in_code:
            if not (FENCE.match(line.text) or _FETCHING.match(line.text)):
                return False
            # A README that ends at `git clone` under "How to Run" gives the code, no run.
            installs = installs or bool(_CLONING.match(line.text))
        elif _RUN_INSTRUCTION.search(_MEDIA.sub(" ", line.text)):
            return False
    return installs


def _find_usage(
    lines: list[Line],
    clis: list[str],
    packages: list[str],
    snapshot: Snapshot,
) -> Line | None:
    # A "Demo" or "Examples" heading over no code and no command is the evidence only where
    # no other heading or command says how to run: "## Demo and Links" (a hosted model, a
    # notebook's name) above "## Running" shows, the second one runs.
    # A results heading over its plots names no step at all, nor one over install steps only.
    steps = [
        line
        for line in lines
        if not (
            _results_shown(lines, line)
            or (line.heading and (_installs_only(lines, line) or _describes_a_step(lines, line)))
        )
    ]
    runs = [line for line in steps if not (_showcase(line) and _runs_nothing(lines, line))]
    found = _find(runs, _RUN_HEADING, RUN_TEXT)
    if found:
        return found
    shown = [line for line in steps if not (_showcase(line) and _media_only(lines, line))]
    found = _find(shown, _RUN_HEADING, RUN_TEXT)
    if found:
        return found
    if clis:
        command = re.compile(r"(^\s*(?:\$\s*)?|`)(" + "|".join(map(re.escape, clis)) + r")\b")
        found = next((line for line in lines if command.search(line.text)), None)
    if found is None and packages:
        names = "|".join(map(re.escape, packages))
        # In a fenced, indented or reStructuredText code block alike: prose never reads
        # "from speckit import Spectrogram".
        imports = re.compile(
            rf"^\s*(>>>\s*)?(from\s+({names})(\.\w+)*\s+import\b|import\s+({names})\b)"
        )
        found = next((line for line in lines if imports.search(line.text)), None)
    return found or _runs_script_by_name(snapshot, lines)


#: "run the **test1.py** file", "execute `app.py`", "run [main.py](src/main.py)": prose
#: naming the script to start, the name perhaps a link's text; in the gerund too ("I'd
#: recommend running clean_build.py", "start by executing app.py"). Learners write it in their
#: language too: "ejecutar el Demo.ipynb" (Spanish), "executar o main.py" (Portuguese),
#: "exécuter le train.py" (French), "eseguire il train.py" (Italian).
_RUNS_BY_NAME = compile_on_use(
    r"\b(?:run(?:ning)?|execut(?:e|ing)|launch(?:ing)?"
    r"|ejecut(?:ar|a|e)|corr(?:er|a|e)|execut(?:ar|a)|rod(?:ar|a|e)"
    r"|ex[ée]cut(?:er|ez)|lanc(?:er|ez)|esegu(?:ire|i))"
    # The name may close an emphasis ("Run _train.ipynb_."): a word character, "_", follows.
    r"\s+(?:(?:the|el|la|lo|le|il|o|a)\s+)?[*_`'\"\[]*([\w.-]+\.(?:py|ipynb))(?:\b|(?=_))",
    re.IGNORECASE,
)


#: "run the following scripts in order:", "Run these notebooks:": an instruction whose
#: scripts are named on the lines after it.
#: "notebooks to run in the following order:", "Run them in this order:" name the order too.
_RUNS_LISTED = compile_on_use(
    r"\b(?:run|execute)\s+(?:the\s+following|these)\s+(?:\w+\s+)?(?:scripts|files|notebooks)\b"
    r"|\b(?:run|execute)\s+(?:them\s+)?in\s+(?:the\s+following|this)\s+order\b",
    re.IGNORECASE,
)
#: A heading or list item that starts with a script's name: "### 1. `train.py`", "- plot.py".
_LISTED_SCRIPT = compile_on_use(
    # One heading mark at most, then list markers each ended by a space: a run of #s has one
    # way to match, where (?:#+\s*)* had exponentially many.
    r"^\s*(?:#{1,6}\s*)?(?:(?:[-*+]|\d+[.)])\s+)*[*_`'\"\[]*(?:[\w.-]+/)*([\w.-]+\.(?:py|ipynb))\b",
    re.IGNORECASE,
)
#: How many lines after such an instruction its list may start.
_LIST_REACH = 6
#: A numbered step that names the script or notebook to do it with: "3. Train model with
#: "train model.ipynb" or use "model.pth"". The name is quoted or in backticks, so it may hold
#: spaces. Anchored at the step's number; the text before "with" cannot cross a quote, and the
#: name cannot either: each part scans its run of characters once.
_STEP_WITH_SCRIPT = compile_on_use(
    r"^\s*\d+[.)]\s+[^\"'`\n]*?\b(?:with|using)\s+[\"'`]([^\"'`\n]+\.(?:py|ipynb))[\"'`]",
    re.IGNORECASE,
)


def _lists_scripts(tracked: frozenset[str], lines: list[Line], line: Line) -> bool:
    """``line`` tells the reader to run the scripts that follow, and a heading or list item
    within a few lines after it names one the repository holds."""
    if not _RUNS_LISTED.search(line.text):
        return False
    for after in lines[line.number : line.number + _LIST_REACH]:
        listed = None if after.in_code else _LISTED_SCRIPT.match(after.text)
        if listed and listed.group(1).lower() in tracked:
            return True
    return False


def _runs_script_by_name(snapshot: Snapshot, lines: list[Line]) -> Line | None:
    """The first line outside code that tells the reader to run a script the repository
    holds, by its file name (or, in a numbered step, the name to do it with) or by pointing
    at the names listed below it: an instruction without a command still says how to run."""
    tracked = tracked_names(snapshot)
    for line in lines:
        if line.in_code:
            continue
        matches = (_RUNS_BY_NAME.search(line.text), _STEP_WITH_SCRIPT.match(line.text))
        named = {PurePosixPath(m.group(1)).name.lower() for m in matches if m}
        if not named.isdisjoint(tracked) or _lists_scripts(tracked, lines, line):
            return line
    return None


def readme_parts(snapshot: Snapshot, text: str) -> dict[str, Line | None]:
    # The analysis of what the code writes imports this module's neighbours in turn.
    from repocheck.analysis.artefacts import saved_pictures

    lines = read_lines(text)
    return {
        "install": _find(_without_other_setups(lines), _INSTALL_HEADING, INSTALL_TEXT)
        or _installs_by_script(snapshot, lines)
        or _install_heading(lines),
        "usage": _find_usage(lines, _cli_names(snapshot), _packages(snapshot), snapshot),
        "results": find_results(lines, saved_pictures(snapshot)),
    }
