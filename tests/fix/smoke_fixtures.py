"""Fixture repositories for the smoke-test fixer: small PyTorch projects, each a real model
whose generated test is run for real."""

from __future__ import annotations

MLP_MODEL = """import torch.nn.functional as F
from torch import nn


class MLP(nn.Module):
    def __init__(self, hidden=128, classes=10):
        super().__init__()
        self.fc1 = nn.Linear(28 * 28, hidden)
        self.dropout = nn.Dropout(0.2)
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        x = self.dropout(F.relu(self.fc1(x)))
        return self.fc2(x)
"""

MLP_TRAIN = """import torch
from torch import nn

from model import MLP


def main():
    model = MLP(hidden=64)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    criterion = nn.CrossEntropyLoss()
    for _ in range(10):
        images = torch.randn(32, 1, 28, 28)
        labels = torch.randint(0, 10, (32,))
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    main()
"""

CNN_MODEL = """import torch
import torch.nn as nn
import torch.nn.functional as F


class SmallCNN(nn.Module):
    def __init__(self, num_classes: int = 10) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, kernel_size=3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc = nn.Linear(32 * 8 * 8, num_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc(x)
"""

CNN_TRAIN = """import torch
import torch.nn.functional as F

from vision.model import SmallCNN


def train(steps=5):
    model = SmallCNN(num_classes=5)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    for _ in range(steps):
        images, labels = torch.randn(8, 3, 32, 32), torch.randint(0, 5, (8,))
        optimizer.zero_grad()
        F.cross_entropy(model(images), labels).backward()
        optimizer.step()
"""

LM_MODEL = """import torch
from torch import nn


class TinyLM(nn.Module):
    def __init__(self, vocab_size=100, block_size=16, d_model=32, n_layers=2):
        super().__init__()
        self.tokens = nn.Embedding(vocab_size, d_model)
        self.positions = nn.Embedding(block_size, d_model)
        self.blocks = nn.ModuleList(
            [
                nn.TransformerEncoderLayer(d_model, 4, 64, batch_first=True)
                for _ in range(n_layers)
            ]
        )
        self.head = nn.Linear(d_model, vocab_size)

    def forward(self, idx):
        _, length = idx.size()
        positions = torch.arange(length, device=idx.device)
        x = self.tokens(idx) + self.positions(positions)
        for block in self.blocks:
            x = block(x)
        return self.head(x)
"""

LM_TRAIN = """import torch
import torch.nn.functional as F

from lm.model import TinyLM

model = TinyLM()
optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)
for _ in range(3):
    batch = torch.randint(0, 100, (4, 9))
    logits = model(batch[:, :-1])
    loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), batch[:, 1:].reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
"""

REGRESSOR_MODEL = """from torch import nn


class Regressor(nn.Module):
    def __init__(self, n_features, hidden, n_outputs):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_features, hidden), nn.ReLU(), nn.Linear(hidden, n_outputs)
        )

    def forward(self, x):
        return self.net(x)
"""

REGRESSOR_TRAIN = """import torch
from torch import nn

from model import Regressor

N_FEATURES = 20

model = Regressor(N_FEATURES, 64, n_outputs=3)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.MSELoss()
for _ in range(5):
    x, y = torch.randn(16, N_FEATURES), torch.randn(16, 3)
    optimizer.zero_grad()
    loss_fn(model(x), y).backward()
    optimizer.step()
"""

CONFIGURED_MODEL = """from torch import nn


class Net(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.fc = nn.Linear(config.input_dim, config.classes)

    def forward(self, x):
        return self.fc(x)
"""

CONFIGURED_TRAIN = """import sys

import torch
import yaml

from model import Net

config = yaml.safe_load(open(sys.argv[1]))
model = Net(config)
optimizer = torch.optim.Adam(model.parameters())
loss = model(torch.randn(4, config.input_dim)).sum()
loss.backward()
optimizer.step()
"""

SEQUENCE_MODEL = """import torch
from torch import nn

torch.manual_seed(0)


class SequenceClassifier(nn.Module):
    def __init__(self, features=6, hidden=16, classes=3):
        super().__init__()
        self.rnn = nn.GRU(features, hidden, batch_first=True)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[:, -1])
"""

SEQUENCE_TRAIN = """import torch

from model import SequenceClassifier

model = SequenceClassifier(features=4)
optimizer = torch.optim.RMSprop(model.parameters(), lr=0.001)
criterion = torch.nn.BCELoss()
for _ in range(3):
    x, y = torch.randn(8, 5, 4), torch.rand(8, 3)
    optimizer.zero_grad()
    criterion(torch.sigmoid(model(x)), y).backward()
    optimizer.step()
"""

AUTOENCODER_MODEL = """from torch import nn


class Encoder(nn.Module):
    def __init__(self, inputs, code):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(inputs, 64), nn.ReLU(), nn.Linear(64, code))

    def forward(self, x):
        return self.layers(x)


class Decoder(nn.Module):
    def __init__(self, code, outputs):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(code, 64), nn.ReLU(), nn.Linear(64, outputs))

    def forward(self, z):
        return self.layers(z)


class AutoEncoder(nn.Module):
    def __init__(self, inputs=784, code=16):
        super().__init__()
        self.encoder = Encoder(inputs, code)
        self.decoder = Decoder(code, outputs=inputs)

    def forward(self, x):
        return self.decoder(self.encoder(x.flatten(1)))
"""

AUTOENCODER_TRAIN = """import torch
import torch.nn.functional as F

from model import AutoEncoder

model = AutoEncoder(code=8)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for _ in range(3):
    images = torch.rand(16, 1, 28, 28)
    optimizer.zero_grad()
    F.mse_loss(model(images), images.flatten(1)).backward()
    optimizer.step()
"""

#: An MLP whose output goes through log(): negative logits give NaN, a real bug.
NAN_MODEL = MLP_MODEL.replace("return self.fc2(x)", "return torch.log(self.fc2(x))").replace(
    "import torch.nn.functional as F\n", "import torch\nimport torch.nn.functional as F\n"
)
