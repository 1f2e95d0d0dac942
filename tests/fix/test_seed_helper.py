"""Where the seeding helper goes: in the package an entry module runs in, or beside a file
that runs as a script; decided by what the module imports, the README, the packaging."""

from __future__ import annotations

from repocheck.analysis.imports import programs
from repocheck.fix.fixers._seed_helper import Location, location_of
from tests.helpers import snapshot_from

MAIN = 'if __name__ == "__main__":\n    print(1)\n'


def _location(files: dict[str, str], path: str = "pkg/run.py") -> Location:
    snapshot = snapshot_from({"pkg/__init__.py": "", **files})
    (program,) = [p for p in programs(snapshot) if p.path == path]
    return location_of(snapshot, program)


def test_a_relative_import_runs_the_module_in_its_package() -> None:
    files = {"pkg/run.py": "from .model import Net\n" + MAIN, "pkg/model.py": "Net = 1\n"}
    assert _location(files) == Location("pkg", "pkg")


def test_a_neighbour_imported_by_bare_name_means_a_file_run() -> None:
    files = {"pkg/run.py": "from model import Net\n" + MAIN, "pkg/model.py": "Net = 1\n"}
    assert _location(files, "pkg/run.py") == Location("pkg", None)


def test_the_readme_command_decides_without_imports() -> None:
    as_module = {"pkg/run.py": MAIN, "README.md": "Run `python -m pkg.run`.\n"}
    as_file = {"pkg/run.py": MAIN, "README.md": "Run `python pkg/run.py`.\n"}
    assert _location(as_module) == Location("pkg", "pkg")
    assert _location(as_file) == Location("pkg", None)


def test_without_evidence_an_installable_project_runs_in_its_package() -> None:
    installable = {"pkg/run.py": MAIN, "pyproject.toml": '[project]\nname = "pkg"\n'}
    assert _location(installable) == Location("pkg", "pkg")
    assert _location({"pkg/run.py": MAIN}) == Location("pkg", None)


def test_a_nested_package_puts_the_helper_at_its_top() -> None:
    files = {"pkg/sub/__init__.py": "", "pkg/sub/run.py": "from pkg import x\n" + MAIN}
    location = _location(files, "pkg/sub/run.py")
    assert location == Location("pkg", "pkg")
    assert (location.path("seeding"), location.module("seeding")) == (
        "pkg/seeding.py",
        "pkg.seeding",
    )
    loose = Location("scripts", None)
    assert (loose.path("seeding"), loose.module("seeding")) == ("scripts/seeding.py", "seeding")
