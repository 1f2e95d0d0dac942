"""Loss mistakes: softmax where CrossEntropyLoss wants logits, read across files."""

from __future__ import annotations

from tests.rules.sanity_fixtures import kinds, places, run

MODEL = """\
import torch.nn as nn


class PointNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(nn.Linear(3, 64), nn.ReLU())
        self.head = nn.Sequential(
            nn.Linear(64, num_classes),
            nn.Softmax(),
        )

    def forward(self, x):
        x = self.features(x).max(1)[0]
        x = self.head(x)
        return x
"""
TRAIN = """\
import torch
import torch.nn as nn
from models import PointNet

net = PointNet()
loss_func = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(net.parameters())
for inputs, labels in loader:
    optimizer.zero_grad()
    loss = loss_func(net(inputs), labels)
    loss.backward()
    optimizer.step()
"""


def test_a_model_whose_forward_returns_its_softmax_head_trained_in_another_file() -> None:
    # The head built in __init__ ends in nn.Softmax, and forward() returns its output: the
    # script that imports the model feeds probabilities to CrossEntropyLoss.
    result = run("SANITY004", {"models.py": MODEL, "train.py": TRAIN})
    assert kinds(result) == {"softmax_output": 1}
    assert places(result) == [("models.py", None, 10)]


def test_a_softmax_block_whose_output_is_not_returned_is_no_head() -> None:
    # Attention weights from a Sequential ending in softmax, used to weigh the features.
    model = MODEL.replace(
        "        x = self.head(x)\n        return x",
        "        w = self.head(x)\n        return x * w",
    )
    result = run("SANITY004", {"models.py": model, "train.py": TRAIN})
    assert "softmax_output" not in kinds(result)


STUDENT = """\
import torch.nn as nn
import torch.nn.functional as F


class Student(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(768, 2)
        self.softmax = nn.{layer}(dim=1)
        self.criterion = nn.NLLLoss()

    def forward(self, x):
        x = self.fc(x)
        x = self.softmax(x)
        return x


def distillation_loss(student_outputs, labels):
    return F.cross_entropy(student_outputs, labels)
"""
DISTIL = """\
import torch
from models import Student, distillation_loss

student = Student()
optimizer = torch.optim.AdamW(student.parameters())
for inputs, labels in loader:
    optimizer.zero_grad()
    loss = distillation_loss(student(inputs), labels)
    loss.backward()
    optimizer.step()
"""


def test_a_layer_named_softmax_that_is_log_softmax_is_no_softmax_output() -> None:
    # `self.softmax = nn.LogSoftmax(dim=1)`: log-probabilities, which cross_entropy takes
    # as they are (log_softmax of log-probabilities is the same log-probabilities).
    result = run("SANITY004", {"models.py": STUDENT.format(layer="LogSoftmax"), "train.py": DISTIL})
    assert "softmax_output" not in kinds(result)


def test_a_layer_named_softmax_that_is_softmax_is_still_a_softmax_output() -> None:
    result = run("SANITY004", {"models.py": STUDENT.format(layer="Softmax"), "train.py": DISTIL})
    assert kinds(result) == {"softmax_output": 1}
    assert places(result) == [("models.py", None, 15)]


RECURRENT = """\
import torch


class LSTM(torch.nn.Module):
    def __init__(self, num_class):
        super().__init__()
        self.lstm = torch.nn.LSTM(input_size=300, hidden_size=64)
        self.linear = torch.nn.Linear(64, num_class)
        self.softmax = torch.nn.Softmax(dim=1)
        self.criterion = torch.nn.CrossEntropyLoss()

    def forward(self, batch):
        output, _ = self.lstm(batch)
        return self.softmax(self.linear(output[-1]))

    def cal_loss(self, pred, target):
        return self.criterion(pred, target)
"""
TAGGER = """\
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self, num_tags):
        super().__init__()
        self.lstm = nn.LSTM(300, 64, bidirectional=True)
        self.linear = nn.Linear(128, num_tags)

    def forward(self, x):
        output, _ = self.lstm(x)
        return self.linear(output)
"""
TRAIN_RECURRENT = """\
import torch
from models.lstm import LSTM

model = LSTM(150)
optimizer = torch.optim.Adam(model.parameters())
for batch, labels in loader:
    optimizer.zero_grad()
    loss = model.cal_loss(model(batch), labels)
    loss.backward()
    optimizer.step()
"""


def test_a_library_layer_named_like_a_project_model_does_not_make_it_a_part() -> None:
    # The project's own class is called LSTM; another model builds torch's `nn.LSTM` inside.
    # That library layer is not the project's LSTM used as a component, so the project's
    # LSTM, whose forward() returns softmax into CrossEntropyLoss, is still found.
    files = {"models/lstm.py": RECURRENT, "models/tagger.py": TAGGER, "train.py": TRAIN_RECURRENT}
    result = run("SANITY004", files)
    assert kinds(result) == {"softmax_output": 1}
    assert places(result) == [("models/lstm.py", None, 14)]


SOFTMAX_NET_MSE = """\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return F.softmax(self.fc(x), dim=1)


net = Net()
optimizer = torch.optim.Adam(net.parameters())
loss_function = nn.MSELoss()
for inputs, targets in loader:
    optimizer.zero_grad()
    loss = loss_function(net(inputs), targets)
    loss.backward()
    optimizer.step()
"""
LOGITS_NET_CE = """\
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)


net = Net()
optimizer = torch.optim.Adam(net.parameters())
criterion = nn.CrossEntropyLoss()
for inputs, labels in loader:
    optimizer.zero_grad()
    loss = criterion(net(inputs), labels)
    loss.backward()
    optimizer.step()
"""


def test_a_same_named_model_built_in_another_program_that_defines_its_own_is_not_this_one() -> None:
    # Two experiments each define a `Net`. The one ending in softmax is trained with MSELoss on
    # one-hot targets; the other, returning logits, with CrossEntropyLoss. `Net()` in the
    # second builds its own class, so the first one's softmax never reaches CrossEntropyLoss.
    files = {"cats_dogs.py": SOFTMAX_NET_MSE, "fashion.py": LOGITS_NET_CE}
    assert "softmax_output" not in kinds(run("SANITY004", files))


def test_a_softmax_model_defined_and_trained_with_cross_entropy_in_one_program_is_found() -> None:
    files = {
        "cats_dogs.py": SOFTMAX_NET_MSE.replace("nn.MSELoss()", "nn.CrossEntropyLoss()"),
        "fashion.py": LOGITS_NET_CE,
    }
    assert kinds(run("SANITY004", files)) == {"softmax_output": 1}


COUNT_VAE = """\
import torch
import torch.nn as nn
import torch.nn.functional as F


class Decoder(nn.Module):
    def __init__(self, z_dim, n_genes):
        super().__init__()
        # Each cell's expression proportions over genes: positive and summing to one.
        self.to_scale = nn.Sequential(nn.Linear(z_dim, n_genes), nn.Softmax(dim=-1))
        self.to_dropout = nn.Linear(z_dim, n_genes)

    def forward(self, z, library):
        scale = self.to_scale(z)
        return {"rate": library * scale, "dropout": self.to_dropout(z)}


class CellTypeVAE(nn.Module):
    def __init__(self, n_genes, n_types, z_dim=10):
        super().__init__()
        self.encoder = nn.Linear(n_genes, z_dim)
        self.decoder = Decoder(z_dim, n_genes)
        self.classifier = nn.Linear(z_dim, n_types)

    def forward(self, x):
        z = self.encoder(x)
        return z, self.decoder(z, x.sum(1, keepdim=True)), self.classifier(z)

    def loss(self, x, y):
        z, out, logits = self(x)
        return F.poisson_nll_loss(out["rate"], x, log_input=False) + F.cross_entropy(logits, y)


model = CellTypeVAE(2000, 8)
optimizer = torch.optim.Adam(model.parameters())
for x, y in loader:
    optimizer.zero_grad()
    model.loss(x, y).backward()
    optimizer.step()
"""


def test_a_softmax_block_inside_a_part_of_the_model_is_no_output() -> None:
    # A count decoder ends a block in softmax to give gene proportions that scale the rate of a
    # count likelihood; the cell-type head beside it gives logits to cross_entropy. The
    # decoder's forward returns a dict built from the proportions, not the softmax itself.
    assert "softmax_output" not in kinds(run("SANITY004", {"vae.py": COUNT_VAE}))


def test_a_model_returning_its_softmax_block_in_the_program_that_trains_it_is_found() -> None:
    head = (
        COUNT_VAE.replace(
            "self.classifier = nn.Linear(z_dim, n_types)",
            "self.classifier = nn.Sequential(nn.Linear(z_dim, n_types), nn.Softmax(dim=-1))",
        )
        .replace(
            "        return z, self.decoder(z, x.sum(1, keepdim=True)), self.classifier(z)",
            "        return self.classifier(z)",
        )
        .replace(
            "        z, out, logits = self(x)\n"
            '        return F.poisson_nll_loss(out["rate"], x, log_input=False) + '
            "F.cross_entropy(logits, y)",
            "        return F.cross_entropy(self(x), y)",
        )
    )
    assert "return F.cross_entropy(self(x), y)" in head
    assert kinds(run("SANITY004", {"vae.py": head})) == {"softmax_output": 1}


MOVED_LOSS = """\
import torch
import torch.nn.functional as F
from torch import nn


def train_epoch(model, loader, loss_fn, optimizer, device):
    model.train()
    for x, y in loader:
        probs = F.softmax(model(x.to(device)), dim=1)
        loss = loss_fn(probs, y.to(device))
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()


device = torch.device("cpu")
model = nn.Linear(4, 2).to(device)
loss_fn = nn.CrossEntropyLoss().to(device)
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-5)
train_epoch(model, loader, loss_fn, optimizer, device)
"""


def test_a_cross_entropy_moved_to_a_device_still_gets_the_softmax() -> None:
    # `nn.CrossEntropyLoss().to(device)` returns the same loss module: the name it is bound
    # to is a CrossEntropyLoss, and feeding it softmax probabilities is the known mistake.
    result = run("SANITY004", {"main.py": MOVED_LOSS})
    assert kinds(result) == {"softmax_into_loss": 1}
    assert places(result) == [("main.py", None, 10)]


def test_softmax_probabilities_averaged_and_cast_still_reach_the_loss() -> None:
    # A violence detector of a held-out pass (498) averages each clip's per-frame softmax
    # (`torch.softmax(...).float()`, then `.mean(dim=1)`) and hands that to CrossEntropyLoss.
    averaged = MOVED_LOSS.replace(
        "        probs = F.softmax(model(x.to(device)), dim=1)\n",
        "        frames = torch.softmax(model(x.to(device)), dim=-1).float()\n"
        "        probs = frames.mean(dim=1)\n",
    )
    result = run("SANITY004", {"main.py": averaged})
    assert kinds(result) == {"softmax_into_loss": 1}
    assert places(result) == [("main.py", None, 11)]
    # Logits averaged over frames are logits: nothing to say.
    logits = averaged.replace("torch.softmax(model(x.to(device)), dim=-1)", "model(x.to(device))")
    assert "softmax_into_loss" not in kinds(run("SANITY004", {"main.py": logits}))
