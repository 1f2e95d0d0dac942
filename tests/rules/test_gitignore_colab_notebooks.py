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


def test_git003_a_colab_notebook_that_changes_into_the_mounted_drive_writes_to_the_drive() -> None:
    # drive.mount('/content/gdrive') then os.chdir("gdrive"): 'MyDrive/model.h5' and
    # 'features.csv' land on the Drive (or its mount folder), never in the repository (pass 471).
    cells = (
        "from google.colab import drive\ndrive.mount('/content/gdrive')",
        "import os\nos.chdir('gdrive')",
        "df.to_csv('features.csv')\nmodel.save('MyDrive/model.h5')",
    )
    files = {".gitignore": PYTHON_IGNORE, "Code/Train.ipynb": notebook(*cells)}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    absolute = (cells[0], "import os\nos.chdir('/content/gdrive/MyDrive')", cells[2])
    files = {".gitignore": PYTHON_IGNORE, "Code/Train.ipynb": notebook(*absolute)}
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_a_colab_notebook_that_changes_into_another_folder_is_still_judged() -> None:
    # os.chdir into a folder that is not the mount: where the write lands is not the Drive.
    cells = (
        "from google.colab import drive\ndrive.mount('/content/gdrive')",
        "import os\nos.chdir('project')",
        "model.save('MyDrive/model.h5')\ndf.to_csv('features.csv')",
    )
    files = {".gitignore": PYTHON_IGNORE, "Code/Train.ipynb": notebook(*cells)}
    result = check("GIT003", snapshot_from(files))
    assert result.status is not Status.PASS, result.message


def test_git003_a_colab_notebooks_plots_and_tables_are_no_outputs_of_the_repository() -> None:
    # With no .gitignore, the results a notebook writes are asked for too; a notebook only
    # Colab runs writes them into /content, or onto the Drive it changed into (pass 471).
    write = "df.to_csv('features.csv')\nplt.savefig('loss.png')"
    for cells in ((MOUNT, write), (MOUNT, "import os\nos.chdir('drive')", write)):
        result = check("GIT003", snapshot_from({"Code/Train.ipynb": notebook(*cells)}))
        assert "features.csv" not in str(result.evidence), result.evidence
        assert "files the code writes" not in result.message, result.message
    local = check("GIT003", snapshot_from({"Code/Train.ipynb": notebook("x = 1", write)}))
    assert "files the code writes" in local.message, local.message
