"""READ001: a numbered series of notebooks cut from one session (``01_data.ipynb`` loads and
imports, ``02_eda.ipynb`` plots its ``df`` with its ``plt``) uses names an earlier notebook of
the series defines: ruff, one file at a time, counted each use as undefined and each import
as unused, and ``ruff --fix`` would delete the imports the later notebooks need. ``spark``,
``dbutils`` and ``sc`` are globals of a managed Spark notebook (Databricks, Synapse, Fabric)."""

from __future__ import annotations

from pathlib import Path

from tests.fixtures import notebook
from tests.rules.test_readability import read001_of

FIRST = "import pandas as pd\nimport matplotlib.pyplot as plt\n\ndf = pd.read_csv('cards.csv')\n"
SECOND = "plt.hist(df['Amount'])\nplt.show()\nprint(fraud)\n"


def test_read001_a_numbered_notebook_uses_the_names_of_an_earlier_one(tmp_path: Path) -> None:
    files = {
        "notebooks/01_data.ipynb": notebook(FIRST),
        "notebooks/02_eda.ipynb": notebook(SECOND),
    }
    result = read001_of(tmp_path, files)
    # `fraud` is defined nowhere in the series: it still counts.
    assert [(e.path, e.snippet) for e in result.evidence] == [
        ("notebooks/02_eda.ipynb", "F821 Undefined name `fraud`")
    ]
    assert "3 names a notebook takes from an earlier one of its numbered series" in result.message
    assert "1 imports a later notebook of its numbered series uses" in result.message


def test_read001_unnumbered_or_out_of_order_notebooks_still_count(tmp_path: Path) -> None:
    unnumbered = {"data.ipynb": notebook(FIRST), "eda.ipynb": notebook(SECOND)}
    result = read001_of(tmp_path, unnumbered)
    assert result.metrics["findings"] == 5  # F821 on plt twice, df, fraud; F401 on plt
    backwards = {"nb/02_data.ipynb": notebook(FIRST), "nb/01_eda.ipynb": notebook(SECOND)}
    assert read001_of(tmp_path / "b", backwards).metrics["findings"] == 5


def test_read001_spark_is_a_global_of_a_managed_spark_notebook(tmp_path: Path) -> None:
    cell = "df = spark.read.table('default.creditcard').toPandas()\nprint(df, dbutils)\n"
    result = read001_of(tmp_path, {"load.ipynb": notebook(cell), "job.py": cell})
    assert [(e.path, e.snippet[:4]) for e in result.evidence] == [("job.py", "F821")] * 2
