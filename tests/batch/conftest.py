"""Git servers on 127.0.0.1 and a sandbox per test (tests/hostile/fixtures.py)."""

from tests.hostile.fixtures import daemon, http_git, sandbox, served

__all__ = ["daemon", "http_git", "sandbox", "served"]
