"""SANITY002: numeric guards where gradient-based training runs."""

from __future__ import annotations

from textwrap import dedent

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from
from tests.rules.sanity_fixtures import (
    MODEL,
    TRAIN_LOOP,
    places,
    run,
    unguarded,
)

# ---------------------------------------------------------------------------- SANITY002


def test_sanity002_warns_without_guards_and_points_at_backward() -> None:
    at_stake = TRAIN_LOOP.replace(
        "    loss = nn.functional.cross_entropy(model(x), y)",
        "    with torch.autocast('cuda'):\n        loss = nn.functional.cross_entropy(model(x), y)",
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": at_stake})
    assert result.status is Status.WARN
    assert result.message.endswith("with mixed precision at stake")
    assert places(result) == [("train.py", None, 12)]
    assert result.evidence[0].snippet.startswith("loss.backward()  # is the loss finite?")


def test_sanity002_points_at_the_backward_of_an_mxnet_gluon_loop() -> None:
    # MXNet's Gluon trains as PyTorch does (loss.backward(), trainer.step()): the guard asked
    # for is the same, a finite loss or gradients clipped before the step.
    gluon = (
        "import mxnet as mx\nfrom mxnet import autograd, gluon\n\n"
        "net = gluon.nn.Dense(1)\nnet.initialize()\n"
        "trainer = gluon.Trainer(net.collect_params(), 'adam')\n"
        "for data, label in loader:\n"
        "    with autograd.record():\n"
        "        loss = gluon.loss.L2Loss()(net(data), label)\n"
        "    loss.backward()\n"
        "    trainer.step(data.shape[0])\n"
    )
    result = run("SANITY002", {"train.py": gluon})
    assert result.status is Status.PASS, result.message
    assert "nothing checks for NaN/inf" in result.message
    assert places(result) == [("train.py", None, 10)]
    # Gluon's own guards: an optimizer's clip_gradient (a keyword, or a key of the Trainer's
    # optimizer_params), gluon.utils.clip_global_norm, MXNet's isfinite and isnan.
    clipped_in_trainer = gluon.replace("'adam')", "'adam', {'clip_gradient': 5.0})")
    in_optimizer = gluon.replace("'adam')", "mx.optimizer.Adam(clip_gradient=5.0))")
    global_norm = gluon.replace(
        "    trainer.step",
        "    grads = [p.grad() for p in net.collect_params().values()]\n"
        "    gluon.utils.clip_global_norm(grads, 1.0)\n"
        "    trainer.step",
    )
    finite = gluon.replace(
        "    trainer.step",
        "    if not mx.nd.contrib.isfinite(loss).min():\n        continue\n    trainer.step",
    )
    for guarded, kind in [
        (clipped_in_trainer, "gradient clipping"),
        (in_optimizer, "gradient clipping"),
        (global_norm, "gradient clipping"),
        (finite, "finite check"),
    ]:
        result = run("SANITY002", {"train.py": guarded})
        assert result.message == f"numeric guards: {kind}", result.message
    # A learning rate in the same dict is no guard.
    plain = gluon.replace("'adam')", "'adam', {'learning_rate': 2e-4})")
    assert "nothing checks" in run("SANITY002", {"train.py": plain}).message


def test_sanity002_leaves_a_short_exercise_a_note() -> None:
    result = run("SANITY002", {"model.py": MODEL, "train.py": TRAIN_LOOP})
    assert result.status is Status.PASS
    assert "a note for short exercises" in result.message
    assert places(result) == [("train.py", None, 11)]


def test_sanity002_passes_on_clipping_imported_by_name() -> None:
    train = TRAIN_LOOP.replace(
        "    optimizer.step()",
        "    clip_grad_norm_(model.parameters(), 1.0)\n    optimizer.step()",
    )
    train = "from torch.nn.utils import clip_grad_norm_\n" + train
    result = run("SANITY002", {"model.py": MODEL, "train.py": train})
    assert result.status is Status.PASS
    assert result.metrics == {"gradient_clipping": 1}
    assert places(result) == [("train.py", None, 13)]


def test_sanity002_passes_on_a_finite_check_through_an_alias_and_numeric_tests() -> None:
    train = "import torch as T\n\ndef step(loss):\n    if not T.isfinite(loss):\n        raise FloatingPointError(loss)\n    loss.backward()\n    opt.step()\n"
    tests = "import numpy as np\n\ndef test_mean():\n    np.testing.assert_allclose(1.0, 1.0)\n"
    result = run("SANITY002", {"train.py": train, "tests/test_metrics.py": tests})
    assert result.status is Status.PASS
    assert result.metrics == {"finite_check": 1, "numeric_assertion": 1}


def test_sanity002_allclose_deciding_a_branch_in_the_code_is_no_assertion() -> None:
    # slerp's `elif np.allclose(p0, p1): return p0` picks a formula; it guards no training.
    slerp = dedent(
        """
        import numpy as np

        def slerp(t, p0, p1):
            if np.allclose(p0, p1):
                return p0
            return (1 - t) * p0 + t * p1
        """
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": TRAIN_LOOP, "interp.py": slerp})
    assert "numeric_assertion" not in result.metrics
    assert "a note for short exercises" in result.message
    # The same call in an assert, or in a test, checks numbers: it counts.
    checked = slerp.replace(
        "if np.allclose(p0, p1):\n        return p0", "assert np.allclose(p0, p0)"
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": TRAIN_LOOP, "interp.py": checked})
    assert result.metrics == {"numeric_assertion": 1}


def test_sanity002_nan_equality_nan_to_num_comments_and_disabled_clipping_do_not_count() -> None:
    train = TRAIN_LOOP + dedent(
        """
        # torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        bad = loss == float("nan")
        loss = torch.nan_to_num(loss)
        trainer = Trainer(gradient_clip_val=None)
        """
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": train})
    assert unguarded(result)


def test_sanity002_anomaly_detection_switched_off_is_no_guard() -> None:
    # `torch.autograd.set_detect_anomaly(False)` at the top of a script turns the check off (a
    # speed habit copied with profiler.profile(False)); it guards nothing.
    off = "import torch\n\ntorch.autograd.set_detect_anomaly(False)\n" + TRAIN_LOOP
    result = run("SANITY002", {"model.py": MODEL, "train.py": off})
    assert unguarded(result)
    keyword = off.replace("set_detect_anomaly(False)", "set_detect_anomaly(mode=False)")
    assert unguarded(run("SANITY002", {"model.py": MODEL, "train.py": keyword}))
    # Switched on, it is a guard.
    on = off.replace("set_detect_anomaly(False)", "set_detect_anomaly(True)")
    result = run("SANITY002", {"model.py": MODEL, "train.py": on})
    assert result.metrics == {"anomaly_detection": 1}


def test_sanity002_accepts_lightning_clipping_and_keras_clipnorm() -> None:
    lightning = "import lightning as L\n\ntrainer = L.Trainer(gradient_clip_val=0.5)\n"
    lightning += "trainer.fit(model)\n"
    keras = "from tensorflow import keras\n\nopt = keras.optimizers.Adam(clipnorm=1.0)\n"
    result = run("SANITY002", {"fit.py": lightning, "fit_keras.py": keras})
    assert result.status is Status.PASS
    assert result.metrics == {"gradient_clipping": 2}


def test_sanity002_points_into_a_notebook_cell() -> None:
    nb = notebook(
        "import torch\nimport numpy as np",
        "x = np.load('x.npy')\nassert not np.isnan(x).any()",
        "for x in data:\n    model(x).sum().backward()\n    opt.step()",
    )
    result = run("SANITY002", {"eda.ipynb": nb})
    assert result.status is Status.PASS
    assert places(result) == [("eda.ipynb", 1, 2)]


def test_sanity002_skips_where_no_gradient_is_computed() -> None:
    forest = (
        "from sklearn.ensemble import RandomForestClassifier\n\n"
        "clf = RandomForestClassifier(random_state=0).fit(X_train, y_train)\n"
    )
    inference = "import torch\n\nmodel = torch.load('m.pt')\nprint(model(x))\n"
    for code in (forest, inference):
        assert run("SANITY002", {"run.py": code}).status is Status.SKIP


def test_sanity002_a_clamped_log_and_gradients_clipped_by_hand_are_guards() -> None:
    clamped = TRAIN_LOOP.replace(
        "loss = nn.functional.cross_entropy(model(x), y)",
        "loss = -torch.log(model(x).softmax(1).clamp(min=1e-7)).mean()",
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": clamped})
    assert result.status is Status.PASS
    assert result.metrics == {"clamped_log": 1}
    numpy_log = TRAIN_LOOP + "ll = np.log(np.clip(p, 1e-7, 1 - 1e-7))\nkl = np.log(q + 1e-8)\n"
    assert run("SANITY002", {"train.py": numpy_log}).metrics == {"clamped_log": 2}
    by_hand = TRAIN_LOOP.replace(
        "    optimizer.step()",
        "    for p in model.parameters():\n        p.grad.data.clamp_(-1, 1)\n    optimizer.step()",
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": by_hand})
    assert result.status is Status.PASS
    assert result.metrics == {"gradient_clipping": 1}
    # A log of a raw value, or a logger's log(), guards nothing.
    raw = TRAIN_LOOP + "ll = torch.log(p)\nlogger.log('loss', 1e-8)\n"
    assert unguarded(run("SANITY002", {"train.py": raw}))


def test_sanity002_non_finite_gradients_replaced_before_the_step_are_a_guard() -> None:
    # StyleGAN2's habit: `torch.nan_to_num(p.grad, nan=0, posinf=1e5, neginf=-1e5,
    # out=p.grad)` on every parameter before the step, so a NaN or an inf never reaches the
    # weights. It guards the gradients as clipping does; on the loss it masks, not guards.
    replaced = TRAIN_LOOP.replace(
        "    optimizer.step()",
        "    for p in model.parameters():\n"
        "        if p.grad is not None:\n"
        "            torch.nan_to_num(p.grad, nan=0, posinf=1e5, neginf=-1e5, out=p.grad)\n"
        "    optimizer.step()",
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": replaced})
    assert result.status is Status.PASS, result.message
    assert result.metrics == {"non-finite_gradients_replaced": 1}
    assert places(result) == [("train.py", None, 14)]
    method = replaced.replace(
        "torch.nan_to_num(p.grad, nan=0, posinf=1e5, neginf=-1e5, out=p.grad)",
        "p.grad.nan_to_num_(nan=0.0)",
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": method})
    assert result.metrics == {"non-finite_gradients_replaced": 1}
    # After the step, the replaced gradients are erased by the next zero_grad(): no guard.
    late = TRAIN_LOOP.replace(
        "    optimizer.step()",
        "    optimizer.step()\n"
        "    for p in model.parameters():\n"
        "        torch.nan_to_num(p.grad, nan=0, out=p.grad)",
    )
    assert unguarded(run("SANITY002", {"model.py": MODEL, "train.py": late}))
    # On data, nan_to_num cleans inputs and guards no training step.
    data = TRAIN_LOOP + "features = np.nan_to_num(features)\n"
    assert unguarded(run("SANITY002", {"model.py": MODEL, "train.py": data}))


def test_sanity002_clipping_before_backward_guards_nothing() -> None:
    # clip_grad_norm_ between zero_grad() and loss.backward(): it clips the zeroed gradients,
    # and the step then uses the unclipped ones backward() computes. No guard, said so.
    early = TRAIN_LOOP.replace(
        "    loss.backward()",
        "    torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)\n    loss.backward()",
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": early})
    assert "numeric guards" not in result.message, result.message
    assert "clipped before backward()" in result.message, result.message
    assert any("before loss.backward()" in (e.snippet or "") for e in result.evidence)
    assert result.metrics.get("clipped_before_backward") == 1


def test_sanity002_clipping_after_the_optimizer_step_guards_nothing() -> None:
    # clip_grad_norm_ after optimizer.step(): the step has used the gradients, and the next
    # zero_grad() erases what the clip changed. It is no guard, and the finding says why.
    late = TRAIN_LOOP.replace(
        "    loss = nn.functional.cross_entropy(model(x), y)",
        "    with torch.autocast('cuda'):\n        loss = nn.functional.cross_entropy(model(x), y)",
    ).replace(
        "    optimizer.step()",
        "    optimizer.step()\n    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)",
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": late})
    assert result.status is Status.WARN
    assert "clipped only after the optimizer step" in result.message
    assert result.message.endswith("with mixed precision at stake")
    assert places(result) == [("train.py", None, 12), ("train.py", None, 14)]
    assert "after optimizer.step()" in result.evidence[1].snippet
    # Clipping one model's gradients between two optimizers' steps (a GAN) still guards.
    two_steps = late.replace(
        "    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)",
        "    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n    opt_g.step()",
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": two_steps})
    assert result.status is Status.PASS
    assert result.metrics == {"gradient_clipping": 1}


def test_sanity002_reads_a_step_kept_in_a_file_that_imports_nothing() -> None:
    # train/train.py imports nothing: model, loss and optimizer come from the torch script.
    step = (
        "def train(model, loader, criterion, optimizer):\n"
        "    for x, y in loader:\n"
        "        optimizer.zero_grad()\n"
        "        loss = criterion(model(x), y)\n"
        "        loss.backward()\n"
        "        optimizer.step()\n"
    )
    entry = (
        "import torch\nfrom train.train import train\n\n"
        "model = torch.nn.Linear(2, 2)\n"
        "for epoch in range(200):\n"
        "    train(model, [], torch.nn.MSELoss(), torch.optim.SGD(model.parameters(), lr=0.1))\n"
    )
    result = run("SANITY002", {"train_entry.py": entry, "train/train.py": step})
    assert result.status is not Status.SKIP, result.message
    assert places(result) == [("train/train.py", None, 5)]


def test_sanity002_clipping_the_loss_tensor_is_no_gradient_clipping() -> None:
    # clip_grad_norm_(loss, 0.9) clips the gradient of the loss tensor itself (it has none):
    # the parameters' gradients go to the optimizer unclipped.
    train = TRAIN_LOOP.replace(
        "    optimizer.step()",
        "    clip_grad_norm_(loss, 0.9)\n    optimizer.step()",
    )
    train = "from torch.nn.utils import clip_grad_norm_\n" + train
    result = run("SANITY002", {"model.py": MODEL, "train.py": train})
    assert "gradient_clipping" not in result.metrics
    assert "nothing checks for NaN/inf" in result.message
    assert ("train.py", None, 13) in places(result)
    assert "clips the loss, not the parameters' gradients" in result.evidence[-1].snippet


def test_sanity002_skips_gradients_taken_to_look_not_to_train() -> None:
    # Grad-CAM and a loss's own demo call backward() to read gradients, and nothing updates
    # a weight with them: no training run for a NaN guard to protect, and a hand-written
    # loss used only by its own demo is not "at stake".
    grad_cam = (
        "import torch\n\n"
        "def cam(model, x):\n"
        "    out = model(x)\n"
        "    model.zero_grad()\n"
        "    out[0, out.argmax()].backward(retain_graph=True)\n"
        "    return x.grad\n"
    )
    loss_demo = (
        "import torch\nfrom torch import nn\n\n"
        "class FocalLoss(nn.Module):\n"
        "    def forward(self, p, y):\n"
        "        return -(y * torch.log(p)).mean()\n\n"
        "if __name__ == '__main__':\n"
        "    p = torch.rand(4, requires_grad=True)\n"
        "    FocalLoss()(p, torch.ones(4)).backward()\n"
    )
    result = run("SANITY002", {"grad_cam.py": grad_cam, "focal_loss.py": loss_demo})
    assert result.status is Status.SKIP
    by_hand = (
        "import torch\n\n"
        "w = torch.zeros(3, requires_grad=True)\n"
        "for x, y in loader:\n"
        "    loss = ((x @ w - y) ** 2).mean()\n"
        "    loss.backward()\n"
        "    with torch.no_grad():\n"
        "        w -= 0.1 * w.grad\n"
        "        w.grad.zero_()\n"
    )
    assert run("SANITY002", {"sgd.py": by_hand}).status is not Status.SKIP


_ST_FIT = "model.fit(train_objectives=[(loader, loss)], epochs=4, warmup_steps=100{extra})\n"


def test_sanity002_a_sentence_transformers_fit_clips_by_default() -> None:
    # SentenceTransformer.fit clips the gradients' norm at max_grad_norm=1 unless told not to.
    script = (
        "from sentence_transformers import SentenceTransformer, InputExample, losses\n"
        "from torch.utils.data import DataLoader\n\n"
        "model = SentenceTransformer('all-MiniLM-L6-v2')\n"
        "loader = DataLoader([InputExample(texts=['a', 'b'], label=0.5)], shuffle=True)\n"
        "loss = losses.CosineSimilarityLoss(model)\n"
    )
    result = run("SANITY002", {"train.py": script + _ST_FIT.format(extra="")})
    assert result.status is Status.PASS
    assert result.message == "numeric guards: gradient clipping"
    assert places(result) == [("train.py", None, 7)]
    turned_off = run("SANITY002", {"train.py": script + _ST_FIT.format(extra=", max_grad_norm=0")})
    assert turned_off.message.startswith("nothing checks for NaN/inf"), turned_off.message


def test_sanity002_reads_a_sentence_transformers_fit_in_a_file_that_imports_nothing() -> None:
    # engine.py imports only the settings: the model and its loss arrive as arguments.
    engine = "import config\n\n\ndef train(loader, model, loss):\n    " + _ST_FIT.format(extra="")
    entry = (
        "import torch.nn as nn\n"
        "from sentence_transformers import SentenceTransformer, losses\n"
        "import engine\n\n"
        "model = SentenceTransformer('bert-base-chinese')\n"
        "engine.train([], model, losses.CosineSimilarityLoss(model))\n"
    )
    files = {"train.py": entry, "engine.py": engine, "config.py": "EPOCH = 4\n"}
    result = run("SANITY002", files)
    assert result.status is Status.PASS, result.message
    assert places(result) == [("engine.py", None, 5)]


def test_sanity002_a_numpy_trainer_beside_a_scikit_learn_split_is_no_absence_of_training() -> None:
    # Logistic regression written out in numpy, its weights moved by gradient ascent; the only
    # scikit-learn in the project is `train_test_split`. Training by hand-written gradient
    # steps is there: the skip must not say that nothing gradient-based trains.
    lr = dedent(
        """
        import numpy as np

        def lr_train(X, delta, learning_rate, penalty_term, iterations):
            W = np.zeros((delta.shape[0], X.shape[1]))
            for _ in range(iterations):
                Z = np.exp(W.dot(X.T))
                dZ = (delta - Z) @ X - penalty_term * W
                W = W + (learning_rate * dZ)
            return W
        """
    )
    main = dedent(
        """
        from sklearn.model_selection import train_test_split
        import logistic_regression as lr

        X_train, X_val = train_test_split(data, test_size=0.2)
        W = lr.lr_train(X_train, labels, 0.05, 0.05, 10)
        """
    )
    result = run("SANITY002", {"logistic_regression.py": lr, "main.py": main})
    assert result.status is Status.SKIP
    assert "no gradient-based training" not in result.message
    assert "from scratch" in result.message


# A PyTorch protein language model used only to embed, beside a Flax head trained on the
# embeddings: a JAX gradient step cannot fine-tune a PyTorch model.
_FLAX_HEAD_ON_TORCH_EMBEDDINGS = """\
import jax
import optax
import torch
from transformers import EsmModel


def embed(sequences):
    esm = EsmModel.from_pretrained("facebook/esm2_t6_8M_UR50D")
    with torch.no_grad():
        return esm(**sequences).last_hidden_state.mean(1).numpy()


@jax.jit
def train_step(state, batch):
    def loss_fn(params):
        logits = state.apply_fn({"params": params}, batch["x"])
        return optax.sigmoid_binary_cross_entropy(logits, batch["y"]).mean()

    loss, grads = jax.value_and_grad(loss_fn)(params=state.params)
    return state.apply_gradients(grads=grads), loss


x = embed(sequences)
for batch in batches(x):
    state, loss = train_step(state, batch)
"""


def test_sanity002_a_torch_model_only_embedding_for_a_jax_head_is_no_fine_tune_at_stake() -> None:
    result = run("SANITY002", {"train.py": _FLAX_HEAD_ON_TORCH_EMBEDDINGS})
    assert "a pretrained model fine-tuned" not in result.message
    assert result.status is Status.PASS
    # A Flax model loaded pretrained and stepped by JAX is fine-tuned: the stake stands.
    flax = _FLAX_HEAD_ON_TORCH_EMBEDDINGS.replace(
        "from transformers import EsmModel", "from transformers import FlaxBertModel"
    ).replace(
        'EsmModel.from_pretrained("facebook/esm2_t6_8M_UR50D")',
        'FlaxBertModel.from_pretrained("bert-base-uncased")',
    )
    result = run("SANITY002", {"train.py": flax})
    assert result.status is Status.WARN
    assert result.message.endswith("with a pretrained model fine-tuned at stake")


_SCRATCH_MODEL_WITH_A_PRETRAINED_TOKENIZER = """\
import torch
from torch import nn
from transformers import BertTokenizerFast

tokenizer = BertTokenizerFast.from_pretrained("bert-base-uncased")
ids = tokenizer(["a b c"], return_tensors="pt").input_ids
model = nn.Embedding(tokenizer.vocab_size, 8)
optimizer = torch.optim.AdamW(model.parameters())
for _ in range(3):
    loss = model(ids).pow(2).mean()
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
"""


def test_sanity002_a_pretrained_tokenizer_is_no_pretrained_model_fine_tuned() -> None:
    # A model written from scratch reads its text through BERT's tokenizer: only the
    # vocabulary is pretrained, no weights are fine-tuned.
    result = run("SANITY002", {"train.py": _SCRATCH_MODEL_WITH_A_PRETRAINED_TOKENIZER})
    assert "a pretrained model fine-tuned" not in result.message, result.message
    assert result.status is Status.PASS
    model = _SCRATCH_MODEL_WITH_A_PRETRAINED_TOKENIZER.replace(
        "model = nn.Embedding(tokenizer.vocab_size, 8)",
        'from transformers import BertModel\nmodel = BertModel.from_pretrained("bert-base-uncased")',
    )
    result = run("SANITY002", {"train.py": model})
    assert result.message.endswith("with a pretrained model fine-tuned at stake"), result.message


_FROZEN_ENCODER_MODEL = """\
import torch
from torch import nn


class Policy(nn.Module):
    def __init__(self, vision_encoder):
        super().__init__()
        self.vision_encoder = vision_encoder
        for param in self.vision_encoder.parameters():
            param.requires_grad = False
        self.head = nn.Linear(768, 6)

    def forward(self, images):
        with torch.no_grad():
            features = self.vision_encoder(images).pooler_output
        return self.head(features)
"""

_FROZEN_ENCODER_TRAIN = """\
import torch
from transformers import SiglipVisionModel

from model import Policy

vision_encoder = SiglipVisionModel.from_pretrained("google/siglip-base-patch16-224")
policy = Policy(vision_encoder)
optimizer = torch.optim.Adam(policy.parameters(), lr=1e-4)
for images, actions in loader:
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(policy(images), actions)
    loss.backward()
    optimizer.step()
"""


def test_sanity002_a_frozen_pretrained_encoder_is_no_fine_tune_at_stake() -> None:
    # A pretrained encoder whose parameters are all frozen (in another module, through the
    # name it is handed on by) only embeds the inputs of a head trained from scratch.
    files = {"model.py": _FROZEN_ENCODER_MODEL, "train.py": _FROZEN_ENCODER_TRAIN}
    result = run("SANITY002", files)
    assert "a pretrained model fine-tuned" not in result.message, result.message
    assert result.status is Status.PASS
    # Frozen by `requires_grad_(False)`: the same.
    files["model.py"] = _FROZEN_ENCODER_MODEL.replace(
        "        for param in self.vision_encoder.parameters():\n"
        "            param.requires_grad = False\n",
        "        self.vision_encoder.requires_grad_(False)\n",
    )
    result = run("SANITY002", files)
    assert result.status is Status.PASS, result.message
    # Left trainable, or only part of it frozen, it is fine-tuned: the stake stands.
    for freeze in ("param.requires_grad = True", "param.requires_grad = param.ndim > 1"):
        files["model.py"] = _FROZEN_ENCODER_MODEL.replace("param.requires_grad = False", freeze)
        result = run("SANITY002", files)
        assert result.status is Status.WARN, freeze
        assert result.message.endswith("with a pretrained model fine-tuned at stake")
    files["model.py"] = _FROZEN_ENCODER_MODEL.replace(
        "self.vision_encoder.parameters()", "self.vision_encoder.embeddings.parameters()"
    )
    result = run("SANITY002", files)
    assert result.message.endswith("with a pretrained model fine-tuned at stake")


# A DeepSpeed engine built from a config written in the script: fp16 with dynamic loss
# scaling checks every step's gradients for inf/NaN and skips the step, as GradScaler does;
# "gradient_clipping" clips inside the engine's step.
DEEPSPEED_TRAINING = """\
import torch
from deepspeed import deepspeed

from model import MLP

config = {
    "train_batch_size": 60,
    "fp16": {"enabled": True},
    "optimizer": {"type": "Adam", "params": {"lr": 1e-3}},
}
original = MLP()
model, optimizer, _, _ = deepspeed.initialize(
    config_params=config, model=original, model_parameters=original.parameters()
)
for x, y in loader:
    loss = torch.nn.functional.cross_entropy(model(x), y)
    model.backward(loss)
    model.step()
"""


def test_sanity002_a_deepspeed_config_with_fp16_or_clipping_guards_the_steps() -> None:
    result = run("SANITY002", {"model.py": MODEL, "train.py": DEEPSPEED_TRAINING})
    assert result.status is Status.PASS, result.message
    assert result.metrics == {"loss_scaling": 1}
    assert places(result) == [("train.py", None, 12)]
    clipped = DEEPSPEED_TRAINING.replace('"fp16": {"enabled": True}', '"gradient_clipping": 1.0')
    result = run("SANITY002", {"model.py": MODEL, "train.py": clipped})
    assert result.status is Status.PASS, result.message
    assert result.metrics == {"gradient_clipping": 1}
    # A static loss scale skips no step; bf16 scales nothing; fp16 switched off guards nothing;
    # a config the script does not write out says nothing.
    for changed in (
        DEEPSPEED_TRAINING.replace('{"enabled": True}', '{"enabled": True, "loss_scale": 128}'),
        DEEPSPEED_TRAINING.replace('"fp16"', '"bf16"'),
        DEEPSPEED_TRAINING.replace('{"enabled": True}', '{"enabled": False}'),
        DEEPSPEED_TRAINING.replace("config_params=config", "config=args.deepspeed_config"),
    ):
        result = run("SANITY002", {"model.py": MODEL, "train.py": changed})
        assert unguarded(result), changed


def test_sanity002_a_cross_encoder_fit_clips_by_default() -> None:
    # CrossEncoder.fit clips the gradients' norm at max_grad_norm=1 too.
    script = (
        "from sentence_transformers.cross_encoder import CrossEncoder\n"
        "from torch.utils.data import DataLoader\n\n"
        "model = CrossEncoder('cross-encoder/ms-marco-MiniLM-L-2-v2', num_labels=1)\n"
        "loader = DataLoader(samples, shuffle=True, batch_size=32)\n"
        "model.fit(train_dataloader=loader, epochs=1, warmup_steps=5000)\n"
    )
    result = run("SANITY002", {"train.py": script})
    assert result.status is Status.PASS
    assert result.message == "numeric guards: gradient clipping"
    assert places(result) == [("train.py", None, 6)]


_KERAS_BUILDER = (
    "from keras.models import Model\nfrom keras.layers import Input, LSTM, Dense\n\n\n"
    "def seq2seq(hidden_size):\n"
    "    inputs = Input(shape=(None, 8))\n"
    "    outputs = Dense(8)(LSTM(hidden_size)(inputs))\n"
    "    model = Model(inputs, outputs)\n"
    "    model.compile(optimizer='adam', loss='categorical_crossentropy')\n"
    "    return model, Model(inputs, outputs)\n"
)


def test_sanity002_reads_a_keras_fit_of_a_model_built_in_an_imported_module() -> None:
    # train_val.py imports only numpy and the project's model.py, which builds the Keras
    # model: its fit_generator() is Keras training all the same.
    entry = (
        "import numpy as np\nfrom model import seq2seq\n\n"
        "if __name__ == '__main__':\n"
        "    model, encoder = seq2seq(512)\n"
        "    for epoch in range(100):\n"
        "        model.fit_generator(batches(), steps_per_epoch=10, epochs=1)\n"
    )
    result = run("SANITY002", {"train_val.py": entry, "model.py": _KERAS_BUILDER})
    assert result.status is not Status.SKIP, result.message


def test_sanity002_a_fit_of_a_model_from_a_module_without_a_framework_is_no_training() -> None:
    # helpers.py builds a scikit-learn pipeline: its fit computes no gradient.
    helpers = (
        "from sklearn.linear_model import LogisticRegression\n\n\n"
        "def build():\n    return LogisticRegression()\n"
    )
    entry = "import numpy as np\nfrom helpers import build\n\nclf = build()\nclf.fit(X, y)\n"
    files = {"run.py": entry, "helpers.py": helpers, "model.py": _KERAS_BUILDER}
    result = run("SANITY002", files)
    assert result.status is Status.SKIP, result.message


OPTIMIZER_WRAPPER = """\
import torch


class Optimizer:
    def __init__(self, optim, max_grad_norm=0):
        self.optimizer = optim
        self.max_grad_norm = max_grad_norm

    def step(self, params):
        if self.max_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_(params, self.max_grad_norm)
        self.optimizer.step()
"""
WRAPPED_TRAINING = """\
import torch

from optim import Optimizer

model = torch.nn.Linear(2, 1)
optimizer = Optimizer(torch.optim.Adam(model.parameters()), max_grad_norm={norm})
for x, y in loader:
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step(model.parameters())
"""


def test_sanity002_a_clip_every_construction_switches_off_guards_nothing() -> None:
    # Optimizer(..., max_grad_norm=0) is the one construction: the clip under
    # `if self.max_grad_norm > 0:` never runs, so it is no guard (a passing note, not a
    # pass that names clipping).
    files = {"optim.py": OPTIMIZER_WRAPPER, "train.py": WRAPPED_TRAINING.format(norm=0)}
    result = check("SANITY002", snapshot_from(files))
    assert "gradient clipping" not in result.message, result.message
    assert result.metrics.get("gradient_clipping") is None, result.metrics
    # A construction that turns it on keeps the guard.
    files["train.py"] = WRAPPED_TRAINING.format(norm=5.0)
    result = check("SANITY002", snapshot_from(files))
    assert result.status is Status.PASS and "gradient clipping" in result.message


SET_UP_CLIP = """\
import torch


def train(model, loader, epochs):
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
    for epoch in range(epochs):
        for x, y in loader:
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
"""


def test_sanity002_a_clip_set_up_once_before_the_training_loop_guards_nothing() -> None:
    # clip_grad_norm_ called once beside the optimizer, as if it configured clipping: no
    # gradient exists yet, and every step of the loop below uses unclipped gradients.
    result = run("SANITY002", {"model.py": MODEL, "train.py": SET_UP_CLIP})
    assert "numeric guards" not in result.message, result.message
    assert "clipped before backward()" in result.message, result.message
    assert ("train.py", None, 6) in places(result)


def test_sanity002_a_clip_in_a_step_function_the_loop_calls_still_guards() -> None:
    # The clip before any backward() of its function, but in a helper the loop calls after
    # backward(): the same clip, read in the loop's order, guards every step.
    helper = SET_UP_CLIP.replace(
        "    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)\n", ""
    ).replace(
        "            optimizer.step()\n",
        "            clip(model)\n            optimizer.step()\n",
    )
    helper += "\n\ndef clip(model):\n    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)\n"
    result = run("SANITY002", {"model.py": MODEL, "train.py": helper})
    assert result.message.startswith("numeric guards: gradient clipping"), result.message


# pytorch-pretrained-bert's BertAdam clips each parameter's gradient norm at
# max_grad_norm=1.0 inside its step(), unless given -1 (or 0).
_BERT_ADAM = (
    "import torch\n"
    "from pytorch_pretrained_bert import BertForSequenceClassification\n"
    "from pytorch_pretrained_bert.optimization import BertAdam\n\n"
    "model = BertForSequenceClassification.from_pretrained('bert-base-uncased', num_labels=2)\n"
    "optimizer = BertAdam(model.parameters(), lr=5e-5, warmup=0.1, t_total=1000{extra})\n"
    "for input_ids, mask, segments, labels in loader:\n"
    "    optimizer.zero_grad()\n"
    "    loss = model(input_ids, segments, mask, labels)\n"
    "    loss.backward()\n"
    "    optimizer.step()\n"
)


def test_sanity002_pytorch_pretrained_bert_s_bert_adam_clips_by_default() -> None:
    result = run("SANITY002", {"train.py": _BERT_ADAM.format(extra="")})
    assert result.status is Status.PASS, result.message
    assert result.message == "numeric guards: gradient clipping"
    assert places(result) == [("train.py", None, 6)]
    off = run("SANITY002", {"train.py": _BERT_ADAM.format(extra=", max_grad_norm=-1")})
    assert off.message.startswith("nothing checks for NaN/inf"), off.message


def test_sanity002_a_linear_model_by_hand_is_not_called_a_network() -> None:
    # A polynomial ridge regression fitted by mini-batch gradient descent in numpy (a diamond
    # price project's model) has no layers: the skip names a model trained by hand, true of
    # a perceptron, a deep network and a linear model alike.
    ridge = """\
        import numpy as np


        class PolynomialRidge:
            def __init__(self, alpha=0.0):
                self.alpha = alpha
                self.theta = None

            def fit(self, X, y, epochs, lr, batch_size):
                self.theta = np.random.randn(X.shape[1])
                for _ in range(epochs):
                    for start in range(0, X.shape[0], batch_size):
                        X_batch = X[start:start + batch_size]
                        y_batch = y[start:start + batch_size]
                        error = X_batch @ self.theta - y_batch
                        gradient = 2 * X_batch.T @ error / len(y_batch) + 2 * self.alpha * self.theta
                        self.theta -= lr * gradient
                return self
        """
    result = run("SANITY002", {"model.py": dedent(ridge)})
    assert result.status is Status.SKIP
    assert "network" not in result.message
    assert result.message.startswith(
        "a model trained from scratch by gradient steps written by hand"
    )


def test_sanity002_biases_a_recommender_moves_by_its_learning_rate_are_trained() -> None:
    # A BellKor baseline predictor: user and movie biases, named bu and bi as in the paper,
    # moved by the learning rate times their derivatives. Whatever the weights are called, a
    # learning rate times a derivative or gradient is a training step.
    baseline = """\
        import numpy as np


        def derivative_bu(r, mu, bu, bi, lam):
            return -2 * (r - mu - bu - bi) + 2 * lam * bu


        def train(ratings, mu, n_users, n_items, lr=0.01, lam=0.1, epochs=20):
            bu = np.zeros(n_users)
            bi = np.zeros(n_items)
            for _ in range(epochs):
                for u, i, r in ratings:
                    bu[u] -= lr * derivative_bu(r, mu, bu[u], bi[i], lam)
                    bi[i] = bi[i] - lr * np.sum(grad_bi[i])
            return bu, bi
        """
    result = run("SANITY002", {"baseline.py": dedent(baseline)})
    assert result.status is Status.SKIP
    assert result.message.startswith(
        "a model trained from scratch by gradient steps written by hand"
    )
    # A moving average smoothed by its rate is no training step.
    smoothing = (
        dedent(baseline)
        .replace("lr * derivative_bu(", "alpha * average(")
        .replace("lr * np.sum(grad_bi[i])", "alpha * (bi[i] - r)")
    )
    result = run("SANITY002", {"baseline.py": smoothing})
    assert not result.message.startswith(
        "a model trained from scratch by gradient steps written by hand"
    )


# BERT embeds each book's fields without gradients to train; a scikit-learn neighbours index
# (or a k-means) is fitted on the embeddings. Nothing is trained by gradient descent.
_BERT_FEATURES_FOR_A_NEIGHBOURS_INDEX = """\
import numpy as np
from sklearn.cluster import KMeans
from sklearn.neighbors import NearestNeighbors
from transformers import BertModel, BertTokenizer

tokenizer = BertTokenizer.from_pretrained("bert-base-uncased")
model = BertModel.from_pretrained("bert-base-uncased")


def embed(text):
    inputs = tokenizer(text, return_tensors="pt")
    return model(**inputs)["pooler_output"].detach().numpy().squeeze()


features = np.stack([embed(title) for title in ["a", "b", "c"]])
knn_model = NearestNeighbors(n_neighbors=2, metric="cosine")
knn_model.fit(features)
clusters = KMeans(n_clusters=2, random_state=0).fit(features)
"""


def test_sanity002_a_scikit_learn_fit_on_pretrained_embeddings_trains_nothing_by_gradients() -> (
    None
):
    result = run("SANITY002", {"recommend.py": _BERT_FEATURES_FOR_A_NEIGHBOURS_INDEX})
    assert result.status is Status.SKIP, result.message
    assert "no gradient-based training" in result.message
    # The same embeddings fed to a PyTorch head trained with an optimizer: training, at stake.
    trained = _BERT_FEATURES_FOR_A_NEIGHBOURS_INDEX + (
        "import torch\n"
        "optimizer = torch.optim.Adam(model.parameters())\n"
        "loss = model(**tokenizer('a', return_tensors='pt'))['pooler_output'].sum()\n"
        "loss.backward()\noptimizer.step()\n"
    )
    result = run("SANITY002", {"recommend.py": trained})
    assert result.status is Status.WARN
    assert result.message.endswith("with a pretrained model fine-tuned at stake")


def test_sanity002_a_nan_check_on_the_data_guards_no_training() -> None:
    # Passes 467 and 475: `if pd.isnull(frag[col]).all():` counts a missing sensor for a
    # feature, `if np.isnan(df_train["Hs"][0]): continue` skips a land grid point: both pick
    # rows of the data before training, and nothing checks the training's own numbers.
    for check_data in (
        "import pandas as pd\nfor col in frag.columns:\n    if pd.isnull(frag[col]).all():\n"
        "        missing += 1\n",
        "import numpy as np\nimport pandas as pd\nfor point in points:\n"
        "    if np.isnan(df_train['Hs'][0]):\n"
        "        continue\n",
        "if frame.isna().any().any():\n    frame = frame.dropna()\n",
    ):
        result = run("SANITY002", {"model.py": MODEL, "train.py": check_data + TRAIN_LOOP})
        assert unguarded(result), check_data
    # A check of the training's own numbers still counts.
    checked = TRAIN_LOOP.replace(
        "    loss.backward()", "    if torch.isnan(loss):\n        break\n    loss.backward()"
    )
    result = run("SANITY002", {"model.py": MODEL, "train.py": checked})
    assert result.metrics == {"finite_check": 1}
    logged = TRAIN_LOOP.replace(
        "    loss.backward()",
        "    if np.isnan(logs['val_loss']):\n        break\n    loss.backward()",
    )
    with_pandas = "import numpy as np\nimport pandas as pd\n" + logged
    result = run("SANITY002", {"model.py": MODEL, "train.py": with_pandas})
    assert result.metrics == {"finite_check": 1}
    # A test checking a model's outputs by key checks the model's numbers.
    outputs = "import torch\n\ndef test_embeds():\n    assert torch.isfinite(out['embeds']).all()\n"
    result = run(
        "SANITY002", {"model.py": MODEL, "train.py": TRAIN_LOOP, "tests/test_e.py": outputs}
    )
    assert result.metrics.get("finite_check") == 1, result.metrics


def test_sanity002_a_mask_cast_to_float16_is_no_mixed_precision() -> None:
    # A Keras layer turns a screen of unit ids into 0/1 channels with
    # tf.cast(tf.math.equal(x, 1), tf.float16): a value cast to a dtype (so with NumPy's
    # astype and float16), exact in any float, while the model trains in float32. No mixed
    # precision is at stake, and a short Keras run is left a note.
    keras = (
        "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n\n\n"
        "class Channels(keras.layers.Layer):\n"
        "    def call(self, inputs):\n"
        "        return tf.cast(tf.math.equal(inputs, 1), tf.float16)\n\n\n"
        "model = keras.Sequential([Channels(), keras.layers.Dense(4)])\n"
        "model.compile(loss='mse', optimizer='adam')\n"
        "frames = np.zeros((8, 4)).astype(np.float16)\n"
        "history = model.fit(frames, np.zeros((8, 4)), epochs=1)\n"
    )
    result = run("SANITY002", {"train.py": keras})
    assert result.status is Status.PASS, result.message
    assert "at stake" not in result.message, result.message
    # A layer whose weights are float16 is at stake. (A mixed_float16 policy is too, and
    # Keras' fit scales its loss: that passes as a guard.)
    half = keras.replace("Dense(4)", "Dense(4, dtype=tf.float16)")
    result = run("SANITY002", {"train.py": half})
    assert result.status is Status.WARN, result.message
    assert result.message.endswith("with mixed precision at stake"), result.message
