"""A ``DistributedSampler`` never told the epoch (SANITY004).

``DistributedSampler`` shuffles with a seed plus the epoch it was last given by
``sampler.set_epoch(epoch)``: never given one, every epoch shuffles the same way, so each
process walks its shard in the same order every epoch. Training loops written by hand must
call it; Lightning's and Hugging Face's trainers, and Accelerate's prepared loaders, set it
themselves, so only programs that run ``backward()`` in a loop of their own are read.
"""

from __future__ import annotations

import ast

from repocheck.analysis.imports import constant_of, keyword
from repocheck.analysis.ml_code import Finding, Repo, each
from repocheck.analysis.ml_names import BACKWARD_METHODS, is_backward, method, terminal

_SAMPLER = "DistributedSampler"
_FIX = "call sampler.set_epoch(epoch) at the start of every epoch"


def sampler_epoch_unset(repo: Repo) -> list[Finding]:
    """Shuffling ``DistributedSampler`` objects built by a program whose own loop trains,
    where no code of the project calls ``set_epoch``. A warning."""
    naming = [code for code in repo.torch_codes if code.mentions(_SAMPLER)]
    samplers = [
        (code, unit, call)
        for code, unit, call in each(naming, ast.Call)
        if terminal(call.func) == _SAMPLER and not _unshuffled(call)
    ]
    setting = [code for code in repo.codes if code.mentions("set_epoch")] if samplers else []
    if not samplers or any(method(call) == "set_epoch" for _, _, call in each(setting, ast.Call)):
        return []
    trains = {
        id(code)
        for code, unit, backward in repo.method_calls(BACKWARD_METHODS, repo.torch_codes)
        if is_backward(backward) and code.loops_around(unit, backward)
    }
    return [
        Finding("sampler-epoch-unset", unit, call.lineno, _FIX, False)
        for code, unit, call in samplers
        if id(code) in trains
    ]


def _unshuffled(call: ast.Call) -> bool:
    """``DistributedSampler(ds, shuffle=False)``: it walks in order, every epoch alike."""
    shuffle = keyword(call, "shuffle")
    return shuffle is not None and constant_of(shuffle, default=None) is False
