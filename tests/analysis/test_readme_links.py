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
