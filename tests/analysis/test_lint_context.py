"""ruff's findings read in the repository's context (READ001): a function reading a global
that the module deletes later is no undefined name while it runs before the ``del``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.fixtures import notebook
from tests.rules.test_readability import read001_of

LOAD = "model = load('albert')\n"
MEASURE = "def run_inference():\n    return model(batch)\n\n\nmeasure(run_inference)\n"
CLEAN_UP = "del model\n"


def test_a_global_a_later_cell_deletes_is_defined_for_a_function_run_before(
    tmp_path: Path,
) -> None:
    # ruff reads a function's body at the end of the module, after the clean-up cell's `del`,
    # and calls `model` undefined; the function ran two cells before the model was freed.
    result = read001_of(tmp_path, {"eval.ipynb": notebook(LOAD, MEASURE, CLEAN_UP)})
    assert [e.snippet for e in result.evidence if "model" in (e.snippet or "")] == []
    assert "1 undefined names in a function of a global deleted later" in result.message


def test_a_name_no_cell_binds_is_still_undefined_beside_a_deleted_global(
    tmp_path: Path,
) -> None:
    measure = MEASURE.replace("model(batch)", "modle(batch)")
    result = read001_of(tmp_path, {"eval.ipynb": notebook(LOAD, measure, CLEAN_UP)})
    assert "F821 Undefined name `modle`" in [e.snippet for e in result.evidence]


def test_imports_below_a_string_written_as_a_comment_are_at_the_top(tmp_path: Path) -> None:
    # A second triple-quoted string heads the imports as a comment would: E402 asks to move
    # imports that already come first. Imports below a real statement still count.
    script = (
        '"""The web app."""\n\n"""\nImporting the libraries.\n"""\n\n'
        "import os\nimport sys\n\napp = os.getcwd()\n\nimport json\n\nprint(sys, json, app)\n"
    )
    result = read001_of(tmp_path, {"application.py": script})
    assert [(e.path, e.line) for e in result.evidence] == [("application.py", 12)]
    assert "imports below a string written as a comment" in result.message


def test_an_import_a_function_declares_global_and_reads_is_used(tmp_path: Path) -> None:
    # `from settings import counter` and, in `main`, `global counter`, then `counter = 0` or
    # `counter += 1` by branch and `if counter > 5` after them: ruff takes the read for the
    # function's own assignment and calls the import unused, but a frame with no eyes in it
    # reads the imported 0.
    script = (
        "from settings import counter, limit, unused\n\n\n"
        "def main(states):\n    global counter\n    for state in states:\n"
        "        if state == 'open':\n            counter = 0\n"
        "        if state == 'close':\n            counter += 1\n"
        "        if counter > limit:\n            return True\n    return False\n"
    )
    result = read001_of(tmp_path, {"detector.py": script})
    assert [e.snippet for e in result.evidence] == ["F401 `settings.unused` imported but unused"]
    assert "1 unused imports a function declares global and reads" in result.message


PY2_SCRIPT = "import os\n\nprint 'training on', os.getcwd()\nprint 'done'\n"
TRAVIS_27 = 'language: python\npython:\n  - "2.7"\nscript: nosetests tests\n'


def test_python_2_prints_are_no_syntax_errors_where_the_ci_runs_python_2(tmp_path: Path) -> None:
    # `.travis.yml` runs the project on 2.7 only: its print statements are Python 2, not
    # syntax errors, and a reviewer does not count them as lint findings.
    result = read001_of(tmp_path, {".travis.yml": TRAVIS_27, "train.py": PY2_SCRIPT})
    assert [e.snippet for e in result.evidence] == []
    assert "Python 2 code ruff cannot read, in a project that declares Python 2" in result.message


def test_python_2_prints_still_count_where_python_3_is_declared_too(tmp_path: Path) -> None:
    both = TRAVIS_27.replace('  - "2.7"\n', '  - "2.7"\n  - "3.6"\n')
    result = read001_of(tmp_path, {".travis.yml": both, "train.py": PY2_SCRIPT})
    assert result.metrics["findings"] >= 1
    assert "Python 2 code" not in result.message


ASYNC_ARGUMENT = (
    "import torch\n\n\n"
    "def update_bn(loader, model):\n"
    "    for batch in loader:\n"
    "        input = batch[0].cuda(async=True)\n"
    "        model(input)\n"
)


def test_async_as_a_keyword_argument_is_no_syntax_error_where_no_python_is_declared(
    tmp_path: Path,
) -> None:
    # PyTorch 0.4's `.cuda(async=True)` is valid before Python 3.7, where `async` became a
    # keyword; a project that declares no Python may run on 3.6 (it pins torch==0.4.1).
    result = read001_of(tmp_path, {"swa_utils.py": ASYNC_ARGUMENT})
    assert [e.snippet for e in result.evidence] == []
    assert "depend on the Python version (the repository declares none)" in result.message


def test_async_as_an_argument_still_counts_where_python_3_7_or_later_is_declared(
    tmp_path: Path,
) -> None:
    declared = '[project]\nname = "swa"\nrequires-python = ">=3.8"\n'
    files = {"pyproject.toml": declared, "swa_utils.py": ASYNC_ARGUMENT}
    result = read001_of(tmp_path, files)
    assert result.metrics["findings"] >= 1


def test_a_syntax_error_near_an_async_def_still_counts(tmp_path: Path) -> None:
    broken = "async def fetch(url)\n    return url\n"
    result = read001_of(tmp_path, {"fetch.py": broken})
    assert result.metrics["findings"] >= 1


def test_a_syntax_error_in_a_script_named_after_template_matching_counts(
    tmp_path: Path,
) -> None:
    # "templatematching.py" is no exercise handed out with blanks: "template" is part of a word.
    result = read001_of(tmp_path, {"templatematching.py": "def match(a, b)\n    return a\n"})
    assert result.metrics["findings"] >= 1
    assert "exercise" not in result.message


def test_models_imported_to_register_their_tables_before_create_all_are_used(
    tmp_path: Path,
) -> None:
    # SQLAlchemy learns a table when its model class is defined: `init_db` imports the models
    # so that `Base.metadata.create_all` creates their tables. The names are never read after
    # the import, and `ruff --fix` would create an empty database.
    database = (
        "import json\n\nfrom sqlalchemy.orm import declarative_base\n\n"
        "Base = declarative_base()\n\n\n"
        "async def init_db(engine):\n    async with engine.begin() as conn:\n"
        "        from app.models import Application, User\n"
        "        await conn.run_sync(Base.metadata.create_all)\n"
    )
    files = {"app/__init__.py": "", "app/models.py": "User = Application = None\n"}
    result = read001_of(tmp_path, {**files, "app/database.py": database})
    assert [e.snippet for e in result.evidence] == ["F401 `json` imported but unused"]
    assert "2 imports of models that register their tables" in result.message


def test_a_project_class_imported_where_a_pickle_is_loaded_is_used(tmp_path: Path) -> None:
    # The recommender was pickled by a training script, as __main__.Recommender: the app that
    # unpickles it needs the class in its own namespace, though it never names it again, and
    # `ruff --fix` would break the load. An unused import of something else still counts.
    app = (
        "import json\nimport pickle\n\nfrom recommender import Recommender\n\n"
        "with open('model.pkl', 'rb') as f:\n    model = pickle.load(f)\n"
    )
    files = {"recommender.py": "class Recommender:\n    pass\n", "app.py": app}
    result = read001_of(tmp_path / "a", files)
    assert [e.snippet for e in result.evidence] == ["F401 `json` imported but unused"]
    assert "1 imports of project classes a pickle the module loads may need" in result.message
    # Without a load, the same import is unused.
    plain = app.replace("    model = pickle.load(f)\n", "    model = f.read()\n")
    result = read001_of(tmp_path / "b", {**files, "app.py": plain})
    assert "F401 `recommender.Recommender` imported but unused" in [
        e.snippet for e in result.evidence
    ]


LAYER_CELL = (
    "import torch\nimport torch.nn as nn\n\n\nclass LoRA(nn.Module):\n"
    "    def __init__(self, dim):\n        super().__init__()\n"
    "        self.a = nn.Parameter(torch.zeros(dim, 4))\n"
)
MODEL_CELL = (
    "import torch\nimport torch.nn as nn\n\n\nclass Block(nn.Module):\n"
    "    def __init__(self, dim):\n        super().__init__()\n"
    "        self.lora = LoRA(dim)\n        self.w = torch.ones(dim)\n"
)


def test_an_import_a_later_notebook_cell_repeats_is_no_redefinition(tmp_path: Path) -> None:
    # Each cell imports what it uses so that it runs on its own after a restart; ruff reads
    # the cells as one module and calls the second `import torch` a redefinition of unused
    # `torch` (F811), though it binds the same module to the same name.
    result = read001_of(tmp_path, {"lora.ipynb": notebook(LAYER_CELL, MODEL_CELL)})
    assert [e.snippet for e in result.evidence if "F811" in (e.snippet or "")] == []
    assert "1 imports a notebook cell repeats from an earlier cell" in result.message


def test_a_cell_that_rebinds_a_name_to_another_module_is_still_a_redefinition(
    tmp_path: Path,
) -> None:
    other = MODEL_CELL.replace("import torch\n", "import numpy as torch\n")
    result = read001_of(tmp_path / "a", {"lora.ipynb": notebook(LAYER_CELL, other)})
    assert any("F811" in (e.snippet or "") for e in result.evidence)
    # In a script the same import twice is a duplicate to delete.
    script = LAYER_CELL + "\n\n" + MODEL_CELL
    result = read001_of(tmp_path / "b", {"lora.py": script})
    assert any("F811" in (e.snippet or "") for e in result.evidence)


PLOT = "x = np.linspace(0, 1)\nfigure()\nplt.plot(x, sin(x))\n"


def test_names_the_pylab_magic_binds_are_not_undefined_in_its_notebook(tmp_path: Path) -> None:
    # `%pylab inline` runs `import numpy as np`, `import matplotlib.pyplot as plt` and the
    # star imports of numpy and pylab in the kernel: `np`, `plt`, `figure` and `sin` exist.
    result = read001_of(tmp_path, {"plots.ipynb": notebook("%pylab inline\n", PLOT)})
    assert result.metrics["findings"] == 0
    assert "4 undefined names in notebooks that run %pylab" in result.message


def test_a_commented_out_pylab_magic_binds_nothing(tmp_path: Path) -> None:
    result = read001_of(tmp_path, {"plots.ipynb": notebook("# %pylab inline\n", PLOT)})
    assert "F821 Undefined name `np`" in [e.snippet for e in result.evidence]


PATH_SETUP = (
    "import os\nimport sys\n\n"
    "sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), '..')))\n"
)


def test_an_import_of_a_module_that_edits_sys_path_is_used(tmp_path: Path) -> None:
    # `conftest.py` and `tools/train.py` import the project's own path-setup modules
    # (`import configs.path_setup`, detection code's `import _init_paths`) for what importing
    # them does: they put the project's folders on sys.path. `ruff --fix` would delete them;
    # an unused import of a module that only defines names still counts.
    files = {
        "configs/__init__.py": "",
        "configs/path_setup.py": PATH_SETUP,
        "configs/cfg.py": "ROOT = 'x'\n",
        "conftest.py": "import configs.path_setup\n",
        "report.py": "import configs.cfg\n",
        "tools/_init_paths.py": PATH_SETUP,
        "tools/train.py": "import _init_paths\n\nprint('training')\n",
    }
    result = read001_of(tmp_path, files)
    assert [e.snippet for e in result.evidence] == ["F401 `configs.cfg` imported but unused"]
    assert "2 imports of the project's own modules that edit sys.path" in result.message


CELL_SAVED_AS_SCRIPT = (
    "!pip install torch torchaudio numpy librosa matplotlib tqdm -q\n"
    "%cd /kaggle/working\n"
    "import os\n\nprint(os.getcwd())\n"
)


def test_an_ipython_line_in_a_script_counts_once_not_once_per_word(tmp_path: Path) -> None:
    # A notebook cell saved as a .py file: ruff reads "!pip install a b c" as a statement
    # followed by one "statements must be separated" error per word. The line is one
    # mistake (the file is not Python), not eight.
    result = read001_of(tmp_path, {"setup_cell.py": CELL_SAVED_AS_SCRIPT})
    assert result.metrics["findings"] == 2
    assert sorted({e.line for e in result.evidence}) == [1, 2]
    assert "further syntax errors ruff reports on one IPython line" in result.message


REGISTRY_INIT = (
    "from .pillar_head import PillarHead\nfrom .center_head import CenterHead\n\n"
    "__all__ = {\n    'PillarHead': PillarHead,\n    'CenterHead': CenterHead,\n}\n"
)
BUILD = "from . import heads\n\n\ndef build(cfg):\n    return heads.__all__[cfg.NAME](cfg)\n"


def test_a_dict_all_that_registers_classes_by_name_is_no_invalid_format(tmp_path: Path) -> None:
    # OpenPCDet's idiom, copied into many detection projects: `__all__` maps names to the
    # classes a config picks (`__all__[cfg.NAME]`); `import *` reads a dict's keys, so the
    # module exports exactly those names. ruff's PLE0605 wants a list or tuple.
    files = {
        "heads/__init__.py": REGISTRY_INIT,
        "heads/pillar_head.py": "class PillarHead:\n    pass\n",
        "heads/center_head.py": "class CenterHead:\n    pass\n",
        "build.py": BUILD,
    }
    result = read001_of(tmp_path, files)
    assert [e.snippet for e in result.evidence if "PLE0605" in (e.snippet or "")] == []
    assert "1 dict `__all__` registries" in result.message


def test_an_all_built_from_a_set_still_has_an_invalid_format(tmp_path: Path) -> None:
    files = {"heads/__init__.py": "from .a import A\n\n__all__ = {'A'}\n", "heads/a.py": "A = 1\n"}
    result = read001_of(tmp_path, files)
    assert any("PLE0605" in (e.snippet or "") for e in result.evidence)


OVERLAY = (
    "import numpy as np\n\n\n"
    "def overlay(ax, mask, volume):\n"
    "    ax.imshow(np.ma.masked_where(mask == False, mask))\n"
    "    ax.imshow(np.ma.masked_where(volume[:, :, 65] == False, volume[:, :, 65]))\n"
    "    return volume[volume[..., 0] != None]\n"
)


def test_comparisons_with_false_that_run_elementwise_on_arrays_are_not_counted(
    tmp_path: Path,
) -> None:
    # `mask == False` inside np.ma.masked_where, or on a slice of a volume, compares every
    # element; E712's `not mask` would raise on an array, E711's `is not None` would test the
    # array itself. A reviewer would not ask for either.
    result = read001_of(tmp_path, {"viz.py": OVERLAY})
    assert [e.snippet for e in result.evidence if "E71" in (e.snippet or "")] == []
    assert "3 comparisons with True, False or None made element by element" in result.message


def test_a_comparison_with_false_on_a_plain_name_still_counts(tmp_path: Path) -> None:
    plain = "def check(done):\n    if done == False:\n        return 1\n    return 0\n"
    result = read001_of(tmp_path, {"loop.py": plain})
    assert any("E712" in (e.snippet or "") for e in result.evidence)


def test_a_sliced_comparison_with_zero_is_no_singleton(tmp_path: Path) -> None:
    zero = (
        "import numpy as np\n\n\n"
        "def f(done, v):\n    np.where(v[:, 0] == 0, 1, 2)\n    if done == False:\n        return 1\n"
    )
    result = read001_of(tmp_path, {"z.py": zero})
    assert "element by element" not in result.message


def test_scalars_joined_by_an_ampersand_still_count(tmp_path: Path) -> None:
    # A learner's `(clicks > 0) & (price != None)` on plain values: `is not None` is right there.
    dash = "def ready(clicks, price):\n    return (clicks > 0) & (price != None)\n"
    masked = "def churn(df):\n    return (df['gap'] > 30) & (df['same_user'] == True)\n"
    result = read001_of(tmp_path, {"dash.py": dash, "churn.py": masked})
    assert any("E711" in (e.snippet or "") for e in result.evidence)
    assert "1 comparisons with True, False or None made element by element" in result.message


def test_a_mask_of_many_terms_joined_by_ampersands_is_read_without_recursion(
    tmp_path: Path,
) -> None:
    # Generated filters join thousands of column tests: the reading must not recurse per term.
    terms = " & ".join(f"(df['c{i}'] == False)" for i in range(1500))
    code = f"import pandas as pd\n\n\ndef pick(df):\n    return df[{terms}]\n"
    result = read001_of(tmp_path, {"filters.py": code})
    assert "1500 comparisons with True, False or None made element by element" in result.message


def test_expressions_a_notebook_displays_all_of_are_not_useless(tmp_path: Path) -> None:
    # InteractiveShell.ast_node_interactivity = "all" shows every expression of a cell, so
    # `df.shape` before the cell's last line is there to be seen, not a useless expression.
    cells = (
        "from IPython.core.interactiveshell import InteractiveShell\n"
        'InteractiveShell.ast_node_interactivity = "all"\n'
        "import pandas as pd\n",
        "df = pd.read_csv('fires.csv')\ndf.shape\ndf.columns\ndf.describe()\n",
    )
    result = read001_of(tmp_path, {"eda.ipynb": notebook(*cells)})
    assert not any("B018" in (e.snippet or "") for e in result.evidence)
    assert "expressions a notebook displays" in result.message
    plain = (cells[0].replace('InteractiveShell.ast_node_interactivity = "all"\n', ""), cells[1])
    result = read001_of(tmp_path / "plain", {"eda.ipynb": notebook(*plain)})
    assert any("B018" in (e.snippet or "") for e in result.evidence)


LAZY_ANNOTATED = (
    "from __future__ import annotations\n\n\n"
    'def frame(rows: list) -> tuple["pd.DataFrame", int]:\n'
    "    import pandas as pd\n\n    return pd.DataFrame(rows), len(rows)\n\n\n"
    "def array(x: np.ndarray) -> int:\n    import numpy as np\n\n    return int(np.sum(x))\n\n\n"
    'def table(rows: list) -> "pl.DataFrame":\n    return rows\n'
)


def test_a_name_a_function_imports_itself_is_not_undefined_in_its_own_annotations(
    tmp_path: Path,
) -> None:
    # `-> tuple["pd.DataFrame", dict]` with `import pandas as pd` inside the function (a lazy
    # import): Python never evaluates a string annotation, nor any under `from __future__
    # import annotations`, so nothing is undefined when the code runs. A name bound nowhere
    # (`pl`) is still undefined.
    result = read001_of(tmp_path, {"cases.py": LAZY_ANNOTATED})
    assert [e.snippet for e in result.evidence] == ["F821 Undefined name `pl`"]
    assert "2 undefined names in annotations Python never evaluates" in result.message


def test_an_evaluated_annotation_of_a_name_the_function_imports_is_still_undefined(
    tmp_path: Path,
) -> None:
    # Without the `__future__` import, `x: np.ndarray` is evaluated when `def` runs, before
    # the body's import: a NameError.
    script = LAZY_ANNOTATED.replace("from __future__ import annotations\n\n\n", "")
    result = read001_of(tmp_path, {"cases.py": script})
    assert "F821 Undefined name `np`" in [e.snippet for e in result.evidence]
    assert "1 undefined names in annotations Python never evaluates" in result.message


def _kernel(book: str, version: str) -> str:
    """``book`` with the metadata a Jupyter kernel of that Python version writes."""
    document = json.loads(book)
    document["metadata"] = {
        "kernelspec": {"display_name": f"Python {version[0]}", "name": f"python{version[0]}"},
        "language_info": {"name": "python", "version": version},
    }
    return json.dumps(document)


PY2_CELL = "import os\nprint 'training on', os.getcwd()\n"


def test_python_2_prints_are_no_syntax_errors_where_the_notebooks_ran_python_2(
    tmp_path: Path,
) -> None:
    # An ICD coding course project: its notebooks' kernels ran Python 2.7, and the scripts
    # beside them print the same way; no CI or setup.py says so.
    files = {
        "baseline.ipynb": _kernel(notebook(PY2_CELL), "2.7.15"),
        "cnn.ipynb": _kernel(notebook(PY2_CELL), "2.7.15"),
        "explore.ipynb": _kernel(notebook("x = 1\n"), "3.6.5"),
        "utils.py": PY2_SCRIPT,
    }
    result = read001_of(tmp_path, files)
    assert [e.snippet for e in result.evidence] == []
    assert "Python 2 code ruff cannot read" in result.message
    # One Python 2 notebook among Python 3 ones: its own prints only; the script's count.
    files["cnn.ipynb"] = _kernel(notebook(PY2_CELL), "3.6.5")
    files["baseline.ipynb"] = _kernel(notebook(PY2_CELL), "2.7.15")
    result = read001_of(tmp_path, files)
    assert {e.path for e in result.evidence} == {"cnn.ipynb", "utils.py"}


LFS_POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:bb882f649fc9c82244a7c5229fab1c69eabe250c6a91ccbb35ea9a9c0614aed8\n"
    "size 434584292\n"
)


def test_a_notebook_kept_in_git_lfs_is_no_syntax_error(tmp_path: Path) -> None:
    # The clone holds the pointer to the notebook, not its JSON: ruff's "Expected a Jupyter
    # Notebook" says nothing of the author's code, and is set aside with its reason.
    files = {
        ".gitattributes": "*.ipynb filter=lfs diff=lfs merge=lfs -text\n",
        "notebooks/model.ipynb": LFS_POINTER,
        "app.py": "import os\n\nprint(os.getcwd())\n",
    }
    result = read001_of(tmp_path, files)
    assert not [e for e in result.evidence if e.path == "notebooks/model.ipynb"], result.evidence
    assert "1 files kept in Git LFS" in result.message, result.message


def test_a_file_an_object_keeps_open_is_no_missing_context_manager(tmp_path: Path) -> None:
    # A dataset that reads lines by offset keeps one handle per worker on `self._fh` and
    # reads it on every __getitem__: a `with` block would close it before the next item.
    # A handle opened into a local name and left open still counts.
    module = (
        "class Lines:\n"
        "    def __init__(self, path):\n        self.path = path\n        self._fh = None\n\n"
        "    def handle(self):\n"
        "        if self._fh is None:\n            self._fh = open(self.path, 'rb')\n"
        "        return self._fh\n\n\n"
        "def count(path):\n    f = open(path)\n    n = len(f.read())\n    f.close()\n    return n\n"
    )
    result = read001_of(tmp_path, {"data.py": module})
    assert [(e.line, e.snippet[:6]) for e in result.evidence] == [(13, "SIM115")]
    assert "1 files an object keeps open" in result.message, result.message


def test_a_function_a_loop_only_calls_in_place_binds_nothing_late(tmp_path: Path) -> None:
    # A function defined in the loop body and only ever called by name (`flush_pair()` inside
    # the loop and once after it) reads the loop's variables as they are at each call, as the
    # same lines written in place would: ruff's B023 warns of a function that outlives its
    # iteration. One also kept in a list, or called from a lambda, still counts.
    module = (
        "rows = []\n"
        "for commit in ['a', 'b']:\n"
        "    chunk = []\n"
        "    def flush_pair():\n"
        "        rows.append((commit, list(chunk)))\n"
        "        chunk.clear()\n"
        "    for line in ['-x', '+y']:\n"
        "        chunk.append(line)\n"
        "        flush_pair()\n"
        "    flush_pair()\n"
        "kept = []\n"
        "for size in [1, 2]:\n"
        "    def later():\n"
        "        return size\n"
        "    later()\n"
        "    kept.append(later)\n"
        "    def wrapped():\n"
        "        return size\n"
        "    kept.append(lambda: wrapped())\n"
        "def main():\n"
        "    for step in [1, 2]:\n"
        "        def hook():\n"
        "            return step\n"
        "        kept.append(hook)\n"
        "main()\n"
    )
    result = read001_of(tmp_path, {"mine.py": module})
    # main() is called in place too, but the closure inside it that is kept still counts.
    lines = [(e.line, e.snippet[:4]) for e in result.evidence]
    assert lines == [(14, "B023"), (18, "B023"), (23, "B023")]
    assert "3 late-binding warnings (B023) on functions only called in place" in result.message


def test_a_lambda_named_in_a_loop_and_only_called_there_binds_nothing_late(
    tmp_path: Path,
) -> None:
    # `f = lambda k: np.median(d[k][m])` in a loop over classes, then `f("cov")` in the same
    # iteration's print: a shorthand for the expression, read with the loop's `m` of that
    # iteration, as a def only called in place is. A named lambda kept in a list still counts,
    # as does one whose name is also read otherwise.
    module = (
        "import numpy as np\n"
        "d = {'cov': np.ones(3)}\n"
        "kept = []\n"
        "for c in ['a', 'b']:\n"
        "    m = np.ones(3, bool)\n"
        "    f = lambda k: np.median(d[k][m])\n"
        "    print(c, f('cov'))\n"
        "    for s in range(2):\n"
        "        st = lambda mask, s: mask & (d['cov'] >= m[s])\n"
        "        print(st(m, s))\n"
        "for size in [1, 2]:\n"
        "    g = lambda: size\n"
        "    g()\n"
        "    kept.append(g)\n"
        "def other(a):\n"
        "    f = a.copy()\n"
        "    return f[0]\n"
        "def shared():\n"
        "    global g\n"
        "    g = 1\n"
        "    return g\n"
    )
    result = read001_of(tmp_path, {"mine.py": module})
    lines = [(e.line, e.snippet[:4]) for e in result.evidence]
    # `f[0]` in other() reads that function's own `f`; `g` is read as a value in the loop.
    assert lines == [(12, "B023")]
    assert "2 late-binding warnings (B023) on functions only called in place" in result.message


def _notebook_with_languages(*cells: tuple[str, str | None]) -> str:
    """A notebook whose code cells carry VS Code's per-cell language, where given."""
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
            "cells": [
                {
                    "cell_type": "code",
                    "id": str(index),
                    "metadata": {"vscode": {"languageId": language}} if language else {},
                    "execution_count": index + 1,
                    "outputs": [],
                    "source": source,
                }
                for index, (source, language) in enumerate(cells)
            ],
        }
    )


def test_names_bound_in_cells_ruff_skips_are_not_undefined(tmp_path: Path) -> None:
    # VS Code marked the import and model cells "plaintext": ruff does not read them, but
    # the kernel ran them as Python, so `torch` and `Net` are defined in the cells after.
    cells = (
        ("import torch\n", "plaintext"),
        ("class Net(torch.nn.Module):\n    pass\n", "plaintext"),
        ("model = Net()\nprint(torch.__version__, model, undefined_here)\n", None),
    )
    result = read001_of(tmp_path, {"clip.ipynb": _notebook_with_languages(*cells)})
    snippets = [e.snippet for e in result.evidence]
    assert "F821 Undefined name `undefined_here`" in snippets, snippets
    assert not any("`torch`" in s or "`Net`" in s for s in snippets if s), snippets
    assert "undefined names bound in notebook cells ruff does not read" in result.message
    # An import only a skipped cell uses is used.
    cells = (("import numpy as np\n", None), ("print(np.pi)\n", "plaintext"))
    result = read001_of(tmp_path, {"clip.ipynb": _notebook_with_languages(*cells)})
    assert not any("F401" in (e.snippet or "") for e in result.evidence), result.evidence


LAST_BATCH = (
    "def evaluate(loader, score):\n"
    "    total = 0.0\n"
    "    for index, batch in enumerate(loader):\n"
    "        total += score(batch)\n"
    "    return total / (index + 1)\n"
)


def test_a_loop_variable_read_after_the_loop_is_no_unused_loop_variable(tmp_path: Path) -> None:
    # A trainer's validation loop counts its batches by the loop's index and divides by
    # `index + 1` after it: ruff's B007 reads only the loop's body, and its advice (rename to
    # `_index`) would break the line after the loop (ruff's issue 4599).
    result = read001_of(tmp_path, {"evaluate.py": LAST_BATCH})
    assert [e.snippet for e in result.evidence if "B007" in (e.snippet or "")] == []
    assert "1 unused loop variables (B007) read after the loop" in result.message


def test_a_loop_variable_read_nowhere_is_still_unused(tmp_path: Path) -> None:
    unused = LAST_BATCH.replace("(index + 1)", "len(loader)")
    result = read001_of(tmp_path, {"evaluate.py": unused})
    assert any("B007" in (e.snippet or "") for e in result.evidence)


def test_a_comprehension_that_binds_the_loop_variable_again_does_not_read_it(
    tmp_path: Path,
) -> None:
    # minGPT's optimiser set-up: `for pn, p in m.named_parameters()` never reads `p`, and the
    # `{pn: p for pn, p in ...}` after the loop binds a `p` of its own.
    source = (
        "def groups(model):\n"
        "    names = set()\n"
        "    for pn, p in model.named_parameters():\n"
        "        names.add(pn)\n"
        "    return names, {pn: p for pn, p in model.named_parameters()}\n"
    )
    result = read001_of(tmp_path, {"model.py": source})
    assert any("B007" in (e.snippet or "") for e in result.evidence)


def test_a_read_after_the_name_is_bound_again_does_not_read_the_loop_variable(
    tmp_path: Path,
) -> None:
    # A tutorial's loop that only shows how to iterate, then `images = torch.randn(...)`
    # further down: the later read is of the new value.
    source = (
        "for images, labels in loader:\n    pass\nimages = make_batch()\noutputs = model(images)\n"
    )
    result = read001_of(tmp_path, {"main.py": source})
    assert any("B007" in (e.snippet or "") for e in result.evidence)


def test_an_inner_loop_over_the_outer_loop_variable_still_counts(tmp_path: Path) -> None:
    # diffusers' community pipeline pads a step's name in `for i in range(3 - len(s))` inside
    # `for i, t in enumerate(timesteps)`, then hands `i` to the step's callback: the inner
    # loop clobbered the outer index, and B007 is the hint a reviewer needs.
    source = (
        "def run(timesteps, callback):\n"
        "    for i, t in enumerate(timesteps):\n"
        "        name = str(t)\n"
        "        for i in range(3 - len(name)):\n"
        "            name = '0' + name\n"
        "        callback(i, name)\n"
    )
    result = read001_of(tmp_path, {"pipeline.py": source})
    assert any("B007" in (e.snippet or "") for e in result.evidence)


def test_a_later_loop_that_starts_where_the_loop_variable_stopped_reads_it(
    tmp_path: Path,
) -> None:
    # diffusers' null-text inversion stops its inner steps early, then counts the rest in
    # `for j in range(j + 1, steps)`: the range reads the first loop's `j`.
    source = (
        "def invert(steps, done, bar):\n"
        "    for j in range(steps):\n"
        "        if done():\n"
        "            break\n"
        "    for j in range(j + 1, steps):\n"
        "        bar.update()\n"
    )
    result = read001_of(tmp_path, {"invert.py": source})
    assert [e.line for e in result.evidence if "B007" in (e.snippet or "")] == [5]


def test_the_last_expression_of_a_percent_cell_in_a_script_is_displayed(tmp_path: Path) -> None:
    # A script in cells (`# %%`, as jupytext, VS Code, Spyder and PyCharm write them) runs
    # cell by cell in an interactive window, which shows the value of a cell's last
    # expression: `df.height` closing a cell is there to be seen. An expression before the
    # cell's end, and any in a script without cells, is still useless.
    script = (
        "# %%\nimport polars as pl\n\ndf = pl.read_csv('retail.csv')\n\n"
        "# %%\ndf.height\n\n# %% [markdown]\n# Negative quantities:\n\n"
        "# %%\nneg = df.filter(pl.col('quantity') < 0)\nneg.height\n"
        "neg.width\n# a note\n\n# %%\nprint(neg)\n(\n    df.columns\n)\n"
    )
    result = read001_of(tmp_path, {"clean.py": script})
    b018 = sorted(e.line or 0 for e in result.evidence if "B018" in (e.snippet or ""))
    assert b018 == [14]
    assert "3 expressions a script's cell displays" in result.message
    plain = script.replace("# %%", "#")
    result = read001_of(tmp_path / "plain", {"clean.py": plain})
    assert len([e for e in result.evidence if "B018" in (e.snippet or "")]) == 4


def test_a_loop_variable_a_later_notebook_cell_reads_is_no_unused_loop_variable(
    tmp_path: Path,
) -> None:
    # `for images, labels in dataloader: break` takes one batch to look at, and the next
    # cells show `images.shape` and `labels`: ruff reads only the loop's body, and renaming
    # the variables `_images` as it advises would break the cells after it.
    cells = ("for images, labels in dataloader:\n    break\n", "images.shape\n", "labels\n")
    result = read001_of(tmp_path, {"peek.ipynb": notebook(*cells)})
    assert [e.snippet for e in result.evidence if "B007" in (e.snippet or "")] == []
    assert "2 unused loop variables (B007) read after the loop" in result.message


def test_a_later_cell_that_binds_the_loop_variable_again_does_not_read_it(
    tmp_path: Path,
) -> None:
    cells = ("for images, labels in dataloader:\n    break\n", "images = load()\nimages.shape\n")
    result = read001_of(tmp_path, {"peek.ipynb": notebook(*cells)})
    evidence = [e.snippet for e in result.evidence if "B007" in (e.snippet or "")]
    assert len(evidence) == 2


def test_imports_at_the_top_of_a_percent_cell_in_a_script_are_where_a_cell_takes_them(
    tmp_path: Path,
) -> None:
    # Pass 472: a script in `# %%` cells imports what each cell needs at the cell's top, as
    # a notebook's cells do; E402 asks to move them above the first cell's code. An import
    # below a cell's own code, and one in a script without cells, still counts.
    script = (
        "# %%\nimport numpy as np\n\nx = np.zeros(3)\n\n"
        "# %%\nimport torch\nfrom torch import nn\n\nlayer = nn.Linear(3, 1)\n"
        "print(torch, layer, x)\n\n# %%\ny = x + 1\nimport json\nprint(json, y)\n"
    )
    result = read001_of(tmp_path, {"explore.py": script})
    e402 = sorted(e.line or 0 for e in result.evidence if "E402" in (e.snippet or ""))
    assert e402 == [15]
    assert "2 imports at the top of a # %% cell" in result.message
    plain = script.replace("# %%", "#")
    result = read001_of(tmp_path / "plain", {"explore.py": plain})
    assert len([e for e in result.evidence if "E402" in (e.snippet or "")]) == 3


def test_one_broken_statement_in_a_notebook_cell_counts_once(tmp_path: Path) -> None:
    # Pass 479: `{'n_estimators'=500,` then five more `'key'=value,` lines is one mistake (a
    # dict written with `=`), and ruff's parser, recovering line by line, reports six. A
    # second broken statement further down the cell counts again.
    cell = (
        "fixed_params = {'n_estimators'=500,\n"
        "                'learning_rate'=0.1,\n"
        "                'max_depth'=3}\n"
        "x = 1\n"
        "y = (x,, 2)\n"
    )
    result = read001_of(tmp_path, {"tune.ipynb": notebook(cell)})
    syntax = [e.line for e in result.evidence if "invalid-syntax" in (e.snippet or "")]
    assert syntax == [1, 5], result.evidence
    assert "further syntax errors of one broken statement" in result.message
    # A no-break space pasted on each line is a mistake on each line: all count.
    pasted = "x\u00a0= 1\ny\u00a0= 2\nz\u00a0= 3\n"
    result = read001_of(tmp_path / "pasted", {"book.ipynb": notebook(pasted)})
    syntax = [e.line for e in result.evidence if "invalid-syntax" in (e.snippet or "")]
    assert syntax == [1, 2, 3], result.evidence


def test_markdown_typed_into_a_code_cell_counts_once(tmp_path: Path) -> None:
    # A held-out pass (501): a notebook's first code cell holds the README in Markdown
    # (headings, an author, a bulleted list of steps); ruff reports each line of prose as a
    # syntax error, sixteen lines of one mistake: the cell's type.
    prose = (
        "# Movie Success Prediction\n\n## Author\nPragya Gupta\n\n"
        "This project analyses movie data using statistics.\n\n"
        "- Exploratory Data Analysis\n- Feature Engineering\n- Revenue Prediction\n"
        "- Budget\n"
    )
    result = read001_of(tmp_path, {"study.ipynb": notebook(prose, "import os\nprint(os)\n")})
    syntax = [e.line for e in result.evidence if "invalid-syntax" in (e.snippet or "")]
    assert syntax == [4], result.evidence
    assert "further syntax errors of prose in a code cell" in result.message
    # A cell that also holds code is broken code: each broken line counts.
    mixed = prose + "x = 1\n"
    result = read001_of(tmp_path / "mixed", {"study.ipynb": notebook(mixed)})
    syntax = [e.line for e in result.evidence if "invalid-syntax" in (e.snippet or "")]
    assert len(syntax) > 1, result.evidence
