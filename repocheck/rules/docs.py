"""Docs and project rules: README, licence, CI configuration."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence, Result
from repocheck.registry import rule
from repocheck.rules._ci import ci_configs, service

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
    """A LICENSE file at the top level, or a licence field in pyproject.toml."""
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


# ---------------------------------------------------------------------------- README

README_NAME = re.compile(r"^readme(\.(md|markdown|rst|txt))?$", re.IGNORECASE)
#: Fewer words than this is a title, not a README.
EMPTY_WORDS = 10
#: More words than this can explain a project.
USEFUL_WORDS = 40

_HEADING_MD = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_HEADING_HTML = re.compile(r"<h[1-6][^>]*>(.*?)</h[1-6]>", re.IGNORECASE)
_UNDERLINE = re.compile(r"^\s*([=\-~^*#+])\1{2,}\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")

_INSTALL_HEADING = re.compile(
    r"^(installation|install(ing)?|set ?-?up|requirements|dependencies|environment"
    r"|getting started)\b",
    re.IGNORECASE,
)
_INSTALL_TEXT = re.compile(
    r"\bpip3?\s+install\b|\b(conda|mamba|micromamba)\s+(env\s+create|create|install)\b"
    r"|\brequirements[\w.-]*\.txt\b|\benvironment\.ya?ml\b|\b(poetry|pipenv|pdm|pixi)\s+install\b"
    r"|\buv\s+(sync|pip\s+install|add)\b|\bsetup\.py\s+(install|develop)\b|\bdocker\s+(build|pull)\b",
    re.IGNORECASE,
)
_RUN_HEADING = re.compile(
    r"^(usage|quick ?start|training|train(ing)? the model|how to (run|use)|running|run"
    r"|inference|evaluation|examples?|demo|getting started|reproduc\w*)\b",
    re.IGNORECASE,
)
_RUN_TEXT = re.compile(
    # "python -m venv" and "python -m pip" set up; they do not run the project.
    r"\bpython[\d.]*\s+(-m\s+(?!(venv|pip|ensurepip|virtualenv)\b)[\w.]+"
    r"|(?!setup\.py)[\w./-]+\.py)\b"
    r"|\bjupyter\s+(notebook|lab|nbconvert)\b|\bstreamlit\s+run\b|\buvicorn\s+\w"
    r"|\bdocker\s+(run|compose)\b|\baccelerate\s+launch\b|\btorchrun\b|\bdvc\s+repro\b"
    r"|\bbash\s+[\w./-]+\.sh\b|(^|[\s`$])\./[\w./-]+|(^\s*\$?\s*|`)make\s+(?!install)\w+"
    r"|\b(uv|poetry|pdm|hatch)\s+run\s+\w|colab\.research\.google\.com",
    re.IGNORECASE,
)
_RESULTS_HEADING = re.compile(
    r"^(results?|performance|evaluation|benchmarks?|metrics|scores?|leaderboard|findings"
    r"|outcomes?)\b",
    re.IGNORECASE,
)
_METRIC = re.compile(
    r"\b(accuracy|acc|loss|f1(-score)?|bleu|rouge(-\w+)?|perplexity|ppl|auc|roc[- ]auc|iou"
    r"|dice|precision|recall|rmse|mae|mse|r2|r²|wer|cer|top-?[15]|psnr|ssim|fid|ndcg|mrr"
    r"|error rate)\b|(?-i:\bmAP\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(\.\d+)?\s*%|\d*\.\d+")
_IMAGE = re.compile(
    r"!\[[^\]]*\]\(\s*([^)\s]+)|<img\b[^>]*\bsrc=[\"']([^\"']+)|^\s*\.\.\s+(?:image|figure)::\s*(\S+)",
    re.IGNORECASE,
)
# Badges and logos decorate a README; they show no result.
_DECORATION = re.compile(r"shields\.io|badge|badgen|codecov|travis-ci|colab|binder|logo", re.I)
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$|^\s*\+(-+\+){2,}\s*$")

_PARTS = ("install", "usage", "results")
_PART_LABELS = {
    "substance": f"more than {USEFUL_WORDS} words",
    "install": "how to install",
    "usage": "how to run",
    "results": "the results",
}


def _readme(snapshot: Snapshot) -> str | None:
    """The top-level README, preferring Markdown, then reStructuredText, then plain text."""
    found = _top_level(snapshot, README_NAME)
    order = (".md", ".markdown", ".rst", ".txt", "")
    found.sort(key=lambda path: order.index(PurePosixPath(path).suffix.lower()))
    return found[0] if found else None


def _words(text: str) -> int:
    text = re.sub(r"https?://\S+|<[^>]+>", " ", text)
    return len(re.findall(r"[^\W\d_][\w'-]*", text))


@dataclass(frozen=True)
class _Line:
    """One README line: its number, its text, whether it sits inside a code block, the
    heading it is (or "") and how many words of text come before it."""

    number: int
    text: str
    in_code: bool
    heading: str
    words_before: int = 0


def _heading(lines: list[str], index: int) -> str:
    line = lines[index]
    for pattern in (_HEADING_MD, _HEADING_HTML):
        match = pattern.search(line)
        if match:
            return match.group(1).strip(" *_`:")
    following = lines[index + 1] if index + 1 < len(lines) else ""
    # Setext Markdown and reStructuredText titles are underlined on the next line.
    plain = line.strip() and not line.lstrip().startswith(("|", "-", "*", "+"))
    return line.strip(" *_`:") if plain and _UNDERLINE.match(following) else ""


def _lines(text: str) -> list[_Line]:
    lines = text.splitlines()
    result = []
    in_code = False
    words = 0
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_code = not in_code
            result.append(_Line(index + 1, line, True, "", words))
            continue
        heading = "" if in_code else _heading(lines, index)
        result.append(_Line(index + 1, line, in_code, heading, words))
        words += _words(line)
    return result


def _cli_names(snapshot: Snapshot) -> list[str]:
    """Console scripts the project declares: a README may run them by name."""
    text = snapshot.texts.get("pyproject.toml", "")
    section = re.search(r"^\[(project|tool\.poetry)\.scripts\]\s*$(.*?)(^\[|\Z)", text, re.M | re.S)
    if not section:
        return []
    return re.findall(r"^\s*\"?([\w.-]+)\"?\s*=", section.group(2), re.MULTILINE)


def _find(lines: list[_Line], heading: re.Pattern[str], text: re.Pattern[str]) -> _Line | None:
    for line in lines:
        if (line.heading and heading.match(line.heading)) or (
            not line.heading and text.search(line.text)
        ):
            return line
    return None


def _find_usage(lines: list[_Line], clis: list[str]) -> _Line | None:
    found = _find(lines, _RUN_HEADING, _RUN_TEXT)
    if found or not clis:
        return found
    command = re.compile(r"(^\s*\$?\s*|`)(" + "|".join(map(re.escape, clis)) + r")\b")
    return next((line for line in lines if command.search(line.text)), None)


def _shows_picture(line: _Line) -> bool:
    # A picture above the first paragraphs is a banner; one further down shows something.
    image = _IMAGE.search(line.text) and line.words_before >= USEFUL_WORDS
    return bool(image) and not _DECORATION.search(line.text)


def _shows_result(lines: list[_Line], index: int) -> bool:
    line = lines[index]
    if line.heading:
        return bool(_RESULTS_HEADING.match(line.heading))
    if line.in_code:
        return False
    if _METRIC.search(line.text) and _NUMBER.search(_METRIC.sub(" ", line.text)):
        return True
    if _shows_picture(line):
        return True
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    return "|" in line.text and bool(_TABLE_RULE.match(following))


def _find_results(lines: list[_Line]) -> _Line | None:
    return next((line for i, line in enumerate(lines) if _shows_result(lines, i)), None)


def _readme_parts(snapshot: Snapshot, text: str) -> dict[str, _Line | None]:
    lines = _lines(text)
    return {
        "install": _find(lines, _INSTALL_HEADING, _INSTALL_TEXT),
        "usage": _find_usage(lines, _cli_names(snapshot)),
        "results": _find_results(lines),
    }


def _grade_readme(snapshot: Snapshot, path: str, text: str, words: int) -> Result:
    """Score the four parts of a README that has some text."""
    found = _readme_parts(snapshot, text)
    have = {"substance": words > USEFUL_WORDS} | {part: found[part] is not None for part in _PARTS}
    metrics: dict[str, int | float | str | None] = {"words": words}
    metrics |= {part: int(ok) for part, ok in have.items()}
    evidence = [Evidence(path, 1, f"{words} words")]
    evidence += [
        Evidence(path, line.number, line.text.strip()[:100])
        for line in found.values()
        if line is not None
    ]
    missing = [_PART_LABELS[part] for part, ok in have.items() if not ok]
    if not missing:
        return Result.passed(
            f"{path} says how to install, run and what came out", evidence, metrics
        )
    score = sum(have.values()) / len(have)
    return Result.warned(f"{path} lacks {', '.join(missing)}", evidence, metrics, score=score)


@rule("DOCS001")
def readme_useful(snapshot: Snapshot) -> Result:
    """A top-level README that says what, how to install, how to run, and what came out."""
    path = _readme(snapshot)
    if path is None:
        return Result.failed("no README at the top of the repository")
    text = snapshot.texts.get(path)
    if text is None:
        return Result.warned(f"{path} could not be read", [Evidence(path)])
    words = _words(text)
    if words < EMPTY_WORDS:
        first = text.strip().splitlines()[0][:100] if text.strip() else ""
        return Result.failed(
            f"{path} is empty or only a title ({words} words)",
            [Evidence(path, 1, first)],
            {"words": words},
        )
    return _grade_readme(snapshot, path, text, words)


# ---------------------------------------------------------------------------- CI


@rule("DOCS003")
def ci_configured(snapshot: Snapshot) -> Result:
    """A CI configuration that parses and does something passes; none, only empty ones or only
    ones that do not parse fail; a broken one beside a working one warns."""
    configs = ci_configs(snapshot)
    if not configs:
        return Result.failed("no CI configuration (.github/workflows, .gitlab-ci.yml, ...)")
    real = [config.path for config in configs if config.runs]
    broken = [config for config in configs if config.error]
    metrics: dict[str, int | float | str | None] = {"ci_files": len(real)}
    problems = [
        f"{c.path} does not parse ({c.error}): {service(c.path)} does not run it" for c in broken
    ]
    evidence = [Evidence(c.path, c.error_line or 1, f"does not parse: {c.error}") for c in broken]
    if not real:
        if broken:
            return Result.failed("; ".join(problems), evidence, metrics)
        empty = [Evidence(config.path, 1, "empty: runs nothing") for config in configs]
        return Result.failed("the CI configuration is empty or runs no job", empty, metrics)
    shown = [Evidence(path, 1) for path in real]
    if broken:
        return Result.warned("; ".join([", ".join(real), *problems]), evidence + shown, metrics)
    return Result.passed(", ".join(real), shown, metrics)
