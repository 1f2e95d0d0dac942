"""Evidence REPRO005 and REPRO006 misread: a resize read as training, a docstring's usage
example read as a path the code opens."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

HOME = "/ho" + "me/"


def test_repro006_pil_imageops_fit_is_a_resize_not_training() -> None:
    code = (
        "from PIL import Image, ImageOps\n\n"
        "img = Image.open('cat.jpg')\n"
        "thumb = ImageOps.fit(img, (224, 224))\nthumb.save('thumb.jpg')\n"
    )
    result = check("REPRO006", snapshot_from({"resize.py": code}))
    assert result.status is Status.SKIP


def test_repro006_a_model_fit_beside_a_resize_is_still_training() -> None:
    code = (
        "from PIL import ImageOps\nfrom sklearn.linear_model import LogisticRegression\n\n"
        "thumb = ImageOps.fit(img, (224, 224))\n"
        "model = LogisticRegression(max_iter=200)\nmodel.fit(X, y)\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN
    assert all("ImageOps" not in e.snippet for e in result.evidence)


def test_repro005_a_usage_example_held_in_a_docstring_constant_is_prose() -> None:
    # diffusers' pipelines keep their usage example in EXAMPLE_DOC_STRING and hand it to a
    # decorator that puts it into the docstring: prose for the reader, not a path the code opens.
    code = (
        "from .utils import replace_example_docstring\n\n"
        f'EXAMPLE_DOC_STRING = """\n    Examples:\n        >>> pipe = load("{HOME}username/diffusers/model")\n"""\n\n'
        "@replace_example_docstring(EXAMPLE_DOC_STRING)\ndef run():\n    pass\n"
    )
    result = check("REPRO005", snapshot_from({"pipeline.py": code}))
    assert result.status is Status.PASS


def test_repro005_a_path_the_code_opens_is_still_found_beside_a_docstring() -> None:
    code = (
        f'"""Run with data under {HOME}me/data."""\n'
        f'DATA = "{HOME}me/data/train.csv"\nrows = open(DATA).read()\n'
    )
    result = check("REPRO005", snapshot_from({"load.py": code}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [2]
