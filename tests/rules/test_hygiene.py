from __future__ import annotations

import dataclasses

from repocheck.facts.snapshot import RepoConfig, Snapshot
from repocheck.model import Status
from tests.helpers import check, commits_of, snapshot_from

CODE = {"train.py": "x = 1\n"}


# --- GIT004 no large files or weights -------------------------------------------------------


def test_git004_fails_on_weights_over_one_mb() -> None:
    sizes = {"train.py": 10, "models/best.pt": 5_300_000}
    result = check("GIT004", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "models/best.pt"
    assert result.evidence[0].snippet == "5.3 MB"
    assert result.metrics == {"large_files": 1, "largest_mb": 5.3}


def test_git004_fails_on_any_file_over_ten_mb() -> None:
    sizes = {"data/train.csv": 25_000_000, "out/model.onnx": 2_000_000, "train.py": 10}
    result = check("GIT004", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL
    assert [e.path for e in result.evidence] == ["data/train.csv", "out/model.onnx"]


def test_git004_passes_just_under_the_limits() -> None:
    sizes = {"models/tiny.pt": 900_000, "data/sample.csv": 9_000_000, "train.py": 10}
    result = check("GIT004", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.PASS
    assert result.metrics["largest_mb"] == 9.0


def test_git004_reads_tensorflow_and_exported_weights_by_their_names() -> None:
    # A TensorFlow 1 checkpoint keeps its weights in shards named model.ckpt.data-00000-of-
    # 00001 (the .index beside it is small); TensorFlow Lite, Caffe and llama.cpp exports are
    # weights too, and so are gensim's word vectors saved as word2vec.model. A 1.5 MB .meta or
    # saved_model.pb (the graph alone) or .index is not, nor a SentencePiece tokenizer.model.
    sizes = {
        "train.py": 10,
        "keras_modelB/model.ckpt.data-00000-of-00001": 1_500_000,
        "export/model.tflite": 1_200_000,
        "export/saved_model.pb": 1_500_000,
        "caffe/net.caffemodel": 2_000_000,
        "llm/model-q4.gguf": 5_000_000,
        "embeddings/word2vec.model": 1_400_000,
        "tokenizer/tokenizer.model": 1_400_000,
        "tokenizer/spm.model": 1_400_000,
        "keras_modelB/model.ckpt.meta": 1_500_000,
        "keras_modelB/model.ckpt.index": 1_100_000,
    }
    result = check("GIT004", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL
    assert sorted(e.path for e in result.evidence) == [
        "caffe/net.caffemodel",
        "embeddings/word2vec.model",
        "export/model.tflite",
        "keras_modelB/model.ckpt.data-00000-of-00001",
        "llm/model-q4.gguf",
    ]


def test_git004_reads_file_sizes_without_git() -> None:
    result = check("GIT004", snapshot_from({"weights.bin": b"\0" * 1_100_000, **CODE}))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "weights.bin"


def test_git004_files_routed_through_lfs_are_fine() -> None:
    files = {".gitattributes": "*.pt filter=lfs diff=lfs merge=lfs -text\n", **CODE}
    sizes = {"models/best.pt": 50_000_000, "train.py": 10}
    result = check("GIT004", snapshot_from(files, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.PASS


def test_git004_lfs_patterns_of_other_files_do_not_excuse() -> None:
    files = {".gitattributes": "*.bin filter=lfs diff=lfs merge=lfs -text\n", **CODE}
    sizes = {"models/best.pt": 50_000_000}
    result = check("GIT004", snapshot_from(files, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL


def test_git004_honours_the_repo_exclude_setting() -> None:
    sizes = {"examples/demo.pt": 5_000_000}
    snapshot = snapshot_from(
        CODE,
        commits=commits_of(["x"]),
        blob_sizes=sizes,
        config=RepoConfig(exclude=("examples/**",)),
    )
    assert check("GIT004", snapshot).status is Status.PASS


def _with_unknown_sizes(snapshot: Snapshot, unknown: tuple[str, ...]) -> Snapshot:
    """The snapshot of a partial clone that lacks the blobs of ``unknown``."""
    return dataclasses.replace(
        snapshot, history=dataclasses.replace(snapshot.history, unknown_sizes=unknown)
    )


def test_git004_does_not_pass_when_a_size_is_unknown() -> None:
    snapshot = snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes={"train.py": 6})
    result = check("GIT004", _with_unknown_sizes(snapshot, ("models/yolo.weights",)))
    assert result.status is Status.WARN
    assert "1 unknown" in result.message
    assert result.metrics["unknown_sizes"] == 1
    assert [(e.path, e.snippet) for e in result.evidence] == [
        ("models/yolo.weights", "size unknown")
    ]
    nothing_read = snapshot_from({}, commits=commits_of(["x"]), blob_sizes={})
    assert check("GIT004", _with_unknown_sizes(nothing_read, ("a.py",))).status is Status.SKIP


def test_git004_an_unknown_blob_takes_its_size_from_the_work_tree() -> None:
    files = {**CODE, "models/yolo.weights": b"\0" * 2_000_000}
    snapshot = snapshot_from(files, commits=commits_of(["x"]), blob_sizes={"train.py": 6})
    result = check("GIT004", _with_unknown_sizes(snapshot, ("models/yolo.weights",)))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "models/yolo.weights"


def test_git004_saved_arrays_and_darknet_weights_are_artefacts() -> None:
    sizes = {"train.py": 10, "yolo.weights": 3_000_000, "emb.npy": 2_000_000, "x.npz": 1_500_000}
    result = check("GIT004", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL
    assert sorted(e.path for e in result.evidence) == ["emb.npy", "x.npz", "yolo.weights"]


# --- GIT005 no junk committed ---------------------------------------------------------------


def test_git005_groups_junk_by_folder() -> None:
    files = {
        **CODE,
        "src/__pycache__/a.cpython-311.pyc": b"\0",
        "src/__pycache__/b.cpython-311.pyc": b"\0",
        "notebooks/.ipynb_checkpoints/eda-checkpoint.ipynb": "{}",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert result.score == 0.0
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {
        "src/__pycache__": "Python bytecode cache: 2 files",
        "notebooks/.ipynb_checkpoints": "notebook checkpoints: 1 file",
    }
    assert result.metrics == {"junk_files": 3, "junk_places": 2}


def test_git005_a_cmake_build_tree_committed_beside_the_tests_is_junk() -> None:
    # cmake run inside tests/ leaves its cache and CMakeFiles/ there: machine-specific
    # build output (absolute paths, the compiler found), regenerated by every build.
    files = {
        **CODE,
        "CMakeLists.txt": "project(ppn)\n",
        "tests/test_mlp.cpp": "int main() { return 0; }\n",
        "tests/CMakeCache.txt": "CMAKE_CXX_COMPILER:FILEPATH=/usr/bin/c++\n",
        "tests/CMakeFiles/cmake.check_cache": "# generated\n",
        "tests/CMakeFiles/3.31.6/CMakeSystem.cmake": "set(CMAKE_HOST_SYSTEM Linux)\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {
        "tests/CMakeFiles": "CMake build files: 2 files",
        "tests/CMakeCache.txt": "CMake cache: 1 file",
    }


def test_git005_gradios_local_state_is_junk() -> None:
    # A Gradio demo writes what its Flag button logs, and the examples it caches, into
    # .gradio/ of the folder it ran from: one person's sessions, not the project.
    files = {
        **CODE,
        "app.py": "import gradio as gr\n",
        ".gradio/flagged/dataset1.csv": "image,label,timestamp\n,SeaLake,2025-12-03\n",
        ".gradio/cached_examples/12/log.csv": "output,timestamp\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {".gradio": "Gradio's local state (flags, cached examples): 2 files"}


def test_git005_the_cache_of_pytest_before_3_4_is_junk() -> None:
    # pytest before 3.4 kept its last-failed list in .cache/v/cache/ of the folder it ran
    # from, as .pytest_cache/v/cache/ is now; any other .cache folder (a library's download
    # cache copied in, say) is no pytest cache and is left alone.
    files = {
        **CODE,
        "test/.cache/v/cache/lastfailed": '{"test_ensemble.py::test_stacked": true}\n',
        ".cache/huggingface/hub/version.txt": "1\n",
        "data/.cache/notes.txt": "kept\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {"test/.cache": "pytest cache: 1 file"}


def test_git005_committed_wandb_runs_are_junk() -> None:
    # A course project committed the record wandb.init() keeps of every run: logs, a copy of
    # the code, the machine's pip freeze. The runs live on wandb's servers.
    files = {
        **CODE,
        "wandb/run-20250301_101500-a1b2c3/files/requirements.txt": "torch==2.5.1\n",
        "wandb/run-20250301_101500-a1b2c3/logs/debug.log": "started\n",
        "wandb/latest-run/files/config.yaml": "lr: 0.01\n",
        "src/wandb/__init__.py": "x = 1\n",
        "wandb/README.md": "how we log\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {"wandb": "Weights & Biases run folders: 3 files"}


def test_git005_backup_copies_and_editor_swap_files_are_junk() -> None:
    # A script that backs files up before editing them left backup_*/ folders of .bak
    # copies; vim leaves .swp files, emacs and gedit name~ copies. Git keeps the history.
    files = {
        **CODE,
        "backup_20260622/dataset.py.bak": "old = 1\n",
        "backup_20260622/task.py.bak": "old = 2\n",
        "backup_20260621/pyproject.toml.bak": "[project]\n",
        "src/.train.py.swp": b"\0",
        "notes.md~": "draft\n",
        "data/backup/table.csv": "a,b\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {
        "backup_20260622/dataset.py.bak": "backup copies: 2 files",
        "backup_20260621/pyproject.toml.bak": "backup copies: 1 file",
        "src/.train.py.swp": "editor swap and backup files: 1 file",
        "notes.md~": "editor swap and backup files: 1 file",
    }


def test_git005_object_files_a_compiler_left_are_junk() -> None:
    # A skin-tone project's C tools were committed with the object files their build left
    # beside them (a held-out pass, 494); a Wavefront mesh (.obj) is data, not a build output.
    files = {
        **CODE,
        "tools/capture.c": "int main(void) { return 0; }\n",
        "tools/capture.o": b"\x7fELF\0",
        "tools/serial.o": b"\x7fELF\0",
        "meshes/face.obj": "v 0 0 0\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {"tools/capture.o": "compiled object files: 2 files"}


def test_git005_a_committed_venv_is_one_row() -> None:
    files = {
        **CODE,
        ".venv/pyvenv.cfg": "home = /usr/bin\n",
        ".venv/bin/activate": "export VIRTUAL_ENV\n",
        ".venv/lib/python3.11/site-packages/six.py": "x = 1\n",
        ".venv/lib/python3.11/site-packages/__pycache__/six.cpython-311.pyc": b"\0",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        (".venv", "virtual environment: 4 files")
    ]


def test_git005_finds_a_venv_by_site_packages_alone() -> None:
    files = {"myenv/Lib/site-packages/numpy/__init__.py": "x = 1\n", **CODE}
    result = check("GIT005", snapshot_from(files))
    assert result.evidence[0].path == "myenv"


def test_git005_scattered_os_files_are_one_row() -> None:
    files = {**CODE, ".DS_Store": b"\0", "data/.DS_Store": b"\0", "src/.DS_Store": b"\0"}
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert len(result.evidence) == 1
    assert result.evidence[0].path == ".DS_Store"
    assert result.evidence[0].snippet == "macOS folder metadata: 3 files"
    # One row, but three folders: the message does not say they are in one place.
    assert result.message.startswith("3 junk files committed in 3 places"), result.message
    assert result.metrics["junk_places"] == 3


def test_git005_sees_tracked_paths_beyond_the_inventory() -> None:
    sizes = {"train.py": 6, "pkg.egg-info/PKG-INFO": 100, "pkg.egg-info/SOURCES.txt": 50}
    result = check("GIT005", snapshot_from(CODE, commits=commits_of(["x"]), blob_sizes=sizes))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "pkg.egg-info"


def test_git005_nohup_logs_macos_archives_and_zone_identifiers_are_junk() -> None:
    files = {
        **CODE,
        "nohup.out": "epoch 1 loss 0.3\n",
        "__MACOSX/data/._train.csv": b"\0",
        "data/train.csv:Zone.Identifier": "[ZoneTransfer]\nZoneId=3\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {
        "nohup.out": "nohup output log: 1 file",
        "__MACOSX": "macOS archive metadata: 1 file",
        "data/train.csv:Zone.Identifier": "Windows download markers (Zone.Identifier): 1 file",
    }


def test_git005_visual_studios_per_user_state_is_junk_its_code_settings_are_not() -> None:
    # .vs/ holds Visual Studio's open files and its database for one user; the .vscode/
    # settings and launch configurations a team shares are committed on purpose.
    files = {
        **CODE,
        ".vs/MLProject/v16/.suo": b"\0\1",
        ".vs/slnx.sqlite": b"SQLite format 3\0",
        ".vscode/launch.json": "{}\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert {e.path: e.snippet for e in result.evidence} == {
        ".vs": "Visual Studio's per-user state: 2 files"
    }


def test_git005_catboosts_training_logs_are_junk() -> None:
    # CatBoost writes catboost_info/ (learn_error.tsv, time_left.tsv, a TensorBoard file)
    # beside every fit unless told not to: one run's logs, rewritten by the next.
    files = {
        **CODE,
        "catboost_info/learn_error.tsv": "iter\tLogloss\n0\t0.69\n",
        "catboost_info/time_left.tsv": "iter\tPassed\tRemaining\n",
        "models/catboost_info/catboost_training.json": "{}\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert {e.path: e.snippet for e in result.evidence} == {
        "catboost_info": "CatBoost's training logs: 2 files",
        "models/catboost_info": "CatBoost's training logs: 1 file",
    }


def test_git005_an_editors_local_history_is_junk() -> None:
    # VS Code's Local History extension keeps every saved version under .history/.
    files = {
        **CODE,
        ".history/data_20230710112856.py": "x = 1\n",
        ".history/data_20231103170102.py": "x = 2\n",
        "docs/.history/intro_20231103170102.md": "# old\n",
        "history/train_20231103170102.py": "x = 3\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert {e.path: e.snippet for e in result.evidence} == {
        ".history": "editor's local history copies: 2 files",
        "docs/.history": "editor's local history copies: 1 file",
    }


def test_git005_names_that_only_look_like_junk_pass() -> None:
    files = {
        **CODE,
        "src/env.py": "x = 1\n",
        "docs/venv.md": "# venv\n",
        "environment/setup.py": "x = 1\n",
        "tools/bin/activate": "echo project helper\n",
        "idea/notes.md": "ideas\n",
        "docs/nohup.md": "# running with nohup\n",
        "macosx/setup.sh": "echo\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["junk_files"] == 0


def test_git005_an_editors_leftover_temporary_file_is_junk() -> None:
    # A save interrupted mid-write leaves the new text in <name>.<hash>.tmp beside the file;
    # committed with everything else, it is a stale copy of a module. A folder named tmp
    # holds whatever the project puts there, and a template (.tmpl) is source.
    files = {
        **CODE,
        "ml/ml_functions.py.be614c97ab9cedf27d4b7cb853ec9a42.tmp": "x = 1\n",
        "tmp/notes.md": "scratch\n",
        "templates/page.tmpl": "<html></html>\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {
        "ml/ml_functions.py.be614c97ab9cedf27d4b7cb853ec9a42.tmp": "temporary files: 1 file"
    }


def test_git005_yolos_label_cache_is_junk() -> None:
    # Ultralytics writes <labels folder>.cache on the first training run: the labels pickled
    # with the absolute paths of the author's images. Another ".cache" file is not judged.
    files = {
        **CODE,
        "datasets/helmets/train/labels.cache": b"\x93NUMPY",
        "datasets/helmets/train/labels/img1.txt": "0 0.5 0.5 0.2 0.2\n",
        "datasets/coco/labels/train2017.cache": b"\x93NUMPY",
        "web/static/app.cache": "CACHE MANIFEST\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {
        "datasets/helmets/train/labels.cache": "YOLO label caches: 1 file",
        "datasets/coco/labels/train2017.cache": "YOLO label caches: 1 file",
    }


def test_git005_macos_appledouble_files_are_junk() -> None:
    # Copied from a Mac onto a disk or into an archive, every file gets a ._<name> twin
    # holding its metadata; one row for them all, as for .DS_Store.
    files = {
        **CODE,
        "src/datasets/wordnet/._wordnet-mlj12": b"\x00\x05\x16\x07",
        "src/._train.py": b"\x00\x05\x16\x07",
        "src/datasets/wordnet/wordnet-mlj12": "a\tb\tc\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {"src/._train.py": "macOS metadata files (._name): 2 files"}


def test_git005_names_committed_node_modules_once() -> None:
    # Installed npm packages: one row for the folder, not the junk some package shipped in it
    # (iconv-lite publishes its .idea folder).
    modules = "web/backend/node_modules"
    files = {
        **CODE,
        "web/backend/package.json": '{"name": "back"}\n',
        f"{modules}/iconv-lite/.idea/iconv-lite.iml": "<module/>\n",
        f"{modules}/iconv-lite/lib/index.js": "module.exports = {};\n",
        f"{modules}/.package-lock.json": "{}\n",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        (modules, "installed npm packages: 3 files")
    ]


def test_git005_office_lock_files_are_junk() -> None:
    # LibreOffice writes ".~lock.<name>#" beside a document while it is open, Microsoft Office
    # "~$<name>": each names the user and the machine, and is committed only by mistake.
    files = {
        **CODE,
        "Report.docx": b"PK\x03\x04",
        ".~lock.Report.docx#": ",Jane,laptop,07.12.2026 21:08,file:///home/jane/.config;\n",
        "docs/~$slides.pptx": b"\x05Jane",
    }
    result = check("GIT005", snapshot_from(files))
    assert result.status is Status.FAIL
    rows = {e.path: e.snippet for e in result.evidence}
    assert rows == {".~lock.Report.docx#": "office lock files: 2 files"}
    # A name that only starts like one is the project's own.
    kept = {**CODE, "notes/.~lockfile.md": "x\n", "~$budget.csv": "a,b\n"}
    assert check("GIT005", snapshot_from(kept)).status is Status.PASS
