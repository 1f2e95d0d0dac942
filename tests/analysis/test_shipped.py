from __future__ import annotations

from repocheck.analysis.shipped import project_root
from tests.helpers import snapshot_from


def test_a_module_named_setup_inside_a_package_makes_no_project_root() -> None:
    # api/app/logger/setup.py configures logging: a module of the package app.logger, beside
    # its __init__.py, not a packaging script. The service's root is api/, with its
    # requirements.txt.
    snapshot = snapshot_from(
        {
            "api/requirements.txt": "fastapi\n",
            "api/app/__init__.py": "",
            "api/app/logger/__init__.py": "",
            "api/app/logger/setup.py": "import logging\n",
        }
    )
    assert project_root(snapshot, "api/app/logger/setup.py") == "api"


def test_a_setup_py_beside_its_packages_is_a_project_root() -> None:
    snapshot = snapshot_from(
        {
            "backend/setup.py": "from setuptools import setup\n\nsetup(name='b')\n",
            "backend/src/__init__.py": "",
            "backend/src/train.py": "x = 1\n",
        }
    )
    assert project_root(snapshot, "backend/src/train.py") == "backend"
