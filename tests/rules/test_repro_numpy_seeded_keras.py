"""REPRO001 on Keras code written for standalone Keras 1 or 2 before 2.4, where every layer
takes its seed from NumPy's global generator: ``np.random.seed`` before the model seeds it."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

OLD_KERAS = (
    "from keras.models import Sequential\n"
    "from keras.layers import Dense, Dropout\n"
    "model = Sequential()\n"
    "model.add(Dense(200, input_dim=10))\n"
    "model.add(Dropout(0.1))\n"
    "model.add(Dense(1))\n"
    "model.compile(loss='mse', optimizer='rmsprop')\n"
    "model.fit(x, y, shuffle=True, nb_epoch=50, batch_size=16)\n"
)


def test_repro001_numpy_seed_seeds_a_keras_model_fitted_with_nb_epoch() -> None:
    source = "import numpy as np\nnp.random.seed(1227)\n" + OLD_KERAS
    result = check("REPRO001", snapshot_from({"train.py": source}))
    assert result.status is Status.PASS, result.message


def test_repro001_an_unseeded_keras_model_fitted_with_nb_epoch_draws_from_numpy() -> None:
    result = check("REPRO001", snapshot_from({"train.py": "import numpy as np\n" + OLD_KERAS}))
    assert result.status in (Status.FAIL, Status.WARN)
    assert "NumPy" in result.message and "TensorFlow" not in result.message
    assert any("Dense(200" in e.snippet for e in result.evidence)


def test_repro001_numpy_seed_does_not_seed_tf_keras_even_with_nb_epoch() -> None:
    source = "import numpy as np\nnp.random.seed(1227)\n" + OLD_KERAS.replace(
        "from keras.", "from tensorflow.keras."
    )
    result = check("REPRO001", snapshot_from({"train.py": source}))
    assert result.status in (Status.FAIL, Status.WARN)
    assert "TensorFlow" in result.message


def test_repro001_numpy_seed_does_not_seed_keras_fitted_with_epochs() -> None:
    source = "import numpy as np\nnp.random.seed(1227)\n" + OLD_KERAS.replace("nb_epoch", "epochs")
    result = check("REPRO001", snapshot_from({"train.py": source}))
    assert result.status in (Status.FAIL, Status.WARN)
    assert "TensorFlow" in result.message
