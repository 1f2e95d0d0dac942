"""The rule catalogue: every rule's user-facing text and weight, read from ``rules/*.toml``."""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from pathlib import Path

from repocheck.resources import data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib


@dataclass(frozen=True)
class Category:
    """A family of rules, scored together out of 10."""

    id: str
    title: str
    summary: str


@dataclass(frozen=True)
class RuleMeta:
    """One catalogue entry: what a rule checks, why a team cares and how to fix it."""

    id: str
    slug: str
    category: str
    title: str
    why: str
    fix: str
    weight: float
    references: tuple[str, ...] = ()
    example: str = ""
    misses: str = ""
    #: Rules whose failure already counts this rule's finding: when one fails, this rule is
    #: skipped instead of charging the same absence twice (docs/scoring.md).
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Catalogue:
    """Every category and rule, in catalogue order."""

    categories: tuple[Category, ...]
    rules: tuple[RuleMeta, ...]

    def rule(self, rule_id: str) -> RuleMeta:
        """The entry with this ID (any case) or slug; KeyError when there is none."""
        wanted = rule_id.upper()
        for meta in self.rules:
            if meta.id == wanted or meta.slug == rule_id.lower():
                return meta
        raise KeyError(rule_id)

    def category(self, category_id: str) -> Category:
        """The category with this ID; KeyError when there is none."""
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)


_REQUIRED = ("slug", "title", "why", "fix", "weight")


def _load_file(path: Path) -> tuple[Category, list[RuleMeta]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cat = data["category"]
    category = Category(cat["id"], cat["title"], cat.get("summary", ""))
    rules = []
    for rule_id, entry in data.get("rules", {}).items():
        missing = [key for key in _REQUIRED if key not in entry]
        if missing:
            raise ValueError(f"{path.name}: {rule_id} lacks {', '.join(missing)}")
        rules.append(
            RuleMeta(
                id=rule_id,
                slug=entry["slug"],
                category=category.id,
                title=entry["title"],
                why=entry["why"].strip(),
                fix=entry["fix"].strip(),
                weight=float(entry["weight"]),
                references=tuple(entry.get("references", ())),
                example=entry.get("example", "").strip(),
                misses=entry.get("misses", "").strip(),
                requires=_requires(entry.get("requires", ())),
            )
        )
    return category, rules


def _requires(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``requires = "TEST001"`` or ``requires = ["TEST001", "DOCS003"]``."""
    return (value,) if isinstance(value, str) else tuple(value)


@functools.lru_cache(maxsize=1)
def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Read every ``*.toml`` in the catalogue directory, ordered by the file's ``order`` key."""
    directory = directory or data_dir("rules")
    loaded = []
    for path in directory.glob("*.toml"):
        order = tomllib.loads(path.read_text(encoding="utf-8"))["category"].get("order", 99)
        loaded.append((order, *_load_file(path)))
    loaded.sort(key=lambda item: item[0])
    categories = tuple(category for _, category, _ in loaded)
    rules = tuple(rule for _, _, family in loaded for rule in family)
    return Catalogue(categories, rules)
