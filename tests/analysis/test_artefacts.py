"""Written artefacts: where a run's checkpoints and data land, and how their names are shown."""

from __future__ import annotations

from repocheck.analysis.artefacts import written_artefacts
from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

# A checkpoint per epoch, named from the loop's counter, into a folder that also holds the
# model's source: PyTorch's tutorials name such checkpoints .tar.
EPOCH_CHECKPOINTS = (
    "import torch\n"
    "for i in range(50):\n"
    "    path_ckpt = 'models/ckpt_allEPOCH' + str(i) + '.tar'\n"
    "    torch.save({'epoch': i}, path_ckpt)\n"
)


def test_a_name_with_a_run_time_middle_is_advised_by_its_known_parts() -> None:
    files = {"main_train.py": EPOCH_CHECKPOINTS, "models/hourglass.py": "x = 1\n"}
    (artefact,) = written_artefacts(snapshot_from(files))
    # Shown by the first epoch's name; every epoch's name is kept out by the pattern.
    assert artefact.shown == "models/ckpt_allEPOCH0.tar"
    assert artefact.pattern == "models/ckpt_allEPOCH*.tar"
    assert artefact.suffix == ".tar"
    result = check("GIT003", snapshot_from({**files, ".gitignore": "__pycache__/\n"}))
    assert result.status is Status.WARN
    # The checkpoints it names are advised, by their name's known parts: *.tar would be a
    # guess, and models/ holds source.
    assert "(add: /models/ckpt_allEPOCH*.tar)" in result.message, result.message
    assert "torch.save writes models/ckpt_allEPOCH0.tar" in [e.snippet for e in result.evidence]
    covered = {**files, ".gitignore": "__pycache__/\nmodels/ckpt_allEPOCH*.tar\n"}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS


def test_a_weights_suffix_keeps_its_kinds_line_and_a_literal_name_its_own() -> None:
    weights = EPOCH_CHECKPOINTS.replace(".tar'", ".pt'")
    files = {"main_train.py": weights, "models/hourglass.py": "x = 1\n"}
    assert "(add: __pycache__/, models/*.pt)" in check("GIT003", snapshot_from(files)).message
    literal = EPOCH_CHECKPOINTS.replace("'models/ckpt_allEPOCH' + str(i) + '.tar'", "'last.tar'")
    (artefact,) = written_artefacts(snapshot_from({"main_train.py": literal}))
    assert artefact.shown == "last.tar" and artefact.location.literal
    assert artefact.pattern is None


# A Kaggle notebook's U-Net: the checkpoint callback is built, but fit() is handed only the
# TensorBoard one, so no .keras file is ever written.
UNUSED_CHECKPOINT = (
    "import tensorflow as tf",
    "checkpointer = tf.keras.callbacks.ModelCheckpoint('detector.keras', save_best_only=True)\n"
    "callbacks = [tf.keras.callbacks.TensorBoard(log_dir='logs')]",
    "results = model.fit(x, y, batch_size=16, epochs=50, callbacks=callbacks)",
)


def test_a_callback_never_handed_to_a_fit_writes_nothing() -> None:
    artefacts = written_artefacts(snapshot_from({"unet.ipynb": notebook(*UNUSED_CHECKPOINT)}))
    assert [a.writer for a in artefacts] == ["TensorBoard"]
    result = check("GIT003", snapshot_from({"unet.ipynb": notebook(*UNUSED_CHECKPOINT)}))
    assert "*.keras" not in result.message
    assert "logs/" in result.message
    # Handed to fit(), it writes its file.
    fit = UNUSED_CHECKPOINT[2].replace("=callbacks", "=callbacks + [checkpointer]")
    artefacts = written_artefacts(
        snapshot_from({"unet.ipynb": notebook(*UNUSED_CHECKPOINT[:2], fit)})
    )
    assert sorted(a.writer for a in artefacts) == ["ModelCheckpoint", "TensorBoard"]
    # A function's own callback that it never uses writes nothing either; a name a module
    # leaves at its top writes only where some module reads it (imports it, here).
    local = (
        "from tensorflow.keras.callbacks import ModelCheckpoint, TensorBoard\n"
        "def train(model, x, y):\n"
        "    best = ModelCheckpoint('best.h5', save_best_only=True)\n"
        "    board = TensorBoard(log_dir='tb')\n"
        "    model.fit(x, y, epochs=3)\n"
    )
    assert written_artefacts(snapshot_from({"fit.py": local})) == ()
    top = "from tensorflow.keras.callbacks import ModelCheckpoint\nbest = ModelCheckpoint('b.h5')\n"
    assert written_artefacts(snapshot_from({"cbs.py": top})) == ()
    fits = "from cbs import best\nmodel.fit(x, y, callbacks=[best])\n"
    assert [
        a.writer for a in written_artefacts(snapshot_from({"cbs.py": top, "fit.py": fits}))
    ] == ["ModelCheckpoint"]


def test_a_callback_put_only_in_a_list_nothing_reads_writes_nothing() -> None:
    # A seq2seq chatbot builds its checkpoint callback and a list of callbacks, then calls
    # fit() without callbacks=: neither the callback nor the list reaches a fit.
    local = (
        "from keras.callbacks import ModelCheckpoint\n"
        "def train(model, x, y, path):\n"
        "    checkpoint = ModelCheckpoint(path + 'weights/w_{epoch:02d}.hdf5')\n"
        "    callbacks = [checkpoint]\n"
        "    model.fit(x, y, epochs=3)\n"
    )
    assert written_artefacts(snapshot_from({"chat.py": local})) == ()
    # The list handed to fit() writes; so does a list a module leaves at its top.
    handed = local.replace("epochs=3)", "epochs=3, callbacks=callbacks)")
    assert [a.writer for a in written_artefacts(snapshot_from({"chat.py": handed}))] == [
        "ModelCheckpoint"
    ]
    top = (
        "from keras.callbacks import ModelCheckpoint\n"
        "def make():\n"
        "    best = ModelCheckpoint('b.h5')\n"
        "    global CALLBACKS\n"
        "    CALLBACKS = [best]\n"
    )
    assert [a.writer for a in written_artefacts(snapshot_from({"cbs.py": top}))] == [
        "ModelCheckpoint"
    ]


def test_a_file_named_only_at_run_time_is_shown_by_its_folder() -> None:
    # open(data_path / Path(source).name, "wb") after a download: the name is the URL's,
    # known only when it runs; the reader is told the folder, not a made-up name "data/0".
    helper = (
        "from pathlib import Path\n"
        "import requests\n"
        "\n"
        "def download_data(source):\n"
        "    data_path = Path('data/')\n"
        "    target_file = Path(source).name\n"
        "    with open(data_path / target_file, 'wb') as f:\n"
        "        f.write(requests.get(source).content)\n"
    )
    train = "from helper import download_data\n\ndownload_data('https://example.com/a.zip')\n"
    snapshot = snapshot_from({"helper.py": helper, "train.py": train})
    (artefact,) = written_artefacts(snapshot)
    assert artefact.shown == "data/"
    result = check("GIT003", snapshot)
    assert result.status is Status.FAIL
    assert "open writes into data/" in [e.snippet for e in result.evidence]


# A normalizing-flow project's own dataset class wraps torchvision's MNIST and passes its
# download flag on: MNIST writes data/MNIST/raw/ (its own class name), which data/.gitignore
# keeps out. The wrapper's name says nothing of the folder, so its download=True writes
# nothing of its own.
WRAPPED_MNIST = (
    "from torchvision.datasets import MNIST\n"
    "\n"
    "class BinarizedMNISTDataset:\n"
    "    def __init__(self, root='data/', download=True):\n"
    "        self.data = MNIST(root=root, download=download, train=True)\n"
    "\n"
    "if __name__ == '__main__':\n"
    "    dataset = BinarizedMNISTDataset(root='data/', download=True)\n"
)


def test_the_projects_own_wrapper_of_a_dataset_names_no_download_folder() -> None:
    files = {
        "datasets/binarized_mnist_dataset.py": WRAPPED_MNIST,
        "datasets/__init__.py": "from .binarized_mnist_dataset import BinarizedMNISTDataset\n",
        "train.py": "from datasets import BinarizedMNISTDataset\n"
        "ds = BinarizedMNISTDataset(root='data/', download=True)\n",
    }
    assert written_artefacts(snapshot_from(files)) == ()
    ignored = {**files, ".gitignore": "__pycache__/\n", "data/.gitignore": "MNIST/\n"}
    assert check("GIT003", snapshot_from(ignored)).status is Status.PASS


# A learner's notebook unpacks the Kaggle archive it downloaded into data/, and a script
# unpacks a second one with shutil: both fill a folder with the dataset's files.
EXTRACTED = (
    "import shutil\n"
    "import zipfile\n"
    "with zipfile.ZipFile('chest_xray.zip') as archive:\n"
    "    archive.extractall('data/chest_xray')\n"
    "shutil.unpack_archive('masks.tar.gz', 'data/masks')\n"
)


def test_an_archive_unpacked_into_a_folder_fills_it_with_data() -> None:
    artefacts = written_artefacts(snapshot_from({"prepare.py": EXTRACTED}))
    assert sorted((a.kind, a.shown, a.line) for a in artefacts) == [
        ("data files", "data/chest_xray/", 4),
        ("data files", "data/masks/", 5),
    ]
    result = check("GIT003", snapshot_from({"prepare.py": EXTRACTED, ".gitignore": "*.pyc\n"}))
    assert result.status is Status.WARN, result.message
    assert "data/chest_xray/" in result.message and "data/masks/" in result.message
    assert "extractall writes into data/chest_xray/" in [e.snippet for e in result.evidence]
    # Unpacked where the run starts, the archive's own folder names are unknown: nothing said.
    here = EXTRACTED.replace("'data/chest_xray'", "").replace(", 'data/masks'", "")
    assert written_artefacts(snapshot_from({"prepare.py": here})) == ()


# A learner's training script logs its runs to Weights & Biases: wandb.init() keeps every
# run's config, logs, a copy of the code and the machine's pip freeze in wandb/.
WANDB = (
    "import wandb\n"
    "run = wandb.init(project='cifar', config={'lr': 0.01})\n"
    "wandb.log({'loss': 0.5})\n"
)


def test_a_wandb_run_keeps_its_files_in_wandb() -> None:
    (artefact,) = written_artefacts(snapshot_from({"train.py": WANDB}))
    assert (artefact.kind, artefact.shown, artefact.writer) == (
        "training logs",
        "wandb/",
        "wandb.init",
    )
    result = check("GIT003", snapshot_from({"train.py": WANDB, ".gitignore": "*.pyc\n"}))
    assert result.status is Status.WARN and "wandb/" in result.message, result.message
    covered = {"train.py": WANDB, ".gitignore": "*.pyc\nwandb/\n"}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS
    # Below the folder it is given; nothing when wandb is switched off.
    elsewhere = WANDB.replace("config=", "dir='outputs', config=")
    (artefact,) = written_artefacts(snapshot_from({"train.py": elsewhere}))
    assert artefact.shown == "outputs/wandb/"
    disabled = WANDB.replace("config=", "mode='disabled', config=")
    assert written_artefacts(snapshot_from({"train.py": disabled})) == ()


LOGGED = """\
import logging
import logging.handlers

logging.basicConfig(filename="training.log", level=logging.INFO)
rotating = logging.handlers.RotatingFileHandler("logs/serve.log", maxBytes=10_000)
logging.getLogger().addHandler(rotating)
logging.getLogger().addHandler(logging.StreamHandler())
"""


def test_a_log_file_the_logging_module_writes_is_a_log_of_the_run() -> None:
    # The logging module writes any program's log, a web server's as a trainer's (pass 486:
    # a FastAPI server's log was called a "training log"): a log, whatever the run.
    found = written_artefacts(snapshot_from({"train.py": LOGGED}))
    assert [(a.kind, a.shown, a.writer) for a in found] == [
        ("logs", "training.log", "logging.basicConfig"),
        ("logs", "logs/serve.log", "logging.handlers.RotatingFileHandler"),
    ]
    result = check("GIT003", snapshot_from({"train.py": LOGGED, ".gitignore": "*.pyc\n"}))
    assert result.status is Status.WARN and "training.log" in result.message, result.message
    covered = {"train.py": LOGGED, ".gitignore": "*.pyc\n*.log\n"}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS
    # Logging to the console only writes no file.
    console = "import logging\nlogging.basicConfig(level=logging.INFO)\n"
    assert written_artefacts(snapshot_from({"train.py": console})) == ()


# A course project's notebook in the package folder tunes models and saves each through the
# base class's save(), one folder up, into the top saved_models/ (the package's main.py
# saves there too, run from the top by `poetry run`).
SAVED_THROUGH_A_METHOD = {
    "wind/__init__.py": "",
    "wind/models/__init__.py": "from .base import Model\n",
    "wind/models/base.py": (
        "import torch\n"
        "class Model:\n"
        "    def save(self, file_name):\n"
        "        torch.save(self, file_name)\n"
    ),
    "wind/main.py": (
        "from .models import *\ndef main():\n    Model().save('./saved_models/nn_model.pt')\n"
    ),
    "wind/results.ipynb": notebook(
        "from models import *", "best = Model()\nbest.save('../saved_models/knn_model.pt')"
    ),
}


def test_a_path_a_notebook_passes_is_read_from_the_notebooks_folder() -> None:
    artefacts = written_artefacts(snapshot_from(SAVED_THROUGH_A_METHOD))
    shown = {artefact.shown for artefact in artefacts}
    assert "saved_models/knn_model.pt" in shown, shown
    assert "saved_models/nn_model.pt" in shown, shown
    # Not below the package, where "../" from the method's own folder would land.
    assert not any(place.startswith("wind/") for place in shown), shown


def test_a_download_into_a_folder_given_with_a_trailing_slash_lands_below_it() -> None:
    # wget.download(url, out="./data/") writes the URL's file into data/, which "data/" in the
    # .gitignore keeps out; read as a file named "data", it was advised as "/data" (pass 360).
    files = {
        ".gitignore": "__pycache__/\ndata/\n",
        "prep.py": "import wget\nwget.download(URL, out='./data/')\n",
        "train.py": "import torch\n",
    }
    (artefact,) = written_artefacts(snapshot_from(files))
    assert artefact.into_folder and artefact.shown == "data/"
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_numpy_save_adds_its_suffix_to_a_name_known_only_at_run_time() -> None:
    # np.save("features/{}/{}".format(split, name), x) writes features/<split>/<name>.npy:
    # "*.npy" in the .gitignore keeps every one out (pass 360).
    code = "import numpy as np\nnp.save('features/{}/{}'.format(split, name), x)\n"
    files = {
        ".gitignore": "__pycache__/\n*.npy\n",
        "extract.py": code,
        "train.py": "import torch\n",
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    bare = check("GIT003", snapshot_from({**files, ".gitignore": "__pycache__/\n"}))
    assert "numpy.save writes into features/0/" in [e.snippet for e in bare.evidence]


def test_a_notebook_whose_paths_start_with_its_own_folder_is_run_from_the_top() -> None:
    # student_A/model.ipynb reads "student_A/data/x.csv" and writes "student_A/models/m.pkl":
    # run from the top folder (Colab, an editor opened there), not from its own folder, so the
    # pickle lands in student_A/models/, not student_A/student_A/models/ (pass 363).
    files = {
        ".gitignore": "__pycache__/\n",
        "student_A/model.ipynb": notebook(
            "import pickle\nimport pandas as pd\ndf = pd.read_csv('student_A/data/x.csv')",
            "pickle.dump(rf, open('student_A/models/model.pkl', 'wb'))",
            "df.to_csv('summary.csv')",
        ),
    }
    shown = {artefact.shown for artefact in written_artefacts(snapshot_from(files))}
    assert "student_A/models/model.pkl" in shown, shown
    assert not any(place.startswith("student_A/student_A") for place in shown), shown
    result = check("GIT003", snapshot_from(files))
    assert "student_A/student_A" not in result.message, result.message


def test_a_notebook_whose_paths_do_not_repeat_its_folder_still_writes_beside_itself() -> None:
    files = {
        ".gitignore": "__pycache__/\n",
        "student_A/model.ipynb": notebook(
            "import pickle", "pickle.dump(rf, open('models/model.pkl', 'wb'))"
        ),
    }
    shown = {artefact.shown for artefact in written_artefacts(snapshot_from(files))}
    assert shown == {"student_A/models/model.pkl"}, shown


# A learner fine-tunes one of Ultralytics' released detectors: YOLO("yolov8n.pt") downloads
# the weights into the working folder when they are not there, the file so many such
# repositories end up committing.
ULTRALYTICS = (
    "from ultralytics import YOLO\n"
    "model = YOLO('yolov8n.pt')\n"
    "model.train(data='potholes.yaml', epochs=30)\n"
)


def test_released_ultralytics_weights_named_bare_are_downloaded_into_the_working_folder() -> None:
    (artefact,) = written_artefacts(snapshot_from({"train.py": ULTRALYTICS}))
    assert (artefact.kind, artefact.shown, artefact.writer) == (
        "model checkpoints",
        "yolov8n.pt",
        "YOLO",
    )
    result = check("GIT003", snapshot_from({"train.py": ULTRALYTICS, ".gitignore": "*.pyc\n"}))
    assert result.status is Status.WARN and "*.pt" in result.message, result.message
    assert ("train.py", 2) in [(e.path, e.line) for e in result.evidence]
    covered = {"train.py": ULTRALYTICS, ".gitignore": "*.pyc\n*.pt\n"}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS
    # Every released family and task: yolo11n-seg.pt, yolov5su.pt, rtdetr-l.pt.
    released = ("yolo11n-seg.pt", "yolov5su.pt", "rtdetr-l.pt", "yolov8s-worldv2.pt", "yolo26n.pt")
    for name in released:
        named = ULTRALYTICS.replace("yolov8n.pt", name)
        assert [a.shown for a in written_artefacts(snapshot_from({"train.py": named}))] == [name]
    # The project's own weights (trained, kept in a folder) are read, not downloaded; a
    # model built from a config file downloads nothing.
    for own in ("runs/detect/train/weights/best.pt", "fire_best.pt", "yolov8n.yaml"):
        named = ULTRALYTICS.replace("yolov8n.pt", own)
        assert written_artefacts(snapshot_from({"train.py": named})) == (), own


def test_a_notebook_that_clones_its_repository_and_enters_it_writes_from_the_top() -> None:
    # notebooks/06_Tuning.ipynb clones the project in Colab, `%cd`s into the clone and saves
    # "models/tuning_models/m.pkl": the pickle lands in the top models/, which the repository
    # holds, not in notebooks/models/ (pass 431).
    clone = (
        "!git clone https://github.com/someone/concrete-ml-course.git\n"
        "%cd /content/concrete-ml-course"
    )
    save = "import joblib\njoblib.dump(model, 'models/tuning_models/m_0.pkl')"
    files = {
        ".gitignore": "__pycache__/\n",
        "models/tuning_models/m_3_98.pkl": "x",
        "notebooks/06_Tuning.ipynb": notebook(clone, save),
    }
    shown = {artefact.shown for artefact in written_artefacts(snapshot_from(files))}
    assert shown == {"models/tuning_models/m_0.pkl"}, shown
    # Another project cloned and entered (its folder absent from this repository), or no
    # clone at all: the notebook's paths are still read from its own folder.
    other = clone.replace("concrete-ml-course", "yolov5")
    for cells in ((other, save), ("%cd /content/concrete-ml-course", save)):
        beside = {**files, "notebooks/06_Tuning.ipynb": notebook(*cells)}
        del beside["models/tuning_models/m_3_98.pkl"]
        shown = {artefact.shown for artefact in written_artefacts(snapshot_from(beside))}
        assert shown == {"notebooks/models/tuning_models/m_0.pkl"}, shown


def test_a_notebook_that_imports_its_own_folder_as_a_package_writes_from_the_top() -> None:
    # notebooks/5_1_trainer.ipynb runs `from notebooks import config` with no change to
    # sys.path: only the top folder can import its folder as a package, so the run starts
    # there and "model/trained/m.pth" lands in the top model/trained/, which the .gitignore
    # keeps out, not in notebooks/model/trained/ (pass 468).
    save = "import torch\ntorch.save(model.state_dict(), 'model/trained/u3net.pth')"
    files = {
        ".gitignore": "__pycache__/\nmodel/trained/\n",
        "notebooks/config.py": "lr = 1e-4\n",
        "notebooks/5_1_trainer.ipynb": notebook("from notebooks import config", save),
    }
    shown = {artefact.shown for artefact in written_artefacts(snapshot_from(files))}
    assert shown == {"model/trained/u3net.pth"}, shown
    result = check("GIT003", snapshot_from(files))
    assert "model checkpoints" not in result.message, result.message
    assert "notebooks/model" not in result.message, result.message
    # A notebook that puts its parent on sys.path may import its folder from its own folder,
    # and one importing a top-level package says nothing of where it runs: its own folder.
    for first in (
        "import sys\nsys.path.append('..')\nfrom notebooks import config",
        "from utils import config",
    ):
        beside = {**files, "notebooks/5_1_trainer.ipynb": notebook(first, save)}
        shown = {artefact.shown for artefact in written_artefacts(snapshot_from(beside))}
        assert shown == {"notebooks/model/trained/u3net.pth"}, shown


def test_a_module_run_only_by_notebooks_that_enter_their_own_clone_writes_from_the_top() -> None:
    # notebooks/01_cnn.ipynb clones the project, `%cd`s into the clone and passes
    # "checkpoints/cnn/best.pth" to src/engine/trainer.py's save_checkpoint(): the torch.save
    # runs with the clone's top as its working folder, so the checkpoint lands in the top
    # checkpoints/, not in notebooks/checkpoints/ (pass 498).
    clone = "!git clone https://github.com/someone/crowd-counting.git\n%cd crowd-counting"
    run = (
        "from src.engine.trainer import save_checkpoint\n"
        "save_checkpoint(model, 'checkpoints/cnn/best.pth')\n"
        "df.to_csv('results/cnn_metrics.csv')"
    )
    trainer = (
        "import torch\n\n\n"
        "def save_checkpoint(model, path):\n"
        "    torch.save(model.state_dict(), path)\n"
    )
    files = {
        "src/__init__.py": "",
        "src/engine/__init__.py": "",
        "src/engine/trainer.py": trainer,
        "results/old.csv": "a\n",
        "notebooks/01_cnn.ipynb": notebook(clone, run),
    }
    shown = {a.shown for a in written_artefacts(snapshot_from(files)) if a.suffix == ".pth"}
    assert shown == {"checkpoints/cnn/best.pth"}, shown
    # So does a path the module names itself.
    own = trainer + "\n\ndef save_last(model):\n    torch.save(model, 'weights/last.pth')\n"
    files["src/engine/trainer.py"] = own
    shown = {a.shown for a in written_artefacts(snapshot_from(files)) if a.suffix == ".pth"}
    assert shown == {"checkpoints/cnn/best.pth", "weights/last.pth"}, shown
    # Without the clone, the notebook runs in its own folder and so does the module it calls.
    beside = {**files, "notebooks/01_cnn.ipynb": notebook(run)}
    shown = {a.shown for a in written_artefacts(snapshot_from(beside)) if a.suffix == ".pth"}
    assert shown == {"notebooks/checkpoints/cnn/best.pth", "notebooks/weights/last.pth"}, shown
