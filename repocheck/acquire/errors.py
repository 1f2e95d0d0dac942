"""The one error of the acquire stage."""

from __future__ import annotations


class AcquireError(Exception):
    """The target cannot be analyzed; the message is one line for the user."""
