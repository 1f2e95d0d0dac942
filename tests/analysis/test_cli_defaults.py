"""``args.<dest>`` is named the way argparse names it: the first long option, not the longest."""

from __future__ import annotations

from repocheck.analysis.cli_defaults import cli_defaults
from repocheck.analysis.imports import programs
from tests.helpers import snapshot_from

PARSER = """\
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--out", "--output-directory", default="runs/out")
parser.add_argument("-c", "--ckpt", default="weights/last.pt")
parser.add_argument("-l", default="logs")
parser.add_argument("data-root", nargs="?", default="data/raw")
parser.add_argument("--save-dir", dest="target", default="saved")
args = parser.parse_args()
"""


def test_each_default_is_keyed_by_the_dest_argparse_gives_it() -> None:
    snapshot = snapshot_from({"train.py": PARSER})
    assert cli_defaults(programs(snapshot)) == {
        "out": "runs/out",  # the first long option, though a longer one follows
        "ckpt": "weights/last.pt",  # a long option wins over a short one before it
        "l": "logs",  # a short option alone names it
        "data-root": "data/raw",  # a positional is its own dest, dashes kept
        "target": "saved",  # dest= says it outright
    }
