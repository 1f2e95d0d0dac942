"""The pipeline's own mechanics: the collector paused while the rules run, and restored."""

from __future__ import annotations

import gc

import pytest

from repocheck.analyze import no_automatic_collections


def test_the_collector_is_paused_for_the_rules_and_restored_even_on_errors() -> None:
    assert gc.isenabled()
    with no_automatic_collections():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(KeyboardInterrupt), no_automatic_collections():
        raise KeyboardInterrupt
    assert gc.isenabled()
    gc.disable()
    try:
        with no_automatic_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()
