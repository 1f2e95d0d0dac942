from __future__ import annotations

import json

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def notebook(*cells: str) -> str:
    """An nbformat 4 notebook whose cells are code cells with the given sources."""
    raw = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": s}
        for s in cells
    ]
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# READ005 ------------------------------------------------------------------------------------

NOTEBOOK_CODE = "\n".join(f"x{i} = {i}" for i in range(40))


def test_read005_skips_without_notebooks() -> None:
    result = check("READ005", snapshot_from({"train.py": "x = 1\n"}))
    assert result.status is Status.SKIP and result.message == "no notebooks"


def test_read005_fails_when_all_logic_is_in_notebooks() -> None:
    files = {"analysis.ipynb": notebook("%matplotlib inline", NOTEBOOK_CODE), "README.md": "# x\n"}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "analysis.ipynb"
    assert result.evidence[0].snippet == "40 code lines in notebook cells"
    assert result.metrics["notebook_lines"] == 40 and result.metrics["notebook_share"] == 1.0


def test_read005_an_empty_notebook_is_not_named_where_the_code_is() -> None:
    # A notebook whose one code cell is empty holds none of the code the finding counts.
    files = {"eda.ipynb": notebook(NOTEBOOK_CODE), "model_building.ipynb": notebook("")}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [item.path for item in result.evidence] == ["eda.ipynb"]


def test_read005_leaves_empty_notebooks_out_of_its_evidence() -> None:
    # An "Untitled.ipynb" left empty beside the real notebook holds nothing to move to a module.
    files = {
        "app.py": "def predict(x):\n    return x\n",
        "model.ipynb": notebook(NOTEBOOK_CODE),
        "Untitled.ipynb": notebook(),
        "Untitled1.ipynb": notebook(""),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert [ev.path for ev in result.evidence] == ["model.ipynb"]


def test_read005_passes_when_a_notebook_imports_a_local_module() -> None:
    files = {
        "src/data.py": "def load():\n    return 1\n",
        "explore.ipynb": notebook("import numpy as np", "x = 1\nfrom src.data import load"),
        "other.ipynb": notebook(NOTEBOOK_CODE),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.PASS
    first = result.evidence[0]
    assert (first.path, first.cell, first.line) == ("explore.ipynb", 1, 2)
    assert result.metrics["notebooks_importing_modules"] == 1


def test_read005_matches_a_module_imported_after_a_sys_path_change() -> None:
    files = {
        "src/utils.py": "class Scaler:\n    pass\n",
        "nb.ipynb": notebook("import sys\nsys.path.append('../src')\nfrom utils import Scaler"),
    }
    assert check("READ005", snapshot_from(files)).status is Status.PASS


def test_read005_passes_when_modules_hold_most_of_the_code() -> None:
    module = "\n".join(f"def f{i}():\n    return {i}" for i in range(30))
    files = {"src/lib.py": module, "demo.ipynb": notebook(NOTEBOOK_CODE)}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["module_lines"] == 60


def test_read005_warns_when_notebooks_dominate_but_modules_exist() -> None:
    files = {"src/lib.py": "def f():\n    return 1\n", "demo.ipynb": notebook(NOTEBOOK_CODE)}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.evidence[0].path == "demo.ipynb"


def test_read005_third_party_imports_and_tiny_notebooks_do_not_fail() -> None:
    files = {"numpy_demo.ipynb": notebook("import numpy as np\nx = np.zeros(3)")}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["notebooks_importing_modules"] == 0


def test_read005_ignores_notebooks_in_test_folders() -> None:
    files = {"tests/fixtures/nb.ipynb": notebook(NOTEBOOK_CODE), "lib.py": "x = 1\n"}
    assert check("READ005", snapshot_from(files)).status is Status.SKIP


def run_notebook(*cells: tuple[str, int | None, int]) -> str:
    """A notebook of (source, execution count, output characters) code cells, with a markdown
    cell first so that cell indexes count every cell, as the facts do."""
    raw: list[dict[str, object]] = [{"cell_type": "markdown", "metadata": {}, "source": "# Title"}]
    for source, count, size in cells:
        outputs = [{"output_type": "stream", "name": "stdout", "text": "x" * size}] if size else []
        raw.append(
            {
                "cell_type": "code",
                "execution_count": count,
                "metadata": {},
                "outputs": outputs,
                "source": source,
            }
        )
    return json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# READ005: functions copy-pasted between notebooks --------------------------------------------

HELPER = "def accuracy(pred, y):\n    '''Share right.'''\n    return (pred == y).mean()\n"


def test_read005_copy_pasted_function_between_notebooks_warns() -> None:
    relaid = "def accuracy(pred,y):\n    # same code, other layout\n    return (pred==y).mean()\n"
    files = {
        "src/lib.py": "\n".join(f"def f{i}():\n    return {i}" for i in range(30)),
        "a.ipynb": notebook("import numpy as np", HELPER),
        "b.ipynb": notebook("x = 1", relaid + "print(accuracy(p, y))"),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.score == 0.7
    assert result.metrics["copied_functions"] == 1
    first = result.evidence[0]
    assert (first.path, first.cell, first.line) == ("b.ipynb", 1, 1)
    assert first.snippet == "def accuracy() is a copy of the one in a.ipynb cell 2"
    assert "1 function(s) copy-pasted between notebooks" in result.message


def test_read005_copy_from_a_module_into_a_notebook() -> None:
    files = {
        "src/metrics.py": "import numpy as np\n\n" + HELPER,
        "eval.ipynb": notebook("import numpy as np", HELPER),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert [(e.path, e.cell, e.line, e.snippet) for e in result.evidence][:1] == [
        ("eval.ipynb", 1, 1, "def accuracy() is a copy of the one in src/metrics.py")
    ]
    # One notebook holds a module's function: nothing is copied between notebooks.
    assert "1 function(s) copied from modules into notebooks" in result.message
    assert "between notebooks" not in result.message


def test_read005_names_both_kinds_of_copy() -> None:
    other = "def recall(pred, y):\n    return ((pred == 1) & (y == 1)).sum() / (y == 1).sum()\n"
    files = {
        "src/metrics.py": "import numpy as np\n\n" + HELPER,
        "a.ipynb": notebook("import numpy as np", HELPER, other),
        "b.ipynb": notebook("import numpy as np", other),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["copied_functions"] == 2
    assert (
        "1 function(s) copied from modules into notebooks, 1 copy-pasted between notebooks"
        in result.message
    )


def test_read005_lists_the_notebooks_copies_not_the_modules_copying_each_other() -> None:
    # A book's chapters each carry the same helper in a module of their own; the notebook
    # holding one more copy is what READ005 is about.
    files = {
        "ch02/metrics.py": "import numpy as np\n\n" + HELPER,
        "ch03/previous.py": "import numpy as np\n\n" + HELPER,
        "ch04/previous.py": "import numpy as np\n\n" + HELPER,
        "ch02/ch02.ipynb": notebook("import numpy as np", HELPER),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert [(e.path, e.cell) for e in result.evidence if "copy" in e.snippet] == [
        ("ch02/ch02.ipynb", 1)
    ]


def test_read005_near_misses_same_name_other_body_and_one_notebook() -> None:
    other = "def accuracy(pred, y):\n    return (pred == y).sum() / len(y)\n"
    files = {
        "src/lib.py": "\n".join(f"def f{i}():\n    return {i}" for i in range(30)),
        "a.ipynb": notebook(HELPER, HELPER),  # redefined in one notebook: not a copy between
        "b.ipynb": notebook(other),
        "c.ipynb": notebook("def todo():\n    pass\n"),
        "d.ipynb": notebook("def todo():\n    pass\n"),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.PASS
    assert "copied_functions" not in result.metrics


# READ006 --------------------------------------------------------------------------------------


def test_read006_passes_for_notebooks_run_top_to_bottom_or_stripped() -> None:
    ran = run_notebook(("import numpy as np", 1, 0), ("x = np.ones(3)", 2, 20), ("", None, 0))
    stripped = run_notebook(("import numpy as np", None, 0), ("x = 1", None, 0))
    result = check("READ006", snapshot_from({"ran.ipynb": ran, "stripped.ipynb": stripped}))
    assert result.status is Status.PASS
    assert result.metrics["notebooks"] == 2 and result.metrics["unexecuted_cells"] == 0


def test_read006_out_of_order_execution_points_at_the_cell() -> None:
    nb = run_notebook(("import torch", 1, 0), ("model = Net()", 7, 0), ("train(model)", 3, 0))
    result = check("READ006", snapshot_from({"train.ipynb": nb}))
    assert result.status is Status.WARN
    assert result.score == 0.6
    assert [(e.path, e.cell, e.line, e.snippet) for e in result.evidence] == [
        ("train.ipynb", 3, None, "ran as [3] after a cell above ran as [7]: run out of order")
    ]
    assert result.evidence[0].location == "train.ipynb:cell 4"


def test_read006_an_empty_cell_sharing_a_count_is_no_run_out_of_order() -> None:
    # Colab leaves a split-off empty cell with the count of the cell it came from; running a
    # cell that holds nothing (or only a comment) cannot change what the cells below see.
    nb = run_notebook(
        ("import torch", 1, 0),
        ("data = load()", 2, 0),
        ("", 2, 0),
        ("# nothing here yet", 9, 0),
        ("model = Net()", 3, 0),
        ("train(model)", 4, 0),
    )
    result = check("READ006", snapshot_from({"train.ipynb": nb}))
    assert result.status is Status.PASS, result.message


def test_read006_a_restart_after_shell_only_set_up_cells_is_no_run_out_of_order() -> None:
    # Colab: the first cell installs and downloads with shell commands, the runtime is
    # restarted, and the rest runs from [1] on. The kernel lost nothing the cells below need
    # (what the commands made is on disk), so run top to bottom the notebook gives the same.
    nb = run_notebook(
        ("!pip install tensorflow==2.15\n!git clone https://example.org/data.git", 1, 0),
        ("!cp -r data/train /content/train", 1, 0),
        ("import tensorflow as tf", 22, 0),
        ("model = tf.keras.Sequential()", 23, 0),
    )
    result = check("READ006", snapshot_from({"train.ipynb": nb}))
    assert result.status is Status.PASS, result.message
    # A restart after a cell that defined something in the kernel is still out of order.
    lost = run_notebook(
        ("!pip install tensorflow==2.15\nimport numpy as np", 1, 0),
        ("import tensorflow as tf", 1, 0),
        ("x = np.ones(3)", 2, 0),
    )
    assert check("READ006", snapshot_from({"lost.ipynb": lost})).status is Status.WARN


def test_read006_a_restart_after_which_the_cells_below_bind_all_they_read_is_no_run_out_of_order() -> (
    None
):
    # Kaggle: the forests are fitted, the accelerator is switched to a GPU (which restarts the
    # kernel) and the cell run as [1] loads again every array the CNN cells below read. The
    # restart lost nothing those cells need: run top to bottom, the notebook gives the same.
    switched = run_notebook(
        ("import numpy as np\nX = np.load('X.npy')\ny = np.load('y.npy')", 2, 0),
        ("from sklearn.ensemble import RandomForestClassifier", 3, 0),
        ("rf = RandomForestClassifier(random_state=0).fit(X, y)\nprint(rf.score(X, y))", 4, 0),
        ("import numpy as np\nimport tensorflow as tf\nX = np.load('X.npy')\nn = 9", 1, 0),
        ("model = tf.keras.Sequential([tf.keras.layers.Dense(n)])", 2, 0),
        ("with open('w.txt') as f:\n    w = f.read()\nmodel.fit(X, epochs=int(w))", 3, 0),
    )
    # The same with Kaggle's listing cell above a restart: it binds names no cell below reads.
    listed = run_notebook(
        ("import os\nfor dirname, _, files in os.walk('/kaggle/input'):\n    print(files)", 1, 0),
        ("import os\nprint(os.listdir('.'))", 1, 0),
        ("import pandas as pd\ndf = pd.read_csv('a.csv')", 2, 0),
    )
    files = {"04_modeling.ipynb": switched, "05_evaluation.ipynb": listed}
    result = check("READ006", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # A cell below the restart that reads what only a cell above bound ran on a lost kernel.
    lost = run_notebook(
        ("import numpy as np\nX = np.load('X.npy')", 2, 0),
        ("import tensorflow as tf", 1, 0),
        ("model = tf.keras.Sequential()\nmodel.fit(X)", 2, 0),
    )
    result = check("READ006", snapshot_from({"lost.ipynb": lost}))
    assert result.status is Status.WARN
    assert [e.snippet for e in result.evidence] == [
        "ran as [1] after a cell above ran as [2]: run out of order"
    ]


def test_read006_unexecuted_cells_among_executed_ones() -> None:
    nb = run_notebook(("import torch", 1, 0), ("plot(history)", None, 0), ("x = 2", 2, 0))
    result = check("READ006", snapshot_from({"eda.ipynb": nb}))
    assert result.status is Status.WARN
    assert result.metrics["unexecuted_cells"] == 1
    assert [(e.cell, e.snippet) for e in result.evidence] == [
        (2, "never run, while other cells were (1 such cell(s) in this notebook)")
    ]


def test_read006_huge_outputs() -> None:
    nb = run_notebook(("import torch", 1, 10), ("show(images)", 2, 1_200_000))
    small = run_notebook(("import torch", 1, 10), ("show(images)", 2, 900_000))
    result = check("READ006", snapshot_from({"big.ipynb": nb, "small.ipynb": small}))
    assert result.status is Status.WARN
    assert result.message == "1 of 2 notebook(s) not committed clean: 1 with over 1 MB of outputs"
    assert [(e.path, e.cell) for e in result.evidence] == [("big.ipynb", 2)]
    assert result.evidence[0].snippet.startswith("1.2 MB of outputs; this cell holds 1.2 MB")


def test_read006_skips_without_notebooks_and_ignores_tests_and_checkpoints() -> None:
    bad = run_notebook(("a = 1", 2, 0), ("b = 2", 1, 0))
    files = {
        "train.py": "x = 1\n",
        "tests/fixtures/nb.ipynb": bad,
        "nbs/.ipynb_checkpoints/eda-checkpoint.ipynb": bad,
    }
    assert check("READ006", snapshot_from(files)).status is Status.SKIP


def test_read005_a_notebook_twin_of_a_script_is_a_deliberate_copy() -> None:
    # A Colab version of bug_report_model.py, in a repository of modules: published on purpose.
    library = "\n".join(f"def f{i}(x):\n    return x + {i}" for i in range(400))
    files = {
        "src/lib.py": library,
        "examples/bug_report_model.py": "import torch\n\n" + HELPER,
        "examples/bug_report_model.ipynb": notebook("import torch", HELPER),
    }
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.PASS
    assert "copied_functions" not in result.metrics
    # The same copy under another name, in a repository of notebooks, is still a finding.
    files = {
        "src/metrics.py": "import numpy as np\n\n" + HELPER,
        "eval.ipynb": notebook("import numpy as np", HELPER),
        "examples/bug_report_model.ipynb": notebook("import torch", HELPER),
    }
    assert check("READ005", snapshot_from(files)).status is Status.WARN


def test_read005_an_exercise_and_its_solution_notebook_share_code_by_design() -> None:
    # A course hands out each lesson twice: with blanks to fill in, and filled in.
    files = {
        "cnn/cifar_exercise.ipynb": notebook("import numpy as np", HELPER),
        "cnn/cifar_solution.ipynb": notebook("import numpy as np", HELPER),
        "intro/Part 1 - Tensors (Exercises).ipynb": notebook("import torch", HELPER),
        "intro/Part 1 - Tensors (Solution).ipynb": notebook("import torch", HELPER),
        "attention/Attention_Basics.ipynb": notebook("import numpy as np", HELPER),
        "attention/Attention_Basics_Solution.ipynb": notebook("import numpy as np", HELPER),
        "helpers.py": "def f(x):\n    return x\n",
        "gan/GAN.ipynb": notebook("import helpers", "x = 1"),
    }
    pairs = {path: files[path] for path in list(files)[:2] + list(files)[-2:]}
    assert "copied_functions" not in check("READ005", snapshot_from(pairs)).metrics
    # Across lessons, the same helper pasted again is still a copy to move into a module.
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.metrics["copied_functions"] == 1


def test_read005_an_example_published_as_script_and_notebook_in_parallel_trees() -> None:
    files = {
        "examples/basics/linear_regression.py": "import numpy as np\n\n" + HELPER,
        "v1/examples/basics/linear_regression.py": "import numpy as np\n\n" + HELPER,
        "notebooks/basics/linear_regression.ipynb": notebook("import numpy as np", HELPER),
        "v1/notebooks/basics/linear_regression.ipynb": notebook("import numpy as np", HELPER),
    }
    assert "copied_functions" not in check("READ005", snapshot_from(files)).metrics
    # A notebook with its script twin beside it stays deliberate when a module of another
    # name holds the function too (module-to-module copies are not READ005's business).
    twin = {
        "code/search.py": "import numpy as np\n\n" + HELPER,
        "demo/demo_search.py": "import numpy as np\n\n" + HELPER,
        "demo/demo_search.ipynb": notebook("import numpy as np", HELPER),
    }
    assert "copied_functions" not in check("READ005", snapshot_from(twin)).metrics
    # Pasted into another example, it is a copy again.
    other = {"notebooks/basics/logistic_regression.ipynb": notebook("import numpy", HELPER)}
    result = check("READ005", snapshot_from({**files, **other}))
    assert result.metrics["copied_functions"] == 1


def test_read006_cells_counted_zero_without_outputs_are_clean() -> None:
    zeroed = run_notebook(("import numpy as np", 0, 0), ("x = 1", 0, 0), ("y = 2", 0, 0))
    result = check("READ006", snapshot_from({"zeroed.ipynb": zeroed}))
    assert result.status is Status.PASS, result.message


def test_read006_a_cell_of_comments_only_is_not_left_unrun() -> None:
    # Running "# DONE" changes nothing, so leaving it unrun leaves the notebook clean.
    nb = run_notebook(("import torch", 1, 0), ("x = 2", 2, 0), ("# DONE\n\n#  the end", None, 0))
    result = check("READ006", snapshot_from({"mnist.ipynb": nb}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["unexecuted_cells"] == 0


def test_read006_a_cell_of_a_bare_string_is_not_left_unrun() -> None:
    # A header cell holding only a string (author, source) defines nothing when it runs.
    header = "'''\n  Author: Ada <ada@example.org>\n'''\n"
    nb = run_notebook((header, None, 0), ("import pandas as pd", 1, 0), ("x = 2", 2, 0))
    result = check("READ006", snapshot_from({"inspect.ipynb": nb}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["unexecuted_cells"] == 0
    # A string beside code still runs the code.
    nb = run_notebook(("import pandas as pd", 1, 0), ('"""Load."""\ndf = load()', None, 0))
    result = check("READ006", snapshot_from({"inspect.ipynb": nb}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1


def test_read006_a_cell_with_outputs_but_no_count_ran() -> None:
    # Colab saves cells run in an earlier session with their outputs and no count: they ran.
    nb = run_notebook(("drive.mount('/content/drive')", 1, 40), ("!python train.py", None, 900))
    result = check("READ006", snapshot_from({"runner.ipynb": nb}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["unexecuted_cells"] == 0
    # A cell with neither count nor outputs beside them was still never run.
    idle = run_notebook(("import torch", 1, 40), ("train()", None, 900), ("plot()", None, 0))
    result = check("READ006", snapshot_from({"runner.ipynb": idle}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1
    assert [e.cell for e in result.evidence] == [3]


def test_read006_a_silent_cell_above_an_earlier_sessions_outputs_ran() -> None:
    # Colab saved a session's cells without counts: those that print nothing (imports,
    # assignments) kept no outputs either, but the session ran past them to a later cell's
    # output. Only one cell was run again since, with a count.
    cells = [("from google.colab import auth\nauth.authenticate_user()", None, 0)]
    cells += [("df = pd.read_csv(path)\ndf", None, 300), ("import numpy as np", None, 0)]
    cells += [("model.fit(X, y)", None, 40), ("!pip freeze > requirements.txt", 3, 20)]
    result = check("READ006", snapshot_from({"train.ipynb": run_notebook(*cells)}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["unexecuted_cells"] == 0


def test_read006_every_cell_holding_one_count_tells_no_order() -> None:
    # A notebook whose cells all carry the same count was rewritten by a tool (a Colab runner of
    # shell commands, an export): the counts say nothing about the order the cells ran in.
    cells = [("!git clone https://example.org/r.git", 16, 0), ("%cd r", 16, 0)]
    nb = run_notebook(*cells, ("!python train.py", 16, 0))
    result = check("READ006", snapshot_from({"runner.ipynb": nb}))
    assert result.status is Status.PASS, result.message
    # One repeated count among rising ones still shows two sessions mixed.
    mixed = run_notebook(("import torch", 1, 0), ("x = 1", 5, 0), ("y = 2", 5, 0))
    result = check("READ006", snapshot_from({"mixed.ipynb": mixed}))
    assert result.status is Status.WARN
    assert [e.cell for e in result.evidence] == [3]


def test_read006_silent_cells_counted_zero_by_colab_above_counted_cells_ran() -> None:
    # Colab's older notebooks keep a count only on cells that printed something and write 0
    # (a count Jupyter never gives) on the silent ones: the imports and the classes a later
    # counted cell builds its model from ran in that session.
    cells = [("import torch", 0, 0), ("print(load())", 36, 40), ("class Net: pass", 0, 0)]
    cells += [("model = Net()\nprint(model)", 49, 40), ("", 0, 0)]
    result = check("READ006", snapshot_from({"chat.ipynb": run_notebook(*cells)}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["unexecuted_cells"] == 0
    # A silent cell below the last counted one may never have run.
    late = run_notebook(*cells[:4], ("plot(history)", 0, 0))
    result = check("READ006", snapshot_from({"chat.ipynb": late}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1
    # Where a counted cell printed nothing, the saver keeps silent cells' counts: a silent
    # cell counted 0 above it was not run.
    kept = [("import torch", 1, 0), ("x = load()", 0, 0), ("print(x)", 2, 40)]
    result = check("READ006", snapshot_from({"eda.ipynb": run_notebook(*kept)}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1


def test_read006_cells_whose_counts_fill_the_gap_before_the_next_count_ran() -> None:
    # An editor that rewrites a cell after the run (an import optimiser, a formatter) drops its
    # count: the two cells above the one counted [3] ran as [1] and [2], and the notebook was
    # run from the top in order.
    cells = [("import pandas as pd", None, 0), ("def root():\n    return 1", None, 0)]
    cells += [("df = pd.read_csv(root())", 3, 0), ("df.head()", 4, 40)]
    result = check("READ006", snapshot_from({"eda.ipynb": run_notebook(*cells)}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["unexecuted_cells"] == 0
    # The same between counted cells: [1], two uncounted, [4].
    between = [cells[2][:1] + (1, 0), ("x = 1", None, 0), ("y = 2", None, 0), ("z = 3", 4, 0)]
    result = check("READ006", snapshot_from({"eda.ipynb": run_notebook(*between)}))
    assert result.status is Status.PASS, result.message
    # More uncounted cells than the gap holds: some never ran. The two whose names the cell
    # counted [3] reads (``pd``, ``root``) ran; the numpy import, which nothing reads, may not
    # have.
    over = [("import numpy as np", None, 0), *cells]
    result = check("READ006", snapshot_from({"eda.ipynb": run_notebook(*over)}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1
    # A wider gap than the cells above it says the session ran something else too (a cell
    # whose names the counted one reads ran all the same: see the test after this one).
    wide = [("import numpy as np", None, 0), ("df = pd.read_csv(path)", 5, 0)]
    result = check("READ006", snapshot_from({"eda.ipynb": run_notebook(*wide)}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1


def test_read005_counts_a_script_named_like_a_test_as_a_module() -> None:
    # malware_test.py tests a sample, not the code: pytest would collect it by name, but it
    # holds no test and runs from its __main__ block, so its functions are the project's code.
    script = (
        "import sys\n\n\n"
        "def features(path):\n    return [len(path)]\n\n\n"
        'if __name__ == "__main__":\n    print(features(sys.argv[1]))\n'
    )
    files = {"pe/malware_test.py": script, "pe/train.ipynb": notebook(NOTEBOOK_CODE)}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.WARN
    assert "no module defines" not in result.message
    assert result.metrics["module_lines"] == 5


def test_read005_a_script_defining_its_model_under_the_main_guard_is_said_so() -> None:
    # train.py defines its network inside `if __name__ == "__main__":`: a notebook cannot
    # import it, so the verdict stands, but "no module defines a function or class" is false.
    script = (
        "import torch\n\n"
        'if __name__ == "__main__":\n'
        "    class Net(torch.nn.Module):\n"
        "        def forward(self, x):\n            return x\n\n"
        "    net = Net()\n"
    )
    files = {"train.py": script, "model.ipynb": notebook(NOTEBOOK_CODE)}
    result = check("READ005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert "no module defines a function or class a notebook could import" in result.message
    assert "train.py defines its own only under its __main__ guard" in result.message


def test_read005_a_helper_that_finds_the_folder_put_on_sys_path_is_no_copy() -> None:
    # Each notebook finds the project's root to put src/ on sys.path before importing from it:
    # the helper cannot be imported from the folder it puts on the path, so each notebook
    # defines its own. A helper copied for anything else is still a copy.
    finder = (
        "import sys\nfrom pathlib import Path\n\n"
        "def find_project_root():\n"
        "    current = Path.cwd()\n"
        "    while current != current.parent:\n"
        "        if (current / 'src').exists():\n"
        "            return current\n"
        "        current = current.parent\n"
        "    return Path.cwd()\n\n"
        "project_root = find_project_root()\n"
        "sys.path.insert(0, str(project_root / 'src'))\n"
        "from data.load import Faces\n"
    )
    files = {
        "src/data/load.py": "\n".join(f"def f{i}():\n    return {i}" for i in range(30)),
        "notebooks/train.ipynb": notebook(finder, HELPER),
        "notebooks/eval.ipynb": notebook(finder, HELPER, "print(accuracy(p, y))"),
    }
    result = check("READ005", snapshot_from(files))
    assert result.metrics["copied_functions"] == 1
    copied = [e.snippet for e in result.evidence if "is a copy" in e.snippet]
    assert [snippet.split("(")[0] for snippet in copied] == ["def accuracy"]
    # Called straight inside the edit, the helper is as needed.
    direct = finder.replace(
        "project_root = find_project_root()\nsys.path.insert(0, str(project_root / 'src'))",
        "sys.path.insert(0, str(find_project_root() / 'src'))",
    )
    files["notebooks/eval.ipynb"] = notebook(direct, HELPER, "print(accuracy(p, y))")
    files["notebooks/train.ipynb"] = notebook(direct, HELPER)
    result = check("READ005", snapshot_from(files))
    assert result.metrics["copied_functions"] == 1


def test_read005_a_folder_finder_defined_a_cell_above_the_edit_is_no_copy() -> None:
    # The helper is defined (and called) in one cell; the next cell puts the folder it found
    # on sys.path: the edit reads the name the cell above assigned.
    finder = (
        "import sys\nfrom pathlib import Path\n\n"
        "def find_project_root(marker='.gitignore'):\n"
        "    current = Path.cwd()\n"
        "    for parent in [current] + list(current.parents):\n"
        "        if (parent / marker).exists():\n"
        "            return parent\n"
        "    raise FileNotFoundError(marker)\n\n"
        "root = find_project_root()\n"
    )
    edit = "sys.path.append(f'{root}/src')\nfrom data.load import Faces\n"
    files = {
        "src/data/load.py": "\n".join(f"def f{i}():\n    return {i}" for i in range(30)),
        "src/paths.py": finder.split("\n\nroot =")[0] + "\n",
        "notebooks/train.ipynb": notebook(finder, edit, HELPER),
        # A cell of its own: two notebooks of the same cells are one notebook committed twice.
        "notebooks/eval.ipynb": notebook(finder, edit, HELPER, "print(accuracy([1], [1]))"),
    }
    result = check("READ005", snapshot_from(files))
    assert result.metrics["copied_functions"] == 1
    copied = [e.snippet for e in result.evidence if "is a copy" in e.snippet]
    assert [snippet.split("(")[0] for snippet in copied] == ["def accuracy"]


def test_read005_a_notebook_committed_with_its_executed_copy_is_no_copy_paste() -> None:
    # notebooks/report.ipynb, committed clean, and docs/report_out.ipynb, the same cells
    # executed for the write-up: one notebook twice, not a function pasted into a second
    # notebook. A third notebook with the function among other cells still copies it.
    from tests.fixtures import notebook as executed

    cells = ("import numpy as np", HELPER, "print(accuracy(p, y))")
    files = {
        "src/lib.py": "\n".join(f"def f{i}():\n    return {i}" for i in range(30)),
        "notebooks/report.ipynb": notebook(*cells),
        "docs/report_out.ipynb": executed(*cells),
    }
    result = check("READ005", snapshot_from(files))
    assert "copied_functions" not in result.metrics, result.message
    files["notebooks/other.ipynb"] = notebook("x = 1", HELPER)
    assert check("READ005", snapshot_from(files)).metrics["copied_functions"] == 1


# A notebook that cannot be read -------------------------------------------------------------


def _conflicted_notebook() -> str:
    """A notebook committed with a merge's conflict markers in it: no longer JSON."""
    ours = notebook("import torch\nmodel = torch.load('a.pt')")
    head, tail = ours.split('"outputs": []', 1)
    return head + '"outputs": [\n<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> abc123\n]' + tail


def test_read005_and_read006_name_a_notebook_they_cannot_read() -> None:
    files = {"tts/train.py": "x = 1\n", "inference.ipynb": _conflicted_notebook()}
    snapshot = snapshot_from(files)
    for rule_id in ("READ005", "READ006"):
        result = check(rule_id, snapshot)
        assert result.status is Status.SKIP
        assert result.message.startswith("no notebook could be read: inference.ipynb (not valid")


def test_read006_a_cell_whose_names_a_later_run_cell_reads_ran() -> None:
    # The first cell reads the data and shows it; its count and output were cleared by hand
    # (the rows name students), and the counts below start at [34]. The cell at [34] reads
    # ``df``, which only that first cell binds: it ran. A display cleared the same way
    # (``df.head(100)``) binds nothing a later cell reads, and is still said never to run.
    nb = run_notebook(
        ('import pandas as pd\ndf = pd.read_excel("datos.xlsx")\ndf.head(10)', None, 0),
        ('df.drop(columns=["id"], inplace=True)', 34, 0),
        ("df = df.drop_duplicates()", 35, 0),
    )
    result = check("READ006", snapshot_from({"process_data.ipynb": nb}))
    assert result.status is Status.PASS, result.message
    shown = run_notebook(
        ('import pandas as pd\ndf = pd.read_excel("datos.xlsx")', 33, 0),
        ('df.drop(columns=["id"], inplace=True)', 34, 0),
        ("df.head(100)", None, 0),
        ("df = df.drop_duplicates()", 40, 0),
    )
    result = check("READ006", snapshot_from({"process_data.ipynb": shown}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1


def test_read006_reads_a_cell_as_the_facts_parsed_it_however_deep() -> None:
    # A label table written as one long concatenation nests 2,000 deep in the tree: read
    # without recursion. A magic in the cell is set aside as the facts set it aside.
    long_text = " + ".join(['"a"'] * 2000)
    nb = run_notebook(
        ("%matplotlib inline\npip install openpyxl\nimport pandas as pd", 1, 0),
        (f"labels = {long_text}", None, 0),
        ("print(len(labels))", 5, 0),
    )
    result = check("READ006", snapshot_from({"labels.ipynb": nb}))
    assert result.status is Status.PASS, result.message


def test_read006_a_cell_a_later_run_only_seems_to_need_may_not_have_run() -> None:
    # ``results`` read below is the function's own local, not the uncounted cell's name.
    local = run_notebook(
        ("import numpy as np", 1, 0),
        ("results = evaluate(model)", None, 0),
        ("def to_one_hot(labels):\n    results = np.zeros(3)\n    return results", 5, 0),
    )
    result = check("READ006", snapshot_from({"eda.ipynb": local}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1
    # Every count below the reader's [3] is another cell's: the session ran [1], [2], [3] and
    # nothing else, so the uncounted cell's ``df`` came from an earlier session.
    full = run_notebook(
        ("import pandas as pd", 1, 0),
        ('df = pd.read_csv("a.csv")', None, 0),
        ("x = 1", 2, 0),
        ("df.head()", 3, 0),
    )
    result = check("READ006", snapshot_from({"eda.ipynb": full}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1
    # The cell counted [40] binds ``C`` itself before reading it: it needed no cell above.
    own = run_notebook(
        ("import torch", 1, 0),
        ("C = torch.randn((27, 2))", None, 0),
        ("C = torch.randn((27, 10))\nparameters = [C]", 40, 0),
    )
    result = check("READ006", snapshot_from({"eda.ipynb": own}))
    assert result.status is Status.WARN and result.metrics["unexecuted_cells"] == 1
