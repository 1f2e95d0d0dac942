"""Check that two sets of JSON reports are the same, report by report, byte for byte.

A refactoring that must not change a verdict (moving the analyses, making them faster) is
checked by running the real-world corpus before and after it:

    python bench/realworld/run.py --reports /tmp/before --repocheck 'python -m repocheck'
    # ... the change ...
    python bench/realworld/run.py --reports /tmp/after --repocheck 'python -m repocheck'
    python bench/same_reports.py /tmp/before /tmp/after

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


def compare(before_dir: Path, after_dir: Path) -> list[str]:
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
        found = list(differences(json.loads(one.read_bytes()), json.loads(other.read_bytes())))
        lines.append(f"{name}: {len(found) or 'formatting'} difference(s)")
        lines.extend(f"  {line}" for line in found[:SHOWN])
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="folder of JSON reports from the old code")
    parser.add_argument("after", type=Path, help="folder of JSON reports from the new code")
    args = parser.parse_args(argv)
    for folder in (args.before, args.after):
        if not folder.is_dir():
            print(f"same_reports: {folder} is not a folder", file=sys.stderr)
            return 2
    lines = compare(args.before, args.after)
    count = len(list(args.before.glob("*.json")))
    if not lines:
        print(f"{count} reports identical")
        return 0
    print("\n".join(lines))
    return 1


if __name__ == "__main__":
    sys.exit(main())
