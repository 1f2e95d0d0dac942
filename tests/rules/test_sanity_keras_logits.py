"""SANITY004: a Keras model that ends in sigmoid or softmax, compiled with a cross-entropy
told its inputs are logits (from_logits=True): the probabilities are squashed again."""

from __future__ import annotations

from repocheck.model import Status
from tests.rules.sanity_fixtures import kinds, places, run
from tests.rules.test_docstrings import notebook

SEQUENTIAL = """\
import tensorflow as tf

model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
model.compile(optimizer="adam", loss=loss_fn, metrics=["accuracy"])
model.fit(train_images, train_labels, epochs=5)
"""


def test_a_softmax_model_compiled_with_a_loss_from_logits_warns() -> None:
    result = run("SANITY004", {"mnist.py": SEQUENTIAL})
    assert result.status is Status.WARN, result.message
    assert kinds(result) == {"probabilities_as_logits": 1}
    assert places(result) == [("mnist.py", None, 6)]
    assert "probabilities into a loss set from_logits=True" in result.message
    inline = SEQUENTIAL.replace(
        "loss=loss_fn", "loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
    )
    assert kinds(run("SANITY004", {"mnist.py": inline})) == {"probabilities_as_logits": 1}


def test_logits_or_a_loss_told_it_gets_probabilities_pass() -> None:
    logits = SEQUENTIAL.replace('Dense(10, activation="softmax")', "Dense(10)")
    probabilities = SEQUENTIAL.replace("from_logits=True", "from_logits=False")
    named = SEQUENTIAL.replace("loss=loss_fn", 'loss="sparse_categorical_crossentropy"')
    for code in (logits, probabilities, named):
        assert run("SANITY004", {"mnist.py": code}).status is Status.PASS


def test_layers_added_one_by_one_end_in_the_last_one_added() -> None:
    code = """\
    from tensorflow import keras
    from tensorflow.keras import layers

    model = keras.Sequential()
    model.add(layers.Dense(16, activation="relu"))
    model.add(layers.Dense(1, activation="sigmoid"))
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    model.fit(x_train, y_train)
    """
    result = run("SANITY004", {"train.py": code})
    assert kinds(result) == {"probabilities_as_logits": 1}
    assert places(result) == [("train.py", None, 6)]
    more = code.replace("    model.compile(", "    model.add(layers.Dense(1))\n    model.compile(")
    assert run("SANITY004", {"train.py": more}).status is Status.PASS


def test_a_functional_model_ends_in_its_outputs_layer() -> None:
    code = """\
    from tensorflow import keras
    from tensorflow.keras import layers

    inputs = keras.Input(shape=(32,))
    x = layers.Dense(16, activation="relu")(inputs)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
    model.fit(x_train, y_train)
    """
    assert places(run("SANITY004", {"train.py": code})) == [("train.py", None, 6)]
    logits = code.replace('layers.Dense(1, activation="sigmoid")', "layers.Dense(1)")
    assert run("SANITY004", {"train.py": logits}).status is Status.PASS


def test_a_subclassed_model_ends_in_the_head_its_call_returns() -> None:
    net = """\
    from tensorflow import keras
    from tensorflow.keras.layers import Dense


    class ResNet(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = Dense(32, activation="relu")
            self.classifier = Dense(1, activation="sigmoid")

        def call(self, inputs):
            return self.classifier(self.hidden(inputs))
    """
    main = """\
    from tensorflow import keras

    from model import ResNet


    def make_model():
        model = ResNet()
        model.compile(optimizer="adam", loss=keras.losses.BinaryCrossentropy(from_logits=True))
        return model


    make_model().fit(x_train, y_train)
    """
    result = run("SANITY004", {"model.py": net, "main.py": main})
    assert places(result) == [("model.py", None, 9)]
    # Annotated, and returned through a name: `x = self.classifier(x)`, `return x`.
    through = net.replace(
        "return self.classifier(self.hidden(inputs))",
        "x = self.hidden(inputs)\n            x = self.classifier(x)\n            return x",
    )
    annotated = main.replace("model = ResNet()", "model: keras.Model = ResNet()")
    result = run("SANITY004", {"model.py": through, "main.py": annotated})
    assert places(result) == [("model.py", None, 9)]
    hidden = net.replace(
        "return self.classifier(self.hidden(inputs))", "return self.hidden(inputs)"
    )
    assert run("SANITY004", {"model.py": hidden, "main.py": main}).status is Status.PASS


def test_a_notebook_compiles_in_a_later_cell_the_model_an_earlier_one_built() -> None:
    nb = notebook(
        "import tensorflow as tf",
        "model = tf.keras.Sequential([tf.keras.layers.Dense(3, activation='softmax')])",
        "model.compile(loss=tf.keras.losses.CategoricalCrossentropy(from_logits=True))\n"
        "model.fit(x, y)",
    )
    assert places(run("SANITY004", {"train.ipynb": nb})) == [("train.ipynb", 2, 1)]
