from __future__ import annotations

from repocheck.facts.snapshot import Commit
from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

MIT = "MIT License\n\nPermission is hereby granted, free of charge, to any person\n"


def test_docs002_names_the_licence_kind() -> None:
    result = check("DOCS002", snapshot_from({"LICENSE": MIT, "train.py": "x = 1\n"}))
    assert result.status is Status.PASS
    assert result.metrics["license"] == "MIT"
    assert result.evidence[0].path == "LICENSE"


def test_docs002_fails_without_a_licence() -> None:
    result = check("DOCS002", snapshot_from({"train.py": "x = 1\n"}))
    assert result.status is Status.FAIL


def test_docs002_licence_in_a_subfolder_does_not_count() -> None:
    result = check("DOCS002", snapshot_from({"vendor/lib/LICENSE": MIT}))
    assert result.status is Status.FAIL


def test_docs002_a_licence_only_in_pyproject_warns() -> None:
    pyproject = '[project]\nname = "x"\nlicense = "MIT"\n'
    result = check("DOCS002", snapshot_from({"pyproject.toml": pyproject}))
    assert result.status is Status.WARN
    assert "no LICENSE file" in result.message
    assert (result.evidence[0].path, result.evidence[0].line) == ("pyproject.toml", 3)


def test_docs002_a_licence_named_under_the_readmes_licence_heading_warns() -> None:
    # build-nanogpt: "## License" then "MIT" at the end of the README, and no LICENSE file.
    readme = "# build nanoGPT\n\nA reproduction of GPT-2.\n\n## License\n\nMIT\n"
    result = check("DOCS002", snapshot_from({"README.md": readme}))
    assert result.status is Status.WARN
    assert "README.md" in result.message and "no LICENSE file" in result.message
    assert (result.evidence[0].path, result.evidence[0].line) == ("README.md", 7)
    # A licence heading that names none, or a licence named elsewhere in the text, fails.
    for text in (
        "# Tool\n\n## License\n\nTo be decided.\n",
        "# Tool\n\nUses MIT-licensed code from minGPT.\n",
    ):
        assert check("DOCS002", snapshot_from({"README.md": text})).status is Status.FAIL, text


def test_docs002_a_licence_heading_with_an_emoji_warns_too() -> None:
    # ili-forecast-app: "## 📄 License" then "MIT License. Feel free to use and modify!".
    readme = "# ILI forecast\n\n## 📄 License\n\nMIT License. Feel free to use and modify!\n"
    result = check("DOCS002", snapshot_from({"README.md": readme}))
    assert result.status is Status.WARN
    assert (result.evidence[0].path, result.evidence[0].line) == ("README.md", 5)
    # A heading that only mentions a licence among other words is still not the section.
    text = "# Tool\n\n## 📄 License notes for the data\n\nMIT\n"
    assert check("DOCS002", snapshot_from({"README.md": text})).status is Status.FAIL


GOOD_README = """\
# Digit classifier

A small convolutional network that classifies handwritten digits from the MNIST data set.
It was written for a course project and trains in a few minutes on a laptop CPU, so anyone
can reproduce the numbers below without a GPU or a cloud account.

## Installation

```bash
# a fresh virtual environment keeps the versions pinned
pip install -r requirements.txt
```

## Usage

```bash
python train.py --epochs 5
```

## Results

| model | test accuracy |
|-------|---------------|
| CNN   | 0.991         |
"""


def test_docs001_passes_a_readme_with_every_part_and_points_at_each() -> None:
    result = check("DOCS001", snapshot_from({"README.md": GOOD_README}))
    assert result.status is Status.PASS
    assert result.metrics["substance"] == 1
    assert result.metrics["install"] == result.metrics["usage"] == result.metrics["results"] == 1
    lines = [(e.path, e.line) for e in result.evidence]
    assert lines == [("README.md", 1), ("README.md", 7), ("README.md", 14), ("README.md", 20)]


def test_docs001_finds_parts_without_headings() -> None:
    readme = (
        "Sentiment analysis of movie reviews with a fine-tuned BERT model. "
        "The notebook and scripts here fetch the IMDB reviews, fine-tune the model "
        "for two epochs and write the predictions to a CSV file for later analysis.\n\n"
        "Set up the environment with `conda env create -f environment.yml`, then run "
        "`python -m sentiment.train`.\n\n"
        "We reach an F1 of 0.93 on the held-out reviews.\n\n"
        "![confusion matrix](docs/confusion.png)\n"
    )
    result = check("DOCS001", snapshot_from({"readme.rst": readme}))
    assert result.status is Status.PASS
    assert [e.line for e in result.evidence] == [1, 3, 5]  # line 3 installs and runs: shown once


def test_docs001_points_at_the_install_step_not_a_file_tree_naming_requirements() -> None:
    readme = (
        "# MNIST\n\n" + "A small CNN trained on MNIST, and a ResNet fine-tuned on it. " * 4 + "\n\n"
        "## Project Structure\n\n```\nproject/\n"
        "├─ src/\n│ └─ train.py\n├─ requirements.txt\n└─ README.md\n```\n\n"
        "Install the dependencies:\n\n```bash\npip install -r requirements.txt\n```\n"
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    install = next(e for e in result.evidence if "requirements" in (e.snippet or ""))
    assert install.snippet == "pip install -r requirements.txt"


def test_docs001_a_file_tree_is_the_install_step_only_where_nothing_else_is() -> None:
    readme = "# Digits\n\n" + "A CNN that reads handwritten digits from photos. " * 4
    readme += "\n\n```\n.\n├── requirements.txt\n└── train.py\n```\n"
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.metrics["install"] == 1  # as before: a verdict this change does not move


def test_docs001_an_ascii_file_tree_is_no_install_step_either() -> None:
    # ``tree --charset=ascii`` draws the layout with "|--" and "`--"; Windows' ``tree /A``
    # with "+---" and "\\---".
    for last in ("`-- requirements.txt", "|-- requirements.txt", "+--- requirements.txt"):
        readme = (
            "# Chat\n\n" + "A BART model fine-tuned to summarise chat windows. " * 4 + "\n\n"
            "## Layout\n\n```text\n.\n|-- src/\n|   `-- train.py\n" + last + "\n```\n\n"
            "Then install:\n\n```bash\npip install -r requirements.txt\n```\n"
        )
        result = check("DOCS001", snapshot_from({"README.md": readme}))
        install = next(e for e in result.evidence if "requirements" in (e.snippet or ""))
        assert install.snippet == "pip install -r requirements.txt", last


def test_docs001_a_showcase_heading_is_how_to_run_only_where_nothing_else_is() -> None:
    # "## Demo and Links" lists a hosted model and a notebook's name; how to run comes later.
    readme = (
        f"# Chat\n\n{PROSE}\n\n## Demo and Links\n\nHosted model: https://example.org/m\n\n"
        "Notebook demo: `compare.ipynb`\n\n## Running the Summarizer\n\n"
        "```bash\npython summarize.py --input chat.txt\n```\n"
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert "## Running the Summarizer" in [e.snippet for e in result.evidence]
    assert "## Demo and Links" not in [e.snippet for e in result.evidence]
    # An "Example usage" section that shows code is how to run, wherever it stands.
    library = (
        f"# Tiny autograd\n\n{PROSE}\n\n## Example usage\n\n```python\n"
        "from tiny.engine import Value\nprint(Value(2.0) * 3)\n```\n\n"
        "## Training a neural net\n\nThe notebook trains a small network.\n"
    )
    result = check("DOCS001", snapshot_from({"README.md": library}))
    assert "## Example usage" in [e.snippet for e in result.evidence]


def test_docs001_warns_and_lists_what_is_missing() -> None:
    readme = "# Project\n\n" + "This repository trains a model on tabular data. " * 6
    readme += "\n\n```\npip install -r requirements.txt\n```\n"
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.status is Status.WARN
    assert result.message == "README.md lacks how to run, the results"
    assert result.score == 0.5
    assert result.evidence[1].line == 6


def test_docs001_badges_and_code_comments_are_not_results_or_headings() -> None:
    readme = (
        "# Tool\n\n"
        "[![build](https://img.shields.io/github/actions/workflow/status/a/b/ci.yml)](x)\n\n"
        "![hero picture](assets/spectrogram.jpg)\n\n"
        "A short description of a tool that converts audio files to spectrograms for training "
        "speech models; it is one of several preprocessing steps of a larger project. We make "
        "changes often.\n\n"
        "```\n# Results\npython setup.py install\npython -m venv .venv\n```\n"
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.status is Status.WARN
    assert result.metrics["results"] == 0
    assert result.metrics["usage"] == 0
    assert result.metrics["install"] == 1


def test_docs001_a_plot_below_the_text_shows_results() -> None:
    readme = "# Tool\n\n" + "Words about the project. " * 12 + "\n\n![loss curve](plots/loss.png)\n"
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.metrics["results"] == 1
    assert (result.evidence[-1].path, result.evidence[-1].line) == ("README.md", 5)


def test_docs001_a_picture_the_code_saves_shows_a_result_near_the_top() -> None:
    # A short README lists three uncertainty methods, says "see example.py", then shows
    # example.png, the plot example.py saves: under forty words of text, it is no banner.
    readme = (
        "## Methods for uncertainty in deep learning\n\n- MC dropout\n- Bayesian network\n\n"
        "For usage, see example.py\n\n![example](./example.png)\n"
    )
    script = "import matplotlib.pyplot as plt\n\nplt.plot([1, 2])\nplt.savefig('example.png')\n"
    result = check("DOCS001", snapshot_from({"README.md": readme, "example.py": script}))
    assert result.metrics["results"] == 1
    assert (result.evidence[-1].path, result.evidence[-1].line) == ("README.md", 8)
    # The control: a picture no code writes, in the same place, is still a banner.
    other = script.replace("example.png", "curves.png")
    result = check("DOCS001", snapshot_from({"README.md": readme, "example.py": other}))
    assert result.metrics["results"] == 0


def test_docs001_a_picture_named_a_result_counts_in_a_folder_named_logos() -> None:
    # A Q&A app keeps its screenshots in logos/: the tech-stack picture there is logos, but
    # "![Result](/logos/result.png)" shows what the app answered.
    readme = (
        "# Document Finder\n\n" + "Words about the project. " * 12 + "\n\n"
        "## Tech stack\n\n![Gemini](/logos/Untitled%20design.png)\n\n"
        "## Design\n\n1. Result of the Document Finder\n\n![Result](/logos/result.png)\n"
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.metrics["results"] == 1
    assert (result.evidence[-1].path, result.evidence[-1].line) == ("README.md", 13)
    logos_only = readme.replace("![Result](/logos/result.png)", "![Flow](/logos/flow.png)")
    result = check("DOCS001", snapshot_from({"README.md": logos_only}))
    assert result.metrics["results"] == 0


def test_docs001_runs_a_declared_console_script() -> None:
    pyproject = '[project]\nname = "x"\n\n[project.scripts]\nspeckit = "speckit.cli:main"\n'
    readme = "Convert audio with\n\n    $ speckit convert in.wav\n" + "word " * 50
    result = check("DOCS001", snapshot_from({"README": readme, "pyproject.toml": pyproject}))
    assert result.status is Status.WARN
    assert result.metrics["usage"] == 1
    assert any(e.line == 3 for e in result.evidence)


def test_docs001_fails_without_readme_or_with_only_a_title() -> None:
    result = check("DOCS001", snapshot_from({"src/README.md": GOOD_README, "a.py": "x = 1\n"}))
    assert result.status is Status.FAIL
    assert result.evidence == ()
    assert result.message.endswith("in .github/ or in docs/")
    result = check("DOCS001", snapshot_from({"README.md": "# my-project\n"}))
    assert result.status is Status.FAIL
    assert (result.evidence[0].path, result.evidence[0].line) == ("README.md", 1)


def test_docs001_a_readme_in_the_one_folder_holding_the_project_is_read_and_warns() -> None:
    # A course team's repository holds only project/ (and a .gitignore): its README, with
    # install and run steps, sits one folder down, where GitHub's page does not show it.
    # Moving it up is the advice; "no README" would be false.
    files = {".gitignore": "*.pyc\n", "project/README.md": GOOD_README}
    files |= {"project/src/train.py": "import torch\n", "project/src/requirements.txt": "torch\n"}
    result = check("DOCS001", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.message.startswith("no README at the top of the repository, where GitHub")
    assert "project/README.md" in result.message
    assert result.evidence[0].path == "project/README.md"
    assert 0 < result.score < 1
    # A workflow folder beside it is no second project folder.
    with_ci = files | {".github/workflows/ci.yml": "on: push\n"}
    assert check("DOCS001", snapshot_from(with_ci)).status is Status.WARN


def test_docs001_reads_the_readme_github_shows_from_github_or_docs() -> None:
    # GitHub shows a README kept in .github/ or docs/ on the repository's page when there is
    # none at the top; the top one wins where both are.
    project = {"requirements.txt": "torch\n", "train.py": "import torch\n"}
    for folder in (".github", "docs"):
        result = check("DOCS001", snapshot_from({f"{folder}/README.md": GOOD_README, **project}))
        assert result.status is Status.PASS, folder
        assert result.evidence[0].path == f"{folder}/README.md"
    both = {"README.md": "# my-project\n", "docs/README.md": GOOD_README}
    assert check("DOCS001", snapshot_from(both)).evidence[0].path == "README.md"
    github_first = {"docs/README.md": "# docs\n", ".github/README.md": GOOD_README}
    assert check("DOCS001", snapshot_from(github_first)).status is Status.PASS


def test_docs001_a_link_to_a_file_the_repository_lacks_is_named() -> None:
    # An AlphaZero README sends the reader to train.ipynb, and the notebook is train_C4.ipynb:
    # GitHub answers the link with a 404.
    readme = (
        GOOD_README + "\nTrain it in [the notebook](./train.ipynb), see [notes](docs/notes.md#a).\n"
    )
    project = {"requirements.txt": "torch\n", "train.py": "", "train_C4.ipynb": "{}"}
    result = check("DOCS001", snapshot_from({"README.md": readme, **project}))
    assert result.status is Status.WARN
    assert result.message.endswith(
        "links ./train.ipynb and docs/notes.md, which are not in the repository"
    )
    assert ("README.md", 26, "./train.ipynb: not in the repository") in [
        (e.path, e.line, e.snippet) for e in result.evidence
    ]
    # Files and folders it holds, web addresses, pictures (a run may make them) and anchors
    # are no broken links.
    held = {**project, "train.ipynb": "{}", "docs/notes.md": "# Notes\n"}
    assert check("DOCS001", snapshot_from({"README.md": readme, **held})).status is Status.PASS
    # In HEAD's tree though not in the work tree (a partial clone): the link still leads there.
    commits = [Commit("a" * 40, "Ann", "ann@example.com", 1_736_154_000, "Add")]
    in_head = {"train.ipynb": 10, "docs/notes.md": 10}
    cloned = snapshot_from({"README.md": readme, **project}, commits=commits, blob_sizes=in_head)
    assert check("DOCS001", cloned).status is Status.PASS
    others = GOOD_README + (
        "\n[site](https://example.com/x.md) [top](#usage) ![plot](outputs/loss.md) [code](src/)\n"
    )
    files = {"README.md": others, **project, "src/model.py": ""}
    assert check("DOCS001", snapshot_from(files)).status is Status.PASS


def test_docs003_passes_with_a_workflow() -> None:
    workflow = "on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
    result = check("DOCS003", snapshot_from({".github/workflows/lint.yaml": workflow}))
    assert result.status is Status.PASS
    assert result.evidence[0].path == ".github/workflows/lint.yaml"


def test_docs003_fails_without_ci() -> None:
    result = check("DOCS003", snapshot_from({"train.py": "x = 1\n"}))
    assert result.status is Status.FAIL


def test_docs003_an_empty_or_misplaced_workflow_does_not_count() -> None:
    files = {
        ".github/workflows/ci.yml": "# TODO: add CI\n",
        "docs/.github/workflows/ci.yml": "on: [push]\njobs: {}\n",
    }
    result = check("DOCS003", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [(".github/workflows/ci.yml", 1)]


def test_docs003_a_workflow_that_does_not_parse_fails_with_the_line() -> None:
    workflow = "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n  - run: [\n"
    result = check("DOCS003", snapshot_from({".github/workflows/ci.yml": workflow}))
    assert result.status is Status.FAIL
    assert "does not parse" in result.message and "GitHub" in result.message
    assert result.evidence[0].line == 6


def test_docs003_a_github_workflow_without_jobs_runs_nothing() -> None:
    workflow = "name: ci\non: [push]\nenv:\n  A: 1\n"
    result = check("DOCS003", snapshot_from({".github/workflows/ci.yml": workflow}))
    assert result.status is Status.FAIL


def test_docs003_workflows_no_push_or_pull_request_starts_only_warn() -> None:
    triage = "on:\n  issues:\n    types: [opened]\njobs:\n  label:\n    runs-on: ubuntu-latest\n"
    nightly = "on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  t:\n    runs-on: ubuntu-latest\n"
    files = {".github/workflows/triage.yml": triage, ".github/workflows/nightly.yml": nightly}
    result = check("DOCS003", snapshot_from(files))
    assert result.status is Status.WARN
    assert "run only on issues, schedule: no workflow checks a push" in result.message
    # One workflow that pushes start is CI, whatever else runs beside it.
    push = "on: [push]\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
    result = check("DOCS003", snapshot_from({**files, ".github/workflows/ci.yml": push}))
    assert result.status is Status.PASS


PROSE = "This project trains a small language model on a corpus of public domain books. " * 3


def _parts(readme: str) -> dict[str, object]:
    return dict(check("DOCS001", snapshot_from({"README.md": readme})).metrics)


def _usage(title: str, section: str) -> object:
    """Whether a README titled ``title`` over the usual prose says how to run, from ``section``."""
    return _parts(f"# {title}\n\n{PROSE}\n\n{section}")["usage"]


def test_docs001_docker_compose_up_is_an_install_step() -> None:
    readme = f"# Tool\n\n{PROSE}\n\n## Run it\n\n```\ndocker compose up -d\n```\n"
    assert _parts(readme)["install"] == 1


def test_docs001_deploying_to_a_cluster_or_compose_is_how_to_run() -> None:
    # A deployment-stage README runs the project with kubectl, helm or docker-compose.
    for command in (
        "kubectl apply -f deployment/model-deploy.yaml",
        "helm install house-price ./chart",
        "docker-compose up --build",
    ):
        readme = f"# Tool\n\n{PROSE}\n\n## Deploy\n\n```powershell\n{command}\n```\n"
        assert _parts(readme)["usage"] == 1, command
    readme = f"# Tool\n\n{PROSE}\n\n```\nkubectl get pods\n```\n"
    assert _parts(readme)["usage"] == 0


def test_docs001_reads_chinese_japanese_and_korean_headings() -> None:
    for install, usage, results in (
        ("环境", "使用说明", "效果"),
        ("インストール", "使い方", "結果"),
        ("설치", "사용법", "결과"),
    ):
        readme = (
            f"# Tool\n\n{PROSE}\n\n## {install}\n\npython 3.7\n\n"
            f"## {usage}\n\n下载好就可以跑了。\n\n## {results}\n\n很好。\n"
        )
        parts = _parts(readme)
        assert (parts["install"], parts["usage"], parts["results"]) == (1, 1, 1), install
    # "使用的数据集" (the data set used) names no way to run the project.
    used = f"# Tool\n\n{PROSE}\n\n## 使用的数据集\n\nTHUCNews\n"
    assert _parts(used)["usage"] == 0


def test_docs001_a_table_whose_rule_has_one_hyphen_a_cell_is_a_table() -> None:
    # GitHub renders "--|--" as a table's rule; a results table written so shows results.
    readme = f"# Tool\n\n{PROSE}\n\n模型|acc|备注\n--|--|--\nbert|94.83%|单纯的bert\n"
    assert _parts(readme)["results"] == 1
    prose = f"# Tool\n\n{PROSE}\n\nA | B\nnot a rule\n"
    assert _parts(prose)["results"] == 0


def test_docs001_a_restructuredtext_simple_table_of_scores_is_a_result() -> None:
    # reStructuredText draws a simple table with rules of "=" runs, one a column; its
    # header sits between the first two rules. A table of scores written so shows results.
    table = "========  ========\nModel     Accuracy\n========  ========\nCNN       60.06%\n"
    readme = f"Tool\n====\n\n{PROSE}\n\n{table}========  ========\n"
    assert _parts(readme)["results"] == 1
    rows = "========  ========\nModel     Layers\n========  ========\nCNN       60.06%\n"
    assert _parts(f"Tool\n====\n\n{PROSE}\n\n{rows}========  ========\n")["results"] == 1
    design = "=======  ========\nChoice   Decision\n=======  ========\nData     TESS\n"
    assert _parts(f"Tool\n====\n\n{PROSE}\n\n{design}=======  ========\n")["results"] == 0


def test_docs001_a_roadmap_heading_over_unchecked_tasks_is_a_plan_not_a_part() -> None:
    # "## Evaluation" and "## Training" in a roadmap whose items are unchecked say what is
    # still to do: no step to run and no result yet.
    roadmap = (
        f"# SER\n\n{PROSE}\n\n# Roadmap\n\n## Training\n\n- [ ] CNN training\n\n"
        "## Evaluation\n\n- [ ] Cross-corpus evaluation\n* [ ] Report\n"
    )
    parts = _parts(roadmap)
    assert (parts["usage"], parts["results"]) == (0, 0)
    # Done, and pointing at what it found: the heading is a part again. (Ticked alone, "Cross-corpus
    # evaluation" says that it ran, not what came out.)
    done = roadmap.replace(
        "- [ ] Cross-corpus evaluation", "- [x] Cross-corpus evaluation ([report](report.md))"
    )
    assert _parts(done)["results"] == 1


def test_docs001_an_empty_heading_is_a_placeholder_not_a_part() -> None:
    # "### Results" left empty, the next heading of its level at once: a section the author
    # meant to fill, no result. Results shown in a picture further up are the evidence.
    readme = (
        f"# SRCNN\n\n{PROSE}\n\n## Usage\n\n### Training\n\n```\npython Main.py\n```\n\n"
        "### Results\n\n### Prediction\n\n```\npython Predict.py\n```\n"
    )
    assert _parts(readme)["results"] == 0
    picture = readme.replace(
        "### Results", "![output](images/results_1000_cropped.png)\n\n### Results"
    )
    result = check("DOCS001", snapshot_from({"README.md": picture}))
    assert result.metrics["results"] == 1
    snippets = [e.snippet for e in result.evidence]
    assert any("![output]" in snippet for snippet in snippets), snippets
    assert "### Results" not in snippets
    # A heading over deeper headings is no placeholder, nor one over a line of text; an empty
    # "## Installation" names no install step either.
    nested = readme.replace("### Results\n\n", "## Results\n\n### Set5\n\nPSNR 32.4 dB\n\n")
    assert _parts(nested)["results"] == 1
    assert _parts(readme.replace("### Results\n", "### Results\nSee the report.\n"))["results"] == 1
    empty_install = f"# Tool\n\n{PROSE}\n\n## Installation\n\n## Usage\n\nRun it.\n"
    assert _parts(empty_install)["install"] == 0
    assert _parts(empty_install.replace("## Usage", "pip install tool\n\n## Usage"))["install"] == 1


def test_docs001_a_results_section_saying_it_is_still_to_come_is_a_placeholder() -> None:
    # "## Performance" over a table whose one cell says "Still Training Now": a section the
    # author means to fill, no result yet; so are "coming soon" and "TBD" under "## Results".
    readme = (
        f"# C3D\n\n{PROSE}\n\n## Performance\nAccuracy     | \n:-----------:|\n"
        "-- Still Training Now --  |\n\n&nbsp;\n\n## Train\n\n```\npython3 train.py\n```\n"
    )
    assert _parts(readme)["results"] == 0
    for pending in ("Coming soon.", "TBD", "Results will be added once training finishes."):
        assert _parts(f"# Tool\n\n{PROSE}\n\n## Results\n\n{pending}\n")["results"] == 0
    # A value, a link or a picture beside the promise is a result still.
    for shown in (
        "-- Still Training Now (epoch 3: 41.2%) --  |",
        "Still training; see [log](log.md)",
    ):
        assert _parts(readme.replace("-- Still Training Now --  |", shown))["results"] == 1


def test_docs001_a_jupyter_notebook_named_in_prose_is_no_command() -> None:
    prose = f"# Tool\n\n{PROSE}\n\nA demonstration can be found in this Jupyter Notebook.\n"
    assert _parts(prose)["usage"] == 0
    command = f"# Tool\n\n{PROSE}\n\n```\njupyter notebook demo.ipynb\n```\n"
    assert _parts(command)["usage"] == 1


def test_docs001_metrics_and_numbers_in_code_blocks_are_results() -> None:
    for shown in ("test logprob ~1.92", "epoch 10: loss 0.231", "test error 2.3%"):
        readme = f"# Tool\n\n{PROSE}\n\nAfter training:\n\n```\n{shown}\n```\n"
        assert _parts(readme)["results"] == 1, shown


def test_docs001_a_command_with_a_loss_flag_or_code_is_not_a_result() -> None:
    for code in ("python train.py --loss mse --lr 0.001", "loss = 0.5 * (mse + kl)"):
        readme = f"# Tool\n\n{PROSE}\n\n```\n{code}\n```\n"
        assert _parts(readme)["results"] == 0, code


def test_docs001_generated_samples_are_results() -> None:
    readme = f"# Tool\n\n{PROSE}\n\n## Generated samples\n\nOnce upon a time, a fox.\n"
    assert _parts(readme)["results"] == 1


def test_docs001_text_the_readme_says_the_model_generates_is_a_result() -> None:
    # picoGPT: the usage command, then "Which generates" and the generated text; and
    # build-nanogpt: what the model "says" after training, in a block of its own.
    pico = (
        f'# Tool\n\n{PROSE}\n\n## Usage\n\n```bash\npython gpt2.py "Alan Turing theorized"\n```'
        "\n\nWhich generates\n\n```\n the most powerful machines on the planet.\n\n"
        "The computer is a machine that can perform complex calculations.\n```\n"
    )
    assert _parts(pico)["results"] == 1
    says = (
        f"# Tool\n\n{PROSE}\n\nThis is what the model says after 10B tokens of training:\n\n"
        "```\nHello, I'm a language model, and my goal is to make English easy.\n```\n"
    )
    assert _parts(says)["results"] == 1
    # A layout or a help text shown the same way is no result.
    for block in ("data/\n  train/\n  test/", "usage: train.py [-h] --lr LR"):
        tree = f"# Tool\n\n{PROSE}\n\nThe script generates:\n\n```\n{block}\n```\n"
        assert _parts(tree)["results"] == 0, block


def test_docs001_a_papers_claims_are_not_the_projects_results() -> None:
    readme = (
        f"# Tool\n\n{PROSE}\n\nThe original paper (Smith et al., 2020) reports 94.1% "
        "accuracy on ImageNet.\n"
    )
    assert _parts(readme)["results"] == 0
    own = f"# Tool\n\n{PROSE}\n\nAs in our paper, the model reaches 94.1% accuracy on ImageNet.\n"
    assert _parts(own)["results"] == 1


def test_docs003_a_workflow_github_rejects_does_not_run() -> None:
    no_runner = "on: [push]\njobs:\n  test:\n    steps:\n      - run: pytest\n"
    result = check("DOCS003", snapshot_from({".github/workflows/ci.yml": no_runner}))
    assert result.status is Status.FAIL
    assert "runs-on" in result.message and result.evidence[0].line == 3
    no_trigger = (
        "name: ci\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n"
    )
    result = check("DOCS003", snapshot_from({".github/workflows/ci.yml": no_trigger}))
    assert result.status is Status.FAIL
    assert "on:" in result.message
    reusable = "on: [push]\njobs:\n  call:\n    uses: ./.github/workflows/tests.yml\n"
    result = check("DOCS003", snapshot_from({".github/workflows/ci.yml": reusable}))
    assert result.status is Status.PASS


def test_docs001_prerequisites_say_how_to_install_and_a_metric_heading_shows_results() -> None:
    readme = (
        f"# Train CIFAR10\n\n{PROSE}\n\n## Prerequisites\n- Python 3.6+\n- PyTorch 1.0+\n\n"
        "## Training\n```\npython main.py\n```\n\n## Accuracy\nSee the logs.\n"
    )
    parts = _parts(readme)
    assert parts["install"] == 1 and parts["results"] == 1


def test_docs002_a_licence_section_hidden_in_an_html_comment_declares_none() -> None:
    # The author commented out the README's licence section with its LICENSE link (the file
    # was never added): GitHub shows no licence, so nothing is declared and DOCS002 fails.
    readme = (
        "# CatDog\n\nTrain with `python src/train.py`.\n\n<!--\n## Training Results\n\n"
        "## License\n\nThis project is licensed under the MIT License - see the "
        "[LICENSE](LICENSE) file for details.\n-->\n"
    )
    result = check("DOCS002", snapshot_from({"README.md": readme}))
    assert result.status is Status.FAIL
    assert result.message == "no LICENSE file at the top of the repository"
    shown = readme.replace("<!--\n", "").replace("-->\n", "")
    assert check("DOCS002", snapshot_from({"README.md": shown})).status is Status.WARN


def test_docs001_a_licence_table_or_a_citation_is_not_a_result() -> None:
    readme = (
        f"# Tool\n\n{PROSE}\n\n## License\n\n| Permissions | Limitations |\n|---|---|\n"
        "| Commercial use | Liability |\n\n## Citation\n\nAccuracy 0.95 in Smith 2020.\n"
    )
    assert _parts(readme)["results"] == 0


def test_docs001_a_table_of_choices_or_links_is_not_a_result() -> None:
    # A design table ("Choice | Decision") or a course's list of assignments shows no value
    # the project measured; a table of scores does, by a metric or a measured number.
    design = (
        f"# GPT\n\n{PROSE}\n\n| Choice | Decision |\n|---|---|\n"
        "| Dataset | Tiny Shakespeare (~1 MB) |\n| Tokenizer | Character-level (vocab 65) |\n"
    )
    assert _parts(design)["results"] == 0
    course = f"# HW\n\n{PROSE}\n\n| Count | Assignment |\n|---|---|\n| 1 | [HW1](hw1.ipynb) |\n"
    assert _parts(course)["results"] == 0
    scores = f"# Net\n\n{PROSE}\n\n| Model | Top-1 |\n|---|---|\n| ResNet-18 | 93.02% |\n"
    assert _parts(scores)["results"] == 1
    header = f"# Net\n\n{PROSE}\n\n| Model | Accuracy |\n|---|---|\n| CNN | 99 |\n"
    assert _parts(header)["results"] == 1
    timed = f"# Net\n\n{PROSE}\n\n| Model | Params | Time |\n|---|---|---|\n| GPT | 10M | 1.5 h |\n"
    assert _parts(timed)["results"] == 1


def test_docs002_a_licence_in_setup_metadata_warns_and_a_licenses_folder_passes() -> None:
    setup = "from setuptools import setup\n\nsetup(\n    name='x',\n    license='MIT',\n)\n"
    result = check("DOCS002", snapshot_from({"setup.py": setup}))
    assert result.status is Status.WARN
    assert (result.evidence[0].path, result.evidence[0].line) == ("setup.py", 5)
    cfg = "[metadata]\nname = x\nlicense = Apache-2.0\n"
    assert check("DOCS002", snapshot_from({"setup.cfg": cfg})).status is Status.WARN
    reuse = {"LICENSES/MIT.txt": MIT, "a.py": "x = 1\n"}
    result = check("DOCS002", snapshot_from(reuse))
    assert result.status is Status.PASS and result.metrics["license"] == "MIT"


def test_docs002_an_empty_licence_in_setup_metadata_declares_none() -> None:
    # ``license=''`` is a template's blank, not a licence: nothing is declared, so it fails.
    setup = "from setuptools import setup\n\nsetup(\n    name='x',\n    license='',\n)\n"
    result = check("DOCS002", snapshot_from({"setup.py": setup}))
    assert result.status is Status.FAIL
    assert "declared" not in result.message
    cfg = "[metadata]\nname = x\nlicense =\n"
    assert check("DOCS002", snapshot_from({"setup.cfg": cfg})).status is Status.FAIL
    named = setup.replace("license=''", "license='MIT'")
    assert check("DOCS002", snapshot_from({"setup.py": named})).status is Status.WARN


def test_docs002_an_empty_licence_file_grants_nothing() -> None:
    # A team's course project committed a one-byte LICENSE (a newline) and named MIT only in
    # pyproject.toml: the file passed as "LICENSE (unrecognised)", though it grants nothing.
    pyproject = '[project]\nname = "x"\nlicense = { text = "MIT" }\n'
    result = check("DOCS002", snapshot_from({"LICENSE": "\n", "pyproject.toml": pyproject}))
    assert result.status is Status.WARN
    assert "LICENSE is empty" in result.message and "pyproject.toml" in result.message
    assert [(e.path, e.line) for e in result.evidence] == [("LICENSE", 1), ("pyproject.toml", 3)]
    # Declared nowhere, an empty LICENSE is no licence at all.
    result = check("DOCS002", snapshot_from({"LICENSE": "  \n\n", "train.py": "x = 1\n"}))
    assert result.status is Status.FAIL and "LICENSE is empty" in result.message
    # A licence whose text is not recognised still passes: only an empty file is judged.
    result = check(
        "DOCS002", snapshot_from({"LICENSE": "Copyright 2024 Ada. All rights reserved.\n"})
    )
    assert result.status is Status.PASS and result.metrics["license"] == "unrecognised"


def test_docs003_recognises_more_ci_services() -> None:
    for path in (
        ".drone.yml",
        "appveyor.yml",
        ".cirrus.yml",
        ".woodpecker.yml",
        ".woodpecker/test.yml",
        ".buildkite/pipeline.yml",
    ):
        result = check("DOCS003", snapshot_from({path: "steps:\n  - commands: [pytest]\n"}))
        assert result.status is Status.PASS, path


def test_docs001_importing_the_projects_own_package_in_a_code_block_shows_usage() -> None:
    readme = (
        f"# Tool\n\n{PROSE}\n\n```python\nfrom speckit import Spectrogram\n\n"
        "spec = Spectrogram(sample_rate=16000)\n```\n"
    )
    files = {"README.md": readme, "src/speckit/__init__.py": "X = 1\n"}
    assert check("DOCS001", snapshot_from(files)).metrics["usage"] == 1
    other = readme.replace("from speckit import", "from numpy import")
    files = {"README.md": other, "src/speckit/__init__.py": "X = 1\n"}
    assert check("DOCS001", snapshot_from(files)).metrics["usage"] == 0
    # A CIFAR-10 walkthrough copies main.py's code, `from utils.MACROS import BATCH_SIZE`
    # included: a package named as learners name their helpers is no library shown in use.
    listing = readme.replace("from speckit import Spectrogram", "from utils.MACROS import BATCH")
    files = {"README.md": listing, "utils/__init__.py": "", "utils/MACROS.py": "BATCH = 8\n"}
    assert check("DOCS001", snapshot_from(files)).metrics["usage"] == 0


def test_docs001_a_comparison_section_shows_results() -> None:
    comparison = (
        "We can verify that the tokenizer matches tiktoken:\n\n```python\n"
        "print(enc.encode(text))\n# [15339, 4513]\nprint(tokenizer.encode(text))\n"
        "# [15339, 4513]\n```\n"
    )
    for heading in ("inference: GPT-4 comparison", "Compared with the baseline"):
        readme = f"# Tool\n\n{PROSE}\n\n## {heading}\n\n{comparison}"
        assert _parts(readme)["results"] == 1, heading
    readme = f"# Tool\n\n{PROSE}\n\n## Inference\n\n{comparison}"
    assert _parts(readme)["results"] == 0


def test_docs001_a_windows_command_runs_the_project() -> None:
    # Written on Windows: the interpreter is python.exe and the script path has a backslash.
    readme = (
        "# Homework\n\n" + "Words about the exercise. " * 12 + "\n\n"
        "~~~shell\npython.exe .\\simple-mnist-convnet.py\n~~~\n"
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.metrics["usage"] == 1
    assert any(e.line == 6 for e in result.evidence)


def test_docs001_the_output_a_readme_example_prints_shows_what_came_out() -> None:
    # torchsummary's README: the call, then the block it prints; a library has no accuracy.
    example = "```python\nmodel = Net()\nsummary(model, (1, 28, 28))\n```\n\n\n"
    printed = (
        "```\n        Layer (type)               Output Shape         Param #\n"
        "================================================================\n"
        "            Conv2d-1           [-1, 10, 24, 24]             260\n"
        "Total params: 21,840\n```\n"
    )
    readme = f"# Tool\n\n{PROSE}\n\n## Examples\n\n{example}{printed}"
    assert _parts(readme)["results"] == 1
    # Two blocks of code or commands in a row, a tree of files, or an output with no
    # number in it show no result.
    for second in (
        "```\npip install tool==1.2\npython train.py --epochs 3\n```\n",
        "```\nx = compute(1, 2)\nprint(x[0])\n```\n",
        "```\nproject/\n├── data_2024/\n└── train.py\n```\n",
        "```\nDone.\n```\n",
    ):
        readme = f"# Tool\n\n{PROSE}\n\n## Examples\n\n{example}{second}"
        assert _parts(readme)["results"] == 0, second
    # Prose between the two blocks: the second is not shown as the first one's output.
    apart = f"# Tool\n\n{PROSE}\n\n{example}Then configure it as you like.\n\n{printed}"
    assert _parts(apart)["results"] == 0


def test_docs001_building_from_source_is_how_to_install() -> None:
    # A project with a compiled core says how to build it, which is its install step.
    for build in (
        'CXXFLAGS="-Ofast" meson setup build\nmeson compile -C build',
        "cmake -B build -S .\ncmake --build build",
        "./configure && make && make install",
        "cargo build --release",
    ):
        readme = f"# Tool\n\n{PROSE}\n\n## Building under Linux\n\n```sh\n{build}\n```\n"
        assert _parts(readme)["install"] == 1, build


def test_docs001_results_evidence_is_the_results_section_not_an_earlier_diagram() -> None:
    # An architecture figure sits between the first paragraphs and the "# Results" section
    # that reports IoU: the evidence must point at what was measured, not at the diagram.
    readme = (
        f"# UNet\n\n{PROSE}\n\n# Architecture\n\n![diagram](graphs/unet_architecture.png)\n\n"
        "# Loss Function\n\nA weighted pixel-wise cross entropy.\n\n"
        "# Results\n\nIntersection over Union (IOU): 0.758\n"
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.metrics["results"] == 1
    shown = [(e.line, e.snippet) for e in result.evidence]
    assert (13, "# Results") in shown, shown
    assert not any("unet_architecture" in (snippet or "") for _, snippet in shown), shown


def test_docs001_a_section_defining_the_loss_function_is_not_a_result() -> None:
    # "## Loss function" explains what is optimised; "## Loss" or "## Accuracy" reports it.
    about = f"# Tool\n\n{PROSE}\n\n## Loss Function\n\nCross entropy over pixels.\n"
    assert _parts(about)["results"] == 0
    assert _parts(about.replace("Loss Function", "Accuracy"))["results"] == 1


def test_docs001_a_readme_running_a_tracked_setup_script_that_installs_says_how_to_install() -> (
    None
):
    readme = f"# Tool\n\n{PROSE}\n\n## Quick Start\n\n```bash\nsh setup.sh\npython main.py\n```\n"
    files = {"README.md": readme, "setup.sh": "pip install -r requirements.txt\n"}
    result = check("DOCS001", snapshot_from(files))
    assert result.metrics["install"] == 1
    assert any(e.snippet == "sh setup.sh" for e in result.evidence)


def test_docs001_a_script_that_installs_nothing_or_is_not_tracked_is_no_install_step() -> None:
    readme = f"# Tool\n\n{PROSE}\n\n## Quick Start\n\n```bash\nbash scripts/get_data.sh\n```\n"
    assert _parts(readme)["install"] == 0
    files = {"README.md": readme, "scripts/get_data.sh": "wget https://example.org/data.zip\n"}
    assert check("DOCS001", snapshot_from(files)).metrics["install"] == 0
    tree = f"# Tool\n\n{PROSE}\n\n```\n.\n├── ./install.sh\n└── train.py\n```\n"
    files = {"README.md": tree, "install.sh": "pip install torch\n"}
    assert check("DOCS001", snapshot_from(files)).metrics["install"] == 0


def test_docs001_a_heading_in_another_form_still_names_its_part() -> None:
    # "## Requirement" listing "pytorch >= 2.0", "## 3. Dependencies", "## 🛠️ Setup": the
    # singular, a section number and an emoji do not change what the heading names.
    for heading in ("Requirement", "3. Dependencies", "🛠️ Requirements & Setup", "Step 1: Setup"):
        readme = f"# CNN\n\n{PROSE}\n\n## {heading}\n* python >= 3.8\n* pytorch >= 2.0\n"
        assert _parts(readme)["install"] == 1, heading
    for heading in ("4. Demo", "🚀 Usage"):
        readme = f"# CNN\n\n{PROSE}\n\n## {heading}\nRun the script with the defaults.\n"
        assert _parts(readme)["usage"] == 1, heading
    # Words that only start like a part name still name nothing.
    readme = f"# CNN\n\n{PROSE}\n\n## Environmental impact\nNone.\n\n## Runtime notes\nFast.\n"
    assert _parts(readme)["install"] == 0 and _parts(readme)["usage"] == 0


def test_docs001_a_run_with_interpreter_options_is_a_run() -> None:
    # "python -B main.py --window 100": the options before the script do not hide the run.
    for command in ("python -B main.py --epochs 50", "python3 -u train.py", "python -OO -m app"):
        readme = f"# Text generation\n\n{PROSE}\n\n```\n{command}\n```\n"
        assert _parts(readme)["usage"] == 1, command
    readme = f"# Text generation\n\n{PROSE}\n\n```\npython -m venv .venv\n```\n"
    assert _parts(readme)["usage"] == 0


GUIDE = """\
# Diffusion from Scratch

This repo is a guide to implementing diffusion models from scratch, chapter by chapter,
from the forward process to a model trained on MNIST and one trained on CIFAR-10 images.

## Chapters

1. [Forward Process](01-forward/README.md)

   We build a forward process that adds Gaussian noise to an image.

2. [MNIST](02-mnist/README.md)

   We train a model on the MNIST dataset.
3. [CelebA](03-celeba/README.md)
"""
CHAPTER = """\
# MNIST

We train the model on MNIST, the dataset of handwritten digits, with the same noise schedule
as before and a small U-Net that predicts the noise added at each step of the forward
process; the loss is the mean squared error between the true and the predicted noise:

```bash
python part_a_mnist.py train --epochs 10
```

Our resulting output looks like this:

![MNIST samples](assets/mnist-samples.png)
"""


def test_docs001_a_guide_whose_chapters_say_how_to_run_and_show_results() -> None:
    # The top README is a table of contents; each chapter it links says how to run its part
    # and shows what came out. A link to no tracked page (wrong case) reads nothing.
    files = {
        "README.md": GUIDE,
        "01-forward/README.md": "# Forward process\n\nAdding noise step by step.\n",
        "02-mnist/README.md": CHAPTER,
        "03-celebA/README.md": "## Install\n\npip install -r requirements.txt\n",
        "requirements.txt": "torch\n",
    }
    result = check("DOCS001", snapshot_from(files))
    assert result.status is Status.WARN
    # The wrong-case link is also named: GitHub answers it with a 404.
    assert result.message == (
        "README.md lacks how to install; it links 03-celeba/README.md, which is not in the"
        " repository"
    )
    found = {(e.path, e.line) for e in result.evidence}
    assert ("02-mnist/README.md", 8) in found and ("02-mnist/README.md", 13) in found


def test_docs001_a_readme_that_sends_its_reader_to_each_folders_readme() -> None:
    # "Training scripts are found in the Transformer_model folder, follow the instructions in
    # the README file in the folder": each folder's README lists what to install and which
    # notebook to run ("Run _Predict.ipynb_.", the name inside Markdown's emphasis). What none
    # of them says (the results) is still missing.
    readme = (
        "# Vehicle trajectory forecasting\n\n" + f"{PROSE}\n\n"
        "### Transformer\n\nTraining and evaluation notebooks are found in the"
        " Transformer_model folder, follow the instructions in the README file in the folder.\n"
    )
    folder = (
        "# Transformer\n\n## Requirements\n\n- Pytorch 1.0+\n- Pandas\n\n### Evaluate\n\n"
        "Run _Predict.ipynb_. In this notebook, you can also plot the predictions.\n"
    )
    files = {
        "README.md": readme,
        "Transformer_model/README.md": folder,
        "Transformer_model/Predict.ipynb": "{}",
    }
    result = check("DOCS001", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.message == "README.md lacks the results", result.message
    found = {e.path for e in result.evidence}
    assert "Transformer_model/README.md" in found


def test_docs001_a_list_of_command_line_options_is_not_what_the_command_printed() -> None:
    # "The script accepts the following optional arguments:" then "--batch-size ... (default:
    # 128)": the block documents the options of the command above it; nothing came out.
    readme = (
        "# VAE\n\n" + "An implementation of the variational autoencoder on MNIST. " * 4 + "\n\n"
        "```bash\npython main.py --no-accel\n```\n\n"
        "The main.py script accepts the following optional arguments:\n\n"
        "```bash\n--batch-size            input batch size for training (default: 128)\n"
        "--epochs                number of epochs to train (default: 10)\n```\n"
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.metrics["results"] == 0, result.evidence


def test_docs001_a_folder_named_in_prose_is_no_command_but_running_the_notebook_is() -> None:
    # A notebook-only RAG demo: "Place your markdown documents in a ./docs directory" is where
    # the input goes; "Run the notebook cells sequentially" is how to run it.
    place = f"# RAG\n\n{PROSE}\n\nPlace your markdown documents in a ./docs directory\n"
    assert _parts(place)["usage"] == 0
    for sentence in (
        "Run the notebook cells sequentially",
        "Open it in Jupyter and run all cells.",
        "Then run the notebook from top to bottom.",
        "Start the app with ./run.sh once the data is in place.",
    ):
        assert _parts(f"# RAG\n\n{PROSE}\n\n{sentence}\n")["usage"] == 1, sentence
    code = f"# RAG\n\n{PROSE}\n\n```\nmkdir ./data\n```\n"
    assert _parts(code)["usage"] == 0


def test_docs001_prose_naming_a_script_to_run_is_how_to_run() -> None:
    # "First run dataAnalysis.py ... then run whichever train_*.py you like": the steps,
    # written as sentences.
    for sentence in (
        "First run dataAnalysis.py to have some insights about your data.",
        "To train the model, run `train.py`; it saves the weights.",
        "Execute the script main.py after downloading the data.",
        "Run the notebook Churn.ipynb from top to bottom.",
    ):
        readme = f"# Churn\n\n{PROSE}\n\n{sentence}\n"
        assert _parts(readme)["usage"] == 1, sentence
    for sentence in ("The model runs fast on a CPU.", "Training runs in setup.py are not run."):
        readme = f"# Churn\n\n{PROSE}\n\n{sentence}\n"
        assert _parts(readme)["usage"] == 0, sentence


def test_docs001_a_plot_of_the_data_under_a_data_heading_is_no_result() -> None:
    # "I plotted the total sales of each date" under "Data Exploration" shows the input.
    readme = (
        "# Sales Prediction\n\n" + "Words about the project. " * 12 + "\n\n"
        "### Data Exploration\n\nI plotted the total sales of each date.\n\n"
        "![sales-date_whole](https://github.com/user-attachments/assets/0346)\n"
    )
    assert _parts(readme)["results"] == 0
    for heading in ("Dataset", "EDA", "6. Exploratory Data Analysis (EDA)", "The data"):
        assert _parts(readme.replace("Data Exploration", heading))["results"] == 0, heading
    # Elsewhere the same picture shows what came out; named so, it does even there.
    assert _parts(readme.replace("Data Exploration", "Forecast"))["results"] == 1
    named = readme.replace("![sales-date_whole]", "![forecast results]")
    assert _parts(named)["results"] == 1


def test_docs001_a_diagram_of_the_method_is_no_result() -> None:
    # "![Autoencoder: schema](https://blog.keras.io/.../autoencoder_schema.jpg)" between the
    # paragraphs explaining autoencoders pictures the method, not what the project got.
    readme = (
        "# Fraud detection\n\n" + "Words about the project. " * 12 + "\n\n"
        "![Autoencoder: schema](https://blog.keras.io/img/ae/autoencoder_schema.jpg)\n"
    )
    assert _parts(readme)["results"] == 0
    for picture in (
        "![model](docs/architecture.png)",
        "![Network diagram](img/net.png)",
        '<img src="assets/pipeline_overview.svg" alt="overview">',
    ):
        assert _parts(readme.replace(readme.splitlines()[-1], picture))["results"] == 0, picture
    # A picture named for what came out still shows a result, and a plain one too.
    for picture in ("![reconstruction error](reports/figures/loss.png)", "![](out/roc.png)"):
        assert _parts(readme.replace(readme.splitlines()[-1], picture))["results"] == 1, picture
    named = readme.replace("![Autoencoder: schema]", "![schema and results]")
    assert _parts(named)["results"] == 1


PLANNED_README = """\
# Customer segmentation

Clusters mall customers with k-means on their age, income and spending score, and profiles
each segment for the marketing team: who spends, who saves, and who could be won over.

## Setup

```
pip install -r requirements.txt
```

## Run

```
python src/run_kmeans.py --k 5
jupyter notebook notebooks/segmentation.ipynb
```
"""


def test_docs001_steps_whose_commands_name_files_the_repository_lacks_are_missing() -> None:
    files = {"README.md": PLANNED_README, "Clustering.ipynb": notebook("x = 1")}
    result = check("DOCS001", snapshot_from(files))
    assert result.status is Status.WARN
    assert "how to install (its command names requirements.txt, not in" in result.message
    assert "name src/run_kmeans.py, notebooks/segmentation.ipynb, not in" in result.message
    assert result.metrics["install"] == result.metrics["usage"] == 0
    absent = [(e.line, e.snippet) for e in result.evidence if "not in the" in (e.snippet or "")]
    assert absent == [
        (15, "src/run_kmeans.py: not in the repository"),
        (16, "notebooks/segmentation.ipynb: not in the repository"),
        (9, "requirements.txt: not in the repository"),
    ]


def test_docs001_a_command_naming_a_file_held_in_any_folder_is_a_step() -> None:
    files = {
        "README.md": PLANNED_README,
        "src/run_kmeans.py": "print(1)\n",
        "requirements/requirements.txt": "numpy\n",
    }
    result = check("DOCS001", snapshot_from(files))
    assert result.metrics["install"] == result.metrics["usage"] == 1
    # The held files are named nowhere; the notebook the second command opens is missing.
    assert "run_kmeans" not in result.message and "requirements.txt" not in result.message
    assert "its command names notebooks/segmentation.ipynb, not in the repository" in (
        result.message
    )


def test_docs001_an_install_that_names_packages_stands_without_the_file() -> None:
    readme = PLANNED_README.replace(
        "pip install -r requirements.txt", "pip install -r requirements.txt\npip install sklearn"
    )
    result = check("DOCS001", snapshot_from({"README.md": readme, "run_kmeans.py": "x = 1\n"}))
    assert result.metrics["install"] == result.metrics["usage"] == 1


def test_docs001_commands_after_cloning_another_repository_are_not_judged() -> None:
    readme = PLANNED_README.replace(
        "## Run\n", "## Run\n\n```\ngit clone https://github.com/ultralytics/yolov5\n```\n"
    )
    files = {"README.md": readme, "detect.py": "x = 1\n"}
    assert check("DOCS001", snapshot_from(files)).metrics["usage"] == 1
    own = readme.replace("ultralytics/yolov5", "<your-username>/segmentation")
    assert check("DOCS001", snapshot_from(files | {"README.md": own})).metrics["usage"] == 0


def test_docs001_placeholders_name_no_file() -> None:
    readme = PLANNED_README.replace("src/run_kmeans.py", "path/to/your_script.py").replace(
        "jupyter notebook notebooks/segmentation.ipynb\n", ""
    )
    result = check("DOCS001", snapshot_from({"README.md": readme, "a.py": "x = 1\n"}))
    assert result.metrics["usage"] == 1


CLUSTERING_README = """\
# Customer segmentation

Segments the customers of an online shop by recency, frequency and monetary value, and
compares k-means with DBSCAN and hierarchical clustering on the same scaled features, so
the marketing team can pick the segments that read most clearly.

## Usage

```
python segment.py
```

## Clustering

- **Results**: for our data the silhouette score picked k=3 clusters.
"""


def test_docs001_a_bold_results_label_with_a_number_is_a_result() -> None:
    files = {"README.md": CLUSTERING_README, "segment.py": "x = 1\n"}
    result = check("DOCS001", snapshot_from(files))
    assert result.metrics["results"] == 1
    assert (result.evidence[-1].line, result.evidence[-1].snippet) == (
        15,
        "- **Results**: for our data the silhouette score picked k=3 clusters.",
    )
    promised = CLUSTERING_README.replace("for our data the silhouette score picked k=3", "TBD")
    assert check("DOCS001", snapshot_from(files | {"README.md": promised})).metrics["results"] == 0


def test_docs001_clustering_scores_with_their_values_are_results() -> None:
    readme = CLUSTERING_README.replace(
        "- **Results**: for our data the silhouette score picked k=3 clusters.",
        "k-means reaches a silhouette of 0.61; DBSCAN a Davies-Bouldin index of 0.72.",
    )
    files = {"README.md": readme, "segment.py": "x = 1\n"}
    assert check("DOCS001", snapshot_from(files)).metrics["results"] == 1


def test_docs001_a_file_the_readme_shows_is_the_readers_to_save() -> None:
    readme = PLANNED_README.replace(
        "## Run\n", "## Run\n\n```python\n# run_kmeans.py\nprint('fit')\n```\n"
    ).replace("jupyter notebook notebooks/segmentation.ipynb\n", "")
    files = {"README.md": readme, "a.py": "x = 1\n"}
    assert check("DOCS001", snapshot_from(files)).metrics["usage"] == 1
    introduced = PLANNED_README.replace(
        "## Run\n", "## Run\n\nSave this as `run_kmeans.py`:\n\n```\nprint('fit')\n```\n"
    ).replace("jupyter notebook notebooks/segmentation.ipynb\n", "")
    assert check("DOCS001", snapshot_from(files | {"README.md": introduced})).metrics["usage"] == 1


def test_docs001_a_shell_block_after_another_is_a_command_not_its_output() -> None:
    # A Russian OCR project's numbered steps: "cd data/raw", then "2. Download the data set:"
    # and a ```bash block with `kaggle datasets download .../mjsynth-1-250k`. A block fenced
    # as a shell holds commands to type, not what the block above printed.
    steps = (
        "1. Go to the data folder:\n   ```bash\n   cd data/raw\n   ```\n\n"
        "2. Download the data set:\n   ```bash\n"
        "   kaggle datasets download pradeepsiva/mjsynth-1-250k\n   ```\n"
    )
    readme = f"# OCR\n\n{PROSE}\n\n## Data\n\n{steps}"
    assert _parts(readme)["results"] == 0
    # Nor is a ```csv block after the preparation command: the file it expects, not a result.
    expected = (
        "```bash\nmake prepare-iam\n```\n\nThe expected CSV format after preprocessing:\n\n"
        "```csv\nimage_path,text\ndata/lines/a01/a01-000u-00.png,A MOVE to stop Mr. Gaitskell\n```\n"
    )
    assert _parts(f"# HTR\n\n{PROSE}\n\n## Dataset\n\n{expected}")["results"] == 0
    # The same block left unfenced for a language, or fenced as text, may be an output.
    for fence in ("```", "```text"):
        shown = steps.replace("2. Download the data set:\n   ```bash", f"Output:\n   {fence}")
        assert _parts(f"# OCR\n\n{PROSE}\n\n## Data\n\n{shown}")["results"] == 1, fence


def test_docs001_an_evaluation_heading_over_no_value_says_how_not_what_came_out() -> None:
    # A handwriting project's "## Evaluation": the metrics it reports and what they mean,
    # with no number, while its roadmap still lists "Add model training results".
    section = (
        "## Evaluation\n\nEvaluation runs automatically after each training epoch and reports:\n\n"
        "| Metric | Meaning |\n|---|---|\n| CER | Character Error Rate — lower is better |\n"
        "| WER | Word Error Rate — lower is better |\n\nTo plot training curves:\n\n"
        "```bash\nmake plot-metrics\n```\n\n## Inference\n\nRun it on a line image.\n"
    )
    assert _parts(f"# HTR\n\n{PROSE}\n\n{section}")["results"] == 0
    # A value, a link or a picture under the same heading shows what came out; so does a
    # heading that names results beside evaluation.
    for shown in (
        "The best checkpoint reached 8 errors in 100 characters on the test lines.\n",
        "See [the training report](docs/report.md).\n",
        "![curves](outputs/plots/curves.png)\n",
    ):
        found = section.replace("To plot training curves:", shown + "\nTo plot training curves:")
        assert _parts(f"# HTR\n\n{PROSE}\n\n{found}")["results"] == 1, shown
    named = section.replace("## Evaluation", "## Evaluation results")
    assert _parts(f"# HTR\n\n{PROSE}\n\n{named}")["results"] == 1


def test_docs001_a_requirements_file_named_with_a_slip_of_spelling_is_an_install_step() -> None:
    # "## Requirments / Install all the packages from requirments.txt": learners misspell the
    # word, and pip reads the file by whatever name it has.
    readme = (
        f"# Federated averaging\n\n{PROSE}\n\n## Requirments\n"
        "Install all the packages from requirments.txt\n* Python3\n\n"
        "## Running\n```\npython src/main.py\n```\n"
    )
    assert _parts(readme)["install"] == 1
    inline = f"# FL\n\n{PROSE}\n\nInstall the packages listed in requierments.txt first.\n"
    assert _parts(inline)["install"] == 1


def test_docs001_one_heading_naming_two_parts_is_one_evidence_line() -> None:
    # "Getting Started" names both how to install and how to run: the reader is pointed at it
    # once, not once for each part.
    readme = (
        "# Deep ensembles\n\n"
        + "A seminar project comparing deep ensembles of Bayesian networks on MNIST. " * 6
        + "\n\n## Getting Started\n\n### Requirements\n\n```bash\npip install -r requirements.txt\n```\n"
    )
    files = {"README.md": readme, "train.py": "print(1)\n", "requirements.txt": "torch==2.3.0\n"}
    result = check("DOCS001", snapshot_from(files))
    lines = [(e.path, e.line) for e in result.evidence]
    assert any("Getting Started" in e.snippet for e in result.evidence), result.evidence
    assert len(lines) == len(set(lines)), result.evidence


def test_docs001_a_run_step_that_names_no_file_stands_without_the_absent_ones() -> None:
    # An invoice reader's README: "python create_tables.py" and "python create_admin.py", two
    # scripts never committed, then "uvicorn main:app --reload" for the server it holds. The
    # server step runs as written: the README says how to run, as one that also installs named
    # packages says how to install beside an absent requirements file.
    readme = PLANNED_README.replace(
        "jupyter notebook notebooks/segmentation.ipynb\n",
        "```\n\n## Serve\n\n```\ncd app\nuvicorn main:app --reload --port 8000\n",
    )
    files = {"README.md": readme, "app/main.py": "app = 1\n", "requirements.txt": "numpy\n"}
    result = check("DOCS001", snapshot_from(files))
    assert result.metrics["usage"] == 1
    assert "how to run" not in result.message
    # With no step that stands, the run part is still missing.
    alone = check("DOCS001", snapshot_from(files | {"README.md": PLANNED_README}))
    assert alone.metrics["usage"] == 0


def test_docs001_a_command_naming_an_absent_file_beside_a_standing_step_is_named() -> None:
    # A dashboard's README runs it with `docker compose up` and with `streamlit run
    # app/main.py`, where the script is app/streamlit_app.py: the run step stands, but the
    # second command fails as written. Named, at a small deduction, as a broken link is.
    readme = (
        "# Signs\n\nClassifies traffic signs from a webcam, trained on GTSRB, with a dashboard"
        " for the images it saw and the signs it read. Accuracy on the test split: 97.1%.\n\n"
        "## Install\n\n```\npip install -r requirements.txt\n```\n\n"
        "## Run\n\n```\nstreamlit run app/main.py\n```\n\nOr with Docker:\n\n"
        "```\ndocker compose up\n```\n"
    )
    files = {
        "README.md": readme,
        "requirements.txt": "streamlit\n",
        "app/streamlit_app.py": "x = 1\n",
    }
    result = check("DOCS001", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.score == 0.9
    assert result.message.endswith(
        "says how to install, run and what came out, but its command names app/main.py,"
        " not in the repository"
    )
    assert ("README.md", 14, "app/main.py: not in the repository") in [
        (e.path, e.line, e.snippet) for e in result.evidence
    ]
    fixed = readme.replace("app/main.py", "app/streamlit_app.py")
    assert check("DOCS001", snapshot_from(files | {"README.md": fixed})).status is Status.PASS


def test_docs001_a_heading_on_evaluation_over_a_description_says_nothing_of_running() -> None:
    # An air-quality forecaster's "## Evaluation" says which metrics score the model: it does
    # not say how to run anything.
    described = (
        "## Model\n\nAn LSTM over four years of hourly readings.\n\n## Evaluation\n\nThe model is scored with RMSE and MAE on the last year,"
        " against a persistence baseline.\n\n## Results\n\nRMSE 12.4 µg/m³.\n"
    )
    assert _usage("AQI", described) == 0
    # A command, a code block or a sentence telling the reader what to run is a run step.
    for told in (
        "Run `python evaluate.py --year 2023` to score a checkpoint.",
        "```\npython evaluate.py\n```",
        "Open notebooks/evaluate.ipynb and run all cells.",
    ):
        readme = f"# AQI\n\n{PROSE}\n\n{described.replace('## Results', told + chr(10) * 2 + '## Results')}"
        assert _parts(readme)["usage"] == 1, told


def test_docs001_a_spark_submit_of_a_script_is_how_to_run() -> None:
    # A PySpark project's notes give its run as a job submitted to Spark.
    for command in (
        "- Job submit command: spark-submit --py-files sparkutils.zip --verbose eval_models.py",
        "spark-submit eval_models.py",
    ):
        readme = f"# Taxi demand\n\n{PROSE}\n\n{command}\n"
        assert _parts(readme)["usage"] == 1, command
    readme = f"# Taxi demand\n\n{PROSE}\n\nspark-submit is slower than a notebook here.\n"
    assert _parts(readme)["usage"] == 0


def test_docs001_a_readme_that_links_each_folder_finds_its_run_step_there() -> None:
    # The top README links each part's folder ("[Here](NodeEmbedding/) we implement
    # Node2Vec"); GitHub shows that folder's README, which says how to run the demo. The run
    # step is there; what neither page says (install, results) is still missing.
    readme = (
        "## My Graph Algorithm Implementation\n### Community Clustering\n"
        "[Here](CommunityClustering/) we implement Louvain Algorithm to find the community in"
        " the graph\n\n### Node Embedding\n[Here](NodeEmbedding/) we implement Node2Vec and"
        " DeepWalk for link prediction tasks.\n"
    )
    files = {
        "README.md": readme,
        "NodeEmbedding/README.md": (
            "## Link prediction with Node2vec\n\n### Demo\n\nTo run the demo code,\n\n"
            "```bash\npython src/main.py\n```\n"
        ),
        "NodeEmbedding/src/main.py": "print(1)\n",
        "CommunityClustering/README.md": "## Louvain\n",
    }
    result = check("DOCS001", snapshot_from(files))
    assert result.status is Status.WARN
    assert "how to run" not in result.message
    assert "how to install" in result.message and "the results" in result.message


def test_docs001_an_example_of_the_folder_layout_is_no_way_to_run() -> None:
    # "Example structure of model-specific folder" over a file tree shows how the repository
    # is laid out; nothing in the README says what to run.
    readme = (
        f"# Classifier\n\n{PROSE}\n\n## Results\n\nAccuracy 0.91 on the held-out set.\n\n"
        "## Example structure of model-specific folder\n\n```\n"
        "│   ├── 06-ConvNeXt/\n│   │   ├── 04-train.py/.sh    # Layer unfreezing tests\n```\n"
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert "how to run" in result.message, result.message
    assert "## Example structure of model-specific folder" not in [
        e.snippet for e in result.evidence
    ]
    # "Example usage" over code still is.
    usage = readme.replace("Example structure of model-specific folder", "Example usage")
    usage += "\n```\npython train.py\n```\n"
    result = check("DOCS001", snapshot_from({"README.md": usage}))
    assert "how to run" not in result.message, result.message


def test_docs002_names_the_affero_and_lesser_gpl() -> None:
    for heading, kind in (
        ("GNU AFFERO GENERAL PUBLIC LICENSE\n   Version 3, 19 November 2007\n", "AGPL-3.0"),
        ("GNU LESSER GENERAL PUBLIC LICENSE\n   Version 3, 29 June 2007\n", "LGPL-3.0"),
    ):
        result = check("DOCS002", snapshot_from({"LICENSE": heading, "a.py": "x = 1\n"}))
        assert result.status is Status.PASS
        assert result.message == f"LICENSE ({kind})"


def test_docs002_names_the_public_domain_dedications() -> None:
    # GitHub's "CC0 1.0 Universal" and "The Unlicense" templates passed as "unrecognised".
    for text, kind in (
        ("Creative Commons Legal Code\n\nCC0 1.0 Universal\n\n    CREATIVE COMMONS\n", "CC0-1.0"),
        (
            "This is free and unencumbered software released into the public domain.\n",
            "Unlicense",
        ),
    ):
        result = check("DOCS002", snapshot_from({"LICENSE": text, "a.py": "x = 1\n"}))
        assert result.status is Status.PASS
        assert result.message == f"LICENSE ({kind})"


def test_docs001_a_readme_running_a_tracked_bootstrap_script_by_its_path_says_how_to_install() -> (
    None
):
    # "$ script/bootstrap # to install everything" after "cd classify": an executable script
    # with no suffix, run by its path from the folder the README entered.
    readme = (
        f"# Tool\n\n{PROSE}\n\n#### Usage\n\n```bash\n$ cd classify\n"
        "$ script/bootstrap # to install everything\n$ python3 train.py 10000\n```\n"
    )
    script = "#!/bin/bash -ex\npip3 install -r requirements.txt\n"
    files = {"README.md": readme, "classify/script/bootstrap": script}
    result = check("DOCS001", snapshot_from(files))
    assert result.metrics["install"] == 1
    # A script that installs nothing, or a path no tracked file ends with, is no install step.
    quiet = {"README.md": readme, "classify/script/bootstrap": "#!/bin/sh\nwget x\n"}
    assert check("DOCS001", snapshot_from(quiet)).metrics["install"] == 0
    elsewhere = {"README.md": readme, "classify/script/bootstrap.txt": script}
    assert check("DOCS001", snapshot_from(elsewhere)).metrics["install"] == 0


def test_docs001_what_we_did_under_an_evaluation_heading_says_nothing_of_running() -> None:
    # A depression-symptoms project's "# Evaluation": "We train 13 binary classifiers ...",
    # then the procedure. "We train" says what the authors did; it tells the reader to run
    # nothing.
    described = (
        "# Evaluation\nWe train 13 binary classifiers, each comparing a single symptom against"
        " control posts. Each symptom classifier is evaluated using:\n\n- 5-fold"
        " cross-validation\n- ROC-AUC scoring\n\n## Ethics\n\nText.\n"
    )
    assert _usage("Symptoms", described) == 0
    # Told to the reader, the same verb is a run step.
    told = described.replace("We train 13", "Train 13")
    assert _usage("Symptoms", told) == 1


def test_docs001_what_we_did_under_a_training_heading_says_nothing_of_running() -> None:
    # A WikiArt genre classifier's "# Training": "We trained the model on the BU Shared
    # Computing Cluster ... We used early stopping", a plot below. The authors tell what they
    # did; nothing tells the reader what to run.
    described = (
        "# Training\nWe trained the model on the university's computing cluster,\nwhich has a"
        " few nodes equipped with GPUs.\n\nThe training set contained 95.5k images, the"
        " validation set 23k.\n\nWe used early stopping to prevent overfitting: after 16"
        " epochs the validation\nerror started growing again so we interrupted the"
        " minimization.\n\n![Training](src/training.png)\n\n# Misclassification\n\nText.\n"
    )
    assert _usage("Genres", described) == 0
    # Told to the reader, or naming the script, the same section is a run step.
    told = described.replace("We trained the model", "Train the model")
    assert _usage("Genres", told) == 1
    named = described.replace("We used early", "We used `transfer_learning.py` with early")
    assert _usage("Genres", named) == 1
    # Prose under "Training" that is not the authors' own account still names the step.
    plain = "# Training\nThe notebook trains a small network on the images.\n"
    assert _usage("Genres", plain) == 1


def test_docs001_a_passive_account_under_a_training_heading_says_nothing_of_running() -> None:
    # A whale-tail identifier's "### Training" under "## Analysis": "A 9-layered convolutional
    # neural network was used to train on the preprocessed data. After training for 20
    # epochs, the accuracy ... approximated 63%", a plot below. The account is in the passive
    # voice, past: "was used to train" tells the reader to run nothing.
    described = (
        "## Analysis\n\n### Training\n\nA 9-layered convolutional neural network was used to"
        " train on the preprocessed data. After training for 20 epochs, the accuracy achieved on"
        " the validation set approximated 63%.\n\n![acc](images/acc.PNG)\n\n## Conclusion\n\n"
        "Text.\n"
    )
    assert _usage("Whales", described) == 0
    # Told to the reader, or in the present tense, the same section is a run step.
    told = described.replace("was used to train", "Use it to train")
    assert _usage("Whales", told) == 1
    present = described.replace("was used to train", "is used to train")
    assert _usage("Whales", present) == 1


def test_docs001_a_readme_that_says_each_folder_has_a_readme() -> None:
    # "For every network ... In each folder you can find a README with instructions on how to
    # run the experiments": the folders are not named, but each one's README (the one GitHub
    # shows there) says how to run its experiment. What none of them says is still missing.
    readme = (
        "# Online NILM\n\n" + f"{PROSE}\n\n"
        "## The networks\n\nIn each folder you can find a README with instructions on how to"
        " run the experiments.\n"
    )
    folder = (
        "# ShortSeq2Point\n\nA modified version of the Sequence-to-point network.\n\n"
        "## To train and test the network\nRun\n```bash\npython experiment.py <device>\n```\n"
    )
    files = {
        "README.md": readme,
        "GRUWithWindow/README.md": folder.replace("ShortSeq2Point", "GRUWithWindow"),
        "GRUWithWindow/experiment.py": "import sys\nprint(sys.argv)\n",
        "ShortSeq2Point/README.md": folder,
        "ShortSeq2Point/experiment.py": "import sys\nprint(sys.argv)\n",
    }
    result = check("DOCS001", snapshot_from(files))
    assert result.status is Status.WARN
    assert result.message == "README.md lacks how to install, the results", result.message
    found = {e.path for e in result.evidence}
    assert "GRUWithWindow/README.md" in found
    # Without the sentence, a folder's README is no part of what the top README says.
    alone = check("DOCS001", snapshot_from({**files, "README.md": readme.split("## The")[0]}))
    assert alone.message == "README.md lacks how to install, how to run, the results"


def test_docs001_reads_the_setup_page_of_a_docs_folder_the_readme_points_to() -> None:
    # Pass 484: the README runs the pipeline and shows its results, and leaves the install
    # steps to docs/SETUP.md, naming only "the `docs/` directory"; the reader finds them there.
    readme = (
        "# Salary estimation\n\nAn end-to-end pipeline that estimates data scientist salaries"
        " from job postings, with feature selection, a random forest and a Gradio app.\n"
        + "It covers scraping, cleaning, preprocessing and evaluation of the models. "
        * 4
        + "\nMore details are available in the `docs/` directory.\n\n"
        "## Pipeline\n\n    python pipeline.py run --prepare --train\n\n"
        "## Results\n\n| Metric | Value |\n|---|---|\n| MAE | 30k |\n"
    )
    files = {
        "README.md": readme,
        "pipeline.py": "print(1)\n",
        "docs/SETUP.md": "# Setup\n\n## Installation\n\n```bash\npip install -r requirements.txt\n```\n",
        "requirements.txt": "pandas==2.0\n",
    }
    result = check("DOCS001", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert any(e.path == "docs/SETUP.md" for e in result.evidence)
