"""The HTML dashboard as text: escaped, self-contained, and locked down by its CSP."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import unescape

from repocheck.batch.dashboard import histogram, render_dashboard, safe_link
from repocheck.batch.rows import applicants, rank
from repocheck.catalogue import load_catalogue
from repocheck.facts.snapshot import RepoConfig
from tests.batch.results import GOOD, analyzed, broken

PAYLOAD = "</script><img src=x onerror=alert(1)>"


def page(rows: list) -> str:
    ranked = rank(rows)
    return render_dashboard(ranked, applicants(ranked), load_catalogue(), RepoConfig())


def hostile_rows() -> list:
    files = {**GOOD, "train.py": f"PATH = '/ho' + 'me/x'\nprint('{PAYLOAD}')\n"}
    row = analyzed(f"<b>{PAYLOAD}</b>", "fit", files)
    assert row.report is not None
    row.report["rules"][0]["evidence"] = [
        {"path": PAYLOAD, "line": 1, "cell": None, "snippet": PAYLOAD}
    ]
    return [row, broken("javascript:alert(1)", "javascript:alert(1)", "bad-target", PAYLOAD)]


def data_block(html: str) -> str:
    return html.split('<script type="application/json" id="batch-data">')[1].split("</script>")[0]


def page_data_of(html: str) -> dict:
    """The page's data, each row (and its report) unpacked by the field names it carries."""
    data = json.loads(data_block(html))
    fields = data["fields"]
    rows = [dict(zip(fields["row"], values, strict=True)) for values in data["rows"]]
    for row in rows:
        if row["report"]:
            row["report"] = dict(zip(fields["report"], row["report"], strict=True))
    return {**data, "rows": rows}


def test_every_repo_derived_value_is_escaped() -> None:
    html = page(hostile_rows())
    assert PAYLOAD not in html and "<img" not in html and "<b>" not in html
    # Applicants' text travels as data: nothing in it can close the block or open markup.
    block = data_block(html)
    assert not set("<>&") & set(block)
    assert "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e" in block
    data = page_data_of(html)
    assert data["rows"][0]["who"] == f"<b>{PAYLOAD}</b>"
    assert PAYLOAD in json.dumps(data, ensure_ascii=False)  # intact, as text
    assert 'href="javascript:' not in html
    # Only web links become links: the failed row's target is not one.
    assert [row["link"] for row in data["rows"]] == [True, False]


def test_the_page_loads_nothing_and_runs_only_its_own_script() -> None:
    html = page(hostile_rows())
    markup = html.replace(data_block(html), "")
    assert not re.search(
        r"\b(src|srcset)\s*=", markup.split("<main>")[0] + markup.split("</main>")[1]
    )
    assert "<link" not in html and "@import" not in html and "url(" not in html
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert found is not None
    csp = unescape(found.group(1))
    assert "default-src 'none'" in csp
    for tag in ("script", "style"):
        blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.S)
        assert len(blocks) == 1
        digest = base64.b64encode(hashlib.sha256(blocks[0].encode()).digest()).decode()
        assert f"{tag}-src 'sha256-{digest}'" in csp
    assert ' style="' not in html  # the CSP would block inline style attributes


def test_details_hold_every_finding_with_evidence_and_each_rule_text_once() -> None:
    row = analyzed("bob", "dump", {"notebook.py": "import torch\nx = torch.randn(3)\n"})
    html = page([row])
    data = page_data_of(html)
    record = data["rows"][0]["report"]
    issues = row.issues(None)
    assert [finding[0] for finding in record["findings"]] == [rule["id"] for rule in issues]
    assert len(issues) > 3
    for finding, rule in zip(record["findings"], issues, strict=True):
        assert data["texts"][finding[3]] == rule["message"]
        assert len(finding[4]) == len(rule["evidence"])
        assert data["rules"][rule["id"]] == [rule["title"], rule["why"], rule["fix"]]
        assert html.count(json.dumps(rule["fix"], ensure_ascii=False)[1:-1][:60]) <= 2
    others = [data["outcomes"][position][0] for position in record["others"]]
    assert len(others) + len(issues) == len(row.report["rules"])  # type: ignore[index]


def test_the_rubric_and_the_failures_are_on_the_page() -> None:
    rows = [analyzed("ada", "fit"), broken("bob", "gh:bob/x", "timeout", "no result within 5 s")]
    html = page(rows)
    catalogue = load_catalogue()
    assert all(f"<strong>{meta.id}</strong>" in html for meta in catalogue.rules)
    assert "Failures (1)" in html and "no result within 5 s" in html
    assert "no result within the time allowed per repository" in html


def test_histogram_bins_scores_by_ten_points() -> None:
    bars = histogram([0, 9.9, 10, 55, 99, 100])
    assert [bar.count for bar in bars] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert bars[0].label == "0-9" and bars[-1].label == "90-100"
    tallest = max(bars, key=lambda bar: bar.height)
    assert tallest.count == 2 and all(bar.height >= 0 for bar in bars)


def test_only_web_links_are_followed() -> None:
    assert safe_link("https://github.com/ada/x") == "https://github.com/ada/x"
    assert safe_link("javascript:alert(1)") is None and safe_link("file:///etc") is None
