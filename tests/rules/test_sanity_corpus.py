"""Sanity rules on shapes of code found in public ML repositories, each a minimal fixture of a
wrong or missed verdict (docs/accuracy.md names the class of each)."""

from __future__ import annotations

import ast
from textwrap import dedent

from repocheck.analysis.scratch_training import is_hand_update
from repocheck.model import Result, Status
from tests.helpers import check, snapshot_from


def run(rule_id: str, files: dict[str, str]) -> Result:
    return check(rule_id, snapshot_from({name: dedent(text) for name, text in files.items()}))


def snippets(result: Result) -> list[str]:
    return [evidence.snippet for evidence in result.evidence]


# ---------------------------------------------------------------------------- E: SANITY004

MODEL = """\
from torch import nn


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(16, 64), nn.Dropout(0.2), nn.Linear(64, 784))

    def forward(self, z):
        return self.layers(z)
"""

ACTIVATION_MAXIMISATION = """\
import torch
from model import Decoder


def optimize_latent(model, neuron, steps=100):
    z = torch.randn(1, 16, requires_grad=True)
    optimizer = torch.optim.Adam([z], lr=0.1)
    model.eval()
    for _ in range(steps):
        optimizer.zero_grad()
        loss = -model(z)[0, neuron]
        loss.backward()
        optimizer.step()
    return z


def visualise(model, neurons):
    images = []
    for neuron in range(neurons):
        z = optimize_latent(model, neuron)
        with torch.no_grad():
            images.append(model(z))
    return images


model = Decoder()
optimizer = torch.optim.Adam(model.parameters())
for x in loader:
    model.train()
    optimizer.zero_grad()
    loss = ((model(x) - x) ** 2).mean()
    loss.backward()
    optimizer.step()
visualise(model, 16)
"""


def test_sanity004_an_optimizer_over_the_input_alone_does_not_train_the_model() -> None:
    """E2: activation maximisation freezes the model in eval mode and optimizes an input."""
    files = {"model.py": MODEL, "visualise.py": ACTIVATION_MAXIMISATION}
    result = run("SANITY004", files)
    assert result.status is Status.PASS, snippets(result)


def test_sanity004_a_helper_training_the_model_and_leaving_eval_mode_still_warns() -> None:
    trains_model = ACTIVATION_MAXIMISATION.replace("Adam([z], lr=0.1)", "Adam(model.parameters())")
    result = run("SANITY004", {"model.py": MODEL, "visualise.py": trains_model})
    assert result.status is Status.WARN
    assert result.metrics["train_mode_not_restored"] == 1


PRETRAINED_EVAL = """\
import torch
from transformers import GPT2LMHeadModel


@torch.no_grad()
def evaluate(model_type, examples):
    model = GPT2LMHeadModel.from_pretrained(model_type)
    correct = 0
    for tokens, label in examples:
        logits = model(tokens).logits
        correct += int(logits.argmax() == label)
    return correct


def finetune(model_type, loader):
    model = GPT2LMHeadModel.from_pretrained(model_type)
    optimizer = torch.optim.AdamW(model.parameters())
    for tokens in loader:
        optimizer.zero_grad()
        model(tokens, labels=tokens).loss.backward()
        optimizer.step()
"""


def test_sanity004_from_pretrained_returns_the_model_in_eval_mode() -> None:
    """E3: transformers' from_pretrained calls eval() itself."""
    result = run("SANITY004", {"hellaswag.py": PRETRAINED_EVAL})
    assert result.status is Status.PASS, snippets(result)


def test_sanity004_a_pretrained_model_switched_to_train_mode_still_needs_eval() -> None:
    switched = PRETRAINED_EVAL.replace("    correct = 0\n", "    model.train()\n    correct = 0\n")
    result = run("SANITY004", {"hellaswag.py": switched})
    assert result.status is Status.WARN
    assert result.metrics["eval_in_train_mode"] == 1


ACCURACY_HERE = """\
import torch
from torch import nn

net = nn.Sequential(nn.Linear(2, 8), nn.BatchNorm1d(8), nn.Linear(8, 2))
optimizer = torch.optim.SGD(net.parameters(), lr=0.1)


def calculate_accuracy(net, loader):
    correct = 0
    for x, y in loader:
        correct += int((net(x).argmax(1) == y).sum())
    return correct


net.train()
for epoch in range(5):
    for x, y in trainloader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(net(x), y).backward()
        optimizer.step()
    train_accuracy = calculate_accuracy(net, trainloader)
"""

ACCURACY_ELSEWHERE = """\
import torch


def calculate_accuracy(net, loader):
    net.eval()
    with torch.no_grad():
        return sum(int((net(x).argmax(1) == y).sum()) for x, y in loader)
"""


def test_sanity004_a_helper_is_read_from_the_program_that_defines_it() -> None:
    """share020/dl: another assignment's calculate_accuracy() switches to eval mode; the one
    this script defines and calls does not."""
    files = {"mp4/train.py": ACCURACY_HERE, "mp3/utils.py": ACCURACY_ELSEWHERE}
    result = run("SANITY004", files)
    assert "train_mode_not_restored" not in result.metrics, snippets(result)


# ---------------------------------------------------------------------------- P: SANITY004

SCALED_COLUMNS = """\
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression

dataset = pd.read_csv("heart.csv")
columns_to_scale = ["age", "chol"]
dataset[columns_to_scale] = StandardScaler().fit_transform(dataset[columns_to_scale])
y = dataset["target"]
X = dataset.drop("target", axis=1)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3)
LogisticRegression().fit(X_train, y_train)
"""


def test_sanity004_fails_a_scaler_fitted_on_columns_before_the_split() -> None:
    """P: the scaled frame is split through a name taken from it (``X = df.drop(...)``)."""
    result = run("SANITY004", {"heart.py": SCALED_COLUMNS})
    assert result.status is Status.FAIL
    assert result.metrics["fit_before_split"] == 1
    assert [(e.path, e.line) for e in result.evidence] == [("heart.py", 8)]


def test_sanity004_a_scaler_before_a_validation_split_only_warns() -> None:
    validation = SCALED_COLUMNS.replace(
        "X_train, X_test, y_train, y_test", "X_tr, X_val, y_tr, y_val"
    )
    validation = validation.replace("fit(X_train, y_train)", "fit(X_tr, y_tr)")
    result = run("SANITY004", {"heart.py": validation})
    assert result.status is Status.WARN
    assert result.metrics["fit_before_split"] == 1


def test_sanity004_scaling_other_data_before_the_split_is_no_leak() -> None:
    other = SCALED_COLUMNS.replace(
        'X = dataset.drop("target", axis=1)', 'X = pd.read_csv("features.csv")'
    ).replace('y = dataset["target"]', 'y = pd.read_csv("labels.csv")')
    result = run("SANITY004", {"heart.py": other})
    assert result.status is Status.PASS


# ---------------------------------------------------------------------------- K: numpy networks

PERCEPTRON = """\
import numpy as np

X = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
Y = np.array([[0], [0], [1], [1]])


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


np.random.seed(1)
weights = np.random.normal(size=(3, 1))
for i in range(10000):
    l1 = sigmoid(X @ weights)
    assert l1.shape == Y.shape
    l1_delta = (Y - l1) * l1 * (1 - l1)
    weights += X.T @ l1_delta
"""

DEEP_NUMPY = """\
import numpy as np


def update_parameters(parameters, grads, learning_rate):
    for layer in range(1, len(parameters) // 2 + 1):
        parameters["W%s" % layer] -= learning_rate * grads["dW%s" % layer]
        parameters["b%s" % layer] -= learning_rate * grads["db%s" % layer]
    return parameters


def linear_forward(A, W, b):
    Z = W @ A + b
    assert Z.shape == (W.shape[0], A.shape[1])
    return Z


def tests():
    assert linear_forward(np.ones((3, 2)), np.ones((4, 3)), np.zeros((4, 1))).shape == (4, 2)
    assert len(update_parameters({"W1": 1.0, "b1": 0.0}, {"dW1": 0.1, "db1": 0.1}, 0.1)) == 2
"""


def test_sanity_rules_read_a_numpy_perceptron_as_ml_code() -> None:
    """K: a perceptron trained in a loop with ``weights +=`` updates imports no framework."""
    result = run("SANITY004", {"hw2.py": PERCEPTRON})
    assert result.status is Status.PASS, result.message
    assert result.metrics["training_calls"] == 1
    assert run("SANITY001", {"hw2.py": PERCEPTRON}).status is Status.PASS


def test_sanity001_passes_a_numpy_deep_network_on_its_shape_asserts() -> None:
    result = run("SANITY001", {"network.py": DEEP_NUMPY})
    assert result.status is Status.PASS, result.message
    assert result.metrics["shape_checks"] == 3


def test_a_numpy_optimizer_moving_its_parameters_data_is_ml_code() -> None:
    """K: an AdamW written in numpy moves ``param.data``: the weight is the object whose
    ``.data`` moves, and the program trains though it imports no framework."""
    optim = """\
    import numpy as np

    class AdamW:
        def __init__(self, parameters, lr=3e-3):
            self.parameters, self.lr = parameters, lr
            self.m = [np.zeros_like(p.data) for p in parameters]
            self.v = [np.zeros_like(p.data) for p in parameters]

        def step(self):
            for param, m_hat, v_hat in zip(self.parameters, self.m, self.v):
                assert m_hat.shape == param.data.shape
                param.data -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)
    """
    result = run("SANITY001", {"train.py": optim})
    assert result.status is Status.PASS, result.message
    assert result.metrics["shape_checks"] == 1


def test_a_weight_assigned_its_own_value_moved_by_a_gradient_is_a_hand_update() -> None:
    """K: ``self.W = self.W - learning_rate * dW`` is ``self.W -= learning_rate * dW``
    written out: a layer of a numpy network trains by it."""
    layer = """\
    import numpy as np

    class LinearLayer:
        def __init__(self, neurons, prev_neurons):
            self.W = np.random.rand(neurons, prev_neurons) * 2 - 1

        def forward(self, X):
            assert X.shape[0] == self.W.shape[1]
            self.X = X
            return self.W.dot(X)

        def backward(self, dL, learning_rate=0.01):
            dW = dL.dot(self.X.T) / dL.shape[1]
            self.W = self.W - learning_rate * dW
            return self.W.T.dot(dL)
    """
    result = run("SANITY001", {"layer.py": layer})
    assert result.status is Status.PASS, result.message
    assert is_hand_update(ast.parse("w = w - lr * dw").body[0])
    assert is_hand_update(ast.parse("params[k] = params[k] - alpha * grads[k]").body[0])
    # A new name computed from a weight, or a weight set from something else, moves nothing.
    assert not is_hand_update(ast.parse("w_next = w - lr * dw").body[0])
    assert not is_hand_update(ast.parse("self.W = np.zeros_like(dW)").body[0])
    assert not is_hand_update(ast.parse("total = total + loss").body[0])
    # A renderer adding a constant, a list of parameters grown: no gradient step.
    assert not is_hand_update(ast.parse("weights = weights + self.alpha").body[0])
    grown = "params = params + list(filter(lambda p: p.requires_grad, m.parameters()))"
    assert not is_hand_update(ast.parse(grown).body[0])
    assert is_hand_update(ast.parse("self.W = self.W + dLdW").body[0])
    dotted = "self.weights = self.weights + np.dot(rate * delta, input_vecs)"
    assert is_hand_update(ast.parse(dotted).body[0])


def test_a_layers_weights_merged_in_place_are_no_hand_update() -> None:
    """A script merging LoRA weights into a layer (``layer.weight.data += alpha * up @ down``)
    edits a model; an optimizer moves the ``.data`` of the parameter it loops over."""
    merged = ast.parse("curr_layer.weight.data += alpha * torch.mm(weight_up, weight_down)")
    stepped = ast.parse("param.data -= self.lr * m_hat / (np.sqrt(v_hat) + 1e-8)")
    assert not is_hand_update(merged.body[0])
    assert is_hand_update(stepped.body[0])


def test_numpy_without_weight_updates_is_still_no_ml_code() -> None:
    running_totals = """\
    import numpy as np

    def stats(rows, weights):
        total = 0.0
        for row in rows:
            total += np.dot(row, weights)
            assert row.ndim == 1
        return total
    """
    for rule_id in ("SANITY001", "SANITY002", "SANITY004"):
        result = run(rule_id, {"stats.py": running_totals})
        assert result.status is Status.SKIP
        assert result.message.startswith("no ML code")


def test_sanity002_skips_a_numpy_network_it_has_no_guard_to_ask_for() -> None:
    result = run("SANITY002", {"hw2.py": PERCEPTRON})
    assert result.status is Status.SKIP
    assert result.message.startswith(
        "a model trained from scratch by gradient steps written by hand"
    )


def test_sanity002_a_numpy_framework_that_guards_its_own_steps_passes() -> None:
    # A framework written in numpy checks its gradients before each step: it is no maths
    # exercise with nothing to guard, and its guard is what the rule asks for.
    optim = """\
    import numpy as np


    class SGD:
        def __init__(self, params, lr):
            self.params, self.lr = params, lr

        def step(self, grads):
            for param, grad in zip(self.params, grads):
                if not np.all(np.isfinite(grad)):
                    raise FloatingPointError("non-finite gradient")
                param -= self.lr * grad
    """
    train = "from optim import SGD\n\nopt = SGD(model.params, 0.1)\nfor x, y in batches:\n"
    train += "    opt.step(model.backward(x, y))\n"
    result = run("SANITY002", {"optim.py": optim, "train.py": train})
    assert result.status is Status.PASS, result.message
    assert result.message == "numeric guards: finite check"
    assert [(e.path, e.line) for e in result.evidence] == [("optim.py", 10)]


NOTEBOOK_TRAIN = """\
import torch
import torch.nn.functional as F
from torch import nn

model = nn.Sequential(nn.Linear(784, 64), nn.Dropout(0.5), nn.Linear(64, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)


def test():
    model.eval()
    with torch.no_grad():
        for data, target in testset_loader:
            print(F.cross_entropy(model(data), target).item())


def train(epochs):
    model.train()
    for epoch in range(epochs):
        for data, target in trainset_loader:
            optimizer.zero_grad()
            F.cross_entropy(model(data), target).backward()
            optimizer.step()
        test()
"""


def test_sanity004_an_argumentless_helper_leaving_the_global_model_in_eval_mode() -> None:
    """share020/dl: test() switches the notebook's global model to eval mode inside the epoch
    loop, and model.train() runs only once, before it."""
    result = run("SANITY004", {"tutorial.py": NOTEBOOK_TRAIN})
    assert result.status is Status.WARN
    assert result.metrics["train_mode_not_restored"] == 1
    assert [e.line for e in result.evidence] == [23]


def test_sanity004_the_global_model_switched_back_each_epoch_is_fine() -> None:
    restored = NOTEBOOK_TRAIN.replace(
        "    model.train()\n    for epoch in range(epochs):\n",
        "    for epoch in range(epochs):\n        model.train()\n",
    )
    assert run("SANITY004", {"tutorial.py": restored}).status is Status.PASS


# ---------------------------------------------------------------------------- J: SANITY002

TORCH_TRAIN = """\
import torch

model = torch.nn.Linear(8, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for x, y in loader:
    optimizer.zero_grad()
    loss = torch.nn.functional.mse_loss(model(x), y)
    loss.backward()
    optimizer.step()
"""


def test_sanity002_counting_missing_values_for_a_printout_is_no_guard() -> None:
    """J3: print(df.isnull().sum()) and an adjacency fix-up r_inv[np.isinf(r_inv)] = 0."""
    eda = """\
    import numpy as np
    import pandas as pd

    df = pd.read_csv("train.csv")
    print(df.isnull().sum())
    r_inv = np.power(np.array(df.sum(1)), -1).flatten()
    r_inv[np.isinf(r_inv)] = 0.0
    valid = df[~np.isnan(df["age"])]
    """
    result = run("SANITY002", {"eda.py": eda, "train.py": TORCH_TRAIN})
    assert result.metrics == {"short_runs_only": 1}, result.evidence
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 8)]


def test_sanity002_a_finite_check_that_decides_is_a_guard() -> None:
    for guard in (
        "    if not torch.isfinite(loss):\n        raise FloatingPointError(loss)\n",
        "    assert not torch.isnan(loss).any(), loss\n",
        "    bad = torch.isnan(loss)\n    if bad:\n        continue\n",
        "    torch._assert(torch.isfinite(loss).all(), 'loss is not finite')\n",
    ):
        train = TORCH_TRAIN.replace("    loss.backward()\n", guard + "    loss.backward()\n")
        result = run("SANITY002", {"train.py": train})
        assert result.status is Status.PASS, guard
        assert result.metrics == {"finite_check": 1}


NUMPY_LAYERS = """\
import numpy as np
import torch


class Linear:
    def __init__(self, n_in, n_out):
        self.weights = np.random.rand(n_in, n_out)

    def forward(self, inputs):
        self.inputs = inputs
        return inputs @ self.weights

    def backward(self, grad):
        return grad @ self.weights.T


class Network:
    def __init__(self, layers):
        self.layers = layers

    def backward(self, grad):
        for layer in reversed(self.layers):
            grad = layer.backward(grad)
        return grad


test_linear_layer = Linear(10, 5)
assert test_linear_layer.backward(np.ones((1, 5))).shape == (1, 10)
reference = torch.tensor([1.0], requires_grad=True)
"""


def test_sanity002_a_numpy_layers_own_backward_is_no_training_step() -> None:
    """J2: a hand-written layer's backward() in a program that also imports torch."""
    result = run("SANITY002", {"layers.py": NUMPY_LAYERS})
    assert result.status is Status.SKIP
    assert result.message.startswith("no gradient-based training")


def test_sanity002_points_at_the_loss_backward_not_at_a_numpy_layer() -> None:
    result = run("SANITY002", {"layers.py": NUMPY_LAYERS, "train.py": TORCH_TRAIN})
    assert result.metrics == {"short_runs_only": 1}
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 8)]


# ---------------------------------------------------------------------------- J1: SANITY002


def test_sanity002_a_short_exercise_without_a_guard_gets_a_note_not_a_warning() -> None:
    """J1: asking a toy MNIST script for a NaN guard is true, not a first review point."""
    result = run("SANITY002", {"train.py": TORCH_TRAIN})
    assert result.status is Status.PASS
    assert result.message.startswith("nothing checks for NaN/inf")
    assert "a must before long runs" in result.message


def test_sanity002_still_warns_where_a_nan_would_be_costly() -> None:
    stakes = {
        "mixed precision": "scaler = torch.cuda.amp.GradScaler()\n",
        "distributed training": "model = torch.nn.parallel.DistributedDataParallel(model)\n",
        "a pretrained model fine-tuned": "from transformers import AutoModel\n"
        "model = AutoModel.from_pretrained('bert-base-uncased')\n",
        "a hand-written loss (focal_loss)": "def focal_loss(p, y):\n"
        "    return -((1 - p) ** 2 * torch.log(p) * y).mean()\n"
        "criterion = focal_loss\n",
    }
    for stake, extra in stakes.items():
        train = TORCH_TRAIN.replace("optimizer = ", extra + "optimizer = ")
        result = run("SANITY002", {"train.py": train})
        assert result.status is Status.WARN, stake
        assert result.message.endswith(f"with {stake} at stake")


def test_sanity002_a_loss_named_metric_computed_only_without_gradients_is_no_stake() -> None:
    """A plotting class's ``RMSELoss`` (a square root), called only under ``no_grad`` to
    report an error, trains nothing: the run is a short exercise as before. Called once with
    gradients on, it may be the trained loss, and the warning stands."""
    metric = (
        "class Visualizer:\n"
        "    def RMSELoss(self, yhat, y):\n"
        "        return torch.sqrt(torch.mean((yhat - y) ** 2))\n"
        "\n"
        "    def report(self, x, y):\n"
        "        with torch.no_grad():\n"
        "            return self.RMSELoss(model(x), y)\n"
        "\n"
        "\n"
    )
    train = TORCH_TRAIN.replace("optimizer = ", metric + "optimizer = ")
    result = run("SANITY002", {"train.py": train})
    assert result.status is Status.PASS, result.message
    assert "a note for short exercises" in result.message
    trained = train.replace(
        "    loss = torch.nn.functional.mse_loss(model(x), y)",
        "    loss = Visualizer().RMSELoss(model(x), y)",
    )
    result = run("SANITY002", {"train.py": trained})
    assert result.status is Status.WARN
    assert result.message.endswith("with a hand-written loss (RMSELoss) at stake")


def test_sanity002_a_hand_written_loss_nothing_uses_is_no_stake() -> None:
    """A notebook's ``RMSLELoss`` (a log), defined beside ``loss = L1Loss()`` and left in a
    comment (``# loss = RMSLELoss()``), trains nothing: the run is a short exercise. Its own
    ``super(RMSLELoss, self)`` is no use. Named anywhere else (called or handed on), it may
    be the trained loss, and the warning stands."""
    unused = (
        "class RMSLELoss(torch.nn.Module):\n"
        "    def __init__(self):\n"
        "        super(RMSLELoss, self).__init__()\n"
        "\n"
        "    def forward(self, x, y):\n"
        "        return torch.norm(torch.log((x + 1) / (y + 1)))\n"
        "\n"
        "\n"
        "criterion = torch.nn.L1Loss()\n"
        "# criterion = RMSLELoss()\n"
    )
    train = TORCH_TRAIN.replace("optimizer = ", unused + "optimizer = ")
    result = run("SANITY002", {"train.py": train})
    assert result.status is Status.PASS, result.message
    assert "a note for short exercises" in result.message
    for use in ("criterion = RMSLELoss()\n", "train(model, loss_class=RMSLELoss)\n"):
        result = run("SANITY002", {"train.py": train.replace("optimizer = ", use + "optimizer = ")})
        assert result.status is Status.WARN, use
        assert result.message.endswith("with a hand-written loss (RMSLELoss) at stake")


def test_sanity002_a_long_training_program_still_warns() -> None:
    padding = "".join(f"SETTING_{i} = {i}\n" for i in range(1001))
    result = run("SANITY002", {"train.py": TORCH_TRAIN + padding})
    assert result.status is Status.WARN
    assert "a training program of over 1,000 lines" in result.message


# ---------------------------------------------------------------------------- regressions


def test_sanity002_a_graph_drawing_demo_is_no_training_step() -> None:
    """J2 (karpathy/micrograd): ``y.backward()`` on a scalar engine's value, drawn as a graph."""
    demo = """\
    from sklearn.datasets import make_moons
    from micrograd.engine import Value

    a, b, c = Value(2.0), Value(-3.0), Value(10.0)
    y = a * b + c
    y.backward()
    draw_dot(y)
    X, labels = make_moons(n_samples=100)
    """
    assert run("SANITY002", {"demo.py": demo}).status is Status.SKIP


def test_sanity004_an_image_saving_test_helper_leaves_no_eval_mode_behind() -> None:
    """E4 (sunshineatnoon/Paper-Implementations): a ``test(niter)`` that only saves images."""
    gan = """\
    import torch
    from torch import nn
    from torchvision.utils import save_image

    G = nn.Sequential(nn.Linear(8, 64), nn.BatchNorm1d(64), nn.Linear(64, 784))
    optimizer = torch.optim.Adam(G.parameters())


    def test(niter):
        save_image(G(fixed_noise).view(-1, 1, 28, 28), f"samples/{niter}.png")


    for niter, (real, _) in enumerate(loader):
        optimizer.zero_grad()
        G(torch.randn(64, 8)).mean().backward()
        optimizer.step()
        if niter % 100 == 0:
            test(niter)
    """
    result = run("SANITY004", {"gan.py": gan})
    assert "train_mode_not_restored" not in result.metrics, snippets(result)


def test_sanity002_missing_value_logic_away_from_training_is_no_guard() -> None:
    """J3: a value picked by ``0 if np.isnan(x) else 1`` and statistics that skip records with
    missing values decide things, but guard no training."""
    stats = """\
    import numpy as np
    import pandas as pd

    df = pd.read_csv("records.csv")
    df["offer"] = df["completed"].apply(lambda x: 0 if np.isnan(x) else 1)
    for column in df.columns:
        valid = ~np.isnan(df[column])
        if np.sum(valid) < 10:
            continue
    """
    result = run("SANITY002", {"stats.py": stats, "train.py": TORCH_TRAIN})
    assert result.metrics == {"short_runs_only": 1}, snippets(result)


def test_sanity002_a_finite_check_in_a_helper_module_of_training_counts() -> None:
    helper = """\
    import torch


    def check_finite(loss):
        if not torch.isfinite(loss):
            raise FloatingPointError(f"loss is {loss.item()}")
    """
    train = "from checks import check_finite\n" + TORCH_TRAIN.replace(
        "    loss.backward()\n", "    check_finite(loss)\n    loss.backward()\n"
    )
    result = run("SANITY002", {"checks.py": helper, "train.py": train})
    assert result.status is Status.PASS
    assert result.metrics == {"finite_check": 1}


# A linear probe over a frozen encoder: the encoder is switched to eval mode where the probe
# is built and never back, and the probe's own layer has no dropout or norm. Its validation
# runs in eval mode where it matters; "call model.train() after" would even call the
# probe's own train(loader, ...) loop without its arguments.
ENCODER = """\
from torch import nn


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(784, 64), nn.BatchNorm1d(64), nn.ReLU())

    def forward(self, x):
        return self.net(x)
"""
PROBE = """\
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from encoder import Encoder


class LinearClassifier(nn.Module):
    def __init__(self, encoder, z_dim, num_classes=10):
        super().__init__()
        self.E = encoder
        self.E.eval()
        self.ln = nn.Linear(z_dim, num_classes){extra}
        self.optimizer = torch.optim.SGD(self.ln.parameters(), lr=0.01)

    def forward(self, x):
        with torch.no_grad():
            z = self.E(x.view(x.size(0), -1))
        return self.ln(z)

    def train(self, train_loader, test_loader, n_epochs):
        for epoch in range(n_epochs):
            for batch, targets in train_loader:
                loss = F.cross_entropy(self.forward(batch), targets)
                loss.backward()
                self.optimizer.step()
                self.optimizer.zero_grad()
            self.val_losses.append(self.val_loss(test_loader))

    def val_loss(self, test_loader):
        losses = []
        with torch.no_grad():
            for batch, targets in test_loader:
                losses.append(F.cross_entropy(self.forward(batch), targets).item())
        return np.mean(losses)


if __name__ == "__main__":
    probe = LinearClassifier(Encoder(), 64)
    probe.train([], [], 10)
"""


def test_sanity004_a_probe_over_an_encoder_frozen_in_eval_mode_is_evaluated_in_eval_mode() -> None:
    files = {"encoder.py": ENCODER, "probe.py": PROBE.format(extra="")}
    result = run("SANITY004", files)
    assert not any("model.eval()" in snippet for snippet in snippets(result)), result.evidence


def test_sanity004_a_probe_with_dropout_of_its_own_still_needs_eval_mode() -> None:
    extra = "\n        self.drop = nn.Dropout(0.5)"
    files = {"encoder.py": ENCODER, "probe.py": PROBE.format(extra=extra)}
    result = run("SANITY004", files)
    assert any("model.eval()" in snippet for snippet in snippets(result)), result.evidence


# ---------------------------------------------------------------------------- tabular RL

Q_AGENT = """\
import random


class QLearningAgent:
    def __init__(self, n_states, n_actions, alpha=0.1, gamma=0.9):
        self.q_table = [[0.0] * n_actions for _ in range(n_states)]
        self.alpha, self.gamma = alpha, gamma

    def update(self, state, action, reward, next_state):
        target = reward + self.gamma * max(self.q_table[next_state])
        self.q_table[state][action] += self.alpha * (target - self.q_table[state][action])
"""

TD_STEP = """\
import numpy as np


def q_update(q_table, state, action, reward, next_state, learning_rate, discount_factor):
    old_value = q_table[state, action]
    next_max = float(np.max(q_table[next_state]))
    new_value = old_value + learning_rate * (reward + discount_factor * next_max - old_value)
    q_table[state, action] = new_value
"""


def test_a_q_table_moved_toward_its_target_is_ml_code_without_numpy() -> None:
    """Tabular Q-learning in plain Python: the table's update is the training step."""
    result = run("SANITY001", {"agent.py": Q_AGENT})
    assert result.status is not Status.SKIP, result.message
    tree = ast.parse(Q_AGENT)
    updates = [node for node in ast.walk(tree) if is_hand_update(node)]
    assert [node.lineno for node in updates] == [11]
    guards = run("SANITY002", {"agent.py": Q_AGENT})
    assert guards.status is Status.SKIP
    assert guards.message.startswith("tabular reinforcement learning: a table of values")


def test_a_temporal_difference_step_written_out_is_a_hand_update() -> None:
    """``new = old + lr * (reward + gamma * next_max - old)``, then stored in the table."""
    assert run("SANITY001", {"qlearning.py": TD_STEP}).status is not Status.SKIP
    tree = ast.parse(TD_STEP)
    assert [n.lineno for n in ast.walk(tree) if is_hand_update(n)] == [7]
    # A discounted return summed for a report moves nothing: no step size scales it.
    returns = "def ret(rewards, gamma):\n    g = 0.0\n    for reward in rewards:\n        g = reward + gamma * g\n    return g\n"
    assert not [n for n in ast.walk(ast.parse(returns)) if is_hand_update(n)]


def test_a_weight_moved_in_place_by_a_call_is_a_hand_update() -> None:
    """K: numpy's ``np.add.at(w_in, ids, -lr * grad)`` and a helper named for the update,
    handed a weight and its step, move the weight; summing a gradient with ``np.add.at``, or
    a call that only shows a weight, moves none."""

    def call(text: str) -> ast.AST:
        return ast.parse(text).body[0].value  # type: ignore[attr-defined]

    assert is_hand_update(call("np.add.at(w_in, center_ids, -lr * grad_center)"))
    assert is_hand_update(call("apply_sparse_updates(w_out, ids, -lr * grad_out)"))
    assert is_hand_update(call("sgd_update(w_in, w_out, grad_w_in, grad_w_out, lr)"))
    assert not is_hand_update(call("np.add.at(grad_w_in, center_ids, grad_center)"))
    assert not is_hand_update(call("plt.plot(weights, lr * grads)"))
    assert not is_hand_update(call("apply_sparse_updates(matrix, ids, updates)"))


def test_a_sentence_transformers_fine_tune_is_ml_code() -> None:
    # Its model, losses and fit all come from sentence-transformers (a PyTorch library): the
    # sanity rules judge it, where they said "no ML code".
    fine_tune = """\
    from sentence_transformers import InputExample, SentenceTransformer, losses
    from sentence_transformers.datasets import NoDuplicatesDataLoader

    model = SentenceTransformer("all-MiniLM-L6-v2")
    pairs = [InputExample(texts=["a cat", "a kitten"], label=0.9)]
    loader = NoDuplicatesDataLoader(pairs, batch_size=16)
    loss = losses.CosineSimilarityLoss(model)
    model.fit(train_objectives=[(loader, loss)], epochs=1)
    """
    for rule_id in ("SANITY001", "SANITY003", "SANITY004"):
        result = run(rule_id, {"train.py": fine_tune})
        assert not result.message.startswith("no ML code"), (rule_id, result.message)


LOADS_IN_EVAL = """\
import torch
from model import Policy


def load_policy(path):
    blob = torch.load(path)
    policy = Policy(blob["config"])
    policy.load_state_dict(blob["state"])
    policy.eval()
    return policy, blob["config"], blob.get("thresholds")
"""

LOADED_PROBE = """\
import torch
from torch.utils.data import DataLoader
from loading import load_policy


def probe(val_set):
    policy, cfg, _ = load_policy("best.pt")
    scores = []
    with torch.no_grad():
        for obs, label in DataLoader(val_set, batch_size=256):
            scores.append(torch.sigmoid(policy(obs)))
    return scores
"""

POLICY = """\
from torch import nn


class Policy(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.1), nn.Linear(8, 2))

    def forward(self, x):
        return self.net(x)
"""

TRAIN_POLICY = """\
import torch
from model import Policy


def train(loader):
    policy = Policy({})
    optimizer = torch.optim.Adam(policy.parameters())
    for obs, label in loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(policy(obs), label).backward()
        optimizer.step()
    torch.save({"config": {}, "state": policy.state_dict()}, "best.pt")
"""


def test_sanity004_a_project_loader_returns_the_model_in_eval_mode() -> None:
    """The project's load_policy() switches the model it returns to eval mode, as
    from_pretrained does: the probe that unpacks it runs in eval mode."""
    files = {"model.py": POLICY, "train.py": TRAIN_POLICY, "loading.py": LOADS_IN_EVAL}
    files["probe.py"] = LOADED_PROBE
    result = run("SANITY004", files)
    assert result.status is Status.PASS, snippets(result)


def test_sanity004_a_loaded_model_switched_to_train_mode_still_needs_eval() -> None:
    switched = LOADED_PROBE.replace("    scores = []\n", "    policy.train()\n    scores = []\n")
    files = {"model.py": POLICY, "train.py": TRAIN_POLICY, "loading.py": LOADS_IN_EVAL}
    files["probe.py"] = switched
    result = run("SANITY004", files)
    assert result.status is Status.WARN
    assert result.metrics["eval_in_train_mode"] == 1
