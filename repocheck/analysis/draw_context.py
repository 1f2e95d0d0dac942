"""What a statement's surroundings say about the random draws in it (REPRO001).

A draw only matters when it can change a result. Some cannot: one that picks the seed the run
then uses (``opt.seed = random.randint(1, 10000)``), the initial weights of a model whose
weights the next statements load from a checkpoint, a random generator nothing ever uses, and
an example input only ever traced or exported. Each is read from the statement and its block,
or once per program, so reading stays linear.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Container, Sequence
from dataclasses import dataclass

from repocheck.analysis.cache import per_object, walk_branches
from repocheck.analysis.callgraph import is_self_attribute
from repocheck.analysis.draws import GENERATOR_CONSTRUCTORS
from repocheck.analysis.fixed_flags import without_negations
from repocheck.analysis.generator_fallbacks import never_built
from repocheck.analysis.implicit_draws import TORCH_IN_PLACE_DRAWS
from repocheck.analysis.imports import Program
from repocheck.analysis.ml_names import method, terminal, tokens
from repocheck.analysis.scripts import training_call
from repocheck.analysis.seeding import NamesRead
from repocheck.analysis.shape_probes import shape_probe_draws
from repocheck.facts.snapshot import SourceUnit, breadth_first

#: Words in a method or function name that load saved weights into a model.
_LOADING_WORDS = ("load", "restore")
#: Words in the name of a function that trains the model it is given.
_TRAINING_WORDS = frozenset({"train", "fit", "finetune"})
#: Calls that use an input only for its shape: tracing, exporting, summarising a model,
#: counting its operations (FLOPs) layer by layer; scripting reads the model's code and uses
#: what it is given beside it (``example_inputs=``) only for the types.
_SHAPE_ONLY = frozenset(
    {"torch.jit.trace", "torch.jit.trace_module", "torch.onnx.export", "torch.export.export"}
    | {"torch.jit.script"}
    | {"torchinfo.summary", "torchsummary.summary", "thop.profile", "torch.fx.symbolic_trace"}
    | {"pytorch_model_summary.summary", "torchsummaryX.summary", "fvcore.nn.flop_count"}
    | {"fvcore.nn.FlopCountAnalysis", "fvcore.nn.ActivationCountAnalysis"}
)


@dataclass(frozen=True)
class DrawContext:
    """How to count the draws of one statement.

    ``picks_seed``: its draws choose the seed; ``restored``: the model it builds (or sets a
    part of: ``model.fc = nn.Linear(...)``) gets its weights loaded next, so initialisation
    draws do not count; ``idle_generator``: it builds a
    generator whose name nothing reads; ``example_input``: what it draws is only ever traced or
    exported (``x = torch.rand(1, 3, 224, 224)``, then ``torch.jit.trace(model, x)``).
    A generator built only for callers that pass none, where every caller passes one, is
    idle too: it is never built. ``discarded``: it assigns only names whose values the
    caller throws away (``analysis.discarded_results``), so what it builds is never used.
    ``unread_call``: the id of the statement's value when it is a call assigned only to
    names nothing reads, or reads only for the dataset it was given (``loader.dataset``): a
    loader built there (``loader = DataLoader(ds, shuffle=True)``) is never iterated, so it
    draws nothing.
    """

    picks_seed: bool = False
    restored: bool = False
    idle_generator: bool = False
    example_input: bool = False
    discarded: bool = False
    unread_call: int = 0


PLAIN = DrawContext()


def _targets(statement: ast.stmt) -> list[ast.expr]:
    if isinstance(statement, ast.Assign):
        return list(statement.targets)
    if isinstance(statement, ast.AnnAssign):
        return [statement.target]
    return []


def _owners(target: ast.expr) -> list[str]:
    """The names a part is set on: ``test_model`` of ``test_model.fc = nn.Linear(...)``,
    ``model`` and ``classifier`` of ``model.classifier[6] = ...``. Loading saved weights into
    the model overwrites the part's drawn weights as it would the whole model's."""
    found = []
    while isinstance(target, (ast.Attribute, ast.Subscript)):
        target = target.value
        if name := terminal(target):
            found.append(name)
    return found


def _picks_a_seed(statement: ast.stmt) -> bool:
    """``opt.manualSeed = random.randint(1, 10000)``: a draw that picks the seed the run then
    uses and prints is how a run is made reproducible, not a draw that needs seeding."""
    names = [terminal(target) or "" for target in _targets(statement)]
    return any("seed" in name.lower() for name in names)


def imported_names(program: Program) -> frozenset[str]:
    """The names ``program`` binds by an import (``import utils.utils as utils``, ``from
    src import helpers``), not by its own definitions: read once per program."""
    found = program.derived.get("imported_names")
    if found is None:
        own = f"{program.module}."
        found = program.derived["imported_names"] = frozenset(
            name for name, bound in program.names.items() if not bound.startswith(own)
        )
    return found  # type: ignore[return-value]


def guarded_loaders(program: Program) -> frozenset[str]:
    """The program's own functions named for loading whose body loads saved weights only
    under an ``if`` (``if os.path.exists(path): model.load_weights(path)``) and never stops
    the run otherwise: a call to one leaves the drawn weights in use on a first run. Read
    once per program, and only the few top-level functions named for loading."""
    found = program.derived.get("guarded_loaders")
    if found is None:
        names = set()
        modules = imported_names(program)
        for unit in program.units:
            for node in unit.tree.body if unit.tree is not None else ():
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                if not any(word in node.name.lower() for word in _LOADING_WORDS):
                    continue
                if _guarded_only(node.body, modules):
                    names.add(node.name)
        found = program.derived["guarded_loaders"] = frozenset(names)
    return found  # type: ignore[return-value]


def _guarded_only(body: Sequence[ast.stmt], modules: Container[str]) -> bool:
    """Whether ``body`` loads weights under an ``if`` and nowhere else, and never raises or
    exits (a loader that loads or stops leaves no drawn weights in use)."""
    if any(_loads_in(statement, modules) for statement in body):
        return False
    guarded = False
    for statement in body:
        if not isinstance(statement, ast.If):
            continue
        for node in ast.walk(statement):
            if type(node) is ast.Raise:
                return False
            if type(node) is ast.Call and (terminal(node.func) or "") in _STOPPING_CALLS:
                return False
            if isinstance(node, ast.stmt) and _loads_in(node, modules):
                guarded = True
    return guarded


#: Calls that stop the run.
_STOPPING_CALLS = frozenset({"exit", "_exit", "quit", "abort"})


def _loaded_name(
    call: ast.Call, modules: Container[str] = (), guarded: Container[str] = ()
) -> list[str]:
    """Names ``call`` loads saved weights into: ``model.load_state_dict(...)``,
    ``net.load_weights(path)``, ``load_checkpoint(model, path)``, and a helper called
    through the module that holds it, ``utils.load_ckpt(model, ckpt)`` (``modules``: the
    names the program imports), which loads into what it is given, not into the module.
    A call to one of the program's own ``guarded`` loaders (:func:`guarded_loaders`) loads
    nothing for certain."""
    own = method(call)
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    through_module = isinstance(owner, ast.Name) and owner.id in modules
    loading = bool(own) and any(word in (own or "").lower() for word in _LOADING_WORDS)
    if loading and owner is not None and not through_module:
        name = None if isinstance(owner, ast.Call) else terminal(owner)
        return [name] if name else []
    if isinstance(call.func, ast.Name) and call.func.id in guarded:
        return []
    called = (terminal(call.func) or "").lower()
    if not any(word in called for word in _LOADING_WORDS):
        return []
    return [name for argument in call.args if (name := terminal(argument))]


class Restorations(dict[str, int]):
    """Name -> the last position in a block of a statement loading saved weights into it.

    ``trained`` holds, per name, the last position at or before that load where the block
    trains before loading: a model built before it was trained from its drawn weights and
    then reloaded (the best checkpoint of that very run), so its draws did change a result.
    """

    def __init__(self) -> None:
        super().__init__()
        self.trained: dict[str, int] = {}


def restorations(
    block: Sequence[ast.stmt], modules: Container[str] = (), guarded: Container[str] = ()
) -> Restorations:
    """Where ``block`` loads saved weights into a name (see :class:`Restorations`);
    ``modules``: the names its program imports (:func:`imported_names`); ``guarded``: its
    own loaders that load only under an ``if`` (:func:`guarded_loaders`).

    Statements of the block count, and those in the body of a ``try:`` or ``with`` there
    (loading is what runs; a failure stops or is reported), but not one under an ``if``
    (``if args.resume:``), which leaves the drawn weights in use otherwise.
    """
    found = Restorations()
    loads = [
        (index, _loads_in(statement, modules, guarded)) for index, statement in enumerate(block)
    ]
    if not any(names for _, names in loads):
        return found  # the common block: nothing loaded, nothing more to read
    # Where the block last trains any model, and where it last trains each name.
    any_trained, trained = -1, dict[str, int]()
    written: set[str] = set()  # files the block saved to before: loading one reloads its own
    views: dict[str, str] = {}  # ``state = model.state_dict()``: state -> model
    for (index, names), statement in zip(loads, block, strict=True):
        # Each statement's calls found once, for the three questions below.
        calls = [node for node in walk_branches((statement,)) if type(node) is ast.Call]
        first_load = min((line for _, line in names), default=None)
        steps, given = _training_before(calls, first_load)
        any_trained = index if steps else any_trained
        trained.update(dict.fromkeys(given, index))
        own = bool(names) and not written.isdisjoint(_strings(calls))
        if owner := _state_dict_owner(statement):
            views[owner[0]] = owner[1]
        names = [*names, *((views[name], line) for name, line in names if name in views)]
        for name, _ in names:
            found[name] = index
            found.trained[name] = index if own else max(any_trained, trained.get(name, -1))
        written.update(_saved_to(calls))
    _add_parts(block, found)
    return found


def _add_parts(block: Sequence[ast.stmt], found: Restorations) -> None:
    """Add the names a restored model is built from to ``found``, restored with it: Keras'
    functional API (``x = Dense(512)(x)``, ``embedding = BatchNormalization()(x)``, then
    ``model = Model(inputs, embedding)`` and ``model.load_weights(path)``) and a base model
    built by a helper (``base = ResNet34()``, read for ``base.inputs``) give the loaded model
    its layers, so their drawn weights are overwritten too. A name counts only when every
    statement of the block that reads it builds a part (a tensor of inputs also read by
    ``model.fit(x)`` is data, not a part)."""
    assigned: list[frozenset[str]] = []
    reads: list[frozenset[str]] = []
    readers: dict[str, list[int]] = {}
    for index, statement in enumerate(block):
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        assigned.append(frozenset(t.id for t in targets if isinstance(t, ast.Name)))
        read = frozenset(
            node.id
            for node in ast.walk(statement)
            if type(node) is ast.Name and type(node.ctx) is ast.Load
        )
        reads.append(read)
        for name in read:
            readers.setdefault(name, []).append(index)
    pending = list(found.items())
    while pending:
        name, load = pending.pop()
        for index in range(load - 1, -1, -1):
            if name not in assigned[index]:
                continue
            for candidate in reads[index] - found.keys():
                built_before = any(candidate in assigned[i] for i in range(index))
                if built_before and all(
                    i == load or candidate in assigned[i] or not assigned[i].isdisjoint(found)
                    for i in readers[candidate]
                ):
                    found[candidate] = load
                    found.trained[candidate] = found.trained.get(name, -1)
                    pending.append((candidate, load))


def loaded_after(loads: Restorations, index: int, statement: ast.stmt) -> frozenset[str]:
    """The names the block loads saved weights into after ``statement``, an ``if`` (or a
    ``match``) at ``index`` that trains nothing on the way: a model built in its branches
    (``if kind == "conv": model = ConvVAE(...)``) gets the weights loaded after it."""
    if not loads or not isinstance(statement, (ast.If, ast.Match)):
        return frozenset()
    return frozenset(
        name
        for name, position in loads.items()
        if position > index and loads.trained.get(name, -1) < index
    )


def restorations_within(
    block: Sequence[ast.stmt],
    later: Collection[str],
    modules: Container[str] = (),
    guarded: Container[str] = (),
) -> Restorations:
    """:func:`restorations` of a branch ``block`` whose enclosing block loads weights into
    the names ``later`` (:func:`loaded_after`) once the branch is done: after every one of
    its statements."""
    found = restorations(block, modules, guarded)
    for name in later:
        found[name] = len(block)
        found.trained.setdefault(name, -1)
    return found


def _strings(calls: list[ast.Call], *, saving: bool = False) -> set[str]:
    """Literal strings passed straight to one of ``calls`` (``torch.load('w.pt')``; not a
    key such as ``ckpt['state_dict']``); with ``saving``, only to calls named for saving."""
    found: set[str] = set()
    for call in calls:
        if saving and "save" not in (terminal(call.func) or "").lower():
            continue
        arguments = [*call.args, *(given.value for given in call.keywords)]
        found.update(
            argument.value
            for argument in arguments
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str)
        )
    return found


def _saved_to(calls: list[ast.Call]) -> set[str]:
    """The literal paths a statement's ``calls`` save to: ``torch.save(model.state_dict(),
    'w.pt')``, ``model.save_weights('w.h5')``. Loading one back gives the weights the block
    drew."""
    return _strings(calls, saving=True)


def _state_dict_owner(statement: ast.stmt) -> tuple[str, str] | None:
    """(``state``, ``model``) of ``state = model.state_dict()``: the tensors of that dict are
    the model's own, so copying a checkpoint into them loads it into the model."""
    if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
        return None
    target, value = statement.targets[0], statement.value
    if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
        return None
    if method(value) != "state_dict" or not isinstance(value.func, ast.Attribute):
        return None
    owner = terminal(value.func.value)
    return (target.id, owner) if owner else None


def _copied_into(loop: ast.For) -> list[tuple[str, int]]:
    """``for name, tensor in torch.load(path).items(): state[name].copy_(tensor)``: a
    checkpoint copied key by key into a state dict (``state``, or ``model`` of
    ``model.state_dict()[name].copy_(...)``), the loading of the classic super-resolution
    scripts. Only a loop over what a loading call returns counts, and only a ``copy_`` into
    an item of a plain name's dict."""
    loading = any(  # ``torch.load``, ``load_checkpoint``; not ``DataLoader``
        type(node) is ast.Call and (terminal(node.func) or "").lower().startswith(_LOADING_WORDS)
        for node in ast.walk(loop.iter)
    )
    if not loading:
        return []
    found: list[tuple[str, int]] = []
    for node in ast.walk(loop):
        if type(node) is not ast.Call or method(node) != "copy_":
            continue
        item = node.func.value  # type: ignore[attr-defined]
        if not isinstance(item, ast.Subscript):
            continue
        held = item.value
        if isinstance(held, ast.Call) and method(held) == "state_dict":
            held = held.func.value  # type: ignore[attr-defined]
        if isinstance(held, ast.Name):
            found.append((held.id, loop.lineno))
    return found


def _loads_in(
    statement: ast.stmt, modules: Container[str], guarded: Container[str] = ()
) -> list[tuple[str, int]]:
    """(name, line) of each load of saved weights the statement runs."""
    if isinstance(statement, (ast.Try, ast.With, ast.AsyncWith)):
        return [load for inner in statement.body for load in _loads_in(inner, modules, guarded)]
    if isinstance(statement, ast.For):
        return _copied_into(statement)
    value = statement.value if isinstance(statement, (ast.Expr, ast.Assign)) else None
    if not isinstance(value, ast.Call):
        return []
    return [(name, statement.lineno) for name in _loaded_name(value, modules, guarded)]


def _training_before(calls: list[ast.Call], line: int | None) -> tuple[bool, set[str]]:
    """Whether a statement's ``calls`` take a training step before ``line`` (anywhere, when
    None), and the names they hand to a function named for training, by position or by
    keyword (``fit_model(model)``, ``train(model=model, optimizer=optimizer)``)."""
    steps, given = False, set[str]()
    for node in calls:
        if line is not None and node.lineno >= line:
            continue
        steps = steps or training_call(node)
        if _TRAINING_WORDS.intersection(tokens(terminal(node.func) or "")):
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            given.update(name for argument in arguments if (name := terminal(argument)))
    return steps, given


def _idle_generator(statement: ast.stmt, program: Program, referenced: Container[str]) -> bool:
    """``rng = random.Random()`` whose name nothing reads: the object never draws."""
    value = getattr(statement, "value", None)
    if not isinstance(value, ast.Call) or program.resolve(value.func) not in GENERATOR_CONSTRUCTORS:
        return False
    names = [terminal(target) for target in _targets(statement)]
    return bool(names) and all(name and name not in referenced for name in names)


def _unread_call(
    statement: ast.stmt,
    referenced: Container[str],
    program: Program,
    function: ast.AST | None = None,
    own_class: bool = False,
) -> int:
    """The id of ``statement``'s value when it is a call whose result goes only to plain names
    nothing reads, or this program reads only as ``name.dataset`` (0 otherwise). Not at a
    module's top level when a module star-imports another: the names it reads then may be
    this module's. A star import hands over no
    local of ``function`` (the function whose body holds the statement, if any).
    ``own_class``: ``function`` is a method of a class built on nothing outside the project,
    so an attribute it sets on ``self`` that no program reads (``self.test_loader``) is read
    by no framework either."""
    value = getattr(statement, "value", None)
    if not isinstance(value, ast.Call) or not isinstance(referenced, NamesRead):
        return 0
    targets = _targets(statement)
    names = [target for target in targets if not is_self_attribute(target)]
    if names and "*" in referenced.imported and not _locals_of(function, names, program):
        return 0
    attributes = referenced.attributes if own_class else None
    dataset_only = _read_only_for_its_dataset(program)
    unread = all(
        target.id not in referenced
        or (
            target.id in dataset_only
            and target.id not in referenced.shared
            and target.id not in referenced.imported
        )
        if isinstance(target, ast.Name)
        else attributes is not None and is_self_attribute(target) and target.attr not in attributes
        for target in targets
    )
    return id(value) if targets and unread else 0


def _read_only_for_its_dataset(program: Program) -> frozenset[str]:
    """Names ``program`` reads only as ``name.dataset`` (``random_split(all_data_loader.dataset,
    ...)``): a loader read so hands back the dataset it was given and is never iterated, so
    its shuffle draws nothing. Read once per program."""
    found = program.derived.get("read_only_for_its_dataset")
    if found is None:
        reads: dict[str, int] = {}
        for_dataset: dict[str, int] = {}
        for unit in program.units:
            for name in unit.of_type(ast.Name):
                if isinstance(name.ctx, ast.Load):
                    reads[name.id] = reads.get(name.id, 0) + 1
            for attribute in unit.of_type(ast.Attribute):
                owner = attribute.value
                if attribute.attr == "dataset" and isinstance(owner, ast.Name):
                    for_dataset[owner.id] = for_dataset.get(owner.id, 0) + 1
        found = program.derived["read_only_for_its_dataset"] = frozenset(
            owner_name
            for owner_name, count in for_dataset.items()
            if reads.get(owner_name) == count
        )
    return found  # type: ignore[return-value]


def _locals_of(function: ast.AST | None, targets: list[ast.expr], program: Program) -> bool:
    """Whether ``targets`` are plain names local to ``function``: not declared ``global`` or
    ``nonlocal`` in it (read only in a program that declares any)."""
    if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        return False
    shared = _declared_shared(function) if _declares_shared(program) else frozenset()
    return all(isinstance(target, ast.Name) and target.id not in shared for target in targets)


def _declares_shared(program: Program) -> bool:
    """Whether any unit of ``program`` has a ``global`` or ``nonlocal`` statement: most have
    none, and then no function of theirs needs walking."""
    found = program.derived.get("declares_shared")
    if found is None:
        found = program.derived["declares_shared"] = any(
            unit.of_type(ast.Global, ast.Nonlocal) for unit in program.units
        )
    return bool(found)


@per_object
def _declared_shared(function: ast.AST) -> frozenset[str]:
    """The names ``function`` declares ``global`` or ``nonlocal``: read once per function, as
    every statement of its body asks."""
    return frozenset(
        name
        for node in ast.walk(function)
        if isinstance(node, (ast.Global, ast.Nonlocal))
        for name in node.names
    )


def draw_context(
    statement: ast.stmt,
    index: int,
    loads: dict[str, int],
    program: Program,
    referenced: Container[str],
    function: ast.AST | None = None,
    own_class: bool = False,
) -> DrawContext:
    """How to count the draws of ``statement``, at ``index`` of a block whose
    :func:`restorations` are ``loads``; ``function``: the function whose body holds it;
    ``own_class``: that function is a method of a class built on nothing outside the
    project."""
    if not isinstance(statement, (ast.Assign, ast.AnnAssign)):
        return PLAIN
    names = [terminal(target) for target in _targets(statement)]
    trained = loads.trained if isinstance(loads, Restorations) else {}
    restored = any(
        name and loads.get(name, -1) > index and trained.get(name, -1) <= index
        for target in _targets(statement)
        for name in (terminal(target), *_owners(target))
    )
    examples = example_inputs(program)[1]
    return DrawContext(
        picks_seed=_picks_a_seed(statement),
        restored=restored,
        idle_generator=_idle_generator(statement, program, referenced)
        or (isinstance(referenced, NamesRead) and never_built(statement, program, referenced)),
        example_input=bool(names) and all(name in examples for name in names),
        unread_call=_unread_call(statement, referenced, program, function, own_class),
    )


def example_inputs(program: Program) -> tuple[frozenset[int], frozenset[str]]:
    """(ids of the nodes inside the arguments of tracing and export calls and of ``len()``,
    or of draws only measured for their shape; names that only ever appear there): values
    whose shape or length matters, never their numbers (``random_index =
    np.random.choice(n, n, replace=False)`` read only as ``len(random_index)``).

    Read once per program from the calls the parser already grouped by type.
    """
    found = program.derived.get("example_inputs")
    if found is None:
        found = program.derived["example_inputs"] = _example_inputs(program)
    return found  # type: ignore[return-value]


def _example_inputs(program: Program) -> tuple[frozenset[int], frozenset[str]]:
    inside: set[int] = set()
    passed: set[str] = set()
    for unit in program.units:
        for call in unit.of_type(ast.Call):
            if _is_length(call, program):
                arguments = call.args  # a draw read only for its length changes nothing
            elif program.resolve(call.func) in _SHAPE_ONLY or _traces_for_a_graph(call):
                arguments = [*call.args[1:], *(item.value for item in call.keywords)]
            else:
                continue
            for argument in arguments:
                for node in breadth_first(argument):
                    inside.add(id(node))
                    if isinstance(node, ast.Name):
                        passed.add(node.id)
    inside |= shape_probe_draws(program, inside)
    if not passed:
        return frozenset(inside), frozenset()
    elsewhere = {
        node.id
        for unit in program.units
        for node in unit.of_type(ast.Name)
        if node.id in passed and isinstance(node.ctx, ast.Load) and id(node) not in inside
    }
    return frozenset(inside), frozenset(passed - elsewhere)


def _traces_for_a_graph(call: ast.Call) -> bool:
    """``writer.add_graph(model, torch.randn(1, 3, 32, 32))``: TensorBoard's writer traces the
    model with the input it is given, to draw its graph."""
    return type(call.func) is ast.Attribute and call.func.attr == "add_graph" and bool(call.args)


def _is_length(call: ast.Call, program: Program) -> bool:
    """``len(x)`` of the builtin (no import or definition binds ``len``)."""
    return (
        type(call.func) is ast.Name
        and call.func.id == "len"
        and len(call.args) == 1
        and not call.keywords
        and program.resolve(call.func) is None
    )


_PARAMETERS = frozenset({"torch.nn.Parameter", "torch.nn.parameter.Parameter"})


def parameter_inits(program: Program) -> frozenset[int]:
    """ids of the nodes inside ``nn.Parameter(...)`` arguments: ``torch.randn(d, d)`` there
    draws a model's initial weights, like a layer's default initialisation."""
    found = program.derived.get("parameter_inits")
    if found is None:
        found = program.derived["parameter_inits"] = frozenset(
            id(node)
            for unit in program.units
            for call in unit.of_type(ast.Call)
            if program.resolve(call.func) in _PARAMETERS
            for argument in call.args[:1]
            for node in breadth_first(argument)
        )
    return found  # type: ignore[return-value]


def initialiser_fills(program: Program) -> frozenset[int]:
    """ids of the in-place draws a hand-written initialiser makes on the tensor it is given:
    ``def variance_scaling_init_(tensor, scale=1): return tensor.uniform_(-b, b)``, called
    with ``conv.weight``, draws a model's initial weights as ``nn.init.uniform_`` does.

    A function counts by its name (a word ``init``; not a constructor, ``__init__``), and a
    draw by what it fills: one of the function's own parameters (``tensor``, ``tensor.data``;
    not ``self``). Read once per program, and only in files that define such a function.
    """
    found = program.derived.get("initialiser_fills")
    if found is None:
        inside: set[int] = set()
        for unit in program.units:
            for function in unit.of_type(ast.FunctionDef):
                if function.name.startswith("__") or "init" not in tokens(function.name):
                    continue
                given = {argument.arg for argument in _arguments(function.args)} - {"self", "cls"}
                inside.update(
                    id(node)
                    for node in ast.walk(function)
                    if isinstance(node, ast.Call) and _fills(node, given)
                )
        found = program.derived["initialiser_fills"] = frozenset(inside)
    return found  # type: ignore[return-value]


def _arguments(arguments: ast.arguments) -> list[ast.arg]:
    return [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]


def _fills(call: ast.Call, given: Container[str]) -> bool:
    """``tensor.uniform_(...)``, ``tensor.data.normal_(...)`` on a name in ``given``."""
    if not (isinstance(call.func, ast.Attribute) and call.func.attr in TORCH_IN_PLACE_DRAWS):
        return False
    owner = call.func.value
    while isinstance(owner, ast.Attribute):
        owner = owner.value
    return isinstance(owner, ast.Name) and owner.id in given


def training_mode_draws(program: Program) -> frozenset[int]:
    """ids of the calls a module makes only in training mode: under ``if self.training:``,
    or after ``if not self.training: return x`` (a dropout or noise layer written by hand).
    In eval mode they draw nothing, like ``torch.nn.Dropout``'s own draw.

    Read once per program, and only in files that read ``self.training`` at all.
    """
    found = program.derived.get("training_mode_draws")
    if found is None:
        inside: set[int] = set()
        for unit in program.units:
            if unit.tree is not None and any(map(_is_training_flag, unit.of_type(ast.Attribute))):
                _training_only_calls(unit.tree, inside)
        found = program.derived["training_mode_draws"] = frozenset(inside)
    return found  # type: ignore[return-value]


def fit_hook_draws(program: Program) -> frozenset[int]:
    """ids of the calls in the hooks only ``Trainer.fit`` runs of a Lightning module or data
    module (``train_dataloader``'s shuffling loader, ``training_step``'s noise): a path that
    only tests or predicts never asks for them.

    Read once per program, and only in files that define such a hook.
    """
    found = program.derived.get("fit_hook_draws")
    if found is None:
        inside: set[int] = set()
        for unit in program.units:
            hooks = [f for f in unit.of_type(ast.FunctionDef) if f.name in FIT_HOOKS]
            if hooks:
                _fit_hook_calls(unit, hooks, inside)
        found = program.derived["fit_hook_draws"] = frozenset(inside)
    return found  # type: ignore[return-value]


#: Lightning's hooks that only ``Trainer.fit`` calls (its training half; validation runs in
#: fit too, but also in ``validate``).
FIT_HOOKS = frozenset(
    {"train_dataloader", "training_step", "configure_optimizers", "on_fit_start"}
    | {"on_train_start", "on_train_epoch_start", "on_train_batch_start", "on_train_epoch_end"}
)


def _fit_hook_calls(unit: SourceUnit, hooks: Sequence[ast.FunctionDef], inside: set[int]) -> None:
    """Add the calls of each hook that is a method of a class with a base (a Lightning module
    or data module, or the project's own base for one)."""
    methods = {
        id(statement) for cls in unit.of_type(ast.ClassDef) if cls.bases for statement in cls.body
    }
    for hook in hooks:
        if id(hook) in methods:
            inside.update(id(node) for node in breadth_first(hook) if isinstance(node, ast.Call))


def _is_training_flag(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "training"
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    )


def _only_when_training(test: ast.expr) -> bool:
    """``self.training``, ``self.training and self.p > 0``: true only in training mode."""
    test, negated = _negated(test)
    return _evaluating(test) if negated else _training(test)


def _when_evaluating(test: ast.expr) -> bool:
    """``not self.training``, ``not self.training or self.p == 0``: true in eval mode."""
    test, negated = _negated(test)
    return _training(test) if negated else _evaluating(test)


def _negated(test: ast.expr) -> tuple[ast.expr, bool]:
    """The operand under a run of ``not``, and whether the run is odd."""
    test, negations = without_negations(test)
    return test, negations % 2 == 1


def _training(test: ast.expr) -> bool:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
        return any(map(_only_when_training, test.values))
    return _is_training_flag(test)


def _evaluating(test: ast.expr) -> bool:
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return any(map(_when_evaluating, test.values))
    return False


_EXITS = (ast.Return, ast.Raise)
_BLOCKS = ("body", "orelse", "finalbody")


def _training_only_calls(tree: ast.AST, inside: set[int]) -> None:
    """Add to ``inside`` the calls of ``tree`` that run only in training mode."""
    taken: list[ast.AST] = []
    for node in breadth_first(tree):
        if isinstance(node, ast.IfExp):
            if _only_when_training(node.test):
                taken.append(node.body)
            elif _when_evaluating(node.test):
                taken.append(node.orelse)
        for field in _BLOCKS:
            block = getattr(node, field, None)
            if isinstance(block, list):
                taken.extend(_after_training_checks(block))
        for handler in getattr(node, "handlers", ()):
            taken.extend(_after_training_checks(handler.body))
    inside.update(
        id(node) for root in taken for node in breadth_first(root) if isinstance(node, ast.Call)
    )


def _after_training_checks(block: list[ast.stmt]) -> list[ast.AST]:
    """What a block runs only in training mode: the body of ``if self.training:``, the
    ``else`` of ``if not self.training:``, and every statement after an ``if`` that returns
    (or raises) in eval mode."""
    taken: list[ast.AST] = []
    for index, statement in enumerate(block):
        if not isinstance(statement, ast.If):
            continue
        if _only_when_training(statement.test):
            taken.extend(statement.body)
        elif _when_evaluating(statement.test):
            taken.extend(statement.orelse)
            if statement.body and isinstance(statement.body[-1], _EXITS):
                taken.extend(block[index + 1 :])
                break
    return taken
