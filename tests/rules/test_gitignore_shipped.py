"""GIT003 leaves alone a written file the repository ships on purpose: one it commits and
that its other code or its documentation names (an app that loads ``serving/model.pth``, a
README listing the trained weights). GIT004 judges its size; ignoring it would stop the next
export from reaching the app."""

from __future__ import annotations

from repocheck.facts.snapshot import Commit
from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

IGNORE = "__pycache__/\n"
EXPORT = """\
import os
import torch

SERVING_DIR = 'serving'


def export(state, variant=None):
    suffix = f'_{variant}' if variant else ''
    torch.save(state, os.path.join(SERVING_DIR, f'model{suffix}.pth'))
    torch.save(state, os.path.join(SERVING_DIR, 'feature_store.pt'))


if __name__ == '__main__':
    export({})
"""
APP = """\
import torch

store = torch.load('serving/feature_store.pt')
weights = torch.load('serving/model.pth')
"""
HEAVY = b"\0" * 2_000_000


def test_git003_weights_the_app_loads_from_where_they_are_committed_are_not_advised() -> None:
    files = {
        ".gitignore": IGNORE,
        "export.py": EXPORT,
        "app.py": APP,
        "serving/model.pth": HEAVY,
        "serving/feature_store.pt": HEAVY,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_git003_weights_a_readme_lists_as_committed_are_not_advised() -> None:
    trainer = "import torch\ntorch.save(model.state_dict(), 'results/ncf_weights.pt')\n"
    files = {
        ".gitignore": IGNORE,
        "train.py": trainer,
        "README.md": "`results/` holds the training logs and the trained weights (`ncf_weights.pt`).\n",
        "results/ncf_weights.pt": HEAVY,
    }
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_committed_weights_only_their_writer_names_are_still_advised() -> None:
    # The writer's own print of the path is not a reader: nothing else uses the file.
    trainer = (
        "import torch\ntorch.save(model.state_dict(), 'results/ncf_weights.pt')\n"
        "print('saved results/ncf_weights.pt')\n"
    )
    files = {".gitignore": IGNORE, "train.py": trainer, "results/ncf_weights.pt": HEAVY}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "results/" in result.message


def test_git003_uncommitted_weights_named_by_a_reader_are_still_advised() -> None:
    # Nothing committed: a run writes the file and another script reads it back locally.
    files = {".gitignore": IGNORE, "export.py": EXPORT, "app.py": APP}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "serving/" in result.message


def test_git003_a_shipped_file_missing_from_a_partial_clone_still_counts_as_committed() -> None:
    # HEAD holds serving/model.pth, but its blob never reached this clone's work tree.
    files = {".gitignore": IGNORE, "export.py": EXPORT, "app.py": APP}
    commits = [Commit("a" * 40, "Ada", "ada@example.com", 1_700_000_000, "Export the model")]
    sizes = {"serving/model.pth": 2_000_000, "serving/feature_store.pt": 2_000_000}
    result = check("GIT003", snapshot_from(files, commits=commits, blob_sizes=sizes))
    assert result.status is Status.PASS, result.message


def test_git003_a_copy_in_a_sibling_folder_names_its_own_checkpoint_not_this_one() -> None:
    # Each assignment saves and resumes its own checkpoint/ckpt.t7: neither reads the other's.
    def trainer(folder: str) -> str:
        return (
            "import torch\n"
            f"torch.save(state, '{folder}/checkpoint/ckpt.t7')\n"
            f"state = torch.load('./checkpoint/ckpt.t7')\n"
        )

    files = {
        ".gitignore": IGNORE,
        "mp3/main.py": trainer("mp3"),
        "mp4/main.py": trainer("mp4"),
        "mp3/checkpoint/ckpt.t7": HEAVY,
        "mp4/checkpoint/ckpt.t7": HEAVY,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "mp3/checkpoint/" in result.message and "mp4/checkpoint/" in result.message


def test_git003_the_autosave_copy_of_the_writer_is_not_a_reader() -> None:
    # A learner's upload: the notebook saves model.pt, Jupyter's checkpoint copy says so too.
    saver = notebook_saving("model.pt")
    files = {
        "train.ipynb": saver,
        ".ipynb_checkpoints/train-checkpoint.ipynb": saver,
        "model.pt": HEAVY,
    }
    result = check("GIT003", snapshot_from(files))
    assert "*.pt" in result.message, result.message


def notebook_saving(path: str) -> str:
    return notebook("import torch", f"torch.save(model.state_dict(), '{path}')")


def test_git003_asks_for_the_written_kind_where_the_folder_holds_weights_an_app_loads() -> None:
    # The export script writes models/mnist_cnn_traced.pt, an unused export; the drawing app
    # loads models/mnist_cnn.pth, committed on purpose beside it. "models/" would keep the
    # app's next weights out too: the line names the written kind instead.
    export = "import torch\ntraced = torch.jit.trace(model, x)\ntraced.save('models/mnist_cnn_traced.pt')\n"
    app = "import torch\nmodel.load_state_dict(torch.load('models/mnist_cnn.pth'))\n"
    files = {
        ".gitignore": IGNORE,
        "src/export_model.py": export,
        "app/draw.py": app,
        "models/mnist_cnn.pth": HEAVY,
        "models/mnist_cnn_traced.pt": HEAVY,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN
    # (read at any depth: the script in src/ may be run from its own folder)
    assert result.message.endswith("(add: **/models/*.pt)"), result.message
    # With no kept file beside it, the folder is the line, as before.
    del files["models/mnist_cnn.pth"]
    del files["app/draw.py"]
    assert check("GIT003", snapshot_from(files)).message.endswith("(add: models/)")


def test_git003_names_the_written_file_where_the_folder_keeps_weights_of_its_kind() -> None:
    # A backup training script saves dynamics_backup.pt into assets/pretrained/, where the
    # project commits dynamics.pt, the weights its demo loads. "*.pt" there would keep the
    # demo's next weights out as surely as the folder would: the line names the file.
    trainer = (
        "import torch\ntorch.save(model.state_dict(), 'assets/pretrained/dynamics_backup.pt')\n"
    )
    demo = "import torch\nmodel.load_state_dict(torch.load('assets/pretrained/dynamics.pt'))\n"
    files = {
        ".gitignore": IGNORE,
        "model/train.py": trainer,
        "demo.py": demo,
        "assets/pretrained/dynamics.pt": HEAVY,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.message.endswith("(add: **/assets/pretrained/dynamics_backup.pt)"), result.message
    # A name the source does not tell (an f-string): no line keeps it out alone; nothing said.
    files["model/train.py"] = trainer.replace(
        "'assets/pretrained/dynamics_backup.pt'", "f'assets/pretrained/dynamics_{epoch}.pt'"
    )
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_anchors_the_kind_at_the_top_where_subfolders_keep_files_of_it() -> None:
    # A nowcasting project pickles its statistics at the top folder (mean_std.pkl) and
    # commits its lists of rainy days as pickles in Rainy_days_file/, which the README says
    # to pass on the command line. "*.pkl" would keep the next such list out too; "/*.pkl"
    # keeps out only what the code writes there.
    stats = (
        "import pickle\n\nwith open('mean_std.pkl', 'wb') as f:\n    pickle.dump((0.0, 1.0), f)\n"
    )
    files = {
        ".gitignore": IGNORE,
        "stats.py": stats,
        "Rainy_days_file/rainy_days.pkl": b"\x80\x04N.",
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is not Status.PASS
    assert result.message.endswith("(add: /*.pkl)"), result.message
    # A script in a subfolder may be run from there, its pickle landing beside it: that
    # folder too, anchored; where that folder commits pickles itself, every pickle.
    moved = {**files, "tools/stats.py": files["stats.py"]}
    del moved["stats.py"]
    result = check("GIT003", snapshot_from(moved))
    assert result.message.endswith("(add: /*.pkl, /tools/*.pkl)"), result.message
    moved["tools/lookup.pkl"] = b"\x80\x04N."
    assert check("GIT003", snapshot_from(moved)).message.endswith("(add: *.pkl)")
    # With no pickle committed anywhere, every pickle, as before.
    del files["Rainy_days_file/rainy_days.pkl"]
    assert check("GIT003", snapshot_from(files)).message.endswith("(add: *.pkl)")


def test_git003_a_folder_other_code_loads_its_kind_from_keeps_its_committed_files() -> None:
    # One dataset module writes Min_max_value/reflectivity_min_max.pkl; another loads the
    # committed VIL statistics from the same folder, under a name spelled a little apart
    # from the committed file's. The folder keeps statistics the project reads: "Min_max_value/"
    # would keep their next version out, so the line names the written file.
    writer = (
        "import pickle\n\n"
        "with open('Min_max_value/reflectivity_min_max.pkl', 'wb') as f:\n"
        "    pickle.dump({'min': 0, 'max': 1}, f)\n"
    )
    reader = (
        "import pickle\n\n"
        "with open('Min_max_value/vil_min_max.pkl', 'rb') as f:\n    stats = pickle.load(f)\n"
    )
    files = {
        ".gitignore": IGNORE,
        "mosdac.py": writer,
        "vil.py": reader,
        "Min_max_value/vil_minmax.pkl": b"\x80\x04N.",
    }
    result = check("GIT003", snapshot_from(files))
    assert result.message.endswith("(add: /Min_max_value/reflectivity_min_max.pkl)"), result.message
    # Read by no other code, the folder is the line, as before.
    del files["vil.py"]
    assert check("GIT003", snapshot_from(files)).message.endswith("(add: Min_max_value/)")


def test_git003_an_archive_unpacked_beside_a_kept_file_it_loads_is_not_advised() -> None:
    # A notebook unpacks a downloaded archive into data/raw/, where the project commits the
    # sample image its predictor loads by default. The archive's names are its own: no line
    # narrower than the folder is known, and data/raw/ would keep the sample's next version
    # out. Nothing is said.
    unpack = (
        "import zipfile\n"
        "with zipfile.ZipFile('../data/raw/garbage.zip') as archive:\n"
        "    archive.extractall('../data/raw/')\n"
    )
    predict = "from PIL import Image\nimage = Image.open('data/raw/sample.jpg')\n"
    files = {
        ".gitignore": IGNORE + ".ipynb_checkpoints/\n",
        "notebooks/explore.ipynb": notebook(unpack),
        "predict.py": predict,
        "data/raw/sample.jpg": b"\xff\xd8" + b"\0" * 100,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # With nothing kept there, the folder is the line to add.
    del files["data/raw/sample.jpg"]
    result = check("GIT003", snapshot_from(files))
    assert result.message.endswith("(add: data/raw/)"), result.message


def test_git003_names_the_written_pickle_where_a_folder_with_a_config_keeps_pickles() -> None:
    # A Bayesian model pickles its fits into models/, which commits the fit the forecasting
    # pipeline loads beside a small JSON curve. The JSON makes models/ a folder of tracked
    # configuration, so the folder is never advised whole; but "models/*.pkl" would keep the
    # pipeline's next fit out as surely: only the written file can be named.
    trainer = (
        "import pickle\n\nwith open('models/hier_robust.pkl', 'wb') as f:\n    pickle.dump({}, f)\n"
    )
    pipeline = "from pathlib import Path\n\nDEFAULT = Path('models/hier_delays.pkl')\n"
    files = {
        ".gitignore": IGNORE,
        "train.py": trainer,
        "pipeline.py": pipeline,
        "models/hier_delays.pkl": b"\x80\x04N.",
        "models/delay_curve.json": '{"a": 1}\n',
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert result.message.endswith("(add: /models/hier_robust.pkl)"), result.message


def test_git003_a_committed_file_named_only_by_its_name_from_a_sibling_folder_is_shipped() -> None:
    # src/config.py names the model the app loads by its name alone, joined to the models
    # folder at run time; no other committed file bears that name: the advice must not cover
    # it. A sibling script that writes a file of that name itself names its own.
    trainer = "import joblib\njoblib.dump(model, f'models/{run_name}.joblib')\n"
    config = "import os\nMODEL_PATH = os.path.join(MODELS_DIR, 'short_term_only.joblib')\n"
    files = {
        ".gitignore": IGNORE,
        "training/fit.py": trainer,
        "src/config.py": config,
        "models/short_term_only.joblib": HEAVY,
    }
    result = check("GIT003", snapshot_from(files))
    assert "models/" not in result.message, result.message
    writer = "import joblib\njoblib.dump(model, 'short_term_only.joblib')\n"
    files["src/config.py"] = writer
    result = check("GIT003", snapshot_from(files))
    assert "models/" in result.message, result.message


def test_git003_a_subproject_s_models_folder_its_app_serves_from_is_not_advised() -> None:
    # A package in app/ (its own pyproject.toml) runs from there: training writes
    # artifacts/models/har_model.joblib into app/artifacts/models/, where the project commits
    # the models its API loads. Ignoring the folder would keep the next export from the API.
    trainer = (
        "import joblib\nfrom pathlib import Path\n\n"
        "models_dir = Path('artifacts') / 'models'\n"
        "joblib.dump(model, models_dir / 'har_model.joblib')\n"
    )
    api = "import joblib\n\nmodel = joblib.load('artifacts/models/har_model.joblib')\n"
    files = {
        ".gitignore": IGNORE,
        "app/pyproject.toml": "[project]\nname = 'app'\n",
        "app/ml/train.py": trainer,
        "app/endpoint.py": api,
        "app/artifacts/models/har_full_model.joblib": b"\0" * 2_000,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_git003_a_subproject_s_models_folder_nothing_else_reads_is_still_advised() -> None:
    trainer = "import joblib\n\njoblib.dump(model, 'artifacts/models/har_model.joblib')\n"
    files = {
        ".gitignore": IGNORE,
        "app/pyproject.toml": "[project]\nname = 'app'\n",
        "app/ml/train.py": trainer,
        "app/artifacts/models/har_full_model.joblib": b"\0" * 2_000,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "artifacts/models/" in result.message


def test_git003_a_folder_other_code_loads_through_a_formatted_name_keeps_its_files() -> None:
    # A notebook writes one pickle per record into data/raw/, where the project commits them;
    # the deployed app loads them back by a name it formats (f'data/raw/{record}.pkl', or
    # 'data/raw/' + record + '.pkl'). The folder keeps data the app reads, and the written
    # names are the records' own: no line narrower than the folder is known, and the folder
    # would keep the app's data out. Nothing is said.
    prep = notebook(
        "import pickle\n"
        "for record in ['a01', 'a02']:\n"
        "    with open(f'../data/raw/{record}.pkl', 'wb') as f:\n"
        "        pickle.dump({'hr': []}, f)\n"
    )
    files = {
        ".gitignore": IGNORE + ".ipynb_checkpoints/\n",
        "notebooks/prep.ipynb": prep,
        "app.py": (
            "import pickle\n\n\ndef load(record):\n"
            "    with open(f'data/raw/{record}.pkl', 'rb') as f:\n        return pickle.load(f)\n"
        ),
        "data/raw/a01.pkl": b"\x80\x04N.",
        "data/raw/a02.pkl": b"\x80\x04N.",
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    files["app.py"] = (
        "import pickle\n\n\ndef load(record):\n"
        "    with open('data/raw/' + record + '.pkl', 'rb') as f:\n        return pickle.load(f)\n"
    )
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    # Read back by no other code, and not every record committed, the folder is the line.
    del files["app.py"]
    del files["data/raw/a02.pkl"]
    assert check("GIT003", snapshot_from(files)).message.endswith("(add: data/raw/)")


def test_git003_names_the_file_where_the_top_folder_keeps_files_of_its_kind() -> None:
    # A CT classifier commits its split lists at the top (train_list.npy, val_list.npy), which
    # its argument parser's defaults name and its loader reads; a scratch notebook there
    # saves another list under a slip of a name (train_list.txt.npy). "*.npy" would keep the
    # next split list out too: only the file written can be named.
    scratch = "import numpy as np\n\nnp.save('train_list.txt', np.zeros(3))\n"
    arguments = (
        "import argparse\n\nparser = argparse.ArgumentParser()\n"
        "parser.add_argument('--train_npy', default='./train_list.npy')\n"
        "parser.add_argument('--val_npy', default='./val_list.npy')\n"
    )
    files = {
        ".gitignore": IGNORE,
        "scratch.py": scratch,
        "arguments.py": arguments,
        "train_list.npy": b"\x93NUMPY",
        "val_list.npy": b"\x93NUMPY",
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is not Status.PASS
    assert result.message.endswith("(add: /train_list.txt.npy)"), result.message
    # Committed there but named by nothing else: no sign they are kept on purpose.
    files["arguments.py"] = "import argparse\n"
    assert check("GIT003", snapshot_from(files)).message.endswith("(add: *.npy)")
    # Nor when only the scripts that write them name them (a Keras exercise saving and
    # loading back my_model.h5 beside another's dogs_and_cats.h5, both committed by mistake).
    keras = "model.save('{0}')\nmodel = keras.models.load_model('{0}')\n"
    mistakes = {
        ".gitignore": IGNORE,
        "export.py": "from tensorflow import keras\n\nmodel = None\n" + keras.format("my_model.h5"),
        "dogs.py": "from tensorflow import keras\n\nmodel = None\n" + keras.format("dogs.h5"),
        "my_model.h5": HEAVY,
        "dogs.h5": HEAVY,
    }
    result = check("GIT003", snapshot_from(mistakes))
    assert result.message.endswith("(add: *.h5)"), result.message


def test_git003_a_backend_with_its_own_requirements_runs_from_there() -> None:
    # backend/ holds its own requirements.txt and app: it is installed and run from there, so
    # the script's default 'models/saved_model.pth' lands on backend/models/saved_model.pth,
    # the weights the app loads. "models/" would also hide backend/models/, the model code.
    trainer = (
        "import torch\n\n\n"
        "class Trainer:\n"
        "    def train(self, model, save_path='models/saved_model.pth'):\n"
        "        torch.save(model.state_dict(), save_path)\n"
    )
    script = (
        "import argparse\n\n"
        "from utils.trainer import Trainer\n\n\n"
        "def main():\n"
        "    parser = argparse.ArgumentParser()\n"
        "    parser.add_argument('--save_path', default='models/saved_model.pth')\n"
        "    args = parser.parse_args()\n"
        "    Trainer().train(None, save_path=args.save_path)\n\n\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    )
    app = "import torch\n\nstate = torch.load('models/saved_model.pth')\n"
    files = {
        ".gitignore": IGNORE,
        "backend/requirements.txt": "torch\nflask\n",
        "backend/app.py": app,
        "backend/scripts/train.py": script,
        "backend/utils/__init__.py": "",
        "backend/utils/trainer.py": trainer,
        "backend/models/__init__.py": "",
        "backend/models/clv_model.py": "import torch\n",
        "backend/models/saved_model.pth": HEAVY,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # Without committed weights there, the write is still advised.
    del files["backend/models/saved_model.pth"]
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
