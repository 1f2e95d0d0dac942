"""TEST001 / SANITY003: write a smoke test that builds the project's model and runs it.

The test imports the torch.nn.Module subclass the training code builds, constructs it with
the literal values the training script passes (or its defaults), runs a tiny batch whose shape
comes from the first layer ``forward`` runs, checks the batch dimension, finite outputs and
finite gradients, and, when the training code shows its loss and optimizer, that one step
lowers the loss. Everything is read statically; when a value the test needs cannot be read,
the fixer writes nothing and shows the test as a template to complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from repocheck.analysis.ml_code import Repo, repo_of
from repocheck.analysis.ml_names import terminal
from repocheck.analysis.torch_models import ModelClass, torch_models
from repocheck.facts.ruff_config import read_settings
from repocheck.fix.fixers._smoke.checks import failed_check
from repocheck.fix.fixers._smoke.construction import construct, required_arguments
from repocheck.fix.fixers._smoke.forward import ForwardReader
from repocheck.fix.fixers._smoke.inputs import ModelInput, infer_input
from repocheck.fix.fixers._smoke.location import import_location, on_path_already, runs_on_import
from repocheck.fix.fixers._smoke.model import (
    build_sites,
    init_layers,
    loads_weights,
    needs_gpu,
    ranked,
)
from repocheck.fix.fixers._smoke.submodels import expander
from repocheck.fix.fixers._smoke.template import (
    CONFTEST_PATH,
    LINE_LENGTH,
    TEST_PATH,
    SmokeTest,
    conftest_text,
    smoke_test_text,
)
from repocheck.fix.fixers._smoke.training import training_step
from repocheck.fix.plan import FileChange, FixContext, Proposal, fixer

#: Why nothing is proposed for a repository without a PyTorch model.
NO_MODEL = "no torch.nn.Module subclass in the code: no model to write a smoke test for"
#: How many model classes' reasons a note names.
SHOWN_REASONS = 3


@dataclass(frozen=True)
class PlannedTest:
    """The test to write, and what a human should know about it."""

    spec: SmokeTest
    notes: tuple[str, ...]


@fixer("TEST001", "SANITY003")
def smoke_test(context: FixContext) -> Proposal | None:
    """A ``tests/test_smoke.py`` for the model the training code builds, or a note."""
    # One fixer for two rules: the rule is the one whose result this is.
    outcomes = context.report.outcomes
    rule_id = next((o.meta.id for o in outcomes if o.result is context.result), "TEST001")
    workspace = context.workspace
    if workspace.original(TEST_PATH) is None and workspace.exists(TEST_PATH):
        return None  # written for the other rule of the pair already
    summary = f"a smoke test of the model in {TEST_PATH}: not written"
    files = {info.path for info in context.snapshot.files}
    if _taken(context, TEST_PATH, files):
        return Proposal(rule_id, summary, notes=(f"{TEST_PATH} exists: it is left as it is",))
    planned = plan_smoke_test(repo_of(context.snapshot), files)
    if planned == NO_MODEL:
        return None  # not a PyTorch project: this fixer has nothing to say about its tests
    if isinstance(planned, str):
        return Proposal(rule_id, summary, notes=(planned,))
    changes: list[FileChange] = []
    width, quote = _style(context.snapshot.texts)
    spec = replace(planned.spec, line_length=width, quote=quote)
    if not on_path_already(spec.import_root, files):
        if _taken(context, CONFTEST_PATH, files):
            spec = replace(spec, path_in_test=True)
        else:
            conftest = conftest_text(spec.import_root, quote)
            changes.append(context.change(CONFTEST_PATH, conftest))
    changes.append(context.change(TEST_PATH, smoke_test_text(spec)))
    what = "forward, backward" + (" and one training step" if spec.step else "")
    summary = f"add {TEST_PATH}: {what} of {spec.model} ({spec.model_path})"
    return Proposal(rule_id, summary, tuple(changes), notes=planned.notes)


def _taken(context: FixContext, path: str, files: set[str]) -> bool:
    """Something is at ``path`` already: a file (the workspace reads regular files only), or
    a symlink there or in place of one of its folders (the inventory lists those)."""
    folders = PurePosixPath(path).parents
    return context.workspace.exists(path) or bool({path, *map(str, folders)} & files)


def _style(texts: Mapping[str, str]) -> tuple[int, str]:
    """The line length and quote the project's formatter settings declare (ruff's or
    black's), for the test to be formatted as its own code is."""
    try:
        declared = read_settings(texts).formatter
    except Exception:  # an odd config file: ruff's defaults, as the facts layer falls back to
        declared = {}
    width = declared.get("line-length")
    quote = "'" if declared.get("format.quote-style") == "single" else '"'
    return (width if type(width) is int else LINE_LENGTH), quote


def plan_smoke_test(repo: Repo, files: set[str]) -> PlannedTest | str:
    """The test for the first model that can be read whole, or why none can."""
    models = torch_models(repo)
    if not models:
        return NO_MODEL
    reasons: list[str] = []
    order = ranked(repo, models)
    for model in order:
        try:
            planned = _plan_model(repo, model, models, files)
        except RecursionError:  # the readings are bounded; should one miss a chain, one model
            planned = "its code is nested too deep to read"  # is left out, not the fix
        if isinstance(planned, PlannedTest):
            skipped = (f"not tested: {_first(reasons)}",) if reasons else ()
            return replace(planned, notes=skipped + planned.notes)
        reasons.append(f"{model.name}: {planned}")
    return (
        f"no smoke test written: {_first(reasons)}.\n"
        f"A template to complete as {TEST_PATH}:\n\n" + smoke_test_text(_template(order[0], files))
    )


def _first(reasons: list[str]) -> str:
    """The first few reasons, and how many more there are (a model zoo has dozens)."""
    shown = "; ".join(reasons[:SHOWN_REASONS])
    more = len(reasons) - SHOWN_REASONS
    return shown + (f"; and {more} other model class(es)" if more > 0 else "")


def _plan_model(
    repo: Repo, model: ModelClass, models: list[ModelClass], files: set[str]
) -> PlannedTest | str:
    location = import_location(model.path, files)
    if isinstance(location, str):
        return location
    if model.unit.tree is None or model.node not in model.unit.tree.body:
        return f"{model.name} is defined inside a function or class: a test cannot import it"
    line = runs_on_import(model.code)
    if line is not None:
        return (
            f"{model.path} runs code when imported (line {line}): a test importing it would"
            " run it; move the model to a module of its own"
        )
    bases = {terminal(base) or "" for base in model.node.bases} & {m.name for m in models}
    if model.method("__init__") is None and bases:
        return f"{model.name} takes the constructor of {min(bases)}, which is not read"
    gpu = needs_gpu(model)
    if gpu is not None:
        return f"{model.name} puts tensors on a GPU ({gpu}): a CPU run of the test would fail"
    weights = loads_weights(model)
    if weights is not None:
        return f"{model.name}.__init__ loads weights ({weights}): a smoke test must run offline"
    sites = build_sites(repo, model, models)
    construction = construct(model, sites)
    if isinstance(construction, str):
        return construction
    layers, env = init_layers(model, construction.values, expander(models))
    reader = ForwardReader(model, layers, env)
    met = reader.read()
    if isinstance(met, str):
        return met
    model_input = infer_input(met)
    if isinstance(model_input, str):
        return model_input
    failed = failed_check(reader.checks, reader.input_name, model_input.shape, env)
    if failed is not None:
        return failed
    found = training_step([site[0] for site in sites] + [model.code])
    notes = construction.notes
    step = None if isinstance(found, str) else found
    notes += (f"no training-step test: {found}",) if isinstance(found, str) else found.notes
    root, module = location
    built_at = f"{sites[0][1].path}:{sites[0][2].lineno}" if construction.passed else None
    spec = SmokeTest(
        model.name,
        model.path,
        module,
        root,
        construction.passed,
        built_at,
        model_input,
        step,
        path_in_test=False,
    )
    return PlannedTest(spec, notes)


def _template(model: ModelClass, files: set[str]) -> SmokeTest:
    """The test with ``...`` where the fixer could not read a value."""
    location = import_location(model.path, files)
    root, module = ("", "TODO") if isinstance(location, str) else location
    blank = ModelInput("torch.randn(BATCH, ...)", "TODO: the shape of one batch of input.")
    required = tuple((name, ..., True) for name in required_arguments(model))
    return SmokeTest(model.name, model.path, module, root, required, None, blank, None, False)
