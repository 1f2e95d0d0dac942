from __future__ import annotations

import json
from textwrap import dedent

from repocheck.model import Status
from tests.helpers import check, snapshot_from

THREE_TESTS = """\
import torch

from model import Net


def test_output_shape():
    assert Net()(torch.zeros(2, 3)).shape == (2, 10)


def test_loss_is_finite():
    assert torch.isfinite(Net().loss())


def test_parameters_train():
    assert all(p.requires_grad for p in Net().parameters())
"""

EVAL_SCRIPT = """\
import torch

model = torch.load("model.pt")
print("accuracy", (model(x).argmax(1) == y).float().mean())
"""

WORKFLOW_HEAD = """\
name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
"""


def notebook(*cells: str) -> str:
    """A minimal nbformat 4 notebook with the given code cells."""
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [
                {"cell_type": "code", "source": src, "metadata": {}, "outputs": []} for src in cells
            ],
        }
    )


# ---------------------------------------------------------------------------- TEST001


def test_test001_passes_with_three_pytest_tests_and_points_at_them() -> None:
    result = check("TEST001", snapshot_from({"tests/test_model.py": THREE_TESTS}))
    assert result.status is Status.PASS
    assert result.metrics == {"tests": 3, "test_files": 1}
    first = result.evidence[0]
    assert (first.path, first.line, first.snippet) == (
        "tests/test_model.py",
        6,
        "test_output_shape",
    )


def test_test001_warns_with_a_single_test() -> None:
    source = "def test_one():\n    assert 1 + 1 == 2\n"
    result = check("TEST001", snapshot_from({"model_test.py": source}))
    assert result.status is Status.WARN
    assert result.metrics["tests"] == 1
    assert result.evidence[0].path == "model_test.py" and result.evidence[0].line == 1


def test_test001_fails_for_an_eval_script_named_test_and_an_empty_tests_folder() -> None:
    files = {
        "test.py": EVAL_SCRIPT,
        "tests/__init__.py": "",
        "model.py": "x = 1\n",
        "utils/latest.py": "x = 2\n",
    }
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert result.metrics["tests"] == 0
    paths = [e.path for e in result.evidence]
    assert paths == ["test.py", "tests/__init__.py"]
    assert result.evidence[0].snippet == "no test_* functions or TestCase classes"


def test_test001_images_of_a_test_split_are_not_taken_for_tests() -> None:
    # data/cifar-10/test/48.png is the test split's data; a shell script in tests/ may be a
    # learner's test, and is listed.
    files = {
        "main.py": EVAL_SCRIPT,
        "data/cifar-10/test/48.png": b"\x89PNG\r\n\x1a\n",
        "data/cifar-10/test/labels.csv": "id,label\n48,cat\n",
        "tests/run_checks.sh": "python main.py --dry-run\n",
    }
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        ("tests/run_checks.sh", "in a test folder, but not a Python test file")
    ]


def test_test001_test_functions_in_test_py_are_not_collected() -> None:
    source = "def test_accuracy():\n    assert evaluate() > 0.9\n"
    result = check("TEST001", snapshot_from({"test.py": source}))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "test.py"
    assert "test_*.py" in result.evidence[0].snippet


def test_test001_a_script_named_after_the_test_set_is_not_a_misnamed_test() -> None:
    # scripts/testset2pdf.py exports the test images; main.py calls testset_to_pdf itself
    # with a dataset and a path, which no fixture would give: nothing to rename.
    export = "def testset_to_pdf(dataset, output_pdf):\n    return len(dataset), output_pdf\n"
    main = "from scripts.testset2pdf import testset_to_pdf\n\ntestset_to_pdf([1], 'out.pdf')\n"
    files = {"scripts/testset2pdf.py": export, "main.py": main}
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [e.path for e in result.evidence] == []
    meant = {**files, "checks.py": "def test_accuracy():\n    assert evaluate() > 0.9\n"}
    result = check("TEST001", snapshot_from({**meant, "testing.py": meant["checks.py"]}))
    assert [(e.path, "name it test_*.py" in e.snippet) for e in result.evidence] == [
        ("testing.py", True)
    ]


def test_test001_a_file_named_after_the_test_split_is_no_test_file() -> None:
    # utils/train_test_split.py and TestData.py handle the data's test split: nobody takes
    # them for tests, so they are not listed as files pytest missed; a learner's
    # 0522_test_gpu.py, trying the GPU out, is.
    split = "def split(xs):\n    return xs[:1], xs[1:]\n"
    files = {
        "utils/train_test_split.py": split,
        "TestData.py": split,
        # CamelCase names the split too: TestDataCreation.py makes the test data.
        "TestDataCreation.py": split + 'if __name__ == "__main__":\n    split([1, 2])\n',
        "0522_test_gpu.py": EVAL_SCRIPT,
        # A test of a database is a test, not the test split's data.
        "test_database.py": "def helper():\n    return 1\n",
    }
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [e.path for e in result.evidence] == ["0522_test_gpu.py", "test_database.py"]
    # With test functions in it, the file is listed with the name pytest would collect.
    checked = {**files, "utils/train_test_split.py": split + "\ndef test_split():\n    assert 1\n"}
    result = check("TEST001", snapshot_from(checked))
    assert [e.path for e in result.evidence] == [
        "0522_test_gpu.py",
        "test_database.py",
        "utils/train_test_split.py",
    ]


def test_test001_counts_unittest_cases_anywhere_through_aliases() -> None:
    inline = (
        "import unittest as ut\n\n\n"
        "class ModelChecks(ut.TestCase):\n"
        "    def test_shape(self):\n        self.assertEqual(f(), 1)\n\n"
        "    def helper(self):\n        pass\n"
    )
    imported = (
        "from unittest import TestCase\n\n\n"
        "class Base(TestCase):\n    def test_a(self):\n        self.assertTrue(True)\n\n\n"
        "class Derived(Base):\n    def test_b(self):\n        self.assertTrue(True)\n"
    )
    result = check("TEST001", snapshot_from({"src/model.py": inline, "src/data.py": imported}))
    assert result.status is Status.PASS
    assert result.metrics == {"tests": 3, "test_files": 2}
    names = {(e.path, e.line, e.snippet) for e in result.evidence}
    assert ("src/model.py", 5, "ModelChecks.test_shape") in names
    assert ("src/data.py", 10, "Derived.test_b") in names


def test_test001_counts_test_cases_a_framework_ships_in_its_test_module() -> None:
    # Django's app template writes tests.py; its cases derive from unittest's TestCase
    # through django.test and rest_framework.test, imported by their bare names.
    django = (
        "from django.test import TestCase\n\n\n"
        "class ModelTests(TestCase):\n    def test_str(self):\n        self.assertEqual(1, 1)\n"
    )
    rest = (
        "from rest_framework.test import APITestCase\n\n\n"
        "class ApiTests(APITestCase):\n    def test_get(self):\n        self.assertEqual(1, 1)\n"
    )
    helpers = (
        "from myapp.test import TestCaseFactory\n\n\n"
        "class Plain(TestCaseFactory):\n    def test_like_name(self):\n        return 1\n"
    )
    files = {"app/tests.py": django, "api/tests.py": rest, "app/helpers.py": helpers}
    result = check("TEST001", snapshot_from(files))
    names = {(e.path, e.snippet) for e in result.evidence}
    assert ("app/tests.py", "ModelTests.test_str") in names
    assert ("api/tests.py", "ApiTests.test_get") in names
    assert result.metrics["tests"] == 2


def test_test001_ignores_what_pytest_does_not_collect() -> None:
    source = (
        "import pytest\n\n\n"
        "@pytest.fixture\ndef test_data():\n    return [1, 2]\n\n\n"
        "class TestWithInit:\n    def __init__(self):\n        pass\n\n"
        "    def test_never_collected(self):\n        assert True\n\n\n"
        "class Helper:\n    def test_not_a_test_class(self):\n        assert True\n"
    )
    conftest = "def test_in_conftest():\n    assert True\n"
    outside = "class TestOutsideTests:\n    def test_x(self):\n        assert True\n"
    files = {"tests/test_a.py": source, "tests/conftest.py": conftest, "src/util.py": outside}
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert result.metrics["tests"] == 0


def test_test001_counts_methods_of_test_classes_in_test_files() -> None:
    source = (
        "class TestModel:\n"
        "    def test_a(self):\n        assert 1\n\n"
        "    def test_b(self):\n        assert 1\n\n"
        "    def testC(self):\n        assert 1\n"
    )
    result = check("TEST001", snapshot_from({"tests/test_models.py": source}))
    assert result.status is Status.PASS
    assert [e.snippet for e in result.evidence] == [
        "TestModel.test_a",
        "TestModel.test_b",
        "TestModel.testC",
    ]


def test_test001_a_tests_folder_file_pytest_does_not_collect_by_its_name() -> None:
    # pytest collects test_*.py and *_test.py (or the project's python_files), in tests/ too:
    # a plain `pytest` runs none of tests/cycle_gan.py's tests.
    source = (
        "class TestModel:\n    def test_a(self):\n        assert 1\n\ndef test_b():\n    assert 2\n"
    )
    files = {"tests/cycle_gan.py": source, "train.py": "x = 1\n"}
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        (
            "tests/cycle_gan.py",
            "pytest does not collect cycle_gan.py: name it test_*.py or *_test.py",
        )
    ]
    # Named on pytest's command line in the README, or matched by python_files: collected.
    readme = {"README.md": "Run the tests:\n\n    pytest tests/cycle_gan.py\n"}
    assert check("TEST001", snapshot_from({**files, **readme})).metrics["tests"] == 2
    config = {"pytest.ini": "[pytest]\npython_files = *.py\n"}
    assert check("TEST001", snapshot_from({**files, **config})).metrics["tests"] == 2


# ---------------------------------------------------------------------------- TEST002


def test_test002_passes_when_every_test_checks_something() -> None:
    source = """\
import numpy as np
import pytest
import torch
import unittest
from pytest import raises


def check_close(a, b):
    assert abs(a - b) < 1e-6


def test_plain_assert():
    assert int("1") == 1


def test_raises():
    with pytest.raises(ValueError):
        int("x")


def test_raises_imported():
    with raises(ValueError):
        int("y")


def test_numpy():
    np.testing.assert_allclose([1.0], [1.0])


def test_torch():
    torch.testing.assert_close(torch.zeros(1), torch.zeros(1))


def test_helper_in_module():
    check_close(0.1 + 0.2, 0.3)


def test_helper_in_conftest():
    compare_images("a.png", "b.png")


class TestCaseStyle(unittest.TestCase):
    def test_assert_method(self):
        self.assertEqual(len("ab"), 2)

    def test_fail(self):
        self.fail("not yet")
"""
    conftest = "def compare_images(a, b):\n    assert a != b\n"
    files = {"tests/test_all.py": source, "tests/conftest.py": conftest}
    result = check("TEST002", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["tests"] == 9 and result.metrics["asserting"] == 9
    assert result.evidence == ()


def test_test002_fails_on_empty_and_silent_tests_and_points_at_them() -> None:
    source = """\
def test_placeholder():
    pass


def test_docstring_only():
    \"\"\"Check the model later.\"\"\"


def test_ellipsis():
    ...


def test_runs_training():
    train(epochs=1)


def test_real():
    assert train(epochs=1) < 1.0
"""
    result = check("TEST002", snapshot_from({"tests/test_train.py": source}))
    assert result.status is Status.FAIL
    assert result.score == 0.2
    found = [(e.path, e.line, e.snippet) for e in result.evidence]
    assert found == [
        ("tests/test_train.py", 1, "test_placeholder: empty body"),
        ("tests/test_train.py", 5, "test_docstring_only: empty body"),
        ("tests/test_train.py", 9, "test_ellipsis: empty body"),
        ("tests/test_train.py", 13, "test_runs_training: runs code but asserts nothing"),
    ]


def test_test002_warns_when_some_tests_assert_nothing() -> None:
    source = THREE_TESTS + "\n\ndef test_smoke():\n    Net()(torch.zeros(1, 3))\n"
    result = check("TEST002", snapshot_from({"tests/test_model.py": source}))
    assert result.status is Status.WARN
    assert result.score == 0.75
    assert result.evidence[0].line == 18


def test_test002_a_helper_that_only_prints_is_not_a_check() -> None:
    source = (
        "def show(x):\n    print(x)\n\n\n"
        "def test_prints():\n    show(1)\n\n\n"
        "def test_checks():\n    assert show(1) is None\n"
    )
    result = check("TEST002", snapshot_from({"tests/test_show.py": source}))
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [5]


def test_test002_follows_an_imported_test_helper() -> None:
    helper = (
        "def expect_shape(t, shape):\n    assert t.shape == shape\n\n\ndef build():\n    return 1\n"
    )
    source = (
        "from tests.helpers import build, expect_shape\n\n\n"
        "def test_shape():\n    expect_shape(build(), (1,))\n"
    )
    # expect_shape would match by its name alone; a renamed helper must be followed.
    helper = helper.replace("expect_shape", "same_shape")
    source = source.replace("expect_shape", "same_shape")
    files = {"tests/helpers.py": helper, "tests/test_shape.py": source}
    result = check("TEST002", snapshot_from(files))
    assert result.status is Status.PASS


def test_test002_reads_a_body_from_its_first_statement_to_its_last() -> None:
    # A decorator or default argument that checks is outside the body; a nested helper's
    # assert, the decorator of a definition opening the body, and a one-line body are inside it.
    source = (
        "import pytest\n\n\n"
        "@check_decorated(1)\n"
        "def test_decorated():\n    run()\n\n\n"
        "def test_default(x=assert_default()):\n    run(x)\n\n\n"
        "def test_nested():\n    def inner():\n        assert run()\n    inner()\n\n\n"
        "def test_one_line(): assert run()\n\n\n"
        "def test_after():\n    run()\n    pytest.raises(ValueError)\n\n\n"
        "def test_decorated_first():\n    @check_wrapped(1)\n    def body():\n        pass\n"
        "    body()\n"
    )
    result = check("TEST002", snapshot_from({"tests/test_spans.py": source}))
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [5, 9]


def test_test002_skips_without_tests() -> None:
    result = check("TEST002", snapshot_from({"train.py": "x = 1\n"}))
    assert result.status is Status.SKIP
    assert "TEST001" in result.message


# ---------------------------------------------------------------------------- TEST003


def test_test003_fails_without_ci() -> None:
    result = check("TEST003", snapshot_from({"tests/test_model.py": THREE_TESTS}))
    assert result.status is Status.FAIL
    assert "no CI" in result.message


def test_test003_passes_on_a_workflow_running_pytest_and_points_at_the_line() -> None:
    workflow = (
        WORKFLOW_HEAD + "      - run: pip install -r requirements.txt\n      - run: pytest -q\n"
    )
    files = {".github/workflows/ci.yml": workflow, "tests/test_model.py": THREE_TESTS}
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.PASS
    assert (result.evidence[0].path, result.evidence[0].line) == (".github/workflows/ci.yml", 9)
    assert result.evidence[0].snippet == "- run: pytest -q"


def test_test003_installing_or_naming_pytest_is_not_running_it() -> None:
    workflow = (
        WORKFLOW_HEAD
        + "      - name: Run pytest\n"
        + "        run: pip install pytest tox && python train.py --epochs 1\n"
        + "      # - run: pytest\n"
    )
    files = {".github/workflows/ci.yml": workflow, "train.py": "x = 1\n"}
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == ".github/workflows/ci.yml"
    assert "no tests yet" in result.message


def test_test003_follows_a_script_the_ci_runs() -> None:
    workflow = WORKFLOW_HEAD + "      - run: bash .ci/run\n"
    script = "#!/bin/sh\nset -e\npip install -e .\npython -m pytest tests\n"
    files = {".github/workflows/ci.yml": workflow, ".ci/run": script}
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.PASS
    assert [(e.path, e.line) for e in result.evidence] == [
        (".github/workflows/ci.yml", 8),
        (".ci/run", 4),
    ]


def test_test003_follows_two_scripts_but_not_a_third() -> None:
    workflow = WORKFLOW_HEAD + "      - run: bash .ci/run\n"
    entry = "#!/usr/bin/env bash\nexec bash scripts/test.sh\n"
    files = {
        ".github/workflows/ci.yml": workflow,
        ".ci/run": entry,
        "scripts/test.sh": 'set -e\n.venv/bin/pytest "$@"\n',
    }
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.PASS
    assert [(e.path, e.line) for e in result.evidence] == [
        (".github/workflows/ci.yml", 8),
        (".ci/run", 2),
        ("scripts/test.sh", 2),
    ]
    files["scripts/test.sh"] = "./scripts/really.sh\n"
    files["scripts/really.sh"] = "pytest\n"
    assert check("TEST003", snapshot_from(files)).status is Status.FAIL


def test_test003_follows_make_test_into_the_makefile() -> None:
    gitlab = "test:\n  image: python:3.11\n  script:\n    - make test\n"
    makefile = ".PHONY: test\ntest:\n\tpython -m pytest -q\n\nlint:\n\truff check .\n"
    result = check("TEST003", snapshot_from({".gitlab-ci.yml": gitlab, "Makefile": makefile}))
    assert result.status is Status.PASS
    assert [(e.path, e.line) for e in result.evidence] == [(".gitlab-ci.yml", 4), ("Makefile", 3)]


def test_test003_a_make_target_that_only_evaluates_is_not_a_test_run() -> None:
    gitlab = "test:\n  script:\n    - make test\n"
    makefile = "test:\n\tpython evaluate.py --split test\n"
    result = check("TEST003", snapshot_from({".gitlab-ci.yml": gitlab, "Makefile": makefile}))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == ".gitlab-ci.yml"


def test_test003_accepts_tox_and_direct_test_files() -> None:
    travis = "language: python\nscript: tox -e py311\n"
    result = check("TEST003", snapshot_from({".travis.yml": travis}))
    assert result.status is Status.PASS
    assert result.evidence[0].line == 2
    jenkins = "pipeline {\n  stages {\n    sh 'python tests/test_model.py'\n  }\n}\n"
    files = {"Jenkinsfile": jenkins, "tests/test_model.py": THREE_TESTS}
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.evidence[1].path == "tests/test_model.py"


# ---------------------------------------------------------------------------- TEST004


def test_test004_passes_at_a_healthy_ratio() -> None:
    code = "".join(f"x{i} = {i}\n" for i in range(10))
    tests = "".join(f"assert {i}\n" for i in range(3))
    result = check("TEST004", snapshot_from({"model.py": code, "tests/test_model.py": tests}))
    assert result.status is Status.PASS
    assert result.score == 1.0
    assert result.metrics == {"test_lines": 3, "code_lines": 10, "ratio": 0.3}


def test_test004_leaves_out_modules_a_tool_generated() -> None:
    # A Qt form compiled by pyuic5 is the tool's code, as a protoc module is: no one writes
    # tests for it, and counting it would sink a small project's ratio.
    code = "".join(f"x{i} = {i}\n" for i in range(10))
    form = "# Form implementation generated from reading ui file 'main.ui'\n" + "".join(
        f"w{i} = {i}\n" for i in range(90)
    )
    tests = "".join(f"assert {i}\n" for i in range(3))
    files = {"model.py": code, "gui/main_ui.py": form, "tests/test_model.py": tests}
    result = check("TEST004", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics == {"test_lines": 3, "code_lines": 10, "ratio": 0.3}


def test_test004_warns_below_the_pass_ratio_and_counts_notebook_cells() -> None:
    code = "".join(f"x{i} = {i}\n" for i in range(5))
    cells = notebook("".join(f"y{i} = {i}\n" for i in range(5)), "# only a comment\nz = 1\n")
    tests = "# a comment does not count\n\nassert True\n"
    files = {"model.py": code, "explore.ipynb": cells, "tests/test_model.py": tests}
    result = check("TEST004", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["code_lines"] == 11
    assert result.metrics["test_lines"] == 1
    assert result.score == round(1 / 11 / 0.3, 3)


def test_test004_leaves_no_test_code_to_test001_and_skips_without_code() -> None:
    result = check("TEST004", snapshot_from({"model.py": "x = 1\n", "test.py": "y = 2\n"}))
    assert result.status is Status.SKIP
    assert "TEST001" in result.message
    result = check("TEST004", snapshot_from({"README.md": "# hi\n"}))
    assert result.status is Status.SKIP


# ---------------------------------------------------------------------------- what asserts


def test_test002_a_skipped_placeholder_is_not_silent() -> None:
    source = dedent(
        """\
        import unittest

        import pytest


        class Cases(unittest.TestCase):
            @unittest.skip("needs a GPU")
            def test_gpu(self):
                pass

            def test_real(self):
                self.assertEqual(len("ab"), 2)


        @pytest.mark.skip(reason="slow")
        def test_slow():
            pass


        def test_other():
            assert run()
        """
    )
    result = check("TEST002", snapshot_from({"tests/test_cases.py": source}))
    assert result.status is Status.PASS
    assert result.evidence == ()


def test_test002_super_calls_and_private_check_helpers_count_as_asserting() -> None:
    base = dedent(
        """\
        import unittest


        class Base(unittest.TestCase):
            def test_shape(self, size=2):
                self.assertEqual(size, 2)

            def _check_output(self, out):
                self.assertIsNotNone(out)
        """
    )
    derived = dedent(
        """\
        from tests.base import Base


        class Derived(Base):
            def test_shape(self):
                super().test_shape(size=2)

            def test_output(self):
                self._check_output(object())
        """
    )
    files = {"tests/base.py": base, "tests/test_derived.py": derived}
    result = check("TEST002", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["asserting"] == result.metrics["tests"] == 3


# ---------------------------------------------------------------------------- CI as GitHub runs it


def test_test003_pytest_outside_a_run_step_is_not_a_test_run() -> None:
    workflow = WORKFLOW_HEAD + (
        "      - uses: actions/cache@v4\n"
        "        with:\n"
        "          key: pytest-cache\n"
        "      - if: contains(github.event.head_commit.message, 'pytest')\n"
        "        env:\n"
        "          PYTEST_ADDOPTS: -x\n"
        "        run: python train.py --epochs 1\n"
    )
    files = {".github/workflows/ci.yml": workflow, "tests/test_model.py": THREE_TESTS}
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert "does not parse" not in result.message


def test_test003_points_at_the_line_of_the_step_that_runs_the_tests() -> None:
    workflow = WORKFLOW_HEAD + (
        "      - name: Test\n"
        "        run: |\n"
        "          pip install -e .\n"
        "\n"
        "          python -m pytest tests\n"
    )
    files = {".github/workflows/ci.yml": workflow, "tests/test_model.py": THREE_TESTS}
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.PASS
    assert (result.evidence[0].line, result.evidence[0].snippet) == (12, "python -m pytest tests")


BROKEN_WORKFLOW = WORKFLOW_HEAD + "      - run: pytest\n    - oops: [\n"


def test_test003_a_workflow_that_does_not_parse_runs_nothing() -> None:
    files = {".github/workflows/ci.yml": BROKEN_WORKFLOW, "tests/test_model.py": THREE_TESTS}
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert "does not parse" in result.message
    assert (result.evidence[0].path, result.evidence[0].line) == (".github/workflows/ci.yml", 9)


def test_test003_running_every_example_with_dry_run_is_integration_testing() -> None:
    workflow = WORKFLOW_HEAD + (
        '      - run: for f in examples/*.py; do python "$f" --dry-run; done\n'
    )
    files = {".github/workflows/ci.yml": workflow, "tests/test_model.py": THREE_TESTS}
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "integration" in result.message
    assert result.evidence[0].line == 8
    assert result.score >= 0.5


def test_test002_raising_on_a_wrong_result_and_library_checkers_count() -> None:
    checker = "def compare_outputs(a, b):\n    assert a == b\n"
    source = dedent(
        """\
        from mylib.testing import compare_outputs


        def test_raises_itself():
            if 1 + 1 != 2:
                raise AssertionError("arithmetic")


        def test_library_checker():
            compare_outputs(1, 1)


        def test_verify_and_check():
            verify(1)
            check(2)
        """
    )
    files = {"mylib/testing.py": checker, "tests/test_lib.py": source}
    result = check("TEST002", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["asserting"] == 3


def test_test002_smoke_tests_without_placeholders_warn_rather_than_fail() -> None:
    source = dedent(
        """\
        def test_forward():
            Net()(zeros(2, 3))


        def test_train_step():
            train(epochs=1)


        def test_export():
            export("model.onnx")


        def test_real():
            assert Net().size == 3
        """
    )
    result = check("TEST002", snapshot_from({"tests/test_smoke.py": source}))
    assert result.status is Status.WARN
    assert result.score == 0.25
    assert "smoke" in result.message


def test_test003_recognises_more_ways_to_start_the_tests() -> None:
    commands = (
        "coverage run -m pytest",
        "coverage run -m unittest discover",
        "python setup.py test",
        "nosetests -v",
        "nose2",
        "python -W error -m pytest -x",
    )
    for command in commands:
        workflow = WORKFLOW_HEAD + f"      - run: {command}\n"
        files = {".github/workflows/ci.yml": workflow, "tests/test_model.py": THREE_TESTS}
        assert check("TEST003", snapshot_from(files)).status is Status.PASS, command


RUN_EXAMPLES = (
    "#!/bin/bash\n"
    "# Runs every example for a step: an integration test.\n"
    "cd mnist && uv run main.py --epochs 1 --dry-run || error 'mnist failed'\n"
)
EXAMPLES_REPO = {
    ".github/workflows/examples.yml": WORKFLOW_HEAD + "      - run: ./run_examples.sh\n",
    "run_examples.sh": RUN_EXAMPLES,
    "mnist/main.py": "import argparse\n\nparser = argparse.ArgumentParser()\n",
}


def test_test001_credits_a_ci_that_runs_the_examples_with_dry_run() -> None:
    result = check("TEST001", snapshot_from(EXAMPLES_REPO))
    assert result.status is Status.WARN
    assert "integration" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [
        (".github/workflows/examples.yml", 8),
        ("run_examples.sh", 3),
    ]


def test_test003_passes_a_ci_whose_only_tests_are_dry_runs_of_the_examples() -> None:
    result = check("TEST003", snapshot_from(EXAMPLES_REPO))
    assert result.status is Status.PASS
    assert "integration" in result.message
    assert check("TEST004", snapshot_from(EXAMPLES_REPO)).status is Status.SKIP


def test_test003_points_at_the_test_step_not_at_the_end_of_the_step_before() -> None:
    workflow = WORKFLOW_HEAD + (
        "      - name: Lint\n"
        "        run: |\n"
        "          flake8 .\n"
        "      - name: Test with pytest\n"
        "        run: |\n"
        "          pytest\n"
    )
    files = {".github/workflows/ci.yml": workflow, "tests/test_model.py": THREE_TESTS}
    result = check("TEST003", snapshot_from(files))
    assert (result.evidence[0].line, result.evidence[0].snippet) == (13, "pytest")


def test_test003_a_hostile_workflow_neither_hangs_nor_crashes() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    workflows = {
        ".github/workflows/laughs.yml": "on: [push]\njobs:\n  t:\n    runs-on: x\n    steps:\n"
        + "      - run: &r [pytest]\n"
        + "".join(f"        {line}\n" for line in laughs.splitlines()[:1]),
        ".github/workflows/loop.yml": "on: [push]\njobs: &j\n  t:\n    runs-on: x\n    steps: [*j]\n",
        ".github/workflows/deep.yml": "on: " + "[" * 2000 + "]" * 2000 + "\n",
        ".github/workflows/bytes.yml": "on: [push]\x00\njobs: {}\n",
        ".gitlab-ci.yml": laughs,
    }
    for rule_id in ("TEST003", "DOCS003"):
        result = check(rule_id, snapshot_from(workflows))
        assert result.status is not Status.ERROR, result.message


CHECKS = """\
def check_shape():
    assert (2, 3) == (2, 3)


class CheckModel:
    def check_forward(self):
        assert True


def helper():
    return 1
"""


def test_test001_follows_the_projects_own_pytest_naming() -> None:
    pyproject = (
        "[tool.pytest.ini_options]\n"
        'python_files = ["check_*.py"]\n'
        'python_functions = ["check_*"]\n'
        'python_classes = "Check"\n'
    )
    files = {"pyproject.toml": pyproject, "checks/check_model.py": CHECKS}
    result = check("TEST001", snapshot_from(files))
    assert result.metrics["tests"] == 2
    ini = (
        "[pytest]\npython_files = check_*.py\npython_functions = check_*\npython_classes = Check\n"
    )
    files = {"pytest.ini": ini, "checks/check_model.py": CHECKS}
    assert check("TEST001", snapshot_from(files)).metrics["tests"] == 2
    assert check("TEST001", snapshot_from({"checks/check_model.py": CHECKS})).metrics["tests"] == 0


def test_test001_a_file_the_ci_hands_pytest_by_name_is_collected_whatever_its_name() -> None:
    # pytest collects test functions from a file named on its command line, even tests.py.
    workflow = (
        "on: [push]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: |\n          uv run pytest ch04/tests.py::test_one -q\n"
    )
    two = "def test_one():\n    assert 1\n\n\ndef test_two():\n    assert 2\n"
    files = {"ch04/tests.py": two, "ch05/tests.py": THREE_TESTS}
    assert check("TEST001", snapshot_from(files)).metrics["tests"] == 0
    files[".github/workflows/tests.yml"] = workflow
    result = check("TEST001", snapshot_from(files))
    assert result.metrics == {"tests": 2, "test_files": 1}


def test_test001_odd_pytest_configurations_fall_back_to_the_defaults() -> None:
    for name, text in (
        ("pyproject.toml", "tool = 3\n"),
        ("pyproject.toml", "[tool]\npytest = 'x'\n"),
        ("pyproject.toml", "not toml = = =\n"),
        ("setup.cfg", "[tool:pytest\npython_files = x\n"),
        ("tox.ini", "[pytest]\npython_functions =\n"),
    ):
        files = {name: text, "tests/test_model.py": THREE_TESTS}
        assert check("TEST001", snapshot_from(files)).metrics["tests"] == 3, text


def test_test003_a_workflow_only_started_by_hand_does_not_test_every_push() -> None:
    steps = "jobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"
    for on, expected in (
        ("on: workflow_dispatch\n", Status.WARN),
        ("on:\n  schedule:\n    - cron: '0 3 * * *'\n", Status.WARN),
        ("on: [push, workflow_dispatch]\n", Status.PASS),
        ("on:\n  pull_request:\n    branches: [main]\n", Status.PASS),
    ):
        files = {".github/workflows/ci.yml": on + steps, "tests/test_model.py": THREE_TESTS}
        result = check("TEST003", snapshot_from(files))
        assert result.status is expected, on
    assert (
        "workflow_dispatch"
        in check(
            "TEST003",
            snapshot_from(
                {
                    ".github/workflows/ci.yml": "on: workflow_dispatch\n" + steps,
                    "tests/test_model.py": THREE_TESTS,
                }
            ),
        ).message
    )


def test_test002_a_test_that_skips_itself_first_is_not_silent() -> None:
    source = dedent(
        """\
        import unittest

        import pytest


        @unittest.skip("needs data")
        class DataTests(unittest.TestCase):
            def test_load(self):
                load()


        class ModelTests(unittest.TestCase):
            def test_gpu(self):
                self.skipTest("needs a GPU")
                run_on_gpu()


        def test_cluster():
            \"\"\"Needs the cluster.\"\"\"
            pytest.skip("needs the cluster")
            submit()


        def test_real():
            assert run()
        """
    )
    result = check("TEST002", snapshot_from({"tests/test_skips.py": source}))
    assert result.status is Status.PASS
    assert result.evidence == ()


def test_test003_says_less_when_the_tests_may_run_in_config_it_cannot_read() -> None:
    reused = (
        "on: [push]\njobs:\n  test:\n    uses: org/shared/.github/workflows/python-tests.yml@v1\n"
    )
    composite = WORKFLOW_HEAD + "      - uses: ./.github/actions/run-checks\n"
    gitlab = "include:\n  - project: org/templates\n    file: python.yml\n"
    for path, text in (
        (".github/workflows/ci.yml", reused),
        (".github/workflows/ci.yml", composite),
        (".gitlab-ci.yml", gitlab),
    ):
        files = {path: text, "tests/test_model.py": THREE_TESTS}
        result = check("TEST003", snapshot_from(files))
        assert result.status is Status.WARN, path
        assert "does not read" in result.message
    plain = WORKFLOW_HEAD + "      - run: python train.py\n"
    files = {".github/workflows/ci.yml": plain, "tests/test_model.py": THREE_TESTS}
    assert check("TEST003", snapshot_from(files)).status is Status.FAIL


def test_test003_follows_a_local_composite_action_into_its_steps() -> None:
    composite = WORKFLOW_HEAD + "      - uses: ./.github/actions/run-checks\n"
    action = (
        "name: checks\nruns:\n  using: composite\n  steps:\n"
        "    - run: python -m pytest -q\n      shell: bash\n"
    )
    files = {
        ".github/workflows/ci.yml": composite,
        ".github/actions/run-checks/action.yml": action,
        "tests/test_model.py": THREE_TESTS,
    }
    result = check("TEST003", snapshot_from(files))
    assert result.status is Status.PASS
    assert [(e.path, e.line) for e in result.evidence] == [
        (".github/workflows/ci.yml", 8),
        (".github/actions/run-checks/action.yml", 5),
    ]


def test_test001_reads_pytest_ini_before_pyproject_as_pytest_does() -> None:
    files = {
        "pytest.ini": "[pytest]\npython_files = check_*.py\npython_functions = check_*\n",
        "pyproject.toml": '[tool.pytest.ini_options]\npython_files = ["nothing_*.py"]\n',
        "checks/check_model.py": CHECKS,
    }
    assert check("TEST001", snapshot_from(files)).metrics["tests"] == 1


# ---------------------------------------------------------------------------- tests in C

TEST_MODEL_C = """\
#define TESTING
#include "train_model.c"

int main(int argc, char *argv[]) {
    Model model;
    model_build_from_checkpoint(&model, "model.bin");
    model_forward(&model, inputs, targets, B, T);
    return check_tensor(model.acts.logits, expected_logits, B * T * V, "logits") ? 0 : 1;
}
"""
C_TESTS_REPO = {
    "train_model.c": "int main(void) { return 0; }\n",
    "test_model.c": TEST_MODEL_C,
    "train_model.py": "import torch\n\nmodel = torch.nn.Linear(2, 2)\n",
    "Makefile": "test_model: test_model.c\n\t$(CC) -o $@ $<\n",
    ".github/workflows/ci.yml": WORKFLOW_HEAD
    + "      - run: make test_model\n      - run: OMP_NUM_THREADS=8 ./test_model\n",
}


def test_test001_credits_test_programs_in_c_at_most_with_a_warning() -> None:
    result = check("TEST001", snapshot_from(C_TESTS_REPO))
    assert result.status is Status.WARN
    assert result.message == "no Python tests, but 1 test program(s) in C"
    assert [(e.path, e.line) for e in result.evidence] == [("test_model.c", 1)]
    three = {**C_TESTS_REPO, "test_data.c": TEST_MODEL_C, "dev/test/loader.cu": TEST_MODEL_C}
    result = check("TEST001", snapshot_from(three))
    assert result.status is Status.PASS
    assert result.message == "no Python tests, but 3 test program(s) in C/CUDA"


def test_a_c_file_is_a_test_only_when_named_like_one_and_a_program() -> None:
    files = {
        **C_TESTS_REPO,
        "test_model.c": "// helpers only\nstatic int add(int a, int b) { return a + b; }\n",
        "contest.c": TEST_MODEL_C,
    }
    assert check("TEST001", snapshot_from(files)).status is Status.FAIL


#: OpenKE-style link-prediction code in C++: ``test.cpp`` ranks the test split's triples for
#: a Python script that loads it as ``test.so`` through ctypes; its ``main`` is a stub.
CTYPES_TEST_CPP = """\
#include <cstdio>

extern "C"
void init() {
    printf("reading the test triples\\n");
}

extern "C" int getTestTotal() { return 0; }

int main() {
    init();
    return 0;
}
"""


def test_a_c_library_for_ctypes_named_test_is_no_test_program() -> None:
    files = {
        "test.cpp": CTYPES_TEST_CPP,
        "main.py": 'import ctypes\n\nimport torch\n\nlib = ctypes.cdll.LoadLibrary("./test.so")\n',
        "make.sh": "g++ test.cpp -o test.so -fPIC -shared -O3\n",
    }
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert check("SANITY003", snapshot_from(files)).status is Status.SKIP


def test_a_c_test_that_declares_the_c_functions_it_tests_is_still_a_test() -> None:
    declared = 'extern "C" {\n#include "model.h"\n}\nextern "C" int forward(int x);\n'
    files = {**C_TESTS_REPO, "test_model.c": declared + TEST_MODEL_C}
    assert check("TEST001", snapshot_from(files)).status is Status.WARN


def test_test003_sees_the_ci_run_a_test_program_in_c() -> None:
    result = check("TEST003", snapshot_from(C_TESTS_REPO))
    assert result.status is Status.PASS
    assert [(e.path, e.line) for e in result.evidence] == [(".github/workflows/ci.yml", 9)]
    built_only = {
        **C_TESTS_REPO,
        ".github/workflows/ci.yml": WORKFLOW_HEAD + "      - run: make test_model\n",
    }
    assert check("TEST003", snapshot_from(built_only)).status is Status.FAIL


def test_test002_and_test004_do_not_say_there_are_no_tests_when_they_are_in_c() -> None:
    for rule_id in ("TEST002", "TEST004"):
        result = check(rule_id, snapshot_from(C_TESTS_REPO))
        assert result.status is Status.SKIP
        assert "programs in C" in result.message, rule_id


def test_test002_a_test_run_through_a_wrapper_and_a_property_named_test_are_not_silent() -> None:
    base = dedent(
        """\
        import unittest


        class TrainingMixin(unittest.TestCase):
            def test_training(self):
                self.assertTrue(train())
        """
    )
    derived = dedent(
        """\
        from tests.base import TrainingMixin, run_nondeterministic


        class TestModel(TrainingMixin):
            @property
            def test_model_config(self):
                return {"layers": 2}

            def test_training(self):
                run_nondeterministic(super().test_training)
        """
    )
    files = {"tests/base.py": base, "tests/test_model.py": derived}
    result = check("TEST002", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["asserting"] == result.metrics["tests"] == 2
    assert result.evidence == ()


def test_test001_a_dataset_module_named_like_a_test_is_not_listed_as_one() -> None:
    # datasets/test_dataset.py holds the test split's Dataset, which datasets/__init__.py
    # imports: named as pytest collects, but code, not a test a learner left empty.
    files = {
        "datasets/__init__.py": (
            "def get_test_loader(config):\n"
            "    from .test_dataset import TestDataset\n"
            "    return TestDataset(config)\n"
        ),
        "datasets/test_dataset.py": "class TestDataset:\n    def __init__(self, config):\n"
        "        self.config = config\n",
        "train.py": "import datasets\n",
        "tests/test_model.py": "import datasets\n",
    }
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        ("tests/test_model.py", "no test_* functions or TestCase classes")
    ]


def test_test001_names_a_check_script_in_the_tests_folder() -> None:
    # tests/test_pipeline.py builds the loaders and the model and raises on a wrong shape,
    # all from main() under its __main__ block: what its author took for the tests, though
    # pytest collects nothing from it. The fail names it, as it names an empty test file.
    files = {
        "src/model.py": "def create_model():\n    return 1\n",
        "src/train.py": "from src.model import create_model\n\ncreate_model()\n",
        "tests/test_pipeline.py": (
            "from src.model import create_model\n\n"
            "def main():\n    out = create_model()\n"
            "    if out != 1:\n        raise ValueError('unexpected output')\n\n"
            "if __name__ == '__main__':\n    main()\n"
        ),
    }
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        (
            "tests/test_pipeline.py",
            "runs as a script: no test_* functions or TestCase classes for pytest to collect",
        )
    ]


# A course's "testing and logging" exercise: test_*() functions that take the function they
# check, assert on what it returns, and run from the file's own main block.
LIBRARY = (
    "import pandas as pd\nfrom sklearn.ensemble import RandomForestClassifier\n\n"
    "def import_data(path):\n    return pd.read_csv(path)\n\n"
    "def train_models(x, y):\n    RandomForestClassifier(random_state=0).fit(x, y)\n"
)
SCRIPT_TESTS = (
    "import logging\nimport churn_library as cl\n\n"
    "def test_import(import_data):\n"
    "    try:\n        df = import_data('data.csv')\n"
    "        assert df.shape[0] > 0\n"
    "    except AssertionError as err:\n        logging.error('no rows')\n        raise err\n\n"
    "def test_train_models(train_models):\n"
    "    train_models([[0], [1]], [0, 1])\n    assert True\n\n"
    "if __name__ == '__main__':\n"
    "    test_import(cl.import_data)\n    test_train_models(cl.train_models)\n"
)


def test_test001_tests_a_file_runs_itself_warn_and_are_named() -> None:
    files = {"churn_library.py": LIBRARY, "churn_script_logging_and_tests.py": SCRIPT_TESTS}
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "2 test function(s) run as a script" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("churn_script_logging_and_tests.py", 4)]
    assert "pytest collects none" in result.evidence[0].snippet
    # Functions that only look like tests (no assert) or that nothing calls stay as before.
    plain = SCRIPT_TESTS.replace("assert", "print(")
    plain = plain.replace("print( df.shape[0] > 0", "print(df.shape[0] > 0)")
    plain = plain.replace("print( True", "print(True)")
    result = check("TEST001", snapshot_from({**files, "churn_script_logging_and_tests.py": plain}))
    assert result.status is Status.FAIL


def test_sanity_rules_read_a_script_of_tests_as_tests() -> None:
    files = {"churn_library.py": LIBRARY, "churn_script_logging_and_tests.py": SCRIPT_TESTS}
    snapshot = snapshot_from(files)
    # Its asserts check the library's output: they are tests, not the code's own checks.
    result = check("SANITY001", snapshot)
    assert result.metrics.get("checks", 0) == 0, result.evidence
    # Read as tests: the one that trains through the library is a smoke test.
    result = check("SANITY003", snapshot)
    assert result.status is Status.PASS, result.message
    assert [e.line for e in result.evidence] == [12]


PY2_TESTS = """\
from preprocess import resize


class TestPreProcess():

    def test_resize(self):
        print 'Testing the resize function'
        assert resize([[1]]).shape == (1, 1)

    def test_empty(self):
        print 'An empty image stays empty'
        assert resize([]).shape == (0,)
"""


def test_tests_python_3_cannot_parse_are_tests_written_not_no_tests() -> None:
    # Python 2 tests (print statements) that nose ran in the project's CI: Python 3 cannot
    # parse them, so nothing collects them today, but "no test_* functions" is false of them.
    result = check("TEST001", snapshot_from({"tests/TestPreProcess.py": PY2_TESTS}))
    assert result.status is Status.WARN
    assert "2 test function(s) in 1 file(s) that Python 3 cannot parse" in result.message
    assert [e.snippet for e in result.evidence] == [
        "syntax error at line 7: Missing parentheses in call to 'print'. Did you mean print(...)?"
        " (Python 2 syntax?); 2 test function(s)"
    ]


def test_a_test_folder_file_that_does_not_parse_and_defines_no_test_still_fails() -> None:
    broken = "import torch\n\nprint 'checking the model'\n"
    result = check("TEST001", snapshot_from({"tests/check_model.py": broken}))
    assert result.status is Status.FAIL


def test_test001_does_not_list_jupyters_autosaved_copy_of_a_script() -> None:
    # .ipynb_checkpoints/malware_test-checkpoint.py is Jupyter's autosave of malware_test.py,
    # a script that runs a sample through the model: neither is a test a learner left empty.
    script = (
        "import sys\n\n\n"
        "def features(path):\n    if not path:\n        raise ValueError(path)\n"
        "    return [len(path)]\n\n\n"
        'if __name__ == "__main__":\n    print(features(sys.argv[1]))\n'
    )
    files = {
        "pe/malware_test.py": script,
        "pe/.ipynb_checkpoints/malware_test-checkpoint.py": script,
        "train.py": "x = 1\n",
    }
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert not [e for e in result.evidence if ".ipynb_checkpoints" in e.path]
