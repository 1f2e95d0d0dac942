"""Small edits of a module's concrete syntax tree (libcst): statements found and inserted in
the blocks an entry point runs, every other byte of the file kept as it was.

A block is named by a ``Locator``: the module's top level, its ``if __name__ == "__main__":``
block, or a top-level function's body. Edits find their anchor again on each call, so any
number of them compose on one text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import libcst as cst

Locator = tuple[str, str]  # ("module", ""), ("main", ""), ("function", name)
MODULE: Locator = ("module", "")
MAIN: Locator = ("main", "")
_MAIN_TESTS = frozenset({'__name__=="__main__"', '"__main__"==__name__'})


@dataclass(frozen=True)
class Style:
    """The formatter settings inserted code follows (ruff's defaults unless the repo says).

    Without a quote style of the repository's, strings take the quotes of the code they join
    (a ruff-formatted file has double quotes, so it keeps them).
    """

    line_length: int = 88
    quote: str | None = None

    def string(self, value: str, like: Sequence[cst.BaseExpression] = ()) -> str:
        """``value`` as a literal, quoted like the first plain string of ``like``."""
        quote = self.quote
        if quote is None:
            strings = [node for node in like if isinstance(node, cst.SimpleString)]
            quote = "'" if strings and strings[0].quote == "'" else '"'
        return f"{quote}{value}{quote}"


#: What libcst raises on a module it cannot read or rebuild: a syntax it does not know, a
#: node it would not accept, a module nested deeper than its recursive walk goes.
CST_ERRORS = (cst.ParserSyntaxError, cst.CSTValidationError, RecursionError)


def function(name: str) -> Locator:
    return ("function", name)


def code_of(module: cst.Module, node: cst.CSTNode) -> str:
    return module.code_for_node(node)


def is_main_guard(module: cst.Module, node: cst.CSTNode) -> bool:
    if not isinstance(node, cst.If):
        return False
    test = "".join(code_of(module, node.test).replace("'", '"').split())
    return test in _MAIN_TESTS


def _main_guard(module: cst.Module) -> cst.If | None:
    found = [node for node in module.body if is_main_guard(module, node)]
    return found[-1] if found else None  # type: ignore[return-value]


def top_functions(module: cst.Module) -> dict[str, cst.FunctionDef]:
    return {node.name.value: node for node in module.body if isinstance(node, cst.FunctionDef)}


def _owner(module: cst.Module, where: Locator) -> cst.CSTNode | None:
    """The node whose indented body ``where`` names (None for the module itself)."""
    if where == MAIN:
        return _main_guard(module)
    if where[0] == "function":
        return top_functions(module).get(where[1])
    return None


def body(module: cst.Module, where: Locator) -> Sequence[cst.BaseStatement] | None:
    """The statements of the block, None when the module has no such (indented) block."""
    if where == MODULE:
        return module.body
    owner = _owner(module, where)
    block = getattr(owner, "body", None)
    return block.body if isinstance(block, cst.IndentedBlock) else None


def depth(where: Locator) -> int:
    return 0 if where == MODULE else 1


def insert(
    module: cst.Module, where: Locator, index: int, statements: Sequence[cst.BaseStatement]
) -> cst.Module:
    """The module with ``statements`` inserted at ``index`` of the block ``where``."""
    current = body(module, where)
    assert current is not None
    updated = [*current[:index], *statements, *current[index:]]
    if where == MODULE:
        return module.with_changes(body=updated)
    owner = _owner(module, where)
    assert owner is not None and isinstance(getattr(owner, "body", None), cst.IndentedBlock)
    block = owner.body  # type: ignore[attr-defined]
    return replace(module, owner, owner.with_changes(body=block.with_changes(body=updated)))


def replace(module: cst.Module, old: cst.CSTNode, new: cst.CSTNode) -> cst.Module:
    """The module with the node ``old`` (by identity) replaced by ``new``."""
    replaced = module.deep_replace(old, cast(cst.Module, new))
    assert isinstance(replaced, cst.Module)
    return replaced


def statement(module: cst.Module, code: str, *, blank_before: bool = False) -> cst.BaseStatement:
    """One statement parsed with the module's newline and indentation."""
    parsed = cst.parse_statement(code + module.default_newline, config=module.config_for_parsing)
    if blank_before:
        parsed = parsed.with_changes(leading_lines=[cst.EmptyLine()])
    return parsed


def call_code(
    module: cst.Module, callee: str, args: Sequence[str], level: int, style: Style
) -> str:
    """``callee(args)`` laid out the way ruff's formatter lays it out at ``level``."""
    indent = module.default_indent
    one_line = f"{callee}({', '.join(args)})"
    if len(indent * level + one_line) <= style.line_length:
        return one_line
    joined = ", ".join(args)
    newline = "\n"  # parse_statement reads LF; the module writes its own newline back
    if len(indent * (level + 1) + joined) <= style.line_length:
        return f"{callee}({newline}{indent}{joined}{newline})"
    return f"{callee}({newline}" + "".join(f"{indent}{arg},{newline}" for arg in args) + ")"


# ------------------------------------------------------------------ reading statements


def simple(node: cst.CSTNode) -> cst.BaseSmallStatement | None:
    """The one small statement of a simple statement line, else None."""
    if isinstance(node, cst.SimpleStatementLine) and len(node.body) == 1:
        return node.body[0]
    return None


def assignment(node: cst.CSTNode) -> tuple[str, cst.BaseExpression] | None:
    """(name, value) of ``name = value``."""
    small = simple(node)
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        if isinstance(target, cst.Name):
            return target.value, small.value
    return None


def method_call(node: cst.BaseExpression | None, method: str) -> tuple[str, cst.Call] | None:
    """(receiver, call) of ``receiver.method(...)`` with a plain name as receiver."""
    if (
        isinstance(node, cst.Call)
        and isinstance(node.func, cst.Attribute)
        and node.func.attr.value == method
        and isinstance(node.func.value, cst.Name)
    ):
        return node.func.value.value, node
    return None


def expression_call(node: cst.CSTNode) -> cst.Call | None:
    small = simple(node)
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        return small.value
    return None


def is_import(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in node.body
    )


def first_string(call: cst.Call) -> str | None:
    """The value of the call's first argument when it is a plain string literal."""
    if call.args and isinstance(call.args[0].value, cst.SimpleString) and not call.args[0].keyword:
        value = call.args[0].value.evaluated_value
        return value if isinstance(value, str) else None
    return None


def keyword_value(call: cst.Call, name: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def keyword_string(call: cst.Call, name: str) -> str | None:
    for arg in call.args:
        named = arg.keyword is not None and arg.keyword.value == name
        if named and isinstance(arg.value, cst.SimpleString):
            value = arg.value.evaluated_value
            return value if isinstance(value, str) else None
    return None


def index_of(module: cst.Module, where: Locator, anchor: cst.BaseStatement) -> int:
    """The position of ``anchor``'s code in the block (the tree is rebuilt between edits)."""
    code = code_of(module, anchor)
    statements = list(body(module, where) or ())
    return next(i for i, s in enumerate(statements) if code_of(module, s) == code)


def after(module: cst.Module, where: Locator, anchor: cst.BaseStatement, code: str) -> cst.Module:
    """The module with the statement ``code`` right after ``anchor`` in block ``where``."""
    index = index_of(module, where, anchor) + 1
    return insert(module, where, index, [statement(module, code)])


def is_docstring(node: cst.CSTNode) -> bool:
    small = simple(node)
    return isinstance(small, cst.Expr) and isinstance(small.value, cst.SimpleString)


def bound_at_top(module: cst.Module, name: str) -> cst.BaseStatement | None:
    """The top-level statement that binds ``name`` (a definition, assignment or import)."""
    for node in module.body:
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)) and node.name.value == name:
            return node
        found = assignment(node)
        if found and found[0] == name:
            return node
        small = simple(node)
        if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
            small.names, cst.ImportStar
        ):
            bound = [alias.evaluated_alias or alias.evaluated_name for alias in small.names]
            if name in bound:
                return node
    return None
