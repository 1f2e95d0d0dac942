"""The codemods of the seeding fixers: a ``seed_everything()`` call where an entry point
starts, its seed taken from the command line where an argparse parser is in sight, and the
``--deterministic`` switch beside ``--seed`` (REPRO002).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import libcst as cst

from repocheck.fix.fixers import _cst_edit as edit
from repocheck.fix.fixers._cst_edit import MAIN, MODULE, Locator, Style
from repocheck.fix.fixers._seed_helper import HELPER

SEED_CONSTANT = "SEED"
_PARSER_CLASSES = frozenset({"argparse.ArgumentParser", "ArgumentParser"})


@dataclass(frozen=True)
class Parser:
    """An argparse parser built in one block: where, its name, its ``add_argument`` lines."""

    where: Locator
    name: str
    arguments: tuple[cst.Call, ...]
    last: cst.BaseStatement  # the statement new arguments go after

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


@dataclass(frozen=True)
class Seeding:
    """The edited text, or None and why nothing was edited; ``seed``: the expression used."""

    text: str | None
    seed: str = ""
    note: str = ""


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


def _parse_in(module: cst.Module, where: Locator) -> Parsed | None:
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


def _called_functions(module: cst.Module, where: Locator) -> Iterator[Locator]:
    """The module's own functions the block calls as a statement (``main()``)."""
    functions = edit.top_functions(module)
    for s in edit.body(module, where) or ():
        call = edit.expression_call(s)
        if call is not None and isinstance(call.func, cst.Name) and call.func.value in functions:
            yield edit.function(call.func.value)


def find_parse(module: cst.Module, start: Locator) -> Parsed | None:
    """Where the entry point starting at ``start`` parses its command line: in that block,
    or in a function of the module the block calls."""
    for where in (start, *_called_functions(module, start)):
        found = _parse_in(module, where)
        if found:
            return found
    return None


def _index_of(module: cst.Module, where: Locator, anchor: cst.BaseStatement) -> int:
    """The position of ``anchor``'s code in the block (the tree is rebuilt between edits)."""
    code = edit.code_of(module, anchor)
    statements = list(edit.body(module, where) or ())
    return next(i for i, s in enumerate(statements) if edit.code_of(module, s) == code)


def _after(module: cst.Module, where: Locator, anchor: cst.BaseStatement, code: str) -> cst.Module:
    index = _index_of(module, where, anchor) + 1
    return edit.insert(module, where, index, [edit.statement(module, code)])


def _imports_end(module: cst.Module) -> int:
    """The index after the module's last import that comes before its first definition."""
    end = 0
    for index, node in enumerate(module.body):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)) or edit.is_main_guard(module, node):
            break
        if edit.is_import(node) or (index == end and _is_docstring(node)):
            end = index + 1
    return end


def _is_docstring(node: cst.CSTNode) -> bool:
    small = edit.simple(node)
    return isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)


def _bound_at_top(module: cst.Module, name: str) -> cst.BaseStatement | None:
    for node in module.body:
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.name.value == name:
            return node
        found = edit.assignment(node)
        if found and found[0] == name:
            return node
        small = edit.simple(node)
        if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
            small.names, cst.ImportStar
        ):
            bound = [alias.evaluated_alias or alias.evaluated_name for alias in small.names]
            if name in bound:
                return node
    return None


def _int_constant(module: cst.Module, name: str) -> bool | None:
    """None when ``name`` is not bound at the top; else whether it is an int literal."""
    node = _bound_at_top(module, name)
    if node is None:
        return None
    found = edit.assignment(node)
    return bool(found and isinstance(found[1], cst.Integer))


def _start_index(module: cst.Module, where: Locator) -> int:
    """Where a block's own code starts: after a function's docstring."""
    statements = edit.body(module, where) or ()
    return 1 if where[0] == "function" and statements and _is_docstring(statements[0]) else 0


def add_seeding(
    text: str,
    start: Locator,
    import_line: str,
    local_import: Callable[[cst.BaseStatement], bool],
    style: Style,
) -> Seeding:
    """``text`` with the helper imported and called where the entry point ``start`` begins
    (after its argument parsing), or why it was left alone."""
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return Seeding(None, note="libcst cannot parse it")
    if edit.body(module, start) is None:
        return Seeding(None, note="its entry block is not an indented block")
    bound = _bound_at_top(module, HELPER)
    if bound is not None and edit.code_of(module, bound).strip() != import_line:
        return Seeding(None, note=f"it already defines or imports a {HELPER}")
    parsed = find_parse(module, start)
    constant = _int_constant(module, SEED_CONSTANT)
    if parsed is None and constant is False:
        return Seeding(None, note=f"it binds {SEED_CONSTANT} to something else than a number")
    if parsed is not None:
        module, seed = _seed_from_parser(module, parsed, style)
        module = _after(module, parsed.where, parsed.statement, f"{HELPER}({seed})")
    else:
        seed = SEED_CONSTANT
        call = edit.statement(module, f"{HELPER}({seed})")
        where = start if start != MODULE else None
        if where is not None:
            module = edit.insert(module, where, _start_index(module, where), [call])
    module = _add_import(module, import_line, local_import, parsed is None and constant is None)
    if parsed is None and start == MODULE:
        # A script's own code starts after its imports and the seed constant.
        constant_at = _index_of(module, MODULE, _bound_at_top(module, SEED_CONSTANT))  # type: ignore[arg-type]
        index = max(constant_at, _index_of(module, MODULE, _bound_at_top(module, HELPER))) + 1  # type: ignore[arg-type]
        module = edit.insert(module, MODULE, index, [edit.statement(module, f"{HELPER}({seed})")])
    return Seeding(module.code, seed)


def _seed_from_parser(module: cst.Module, parsed: Parsed, style: Style) -> tuple[cst.Module, str]:
    parser = parsed.parser
    dest = parser.dest("--seed")
    if dest is None:
        args = [
            style.string("--seed"),
            "type=int",
            "default=0",
            "help=" + style.string("random seed"),
        ]
        code = edit.call_code(
            module, f"{parser.name}.add_argument", args, edit.depth(parser.where), style
        )
        module = _after(module, parser.where, parser.last, code)
        dest = "seed"
    return module, f"{parsed.args}.{dest}"


def _add_import(
    module: cst.Module,
    import_line: str,
    local_import: Callable[[cst.BaseStatement], bool],
    with_constant: bool,
) -> cst.Module:
    """The import after the module's imports (in their local block when the last one is
    local, else a block of its own), then ``SEED = 0`` when the seed is a new constant."""
    end = _imports_end(module)
    previous = module.body[end - 1] if end else None
    new = []
    if _bound_at_top(module, HELPER) is None:  # a second entry point of the module has it
        joins = previous is not None and edit.is_import(previous) and local_import(previous)
        blank = previous is not None and not joins
        new.append(edit.statement(module, import_line, blank_before=blank))
    if with_constant:
        new.append(edit.statement(module, f"{SEED_CONSTANT} = 0", blank_before=True))
    return edit.insert(module, MODULE, end, new)


def main_block(text: str) -> bool:
    """Whether the module has an ``if __name__ == "__main__":`` block."""
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return False
    return edit.body(module, MAIN) is not None


def _blocks(module: cst.Module) -> Iterator[Locator]:
    yield MODULE
    yield MAIN
    yield from (edit.function(name) for name in edit.top_functions(module))


def _helper_calls(module: cst.Module) -> Iterator[tuple[Locator, cst.BaseStatement, cst.Call]]:
    for where in _blocks(module):
        for s in edit.body(module, where) or ():
            call = edit.expression_call(s)
            if call is not None and isinstance(call.func, cst.Name) and call.func.value == HELPER:
                yield where, s, call


def _binds_argparse(module: cst.Module) -> bool:
    node = _bound_at_top(module, "argparse")
    small = edit.simple(node) if node is not None else None
    return isinstance(small, cst.Import)


def add_deterministic_flag(text: str, style: Style) -> str | None:
    """``text`` with a ``--deterministic/--no-deterministic`` option next to the parser's
    ``--seed`` and handed to each ``seed_everything(args.seed)`` call; None when no call
    takes its seed from an argparse parser in sight (the helper's default then holds)."""
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError:
        return None
    if not _binds_argparse(module):
        return None
    changed = False
    for where, _, call in list(_helper_calls(module)):
        if len(call.args) != 1 or call.args[0].keyword is not None:
            continue  # a call that already chooses, or one not written by the seeding fixer
        value = call.args[0].value
        if not (isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name)):
            continue
        args = value.value.value
        parsed = next(
            (p for w in _blocks(module) if (p := _parse_in(module, w)) and p.args == args), None
        )
        if parsed is None:
            continue
        dest = parsed.parser.dest("--deterministic")
        if dest is None:
            option = [
                style.string("--deterministic"),
                "action=argparse.BooleanOptionalAction",
                "default=True",
                "help=" + style.string("deterministic PyTorch kernels (slower)"),
            ]
            level = edit.depth(parsed.parser.where)
            code = edit.call_code(
                module, f"{parsed.parser.name}.add_argument", option, level, style
            )
            module = _after(module, parsed.parser.where, parsed.parser.last, code)
            dest = "deterministic"
        module = _hand_over(module, where, edit.code_of(module, value), f"{args}.{dest}", style)
        changed = True
    return module.code if changed else None


def _hand_over(
    module: cst.Module, where: Locator, seed: str, flag: str, style: Style
) -> cst.Module:
    """The helper call ``seed_everything(<seed>)`` in ``where`` given ``deterministic=flag``."""
    for found_where, old, call in _helper_calls(module):
        if found_where == where and edit.code_of(module, call.args[0].value) == seed:
            arguments = [seed, f"deterministic={flag}"]
            code = edit.call_code(module, HELPER, arguments, edit.depth(where), style)
            new = edit.statement(module, code)
            assert isinstance(old, cst.SimpleStatementLine) and isinstance(
                new, cst.SimpleStatementLine
            )
            kept = new.with_changes(
                leading_lines=old.leading_lines, trailing_whitespace=old.trailing_whitespace
            )
            return edit.replace(module, old, kept)
    return module
