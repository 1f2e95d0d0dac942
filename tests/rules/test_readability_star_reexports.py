"""READ001: ``from .resnet import *`` in a package's ``__init__.py`` gathers the package's own
models under one name (``modelzoo.ResNet18``); that is how the package publishes its API, as
an explicit re-export is, not a star import hiding where a script's names come from. A star
import from a library, or in a module that is not an ``__init__.py``, still counts."""

from __future__ import annotations

from pathlib import Path

from tests.rules.test_readability import read001_of

FILES = {
    "modelzoo/__init__.py": "from .resnet import *\nfrom modelzoo.vgg import *\nfrom torch import *\n",
    "modelzoo/resnet.py": "def ResNet18():\n    return 18\n",
    "modelzoo/vgg.py": "def VGG16():\n    return 16\n",
    "train.py": "from modelzoo.resnet import *\n\nprint(ResNet18())\n",
}


def test_read001_star_reexports_in_a_package_init_are_not_counted(tmp_path: Path) -> None:
    result = read001_of(tmp_path, FILES)
    counted = [(e.path, e.line, e.snippet[:4]) for e in result.evidence]
    assert counted == [("modelzoo/__init__.py", 3, "F403"), ("train.py", 1, "F403")]
    assert "2 star imports that re-export the package's own modules" in result.message
