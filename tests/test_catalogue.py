"""The catalogue and the code stay in step; every entry is complete and explainable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from repocheck.catalogue import UnknownRule, load_catalogue
from repocheck.explain import catalogue_markdown, explain_rule
from repocheck.registry import implementations

FAMILY_OF_CATEGORY = {
    "tests": "TEST",
    "history": "GIT",
    "readability": "READ",
    "reproducibility": "REPRO",
    "sanity": "SANITY",
    "docs": "DOCS",
}
#: IDs the core promises as a public interface.
PUBLIC_IDS = [
    "TEST001",
    "TEST002",
    "TEST003",
    "TEST004",
    "GIT001",
    "GIT002",
    "GIT003",
    "GIT004",
    "GIT005",
    "GIT006",
    "READ001",
    "READ002",
    "READ003",
    "READ004",
    "READ005",
    "REPRO001",
    "REPRO003",
    "REPRO004",
    "REPRO005",
    "DOCS001",
    "DOCS002",
    "DOCS003",
]
DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_every_catalogue_entry_has_an_implementation_and_back() -> None:
    catalogued = {meta.id for meta in load_catalogue().rules}
    implemented = set(implementations())
    assert catalogued - implemented == set(), "catalogued without code"
    assert implemented - catalogued == set(), "code without a catalogue entry"


def test_the_public_ids_are_all_there() -> None:
    catalogued = {meta.id for meta in load_catalogue().rules}
    assert set(PUBLIC_IDS) <= catalogued


def test_entries_are_complete_and_unique() -> None:
    catalogue = load_catalogue()
    slugs = [meta.slug for meta in catalogue.rules]
    assert len(slugs) == len(set(slugs))
    for meta in catalogue.rules:
        assert meta.id.startswith(FAMILY_OF_CATEGORY[meta.category]), meta.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", meta.slug), meta.slug
        assert len(meta.why) > 40 and len(meta.fix) > 20, meta.id
        assert meta.weight >= 0


@pytest.mark.parametrize("rule_id", PUBLIC_IDS)
def test_explain_names_the_rule_why_and_fix(rule_id: str) -> None:
    meta = load_catalogue().rule(rule_id)
    text = explain_rule(meta)
    assert text.startswith(f"{rule_id} ({meta.slug})")
    assert "Why it matters" in text and "How to fix it" in text


def test_a_rule_is_found_by_slug_too() -> None:
    catalogue = load_catalogue()
    assert catalogue.rule("license-present").id == "DOCS002"


def test_docs_rules_md_is_generated_from_the_catalogue() -> None:
    # Regenerate with: repocheck rules --format markdown > docs/rules.md
    assert DOCS.read_text(encoding="utf-8") == catalogue_markdown()


def test_names_resolve_to_rules_by_id_slug_or_family_and_suggest_on_typos() -> None:
    catalogue = load_catalogue()
    assert [m.id for m in catalogue.resolve("no-absolute-paths")] == ["REPRO005"]
    assert [m.id for m in catalogue.resolve("test001")] == ["TEST001"]
    tests = [m.id for m in catalogue.rules if m.category == "tests"]
    assert [m.id for m in catalogue.resolve("TEST")] == tests
    assert [m.id for m in catalogue.resolve("tests")] == tests
    with pytest.raises(UnknownRule) as raised:
        catalogue.resolve("TEST", categories=False)
    assert raised.value.suggestions[0].startswith("TEST")
    with pytest.raises(UnknownRule, match="did you mean 'REPRO005'"):
        catalogue.resolve("REPRO05")
