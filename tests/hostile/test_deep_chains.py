"""Class 4: chains that need no parentheses are as deep as the parser allows, and readings
follow them without recursing.

A run of ``not``, an attribute chain (``Path(__file__).parent.parent...``), an item chain
(``best[0][0]...``) and a ``+`` of many terms each parse at 1,900 links, deeper than Python's
recursion limit. Each once crashed a rule with a RecursionError; each must read as its short
form does.
"""

from __future__ import annotations

import ast

import pytest

from repocheck.model import Status
from tests.helpers import check, snapshot_from

LINKS = 1_900
NOTS = "not " * LINKS
SUM = " + ".join(['"a/"'] * LINKS)
TRAINING = (
    "for epoch in range(3):\n"
    "    for xb, yb in train_loader:\n"
    "        loss = crit(model(xb), yb)\n"
    "        loss.backward()\n"
    "        opt.step()\n"
)


def deep_files() -> dict[str, str]:
    return {
        "README.md": "# x\n",
        "tests/test_deep.py": f"def test_x():\n    assert {NOTS}True\n",
        "flags.py": f"import random\nflag = False\nif {NOTS}flag:\n    x = random.random()\n",
        "model.py": (
            "import random\nimport torch.nn as nn\n\nclass Net(nn.Module):\n"
            f"    def forward(self, x):\n        if {NOTS}self.training:\n"
            "            x = x * random.random()\n        return x\n\nmodel = Net()\n"
        ),
        "paths.py": (
            "import sys\nfrom pathlib import Path\n"
            f"sys.path.insert(0, str(Path(__file__){'.parent' * LINKS}))\n"
            f"sys.path.append({SUM})\n"
            "import helper\n"
        ),
        "scale.py": (
            "from sklearn.model_selection import train_test_split\n"
            "from sklearn.preprocessing import StandardScaler\n"
            f"scaler = StandardScaler()\nscaler.fit(X{'.a' * LINKS})\n"
            "X_train, X_test, y_train, y_test = train_test_split(X, y)\n"
        ),
        "select.py": (
            "import torch\n" + TRAINING + "    acc = evaluate(model, test_loader)\n"
            f"    if acc > best_acc:\n        best{'[0]' * LINKS} = acc\n"
        ),
    }


@pytest.mark.parametrize("rule_id", ["TEST002", "REPRO001", "REPRO003", "SANITY004"])
def test_a_chain_deeper_than_python_recurses_crashes_no_rule(rule_id: str) -> None:
    snapshot = snapshot_from(deep_files())
    assert all(unit.tree is not None for unit in snapshot.sources)  # each chain parses
    result = check(rule_id, snapshot)
    assert result.status is not Status.ERROR, result.message


def test_a_literal_set_of_lists_in_an_assert_crashes_no_rule() -> None:
    # ``{[1]}`` is unhashable: evaluating the literal raises TypeError, not ValueError.
    test = "def test_a():\n    assert ({[1]},)\n    assert ({[]: 1},)\n"
    result = check("TEST002", snapshot_from({"tests/test_a.py": test}))
    assert result.status is not Status.ERROR, result.message


def test_a_call_chain_names_nothing_past_the_links_read() -> None:
    # Every call of f()()()... asked for its name walked the chain below it: quadratic.
    from repocheck.analysis.ml_names import TERMINAL_LINKS, terminal

    short = ast.parse("model" + "(x)" * (TERMINAL_LINKS - 1), mode="eval").body
    deep = ast.parse("model" + "(x)" * LINKS, mode="eval").body
    assert terminal(short) == "model" and terminal(deep) is None


def test_an_attribute_chain_resolves_to_nothing_past_the_parts_read() -> None:
    # Each link of a.b.b... asked for its dotted name walked the chain below it: quadratic.
    from repocheck.analysis.imports import RESOLVED_PARTS, programs

    code = "import torch\n" + f"x = torch{'.nn' * (RESOLVED_PARTS - 1)}\n"
    code += f"y = torch{'.nn' * LINKS}\n"
    (program,) = programs(snapshot_from({"deep.py": code}))
    short, deep = (stmt.value for stmt in program.units[0].tree.body[1:])  # type: ignore[union-attr]
    assert program.resolve(short) == "torch" + ".nn" * (RESOLVED_PARTS - 1)
    assert program.resolve(deep) is None


def test_code_ruff_crashes_on_in_a_crowd_is_linted_and_formatted_alone(tmp_path) -> None:
    # ruff overflows the stack of its worker threads on chains Python still parses: the whole
    # check and format runs failed, and READ001 and READ003 judged nothing.
    from repocheck.facts.collect import collect

    deep = 2_500
    files = {
        "not.py": f"x = {'not ' * deep}a\n",
        "attribute.py": f"x = a{'.b' * deep}\n",
        "deep_paths.py": paths_and_flags(),
        **{f"pkg/m{i}.py": f"import os\nx  =  {i}\n" for i in range(6)},
    }
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    snapshot = collect(tmp_path)
    assert snapshot.errors == {}
    lint, formatting = snapshot.lint_result, snapshot.format_result
    assert lint is not None and formatting is not None
    assert {f"pkg/m{i}.py" for i in range(6)} <= {d.path for d in lint.diagnostics}  # F401
    assert formatting.files_checked + len(formatting.crashed) == len(files)
    assert {f"pkg/m{i}.py" for i in range(6)} <= set(formatting.would_reformat)


def paths_and_flags() -> str:
    files = deep_files()
    return files["paths.py"] + files["flags.py"]


def test_a_crash_costs_a_few_runs_per_file_and_a_file_crashing_alone_is_left_out() -> None:
    from repocheck.facts.lint import LintCrashed, _sparing

    runs: list[list[str]] = []

    def run(files: list[str]) -> list[str]:
        runs.append(files)
        if "worse" in files or ("bad" in files and len(files) > 1):
            raise LintCrashed("ruff crashed")
        return files

    files = [f"f{i}" for i in range(500)] + ["bad", "worse"]
    done, crashed = _sparing(run, files)
    assert crashed == ["worse"]
    assert sorted(sum(done, [])) == sorted(set(files) - {"worse"})
    assert len(runs) <= 4 * 10  # about twice the logarithm of the count, per crashing file
