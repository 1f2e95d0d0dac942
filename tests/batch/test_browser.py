"""The dashboard in a real headless Chromium (Debian's, driven by Selenium and chromedriver).

Loads the page from a file, sorts the ranking by score, filters it, opens one repository's
details, and saves screenshots under test-artifacts/. The page must run its script under its
own Content-Security-Policy, log no error, and request nothing.

Skipped, with the reason, where Selenium is not installed; where Selenium is installed but
Chromium is not, it is skipped too, except in CI (CI=true), where .ci/run installs Chromium.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from repocheck.batch.dashboard import render_dashboard
from repocheck.batch.rows import Row, applicants, rank
from repocheck.catalogue import load_catalogue
from repocheck.facts.snapshot import RepoConfig
from tests.batch.results import GOOD, analyzed, broken

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
#: What the machine's notes ask of every Chromium run here: no sandbox (root in a container),
#: no GPU, and nothing that reaches out to the network on its own.
CHROMIUM_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,1400",
)  # fmt: skip

webdriver = pytest.importorskip(
    "selenium.webdriver", reason="Selenium is not installed (pip install selenium)"
)


def _browser_paths() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    reason = (
        "Chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(reason + ": .ci/run should have installed them")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    learners = [
        analyzed("Ada Lovelace", "fit", GOOD),
        analyzed("Grace Hopper", "dump", {"notebook.py": "import torch\nx = torch.randn(3)\n"}),
        analyzed("Alan Turing", "half", {k: v for k, v in GOOD.items() if "test" not in k}),
        analyzed("Barbara Liskov", "docs", {"README.md": GOOD["README.md"], "a.py": "x = 1\n"}),
        broken("Edsger Dijkstra", "gh:edsger/gone", "not-found", "repository not found"),
        broken("Hedy Lamarr", "git://127.0.0.1:9/h/x", "unreachable", "cannot connect"),
    ]
    return rank(learners)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = _browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in CHROMIUM_ARGS:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        yield browser
    finally:
        browser.quit()


def visible_rows(driver: Any) -> list[Any]:
    from selenium.webdriver.common.by import By

    return [
        row
        for row in driver.find_elements(By.CSS_SELECTOR, "#repos tbody tr")
        if row.is_displayed()
    ]


def scores(driver: Any) -> list[float]:
    return [float(row.get_attribute("data-score")) for row in visible_rows(driver)]


def test_sort_filter_and_open_details_in_chromium(
    rows: list[Row], driver: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    page = tmp_path / "report.html"
    page.write_text(
        render_dashboard(rows, applicants(rows), load_catalogue(), RepoConfig()), encoding="utf-8"
    )
    driver.get(page.as_uri())
    assert driver.title == "repocheck batch review"
    assert len(visible_rows(driver)) == 6

    sort = driver.find_element(By.CSS_SELECTOR, "#sort-score button")
    sort.click()
    best_first = scores(driver)
    scored = [s for s in best_first if s >= 0]
    assert scored == sorted(scored, reverse=True) and best_first[-2:] == [-1, -1]
    sort.click()
    worst_first = scores(driver)
    assert worst_first[:4] == sorted(scored) and worst_first[-2:] == [-1, -1]
    sort_header = driver.find_element(By.ID, "sort-score")
    assert sort_header.get_attribute("aria-sort") == "ascending"
    sort.click()
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "batch-dashboard.png"))

    search = driver.find_element(By.ID, "filter")
    search.send_keys("grace")
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in visible_rows(driver)] == [
        "Grace Hopper"
    ]
    assert driver.find_element(By.ID, "shown").text == "1 of 6 shown"
    search.clear()
    search.send_keys(" ")  # an input event with no words: everything again
    Select(driver.find_element(By.ID, "status")).select_by_value("failed")
    assert scores(driver) == [-1, -1]
    Select(driver.find_element(By.ID, "status")).select_by_value("all")
    minimum = driver.find_element(By.ID, "min-score")
    minimum.clear()
    minimum.send_keys("50")
    assert scores(driver) and all(score >= 50 for score in scores(driver))
    minimum.clear()
    minimum.send_keys("0")

    ada = next(i for i, row in enumerate(rows) if row.applicant == "Ada Lovelace")
    assert driver.find_elements(By.ID, f"repo-{ada}") == []  # built when chosen
    driver.find_element(By.CSS_SELECTOR, f"#row-{ada} a.open").click()
    panel = driver.find_element(By.ID, f"repo-{ada}")
    assert panel.is_displayed()
    assert "Ada Lovelace" in panel.text and "Fix:" in panel.text and "Why it matters:" in panel.text
    assert panel.text.count("Fix:") == len(rows[ada].issues(None))
    others = driver.find_elements(By.CSS_SELECTOR, "article.repo")
    assert sum(1 for article in others if article.is_displayed()) == 1
    driver.save_screenshot(str(ARTIFACTS / "batch-details.png"))
    failed = next(i for i, row in enumerate(rows) if row.applicant == "Hedy Lamarr")
    driver.find_element(By.CSS_SELECTOR, f"#row-{failed} a.open").click()
    panel = driver.find_element(By.ID, f"repo-{failed}")
    assert "unreachable" in panel.text and "cannot connect" in panel.text
    assert driver.find_elements(By.ID, f"repo-{ada}") == []  # one panel at a time
    applicants_shown = driver.find_elements(By.CSS_SELECTOR, "#people-body tr")
    assert len(applicants_shown) == 6
    assert len(driver.find_elements(By.CSS_SELECTOR, "#failures-body tr")) == 2

    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []


def many_rows(count: int) -> list[Row]:
    """``count`` rows from a few real reports, each with its own applicant, repository and
    finding messages and evidence (as real batches have), one in ten failed."""
    from repocheck.batch.inputs import Entry
    from repocheck.batch.rows import make_row
    from repocheck.batch.work import Outcome, failed
    from tests.batch.results import report

    shapes = [
        report(GOOD, "fit"),
        report({"notebook.py": "import torch\nx = torch.randn(3)\n"}, "dump"),
        report({"README.md": GOOD["README.md"], "a.py": "x = 1\n"}, "docs"),
    ]
    made = []
    for index in range(count):
        key = f"https://github.com/applicant{index}/project{index}"
        entry = Entry(key, f"Applicant {index}", f"row {index + 2}")
        if index % 10 == 9:
            made.append(make_row(entry, key, failed(key, "not-found", "repository not found")))
            continue
        data = copy.deepcopy(shapes[index % 3])
        for rule in data["rules"]:
            if rule["status"] in ("fail", "warn"):
                rule["message"] += f" (in project{index})"
                rule["evidence"] = [
                    {"path": f"src/project{index}/train.py", "line": 3, "cell": None,
                     "snippet": f"model_{index} = fit()"}
                ]  # fmt: skip
        made.append(make_row(entry, key, Outcome(key, data, seconds=0.5)))
    return rank(made)


def test_ten_thousand_rows_stay_small_and_open_a_detail_on_demand(
    driver: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    rows = many_rows(10_000)
    html = render_dashboard(rows, applicants(rows), load_catalogue(), RepoConfig())
    # Every row here carries messages and evidence of its own (real batches share more), so
    # the page grows with the findings' wording: 1.6 KB a row is the ceiling, with room for
    # a longer message. What must never grow per row is shared text:
    assert len(html.encode()) < 16_000_000
    # a rule's explanation is on the page once as data and once in the rubric, not per row.
    fix = load_catalogue().rule("TEST001").fix[:40]
    assert html.count(fix.replace("<", "\\u003c").replace(">", "\\u003e")) <= 2
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    driver.get(page.as_uri())
    assert len(driver.find_elements(By.CSS_SELECTOR, "#repos tbody tr")) == 10_000
    assert driver.find_elements(By.CSS_SELECTOR, "article.repo") == []
    target = 5_000
    link = driver.find_element(By.CSS_SELECTOR, f"#row-{target} a.open")
    driver.execute_script("arguments[0].click();", link)
    panel = driver.find_element(By.ID, f"repo-{target}")
    assert panel.is_displayed() and rows[target].applicant in panel.text
    assert "src/project" in panel.text and "Fix:" in panel.text
    assert len(driver.find_elements(By.CSS_SELECTOR, "article.repo")) == 1
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    assert errors == []
