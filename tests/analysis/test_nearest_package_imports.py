"""An absolute import of a package that only subfolders hold loads the nearest one above the
importer: a repository of three projects, each with its own ``src/``, runs
``mnist_gan/training/train.ipynb`` with ``mnist_gan/`` put on ``sys.path``, so its
``from src.model import *`` loads ``mnist_gan/src/model.py``, not the first ``src`` found."""

from __future__ import annotations

import ast

from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.imports import programs
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

CONV_MODEL = """\
import torch.nn as nn


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3)
"""
DENSE_MODEL = """\
import torch.nn as nn


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.dense = nn.Linear(4, 4)
"""
SETUP = """\
import sys, os

root_path = os.path.abspath(os.path.join(os.getcwd(), ".."))
if root_path not in sys.path:
    sys.path.append(root_path)

from src.model import *
import torch
"""
TRAIN = "net = Generator()\nloss = net(torch.zeros(1, 4)).sum()\nloss.backward()\n"
SCRIPT = "import torch\nfrom src.model import Generator\n\nGenerator()\n"


def _files() -> dict[str, str]:
    return {
        "dcgan_cifar/src/model.py": CONV_MODEL,
        "mnist_gan/src/model.py": DENSE_MODEL,
        "mnist_gan/training/train.ipynb": notebook(SETUP, TRAIN),
        "mnist_gan/scripts/run.py": SCRIPT,
    }


def test_a_script_binds_the_package_of_its_own_project() -> None:
    found = {program.path: program for program in programs(snapshot_from(_files()))}
    assert found["mnist_gan/scripts/run.py"].names["Generator"] == "mnist_gan.src.model.Generator"


def test_a_notebook_loads_the_package_of_its_own_project() -> None:
    graph = ProjectGraph(programs(snapshot_from(_files())))
    book = next(p for p in graph.programs if p.path == "mnist_gan/training/train.ipynb")
    loaded = {
        other.path
        for unit in book.units
        for node in unit.tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for other in graph.imported_by(book, node)
    }
    assert loaded == {"mnist_gan/src/model.py"}


def test_unseeded_draws_point_at_the_project_the_notebook_runs() -> None:
    result = check("REPRO001", snapshot_from(_files()))
    paths = {evidence.path for evidence in result.evidence}
    assert "mnist_gan/src/model.py" in paths
    assert "dcgan_cifar/src/model.py" not in paths


def test_a_package_at_the_top_keeps_the_absolute_name() -> None:
    # With src/ at the top too, which one sys.path finds first is not for the code to tell.
    files = _files() | {"src/model.py": DENSE_MODEL}
    found = {program.path: program for program in programs(snapshot_from(files))}
    assert found["mnist_gan/scripts/run.py"].names["Generator"] == "src.model.Generator"
