"""What a path expression in the code evaluates to, as far as reading the source can tell.

``os.path.join(args.out_dir, f"model_{epoch}.pt")`` with ``--out_dir`` defaulting to
``"checkpoints"`` is ``checkpoints/model_0.pt``; a parameter of the project's own function is
read at its call sites. Parts the source cannot tell (a value from a config file) stay unknown,
and a caller decides how much an unknown part leaves it able to say. Nothing is run.
"""

from __future__ import annotations

import ast
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

from repocheck.analysis.cli_defaults import CliDefaults
from repocheck.analysis.config_values import ConfigValues, config_value, key_path
from repocheck.analysis.imports import Program, constant_of, keyword
from repocheck.analysis.reaching import reaching_values
from repocheck.facts.snapshot import SourceUnit
from repocheck.patterns import compile_on_use

#: Stands for a part of a path the source does not tell (a variable, a config value).
UNKNOWN = "\x00"
#: Stands for the folder of the file the code is in (``os.path.dirname(__file__)``).
HERE = "\x01"
_JOINS = frozenset({"os.path.join", "posixpath.join", "ntpath.join"})
_PATHS = frozenset({"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "str", "os.fspath"})
_DIRNAMES = frozenset({"os.path.dirname", "os.path.abspath", "os.path.realpath"})
#: The separator constants: ``f".{os.path.sep}history"`` names ./history wherever it runs (a
#: Windows run writes .\history, the same folder that git's ``history/`` keeps out).
_SEPARATORS = frozenset({"os.sep", "os.path.sep", "posixpath.sep", "ntpath.sep"})
_MAX_DEPTH = 6
_FORMAT_FIELD = compile_on_use(r"\{[^{}]*\}")
_PERCENT_FIELD = compile_on_use(r"%[-+ #0-9.]*[sdifrxXeEgG]")
_ABSOLUTE = compile_on_use(r"^(/|~|[A-Za-z]:[\\/]|\w+://)")
#: The root folder of a Google Drive below its mount point (older runtimes: "My Drive").
_DRIVE_ROOTS = frozenset({"MyDrive", "My Drive"})


@dataclass(frozen=True)
class Location:
    """Where a written path lands in the repository.

    ``folder`` is the repository-relative folder ("" for the top) or None when the source does
    not tell it; ``tail`` is the known rest of the path below it (a file name, maybe with a
    subfolder; "" when nothing of the path is known). ``literal`` is False when a part of the
    tail is a stand-in for a value the source does not tell (``model_0.pt`` for an f-string).
    """

    folder: str | None
    tail: str
    literal: bool = True


class PathValues:
    """Evaluates path expressions of one program, with its string constants and CLI defaults."""

    def __init__(
        self, program: Program, cli_defaults: dict[str, str], configs: ConfigValues | None = None
    ) -> None:
        self.program = program
        self.cli_defaults = cli_defaults
        self.configs: ConfigValues = configs or {}
        self.assigned: dict[str, list[ast.expr]] = {}
        self.memo: dict[int, list[str]] = {}
        #: Values set on attribute paths (``C.system.work_dir = "./out"``), by the path.
        self.attributes: dict[tuple[str, ...], list[ast.expr]] = {}
        #: Reads of an attribute inside the value it is set to (``args.save`` in ``args.save =
        #: "search-{}".format(args.save)``): those still see the value from before.
        self.self_reads: set[int] = set()
        self.reaching: dict[int, ast.expr] | None = None
        for unit in program.units:
            for node in unit.of_type(ast.Assign):
                target = node.targets[0]
                if len(node.targets) != 1:
                    continue
                if isinstance(target, ast.Name):
                    self.assigned.setdefault(target.id, []).append(node.value)
                elif isinstance(target, ast.Attribute) and (path := _attribute_path(target)):
                    self.attributes.setdefault(path, []).append(node.value)
                    self.self_reads.update(
                        id(read)
                        for read in ast.walk(node.value)
                        if isinstance(read, ast.Attribute) and _attribute_path(read) == path
                    )
        for name, names in _loop_names(program, self.assigned).items():
            self.assigned.setdefault(name, []).extend(names)

    def _reaching(self) -> dict[int, ast.expr]:
        """Reads of names assigned more than once -> the assignment each must hold (built once,
        and only where a name has several values to tell apart)."""
        if self.reaching is None:
            several = {name for name, values in self.assigned.items() if len(values) > 1}
            self.reaching = {}
            for unit in self.program.units:
                if unit.tree is not None:
                    self.reaching.update(reaching_values(unit.tree, several))
        return self.reaching

    def values(self, node: ast.expr | None, depth: int = 0) -> list[str]:
        """The strings ``node`` may evaluate to, unknown parts marked; [UNKNOWN] when unknown."""
        if node is None or depth > _MAX_DEPTH:
            return [UNKNOWN]
        # Each node once: names bound to names (a = b; b = a) neither loop nor multiply work.
        known = self.memo.get(id(node))
        if known is None:
            self.memo[id(node)] = [UNKNOWN]  # while in progress, a cycle reads as unknown
            found = self._values(node, depth + 1)
            known = self.memo[id(node)] = list(dict.fromkeys(found))[:4] or [UNKNOWN]
        return known

    def _values(self, node: ast.expr, depth: int) -> list[str]:
        if isinstance(node, ast.Constant):
            return [node.value] if isinstance(node.value, str) else [UNKNOWN]
        if isinstance(node, ast.JoinedStr):
            return self._pieces(node, depth)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            template = constant_of(node.left)  # "model_%d.pt" % epoch
            return [_PERCENT_FIELD.sub(UNKNOWN, template)] if isinstance(template, str) else []
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Div)):
            glue = "/" if isinstance(node.op, ast.Div) else ""
            # a + "/" + name + ".pth" is one level, its pieces side by side: read nested, a
            # long chain spent the depth on its own shape and lost its first pieces.
            first, *rest = _chain(node, type(node.op))
            found = self.values(first, depth)[:4]
            for piece in rest:
                right = [_inside(value) for value in self.values(piece, depth)]
                found = list(dict.fromkeys(f"{a}{glue}{b}" for a in found[:2] for b in right[:2]))
            return found
        if (
            isinstance(node, (ast.Name, ast.Attribute))
            and self.program.resolve(node) in _SEPARATORS
        ):
            return ["/"]
        if isinstance(node, ast.Name):
            if node.id == "__file__":
                return [f"{HERE}/{UNKNOWN}"]
            bound = self.assigned.get(node.id, [])
            reaching = self._reaching().get(id(node)) if len(bound) > 1 else None
            if reaching is not None:  # the one assignment that ran last before this read
                bound = [reaching]
            return [value for expr in bound[:3] for value in self.values(expr, depth)]
        if isinstance(node, ast.Attribute):
            return self._attribute(node, depth)
        if isinstance(node, ast.Subscript):
            return list(self._configured(node)) or [UNKNOWN]
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        return [UNKNOWN]

    def _configured(self, node: ast.expr) -> tuple[str, ...]:
        """What the committed configs give the key path ``node`` reads (``cfg.LOGGING.dir``,
        ``config["output"]["dir"]``); () when none holds it."""
        return config_value(key_path(node), self.configs) if self.configs else ()

    def _pieces(self, node: ast.JoinedStr, depth: int) -> list[str]:
        """The f-string's values (at most four), a folder named after a run left unknown: in
        ``f"runs/{name}"`` or ``f"weights/{name}/best.pt"`` the name is the run's (the next
        run has another), so what is known is the folder above it, whatever ``name`` holds
        now. A field that may hold several values (a loop's file names) gives each."""
        texts = [""]
        for index, part in enumerate(node.values):
            after = node.values[index + 1] if index + 1 < len(node.values) else None
            ends_segment = after is None or str(constant_of(after, "")).startswith("/")
            if isinstance(part, ast.FormattedValue):
                options = self.values(part.value, depth)[:4]
                if index:
                    options = [_inside(option) for option in options]
                if ends_segment and _under_a_named_folder(texts[0]):
                    options = [UNKNOWN if "." not in option else option for option in options]
            else:
                options = [str(constant_of(part, UNKNOWN))]
            texts = list(dict.fromkeys(t + o for t in texts for o in options))[:4]
        return texts

    def _attribute(self, node: ast.Attribute, depth: int) -> list[str]:
        if node.attr == "parent":  # Path(__file__).parent
            return [_dirname(value) for value in self.values(node.value, depth)]
        if node.attr in self.cli_defaults and _holds_options(node.value):
            path = _attribute_path(node)
            if path in self.attributes and id(node) not in self.self_reads:
                # Set again after parsing (args.save = "search-{}".format(args.save)): the
                # default is not what reads see, and which value one sees is not told.
                return [UNKNOWN]
            return [self.cli_defaults[node.attr]]  # args.save_dir: its --save_dir default
        configured = self._configured(node)
        if configured:
            return list(configured)
        return self._set_once(node, depth)

    def _set_once(self, node: ast.Attribute, depth: int) -> list[str]:
        """The value the module sets the attribute path to, where it sets it once: a config
        built in one function (``C.system.work_dir = "./out/adder"``) and read where the run
        saves (``config.system.work_dir``). A nested path is the config's whatever its name;
        one attribute is matched on the same object's name only (``self.out_dir``), as
        ``args.out_dir`` and ``self.out_dir`` are different values. Set twice, which of the
        two a read sees is not told: unknown."""
        path = _attribute_path(node)
        bound = self.attributes.get(path, []) if path else []
        if len(bound) != 1:
            return [UNKNOWN]
        return self.values(bound[0], depth)

    def _call(self, node: ast.Call, depth: int) -> list[str]:
        name = self.program.resolve(node.func) or ""
        method = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        if name in _JOINS or method == "joinpath":
            parts = [*([owner] if owner is not None and method == "joinpath" else []), *node.args]
            return [_join(self.values(part, depth)[0] for part in parts)]
        if name in _DIRNAMES or method in ("resolve", "absolute"):
            inner = node.args[0] if node.args else owner
            values = self.values(inner, depth)
            return [_dirname(v) for v in values] if name == "os.path.dirname" else values
        if name in _PATHS and node.args:
            return self.values(node.args[0], depth)
        if method == "format" and isinstance(owner, ast.Constant) and isinstance(owner.value, str):
            return [_formatted(owner.value, node)]  # "model_{}.pt".format(epoch)
        if method == "get" and owner is not None and node.args:
            return self._got(owner, node, depth)
        return [UNKNOWN]

    def _got(self, owner: ast.expr, node: ast.Call, depth: int) -> list[str]:
        """``config["output"].get("results_dir", "./results")``: what the committed configs
        give the key, else the default the code names; unknown without either."""
        key = constant_of(node.args[0])
        if not isinstance(key, str):
            return [UNKNOWN]
        chain = key_path(owner)
        configured = config_value((*chain, key), self.configs) if chain and self.configs else ()
        default = node.args[1] if len(node.args) > 1 else keyword(node, "default")
        fallback = self.values(default, depth) if default is not None else []
        return [*configured, *fallback] or [UNKNOWN]


def _loop_names(program: Program, assigned: dict[str, list[ast.expr]]) -> dict[str, list[ast.expr]]:
    """Loop variables that run over names the source spells out -> those names.

    ``for fname in FILES`` with ``FILES = {"train.h5": ..., "val.h5": ...}`` (or its
    ``.keys()``, or ``.items()`` unpacked), a list or tuple of strings, or a list built empty and
    only appended such a loop's variable (``needed.append(fname)``, then ``for fname in
    needed``): the file a body writes is one of those names. A variable some other loop, or a
    parameter, also binds is left out: there it holds what the source does not tell."""
    loops: list[tuple[str, ast.expr]] = []
    bound_otherwise: set[str] = set()
    for unit in program.units:
        every: list[ast.For | ast.AsyncFor] = [*unit.of_type(ast.For)]
        every += unit.of_type(ast.AsyncFor)
        for loop in every:
            target = loop.target
            if isinstance(target, ast.Tuple) and target.elts and _is_items(loop.iter):
                target = target.elts[0]
            if isinstance(target, ast.Name):
                loops.append((target.id, loop.iter))
            else:
                bound_otherwise.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    if not loops:
        return {}
    found: dict[str, list[ast.expr]] = {}
    built: dict[str, str] = {}  # loop variable -> the list built empty it runs over
    for name, iterable in loops:
        collection = _literal_collection(assigned, iterable)
        if collection is not None:
            found.setdefault(name, []).extend(collection)
        elif isinstance(iterable, ast.Name) and _bound_once(assigned, iterable) == []:
            built[name] = iterable.id
        else:
            bound_otherwise.add(name)
    for name, items in _appended(program, set(built.values())).items():
        names = _spelled_out(items, found)
        for variable, built_list in built.items():
            if built_list == name and names:
                found.setdefault(variable, []).extend(names)
    bound_otherwise.update(variable for variable in built if variable not in found)
    if found:
        for unit in program.units:
            bound_otherwise.update(arg.arg for arg in unit.of_type(ast.arg))
    return {name: names for name, names in found.items() if name not in bound_otherwise}


def _spelled_out(items: list[ast.expr], loops: dict[str, list[ast.expr]]) -> list[ast.expr]:
    """The names a list holds when each item appended is a string or a loop variable over
    spelled-out names; [] when one of them is anything else."""
    names: list[ast.expr] = []
    for item in items:
        if _is_text(item):
            names.append(item)
        elif isinstance(item, ast.Name) and item.id in loops:
            names.extend(loops[item.id])
        else:
            return []
    return names


def _appended(program: Program, lists: set[str]) -> dict[str, list[ast.expr]]:
    """What ``name.append(...)`` adds to each of ``lists``."""
    appended: dict[str, list[ast.expr]] = {}
    if not lists:
        return appended
    for unit in program.units:
        for call in unit.of_type(ast.Call):
            func = call.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "append"
                and isinstance(func.value, ast.Name)
                and func.value.id in lists
                and len(call.args) == 1
            ):
                appended.setdefault(func.value.id, []).append(call.args[0])
    return appended


def _is_items(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "items"


def _is_text(node: object) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _bound_once(assigned: dict[str, list[ast.expr]], node: ast.expr) -> object:
    """What a name is assigned where it is assigned once ([] for an empty list literal);
    None otherwise. Any other expression is itself."""
    if not isinstance(node, ast.Name):
        return node
    values = assigned.get(node.id, [])
    if len(values) != 1:
        return None
    value = values[0]
    return [] if isinstance(value, ast.List) and not value.elts else value


def _literal_collection(
    assigned: dict[str, list[ast.expr]], iterable: ast.expr
) -> list[ast.expr] | None:
    """The strings a loop runs over, where the source spells every one out; else None."""
    if isinstance(iterable, ast.Call) and isinstance(iterable.func, ast.Attribute):
        if iterable.func.attr not in ("keys", "items") or iterable.args:
            return None
        if not isinstance(_bound_once(assigned, iterable.func.value), ast.Dict):
            return None
        iterable = iterable.func.value
    value = _bound_once(assigned, iterable)
    items: list[ast.expr | None]
    if isinstance(value, ast.Dict):
        items = list(value.keys)
    elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
        items = list(value.elts)
    else:
        return None
    if not items or not all(_is_text(item) for item in items):
        return None
    return [item for item in items if item is not None]


def _formatted(template: str, call: ast.Call) -> str:
    """``template.format(...)`` with the fields given as text filled in (``'{}_{}.tar'.format(
    i, 'checkpoint')`` -> ``<unknown>_checkpoint.tar``), every other field unknown."""
    if any(isinstance(arg, ast.Starred) for arg in call.args):
        return _FORMAT_FIELD.sub(UNKNOWN, template)  # positions unknown
    counter = iter(range(len(call.args)))

    def field(match: re.Match[str]) -> str:
        inside = match.group()[1:-1]
        name = inside.split(":", 1)[0].split("!", 1)[0]
        value: ast.expr | None = None
        if not name:
            index = next(counter, None)
            value = call.args[index] if index is not None else None
        if ":" in inside or "!" in inside or "." in name or "[" in name:
            return UNKNOWN  # a format spec, a conversion or an item: not read
        if name.isdigit():
            value = call.args[int(name)] if int(name) < len(call.args) else None
        elif name:
            value = keyword(call, name)
        text = value.value if isinstance(value, ast.Constant) else None
        return text if isinstance(text, str) else UNKNOWN

    return _FORMAT_FIELD.sub(field, template)


def _attribute_path(node: ast.Attribute) -> tuple[str, ...] | None:
    """``config.system.work_dir`` -> ("*", "system", "work_dir"), whatever the object's name;
    ``self.out_dir`` -> ("self", "out_dir"): for one attribute, the object's name counts."""
    attributes: list[str] = []
    inner: ast.expr = node
    while isinstance(inner, ast.Attribute):
        attributes.append(inner.attr)
        inner = inner.value
    if not isinstance(inner, ast.Name):
        return None
    attributes.reverse()
    return ("*" if len(attributes) > 1 else inner.id, *attributes)


def _under_a_named_folder(prefix: str) -> bool:
    """``runs/``: a path so far that ends a folder the source names in full."""
    folder = prefix.rstrip("/").rsplit("/", 1)[-1]
    return prefix.endswith("/") and folder not in ("", ".", "..") and UNKNOWN not in folder


def _inside(value: str) -> str:
    """A value spliced in after another piece of a path (``f"best_{view}.h5"``, ``out +
    name``, ``join(out, name)``) with its mark of a folder dropped: a name a notebook passes
    is read from the notebook's folder only where it starts the path, and after a piece it is
    a part of the name or a folder below that piece."""
    return value[len(HERE) :].lstrip("/") if value.startswith(HERE) else value


def _join(pieces: Iterable[str]) -> str:
    joined = ""
    for piece in pieces:
        piece = _inside(piece) if joined else piece
        joined = piece if _ABSOLUTE.match(piece) or not joined else f"{joined}/{piece}"
    return joined


def _chain(node: ast.BinOp, op: type[ast.operator]) -> list[ast.expr]:
    """The operands of ``a + b + c`` (parsed ``(a + b) + c``) in order, for one operator."""
    pieces: list[ast.expr] = []
    current: ast.expr = node
    while isinstance(current, ast.BinOp) and isinstance(current.op, op):
        pieces.append(current.right)
        current = current.left
    pieces.append(current)
    return pieces[::-1]


def _holds_options(node: ast.expr) -> bool:
    """``args`` in ``args.save_dir``, or an object's attribute that keeps the parsed options
    (``self.hparams`` in ``self.hparams.model_path``, a model given the namespace)."""
    return isinstance(node, ast.Name) or (
        isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    )


def _dirname(value: str) -> str:
    return value.rsplit("/", 1)[0] if "/" in value else UNKNOWN


def is_absolute(value: str) -> bool:
    """Whether a path value names a place regardless of the working folder (``/data``,
    ``~/runs``, ``C:\\out``, ``s3://bucket``)."""
    return _ABSOLUTE.match(value.replace("\\", "/")) is not None


def locate(value: str, code_folder: str, *, from_code_folder: bool) -> Location | None:
    """Where ``value`` lands, relative paths read from the top of the repository (or from the
    code's own folder, as a notebook's are). None when it lands outside the repository."""
    value = value.replace("\\", "/")
    if value.startswith(HERE):
        value, base = value[len(HERE) :].lstrip("/"), code_folder
    else:
        base = code_folder if from_code_folder else ""
    if _ABSOLUTE.match(value):
        return None
    parts = [part for part in value.split("/") if part not in ("", ".")]
    if len(parts) > 1 and parts[1] in _DRIVE_ROOTS:
        # drive.mount('/content/gdrive') in Colab, whose working folder is /content: the
        # relative 'gdrive/MyDrive/runs' is the mounted Drive, not a folder of the repository.
        return None
    # A part that starts unknown may hold any number of folders (out_dir + "last.pt"), except
    # a file name after an explicit "/" (f"{out}/{date}_model.sav"): that is a name's prefix.
    unknown_at = [
        i
        for i, part in enumerate(parts)
        if part.startswith(UNKNOWN) and (i < len(parts) - 1 or i == 0 or not part.strip(UNKNOWN))
    ]
    if unknown_at and unknown_at[0] > 0 and not any(UNKNOWN in p for p in parts[: unknown_at[0]]):
        # runs/{name}/...: whatever folders the run names, they are below runs/.
        first = unknown_at[0]
        folder = posixpath.normpath(posixpath.join(base, *parts[:first]))
        if folder == ".." or folder.startswith("../"):
            return None
        return Location(folder, "/".join(parts[first:]).replace(UNKNOWN, "0"), False)
    if unknown_at:
        at = unknown_at[-1]
        tail = "/".join([parts[at].lstrip(UNKNOWN), *parts[at + 1 :]]).strip("/")
        return Location(None, tail.replace(UNKNOWN, "0"), UNKNOWN not in tail)
    joined = posixpath.normpath(posixpath.join(base, *parts)) if parts else base or "."
    if joined == ".." or joined.startswith("../"):
        return None
    folder, _, name = joined.rpartition("/")
    # A folder named in part at run time (f"out/hor{h}/model.bin") is every folder so named.
    return Location(folder.replace(UNKNOWN, "*"), name.replace(UNKNOWN, "0"), UNKNOWN not in name)


class ProjectPaths:
    """Path values across the project: each program's, and a parameter's read at the call
    sites of its function (a path passed to ``save_checkpoint(state, path)``)."""

    def __init__(
        self, every: list[Program], defaults: CliDefaults, configs: ConfigValues | None = None
    ) -> None:
        self.defaults = defaults
        self.configs = configs
        self.own: set[str] = set()
        #: The project's own modules: a name resolved into one is the project's, not a library's.
        self.modules = frozenset(program.module for program in every)
        self.calls: dict[str, list[tuple[Program, ast.Call]]] = {}
        self._values: dict[str, PathValues] = {}
        #: Notebooks in a subfolder that run from the repository's top (they clone it and
        #: change into the clone): the relative paths they pass are read from the top.
        self.run_from_top: frozenset[str] = frozenset()
        for program in every:
            for unit in program.units:
                self.own.update(node.name for node in unit.of_type(ast.FunctionDef))
                self.own.update(node.name for node in unit.of_type(ast.AsyncFunctionDef))
                for call in unit.of_type(ast.Call):
                    callee = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                    if isinstance(callee, str):
                        self.calls.setdefault(callee, []).append((program, call))

    def values_of(self, program: Program) -> PathValues:
        """The path values of one program (built once)."""
        if program.path not in self._values:
            defaults = self.defaults.of(program)
            self._values[program.path] = PathValues(program, defaults, self.configs)
        return self._values[program.path]

    def values_at(
        self, program: Program, unit: SourceUnit, call: ast.Call, path: ast.expr | None
    ) -> list[str]:
        """What ``path`` may be; a parameter of the enclosing function is read at its callers."""
        parameter = _parameter_of(unit, call, path)
        if parameter is not None:
            function, index = parameter
            found = []
            for caller, site in self.calls.get(function, [])[:4]:
                value = argument(site, index, getattr(path, "id", ""))
                if value is not None:
                    values = self.values_of(caller).values(value)
                    found += [self._rebased(v, caller.path, program.path) for v in values]
            if found:
                return found[:4]
        values = self.values_of(program).values(path)
        if any(UNKNOWN in value for value in values):
            return self._built_from_parameters(program, unit, call, path) or values
        return values

    def _rebased(self, value: str, caller: str, callee: str) -> str:
        """``_rebased`` from where ``caller`` runs: the top for a notebook that enters its
        own clone."""
        return _rebased(value, caller, callee, from_top=caller in self.run_from_top)

    def _built_from_parameters(
        self, program: Program, unit: SourceUnit, call: ast.Call, path: ast.expr | None
    ) -> list[str]:
        """What ``path`` is at each caller when the function around ``call`` builds it from
        its parameters (``Path(target_dir) / model_name``): each parameter takes the value
        its caller passes; [] when no caller tells any of them."""
        function = _function_around(unit, call)
        if function is None or path is None:
            return []
        names = [arg.arg for arg in [*function.args.posonlyargs, *function.args.args]]
        skip = 1 if names and names[0] in ("self", "cls") else 0
        base = self.values_of(program)
        sites = [
            (caller, site)
            for caller, site in self.calls.get(function.name, [])
            if _calls_into(caller, site, program, function.name)
        ]
        found: list[str] = []
        for caller, site in sites[:4]:
            bound: dict[str, list[str]] = {}
            for index, name in enumerate(names[skip:]):
                value = argument(site, index, name)
                if value is not None:
                    values = self.values_of(caller).values(value)
                    bound[name] = [self._rebased(v, caller.path, program.path) for v in values]
            if bound:
                found += _AtCaller(base, bound).values(path)
        return list(dict.fromkeys(found))[:4]


def _calls_into(caller: Program, site: ast.Call, program: Program, function: str) -> bool:
    """True when ``site`` calls ``function`` of ``program`` itself: by its bare name inside
    its own module, or by the name an import of that module gives it (another module's
    function of the same name, the caller's own among them, or a method, is not it)."""
    resolved = caller.resolve(site.func)
    if resolved is None:  # a bare name bound nowhere else: the module's own, if it is here
        return caller.path == program.path and isinstance(site.func, ast.Name)
    if resolved == f"{program.module}.{function}":
        return True
    if resolved == f"{caller.module}.{function}":
        # The caller's own function of that name (a notebook committed twice, in two folders,
        # each copy defining and calling its own train_model): not another module's.
        return False
    return resolved.split(".")[-2:] == [program.module.split(".")[-1], function]


def _rebased(value: str, caller: str, callee: str, from_top: bool = False) -> str:
    """A caller's ``os.path.dirname(__file__)`` is the caller's folder, read from the callee's.
    So is a relative path a notebook passes: a notebook runs in its own folder, so its
    ``'../saved_models/knn.pt'`` is one folder above the notebook, wherever the method that
    saves it lives."""
    relative = value and not value.startswith((HERE, UNKNOWN)) and not _ABSOLUTE.match(value)
    if caller.endswith(".ipynb") and relative:
        value = f"{HERE}/{value}"
    if not value.startswith(HERE):
        return value
    there = "." if from_top else posixpath.dirname(caller) or "."
    up = posixpath.relpath(there, posixpath.dirname(callee) or ".")
    return value if up == "." else f"{HERE}/{up}{value[len(HERE) :]}"


class _AtCaller(PathValues):
    """A program's path values with some names bound to what one caller passes for them."""

    def __init__(self, base: PathValues, bound: dict[str, list[str]]) -> None:
        self.program = base.program
        self.cli_defaults = base.cli_defaults
        self.configs = base.configs
        self.assigned = base.assigned
        self.attributes = base.attributes
        self.memo = {}
        self.reaching = base._reaching()
        self.bound = bound

    def _values(self, node: ast.expr, depth: int) -> list[str]:
        if isinstance(node, ast.Name) and node.id in self.bound:
            return self.bound[node.id]
        return super()._values(node, depth)


def _function_around(unit: SourceUnit, call: ast.Call) -> ast.FunctionDef | None:
    """The innermost function whose body holds ``call``."""
    around = [
        node
        for node in unit.of_type(ast.FunctionDef)
        if node.lineno <= call.lineno <= (node.end_lineno or node.lineno)
    ]
    return max(around, key=lambda node: node.lineno) if around else None


def _parameter_of(
    unit: SourceUnit, call: ast.Call, path: ast.expr | None
) -> tuple[str, int] | None:
    """(function, position among the arguments a caller passes) when ``path`` is a parameter
    of the innermost function around ``call``."""
    if not isinstance(path, ast.Name):
        return None
    function = _function_around(unit, call)
    if function is None:
        return None
    names = [arg.arg for arg in [*function.args.posonlyargs, *function.args.args]]
    if path.id not in names:
        return None
    skip = 1 if names[0] in ("self", "cls") else 0
    index = names.index(path.id) - skip
    return (function.name, index) if index >= 0 else None  # self itself is no path


def argument(call: ast.Call, index: int, word: str) -> ast.expr | None:
    """The argument passed as keyword ``word``, else at position ``index``, else None."""
    value = keyword(call, word)
    if value is not None:
        return value
    positional = [arg for arg in call.args if not isinstance(arg, ast.Starred)]
    return positional[index] if 0 <= index < len(positional) else None
