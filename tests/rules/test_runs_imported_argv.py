from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

# A script that imports ``argv`` by name from sys reads its command line as one that writes
# ``sys.argv``: REPRO006 must not say it has no command-line arguments.
_HEAD = (
    "{imports}\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n\n"
    "def train(x, y):\n"
    "    model = Sequential([Dense(8)])\n"
    "    model.compile(loss='mse', optimizer='rmsprop')\n"
    "    model.fit(x, y, batch_size=128, epochs=600)\n\n"
)


def _script(imports: str, tail: str) -> str:
    return _HEAD.format(imports=imports) + tail


def test_repro006_argv_imported_from_sys_picking_a_name_is_no_missing_command_line() -> None:
    # ``python3 run.py svr``: the argument picks what to run, the settings are typed in.
    for imports, read in (
        ("from sys import argv", "if argv[1] == 'svr':\n    train(X, Y)\n"),
        ("from sys import argv as args", "if args[1] == 'svr':\n    train(X, Y)\n"),
    ):
        result = check("REPRO006", snapshot_from({"run.py": _script(imports, read)}))
        assert result.status is Status.WARN, (imports, result.message)
        assert "no command-line arguments" not in result.message, result.message
        assert "sys.argv giving only names or paths" in result.message, result.message


def test_repro006_argv_imported_from_sys_read_as_a_number_configures() -> None:
    for read in ("epochs = int(argv[2])\ntrain(X, Y)\n", "main(argv)\ntrain(X, Y)\n"):
        result = check("REPRO006", snapshot_from({"run.py": _script("from sys import argv", read)}))
        assert result.status is Status.PASS, (read, result.message)
        assert "sys.argv" in result.message
