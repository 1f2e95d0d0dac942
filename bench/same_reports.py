"""Check that two sets of JSON reports are the same, report by report, byte for byte.

A refactoring that must not change a verdict (moving the analyses, making them faster) is
checked by running the real-world corpus before and after it:

    python bench/realworld/run.py --reports /tmp/before --repocheck 'python -m repocheck'
    # ... the change ...
    python bench/realworld/run.py --reports /tmp/after --repocheck 'python -m repocheck'
    python bench/same_reports.py /tmp/before /tmp/after

A field another change added on purpose (a new key of the report's schema) is left out of the
comparison with ``--ignore KEY`` (repeatable; a key of any object, at any depth), and the
reports are then compared as JSON rather than as bytes.

Exits 1 and names the first differing fields of each report that changed (or is missing on
one side); exits 0 when every report is identical. Only the standard library.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: How many differing fields to name per report.
SHOWN = 8


def differences(before: Any, after: Any, where: str = "") -> Iterator[str]:
    """The JSON paths at which ``before`` and ``after`` differ, outermost first."""
    if type(before) is not type(after):
        yield f"{where or '.'}: {type(before).__name__} -> {type(after).__name__}"
    elif isinstance(before, dict):
        for key in sorted(before.keys() | after.keys()):
            if key not in after or key not in before:
                yield f"{where}.{key}: {'removed' if key in before else 'added'}"
            else:
                yield from differences(before[key], after[key], f"{where}.{key}")
    elif isinstance(before, list):
        if len(before) != len(after):
            yield f"{where}: {len(before)} items -> {len(after)}"
        for index, (one, other) in enumerate(zip(before, after, strict=False)):
            yield from differences(one, other, f"{where}[{index}]")
    elif before != after:
        yield f"{where or '.'}: {before!r} -> {after!r}"


def without(value: Any, ignored: frozenset[str]) -> Any:
    """``value`` with every object key in ``ignored`` removed, at any depth."""
    if isinstance(value, dict):
        return {k: without(v, ignored) for k, v in value.items() if k not in ignored}
    if isinstance(value, list):
        return [without(item, ignored) for item in value]
    return value


def compare(before_dir: Path, after_dir: Path, ignored: frozenset[str] = frozenset()) -> list[str]:
    lines = []
    names = sorted(
        {p.name for p in before_dir.glob("*.json")} | {p.name for p in after_dir.glob("*.json")}
    )
    for name in names:
        one, other = before_dir / name, after_dir / name
        if not one.exists() or not other.exists():
            lines.append(f"{name}: only in {before_dir if one.exists() else after_dir}")
            continue
        if one.read_bytes() == other.read_bytes():
            continue
        old, new = (without(json.loads(p.read_bytes()), ignored) for p in (one, other))
        if ignored and old == new:
            continue
        found = list(differences(old, new))
        lines.append(f"{name}: {len(found) or 'formatting'} difference(s)")
        lines.extend(f"  {line}" for line in found[:SHOWN])
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="folder of JSON reports from the old code")
    parser.add_argument("after", type=Path, help="folder of JSON reports from the new code")
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="KEY",
        help="leave this key out at any depth (a field another change added on purpose)",
    )
    args = parser.parse_args(argv)
    for folder in (args.before, args.after):
        if not folder.is_dir():
            print(f"same_reports: {folder} is not a folder", file=sys.stderr)
            return 2
    lines = compare(args.before, args.after, frozenset(args.ignore))
    count = len(list(args.before.glob("*.json")))
    if not lines:
        left_out = f" (leaving out {', '.join(args.ignore)})" if args.ignore else ""
        print(f"{count} reports identical{left_out}")
        return 0
    print("\n".join(lines))
    return 1


if __name__ == "__main__":
    sys.exit(main())
