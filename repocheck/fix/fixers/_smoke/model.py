"""Which model class the smoke test builds, where it is built, and the layers it builds.

The model is a torch.nn.Module subclass of the project (as the sanity rules find them); the one
the training code builds comes first, and a class only built inside another is a part of it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from repocheck.analysis.cache import per_object
from repocheck.analysis.imports import name_suffixes
from repocheck.analysis.ml_code import Code, Repo, each
from repocheck.analysis.ml_names import is_backward, is_fit, terminal
from repocheck.analysis.torch_models import ModelClass
from repocheck.facts.snapshot import SourceUnit
from repocheck.fix.fixers._smoke.layers import Layer, layer_of
from repocheck.fix.fixers._smoke.values import Unknown, module_constants, shown, value_of

#: Reads a project model that ``__init__`` builds into one layer, or None (see submodels.py).
Expand = Callable[[ast.Call, dict[str, object]], Layer | None]


BuildSite = tuple[Code, SourceUnit, ast.Call]


def build_sites(repo: Repo, model: ModelClass, models: list[ModelClass]) -> list[BuildSite]:
    """Calls that build ``model`` outside the model classes (a model built inside another
    is a part of it), those in training code first."""
    inside = [(m.unit, m.node) for m in models]
    local = _module_names(repo)
    sites = [
        site
        for site in repo.call_sites.get(model.name, [])
        if _project_call(site[0].resolve(site[2].func), local)
        and not any(unit is site[1] and _within(node, site[2]) for unit, node in inside)
    ]
    return sorted(sites, key=lambda site: not trains(site[0]))


@per_object
def _module_names(repo: Repo) -> frozenset[str]:
    """The names the project's modules may be imported by, once per repository: the dotted
    path and every tail of it (``vision.model`` and ``model`` for ``src/vision/model.py``,
    as a script beside it imports it)."""
    return frozenset(
        name
        for code in repo.codes
        for name in [
            *name_suffixes(code.program.module),
            code.program.module,
            code.program.module.rpartition(".")[2],
        ]
    )


def _project_call(resolved: str, local: frozenset[str]) -> bool:
    """The callee is the project's (or unbound: a star import), not ``torchvision.ops.MLP``."""
    return not resolved or resolved.rpartition(".")[0] in local


def _within(outer: ast.AST, inner: ast.AST) -> bool:
    return (outer.lineno, outer.col_offset) <= (inner.lineno, inner.col_offset) and (  # type: ignore[attr-defined]
        inner.end_lineno or 0  # type: ignore[attr-defined]
    ) <= (outer.end_lineno or 0)  # type: ignore[attr-defined]


@per_object
def trains(code: Code) -> bool:
    """The program runs a training step (``loss.backward()``, ``fit``)."""
    return any(is_backward(call) or is_fit(call) for _, _, call in each([code], ast.Call))


def ranked(repo: Repo, models: list[ModelClass]) -> list[ModelClass]:
    """Top-level models first: built by training code, then built anywhere, then never built
    (a class only built inside another model is a part of it and comes last)."""
    parts = {
        call_name
        for model in models
        for call in (n for n in ast.walk(model.node) if isinstance(n, ast.Call))
        for call_name in [terminal(call.func)]
        if call_name
    }

    def order(model: ModelClass) -> tuple[int, int]:
        sites = build_sites(repo, model, models)
        if sites and trains(sites[0][0]):
            return (0, 0)
        if sites:
            return (1, 0)
        return (2, 1 if model.name in parts else 0)

    return sorted(models, key=order)


def loads_weights(model: ModelClass) -> str | None:
    """A call in ``__init__`` that downloads or reads weights (``resnet18(pretrained=True)``,
    ``from_pretrained``, ``torch.load``): a smoke test must not need the network or a file."""
    init = model.method("__init__")
    for call in (n for n in ast.walk(init) if isinstance(n, ast.Call)) if init else ():
        name = model.resolve(call.func) or terminal(call.func) or ""
        loads = name.endswith(("from_pretrained", "torch.load", "torch.hub.load", "load_url"))
        for item in call.keywords:
            off = isinstance(item.value, ast.Constant) and item.value.value in (None, False)
            loads |= item.arg in ("pretrained", "weights") and not off
        if loads:
            return shown(call)[:60]
    return None


def needs_gpu(model: ModelClass) -> str | None:
    """``.cuda()`` or ``device="cuda"`` in the class: a smoke test on a CPU would fail there."""
    for call in (n for n in ast.walk(model.node) if isinstance(n, ast.Call)):
        named = any(
            isinstance(k.value, ast.Constant)
            and isinstance(k.value.value, str)
            and k.value.value.startswith("cuda")
            for k in call.keywords
            if k.arg == "device"
        )
        if named or (isinstance(call.func, ast.Attribute) and call.func.attr == "cuda"):
            return f"{shown(call)[:50]} at {model.path}:{call.lineno}"
    return None


def init_layers(
    model: ModelClass, values: dict[str, object], expand: Expand | None = None
) -> tuple[dict[str, Layer], dict]:
    """The layers ``__init__`` assigns to ``self.<name>``, and the values it computes;
    ``expand`` reads the project's own models built there."""
    env: dict[str, object] = {**module_constants(model.unit.tree or ast.Module([], [])), **values}
    layers: dict[str, Layer] = {}
    init = model.method("__init__")
    for statement in init.body if init else []:
        if not isinstance(statement, (ast.Assign, ast.AnnAssign)) or statement.value is None:
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        for target in targets:
            key = _key(target)
            if key is None:
                continue
            value = statement.value
            if isinstance(value, ast.Call) and key.startswith("self."):
                own = expand and not model.resolve(value.func).startswith("torch.")
                found = expand(value, env) if own and expand else None
                layers[key[5:]] = found or layer_of(value, model.resolve, env)
            try:
                env[key] = value_of(statement.value, env)
            except Unknown:
                env.pop(key, None)
    return layers, env


def _key(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id == "self"
    ):
        return f"self.{target.attr}"
    return None
