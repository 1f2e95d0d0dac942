"""The ML code model: what functions do, directly or through the helpers they call."""

from __future__ import annotations

from repocheck.analysis.imports import programs
from repocheck.analysis.ml_code import Repo
from repocheck.model import Status
from tests.helpers import check, snapshot_from

HELPERS = """\
import torch

def step(model, x):
    model(x).sum().backward()

def epoch(model, data):
    for x in data:
        step(model, x)

def fit(model, data):
    epoch(model, data)

def ping():
    pong()

def pong():
    ping()
    fit(None, [])

def report():
    print("done")
"""


def test_training_functions_close_over_helper_chains_and_cycles() -> None:
    repo = Repo(programs(snapshot_from({"train.py": HELPERS})))
    # step trains itself; epoch and fit through it; ping and pong call each other and fit.
    assert repo.training_functions == {"step", "epoch", "fit", "ping", "pong"}
    assert repo.model_functions == {"step", "epoch", "fit", "ping", "pong"}
    assert repo.zeroing_functions == frozenset()


UTILS_TEST = """\
import torch

def test(loader, model):
    return [model(x) for x in loader]

def train(loader, model, optimizer):
    for x in loader:
        model(x).sum().backward()
        optimizer.step()
    return test(loader, model)
"""

OLD_EXPERIMENT = """\
import torch

model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout(0.5))

def test():
    with torch.no_grad():
        return model(torch.zeros(1, 2))

model.eval()
test()
"""


def test_callers_of_a_function_are_its_own_programs_not_another_files_namesake() -> None:
    """An old experiment defines and calls its own test() after model.eval(); utils.py's
    test(), called by its train() in train mode, is not switched by it."""
    snapshot = snapshot_from({"utils.py": UTILS_TEST, "deprecated/experiment.py": OLD_EXPERIMENT})
    repo = Repo(programs(snapshot))
    utils = next(code for code in repo.codes if code.program.path == "utils.py")
    old = next(code for code in repo.codes if code.program.path == "deprecated/experiment.py")
    assert not repo.callers_set_eval("test", utils)
    assert not repo.callers_grad_off("test", utils)
    assert repo.callers_set_eval("test", old)
    assert repo.callers_grad_off("test", old) is False
    # Without a definition to read for, every call of the name still counts.
    assert repo.callers_set_eval("test")


_STEPS_BY_OTHER_NAMES = """
import jax
import optax

def jax_step(state, grads):
    return state.apply_gradients(grads=grads)

def optax_step(params, updates):
    return optax.apply_updates(params, updates)

def tf_step(optimizer, loss):
    optimizer.minimize(loss)

def agent_run(model):
    model.learn(total_timesteps=10_000)

def nnx_step(optimizer, grads):
    optimizer.update(grads)

def settings(config):
    config.update({"lr": 0.1})

def epoch(state, batches):
    for grads in batches:
        state = jax_step(state, grads)
"""


def test_a_function_trains_by_every_kind_of_step_is_fit_knows() -> None:
    # Functions are read for training steps by method name: every name is_fit answers for.
    snapshot = snapshot_from({"train.py": _STEPS_BY_OTHER_NAMES})
    trains = Repo(programs(snapshot)).training_functions
    assert {"jax_step", "optax_step", "tf_step", "agent_run", "nnx_step", "epoch"} <= trains
    assert "settings" not in trains


#: A learner's layout: the training step in a file of its own that imports nothing, its model,
#: loss and optimizer all coming in as arguments from a script that imports torch.
_BARE_STEP = """\
def train(model, loader, criterion, optimizer, device):
    model.train()
    for X, y in loader:
        optimizer.zero_grad()
        loss = criterion(model(X.to(device)), y.to(device))
        loss.backward()
        optimizer.step()
"""
_TORCH_ENTRY = """\
import torch
from train.train import train

model = torch.nn.Linear(4, 2)
optimizer = torch.optim.Adam(model.parameters())
for epoch in range(3):
    train(model, [], torch.nn.CrossEntropyLoss(), optimizer, "cuda")
"""
#: A network written from scratch: its own Value class runs backward, and no torch script
#: imports the loop.
_SCRATCH_STEP = """\
class Value:
    def backward(self):
        pass

def train(loss, optimizer):
    loss.backward()
    optimizer.step()
"""


def test_a_step_that_imports_nothing_is_torch_code_when_a_torch_script_imports_it() -> None:
    repo = Repo(
        programs(snapshot_from({"train_entry.py": _TORCH_ENTRY, "train/train.py": _BARE_STEP}))
    )
    assert {code.program.path for code in repo.torch_codes} == {"train_entry.py", "train/train.py"}
    # Imported by nothing that uses torch, or defining its own backward: not torch's.
    alone = Repo(programs(snapshot_from({"run.py": "print(1)\n", "train/train.py": _BARE_STEP})))
    assert alone.torch_codes == []
    scratch = _TORCH_ENTRY.replace("train.train", "engine")
    own = Repo(programs(snapshot_from({"train_entry.py": scratch, "engine.py": _SCRATCH_STEP})))
    assert [code.program.path for code in own.torch_codes] == ["train_entry.py"]


def test_fitting_a_nearest_neighbours_index_is_no_training() -> None:
    # NearestNeighbors().fit(features) stores the vectors to search (a retrieval app's index,
    # the same as faiss' index.add): no weight is learned, so no run has settings to read.
    app = (
        "import pickle\n"
        "from sklearn.neighbors import NearestNeighbors\n"
        "features = pickle.load(open('embeddings.pkl', 'rb'))\n"
        "def recommend(query):\n"
        "    neighbors = NearestNeighbors(n_neighbors=6, algorithm='brute')\n"
        "    neighbors.fit(features)\n"
        "    return neighbors.kneighbors([query])\n"
        "print(recommend(features[0]))\n"
    )
    assert check("REPRO006", snapshot_from({"app.py": app})).status is Status.SKIP
    # A neighbours classifier is a model whose k is a setting of the run: still training.
    classifier = (
        "from sklearn.neighbors import KNeighborsClassifier\n"
        "knn = KNeighborsClassifier(n_neighbors=5)\n"
        "knn.fit(X, y)\n"
    )
    assert check("REPRO006", snapshot_from({"knn.py": classifier})).status is not Status.SKIP


def test_fitting_keras_image_data_generator_is_no_training() -> None:
    # ImageDataGenerator.fit(x) computes the mean, std or ZCA its featurewise options need to
    # prepare images: no weight is learned. A script that fits one and only evaluates a saved
    # model is no training run, and names no run's settings.
    helpers = (
        "from keras.preprocessing.image import ImageDataGenerator\n"
        "def get_generator(x):\n"
        "    datagen = ImageDataGenerator(horizontal_flip=True)\n"
        "    datagen.fit(x)\n"
        "    return datagen\n"
    )
    evaluate = (
        "import numpy as np\n"
        "from keras.models import load_model\n"
        "from helpers import get_generator\n"
        "if __name__ == '__main__':\n"
        "    x, y = np.load('x.npy'), np.load('y.npy')\n"
        "    gen = get_generator(x)\n"
        "    print(load_model('model.h5').evaluate(x, y))\n"
    )
    files = {"helpers.py": helpers, "evaluate.py": evaluate}
    assert check("REPRO006", snapshot_from(files)).status is Status.SKIP
    # Beside the model's own fit, only that fit is the training call.
    train = (
        "import tensorflow as tf\n"
        "gen = tf.keras.preprocessing.image.ImageDataGenerator(zca_whitening=True)\n"
        "gen.fit(x)\n"
        "model = tf.keras.Sequential([tf.keras.layers.Dense(10)])\n"
        "model.fit(gen.flow(x, y), epochs=5)\n"
    )
    result = check("REPRO006", snapshot_from({"train.py": train}))
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 5)]


GRAD_CAM_AFTER_TRAINING = """\
import numpy as np
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 4, 3), nn.Dropout(0.5))
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(self.features(x).mean(dim=(2, 3)))


def train(model, loader, optimizer):
    model.train()
    for x, y in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimizer.step()


def grad_cam(model, image, class_idx, target_layer):
    model.eval()
    gradients, activations = [], []
    layer = dict(model.named_modules())[target_layer]
    layer.register_forward_hook(lambda m, i, o: activations.append(o.detach()))
    layer.register_full_backward_hook(lambda m, gi, go: gradients.append(go[0].detach()))
    output = model(image)
    output[:, class_idx].backward()
    weights = gradients[0].mean(dim=(2, 3), keepdim=True)
    return np.maximum((weights * activations[0]).sum(1).numpy(), 0)


def run_grad_cam(model, dataset):
    for image, label in dataset:
        predicted = model(image).argmax(1).item()
        heatmap = grad_cam(model, image, predicted, "features")
        print(label, heatmap.shape)


if __name__ == "__main__":
    model = Net()
    train(model, [], torch.optim.Adam(model.parameters()))
    run_grad_cam(model, [])
"""


def test_a_grad_cam_helper_backpropagates_but_trains_nothing() -> None:
    # Grad-CAM switches the model to eval mode and calls backward() on a class score to read
    # a layer's gradients; it steps no optimizer. A loop drawing heat maps with it is no
    # training loop left in eval mode (pass 455's tuberculosis classifier).
    repo = Repo(programs(snapshot_from({"explain.py": GRAD_CAM_AFTER_TRAINING})))
    assert "grad_cam" not in repo.backward_training_functions
    assert "grad_cam" in repo.differentiating_functions
    result = check("SANITY004", snapshot_from({"explain.py": GRAD_CAM_AFTER_TRAINING}))
    assert result.status is Status.PASS, [e.snippet for e in result.evidence]
    # The same helper stepping an optimizer over the model's weights trains it: still warned.
    stepping = GRAD_CAM_AFTER_TRAINING.replace(
        "    output[:, class_idx].backward()\n",
        "    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    output[:, class_idx].backward()\n"
        "    optimizer.step()\n",
    )
    assert check("SANITY004", snapshot_from({"explain.py": stepping})).status is Status.WARN
    # A loop of backward() calls in the function, with the step in a helper it calls each
    # time, is a training loop that validates in eval mode: still training.
    delegated = GRAD_CAM_AFTER_TRAINING.replace(
        "    output = model(image)\n    output[:, class_idx].backward()\n",
        "    for batch in image:\n        model(batch).sum().backward()\n        apply_update(model)\n"
        "    output = model(image)\n",
    )
    repo = Repo(programs(snapshot_from({"explain.py": delegated})))
    assert "grad_cam" in repo.backward_training_functions
