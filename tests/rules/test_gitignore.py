"""GIT003: advice from what the repository really produces, patterns matched as git does."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from repocheck.analysis.ignored import IgnoreRules
from repocheck.facts.collect import collect
from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import Step, check, make_repo, snapshot_from

PYTHON_IGNORE = "__pycache__/\n.venv/\n"
TRAIN_SAVES = "import torch\ntorch.save(model.state_dict(), 'checkpoints/best.pt')\n"
MNIST_DOWNLOAD = (
    "from torchvision import datasets\n"
    "train = datasets.MNIST(root='./data', train=True, download=True)\n"
)


def test_git003_passes_a_script_repo_that_ignores_its_by_products() -> None:
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": "x = 1\n"}))
    assert result.status is Status.PASS
    assert result.metrics == {"covered": 1, "of": 1}
    assert result.evidence[0].path == ".gitignore"


def test_git003_advises_only_what_the_repository_produces() -> None:
    # No notebooks, no torch.save, no download: nothing about checkpoints or data to add.
    files = {".gitignore": "*.pyc\n", "train.py": "x = 1\n"}
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    # A virtual environment only where the project makes one in its folder.
    readme = {"README.md": "python -m venv .venv\npip install -r requirements.txt\n"}
    result = check("GIT003", snapshot_from({**files, **readme}))
    assert result.status is Status.WARN
    assert "virtual environments" in result.message
    assert "checkpoint" not in result.message and "data" not in result.message
    conda = {"README.md": "conda env create -f environment.yml\n"}
    assert check("GIT003", snapshot_from({**files, **conda})).status is Status.PASS


def test_git003_advises_checkpoints_where_torch_saves_and_data_where_it_downloads() -> None:
    files = {".gitignore": PYTHON_IGNORE, "train.py": TRAIN_SAVES + MNIST_DOWNLOAD}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert "(add: checkpoints/, data/)" in result.message
    rows = [(e.path, e.line, e.snippet) for e in result.evidence]
    assert rows == [
        (".gitignore", None, ""),
        ("train.py", 2, "torch.save writes checkpoints/best.pt"),
        ("train.py", 4, "MNIST(download=True) writes into data/MNIST/raw/"),
    ]


def test_git003_patterns_that_already_cover_the_artefacts_count() -> None:
    prepare = (
        "import os, pickle, requests\n"
        "import numpy as np\n"
        "here = os.path.dirname(__file__)\n"
        "path = os.path.join(here, 'input.txt')\n"
        "with open(path, 'w') as f:\n"
        "    f.write(requests.get(URL).text)\n"
        "ids.tofile(os.path.join(here, 'train.bin'))\n"
        "with open(os.path.join(here, 'meta.pkl'), 'wb') as f:\n"
        "    pickle.dump(meta, f)\n"
    )
    train = "import torch\ntorch.save(ckpt, os.path.join(out_dir, 'ckpt.pt'))\n"
    save_model = "import joblib\njoblib.dump(clf, 'models/clf/model.joblib')\n"
    files = {
        ".gitignore": PYTHON_IGNORE + "*.bin\n*.pkl\ninput.txt\n*.pt\nmodels/**\n",
        "data/shakespeare/prepare.py": prepare,
        "train.py": train,
        "fit.py": save_model,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_git003_never_advises_ignoring_a_folder_of_tracked_source() -> None:
    prepare = (
        "import os, requests\n"
        "with open(os.path.join(os.path.dirname(__file__), 'input.txt'), 'w') as f:\n"
        "    f.write(requests.get(URL).text)\n"
    )
    saves = "import torch\ntorch.save(model, f'models/model_{epoch}.pt')\n"
    files = {
        ".gitignore": PYTHON_IGNORE,
        "data/shakespeare/prepare.py": prepare,
        "models/resnet.py": "class ResNet: ...\n",
        "train.py": saves,
    }
    result = check("GIT003", snapshot_from(files))
    assert "models/*.pt" in result.message and "/data/shakespeare/input.txt" in result.message
    assert "models/," not in result.message and "data/," not in result.message


def test_git003_never_advises_the_path_of_a_download_that_is_a_folder_of_source() -> None:
    # wget.download(url, out="data/KTH") writes a file into data/KTH/, which holds the
    # dataset's tracked scripts: "/data/KTH" in .gitignore would hide them (pass 209).
    download = "import wget\nwget.download(URL, out='data/KTH')\n"
    files = {
        ".gitignore": PYTHON_IGNORE,
        "data/MMNIST/mmnist.py": download,
        "data/KTH/kth.py": "class KTH: ...\n",
        "train.py": "import torch\n",
    }
    result = check("GIT003", snapshot_from(files))
    assert "/data/KTH" not in result.message, result.message


def test_git003_notebook_checkpoints_only_where_there_are_notebooks() -> None:
    plain = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "a.py": "x = 1\n"}))
    assert "notebook" not in plain.message
    files = {".gitignore": PYTHON_IGNORE, "nb/eda.ipynb": notebook("x = 1")}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "notebook checkpoints" in result.message and ".ipynb_checkpoints/" in result.message


def test_git003_paths_outside_the_repository_are_not_artefacts() -> None:
    code = (
        "import torch\n"
        "torch.save(model, '/content/drive/MyDrive/model.pt')\n"
        "torch.save(model, os.path.expanduser('~/models/m.pt'))\n"
    )
    files = {".gitignore": PYTHON_IGNORE, "train.py": code.replace("os.path.expanduser(", "(")}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS


def test_git003_a_checkpoint_folder_from_a_cli_default() -> None:
    code = (
        "import argparse, os, torch\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--save-dir', default='runs/exp')\n"
        "args = parser.parse_args()\n"
        "torch.save(state, os.path.join(args.save_dir, f'epoch_{epoch}.pth'))\n"
    )
    files = {".gitignore": PYTHON_IGNORE, "train.py": code}
    result = check("GIT003", snapshot_from(files))
    assert "(add: runs/exp/)" in result.message
    covered = {".gitignore": PYTHON_IGNORE + "runs/\n", "train.py": code}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS


def test_git003_an_empty_cli_default_names_no_path() -> None:
    # default="" means "give one" (torch.save("") cannot open a file; "empty for no saving"):
    # the place is not told, so no *.pt is asked of a repository that ignores its *.pth.
    code = (
        "import argparse, os, torch\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--output_model', default='', type=str)\n"
        "parser.add_argument('--output_dir', default='', help='empty for no saving')\n"
        "args = parser.parse_args()\n"
        "torch.save(converted, args.output_model)\n"
        "torch.save(state, os.path.join(args.output_dir, 'checkpoint.pt'))\n"
    )
    files = {".gitignore": PYTHON_IGNORE + "*.pth\n", "convert.py": code}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["writes_not_judged"] == 2


def test_git003_a_script_that_declares_an_option_without_a_default_borrows_none() -> None:
    # convert.py declares --output_dir itself, with no path: another script's default for an
    # option of the same name is not what convert.py's run writes to.
    convert = (
        "import argparse, os, torch\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--output_dir', default='')\n"
        "args = parser.parse_args()\n"
        "torch.save(state, os.path.join(args.output_dir, 'checkpoint.pt'))\n"
    )
    train = (
        "import argparse\nargparse.ArgumentParser().add_argument('--output_dir', default='runs')\n"
    )
    files = {".gitignore": PYTHON_IGNORE, "convert.py": convert, "tools/train.py": train}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics["writes_not_judged"] == 1


def test_git003_a_cli_default_named_by_a_module_constant() -> None:
    code = (
        "import argparse\nimport pandas as pd\n\n"
        "OUTPUT_PATH = 'embeddings.parquet'\n\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--output_path', type=str, default=OUTPUT_PATH)\n"
        "args = parser.parse_args()\n"
        "pd.DataFrame().to_parquet(args.output_path)\n"
    )
    files = {".gitignore": PYTHON_IGNORE, "compute_embeddings.py": code}
    result = check("GIT003", snapshot_from(files))
    assert "to_parquet writes embeddings.parquet" in [e.snippet for e in result.evidence]


def test_git003_a_cli_default_of_another_script_is_not_this_one_s() -> None:
    # finetune.py reads --output_dir from its own dataclass (HfArgumentParser); the argparse
    # default of another example (each example has its own) must not be taken for it.
    other = (
        "import argparse\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--output_dir', default='path/to/output')\n"
        "args = parser.parse_args()\n"
    )
    finetune = (
        "import torch\n"
        "from transformers import HfArgumentParser\n"
        "args = HfArgumentParser(Settings).parse_args_into_dataclasses()[0]\n"
        "torch.save(model, args.output_dir + '/model.pt')\n"
    )
    third = other.replace("path/to/output", "runs")
    files = {".gitignore": PYTHON_IGNORE, "a/other.py": other, "c/third.py": third}
    result = check("GIT003", snapshot_from({**files, "b/finetune.py": finetune}))
    assert "path/to/output" not in result.message
    assert all("path/to/output" not in e.snippet for e in result.evidence)


#: An options module whose parser gives --ckpt_dir a default, and a script saving there.
OPTIONS = (
    "import argparse\n"
    "def get_args():\n"
    "    parser = argparse.ArgumentParser()\n"
    "    parser.add_argument('--ckpt_dir', default='checkpoints')\n"
    "    return parser.parse_args()\n"
)
TRAIN_WITH_OPTIONS = (
    "import os, torch\n"
    "from options import get_args\n"
    "args = get_args()\n"
    "torch.save(model, os.path.join(args.ckpt_dir, 'last.pt'))\n"
)


def test_git003_a_cli_default_from_the_project_s_own_options_module() -> None:
    files = {".gitignore": PYTHON_IGNORE, "options.py": OPTIONS, "train.py": TRAIN_WITH_OPTIONS}
    result = check("GIT003", snapshot_from(files))
    assert "(add: checkpoints/)" in result.message


def test_git003_a_cli_default_from_the_script_that_imports_the_trainer() -> None:
    main = (
        "import argparse\n"
        "from trainer import fit\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--save_dir', default='weights')\n"
        "fit(parser.parse_args())\n"
    )
    trainer = (
        "import os, torch\ndef fit(args):\n    torch.save(m, os.path.join(args.save_dir, 'm.pt'))\n"
    )
    other = "import argparse\nargparse.ArgumentParser().add_argument('--save_dir', default='x')\n"
    files = {"main.py": main, "trainer.py": trainer, "tools/other.py": other}
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, **files}))
    assert "(add: weights/)" in result.message


def test_git003_one_write_reached_from_several_callers_is_one_evidence_line() -> None:
    code = (
        "import torch\n"
        "def keep(model, path):\n"
        "    torch.save(model, path)\n"
        "keep(a, 'runs/m.pt')\nkeep(b, 'runs/m.pt')\nkeep(c, 'runs/m.pt')\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": code}))
    assert [(e.path, e.line) for e in result.evidence] == [(".gitignore", None), ("train.py", 3)]


def test_git003_a_helper_only_the_notebooks_beside_it_import_writes_there() -> None:
    helper = "import pickle\n\ndef save(data):\n    pickle.dump(data, open('preprocess.p', 'wb'))\n"
    nb = notebook("import helper", "helper.save([1, 2])")
    files = {".gitignore": PYTHON_IGNORE, "lesson/helper.py": helper, "lesson/project.ipynb": nb}
    result = check("GIT003", snapshot_from(files))
    assert "/lesson/preprocess.p)" in result.message, result.message
    assert ("lesson/helper.py", 4, "pickle.dump writes lesson/preprocess.p") in [
        (e.path, e.line, e.snippet) for e in result.evidence
    ]


def test_git003_a_helper_only_notebooks_of_another_folder_import_writes_from_theirs() -> None:
    # notebooks/ run from their folder; the helper in src/data/ they import writes where
    # they ask, "../models/scaler.pkl": the top models/ folder, not src/models/.
    helper = (
        "import pickle\n\ndef scale(x, save_path):\n    pickle.dump(x, open(save_path, 'wb'))\n"
    )
    nb = notebook(
        "import sys\nsys.path.append('..')\nfrom src.data.features import scale",
        "scale([1], save_path='../models/scaler.pkl')",
    )
    files = {
        ".gitignore": PYTHON_IGNORE,
        "src/__init__.py": "",
        "src/data/__init__.py": "",
        "src/data/features.py": helper,
        "notebooks/01.ipynb": nb,
    }
    result = check("GIT003", snapshot_from(files))
    assert ("src/data/features.py", 4, "pickle.dump writes models/scaler.pkl") in [
        (e.path, e.line, e.snippet) for e in result.evidence
    ], result.evidence
    # The same through the package, which re-exports the helper from its module.
    files["src/data/__init__.py"] = "from .features import scale\n"
    files["notebooks/01.ipynb"] = nb.replace("src.data.features", "src.data")
    result = check("GIT003", snapshot_from(files))
    assert ("src/data/features.py", 4, "pickle.dump writes models/scaler.pkl") in [
        (e.path, e.line, e.snippet) for e in result.evidence
    ], result.evidence


def test_git003_a_script_and_its_notebook_twin_do_not_import_each_other() -> None:
    # lesson/lstm.py and lesson/lstm.ipynb share a module name; neither imports the other,
    # so the script may run from the top: its relative write is not read from its folder.
    code = "import torch\n\ndef save(m):\n    return m\n\ntorch.save(model, 'state.pt')\n"
    nb = notebook("import torch", "def save(m):\n    return m", "torch.save(model, 'state.pt')")
    files = {".gitignore": PYTHON_IGNORE, "lesson/lstm.ipynb": nb, "lesson/lstm.py": code}
    result = check("GIT003", snapshot_from(files))
    assert ("lesson/lstm.py", 6, "torch.save writes state.pt") in [
        (e.path, e.line, e.snippet) for e in result.evidence
    ], result.evidence


def test_git003_a_cli_default_from_a_sibling_options_module_in_a_subfolder() -> None:
    other = "import argparse\nargparse.ArgumentParser().add_argument('--ckpt_dir', default='x')\n"
    files = {"exp/options.py": OPTIONS, "exp/train.py": TRAIN_WITH_OPTIONS, "tools/other.py": other}
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, **files}))
    assert "checkpoints/" in result.message, result.message


def test_git003_a_write_to_a_folder_the_code_does_not_name_is_not_judged() -> None:
    # The path may as well lead outside the repository (a cache in the home folder).
    code = "import torch\n\ndef save(model, path):\n    torch.save(model, path)\n"
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "utils.py": code}))
    assert result.status is Status.PASS
    assert result.metrics["writes_not_judged"] == 1


def test_git003_a_nested_gitignore_speaks_for_its_folder() -> None:
    files = {
        ".gitignore": PYTHON_IGNORE,
        "data/.gitignore": "*\n!.gitignore\n",
        "train.py": MNIST_DOWNLOAD,
    }
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_negated_pattern_uncovers_again() -> None:
    ignore = PYTHON_IGNORE + "data/*\n!data/MNIST/\n"
    result = check("GIT003", snapshot_from({".gitignore": ignore, "train.py": MNIST_DOWNLOAD}))
    assert result.status is Status.WARN
    assert "data files" in result.message
    # As in git, nothing inside an ignored folder can be taken back by a later "!" line.
    inside = PYTHON_IGNORE + "data/\n!data/**\n"
    files = {".gitignore": inside, "train.py": MNIST_DOWNLOAD}
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_without_a_gitignore() -> None:
    only_code = check("GIT003", snapshot_from({"train.py": "x = 1\n"}))
    assert only_code.status is Status.WARN
    assert "no .gitignore" in only_code.message
    saves = check("GIT003", snapshot_from({"train.py": TRAIN_SAVES}))
    assert saves.status is Status.FAIL
    assert check("GIT003", snapshot_from({"README.md": "# Notes\n"})).status is Status.SKIP


def test_git003_a_pickle_is_written_where_its_own_handle_was_opened() -> None:
    code = (
        "import pickle, requests\n"
        "with open('input.txt', 'w') as f:\n"
        "    f.write(requests.get(URL).text)\n"
        "with open('meta.pkl', 'wb') as f:\n"
        "    pickle.dump(meta, f)\n"
    )
    files = {".gitignore": PYTHON_IGNORE + "input.txt\n", "prepare.py": code}
    result = check("GIT003", snapshot_from(files))
    assert "pickled objects" in result.message and "(add: *.pkl)" in result.message
    assert ("prepare.py", 5, "pickle.dump writes meta.pkl") in [
        (e.path, e.line, e.snippet) for e in result.evidence
    ]


def test_git003_the_projects_own_save_helper_is_read_where_it_saves() -> None:
    code = (
        "import torch\n"
        "def save_checkpoint(state, path):\n"
        "    torch.save(state, path)\n"
        "save_checkpoint(state, 'runs/last.pth.tar')\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": code}))
    # Read at the call site, not guessed from the name save_checkpoint (*.ckpt) or torch (*.pt).
    assert "(add: runs/)" in result.message
    assert "torch.save writes runs/last.pth.tar" in [e.snippet for e in result.evidence]
    covered = {".gitignore": PYTHON_IGNORE + "*.pth.tar\n", "train.py": code}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS


def test_git003_a_subfolder_under_an_unknown_root_is_not_judged_either() -> None:
    code = (
        "import os, pickle\n"
        "base = os.environ.get('CACHE') or os.path.expanduser('~/.cache/app')\n"
        "out = os.path.join(base, 'models')\n"
        "pickle.dump(clf, open(f'{out}/{date}_model.sav', 'wb'))\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "fit.py": code}))
    assert result.status is Status.PASS


def test_git003_a_notebook_repo_without_a_gitignore_is_warned() -> None:
    result = check("GIT003", snapshot_from({"Titanic.ipynb": notebook("import pandas as pd")}))
    assert result.status is Status.WARN
    assert result.message == (
        "no .gitignore at the top of the repository to keep out notebook checkpoints"
        " (add: .ipynb_checkpoints/)"
    )


def test_git003_a_written_file_that_is_committed_on_purpose_is_not_advised() -> None:
    code = "import joblib\njoblib.dump(pipeline, 'app/model.joblib')\n"
    files = {
        ".gitignore": PYTHON_IGNORE,
        "train.py": code,
        "app/serve.py": "x = 1\n",
        "app/model.joblib": b"\0" * 100,
    }
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    # Committed weights of 2 MB are the mistake GIT004 reports, not a choice to respect.
    heavy = {**files, "app/model.joblib": b"\0" * 2_000_000}
    assert "app/*.joblib" in check("GIT003", snapshot_from(heavy)).message


def test_git003_training_frameworks_write_checkpoints_on_their_own() -> None:
    hf = (
        "from transformers import Trainer, TrainingArguments\n"
        "args = TrainingArguments(output_dir='results', num_train_epochs=3)\n"
        "Trainer(model=model, args=args).train()\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "ft.py": hf}))
    assert "(add: results/)" in result.message
    keras = (
        "from tensorflow.keras.callbacks import ModelCheckpoint\n"
        "best = ModelCheckpoint('weights.best.hdf5', save_best_only=True)\n"
        "model.fit(x, y, callbacks=[best])\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "fit.py": keras}))
    assert "(add: *.hdf5)" in result.message
    lightning = "import lightning as L\ntrainer = L.Trainer(max_epochs=3)\n"
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "main.py": lightning}))
    assert result.status is Status.WARN
    assert "(add: /lightning_logs/)" in result.message


def test_git003_keras_weights_saved_without_an_h5_name_are_tensorflow_checkpoint_files() -> None:
    # A StarCraft DQN of a held-out pass (496): ModelCheckpoint("training_1",
    # save_weights_only=True) writes TensorFlow's training_1.index and
    # training_1.data-00000-of-00001, which *.h5 would not keep out.
    keras = (
        "from tensorflow import keras\n"
        "save = keras.callbacks.ModelCheckpoint(filepath='training_1', save_weights_only=True)\n"
        "model.fit(x, y, callbacks=[save])\n"
        "model.save_weights('weights/cp.ckpt')\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "fit.py": keras}))
    assert "(add: /training_1.*, weights/)" in result.message, result.message
    named = keras.replace("'training_1'", "'training_1.h5'")
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "fit.py": named}))
    assert "*.h5" in result.message, result.message


def test_git003_a_module_level_checkpoint_callback_nothing_reads_writes_nothing() -> None:
    # A ModelCheckpoint built at a module's top and handed to no Trainer (the run's
    # callbacks come from a config instead) writes nowhere; read by another module, it does.
    callbacks = (
        "from lightning.pytorch.callbacks import ModelCheckpoint\n"
        "checkpoint = ModelCheckpoint(dirpath='model/', monitor='val_loss')\n"
    )
    files = {".gitignore": PYTHON_IGNORE, "src/callbacks.py": callbacks}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    train = (
        "import lightning as L\nfrom src.callbacks import checkpoint\n"
        "L.Trainer(callbacks=[checkpoint]).fit(model)\n"
    )
    result = check("GIT003", snapshot_from({**files, "train.py": train}))
    assert "model/" in result.message


def test_git003_lightning_checkpoints_follow_the_logger_it_is_given() -> None:
    # With a logger of its own, Lightning writes checkpoints under the logger's save_dir,
    # never under lightning_logs/: a save_dir the source does not tell is not judged.
    from_config = (
        "from pytorch_lightning import Trainer\n"
        "from pytorch_lightning.loggers import TensorBoardLogger\n"
        "tb = TensorBoardLogger(save_dir=config['save_dir'], name='vae')\n"
        "trainer = Trainer(logger=tb, max_epochs=3)\n"
    )
    files = {".gitignore": PYTHON_IGNORE + "logs/\n", "run.py": from_config}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS
    assert "lightning_logs" not in result.message
    # A save_dir the source names is where the checkpoints land.
    named = from_config.replace("config['save_dir']", "'tb_logs'")
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "run.py": named}))
    assert "(add: tb_logs/)" in result.message
    inline = "import lightning as L\nt = L.Trainer(logger=L.pytorch.loggers.CSVLogger('csv'))\n"
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "run.py": inline}))
    assert "(add: csv/)" in result.message
    # Without a logger, checkpoints go to checkpoints/ in the working folder.
    bare = "import lightning as L\ntrainer = L.Trainer(logger=False)\n"
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "main.py": bare}))
    assert "(add: /checkpoints/)" in result.message


def test_git003_a_trainer_handed_a_checkpoint_folder_writes_only_logs_below_its_root() -> None:
    # Trainer(callbacks=[ModelCheckpoint(dirpath="ckpts/")]): the checkpoints go to ckpts/;
    # the default logger still writes its events below lightning_logs/version_0/, but no
    # last.ckpt lands there.
    code = (
        "import lightning as L\nfrom lightning.pytorch.callbacks import ModelCheckpoint\n"
        "checkpoint = ModelCheckpoint(dirpath='ckpts/', monitor='val_loss')\n"
        "trainer = L.Trainer(callbacks=[checkpoint], max_epochs=3)\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": code}))
    snippets = [e.snippet for e in result.evidence]
    assert not any("last.ckpt" in snippet for snippet in snippets), snippets
    assert "Trainer writes into lightning_logs/" in snippets, snippets
    assert "ckpts/" in result.message and "lightning_logs/" in result.message
    inline = code.replace("callbacks=[checkpoint]", "callbacks=[ModelCheckpoint(dirpath='c')]")
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": inline}))
    assert not any("last.ckpt" in e.snippet for e in result.evidence), result.evidence
    # A callback without a folder of its own leaves the checkpoints where the Trainer puts them.
    bare = code.replace("dirpath='ckpts/', ", "")
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": bare}))
    assert any("last.ckpt" in e.snippet for e in result.evidence), result.evidence


def test_git003_tensorboard_event_files_land_where_the_writer_is_told() -> None:
    # SummaryWriter() writes runs/<date>_<host>/ in the working folder, Keras' callback logs/.
    code = "from torch.utils.tensorboard import SummaryWriter\nwriter = SummaryWriter()\n"
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "main.py": code}))
    assert result.status is Status.WARN, result.message
    assert "training logs (add: runs/)" in result.message
    assert "SummaryWriter writes into runs/" in [e.snippet for e in result.evidence]
    named = code.replace("SummaryWriter()", "SummaryWriter(log_dir='tb/exp1')")
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "main.py": named}))
    assert "(add: tb/exp1/)" in result.message
    keras = "import tensorflow as tf\ncb = tf.keras.callbacks.TensorBoard()\nmodel.fit(x, y, callbacks=[cb])\n"
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "fit.py": keras}))
    assert "(add: logs/)" in result.message
    ignored = {".gitignore": PYTHON_IGNORE + "runs/\n", "main.py": code}
    assert check("GIT003", snapshot_from(ignored)).status is Status.PASS


def test_git003_a_run_named_after_a_literal_folder_is_kept_out_by_that_folder() -> None:
    # SummaryWriter(f"runs/{name}") makes a folder per run: the next run's name differs, so
    # the line to add is runs/, not runs/exp1/; a name read at run time lands there too.
    code = (
        "import torch\nfrom torch.utils.tensorboard import SummaryWriter\n"
        "name = 'exp1'\n"
        "writer = SummaryWriter(f'runs/{name}')\n"
        "torch.save(model.state_dict(), f'weights/{args.run}/best.pt')\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": code}))
    assert "(add: runs/, weights/)" in result.message, result.message
    snippets = [e.snippet for e in result.evidence]
    assert "SummaryWriter writes into runs/" in snippets
    assert "torch.save writes weights/0/best.pt" in snippets
    kept = {".gitignore": PYTHON_IGNORE + "runs/\nweights/\n", "train.py": code}
    assert check("GIT003", snapshot_from(kept)).status is Status.PASS


def test_git003_a_logger_wrapping_summarywriter_is_not_judged() -> None:
    # A library's logger: torch's or tensorboardX's writer under one name, the folder from
    # the object or from keywords passed on. Nothing the repository's own run writes.
    code = (
        "try:\n    from torch.utils.tensorboard import SummaryWriter\n"
        "except ImportError:\n    from tensorboardX import SummaryWriter\n"
        "class Logger:\n"
        "    def experiment(self):\n"
        "        return SummaryWriter(log_dir=self.log_dir, **self._kwargs)\n"
        "    def other(self, **kwargs):\n"
        "        return SummaryWriter(**kwargs)\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "logger.py": code}))
    assert result.status is Status.PASS, result.message


def test_git003_logs_alone_do_not_make_a_thin_gitignore_fail() -> None:
    # The same verdict with the run's TensorBoard logs missing as without them: logs are a
    # by-product, not a measure of how much of the rest the file keeps out.
    code = (
        "import torch\nfrom torch.utils.tensorboard import SummaryWriter\n"
        "torch.save(model.state_dict(), 'weights/model.pt')\n"
    )
    without = check("GIT003", snapshot_from({".gitignore": "*.pyc\n", "train.py": code}))
    logged = code + "writer = SummaryWriter('runs/exp')\n"
    result = check("GIT003", snapshot_from({".gitignore": "*.pyc\n", "train.py": logged}))
    assert "training logs" in result.message
    assert result.status is without.status, (without.message, result.message)


def test_git003_reads_format_and_percent_templates_and_survives_cycles() -> None:
    code = (
        "import torch\n"
        "a = b\n"
        "b = a\n"
        "torch.save(m, 'weights/epoch_{}.pth'.format(epoch))\n"
        "torch.save(m, 'snapshots/step_%06d.pth' % step)\n"
        "torch.save(m, a)\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": code}))
    assert "weights/" in result.message and "snapshots/" in result.message
    snippets = {e.snippet for e in result.evidence}
    assert "torch.save writes weights/epoch_0.pth" in snippets
    assert "torch.save writes snapshots/step_0.pth" in snippets


def test_git003_knows_where_common_datasets_download_to() -> None:
    code = (
        "import torchvision\n"
        "train = torchvision.datasets.CIFAR10(root='./', train=True, download=True)\n"
        "other = torchvision.datasets.Places365(root='.', download=True)\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": code}))
    assert "(add: /cifar-10-batches-py/)" in result.message
    assert "Places365" not in " ".join(e.snippet for e in result.evidence)  # its folder unknown
    covered = {".gitignore": PYTHON_IGNORE + "data/cifar-10-batches-py/\n", "train.py": code}
    moved = {**covered, "train.py": code.replace("root='./'", "root='data'")}
    assert check("GIT003", snapshot_from(moved)).status is Status.PASS


def test_git003_a_script_in_a_subfolder_may_be_run_from_there() -> None:
    code = "import torch\ntorch.save(model.state_dict(), 'checkpoint.pt')\n"
    files = {
        ".gitignore": PYTHON_IGNORE + "ddp/checkpoint.pt\n",
        "ddp/train.py": code,
    }
    assert check("GIT003", snapshot_from(files)).status is Status.PASS


def test_git003_a_missing_venv_line_never_makes_it_fail() -> None:
    files = {
        ".gitignore": "data/\n__pycache__/\n",
        "README.md": "python -m venv .venv\n",
        "train.py": TRAIN_SAVES + MNIST_DOWNLOAD,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "virtual environments" in result.message and "model checkpoints" in result.message


def test_git003_an_unknown_prefix_may_hold_folders() -> None:
    code = "import torch\ntorch.save(model.state_dict(), opts.logging_dir + 'last.pt')\n"
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "main.py": code}))
    assert result.status is Status.PASS  # not a file '0last.pt' at the top
    assert result.metrics["writes_not_judged"] == 1


def test_git003_follows_pathlib_paths_from_the_script_folder() -> None:
    code = (
        "from pathlib import Path\n"
        "import numpy as np\n"
        "ROOT = Path(__file__).resolve().parent\n"
        "np.save(ROOT / 'cache' / 'embeddings.npy', vectors)\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "src/embed.py": code}))
    assert "(add: src/cache/)" in result.message
    assert "numpy.save writes src/cache/embeddings.npy" in [e.snippet for e in result.evidence]


def test_git003_numpy_adds_its_suffix_to_a_bare_name() -> None:
    # np.save("out/labels", x) writes out/labels.npy, which a "*.npy" line already keeps out;
    # np.savez adds ".npz" the same way, even after another suffix.
    code = (
        "import numpy as np\n"
        "np.save('./features/labels', x)\n"
        "np.savez_compressed('features/arrays.bin', a=x)\n"
    )
    ignore = PYTHON_IGNORE + "*.npy\n*.npz\n"
    assert check("GIT003", snapshot_from({".gitignore": ignore, "prep.py": code})).status is (
        Status.PASS
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "prep.py": code}))
    shown = [e.snippet for e in result.evidence]
    assert "numpy.save writes features/labels.npy" in shown
    assert "numpy.savez_compressed writes features/arrays.bin.npz" in shown


def test_git003_odd_calls_never_crash_it() -> None:
    code = "import torch\ndef keep(self):\n    torch.save(state, self)\nkeep()\ntorch.save()\n"
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "a.py": code}))
    assert result.status is Status.PASS
    assert result.metrics["writes_not_judged"] == 2


IGNORE_CASES = [
    ("data/\n!data/**\n", "data/MNIST/raw/file0"),
    ("data/*\n!data/keep.txt\n", "data/keep.txt"),
    ("data/*\n!data/keep.txt\n", "data/train.csv"),
    ("*.bin\n", "data/shakespeare/train.bin"),
    ("input.txt\n", "data/shakespeare/input.txt"),
    ("models/**\n", "models/clf/model.joblib"),
    ("/data/\n", "src/data/x.npy"),
    ("checkpoints\n", "runs/checkpoints/last.pt"),
    ("*.pt\n!keep.pt\n", "keep.pt"),
    ("out/\n!out/best.pt\n", "out/best.pt"),
    ("**/cache/*\n", "a/b/cache/x.npy"),
]


@pytest.mark.parametrize(("patterns", "path"), IGNORE_CASES)
def test_git003_reads_gitignore_lines_as_git_does(tmp_path: Path, patterns: str, path: str) -> None:
    make_repo(tmp_path, [Step("Ignore", {".gitignore": patterns})])
    status, _, _ = git.Repo(tmp_path).git.check_ignore(
        "--no-index", "-q", path, with_extended_output=True, with_exceptions=False
    )
    assert IgnoreRules({".gitignore": patterns}).ignores(path) is (status == 0)


def test_git003_pandas_binary_outputs_are_data_but_csv_is_not_judged() -> None:
    code = (
        "import pandas as pd\n"
        "df.to_parquet('features/train.parquet')\n"
        "df.to_csv('results/metrics.csv')\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "prep.py": code}))
    assert "(add: features/)" in result.message
    assert "results" not in result.message


def test_git003_no_gitignore_and_committed_junk_fails() -> None:
    files = {
        "Titanic.ipynb": notebook("import pandas as pd"),
        ".ipynb_checkpoints/Titanic-checkpoint.ipynb": notebook("import pandas as pd"),
        "sub/.DS_Store": "\x00",
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert ".DS_Store" in result.message
    assert {row.path for row in result.evidence} >= {".ipynb_checkpoints/Titanic-checkpoint.ipynb"}


def test_git003_no_gitignore_and_a_write_to_an_unnamed_folder_fails() -> None:
    # Without any .gitignore, the next `git add .` takes whatever the run wrote, wherever.
    code = "import torch\n\ndef save(model, path):\n    torch.save(model, path)\n"
    assert check("GIT003", snapshot_from({"utils.py": code})).status is Status.FAIL


def test_git003_a_script_reaching_up_from_its_folder_writes_into_the_repository() -> None:
    code = (
        "from torchvision import datasets\n"
        "train = datasets.MNIST('../data', train=True, download=True)\n"
    )
    result = check("GIT003", snapshot_from({"mnist/net.py": code}))
    assert result.status is Status.FAIL
    assert "data/" in result.message


def test_git003_an_existing_gitignore_with_half_the_kinds_covered_warns() -> None:
    files = {
        ".gitignore": PYTHON_IGNORE + ".ipynb_checkpoints/\n",
        "exp.ipynb": notebook("import numpy as np\nnp.save('feats/x.npy', x)"),
        "train.py": TRAIN_SAVES,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["covered"] == 2 and result.metrics["of"] == 4
    thin = {".gitignore": "*.log\n", "train.py": TRAIN_SAVES + MNIST_DOWNLOAD}
    assert check("GIT003", snapshot_from(thin)).status is Status.FAIL


def test_git003_no_gitignore_and_outputs_written_into_the_tree_fails() -> None:
    code = (
        "import matplotlib.pyplot as plt\n"
        "with open('generated_output.txt', 'w') as f:\n    f.write(text)\n"
    )
    result = check("GIT003", snapshot_from({"gpt_dev.py": code}))
    assert result.status is Status.FAIL
    assert any("generated_output.txt" in row.snippet for row in result.evidence)
    plots = check("GIT003", snapshot_from({"plot.py": "plt.savefig('plot.png')\n"}))
    assert plots.status is Status.FAIL
    # Outside the repository (a Drive mount, an absolute path) is no output of the tree.
    away = "open('/content/drive/out.txt', 'w').write(x)\nplt.savefig(path)\n"
    assert check("GIT003", snapshot_from({"a.py": away})).status is Status.WARN


def test_git003_a_name_set_in_a_sibling_branch_is_not_what_a_save_writes() -> None:
    # Each branch names its own file; the save beside one branch's name never writes the other.
    code = (
        "import os\nimport torch\n\n\n"
        "def save(checkpoint, accu, mode, output_dir):\n"
        "    if mode == 'all':\n"
        "        model_name = 'model_accu_{:3.3f}.chkpt'.format(accu)\n"
        "        torch.save(checkpoint, model_name)\n"
        "    elif mode == 'best':\n"
        "        model_name = 'model.chkpt'\n"
        "        torch.save(checkpoint, os.path.join(output_dir, model_name))\n"
    )
    result = check("GIT003", snapshot_from({".gitignore": PYTHON_IGNORE, "train.py": code}))
    snippets = [e.snippet for e in result.evidence if e.path == "train.py"]
    assert snippets == ["torch.save writes model_accu_0.chkpt"]
    assert "model.chkpt" not in result.message


def test_git003_weights_a_folder_writer_saves_are_covered_by_their_suffix_pattern() -> None:
    # save_pretrained writes model.safetensors (and small JSON files the project may commit
    # on purpose) into the folder it is given: an existing *.safetensors keeps the weights out.
    save = (
        "from transformers import AutoModel\n"
        "model = AutoModel.from_pretrained('distilbert-base-uncased')\n"
        "model.save_pretrained('./sentiment_model')\n"
    )
    files = {
        ".gitignore": PYTHON_IGNORE + "*.safetensors\n*.bin\n",
        "train.py": save,
        "sentiment_model/config.json": "{}\n",
    }
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    # Without the pattern the weights are still advised, as every file of their kind there.
    files[".gitignore"] = PYTHON_IGNORE
    result = check("GIT003", snapshot_from(files))
    assert "(add: sentiment_model/*.safetensors)" in result.message


def test_git003_a_pickle_written_to_a_name_without_suffix_is_advised_by_that_name() -> None:
    # open('arima_models', 'wb'): *.pkl would not keep the file out; its own name does.
    code = (
        "import pickle\n"
        "models = []\n"
        "with open('arima_models', mode='wb') as f:\n"
        "    pickle.dump(models, f)\n"
    )
    result = check("GIT003", snapshot_from({"arima_train.py": code}))
    assert "(add: __pycache__/, /arima_models)" in result.message, result.message
    assert "*.pkl" not in result.message
    covered = {".gitignore": PYTHON_IGNORE + "arima_models\n", "arima_train.py": code}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS
    # Read from the name, a suffixed file is still advised by its kind.
    suffixed = code.replace("'arima_models'", "'arima_models.pkl'")
    assert "*.pkl" in check("GIT003", snapshot_from({"arima_train.py": suffixed})).message


def test_git003_a_name_ending_in_a_run_time_value_is_advised_by_its_known_start() -> None:
    # f"best_model-{int(time.time())}": the suffix is as unknown as the end of the name, so
    # *.pt would be made up; the name's known start is what a .gitignore line can hold.
    code = (
        "import time\n"
        "import torch\n"
        "model = torch.nn.Linear(2, 1)\n"
        "torch.save(model.state_dict(), f'best_model-{int(time.time())}')\n"
    )
    result = check("GIT003", snapshot_from({"trainer.py": code}))
    assert "(add: __pycache__/, /best_model-*)" in result.message, result.message
    assert "*.pt" not in result.message
    assert [e.snippet for e in result.evidence] == ["torch.save writes best_model-*"]
    covered = {".gitignore": PYTHON_IGNORE + "best_model-*\n", "trainer.py": code}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS
    # A name whose suffix the source tells keeps its kind's line.
    suffixed = code.replace("{int(time.time())}'", "{int(time.time())}.pt'")
    assert "*.pt" in check("GIT003", snapshot_from({"trainer.py": suffixed})).message


def test_git003_a_utf16_gitignore_keeps_nothing_out(tmp_path: Path) -> None:
    # Windows PowerShell's `echo __pycache__/ > .gitignore` writes UTF-16: git reads the file
    # as bytes and finds no pattern in it, so it ignores nothing, whatever the text says.
    wide = "\ufeff__pycache__/\n*.pyc\n".encode("utf-16-le")
    make_repo(tmp_path, [Step("Add", {".gitignore": wide, "train.py": "x = 1\n"})])
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "train.cpython-311.pyc").write_bytes(b"\0")
    status, out, _ = git.Repo(tmp_path).git.status(
        "--porcelain", with_extended_output=True, with_exceptions=False
    )
    assert status == 0 and "__pycache__/" in out  # git does not ignore it
    result = check("GIT003", collect(tmp_path))
    # As without a .gitignore: bytecode is on its way into git.
    assert result.status is Status.FAIL
    assert result.message.startswith(".gitignore is saved as UTF-16")
    assert "save it as UTF-8 to keep out Python bytecode" in result.message
    assert [e.path for e in result.evidence] == [".gitignore", "__pycache__/train.cpython-311.pyc"]


def test_git003_a_model_class_saves_where_the_scripts_options_say() -> None:
    # src/train.py parses --model_path (default "../models", read from src/, where the
    # scripts run) and hands the namespace to a LightningModule in src/network/, which keeps
    # it as self.hparams and saves self.hparams.model_path + "/" + ... + ".pth" into the top
    # models/ folder, not src/network/models/ nor src/models/.
    train = (
        "from argparse import ArgumentParser\n"
        "from network.model import Net\n"
        "parser = ArgumentParser()\n"
        "parser.add_argument('--model_path', type=str, default='../models')\n"
        "parser.add_argument('--model_file', type=str, default='model')\n"
        "Net(parser.parse_args()).fit()\n"
    )
    model = (
        "import torch\n"
        "class Net(torch.nn.Module):\n"
        "    def __init__(self, hparams):\n"
        "        super().__init__()\n"
        "        self.hparams = hparams\n"
        "    def fit(self):\n"
        "        data = {'state_dict': self.state_dict()}\n"
        "        torch.save(data, self.hparams.model_path + '/' + self.hparams.model_file + '.pth')\n"
        "    def on_epoch_end(self, epoch):\n"
        "        name = self.hparams.model_file + '_' + str(epoch) + 'epochs'\n"
        "        path = self.hparams.model_path + '/' + name + '.pth'\n"
        "        torch.save(self.state_dict(), path)\n"
    )
    files = {
        ".gitignore": PYTHON_IGNORE,
        "src/train.py": train,
        "src/network/model.py": model,
        "models/.placeholder": "",
    }
    result = check("GIT003", snapshot_from(files))
    rows = [(e.path, e.line, e.snippet) for e in result.evidence]
    assert ("src/network/model.py", 8, "torch.save writes models/model.pth") in rows, rows
    # A name glued from four pieces keeps the ones the source tells, however long the chain.
    assert ("src/network/model.py", 12, "torch.save writes models/model_0epochs.pth") in rows
    assert "(add: models/)" in result.message, result.message
    covered = {**files, ".gitignore": PYTHON_IGNORE + "*.pth\n"}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS


def test_git003_bytecode_is_looked_for_where_imported_modules_live() -> None:
    # Python writes bytecode beside the modules it imports, not beside a script it runs: a
    # .gitignore keeping out src/__pycache__/ covers a Streamlit page in app/ that imports src/.
    files = {
        ".gitignore": "src/__pycache__/\n",
        "app/page.py": "import sys\nsys.path.append('src')\nfrom helpers import predict\n",
        "src/__init__.py": "",
        "src/helpers.py": "def predict(x):\n    return x\n",
        "src/train.py": "from src.helpers import predict\nprint(predict(1))\n",
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # A second folder of imported modules left out is still bytecode to keep out.
    more = {**files, "lib/util.py": "X = 1\n", "src/train.py": "import lib.util\nprint(1)\n"}
    result = check("GIT003", snapshot_from(more))
    assert result.status is Status.WARN and "Python bytecode" in result.message
    # With nothing imported, the folder of the code is still where a run may write it.
    alone = {".gitignore": "src/__pycache__/\n", "app/page.py": "print(1)\n"}
    assert "Python bytecode" in check("GIT003", snapshot_from(alone)).message


def test_git003_a_venv_the_readme_names_is_covered_by_its_own_name() -> None:
    # The README makes the environment under a name of its own: ignoring that name covers it.
    readme = {"README.md": "python -m venv legal-env\nsource legal-env/bin/activate\n"}
    files = {".gitignore": "legal-env/\n__pycache__/\n", "train.py": "x = 1\n", **readme}
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    # Not ignored: the advice names the folder the README makes, not .venv/.
    result = check("GIT003", snapshot_from({**files, ".gitignore": "__pycache__/\n"}))
    assert result.status is Status.WARN
    assert "(add: legal-env/)" in result.message
    # Options before the name, and a folder outside the repository, name nothing here.
    outside = {"README.md": "python3 -m venv --system-site-packages ~/envs/legal\n"}
    result = check("GIT003", snapshot_from({**files, ".gitignore": "__pycache__/\n", **outside}))
    assert "(add: .venv/, venv/)" in result.message


def test_git003_a_venv_made_after_cd_into_a_subfolder_is_covered_there() -> None:
    # "cd backend" then "python -m venv venv" in one block: the environment lands in
    # backend/venv, which the .gitignore keeps out by that path.
    readme = {"README.md": "```bash\ncd backend\npython -m venv venv\npip install -r r.txt\n```\n"}
    files = {
        ".gitignore": "backend/venv\n__pycache__\n",
        "backend/app.py": "x = 1\n",
        **readme,
    }
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    # Not ignored: the advice names the folder the README makes it in.
    result = check("GIT003", snapshot_from({**files, ".gitignore": "__pycache__/\n"}))
    assert "(add: backend/venv/)" in result.message
    # A cd into a folder the repository does not hold (the clone's own name) moves nothing.
    cloned = {"README.md": "```bash\ncd my-clone\npython -m venv venv\n```\n"}
    result = check("GIT003", snapshot_from({**files, ".gitignore": "__pycache__/\n", **cloned}))
    assert "(add: .venv/, venv/)" in result.message
    # A cd in an earlier block does not carry over to the next one.
    apart = {"README.md": "```\ncd backend\n```\n\n```\npython -m venv venv\n```\n"}
    result = check("GIT003", snapshot_from({**files, ".gitignore": "__pycache__/\n", **apart}))
    assert "(add: .venv/, venv/)" in result.message


def test_git003_a_venv_made_by_a_command_after_a_dash_in_a_note_is_covered_by_its_name() -> None:
    # "- To make a virtual environment - virtualenv clickbait-env": the command follows the
    # note's dash, and the .gitignore keeps out that folder under its own name.
    notes = {"Essentials.txt": "1)\n- To make a virtual environment - virtualenv clickbait-env\n"}
    files = {".gitignore": "clickbait-env/\n__pycache__/\n", "main.py": "x = 1\n", **notes}
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    # A sentence that names the tool makes no folder: "- install virtualenv first".
    prose = {"README.md": "Make a virtual environment:\n- install virtualenv first\n"}
    result = check("GIT003", snapshot_from({**files, "Essentials.txt": "", **prose}))
    assert "(add: .venv/, venv/)" in result.message


def test_git003_a_file_the_code_writes_and_the_project_commits_is_no_output_to_keep_out() -> None:
    # A notebook that writes the project's own requirements.txt (the one committed beside
    # it) and a report nobody commits: only the report is a file to keep out.
    cell = (
        "open('requirements.txt', 'w').write('torch>=2.0\\n')\nopen('report.md', 'w').write(report)"
    )
    files = {"nb.ipynb": notebook(cell), "requirements.txt": "torch>=2.0\n"}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.FAIL
    snippets = [e.snippet for e in result.evidence]
    assert "writes report.md" in snippets
    assert "writes requirements.txt" not in snippets
    # Where every file written is committed, no output is left to keep out.
    kept = {"make_reqs.py": "open('requirements.txt', 'w').write(x)\n", **files}
    kept.pop("nb.ipynb")
    only = check("GIT003", snapshot_from(kept))
    assert "files the code writes" not in only.message


def test_git003_a_plot_saved_without_a_suffix_is_the_png_the_project_commits() -> None:
    # plt.savefig('images/RealVsPredicted') writes images/RealVsPredicted.png (matplotlib's
    # default format), the picture the README shows and the project commits: no output to
    # keep out. Another format given by name (format='pdf') writes a .pdf, committed by none.
    cell = "plt.savefig('images/RealVsPredicted', bbox_inches='tight')"
    files = {"results.ipynb": notebook(cell), "images/RealVsPredicted.png": "png"}
    result = check("GIT003", snapshot_from(files))
    assert not any("RealVsPredicted" in e.snippet for e in result.evidence), result.evidence
    pdf = {**files, "results.ipynb": notebook(cell.replace(")", ", format='pdf')"))}
    snippets = [e.snippet for e in check("GIT003", snapshot_from(pdf)).evidence]
    assert "writes images/RealVsPredicted.pdf" in snippets


def test_git003_a_script_a_notebook_also_imports_still_runs_its_helper_from_the_top() -> None:
    # prepare.py is a script (run from the top, its __main__ block) whose helper writes
    # data/masked/*.pt, which the .gitignore keeps out; a notebook imports prepare.py for
    # another function. The helper is not run by the notebook alone: no notebooks/data/.
    helper = "import torch\n\ndef mask(x, name):\n    torch.save(x, f'data/masked/{name}.pt')\n"
    script = (
        "import sys\nsys.path.append('..')\nfrom src.masking import mask\n\n"
        "def load(path):\n    return path\n\n"
        "def main():\n    mask([1], 'train')\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    nb = notebook("import sys\nsys.path.append('..')\nfrom src.prepare import load", "load('x')")
    files = {
        ".gitignore": PYTHON_IGNORE + "data/masked/*.pt\n",
        "src/__init__.py": "",
        "src/masking.py": helper,
        "src/prepare.py": script,
        "notebooks/look.ipynb": nb,
    }
    result = check("GIT003", snapshot_from(files))
    assert "masked" not in result.message, result.message
    assert "src/masking.py" not in [e.path for e in result.evidence]


def test_git003_an_option_each_subcommand_declares_with_its_own_default_is_unknown() -> None:
    # One parser of subcommands: `report --out` defaults to a Markdown file, `batch --out` to a
    # folder, and `run --out` (which writes the arrays) must be given. args.out in the run's
    # writer is none of those defaults: the dataset is not written inside data/summary.md/.
    cli = (
        "import argparse\nfrom pathlib import Path\nfrom dataset import write_run\n\n"
        "def cmd_run(args):\n    write_run(Path(args.out))\n\n"
        "def main():\n"
        "    parser = argparse.ArgumentParser()\n"
        "    sub = parser.add_subparsers()\n"
        "    p = sub.add_parser('report')\n"
        "    p.add_argument('--out', default='data/summary.md')\n"
        "    p = sub.add_parser('batch')\n"
        "    p.add_argument('--out', default='data/runs')\n"
        "    p = sub.add_parser('run')\n"
        "    p.add_argument('--out', required=True)\n"
        "    p.set_defaults(func=cmd_run)\n"
        "    args = parser.parse_args()\n"
        "    args.func(args)\n\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    dataset = (
        "import numpy as np\n\n"
        "def write_run(out_dir):\n    np.save(out_dir / 'actions.npy', [1, 2])\n"
    )
    files = {".gitignore": PYTHON_IGNORE, "cli.py": cli, "dataset.py": dataset}
    result = check("GIT003", snapshot_from(files))
    assert "summary.md" not in result.message, result.message
    assert all("summary.md" not in e.snippet for e in result.evidence)


def test_git003_anchors_a_written_folder_whose_name_also_holds_source_deeper() -> None:
    # train.py saves into models/ at the top, while backend/models/ holds the app's model
    # code: "models/" matches at any depth and would keep backend/models/'s next file out;
    # "/models/" keeps out only what is written.
    files = {
        "train.py": (
            "import torch\nm = torch.nn.Linear(2, 2)\n"
            'torch.save(m.state_dict(), "models/best.pth")\n'
        ),
        "backend/models/net.py": "X = 1\n",
        "backend/app.py": "from models.net import X\n",
        ".gitignore": "*.pyc\n",
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "(add: /models/)" in result.message, result.message
    # A script in a subfolder may be run from there: its own folder's models/ too.
    beside = {**files, "train.py": "x = 1\n", "vae/train.py": files["train.py"]}
    result = check("GIT003", snapshot_from(beside))
    assert "(add: /models/, /vae/models/)" in result.message, result.message
    # No folder of that name holds source elsewhere: the plain name, as before.
    del files["backend/models/net.py"]
    files["backend/app.py"] = "X = 1\n"
    assert "(add: models/)" in check("GIT003", snapshot_from(files)).message
