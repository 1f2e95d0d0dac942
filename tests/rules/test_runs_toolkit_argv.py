from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

# A desktop program hands ``sys.argv`` whole to its Qt application object, which reads Qt's
# own options (``-style``, ``-platform``) from it: the run's settings are not among them, so
# REPRO006 must not pass the run as configured by its command line.
_TRAIN = (
    "import sys\n{imports}\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n\n"
    "def train(x, y):\n"
    "    model = Sequential([Dense(8)])\n"
    "    model.compile(loss='mse', optimizer='rmsprop')\n"
    "    model.fit(x, y, batch_size=128, epochs=600)\n\n"
    "def start():\n"
    "    app = {app}(sys.argv)\n"
    "    train(X, Y)\n"
    "    sys.exit(app.exec_())\n\n"
    "start()\n"
)


def test_repro006_argv_handed_to_a_qt_application_gives_the_run_no_setting() -> None:
    for imports, app in (
        ("from PyQt5.QtWidgets import QApplication", "QApplication"),
        ("from PySide6 import QtWidgets", "QtWidgets.QApplication"),
        ("from PyQt5.QtCore import QCoreApplication", "QCoreApplication"),
    ):
        source = _TRAIN.format(imports=imports, app=app)
        result = check("REPRO006", snapshot_from({"gui_train.py": source}))
        assert result.status is Status.WARN, (app, result.message)
        assert "sys.argv" not in result.message, result.message
        assert [e.line for e in result.evidence] == [9], (app, result.evidence)


def test_repro006_argv_handed_to_the_programs_own_main_still_configures() -> None:
    # The same script handing its arguments to a function of its own: they may set the run.
    source = _TRAIN.format(imports="", app="main").replace("    app = main(", "    main(")
    source = source.replace("    sys.exit(app.exec_())\n", "")
    result = check("REPRO006", snapshot_from({"gui_train.py": source}))
    assert result.status is Status.PASS, result.message
    assert "sys.argv" in result.message
