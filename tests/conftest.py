"""Shared fixtures: the reference repositories, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures import exemplary_repo, learner_dump


@pytest.fixture(scope="session")
def exemplary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exemplary_repo(tmp_path_factory.mktemp("exemplary") / "tiny-classifier")


@pytest.fixture(scope="session")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return learner_dump(tmp_path_factory.mktemp("dump") / "mnist")
