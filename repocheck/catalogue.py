"""The rule catalogue: every rule's user-facing text and weight, read from ``rules/*.toml``."""

from __future__ import annotations

import functools
import re
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
    #: The file (or folder) a finding without a location concerns, where code scanning shows
    #: it: the rule's ``file``, else its category's, else README.md.
    file: str = "README.md"
    #: ``repocheck fix`` has a fixer for it (``fixable = true``; a test keeps this equal to the
    #: fixers registered, so the report can say so without importing them).
    fixable: bool = False


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

    def resolve(self, name: str, *, categories: bool = True) -> tuple[RuleMeta, ...]:
        """The rules ``name`` stands for: a rule ID or slug (any case), or with ``categories`` a
        whole family by its ID prefix (``TEST``) or category ID (``tests``).

        Raises UnknownRule, whose message suggests the closest names, when it names nothing.
        """
        try:
            return (self.rule(name),)
        except KeyError:
            pass
        if categories:
            family = self._families().get(name.strip().upper())
            if family:
                return family
        raise UnknownRule(name, self.closest(name, categories=categories))

    def _families(self) -> dict[str, tuple[RuleMeta, ...]]:
        families: dict[str, list[RuleMeta]] = {}
        for meta in self.rules:
            families.setdefault(rule_prefix(meta.id), []).append(meta)
            families.setdefault(meta.category.upper(), []).append(meta)
        return {name: tuple(members) for name, members in families.items()}

    def names(self, *, categories: bool = True) -> list[str]:
        """Every name ``resolve`` accepts, as it would be written: IDs, slugs, families."""
        known = [name for meta in self.rules for name in (meta.id, meta.slug)]
        if categories:
            known += sorted({rule_prefix(meta.id) for meta in self.rules})
            known += [category.id for category in self.categories]
        return known

    def closest(self, name: str, *, categories: bool = True) -> list[str]:
        """Known names that look like ``name``, best first (for a "did you mean")."""
        known = self.names(categories=categories)
        by_key = {key.upper(): key for key in known}
        import difflib  # only a name that matches nothing gets here

        found = difflib.get_close_matches(name.strip().upper(), list(by_key), n=3, cutoff=0.6)
        return [by_key[key] for key in found]

    def category(self, category_id: str) -> Category:
        """The category with this ID; KeyError when there is none."""
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)


class UnknownRule(KeyError):
    """A name that is no rule, slug or family; ``suggestions`` are the closest known names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions

    def __str__(self) -> str:
        return f"{self.name!r} names no rule{did_you_mean(self.suggestions)}"


def did_you_mean(suggestions: list[str]) -> str:
    """``"; did you mean 'X'?"`` for the first suggestion, or nothing."""
    return f"; did you mean {suggestions[0]!r}?" if suggestions else ""


def rule_prefix(rule_id: str) -> str:
    """The family part of a rule ID: ``REPRO`` of ``REPRO005``."""
    return re.sub(r"[0-9]+$", "", rule_id)


_REQUIRED = ("slug", "title", "why", "fix", "weight")


def _load_file(path: Path) -> tuple[float, Category, list[RuleMeta]]:
    """(the category's place in the order, the category, its rules) of one catalogue file."""
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
                file=entry.get("file", cat.get("file", "README.md")),
                fixable=entry.get("fixable", False) is True,
            )
        )
    return cat.get("order", 99), category, rules


def _requires(value: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``requires = "TEST001"`` or ``requires = ["TEST001", "DOCS003"]``."""
    return (value,) if isinstance(value, str) else tuple(value)


@functools.lru_cache(maxsize=1)
def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Read every ``*.toml`` in the catalogue directory, ordered by the file's ``order`` key."""
    directory = directory or data_dir("rules")
    loaded = []
    for path in directory.glob("*.toml"):
        loaded.append(_load_file(path))  # each file parsed once: TOML is read in Python
    loaded.sort(key=lambda item: item[0])
    categories = tuple(category for _, category, _ in loaded)
    rules = tuple(rule for _, _, family in loaded for rule in family)
    return Catalogue(categories, rules)
