from __future__ import annotations

import json
from pathlib import Path

from repocheck.analysis.style_markers import StyleMarkers
from repocheck.facts.collect import collect
from repocheck.facts.snapshot import Formatting, Lint, LintDiagnostic
from repocheck.model import Result, Status
from tests.helpers import check, snapshot_from


def lint_of(diagnostics: list[LintDiagnostic], lines: int, own: int | None = None) -> Lint:
    """A Lint fact as one ruff run over ``lines`` lines would leave it."""
    return Lint("E4,E7,E9,F,B,PLE,UP,SIM", "0.17.6", tuple(diagnostics), 3, lines, own)


def diag(code: str, path: str = "train.py", line: int = 1) -> LintDiagnostic:
    """One ruff diagnostic with a placeholder message."""
    return LintDiagnostic(path, line, code, f"message of {code}")


def branchy(name: str, branches: int) -> str:
    """A documented function whose cyclomatic complexity is ``branches + 1``."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(branches))
    return f'def {name}(x):\n    """Doc."""\n{body}    return -1\n'


def simple(name: str) -> str:
    """A documented function of complexity 1."""
    return f'def {name}(x):\n    """Doc."""\n    return x\n'


# READ001 ------------------------------------------------------------------------------------


def test_read001_passes_with_few_findings_and_points_at_them() -> None:
    lint = lint_of([diag("F401", "pkg/data.py", 3)], lines=1000)
    result = check("READ001", snapshot_from({"pkg/data.py": "x = 1\n"}, lint=lint))
    assert result.status is Status.PASS
    assert result.metrics["findings"] == 1 and result.metrics["density"] == 1.0
    assert (result.evidence[0].path, result.evidence[0].line) == ("pkg/data.py", 3)
    assert result.evidence[0].snippet == "F401 message of F401"
    assert "repo's own config" not in result.message


def test_read001_fails_above_fifteen_per_thousand_most_frequent_code_first() -> None:
    diagnostics = [diag("B006", "a.py", 9)] + [diag("F401", "b.py", n) for n in range(1, 30)]
    result = check("READ001", snapshot_from({}, lint=lint_of(diagnostics, lines=1000)))
    assert result.status is Status.FAIL
    assert result.score == 0.0
    assert result.evidence[0].snippet.startswith("F401") and result.evidence[0].path == "b.py"
    assert len(result.evidence) == 20 and result.metrics["findings"] == 30
    assert result.metrics["top_codes"] == "F401 x29, B006 x1"


def test_read001_shows_names_the_code_crashes_on_before_frequent_style() -> None:
    # A training script whose evaluation reads a test set it no longer builds: 5 undefined
    # names behind 13 unused imports and 8 unused locals would fall past the 20 lines shown.
    diagnostics = (
        [diag("F401", "a.py", n) for n in range(1, 14)]
        + [diag("F841", "b.py", n) for n in range(1, 9)]
        + [diag("F821", "train.py", n) for n in (185, 188)]
    )
    result = check("READ001", snapshot_from({}, lint=lint_of(diagnostics, lines=1000)))
    assert [(e.path, e.line) for e in result.evidence[:2]] == [("train.py", 185), ("train.py", 188)]
    assert result.evidence[2].snippet.startswith("F401")
    assert result.metrics["top_codes"] == "F401 x13, F841 x8, F821 x2"


def test_read001_shows_a_line_with_one_code_several_times_once() -> None:
    diagnostics = [diag("E702", "train.py", 4)] * 3 + [diag("E702", "train.py", 7)]
    result = check("READ001", snapshot_from({}, lint=lint_of(diagnostics, lines=100)))
    assert result.metrics["findings"] == 4  # ruff's count: each semicolon
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 4), ("train.py", 7)]


def test_read001_warns_between_five_and_fifteen_and_reports_own_config() -> None:
    diagnostics = [diag("E711", "a.py", n) for n in range(1, 11)]
    result = check("READ001", snapshot_from({}, lint=lint_of(diagnostics, lines=1000, own=42)))
    assert result.status is Status.WARN
    assert result.score == 0.6
    assert result.message == (
        "10 findings (10.0 per 1,000 lines) with repocheck's fixed selection; "
        "42 with the repo's own config"
    )
    assert result.metrics["own_config_findings"] == 42
    assert result.evidence[0].path == "a.py" and result.evidence[0].line == 1


def test_read001_exactly_five_per_thousand_still_passes() -> None:
    diagnostics = [diag("F841", "a.py", n) for n in range(1, 6)]
    result = check("READ001", snapshot_from({}, lint=lint_of(diagnostics, lines=1000)))
    assert result.status is Status.PASS
    assert result.score == 0.8


def test_read001_keeps_the_notebook_cell_of_a_finding() -> None:
    finding = LintDiagnostic("nb.ipynb", 2, "F401", "`os` imported but unused", cell=1)
    result = check("READ001", snapshot_from({}, lint=lint_of([finding], lines=100)))
    assert result.evidence[0].cell == 1 and result.evidence[0].line == 2
    assert result.evidence[0].location == "nb.ipynb:cell 2:2"


def test_read001_one_finding_in_a_small_repo_is_not_a_density_problem() -> None:
    result = check("READ001", snapshot_from({}, lint=lint_of([diag("F841")], lines=160)))
    assert result.status is Status.PASS and result.score == 0.8
    assert result.metrics["density"] == 6.25


def test_read001_one_undefined_name_is_an_error_whatever_the_count() -> None:
    result = check("READ001", snapshot_from({}, lint=lint_of([diag("F821")], lines=160)))
    assert result.status is Status.WARN and result.score == 0.75


def test_read001_a_few_findings_warn_rather_than_fail() -> None:
    diagnostics = [diag("F401", "a.py", n) for n in range(1, 6)]
    result = check("READ001", snapshot_from({}, lint=lint_of(diagnostics, lines=200)))
    assert result.status is Status.WARN and result.score == 0.4


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write ``files`` (path to text) under ``root``."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def read001_of(root: Path, files: dict[str, str]) -> Result:
    """READ001 on real files, linted by the real ruff the way a run does."""
    write_files(root, files)
    return check("READ001", collect(root))


TYPED = (
    "from typing import Optional\n\n\n"
    "def crop(size: Optional[int] = None) -> Optional[int]:\n    return size\n"
)


def test_read001_judges_optional_against_the_python_the_repo_supports(tmp_path: Path) -> None:
    supports_39 = '[project]\nname = "gpt"\nrequires-python = ">=3.9"\n'
    result = read001_of(tmp_path / "a", {"pyproject.toml": supports_39, "model.py": TYPED})
    assert result.metrics["findings"] == 0 and result.metrics["target_python"] == "3.9"
    assert "for Python 3.9+ (requires-python in pyproject.toml)" in result.message
    # On 3.10 ruff would spell it `int | None`: a spelling, not a defect, so still not scored.
    only_310 = supports_39.replace("3.9", "3.10")
    result = read001_of(tmp_path / "b", {"pyproject.toml": only_310, "model.py": TYPED})
    assert result.metrics["findings"] == 0 and result.metrics["set_aside"] == 2
    assert "2 matters of style" in result.message


def test_read001_does_not_score_pyupgrade_without_a_declared_python(tmp_path: Path) -> None:
    pairs = "\n\ndef pairs(a, b):\n    return list(zip(a, b))\n"
    result = read001_of(tmp_path, {"model.py": "import os\n" + TYPED + pairs})
    assert result.metrics["findings"] == 1 and result.metrics["top_codes"] == "F401 x1"
    assert "1 findings that depend on the Python version" in result.message
    assert "2 matters of style" in result.message


def test_read001_init_reexports_are_not_unused_imports(tmp_path: Path) -> None:
    files = {
        "gpt/__init__.py": (
            "from .model import GPT, GPTConfig\nfrom gpt.data import (\n    load,\n)\nimport os\n"
        ),
        "gpt/model.py": "GPT = GPTConfig = 1\n",
        "gpt/data.py": "def load():\n    return 1\n",
    }
    result = read001_of(tmp_path, files)
    # The two relative names and the first-party one are the package's API; os is unused.
    assert [(e.path, e.line) for e in result.evidence] == [("gpt/__init__.py", 5)]
    assert "3 unused imports that re-export" in result.message


def test_read001_a_module_other_modules_import_names_from_passes_them_on(tmp_path: Path) -> None:
    # data.py gathers helpers for the notebook and its siblings (``from .data import load``);
    # runtime.py holds the imports every helper takes from it. Those imports are the
    # modules' point; an import nobody takes from them (os) is unused.
    files = {
        "scripts/__init__.py": "",
        "scripts/data.py": "from .loading import load\nfrom .scaling import scale\nimport os\n",
        "scripts/loading.py": "def load():\n    return 1\n",
        "scripts/scaling.py": "def scale():\n    return 2\n",
        "scripts/runtime.py": "import json\nfrom pathlib import Path\n",
        "scripts/report.py": (
            "from .data import load\nfrom scripts.runtime import Path, json\n\n\n"
            "def report():\n    return json.dumps(str(Path(load())))\n"
        ),
        "run.ipynb": json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "execution_count": 1,
                        "metadata": {},
                        "outputs": [],
                        "source": "from scripts.data import scale\nscale()\n",
                    }
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        ),
    }
    result = read001_of(tmp_path, files)
    assert [(e.path, e.line) for e in result.evidence] == [("scripts/data.py", 3)]
    assert "4 unused imports other modules import from their module" in result.message


def test_read001_a_star_import_takes_along_the_imports_its_importer_reads(tmp_path: Path) -> None:
    files = {
        "mlp_utils.py": "import math\nimport os\n",
        "mlp.py": "from mlp_utils import *\n\nprint(math.pi)\n",
    }
    result = read001_of(tmp_path, files)
    # math is what mlp.py reads through the star; os nobody reads.
    assert ("mlp_utils.py", 1) not in {(e.path, e.line) for e in result.evidence}
    assert ("mlp_utils.py", 2) in {(e.path, e.line) for e in result.evidence}
    assert "1 unused imports other modules import from their module" in result.message


def test_read001_an_aliased_import_a_star_importer_reads_is_passed_on(tmp_path: Path) -> None:
    # ruff points at the alias (``transforms`` after ``as``), not at the dotted name.
    files = {
        "utils.py": "import numpy as np\nimport torchvision.transforms as transforms\nimport os\n",
        "gan/main.py": "from utils import *\n\nprint(transforms.ToTensor(), np.pi)\n",
    }
    result = read001_of(tmp_path, files)
    unused = [(e.path, e.line) for e in result.evidence if e.snippet.startswith("F401")]
    assert unused == [("utils.py", 3)]
    assert "2 unused imports other modules import from their module" in result.message


def test_read001_jaxtyping_shape_strings_are_not_python(tmp_path: Path) -> None:
    source = (
        "import jaxtyping as jt\nfrom jaxtyping import Float, Int\nfrom torch import Tensor\n\n\n"
        'def attend(q: Float[Tensor, "b h n d"], mask: Int[Tensor, "batch"]) -> jt.Float[\n'
        '    Tensor, "b h n n"\n]:\n'
        "    return undefined_name\n"
    )
    result = read001_of(tmp_path, {"attention.py": source})
    assert [e.snippet for e in result.evidence] == ["F821 Undefined name `undefined_name`"]
    # F722 twice, F821 for "batch", and UP037 "remove quotes" for it as well.
    assert result.metrics["set_aside"] == 4 and "4 jaxtyping shape strings" in result.message


def test_read001_jaxtyping_imported_in_an_earlier_notebook_cell(tmp_path: Path) -> None:
    cells = [
        "from jaxtyping import Float\nfrom torch import Tensor\n",
        'def pool(x: Float[Tensor, "b c h w"]) -> Float[Tensor, "b c"]:\n    return x\n',
    ]
    raw = [
        {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": c}
        for c in cells
    ]
    notebook = json.dumps({"cells": raw, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    result = read001_of(tmp_path, {"explore.ipynb": notebook})
    assert result.metrics["findings"] == 0 and result.metrics["set_aside"] >= 2


def test_read001_spellings_and_notebook_idioms_are_style_not_defects(tmp_path: Path) -> None:
    # Python 3.10 declared, typing.List spellings, lambdas assigned to names, imports below a
    # notebook's warnings filter: none of it is a defect a reviewer would block on.
    module = (
        "from typing import List\n\n\n"
        "def encode(text: List[str]) -> List[int]:\n    return [len(t) for t in text]\n\n\n"
        "decode = lambda ids: [str(i) for i in ids]\nl = decode([1])\n"
    )
    cells = (
        "import warnings\nwarnings.filterwarnings('ignore')\nimport numpy as np\n",
        "np.zeros(1)\n",
    )
    files = {
        "pyproject.toml": '[project]\nname = "k"\nrequires-python = ">=3.10"\n',
        "src/encoding.py": module,
        "explore.ipynb": notebook_of(*cells),
    }
    result = read001_of(tmp_path, files)
    assert result.metrics["findings"] == 0 and result.status is Status.PASS
    assert result.metrics["set_aside"] == 6  # UP035, UP006 x2, E731, E741, E402


def test_read001_an_if_else_assignment_is_style_not_a_defect(tmp_path: Path) -> None:
    # SIM108 asks for a ternary where an if/else assigns in both branches: both read as
    # well, and a U-Net block written the explicit way throughout is not lint debt.
    block = (
        "def forward_{}(module, x, emb, with_conv):\n"
        "    if with_conv:\n        x = module(x, emb)\n    else:\n        x = module(x)\n"
        "    return x\n\n\n"
    )
    result = read001_of(tmp_path, {"unet.py": "".join(map(block.format, range(4)))})
    assert result.metrics["findings"] == 0, result.evidence
    assert result.status is Status.PASS and result.metrics["set_aside"] == 4


def test_read001_a_lambda_run_at_once_in_a_loop_binds_nothing_late(tmp_path: Path) -> None:
    # B023 warns that a function defined in a loop sees the loop variable's last value; a
    # lambda that pandas' apply (or sorted's key) runs before the iteration ends sees its own.
    module = (
        "import pandas as pd\n\n"
        "movies = pd.DataFrame({'genres': [['a'], ['b']]})\n"
        "counts = {}\n"
        "for genre in ['a', 'b']:\n"
        "    counts[genre] = movies['genres'].apply(lambda g: genre in g).sum()\n"
        "    first = sorted(movies['genres'], key=lambda g: genre in g)\n"
        "callbacks = []\n"
        "for genre in ['a', 'b']:\n"
        "    callbacks.append(lambda g: genre in g)\n"
    )
    result = read001_of(tmp_path, {"explore.py": module})
    assert [(e.line, e.snippet[:4]) for e in result.evidence] == [(10, "B023")]
    assert result.metrics["set_aside"] == 1  # ruff itself lets sorted(key=...) pass


def test_read001_a_function_run_at_once_in_a_loop_binds_nothing_late(tmp_path: Path) -> None:
    # The same for a function defined in the loop and passed by name to a call that runs it
    # before it returns (LangSmith's client.evaluate, pandas' apply); one also kept for later
    # still counts.
    module = (
        "import pandas as pd\nfrom langsmith import Client\n\n"
        "client = Client()\n"
        "frame = pd.DataFrame({'text': ['a', 'b']})\n"
        "kept = []\n"
        "for size in [64, 128]:\n"
        "    def run_model(text):\n"
        "        return len(text) < size\n"
        "    client.evaluate(run_model, data='feedback')\n"
        "    frame['text'].apply(run_model)\n"
        "    def later(text):\n"
        "        return len(text) < size\n"
        "    frame['text'].apply(later)\n"
        "    kept.append(later)\n"
    )
    result = read001_of(tmp_path, {"evaluate.py": module})
    assert [(e.line, e.snippet[:4]) for e in result.evidence] == [(13, "B023")]
    assert result.metrics["set_aside"] == 1


def test_read001_a_loop_that_sets_an_attribute_overrides_no_iterable(tmp_path: Path) -> None:
    # `for self.epoch in range(self.n_epoch)` rebinds self.epoch, not self: ruff's B020
    # reads the name under the attribute as the loop's variable. A loop that does rebind
    # a name its iterable reads still counts.
    module = (
        "class Trainer:\n"
        "    def __init__(self, n_epoch):\n        self.n_epoch = n_epoch\n\n"
        "    def train(self):\n"
        "        for self.epoch in range(self.n_epoch):\n            print(self.epoch)\n\n\n"
        "items = [[1], [2]]\nfor items in items:\n    print(items)\n"
    )
    result = read001_of(tmp_path, {"train.py": module})
    assert [(e.line, e.snippet[:4]) for e in result.evidence] == [(11, "B020")]
    assert result.metrics["set_aside"] == 1


def test_read001_imports_below_a_sys_path_edit_stay_below_it(tmp_path: Path) -> None:
    # ruff lets imports follow a bare sys.path.insert(...), not one in a loop or after the
    # assignment that builds the folder: moving these imports up would break the script.
    looped = (
        "import os\nimport sys\n\n"
        "ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
        "for path in [ROOT]:\n    if path not in sys.path:\n        sys.path.insert(0, path)\n\n"
        "import numpy as np\nfrom common.mnist import load\n\nprint(np, load)\n"
    )
    computed = (
        "import sys\nfrom pathlib import Path\n\n"
        "BASE = Path(__file__).resolve().parent\nsys.path.insert(0, str(BASE / 'research'))\n\n"
        "import torch\n\nprint(torch)\n"
    )
    plain = "import os\n\nDEBUG = os.environ.get('DEBUG')\n\nimport json\n\nprint(json)\n"
    files = {"legacy/train.py": looped, "app/models.py": computed, "app/config.py": plain}
    result = read001_of(tmp_path, files)
    assert [(e.path, e.line) for e in result.evidence] == [("app/config.py", 5)]
    assert "imports below a sys.path edit they need" in result.message


def test_read001_imports_below_a_warnings_filter_stay_below_it(tmp_path: Path) -> None:
    # A warning raised while mlflow imports urllib3 is silenced only by a filter set before
    # the import: E402 asks to move the imports above the very line they need.
    script = (
        "import warnings\n\n"
        'warnings.filterwarnings("ignore", message="urllib3 v2", module="urllib3")\n\n'
        "import mlflow\nimport torch\n\nprint(mlflow, torch)\n"
    )
    plain = "import os\n\nDEBUG = os.environ.get('DEBUG')\n\nimport json\n\nprint(json)\n"
    result = read001_of(tmp_path, {"scripts/train.py": script, "app/config.py": plain})
    assert [(e.path, e.line) for e in result.evidence] == [("app/config.py", 5)]
    assert "imports below a warnings filter set before them" in result.message


def test_read001_a_warnings_filter_called_by_the_name_imported_from_warnings(
    tmp_path: Path,
) -> None:
    # `from warnings import filterwarnings; filterwarnings('ignore')` on the first line, then
    # spaCy and scikit-learn: the same filter, reached by the name imported from warnings.
    script = (
        "from warnings import filterwarnings; filterwarnings('ignore')\n"
        "import numpy as np\nimport spacy\n\nprint(np, spacy)\n"
    )
    # A function of one's own that happens to share the name is no filter.
    own = "def filterwarnings():\n    pass\n\n\nfilterwarnings()\n\nimport json\n\nprint(json)\n"
    result = read001_of(tmp_path, {"features.py": script, "app/config.py": own})
    late = [(e.path, e.line) for e in result.evidence if e.snippet.startswith("E402")]
    assert late == [("app/config.py", 7)]
    assert "imports below a warnings filter set before them" in result.message


def test_read001_imports_below_an_environment_variable_they_read_stay_below_it(
    tmp_path: Path,
) -> None:
    # numexpr reads NUMEXPR_MAX_THREADS, TensorFlow TF_CPP_MIN_LOG_LEVEL, when imported: the
    # variable is set first, here inside an `if` (ruff excuses only the bare assignment).
    script = (
        "import os\nimport multiprocessing\n"
        "CORES = multiprocessing.cpu_count()\n"
        'if "NUMEXPR_MAX_THREADS" not in os.environ:\n'
        '    os.environ["NUMEXPR_MAX_THREADS"] = str(CORES)\n\n'
        "import numexpr\nimport torch\n\nprint(numexpr, torch)\n"
    )
    quiet = "import os\nos.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')\nimport tensorflow as tf\n\nprint(tf)\n"
    plain = "import os\n\nDEBUG = os.environ.get('DEBUG')\n\nimport json\n\nprint(json)\n"
    files = {"main.py": script, "tools/quiet.py": quiet, "app/config.py": plain}
    result = read001_of(tmp_path, files)
    assert [(e.path, e.line) for e in result.evidence] == [("app/config.py", 5)]
    assert "imports below an environment variable set before them" in result.message


def test_read001_the_input_of_a_magic_is_not_linted_as_python(tmp_path: Path) -> None:
    cells = (
        "%bq query\nSELECT name, COUNT(*) AS n FROM users GROUP BY name\n",
        "%%bash\nls -la | grep data\n",
        "import os\n",
    )
    result = read001_of(tmp_path, {"explore.ipynb": notebook_of(*cells)})
    # ruff reads the SQL as Python and reports only syntax errors for the whole notebook.
    assert result.metrics["findings"] == 0 and result.status is Status.PASS
    assert "notebook cells that are a magic's input, not Python" in result.message


def test_read001_a_snippet_an_exercise_notebook_loads_uses_the_notebooks_names(
    tmp_path: Path,
) -> None:
    # The exercise keeps the %load commented out; the snippet uses the notebook's `net`.
    files = {
        "exercise.ipynb": notebook_of("net = [1, 2]\n", "# %load solutions/fit.py\n"),
        "solutions/fit.py": "print(len(net))\n",
    }
    result = read001_of(tmp_path, files)
    assert result.metrics["findings"] == 0
    assert "1 undefined names in notebooks that %run or %load other code" in result.message


def test_read001_names_from_a_loaded_file_are_not_undefined(tmp_path: Path) -> None:
    cells = ("%load solutions/exercise1.py\n", "model = build(layers)\nprint(model)\n")
    result = read001_of(tmp_path, {"exercise.ipynb": notebook_of(*cells)})
    assert result.metrics["findings"] == 0
    assert "2 undefined names in notebooks that %run or %load" in result.message


def test_read001_the_blanks_of_an_exercise_notebook_are_not_lint(tmp_path: Path) -> None:
    # Left for the learner to fill in: ruff reads them as syntax errors.
    blanks = (
        "import torch\n",
        "def create_model():\n    G = \n    D = \n    return G, D\n",
        "def real_loss(out):\n    # how close is the output from being real?\n\n\nx = 1\n",
    )
    files = {"gan/GAN_Exercise.ipynb": notebook_of(*blanks)}
    result = read001_of(tmp_path, files)
    assert result.metrics["findings"] == 0, result.evidence
    assert "syntax errors in exercise notebooks" in result.message
    # Python 2 in a lesson is no blank: it does not run on the Python the repository needs.
    old = tmp_path / "old"
    result = read001_of(old, {"intro/basics.ipynb": notebook_of("a = 2\nprint a\n")})
    assert result.metrics["findings"] >= 1
    assert result.evidence[0].snippet.startswith("invalid-syntax")


def test_read001_the_blanks_of_a_french_course_handout_are_not_lint(tmp_path: Path) -> None:
    # French courses hand out the exercise as the "sujet" (or "enonce") beside the full
    # notebook: `model.add(` left open for the student is the exercise, not a mistake.
    blanks = ("import keras\n", "model = keras.Sequential()\nmodel.add(\n    ...\n\nx = 1\n")
    for name in ("TP2_MAPI3_Sujet.ipynb", "tp1_enonce.ipynb"):
        result = read001_of(tmp_path / name, {name: notebook_of(*blanks)})
        assert result.metrics["findings"] == 0, result.evidence
        assert "syntax errors in exercise notebooks" in result.message


NANOGPT_STYLE = {
    ".github/workflows/test.yml": (
        "jobs:\n  test:\n    strategy:\n      matrix:\n        python-version: [3.8, 3.11]\n"
    ),
    "nanogpt/__init__.py": "from .model import GPT, GPTConfig\n",
    "nanogpt/model.py": (
        "from dataclasses import dataclass\nfrom typing import List, Optional, Tuple\n\n"
        "import torch\nfrom jaxtyping import Float, Int\nfrom torch import Tensor, nn\n\n\n"
        "@dataclass\nclass GPTConfig:\n    block_size: int = 1024\n"
        "    dropout: Optional[float] = None\n\n\n"
        "class GPT(nn.Module):\n"
        "    def forward(\n        self, idx: Int[Tensor, 'b t'], targets: Optional[Tensor] = None\n"
        "    ) -> Tuple[Float[Tensor, 'b t vocab'], List[float]]:\n"
        "        return torch.zeros(1), []\n"
    ),
}


def test_read001_finds_nothing_wrong_in_clean_nanogpt_style_code(tmp_path: Path) -> None:
    # Supports 3.8 (the CI matrix), re-exports its API, annotates shapes with jaxtyping.
    result = read001_of(tmp_path, NANOGPT_STYLE)
    assert result.status is Status.PASS
    assert result.metrics["findings"] == 0 and result.metrics["target_python"] == "3.8"


def test_read001_skips_without_python() -> None:
    lint = Lint("F", "0.17.6", (), 0, 0)
    result = check("READ001", snapshot_from({"README.md": "# hi\n"}, lint=lint))
    assert result.status is Status.SKIP


def test_read001_is_an_error_when_ruff_failed() -> None:
    result = check("READ001", snapshot_from({"train.py": "x = 1\n"}))
    assert result.status is Status.ERROR


# READ002 ------------------------------------------------------------------------------------


def test_read002_passes_with_simple_functions() -> None:
    result = check("READ002", snapshot_from({"src/model.py": simple("fit") + simple("predict")}))
    assert result.status is Status.PASS
    assert result.metrics["functions"] == 2 and result.metrics["over_10"] == 0
    assert result.evidence == ()


def test_read002_fails_and_points_at_the_complex_function() -> None:
    source = simple("load") + "\n\n" + branchy("preprocess", 12)
    result = check("READ002", snapshot_from({"src/data.py": source}))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == "src/data.py" and result.evidence[0].line == 6
    assert result.evidence[0].snippet == "preprocess: complexity 13"
    assert result.metrics["worst"] == 13 and result.metrics["share"] == 0.5


def test_read002_warns_when_one_function_in_ten_is_complex() -> None:
    source = "\n\n".join([branchy("big", 11)] + [simple(f"f{i}") for i in range(9)])
    result = check("READ002", snapshot_from({"src/lib.py": source}))
    assert result.status is Status.WARN
    assert result.evidence[0].line == 1 and result.metrics["over_10"] == 1


def test_read002_ignores_tests_and_complexity_of_exactly_ten() -> None:
    files = {
        "src/lib.py": branchy("borderline", 9),  # complexity 10: not over the limit
        "tests/test_lib.py": branchy("test_everything", 20),
    }
    result = check("READ002", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["functions"] == 1 and result.metrics["worst"] == 10


def test_read002_counts_each_method_once() -> None:
    method = branchy("step", 12).replace("\n", "\n    ")
    source = f'class Trainer:\n    """Train."""\n\n    {method}\n' + simple("helper")
    result = check("READ002", snapshot_from({"src/train.py": source}))
    assert result.metrics["functions"] == 2 and result.metrics["over_10"] == 1
    assert [e.snippet for e in result.evidence] == ["Trainer.step: complexity 13"]


def test_read002_does_not_count_flags_picked_between_two_constants() -> None:
    # A held-out pass (501): a Streamlit app's feature builder sets twenty-four one-hot
    # flags, `'Action': 1 if 'Action' in genres else 0`, one per line; radon counts each
    # as a branch (complexity 25), but the function reads top to bottom.
    flags = "".join(f"        'g{i}': 1 if 'g{i}' in genres else 0,\n" for i in range(24))
    source = f'def features(genres):\n    """Doc."""\n    return {{\n{flags}    }}\n'
    result = check("READ002", snapshot_from({"app.py": source}))
    assert result.status is Status.PASS, result.message
    assert result.metrics["worst"] == 1
    # A choice between two computed values is still a branch to follow.
    chosen = source.replace("1 if", "f(x) if").replace("else 0", "else g(x)")
    assert check("READ002", snapshot_from({"app.py": chosen})).status is Status.FAIL


def test_read002_skips_without_functions() -> None:
    result = check("READ002", snapshot_from({"run.py": "print('hi')\n"}))
    assert result.status is Status.SKIP


# READ003 ------------------------------------------------------------------------------------


def formatting_of(lines: int, changed: dict[str, int], files: int = 10) -> Formatting:
    """A Formatting fact: ``changed`` maps each file ruff would change to its changed lines."""
    return Formatting(files, tuple(sorted(changed)), changed, lines)


def test_read003_passes_when_almost_every_line_is_formatted() -> None:
    formatting = formatting_of(1000, {"src/old.py": 12})
    result = check("READ003", snapshot_from({}, formatting=formatting))
    assert result.status is Status.PASS
    assert result.score == 0.96
    assert result.evidence[0].path == "src/old.py"
    assert result.evidence[0].snippet == "ruff format would change 12 lines"


def test_read003_one_blank_line_in_many_files_is_one_style() -> None:
    # A repo black formatted: ruff's style differs by a blank line here and there. By files
    # this was 8 of 10 "unformatted"; by lines it is 8 of 2,000.
    changed = {f"src/m{i}.py": 1 for i in range(8)}
    result = check("READ003", snapshot_from({}, formatting=formatting_of(2000, changed)))
    assert result.status is Status.PASS
    assert result.message == "ruff format would change 8 of 2,000 lines (0.4%), in 8 of 10 files"
    assert result.metrics["share"] == 0.8 and result.metrics["line_share"] == 0.004


#: Tight commas beside spaced ones, and a tab-indented module beside space-indented ones.
MIXED = {
    "a.py": "def f(a,b):\n\treturn g(a,b)\n" * 5,
    "b.py": "def h(a, b):\n    return g(a, b)\n" * 5 + "x = k(1,2) + k(3,4)\n",
}


def test_read003_warns_when_some_lines_are_unformatted_in_mixed_styles() -> None:
    changed = {"a.py": 30, "b.py": 50, "c.py": 1}
    result = check("READ003", snapshot_from(MIXED, formatting=formatting_of(1000, changed)))
    assert result.status is Status.WARN
    assert [e.path for e in result.evidence] == ["b.py", "a.py", "c.py"]
    assert result.evidence[2].snippet == "ruff format would change 1 line"
    assert result.metrics["would_reformat"] == 3 and result.metrics["changed_lines"] == 81


def test_read003_fails_when_much_of_the_code_would_change_and_styles_mix() -> None:
    formatting = formatting_of(100, {"a.py": 40, "nb.ipynb": 20}, files=2)
    result = check("READ003", snapshot_from(MIXED, formatting=formatting))
    assert result.status is Status.FAIL
    assert result.score == 0.0 and result.evidence[1].path == "nb.ipynb"
    assert "styles mixed: 55% of commas followed by no space" in result.message
    assert "indented with tabs" in result.message


#: One author's style kept throughout, not ruff's: a single space before inline comments,
#: lines of 110 characters, no blank lines between definitions.
OWN_STYLE = {
    f"m{i}.py": (
        "import torch # tensors\n"
        "def train(model, data, steps=100, lr=3e-4):\n"
        "    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.1) # a long line\n"
        "    for step in range(steps):\n"
        "        loss = model(data[step % len(data)]) # forward\n"
        "    return loss\n"
    )
    for i in range(2)
}


def test_read003_one_consistent_non_ruff_style_passes(tmp_path: Path) -> None:
    write_files(tmp_path, OWN_STYLE)
    result = check("READ003", collect(tmp_path))
    assert result.metrics["changed_lines"] > 2  # far from ruff's style...
    assert result.status is Status.PASS  # ...but written one way
    assert "one style of its own" in result.message and result.score == 0.8


def test_read003_tight_commas_beside_spaced_and_tabs_beside_spaces_fail(tmp_path: Path) -> None:
    write_files(tmp_path, MIXED)
    result = check("READ003", collect(tmp_path))
    assert result.status is Status.FAIL
    assert "styles mixed" in result.message


def code_cell(source: str) -> dict[str, object]:
    """An nbformat 4 code cell that never ran."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": source,
    }


def notebook_of(*sources: str) -> str:
    """An nbformat 4 notebook of code cells."""
    cells = [code_cell(source) for source in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_read003_a_notebook_ruff_cannot_parse_is_left_out_with_a_note(tmp_path: Path) -> None:
    write_files(
        tmp_path,
        {
            "clean.py": "x = 1\n",
            "ugly.py": "y=[1,2]\n",
            "query.ipynb": notebook_of("%bq query\nSELECT a, b FROM t WHERE x = 1\n", "z=3\n"),
        },
    )
    snapshot = collect(tmp_path)
    result = check("READ003", snapshot)
    assert result.status is not Status.ERROR
    assert result.metrics["files"] == 2 and result.metrics["would_reformat"] == 1
    assert result.metrics["unreadable"] == 1
    assert "not checked, ruff could not parse: query.ipynb" in result.message


def test_read003_skips_without_files_and_errors_without_facts() -> None:
    assert check("READ003", snapshot_from({}, formatting=Formatting(0, ()))).status is Status.SKIP
    assert check("READ003", snapshot_from({})).status is Status.ERROR


def test_read003_markers_weigh_tabs_and_lopsided_equals_by_their_share() -> None:
    # A tenth of the blocks tab-indented is a good many files written another way...
    assert StyleMarkers(indents_tab=37, indents_space=347).mixes() == [
        "10% of indented blocks indented with tabs"
    ]
    # ...while seven `a= 1` among 700 assignments are typos, and 38 among 260 a habit.
    assert StyleMarkers(assigns_spaced=700, assigns_lopsided=7).mixes() == []
    mixed = StyleMarkers(assigns_spaced=190, assigns_tight=36, assigns_lopsided=38).mixes()
    assert mixed == ["16% of assignments written 'x=1'", "38 '=' spaced on one side only"]


def test_read003_one_file_indenting_with_tabs_and_spaces_is_a_mix() -> None:
    # Python 3 cannot even parse it; every other file is written one way.
    clash = "class Net:\n    def forward(self, x):\n        return x\n\n\tdef backward(self):\n\t\tpass\n"
    files = {"model.py": clash, **{f"m{i}.py": "def f(a, b):\n    return a\n" for i in range(9)}}
    result = check("READ003", snapshot_from(files, formatting=formatting_of(100, {"m1.py": 40})))
    assert result.status is Status.FAIL
    assert "tabs and spaces indenting blocks of the same file in 1 file" in result.message


def test_read001_an_optional_import_tried_for_its_side_effect_is_not_unused(
    tmp_path: Path,
) -> None:
    # Importing pybullet_envs registers its environments with gym: the import is the use.
    source = (
        "import os\n\n"
        "try:\n    import pybullet_envs\nexcept ImportError:\n    pass\n\n"
        "try:\n    import roboschool\nexcept (ImportError, OSError):\n"
        "    pass\n\n"
        "try:\n    import json\nexcept ValueError:\n    pass\n"
    )
    result = read001_of(tmp_path, {"envs.py": source})
    # os is unused; json's handler does not catch a missing module, so it is unused too.
    unused = [e.line for e in result.evidence if e.snippet.startswith("F401")]
    assert unused == [1, 14]
    assert "2 optional imports tried for their side effect" in result.message


def test_read001_an_import_that_is_a_whole_test_is_not_unused(tmp_path: Path) -> None:
    # `def test_import(): from pkg import drive` checks that drive.py imports; ruff --fix
    # would empty the test. An unused import beside other statements still counts.
    source = (
        "import pytest\n\n\n"
        "def test_import():\n    from pkg import drive\n\n\n"
        'def test_video():\n    """The module loads."""\n    import pkg.video\n\n\n'
        "def test_other():\n    import json\n    assert 1 + 1 == 2\n"
    )
    result = read001_of(tmp_path, {"tests/test_imports.py": source})
    unused = [e.line for e in result.evidence if e.snippet.startswith("F401")]
    assert unused == [1, 14]
    assert "2 imports that are a test's whole body" in result.message


def test_read001_counts_a_star_import_once_not_once_per_name_it_brings(tmp_path: Path) -> None:
    # Manim's scenes are written `from manim import *` by its own docs: ruff's F403 names the
    # import, and F405 again every use of a name it brings, so one line became 8 findings.
    scene = (
        "from manim import *\n\n\n"
        "class Intro(Scene):\n"
        "    def construct(self):\n"
        "        title = Text('hi', color=BLUE)\n"
        "        box = VGroup(title, Square()).arrange(DOWN)\n"
        "        self.play(Write(box))\n"
    )
    result = read001_of(tmp_path, {"scene.py": scene})
    assert result.metrics["findings"] == 1, result.evidence
    assert result.evidence[0].snippet.startswith("F403")
    assert "7 names used from a star import" in result.message
    assert result.status is Status.PASS


def test_read003_never_counts_more_changed_lines_than_a_file_has(tmp_path: Path) -> None:
    # ruff splits one long call into a line per argument: the block's longer side is ruff's,
    # but a file cannot have more lines changed than it holds ("523 of 377 lines").
    args = ", ".join(f"argument_number_{i}=value_{i}" for i in range(30))
    write_files(tmp_path, {"wide.py": f"result = build({args})\n", "ok.py": "x = 1\n"})
    result = check("READ003", collect(tmp_path))
    assert result.metrics["changed_lines"] <= result.metrics["lines"], result.message
    assert result.evidence[0].snippet == "ruff format would change 1 line"


def test_read001_a_cell_ipython_runs_once_its_first_indent_is_removed_is_no_syntax_error(
    tmp_path: Path,
) -> None:
    # ruff reads " df.head() " as an unexpected indent; IPython strips it and runs the cell.
    cells = ("import os\n", " print(os.sep) \n")
    result = read001_of(tmp_path, {"eda.ipynb": notebook_of(*cells)})
    assert result.metrics["findings"] == 0, result.evidence
    assert "first line is indented" in result.message
    # A cell that stays broken after IPython's clean-up still counts.
    broken = read001_of(tmp_path / "b", {"eda.ipynb": notebook_of(" x = (\n")})
    assert broken.metrics["findings"] >= 1
    # So does a function's body pasted into a cell: IPython rejects its `return`.
    body = read001_of(tmp_path / "c", {"fit.ipynb": notebook_of("    y = 1\n    return y\n")})
    assert body.metrics["findings"] >= 1


def test_read001_names_a_notebook_gets_by_exec_of_a_file_are_not_undefined(
    tmp_path: Path,
) -> None:
    # A Colab notebook runs the project's scripts' source in its own namespace, as %run does,
    # then calls the functions they define.
    cells = (
        "import os\n",
        "exec(open('train.py').read()) if os.path.exists('train.py') else None\ntrain()\n",
    )
    files = {"colab.ipynb": notebook_of(*cells), "train.py": "def train():\n    return 1\n"}
    result = read001_of(tmp_path, files)
    # The file opened without a context manager is still a finding.
    assert [e.snippet.split()[0] for e in result.evidence] == ["SIM115"]
    assert "1 undefined names in notebooks that %run or %load other code" in result.message
    # Only mentioned in a comment, the file is not run: the name is still undefined.
    commented = ("# exec(open('train.py').read())\ntrain()\n",)
    result = read001_of(tmp_path / "c", {"colab.ipynb": notebook_of(*commented)})
    assert [e.snippet.split()[0] for e in result.evidence] == ["F821"]
