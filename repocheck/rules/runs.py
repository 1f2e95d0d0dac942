"""Reproducible runs: deterministic PyTorch backends (REPRO002). Runs configured from the
command line or a config file (REPRO006) are judged in run_settings.py.

Both are informational (half weight) and never fail: determinism costs speed and a learner
may rightly trade it away; how a run is configured is a matter of degree.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.analysis.config_guards import config_switches
from repocheck.analysis.devices import (
    bodies_reach_gpu,
    gpu_reading,
    on_cpu,
    reaches_mps,
)
from repocheck.analysis.entrypoints import EntryPoint, preference, project
from repocheck.analysis.fixed_flags import ParameterTests, bound_constants, decided
from repocheck.analysis.implicit_draws import SB3_PACKAGES, is_sb3_algorithm
from repocheck.analysis.imports import (
    Call,
    constant_of,
    has_star_kwargs,
    keyword,
    programs,
    turned_off,
)
from repocheck.analysis.ml_code import Code, Repo, code_of, repo_of
from repocheck.analysis.ml_names import (
    fits_sentence_transformer,
    is_backward,
    is_fit,
    runs_a_model_s_training,
    steps_outside_torch,
)
from repocheck.analysis.reach import Body, EntryReach, body_trains, entry_reach, reach_graph
from repocheck.analysis.scopes import functions_around
from repocheck.analysis.script_runs import training_scripts
from repocheck.analysis.seed_paths import SPAWNS, path_randomness, seeded_where_it_trains
from repocheck.analysis.seeding import find_randomness, referenced_names, void_seed_reason
from repocheck.analysis.toplevel import in_main_block, is_main_guard
from repocheck.analysis.unbound_trainers import unbound_training_said
from repocheck.facts.snapshot import Snapshot, SourceUnit
from repocheck.model import Evidence, Metrics, Result
from repocheck.registry import rule
from repocheck.rules._run_reading import at, in_loop
from repocheck.rules._sanity_common import unread_ml_said

#: The libraries REPRO002 judges, for the files that do not parse.
_TORCH = frozenset({"torch", "torchvision", "lightning", "pytorch_lightning"})

_LIGHTNING = frozenset({"lightning", "pytorch_lightning"})
_SB3 = frozenset(SB3_PACKAGES)
#: Hugging Face's trainers: ``trainer.train()`` puts the model on a GPU when there is one.
_HF_TRAINERS = frozenset({"transformers", "trl"})
#: Ultralytics' trainer: PyTorch underneath, deterministic unless told otherwise.
_ULTRALYTICS = frozenset({"ultralytics"})
#: MMEngine's runner: PyTorch underneath, deterministic only when its ``randomness`` says so.
_MMENGINE = frozenset({"mmengine"})
#: fastai's Learner trains a PyTorch model (``learn.fine_tune(3)``).
_FASTAI = frozenset({"fastai"})


def _on(node: ast.expr | None) -> bool:
    """An argument that switches something on: present and not a literal False/None/0."""
    return node is not None and not turned_off(node)


# ---------------------------------------------------------------------------- REPRO002


def _keras_fit(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == "fit"


def _torch_training(snapshot: Snapshot) -> list[tuple[SourceUnit, ast.Call]]:
    """``loss.backward()`` in a loop, ``optimizer.step()``, Lightning's ``trainer.fit()``, a
    Hugging Face ``trainer.train()``, sentence-transformers'
    ``model.fit(train_objectives=...)``, an MMEngine ``runner.train()`` or a Stable-Baselines3
    ``model.learn(total_timesteps=...)`` (a PyTorch policy), in code an entry point runs (a library module that only mentions torch
    does not count)."""
    found = []
    # A step kept in a file that imports nothing counts where a torch script imports it.
    torch_codes = {id(code) for code in repo_of(snapshot).torch_codes}
    for code, unit, call in _reached_calls(snapshot):
        hugging_face = bool(code.libraries & _HF_TRAINERS)
        stable_baselines = bool(code.libraries & _SB3)
        ultralytics = bool(code.libraries & _ULTRALYTICS)
        if fits_sentence_transformer(call):  # its own PyTorch loop
            found.append((unit, call))
            continue
        if not (id(code) in torch_codes or hugging_face or stable_baselines or ultralytics):
            continue
        frameworks = _LIGHTNING | _HF_TRAINERS | _SB3 | _ULTRALYTICS | _MMENGINE | _FASTAI
        # Hugging Face's trainers run train(): a fit() where they are the only framework is
        # Keras' on a TF model (TFAutoModel...), no PyTorch training.
        if _keras_fit(call):
            frameworks = frameworks - _HF_TRAINERS
        # A JAX or Keras step (apply_gradients) beside transformers trains no PyTorch model.
        framework = (
            is_fit(call) and not steps_outside_torch(call) and bool(code.libraries & frameworks)
        )
        looped = is_backward(call) and in_loop(unit, call)
        if looped or code.is_optimizer_step(call) or framework:
            found.append((unit, call))
    return found


def _switch_call(code: Code, call: ast.Call) -> bool:
    """``torch.use_deterministic_algorithms(True)``, ``Trainer(deterministic=True)``,
    ``transformers.enable_full_determinism(seed)``, ``TrainingArguments(full_determinism=True)``,
    MONAI's ``set_determinism(seed=0)``, MOMENT's ``control_randomness(seed)``,
    ``accelerate``'s ``set_seed(s, True)``, fastai's ``set_seed(s, reproducible=True)``, an
    Ultralytics training run (deterministic by
    default), an MMEngine ``Runner(randomness=dict(seed=0, deterministic=True))``."""
    if code.libraries & _ULTRALYTICS and runs_a_model_s_training(call):
        return not turned_off(keyword(call, "deterministic"))
    name = code.resolve(call.func)
    if not name:
        return False  # most calls of a library: a method of a local object
    if name == "torch.use_deterministic_algorithms":
        return _on(call.args[0] if call.args else keyword(call, "mode"))
    if name.startswith("transformers") and name.endswith(".enable_full_determinism"):
        return True
    if name.startswith("monai.") and name.endswith(".set_determinism"):
        # Sets cudnn.deterministic (and benchmark off) unless its seed is None.
        seed = call.args[0] if call.args else keyword(call, "seed")
        return seed is None or constant_of(seed, default=True) is not None
    if name.startswith("momentfm.") and name.endswith(".control_randomness"):
        return True  # sets cudnn.deterministic (and benchmark off) whatever its seed
    if name.split(".", 1)[0] in _HF_TRAINERS and _on(keyword(call, "full_determinism")):
        return True
    if is_sb3_algorithm(name):
        return _sb3_seeded_on_cuda(call)
    if name.startswith("stable_baselines3.") and name.endswith(".set_random_seed"):
        using_cuda = keyword(call, "using_cuda")
        if using_cuda is None and len(call.args) > 1:
            using_cuda = call.args[1]
        return _on(using_cuda)
    root = name.split(".", 1)[0]
    if root in _MMENGINE and name.endswith(".Runner"):
        randomness = keyword(call, "randomness")
        settings = randomness.keywords if isinstance(randomness, ast.Call) else []
        return any(item.arg == "deterministic" and _on(item.value) for item in settings)
    if root == "fastai" and name.endswith(".set_seed"):
        # set_seed(s, reproducible=True) sets cudnn.deterministic and turns benchmark off.
        reproducible = keyword(call, "reproducible")
        return _on(reproducible if reproducible or len(call.args) < 2 else call.args[1])
    deterministic = keyword(call, "deterministic")
    if root == "accelerate" and name.endswith(".set_seed") and len(call.args) > 1:
        deterministic = deterministic or call.args[1]
    return root in (*_LIGHTNING, "accelerate") and _on(deterministic)


def _trainer_seeds_torch(snapshot: Snapshot) -> bool:
    """An entry point runs Ultralytics' trainer, which seeds torch itself (seed=0 unless
    given another) before it draws."""
    return any(
        code.libraries & _ULTRALYTICS and runs_a_model_s_training(call)
        for code, _, call in _reached_calls(snapshot)
    )


def _sb3_seeded_on_cuda(call: ast.Call) -> bool:
    """``PPO("MlpPolicy", env, seed=0)`` on a device that may be CUDA ("auto", the default,
    or "cuda"): the algorithm calls ``set_random_seed(seed, using_cuda=True)``, which sets
    ``cudnn.deterministic = True`` and ``cudnn.benchmark = False``. Kept on the CPU, the seed
    switches nothing (and nothing needs switching there)."""
    seed = keyword(call, "seed")  # seed=0 is a seed: only None is none
    given = seed is not None and constant_of(seed, default=True) is not None
    return given and not on_cpu(keyword(call, "device"))


def _switch_assign(code: Code, node: ast.Assign) -> bool:
    """``torch.backends.cudnn.deterministic = True``."""
    return constant_of(node.value) is True and any(
        code.resolve(target) == "torch.backends.cudnn.deterministic" for target in node.targets
    )


def _benchmark_modes(repo: Repo, switched: set[str]) -> list[Evidence]:
    """``torch.backends.cudnn.benchmark = True`` on every run of a file in ``switched`` (one
    that sets a switch too; another program's benchmark mode is that program's choice):
    cuDNN times its convolution algorithms and keeps the fastest, so runs may differ."""
    found = []
    for code in repo.codes:
        for unit in (unit for unit in code.units if unit.path in switched):
            for node in unit.of_type(ast.Assign):
                on = constant_of(node.value) is True and not _behind_an_option(unit, node.lineno)
                names = {code.resolve(target) for target in node.targets}
                if on and "torch.backends.cudnn.benchmark" in names:
                    found.append(at(unit, node.lineno, "set it to False for repeatable runs"))
    return found


def _switched_off(snapshot: Snapshot, repo: Repo) -> list[Evidence]:
    """``torch.backends.cudnn.deterministic = False`` where a run sets it (not under an option,
    not in a function no code names), then ``cudnn.benchmark = True`` in those files: the
    run's own choice of speed over repeatable kernels, which the warn names as such."""
    referenced = referenced_names(snapshot) | _imported_names(snapshot)
    found = []
    for code in repo.codes:
        for unit in code.units:
            if not _names_cudnn(unit):
                continue
            for node in unit.of_type(ast.Assign):
                if constant_of(node.value) is not False or _behind_an_option(unit, node.lineno):
                    continue
                names = {code.resolve(target) for target in node.targets}
                if "torch.backends.cudnn.deterministic" not in names:
                    continue
                if _uncalled_function(unit, node.lineno, referenced) is None:
                    note = "set it to True, or call torch.use_deterministic_algorithms(True)"
                    found.append(at(unit, node.lineno, note))
    if found:
        found += _benchmark_modes(repo, {item.path for item in found})
    return found


def _switches(
    snapshot: Snapshot, repo: Repo
) -> tuple[list[Evidence], bool, list[Evidence], list[Evidence]]:
    """The switches, whether each is set only when the run asks for it, the functions
    that set one but that no code names (so no run sets it), and the switches under a
    function's option that every call of it leaves off (so no run sets them either)."""
    found, optional, idle, unasked = [], True, [], []
    referenced = referenced_names(snapshot) | _imported_names(snapshot)
    trains = training_scripts(snapshot)
    for code in repo.codes:
        for unit in code.units:
            hits = [n.lineno for n in unit.of_type(ast.Assign) if _switch_assign(code, n)]
            hits += [n.lineno for n in unit.of_type(ast.Call) if _switch_call(code, n)]
            for line in sorted(hits):
                if unit.path not in trains and in_main_block(unit.tree, line):
                    continue  # a module's self-check: importing it does not run the block
                uncalled = _uncalled_function(unit, line, referenced)
                behind = uncalled is None and _behind_an_option(unit, line)
                asked = _asked_by_the_calls(repo, code, unit, line) if behind else None
                if asked is False:
                    unasked.append(at(unit, line, _NEVER_ASKED))
                elif uncalled is None:
                    found.append(at(unit, line))
                    optional = optional and behind and asked is None
                else:
                    note = f"def {uncalled.name}() sets the switch but is never called"
                    idle.append(at(unit, uncalled.lineno, note))
    # A Lightning Trainer a config builds (Hydra's _target_) with deterministic: true.
    for path, number, key in config_switches(snapshot):
        found.append(Evidence(path, number, f"{key}: true in the trainer's config"))
        optional = False
    return found, optional, list(dict.fromkeys(idle)), unasked


#: The note of a switch under an option every call of its function leaves off.
_NEVER_ASKED = "set only when its function is asked to, which no call does"


def _asked_by_the_calls(repo: Repo, code: Code, unit: SourceUnit, line: int) -> bool | None:
    """Whether the switch at ``line``, under an ``if`` on a parameter of its function, runs:
    False when every call of the function leaves the option off (``set_seeds(seed)`` of
    ``def set_seeds(seed, deterministic=False)``), True when every call turns it on; None
    when the calls differ or are not told, the function is handed over or decorated, or
    nothing calls it."""
    branches = [
        branch
        for branch in unit.of_type(ast.If)
        if branch.lineno < line <= (branch.end_lineno or branch.lineno)
    ]
    if not branches:
        return None
    branch = max(branches, key=lambda node: node.lineno)
    functions = code.functions_around(unit, branch)
    if not functions or functions[0].decorator_list:
        return None
    function = functions[0]
    tested = ParameterTests(unit).tested(function)
    if not tested or function.name in repo.callback_sites:
        return None
    callers = repo.callers_of(function.name)
    if not callers:
        return None
    in_body = any(
        statement.lineno <= line <= (statement.end_lineno or statement.lineno)
        for statement in branch.body
    )
    method = any(function in cls.body for cls in code.around(unit, function, ast.ClassDef))
    runs: set[bool | None] = set()
    for _, _, call in callers:
        taken = decided(branch.test, dict(bound_constants(call, function, tested, method=method)))
        runs.add(None if taken is None else taken == in_body)
    return runs.pop() if len(runs) == 1 else None


def _imported_names(snapshot: Snapshot) -> set[str]:
    """Names some module, a test's too, imports (``from .torch_utils import
    enable_full_determinism as _enable``): a function someone imports is meant to be called,
    by them or by the library's users."""
    return {
        alias.name
        for unit in snapshot.parsed()
        for node in unit.of_type(ast.ImportFrom)
        for alias in node.names
    }


def _uncalled_function(
    unit: SourceUnit, line: int, referenced: set[str]
) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The function around ``line`` that no code names: certainly never run. A decorated
    function (a framework may call it), a dunder or a ``test*`` function is taken as run."""
    for function in functions_around(unit, line):
        name = function.name
        if function.decorator_list or name.startswith(("__", "test")):
            continue
        if name not in referenced:
            return function
    return None


def _behind_an_option(unit: SourceUnit, line: int) -> bool:
    """The line runs only under ``if args.deterministic:``: a test that reads a setting and
    calls nothing. ``if torch.cuda.is_available():`` (a call) holds on every run the switch
    matters to, and ``if __name__ == "__main__":`` on every run at all."""
    for branch in unit.of_type(ast.If):
        inside = branch.lineno < line <= (branch.end_lineno or branch.lineno)
        if not inside or is_main_guard(branch):
            continue
        if not any(isinstance(node, ast.Call) for node in ast.walk(branch.test)):
            return True
    return False


@per_object
def _reached_calls(snapshot: Snapshot) -> list[tuple[Code, SourceUnit, ast.Call]]:
    """Each call some entry point may run, once, in source order (read, never changed)."""
    found: dict[int, tuple[Code, SourceUnit, ast.Call]] = {}
    for body in reach_graph(project(snapshot)).bodies():
        for node in body.calls:
            if id(node) not in found:
                found[id(node)] = (code_of(body.program), body.unit, node)
    return sorted(found.values(), key=lambda c: (c[1].path, c[1].cell or 0, c[2].lineno))


def _unseeded_workers(snapshot: Snapshot) -> list[Evidence]:
    """DataLoaders an entry point builds with worker processes and neither ``worker_init_fn``
    nor ``generator``.

    Asked only when torch's global generator is not seeded: since PyTorch 1.9 each worker
    seeds torch, random and numpy from it.
    """
    found = []
    for code, unit, call in _reached_calls(snapshot):
        name = code.resolve(call.func)
        if not (name.startswith("torch.utils.data") and name.endswith(".DataLoader")):
            continue
        workers = keyword(call, "num_workers")
        if workers is None or constant_of(workers, default=1) in (0, None):
            continue
        if has_star_kwargs(call) or keyword(call, "worker_init_fn") or keyword(call, "generator"):
            continue
        note = "seed torch, or pass a seeded generator="
        found.append(at(unit, call.lineno, note, call))
    return found


def _seeding_site(snapshot: Snapshot, training: list[tuple[SourceUnit, ast.Call]]) -> Evidence:
    """Where the deterministic switch belongs: next to the torch seed, else before training."""
    seeds = find_randomness(snapshot).seeds.get("torch", [])
    trained = {unit.path for unit, _ in training}
    # Next to the seed of a run that reaches a GPU, where the switch matters (not of a
    # CPU-only notebook that trains in its own cells), then of a file that trains (train.py,
    # not bench.py).
    paths = {c.unit.path for c in seeds}
    on_gpu = _gpu_runs(snapshot, paths) if len(paths) > 1 else set()
    seeds = sorted(
        seeds,
        key=lambda c: (
            len(seeds) > 1 and _seeds_a_launcher(snapshot, c),
            c.unit.path not in on_gpu,
            c.unit.path not in trained,
            preference(c.unit.path),
        ),
    )
    if seeds:
        unit, node = seeds[0].unit, seeds[0].node
        root = (seeds[0].name or "").split(".", 1)[0]
        if root in _HF_TRAINERS:  # the Trainer seeds itself
            note = "pass TrainingArguments(full_determinism=True) to it"
        elif root in _SB3:  # set_random_seed(seed): using_cuda=True also switches cuDNN
            note = "pass using_cuda=True, or give the algorithm seed="
        elif root in _FASTAI:  # set_seed(s, reproducible=True) switches cuDNN
            note = "pass reproducible=True to it"
        else:
            note = "add torch.use_deterministic_algorithms(True) here"
        return at(unit, node.lineno, note, node)
    unit, call = min(training, key=lambda site: preference(site[0].path))
    return at(unit, call.lineno, "no deterministic switch before training")


def _seeds_a_launcher(snapshot: Snapshot, seed: Call) -> bool:
    """The seed's own scope (its function, else the module's top level) starts workers with
    ``torch.multiprocessing.spawn``: a deterministic switch set there stays in the parent,
    while the workers' seed, where there is one, is where it belongs. Reads the one scope."""
    program = next((p for p in programs(snapshot) if p.path == seed.unit.path), None)
    if program is None:
        return False
    around = functions_around(seed.unit, seed.node.lineno)
    if around:
        calls: Iterable[ast.AST] = ast.walk(around[-1])
    else:
        calls = (
            c for c in seed.unit.of_type(ast.Call) if not functions_around(seed.unit, c.lineno)
        )
    return any(
        isinstance(call, ast.Call) and program.resolve(call.func) in SPAWNS for call in calls
    )


def _unswitched_runs(
    snapshot: Snapshot, switches: list[Evidence], seeded_anyway: bool
) -> tuple[list[Evidence], list[Evidence]]:
    """Where each seeded run that trains on a GPU, with no deterministic switch on its path,
    belongs a switch (at its torch seed), where a run of the same folder has one: a switch in
    one of three training scripts repeats only that script's runs. ``seeded_anyway``: a
    trainer seeds torch itself (Hugging Face's), so a run without a seed of its own counts.
    Second, where such a run sets cuDNN's modes on its path instead (itself, or through the
    library it calls): its choice, named."""
    units = {unit.path: unit for unit in snapshot.parsed()}
    lines = frozenset(
        (switch.path, switch.line)
        for switch in switches
        if switch.path in units and _definite(units[switch.path], switch.line)
    )
    paths = frozenset(path for path, _ in lines)

    def switched(body: Body) -> bool:
        path = body.unit.path
        return path in paths and any(
            (path, getattr(node, "lineno", None)) in lines for node in body.nodes
        )

    if not lines:
        return [], []
    seeds = {id(run.entry): run.seeds.get("torch") for run in path_randomness(snapshot).entries}
    unswitched: list[tuple[str, EntryPoint, EntryReach]] = []
    switched_folders: set[str] = set()
    for entry, reached in entry_reach(snapshot):
        if seeds.get(id(entry)) is None and not seeded_anyway:
            continue  # an unseeded run differs anyway: REPRO001 asks for its seed first
        if not reached.any("trains", body_trains):
            continue
        folder = str(PurePosixPath(entry.path).parent)
        if reached.any(("switched", lines), switched):
            switched_folders.add(folder)
        else:
            unswitched.append((folder, entry, reached))
    # Only beside a switched run: scripts of one folder train one project, while the
    # examples of a collection (mnist/, imagenet/) or a library's helper for its users
    # (a switch no run of its own reaches) are each their own. Whether a run reaches a GPU
    # is asked last, of those runs alone: it reads every reached body.
    on_gpu = gpu_reading(snapshot)
    note = "no deterministic switch on this run's path"
    found, chose = [], []
    for folder, entry, reached in unswitched:
        if folder not in switched_folders:
            continue  # another project's run
        if reached.any("sets cuDNN", _sets_cudnn):
            chose.append(Evidence(entry.path, None, "sets cuDNN's modes on its path"))
        elif any(map(on_gpu, reached.bodies())):  # walked until its first body on a GPU
            seed = seeds.get(id(entry))
            found.append(
                at(seed.unit, seed.node.lineno, note) if seed else Evidence(entry.path, None, note)
            )
    return (
        sorted(found, key=lambda where: preference(where.path)),
        sorted(chose, key=lambda where: preference(where.path)),
    )


def _definite(unit: SourceUnit, line: int | None) -> bool:
    """The switch at ``line`` turns determinism on whenever it runs: not under an option
    (``if args.deterministic:``), not handed a value read from elsewhere
    (``use_deterministic_algorithms(self.saved)``, a launcher restoring a setting)."""
    if line is None or _behind_an_option(unit, line):
        return False
    for call in unit.of_type(ast.Call):
        func = call.func
        if call.lineno == line and getattr(func, "attr", "") == "use_deterministic_algorithms":
            given = call.args[0] if call.args else keyword(call, "mode")
            return constant_of(given) is True
    return True


def _sets_cudnn(body: Body) -> bool:
    """The body sets cuDNN's modes itself (``cudnn.deterministic = False``,
    ``cudnn.benchmark = True``) or the deterministic algorithms, whatever the value: a run
    that chose them. Only a unit whose text names them is read node by node."""
    if not _names_cudnn(body.unit):
        return False
    for node in body.nodes:
        if type(node) is ast.Assign:
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in _CUDNN_MODES:
                    owner = target.value
                    if isinstance(owner, ast.Attribute) and owner.attr == "cudnn":
                        return True
        elif type(node) is ast.Call:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "use_deterministic_algorithms":
                return True
    return False


@per_object
def _names_cudnn(unit: SourceUnit) -> bool:
    """The unit's text names cuDNN or the deterministic algorithms at all (read once)."""
    return "cudnn" in unit.source or "use_deterministic_algorithms" in unit.source


#: cuDNN's modes a run may set itself.
_CUDNN_MODES = frozenset({"deterministic", "benchmark"})


def _listed(evidence: list[Evidence]) -> str:
    """The files of the evidence in its order, three at most named, for the message."""
    paths = list(dict.fromkeys(item.path for item in evidence))
    return ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def _gpu_runs(snapshot: Snapshot, paths: set[str]) -> set[str]:
    """Those of ``paths`` (the files holding a seed) whose entry point's run reaches a GPU.
    Each run is walked until its first body on a GPU: folded over the whole reach, the
    question reads every body of the project."""
    on_gpu = gpu_reading(snapshot)
    return {
        entry.path
        for entry, reached in entry_reach(snapshot)
        if entry.path in paths and any(map(on_gpu, reached.bodies()))
    }


_SWITCHED = "deterministic algorithms are switched on"
_SWITCHED_WHEN_ASKED = (
    "deterministic algorithms are switched on when the run asks for them (under an if); runs"
    " that leave the option off are not deterministic"
)
_NO_SWITCH = "neither cudnn.deterministic nor use_deterministic_algorithms is set"
_SWITCHED_OFF = "cudnn.deterministic is set to False and use_deterministic_algorithms is not called"
#: The skip's metric saying REPRO002 waits for REPRO001's seed; the fixers read it too.
WAITS_FOR_SEED_METRIC = "waits_for_torch_seed"
#: Unseeded runs differ anyway: the switch is asked for once REPRO001's seed is there.
_WAITS_FOR_SEED = (
    "not judged until PyTorch is seeded: nothing seeds it (REPRO001), and deterministic"
    " kernels only make a seeded run repeat itself"
)


def _waits_for_seed(snapshot: Snapshot) -> str:
    """The skip's reason: no seeding call, or why the one there seeds no run (a seed drawn
    at random, a switch set off), as REPRO001's evidence says."""
    found = find_randomness(snapshot)
    void = found.switched_off.get("torch", [])
    if not void:
        return _WAITS_FOR_SEED
    call = void[0]
    where = f"{call.unit.path}:{call.node.lineno}"
    only = "its only seeding call" if len(void) == 1 else "its first seeding call"
    why = void_seed_reason(call, found.unfilled_switches)
    return (
        f"not judged until PyTorch is seeded: {only}, {where}, seeds no run ({why};"
        " REPRO001), and deterministic kernels only make a seeded run repeat itself"
    )


#: Nothing draws: no seed to wait for, and REPRO001 asks for none.
_DRAWS_NOTHING = (
    "not judged: the code draws no random numbers, so only the order in which GPU kernels add"
    " can make two runs differ, by rounding"
)
#: Seeded only on paths that train nothing (an exploration notebook): no run repeats itself.
_WAITS_FOR_A_TRAINING_SEED = (
    "not judged until PyTorch is seeded where it trains: only code that trains nothing seeds"
    " it (REPRO001), and deterministic kernels only make a seeded run repeat itself"
)
_IDLE_SWITCH = (
    "the deterministic switch is set only in a function that is never called, so no run sets it"
)
_UNASKED_SWITCH = (
    "the deterministic switch is set only under an option no call turns on, so no run sets it"
)
_CPU_ONLY = (
    "training runs on the CPU only, where seeded PyTorch kernels repeat themselves (a GPU run"
    " would need torch.use_deterministic_algorithms(True))"
)
#: Said after the CPU's pass where PyTorch draws unseeded: the kernels repeat themselves once
#: seeded, which REPRO001 judges.
_UNSEEDED = "; nothing seeds PyTorch yet (see REPRO001)"
_NO_CUDA = (
    "training runs on the CPU or Apple's MPS, never on CUDA, whose cuDNN and atomic-add kernels"
    " are what the switch is mainly for (a CUDA run would need"
    " torch.use_deterministic_algorithms(True))"
)


def _without_cuda(bodies: Iterable[Body]) -> str:
    """Why no switch is asked for, said truly of code that picks Apple's GPU."""
    return _NO_CUDA if any(reaches_mps(body.each_site()) for body in bodies) else _CPU_ONLY


@rule("REPRO002")
def deterministic_backends(snapshot: Snapshot) -> Result:
    """PyTorch training asks for deterministic kernels, once its runs are seeded."""
    repo = repo_of(snapshot)
    training = _torch_training(snapshot)
    if not training:
        reached = list({id(code): code for code, _, _ in _reached_calls(snapshot)}.values())
        unbound = unbound_training_said(reached, "whether its runs are deterministic")
        if unbound is not None:
            return Result.skipped(unbound)
        return Result.skipped(
            unread_ml_said(snapshot, libraries=_TORCH)
            or "no PyTorch training that an entry point runs: nothing on a script's path calls"
            " backward() or step()"
        )
    switches, optional, idle, unasked = _switches(snapshot, repo)
    seeds = find_randomness(snapshot).seeds
    trainer_seeds = _trainer_seeds_torch(snapshot)
    if trainer_seeds:
        seeds = {**seeds, "torch": []}
    # With torch seeded, PyTorch seeds every DataLoader worker from it; without, the loaders
    # are counted for the note, and REPRO001 asks for the seed.
    loaders = _unseeded_workers(snapshot) if seeds and "torch" not in seeds else []
    metrics: Metrics = {
        "deterministic_switches": len(switches),
        "unseeded_worker_loaders": len(loaders),
    }
    benchmarked = _benchmark_modes(repo, {switch.path for switch in switches})
    unswitched, chose = (
        _unswitched_runs(snapshot, switches, bool(trainer_seeds)) if switches else ([], [])
    )
    if switches and not benchmarked and not unswitched:
        message = _SWITCHED_WHEN_ASKED if optional else _SWITCHED
        if chose:
            one = len({e.path for e in chose}) == 1
            where = "" if optional else f" in {_listed(switches)}"
            message = (
                f"{message}{where}; the run{'' if one else 's'} of {_listed(chose)} {'sets' if one else 'set'}"
                " cuDNN's modes on its own path instead (its choice between speed and"
                " repeatable kernels)"
            )
        return Result.passed(message, [*switches, *chose], metrics)
    # Seeded kernels on the CPU repeat themselves: the switch matters where a GPU runs.
    # Some entry point reaches a GPU when some code any of them runs does: no need to ask
    # each of them, and the first body that names a GPU ends the search.
    bodies = reach_graph(project(snapshot)).bodies()
    if not switches and not bodies_reach_gpu(snapshot, bodies):
        uses = find_randomness(snapshot).uses
        unseeded = "torch" not in seeds and any(use.library == "torch" for use in uses)
        return Result.passed(_without_cuda(bodies) + (_UNSEEDED if unseeded else ""), [], metrics)
    if not switches and "torch" not in seeds and not find_randomness(snapshot).uses:
        return Result.skipped(_DRAWS_NOTHING, metrics)
    # A seed only on paths that train nothing (an exploration notebook) seeds no run.
    said = _waits_for_seed(snapshot) if "torch" not in seeds else None
    if not (switches or said or trainer_seeds):
        elsewhere = seeded_where_it_trains(snapshot, "torch") is False
        said = _WAITS_FOR_A_TRAINING_SEED if elsewhere else None
    if not switches and said:
        metrics[WAITS_FOR_SEED_METRIC] = 1
        workers = f"; seeding torch also seeds the workers of {len(loaders)} DataLoader(s)"
        return Result.skipped(said + (workers if loaders else ""), metrics)
    problems: list[str] = []
    evidence: list[Evidence] = []
    score = 1.0
    if not switches:
        off = [] if idle or unasked else _switched_off(snapshot, repo)
        problems.append(
            _IDLE_SWITCH
            if idle
            else _UNASKED_SWITCH
            if unasked
            else _SWITCHED_OFF
            if off
            else _NO_SWITCH
        )
        evidence[:0] = [*idle, *unasked, *off, _seeding_site(snapshot, training)]
        score -= 0.5
    if unswitched:
        trains = "trains" if len({e.path for e in unswitched}) == 1 else "train"
        problems.append(
            f"deterministic algorithms are switched on in {_listed(switches)}, but not on the"
            f" path of {_listed(unswitched)}, which {trains} on a GPU too"
        )
        evidence += [*unswitched, *switches]
        score -= 0.5
    if benchmarked:
        problems.append(
            "deterministic algorithms are switched on, but cudnn.benchmark = True lets cuDNN"
            " pick its convolution algorithm by timing on each run"
        )
        evidence += benchmarked
        score -= 0.25
    return Result.warned("; ".join(problems), evidence, metrics, score=max(score, 0.25))
