"""The HTML dashboard: one self-contained file a reviewer opens offline and explores.

Rendered with Jinja2 with autoescaping on: applicants' names, file names, snippets and commit
subjects are attacker-controlled text. The page loads nothing (no CDN, no font, no image): its
style and script are inline, and a Content-Security-Policy allows exactly those two blocks by
their SHA-256 and nothing else, so even markup that slipped past escaping could not run a
script or send a request. The score distribution is an inline SVG drawn here. The rows travel
once, as data (pagedata.py): the page's script builds the tables from them, and a repository's
panel when it is chosen.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from repocheck import __version__
from repocheck.batch.pagedata import embed, page_data
from repocheck.batch.rows import Applicant, Row
from repocheck.batch.work import KINDS
from repocheck.catalogue import Catalogue
from repocheck.facts.snapshot import RepoConfig
from repocheck.resources import data_dir

#: Histogram geometry (SVG user units).
CHART_WIDTH, CHART_HEIGHT, BAR_AREA = 640, 220, 150
BINS = 10


@functools.cache
def environment() -> jinja2.Environment:
    """The HTML environment: autoescaped, strict about undefined names."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@dataclass(frozen=True)
class Bar:
    """One bar of the score histogram."""

    x: float
    y: float
    width: float
    height: float
    count: int
    label: str


def histogram(scores: Sequence[float]) -> list[Bar]:
    """Ten bars of width 10 points; 100 falls in the last."""
    counts = [0] * BINS
    for score in scores:
        counts[min(BINS - 1, int(score // (100 / BINS)))] += 1
    tallest = max(counts) or 1
    slot = (CHART_WIDTH - 40) / BINS
    bars = []
    for index, count in enumerate(counts):
        height = BAR_AREA * count / tallest
        low = index * 100 // BINS
        label = f"{low}-{low + 100 // BINS - (0 if index == BINS - 1 else 1)}"
        bars.append(
            Bar(30 + index * slot + 4, 20 + BAR_AREA - height, slot - 8, height, count, label)
        )
    return bars


def safe_link(url: str) -> str | None:
    """``url`` when a browser may follow it (http or https), else None."""
    return url if url.startswith(("https://", "http://")) else None


def _rubric(catalogue: Catalogue, config: RepoConfig) -> list[dict[str, Any]]:
    rubric = []
    for category in catalogue.categories:
        rules = [
            {
                "meta": meta,
                "weight": config.weights.get(meta.id, meta.weight),
                "ignored": config.ignore.get(meta.id),
            }
            for meta in catalogue.rules
            if meta.category == category.id
        ]
        rubric.append({"category": category, "rules": rules})
    return rubric


def _summary(rows: Sequence[Row]) -> dict[str, Any]:
    scores = [r.score for r in rows if r.score is not None]
    interrupted = sum(1 for r in rows if r.kind == "interrupted")
    return {
        "repos": len(rows),
        "analyzed": sum(1 for r in rows if r.ok),
        # Rows the batch never reached are not the applicants' failures.
        "failed": sum(1 for r in rows if not r.ok) - interrupted,
        "interrupted": interrupted,
        "cached": sum(1 for r in rows if r.outcome.cached),
        "median": round(statistics.median(scores), 1) if scores else None,
    }


def render_dashboard(
    rows: Sequence[Row],
    people: Sequence[Applicant],
    catalogue: Catalogue,
    config: RepoConfig,
    *,
    title: str = "repocheck batch review",
    rubric_id: str = "",
    trusted: bool = False,
) -> str:
    """The whole page as one string."""
    env = environment()
    categories = [(category.id, category.title) for category in catalogue.categories]
    style = env.get_template("batch.css.j2").render()
    script = env.get_template("batch.js.j2").render()
    csp = (
        f"default-src 'none'; style-src '{_digest(style)}'; script-src '{_digest(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return env.get_template("batch.html.j2").render(
        title=title,
        version=__version__,
        rubric_id=rubric_id,
        trusted=trusted,
        csp=csp,
        style=style,
        script=script,
        data=embed(page_data(rows, people, categories, KINDS)),
        categories=catalogue.categories,
        summary=_summary(rows),
        bars=histogram([r.score for r in rows if r.score is not None]),
        chart={"width": CHART_WIDTH, "height": CHART_HEIGHT, "base": 20 + BAR_AREA},
        rubric=_rubric(catalogue, config),
    )
