from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person\n"


def test_docs002_names_the_licence_kind() -> None:
    result = check("DOCS002", snapshot_from({"LICENSE": MIT, "train.py": "x = 1\n"}))
    assert result.status is Status.PASS
    assert result.metrics["license"] == "MIT"
    assert result.evidence[0].path == "LICENSE"


def test_docs002_fails_without_a_licence() -> None:
    result = check("DOCS002", snapshot_from({"train.py": "x = 1\n"}))
    assert result.status is Status.FAIL


def test_docs002_licence_in_a_subfolder_does_not_count() -> None:
    result = check("DOCS002", snapshot_from({"vendor/lib/LICENSE": MIT}))
    assert result.status is Status.FAIL


def test_docs002_accepts_a_pyproject_licence_field() -> None:
    pyproject = '[project]\nname = "x"\nlicense = "MIT"\n'
    result = check("DOCS002", snapshot_from({"pyproject.toml": pyproject}))
    assert result.status is Status.PASS
