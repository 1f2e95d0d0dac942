"""Requirement lines read the way pip reads them (repocheck/analysis/requirements.py)."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def test_a_vcs_url_without_egg_provides_the_import_its_repository_is_named_for() -> None:
    # pip installs openai/CLIP from its URL alone; the repository's name is the import's, so
    # `import clip` is declared. The name is a guess: it only answers for that import and is
    # no declared distribution of its own (REPRO004 counts what names itself).
    files = {
        "requirements.txt": "torch\ngit+https://github.com/openai/CLIP.git\n",
        "app.py": "import torch\nimport clip\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics["declared"] == 1
    assert check("REPRO004", snapshot_from(files)).metrics["declared"] == 1
    # A repository named for something else declares nothing the code imports.
    other = {**files, "requirements.txt": "torch\ngit+https://github.com/example/nameless.git\n"}
    assert "clip" in check("REPRO003", snapshot_from(other)).message


def test_a_vcs_url_in_a_conda_environments_pip_list_provides_its_repositorys_import() -> None:
    # environment.yml's `pip:` list is read as pip reads a requirements file, URLs too: a
    # git URL there installs the package its repository is named for, as in requirements.txt.
    env = (
        "name: lips\ndependencies:\n  - python=3.7\n  - pip\n  - pip:\n"
        "      - wandb\n"
        "      - git+https://github.com/example/pytorch-trainer.git\n"
        "      - git+https://github.com/example/facenet-pytorch.git\n"
    )
    files = {
        "environment.yml": env,
        "train.py": (
            "import wandb\nfrom pytorch_trainer import Trainer\n"
            "from facenet_pytorch import MTCNN\nimport ctcdecode\n"
        ),
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "ctcdecode" in result.message
    assert "pytorch-trainer" not in result.message and "facenet" not in result.message
    assert [e.path for e in result.evidence] == ["train.py"]


def test_a_repository_named_for_what_its_package_does_provides_the_import_it_ends_with() -> None:
    # kitayama1234/TransformDF2Numpy installs `df2numpy`: the repository's name is the verb
    # and the package's. An import the name begins or ends with, long enough not to be a
    # piece of any word, is the repository's; an import known by another distribution's
    # name (sklearn is scikit-learn's) is never taken from it.
    files = {
        "requirements.txt": "numpy\ngit+https://github.com/kitayama1234/TransformDF2Numpy\n",
        "demo.py": "import numpy\nfrom df2numpy import TransformDF2Numpy\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    fork = {
        "requirements.txt": "git+https://github.com/example/sklearn-extras\n",
        "demo.py": "import sklearn\n",
    }
    assert "scikit-learn" in check("REPRO003", snapshot_from(fork)).message


def test_a_direct_reference_provides_the_import_its_repository_ends_with() -> None:
    # `mljar-supervised @ git+https://github.com/mljar/mljar-supervised.git@<commit>` installs
    # `supervised`: the URL names the repository as a bare version-control URL does, and is as
    # good a hint of the import; the distribution's own name still counts as declared.
    files = {
        "requirements.txt": (
            "pandas==1.3.2\n"
            "mljar-supervised @ git+https://github.com/mljar/mljar-supervised.git@0d036f1\n"
        ),
        "automl.py": "import pandas\nfrom supervised.automl import AutoML\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    other = {**files, "automl.py": "import pandas\nimport catboost\n"}
    assert "catboost" in check("REPRO003", snapshot_from(other)).message


def test_a_dotted_distribution_name_declares_its_namespace() -> None:
    # AutoGluon ships as autogluon.tabular, autogluon.core, ... (conda keeps the dots): the part
    # before the dot is the namespace the code imports, `import autogluon.tabular`.
    files = {
        "environment.yml": (
            "name: credit\nchannels:\n- conda-forge\ndependencies:\n"
            "- pandas=2.2.3\n- autogluon.tabular=1.1.1=pyha770c72_5\n"
        ),
        "train.py": "import pandas\nfrom autogluon.tabular import TabularPredictor\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    pip = {
        "requirements.txt": "autogluon.core==0.3.0\nnumpy==1.21.2\n",
        "train.py": "import numpy\nimport autogluon.core as ag\n",
    }
    assert check("REPRO003", snapshot_from(pip)).status is Status.PASS
    # A distribution named with a hyphen declares no namespace: torch-geometric is not torch.
    hyphen = {"requirements.txt": "torch-geometric==2.3\n", "gnn.py": "import torch\n"}
    assert "torch" in check("REPRO003", snapshot_from(hyphen)).message
