"""bench/rule_share.py names the steps that grew since an earlier measurement."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module():  # bench/ is scripts, not a package: load the one file
    spec = importlib.util.spec_from_file_location("rule_share", ROOT / "bench" / "rule_share.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["rule_share"] = module
    spec.loader.exec_module(module)
    return module


def test_a_step_that_grew_beyond_the_noise_is_named() -> None:
    rule_share = _module()
    before = {"collect": 1.0, "REPRO001": 1.18, "GIT003": 0.42, "TEST001": 0.05}
    after = {"collect": 1.05, "REPRO001": 1.56, "GIT003": 0.50, "TEST001": 0.09}
    # REPRO001 grew by 32% and 0.38 s; GIT003 by 19% but only 0.08 s; collect by 5%.
    assert rule_share.grown(before, after) == [("REPRO001", 1.18, 1.56)]
    text = rule_share.render_growth(Path("repo"), before, after)
    assert "grew: REPRO001 1.18 -> 1.56 s (+32%)" in text
    assert "GIT003" not in text


def test_nothing_grown_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule_share = _module()
    text = rule_share.render_growth(Path("repo"), {"REPRO001": 1.0}, {"REPRO001": 1.05})
    assert "no step grew" in text
    # The option reads what --json wrote; a repository not in it is measured as before.
    earlier = tmp_path / "before.json"
    earlier.write_text(json.dumps({"elsewhere": {"first": {}, "again": {}}}))
    assert rule_share.main([str(tmp_path / "missing"), "--against", str(earlier)]) == 2
    assert "is not a folder" in capsys.readouterr().err
