"""Text from the analyzed repository can neither break a report's markup nor ping anyone."""

from __future__ import annotations

import re

from repocheck.catalogue import RuleMeta
from repocheck.model import Evidence, Result
from repocheck.render import render
from repocheck.render.templating import markdown_code, markdown_escape
from repocheck.report import Report, Target
from repocheck.score import Outcome

HOSTILE = "@everyone <!-- x --> | **bold** [link](http://evil) #12 `tick`"


def hostile_report() -> Report:
    meta = RuleMeta(
        "GIT002", "commit-messages", "history", "Informative commit messages", "why", "fix", 2
    )
    result = Result.failed(HOSTILE, [Evidence("a|b*.py", 3, "``` " + HOSTILE)])
    outcome = Outcome(meta, result, 2)
    return Report(Target("x", "@octocat <b>repo</b>"), 0.0, "F", (), (outcome,))


def test_markdown_escape_neutralises_mentions_html_and_tables() -> None:
    text = markdown_escape(HOSTILE)
    assert "@everyone" not in text and "@\u200beveryone" in text
    assert "<!--" not in text and "|" not in text.replace("\\|", "")
    assert "**" not in text and "#\u200b12" in text


def test_code_spans_hold_any_backticks() -> None:
    assert markdown_code("a ``b`` c") == "```a ``b`` c```"
    assert markdown_code("`x`") == "`` `x` ``"
    assert markdown_code("line\nbreak") == "`line break`"


def without_code_spans(markdown: str) -> str:
    """GitHub renders code spans literally: no mentions, links or HTML happen inside them."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", markdown)


def test_markdown_report_renders_hostile_text_inert() -> None:
    text = without_code_spans(render(hostile_report(), "markdown"))
    assert "@everyone" not in text and "@octocat" not in text
    assert "<!-- x" not in text and "<b>" not in text
    assert "[link](http" not in text


def test_terminal_report_does_not_interpret_rich_markup_from_the_repo() -> None:
    report = hostile_report()
    meta = report.outcomes[0].meta
    sneaky = Result.failed("[red]fake[/red] [link=http://evil]x[/link]", [Evidence("[b]f.py", 1)])
    report = Report(report.target, 0.0, "F", (), (Outcome(meta, sneaky, 2),))
    text = render(report, "terminal")
    assert "[red]fake[/red]" in text and "[b]f.py" in text
