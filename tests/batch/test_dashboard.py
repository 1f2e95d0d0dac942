"""The HTML dashboard as text: escaped, self-contained, and locked down by its CSP."""

from __future__ import annotations

import base64
import hashlib
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


def test_every_repo_derived_value_is_escaped() -> None:
    html = page(hostile_rows())
    assert PAYLOAD not in html and "<img" not in html and "<b>" not in html
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html


def test_the_page_loads_nothing_and_runs_only_its_own_script() -> None:
    html = page(hostile_rows())
    assert not re.search(r"\b(src|srcset)\s*=", html.split("<main>")[0] + html.split("</main>")[1])
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


def test_details_list_every_finding_with_evidence_and_fix() -> None:
    row = analyzed("bob", "dump", {"notebook.py": "import torch\nx = torch.randn(3)\n"})
    html = page([row])
    panel = html.split('id="repo-0"')[1].split("</article>")[0]
    for rule in row.issues(None):
        assert f"<strong>{rule['id']}</strong>" in panel
    assert panel.count("Fix:") == len(row.issues(None)) > 3
    assert "Why it matters:" in panel and "Every other rule" in panel


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
