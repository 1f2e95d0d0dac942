"""Rules register here by ID; running one never lets its crash reach the caller."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from repocheck.facts.snapshot import FactUnavailable, Snapshot
from repocheck.model import Result

RuleFunction = Callable[[Snapshot], Result]

_RULES: dict[str, RuleFunction] = {}
_LOAD_ERRORS: dict[str, str] = {}


def rule(rule_id: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register ``function`` as the implementation of catalogue entry ``rule_id``."""

    def register(function: RuleFunction) -> RuleFunction:
        if rule_id in _RULES:
            raise ValueError(f"{rule_id} is implemented twice")
        _RULES[rule_id] = function
        return function

    return register


def implementations() -> dict[str, RuleFunction]:
    """Every registered rule, importing each module of ``repocheck.rules`` once."""
    import repocheck.rules as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("_") or module.name in _LOAD_ERRORS:
            continue
        try:
            importlib.import_module(f"{package.__name__}.{module.name}")
        except Exception as exc:  # a broken family must not take the other families down
            _LOAD_ERRORS[module.name] = f"{type(exc).__name__}: {exc}"
    return dict(_RULES)


def run_rule(rule_id: str, snapshot: Snapshot) -> Result:
    """Run one rule; a missing fact or a crash becomes an ``error`` result, never an exception."""
    function = implementations().get(rule_id)
    if function is None:
        broken = "; ".join(f"rules.{name}: {error}" for name, error in _LOAD_ERRORS.items())
        detail = f" (failed to load {broken})" if broken else ""
        return Result.errored(f"{rule_id} is catalogued but has no implementation{detail}")
    try:
        return function(_view_for(rule_id, snapshot))
    except FactUnavailable as exc:
        return Result.errored(f"needed facts could not be collected: {exc}")
    except Exception as exc:  # one broken rule must not sink the report
        return Result.errored(f"rule crashed: {type(exc).__name__}: {exc}")


def _view_for(rule_id: str, snapshot: Snapshot) -> Snapshot:
    """The rules that judge the author's code read the snapshot without vendored code (the
    ones that read ruff's and radon's measures without generated modules too); the others
    but history and hygiene, without committed virtual environments."""
    from repocheck.analysis.vendored import (
        MEASURED_RULES,
        authored_view,
        environment_view,
        judges_authored_code,
        readability_view,
    )

    if rule_id in MEASURED_RULES:
        return readability_view(snapshot)
    if judges_authored_code(rule_id):
        return authored_view(snapshot)
    return snapshot if rule_id.startswith("GIT") else environment_view(snapshot)
