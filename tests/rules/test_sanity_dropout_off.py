"""SANITY004 on a Transformer built with its dropout turned off (``dropout=0``): with no
dropout or batch norm anywhere, eval mode changes nothing, so an evaluation under
``torch.no_grad()`` that never calls ``model.eval()`` is no mistake."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

MODEL = """\
import torch
from torch import nn
from torch.nn import TransformerEncoder, TransformerEncoderLayer


class Forecaster(nn.Module):
    def __init__(self, size=8, heads=2, hidden=16, layers=2):
        super().__init__()
        encoder_layer = TransformerEncoderLayer(size, heads, hidden, {dropout})
        self.encoder = TransformerEncoder(encoder_layer, layers)
        self.head = nn.Linear(size, 1)

    def forward(self, x):
        return self.head(self.encoder(x))
"""

TRAIN = """\
import torch
from model import Forecaster


def val_loop(loader, model, loss_fn):
    total = 0.0
    with torch.no_grad():
        for x, y in loader:
            total += loss_fn(model(x), y).item()
    return total


def main(loader):
    model = Forecaster()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()
    for epoch in range(3):
        for x, y in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
        print(val_loop(loader, model, loss_fn))


if __name__ == "__main__":
    main([])
"""


def _sanity004(dropout: str) -> str:
    files = {"model.py": MODEL.format(dropout=dropout), "train.py": TRAIN}
    result = check("SANITY004", snapshot_from(files))
    assert result.status in (Status.PASS, Status.WARN), result.message
    return result.message


def test_sanity004_a_transformer_with_dropout_off_needs_no_eval_mode() -> None:
    for dropout in ("dropout=0", "dropout=0.0", "0"):
        assert "train mode" not in _sanity004(dropout), dropout


def test_sanity004_a_transformer_with_dropout_on_still_needs_eval_mode() -> None:
    for dropout in ("dropout=0.1", "", "dropout=rate"):
        assert "evaluation in train mode" in _sanity004(dropout), dropout
