"""Shared fixtures: the reference repositories, built once per test session."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.fixtures import exemplary_repo, learner_dump
from tests.runner import absolute_pythonpath


def pytest_configure(config: pytest.Config) -> None:
    # A suite started in the background of a non-interactive shell (`pytest &`) inherits SIGINT
    # ignored, and every child it starts would ignore Ctrl-C too, as POSIX asks: the tests that
    # interrupt repocheck would then wait forever. Python's own handler is reset at exec, so the
    # children get the default disposition back.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    # Children that start repocheck themselves inherit this environment; they run inside the
    # analyzed repository, where a relative PYTHONPATH would import its modules.
    os.environ.update(absolute_pythonpath(dict(os.environ)))


@pytest.fixture(scope="session")
def exemplary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exemplary_repo(tmp_path_factory.mktemp("exemplary") / "tiny-classifier")


@pytest.fixture(scope="session")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return learner_dump(tmp_path_factory.mktemp("dump") / "mnist")
