"""A test whose only check compares literals, ``self.assertEqual(1, 1)`` or ``assert True``,
the placeholder a project template ships, checks nothing of the code: it is a placeholder like
an empty body. An assert that can fail (``assert False`` in an ``except``) still checks."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

PLACEHOLDERS = """\
import unittest


class MainTest(unittest.TestCase):
    def test_hello(self):
        self.assertEqual(1, 1)

    def test_true(self):
        self.assertTrue(True, "template")


def test_constant():
    assert 1 == 1


def test_bare_true():
    assert True
"""

REAL = """\
import unittest

from model import build, check_config


class ModelTest(unittest.TestCase):
    def test_output(self):
        self.assertEqual(build()(2), 4)

    def test_raises(self):
        try:
            build()(None)
        except TypeError:
            return
        assert False, "no error"

    def test_helper_with_a_literal(self):
        check_config("configs/train.yaml")

    def test_fail(self):
        self.fail("not written yet")
"""


def test_literal_only_assertions_are_placeholders() -> None:
    result = check("TEST002", snapshot_from({"tests/test_main.py": PLACEHOLDERS}))
    assert result.status is Status.FAIL
    assert result.message == "0 of 4 test(s) check something"
    reasons = [evidence.snippet for evidence in result.evidence]
    assert reasons == [
        f"{name}: asserts only literals, always true"
        for name in (
            "MainTest.test_hello",
            "MainTest.test_true",
            "test_constant",
            "test_bare_true",
        )
    ]


def test_assertions_that_can_fail_still_check() -> None:
    files = {"model.py": "def build():\n    return abs\n", "tests/test_model.py": REAL}
    result = check("TEST002", snapshot_from(files))
    assert result.status is Status.PASS, result.evidence
    assert result.message == "4 of 4 test(s) check something"


# A learner's model test: the asserts sit in a try whose handler turns any failure into a
# return value, so pytest passes the test whatever the shapes are.
SWALLOWED = """\
from model import build


def test_model_creation():
    try:
        model = build()
        assert model(2) == 2
        return True
    except Exception as error:
        print(error)
        return False


def test_reraised():
    try:
        assert build()(-1) == 1
    except AssertionError:
        print("shape mismatch")
        raise


def test_failed_by_hand():
    try:
        assert build()(-1) == 1
    except Exception as error:
        pytest.fail(str(error))


def test_other_errors_only():
    try:
        assert build()(-3) == 3
    except ValueError:
        return
"""


def test_asserts_a_handler_swallows_check_nothing() -> None:
    files = {"model.py": "def build():\n    return abs\n", "tests/test_model.py": SWALLOWED}
    result = check("TEST002", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert result.message == "3 of 4 test(s) check something", result.message
    assert [e.snippet for e in result.evidence] == [
        "test_model_creation: its asserts sit in a try whose except swallows their failure"
    ]


def test_a_helper_counts_only_from_the_module_it_is_imported_from() -> None:
    # Two modules define load(); only the one the test does not import raises. The test
    # calls helper.load and prints: it checks nothing.
    files = {
        "helper.py": "def load(path):\n    return open(path).read()\n",
        "main.py": "def load(path):\n    if not path:\n        raise ValueError(path)\n",
        "test_search.py": "from helper import load\n\ndef test_search():\n    print(load('a'))\n",
    }
    result = check("TEST002", snapshot_from(files))
    assert result.message.startswith("0 of 1 test(s) check something"), result.message
    assert [e.snippet for e in result.evidence] == ["test_search: runs code but asserts nothing"]
    # Imported from the module that checks, it still counts.
    files["test_search.py"] = files["test_search.py"].replace("helper", "main")
    assert check("TEST002", snapshot_from(files)).status is Status.PASS


# A model test written with torchtest: ``test_suite(..., test_nan_vals=True)`` trains a step
# and raises when a parameter turns NaN, as ``assert_vars_change`` raises when none moved. A
# function of a library made for testing checks, imported by name or called through its
# module; a runner's (``pytest.importorskip``) does not, nor a repository's own ``mytest``.
TESTING_LIBRARY = """\
import pytest
import torchtest
from torchtest import test_suite
from mytest import run_model

from model import build


def test_nan_vals():
    test_suite(build(), None, None, None, test_nan_vals=True)


def test_inf_vals():
    torchtest.test_suite(build(), None, None, None, test_inf_vals=True)


def test_import_only():
    pytest.importorskip("torch")


def test_own_helper():
    run_model(build())
"""


def test_a_testing_librarys_functions_check() -> None:
    files = {
        "model.py": "def build():\n    return abs\n",
        "mytest.py": "def run_model(model):\n    return model(1)\n",
        "tests/test_model.py": TESTING_LIBRARY,
    }
    result = check("TEST002", snapshot_from(files))
    assert result.message == "2 of 4 test(s) check something; 2 only run code (smoke tests)"
    assert [evidence.snippet.split(":")[0] for evidence in result.evidence] == [
        "test_import_only",
        "test_own_helper",
    ]
