"""Git servers on 127.0.0.1 and a sandbox per test (tests/fakes/fixtures.py)."""

from tests.fakes.fixtures import daemon, http_git, sandbox, served

__all__ = ["daemon", "http_git", "sandbox", "served"]
