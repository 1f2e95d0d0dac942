"""GIT003 on a .gitignore that hides code the project imports: real repositories, where the
ignored module sits on the author's disk but never reaches a clone."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from repocheck.analysis.ignored_imports import ignored_imports
from repocheck.facts.collect import collect
from repocheck.model import Result, Status
from tests.fixtures import notebook
from tests.helpers import Step, check, make_repo

MAIN = "from src.data.data import download_data\nfrom src.models.gpt import GPT\n"
PACKAGE = {"src/__init__.py": "", "src/models/gpt.py": "class GPT:\n    pass\n"}
ON_DISK_ONLY = {"src/data/data.py": "def download_data():\n    return []\n"}


def _repo(
    tmp_path: Path,
    steps: list[Step],
    on_disk: Mapping[str, str] = ON_DISK_ONLY,
) -> Result:
    """GIT003 on a real repository with ``on_disk`` written after the commits, uncommitted."""
    make_repo(tmp_path, steps)
    for rel, text in on_disk.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return check("GIT003", collect(tmp_path))


def _hidden(tmp_path: Path) -> list[str]:
    return [found.path for found in ignored_imports(collect(tmp_path))]


def test_git003_fails_when_a_bare_pattern_hides_an_imported_package(tmp_path: Path) -> None:
    files = {".gitignore": "__pycache__/\ndata/\n", "src/main.py": MAIN, **PACKAGE}
    result = _repo(tmp_path, [Step("Code", files)])
    assert result.status is Status.FAIL
    assert "src/data/ (line `data/`)" in result.message
    assert "src/main.py:1 imports as src.data.data" in result.message
    assert "anchor the pattern: /data/ ignores only the top-level one" in result.message
    assert "commit src/data/" in result.message
    shown = [(row.path, row.line) for row in result.evidence]
    assert shown == [(".gitignore", None), ("src/main.py", 1)]
    assert result.metrics["hidden_imports"] == 1


def test_git003_an_ignored_module_file_is_named_as_a_file(tmp_path: Path) -> None:
    files = {".gitignore": "__pycache__/\nsecrets.py\n", "app/__init__.py": ""}
    files["app/run.py"] = "import app.secrets\n"
    _repo(tmp_path, [Step("Code", files)], {"app/secrets.py": "KEY = 1\n"})
    assert _hidden(tmp_path) == ["app/secrets.py"]


def test_git003_a_top_level_only_pattern_hides_nothing(tmp_path: Path) -> None:
    files = {".gitignore": "__pycache__/\n/data/\n", "src/main.py": MAIN, **PACKAGE}
    files.update(ON_DISK_ONLY)
    result = _repo(tmp_path, [Step("Code", files)], {"data/train.csv": "x\n1\n"})
    assert result.status is Status.PASS
    assert _hidden(tmp_path) == []


def test_git003_an_import_guarded_by_try_except_is_not_judged(tmp_path: Path) -> None:
    guarded = (
        "try:\n    from src.data.data import download_data\n"
        "except ImportError:\n    download_data = None\n"
    )
    files = {".gitignore": "__pycache__/\ndata/\n", "src/main.py": guarded, **PACKAGE}
    result = _repo(tmp_path, [Step("Code", files)])
    assert result.status is Status.PASS
    assert _hidden(tmp_path) == []


def test_git003_a_module_tracked_despite_the_pattern_is_committed(tmp_path: Path) -> None:
    code = {"src/main.py": MAIN, **PACKAGE, **ON_DISK_ONLY}
    steps = [Step("Code", code), Step("Ignore data", {".gitignore": "__pycache__/\ndata/\n"})]
    result = _repo(tmp_path, steps, {})
    assert result.status is Status.PASS
    assert _hidden(tmp_path) == []


def test_git003_a_negated_pattern_keeps_the_package(tmp_path: Path) -> None:
    files = {".gitignore": "data/\n!src/data/\n", "src/main.py": MAIN, **PACKAGE}
    files.update(ON_DISK_ONLY)
    _repo(tmp_path, [Step("Code", files)], {})
    assert _hidden(tmp_path) == []


def test_git003_generated_protobuf_modules_are_not_judged(tmp_path: Path) -> None:
    files = {".gitignore": "__pycache__/\n*_pb2.py\n*_pb2_grpc.py\n", **PACKAGE}
    files["src/proto/model.proto"] = 'syntax = "proto3";\n'
    files["src/main.py"] = "from src.proto import model_pb2\nimport src.proto.model_pb2_grpc\n"
    on_disk = {"src/proto/model_pb2.py": "X = 1\n", "src/proto/model_pb2_grpc.py": "Y = 1\n"}
    result = _repo(tmp_path, [Step("Code", files)], on_disk)
    assert result.status is Status.PASS
    assert _hidden(tmp_path) == []


def test_git003_imports_in_tests_are_not_judged(tmp_path: Path) -> None:
    files = {".gitignore": "__pycache__/\ndata/\n", **PACKAGE}
    files["tests/test_data.py"] = "from src.data.data import download_data\n\ndef test_x():\n"
    files["tests/test_data.py"] += "    assert download_data() == []\n"
    _repo(tmp_path, [Step("Code", files)])
    assert _hidden(tmp_path) == []


def test_git003_a_module_a_notebook_writes_is_not_judged(tmp_path: Path) -> None:
    cells = ["%%writefile src/data/data.py\ndef download_data():\n    return []\n", MAIN]
    files = {".gitignore": "__pycache__/\ndata/\n", "make.ipynb": notebook(*cells), **PACKAGE}
    _repo(tmp_path, [Step("Code", files)])
    assert _hidden(tmp_path) == []


def test_git003_prose_that_names_the_hidden_folder_writes_nothing(tmp_path: Path) -> None:
    # A changelog or a walkthrough that names src/data/ does not make it: only code and build
    # files (a Makefile, a notebook's %%writefile) do.
    files = {
        ".gitignore": "__pycache__/\ndata/\n",
        "src/main.py": MAIN,
        "CHANGELOG.md": "- moved the loaders into src/data/data.py\n",
        "docs/walkthrough.md.resolved": "See src/data for the loaders.\n",
        **PACKAGE,
    }
    _repo(tmp_path, [Step("Code", files)])
    assert _hidden(tmp_path) == ["src/data/"]
    built = {**files, "Makefile": "data:\n\tpython -m tools.gen > src/data/data.py\n"}
    _repo(tmp_path / "built", [Step("Code", built)])
    assert _hidden(tmp_path / "built") == []
    # A README's setup step that generates it says the same.
    readme = {**files, "README.md": "Run `python tools/gen.py` to write src/data/data.py.\n"}
    _repo(tmp_path / "readme", [Step("Code", readme)])
    assert _hidden(tmp_path / "readme") == []


def test_git003_a_name_the_project_declares_as_a_dependency_is_not_judged(
    tmp_path: Path,
) -> None:
    files = {".gitignore": "__pycache__/\nops/\n", "requirements.txt": "kernels==1.0\n"}
    files["kernels/__init__.py"] = ""
    files["train.py"] = "from kernels.ops import fused\n"
    _repo(tmp_path, [Step("Code", files)], {"kernels/ops/fused.py": "X = 1\n"})
    assert _hidden(tmp_path) == []


def test_git003_a_name_taken_from_a_package_is_not_judged(tmp_path: Path) -> None:
    # A package a build step copies into place, its own __init__.py ignored with the rest:
    # ``Trainer`` may be a name that __init__.py defines, not a module of its own.
    files = {".gitignore": "__pycache__/\nsrc/mirror/*\n!src/mirror/README.md\n"}
    files["src/mirror/README.md"] = "Filled in by setup.py\n"
    files["examples/run.py"] = "from mirror import Trainer\n"
    on_disk = {"src/mirror/__init__.py": "Trainer = object\n"}
    result = _repo(tmp_path, [Step("Code", files)], on_disk)
    assert result.status is Status.PASS
    assert _hidden(tmp_path) == []


def test_git003_a_module_another_folder_on_the_path_holds_is_not_judged(tmp_path: Path) -> None:
    # ``models.data.loader`` is src/models/data/loader.py, committed; the ignored
    # models/data/ at the top is not the one Python imports.
    files = {".gitignore": "__pycache__/\n/models/data/\n", "models/README.md": "weights\n"}
    files["src/models/data/loader.py"] = "X = 1\n"
    files["train.py"] = "import models.data.loader\n"
    _repo(tmp_path, [Step("Code", files)], {"models/data/loader.py": "X = 2\n"})
    assert _hidden(tmp_path) == []


def test_git003_a_star_import_of_a_hidden_module_fails(tmp_path: Path) -> None:
    files = {".gitignore": "__pycache__/\ndata/\n", **PACKAGE}
    files["src/main.py"] = "from src.data.data import *\n"
    result = _repo(tmp_path, [Step("Code", files)])
    assert result.status is Status.FAIL
    assert _hidden(tmp_path) == ["src/data/"]


def test_git003_a_relative_import_of_a_hidden_module_fails(tmp_path: Path) -> None:
    files = {".gitignore": "__pycache__/\ndata/\n", **PACKAGE}
    files["src/main.py"] = "from .data.data import download_data\n"
    result = _repo(tmp_path, [Step("Code", files)])
    assert result.status is Status.FAIL
    assert "src/main.py:1 imports as .data.data" in result.message
    assert _hidden(tmp_path) == ["src/data/"]


def test_git003_what_the_file_also_misses_keeps_its_advice_and_evidence(tmp_path: Path) -> None:
    files = {".gitignore": "__pycache__/\ndata/\n", **PACKAGE}
    files["src/main.py"] = MAIN + "import torch\ntorch.save(GPT(), 'checkpoints/best.pt')\n"
    result = _repo(tmp_path, [Step("Code", files)])
    assert result.status is Status.FAIL
    assert result.message.endswith("; it also misses model checkpoints (add: checkpoints/)")
    shown = [(row.path, row.line) for row in result.evidence]
    assert shown == [(".gitignore", None), ("src/main.py", 1), ("src/main.py", 4)]


def test_git003_a_credentials_module_kept_out_on_purpose_asks_for_a_template(
    tmp_path: Path,
) -> None:
    # The .gitignore names tool/secret.py itself (a bot token): committing it would leak
    # the token. A clone still lacks it, so a template is what the project should carry.
    files = {".gitignore": "tool/secret.py\n__pycache__/\n", "tool/__init__.py": ""}
    files["tool/telegram.py"] = "from tool.secret import token\n\nprint(token)\n"
    result = _repo(tmp_path, [Step("Code", files)], {"tool/secret.py": "token = 'x'\n"})
    assert result.status is Status.WARN, result.message
    assert "commit tool/secret.py" not in result.message
    assert "commit a template beside it (tool/secret.example.py)" in result.message
    # A pattern that catches the module among others is no such choice: it still fails.
    broad = {**files, ".gitignore": "tool/secret*\n__pycache__/\n"}
    on_disk = {"tool/secret.py": "token = 'x'\n"}
    assert _repo(tmp_path / "broad", [Step("Code", broad)], on_disk).status is Status.FAIL


def test_git003_names_the_line_that_hides_the_folder_not_one_taken_back(tmp_path: Path) -> None:
    # "*/" keeps out every folder; "u*" keeps out utils, which "!utils" takes back; the
    # folder below it is hidden by "*/" (pass 476).
    # The folder's build file was committed before the .gitignore.
    files = {"utils/__init__.py": "", "utils/cython/setup.py": "X = 1\n"}
    files["train.py"] = "from utils.cython.assemble import build\n"
    steps = [Step("Code", files), Step("Ignore", {".gitignore": "*/\nu*\n!utils\n"})]
    result = _repo(tmp_path, steps, {"utils/cython/assemble/m.py": "X = 2\n"})
    assert result.status is Status.FAIL
    assert "utils/cython/assemble/ (line `*/`)" in result.message
    assert "anchor the pattern: /*/ ignores only the top-level one" in result.message


def test_git003_a_last_module_a_file_would_hold_is_not_judged_by_its_folder(
    tmp_path: Path,
) -> None:
    # "*/" would hide utils/geometric/ but not utils/geometric.py: the import says nothing
    # of which the author had, so nothing is said (pass 476).
    files = {".gitignore": "*/\n!utils\n", "utils/__init__.py": "", "utils/shapes.py": ""}
    files["train.py"] = "from utils.geometric import *\nimport utils.geometric\n"
    _repo(tmp_path, [Step("Code", files)], {})
    assert _hidden(tmp_path) == []
