"""The codemod of REPRO001's fixer: a ``seed_everything()`` call where an entry point
starts, its seed taken from the command line where an argparse parser is in sight, from the
function's own seed (a click option, a Hydra config), else from a ``SEED`` constant.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from repocheck.fix.fixers import _cst_edit as edit
from repocheck.fix.fixers._argparse_cst import Parsed, called_functions, find_parse, parse_in
from repocheck.fix.fixers._cst_edit import (
    MAIN,
    MODULE,
    Locator,
    Style,
    after,
    bound_at_top,
    index_of,
)
from repocheck.fix.fixers._seed_helper import HELPER

SEED_CONSTANT = "SEED"


@dataclass(frozen=True)
class Seeding:
    """The edited text, or None and why nothing was edited; ``seed``: the expression used."""

    text: str | None
    seed: str = ""
    note: str = ""


def _imports_end(module: cst.Module) -> int:
    """The index after the module's last import that comes before its first definition."""
    end = 0
    for index, node in enumerate(module.body):
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)) or edit.is_main_guard(module, node):
            break
        if edit.is_import(node) or (index == end and edit.is_docstring(node)):
            end = index + 1
    return end


def _int_constant(module: cst.Module, name: str) -> bool | None:
    """None when ``name`` is not bound at the top; else whether it is an int literal."""
    node = bound_at_top(module, name)
    if node is None:
        return None
    found = edit.assignment(node)
    return bool(found and isinstance(found[1], cst.Integer))


def _start_index(module: cst.Module, where: Locator) -> int:
    """Where a block's own code starts: after a function's docstring."""
    statements = edit.body(module, where) or ()
    return 1 if where[0] == "function" and statements and edit.is_docstring(statements[0]) else 0


def _takes_new_options(module: cst.Module, parsed: Parsed) -> bool:
    """Whether an option added to the parser stays an attribute nobody else reads: not when
    the parsed namespace is spread into a call (``train(**vars(args))``), where ``seed``
    would be an argument the callee does not take. A parser that has ``--seed`` is fine."""
    if parsed.parser.seed_option() is not None:
        return True
    name = re.escape(parsed.args)
    spread = rf"vars\(\s*{name}\s*\)|\b{name}\.__dict__\b|\*\*\s*{name}\b"
    return re.search(spread, module.code) is None


def _seed_parameter(module: cst.Module, start: Locator) -> tuple[Locator, str] | None:
    """A seed the entry point's function already receives: a ``seed`` parameter (click's
    ``--seed`` option) with a number for default, or ``cfg.seed`` read from its first
    parameter (a Hydra or OmegaConf config)."""
    functions = edit.top_functions(module)
    candidates = [start] if start[0] == "function" else list(called_functions(module, start))
    for where in candidates:
        node = functions.get(where[1])
        if node is None or not isinstance(node.body, cst.IndentedBlock):
            continue
        params = [*node.params.params, *node.params.kwonly_params]
        seed = next((p for p in params if p.name.value == "seed"), None)
        if seed is not None and _numeric_seed(module, node, seed):
            return where, "seed"
        first = params[0].name.value if params else None
        if first and re.search(rf"\b{first}\.seed\b", edit.code_of(module, node.body)):
            # A config's seed may be null (``seed: null``): the constant stands in for it.
            return where, f"{SEED_CONSTANT} if {first}.seed is None else {first}.seed"
    return None


def _numeric_seed(module: cst.Module, node: cst.FunctionDef, seed: cst.Param) -> bool:
    """The parameter's default, and a ``--seed`` option's in a decorator, is a number."""
    if seed.default is not None and not isinstance(seed.default, cst.Integer):
        return False
    for decorator in node.decorators:
        code = edit.code_of(module, decorator)
        if "--seed" in code and not re.search(r"default\s*=\s*\d", code):
            return False
    return True


def add_seeding(
    text: str,
    start: Locator,
    import_line: str,
    local_import: Callable[[cst.BaseStatement], bool],
    style: Style,
    *,
    configured: bool = True,
) -> Seeding:
    """``text`` with the helper imported and called where the entry point ``start`` begins
    (after its argument parsing), or why it was left alone. Without ``configured`` the seed
    is a constant and the call comes first, before the command line is read."""
    try:
        module = cst.parse_module(text)
        return _add_seeding(module, start, import_line, local_import, style, configured)
    except edit.CST_ERRORS as error:
        return Seeding(None, note=f"libcst cannot edit it ({type(error).__name__})")


def _add_seeding(
    module: cst.Module,
    start: Locator,
    import_line: str,
    local_import: Callable[[cst.BaseStatement], bool],
    style: Style,
    configured: bool,
) -> Seeding:
    if edit.body(module, start) is None:
        return Seeding(None, note="its entry block is not an indented block")
    bound = bound_at_top(module, HELPER)
    if bound is not None and edit.code_of(module, bound).strip() != import_line:
        return Seeding(None, note=f"it already defines or imports a {HELPER}")
    parsed = find_parse(module, start) or (parse_in(module, MODULE) if start == MAIN else None)
    if parsed is not None and not (configured and _takes_new_options(module, parsed)):
        parsed = None
    parameter = _seed_parameter(module, start) if configured and parsed is None else None
    constant = _int_constant(module, SEED_CONSTANT)
    needs_constant = parsed is None and (parameter is None or SEED_CONSTANT in parameter[1])
    if parsed is not None:
        module, seed, needs_constant = _seed_from_parser(module, parsed, style)
    if needs_constant and constant is False:
        return Seeding(None, note=f"it binds {SEED_CONSTANT} to something else than a number")
    new_constant = needs_constant and constant is None

    def call(where: Locator) -> cst.BaseStatement:
        return edit.statement(
            module, edit.call_code(module, HELPER, [seed], edit.depth(where), style)
        )

    if parsed is not None:
        if parsed.where == MODULE and start == MAIN:  # parsed at import: seed when run
            module = edit.insert(module, MAIN, 0, [call(MAIN)])
        else:
            index = index_of(module, parsed.where, parsed.statement) + 1
            module = edit.insert(module, parsed.where, index, [call(parsed.where)])
    elif parameter is not None:
        where, seed = parameter
        module = edit.insert(module, where, _start_index(module, where), [call(where)])
    else:
        seed = SEED_CONSTANT
        if start != MODULE:
            module = edit.insert(module, start, _start_index(module, start), [call(start)])
    module = _add_import(module, import_line, local_import, new_constant)
    if parsed is None and parameter is None and start == MODULE:
        # A script's own code starts after its imports and the seed constant.
        constant_at = index_of(module, MODULE, bound_at_top(module, SEED_CONSTANT))  # type: ignore[arg-type]
        index = max(constant_at, index_of(module, MODULE, bound_at_top(module, HELPER))) + 1  # type: ignore[arg-type]
        module = edit.insert(module, MODULE, index, [call(MODULE)])
    return Seeding(module.code, seed)


def _seed_from_parser(
    module: cst.Module, parsed: Parsed, style: Style
) -> tuple[cst.Module, str, bool]:
    """(module, seed, whether the seed needs the SEED constant): the parser's own seed
    option (SEED when it is left out and None), else a new ``--seed`` option."""
    parser = parsed.parser
    found = parser.seed_option()
    if found is not None:
        attribute = f"{parsed.args}.{found[0]}"
        if found[1]:
            return module, attribute, False
        return module, f"{SEED_CONSTANT} if {attribute} is None else {attribute}", True
    args = [
        style.string("--seed", parser.strings),
        "type=int",
        "default=0",
        "help=" + style.string("random seed", parser.strings),
    ]
    level = edit.depth(parser.where)
    code = edit.call_code(module, f"{parser.name}.add_argument", args, level, style)
    return after(module, parser.where, parser.last, code), f"{parsed.args}.seed", False


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
    if bound_at_top(module, HELPER) is None:  # a second entry point of the module has it
        joins = previous is not None and edit.is_import(previous) and local_import(previous)
        blank = previous is not None and not joins
        new.append(edit.statement(module, import_line, blank_before=blank))
    if with_constant:
        new.append(edit.statement(module, f"{SEED_CONSTANT} = 0", blank_before=True))
    return edit.insert(module, MODULE, end, new)
