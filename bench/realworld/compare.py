"""Read the corpus files, compare one report with its expectations, and tabulate per rule."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

STATUSES = frozenset({"pass", "warn", "fail", "skip", "error"})
FINDINGS = frozenset({"warn", "fail"})
CATALOGUE = Path(__file__).resolve().parents[2] / "rules"
#: The per-rule counts, in the table's column order.
COUNTS = (
    "findings",
    "right",
    "wrong",
    "debatable",
    "severity",
    "unread",
    "missed",
    "agree",
    "disagree",
)


def load_prerequisites(folder: Path = CATALOGUE) -> dict[str, tuple[str, ...]]:
    """Rule ID -> the rules it ``requires`` in the catalogue (rules/*.toml).

    A rule whose prerequisite failed is skipped on purpose (the gap is charged once, at the
    prerequisite), so its skip agrees with an expected warn or fail.
    """
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted(folder.glob("*.toml")):
        for rule_id, table in _read_toml(path).get("rules", {}).items():
            needs = table.get("requires", ())
            found[rule_id] = (needs,) if isinstance(needs, str) else tuple(needs)
    return found


@dataclass(frozen=True)
class Repo:
    owner: str
    name: str
    commit: str
    kind: str


@dataclass(frozen=True)
class Expectation:
    allowed: frozenset[str]
    reason: str
    debatable: bool = False


@dataclass
class Verdict:
    rule: str
    expected: list[str]
    got: str
    reason: str
    #: agree | severity (a warn where a fail is right, or the reverse: the finding is true) |
    #: wrong (a finding where no finding is right) | missed (only a finding allowed) | disagree
    verdict: str
    debatable: bool
    evidence: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    repo: Repo
    statuses: dict[str, str]
    verdicts: list[Verdict]
    unexpected: list[Verdict]

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self.repo),
            "statuses": self.statuses,
            "verdicts": [asdict(v) for v in self.verdicts],
            "unexpected": [asdict(v) for v in self.unexpected],
        }


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path.name}: {exc}") from None
    return data


def load_repos(path: Path) -> list[Repo]:
    repos = []
    for entry in _read_toml(path).get("repo", []):
        try:
            repos.append(Repo(entry["owner"], entry["name"], entry["commit"], entry["kind"]))
        except KeyError as exc:
            raise ValueError(f"a [[repo]] entry lacks {exc}") from None
    return repos


def expectations_path(folder: Path, repo: Repo) -> Path:
    return folder / f"{repo.owner}__{repo.name}.toml"


def load_expectations(folder: Path, repo: Repo) -> dict[str, Expectation]:
    """Rule ID -> the statuses that would be right, from ``<owner>__<name>.toml``."""
    path = expectations_path(folder, repo)
    if not path.exists():
        return {}
    out = {}
    for rule, entry in _read_toml(path).items():
        raw = entry.get("expected")
        allowed = frozenset([raw] if isinstance(raw, str) else raw or [])
        if not allowed or not allowed <= STATUSES:
            raise ValueError(f"{path.name}: {rule}: expected must be statuses, got {raw!r}")
        out[rule] = Expectation(allowed, str(entry.get("reason", "")), bool(entry.get("debatable")))
    return out


def _evidence(rule: dict[str, Any], limit: int = 3) -> list[str]:
    lines = []
    for item in rule.get("evidence", [])[:limit]:
        where = item.get("path") or "?"
        if item.get("cell") is not None:
            where += f"#cell{item['cell']}"
        if item.get("line") is not None:
            where += f":{item['line']}"
        lines.append(f"{where} {item.get('snippet') or ''}".strip())
    return lines


def _judge(
    got: str, allowed: frozenset[str], prerequisites: tuple[str, ...], statuses: dict[str, str]
) -> str:
    if got in allowed:
        return "agree"
    charged_elsewhere = any(statuses.get(rule) == "fail" for rule in prerequisites)
    if got == "skip" and charged_elsewhere and allowed & FINDINGS:
        return "agree"  # the same absence is charged once, at the failed prerequisite
    if got in FINDINGS and allowed & FINDINGS:
        return "severity"
    if got in FINDINGS:
        return "wrong"
    if allowed <= FINDINGS:
        return "missed"  # only a warn or fail would have been right
    return "disagree"


def compare_repo(
    repo: Repo,
    expected: dict[str, Expectation],
    report: dict[str, Any],
    prerequisites: dict[str, tuple[str, ...]] | None = None,
) -> Outcome:
    rules = {r["id"]: r for r in report.get("rules", [])}
    statuses = {rid: str(r.get("status")) for rid, r in rules.items()}
    needs = load_prerequisites() if prerequisites is None else prerequisites
    verdicts, unexpected = [], []
    for rid, rule in rules.items():
        got = statuses[rid]
        expectation = expected.get(rid)
        if expectation is None:
            if got in FINDINGS:
                unexpected.append(
                    Verdict(
                        rid,
                        [],
                        got,
                        str(rule.get("message", "")),
                        "no expectation",
                        False,
                        _evidence(rule),
                    )
                )
            continue
        verdict = _judge(got, expectation.allowed, needs.get(rid, ()), statuses)
        verdicts.append(
            Verdict(
                rid,
                sorted(expectation.allowed),
                got,
                expectation.reason,
                verdict,
                expectation.debatable,
                _evidence(rule),
            )
        )
    return Outcome(repo, statuses, verdicts, unexpected)


def summarize(outcomes: Iterable[Outcome]) -> dict[str, dict[str, Any]]:
    """Per rule: findings (warn/fail), right, wrong, debatable, missed, agree, disagree."""
    table: dict[str, dict[str, Any]] = {}
    for outcome in outcomes:
        for v in [*outcome.verdicts, *outcome.unexpected]:
            row = table.setdefault(v.rule, dict.fromkeys(COUNTS, 0))
            finding = v.got in FINDINGS
            row["findings"] += finding
            if v.verdict == "no expectation":
                row["unread"] += 1
                continue
            row["agree" if v.verdict == "agree" else "disagree"] += 1
            true_finding = v.verdict in ("agree", "severity")
            if finding and v.debatable and true_finding:
                row["debatable"] += 1
            elif finding:
                # A warn where a fail is right (or the reverse) states something true: it
                # counts as right for precision, and as a disagreement with its severity.
                row["right" if true_finding else "wrong"] += 1
            row["severity"] += v.verdict == "severity"
            row["missed"] += v.verdict == "missed"
    for row in table.values():
        judged = row["right"] + row["wrong"]
        row["precision"] = round(row["right"] / judged, 2) if judged else None
    return dict(sorted(table.items()))


def _rows(summary: dict[str, dict[str, Any]]) -> list[list[str]]:
    rows = []
    for rule, row in summary.items():
        precision = "-" if row["precision"] is None else f"{row['precision']:.2f}"
        rows.append([rule, *(str(row[c]) for c in COUNTS), precision])
    return rows


HEAD = ["rule", *COUNTS, "precision"]


def _problems(outcomes: Iterable[Outcome], unread: bool) -> list[tuple[str, Verdict]]:
    """Every disagreement, and with ``unread`` also the findings nobody has read yet."""
    return [
        (f"{o.repo.owner}/{o.repo.name}", v)
        for o in outcomes
        for v in [*o.verdicts, *(o.unexpected if unread else [])]
        if v.verdict != "agree"
    ]


def render_text(
    header: dict[str, Any], summary: dict[str, Any], outcomes: list[Outcome], unread: bool = False
) -> str:
    lines = [
        f"repocheck {header['repocheck_version']} on {header['repositories']} repositories,"
        f" {header['date']}",
        *(f"unavailable: {k}: {v}" for k, v in header["unavailable"].items()),
        "",
        "  ".join(f"{h:>9}" for h in HEAD),
        *("  ".join(f"{c:>9}" for c in row) for row in _rows(summary)),
        "",
        "Disagreements:",
    ]
    for label, v in _problems(outcomes, unread):
        lines.append(
            f"- {label} {v.rule}: expected {v.expected or '-'}, got {v.got}"
            f" ({v.verdict}): {v.reason}"
        )
        lines.extend(f"    {e}" for e in v.evidence)
    return "\n".join(lines)


def render_markdown(
    header: dict[str, Any], summary: dict[str, Any], outcomes: list[Outcome], unread: bool = False
) -> str:
    lines = [
        f"repocheck {header['repocheck_version']}, {header['repositories']} repositories,"
        f" {header['date']}.",
        "",
        "| " + " | ".join(HEAD) + " |",
        "|" + " --- |" * len(HEAD),
        *("| " + " | ".join(row) + " |" for row in _rows(summary)),
        "",
    ]
    for label, v in _problems(outcomes, unread):
        # Snippets hold backticks of their own; a double-backtick span keeps them literal.
        where = f" (`` {v.evidence[0]} ``)" if v.evidence else ""
        lines.append(
            f"- {label} {v.rule}: expected {'/'.join(v.expected) or '-'}, got"
            f" {v.got} ({v.verdict}): {v.reason}{where}"
        )
    return "\n".join(lines)
