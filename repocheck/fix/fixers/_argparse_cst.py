"""An argparse parser in sight of an entry point, read from the concrete syntax tree: where
it is built, where its command line is parsed, and the options it has."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from repocheck.fix.fixers import _cst_edit as edit
from repocheck.fix.fixers._cst_edit import MAIN, MODULE, Locator
from repocheck.patterns import compile_on_use

#: Names of an option that sets the seed of a run.
_SEED_DEST = compile_on_use(r"(random_?|manual_?|global_?)?seed", re.IGNORECASE)
_PARSER_CLASSES = frozenset({"argparse.ArgumentParser", "ArgumentParser"})


@dataclass(frozen=True)
class Parser:
    """An argparse parser built in one block: where, its name, its ``add_argument`` lines."""

    where: Locator
    name: str
    arguments: tuple[cst.Call, ...]
    last: cst.BaseStatement  # the statement new arguments go after

    @property
    def strings(self) -> list[cst.BaseExpression]:
        """The literals its options are named with, whose quotes new options follow."""
        return [call.args[0].value for call in self.arguments if call.args]

    def seed_option(self) -> tuple[str, bool] | None:
        """(dest, always a number) of the option that already takes a seed: ``--seed``,
        ``--random-seed``, ``--manualSeed``; a number unless it may be left out as None."""
        for call in self.arguments:
            names = [
                value
                for arg in call.args
                if arg.keyword is None
                and isinstance(arg.value, cst.SimpleString)
                and isinstance(value := arg.value.evaluated_value, str)
            ]
            longs = [name for name in names if name.startswith("--")] or names
            dest = edit.keyword_string(call, "dest") or (
                longs[0].lstrip("-").replace("-", "_") if longs else ""
            )
            if _SEED_DEST.fullmatch(dest):
                default = edit.keyword_value(call, "default")
                required = edit.keyword_value(call, "required")
                positional = not longs[0].startswith("-")
                number = (
                    isinstance(default, cst.Integer)
                    or positional
                    or (isinstance(required, cst.Name) and required.value == "True")
                )
                return dest, number
        return None

    def dest(self, option: str) -> str | None:
        """The attribute an option lands on, when the parser has it."""
        for call in self.arguments:
            if edit.first_string(call) == option:
                return edit.keyword_string(call, "dest") or option.lstrip("-").replace("-", "_")
        return None


@dataclass(frozen=True)
class Parsed:
    """``args = parser.parse_args()`` (or ``args = get_args()`` returning it)."""

    where: Locator
    statement: cst.BaseStatement
    args: str
    parser: Parser


def _parser_in(module: cst.Module, where: Locator, name: str) -> Parser | None:
    """The parser ``name`` built in block ``where``: None when the block does not build it
    there, or adds sub-commands (each with its own options: no one place for ``--seed``)."""
    statements = edit.body(module, where) or ()
    built = [
        s
        for s in statements
        if (found := edit.assignment(s))
        and found[0] == name
        and isinstance(found[1], cst.Call)
        and edit.code_of(module, found[1].func) in _PARSER_CLASSES
    ]
    if not built:
        return None
    last: cst.BaseStatement = built[-1]
    arguments = []
    for s in statements:
        call = edit.expression_call(s)
        subcommands = edit.method_call(call, "add_subparsers") or (
            (found := edit.assignment(s)) and edit.method_call(found[1], "add_subparsers")
        )
        if subcommands:
            return None
        hit = edit.method_call(call, "add_argument")
        if hit and hit[0] == name:
            arguments.append(hit[1])
            last = s
    return Parser(where, name, tuple(arguments), last)


def _returned_parser(module: cst.Module, name: str) -> str | None:
    """The parser a top-level function returns the parse of: ``return parser.parse_args()``."""
    for s in edit.body(module, edit.function(name)) or ():
        small = edit.simple(s)
        if isinstance(small, cst.Return):
            found = edit.method_call(small.value, "parse_args")
            if found:
                return found[0]
    return None


def parse_in(module: cst.Module, where: Locator) -> Parsed | None:
    for s in edit.body(module, where) or ():
        found = edit.assignment(s)
        if not found:
            continue
        args, value = found
        direct = edit.method_call(value, "parse_args")
        if direct:
            parser = _parser_in(module, where, direct[0])
            return Parsed(where, s, args, parser) if parser else None
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
            maker = edit.function(value.func.value)
            name = _returned_parser(module, value.func.value)
            parser = _parser_in(module, maker, name) if name else None
            if parser:
                return Parsed(where, s, args, parser)
    return None


def called_functions(module: cst.Module, where: Locator) -> Iterator[Locator]:
    """The module's own functions the block calls as a statement (``main()``)."""
    functions = edit.top_functions(module)
    for s in edit.body(module, where) or ():
        call = edit.expression_call(s)
        if call is not None and isinstance(call.func, cst.Name) and call.func.value in functions:
            yield edit.function(call.func.value)


def find_parse(module: cst.Module, start: Locator) -> Parsed | None:
    """Where the entry point starting at ``start`` parses its command line: in that block,
    or in a function of the module the block calls."""
    for where in (start, *called_functions(module, start)):
        found = parse_in(module, where)
        if found:
            return found
    return None


def blocks(module: cst.Module) -> Iterator[Locator]:
    """Every block an edit may name: the top level, the main block, each top-level function."""
    yield MODULE
    yield MAIN
    yield from (edit.function(name) for name in edit.top_functions(module))
