"""User names and passwords in URLs: kept for the clone, never shown.

People paste ``https://TOKEN@github.com/owner/repo``; the user name of such a URL is a secret.
:func:`without_userinfo` is the one function a URL (or any text that may hold one, such as
git's messages) passes through before it is displayed, stored in a report, a batch file or the
cache, or put in an error. For the clone itself the credential travels the way a token does:
as an ``Authorization`` header in git's environment (gitsafe.py), scoped to the URL's host.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from repocheck.patterns import compile_on_use

#: ``scheme://userinfo@`` anywhere in a text; the authority ends at the first ``/ ? #``, and
#: the last ``@`` before it ends the userinfo (as urllib and curl read it). A scheme starts
#: only where a run of scheme characters starts: text such as ``a.a.a.a`` is scanned once, in
#: linear time, not once from every letter.
_URL_USERINFO = compile_on_use(r"(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*://)[^/?#\s]*@")
#: ``user@host:path`` (scp-like ssh) at the start of a line.
_SCP_USER = compile_on_use(r"(?m)^[^\s@/:]+@(?=[^\s@/:]+:(?!//))")


def without_userinfo(text: str) -> str:
    """``text`` with the user name and password taken out of every URL in it."""
    return _SCP_USER.sub("", _URL_USERINFO.sub(r"\1", text))


@dataclass(frozen=True)
class Credential:
    """The user name of an http(s) URL, to send as Basic authentication to ``scope`` only."""

    scope: str
    user: str = field(repr=False)

    @property
    def header(self) -> str:
        """The header curl would send for ``user@`` (an empty password)."""
        return f"Authorization: Basic {_basic(self.user)}"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every form in which the credential could show up in git's messages."""
        return (self.user, _basic(self.user))


def _basic(user: str) -> str:
    return base64.b64encode(f"{user}:".encode()).decode()
