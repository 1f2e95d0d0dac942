from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

# A Keras search: its grid, named once at the top, holds the optimizer built with its
# learning rate; the loop below builds and fits one model per combination.
SEARCH = (
    "import numpy as np\n"
    "from keras.models import Sequential\n"
    "from keras.layers import Dense\n"
    "from keras.optimizers import Adam\n"
    "parameters = {'units': [50, 100],\n"
    "              'batch_size': [128, 256],\n"
    "              'epochs': [100],\n"
    "              'optimizer': [Adam(lr = 0.001)]}\n"
    "x, y = np.zeros((8, 2)), np.zeros(8)\n"
    "for units in parameters['units']:\n"
    "    for batch_size in parameters['batch_size']:\n"
    "        for optimizer in parameters['optimizer']:\n"
    "            model = Sequential([Dense(units), Dense(1)])\n"
    "            model.compile(optimizer=optimizer, loss='mse')\n"
    "            model.fit(x, y, epochs=parameters['epochs'][0], batch_size=batch_size)\n"
)


def test_repro006_an_optimizer_built_inside_a_grid_named_at_the_top_is_named_once() -> None:
    result = check("REPRO006", snapshot_from({"search.py": SEARCH}))
    assert result.status is Status.PASS, result.message
    assert "typed" not in result.message
    # The same optimizer built in the loop, outside the grid, is still typed in place.
    typed = SEARCH.replace(
        "model.compile(optimizer=optimizer", "model.compile(optimizer=Adam(lr=0.01)"
    )
    result = check("REPRO006", snapshot_from({"search.py": typed}))
    assert result.status is Status.WARN, result.message
    assert [e.line for e in result.evidence] == [14]
