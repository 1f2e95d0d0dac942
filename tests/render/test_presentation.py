"""What a reader of the terminal and Markdown reports notices: the example a fix refers to,
the catalogue's code spans, colour and width as other command-line tools handle them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from repocheck.catalogue import load_catalogue
from repocheck.console import use_color
from tests.runner import repocheck

ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: TEST001's fix says "the five-line test in the example"; this is a line of that example.
EXAMPLE_LINE = "def test_output_has_one_logit_per_class():"


def run(target: Path, *args: str, **env: str) -> str:
    result = repocheck(target, *args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_terminal_prints_the_example_under_a_top_fix(dump: Path) -> None:
    text = run(dump, "--no-color")
    top = text.split("Top fixes", 1)[1].split("\nAlso", 1)[0]
    fix, example = top.split("TEST001", 1)[1].split("example:", 1)
    assert "the five-line test in the example" in " ".join(fix.split())
    assert EXAMPLE_LINE in example.split("\n  3.", 1)[0]


def test_a_long_example_is_cut_and_points_to_explain(tmp_path: Path) -> None:
    from repocheck.render.terminal import EXAMPLE_LINES, example

    long = load_catalogue().rule("REPRO001").example
    shown = example(long, 4, "REPRO001")
    assert len(shown.splitlines()) == EXAMPLE_LINES + 1
    assert "repocheck explain REPRO001" in shown.splitlines()[-1]


def test_markdown_folds_the_example_under_the_fix(dump: Path) -> None:
    text = run(dump, "--format", "markdown")
    item = text.split("2. **TEST001", 1)[1].split("\n3. ", 1)[0]
    assert "*Fix:*" in item
    folded = item.split("<details><summary>Example</summary>", 1)[1].split("</details>", 1)[0]
    assert "```python\n" in folded and EXAMPLE_LINE in folded


def test_catalogue_code_spans_stay_code_spans_in_markdown(dump: Path) -> None:
    text = run(dump, "--format", "markdown")
    assert "`pip install pytest`" in text
    fixes = [line for line in text.splitlines() if "*Fix:*" in line]
    assert fixes and not any("\\`" in line for line in fixes)
    # Repository text next to it is still escaped: the notebook's name from a rule message.
    assert "MNIST\\_final.ipynb" in text
    # Rule messages are plain text: none of repocheck's own wording turns into escaped backticks.
    assert "\\`" not in text


def test_no_rule_message_template_carries_markdown() -> None:
    # A message mixes repocheck's words with repository text and is escaped whole, so a code span
    # written into a message template would show as literal backticks in every Markdown report.
    import ast

    package = Path(__file__).resolve().parents[2] / "repocheck"
    # Analyses phrase what they found too (lint_context.describe, style_markers.mixes).
    for path in sorted(
        [*package.joinpath("rules").glob("*.py"), *package.joinpath("analysis").glob("*.py")]
    ):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = (
                node.targets
                if isinstance(node, ast.Assign)
                else [node.target]
                if isinstance(node, ast.AugAssign)
                else []
            )
            if any(isinstance(t, ast.Name) and t.id == "message" for t in targets):
                texts = [c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)]
                assert not any(isinstance(t, str) and "`" in t for t in texts), (
                    f"{path.name}:{node.lineno}"
                )


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        ((), {}, False),  # a pipe, no variables: plain
        ((), {"FORCE_COLOR": "1"}, True),
        ((), {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ((), {"FORCE_COLOR": "0"}, False),
        (("--color", "always"), {"NO_COLOR": "1"}, True),
        (("--color",), {}, True),  # the old flag still means always
        (("--color", "--fail-under", "0"), {}, True),
        (("--color", "never"), {"FORCE_COLOR": "1"}, False),
        (("--no-color",), {"FORCE_COLOR": "1"}, False),
        (("--color=auto",), {"FORCE_COLOR": "1"}, True),
    ],
)
def test_colour_follows_the_flag_then_no_color_then_force_color(
    dump: Path, args: tuple[str, ...], env: dict[str, str], colored: bool
) -> None:
    text = run(dump, *args, **{"NO_COLOR": "", **env})
    assert bool(ANSI.search(text)) is colored


def test_the_old_colour_flag_may_come_before_the_target(dump: Path) -> None:
    result = repocheck("--color", dump.name, cwd=dump.parent, env={"NO_COLOR": ""})
    assert result.returncode == 0, result.stderr
    assert ANSI.search(result.stdout) and dump.name in result.stdout


def test_colour_choice_unit() -> None:
    assert use_color("auto", True, {}) is True
    assert use_color("auto", True, {"NO_COLOR": "1"}) is False
    assert use_color("auto", True, {"NO_COLOR": ""}) is True  # empty means unset
    assert use_color("auto", False, {"FORCE_COLOR": "3"}) is True


def test_an_unknown_colour_choice_is_one_line_and_exit_2(dump: Path) -> None:
    result = repocheck(dump, "--color", "sometimes")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(("columns", "widest"), [("60", 60), ("200", 80)])
def test_prose_wraps_to_the_terminal_width_at_most_80(
    dump: Path, columns: str, widest: int
) -> None:
    text = run(dump, "--no-color", COLUMNS=columns)
    prose = text.split("\nAlso", 1)[1]  # the top fixes hold examples: code is never folded
    assert max(len(line) for line in prose.splitlines()) <= widest
    top = text.split("\nAlso", 1)[0]
    fixes = [line for line in top.splitlines() if "fix:" in line]
    assert fixes and all(len(line) <= widest for line in fixes)
