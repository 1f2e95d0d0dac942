"""Docs and project rules: README, licence, CI configuration."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence, Result
from repocheck.registry import rule

LICENSE_NAMES = re.compile(r"^(licen[cs]e|copying|unlicense)([.-].*)?$", re.IGNORECASE)
LICENSE_KINDS = (
    ("MIT", re.compile(r"\bMIT License\b|Permission is hereby granted, free of charge", re.I)),
    ("Apache-2.0", re.compile(r"Apache License,?\s+Version 2\.0", re.I)),
    ("GPL-3.0", re.compile(r"GNU GENERAL PUBLIC LICENSE\s+Version 3", re.I)),
    ("GPL-2.0", re.compile(r"GNU GENERAL PUBLIC LICENSE\s+Version 2", re.I)),
    ("BSD", re.compile(r"Redistribution and use in source and binary forms", re.I)),
    ("MPL-2.0", re.compile(r"Mozilla Public License,?\s+(v\.|Version)\s*2\.0", re.I)),
)


def _top_level(snapshot: Snapshot, pattern: re.Pattern[str]) -> list[str]:
    return sorted(
        f.path
        for f in snapshot.files
        if "/" not in f.path and pattern.match(PurePosixPath(f.path).name)
    )


@rule("DOCS002")
def license_present(snapshot: Snapshot) -> Result:
    found = _top_level(snapshot, LICENSE_NAMES)
    if not found:
        pyproject = snapshot.texts.get("pyproject.toml", "")
        if re.search(r"^\s*license\s*=", pyproject, re.MULTILINE):
            return Result.passed("licence declared in pyproject.toml", [Evidence("pyproject.toml")])
        return Result.failed("no LICENSE file at the top of the repository")
    path = found[0]
    text = snapshot.texts.get(path, "")
    kind = next((name for name, pattern in LICENSE_KINDS if pattern.search(text)), "unrecognised")
    return Result.passed(f"{path} ({kind})", [Evidence(path, 1)], {"license": kind})
