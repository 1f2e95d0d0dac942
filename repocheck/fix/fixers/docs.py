"""DOCS001: the README sections it lacks, appended after the user's text (or a new README).

Each section is written from what the analysis found, never invented: the install command from
the dependency files, the run command from the entry points (with the arguments their argparse
or click declarations require, as placeholders), and for the results a marked placeholder only
the author can fill in. An entry point whose command line is read in a way repocheck does not
follow gets no command: a note says so.
"""

from __future__ import annotations

import shlex
from pathlib import PurePosixPath

from repocheck.analysis.cli_options import required_arguments
from repocheck.analysis.entrypoints import EntryPoint, preference, project
from repocheck.analysis.readme import readme_parts, readme_path
from repocheck.analysis.readme_lines import USEFUL_WORDS, count_words
from repocheck.facts.python_target import declared_target, toml_of
from repocheck.facts.toml_text import table_at
from repocheck.fix.fixers._files import appended
from repocheck.fix.fixers._install import EDITABLE, install_command
from repocheck.fix.fixers._requirements import REQUIREMENTS, plan_dependencies
from repocheck.fix.plan import FileChange, FixContext, Proposal, fixer
from repocheck.rules.dependencies import third_party_imports

README = "README.md"
FILL_IN = "<!-- repocheck: fill in -->"
#: Commands shown under Usage: the entry points a reader most likely wants first.
_SHOWN = 3


def _command(context: FixContext, entry: EntryPoint) -> str | None:
    """The shell command that runs ``entry``; None when its arguments cannot be read."""
    if entry.kind == "notebook":
        return f"jupyter notebook {shlex.quote(entry.path)}"
    if entry.kind == "console":
        return _console_name(context, entry)
    if any(name.split(".")[0] == "streamlit" for name in entry.program.names.values()):
        # Run with python, a Streamlit script draws nothing.
        return f"streamlit run {shlex.quote(entry.path)}"
    arguments = required_arguments(entry.program)
    if arguments is None:
        return None
    folder = str(PurePosixPath(entry.path).parent)
    packaged = folder != "." and context.workspace.exists(f"{folder}/__init__.py")
    # A src/ layout's package is imported once installed, by its own name.
    module = entry.program.module.removeprefix("src.")
    run = f"python -m {module}" if packaged else f"python {shlex.quote(entry.path)}"
    return " ".join([run, *(argument.shown for argument in arguments)])


def _console_name(context: FixContext, entry: EntryPoint) -> str | None:
    """The console script's name in pyproject.toml, for the target ``entry`` runs."""
    document = toml_of(context.workspace.read("pyproject.toml"))
    for name, target in table_at(document, "project", "scripts").items():
        module, _, function = str(target).partition(":")
        if f"{module.strip()}.{function.strip()}" == entry.function:
            return str(name)
    return None


def _usage(context: FixContext, notes: list[str]) -> list[str]:
    entries = sorted(
        project(context.snapshot).entries,
        key=lambda entry: (entry.kind == "notebook", preference(entry.path)),
    )
    commands = []
    for entry in entries:
        command = _command(context, entry)
        if command is None:
            why = (
                "is not named in pyproject.toml's [project.scripts]"
                if entry.kind == "console"
                else "reads its command line in a way repocheck does not follow"
            )
            notes.append(f"{entry.label} {why}: add its command to the README yourself")
        elif command not in commands:
            commands.append(command)
    if not entries:
        notes.append("no entry point found: add the command that runs the project yourself")
    return commands[:_SHOWN]


class _Writer:
    """Headings and code blocks in the README's own markup: Markdown, else underlined titles
    (reStructuredText, plain text)."""

    def __init__(self, path: str) -> None:
        self.markdown = PurePosixPath(path).suffix.lower() in (".md", ".markdown")

    def heading(self, title: str) -> str:
        return f"## {title}\n" if self.markdown else f"{title}\n{'-' * len(title)}\n"

    def code(self, lines: list[str]) -> str:
        if self.markdown:
            return "```bash\n" + "".join(f"{line}\n" for line in lines) + "```\n"
        return "::\n\n" + "".join(f"    {line}\n" for line in lines)


def _install_section(
    context: FixContext, write: _Writer, notes: list[str]
) -> tuple[str | None, FileChange | None]:
    """The Installation section and the dependency file it needs written first (what
    REPRO003's fixer writes, when it has not run); no section when nothing says how."""
    # A Python version only where the repository declares one: a README states facts.
    target = declared_target(context.snapshot.texts)
    python = f"Python {target.dotted} or newer" if target else "Python"
    plan = plan_dependencies(context)
    notes += plan.notes
    command = install_command(context)
    if plan.change is not None:
        command = f"pip install -r {REQUIREMENTS}" if plan.target == REQUIREMENTS else EDITABLE
    heading = write.heading("Installation")
    if command is not None:
        intro = f"With {python}, install the packages the code imports:"
        return f"{heading}\n{intro}\n\n{write.code([command])}", plan.change
    if third_party_imports(context.snapshot) or plan.missing:
        notes.append("no install command written: nothing repocheck reads declares the imports")
        return None, None
    stdlib = f"The code needs {python} and its standard library only."
    return f"{heading}\n{stdlib}\n", None


def _usage_section(commands: list[str], write: _Writer) -> str:
    intro = "Run the project from the top folder of the repository"
    if any("<" in command for command in commands):
        intro += "; replace each placeholder in angle brackets with your own value"
    return write.heading("Usage") + f"\n{intro}:\n\n" + write.code(commands)


def _results_section(write: _Writer) -> str:
    return (
        write.heading("Results")
        + f"\n{FILL_IN}\n<!-- what a run produced: the metric it reached and its value, a plot"
        " or a small table -->\n"
    )


@fixer("DOCS001")
def complete_the_readme(context: FixContext) -> Proposal | None:
    found_path = readme_path(context.snapshot)
    path = found_path or README
    text = context.workspace.read(path)
    if found_path is not None and text is None:
        return Proposal("DOCS001", "complete the README", notes=(f"{path} could not be read",))
    write = _Writer(path)
    found = readme_parts(context.snapshot, text or "")
    notes: list[str] = []
    sections = []
    dependencies = None
    if found["install"] is None:
        install, dependencies = _install_section(context, write, notes)
        sections += [install] if install else []
    if found["usage"] is None:
        commands = _usage(context, notes)
        if commands:
            sections.append(_usage_section(commands, write))
    if found["results"] is None:
        sections.append(_results_section(write))
    # A new README starts with its title and a marked place for what only the author knows;
    # in comments, so that the placeholder adds no word to what DOCS001 counts.
    about = f"{FILL_IN}\n<!-- what the project does, and for whom -->\n"
    before = text if text is not None else f"# {context.snapshot.root_name}\n\n{about}"
    after = appended(before, "\n".join(sections), blank_line=True) if sections else before
    if count_words(after) <= USEFUL_WORDS:
        notes.append(f"{path} has {USEFUL_WORDS} words or fewer: say what the project does")
    if not sections:
        return Proposal("DOCS001", "complete the README", notes=tuple(notes)) if notes else None
    names = ", ".join(section.splitlines()[0].lstrip("# ") for section in sections)
    verb = "add to" if text is not None else "create"
    changes = (context.change(path, after), *([dependencies] if dependencies else []))
    return Proposal("DOCS001", f"{verb} {path}: {names}", changes, notes=tuple(notes))
