"""JSON as every report writes it: strict, and inert when printed to a terminal."""

from __future__ import annotations

import json
import math
from typing import Any

from repocheck.render.controls import CONTROL_CHARACTERS

#: json escapes only the C0 controls; DEL, the C1 controls and the direction-changing
#: characters would reach a terminal raw. Inside a JSON string \\uXXXX means the same character.
_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in CONTROL_CHARACTERS if ord(c) >= 0x7F}


def finite(value: Any) -> Any:
    """``value`` with every NaN or infinity replaced by None: strict parsers reject them."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def dumps(value: Any, indent: int | None = 2) -> str:
    """``value`` as strict JSON (no NaN, no Infinity), with controls written as escapes."""
    text = json.dumps(finite(value), indent=indent, ensure_ascii=False, allow_nan=False)
    return text.translate(_ESCAPES)
