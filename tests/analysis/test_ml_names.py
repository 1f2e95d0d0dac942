"""The method names a training question can be answered for, kept beside the questions."""

from __future__ import annotations

import ast

import pytest

from repocheck.analysis.ml_names import (
    BACKWARD_METHODS,
    FIT_CALL_METHODS,
    TRAINING_CALL_METHODS,
    fits_sentence_transformer,
    is_backward,
    is_fit,
)

#: One call for every way is_fit or is_backward says yes.
_TRAINING_CALLS = [
    "model.fit(X, y)",
    "model.fit_generator(gen)",
    "model.train_on_batch(x, y)",
    "trainer.train()",
    "model.train(data='coco.yaml', epochs=3)",
    "engine.train(processor, get_iterator(True), maxepoch=10, optimizer=optimizer)",
    "lgb.train(params, train_set)",
    "model.learn(total_timesteps=10_000)",
    "agent.train_model(model=model_ppo, tb_log_name='ppo', total_timesteps=50_000)",
    "tf.train.AdamOptimizer(0.1).minimize(loss)",
    "state.apply_gradients(grads=grads)",
    "optax.apply_updates(params, updates)",
    "optimizer.update(grads)",
    "loss.backward()",
    "self.manual_backward(loss)",
]


def _call(source: str) -> ast.Call:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    return node.value


@pytest.mark.parametrize("source", _TRAINING_CALLS)
def test_every_training_call_is_found_by_its_method_name(source: str) -> None:
    # Scans that look only at calls of these method names must see every training call.
    call = _call(source)
    assert is_fit(call) or is_backward(call), source
    assert isinstance(call.func, ast.Attribute)
    assert call.func.attr in TRAINING_CALL_METHODS
    assert call.func.attr in (FIT_CALL_METHODS if is_fit(call) else BACKWARD_METHODS)


def test_a_plain_function_named_fit_is_no_fit() -> None:
    # Only methods are fits: the name index holds only x.name(...) calls.
    assert not is_fit(_call("fit(X, y)")) and not is_backward(_call("backward(loss)"))


def test_a_train_model_helper_without_timesteps_is_read_through_its_body() -> None:
    # FinRL's DRLAgent.train_model(model=..., total_timesteps=...) runs Stable-Baselines3's
    # learn(); a hand-written train_model(net, loader) is judged by what its body does.
    assert not is_fit(_call("trainer.train_model(net, loader)"))


def test_a_library_engine_handed_an_optimizer_trains() -> None:
    # torchnet's Engine.train(processor, iterator, maxepoch=, optimizer=) runs the loop; a
    # train() handed the optimizer, by keyword or by its name, is no mode switch.
    assert is_fit(_call("engine.train(h, iterator, 10, optim)"))
    assert is_fit(_call("engine.train(h, iterator, maxepoch=10, optimizer=self.opt)"))
    for switch in ("model.train()", "model.train(True)", "net.train(mode=is_training)"):
        assert not is_fit(_call(switch)), switch


def test_a_cross_encoder_fit_is_sentence_transformers_training() -> None:
    # CrossEncoder.fit(train_dataloader=...) runs the same PyTorch loop as
    # SentenceTransformer.fit(train_objectives=...); an old Lightning trainer.fit(model,
    # train_dataloader=...) is handed its model, and is no sentence-transformers fit.
    def fits(source: str) -> bool:
        call = ast.parse(source).body[0].value  # type: ignore[attr-defined]
        return fits_sentence_transformer(call)

    assert fits("model.fit(train_objectives=[(loader, loss)], epochs=1)")
    assert fits("model.fit(train_dataloader=loader, evaluator=ev, epochs=1, warmup_steps=5000)")
    assert not fits("trainer.fit(model, train_dataloader=loader)")
    assert not fits("trainer.fit(model=model, train_dataloader=loader)")
    assert not fits("model.fit(x, y, epochs=3)")
