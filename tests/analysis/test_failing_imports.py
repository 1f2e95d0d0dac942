"""A test file that imports a name its project module no longer defines stops at that import:
pytest reports a collection error and runs none of its tests (``from src.inference.predict
import predict, preprocess_raw_image`` after ``preprocess_raw_image`` was removed)."""

from __future__ import annotations

from repocheck.analysis.failing_imports import failing_import
from repocheck.model import Status
from tests.helpers import check, snapshot_from

PREDICT = """\
import torch


def load_model(path):
    return torch.load(path)


def predict(model, x):
    with torch.no_grad():
        return model(x)
"""
STALE_TEST = """\
import torch
from src.inference.predict import predict, preprocess_raw_image


def test_predict_shape():
    assert predict(torch.nn.Linear(4, 2), torch.zeros(1, 4)).shape == (1, 2)


def test_preprocess():
    assert preprocess_raw_image(torch.zeros(8, 8)).shape == (8, 8)
"""
GOOD_TEST = """\
import torch
from src.inference.predict import predict


def test_one():
    assert predict(torch.nn.Linear(4, 2), torch.zeros(1, 4)).shape == (1, 2)


def test_two():
    assert predict(torch.nn.Linear(4, 3), torch.zeros(2, 4)).shape == (2, 3)


def test_three():
    assert predict(torch.nn.Linear(2, 2), torch.zeros(1, 2)).shape == (1, 2)
"""


def _snapshot(extra: dict[str, str]) -> object:
    return snapshot_from({"src/__init__.py": "", "src/inference/predict.py": PREDICT, **extra})


def test_a_name_the_module_lacks_stops_the_file() -> None:
    snapshot = snapshot_from({"src/inference/predict.py": PREDICT, "tests/test_x.py": STALE_TEST})
    failing = failing_import(snapshot, "tests/test_x.py")
    assert failing is not None
    assert (failing.line, failing.name, failing.module_path) == (
        2,
        "preprocess_raw_image",
        "src/inference/predict.py",
    )


def test_names_bound_in_blocks_globals_and_imports_count() -> None:
    module = """\
import os
from torch import nn as tnn
try:
    from fast import resize
except ImportError:
    def resize(x):
        return x
if os.environ.get("X"):
    LIMIT = 3
else:
    LIMIT, (LOW, HIGH) = 4, (0, 1)
for _name in ("a",):
    pass
with open(__file__) as handle:
    pass


def configure():
    global CONFIG
    CONFIG = {}
"""
    test = (
        "from helpers import os, tnn, resize, LIMIT, LOW, HIGH, _name, handle, CONFIG\n"
        "def test_x():\n    assert LIMIT\n"
    )
    snapshot = snapshot_from({"helpers.py": module, "tests/test_h.py": test})
    assert failing_import(snapshot, "tests/test_h.py") is None


def test_a_module_that_may_bind_anything_is_not_judged() -> None:
    for module in (
        "from torch import *\n",
        "def __getattr__(name):\n    return name\n",
        "globals()['thing'] = 1\n",
        "import sys\nsys.modules[__name__].thing = 1\n",
    ):
        snapshot = snapshot_from(
            {
                "lib2.py": module,
                "tests/test_l.py": "from lib2 import thing\ndef test_x():\n    assert thing\n",
            }
        )
        assert failing_import(snapshot, "tests/test_l.py") is None, module


def test_submodules_installed_packages_and_guarded_imports_are_not_judged() -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/train.py": "def fit():\n    pass\n",
        "pkg/models/__init__.py": "",
        "tests/test_sub.py": "from pkg import train, models\ndef test_x():\n    assert train\n",
        "tests/test_installed.py": "from torchvision.models import resnet18\ndef test_x():\n    assert resnet18\n",
        "tests/test_guarded.py": (
            "try:\n    from pkg.train import gone\nexcept ImportError:\n    gone = None\n"
            "def test_x():\n    assert gone is None\n"
        ),
        "tests/test_inside.py": "def test_x():\n    from pkg.train import gone\n    assert gone\n",
    }
    snapshot = snapshot_from(files)
    for path in files:
        if path.startswith("tests/"):
            assert failing_import(snapshot, path) is None, path


def test_the_name_found_in_any_module_the_import_may_load_counts() -> None:
    # ``from utils import x`` may load tests/utils.py (the test's own folder) or utils.py.
    files = {
        "utils.py": "def other():\n    pass\n",
        "tests/utils.py": "def x():\n    pass\n",
        "tests/test_u.py": "from utils import x\ndef test_x():\n    assert x\n",
    }
    assert failing_import(snapshot_from(files), "tests/test_u.py") is None


def test_relative_imports_are_read_from_their_package() -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/core.py": "def run():\n    pass\n",
        "pkg/test_core.py": "from .core import run, stop\ndef test_x():\n    assert run\n",
    }
    failing = failing_import(snapshot_from(files), "pkg/test_core.py")
    assert failing is not None and failing.name == "stop"


def test_test001_counts_only_the_tests_that_run() -> None:
    result = check(
        "TEST001", _snapshot({"tests/test_model.py": STALE_TEST, "tests/test_ok.py": GOOD_TEST})
    )
    assert result.status is Status.PASS
    assert result.message.startswith("3 test(s) in 1 file(s); 2 more in 1 file(s) never run")
    assert "tests/test_model.py imports `preprocess_raw_image`" in result.message
    assert result.evidence[0].path == "tests/test_model.py"
    assert result.evidence[0].line == 2


def test_test001_warns_rather_than_fails_when_no_test_runs() -> None:
    result = check("TEST001", _snapshot({"tests/test_model.py": STALE_TEST}))
    assert result.status is Status.WARN
    assert "but none runs" in result.message


def test_sanity003_does_not_count_smoke_tests_that_never_run() -> None:
    model = (
        "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.fc = nn.Linear(4, 2)\n\n"
        "    def forward(self, x):\n        return self.fc(x)\n"
    )
    stale = (
        "import torch\nfrom src.model import Net, build_net\n\n\n"
        "def test_forward():\n    assert Net()(torch.zeros(1, 4)).shape == (1, 2)\n"
    )
    result = check("SANITY003", _snapshot({"src/model.py": model, "tests/test_net.py": stale}))
    assert result.status is Status.WARN
    assert "none runs" in result.message
    assert "`build_net`" in result.message


def test_a_subpackage_of_a_test_package_does_not_hide_an_installed_package() -> None:
    # tests/models/ is a package, so pytest puts the root on the path, not tests/models/:
    # ``from transformers import CLIPTextModel`` loads the installed library, not the
    # tests/models/transformers/ package of tests.
    files = {
        "tests/__init__.py": "",
        "tests/models/__init__.py": "",
        "tests/models/transformers/__init__.py": "",
        "tests/models/test_auto.py": (
            "from transformers import CLIPTextModel\ndef test_x():\n    assert CLIPTextModel\n"
        ),
    }
    assert failing_import(snapshot_from(files), "tests/models/test_auto.py") is None


SKELETON_TEST = """\
import pytest

from gpr.skeleton import fib


def test_fib():
    assert fib(1) == 1
    with pytest.raises(AssertionError):
        fib(-10)
"""


def test_a_module_its_package_lacks_stops_the_file() -> None:
    # A project template's test of ``skeleton.py``, left after the module was deleted: the
    # package ``src/gpr/`` is the repository's, and holds no ``skeleton``.
    files = {
        "src/gpr/__init__.py": "__version__ = '0.1'\n",
        "src/gpr/GPR.py": "class GPR:\n    pass\n",
        "tests/test_skeleton.py": SKELETON_TEST,
    }
    failing = failing_import(snapshot_from(files), "tests/test_skeleton.py")
    assert failing is not None
    assert (failing.line, failing.name, failing.module_path) == (3, "skeleton", "src/gpr/")
    assert failing.describe("tests/test_skeleton.py") == (
        "tests/test_skeleton.py imports `gpr.skeleton`, a module src/gpr/ does not hold"
    )
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.WARN
    assert "but none runs" in result.message
    assert result.evidence[0].snippet == "stops here: no module `skeleton` in src/gpr/"


def test_a_module_its_package_may_still_provide_is_not_judged() -> None:
    # Generated (``_version``), compiled (``fast.pyx``), bound by the package's __init__, or a
    # package whose __path__ is extended: the import may succeed.
    for init, extra, module in (
        ("", {}, "_version"),
        ("", {"src/gpr/fast.pyx": "def f(): pass\n"}, "fast"),
        ("from . import GPR as skeleton\n", {}, "skeleton"),
        ("from pkgutil import extend_path\n__path__ = extend_path(__path__, __name__)\n", {}, "x"),
        ("", {"src/gpr/skeleton/data.json": "{}\n"}, "skeleton"),
    ):
        files = {
            "src/gpr/__init__.py": init,
            "src/gpr/GPR.py": "class GPR:\n    pass\n",
            "tests/test_s.py": f"from gpr.{module} import fib\ndef test_x():\n    assert fib\n",
            **extra,
        }
        assert failing_import(snapshot_from(files), "tests/test_s.py") is None, (init, module)
