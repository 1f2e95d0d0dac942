from __future__ import annotations

from repocheck.analysis.readme import readme_parts
from tests.helpers import snapshot_from


def _install_line(readme: str) -> str | None:
    found = readme_parts(snapshot_from({"README.md": readme}), readme)["install"]
    return found.text if found else None


def test_a_misspelled_environment_heading_still_names_the_install_part() -> None:
    # "<h3>1. Enviornment</h3>" over the Python version and the packages to install: learners
    # misspell the word, and the section still says what to install.
    for spelling in ("Enviornment", "Enviroment", "Enviorment", "Environments"):
        readme = f"# Digits\n\nDetect digits.\n\n## 1. {spelling}\npytorch=1.10.0\nh5py\n"
        assert _install_line(readme) == f"## 1. {spelling}", spelling
    html = "<h2>Digits</h2>\n<h3>1. Enviornment</h3>\n<h4>package:</h4>\npytorch=1.10.0<br>\n"
    assert _install_line(html) == "<h3>1. Enviornment</h3>"
    # Words that only start like it still name nothing.
    assert _install_line("# Digits\n\n## Environmental impact\nNone.\n") is None


def _usage_line(readme: str) -> str | None:
    found = readme_parts(snapshot_from({"README.md": readme, "train.py": ""}), readme)["usage"]
    return found.text if found else None


def test_a_heading_that_holds_the_command_says_how_to_run() -> None:
    # A README written all in headings: "## Start training with a GPU: python train.py" is
    # the command to run, though it names no part ("Usage") and sits in no paragraph.
    readme = (
        "# FCN-Road-Segmentation\n\n## I segment roads in KITTI images with an FCN.\n\n"
        "## Start training with a GPU: python train.py\n"
    )
    assert _usage_line(readme) == "## Start training with a GPU: python train.py"
    # A heading that only mentions running, with no command, still names nothing.
    assert _usage_line("# Roads\n\n## Start training with a GPU\n\nFast.\n") is None
