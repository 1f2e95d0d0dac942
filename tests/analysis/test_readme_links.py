from __future__ import annotations

from repocheck.analysis.readme_links import linked_pages
from tests.helpers import snapshot_from


def test_a_guide_named_by_its_bare_path_is_read_like_a_link() -> None:
    # "For detail setup refer, OLLAMA_SETUP_GUIDE.md": the reader opens the named page as they
    # would follow a link. A name that is no tracked page, or only a longer name's tail,
    # reads nothing.
    readme = (
        "# Solver\n\nFor detail setup refer, OLLAMA_SETUP_GUIDE.md\n"
        "See `docs/usage.md` and [the notes](NOTES.md). Not MY_GUIDE.md.txt nor missing.md.\n"
    )
    files = {
        "README.md": readme,
        "OLLAMA_SETUP_GUIDE.md": "# Setup\n",
        "docs/usage.md": "# Usage\n",
        "NOTES.md": "# Notes\n",
        "MY_GUIDE.md": "# Other\n",
    }
    pages = linked_pages(snapshot_from(files), "README.md", readme)
    assert pages == ["NOTES.md", "OLLAMA_SETUP_GUIDE.md", "docs/usage.md"]


def test_a_folder_whose_readme_the_readme_points_to_is_read_like_a_link() -> None:
    # "Scripts are in the Transformer_model folder, follow the instructions in the README
    # file in the folder": the reader opens that folder's README. Only where the README
    # speaks of a README, and only folders that hold one.
    readme = (
        "# Forecasting\n\nTraining scripts are in the Transformer_model folder, follow the\n"
        "README file there. LSTM instructions are in the README in the LSTM folder.\n"
        "The data is in _preprocessed_data_.\n"
    )
    files = {
        "README.md": readme,
        "Transformer_model/README.md": "# Transformer\n",
        "Transformer_model/train.py": "x = 1\n",
        "LSTM/README.md": "# LSTM\n",
        "preprocessed_data/a.csv": "a\n",
    }
    pages = linked_pages(snapshot_from(files), "README.md", readme)
    assert pages == ["Transformer_model/README.md", "LSTM/README.md"]
    # A README that never sends its reader to another README names folders only.
    plain = readme.replace("README file there", "notebooks").replace("README in", "notes in")
    assert linked_pages(snapshot_from(files), "README.md", plain) == []


def test_a_link_to_a_folder_reads_the_readme_github_shows_there() -> None:
    # "[Here](NodeEmbedding/) we implement Node2Vec": GitHub opens the folder and shows its
    # README below the file list, so the reader finds that page as by a link to it. A link to
    # a folder without a README, or to one outside the repository, reads nothing.
    readme = (
        "## My graph algorithms\n[Here](CommunityClustering/) we cluster communities.\n"
        "[Here](./NodeEmbedding) we embed nodes. [Data](data/) and [up](../other/).\n"
    )
    files = {
        "README.md": readme,
        "CommunityClustering/README.md": "# Louvain\n",
        "CommunityClustering/main.py": "x = 1\n",
        "NodeEmbedding/Readme.md": "# Node2vec\n",
        "data/a.csv": "a\n",
    }
    pages = linked_pages(snapshot_from(files), "README.md", readme)
    assert pages == ["CommunityClustering/README.md", "NodeEmbedding/Readme.md"]


def test_a_link_to_a_page_of_the_repository_on_github_is_read_like_a_relative_one() -> None:
    # Pass 477: "[Tutorial](https://github.com/owner/train-delay/blob/master/doc/Tutorial.md)"
    # sends the reader to the repository's own page on GitHub, which holds the install and
    # run steps; a folder's address reads its README. A page the repository lacks, or
    # another site's, reads nothing.
    readme = (
        "# Delays\n\nSee the [tutorial](https://github.com/owner/train-delay/blob/master/doc/"
        "Tutorial.md) and [the service](https://github.com/owner/train-delay/tree/main/service).\n"
        "[Upstream](https://github.com/other/lib/blob/master/docs/missing.md), "
        "[site](https://example.com/doc/Tutorial.md)\n"
    )
    files = {
        "README.md": readme,
        "doc/Tutorial.md": "# Tutorial\n",
        "service/README.md": "# Service\n",
    }
    pages = linked_pages(snapshot_from(files), "README.md", readme)
    assert pages == ["doc/Tutorial.md", "service/README.md"]


def test_a_folder_of_pages_the_readme_sends_its_reader_to_is_read_like_a_link() -> None:
    # Pass 484: "the implementation guideline are available in the `docs/` directory", where
    # docs/ holds SETUP.md and MODEL_CARD.md and no README: GitHub lists the pages and the
    # reader opens them. Only a folder named as a path (its trailing "/") or linked, only the
    # Markdown pages directly in it; a folder of data, or a word that is no folder, reads
    # nothing.
    readme = (
        "# Salaries\n\nMore details are available in the `docs/` directory.\n"
        "The raw data is in data/ and [the reports](reports).\n"
        "See https://example.com/docs/ too.\n"
    )
    files = {
        "README.md": readme,
        "docs/SETUP.md": "# Setup\n",
        "docs/MODEL_CARD.md": "# Card\n",
        "docs/deep/more.md": "# More\n",
        "docs/figure.png": "",
        "data/raw.csv": "a\n",
        "reports/summary.md": "# Summary\n",
    }
    pages = linked_pages(snapshot_from(files), "README.md", readme)
    assert pages == ["reports/summary.md", "docs/MODEL_CARD.md", "docs/SETUP.md"]
    # A folder named without its "/" is a word of the prose, not a path to follow.
    plain = readme.replace("`docs/`", "docs").replace("[the reports](reports)", "reports")
    assert linked_pages(snapshot_from(files), "README.md", plain) == []
