"""READ001: a pytest fixture imported into a test module under the name its tests take.

``from conftest import luna_setup as setup`` then ``def test_ct(setup)``: pytest finds the
fixture by name in the test's module, so ruff's "imported but unused" (F401) and each
parameter's "redefinition of unused `setup`" (F811) describe working tests.
"""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_readability import read001_of

CONFTEST = "import pytest\n\n\n@pytest.fixture\ndef luna_setup():\n    return {'dir': 'data'}\n"
TESTS = (
    "from conftest import luna_setup as setup\n\n\n"
    "def test_ct(setup):\n    assert setup['dir'] == 'data'\n\n\n"
    "def test_crop(setup):\n    assert setup\n"
)


def test_read001_a_fixture_imported_under_its_tests_parameter_name_is_used(
    tmp_path: Path,
) -> None:
    result = read001_of(tmp_path, {"tests/conftest.py": CONFTEST, "tests/test_ct.py": TESTS})
    codes = [e.snippet.split()[0] for e in result.evidence if e.snippet]
    assert "F401" not in codes and "F811" not in codes, codes
    assert "imports of pytest fixtures the module's tests take as parameters" in result.message


def test_read001_the_same_import_in_a_module_that_is_no_test_still_counts(tmp_path: Path) -> None:
    helper = TESTS.replace("def test_", "def check_")
    result = read001_of(tmp_path, {"tests/conftest.py": CONFTEST, "helpers.py": helper})
    codes = [e.snippet.split()[0] for e in result.evidence if e.snippet]
    assert "F401" in codes, codes
