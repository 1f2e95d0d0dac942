"""How ML code names things, and what a call does by its name: the words of a name
(``opt_g`` is an optimizer, ``build_model`` a factory), a call's method and receiver, and the
roles a call plays whatever library it comes from (``loss.backward()``, ``model.fit(X, y)``,
``optimizer.minimize(loss)``, ``model.eval()``, ``optimizer.zero_grad()``).

Read without resolving imports: variables carry no types, and reviewers go by names too.
:mod:`ml_code` builds the program model on these.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator

from repocheck.facts.snapshot import breadth_first
from repocheck.patterns import compile_on_use

_TOKEN = compile_on_use(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
MODEL_WORDS = frozenset(
    {"model", "net", "network", "classifier", "regressor", "encoder", "decoder", "backbone"}
    | {"mlp", "cnn", "rnn", "lstm", "gru", "gpt", "bert", "transformer", "discriminator"}
    | {"critic", "actor", "policy", "unet", "resnet", "autoencoder", "vae", "generator"}
)
#: A first word that makes a name a factory (``build_model(cfg)``) or an action on a model
#: (``validator.validate_model(m)``, ``evaluate_net``), not a model.
_FACTORY_WORDS = frozenset({"get", "build", "make", "create", "load", "init", "save", "num"})
_ACTION_WORDS = frozenset(
    {"validate", "evaluate", "compare", "compile", "export", "summarize", "fit", "run", "check"}
)
#: A first word that makes a name a test's stand-in for a model (``FakeModel``,
#: ``dummy_net``, ``mock_model``): it runs no model.
_DOUBLE_WORDS = frozenset({"fake", "mock", "dummy", "stub"})
_OPTIMIZER_WORDS = frozenset(
    {"opt", "optim", "optimizer", "optimiser", "adam", "adamw", "sgd", "rmsprop"}
)
EVAL_SPLITS = frozenset({"val", "valid", "validation", "test", "eval", "dev", "holdout"})


def tokens(name: str) -> list[str]:
    """``optimizerG`` -> ``[optimizer, g]``; ``X_test`` -> ``[x, test]``."""
    return [token.lower() for token in _TOKEN.findall(name)]


def _has_word(words: Iterable[str], vocabulary: frozenset[str]) -> bool:
    return any(w in vocabulary or (w.endswith("s") and w[:-1] in vocabulary) for w in words)


#: The most items and calls :func:`terminal` reads through: code names a thing a few deep
#: (``model(x)[0]``, ``f()()``), never 64.
TERMINAL_LINKS = 64


def terminal(expr: ast.AST | None) -> str | None:
    """The last name of ``a.b.c``, ``a[i]`` or ``f(x)``: what a reader calls the thing; none
    past ``TERMINAL_LINKS`` items and calls. Readings ask it of every call, and each call of
    ``f()()()...`` would otherwise walk the whole chain below it: time as the square of the
    chain."""
    links = 0  # counted in the loop's test: asked hundreds of thousands of times a run
    while isinstance(expr, (ast.Subscript, ast.Call)):
        links += 1
        if links > TERMINAL_LINKS:
            return None
        expr = expr.value if isinstance(expr, ast.Subscript) else expr.func
    if isinstance(expr, ast.Name):
        return expr.id
    if isinstance(expr, ast.Attribute):
        return expr.attr
    return None


def is_model_name(name: str | None) -> bool:
    """``model``, ``self.net``, ``ema_model``, ``resnet``; not ``build_model``, ``model_name``
    or a test's ``FakeModel``."""
    words = [w for w in tokens(name or "") if not w.isdigit()]
    if not words or words[0] in _FACTORY_WORDS or words[0] in _ACTION_WORDS:
        return False
    if is_double_name(name):
        return False
    return _has_word(words[-1:], MODEL_WORDS) or words[-1].endswith("net")


def is_double_name(name: str | None) -> bool:
    """``FakeModel``, ``dummy_net``, ``MockPredictor``: a test's stand-in, named so."""
    words = tokens(name or "")
    return bool(words) and words[0] in _DOUBLE_WORDS


def is_optimizer_name(name: str | None) -> bool:
    """``optimizer``, ``opt_g``, ``self.optim``; not ``option`` or ``scheduler``."""
    return _has_word(tokens(name or ""), _OPTIMIZER_WORDS)


def method(call: ast.Call) -> str | None:
    """The method name of ``x.name(...)``, else None."""
    func = call.func  # asked millions of times on a library: the parser's exact types
    return func.attr if type(func) is ast.Attribute else None


def identifiers(expr: ast.AST) -> list[str]:
    """Names and attribute names in an expression, in walk order."""
    found = []
    for node in breadth_first(expr):
        if isinstance(node, ast.Name):
            found.append(node.id)
        elif isinstance(node, ast.Attribute):
            found.append(node.attr)
    return found


def rebound_names(target: ast.expr) -> Iterator[str]:
    """The names an assignment or loop target rebinds (``a``, ``a, *b``), not those it reads
    to reach an attribute or an item (``self`` in ``self.epoch``, ``d`` in ``d[k]``)."""
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Starred):
        yield from rebound_names(target.value)
    elif isinstance(target, (ast.Tuple, ast.List)):
        for item in target.elts:
            yield from rebound_names(item)


BACKWARD_METHODS = ("backward", "manual_backward")
FIT_METHODS = ("fit", "fit_generator", "train_on_batch", "fit_predict")
#: A fastai Learner's training schedules (``learn.fine_tune(3)``, ``learn.fit_one_cycle(5)``):
#: names no other library's object answers to.
_SCHEDULED_FITS = frozenset({"fine_tune", "fit_one_cycle", "fit_flat_cos", "fit_sgdr"})
ZEROING_METHODS = ("zero_grad", "clear_grad", "clear_gradients")


def is_backward(call: ast.Call) -> bool:
    """``loss.backward()``, ``scaler.scale(loss).backward()``, ``accelerator.backward(loss)``."""
    func = call.func
    return type(func) is ast.Attribute and func.attr in BACKWARD_METHODS


#: Modules with a ``fit`` function that is no training: PIL's ``ImageOps.fit(img, size)``
#: crops and resizes an image.
_FIT_NOT_TRAINING = frozenset({"ImageOps"})
#: What a preprocessing step is named: its fit() prepares data, it trains nothing.
_PREPROCESSORS = frozenset(
    {"scaler", "imputer", "vectorizer", "tfidf", "normalizer", "binarizer"}
    | {"discretizer", "standardizer"}
)


#: What the object that runs a whole training is named: a Hugging Face (or TRL) ``trainer``,
#: an MMEngine ``runner`` (``Runner(model=..., train_dataloader=..., optim_wrapper=...)``).
_TRAINING_RUNNERS = frozenset({"trainer", "runner"})


def runs_a_trainer(call: ast.Call) -> bool:
    """``trainer.train()``: a Hugging Face (or TRL) trainer's training run, or ``runner.train()``,
    an MMEngine runner's. Its receiver is named a trainer or a runner, which a model never is,
    so it is no ``model.train()`` mode switch. A class's own ``train``
    (``spm.SentencePieceTrainer.train(...)``, a tokenizer's) is not."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "train":
        return False
    receiver = terminal(func.value) or ""
    return receiver[:1].islower() and bool(_TRAINING_RUNNERS & set(tokens(receiver)))


def fits_sentence_transformer(call: ast.Call) -> bool:
    """``model.fit(train_objectives=[(loader, loss)], epochs=4)``: sentence-transformers' own
    training loop, told by the keyword no other library's ``fit`` takes; or a CrossEncoder's,
    ``model.fit(train_dataloader=loader, ...)``, the same loop with the loader given alone (an
    old Lightning ``trainer.fit(model, train_dataloader=...)`` is handed its model). The model
    and its losses often arrive as another function's arguments, so the call says more than the
    imports."""
    if method(call) != "fit":
        return False
    names = {item.arg for item in call.keywords}
    if "train_objectives" in names:
        return True
    return "train_dataloader" in names and "model" not in names and not call.args


def runs_a_model_s_training(call: ast.Call) -> bool:
    """``model.train(data="data.yaml", epochs=50)``: a training run of a model that trains
    itself (Ultralytics' YOLO), not ``model.train()``, the mode switch, which takes only
    ``mode``. Told by a ``data=`` argument, or by a model's ``train`` given other keywords
    (``model.train(**train_args)``)."""
    func = call.func
    if type(func) is not ast.Attribute or func.attr != "train":
        return False
    keywords = [item.arg for item in call.keywords if item.arg != "mode"]  # None: **spread
    if "data" in keywords:
        return True
    return bool(keywords) and is_model_name(terminal(func.value))


def hands_an_optimizer(call: ast.Call) -> bool:
    """``engine.train(processor, iterator, maxepoch=10, optimizer=optimizer)``: a training
    engine's loop (torchnet's), told by the optimizer it is handed, by keyword or by its name.
    The mode switch ``model.train()`` takes no optimizer."""
    if any(item.arg == "optimizer" for item in call.keywords):
        return True
    values = [*call.args, *(item.value for item in call.keywords)]
    return any(is_optimizer_name(terminal(value)) for value in values)


#: How code names the gradient-boosting modules whose ``train`` function builds a booster.
_BOOSTING_MODULES = frozenset({"lgb", "lightgbm", "xgb", "xgboost"})


def trains_a_booster(call: ast.Call) -> bool:
    """``lgb.train(params, train_set)`` or ``xgb.train(params, dtrain, num_boost_round)``:
    LightGBM's and XGBoost's functional training API, told by the module's usual names."""
    assert isinstance(call.func, ast.Attribute)
    return terminal(call.func.value) in _BOOSTING_MODULES and bool(call.args or call.keywords)


#: Calls that move weights by gradients computed beside them: Flax's and Keras'
#: ``apply_gradients(grads)`` (after ``jax.grad`` or a ``tf.GradientTape``), optax's and
#: equinox's ``apply_updates(params, updates)``.
_GRADIENT_APPLYING = frozenset({"apply_gradients", "apply_updates"})


def learns_timesteps(call: ast.Call) -> bool:
    """``model.learn(total_timesteps=10_000)`` or ``model.learn(int(1e5))``: how a
    Stable-Baselines3 algorithm trains for a number of environment steps. A hand-written
    agent's ``agent.learn()`` is read through the update its body makes instead."""
    if any(item.arg == "total_timesteps" for item in call.keywords):
        return True
    first = call.args[0] if call.args else None
    if isinstance(first, ast.Call) and isinstance(first.func, ast.Name):
        first = first.args[0] if first.func.id == "int" and first.args else None
    return isinstance(first, ast.Constant) and type(first.value) in (int, float)


def _trains_for_timesteps(call: ast.Call) -> bool:
    """``agent.train_model(model=model_ppo, total_timesteps=50_000)``: FinRL's ``DRLAgent``
    running its Stable-Baselines3 algorithm's ``learn()``. A hand-written ``train_model(net,
    loader)`` is read through the update its body makes instead."""
    return any(item.arg == "total_timesteps" for item in call.keywords)


def is_fit(call: ast.Call) -> bool:
    """A training call of scikit-learn, Keras or Lightning (``model.fit(X, y)``), a Hugging
    Face trainer's (``trainer.train()``), a TensorFlow optimizer's ``minimize(loss)`` (a
    step, or in TF1 the training op a session runs: ``tf.train.AdamOptimizer(lr).minimize``),
    or a step that applies gradients (``state.apply_gradients(grads=grads)``,
    ``optax.apply_updates(params, updates)``, an NNX ``optimizer.update(grads)``), or a
    Stable-Baselines3 agent's ``model.learn(total_timesteps=10_000)``, or FinRL's
    ``agent.train_model(model=model, total_timesteps=10_000)`` that runs it."""
    name = method(call)
    if name == "train":
        return (
            runs_a_trainer(call)
            or runs_a_model_s_training(call)
            or trains_a_booster(call)
            or hands_an_optimizer(call)
        )
    if name == "learn":
        return learns_timesteps(call)
    if name in _SCHEDULED_FITS:
        return True
    if name == "train_model":
        return _trains_for_timesteps(call)
    if name == "minimize":
        assert isinstance(call.func, ast.Attribute)
        return is_optimizer_name(terminal(call.func.value))
    if name in _GRADIENT_APPLYING:
        return bool(call.args or call.keywords)
    if name == "update":
        return _optimizer_fed_gradients(call)
    if name not in FIT_METHODS:
        return False
    assert isinstance(call.func, ast.Attribute)
    receiver = terminal(call.func.value)
    if receiver in _FIT_NOT_TRAINING:
        return False
    # A scaler or a vectorizer learns a mean or a vocabulary, not a model: ``scaler.fit(X)``
    # (a ``scaler_model`` would be a model).
    return not is_preprocessor_name(receiver)


def is_preprocessor_name(name: str | None) -> bool:
    """``scaler``, ``tfidf``, ``DictVectorizer``, ``StandardScaler``: a preprocessing step
    (or its class), whose fit learns a mean or a vocabulary; a ``scaler_model`` is a model."""
    return bool(set(tokens(name or "")) & _PREPROCESSORS) and not is_model_name(name)


def _optimizer_fed_gradients(call: ast.Call) -> bool:
    """``optimizer.update(grads)``, ``policy_optimizer.update(model, p_grad)``: Flax NNX's
    step. A dict's ``update()``, or an optimizer's settings updated, moves no weight."""
    assert isinstance(call.func, ast.Attribute)
    if not is_optimizer_name(terminal(call.func.value)):
        return False
    arguments = [*call.args, *(item.value for item in call.keywords)]
    return any(
        _GRADIENT_WORDS & set(tokens(name)) for arg in arguments for name in identifiers(arg)
    )


_GRADIENT_WORDS = frozenset({"grad", "grads", "gradient", "gradients"})


def steps_outside_torch(call: ast.Call) -> bool:
    """A gradient step of JAX, Flax, optax, Keras or TensorFlow, never of PyTorch:
    ``state.apply_gradients(grads=grads)``, ``optax.apply_updates(params, updates)``,
    ``optimizer.minimize(loss)``, an NNX ``optimizer.update(grads)``. PyTorch steps by
    ``optimizer.step()``; a program that imports transformers to embed with a PyTorch model
    and steps a Flax head this way trains no PyTorch model."""
    name = method(call)
    if name in _GRADIENT_APPLYING or name == "minimize" or name == "update":
        return is_fit(call)
    return False


#: Every method name :func:`is_fit` can say yes to: a call by any other name is no fit.
FIT_CALL_METHODS = frozenset(
    {*FIT_METHODS, "train", "learn", "train_model", "minimize", *_GRADIENT_APPLYING, "update"}
    | _SCHEDULED_FITS
)
#: Every method name :func:`is_backward` or :func:`is_fit` can say yes to.
TRAINING_CALL_METHODS = frozenset({*BACKWARD_METHODS, *FIT_CALL_METHODS})


def is_eval_switch(call: ast.Call) -> bool:
    """``model.eval()`` or ``model.train(False)``."""
    if method(call) == "eval":
        return not call.args and not call.keywords
    return method(call) == "train" and constant_arg(call) is False


def is_train_switch(call: ast.Call) -> bool:
    """``model.train()`` or ``model.train(True)``; not ``trainer.train()``, a training run."""
    return (
        method(call) == "train"
        and constant_arg(call) in (True, None)
        and not call.keywords
        and not runs_a_trainer(call)
    )


def constant_arg(call: ast.Call) -> object:
    if not call.args:
        return None
    first = call.args[0]
    return first.value if isinstance(first, ast.Constant) else "dynamic"


def is_zeroing(node: ast.AST) -> bool:
    """``opt.zero_grad()``, ``model.zero_grad(set_to_none=True)``, ``p.grad = None``,
    ``p.grad.zero_()``."""
    if isinstance(node, ast.Call):
        name = method(node)
        if name in ZEROING_METHODS:
            return True
        return name == "zero_" and "grad" in identifiers(node.func)
    if isinstance(node, ast.Assign):
        value_none = isinstance(node.value, ast.Constant) and node.value.value is None
        return value_none and any(
            isinstance(target, ast.Attribute) and target.attr == "grad" for target in node.targets
        )
    return False


#: Loaders that batch their data and take ``shuffle=``: PyTorch's, and Keras' readers of
#: arrays, folders and tables (``gen.flow_from_directory(test_dir, shuffle=False)``).
SHUFFLING_LOADERS = frozenset(
    {
        "DataLoader",
        "flow",
        "flow_from_directory",
        "flow_from_dataframe",
        "image_dataset_from_directory",
        "text_dataset_from_directory",
        "audio_dataset_from_directory",
    }
)


def loads_a_held_out_split(call: ast.Call) -> bool:
    """``DataLoader(dataset_test, batch_size=1, shuffle=True)``: a loader of data named for a
    held-out split (``test_ds``, ``val_dataset``) batches for the loop that scores it, shuffled
    or not; its batch size sets the speed, not what the model learns."""
    if terminal(call.func) not in SHUFFLING_LOADERS:
        return False
    given = (item.value for item in call.keywords if item.arg == "dataset")
    data = call.args[0] if call.args else next(given, None)
    if not isinstance(data, ast.Name):
        return False
    return bool(set(tokens(data.id)) & EVAL_SPLITS)
