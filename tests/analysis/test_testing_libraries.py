"""Which modules are testing libraries: named so, outside the repository, not a runner."""

from __future__ import annotations

from repocheck.analysis.testing_libraries import is_testing_library, own_names
from tests.helpers import snapshot_from


def test_a_library_named_for_testing_is_one_unless_the_repository_has_it() -> None:
    own = own_names(snapshot_from({"src/mytest.py": "", "tests/test_a.py": "", "README.md": ""}))
    assert {"src", "mytest", "tests", "test_a"} <= own and "README" not in own
    assert is_testing_library("torchtest.test_suite", own)
    assert is_testing_library("torchtest", own)
    assert not is_testing_library("mytest.run_model", own)
    assert not is_testing_library("pytest.importorskip", own)
    assert not is_testing_library("unittest.main", own)
    assert not is_testing_library("torch.testing.assert_close", own)
