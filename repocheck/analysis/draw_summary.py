"""What running some code does to the random generators: the summary REPRO001's walk keeps
per function, module and entry point, and how one summary runs inside another."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from repocheck.analysis.draws import Use
from repocheck.analysis.implicit_draws import keras_draws_in_training
from repocheck.analysis.imports import Call

#: Draws kept per library in one summary: evidence needs a few, not all of them.
MAX_DRAWS = 8


@dataclass
class Summary:
    """What running some code does to the random generators.

    ``seeds``: library -> the seeding call that first seeds it; ``early``: draws made before
    the code seeds their library; ``later``: draws made at an unknown later time; ``used``:
    every library drawn from, seeded or not; ``commands``: the project functions imported
    modules register with a command-line app by calling its decorator
    (``app.command(name="train")(train)``), which run only if a script runs the app.
    """

    seeds: dict[str, Call] = field(default_factory=dict)
    early: dict[str, list[Use]] = field(default_factory=dict)
    later: dict[str, list[Use]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    commands: set[str] = field(default_factory=set)

    def seed(self, library: str, call: Call) -> None:
        """``call`` seeds ``library`` from here on."""
        self.seeds.setdefault(library, call)

    def draw(self, use: Use, deferred: bool) -> None:
        """A draw at this point (or, ``deferred``, at some later time)."""
        self.used.add(use.library)
        if not use.seeded and use.library not in self.seeds:
            add_draws(self.later if deferred else self.early, use.library, [use])

    def absorb(
        self, other: Summary, *, deferred: bool = False, loose: bool = False, restored: bool = False
    ) -> None:
        """Run ``other`` at this point; a ``loose`` match only brings its seeds, and a
        ``restored`` one (a model whose weights are loaded next) not its initialisation."""
        if not loose:
            self.commands |= other.commands
            self.used |= _drawn(other) if restored else other.used
            for library, uses in other.early.items():
                if library not in self.seeds:
                    add_draws(
                        self.later if deferred else self.early, library, _kept(uses, restored)
                    )
            for library, uses in other.later.items():
                if library not in self.seeds:
                    add_draws(self.later, library, _kept(uses, restored))
        for library, call in other.seeds.items():
            self.seed(library, call)

    def absorb_command(self, other: Summary) -> None:
        """Run ``other``, a command the framework runs once the top-level code has run: a
        draw it makes before it seeds its library itself is unseeded unless that code seeded
        the library; its other draws happen at some later time, as a deferred call's."""
        self.commands |= other.commands
        self.used |= other.used
        for library, uses in other.early.items():
            if library not in self.seeds:
                add_draws(self.early if library in other.seeds else self.later, library, uses)
        for library, uses in other.later.items():
            if library not in self.seeds:
                add_draws(self.later, library, uses)
        for library, call in other.seeds.items():
            self.seed(library, call)

    def absorb_fresh(self, other: Summary) -> None:
        """Run ``other`` in a fresh interpreter started here (a worker
        ``torch.multiprocessing.spawn`` starts): none of the seeds set so far reach it, so its
        unseeded draws stay unseeded, and its seeds stay in it."""
        self.commands |= other.commands
        self.used |= other.used
        for library, uses in [*other.early.items(), *other.later.items()]:
            add_draws(self.early, library, [replace(use, in_worker=True) for use in uses])


def _kept(uses: list[Use], restored: bool) -> list[Use]:
    return [use for use in uses if not use.initialises] if restored else uses


def _drawn(summary: Summary) -> set[str]:
    """The libraries of the summary's draws that do more than initialise weights."""
    everything = [*summary.early.values(), *summary.later.values()]
    return {use.library for uses in everything for use in uses if not use.initialises}


def add_draws(where: dict[str, list[Use]], library: str, uses: list[Use]) -> None:
    """Keep up to MAX_DRAWS of ``library``'s draws. A deep model's layers would fill them all
    with initialisations; a draw outside the model (the shuffling DataLoader, a crop drawn
    by the data pipeline) then takes the place of the last initialisation kept, so the
    evidence still shows it. The model's own training draws (a dropout) do not."""
    kept = where.setdefault(library, [])
    for use in uses:
        if any(use.call is other.call for other in kept):
            continue
        if len(kept) < MAX_DRAWS:
            kept.append(use)
            continue
        if _of_the_model(use):
            continue
        last = next((i for i in reversed(range(len(kept))) if kept[i].initialises), None)
        if last is None:
            return
        del kept[last]
        kept.append(use)


def _of_the_model(use: Use) -> bool:
    """A draw the model makes itself: its initial weights, or a mask or noise it draws only
    while training (a dropout written by hand, Keras's dropout and augmentation layers)."""
    return use.initialises or use.training_only or keras_draws_in_training(use.call.name or "")
