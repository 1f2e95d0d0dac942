"""What an entry point picks by name at run time."""

from __future__ import annotations

from tests.helpers import snapshot_from


def test_a_package_imported_by_name_to_see_it_is_installed_picks_nothing() -> None:
    # ``try: __import__(name)`` / ``except ImportError``, its module thrown away: a check
    # that a package is installed, not a choice of what the program runs.
    from repocheck.analysis.run_time_picks import run_time_picks

    check = (
        "import sys\n\n\ndef installed(name):\n    try:\n        __import__(name)\n"
        "        return True\n    except ImportError:\n        return False\n\n\n"
        "if __name__ == '__main__':\n    print(installed(sys.argv[1]))\n"
    )
    assert run_time_picks(snapshot_from({"check_env.py": check})) == ()
    # A module kept, or imported outside such a try, is still picked by name.
    kept = check.replace("        __import__(name)\n", "        module = __import__(name)\n")
    kept = kept.replace("return True", "return module.run()")
    assert len(run_time_picks(snapshot_from({"check_env.py": kept}))) == 1
    bare = check.replace("ImportError", "ValueError")
    assert len(run_time_picks(snapshot_from({"check_env.py": bare}))) == 1
