"""``--format sarif`` against the official SARIF 2.1.0 schema, and ``--format badge`` against
the shape shields.io's endpoint badge documents."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from repocheck.catalogue import load_catalogue
from repocheck.score import shown
from tests.runner import repocheck

ROOT = Path(__file__).resolve().parents[2]
#: CI lays the shared folder out beside the checkout; the schema is OASIS's, not copied here.
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-2.1.0.json"

#: https://shields.io/badges/endpoint-badge: the fields an endpoint may return.
SHIELDS_ENDPOINT = {
    "type": "object",
    "required": ["schemaVersion", "label", "message"],
    "additionalProperties": False,
    "properties": {
        "schemaVersion": {"const": 1},
        "label": {"type": "string"},
        "message": {"type": "string", "minLength": 1},
        "color": {"type": "string"},
        "labelColor": {"type": "string"},
        "isError": {"type": "boolean"},
        "namedLogo": {"type": "string"},
        "logoSvg": {"type": "string"},
        "logoColor": {"type": "string"},
        "style": {"enum": ["flat", "flat-square", "plastic", "for-the-badge", "social"]},
        "cacheSeconds": {"type": "integer", "minimum": 300},
    },
}
SHIELDS_COLORS = {"brightgreen", "green", "yellowgreen", "yellow", "orange", "red", "lightgrey"}


def sarif_of(target: Path) -> dict:
    result = repocheck(target, "--format", "sarif")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_sarif_validates_against_the_official_schema(dump: Path, exemplary: Path) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (CI puts shared/ beside)")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    for target in (dump, exemplary):
        jsonschema.Draft4Validator(schema).validate(sarif_of(target))


def test_sarif_has_one_rule_per_catalogue_entry_and_located_results(dump: Path) -> None:
    run = sarif_of(dump)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [m.id for m in load_catalogue().rules]
    assert all(r["help"]["text"] and r["shortDescription"]["text"] for r in rules)
    assert run["results"], "the learner dump has findings with locations"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] and not location["artifactLocation"][
            "uri"
        ].startswith("/")
    notebook = [
        r
        for r in run["results"]
        if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(".ipynb")
    ]
    # A line inside a notebook cell is not a line of the .ipynb file: no region is claimed.
    assert notebook and all("region" not in r["locations"][0]["physicalLocation"] for r in notebook)


@pytest.mark.parametrize("fixture", ["dump", "exemplary"])
def test_badge_is_a_shields_endpoint(fixture: str, request: pytest.FixtureRequest) -> None:
    target = request.getfixturevalue(fixture)
    result = repocheck(target, "--format", "badge")
    assert result.returncode == 0, result.stderr
    badge = json.loads(result.stdout)
    jsonschema.validate(badge, SHIELDS_ENDPOINT)
    report = json.loads(repocheck(target, "--format", "json").stdout)
    assert badge["message"] == f"{shown(report['score'])}/100 {report['grade']}"
    assert badge["color"] in SHIELDS_COLORS
    assert badge["color"] == ("red" if report["grade"] == "F" else badge["color"])
