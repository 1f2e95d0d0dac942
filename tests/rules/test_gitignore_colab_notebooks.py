"""GIT003 and the relative writes of a notebook that runs only in Colab, from /content."""

from __future__ import annotations

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

PYTHON_IGNORE = "__pycache__/\n*.pyc\n.ipynb_checkpoints/\n"
MOUNT = "from google.colab import drive\ndrive.mount('/content/drive')"
SAVE = "import joblib\njoblib.dump(model, 'model.pkl')\njoblib.dump(scaler, 'scaler.pkl')"


def test_git003_a_notebook_that_mounts_drive_writes_into_content_not_the_repository() -> None:
    # drive.mount() runs only in Colab, whose working folder is /content: 'model.pkl' lands
    # there, never beside the notebook in a clone (pass 318).
    cells = (MOUNT, "df = pd.read_csv('/content/drive/MyDrive/data.csv')", SAVE)
    files = {".gitignore": PYTHON_IGNORE, "backend/notebooks/Train.ipynb": notebook(*cells)}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "pkl" not in result.message


def test_git003_a_notebook_that_mounts_drive_only_in_colab_still_writes_beside_itself() -> None:
    # Run locally too (the mount is guarded): its 'model.pkl' lands beside the notebook.
    guarded = (
        "try:\n    from google.colab import drive\n    drive.mount('/content/drive')\n"
        "except ImportError:\n    pass"
    )
    files = {".gitignore": PYTHON_IGNORE, "nb/Train.ipynb": notebook(guarded, SAVE)}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "nb/*.pkl" in result.message


def test_git003_a_colab_notebook_that_changes_folder_is_still_judged() -> None:
    # %cd into a clone of the repository: where the relative write lands is that clone.
    cells = (MOUNT, "!git clone https://github.com/a/b\n%cd b/nb", SAVE)
    files = {".gitignore": PYTHON_IGNORE, "nb/Train.ipynb": notebook(*cells)}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN, result.message


def test_git003_a_colab_notebooks_output_committed_to_the_repository_is_judged_as_written() -> None:
    # model.pt was written in /content, downloaded, and committed beside the notebook: the
    # output did reach the repository, and is judged as a local notebook's would be.
    save = "import torch\ntorch.save(model.state_dict(), 'model.pt')"
    files = {
        "Train.ipynb": notebook(MOUNT, "x = torch.randn(4, 2)", save),
        "model.pt": b"\x80\x02" + bytes(1_500_000),
    }
    result = check("GIT003", snapshot_from(files))
    assert "torch.save writes model.pt" in [e.snippet for e in result.evidence], result.evidence
    local = check("GIT003", snapshot_from({**files, "Train.ipynb": notebook("x = 1", save)}))
    assert (result.status, result.message) == (local.status, local.message)
