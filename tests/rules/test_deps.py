"""REPRO003/REPRO004: dependencies read the way pip reads them."""

from __future__ import annotations

import dataclasses

from repocheck.analysis.distributions import suggested_distribution
from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, commits_of, snapshot_from

# --- what pip reads -----------------------------------------------------------------------


def test_repro003_follows_includes_and_requirement_folders_at_any_depth() -> None:
    files = {
        "requirements.txt": "-r deps/core.txt\n--requirement=deps/viz.txt\n",
        "deps/core.txt": "torch==2.5.1\n",
        "deps/viz.txt": "-r ../more/plots.txt\n",
        "more/plots.txt": "matplotlib==3.9.2\n",
        "requirements/envs/gpu/extra.txt": "wandb==0.18.5\n",
        "train.py": "import torch\nimport wandb\nimport matplotlib.pyplot as plt\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics["declared"] == 3


def test_repro003_a_module_the_repository_defines_elsewhere_is_no_package() -> None:
    # A script moved to archive/ still imports the package's helpers by their short name.
    files = {
        "requirements.txt": "pandas\n",
        "setup.py": "from setuptools import setup\nsetup(name='house_prices')\n",
        "house_prices/__init__.py": "",
        "house_prices/helper_functions/__init__.py": "from .encoders import *\n",
        "house_prices/helper_functions/encoders.py": "def one_hot_encoder(df):\n    return df\n",
        "archive/features.py": (
            "import pandas as pd\nfrom helper_functions import one_hot_encoder, gone_helper\n"
        ),
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    # A name the repository's module does not define: a package of that name, undeclared.
    files["archive/features.py"] = "from helper_functions import something_else\n"
    assert check("REPRO003", snapshot_from(files)).status is Status.WARN


def test_repro003_the_projects_folder_imported_by_another_name_is_no_package() -> None:
    # The scripts sit in "Multi-Camera Approach-1/" but import each other as the package
    # "multicamera", the folder's name on the author's disk: camera_setup.py and
    # DL_Model/features.py define what is taken. The import fails on a fresh clone, and
    # there is no package called multicamera to declare.
    files = {
        "requirements.txt": "numpy\n",
        "Multi-Camera Approach-1/camera_setup.py": "def setup_cameras():\n    return None\n",
        "Multi-Camera Approach-1/DL_Model/features.py": "def prepare_features(x):\n    return x\n",
        "Multi-Camera Approach-1/main_pipeline.py": (
            "import numpy as np\n"
            "from multicamera.camera_setup import setup_cameras\n"
            "from multicamera.DL_Model.features import prepare_features\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert result.message.startswith(
        "multicamera imported, but the module is Multi-Camera Approach-1/camera_setup.py,"
        " in a folder of another name"
    ), result.message
    assert "not declared" not in result.message
    # A name none of the repository's modules defines: a package's, undeclared.
    files["Multi-Camera Approach-1/main_pipeline.py"] = (
        "from multicamera.camera_setup import open_stream\n"
    )
    result = check("REPRO003", snapshot_from(files))
    assert "not declared in requirements.txt: multicamera" in result.message, result.message


def test_repro003_django_and_flower_packages_import_under_other_names() -> None:
    # djangorestframework installs rest_framework, django-cors-headers corsheaders, and
    # flwr-datasets brings Hugging Face's datasets along.
    files = {
        "requirements.txt": (
            "djangorestframework\ndjangorestframework-simplejwt\ndjango-cors-headers\n"
            "flwr-datasets[vision]>=0.5.0\n"
        ),
        "api/views.py": (
            "from rest_framework.response import Response\n"
            "from rest_framework_simplejwt.views import TokenObtainPairView\n"
            "import corsheaders\nfrom datasets import load_dataset\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_repro003_torch_tensorboard_needs_tensorboard_declared() -> None:
    for spelling in (
        "from torch.utils.tensorboard import SummaryWriter\n",
        "from torch.utils import tensorboard\n",
        "import torch.utils.tensorboard as tb\n",
    ):
        files = {"requirements.txt": "torch==2.5.1\n", "train.py": f"import torch\n{spelling}"}
        result = check("REPRO003", snapshot_from(files))
        assert result.status is not Status.PASS, spelling
        assert [e.snippet for e in result.evidence] == [
            f"{spelling.strip()} (declare tensorboard)"
        ], spelling
    # Declared, or brought along by TensorFlow: nothing missing.
    for declared in ("torch==2.5.1\ntensorboard==2.18.0\n", "torch==2.5.1\ntensorflow==2.18.0\n"):
        files = {
            "requirements.txt": declared,
            "train.py": "import torch\nfrom torch.utils.tensorboard import SummaryWriter\n",
        }
        assert check("REPRO003", snapshot_from(files)).status is Status.PASS, declared


def test_repro003_a_nightly_build_declares_the_package_it_builds() -> None:
    # tb-nightly and keras-nightly install the tensorboard and keras modules, as tf-nightly
    # installs tensorflow: a requirements file pinning a nightly declares them.
    files = {
        "requirements.txt": "torch==1.3.0\ntb-nightly==2.1.0a20191121\nkeras-nightly\n",
        "train.py": (
            "import torch\nimport keras\nfrom torch.utils.tensorboard import SummaryWriter\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_repro003_a_vcs_url_declares_the_distribution_its_egg_names() -> None:
    # pip's spelling for a package that is not on PyPI: the fragment names what it installs.
    files = {
        "requirements.txt": (
            "torch>=1.5.0\n"
            "git+https://github.com/cocodataset/cocoapi.git#subdirectory=PythonAPI&egg=pycocotools\n"
            "-e git+https://github.com/cocodataset/panopticapi.git@7bb4655#egg=panopticapi\n"
            "git+https://github.com/example/nameless.git\n"
        ),
        "train.py": "import torch\nfrom pycocotools import mask\nfrom panopticapi.utils import rgb2id\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics["declared"] == 3
    pins = check("REPRO004", snapshot_from(files))
    assert pins.metrics["declared"] == 3 and pins.metrics["pinned"] == 1  # the commit pins


def test_repro003_a_line_pip_cannot_read_is_named_not_called_undeclared() -> None:
    # "lightgbm=3.0.0" (one "="): the package is written down, but pip stops at the line.
    files = {
        "script/requirements.txt": "numpy==1.19.1\npandas==1.1.1\nlightgbm=3.0.0\n",
        "script/train.py": "import numpy\nimport pandas\nimport lightgbm as lgb\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "not declared" not in result.message
    assert "script/requirements.txt has 1 line(s) pip cannot read (lightgbm=3.0.0)" in (
        result.message
    )
    rows = [(e.path, e.line, e.snippet) for e in result.evidence]
    assert rows == [("script/requirements.txt", 3, "lightgbm=3.0.0")]
    # Paths and options are pip's too, not unreadable lines.
    fine = {**files, "script/requirements.txt": "numpy\npandas\nlightgbm\n./wheels/x.whl\n"}
    assert check("REPRO003", snapshot_from(fine)).status is Status.PASS


def test_repro004_a_constraints_include_pins_without_declaring() -> None:
    files = {
        "requirements.txt": "-c pins.txt\ntorch\nnumpy\n",
        "pins.txt": "torch==2.5.1\nnumpy==2.1.3\nscipy==1.14.1\n",
        "train.py": "import torch, numpy, scipy\n",
    }
    assert check("REPRO004", snapshot_from(files)).status is Status.PASS
    declared = check("REPRO003", snapshot_from(files))
    assert declared.status is Status.WARN  # a constraint is not an install: scipy is missing
    assert "scipy" in declared.message


def test_repro003_a_byte_order_mark_does_not_hide_the_first_requirement() -> None:
    files = {"requirements.txt": "\ufefftorch==2.5.1\nnumpy==2.1.3\n", "a.py": "import torch\n"}
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["declared"] == 2


def test_repro003_a_listed_standard_library_module_may_be_an_old_backport() -> None:
    # PyPI's argparse is the module itself, backported to Python 2.6: pip installs it, and
    # it is no unrelated package, only a needless one.
    files = {"requirements.txt": "torch~=1.13.0\nargparse~=1.4.0\n", "a.py": "import torch\n"}
    result = check("REPRO003", snapshot_from(files))
    assert "(argparse)" in result.message and "an old backport" in result.message


def test_repro003_the_configparser_backport_provides_the_backports_namespace() -> None:
    # PyPI's configparser installs backports.configparser too: code written for Python 2 and
    # 3 imports it from there, and the listed name is the backport it means, no mistake.
    files = {
        "requirements.txt": "numpy==1.19.5\nconfigparser==5.0.2\n",
        "client/window.py": "import numpy\nfrom backports import configparser\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # Without the backport's import, the standard-library name listed is still a finding.
    plain = {**files, "client/window.py": "import numpy\nimport configparser\n"}
    assert (
        "standard-library modules as packages (configparser)"
        in check("REPRO003", snapshot_from(plain)).message
    )
    # And the namespace imported without its provider is still undeclared.
    bare = {**files, "requirements.txt": "numpy==1.19.5\n"}
    assert check("REPRO003", snapshot_from(bare)).status is Status.WARN


def test_repro003_standard_library_names_in_requirements_are_a_finding() -> None:
    files = {
        "requirements.txt": "numpy==2.1.3\nos\nrandom\npickle5\ntime==1.0\n",
        "a.py": "import os, random\nimport numpy\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "standard-library modules as packages (os, random, time)" in result.message
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("requirements.txt", 2, "os"),
        ("requirements.txt", 3, "random"),
        ("requirements.txt", 5, "time==1.0"),
    ]
    # Not pins either: they are left out of REPRO004's count.
    assert check("REPRO004", snapshot_from(files)).metrics["declared"] == 2
    conda = {
        "environment.yml": "dependencies:\n  - zlib\n  - numpy=2.1\n",
        "a.py": "import numpy\n",
    }
    assert check("REPRO003", snapshot_from(conda)).status is Status.PASS


def test_repro003_the_deprecated_sklearn_name_is_a_finding() -> None:
    # A fashion recommender's requirements.txt asks for sklearn~=0.0: PyPI's stub of that
    # name refuses to install since December 2023, so pip install -r stops there.
    files = {
        "requirements.txt": "numpy~=1.21.4\nsklearn~=0.0\n",
        "a.py": "import numpy\nfrom sklearn.neighbors import NearestNeighbors\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "sklearn, which pip cannot install (PyPI's deprecated stub" in result.message
    assert "write scikit-learn" in result.message
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("requirements.txt", 2, "sklearn~=0.0")
    ]
    # Written scikit-learn, it is declared and no finding.
    fixed = {**files, "requirements.txt": "numpy~=1.21.4\nscikit-learn~=1.5\n"}
    assert check("REPRO003", snapshot_from(fixed)).status is Status.PASS


def test_repro003_a_refused_name_in_a_pipfile_names_pipenv_not_pip_install_r() -> None:
    # An RBM project's Pipfile asks for sklearn = "*": pipenv, not pip install -r, reads it,
    # and it stops at the stub all the same when it locks the file again.
    files = {
        "Pipfile": '[packages]\ntorch = "*"\nsklearn = "*"\n',
        "a.py": "import torch\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "pip install -r" not in result.message
    assert "so installing it stops there: write scikit-learn" in result.message


def test_repro003_import_names_pip_cannot_install_are_findings() -> None:
    # Learners write the name they import (PIL, cv2, yaml) or the project's name (PyTorch):
    # PyPI has no package PIL, cv2 or yaml, and its "pytorch" and "skimage" are stubs that
    # only fail, so pip install -r stops at the first of them.
    files = {
        "requirements.txt": "PyTorch\nnumpy\nPIL==9.0\ncv2\nskimage\nyaml\n",
        "a.py": "import torch, numpy, PIL, cv2, skimage, yaml\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    message = result.message
    assert "asks for pytorch, pil, cv2, skimage, yaml, which pip cannot install" in message
    assert "pytorch: its stub only fails, asking for torch" in message
    assert "pil: PyPI has no such package" in message
    assert "write torch, Pillow, opencv-python, scikit-image, PyYAML" in message
    assert [e.line for e in result.evidence] == [1, 3, 4, 5, 6]
    # A conda environment names PyTorch and OpenCV so: no finding there.
    conda = {
        "environment.yml": "dependencies:\n  - pytorch\n  - opencv\n  - numpy\n",
        "a.py": "import torch, cv2, numpy\n",
    }
    assert check("REPRO003", snapshot_from(conda)).status is Status.PASS


def test_repro003_python_itself_in_requirements_is_a_finding() -> None:
    # A learner's requirements.txt names the interpreter it ran on: PyPI has no package
    # "python", so pip install -r stops at that line and installs nothing.
    files = {
        "requirements.txt": "joblib==1.1.0\npython==3.10.5\nnumpy==1.21.5\n",
        "a.py": "import joblib, numpy\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "Python itself as a package (python==3.10.5)" in result.message
    assert [(e.path, e.line, e.snippet) for e in result.evidence] == [
        ("requirements.txt", 2, "python==3.10.5")
    ]
    # Not a pin either: left out of REPRO004's count.
    assert check("REPRO004", snapshot_from(files)).metrics["declared"] == 2
    # A setup.py's table of versions (diffusers' _deps) is read for names, not handed to
    # pip as it stands: Python there is no package, and no finding either.
    setup = (
        "from setuptools import setup\n"
        "_deps = ['numpy>=1.0', 'python>=3.10.0']\n"
        "setup(name='lib', install_requires=[d for d in _deps if 'python' not in d])\n"
    )
    table = {"setup.py": setup, "a.py": "import numpy\n"}
    assert "Python itself" not in check("REPRO003", snapshot_from(table)).message
    # A conda environment installs Python as a package: no finding there.
    conda = {"environment.yml": "dependencies:\n  - python=3.10\n  - numpy=2.1\n"}
    assert check("REPRO003", snapshot_from({**conda, "a.py": "import numpy\n"})).status is (
        Status.PASS
    )


def test_repro003_a_backport_for_older_pythons_is_not_a_standard_library_name() -> None:
    # PyPI's dataclasses and enum34 backport the module to Pythons that lack it; the marker
    # installs them only there.
    setup = (
        "from setuptools import setup\n"
        "setup(name='lib', install_requires=['numpy', \"dataclasses; python_version<'3.7'\"])\n"
    )
    requirements = "numpy==2.1.3\nenum34==1.1.10 ; python_version < '3.4'\nargparse\n"
    files = {"setup.py": setup, "requirements.txt": requirements, "a.py": "import numpy\n"}
    result = check("REPRO003", snapshot_from(files))
    assert "(argparse)" in result.message
    assert [e.snippet for e in result.evidence] == ["argparse"]


def test_repro003_a_backport_the_declared_python_lacks_is_not_a_standard_library_name() -> None:
    # A project for Python 3.6 (a conda environment's python=3.6) lists dataclasses without
    # a marker: 3.6 has no dataclasses module, so the backport is what it runs on.
    requirements = "numpy==2.1.3\ndataclasses\nargparse\n"
    env = (
        "dependencies:\n  - python=3.6\n  - pip\n  - pip:\n    - numpy==2.1.3\n    - dataclasses\n"
    )
    files = {"requirements.txt": requirements, "environment.yml": env, "a.py": "import numpy\n"}
    result = check("REPRO003", snapshot_from(files))
    assert "(argparse)" in result.message and "dataclasses" not in result.message
    assert [e.snippet for e in result.evidence] == ["argparse"]
    # Declared for 3.7 or later, the module comes with Python again.
    files["environment.yml"] = env.replace("python=3.6", "python=3.8")
    result = check("REPRO003", snapshot_from(files))
    assert "(dataclasses, argparse)" in result.message
    # Nothing declared: no Python this old is assumed.
    del files["environment.yml"]
    assert "(dataclasses, argparse)" in check("REPRO003", snapshot_from(files)).message


def test_repro003_a_module_protoc_generates_is_not_a_package() -> None:
    # protoc writes person_pb2.py (and grpc's plugin person_pb2_grpc.py) from person.proto,
    # often in a notebook cell just above the import; no distribution provides them.
    nb = notebook(
        "!protoc person.proto --python_out=.",
        "from person_pb2 import Person\nimport person_pb2_grpc\nimport grpc",
    )
    files = {"requirements.txt": "numpy==2.1.3\n", "protos.ipynb": nb}
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == ["import grpc (declare grpcio)"]


def test_repro003_names_no_distribution_provides_are_not_missing() -> None:
    files = {
        "requirements.txt": "matplotlib==3.9.2\npytest==8.3.3\n",
        "run.py": "import __main__\nimport pylab\nimport _pytest.capture\n",
        "nsroot/inner/mod.py": "x = 1\n",  # a namespace package: no __init__.py, no module
        "app.py": "import nsroot.inner.mod\nfrom nsroot.inner import mod\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics["undeclared"] == 0


def test_repro003_a_module_only_a_host_program_provides_is_no_package() -> None:
    # Flutter generates ios/Flutter/ephemeral/flutter_lldb_helper.py, which LLDB loads; a gdb
    # pretty-printer runs inside gdb. pip installs neither module: asking to declare it misleads.
    files = {
        "requirements.txt": "numpy==2.1.3\n",
        "app/ios/Flutter/ephemeral/flutter_lldb_helper.py": (
            "#\n# Generated file, do not edit.\n#\n\nimport lldb\n"
        ),
        "tools/printers.py": "import gdb\nimport gdb.printing\n",
        "train.py": "import numpy as np\nfrom tqdm import tqdm\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == ["from tqdm import tqdm"]


def test_repro003_imports_only_in_notebooks_or_examples_at_most_warn() -> None:
    files = {
        "analysis.ipynb": notebook("import pandas as pd"),
        "examples/demo.py": "import seaborn\n",
        "lib/core.py": "import json\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "notebooks or examples" in result.message
    empty = check("REPRO003", snapshot_from({**files, "requirements.txt": "\n"}))
    assert empty.status is Status.WARN
    core = check("REPRO003", snapshot_from({**files, "lib/train.py": "import torch\n"}))
    assert core.status is Status.FAIL
    # In a repository of notebooks alone, the notebooks are the project.
    only_notebooks = {"analysis.ipynb": notebook("import pandas as pd")}
    assert check("REPRO003", snapshot_from(only_notebooks)).status is Status.FAIL


def test_repro003_imports_in_code_that_does_not_parse_are_not_said_to_be_none() -> None:
    # A Python 2 script imports pandas and numpy: Python 3 cannot parse it, so its imports are
    # not read, and "no third-party package is imported" would be false of it.
    files = {
        "cf.py": (
            "import pandas as pd\nimport numpy as np\nimport argparse\n\n"
            "if __name__ == '__main__':\n    print 'Reading input'\n"
        ),
        "helpers.py": "import os\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.SKIP
    assert "no third-party package is imported" not in result.message, result.message
    assert "cf.py" in result.message and "numpy, pandas" in result.message, result.message
    assert "Python 2" in result.message, result.message


def test_repro003_an_unparsed_file_of_standard_imports_changes_nothing() -> None:
    files = {"old.py": "import os\nprint 'hello'\n", "new.py": "import sys\n"}
    result = check("REPRO003", snapshot_from(files))
    assert result.message == "no dependency file, and no third-party package is imported"


# --- lock files ---------------------------------------------------------------------------

UV_LOCK_PROJECT_ONLY = """version = 1
requires-python = ">=3.11"

[[package]]
name = "demo"
version = "0.1.0"
source = { virtual = "." }
"""
UV_LOCK = (
    UV_LOCK_PROJECT_ONLY
    + """
[[package]]
name = "numpy"
version = "2.1.3"
source = { registry = "https://pypi.org/simple" }
"""
)
PYPROJECT = '[project]\nname = "demo"\nversion = "0.1.0"\ndependencies = ["numpy"]\n'


def test_repro004_a_lock_file_counts_only_when_it_locks_something() -> None:
    locked = check("REPRO004", snapshot_from({"pyproject.toml": PYPROJECT, "uv.lock": UV_LOCK}))
    assert locked.status is Status.PASS
    bare = {"pyproject.toml": PYPROJECT, "uv.lock": UV_LOCK_PROJECT_ONLY}
    result = check("REPRO004", snapshot_from(bare))
    assert result.status is Status.FAIL
    assert "uv.lock locks no dependency" in result.message
    empty_pipfile_lock = '{"_meta": {}, "default": {}, "develop": {}}'
    pipenv = {"Pipfile": '[packages]\nnumpy = "*"\n', "Pipfile.lock": empty_pipfile_lock}
    assert check("REPRO004", snapshot_from(pipenv)).status is Status.FAIL


def test_repro003_a_dependency_file_it_cannot_read_is_not_a_missing_one() -> None:
    files = {"requirements.txt": b"\x00\x01\x02", "train.py": "import torch\n"}
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.SKIP
    assert "requirements.txt could not be read" in result.message


def test_repro003_requirements_pointing_at_one_machines_files_are_a_finding() -> None:
    frozen = (
        "numpy @ file:///home/conda/feedstock_root/build_artifacts/numpy_1/work\ntorch==2.5.1\n"
    )
    files = {"requirements.txt": frozen, "a.py": "import numpy, torch\n"}
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "files on one machine" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("requirements.txt", 1)]


def test_repro003_an_include_of_a_file_that_is_not_there_is_a_finding() -> None:
    files = {
        "requirements.txt": "torch==2.5.1\n-r requirements-dev.txt\n",
        "a.py": "import torch\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "includes requirements-dev.txt, which is not in the repository" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("requirements.txt", 2)]


def test_repro003_a_notebook_that_pip_installs_its_packages_declares_them() -> None:
    colab = notebook("import os", "!pip install -q timm==1.0.11 'einops'", "import timm, einops")
    result = check("REPRO003", snapshot_from({"train.ipynb": colab}))
    assert result.status is Status.WARN
    assert "install(s) the packages with !pip" in result.message
    # Each line is shown in its cell, as every other notebook line of a report is.
    assert {(e.path, e.cell, e.line) for e in result.evidence} == {("train.ipynb", 1, 1)}
    # Beside a requirements file, what only the notebook installs is missing from the list a
    # teammate installs from: a note, and the notebook's install line.
    files = {"requirements.txt": "torch==2.5.1\n", "train.ipynb": colab, "m.py": "import torch\n"}
    noted = check("REPRO003", snapshot_from(files))
    assert noted.status is Status.WARN, noted.message
    assert noted.message == (
        "train.ipynb install(s) einops, timm with !pip; requirements.txt does not list them"
    )
    assert [(e.path, e.cell) for e in noted.evidence] == [("train.ipynb", 1)]
    listed = {**files, "requirements.txt": "torch==2.5.1\ntimm==1.0.11\neinops\n"}
    assert check("REPRO003", snapshot_from(listed)).status is Status.PASS
    missing = {"train.ipynb": notebook("!pip install timm", "import timm\nimport wandb")}
    assert check("REPRO003", snapshot_from(missing)).status is Status.FAIL


def test_repro003_a_notebook_s_pip_install_of_the_pdf_stack_declares_its_imports() -> None:
    # A table-extraction project: requirements.txt lists camelot-py (which requires
    # pdfminer.six); one notebook pip installs pdfservices-sdk (Adobe's `adobe` namespace) and
    # llama-parse (whose llama-index-core requires nest-asyncio); only scikit-learn is missing.
    files = {
        "requirements.txt": "camelot-py==0.10.1\ntorch==2.0.1\n",
        "cli.py": "import camelot\nimport torch\nfrom pdfminer.high_level import extract_text\n",
        "adobe.ipynb": notebook(
            "!pip install pdfservices-sdk\n!pip install llama-parse",
            "from adobe.pdfservices.operation.pdf_services import PDFServices",
            "import nest_asyncio\nnest_asyncio.apply()",
            "from sklearn.metrics import f1_score",
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "not declared in requirements.txt: scikit-learn" in result.message
    # What only the notebook installs is named by what its cells install, beside that.
    assert "adobe.ipynb install(s) llama-parse, pdfservices-sdk with !pip" in result.message
    assert [(e.cell, e.snippet) for e in result.evidence[1:]] == [
        (0, "!pip install pdfservices-sdk"),
        (0, "!pip install llama-parse"),
    ]


def test_repro003_a_package_every_install_of_a_declared_one_brings_is_not_missing() -> None:
    files = {
        "requirements.txt": "pandas==2.2.3\ntorchvision==0.20.1\n",
        "a.py": "import numpy as np\nimport torch\nfrom PIL import Image\nimport wandb\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["undeclared"] == 1  # wandb; numpy, torch and pillow come along


def test_repro003_mlflow_brings_pandas_numpy_and_scipy() -> None:
    # mlflow (not mlflow-skinny) requires them: pandas<3, numpy, scipy, requests, pyyaml.
    files = {
        "requirements.txt": "mlflow==2.8.1\n",
        "log.py": "import mlflow\nimport numpy\nimport pandas\nimport scipy\nimport yaml\n",
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS


def test_repro003_lightning_brings_torchmetrics_and_jupyter_brings_ipython() -> None:
    # lightning and pytorch-lightning require torchmetrics; ipykernel, jupyter, jupyterlab and
    # ipywidgets require ipython: a module importing them is covered by what is declared.
    for framework, kernel in (("lightning", "jupyter"), ("pytorch-lightning", "ipykernel")):
        files = {
            "requirements.txt": f"{framework}>=2.4\n{kernel}>=1.1\n",
            "src/metrics.py": "from torchmetrics import Metric\nfrom IPython.display import display\n",
        }
        result = check("REPRO003", snapshot_from(files))
        assert result.status is Status.PASS, (framework, result.message)


def test_repro003_the_fine_tuning_stack_brings_torch_and_transformers() -> None:
    # accelerate and peft require torch, peft and trl require transformers and accelerate, trl
    # requires datasets: a LoRA fine-tune that declares them (leaving torch out on purpose, for
    # the CUDA build installed by hand) imports nothing undeclared.
    for stack in ('"peft>=0.13"', '"trl>=0.12"', '"accelerate>=1.0"'):
        files = {
            "pyproject.toml": f'[project]\nname = "x"\ndependencies = [{stack}]\n',
            "src/x/infer.py": "import torch\n",
        }
        result = check("REPRO003", snapshot_from(files))
        assert result.status is Status.PASS, (stack, result.message)
    trl = {
        "requirements.txt": "trl==0.12.0\n",
        "train.py": "import torch\nimport transformers\nimport accelerate\nimport datasets\n",
    }
    assert check("REPRO003", snapshot_from(trl)).status is Status.PASS
    # transformers alone does not require torch.
    alone = {"requirements.txt": "transformers==4.46.0\n", "train.py": "import torch\n"}
    assert check("REPRO003", snapshot_from(alone)).status is not Status.PASS


def test_repro003_a_module_imported_in_another_case_than_its_file_is_named_with_it() -> None:
    # `from Neuralnetwork import LSTM` beside neuralnetwork.py, which defines LSTM: Python
    # matches module names by case everywhere, so the import fails, but the module is the
    # author's (a case-only rename git did not record). The message names the file.
    files = {
        "requirements.txt": "torch==2.5.1\n",
        "src/lstm/neuralnetwork.py": "import torch\nclass LSTM(torch.nn.Module):\n    pass\n",
        "src/lstm/test.py": "from Neuralnetwork import LSTM\nprint(LSTM())\n",
        "src/dnn/neuralnetwork.py": "import torch\nclass LSTM(torch.nn.Module):\n    pass\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "not in the repository" not in result.message
    assert "Neuralnetwork imported, but the file is src/lstm/neuralnetwork.py" in result.message
    assert "matches a module's name by case on every system" in result.message
    assert [(e.path, e.line) for e in result.evidence][-1] == ("src/lstm/test.py", 1)
    # A package known by name stays one beside a helper named like it in another case.
    known = {"requirements.txt": "torch==2.5.1\n", "dist.py": "import Levenshtein\n"}
    known["levenshtein.py"] = "def distance(a, b):\n    return 0\n"
    declare = check("REPRO003", snapshot_from(known))
    assert "python-Levenshtein" in declare.message or "levenshtein" in declare.message.lower()
    assert "by case" not in declare.message


def test_repro003_a_folder_of_modules_imported_in_another_case_is_named_with_it() -> None:
    # `from training.evaluation import cla_evaluation` in src/main.py beside src/Training/,
    # a folder of modules with no __init__.py (a namespace package): the author's code under
    # another case, not a module left out of a commit.
    files = {
        "src/Training/evaluation.py": "def cla_evaluation(model):\n    return model\n",
        "src/main.py": "from training.evaluation import cla_evaluation\nprint(cla_evaluation(1))\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert "not in the repository" not in result.message
    assert "training imported, but the folder is src/Training/" in result.message
    assert "matches a module's name by case on every system" in result.message


def test_repro003_a_project_module_the_repository_lacks_is_missing_not_undeclared() -> None:
    # models.py was deleted while quant.py still imports it: nothing to declare, the script
    # fails on a fresh clone.
    files = {
        "requirements.txt": "torch==2.5.1\n",
        "quant.py": "import torch\nfrom models import LitAutoEncoder\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "models imported but not in the repository" in result.message
    assert "declare" not in result.message
    assert [(e.path, e.line) for e in result.evidence][-1] == ("quant.py", 2)
    # Committed, it is the project's own module; without a dependency file, still missing.
    assert check("REPRO003", snapshot_from({**files, "models.py": "x = 1\n"})).status is Status.PASS
    bare = check("REPRO003", snapshot_from({"quant.py": files["quant.py"]}))
    assert (
        bare.status is Status.FAIL and "models imported but not in the repository" in bare.message
    )
    # Named like the class it holds (Project.py holding Project); pytz comes with pandas.
    capital = {
        "requirements.txt": "pandas==2.2.2\n",
        "play.py": "from Project import Project\nimport pytz\n",
    }
    result = check("REPRO003", snapshot_from(capital))
    assert result.message.startswith("Project imported but not in the repository"), result.message


def test_repro003_a_module_whose_classes_a_script_defines_is_missing_not_undeclared() -> None:
    # The notebook imports ForceSyncAffined from grp_transforms, which was never committed;
    # train_two_class.py holds a copy of the class: the author's module, not a package.
    files = {
        "requirements.txt": "monai==1.3.2\n",
        "train_two_class.py": "class ForceSyncAffined:\n    pass\n\ndef run():\n    pass\n",
        "explore.py": "from grp_transforms import ForceSyncAffined\nimport transforms_lib\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "grp_transforms imported but not in the repository" in result.message, result.message
    assert "transforms-lib" in result.message  # a module nothing defines names of: a package
    # A short class name (Run) is anyone's: the module taking it may be a package.
    short = {
        **files,
        "explore.py": "from runner_kit import Run\n",
        "r.py": "class Run:\n    pass\n",
    }
    assert "runner-kit" in check("REPRO003", snapshot_from(short)).message
    assert "not in the repository" not in check("REPRO003", snapshot_from(short)).message
    # A function is often written again beside the package that has it.
    known = {
        **files,
        "explore.py": "from einops import rearrange\n",
        "ops.py": "def rearrange():\n    pass\n",
    }
    assert "not in the repository" not in check("REPRO003", snapshot_from(known)).message


def test_repro003_a_settings_module_taken_for_its_constants_is_missing_not_undeclared() -> None:
    # runner.py takes two path constants from app_config, which was never committed (it
    # held the author's own folders): the project's settings module, not a package.
    files = {
        "requirements.txt": "torch==2.2.0\n",
        "src/runner.py": "from app_config import TENSORFLOW_RESOURCES_PATH, PYTORCH_PATH\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert "app_config imported but not in the repository" in result.message, result.message
    assert "app-config" not in result.message
    # A package read for something else than constants stays a package to declare
    # (oslo.config's cfg), and so does a module named for anything but settings.
    for line in ("from oslo_config import cfg\n", "from torch_kit import MAX_LEN\n"):
        other = {**files, "src/runner.py": line}
        assert "not in the repository" not in check("REPRO003", snapshot_from(other)).message


def test_repro003_gdal_is_the_distribution_of_osgeo() -> None:
    files = {"requirements.txt": "gdal==3.8.4\n", "tiff.py": "from osgeo import gdal\n"}
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    result = check("REPRO003", snapshot_from({"tiff.py": files["tiff.py"]}))
    assert "from osgeo import gdal (declare gdal)" in [e.snippet for e in result.evidence]


def test_repro003_a_misspelt_import_is_named_not_asked_to_declare() -> None:
    files = {
        "requirements.txt": "scikit-learn==1.5.0\ntorch==2.3.0\n",
        "train.py": "import sklearn\nimport torch\n",
        "features.py": "from sklarn.feature_extraction.text import TfidfVectorizer\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "to correct rather than declare: sklarn (sklearn?)" in result.message
    assert "declare" not in " ".join(e.snippet for e in result.evidence)
    # A package named like another with something added at an end is its own (torchx).
    files["features.py"] = "import torchx\n"
    result = check("REPRO003", snapshot_from(files))
    assert "torchx" in result.message and "misspelt" not in result.message, result.message


def test_repro003_a_known_package_is_never_the_misspelling_of_a_typo_beside_it() -> None:
    # With no dependency file, both names are undeclared and a letter apart both ways: sklearn,
    # imported by the scripts, is the package; skleran, in one scratch file, the typo.
    files = {
        "fit.py": "from sklearn.linear_model import LinearRegression\n",
        "scratch.py": "from skleran.tree import DecisionTreeClassifier\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert "to correct rather than declare: skleran (sklearn?)" in result.message, result.message
    assert "sklearn (skleran?)" not in result.message
    snippets = [e.snippet for e in result.evidence]
    assert "from sklearn.linear_model import LinearRegression (declare scikit-learn)" in snippets


def test_repro003_a_plural_package_imported_without_its_s_is_a_misspelling() -> None:
    # A soil-moisture script of a held-out pass (499) imports `panda` beside scripts that
    # import pandas: the plural's last letter dropped, which no related package spells so.
    files = {
        "requirements.txt": "pandas==2.2.0\n",
        "train.py": "import pandas as pd\n",
        "old.py": "import panda as pd\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert "to correct rather than declare: panda (pandas?)" in result.message, result.message
    # attrs imported as attr is the package's own name for it, not a typo.
    files["old.py"] = "import attr\n"
    files["requirements.txt"] += "attrs==23.2.0\n"
    files["train.py"] += "import attrs\n"
    assert "misspel" not in check("REPRO003", snapshot_from(files)).message


def test_repro003_a_module_imported_by_a_name_its_file_lacks_is_named_not_declared() -> None:
    # transformers.py holds get_transform; main.py imports it from "transforms", which fails
    # on every clone: declaring "transforms" would install a stranger's package.
    files = {
        "requirements.txt": "torch==2.3.0\n",
        "transformers.py": "def get_transform():\n    return None\n",
        "main.py": "import torch\nfrom transforms import get_transform\nget_transform()\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "to correct rather than declare: transforms (transformers.py?)" in result.message
    snippets = " ".join(e.snippet for e in result.evidence)
    assert "declare" not in snippets and "transformers.py" in snippets, snippets


def test_repro003_grad_cam_is_the_distribution_of_pytorch_grad_cam() -> None:
    files = {"requirements.txt": "grad_cam\n", "cam.py": "from pytorch_grad_cam import GradCAM\n"}
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS


def test_repro003_a_distribution_named_with_a_hyphen_its_import_drops_is_declared() -> None:
    # clean-fid installs cleanfid, pytorch-msssim pytorch_msssim: the same name, separators aside.
    files = {
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["clean-fid>=0.1", "torch"]\n',
        "fid.py": "from cleanfid import fid\nimport torch\n",
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    # A name that only starts the same is still another distribution.
    other = {**files, "fid.py": "import cleanfidx\n"}
    assert check("REPRO003", snapshot_from(other)).status is not Status.PASS


def test_repro003_a_distribution_named_py_or_python_before_its_import_is_declared() -> None:
    # pyahocorasick installs ahocorasick, python-rapidjson rapidjson: the
    # "py" or "python-" prefix PyPI names often add.
    files = {
        "pyproject.toml": (
            '[project]\nname = "x"\ndependencies = ["pyahocorasick>=2.1", "python-rapidjson"]\n'
        ),
        "match.py": "import ahocorasick\nimport rapidjson\n",
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    # The prefix is only ever dropped from the declared name, never added to the import.
    other = {**files, "match.py": "import pyrapidjson\n"}
    assert check("REPRO003", snapshot_from(other)).status is not Status.PASS


def test_repro003_pandas_comes_with_datasets() -> None:
    # Hugging Face's datasets requires pandas, as it requires requests and tqdm.
    files = {
        "requirements.txt": "datasets==2.19.0\n",
        "eda.py": "import pandas as pd\nimport datasets\n",
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS


def test_repro003_imports_from_a_folder_put_on_sys_path_outside_the_tree_are_not_judged() -> None:
    # third_party/edm is cloned by hand and ignored: dnnlib comes from there, not from PyPI.
    code = (
        "import os\nimport sys\nimport torch\n"
        "ROOT = os.path.dirname(os.path.abspath(__file__))\n"
        "EDM_DIR = os.path.join(ROOT, 'third_party', 'edm')\n"
        "sys.path.insert(0, EDM_DIR)\n"
        "import dnnlib\nfrom generate import edm_sampler\n"
    )
    files = {"requirements.txt": "torch\n", "sample.py": code}
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    # A folder of the repository on the path hides nothing: what is not there is missing.
    inside = {
        **files,
        "src/util.py": "x = 1\n",
        "sample.py": code.replace("'third_party', 'edm'", "'src'"),
    }
    result = check("REPRO003", snapshot_from(inside))
    assert result.status is not Status.PASS and "dnnlib" in result.message
    # A module importing one that makes the edit when imported gets the folder too.
    importer = {**files, "flip.py": "from sample import edm_sampler\nimport dnnlib\n"}
    assert check("REPRO003", snapshot_from(importer)).status is Status.PASS
    # An import above the sys.path line is still judged.
    above = {**files, "sample.py": "import wandb\n" + code}
    assert "wandb" in check("REPRO003", snapshot_from(above)).message


def test_repro003_modules_of_a_package_folder_put_on_sys_path_are_the_projects_own() -> None:
    # tst/context.py puts network_training/ first on the path and imports its modules by their
    # bare names: they are in the repository, neither missing nor packages to declare.
    files = {
        "requirements.txt": "torch\n",
        "network_training/__init__.py": "",
        "network_training/loader.py": "import torch\n",
        "network_training/model.py": "import torch\n",
        "tst/context.py": (
            "import os\nimport sys\npath = os.path.dirname(os.path.abspath(__file__))\n"
            "sys.path.insert(0, f'{path}/../network_training/')\n"
            "import loader  # noqa\nimport model  # noqa\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # A module the folder does not hold is still judged.
    files["tst/context.py"] += "import wandb\n"
    assert "wandb" in check("REPRO003", snapshot_from(files)).message


def test_repro003_a_folder_put_on_sys_path_that_holds_no_python_is_not_judged() -> None:
    # infra/aws holds only Terraform: the helper module the script expects there is not in
    # the commit (deleted, or never added), and its name is no package to declare.
    code = (
        "import sys\nfrom pathlib import Path\nimport torch\n"
        "sys.path.append(str(Path(__file__).parent.parent / 'infra' / 'aws'))\n"
        "from sagemaker_training import SageMakerTrainer\n"
    )
    files = {
        "requirements.txt": "torch\n",
        "infra/aws/main.tf": "terraform {}\n",
        "scripts/start.py": code,
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # Once the folder holds Python, below it or in a package inside, what is missing is missing.
    for path in ("infra/aws/deploy.py", "infra/aws/tools/__init__.py"):
        held = {**files, path: "x = 1\n"}
        assert "sagemaker" in check("REPRO003", snapshot_from(held)).message, path


def test_repro004_lock_files_of_every_tool_are_read_for_content() -> None:
    project = {"pyproject.toml": PYPROJECT}
    empty = {
        "poetry.lock": "package = []\n",
        "pdm.lock": "[metadata]\nlock_version = '4.4'\n",
        "pylock.toml": 'lock-version = "1.0"\npackages = []\n',
        "conda-lock.yml": "version: 1\npackage: []\n",
    }
    for name, text in empty.items():
        result = check("REPRO004", snapshot_from({**project, name: text}))
        assert result.status is Status.FAIL, name
        assert f"{name} locks no dependency" in result.message
    full = '[[package]]\nname = "numpy"\nversion = "2.1.3"\n'
    assert check("REPRO004", snapshot_from({**project, "poetry.lock": full})).status is Status.PASS
    unreadable = {**project, "poetry.lock": "[[package]\n"}  # broken TOML: benefit of the doubt
    assert check("REPRO004", snapshot_from(unreadable)).status is Status.PASS


def test_repro003_what_the_lock_file_pins_is_installed_with_the_declared_packages() -> None:
    # flax requires optax and gymnasium[atari] brings ale-py: `uv sync` installs both from the
    # lock, so the import works on every clone. Without the lock, they are undeclared.
    pyproject = (
        '[project]\nname = "rl"\nversion = "0.1.0"\n'
        'dependencies = ["flax>=0.10", "gymnasium[atari]>=1.2"]\n'
    )
    lock = UV_LOCK_PROJECT_ONLY + "".join(
        f'\n[[package]]\nname = "{name}"\nversion = "1.0"\n'
        'source = { registry = "https://pypi.org/simple" }\n'
        for name in ("flax", "optax", "gymnasium", "ale-py")
    )
    code = "import ale_py\nimport gymnasium as gym\nimport optax\nfrom flax import nnx\n"
    files = {"rl/pyproject.toml": pyproject, "rl/uv.lock": lock, "rl/dqn.py": code}
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    unlocked = check("REPRO003", snapshot_from({**files, "rl/uv.lock": UV_LOCK_PROJECT_ONLY}))
    assert unlocked.status is Status.WARN
    assert "ale-py, optax" in unlocked.message
    # Poetry's and Pipenv's locks say the same.
    poetry = {**files, "rl/uv.lock": UV_LOCK_PROJECT_ONLY, "poetry.lock": lock}
    assert check("REPRO003", snapshot_from(poetry)).status is Status.PASS
    pipfile_lock = '{"_meta": {}, "default": {"optax": {}, "ale-py": {}}, "develop": {}}'
    pipenv = {**files, "rl/uv.lock": UV_LOCK_PROJECT_ONLY, "Pipfile.lock": pipfile_lock}
    assert check("REPRO003", snapshot_from(pipenv)).status is Status.PASS


def test_repro003_mujoco_playground_is_the_playground_distribution() -> None:
    files = {
        "requirements.txt": "playground>=0.0.5\n",
        "ppo.py": "from mujoco_playground import registry\n",
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    result = check("REPRO003", snapshot_from({"ppo.py": files["ppo.py"]}))
    assert "(declare playground)" in result.evidence[0].snippet


# --- libraries declare ranges -------------------------------------------------------------

SETUP_LIBRARY = (
    "from setuptools import setup, find_packages\n"
    "setup(\n    name='mingpt',\n    packages=find_packages(),\n"
    "    install_requires=['torch'],\n)\n"
)
PYPROJECT_LIBRARY = (
    '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n'
    '[project]\nname = "lib"\ndependencies = ["numpy>=1.24", "torch>=2"]\n'
)


def test_repro004_an_installable_library_declaring_ranges_passes() -> None:
    for files in (
        {"setup.py": SETUP_LIBRARY, "mingpt/__init__.py": ""},
        {"pyproject.toml": PYPROJECT_LIBRARY, "benchmarks/requirements.txt": "pandas\n"},
        {
            "setup.py": "import setuptools\nargs = load()\nsetuptools.setup(**args)\n",
            ".actions/requirements.txt": "jsonargparse\n",
        },
    ):
        result = check("REPRO004", snapshot_from(files))
        assert result.status is Status.PASS, result.message
        assert "library" in result.message


def test_repro004_a_package_reading_pinned_requirements_is_told_its_pins() -> None:
    # A platform's pyproject reads its dependencies from requirements.txt at build time, every
    # one pinned with ==: the pass names the pins, not ranges it does not declare.
    pyproject = (
        '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "taxi"\ndynamic = ["dependencies"]\n\n'
        '[tool.setuptools.dynamic]\ndependencies = { file = ["requirements.txt"] }\n'
    )
    files = {
        "pyproject.toml": pyproject,
        "requirements.txt": "lightgbm==4.5.0\nfastapi==0.115.0\npandas==2.2.3\n",
    }
    result = check("REPRO004", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "library" not in result.message and "3 of 3" in result.message, result.message


def test_repro004_a_package_declaring_no_requirement_leaves_the_pins_to_its_files() -> None:
    # A cookiecutter setup.py with ``install_requires=[]`` (or a pyproject that only makes a
    # src/ layout importable) declares nothing for users: the project runs from the
    # requirements file the README installs, and that file is asked to pin.
    setup = (
        "from setuptools import setup, find_packages\nrequirements = []\n"
        "setup(name='ser', packages=find_packages(), install_requires=requirements)\n"
    )
    files = {"setup.py": setup, "ser/__init__.py": "", "requirements.txt": "librosa\ntensorflow\n"}
    result = check("REPRO004", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    bare = '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "ser"\n'
    files = {"pyproject.toml": bare, "requirements.txt": "librosa==0.11.0\nkeras==3.15.0\n"}
    result = check("REPRO004", snapshot_from(files))
    assert result.status is Status.PASS and "library" not in result.message, result.message


def test_repro004_a_project_that_is_not_a_package_is_still_asked_to_pin() -> None:
    # [project] without a build system is an application (uv init's default), not a library.
    app = '[project]\nname = "exp"\ndependencies = ["numpy>=1.24"]\n'
    assert check("REPRO004", snapshot_from({"pyproject.toml": app})).status is Status.FAIL
    # A setup.py in a subfolder builds an extension, not the repository's package.
    nested = {"ext/setup.py": SETUP_LIBRARY, "requirements.txt": "numpy\n"}
    assert check("REPRO004", snapshot_from(nested)).status is Status.FAIL
    poetry_app = (
        '[build-system]\nrequires = ["poetry-core"]\n\n[tool.poetry]\nname = "x"\n'
        'package-mode = false\n\n[tool.poetry.dependencies]\nnumpy = "^2.0"\n'
    )
    assert check("REPRO004", snapshot_from({"pyproject.toml": poetry_app})).status is Status.FAIL


def test_repro004_a_setup_py_whose_find_packages_finds_nothing_builds_no_library() -> None:
    # A project template's setup.py (requirements read from requirements.txt, ``-e .`` at its
    # end) beside notebooks only: find_packages() finds no folder with an __init__.py, so
    # pip builds nothing and the project runs from its requirements file, asked to pin.
    setup = (
        "from setuptools import setup, find_packages\n"
        "def get_requirements(path):\n"
        "    with open(path) as f:\n"
        "        return [line.strip() for line in f if line.strip() != '-e .']\n"
        "setup(name='dropout', version='0.0.1', packages=find_packages(),\n"
        "      install_requires=get_requirements('requirements.txt'))\n"
    )
    files = {
        "setup.py": setup,
        "requirements.txt": "pandas\nscikit-learn\ncatboost\n-e .\n",
        "notebooks/model.ipynb": "{}",
    }
    result = check("REPRO004", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert "library" not in result.message
    # A top-level package folder for find_packages() to find keeps it a library, unless its
    # requirements file installs the project itself (``-e .``, which setup.py strips): the
    # end-to-end project template's application, run from that file, asked to pin.
    library = {**files, "requirements.txt": "pandas\nscikit-learn\ncatboost\n"}
    for package in ("src/__init__.py", "dropout/__init__.py"):
        result = check("REPRO004", snapshot_from({**library, package: ""}))
        assert result.status is Status.PASS and "library" in result.message, result.message
        result = check("REPRO004", snapshot_from({**files, package: ""}))
        assert result.status is Status.FAIL and "library" not in result.message, result.message
    # find_packages() pointed elsewhere, or a module listed by name: not judged, a library.
    for call in ("find_packages(where='lib')", "find_packages('lib')"):
        other = {**library, "setup.py": setup.replace("find_packages()", call)}
        assert "library" in check("REPRO004", snapshot_from(other)).message
    listed = setup.replace("packages=find_packages()", "py_modules=['dropout']")
    assert "library" in check("REPRO004", snapshot_from({**library, "setup.py": listed})).message


def test_repro003_a_librarys_on_demand_imports_are_optional_integrations() -> None:
    logger = (
        "from lightning.utilities import module_available\n"
        "import torch\n"
        "if module_available('rich'):\n    import rich\n"
        "class CometLogger:\n"
        "    def __init__(self):\n        import comet_ml\n        self.exp = comet_ml.Experiment()\n"
    )
    # A src/ layout: find_packages() looks in src/, where the package is.
    setup = SETUP_LIBRARY.replace("find_packages()", "find_packages('src')")
    files = {
        "setup.py": setup,
        "src/lightning/__init__.py": "",
        "src/lightning/loggers.py": logger,
        "examples/rl.py": "import gym\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "gym" in result.message  # the demo's import is named, not held against the library
    # A module-level import the library cannot run without is still a missing declaration.
    files["src/lightning/core.py"] = "import numpy as np\n"
    missing = check("REPRO003", snapshot_from(files))
    assert missing.status is Status.WARN and "numpy" in missing.message
    # The same deferred import in an experiment repository is still needed to run it.
    script = {"requirements.txt": "torch\n", "train.py": "def log():\n    import comet_ml\n"}
    assert check("REPRO003", snapshot_from(script)).status is Status.WARN


def test_repro003_the_repositorys_own_generated_and_built_modules_are_not_dependencies() -> None:
    files = {
        "requirements.txt": "torch\ngrpcio\n",
        # The repository itself imported as a package, by its folder's name.
        "projects/diffusion/model.py": "import torch\n",
        "projects/diffusion/infer.py": "import ai.projects.diffusion.model as model\n",
        # protoc writes x_pb2.py and x_pb2_grpc.py next to x.proto.
        "digits.proto": 'syntax = "proto3";\n',
        "server.py": "import grpc\nimport digits_pb2\nimport digits_pb2_grpc\n",
        # A C++/CUDA extension the repository builds with its own setup.py.
        "ext/setup.py": (
            "from setuptools import setup\n"
            "from torch.utils.cpp_extension import CUDAExtension\n"
            "setup(name='local_att', ext_modules=[CUDAExtension('local_att', ['a.cpp'])])\n"
        ),
        "ext/test.py": "import torch\nimport local_att\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # A dotted import whose rest is not in the repository is still a package to declare.
    files["other.py"] = "import einops.layers.torch\n"
    assert "einops" in check("REPRO003", snapshot_from(files)).message


def test_repro003_a_rust_extension_the_repository_builds_with_maturin_is_its_own() -> None:
    # fastchess/ holds a Rust crate and a pyproject.toml that builds it with maturin
    # (pip install ./fastchess): `import fastchess` is the project's own module.
    maturin = (
        '[build-system]\nrequires = ["maturin>=1.0,<2.0"]\nbuild-backend = "maturin"\n\n'
        '[project]\nname = "fastchess"\nversion = "0.1.0"\n'
    )
    files = {
        "requirements.txt": "numpy\n",
        "fastchess/pyproject.toml": maturin,
        "fastchess/Cargo.toml": '[package]\nname = "fastchess"\n',
        "play.py": "import numpy as np\nimport fastchess\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # Named by [tool.maturin] module-name, the extension imports under that name's top.
    files["fastchess/pyproject.toml"] = maturin + '\n[tool.maturin]\nmodule-name = "fc._core"\n'
    files["play.py"] = "import numpy as np\nimport fc\n"
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS


def test_repro003_imports_behind_an_availability_check_are_optional() -> None:
    module = (
        "import __main__\nimport torch\n"
        "from pkg.imports import module_available, _RICH_AVAILABLE\n"
        "if module_available('adlfs'):\n    from adlfs import AzureBlobFileSystem\n"
        "if _RICH_AVAILABLE:\n    import rich\n"
        "def load():\n"
        "    if importlib.util.find_spec('gcsfs') is not None:\n        import gcsfs\n"
    )
    files = {
        "requirements/pkg/base.txt": "torch>=2.1\n",
        "src/pkg/__init__.py": "",
        "src/pkg/imports.py": "",
        "src/pkg/m.py": module,
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # A plain condition is no availability check: the import is needed when it holds.
    files["src/pkg/n.py"] = "import sys\nif sys.argv[1] == 'plot':\n    import matplotlib\n"
    assert "matplotlib" in check("REPRO003", snapshot_from(files)).message
    # A GPU check asks for hardware, not for a package.
    files["src/pkg/g.py"] = "import torch\nif torch.cuda.is_available():\n    import pynvml\n"
    assert "pynvml" in check("REPRO003", snapshot_from(files)).message


def test_repro003_a_pure_python_package_with_demo_notebooks_at_most_warns() -> None:
    setup = "import setuptools\nsetuptools.setup(name='micrograd', packages=['micrograd'])\n"
    files = {
        "setup.py": setup,
        "micrograd/__init__.py": "",
        "micrograd/engine.py": "import math\n",
        "demo.ipynb": notebook("import numpy as np\nfrom sklearn.datasets import make_moons"),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message  # a library's demo: named, not held
    assert "numpy" in result.message


def test_repro003_a_librarys_scripts_and_benchmarks_are_not_what_it_ships() -> None:
    files = {
        "setup.py": SETUP_LIBRARY,
        "mingpt/__init__.py": "",
        "mingpt/model.py": "import torch\n",
        "scripts/convert.py": "from audio_diffusion.models import Unet\n",
        "benchmarks/run.py": "import pandas\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    files["mingpt/bpe.py"] = "import regex as re\nimport requests\n"
    shipped = check("REPRO003", snapshot_from(files))
    assert shipped.status is Status.WARN
    assert "regex" in shipped.message and "pandas" in shipped.message
    # A library of one module has no package folder: its module is what it ships.
    single = {
        "setup.py": "from setuptools import setup\nsetup(name='x', py_modules=['x'])\n",
        "x.py": "import regex\n",
    }
    assert check("REPRO003", snapshot_from(single)).status is Status.FAIL


def test_repro003_scripts_that_outweigh_the_package_are_the_project() -> None:
    # A fork of a small model library whose author added the training runs beside it: the
    # scripts, many times the package's size, are the project, and what they import must be
    # declared somewhere; they are no demo of what the library ships.
    model = "import torch\n\n\nclass PointNet(torch.nn.Module):\n    pass\n"
    steps = "".join(f"    loss_{i} = step(model, batch, {i})\n" for i in range(12))
    script = (
        "import laspy\nimport torch\nfrom sklearn.metrics import f1_score\n"
        "from pointlib.model import PointNet\n\n\ndef main():\n    model = PointNet()\n"
        f"{steps}"
    )
    files = {
        "setup.py": SETUP_LIBRARY,
        "pointlib/__init__.py": "",
        "pointlib/model.py": model,
        "train_lidar.py": script,
        "train_lidar_v2.py": script,
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "laspy" in result.message and "scikit-learn" in result.message
    # The same scripts beside a package that outweighs them are its examples still.
    body = "".join(f"def layer_{i}(x):\n    return x\n\n\n" for i in range(40))
    files["pointlib/layers.py"] = f"import torch\n\n\n{body}"
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS


def test_repro003_a_setup_py_that_builds_its_lists_from_a_table_declares_the_table() -> None:
    setup = (
        "from setuptools import setup, find_packages\n"
        "_deps = ['torch>=2', 'opencv-python', 'httpx<1.0.0']\n"
        "deps = {name: spec for name, spec in table(_deps)}\n"
        "setup(name='diffusers', packages=find_packages('src'),"
        " install_requires=[deps['torch']], extras_require={'cv': deps_list('opencv-python')})\n"
    )
    files = {
        "setup.py": setup,
        "src/diffusers/__init__.py": "",
        "src/diffusers/utils.py": "import cv2\nimport httpx\nimport torch\n",
        "examples/requirements.txt": "accelerate\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_repro003_a_sys_path_edit_that_climbs_above_the_repository_is_outside_the_tree() -> None:
    # parents[3] of a/b/quant.py is the folder holding the checkout: ``nanoGPT`` is the name
    # the author cloned the repository under, not a package to declare.
    edit = (
        "import sys\nfrom pathlib import Path\nimport torch\n"
        "root = str(Path(__file__).resolve().parents[{}])\n"
        "if root not in sys.path:\n    sys.path.append(root)\n"
        "from nanoGPT.model import GPT\n"
    )
    files = {"requirements.txt": "torch\n", "model.py": "class GPT:\n    pass\n"}
    above = {**files, "a/b/quant.py": edit.format(3)}
    assert check("REPRO003", snapshot_from(above)).status is Status.PASS
    # parents[2] is the repository root itself: nothing outside the tree is on the path.
    root = {**files, "a/b/quant.py": edit.format(2)}
    assert "nanogpt" in check("REPRO003", snapshot_from(root)).message
    # The same with os.path.dirname nested past the root (three levels up from a/quant.py).
    up = "os.path.abspath(__file__)"
    for _ in range(3):
        up = f"os.path.dirname({up})"
    dirname = f"import os\nimport sys\nimport torch\nsys.path.append({up})\n"
    dirname += "from nanoGPT.model import GPT\n"
    assert check("REPRO003", snapshot_from({**files, "a/quant.py": dirname})).status is (
        Status.PASS
    )
    assert "nanogpt" in check("REPRO003", snapshot_from({**files, "a/b/q.py": dirname})).message


def test_repro003_a_relative_parent_on_sys_path_is_outside_the_tree() -> None:
    # ``sys.path.append('..')`` at the top of a script run from the repository's root puts
    # the folder holding the checkout on the path: ``pylib`` is the author's own library
    # beside it, not the PyPI package of that name.
    edit = "import sys\nsys.path.append({!r})\nimport torch\nfrom pylib.path import File\n"
    files = {"requirements.txt": "torch\n"}
    top = {**files, "cnn.py": edit.format("..")}
    result = check("REPRO003", snapshot_from(top))
    assert result.status is Status.PASS, result.message
    assert check("REPRO003", snapshot_from({**files, "cnn.py": edit.format("../..")})).status is (
        Status.PASS
    )
    # One level up from a script in scripts/, run from its folder, is the repository's root.
    inside = {**files, "scripts/cnn.py": edit.format("..")}
    assert "pylib" in check("REPRO003", snapshot_from(inside)).message
    # A folder of the tree named after the climb is read as before.
    named = {**files, "src/helpers.py": "x = 1\n", "cnn.py": edit.format("../src")}
    assert "pylib" in check("REPRO003", snapshot_from(named)).message


def test_repro003_a_repository_the_readme_clones_beside_the_script_is_not_a_package() -> None:
    # LLMs-from-scratch: the README has the reader clone pgcorpus/gutenberg into the script's
    # folder, and .gitignore keeps that clone out; the script imports from it.
    files = {
        "requirements.txt": "tqdm\n",
        "ch05/gutenberg_demo/prepare.py": (
            "from tqdm import tqdm\nfrom gutenberg.src.cleanup import strip_headers\n"
        ),
        "ch05/gutenberg_demo/README.md": (
            "# Pretraining on Gutenberg\n\n```bash\n"
            "git clone https://github.com/pgcorpus/gutenberg.git\n```\n"
        ),
        ".gitignore": "ch05/gutenberg_demo/gutenberg\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # Without the ignore line the folder is not known to be a clone: the import is a package.
    del files[".gitignore"]
    result = check("REPRO003", snapshot_from(files))
    assert result.status is not Status.PASS
    assert "gutenberg" in result.message


def test_repro003_a_settings_module_the_gitignore_keeps_out_is_the_project_s_own() -> None:
    # A script imports config.py, which the reader makes from the committed example.config.py;
    # .gitignore keeps the real one out. It is the project's module, not a package to declare.
    files = {
        "requirements.txt": "numpy\n",
        "train.py": "import numpy as np\nimport config as cfg\n\nprint(np.zeros(cfg.size))\n",
        "example.config.py": "size = 3\n",
        ".gitignore": "__pycache__/\n# Custom config file\n/config.py\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # A .gitignore that keeps out every module says nothing of this one: config stays a package.
    files[".gitignore"] = "*.py\n!train.py\n!example.config.py\n"
    result = check("REPRO003", snapshot_from(files))
    assert result.status is not Status.PASS
    assert "config" in result.message
    # Nor does a .gitignore that keeps out a config.py elsewhere.
    files[".gitignore"] = "/tools/config.py\n"
    assert "config" in check("REPRO003", snapshot_from(files)).message
    # A folder of a package's name kept out is where the package writes (wandb's runs).
    runs = {
        "requirements.txt": "numpy\n",
        "train.py": "import wandb\n\nwandb.init()\n",
        ".gitignore": "wandb/\n",
    }
    assert "wandb" in check("REPRO003", snapshot_from(runs)).message
    runs[".gitignore"] = "*wandb*\n"
    assert "wandb" in check("REPRO003", snapshot_from(runs)).message


def test_repro003_a_checkout_the_gitignore_keeps_out_is_no_package() -> None:
    # A test script compares its own S4 kernel with the official one, imported from a clone of
    # the paper's repository kept at the top as official/, which .gitignore keeps out.
    files = {
        "requirements.txt": "torch\n",
        "s4_tests.py": "import torch\nfrom official.models.s4.s4 import FFTConv\n",
        ".gitignore": "data/\nofficial/\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # Without the ignore line nothing says the folder was ever there: a package to declare.
    del files[".gitignore"]
    assert "official" in check("REPRO003", snapshot_from(files)).message
    # An import of the top module or one below it may be a package beside a folder of data.
    files[".gitignore"] = "datasets/\n"
    files["s4_tests.py"] = "from datasets.arrow_dataset import Dataset\n"
    assert "datasets" in check("REPRO003", snapshot_from(files)).message
    # A folder a package writes its runs into says nothing of the package, however deep.
    files[".gitignore"] = "wandb/\n"
    files["s4_tests.py"] = "from wandb.integration.keras import WandbMetricsLogger\n"
    assert "wandb" in check("REPRO003", snapshot_from(files)).message


def test_repro003_conda_files_named_for_their_machine_are_read() -> None:
    # cpu-environment.yml and gpu-environment.yml beside each other: conda environments both.
    env = "name: rl\ndependencies:\n  - python=3.7\n  - pytorch\n  - dash\n  - pip:\n    - gym\n"
    files = {
        "cpu-environment.yml": env,
        "gpu-environment.yml": env,
        "train.py": "import torch\nimport dash\nimport gym\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # A YAML file of another kind named so declares nothing.
    files = {"train.py": "import dash\n", "environment_setup.yml": "steps:\n  - run: make\n"}
    assert "dash" in check("REPRO003", snapshot_from(files)).message


def test_repro003_a_logged_mlflow_models_environment_declares_nothing_for_the_project() -> None:
    # mlflow.log_model writes MLmodel beside conda.yaml, python_env.yaml and requirements.txt:
    # the logged model's environment, pinned from the machine that trained it.
    model = "mlartifacts/1/models/m-1/artifacts"
    files = {
        "requirements.txt": "torch==2.1.0\nmlflow==2.8.1\n",
        f"{model}/MLmodel": "flavors:\n  pytorch:\n    pytorch_version: 2.9.0\n",
        f"{model}/requirements.txt": "mlflow==3.5.1\ntorch==2.9.0\ntqdm==4.67.1\n",
        f"{model}/conda.yaml": "dependencies:\n- python=3.12\n- pip:\n  - tqdm==4.67.1\n",
        "train.py": "import mlflow\nimport torch\nfrom tqdm import tqdm\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert result.message.endswith("not declared in requirements.txt: tqdm")
    assert check("REPRO004", snapshot_from(files)).metrics["declared"] == 2


def test_repro003_message_says_how_many_packages_it_leaves_unnamed() -> None:
    # Nine undeclared packages: the message names eight and must not let the ninth vanish,
    # or a reader installs what it lists and the run fails on the one left out.
    tops = ["numpy", "pandas", "scipy", "torch", "torchvision", "tqdm", "wandb", "yaml", "cv2"]
    code = "".join(f"import {top}\n" for top in tops)
    without_file = check("REPRO003", snapshot_from({"train.py": code}))
    assert "and 1 more" in without_file.message, without_file.message
    empty = {"train.py": code, "setup.py": "from setuptools import setup\nsetup(name='x')\n"}
    with_empty_file = check("REPRO003", snapshot_from(empty))
    assert with_empty_file.status is Status.FAIL
    assert "and 1 more" in with_empty_file.message, with_empty_file.message


def test_repro003_two_imports_of_one_distribution_name_and_count_it_once() -> None:
    # mpl_toolkits ships inside matplotlib: one package to declare, seen at two import lines.
    files = {
        "requirements.txt": "torch\n",
        "test.py": (
            "import torch\nimport matplotlib.pyplot as plt\n"
            "from mpl_toolkits.axes_grid1 import ImageGrid\nimport pandas as pd\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "2 imported package(s) not declared in requirements.txt: matplotlib, pandas" in (
        result.message
    )
    assert [e.line for e in result.evidence] == [2, 3, 4]
    bare = {"test.py": files["test.py"]}
    result = check("REPRO003", snapshot_from(bare))
    assert "imports 3 third-party package(s): matplotlib, pandas, torch" in result.message


def test_repro004_each_requirement_is_shown_on_its_own_line() -> None:
    # "torch" first appears inside the project's name, and "mlflow" is listed twice: each
    # evidence line is the entry itself, in the order the list gives them.
    pyproject = (
        '[project]\nname = "sentiment-bilstm-pytorch"\ndescription = "mlflow demo"\n'
        'dependencies = [\n    "torch",\n    "mlflow",\n    "pandas>=2.3.3",\n    "mlflow",\n]\n'
    )
    environment = "name: torch\ndependencies:\n  - pip\n  - pip:\n    - torch\n"
    files = {"pyproject.toml": pyproject, "environment.yml": environment}
    result = check("REPRO004", snapshot_from(files))
    assert result.status is Status.FAIL
    shown = {(e.path, e.snippet, e.line) for e in result.evidence}
    assert ("pyproject.toml", "torch", 5) in shown
    assert ("pyproject.toml", "mlflow", 6) in shown and ("pyproject.toml", "mlflow", 8) in shown
    assert ("environment.yml", "torch", 5) in shown
    # The same name in an optional group is shown in that group.
    extra = '[project.optional-dependencies]\ngpu = [\n    "torch",\n    "numpy",\n]\n'
    result = check("REPRO004", snapshot_from({"pyproject.toml": f"{pyproject}\n{extra}"}))
    assert ("torch", 13) in {(e.snippet, e.line) for e in result.evidence}


def test_repro003_the_projects_package_imported_from_a_folder_put_on_the_path() -> None:
    # production/backend/app/main.py puts production/ on sys.path; research code then imports
    # backend.app.db.models, which is production/backend/app/db/models.py, not a package.
    files = {
        "requirements.txt": "sqlalchemy==2.0.30\n",
        "production/__init__.py": "",
        "production/backend/__init__.py": "",
        "production/backend/app/__init__.py": "",
        "production/backend/app/db/__init__.py": "",
        "production/backend/app/db/models.py": "from sqlalchemy.orm import DeclarativeBase\n",
        "research/search.py": (
            "def search(db):\n    from backend.app.db.models import Movie\n    return Movie\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_repro003_one_name_matching_a_nested_folder_is_still_a_package() -> None:
    # Only a dotted path that resolves below the name counts: ``import yaml`` beside a
    # package configs/yaml/ of the project's own is still PyYAML.
    files = {
        "requirements.txt": "torch==2.5.1\n",
        "configs/__init__.py": "",
        "configs/yaml/__init__.py": "",
        "train.py": "import torch\nimport yaml\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "pyyaml" in result.message


def test_repro003_web_and_market_data_packages_bring_their_own_requirements() -> None:
    # fastapi and sqlmodel require pydantic, yfinance requires pytz, pandas and matplotlib
    # require python-dateutil: an app importing them beside its declared packages runs.
    files = {
        "pyproject.toml": (
            '[project]\nname = "x"\n'
            'dependencies = ["fastapi>=0.129", "yfinance>=1.2", "pandas>=2.2"]\n'
        ),
        "api.py": (
            "from pydantic import BaseModel\nfrom pytz import timezone\n"
            "from dateutil.relativedelta import relativedelta\nimport fastapi\n"
            "import yfinance\nimport pandas\n"
        ),
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    # Without the packages that bring them, they are still undeclared.
    alone = {"requirements.txt": "numpy==2.0.0\n", "api.py": files["api.py"]}
    result = check("REPRO003", snapshot_from(alone))
    assert result.status is not Status.PASS
    assert result.metrics["undeclared"] == 6


def test_repro003_a_merge_conflict_marker_is_a_line_pip_cannot_read() -> None:
    # A merge resolved by hand left ">>>>>>> 0037c622..." at the end of requirements.txt:
    # pip reads the whole file first and stops there, so nothing is installed.
    files = {
        "requirements.txt": "numpy==1.26.4\npandas==2.2.2\n\n>>>>>>> 0037c622c14c4afa54f5\n",
        "train.py": "import numpy\nimport pandas\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "requirements.txt has 1 line(s) pip cannot read (>>>>>>> 0037c622" in result.message
    assert [(e.line, e.snippet) for e in result.evidence][-1][0] == 4
    for marker in ("<<<<<<< HEAD", "=======", ">>>>>>> main"):
        marked = {**files, "requirements.txt": f"numpy\n{marker}\npandas\n"}
        assert check("REPRO003", snapshot_from(marked)).status is Status.WARN, marker
    # "===" in a requirement, or a line of "=" that is no marker's seven, is not one.
    fine = {**files, "requirements.txt": "numpy===1.26.4\npandas\n"}
    assert check("REPRO003", snapshot_from(fine)).status is Status.PASS


def test_repro003_matplotlib_brings_cycler_kiwisolver_and_pyparsing() -> None:
    # plot_settings.py imports cycler for a colour cycle: every matplotlib since 2.0
    # requires it, so declaring matplotlib declares it.
    files = {
        "requirements.txt": "matplotlib\n",
        "plot_settings.py": (
            "import matplotlib.pyplot as plt\nfrom cycler import cycler\n"
            "import kiwisolver\nimport pyparsing\n"
        ),
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    alone = {**files, "requirements.txt": "numpy\n"}
    result = check("REPRO003", snapshot_from(alone))
    assert result.status is not Status.PASS
    assert "cycler" in result.message


def test_repro003_gradio_brings_the_hugging_face_hub_and_its_array_libraries() -> None:
    # A Gradio demo downloads its weights with hf_hub_download: every Gradio release requires
    # huggingface_hub, numpy, pandas, pillow and pyyaml. Matplotlib it no longer brings.
    files = {
        "requirements.txt": "torch\ngradio\n",
        "app.py": (
            "import gradio as gr\nimport numpy as np\nimport pandas as pd\nimport yaml\n"
            "from PIL import Image\nfrom huggingface_hub import hf_hub_download\n"
        ),
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    plotted = {**files, "plot.py": "import matplotlib.pyplot as plt\n"}
    result = check("REPRO003", snapshot_from(plotted))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == ["import matplotlib.pyplot as plt"]


def test_repro003_streamlit_brings_its_chart_libraries_altair_and_pydeck() -> None:
    # A Streamlit dashboard draws its charts with `import altair as alt` and its maps with
    # pydeck: every Streamlit release since 1.0 requires both (and pyarrow), so declaring
    # streamlit declares them. Seaborn it never brought.
    files = {
        "requirements.txt": "pandas\nstreamlit>=1.38\n",
        "dashboard/app.py": (
            "import altair as alt\nimport pandas as pd\nimport pydeck as pdk\n"
            "import pyarrow\nimport streamlit as st\n"
        ),
    }
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS
    plotted = {**files, "dashboard/plot.py": "import seaborn as sns\n"}
    result = check("REPRO003", snapshot_from(plotted))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == ["import seaborn as sns"]


def test_repro003_a_renamed_helper_package_is_missing_not_a_package_to_declare() -> None:
    # dataset_utils/ became utils/, and inference.py still imports the old name: installing
    # a "dataset-utils" from PyPI would not bring the module back.
    files = {
        "requirements.txt": "torch==2.5.1\n",
        "utils/__init__.py": "",
        "utils/vqa_dataset.py": "class VQADataset:\n    pass\n",
        "inference.py": "import torch\nfrom dataset_utils.vistrans_dataset import VisDataset\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert result.message.startswith("dataset_utils imported but not in the repository")
    assert "dataset-utils" not in result.message


def test_repro003_a_folder_of_experiment_configs_is_missing_not_a_package_to_declare() -> None:
    # A dataloader's self-demo kept from the template the project grew from imports its
    # experiment settings from exps/, which the repository does not hold: a pip install of
    # "exps" would not bring them back.
    files = {
        "requirements.txt": "torch==2.0.1\n",
        "DLAV/dataloader.py": (
            "import torch\n\n"
            "if __name__ == '__main__':\n"
            "    from exps.baseline.config import config\n"
            "    print(config)\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert result.message.startswith("exps imported but not in the repository"), result.message
    assert "declare" not in result.message


def test_repro003_a_module_whose_file_the_history_deleted_is_missing_not_undeclared() -> None:
    # treinamento.py still imports limpeza from pre_processamento, whose file src/
    # pre_processamento.py a clean-up commit deleted: declaring "pre-processamento" would
    # install a stranger's package, if any; the script fails on a fresh clone.
    files = {
        "requirements.txt": "pandas==2.2.2\n",
        "src/treinamento.py": "import pandas\nfrom pre_processamento import limpeza\n",
    }
    commits = commits_of(["Add code", "Remove old modules"])
    snapshot = snapshot_from(files, commits=commits)
    deleted = dataclasses.replace(
        snapshot.history, deleted_sources=("src/pre_processamento.py", "src/old_plots.py")
    )
    result = check("REPRO003", dataclasses.replace(snapshot, history=deleted))
    assert result.status is Status.WARN
    assert result.message.startswith("pre_processamento imported but not in the repository")
    assert "pre-processamento" not in result.message
    # Without the deletion in the history, it may be a package.
    assert "pre-processamento" in check("REPRO003", snapshot).message
    # A package renamed while code below its old parent still imports it by the old name.
    moved = {
        "requirements.txt": "pandas==2.2.2\n",
        "nba/database/stats.py": "import pandas\nfrom databall.util import select_columns\n",
    }
    renamed = dataclasses.replace(
        snapshot.history, deleted_sources=("nba/databall/__init__.py", "nba/databall/util.py")
    )
    result = check(
        "REPRO003", dataclasses.replace(snapshot_from(moved, commits=commits), history=renamed)
    )
    assert result.message.startswith("databall imported but not in the repository"), result.message
    # A deleted folder elsewhere, that no importer's folder sits in, names some other module:
    # a conversion script's audio_diffusion is the one its README has the reader clone.
    other = {
        "requirements.txt": "pandas==2.2.2\n",
        "scripts/convert.py": "import pandas\nfrom audio_diffusion.models import Unet\n",
    }
    tests_folder = dataclasses.replace(
        snapshot.history, deleted_sources=("tests/pipelines/audio_diffusion/__init__.py",)
    )
    result = check(
        "REPRO003", dataclasses.replace(snapshot_from(other, commits=commits), history=tests_folder)
    )
    assert "audio-diffusion" in result.message and "not in the repository" not in result.message


def test_repro003_a_folder_of_modules_the_history_moved_is_missing_not_undeclared() -> None:
    # TestData/MindDependencies/*.py (a folder of modules without __init__.py) was moved to
    # General/ by a clean-up commit while MindIt.py still imports through the old folder:
    # "testdata" is no package to declare, the import fails on a fresh clone.
    files = {
        "requirements.txt": "numpy==1.26.4\n",
        "General/MindDependencies/BaseIterator.py": "class BaseIterator:\n    pass\n",
        "General/MindDependencies/MindIt.py": (
            "import numpy\nfrom TestData.MindDependencies.BaseIterator import BaseIterator\n"
        ),
    }
    commits = commits_of(["Add code", "Restructure"])
    snapshot = snapshot_from(files, commits=commits)
    moved = dataclasses.replace(
        snapshot.history,
        deleted_sources=(
            "TestData/MindDependencies/BaseIterator.py",
            "TestData/MindDependencies/MindIt.py",
        ),
    )
    result = check("REPRO003", dataclasses.replace(snapshot, history=moved))
    assert result.message.startswith("TestData imported but not in the repository"), result.message
    assert "testdata" not in result.message.lower().replace("testdata imported", "")
    # A folder deleted below another one names nothing the top-level import reaches; what
    # tells the import is the project's own is then General/MindDependencies/BaseIterator.py,
    # which defines the class taken: the same folders under another name at the top.
    elsewhere = dataclasses.replace(
        snapshot.history, deleted_sources=("Old/TestData/MindDependencies/BaseIterator.py",)
    )
    result = check("REPRO003", dataclasses.replace(snapshot, history=elsewhere))
    assert result.message.startswith(
        "TestData imported, but the module is General/MindDependencies/BaseIterator.py"
    ), result.message
    assert "testdata" not in result.message


def test_repro003_a_note_beside_undeclared_imports_never_scores_above_the_note_alone() -> None:
    # One undeclared import of six scores 0.83; an include of a file the repository lacks
    # beside it must not leave the two problems above the 0.8 that note alone scores.
    imports = "".join(f"import {name}\n" for name in ("numpy", "pandas", "scipy", "torch"))
    requirements = "numpy\npandas\nscipy\ntorch\nmatplotlib\n"
    files = {"requirements.txt": requirements, "a.py": imports + "import matplotlib\nimport tqdm\n"}
    alone = check("REPRO003", snapshot_from(files))
    assert alone.score == 0.833
    noted = {**files, "requirements.txt": requirements + "-r requirements-dev.txt\n"}
    both = check("REPRO003", snapshot_from(noted))
    assert both.status is Status.WARN and both.score <= 0.8, (both.score, both.message)


def test_repro003_an_import_of_a_git_submodule_is_no_package() -> None:
    # A MAML project's rf_utils is a git submodule (.gitmodules; the folder is a gitlink, not
    # files): `from rf_utils import vision` imports code the reader fetches with
    # `git submodule update --init`, not a package to declare.
    files = {
        ".gitmodules": (
            '[submodule "rf_utils"]\n\tpath = rf_utils\n'
            "\turl = https://github.com/someone/rf_utils.git\n"
            '[submodule "third_party/apex"]\n\tpath = third_party/apex\n'
            "\turl = https://github.com/NVIDIA/apex\n"
        ),
        "requirements.txt": "torch\n",
        "projects/rowfollow/task.py": (
            "import torch\nfrom rf_utils import vision\nfrom apex import amp\nimport wandb\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert [e.snippet for e in result.evidence] == ["import wandb"]


def test_repro003_a_conda_environment_named_for_the_environment_is_read() -> None:
    # `conda env export > env/rankenv.yaml`: conda's own keys say what the file is, whatever
    # its name.
    env = (
        "name: rankenv\nchannels:\n  - defaults\ndependencies:\n  - pip=24.2\n"
        "  - pip:\n      - numpy==1.26.4\n      - pandas==2.2.2\n"
    )
    code = "import numpy\nimport pandas\nimport xgboost\n"
    result = check("REPRO003", snapshot_from({"env/rankenv.yaml": env, "train.py": code}))
    assert result.status is Status.WARN
    assert "no dependency file" not in result.message
    assert [e.snippet for e in result.evidence] == ["import xgboost"]
    pinned = check("REPRO004", snapshot_from({"env/rankenv.yaml": env, "train.py": code}))
    assert pinned.status is Status.PASS
    # A YAML of another tool with a list under "dependencies" declares nothing.
    chart = "name: app\nversion: 1.0\ndependencies:\n  - name: redis\n    version: 17.0\n"
    other = check("REPRO003", snapshot_from({"chart/app.yaml": chart, "train.py": code}))
    assert "no dependency file" in other.message


def test_repro003_an_extra_named_for_a_distribution_declares_it() -> None:
    # trl[vllm] installs vllm: a GRPO notebook that imports vllm declared it with trl's extra.
    files = {
        "requirements.txt": "trl[vllm]\ntransformers[torch, sentencepiece]\nray[tune]\n",
        "grpo.py": "import torch\nimport sentencepiece\nfrom trl import GRPOTrainer\nfrom vllm import LLM\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # Only what the brackets name: another import is still undeclared.
    files["log.py"] = "import wandb\n"
    assert "wandb" in check("REPRO003", snapshot_from(files)).message


def test_repro003_a_project_module_held_in_another_folder_is_named_with_its_file() -> None:
    # interpret.py moved to src/evaluation/ and preprocess_utils.py to src/utils/ in one
    # commit, the import left as it was: the import fails, but the module is in the
    # repository, and "left out of a commit" sends the reader looking for a file they have.
    # (In a package, src/utils/, not importable from elsewhere by its bare name; a star
    # import: one that names `clean` is read as the project's own, and passes.)
    files = {
        "requirements.txt": "torch==2.5.1\n",
        "src/utils/__init__.py": "",
        "src/utils/preprocess_utils.py": "def clean(text):\n    return text\n",
        "src/evaluation/interpret.py": "import torch\nfrom preprocess_utils import *\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "not in the repository" not in result.message, result.message
    assert (
        "preprocess_utils imported, but the module is src/utils/preprocess_utils.py, in"
        " another folder" in result.message
    ), result.message
    assert [(e.path, e.line) for e in result.evidence][-1] == ("src/evaluation/interpret.py", 2)


def test_repro003_a_module_file_held_in_a_package_elsewhere_is_no_package_to_declare() -> None:
    # A notebook in src/ imports its quantizer by the file's bare name, though the file sits
    # in the package src/utils/ (and no longer defines the class taken): the import fails
    # from there, but the module is the project's own, named without any helper word.
    # "add hwgqquantizer to requirements.txt" would send the reader to PyPI for it.
    files = {
        "src/utils/__init__.py": "import utils.HWGQQuantizer as HWGQQuantizer\n",
        "src/utils/HWGQQuantizer.py": "import torch\n\ndef quantize(x, bits):\n    return x\n",
        "src/unit_tests.ipynb": notebook(
            "import torch\nfrom HWGQQuantizer import HWGQQuantizer\nHWGQQuantizer(4)\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert "hwgqquantizer" not in result.message, result.message
    assert (
        "HWGQQuantizer imported, but the module is src/utils/HWGQQuantizer.py, in another"
        " folder" in result.message
    ), result.message
    # A package known here by name stays one, whatever file the repository names so.
    files["src/utils/transformers.py"] = "def build():\n    return 1\n"
    files["train.py"] = "import torch\nimport transformers\n"
    known = check("REPRO003", snapshot_from(files))
    assert "package(s): torch, transformers;" in known.message, known.message
    # A package folder of that name deep in the tree is not what a bare import means: a
    # library's pipelines/audio_diffusion/ is not the audio_diffusion a conversion script
    # takes DiffusionAttnUnet1D from (another project's package).
    library = {
        "requirements.txt": "torch\n",
        "src/lib/__init__.py": "",
        "src/lib/pipelines/__init__.py": "",
        "src/lib/pipelines/audio_diffusion/__init__.py": "from .pipe import Pipe\n",
        "src/lib/pipelines/audio_diffusion/pipe.py": "class Pipe:\n    pass\n",
        "scripts/convert.py": "import torch\nfrom audio_diffusion.models import DiffusionAttnUnet1D\n",
    }
    other = check("REPRO003", snapshot_from(library))
    assert "audio-diffusion" in other.message, other.message
    assert "in another folder" not in other.message, other.message


def test_repro003_a_wandb_runs_saved_environment_declares_nothing_for_the_project() -> None:
    # wandb.init saves each run's `pip freeze` as wandb/run-<time>-<id>/files/requirements.txt
    # (and its conda environment beside it): the training machine's packages, committed with
    # the run folder, not what the project declares.
    run = "wandb/run-20250517_200707-kyl0a1t2/files"
    frozen = "numpy==2.2.5\ntorch==2.7.0\nwandb==0.19.11\nrequests==2.32.3\n"
    files = {
        f"{run}/requirements.txt": frozen,
        f"{run}/conda-environment.yaml": "channels:\n- defaults\ndependencies:\n- tqdm=4.67\n",
        "wandb/offline-run-20250518_101010-abcd1234/files/requirements.txt": frozen,
        "train.py": "import numpy as np\nimport torch\nimport wandb\nfrom tqdm import tqdm\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.FAIL, result.message
    assert result.message.startswith("no dependency file"), result.message
    # A requirements file the project keeps in a folder of its own named so is read.
    files["envs/wandb/requirements.txt"] = "numpy\ntorch\nwandb\ntqdm\n"
    assert check("REPRO003", snapshot_from(files)).status is Status.PASS


def test_repro003_iterstrat_is_declared_and_the_triton_backend_utilities_are_no_package() -> None:
    # An essay scorer declares iterative-stratification, whose module is `iterstrat`, and
    # serves its model from Triton, whose Python backend gives model.py
    # `triton_python_backend_utils`: no package index installs that one.
    files = {
        "pyproject.toml": (
            "[project]\nname = 'aes'\nversion = '0.1'\n"
            "dependencies = ['iterative-stratification', 'numpy', 'tqdm']\n"
        ),
        "aes/folds.py": "from iterstrat.ml_stratifiers import MultilabelStratifiedKFold\n",
        "aes/server_side.py": "import numpy as np\nimport triton_python_backend_utils as pb_utils\n",
        "aes/train.py": "from tqdm import tqdm\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert suggested_distribution("iterstrat") == "iterative-stratification"


def test_repro003_with_no_file_a_package_one_notebook_installs_is_named_with_the_rest() -> None:
    # One notebook runs !pip install fastai; another imports fastai and wandb without it.
    # With no dependency file, the list a teammate would install from must hold fastai.
    files = {
        "bears.ipynb": notebook(
            "!pip install fastai -q --upgrade", "from fastai.vision.all import *"
        ),
        "cnn.ipynb": notebook("import torch\nimport wandb\nfrom fastai.vision.all import *"),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert result.message == (
        "no dependency file; the code imports 2 third-party package(s): fastai, wandb"
        " (bears.ipynb install(s) fastai with !pip)"
    )
    assert "from fastai.vision.all import *" in [e.snippet for e in result.evidence]


def test_repro003_what_fastai_requires_comes_with_it() -> None:
    # The course's script: fastcore's helpers, fastdownload's download_url, scikit-learn and
    # matplotlib all come with every install of fastai; fastbook does not.
    files = {
        "requirements.txt": "fastai\n",
        "bird.py": "from fastcore.all import *\nfrom fastdownload import download_url\n"
        "from fastai.vision.all import *\nimport matplotlib.pyplot as plt\n"
        "from sklearn.metrics import accuracy_score\nimport fastbook\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.message.startswith("1 imported package(s) not declared"), result.message
    assert "fastbook" in result.message


def test_repro003_the_azure_sdk_declares_its_namespace_and_requests() -> None:
    # A medical coding project's conda.yml lists azure-ai-textanalytics under pip; its
    # notebook imports azure.ai.textanalytics, and requests, which azure-core brings.
    env = (
        "name: med\ndependencies:\n  - python=3.9\n  - pip:\n"
        "    - azure-ai-textanalytics==5.3.0\n    - pandas\n"
    )
    source = "from azure.ai.textanalytics import TextAnalyticsClient\nimport requests\n"
    files = {"conda.yml": env, "analysis.ipynb": notebook(source)}
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


LFS_POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:567cf3faca3343b5bc5fb8760a739d5a3e6de55d39dad73494602301d8c725e8\n"
    "size 1142\n"
)


def test_repro003_a_requirements_file_kept_in_git_lfs_is_not_read_as_empty() -> None:
    # .gitattributes routes *.txt through Git LFS: the clone holds the pointer, not the list.
    # Its lines are no requirements pip fails on, and the file lists no packages only as far
    # as the pointer goes: the imports cannot be compared, so nothing is claimed.
    files = {
        ".gitattributes": "*.txt filter=lfs diff=lfs merge=lfs -text\n",
        "app/requirements.txt": LFS_POINTER,
        "app/main.py": "import numpy as np\nimport pandas as pd\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.SKIP, result.message
    assert "app/requirements.txt" in result.message
    assert "Git LFS" in result.message


def test_repro003_a_misspelt_project_folder_is_missing_not_undeclared() -> None:
    # Every script takes its helpers from utilies/sk_util.py, which was never committed: a
    # misspelling of "utilities", the author's own folder, not a package to declare.
    files = {
        "requirements.txt": "pandas\n",
        "prepare.py": "import pandas as pd\nfrom utilies import sk_util as sk\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert "utilies imported but not in the repository" in result.message, result.message
    assert "declare utilies" not in result.message
    # A name close to a short one (modal, beside model) may be a package: it stays one.
    other = {**files, "prepare.py": "import modal\n"}
    assert "not in the repository" not in check("REPRO003", snapshot_from(other)).message


def test_repro003_a_conda_list_export_saved_as_requirements_txt_is_a_conda_spec() -> None:
    # `conda list --export > requirements.txt` writes name=version=build lines under a header
    # saying how to use them (`conda create --file`); the README says the same. pip cannot
    # read the lines, and is not meant to: the file is conda's, every package pinned.
    export = (
        "# This file may be used to create an environment using:\n"
        "# $ conda create --name <env> --file <this file>\n"
        "# platform: win-64\n"
        "_tflow_select=2.1.0=gpu\n"
        "absl-py=0.15.0=pyhd3eb1b0_0\n"
        "keras-tuner=1.1.2=pypi_0\n"
        "nltk=3.7=pyhd3eb1b0_0\n"
        "python=3.9.12=h6244533_0\n"
        "tensorflow=2.5.0=gpu_py39h7dc34a2_0\n"
    )
    files = {
        "requirements.txt": export,
        "README.md": "$ conda create --name <env> --file requirements.txt\n",
        "train.py": "import tensorflow as tf\nimport nltk\nimport keras_tuner as kt\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    pins = check("REPRO004", snapshot_from(files))
    assert pins.status is Status.PASS, pins.message
    assert pins.metrics["declared"] == 5
    # Such lines without the header are still what pip stops at.
    files["requirements.txt"] = "absl-py=0.15.0=pyhd3eb1b0_0\n"
    files["train.py"] = "import absl\n"
    assert "pip cannot read" in check("REPRO003", snapshot_from(files)).message


def test_repro003_a_name_the_repository_is_imported_by_is_its_own_everywhere() -> None:
    # One script imports the repository as a package by its folder's name, and its
    # modules resolve; the next line names a submodule moved away since (plotting/ became
    # modules/): still the project's own package, not one to declare.
    files = {
        "requirements.txt": "numpy\n",
        "modules/modules.py": "import numpy as np\n",
        "modules/modules_plotting.py": "def plot_boxes():\n    return 1\n",
        "prep/plot_stats.py": (
            "from insect_pest_detection.modules.modules import np\n"
            "from insect_pest_detection.plotting.modules_plotting import plot_boxes\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # A known package's name is no such evidence: its own submodules are still declared.
    files["nn/functional.py"] = "def relu(x):\n    return x\n"
    files["model.py"] = "import torch.nn.functional\nimport torch\n"
    assert "torch" in check("REPRO003", snapshot_from(files)).message


def test_repro003_a_bare_pip_install_in_a_notebook_is_an_install() -> None:
    # IPython's automagic runs a cell's bare "pip install ultralytics" as %pip: the notebook
    # installs what it imports, as with !pip.
    files = {
        "train.ipynb": notebook(
            "pip install ultralytics", "!pip install onnx_tf", "import ultralytics\nimport onnx_tf"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "install(s) the packages with !pip" in result.message
    assert len(result.evidence) == 2


def test_repro003_a_notebook_that_import_ipynb_loads_is_the_projects_own() -> None:
    # ``import import_ipynb`` puts a finder on sys.path that loads ``MAIN_APP.ipynb`` for
    # ``import MAIN_APP``: the notebook beside the importer is no package to declare.
    files = {
        "requirements.txt": "numpy==2.1.3\nimport-ipynb==0.1.4\n",
        "MAIN_APP.ipynb": notebook("import numpy as np\nx = np.zeros(3)"),
        "tools/SHOTS.ipynb": notebook("y = 1"),
        "test.py": "import import_ipynb\nimport numpy as np\nimport MAIN_APP as mn\n",
        "DETECTION.ipynb": notebook("import import_ipynb\nimport MAIN_APP"),
        # Without the loader an import finds no notebook, and a notebook elsewhere is not
        # beside the importer.
        "plain.py": "import SHOTS\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert "main-app" not in result.message and "shots" in result.message, result.message
    assert {e.path for e in result.evidence} == {"plain.py"}


def test_repro003_a_notebook_s_pip_install_of_the_import_name_still_lists_the_package() -> None:
    # An autism-screening project with no dependency file: one notebook runs the old
    # `!pip install sklearn --upgrade`; four import sklearn. The list must still name
    # scikit-learn, the package the whole project needs, beside pandas.
    files = {
        "knn.ipynb": notebook(
            "!pip install sklearn --upgrade", "import pandas as pd\nfrom sklearn import svm"
        ),
        "forest.py": "from sklearn.ensemble import RandomForestClassifier\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert "imports 2 third-party package(s): pandas, scikit-learn" in result.message
    assert "knn.ipynb install(s) sklearn with !pip" in result.message


def test_repro003_a_compound_capitalised_module_in_a_project_named_so_is_left_out() -> None:
    # A football-summary project names its modules as its classes (FrameSkipping.py,
    # ShotClassification.py, HoughTransform.py); one script star-imports FrameBlocks and
    # HistogramCompare, another takes a function from dominantColor, none of them committed.
    # No package on an index is imported by such a name; "declare frameblocks" would send
    # the reader to PyPI for the team's own files.
    files = {
        "requirements.txt": "opencv-python\n",
        "code/Extraction/FrameSkipping.py": "def ExtractFrames(path):\n    return []\n",
        "code/ShotClassifier/ShotClassification.py": "def classify(frame):\n    return 1\n",
        "code/GoalMouth/HoughTransform.py": "def get_lines(image):\n    return []\n",
        "code/DominantColor/shot_face.py": (
            "import cv2\nfrom FrameBlocks import *\nfrom HistogramCompare import *\n"
            "from dominantColor import getDominantColorRatio\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert (
        "FrameBlocks, HistogramCompare, dominantColor imported but not in the repository"
        in result.message
    ), result.message
    assert "package(s)" not in result.message, result.message
    # A package known here by such a name stays one, and a name a letter or two off one of
    # the project's modules is named as a misspelling of it, as before.
    files["code/Extraction/ReadFiletoNumpy.py"] = "def ReadFileToNumpy(path):\n    return path\n"
    files["code/main.py"] = (
        "import cv2\nimport MySQLdb\nfrom ReadFileToNumpy2 import ReadFileToNumpy\n"
    )
    styled = check("REPRO003", snapshot_from(files))
    assert "package(s) not declared in requirements.txt: mysqlclient" in styled.message, (
        styled.message
    )
    assert "ReadFileToNumpy2 (code/Extraction/ReadFiletoNumpy.py?)" in styled.message, (
        styled.message
    )
    # A project whose own modules are named in lower case gives no such hint: an unknown
    # capitalised import may be a package (PyPDF3, SoapySDR) and is asked for.
    lower = {
        "requirements.txt": "opencv-python\n",
        "code/frame_skipping.py": "def extract(path):\n    return []\n",
        "code/shot_classification.py": "def classify(frame):\n    return 1\n",
        "code/main.py": "import cv2\nfrom FrameBlocks import *\n",
    }
    other = check("REPRO003", snapshot_from(lower))
    assert "frameblocks" in other.message, other.message
    assert "not in the repository" not in other.message, other.message


def test_repro003_the_projects_own_distribution_name_is_missing_not_undeclared() -> None:
    # A project template's package (water_potability) renamed to src/ while one module still
    # imports it by the name pyproject.toml gives the project: nothing on an index to declare.
    files = {
        "pyproject.toml": (
            '[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n'
            '[project]\nname = "water-potability"\nversion = "0.1"\n'
        ),
        "requirements.txt": "pandas==2.2.2\n",
        "src/__init__.py": "",
        "src/plots.py": "import pandas\nfrom water_potability.config import FIGURES_DIR\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "water_potability imported but not in the repository" in result.message, result.message
    assert "not declared" not in result.message
    # Another name (a package of the index) is still one to declare.
    other = {**files, "src/plots.py": "import pandas\nfrom waterlib.config import FIGURES_DIR\n"}
    assert "not declared" in check("REPRO003", snapshot_from(other)).message


def test_repro003_kafka_is_installed_by_kafka_python_and_its_fork() -> None:
    # kafka-python and its maintained fork kafka-python-ng both install `import kafka`.
    for declared in ("kafka-python==2.0.2", "kafka-python-ng==2.2.0"):
        files = {
            "requirements.txt": f"{declared}\n",
            "stream.py": "from kafka import KafkaConsumer\n",
        }
        result = check("REPRO003", snapshot_from(files))
        assert result.status is Status.PASS, (declared, result.message)


def test_repro003_the_repository_imported_by_its_clones_name_one_module_deep() -> None:
    # Pass 480: a squat coach cloned as Posture/ writes `import Posture.SquatPosture` for its
    # own SquatPosture.py: the repository imported as a package by its folder's name, no
    # package to declare. Under another folder's name the import is still undeclared.
    from dataclasses import replace

    files = {
        "requirements.txt": "numpy\n",
        "SquatPosture.py": "import numpy as np\n",
        "app.py": "import Posture.SquatPosture as sp\n",
    }
    cloned = replace(snapshot_from(files), root_name="Posture")
    assert check("REPRO003", cloned).status is Status.PASS
    assert "posture" in check("REPRO003", snapshot_from(files)).message.lower()
