"""A learning-rate scheduler built and then left alone (SANITY004).

``scheduler = ReduceLROnPlateau(optimizer)`` followed by a training loop that never calls
``scheduler.step(...)`` leaves the rate where it started, while the code (and often a printout,
``print("scheduler: ReduceLROnPlateau")``) says the rate is scheduled. The scheduler counts as
used wherever its name is read again anywhere in the repository: stepped, handed to a
training function or a Trainer, returned from ``configure_optimizers``, imported by another
module. Only a name no code reads is a scheduler nothing runs.
"""

from __future__ import annotations

import ast

from repocheck.analysis.ml_code import Code, Finding, Repo
from repocheck.analysis.ml_names import terminal

#: Where schedulers are built: torch's, and Hugging Face's schedule factories.
_TORCH_SCHEDULERS = "torch.optim.lr_scheduler."
_FACTORY_PACKAGES = ("transformers.", "diffusers.optimization.")


def unused_schedulers(repo: Repo) -> list[Finding]:
    """Schedulers assigned to a name that nothing in the repository reads again. Each is
    looked for in its own program first; a notebook's is then unread (nothing imports a
    notebook), and for a module's the rest of the repository is read, once (another module
    may import it)."""
    found = []
    everywhere: frozenset[str] | None = None
    fix = "never stepped nor handed on: step it each epoch"
    for code in repo.torch_codes:
        local: frozenset[str] | None = None
        for unit in code.units:
            for node in unit.of_type(ast.Assign):
                if not isinstance(node.value, ast.Call):
                    continue
                if not _named_like_a_scheduler(terminal(node.value.func) or ""):
                    continue  # most assignments: asked by name before resolving the call
                if not _builds_a_scheduler(code.resolve(node.value.func)):
                    continue
                names = {name for target in node.targets for name in _bound(target)}
                if local is None:
                    local = _names_read([code])
                if not names or names & local:
                    continue
                if unit.path.endswith(".ipynb"):  # no other code can import a notebook
                    found.append(Finding("scheduler-unused", unit, node.lineno, fix, False))
                    continue
                if everywhere is None:
                    everywhere = _names_read(repo.codes)
                if not names & everywhere:
                    found.append(Finding("scheduler-unused", unit, node.lineno, fix, False))
    return found


#: How torch's scheduler classes end (StepLR, ReduceLROnPlateau, ChainedScheduler,
#: CosineAnnealingWarmRestarts); Hugging Face's factories are get_*schedule*.
_SCHEDULER_ENDINGS = ("LR", "Plateau", "Scheduler", "Restarts")


def _named_like_a_scheduler(name: str) -> bool:
    return name.endswith(_SCHEDULER_ENDINGS) or name.startswith("get_") and "schedule" in name


def _builds_a_scheduler(name: str) -> bool:
    if name.startswith(_TORCH_SCHEDULERS):
        return True
    last = name.rpartition(".")[2]
    return name.startswith(_FACTORY_PACKAGES) and last.startswith("get_") and "schedule" in last


def _bound(target: ast.expr) -> set[str]:
    """``scheduler`` and ``self.scheduler`` (as ``scheduler``); a tuple or a subscript binds
    it among other things: not judged."""
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, ast.Attribute):
        return {target.attr}
    return set()


def _names_read(codes: list[Code]) -> frozenset[str]:
    """Every name and attribute name the programs read (or delete)."""
    found: set[str] = set()
    for code in codes:
        for unit in code.units:
            found.update(
                node.id for node in unit.of_type(ast.Name) if type(node.ctx) is not ast.Store
            )
            found.update(
                node.attr for node in unit.of_type(ast.Attribute) if type(node.ctx) is not ast.Store
            )
    return frozenset(found)
