"""The arguments a script must be given on its command line, read from its argparse or click
declarations: what a README's "Usage" command has to show.

Only what the module itself declares is read: ``parser.add_argument("data")`` and
``add_argument("--epochs", required=True)``, ``@click.argument("path")`` and
``@click.option("--out", required=True)``. A program that reads its command line some other way
(``sys.argv``, fire, hydra, a parser built in another module) gets None: unknown, never guessed.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from repocheck.analysis.imports import Program, constant_of, keyword
from repocheck.analysis.scripts import reads_command_line
from repocheck.patterns import compile_on_use

#: Command-line libraries whose declarations are read here.
_READ = ("argparse", "click")
_OPTIONAL_NARGS = frozenset({"?", "*"})
_UNSAFE = compile_on_use(r"[^\w.-]+")
#: A flag as a shell reads one word: anything else is not shown (returned as unknown).
_FLAG = compile_on_use(r"-{1,2}\w[\w.-]*")


@dataclass(frozen=True)
class Argument:
    """One required argument: its flag (None for a positional one), the placeholder shown for
    its value (None for a flag that takes none)."""

    flag: str | None
    placeholder: str | None

    @property
    def shown(self) -> str:
        value = f"<{self.placeholder}>" if self.placeholder else ""
        return " ".join(part for part in (self.flag, value) if part)


def required_arguments(program: Program) -> tuple[Argument, ...] | None:
    """The required arguments of ``program``'s command line, in declaration order; () when it
    reads none, None when it reads one in a way this does not follow."""
    if not reads_command_line(program):
        return ()
    libraries = {value.split(".")[0] for value in program.names.values()}
    if not libraries & set(_READ):
        return None  # sys.argv, fire, hydra ...: not followed here
    found: list[Argument] = []
    declared = False
    for unit in program.units:
        for call in unit.of_type(ast.Call):
            if _not_a_plain_list(program, call):
                return None  # which subcommand or choice a run needs is the author's to say
            if isinstance(call.func, ast.Attribute) and call.func.attr == "add_argument":
                declared = True
                found += _argparse(call)
            elif program.resolve(call.func) in ("click.argument", "click.option"):
                declared = True
                found += _click(call, positional=program.resolve(call.func) == "click.argument")
    if not declared and _parses_elsewhere(program):
        return None
    if any(arg.flag is not None and not _FLAG.fullmatch(arg.flag) for arg in found):
        return None
    return tuple(found)


def _not_a_plain_list(program: Program, call: ast.Call) -> bool:
    """``parser.add_subparsers()`` or ``@click.group()``: a command line of subcommands; or a
    required choice between options (``add_mutually_exclusive_group(required=True)``)."""
    if isinstance(call.func, ast.Attribute) and call.func.attr == "add_subparsers":
        return True
    if isinstance(call.func, ast.Attribute) and call.func.attr == "add_mutually_exclusive_group":
        return _flag(call, "required") is True
    return program.resolve(call.func) == "click.group"


def _parses_elsewhere(program: Program) -> bool:
    """True when the module parses a command line it does not declare here (a parser made
    by another module's function)."""
    return not any(
        program.resolve(call.func) in ("argparse.ArgumentParser", "click.command")
        for unit in program.units
        for call in unit.of_type(ast.Call)
    )


def _names(call: ast.Call) -> list[str]:
    return [value for arg in call.args if isinstance(value := constant_of(arg), str)]


def _text(call: ast.Call, word: str) -> str | None:
    found = keyword(call, word)
    value = constant_of(found) if found is not None else None
    return value if isinstance(value, str) else None


def _flag(call: ast.Call, word: str) -> bool | None:
    found = keyword(call, word)
    value = constant_of(found) if found is not None else None
    return value if isinstance(value, bool) else None


def _placeholder(call: ast.Call, names: list[str]) -> str:
    """A name for the value: the metavar, the dest or the flag, in letters, digits, ``.``
    and ``-`` only (it is shown inside commands and Markdown)."""
    shown = _text(call, "metavar") or _text(call, "dest") or max(names, key=len).lstrip("-")
    return _UNSAFE.sub("-", shown.replace("_", "-").lower()).strip("-") or "value"


def _argparse(call: ast.Call) -> list[Argument]:
    names = _names(call)
    if not names:
        return []
    if not names[0].startswith("-"):  # positional: required unless nargs makes it optional
        nargs = _text(call, "nargs")
        optional = nargs in _OPTIONAL_NARGS or keyword(call, "default") is not None
        return [] if optional else [Argument(None, _placeholder(call, names))]
    if _flag(call, "required") is not True:
        return []
    flag = max(names, key=len)
    action = _text(call, "action") or ""
    takes_value = not action.startswith(("store_true", "store_false", "count"))
    return [Argument(flag, _placeholder(call, names) if takes_value else None)]


def _click(call: ast.Call, positional: bool) -> list[Argument]:
    names = _names(call)
    if not names:
        return []
    if positional:
        required = _flag(call, "required")
        if required is False or keyword(call, "default") is not None:
            return []
        return [Argument(None, _placeholder(call, names))]
    if _flag(call, "required") is not True:
        return []
    flags = [name for name in names if name.startswith("-")]
    if not flags:
        return []
    is_flag = _flag(call, "is_flag") is True
    return [Argument(max(flags, key=len), None if is_flag else _placeholder(call, flags))]
