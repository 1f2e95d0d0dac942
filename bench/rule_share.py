"""Where one run's time goes: start-up imports, collecting the facts, and each rule.

    python bench/rule_share.py PATH [PATH ...]          # a table per repository
    python bench/rule_share.py PATH --json out.json
    python bench/rule_share.py PATH --cpu               # CPU seconds of this process
    python bench/rule_share.py PATH --cpu --against before.json   # what grew since then

Runs the same steps as ``repocheck check`` in this process (collect, then every rule of the
catalogue in its order, so a rule that first asks for a shared analysis pays for it, as in a
real run) and prints each step's seconds and share of the whole; then runs every rule again,
when the shared analyses are cached, so "again" is the rule's own judgment and "first" minus
"again" what the analyses it asked for first cost. The performance target is
that no single rule takes more than 15% of a run on any benchmark repository; a row over it is
marked. Run it with repocheck installed (``pip install -e .``), once to warm up, and without
PYTHONDONTWRITEBYTECODE: compiling every module from source is not what a user pays.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

#: The target: no rule above this share of the run.
RULE_SHARE_TARGET = 0.15
#: A step that takes this much longer than in an earlier measurement, and at least
#: ``GROWTH_FLOOR`` seconds more, is named as grown: a reading added since reads too much.
GROWTH_SHARE = 0.10
GROWTH_FLOOR = 0.1


def measure(
    path: Path, clock: Callable[[], float] = time.perf_counter
) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds of each step at ``path``, in the order they ran, and of each rule run again,
    by ``clock`` (wall time, or ``time.process_time`` for this process's CPU time, which other
    work on a shared machine disturbs less)."""
    started = clock()
    from repocheck.analyze import no_automatic_collections
    from repocheck.catalogue import load_catalogue
    from repocheck.facts.collect import collect
    from repocheck.facts.config import load_repo_config
    from repocheck.registry import run_rule

    steps = {"imports": clock() - started}
    mark = clock()
    snapshot = collect(path, load_repo_config(path))
    steps["collect"] = clock() - mark
    again = {}
    with no_automatic_collections():  # as the pipeline runs the rules
        for meta in load_catalogue().rules:
            mark = clock()
            run_rule(meta.id, snapshot)
            steps[meta.id] = clock() - mark
        for meta in load_catalogue().rules:
            mark = clock()
            run_rule(meta.id, snapshot)
            again[meta.id] = clock() - mark
    return steps, again


def render(path: Path, steps: dict[str, float], again: dict[str, float]) -> str:
    total = sum(steps.values())
    rows = [
        f"{path}: {total:.2f} s in this process",
        "",
        "| step | first, s | share | again, s |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, seconds in sorted(steps.items(), key=lambda item: -item[1])[:12]:
        share = seconds / total if total else 0.0
        over = (
            " **over 15%**"
            if name not in ("imports", "collect") and share > RULE_SHARE_TARGET
            else ""
        )
        repeat = f"{again[name]:.2f}" if name in again else "-"
        rows.append(f"| {name} | {seconds:.2f} | {share:.0%}{over} | {repeat} |")
    return "\n".join(rows) + "\n"


def grown(before: dict[str, float], after: dict[str, float]) -> list[tuple[str, float, float]]:
    """The steps that took longer ``after`` than ``before`` by more than ``GROWTH_SHARE`` of
    their time and ``GROWTH_FLOOR`` seconds, most grown first: (step, before, after)."""
    found = [
        (name, before[name], seconds)
        for name, seconds in after.items()
        if name in before
        and seconds - before[name] > GROWTH_FLOOR
        and seconds > before[name] * (1 + GROWTH_SHARE)
    ]
    return sorted(found, key=lambda row: row[1] - row[2])


def render_growth(path: Path, before: dict[str, float], after: dict[str, float]) -> str:
    """What grew at ``path`` since the earlier measurement, one line each, and the totals."""
    lines = [
        f"{path}: {sum(before.values()):.2f} s before, {sum(after.values()):.2f} s now",
    ]
    for name, old, new in grown(before, after):
        lines.append(f"  grew: {name} {old:.2f} -> {new:.2f} s (+{new / old - 1:.0%})")
    if len(lines) == 1:
        lines.append("  no step grew by more than the noise allowed")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path, help="repositories (git checkouts)")
    parser.add_argument("--json", type=Path, help="also write every step's seconds here")
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="CPU seconds of this process instead of wall seconds (steadier on a busy machine)",
    )
    parser.add_argument(
        "--against",
        type=Path,
        help="a --json file of an earlier measurement: name each step that grew since",
    )
    args = parser.parse_args(argv)
    earlier = json.loads(args.against.read_text()) if args.against else {}
    clock = time.process_time if args.cpu else time.perf_counter
    everything = {}
    for path in args.paths:
        if not path.is_dir():
            print(f"rule_share: {path} is not a folder", file=sys.stderr)
            return 2
        steps, again = measure(path.resolve(), clock)
        everything[str(path)] = {"first": steps, "again": again}
        print(render(path, steps, again))
        if str(path) in earlier:
            # Imports are compiled bytecode or not depending on the checkout: not compared.
            before = {k: v for k, v in earlier[str(path)]["first"].items() if k != "imports"}
            now = {k: v for k, v in steps.items() if k != "imports"}
            print(render_growth(path, before, now))
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
