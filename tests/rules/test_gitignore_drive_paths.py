"""GIT003 and paths into a Google Drive mounted in Colab, written relative to /content."""

from __future__ import annotations

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

PYTHON_IGNORE = "__pycache__/\n*.pyc\n.ipynb_checkpoints/\n"


def test_git003_a_relative_path_into_a_mounted_drive_is_not_an_artefact() -> None:
    # drive.mount('/content/gdrive') in Colab, whose working folder is /content: the relative
    # 'gdrive/MyDrive/...' is the Drive, never a folder of the repository (pass 313).
    cells = (
        "from google.colab import drive\ndrive.mount('/content/gdrive')",
        "import torch\n"
        "path = f'gdrive/MyDrive/Colab/runs/best_model_state_{run_name}.bin'\n"
        "torch.save(model.state_dict(), path)",
        "torch.save(model.state_dict(), 'drive/My Drive/models/last.pt')",
    )
    files = {".gitignore": PYTHON_IGNORE, "nb/FineTune.ipynb": notebook(*cells)}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "MyDrive" not in result.message and "My Drive" not in result.message


def test_git003_a_folder_named_like_a_drive_root_elsewhere_in_the_path_still_counts() -> None:
    # Only the second part names Drive's root; a checkpoint under models/ stays an artefact.
    code = "import torch\ntorch.save(model, 'models/MyDrive_backup/model.pt')\n"
    files = {".gitignore": PYTHON_IGNORE, "train.py": code}
    result = check("GIT003", snapshot_from(files))
    assert result.status is not Status.PASS, result.message
