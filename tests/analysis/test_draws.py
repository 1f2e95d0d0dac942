"""Which torch.nn.init calls draw: the initialisers that sample, not their arithmetic."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from


def test_the_fan_in_helper_of_nn_init_draws_nothing() -> None:
    # A Bayesian layer's reset copies nn.Linear's: it draws with kaiming_uniform_ and
    # uniform_, but _calculate_fan_in_and_fan_out and calculate_gain only count and multiply.
    code = (
        "import math\nimport torch\nfrom torch import nn\n\n"
        "class Layer(nn.Module):\n"
        "    def __init__(self, n):\n"
        "        super().__init__()\n"
        "        self.w = nn.Parameter(torch.empty(n, n))\n"
        "        self.b = nn.Parameter(torch.empty(n))\n"
        "        nn.init.kaiming_uniform_(self.w, a=math.sqrt(5))\n"
        "        fan_in, _ = nn.init._calculate_fan_in_and_fan_out(self.w)\n"
        "        gain = nn.init.calculate_gain('relu')\n"
        "        nn.init.uniform_(self.b, -gain / fan_in, gain / fan_in)\n\n"
        "if __name__ == '__main__':\n"
        "    layer = Layer(4)\n"
        "    opt = torch.optim.SGD(layer.parameters(), lr=0.1)\n"
        "    loss = (layer.w.sum() + layer.b.sum()) ** 2\n"
        "    loss.backward()\n"
        "    opt.step()\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [10, 13]


def test_python_random_seeded_by_its_keyword_a_is_seeded() -> None:
    # `random.seed(a=333)` names the parameter as Python's random calls it (`seed(a=None)`):
    # the shuffles after it are seeded. `seed=` would be a TypeError there, and seeds nothing.
    code = (
        "import random\n\nfrom sklearn.cluster import KMeans\n\n"
        "random.seed(a=333)\ncolors = ['r', 'g', 'b']\nrandom.shuffle(colors)\n"
        "labels = KMeans(n_clusters=3, random_state=333).fit_predict([[0], [1], [2]])\n"
    )
    result = check("REPRO001", snapshot_from({"k_means.py": code}))
    assert result.status is Status.PASS
    wrong = code.replace("random.seed(a=333)", "random.seed(seed=333)")
    result = check("REPRO001", snapshot_from({"k_means.py": wrong}))
    assert [e.line for e in result.evidence] == [7]


def test_a_random_split_given_a_seeded_generator_by_position_is_seeded() -> None:
    # random_split(dataset, lengths, generator): a Food-101 fine-tuning script passes its
    # seeded generator as the third positional argument. The split is seeded; only the
    # unseeded head and the shuffling loader are draws to report.
    code = (
        "import torch\nfrom torch import nn\n\n"
        "data = torch.utils.data.TensorDataset(torch.zeros(10, 4), torch.zeros(10))\n"
        "train, val = torch.utils.data.random_split(\n"
        "    data, [.8, .2], torch.Generator().manual_seed(42)\n"
        ")\n"
        "loader = torch.utils.data.DataLoader(train, batch_size=2, shuffle=True)\n"
        "head = nn.Linear(4, 1)\n"
        "opt = torch.optim.SGD(head.parameters(), lr=0.1)\n"
        "for x, y in loader:\n"
        "    opt.zero_grad()\n"
        "    loss = ((head(x).squeeze(1) - y) ** 2).mean()\n"
        "    loss.backward()\n"
        "    opt.step()\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert [e.line for e in result.evidence] == [8, 9]
    unseeded = code.replace(", torch.Generator().manual_seed(42)", "")
    result = check("REPRO001", snapshot_from({"train.py": unseeded}))
    assert [e.line for e in result.evidence] == [5, 8, 9]
    # A sampler's generator comes later: RandomSampler(data, False, None, g).
    sampled = code.replace(
        "shuffle=True)", "sampler=torch.utils.data.RandomSampler(train, False, None, g))"
    ).replace("data = ", "g = torch.Generator().manual_seed(0)\ndata = ")
    result = check("REPRO001", snapshot_from({"train.py": sampled}))
    assert [e.line for e in result.evidence] == [10]
