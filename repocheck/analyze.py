"""The pipeline: facts -> rules -> score -> Report. Rendering is the caller's business."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from repocheck import score, suppress
from repocheck.analysis.generated import generated_notes
from repocheck.analysis.test_code import find_test_code
from repocheck.analysis.vendored import authored_view, vendored_notes
from repocheck.catalogue import Catalogue, RuleMeta, load_catalogue
from repocheck.facts.collect import Scope, collect
from repocheck.facts.snapshot import RepoConfig, Snapshot
from repocheck.fix.hints import fix_command
from repocheck.limits import mark_partial
from repocheck.model import Result
from repocheck.progress import QUIET, Progress
from repocheck.redaction import redact_report
from repocheck.registry import run_rule
from repocheck.report import Report, Selection, Target


def evaluate(
    snapshot: Snapshot,
    target: Target,
    catalogue: Catalogue | None = None,
    progress: Progress = QUIET,
) -> Report:
    """Run every selected rule on the snapshot and score the results."""
    catalogue = catalogue or load_catalogue()
    config = snapshot.config
    progress.stage("running rules", len(catalogue.rules))
    suppressions, suppression_notes = suppress.gather(snapshot)
    ran: dict[str, Result] = {}
    with no_automatic_collections():
        for meta in progress.counted(_measurements_last(catalogue.rules)):
            if _runs(meta.id, config):
                ran[meta.id] = run_rule(meta.id, snapshot)
    outcomes = []
    for meta in catalogue.rules:
        if config.select is not None and meta.id not in config.select:
            outcomes.append(score.Outcome(meta, Result.skipped(_not_selected(config)), 0.0))
            continue
        reason = config.ignore.get(meta.id)
        if reason is not None:
            result = Result.skipped(f"ignored in {config.source or 'the configuration'}: {reason}")
            outcomes.append(score.Outcome(meta, result, 0.0, reason))
            continue
        weight = config.weights.get(meta.id, meta.weight)
        # The limits are read after every rule ran: they may wait for complexity measurements.
        result = mark_partial(meta.id, ran[meta.id], snapshot)
        result, suppressed, every = suppress.apply(meta.id, result, suppressions)
        outcomes.append(score.Outcome(meta, result, 0.0 if every else weight, every, suppressed))
    results = {outcome.meta.id: outcome.result for outcome in outcomes}
    outcomes = [
        replace(outcome, fix_command=fix_command(outcome.meta, outcome.result, snapshot, results))
        for outcome in outcomes
    ]
    outcomes = score.apply_requirements(outcomes)
    total = score.overall(outcomes)
    selected = [o for o in outcomes if config.select is None or o.meta.id in config.select]
    # The one place results become the report: secrets are masked here, for every format.
    report = Report(
        target=target,
        score=total,
        grade=score.grade(total),
        categories=tuple(score.categories(catalogue, selected)),
        outcomes=tuple(outcomes),
        stats=_stats(snapshot),
        notes=snapshot.notes
        + vendored_notes(snapshot)
        + generated_notes(authored_view(snapshot))
        + tuple(suppression_notes),
        errors=dict(snapshot.errors),
        fail_under=config.fail_under,
        limits=snapshot.limits,
        selection=_selection(config),
    )
    return redact_report(report)


@contextlib.contextmanager
def no_automatic_collections() -> Iterator[None]:
    """The garbage collector paused while the rules run.

    The shared analyses build millions of small objects (indexes, call sites, summaries) and
    almost no cycles (a few hundred objects on diffusers): each automatic collection walked the
    growing heap again, a sixth of the rules stage there, to free nothing. What was built is
    frozen out of later collections too (as the trees are after parsing): otherwise the first
    collection after the rules walks all of it once more (0.6 s on diffusers). Objects still
    go when the last reference does; only the few cycles among them stay until the process
    ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


#: Rules that read radon's measurements. They run last: on a large repository worker
#: processes are still measuring while the other rules run (facts.snapshot.Measuring).
READS_COMPLEXITY = frozenset({"READ002"})


def _measurements_last(rules: Sequence[RuleMeta]) -> list[RuleMeta]:
    return sorted(rules, key=lambda meta: meta.id in READS_COMPLEXITY)  # stable otherwise


def _runs(rule_id: str, config: RepoConfig) -> bool:
    selected = config.select is None or rule_id in config.select
    return selected and rule_id not in config.ignore


def _not_selected(config: RepoConfig) -> str:
    return f"not selected (select: {', '.join(config.selected_by)})"


def _selection(config: RepoConfig) -> Selection | None:
    if config.select is None:
        return None
    return Selection(config.selected_by, tuple(sorted(config.select)))


def _stats(snapshot: Snapshot) -> dict[str, int]:
    # Test code as TEST004 counts it: by content (test cases, test modules), not file names.
    test_lines = sum(map(find_test_code(snapshot).test_code_lines, snapshot.sources))
    all_lines = sum(unit.code_lines for unit in snapshot.sources)
    return {
        "files": len(snapshot.files),
        "python_files": sum(1 for f in snapshot.files if f.kind == "python"),
        "notebooks": len(snapshot.notebooks),
        "code_lines": all_lines - test_lines,
        "test_lines": test_lines,
        "commits": len(snapshot.history.commits),
    }


def analyze_path(
    path: Path,
    config: RepoConfig,
    display: str | None = None,
    url: str | None = None,
    scope: Scope = Scope.WORK_TREE,
    progress: Progress = QUIET,
) -> Report:
    """Analyze the directory ``path`` with the given (already merged) configuration, telling
    ``progress`` each stage.

    Raises CollectError when ``scope`` asks for a commit that ``path`` does not have.
    """
    return analyze_snapshot(path, config, display, url, scope, progress)[1]


def analyze_snapshot(
    path: Path,
    config: RepoConfig,
    display: str | None = None,
    url: str | None = None,
    scope: Scope = Scope.WORK_TREE,
    progress: Progress = QUIET,
) -> tuple[Snapshot, Report]:
    """The facts and the report: for callers that read both (``repocheck fix``)."""
    snapshot = collect(path, config, scope, progress)
    target = Target(
        path=display or str(path),
        name=path.resolve().name,
        commit=snapshot.history.head,
        branch=snapshot.history.branch,
        url=url,
        analyzed=snapshot.analyzed,
        uncommitted_files=snapshot.uncommitted_files,
    )
    return snapshot, evaluate(snapshot, target, progress=progress)
