"""A notebook's new text is taken only when its code lines alone changed."""

from __future__ import annotations

from repocheck.fix.notebook_format import only_code_changed
from tests.fix.test_format import jupyter_notebook


def test_a_change_in_code_lines_alone_is_taken() -> None:
    before = jupyter_notebook(["x=1\n", "y = 2"])
    assert only_code_changed(before, before.replace('"x=1\\n"', '"x = 1\\n"'))


def test_a_new_key_a_new_layout_or_other_cells_are_not() -> None:
    before = jupyter_notebook(["x=1"])
    assert not only_code_changed(before, before.replace('"metadata": {},', '"metadata": {"a": 1},'))
    assert not only_code_changed(before, before.replace("\n ", "\n  "))  # indentation
    markdown = before.replace('"cell_type": "code"', '"cell_type": "markdown"')
    assert not only_code_changed(markdown, markdown.replace('"x=1"', '"x = 1"'))
    assert not only_code_changed(before, before.rstrip("\n"))
    assert not only_code_changed("not json", "not json either")
