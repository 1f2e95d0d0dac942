"""The settings repocheck hands ruff, read from the repository's own root config only."""

from __future__ import annotations

import sys

from repocheck.facts.ruff_config import read_settings, to_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def test_keys_that_name_other_files_are_left_out_and_said() -> None:
    pyproject = (
        '[tool.ruff]\nextend = "/etc/ruff.toml"\nsrc = ["/opt"]\ncache-dir = "/tmp/c"\n'
        'line-length = 100\nselect = ["E"]\nbogus = 1\n\n[tool.ruff.lint]\nignore = ["E501"]\n'
    )
    settings = read_settings({"pyproject.toml": pyproject})
    assert settings.own == {"line-length": 100, "lint": {"ignore": ["E501"], "select": ["E"]}}
    assert settings.formatter == {"line-length": 100}
    assert any("extend is not followed" in note for note in settings.notes)
    assert any("does not know" in note and "bogus" in note for note in settings.notes)


def test_formatter_values_ruff_would_refuse_are_dropped() -> None:
    config = 'line-length = 0\nindent-width = 4\n[format]\nquote-style = "sideways"\n'
    settings = read_settings({"ruff.toml": config})
    assert settings.formatter == {"indent-width": 4}
    assert any("line-length" in note and "quote-style" in note for note in settings.notes)


def test_ruff_precedence_and_black_fallback() -> None:
    black = "[tool.black]\nline-length = 120\nskip-string-normalization = true\n"
    assert read_settings({"pyproject.toml": black}).formatter == {
        "line-length": 120,
        "format.quote-style": "preserve",
    }
    both = {"pyproject.toml": black, ".ruff.toml": "line-length = 90\n"}
    assert read_settings(both).formatter == {"line-length": 90}
    assert read_settings(both).source == ".ruff.toml"


def test_quotes_are_judged_only_when_the_repo_declares_a_style() -> None:
    assert read_settings({}).formatter == {"format.quote-style": "preserve"}
    assert read_settings({"ruff.toml": "line-length = 88\n"}).formatter == {"line-length": 88}
    # A formatter declared with its defaults declares double quotes all the same.
    assert read_settings({"pyproject.toml": "[tool.ruff]\n"}).formatter == {}
    assert read_settings({"pyproject.toml": "[tool.black]\n"}).formatter == {}


def test_to_toml_round_trips_what_tomllib_read() -> None:
    options = {
        "lint": {
            "per-file-ignores": {"pkg/__init__.py": ["F401"], 'we"ird\x7f.py': ["E"]},
            "dummy-variable-rgx": "^_$\\n",
            "pylint": {"max-args": 8, "allow-magic-value-types": ["str"]},
        },
        "format.quote-style": "single",
        "preview": True,
        "ratio": 0.5,
    }
    parsed = tomllib.loads(to_toml(options))
    assert parsed["lint"] == options["lint"] and parsed["format"] == {"quote-style": "single"}
    assert parsed["preview"] is True and parsed["ratio"] == 0.5
