"""DOCS001: an "Examples" heading over generated images or a video shows what the model
makes (a result), not how to run the project."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

INTRO = "# GAN\n\n" + "A GAN and a DCGAN trained on MNIST and CelebA, written in PyTorch. " * 4
INSTALL = "\n\n## Installation\n\n```bash\npip install -r requirements.txt\n```\n"


def test_docs001_an_examples_heading_over_images_only_is_not_how_to_run() -> None:
    readme = (
        INTRO
        + INSTALL
        + (
            "\n## Results\n\n![curves](plots/metrics.jpg)\n\n"
            "#### Examples (each row is conditioned with specific digit)\n"
            "https://github.com/someone/gan/assets/1/c420da6a\n\n"
            "## Demo\n\n![samples](images/samples.gif) ![more](images/more.gif)\n"
        )
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.status is Status.WARN
    assert result.message == "README.md lacks how to run"
    assert result.metrics["usage"] == 0


def test_docs001_an_examples_heading_with_a_command_or_prose_is_how_to_run() -> None:
    command = INTRO + INSTALL + "\n## Examples\n\n![samples](images/samples.gif)\n\n```\n"
    command += "python sample.py --n 16\n```\n"
    result = check("DOCS001", snapshot_from({"README.md": command}))
    assert result.metrics["usage"] == 1
    prose = INTRO + INSTALL + "\n## Demo\n\nOpen the notebook and run every cell in order.\n"
    assert check("DOCS001", snapshot_from({"README.md": prose})).metrics["usage"] == 1


def test_docs001_an_examples_heading_over_named_links_is_how_to_run() -> None:
    # A list of example folders, each named: where to start, as it always counted.
    readme = INTRO + INSTALL + "\n## Examples\n\n- [Train a GAN on MNIST](gan/README.md)\n"
    assert check("DOCS001", snapshot_from({"README.md": readme})).metrics["usage"] == 1


def test_docs001_a_demo_heading_over_pictures_and_their_captions_is_not_how_to_run() -> None:
    # Prose that describes the clips shown ("Short clips of the trained policy...") says what
    # came out; it tells no one what to run.
    readme = (
        INTRO
        + INSTALL
        + (
            "\n## Demo videos\n\nShort clips of the trained greedy policy, rendered with the"
            " environment's own sprites. The animations below are GIF previews.\n\n"
            "![4x4 demo](videos/preview_4x4.gif) ![8x8 demo](videos/preview_8x8.gif)\n"
        )
    )
    result = check("DOCS001", snapshot_from({"README.md": readme}))
    assert result.metrics["usage"] == 0, result.evidence
