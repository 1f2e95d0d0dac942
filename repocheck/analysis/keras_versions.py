"""Which Keras the code was written for, where that decides who seeds its layers.

Standalone Keras before 2.4 (Keras 1, and Keras 2 up to 2.3 on Theano or TensorFlow) gives
every initialiser, dropout mask and ``fit`` shuffle without a seed of its own one drawn from
NumPy's global generator (``seed = np.random.randint(10e6)`` in its backends), so
``np.random.seed(1337)`` before the model, as Keras' own FAQ of the time advised, seeds it.
tf.keras and Keras 3 draw from TensorFlow's or their own generator instead, and NumPy's seed
leaves them unseeded.

The sign read here is ``nb_epoch=``, Keras 1's name for the number of epochs: Keras 2.4 and
later, tf.keras 2 and Keras 3 reject it, so code that passes it runs only on an old Keras.
"""

from __future__ import annotations

import ast

from repocheck.analysis.imports import Program

_OLD_EPOCHS_KEYWORD = "nb_epoch"


def numpy_seeded_keras(program: Program) -> bool:
    """Whether a call in the program passes ``nb_epoch=`` (read once per program): its
    standalone Keras layers then draw from NumPy's global generator."""
    known = program.derived.get("numpy seeded keras")
    if known is None:
        known = program.derived["numpy seeded keras"] = any(
            any(word.arg == _OLD_EPOCHS_KEYWORD for word in call.keywords)
            for unit in program.units
            if _OLD_EPOCHS_KEYWORD in unit.source
            for call in unit.of_type(ast.Call)
        )
    return bool(known)


def draws_from_numpy(name: str, program: Program) -> bool:
    """Whether a Keras layer, resolved to ``name``, is standalone Keras (not tf.keras) in a
    program written for a Keras that seeds its layers from NumPy."""
    return name.startswith("keras.") and numpy_seeded_keras(program)
