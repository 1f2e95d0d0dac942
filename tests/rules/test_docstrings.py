from __future__ import annotations

import json

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def notebook(*cells: str) -> str:
    """An nbformat 4 notebook whose cells are code cells with the given sources."""
    raw = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
        for s in cells
    ]
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# READ004 ------------------------------------------------------------------------------------


def test_read004_passes_when_public_api_is_documented() -> None:
    source = (
        'class Trainer:\n    """Train a model."""\n\n'
        '    def fit(self):\n        """Fit."""\n\n'
        'def main():\n    """Run."""\n'
    )
    result = check("READ004", snapshot_from({"src/train.py": source}))
    assert result.status is Status.PASS
    assert result.metrics == {"public": 3, "documented": 3, "share": 1.0}


def test_read004_fails_and_lists_the_largest_undocumented_first() -> None:
    source = (
        "def small():\n    return 1\n\n\n"
        "class Model:\n    def forward(self, x):\n        y = x + 1\n        return y\n"
    )
    result = check("READ004", snapshot_from({"pkg/__init__.py": "", "pkg/model.py": source}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [
        ("pkg/model.py", 5),
        ("pkg/model.py", 6),
        ("pkg/model.py", 1),
    ]
    assert result.evidence[1].snippet == "def Model.forward (3 lines, no docstring)"


def test_read004_warns_when_a_third_is_documented() -> None:
    source = 'def a():\n    """A."""\n\n\ndef b():\n    pass\n\n\ndef c():\n    pass\n'
    result = check("READ004", snapshot_from({"lib.py": source}))
    assert result.status is Status.WARN
    assert result.metrics["documented"] == 1 and result.evidence[0].line == 5


def test_read004_leaves_out_private_dunder_stub_setter_main_test_and_notebook_code() -> None:
    source = (
        "from typing import overload\n\n"
        'def api():\n    """Documented."""\n\n'
        "def _helper():\n    pass\n\n"
        "@overload\ndef api2(x: int) -> int: ...\n\n"
        "class _Private:\n    def run(self):\n        pass\n\n"
        'class Box:\n    """Documented."""\n'
        "    def __init__(self):\n        pass\n"
        "    def __len__(self):\n        return 0\n"
        '    @property\n    def size(self):\n        """Documented."""\n'
        "    @size.setter\n    def size(self, value):\n        pass\n\n"
        'if __name__ == "__main__":\n    def cli():\n        pass\n'
    )
    files = {
        "src/lib.py": source,
        "src/_internal.py": "def exposed():\n    pass\n",
        "tests/test_lib.py": "def test_api():\n    pass\n",
        "explore.ipynb": notebook("def plot():\n    pass\n"),
    }
    result = check("READ004", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["public"] == 3 and result.evidence == ()


def test_read004_counts_definitions_under_a_top_level_try() -> None:
    source = (
        "try:\n    import torch\nexcept ImportError:\n    def to_device(x):\n        return x\n"
    )
    result = check("READ004", snapshot_from({"pkg/__init__.py": "", "pkg/lib.py": source}))
    assert result.status is Status.FAIL
    assert result.evidence[0].line == 4


def test_read004_skips_without_public_definitions() -> None:
    result = check("READ004", snapshot_from({"run.py": "print('hi')\n"}))
    assert result.status is Status.SKIP


def test_read004_accepts_a_class_documented_in_its_init() -> None:
    # numpydoc and Google style both allow the class docstring to live in __init__.
    source = (
        "class Encoder:\n"
        "    def __init__(self, dim):\n"
        '        """Encode tokens into dim-sized vectors."""\n'
        "        self.dim = dim\n\n"
        "class Decoder:\n"
        "    def __init__(self, dim):\n"
        "        self.dim = dim\n"
    )
    result = check("READ004", snapshot_from({"pkg/__init__.py": "", "pkg/model.py": source}))
    assert result.metrics == {"public": 2, "documented": 1, "share": 0.5}
    assert [e.snippet for e in result.evidence] == ["class Decoder (3 lines, no docstring)"]


def test_read004_accepts_a_docstring_assigned_to_doc() -> None:
    # Generated docstrings: a subclass's built from its parent's, a wrapper's copied over.
    source = (
        "class Net:\n"
        '    """A network."""\n\n'
        "class Classifier(Net):\n"
        "    __doc__ = Net.__doc__ + 'for classification'\n\n"
        "    def fit(self, x):\n"
        "        return self\n\n"
        "def predict(x):\n"
        "    return x\n\n"
        "predict.__doc__ = Classifier.fit.__doc__\n\n"
        "def score(x):\n"
        "    return x\n"
    )
    result = check("READ004", snapshot_from({"pkg/__init__.py": "", "pkg/net.py": source}))
    assert result.metrics == {"public": 5, "documented": 3, "share": 0.6}
    assert sorted(e.snippet for e in result.evidence) == [
        "def Classifier.fit (2 lines, no docstring)",
        "def score (2 lines, no docstring)",
    ]


def test_read004_reads_the_public_api_a_package_re_exports_from_private_modules() -> None:
    # The layout of many libraries: code in private modules, the API named in __init__.py.
    files = {
        "lib/__init__.py": (
            "from ._linear import Linear as Linear\n"
            "from ._nn import dropout\n"
            "from . import _helpers\n"
            "from ._version import Version\n"
            "assert Version('2') > Version('1')  # for its own use, not an export\n"
        ),
        "lib/_version.py": "class Version:\n    def __init__(self, text):\n        pass\n",
        "lib/_linear.py": (
            "class Linear:\n"
            '    """A linear layer."""\n\n'
            "    def forward(self, x):\n        return x\n\n"
            "def _init(x):\n    return x\n\n"
            "def unexported(x):\n    return x\n"
        ),
        "lib/_nn/__init__.py": "from ._dropout import dropout\n",
        "lib/_nn/_dropout.py": "def dropout(x, p):\n    return x\n",
        "lib/_helpers.py": "def helper(x):\n    return x\n",
    }
    result = check("READ004", snapshot_from(files))
    assert result.status is not Status.SKIP, result.message
    assert result.metrics == {"public": 3, "documented": 1, "share": 0.333}
    assert sorted(e.snippet for e in result.evidence) == [
        "def Linear.forward (2 lines, no docstring)",
        "def dropout (2 lines, no docstring)",
    ]


#: A lecture script: helpers explained by comments, run top to bottom, imported by nothing.
LECTURE = (
    "import torch\n\n\n"
    "# the bigram model: a lookup table of next-token logits\n"
    "class Bigram(torch.nn.Module):\n"
    "    def __init__(self, vocab):\n        super().__init__()\n"
    "        self.table = torch.nn.Embedding(vocab, vocab)\n\n"
    "    def forward(self, idx):\n        return self.table(idx)\n\n\n"
    "def get_batch(data, size):\n    return data[:size]\n\n\n"
    "model = Bigram(65)\nfor step in range(100):\n    model(get_batch(torch.zeros(8), 4))\n"
)


def test_read004_undocumented_scripts_nothing_imports_warn_not_fail() -> None:
    result = check("READ004", snapshot_from({"lecture/bigram.py": LECTURE}))
    assert result.status is Status.WARN
    assert "all of it in scripts and modules nothing imports" in result.message
    assert result.metrics["library_public"] == 0


def test_read004_a_module_nothing_imports_warns_even_if_it_only_defines() -> None:
    library = LECTURE.split("model = Bigram")[0]
    result = check("READ004", snapshot_from({"exercises/ch4.py": library}))
    assert result.status is Status.WARN


def test_read004_the_same_code_imported_by_a_script_fails() -> None:
    library = LECTURE.split("model = Bigram")[0]
    files = {"bigram.py": library, "train.py": "from bigram import Bigram\n\nBigram(65)\n"}
    result = check("READ004", snapshot_from(files))
    assert result.status is Status.FAIL
    assert "library_public" not in result.metrics


# Tests kept at the bottom of each module, run by `python encoder.py` and by pytest.
ENCODER_WITH_ITS_TESTS = (
    "import unittest\n\n\n"
    "class Encoder:\n"
    '    """Encode a batch of token ids."""\n\n'
    "    def forward(self, x):\n"
    '        """The encoded batch."""\n'
    "        return x\n\n\n"
    "class TestEncoder(unittest.TestCase):\n"
    "    def test_forward(self):\n"
    "        self.assertEqual(Encoder().forward(1), 1)\n\n"
    "    def test_forward_twice(self):\n"
    "        self.assertEqual(Encoder().forward(2), 2)\n\n\n"
    'if __name__ == "__main__":\n'
    "    unittest.main()\n"
)


def test_read004_leaves_out_test_cases_kept_beside_the_code_they_test() -> None:
    files = {"encoder.py": ENCODER_WITH_ITS_TESTS, "train.py": "from encoder import Encoder\n"}
    result = check("READ004", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics == {"public": 2, "documented": 2, "share": 1.0}
    assert not any("TestEncoder" in (e.snippet or "") for e in result.evidence)


def test_read004_leaves_out_modules_a_tool_generated() -> None:
    # Django writes its migrations itself and says so on the first line; nobody documents
    # them, so their classes are neither counted nor cited.
    migration = (
        "# Generated by Django 5.0.6 on 2024-07-30 18:29\n\n"
        "from django.db import migrations\n\n\n"
        "class Migration(migrations.Migration):\n    dependencies = []\n"
    )
    views = 'def index(request):\n    """The home page."""\n    return None\n'
    result = check(
        "READ004",
        snapshot_from(
            {
                "app/__init__.py": "",
                "app/views.py": views,
                "app/migrations/__init__.py": "",
                "app/migrations/0001_initial.py": migration,
            }
        ),
    )
    assert result.status is Status.PASS
    assert result.metrics == {"public": 1, "documented": 1, "share": 1.0}
    assert not result.evidence


def test_read004_says_where_a_docstring_stands_above_its_function() -> None:
    # A string written just above the def documents the function for a reader of the file,
    # but Python (help(), an editor's hover) does not see it: still counted as missing, with
    # the fix the evidence names, to move it inside, rather than to write a docstring anew.
    source = (
        "import os\n\n"
        '"""Count the nodes.\n\n@param graph: the graph\n"""\n'
        "def count(graph):\n    return len(graph)\n\n\n"
        "class Box:\n"
        '    """Documented."""\n'
        '    "Open the box."\n'
        "    def open(self):\n        pass\n\n\n"
        'x = 1\n"""A note on x, not on what follows."""\n\n\n'
        "def other():\n    pass\n"
    )
    result = check("READ004", snapshot_from({"pkg/__init__.py": "", "pkg/graph.py": source}))
    assert result.metrics == {"public": 4, "documented": 1, "share": 0.25}
    assert sorted((e.line, e.snippet) for e in result.evidence) == [
        (7, "def count (2 lines, its docstring is above the def, not inside)"),
        (14, "def Box.open (2 lines, its docstring is above the def, not inside)"),
        (22, "def other (2 lines, no docstring)"),
    ]


def test_read004_does_not_take_shelved_code_above_a_class_for_its_docstring() -> None:
    # A triple-quoted string that holds code (old imports kept in quotes) just above a class
    # is code put aside, not the class's documentation written in the wrong place.
    source = (
        "from .ga import Search\n\n"
        "'''\nfrom ga import Search\nfrom config import PATIENCE, LIMIT\n'''\n"
        "class Experiment:\n    pass\n\n\n"
        "'''\nx = run(1)\nif x:\n    print(x)\n'''\n"
        "def trial():\n    pass\n\n\n"
        '"""Run all trials: see the README."""\n'
        "def run_all():\n    pass\n"
    )
    result = check("READ004", snapshot_from({"pkg/__init__.py": "", "pkg/experiment.py": source}))
    assert sorted((e.line, e.snippet) for e in result.evidence) == [
        (7, "class Experiment (2 lines, no docstring)"),
        (16, "def trial (2 lines, no docstring)"),
        (21, "def run_all (2 lines, its docstring is above the def, not inside)"),
    ]
