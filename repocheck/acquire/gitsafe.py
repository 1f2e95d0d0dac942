"""The options and environment under which repocheck lets git fetch an untrusted repository.

A clone fetches attacker-controlled data from an attacker-chosen server, so git gets only what
it needs: the allowed transports, no hooks, no submodules, no LFS downloads, no credential
prompts or helpers, and a token (when there is one for this host) or the user name of an http(s)
URL as an HTTP header passed in the environment, so that it appears in no command line, URL,
config file or message.
"""

from __future__ import annotations

import base64
import os

from repocheck.acquire.errors import AcquireError
from repocheck.acquire.targets import Remote

REDACTED = "***"


def git_options(remote: Remote, with_token: bool) -> list[str]:
    """``-c`` options for every git command of a clone (git passes them on to its children)."""
    options = [
        "core.hooksPath=/dev/null",
        "core.fsmonitor=false",
        "submodule.recurse=false",
        "fetch.recurseSubmodules=false",
        # A user's git-lfs install would download every LFS object at checkout.
        "filter.lfs.smudge=",
        "filter.lfs.process=",
        "filter.lfs.required=false",
        "credential.helper=",
        "core.askPass=",
        # The header would follow a redirect to another host; without a token, follow the
        # first one (a renamed repository on GitHub answers with a redirect).
        f"http.followRedirects={'false' if with_token else 'initial'}",
        "protocol.allow=never",
        *(f"protocol.{name}.allow=always" for name in remote.transports),
    ]
    return [part for option in options for part in ("-c", option)]


def auth_header(token: str) -> str:
    """The header GitHub accepts for a token on git's https transport."""
    if any(not ch.isprintable() or ch.isspace() for ch in token):
        raise AcquireError("the token contains spaces or control characters")
    pair = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    return f"Authorization: Basic {pair}"


def git_environment(remote: Remote, token: str | None) -> dict[str, str]:
    """Variables for every git command of a clone; the token, if any, only for its host."""
    env = {
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_ASKPASS": "",  # set but empty: no askpass program, not even SSH_ASKPASS
        "GCM_INTERACTIVE": "never",
        "GIT_LFS_SKIP_SMUDGE": "1",
        # Overrides protocol.allow when set, so it must say the same.
        "GIT_ALLOW_PROTOCOL": ":".join(remote.transports),
        "GIT_PROTOCOL_FROM_USER": "0",
        "GIT_TRACE_REDACT": "1",
        "GIT_CONFIG_COUNT": "0",
    }
    if not os.environ.get("GIT_SSH_COMMAND") and not os.environ.get("GIT_SSH"):
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes"
    authorization = _authorization(remote, token)
    if authorization is not None:
        scope, header = authorization
        env["GIT_CONFIG_COUNT"] = "1"
        env["GIT_CONFIG_KEY_0"] = f"http.{scope}.extraHeader"
        env["GIT_CONFIG_VALUE_0"] = header
    return env


def _authorization(remote: Remote, token: str | None) -> tuple[str, str] | None:
    """(URL prefix, header) to authenticate with: the URL's own user name wins over a token."""
    if remote.credential is not None:
        return remote.credential.scope, remote.credential.header
    if token and remote.token_scope:
        return remote.token_scope, auth_header(token)
    return None


def secrets_of(token: str | None) -> tuple[str, ...]:
    """Every form in which the token could show up in git's messages."""
    if not token:
        return ()
    encoded = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    return (token, encoded)


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every secret replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text
