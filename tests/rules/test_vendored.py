from __future__ import annotations

import gc
import weakref

from repocheck.analysis.vendored import (
    authored_view,
    copied_scripts,
    is_vendored,
    vendored_folders,
)
from repocheck.analyze import evaluate
from repocheck.facts.snapshot import Commit, Formatting
from repocheck.model import Status
from repocheck.report import Target
from tests.helpers import check, snapshot_from

TRAIN = """\
import torch
from torch import nn

model = nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in [(torch.zeros(1, 2), torch.zeros(1, dtype=torch.long))]:
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
"""
CAFFE_TEST = """\
import unittest

import caffe


class TestNet(unittest.TestCase):
    def test_forward_backward(self):
        net = caffe.Net("net.prototxt", caffe.TRAIN)
        net.forward()
        net.backward()
        self.assertEqual(net.blobs["data"].num, 5)
"""
CAFFE = "third_party/caffe"
#: caffe vendored as a nested project with its own licence and build file, no vendor folder.
NESTED = "Reproduction/Faster-RCNN/caffe-fast-rcnn"


def _repo(folder: str) -> dict[str, str]:
    return {
        "train.py": TRAIN,
        "LICENSE": "MIT License\nCopyright (c) 2024 The Author\n",
        f"{folder}/LICENSE": "COPYRIGHT\nAll contributions by the University of California\n",
        f"{folder}/CMakeLists.txt": "project(Caffe C CXX)\n",
        f"{folder}/python/caffe/__init__.py": "from .pycaffe import Net\n",
        f"{folder}/python/caffe/test/test_net.py": CAFFE_TEST,
    }


def test_vendored_tests_are_not_the_authors_smoke_test() -> None:
    for folder, vendored in ((CAFFE, "third_party"), (NESTED, NESTED)):
        snapshot = snapshot_from(_repo(folder))
        assert vendored_folders(snapshot) == (vendored,)
        result = check("SANITY003", snapshot)
        assert result.status is Status.FAIL, folder
        assert check("TEST001", snapshot).status is Status.FAIL, folder


def test_vendored_code_stays_in_the_rules_that_read_every_file() -> None:
    snapshot = snapshot_from(_repo(NESTED))
    view = authored_view(snapshot)
    assert [unit.path for unit in view.sources] == ["train.py"]
    assert f"{NESTED}/LICENSE" not in view.texts
    assert authored_view(snapshot_from({"train.py": TRAIN})).sources[0].path == "train.py"


def test_a_sub_package_with_a_copy_of_the_licence_is_the_authors() -> None:
    licence = "MIT License\nCopyright (c) 2024 The Author\n"
    files = {
        "LICENSE": licence,
        "train.py": TRAIN,
        "pkg/LICENSE": licence,
        "pkg/setup.py": "from setuptools import setup\nsetup(name='pkg')\n",
        "pkg/pkg/model.py": "import torch\n",
    }
    assert vendored_folders(snapshot_from(files)) == ()


def test_a_sub_project_the_root_names_or_that_holds_all_the_code_is_the_authors() -> None:
    named = {
        "train.py": TRAIN,
        "pyproject.toml": '[tool.uv.workspace]\nmembers = ["packages/core"]\n',
        "packages/core/LICENSE": "Apache License\n",
        "packages/core/pyproject.toml": "[project]\nname = 'core'\n",
        "packages/core/core/model.py": "import torch\n",
    }
    assert vendored_folders(snapshot_from(named)) == ()
    wrapper = {
        "README.md": "# My project\n",
        "project/LICENSE": "MIT License\n",
        "project/setup.py": "from setuptools import setup\nsetup(name='project')\n",
        "project/train.py": TRAIN,
    }
    assert vendored_folders(snapshot_from(wrapper)) == ()


def test_a_sub_project_whose_licence_names_a_committer_is_the_authors() -> None:
    files = {
        "train.py": TRAIN,
        "mnist/LICENSE": "MIT License\n\nCopyright (c) 2024 Jane Doe\n",
        "mnist/Makefile": "run:\n\tpython train.py\n",
        "mnist/train.py": TRAIN,
    }
    commits = [Commit("a" * 40, "Jane Doe", "jdoe@example.com", 1_736_154_000, "Add mnist")]
    assert vendored_folders(snapshot_from(files, commits=commits)) == ()
    others = [Commit("a" * 40, "Sam Roe", "sam@example.com", 1_736_154_000, "Add mnist")]
    assert vendored_folders(snapshot_from(files, commits=others)) == ("mnist",)


def test_a_sub_project_whose_readme_has_the_top_readmes_title_is_the_authors() -> None:
    # The project kept in a subfolder with its licence and Makefile, its README copied up to
    # the root to be seen (same title), and a stray script beside it: the author's own code.
    files = {
        "README.md": "\ufeff# Amazon Product Categorization\n\nClassify products.\n",
        "src/preprocess.py": "import pandas as pd\n",
        "project/README.md": "\ufeff# Amazon Product Categorization\n\nThe same text.\n",
        "project/LICENSE": "MIT License\n\nCopyright (c) 2025 Amazon Product Categorization\n",
        "project/Makefile": "train:\n\tpython src/train.py\n",
        "project/src/train.py": TRAIN,
    }
    assert vendored_folders(snapshot_from(files)) == ()
    # A copied project keeps a title of its own: still vendored.
    files["project/README.md"] = "# Caffe\n\nA deep learning framework.\n"
    assert vendored_folders(snapshot_from(files)) == ("project",)


def test_a_downloaded_archive_of_another_project_is_vendored() -> None:
    # GitHub's "Download ZIP" unpacks to <name>-master/ (or -main/): someone else's project
    # with its licence, and here its own tests, copied in; MATLAB code needs no build file.
    folder = "scripts/npy-matlab-master"
    files = {
        "train.py": TRAIN,
        f"{folder}/LICENSE": "BSD 2-Clause License\nCopyright (c) 2015, Kwik Team\n",
        f"{folder}/npy-matlab/readNPY.m": "function data = readNPY(filename)\n",
        f"{folder}/tests/test_npy_roundtrip.py": "def test_roundtrip():\n    assert 1 + 1 == 2\n",
    }
    snapshot = snapshot_from(files)
    assert vendored_folders(snapshot) == (folder,)
    assert check("TEST001", snapshot).status is Status.FAIL
    # A folder of the author's own named like an archive, without a licence, stays theirs.
    del files[f"{folder}/LICENSE"]
    assert vendored_folders(snapshot_from(files)) == ()


def test_a_copied_repository_with_its_own_github_folder_is_vendored() -> None:
    # A tool's repository copied in whole (ultralytics/JSON2YOLO): its licence, its README and
    # its own .github/workflows, which GitHub reads only at a repository's root; no build file.
    # Its complexity and its missing docstrings are not the author's.
    folder = "JSON2YOLO"
    converter = "def convert(path):\n" + "".join(
        f"    if path == {i}:\n        return {i}\n" for i in range(12)
    )
    files = {
        "train.py": "from ultralytics import YOLO\n\nYOLO('yolov8n.pt').train(data='data.yaml')\n",
        f"{folder}/LICENSE": "GNU AFFERO GENERAL PUBLIC LICENSE\nVersion 3, 19 November 2007\n",
        f"{folder}/README.md": "# JSON2YOLO\n",
        f"{folder}/.github/workflows/format.yml": "name: Format\non: [push]\n",
        f"{folder}/general_json2yolo.py": converter,
    }
    snapshot = snapshot_from(files)
    assert vendored_folders(snapshot) == (folder,)
    assert check("READ002", snapshot).status is Status.SKIP
    # Without the copied repository's own .github folder, a folder with only a licence is
    # not judged someone else's (a sub-package may carry a licence of its own).
    del files[f"{folder}/.github/workflows/format.yml"]
    assert vendored_folders(snapshot_from(files)) == ()


HF_HEADER = (
    "# coding=utf-8\n"
    "# Copyright 2018 The Google AI Language Team Authors and The HuggingFace Inc. team.\n"
    '#\n# Licensed under the Apache License, Version 2.0 (the "License");\n'
)


def test_a_copied_library_headed_by_another_partys_copyright_is_vendored() -> None:
    # pytorch_pretrained_bert copied in under another name: no licence file, no build file,
    # but every module keeps its authors' header; the author's own files carry none.
    copied = {
        f"pytorch_pretrained/{name}.py": HF_HEADER + "import torch\n"
        for name in ("modeling", "tokenization", "optimization", "file_utils", "__init__")
    }
    files = {"train.py": TRAIN, "models/bert.py": "import torch\n", **copied}
    snapshot = snapshot_from(files)
    assert vendored_folders(snapshot) == ("pytorch_pretrained",)
    # The project's own header on its own files too (a library's usual convention): theirs.
    own = {**files, "train.py": HF_HEADER + TRAIN, "models/bert.py": HF_HEADER}
    assert vendored_folders(snapshot_from(own)) == ()
    # A co-authored variant of the project's own header ("Open AI and The HuggingFace Team"
    # where the rest says "The HuggingFace Team") is still the project's.
    variant = HF_HEADER.replace("The Google AI Language Team Authors and ", "Open AI and ")
    cosigned = {**own, **{path: variant + "import torch\n" for path in copied}}
    assert vendored_folders(snapshot_from(cosigned)) == ()
    # Fewer than five files, or a person's name rather than an organisation: not judged copied.
    few = {"train.py": TRAIN, **dict(list(copied.items())[:4])}
    assert vendored_folders(snapshot_from(few)) == ()
    personal = {p: "# Copyright (c) 2024 Jane Doe\nimport torch\n" for p in copied}
    assert vendored_folders(snapshot_from({"train.py": TRAIN, **personal})) == ()


SANDBERG_HEADER = "# MIT License\n# \n# Copyright (c) 2016 David Sandberg\n#\n"
TF_HEADER = "# Copyright 2016 The TensorFlow Authors. All Rights Reserved.\n"


def test_a_famous_holders_library_copied_beside_stray_copies_of_its_scripts_is_vendored() -> None:
    # A thesis built on "TensorFlow for Poets": a full copy of TF-slim under tf_files/slim,
    # and copies of TensorFlow's retrain.py elsewhere keep the same header; the author's own
    # scripts carry none. A third party's header on a minority of the other files is copies
    # of its scripts, not the project's own convention.
    slim = {
        f"tf_files/slim/{name}.py": TF_HEADER + "import tensorflow as tf\n"
        for name in ("train_image_classifier", "eval_image_classifier", "model_deploy", "nets")
        + ("preprocessing", "datasets")
    }
    stray = {f"{folder}/retrain.py": TF_HEADER + "import tensorflow as tf\n" for folder in "ab"}
    own = {f"{name}.py": "import cv2\n" for name in ("pick", "take_green", "mean", "label")}
    own |= {f"tf_files/{name}.py": "import cv2\n" for name in ("predict", "predict_linux")}
    files = {"train.py": TRAIN, **own, **stray, **slim}
    assert vendored_folders(snapshot_from(files)) == ("tf_files/slim",)
    # Most of the other files under the same header: the project's own convention still.
    library = {**files, **{path: TF_HEADER + "import cv2\n" for path in own}}
    assert vendored_folders(snapshot_from(library)) == ()
    # A holder nobody knows on a minority of the other files: said less, the project's own.
    lab = "# Copyright 2020 Retina Lab Institute\n"
    local = {path: text.replace(TF_HEADER, lab) for path, text in files.items()}
    assert vendored_folders(snapshot_from(local)) == ()


def test_package_markers_holding_only_a_comment_do_not_hide_a_copied_library() -> None:
    # facenet's src/ copied into an attendance app: its modules keep their authors' headers,
    # one download helper has none, and its two __init__.py files hold only a comment.
    # A file with no code carries no header to keep; it counts neither way.
    copied = {
        f"attendance/facenet/src/{name}.py": SANDBERG_HEADER + "import numpy as np\n"
        for name in ("facenet", "lfw", "classifier", "train_tripletloss")
    }
    copied["attendance/facenet/src/models/inception_resnet_v1.py"] = TF_HEADER + "import os\n"
    copied["attendance/facenet/src/download_and_extract.py"] = "import zipfile\n"
    markers = {
        "attendance/facenet/src/__init__.py": "# -*- coding: utf-8 -*-\n\n",
        "attendance/facenet/src/models/__init__.py": "# -*- coding: utf-8 -*-\n\n",
    }
    own = {"train_model.py": TRAIN, "attendance/routes.py": "import flask\n"}
    snapshot = snapshot_from({**own, **copied, **markers})
    assert vendored_folders(snapshot) == ("attendance/facenet",)
    # Two more files of the author's own beside the copies: too few headed, not judged copied.
    mixed = {
        **own,
        **copied,
        **markers,
        "attendance/facenet/src/face_recognition_image.py": "import cv2\n",
        "attendance/facenet/src/face_recognition_video.py": "import cv2\n",
    }
    assert vendored_folders(snapshot_from(mixed)) == ()


def test_a_folder_the_readme_calls_vendored_is_vendored() -> None:
    # A library cloned into models/ with neither licence nor build file; the README's tree
    # says "wrapper over the vendored mgbdt/ library". Its settings typed into its own
    # classes and its debugging shell are not the author's.
    library = {
        "models/mgbdt/__init__.py": "from .linear import LinearModel\n",
        "models/mgbdt/linear.py": (
            "import torch\n\n\nclass LinearModel:\n"
            "    def __init__(self):\n        self.F = torch.nn.Linear(2, 1)\n"
            "        self.opt = torch.optim.SGD(self.F.parameters(), lr=0.1)\n\n\n"
            "def self_test():\n    import IPython\n\n    IPython.embed()\n"
        ),
    }
    readme = "# Prices\n\n```\nmodels/\n  ours.py   wrapper over the vendored mgbdt/ library\n```\n"
    files = {
        "README.md": readme,
        "requirements.txt": "torch\n",
        "train.py": TRAIN,
        "models/ours.py": "from models.mgbdt import LinearModel\n",
        **library,
    }
    snapshot = snapshot_from(files)
    assert vendored_folders(snapshot) == ("models/mgbdt",)
    assert check("REPRO003", snapshot).status is Status.PASS  # IPython: only in a function
    # Said of no folder of code, or of the folder holding all the code: nothing vendored.
    plain = {**files, "README.md": "# Prices\n\nNo vendored code.\n"}
    assert vendored_folders(snapshot_from(plain)) == ()
    alone = {"README.md": "Uses the vendored `src/` folder.\n", "src/train.py": TRAIN}
    assert vendored_folders(snapshot_from(alone)) == ()


def test_the_report_notes_each_vendored_folder_and_keeps_it_for_secrets() -> None:
    key = "AKIA" + "Q3ZJ7XK2M9P4R8TW"  # built in two parts so no scanner takes it for a key
    files = {**_repo(NESTED), f"{NESTED}/tools/upload.py": f'KEY = "{key}"\n'}
    report = evaluate(snapshot_from(files), Target("repo", "repo"))
    assert any(note.startswith(f"{NESTED}/: vendored third-party code") for note in report.notes)
    statuses = {o.meta.id: o.result.status for o in report.outcomes}
    assert statuses["TEST001"] is Status.FAIL
    assert statuses["GIT006"] is not Status.PASS


def test_a_snapshot_without_vendored_code_is_not_kept_alive_by_the_view() -> None:
    snapshot = snapshot_from({"train.py": TRAIN})
    assert authored_view(snapshot) is snapshot
    alive = weakref.ref(snapshot)
    del snapshot
    gc.collect()
    assert alive() is None
    vendored = snapshot_from(_repo(NESTED))
    assert authored_view(vendored) is authored_view(vendored)


#: A learner's seeded scikit-learn script, served from a pickle.
SKLEARN_TRAIN = """\
import pandas as pd
from joblib import dump
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split

df = pd.read_csv("heart.csv")
X_train, X_test, y_train, y_test = train_test_split(
    df.drop("target", axis=1), df["target"], test_size=0.2, random_state=42
)
model = RandomForestClassifier(random_state=10).fit(X_train, y_train)
print(model.score(X_test, y_test))
dump(model, "model.pkl")
"""
#: An installed library's own checks: unseeded draws, a scaler fitted before a split, a test
#: fixture written next to it.
INSTALLED_CHECKS = """\
import random

from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def check_estimator(estimator, X, y):
    random.shuffle(X)
    X = StandardScaler().fit_transform(X)
    X_train, X_test, y_train, y_test = train_test_split(X, y)
    estimator.fit(X_train, y_train)
    with open("fixture_data.txt", "w") as f:
        f.write(str(estimator.score(X_test, y_test)))
"""


def test_a_committed_virtual_environment_is_not_the_authors_code() -> None:
    # "python -m venv venv" in the project folder, then "git add ." on Windows: thousands of
    # installed files under venv/Lib/site-packages, with their own tests and pyproject.toml.
    site = "venv/Lib/site-packages"
    files = {
        "main.py": SKLEARN_TRAIN,
        "requirements.txt": "pandas==2.2.3\nscikit-learn==1.5.2\njoblib==1.4.2\n",
        "venv/pyvenv.cfg": "home = C:\\Python312\n",
        f"{site}/somelib/__init__.py": "",
        f"{site}/somelib/checks.py": INSTALLED_CHECKS,
        f"{site}/somelib/pyproject.toml": (
            '[project]\nname = "somelib"\ndependencies = ["appkit", "pyqt6"]\n'
        ),
        f"{site}/somelib/tests/test_checks.py": "def test_one():\n    assert 1 + 1 == 2\n",
        f"{site}/somelib/tests/py2_only.py": 'print "a Python 2 fixture"\n',
        "app.py": "from joblib import load\nmodel = load( 'model.pkl' )\n",
    }
    # ruff checked the two scripts and one installed module, and could not parse another.
    py2 = f"{site}/somelib/tests/py2_only.py"
    changed = {"main.py": 2, "app.py": 1}
    formatting = Formatting(3, ("app.py", "main.py"), changed, 20, unreadable=(py2,))
    snapshot = snapshot_from(files, formatting=formatting)
    assert vendored_folders(snapshot) == ("venv",)
    assert check("REPRO001", snapshot).status is Status.PASS
    assert check("SANITY004", snapshot).status is Status.PASS
    assert check("TEST001", snapshot).status is Status.FAIL
    repro003 = check("REPRO003", snapshot)
    assert "appkit" not in repro003.message and "venv/" not in repro003.message
    assert check("REPRO004", snapshot).status is Status.PASS
    assert check("GIT005", snapshot).status is Status.FAIL  # still junk in git
    formatting = check("READ003", snapshot)
    assert "venv/" not in formatting.message and formatting.metrics["files"] == 2
    gitignore = check("GIT003", snapshot)
    assert not any("fixture_data" in (e.snippet or "") for e in gitignore.evidence)
    report = evaluate(snapshot, Target("repo", "repo"))
    assert any(note.startswith("venv/: a committed virtual environment") for note in report.notes)


def test_where_a_committed_environment_begins() -> None:
    from repocheck.analysis.environments import environment_of

    assert environment_of("venv/Lib/site-packages/numpy/__init__.py") == "venv"
    assert environment_of("env/lib/python3.12/site-packages/a.py") == "env"
    assert environment_of(".venv/pyvenv.cfg") == ".venv"
    # Created in the top folder itself: only its lib folder, the code beside it is the author's.
    assert environment_of("Lib/site-packages/flask/app.py") == "Lib"
    # A folder the project named site-packages on its own is not an environment.
    assert environment_of("docs/site-packages/notes.py") is None


def test_the_authors_code_kept_inside_an_environments_folder_stays() -> None:
    files = {
        "venv/pyvenv.cfg": "home = C:\\Python312\n",
        "venv/Scripts/activate.bat": "@echo off\n",
        "venv/Lib/site-packages/somelib/checks.py": INSTALLED_CHECKS,
        "venv/app.py": SKLEARN_TRAIN,
    }
    snapshot = snapshot_from(files)
    assert vendored_folders(snapshot) == ("venv/Lib", "venv/Scripts")
    assert [unit.path for unit in authored_view(snapshot).sources] == ["venv/app.py"]
    # Created in the top folder: its Lib folder only.
    top = snapshot_from({"Lib/site-packages/somelib/checks.py": INSTALLED_CHECKS, "app.py": ""})
    assert vendored_folders(top) == ("Lib",)


def _branchy(name: str) -> str:
    """A function of cyclomatic complexity 12, like a scorer's chunk-boundary tests."""
    tests = "".join(f"    if tag == {i}:\n        return {i}\n" for i in range(11))
    return f"def {name}(tag):\n{tests}    return -1\n"


def test_a_copied_shared_task_scorer_is_not_the_authors_code() -> None:
    # A NER project copies the CoNLL scorer beside its code, as a Python port of the Perl
    # script ("the evaluation script from CoNLL'00") and as another port that keeps the Perl
    # header ("conlleval: evaluate result of processing CoNLL-2000 shared task"). Its
    # branching is the benchmark's, not the author's.
    port = "# Python version of the evaluation script from CoNLL'00-\n\n" + _branchy("evaluate")
    perl = (
        "#### Original Perl Script\n"
        "# conlleval: evaluate result of processing CoNLL-2000 shared task\n\n"
        + _branchy("end_of_chunk")
    )
    own = {"train.py": TRAIN, "model.py": "def build():\n    return 1\n"}
    snapshot = snapshot_from({**own, "conlleval.py": port, "conlleval_perl.py": perl})
    assert copied_scripts(snapshot) == ("conlleval.py", "conlleval_perl.py")
    assert is_vendored(snapshot, "conlleval.py")
    assert sorted(unit.path for unit in authored_view(snapshot).sources) == ["model.py", "train.py"]
    assert check("READ002", snapshot).status is Status.PASS
    report = evaluate(snapshot, Target("repo", "repo"))
    assert any(note.startswith("conlleval.py: a copy of") for note in report.notes)
    # The author's own evaluation that says it scores the CoNLL way is the author's.
    mine = "# Evaluate our predictions with conlleval on CoNLL-2003\n\n" + _branchy("evaluate")
    assert copied_scripts(snapshot_from({**own, "eval.py": mine})) == ()
    # The scorer alone is the repository's code, whoever wrote it.
    assert copied_scripts(snapshot_from({"conlleval.py": port})) == ()


def test_the_widely_copied_iob_port_of_the_conll_scorer_is_not_the_authors_code() -> None:
    # The Python port most NER projects copy opens with its own docstring, not the Perl
    # header: "This script applies to IOB2 or IOBES tagging scheme."
    port = (
        '"""\nThis script applies to IOB2 or IOBES tagging scheme.\n'
        'If you are using a different scheme, please convert to IOB2 or IOBES.\n"""\n\n'
        + _branchy("count_chunks")
    )
    own = {"train.py": TRAIN, "model.py": "def build():\n    return 1\n"}
    snapshot = snapshot_from({**own, "conlleval.py": port})
    assert copied_scripts(snapshot) == ("conlleval.py",)
    assert check("READ002", snapshot).status is Status.PASS
    # An author's tagger that says which scheme it writes is the author's.
    mine = '"""Tags sentences in the IOB2 scheme."""\n\n' + _branchy("tag")
    assert copied_scripts(snapshot_from({**own, "tagger.py": mine})) == ()


SORT_NOTICE = '''"""
    SORT: A Simple, Online and Realtime Tracker
    Copyright (C) 2016 Alex Bewley alex@dynamicdetection.com

    This program is free software: you can redistribute it and/or modify
    it under the terms of the GNU General Public License as published by
    the Free Software Foundation, either version 3 of the License, or
    (at your option) any later version.
"""
'''


def test_a_single_published_file_under_another_authors_licence_is_not_the_authors_code() -> None:
    # A vehicle counter copies SORT's sort.py in whole, its author's GPL notice kept in the
    # module docstring; its two-space indents and branching are SORT's, not the learner's.
    commits = [Commit("a" * 40, "Shahrul Amin", "shahrul@example.com", 1_736_154_000, "Add")]
    own = {"main.py": TRAIN, "utils.py": "def boxes():\n    return 1\n"}
    files = {**own, "sort.py": SORT_NOTICE + _branchy("associate")}
    snapshot = snapshot_from(files, commits=commits)
    assert copied_scripts(snapshot) == ("sort.py",)
    assert sorted(unit.path for unit in authored_view(snapshot).sources) == ["main.py", "utils.py"]
    assert check("READ002", snapshot).status is Status.PASS
    report = evaluate(snapshot, Target("repo", "repo"))
    assert any(note.startswith("sort.py: a copy of") for note in report.notes)
    # The notice names a committer, or the project's own licence holder: the author's own.
    mine = [Commit("a" * 40, "Alex Bewley", "alex@example.com", 1_736_154_000, "Add")]
    assert copied_scripts(snapshot_from(files, commits=mine)) == ()
    licensed = {**files, "LICENSE": "MIT License\n\nCopyright (c) 2016 Alex Bewley\n"}
    assert copied_scripts(snapshot_from(licensed, commits=commits)) == ()
    # The same holder on another file of the repository: the project's own header.
    twice = {**files, "utils.py": SORT_NOTICE + "def boxes():\n    return 1\n"}
    assert copied_scripts(snapshot_from(twice, commits=commits)) == ()
    # Most files under the project's own header: a contribution under its author's name.
    library = {**files, "main.py": HF_HEADER + TRAIN, "utils.py": HF_HEADER + "X = 1\n"}
    assert copied_scripts(snapshot_from(library, commits=commits)) == ()
    # A copyright line without a licence grant says too little to call the file a copy.
    bare = {**own, "sort.py": '"""Copyright (C) 2016 Alex Bewley"""\n' + _branchy("associate")}
    assert copied_scripts(snapshot_from(bare, commits=commits)) == ()
    # The file alone is the repository's code, whoever wrote it.
    alone = {"sort.py": SORT_NOTICE + _branchy("associate")}
    assert copied_scripts(snapshot_from(alone, commits=commits)) == ()


def test_a_folder_named_after_a_repository_the_readme_credits_is_vendored() -> None:
    # A course team's project that clones a paper's code into Fairness_Modeling/: the README
    # says "used code from https://github.com/<owner>/FairClassification", the folder of that
    # name keeps that repository's own README, with no licence or build file. Its missing
    # docstrings and its lint are not the team's.
    folder = "Fairness_Modeling/FairClassification"
    undocumented = "class General:\n" + "".join(
        f"    def step{i}(self, x):\n        return x + {i}\n" for i in range(6)
    )
    files = {
        "README.md": (
            "# Fairness module\n\nModeling notebook: a meta-algorithm (used code from "
            "https://github.com/paperauthor/FairClassification)\n"
        ),
        "Fairness_Modeling/prepare_data.py": (
            "from FairClassification.Algorithms.General import General\n\n\n"
            'def prepare(x):\n    """Scale the features."""\n    return General().step0(x)\n'
        ),
        f"{folder}/README.md": "This repository provides the implementation of an algorithm.\n",
        f"{folder}/Algorithms/General.py": undocumented,
    }
    commits = [Commit("a" * 40, "Team Member", "member@example.com", 1_736_154_000, "Add")]
    snapshot = snapshot_from(files, commits=commits)
    assert vendored_folders(snapshot) == (folder,)
    assert check("READ004", snapshot).status is Status.PASS
    # Without its own README the folder may be the team's rewrite; a repository of a
    # committer's own, or one whose name no folder has, is no copy.
    bare = {path: text for path, text in files.items() if path != f"{folder}/README.md"}
    assert vendored_folders(snapshot_from(bare, commits=commits)) == ()
    own = [Commit("a" * 40, "paperauthor", "member@example.com", 1_736_154_000, "Add")]
    assert vendored_folders(snapshot_from(files, commits=own)) == ()
    other = {**files, "README.md": "Uses https://github.com/paperauthor/OtherRepo\n"}
    assert vendored_folders(snapshot_from(other, commits=commits)) == ()
    # A folder that holds all the code is the project itself.
    alone = {path: text for path, text in files.items() if not path.endswith("prepare_data.py")}
    assert vendored_folders(snapshot_from(alone, commits=commits)) == ()


def test_committed_node_modules_are_not_the_authors_code() -> None:
    # A learner's web front end committed with its installed npm packages: thousands of files,
    # some of them Python (flatted ships python/flatted.py), some in folders named test/.
    modules = "web/frontend/node_modules"
    files = {
        "train.py": SKLEARN_TRAIN,
        "TEST_model.py": "import joblib\nprint(joblib.load('model.pkl'))\n",
        "web/frontend/package.json": '{"name": "front"}\n',
        f"{modules}/flatted/python/flatted.py": "def parse(text):\n    return text\n",
        f"{modules}/concat-map/test/map.js": "var test = require('tape');\n",
        f"{modules}/concat-map/package.json": '{"name": "concat-map"}\n',
    }
    snapshot = snapshot_from(files)
    assert vendored_folders(snapshot) == (modules,)
    for rule_id in ("TEST001", "READ004"):
        result = check(rule_id, snapshot)
        assert not any("node_modules" in (e.path or "") for e in result.evidence), rule_id
    report = evaluate(snapshot, Target("repo", "repo"))
    assert any(note.startswith(f"{modules}/: installed npm packages") for note in report.notes)
    # An npm package's folder named by the project itself is not an installation.
    from repocheck.analysis.environments import environment_of

    assert environment_of("docs/node_modules.md") is None
    assert environment_of(f"{modules}/a/b/node_modules/c/index.js") == modules
