"""Docs and project rules: README, licence, CI configuration."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from repocheck.analysis.ci import ci_configs, service
from repocheck.analysis.readme import (
    PART_LABELS,
    PARTS,
    README_NAME,
    readme_parts,
    readme_path,
    top_level,
)
from repocheck.analysis.readme_commands import AbsentFile, commands_in
from repocheck.analysis.readme_lines import EMPTY_WORDS, USEFUL_WORDS, count_words, shown_lines
from repocheck.analysis.readme_links import broken_links, parts_in_linked_pages
from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence, Result
from repocheck.patterns import compile_on_use
from repocheck.registry import rule

LICENSE_NAMES = compile_on_use(r"^(licen[cs]e|copying|unlicense)([.-].*)?$", re.IGNORECASE)
LICENSE_KINDS = (
    ("MIT", compile_on_use(r"\bMIT License\b|Permission is hereby granted, free of charge", re.I)),
    ("Apache-2.0", compile_on_use(r"Apache License,?\s+Version 2\.0", re.I)),
    ("AGPL-3.0", compile_on_use(r"GNU AFFERO GENERAL PUBLIC LICENSE\s+Version 3", re.I)),
    ("LGPL-3.0", compile_on_use(r"GNU LESSER GENERAL PUBLIC LICENSE\s+Version 3", re.I)),
    ("GPL-3.0", compile_on_use(r"GNU GENERAL PUBLIC LICENSE\s+Version 3", re.I)),
    ("GPL-2.0", compile_on_use(r"GNU GENERAL PUBLIC LICENSE\s+Version 2", re.I)),
    ("BSD", compile_on_use(r"Redistribution and use in source and binary forms", re.I)),
    ("MPL-2.0", compile_on_use(r"Mozilla Public License,?\s+(v\.|Version)\s*2\.0", re.I)),
    ("CC0-1.0", compile_on_use(r"\bCC0 1\.0 Universal\b", re.I)),
    (
        "Unlicense",
        compile_on_use(r"free and unencumbered software released into the public domain", re.I),
    ),
)


#: Package metadata that can name a licence without shipping its text. [ \t], not \s: from
#: every blank line \s* would run over all the following ones (quadratic, and a wrong line).
_DECLARED = (
    ("pyproject.toml", compile_on_use(r"^[ \t]*license[ \t]*=.*$", re.MULTILINE)),
    ("setup.cfg", compile_on_use(r"^[ \t]*license[ \t]*=.*$", re.MULTILINE)),
    ("setup.py", compile_on_use(r"^.*\blicense[ \t]*=[ \t]*[\"'].*$", re.MULTILINE)),
)


def _declared_licence(snapshot: Snapshot) -> Evidence | None:
    """Where package metadata names a licence, if it does."""
    for path, pattern in _DECLARED:
        text = snapshot.texts.get(path, "")
        for declared in pattern.finditer(text):
            if _blank_value(declared.group(0)):
                continue
            line = text.count("\n", 0, declared.start()) + 1
            return Evidence(path, line, declared.group(0).strip()[:100])
    return None


def _blank_value(assignment: str) -> bool:
    """True for ``license=''`` or ``license =``: a template's blank names no licence."""
    value = assignment.split("=", 1)[1].strip().rstrip(",").strip()
    return value in ("", "''", '""')


#: A README heading about the licence, and a licence named by its usual short name. The
#: heading may open with an emoji or another symbol ("## 📄 License"), as many READMEs do.
_LICENCE_HEADING = compile_on_use(
    r"^\s*(#{1,6}\s*)?([^\w\s#]+\s*)?licen[cs]e\s*:?\s*#*\s*$", re.IGNORECASE
)
_LICENCE_NAME = compile_on_use(
    r"\b(MIT|Apache([- ]License)?[- ]?2(\.0)?|BSD(-[23]-Clause)?|[AL]?GPL(-?v?[23](\.0)?)?"
    r"|MPL[- ]?2(\.0)?|Unlicense|CC[- ]BY(-[A-Z]{2})*(-\d\.\d)?|CC0)\b"
)
#: How many non-blank lines below the heading may name the licence.
_LICENCE_LINES = 3


def _readme_licence(snapshot: Snapshot) -> Evidence | None:
    """The line naming a licence under the README's licence heading ("## License" / "MIT"),
    as GitHub shows it: a section inside an HTML comment declares nothing."""
    path = readme_path(snapshot)
    lines = shown_lines(snapshot.texts.get(path, "").splitlines()) if path else []
    for index, line in enumerate(lines):
        if not _LICENCE_HEADING.match(line):
            continue
        below = [(n, text) for n, text in enumerate(lines[index + 1 :], index + 2) if text.strip()]
        for number, text in below[:_LICENCE_LINES]:
            if _LICENCE_NAME.search(text):
                return Evidence(path or "", number, text.strip()[:100])
    return None


def _licence_files(snapshot: Snapshot) -> list[str]:
    """LICENSE/COPYING at the top, else the texts of a REUSE-style LICENSES/ folder."""
    found = top_level(snapshot, LICENSE_NAMES)
    if found:
        return found
    return sorted(f.path for f in snapshot.files if re.match(r"^LICENSES/[^/]+$", f.path))


@rule("DOCS002")
def license_present(snapshot: Snapshot) -> Result:
    """A LICENSE file at the top level; a licence only named in package metadata warns."""
    found = _licence_files(snapshot)
    if not found:
        declared = _declared_licence(snapshot) or _readme_licence(snapshot)
        if declared is not None:
            return Result.warned(
                f"licence declared in {declared.path} but no LICENSE file: GitHub and source "
                "archives show no licence",
                [declared],
            )
        return Result.failed("no LICENSE file at the top of the repository")
    path = found[0]
    text = snapshot.texts.get(path, "")
    if path in snapshot.texts and not text.strip():
        return _empty_licence(snapshot, path)
    kind = next((name for name, pattern in LICENSE_KINDS if pattern.search(text)), "unrecognised")
    return Result.passed(f"{path} ({kind})", [Evidence(path, 1)], {"license": kind})


def _empty_licence(snapshot: Snapshot, path: str) -> Result:
    """A LICENSE file with nothing in it grants nothing: judged as if it were absent, with the
    file named so the reader sees why it did not count."""
    empty = Evidence(path, 1, "empty")
    declared = _declared_licence(snapshot) or _readme_licence(snapshot)
    if declared is not None:
        return Result.warned(
            f"{path} is empty; licence declared in {declared.path}: GitHub and source archives "
            "show no licence text",
            [empty, declared],
        )
    return Result.failed(f"{path} is empty: it grants no licence", [empty])


# ---------------------------------------------------------------------------- README


def _grade_readme(snapshot: Snapshot, path: str, text: str, words: int) -> Result:
    """Score the four parts of a README that has some text."""
    found = readme_parts(snapshot, text)
    # A guide's README may leave a part to the chapters it links: a reader finds it there.
    linked = parts_in_linked_pages(snapshot, path, text, [p for p in PARTS if found[p] is None])
    # Steps whose every command names a file the repository lacks fail as written.
    commands = commands_in(snapshot, text)
    unusable = {"usage": commands.every("run"), "install": commands.every("install")}
    have = {"substance": words > USEFUL_WORDS}
    have |= {
        part: (found[part] is not None or part in linked) and not unusable.get(part)
        for part in PARTS
    }
    metrics: dict[str, int | float | str | None] = {"words": words}
    metrics |= {part: int(ok) for part, ok in have.items()}
    evidence = [Evidence(path, 1, f"{words} words")]
    # One heading may name two parts ("Getting Started": install and run): shown once.
    shown = {
        line.number: Evidence(path, line.number, line.text.strip()[:100])
        for part, line in found.items()
        if line is not None and not unusable.get(part)
    }
    evidence += shown.values()
    evidence += [
        Evidence(page, line.number, line.text.strip()[:100]) for page, line in linked.values()
    ]
    absent = [file for files in unusable.values() for file in files]
    # A command naming a file the repository lacks, where another step of its part stands
    # (`docker compose up` beside `streamlit run app/main.py`): it fails as written.
    stray = [file for file in commands.absent if file not in absent]
    if absent or stray:
        metrics["absent_files"] = len(absent) + len(stray)
        evidence += [
            Evidence(path, f.line, f"{f.path}: not in the repository") for f in [*absent, *stray]
        ]
    broken = broken_links(snapshot, path, text)
    if broken:
        metrics["broken_links"] = len(broken)
        evidence += [
            Evidence(path, line, f"{target}: not in the repository") for line, target in broken
        ]
    missing = [
        PART_LABELS[part] + _naming_absent(unusable.get(part, []))
        for part, ok in have.items()
        if not ok
    ]
    links = _naming_broken([target for _, target in broken])
    # A command's file the repository lacks, where its part stands all the same.
    commanded = _naming_absent(stray).strip(" ()")
    if not missing:
        pages = " (partly in the pages it links)" if linked else ""
        message = f"{path} says how to install, run and what came out{pages}"
        failing = " and ".join(text for text in (links, commanded) if text)
        if failing:
            # Every part is there; a reader following the step finds nothing: a small deduction.
            return Result.warned(f"{message}, but {failing}", evidence, metrics, score=0.9)
        return Result.passed(message, evidence, metrics)
    score = sum(have.values()) / len(have)
    notes = [f"it {links}"] if broken else []
    notes += [commanded] if stray else []
    message = "; ".join([f"{path} lacks {', '.join(missing)}", *notes])
    return Result.warned(message, evidence, metrics, score=score)


def _naming_broken(targets: list[str]) -> str:
    if not targets:
        return ""
    unique = list(dict.fromkeys(targets))
    names = (
        " and ".join(unique[:2])
        if len(unique) <= 2
        else f"{unique[0]}, {unique[1]} and {len(unique) - 2} more"
    )
    verb = "is" if len(unique) == 1 else "are"
    return f"links {names}, which {verb} not in the repository"


def _naming_absent(files: list[AbsentFile]) -> str:
    if not files:
        return ""
    names = ", ".join(file.path for file in files[:3]) + (", ..." if len(files) > 3 else "")
    verb = "names" if len(files) == 1 else "name"
    return f" (its command{'s' if len(files) > 1 else ''} {verb} {names}, not in the repository)"


@rule("DOCS001")
def readme_useful(snapshot: Snapshot) -> Result:
    """A README (the one GitHub shows) that says what, how to install, how to run, and what
    came out."""
    path = readme_path(snapshot)
    if path is None:
        inner = _wrapped_readme(snapshot)
        if inner is not None and inner in snapshot.texts:
            return _one_folder_down(snapshot, inner)
        return Result.failed("no README at the top of the repository, in .github/ or in docs/")
    text = snapshot.texts.get(path)
    if text is None:
        return Result.warned(f"{path} could not be read", [Evidence(path)])
    words = count_words(text)
    if words < EMPTY_WORDS:
        first = text.strip().splitlines()[0][:100] if text.strip() else ""
        return Result.failed(
            f"{path} is empty or only a title ({words} words)",
            [Evidence(path, 1, first)],
            {"words": words},
        )
    return _grade_readme(snapshot, path, text, words)


def _wrapped_readme(snapshot: Snapshot) -> str | None:
    """The README of the one folder that holds the whole project, where the top of the
    repository has nothing else but dotfiles (``project/README.md`` beside ``.gitignore``)."""
    tops = {info.path.split("/")[0] for info in snapshot.files}
    shown = {top for top in tops if not top.startswith(".")}
    folders = {info.path.split("/")[0] for info in snapshot.files if "/" in info.path}
    if len(shown) != 1 or shown != {top for top in folders if not top.startswith(".")}:
        return None
    (folder,) = shown
    found = [
        f.path
        for f in snapshot.files
        if f.path.count("/") == 1
        and f.path.startswith(folder + "/")
        and README_NAME.match(f.path[len(folder) + 1 :])
    ]
    order = (".md", ".markdown", ".rst", ".txt", "")
    found.sort(key=lambda path: (order.index(PurePosixPath(path).suffix.lower()), path))
    return found[0] if found else None


def _one_folder_down(snapshot: Snapshot, path: str) -> Result:
    """A README one folder down, in the folder holding the project: graded, and at most a warn,
    as the repository's page shows no README."""
    text = snapshot.texts[path]
    graded = _grade_readme(snapshot, path, text, count_words(text))
    message = (
        "no README at the top of the repository, where GitHub shows one;"
        f" move {path} up: {graded.message}"
    )
    return Result.warned(message, graded.evidence, graded.metrics, score=min(graded.score, 0.5))


# ---------------------------------------------------------------------------- CI


@rule("DOCS003")
def ci_configured(snapshot: Snapshot) -> Result:
    """A CI configuration that parses and does something passes; none, only empty ones or only
    ones that do not parse fail; a broken one beside a working one warns, and so do workflows
    no push or pull request starts (a ticket bot, a nightly job: not what checks each change)."""
    configs = ci_configs(snapshot)
    if not configs:
        return Result.failed("no CI configuration (.github/workflows, .gitlab-ci.yml, ...)")
    real = [config.path for config in configs if config.runs]
    broken = [config for config in configs if config.error]
    metrics: dict[str, int | float | str | None] = {"ci_files": len(real)}
    problems = [f"{c.path} {c.broken}: {service(c.path)} does not run it" for c in broken]
    evidence = [Evidence(c.path, c.error_line or 1, c.broken[:100]) for c in broken]
    if not real:
        if broken:
            return Result.failed("; ".join(problems), evidence, metrics)
        empty = [Evidence(config.path, 1, "empty: runs nothing") for config in configs]
        return Result.failed("the CI configuration is empty or runs no job", empty, metrics)
    shown = [Evidence(path, 1) for path in real]
    if not any(config.on_every_change for config in configs if config.runs):
        events = sorted({event for config in configs if config.runs for event in config.triggers})
        message = (
            f"{', '.join(real)} run only on {', '.join(events)}: no workflow checks a push or a"
            " pull request"
        )
        return Result.warned("; ".join([message, *problems]), evidence + shown, metrics)
    if broken:
        return Result.warned("; ".join([", ".join(real), *problems]), evidence + shown, metrics)
    return Result.passed(", ".join(real), shown, metrics)
