"""A script in a plain folder imports its own folder's module first: Python puts the script's
folder at the front of ``sys.path``, so ``from model import GPT`` in ``llm/chat.py`` loads
``llm/model.py`` even when the repository root holds a ``model.py`` too."""

from __future__ import annotations

import ast

from repocheck.analysis.callgraph import ProjectGraph
from repocheck.analysis.imports import programs
from tests.helpers import check, snapshot_from

ROOT_MODEL = "import torch.nn as nn\n\n\nclass GPT(nn.Module):\n    pass\n"
LLM_MODEL = """\
import torch.nn as nn


class GPT(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(4, 4)
"""
LLM_CHAT = """\
import torch
from model import GPT
import model as models

net = GPT()
other = models.GPT()
loss = net(torch.zeros(1, 4)).sum()
loss.backward()
"""
ROOT_TRAIN = "import torch\nfrom model import GPT\n\ntorch.manual_seed(0)\nGPT()\n"


def _files(with_init: bool = False) -> dict[str, str]:
    files = {"model.py": ROOT_MODEL, "train.py": ROOT_TRAIN}
    files |= {"llm/model.py": LLM_MODEL, "llm/chat.py": LLM_CHAT}
    if with_init:
        files["llm/__init__.py"] = ""
    return files


def test_a_script_binds_its_sibling_module() -> None:
    found = {program.path: program for program in programs(snapshot_from(_files()))}
    chat = found["llm/chat.py"]
    assert chat.names["GPT"] == "llm.model.GPT"
    assert chat.names["models"] == "llm.model"
    assert found["train.py"].names["GPT"] == "model.GPT"


def test_a_package_module_keeps_the_absolute_name() -> None:
    found = {program.path: program for program in programs(snapshot_from(_files(True)))}
    assert found["llm/chat.py"].names["GPT"] == "model.GPT"


def test_a_script_loads_its_sibling_module() -> None:
    graph = ProjectGraph(programs(snapshot_from(_files())))
    chat = next(program for program in graph.programs if program.path == "llm/chat.py")
    unit = chat.units[0]
    loaded = {
        other.path
        for node in unit.tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for other in graph.imported_by(chat, node)
    }
    assert loaded == {"llm/model.py"}


def test_unseeded_draws_point_at_the_module_the_script_runs() -> None:
    result = check("REPRO001", snapshot_from(_files()))
    paths = {evidence.path for evidence in result.evidence}
    assert "llm/model.py" in paths
    assert "model.py" not in paths


def test_a_script_in_a_folder_no_import_can_name_binds_its_sibling() -> None:
    # ``my-project/__init__.py`` makes no package: ``import my-project.train`` is a syntax
    # error, so ``train.py`` there only runs as a script, its folder first on ``sys.path``.
    # A plain folder under it with a module of the same name must not be read as the one
    # it loads.
    files = {
        "my-project/__init__.py": "",
        "my-project/model.py": LLM_MODEL,
        "my-project/train.py": "from model import GPT\n\nGPT()\n",
        "my-project/lightning/model.py": LLM_MODEL,
        "my-project/lightning/fit.py": "from model import GPT\n\nGPT()\n",
    }
    found = {program.path: program for program in programs(snapshot_from(files))}
    assert found["my-project/train.py"].names["GPT"] == "my-project.model.GPT"
    assert found["my-project/lightning/fit.py"].names["GPT"] == "my-project.lightning.model.GPT"
