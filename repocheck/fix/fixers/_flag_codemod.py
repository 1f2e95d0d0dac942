"""The codemod of REPRO002's fixer: a ``--deterministic/--no-deterministic`` option beside
the parser's ``--seed``, handed to the ``seed_everything(args.seed)`` call REPRO001's wrote."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from repocheck.fix.fixers import _cst_edit as edit
from repocheck.fix.fixers._argparse_cst import blocks, parse_in
from repocheck.fix.fixers._cst_edit import Locator, Style, after, bound_at_top
from repocheck.fix.fixers._seed_helper import HELPER


def _helper_calls(module: cst.Module) -> Iterator[tuple[Locator, cst.BaseStatement, cst.Call]]:
    for where in blocks(module):
        for s in edit.body(module, where) or ():
            call = edit.expression_call(s)
            if call is not None and isinstance(call.func, cst.Name) and call.func.value == HELPER:
                yield where, s, call


def _binds_argparse(module: cst.Module) -> bool:
    node = bound_at_top(module, "argparse")
    small = edit.simple(node) if node is not None else None
    return isinstance(small, cst.Import)


def add_deterministic_flag(text: str, import_line: str, style: Style) -> str | None:
    """``text`` with a ``--deterministic/--no-deterministic`` option next to the parser's
    ``--seed`` and handed to each ``seed_everything(args.seed)`` call; None when no call
    takes its seed from an argparse parser in sight (the helper's default then holds), or
    when the module's ``seed_everything`` is not the one ``import_line`` imports (Lightning's
    takes no such argument)."""
    try:
        return _add_flag(cst.parse_module(text), import_line, style)
    except edit.CST_ERRORS:
        return None


def _add_flag(module: cst.Module, import_line: str, style: Style) -> str | None:
    helper = bound_at_top(module, HELPER)
    if helper is None or edit.code_of(module, helper).strip() != import_line:
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
            (p for w in blocks(module) if (p := parse_in(module, w)) and p.args == args), None
        )
        if parsed is None:
            continue
        dest = parsed.parser.dest("--deterministic")
        if dest is None:
            option = [
                style.string("--deterministic", parsed.parser.strings),
                "action=argparse.BooleanOptionalAction",
                "default=True",
                "help="
                + style.string("deterministic PyTorch kernels (slower)", parsed.parser.strings),
            ]
            level = edit.depth(parsed.parser.where)
            code = edit.call_code(
                module, f"{parsed.parser.name}.add_argument", option, level, style
            )
            module = after(module, parsed.parser.where, parsed.parser.last, code)
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
