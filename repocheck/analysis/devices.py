"""Whether the training an entry point runs may run on a GPU (REPRO002).

PyTorch's nondeterminism comes from GPU kernels (cuDNN's algorithm choice, atomic adds in
CUDA): a seeded run on the CPU repeats itself without any switch. So a switch is asked for
only where the code reaches for a GPU: ``.cuda()``, ``torch.cuda.*``, a ``"cuda"`` device (a
parameter's default too), or a framework that picks the accelerator itself (Lightning's
Trainer, accelerate, MMEngine's Runner, a Stable-Baselines3 algorithm not told
``device="cpu"``).
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator

from repocheck.analysis.bodies import Body
from repocheck.analysis.cache import per_object
from repocheck.analysis.callgraph import CONFIG_BUILDERS, Function
from repocheck.analysis.config_values import config_documents, mappings
from repocheck.analysis.implicit_draws import is_sb3_algorithm
from repocheck.analysis.imports import constant_of, keyword
from repocheck.analysis.reach import Site
from repocheck.facts.snapshot import Snapshot

#: Frameworks that place the model on a GPU when there is one, unless told otherwise
#: (Ultralytics' models train and predict on CUDA when present unless given device="cpu";
#: MMEngine's Runner moves its model to CUDA when there is one; a SentenceTransformer or a
#: CrossEncoder built without device= puts itself there too, as a fastai Learner does).
_PLACING = (
    "lightning.", "pytorch_lightning.", "accelerate.", "transformers.Trainer", "ultralytics.YOLO",
    "ultralytics.RTDETR", "mmengine.runner.Runner", "sentence_transformers.SentenceTransformer",
    "sentence_transformers.CrossEncoder", "sentence_transformers.cross_encoder.", "fastai.",
)  # fmt: skip
#: TrainingArguments options that tell a Hugging Face Trainer where to run instead of CUDA.
_TRAINER_OFF_CUDA = {"use_cpu": "cpu", "no_cuda": "cpu", "use_mps_device": "mps"}


def _gpu_string(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.lower().startswith(("cuda", "gpu"))
    )


def on_cpu(device: ast.expr | None) -> bool:
    """A ``device=`` argument that is literally the CPU (``"cpu"``); absent, ``"auto"`` or a
    variable may be CUDA."""
    value = constant_of(device) if device is not None else None
    return isinstance(value, str) and value.lower().startswith("cpu")


def _sb3_placing(name: str, node: ast.Call) -> bool:
    """``PPO("MlpPolicy", env)`` or ``PPO.load(path)``: Stable-Baselines3 puts the policy on
    CUDA when there is one (``device="auto"``), unless told ``device="cpu"``."""
    parts = name.split(".")
    if parts[-1] == "load":
        parts = parts[:-1]
    return is_sb3_algorithm(".".join(parts)) and not on_cpu(keyword(node, "device"))


def _gpu_call(
    site: Site, node: ast.Call, trainer_off_cuda: bool = False, built_on_gpu: bool = False
) -> bool:
    if isinstance(node.func, ast.Attribute) and node.func.attr == "cuda":
        return True
    name = site.place.program.resolve(node.func) or ""
    if built_on_gpu and name in CONFIG_BUILDERS:
        return True
    if trainer_off_cuda and name.startswith("transformers.Trainer"):
        return False
    return name.startswith(("torch.cuda.", *_PLACING)) or _sb3_placing(name, node)


def _trainer_device(site: Site) -> str | None:
    """Where ``TrainingArguments(use_mps_device=True)`` (or ``use_cpu``/``no_cuda``) tells
    the Trainer to run: "mps" or "cpu"; None for any other call, or options not literally
    True (a variable may be True on a GPU machine)."""
    node = site.node
    if not isinstance(node, ast.Call):
        return None
    name = site.place.program.resolve(node.func) or ""
    if not (name.startswith("transformers.") and name.endswith(".TrainingArguments")):
        return None
    for option, device in _TRAINER_OFF_CUDA.items():
        if constant_of(keyword(node, option)) is True:
            return device
    return None


def _torch_cuda(site: Site, node: ast.Attribute) -> bool:
    return node.attr == "cuda" and site.place.program.resolve(node) == "torch.cuda"


def _gpu_default(function: Function) -> bool:
    """The function defaults a parameter to a GPU (``device='cuda'``): a caller that passes
    nothing runs its body there. Defaults run where the function is defined, so they are no
    node of its body."""
    arguments = function.scope.node.args
    defaults = [*arguments.defaults, *arguments.kw_defaults]  # None: a keyword without one
    return any(value is not None and _gpu_string(value) for value in defaults)


def _class_level(node: ast.ClassDef) -> Iterator[ast.AST]:
    """What a class body runs when its module is imported: attribute and field defaults
    (``device: torch.device = torch.device("cuda")``), not the bodies of its methods.
    The reach lists the class statement, not what it holds."""
    todo: list[ast.AST] = list(node.body)
    while todo:
        child = todo.pop()
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        yield child
        todo.extend(ast.iter_child_nodes(child))


def _names_device(node: ast.AST, named: Callable[[ast.AST], bool]) -> bool:
    """A device string among the node's children, or anywhere in a class's defaults."""
    if isinstance(node, ast.ClassDef):
        return any(named(child) for child in _class_level(node))
    return any(named(child) for child in ast.iter_child_nodes(node))


#: What a config's ``accelerator:`` says that runs on CUDA where there is one.
_GPU_ACCELERATORS = ("gpu", "cuda", "auto")
#: What a config builds by ``_target_`` that places the model itself: a trainer or runner.
_PLACING_BUILT = frozenset({"Trainer", "Runner", "Accelerator", "Fabric"})


@per_object
def configs_place_on_gpu(snapshot: Snapshot) -> bool:
    """A committed config builds a framework that picks the GPU (``_target_:
    lightning.Trainer`` not told ``accelerator: cpu``), or sets ``accelerator:`` to a GPU or
    ``auto``: a run built from it by ``hydra.utils.instantiate`` may train on CUDA."""
    return any(
        _places_on_gpu(mapping)
        for _path, data in config_documents(snapshot)
        for _key, mapping in mappings(data)
    )


def _places_on_gpu(mapping: dict[object, object]) -> bool:
    accelerator = mapping.get("accelerator")
    if isinstance(accelerator, str) and accelerator.lower().startswith(_GPU_ACCELERATORS):
        return True
    target = mapping.get("_target_")
    return (
        isinstance(target, str)
        and target.startswith(_PLACING)
        and target.rpartition(".")[2] in _PLACING_BUILT
        and accelerator is None
    )


def gpu_reading(snapshot: Snapshot) -> Callable[[Body], bool]:
    """Whether a reached body names a GPU or hands the model to a framework that may place
    it on one, in code or through a config it builds from."""
    built_on_gpu = configs_place_on_gpu(snapshot)
    return lambda body: reaches_gpu(body.each_site(), built_on_gpu=built_on_gpu)


def bodies_reach_gpu(snapshot: Snapshot, bodies: Iterable[Body]) -> bool:
    """Some of the reached bodies reaches a GPU (:func:`gpu_reading`)."""
    return any(map(gpu_reading(snapshot), bodies))


def reaches_gpu(sites: Iterable[Site], *, built_on_gpu: bool = False) -> bool:
    """The reached code names a GPU, or hands the model to a framework that may place it on
    one; ``built_on_gpu``: a call building from a config (``instantiate``) does."""
    read: set[int] = set()  # the functions whose defaults were read
    sites = list(sites)
    # A Trainer whose arguments, built beside it, keep it off CUDA places nothing on a GPU.
    trainer_off_cuda = any(_trainer_device(site) for site in sites)
    for site in sites:
        node = site.node
        function = site.place.function
        if function is not None and id(function) not in read:
            read.add(id(function))
            if _gpu_default(function):
                return True
        if isinstance(node, ast.Call) and _gpu_call(site, node, trainer_off_cuda, built_on_gpu):
            return True
        # Constants are leaves the reach does not list: read them from their parent.
        if _names_device(node, _gpu_string):
            return True
        if isinstance(node, ast.Attribute) and _torch_cuda(site, node):
            return True  # torch.cuda.is_available, read without a call
    return False


def _mps_string(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.lower().startswith("mps")
    )


def reaches_mps(sites: Iterable[Site]) -> bool:
    """The reached code names Apple's GPU (an ``"mps"`` device, ``torch.backends.mps``): no
    CUDA kernel, but no CPU-only run either."""
    for site in sites:
        node = site.node
        if _names_device(node, _mps_string) or _trainer_device(site) == "mps":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "mps" and _torch_mps(site, node):
            return True
    return False


def _torch_mps(site: Site, node: ast.Attribute) -> bool:
    return site.place.program.resolve(node) in ("torch.backends.mps", "torch.mps")
