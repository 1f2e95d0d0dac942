"""REPRO003: a requirements file is found under the names learners give it."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def test_repro003_reads_a_requirements_file_named_in_the_singular() -> None:
    # `pip install -r requirement.txt` reads it all the same (a docker-compose command here).
    for path in ("docker/requirement/requirement.txt", "requirement.txt", "requirement/gpu.txt"):
        files = {
            path: "keras\nscikit-image\n",
            "src/loss.py": "import keras\nfrom skimage import exposure\n",
        }
        result = check("REPRO003", snapshot_from(files))
        assert result.status is Status.PASS, (path, result.message)
        assert result.metrics["declared"] == 2, path


def test_repro003_names_what_a_singular_requirements_file_leaves_out() -> None:
    files = {
        "requirement.txt": "keras\n",
        "src/loss.py": "import keras\nimport pandas as pd\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is not Status.PASS
    assert "no dependency file" not in result.message
    assert "requirement.txt" in result.message and "pandas" in result.message


def test_repro003_reads_a_requirements_file_whose_name_is_misspelt() -> None:
    # requirments.txt, requierments.txt, requiremnts.txt: `pip install -r` reads them as well,
    # so the message names the file and what it leaves out, never "no dependency file".
    for path in ("requirments.txt", "requierments.txt", "docker/requiremnts.txt"):
        files = {path: "torch\n", "src/train.py": "import torch\nimport tqdm\n"}
        result = check("REPRO003", snapshot_from(files))
        assert result.status is not Status.PASS, path
        assert "no dependency file" not in result.message, (path, result.message)
        assert path in result.message and "tqdm" in result.message, (path, result.message)
