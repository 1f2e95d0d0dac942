"""``args.<dest>`` is named the way argparse names it: the first long option, not the longest."""

from __future__ import annotations

from repocheck.analysis.artefacts import written_artefacts
from repocheck.analysis.cli_defaults import CliDefaults, argument_defaults, cli_defaults
from repocheck.analysis.imports import programs
from tests.helpers import check, snapshot_from

PARSER = """\
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--out", "--output-directory", default="runs/out")
parser.add_argument("-c", "--ckpt", default="weights/last.pt")
parser.add_argument("-l", default="logs")
parser.add_argument("data-root", nargs="?", default="data/raw")
parser.add_argument("--save-dir", dest="target", default="saved")
args = parser.parse_args()
"""


def test_each_default_is_keyed_by_the_dest_argparse_gives_it() -> None:
    snapshot = snapshot_from({"train.py": PARSER})
    assert cli_defaults(programs(snapshot)) == {
        "out": "runs/out",  # the first long option, though a longer one follows
        "ckpt": "weights/last.pt",  # a long option wins over a short one before it
        "l": "logs",  # a short option alone names it
        "data-root": "data/raw",  # a positional is its own dest, dashes kept
        "target": "saved",  # dest= says it outright
    }


# A course project run as `cd src && python app.py`: src/models/vanilla.py imports
# `utils.text_processing`, found through src/ (the entry's folder on sys.path), neither from
# the top nor beside vanilla.py in src/models/.
SRC_ROOTED = {
    "src/app.py": "import models.vanilla as vanilla\nvanilla.run_model()\n",
    "src/models/vanilla.py": (
        "from utils.text_processing import preprocess\n"
        "def run_model():\n"
        "    preprocess([], 'Train')\n"
    ),
    "src/utils/text_processing.py": (
        "import pickle\n"
        "def preprocess(data, name):\n"
        "    path = '../data/processed/clean_' + name.lower() + '.p'\n"
        "    pickle.dump(data, open(path, 'wb'))\n"
    ),
}


def test_a_module_imported_through_an_ancestor_folder_is_run_by_that_folders_script() -> None:
    every = programs(snapshot_from(SRC_ROOTED))
    defaults = CliDefaults(every)
    assert defaults.imports["src/models/vanilla.py"] == ["src/utils/text_processing.py"]
    assert defaults.runners("src/utils/text_processing.py") == {"src/app.py"}
    # A top-level module of that name still wins, as Python run from the top would find it.
    top = {**SRC_ROOTED, "utils/text_processing.py": "x = 1\n"}
    every = programs(snapshot_from(top))
    assert CliDefaults(every).imports["src/models/vanilla.py"] == ["utils/text_processing.py"]


def test_a_helpers_relative_write_lands_where_its_runner_runs() -> None:
    (artefact,) = written_artefacts(snapshot_from(SRC_ROOTED))
    # "../data/processed" from src/, where app.py runs: the top data/processed/, not
    # src/data/processed/ as read from the helper's own src/utils/.
    assert artefact.shown.startswith("data/processed/clean_"), artefact.shown
    # Nor is the helper's own folder a place it runs from: the advice is the top folder's.
    assert artefact.beside_script is None
    result = check("GIT003", snapshot_from({**SRC_ROOTED, ".gitignore": "__pycache__/\n"}))
    assert "(add: data/processed/)" in result.message, result.message


def test_every_declaration_of_an_option_keeps_its_default_of_any_kind() -> None:
    # ``num_workers=args.workers`` asks what ``--workers`` holds: numbers too, each script's.
    train = (
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--workers', default=4)\n"
    )
    test = train.replace("default=4", "default=0") + "p.add_argument('--seed', type=int)\n"
    snapshot = snapshot_from({"train.py": train, "test.py": test, "util.py": "x = 1\n"})
    found = argument_defaults(programs(snapshot))
    assert sorted(found["workers"]) == [0, 4]
    assert found["seed"] == [None]
