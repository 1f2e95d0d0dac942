"""What a path expression evaluates to, read from the source alone."""

from __future__ import annotations

import ast

from repocheck.analysis.imports import programs
from repocheck.analysis.path_values import PathValues
from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from


def test_the_path_separator_constant_is_a_slash() -> None:
    # f'.{os.path.sep}history' is ./history on every system git ignores it for.
    code = (
        "import os\nfrom os import sep\n"
        "f(f'.{os.path.sep}history')\n"
        "f('out' + os.sep + 'model.pt')\n"
        "f(os.path.join('runs' + sep + 'a', 'b.pt'))\n"
    )
    program = next(iter(programs(snapshot_from({"main.py": code}))))
    calls = [c for c in program.units[0].of_type(ast.Call) if ast.unparse(c.func) == "f"]
    values = [PathValues(program, {}).values(call.args[0]) for call in calls]
    assert values == [["./history"], ["out/model.pt"], ["runs/a/b.pt"]]


def test_git003_a_folder_named_with_the_separator_constant_is_covered_by_its_pattern() -> None:
    code = (
        "import os, torch\n"
        "save_path = f'.{os.path.sep}history'\n"
        "torch.save(report, os.path.join(save_path, 'report.pkl'))\n"
    )
    files = {".gitignore": "__pycache__/\nhistory/\n", "main.py": code}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


# A training script hands a folder and a file name to the project's own save helper, which
# joins them itself before torch.save: the checkpoint lands where the caller says.
SAVE_HELPER = (
    "from pathlib import Path\n"
    "import torch\n"
    "def save_model(model, target_dir, model_name):\n"
    "    target_dir_path = Path(target_dir)\n"
    "    target_dir_path.mkdir(parents=True, exist_ok=True)\n"
    "    model_save_path = target_dir_path / model_name\n"
    "    torch.save(obj=model.state_dict(), f=model_save_path)\n"
)
SAVE_CALLER = (
    "from utils.helpers import save_model\n"
    "save_model(model=net, target_dir='experiments/run_1', model_name='vit.pth')\n"
)


def test_git003_a_path_a_helper_builds_from_its_parameters_is_read_at_its_callers() -> None:
    files = {".gitignore": "__pycache__/\n", "utils/helpers.py": SAVE_HELPER}
    result = check("GIT003", snapshot_from({**files, "train.py": SAVE_CALLER}))
    assert result.status is Status.WARN, result.message
    assert "(add: experiments/run_1/)" in result.message, result.message
    assert ("utils/helpers.py", 7, "torch.save writes experiments/run_1/vit.pth") in [
        (e.path, e.line, e.snippet) for e in result.evidence
    ]
    covered = {**files, ".gitignore": "__pycache__/\nexperiments/\n", "train.py": SAVE_CALLER}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS
    # Called with a folder the source does not tell, the helper's path stays unknown.
    unknown = "from utils.helpers import save_model\nsave_model(net, args.out, name)\n"
    assert check("GIT003", snapshot_from({**files, "train.py": unknown})).status is Status.PASS


def test_git003_a_helper_is_read_only_at_the_calls_that_reach_it() -> None:
    # Another module's function of the same name passes a folder that is not this helper's.
    other = (
        "def save_model(model, target_dir, model_name):\n"
        "    pass\n"
        "save_model(net, 'elsewhere', 'other.pth')\n"
    )
    files = {".gitignore": "__pycache__/\n", "utils/helpers.py": SAVE_HELPER, "other.py": other}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # A caller in another folder names its own folder with __file__; the path is read from
    # there, not from the helper's folder.
    runner = (
        "import os\n"
        "from utils.helpers import save_model\n"
        "save_model(net, os.path.join(os.path.dirname(__file__), 'runs'), 'vit.pth')\n"
    )
    files = {".gitignore": "__pycache__/\n", "utils/helpers.py": SAVE_HELPER, "train.py": runner}
    result = check("GIT003", snapshot_from(files))
    assert "(add: runs/)" in result.message, result.message


def test_git003_a_helper_called_in_its_own_module_is_read_there() -> None:
    code = SAVE_HELPER + "save_model(net, 'runs', 'vit.pth')\n"
    files = {".gitignore": "__pycache__/\n", "examples/vit/train.py": code}
    result = check("GIT003", snapshot_from(files))
    assert "(add: runs/)" in result.message, result.message


# minGPT's projects: a function builds the run's config, setting a folder on a nested
# attribute, and the training loop saves below whatever the config holds there.
CONFIG_ATTRIBUTE = (
    "import os, torch\n"
    "def get_config():\n"
    "    C = CfgNode()\n"
    "    C.system = CfgNode()\n"
    "    C.system.work_dir = './out/adder'\n"
    "    return C\n"
    "config = get_config()\n"
    "ckpt_path = os.path.join(config.system.work_dir, 'model.pt')\n"
    "torch.save(model.state_dict(), ckpt_path)\n"
)


def test_an_attribute_path_the_module_sets_once_is_read_where_it_is_used() -> None:
    program = next(iter(programs(snapshot_from({"adder.py": CONFIG_ATTRIBUTE}))))
    call = next(
        c for c in program.units[0].of_type(ast.Call) if ast.unparse(c.func) == "torch.save"
    )
    assert PathValues(program, {}).values(call.args[1]) == ["./out/adder/model.pt"]
    result = check(
        "GIT003", snapshot_from({".gitignore": "__pycache__/\n", "adder.py": CONFIG_ATTRIBUTE})
    )
    assert result.status is Status.WARN, result.message
    assert "out/" in result.message, result.message


def test_an_attribute_set_to_two_folders_in_a_module_stays_unknown() -> None:
    # Which of two objects the read belongs to is not told by the source: say nothing.
    code = CONFIG_ATTRIBUTE.replace(
        "    return C\n", "    return C\ndef other():\n    D.system.work_dir = 'elsewhere'\n"
    )
    program = next(iter(programs(snapshot_from({"adder.py": code}))))
    call = next(
        c for c in program.units[0].of_type(ast.Call) if ast.unparse(c.func) == "torch.save"
    )
    assert PathValues(program, {}).values(call.args[1]) == ["\x00/model.pt"]


def test_git003_an_attribute_path_is_read_inside_a_helper_read_at_its_callers() -> None:
    helper = (
        "import os, torch\n"
        "CFG = Config()\n"
        "CFG.paths.out = 'results'\n"
        "def save(model, name):\n"
        "    torch.save(model, os.path.join(CFG.paths.out, name))\n"
    )
    caller = "from helpers import save\nsave(net, 'net.pt')\n"
    files = {".gitignore": "__pycache__/\n", "helpers.py": helper, "train.py": caller}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "results/" in result.message, result.message


def test_format_fills_the_fields_it_is_given_as_text() -> None:
    # '{}_{}.tar'.format(iteration, 'checkpoint'), as the PyTorch chatbot tutorial names its
    # checkpoints: the literal word is known; the counter is not.
    code = (
        "f('{}_{}.tar'.format(iteration, 'checkpoint'))\n"
        "f('{1}/{0}.pt'.format(name, 'runs'))\n"
        "f('{run}/{step}.pt'.format(run='out', step=i))\n"
        "f('{:02d}.h5'.format('x'))\n"
    )
    program = next(iter(programs(snapshot_from({"main.py": code}))))
    calls = [c for c in program.units[0].of_type(ast.Call) if ast.unparse(c.func) == "f"]
    values = [PathValues(program, {}).values(call.args[0]) for call in calls]
    assert values == [["\x00_checkpoint.tar"], ["runs/\x00.pt"], ["out/\x00.pt"], ["\x00.h5"]]


# DARTS-style search scripts rename the experiment folder right after parsing:
# args.save = 'search-{}-{}'.format(args.save, time.strftime(...)). The --save default names
# no folder the checkpoints land in; what does is not told by the source.
RENAMED_OPTION = (
    "import argparse, os, time, torch\n"
    "parser = argparse.ArgumentParser()\n"
    "parser.add_argument('--save', type=str, default='EXP')\n"
    "args = parser.parse_args()\n"
    "args.save = 'search-{}-{}'.format(args.save, time.strftime('%Y%m%d'))\n"
    "def main():\n"
    "    torch.save(model.state_dict(), os.path.join(args.save, 'weights.pt'))\n"
)


def test_git003_an_option_set_again_after_parsing_is_not_its_default() -> None:
    files = {".gitignore": "__pycache__/\n", "train_search.py": RENAMED_OPTION}
    result = check("GIT003", snapshot_from(files))
    assert "EXP/" not in result.message, result.message
    assert all("EXP/" not in e.snippet for e in result.evidence), result.evidence
    # Not set again, the default is the folder.
    kept = RENAMED_OPTION.replace("args.save = 'search", "name = 'search")
    result = check("GIT003", snapshot_from({**files, "train_search.py": kept}))
    assert "(add: EXP/)" in result.message, result.message


# A download script loops over the names of the files it fetches, kept as a dict's keys,
# and writes each into data/: the names are the dict's, all kept out by "data/*.h5".
DOWNLOADER = (
    "import os, urllib.request\n"
    "DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data')\n"
    "FILES = {'train.h5': {'url': 'u1'}, 'val.h5': {'url': 'u2'}, 'test.h5': {'url': 'u3'}}\n"
    "def fetch(url, filepath):\n"
    "    urllib.request.urlretrieve(url, filepath)\n"
    "def main():\n"
    "    needed = []\n"
    "    for fname, info in FILES.items():\n"
    "        if not os.path.exists(os.path.join(DATA_DIR, fname)):\n"
    "            needed.append(fname)\n"
    "    for fname in needed:\n"
    "        fpath = os.path.join(DATA_DIR, fname)\n"
    "        fetch(FILES[fname]['url'], fpath)\n"
)


def test_a_loop_over_literal_names_binds_its_target_to_each_name() -> None:
    code = (
        "for split in ['train.csv', 'test.csv']:\n    f(split)\n"
        "NAMES = ('a.pt', 'b.pt')\nfor name in NAMES:\n    g(name)\n"
        "for key in {'x.h5': 1}.keys():\n    h(key)\n"
        "for k, v in {'y.h5': 1}.items():\n    i(k)\n"
        "for other in load():\n    j(other)\n"
    )
    program = next(iter(programs(snapshot_from({"main.py": code}))))
    reads = {
        ast.unparse(c.func): c.args[0]
        for c in program.units[0].of_type(ast.Call)
        if ast.unparse(c.func) in "fghij"
    }
    values = PathValues(program, {})
    assert values.values(reads["f"]) == ["train.csv", "test.csv"]
    assert values.values(reads["g"]) == ["a.pt", "b.pt"]
    assert values.values(reads["h"]) == ["x.h5"]
    assert values.values(reads["i"]) == ["y.h5"]
    assert values.values(reads["j"]) == ["\x00"]


def test_git003_files_a_loop_over_a_dict_of_names_writes_are_the_dicts_names() -> None:
    files = {".gitignore": "__pycache__/\ndata/*.h5\n", "download_data.py": DOWNLOADER}
    result = check("GIT003", snapshot_from(files))
    assert "data/" not in result.message, result.message
    # Not kept out, the files the loop writes are named.
    result = check("GIT003", snapshot_from({**files, ".gitignore": "__pycache__/\n"}))
    assert result.status is Status.WARN, result.message
    assert "data/" in result.message, result.message


def test_an_f_string_over_a_loop_of_names_gives_each_name() -> None:
    code = "for split in ['train', 'val']:\n    f(f'out/{split}.csv')\n    g(f'{split}_x.pt')\n"
    program = next(iter(programs(snapshot_from({"main.py": code}))))
    calls = {ast.unparse(c.func): c for c in program.units[0].of_type(ast.Call)}
    values = PathValues(program, {})
    assert values.values(calls["f"].args[0]) == ["out/train.csv", "out/val.csv"]
    assert values.values(calls["g"].args[0]) == ["train_x.pt", "val_x.pt"]


# A notebook's function names its checkpoint after a view the notebook passes in: the view is
# a piece of the file's name, not a path of its own read from the notebook's folder.
VIEW_CHECKPOINTS = (
    "from tensorflow.keras.callbacks import ModelCheckpoint\n"
    "def train_and_plot(model, train_ds, view_name):\n"
    "    checkpoint = ModelCheckpoint(f'best_model_{view_name}.h5')\n"
    "    model.fit(train_ds, epochs=30, callbacks=[checkpoint])\n"
    "train_and_plot(model_side, train_side_ds, 'side')\n"
)


def test_git003_a_name_a_notebook_passes_into_a_file_name_stays_part_of_the_name() -> None:
    files = {"prediction.ipynb": notebook(VIEW_CHECKPOINTS)}
    result = check("GIT003", snapshot_from(files))
    snippets = [e.snippet for e in result.evidence]
    assert "ModelCheckpoint writes best_model_side.h5" in snippets, snippets
    assert not any("\x01" in snippet for snippet in snippets), snippets
    assert "best_model_" not in result.message.split("add:")[-1], result.message
    ignored = {**files, ".gitignore": ".ipynb_checkpoints/\n*.h5\n"}
    assert check("GIT003", snapshot_from(ignored)).status is Status.PASS


# A course notebook committed twice, at the top and in notebooks/: each copy defines its own
# train_model and calls it with a name that goes into the middle of the checkpoint's name.
# Each copy's call reaches only its own function, never the other copy's.
COPIED_NOTEBOOK = (
    "import torch\n"
    "def train_model(model, epochs, model_name='model'):\n"
    "    for epoch in range(epochs):\n"
    "        torch.save(model.state_dict(), 'best_' + model_name + '_state.bin')\n",
    "train_model(model, epochs=10, model_name='transformer')\n",
)


def test_git003_a_notebook_copied_into_another_folder_calls_only_its_own_function() -> None:
    files = {
        ".gitignore": "__pycache__/\n.ipynb_checkpoints/\n",
        "project.ipynb": notebook(*COPIED_NOTEBOOK),
        "notebooks/project.ipynb": notebook(*COPIED_NOTEBOOK),
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert "(add: *.bin)" in result.message, result.message
    assert sorted(e.snippet for e in result.evidence if e.snippet) == [
        "torch.save writes best_transformer_state.bin",
        "torch.save writes notebooks/best_transformer_state.bin",
    ]
