"""Synthetic but realistic ML source files for the benchmark repositories.

Every function here is a pure function of a seeded ``random.Random``: the same seed gives the
same bytes, so benchmark numbers compare across machines and over time. The code looks like a
typical research project: torch models and datasets, numpy helpers, branches, a few docstrings,
and the usual lint findings (unused imports and variables, ``== None``, bare ``except``).
"""

from __future__ import annotations

import random

NOUNS = (
    "encoder", "decoder", "attention", "embedding", "loss", "optimizer", "scheduler", "metric",
    "augment", "tokenizer", "sampler", "checkpoint", "logger", "dataset", "batch", "feature",
    "head", "backbone", "block", "vocab", "mask", "window", "anchor", "patch", "gradient",
)  # fmt: skip
VERBS = (
    "build", "compute", "apply", "load", "save", "prepare", "normalize", "update", "evaluate",
    "collate", "split", "merge", "encode", "decode", "filter", "resize", "clip", "score",
)  # fmt: skip
ARGS = ("batch", "samples", "features", "inputs", "records", "logits", "targets", "tokens")
LOCALS = ("outputs", "values", "collected", "results", "buffer", "acc")
NP_FUNCS = ("np.mean", "np.max", "np.linalg.norm", "np.sum", "np.std")
CLASS_KINDS = ("Model", "Dataset", "Trainer")

# Statement templates for function bodies; {a} is the first argument, {v} the accumulator.
STATEMENTS = (
    """for i, item in enumerate({a}):
    if item is None:
        continue
    if i % {n} == 0:
        {v}.append({npf}(item))
    elif getattr(item, "ndim", 0) > 1:
        {v}.append(np.asarray(item).reshape(-1))
    else:
        {v}.append(item)""",
    """if {a} is None:
    raise ValueError("{a} must not be None")""",
    """with torch.no_grad():
    tensor = torch.as_tensor(np.asarray({v}, dtype=np.float32))
    tensor = (tensor - tensor.mean()) / (tensor.std() + {eps})
    {v} = tensor.tolist()""",
    """try:
    cached = np.load(options.get("cache_path", "cache.npy"))
except FileNotFoundError:
    cached = np.zeros(({n}, {m}))
{v}.append(float(cached.sum()))""",
    """step = 0
while step < {n} and {v}:
    step += 1
    if len({v}) > {m}:
        {v}.pop()""",
    """params = {{k: val for k, val in options.items() if val is not None}}
scale = params.get("scale", {n}) if params else {m}
{v} = [x * scale for x in {v}]""",
    """if len({v}) > {m}:
    logger.debug("truncating %d values", len({v}))
    {v} = {v}[:{m}]
elif not {v}:
    logger.warning("nothing collected from %s", type({a}).__name__)""",
)
# Lint findings a reviewer (and ruff) would flag, mixed into some bodies.
LINT_STATEMENTS = (
    """if {a} == None:
    return {v}""",
    """try:
    {v}.sort()
except:
    pass""",
    "unused_{m} = len({v}) * {n}",
    """transform = lambda x: x * {n}
{v} = [transform(x) for x in {v}]""",
    'print(f"done")',
)

#: A learner's home-folder path, planted in some generated configs for REPRO005 to find. Built
#: from parts so that this generator's own source holds no such path.
PLANTED_USER_PATH = "/".join(("", "home", "ada", "data", "imagenet"))


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in text.splitlines())


def _fill(template: str, rng: random.Random, arg: str, acc: str) -> str:
    return template.format(
        a=arg,
        v=acc,
        n=rng.choice((2, 3, 4, 8, 16)),
        m=rng.choice((10, 32, 64, 128, 512)),
        eps=rng.choice(("1e-6", "1e-8", "1e-5")),
        npf=rng.choice(NP_FUNCS),
    )


def function_source(rng: random.Random, indent: int = 0, method: bool = False) -> str:
    """One function (or method) with branches, loops, maybe a docstring and a lint finding."""
    arg = rng.choice(ARGS)
    acc = rng.choice(LOCALS)
    name = f"{rng.choice(VERBS)}_{rng.choice(NOUNS)}"
    default = "options={}" if rng.random() < 0.1 else "options: dict | None = None"
    params = ", ".join((["self"] if method else []) + [arg, default])
    lines = [f"def {name}({params}) -> list:"]
    if rng.random() < 0.55:
        lines.append(f'    """{rng.choice(VERBS).capitalize()} the {arg} for the {name} step."""')
    lines.append("    options = options or {}")
    lines.append(f"    {acc} = []")
    for _ in range(rng.randint(2, 5)):
        lines.append(_indent(_fill(rng.choice(STATEMENTS), rng, arg, acc), 4))
    if rng.random() < 0.3:
        lines.append(_indent(_fill(rng.choice(LINT_STATEMENTS), rng, arg, acc), 4))
    lines.append(f"    return {acc}")
    return _indent("\n".join(lines), indent)


def _model_class(rng: random.Random, name: str) -> list[str]:
    return [
        f"class {name}(nn.Module):",
        f'    """A {rng.choice(NOUNS)} network with {rng.randint(2, 6)} stacked layers."""',
        "",
        "    def __init__(self, in_features: int = 128, hidden: int = HIDDEN_SIZE) -> None:",
        "        super().__init__()",
        "        self.layers = nn.ModuleList()",
        f"        for _ in range({rng.randint(2, 6)}):",
        "            self.layers.append(nn.Linear(in_features, hidden))",
        "            in_features = hidden",
        "        self.norm = nn.LayerNorm(hidden)",
        "        self.dropout = nn.Dropout(DROPOUT)",
        f"        self.head = nn.Linear(hidden, {rng.choice((2, 10, 100, 1000))})",
        "",
        "    def forward(self, x: torch.Tensor, mask=None) -> torch.Tensor:",
        "        for layer in self.layers:",
        "            x = F.gelu(layer(x))",
        "            if self.training:",
        "                x = self.dropout(x)",
        "        if mask is not None:",
        "            x = x.masked_fill(~mask.unsqueeze(-1), 0.0)",
        "        return self.head(self.norm(x))",
    ]


def _dataset_class(rng: random.Random, name: str) -> list[str]:
    return [
        f"class {name}(Dataset):",
        '    def __init__(self, root: str = DATA_DIR, split: str = "train") -> None:',
        "        self.root = root",
        "        self.split = split",
        "        self.items = sorted(os.listdir(root)) if os.path.isdir(root) else []",
        "",
        "    def __len__(self) -> int:",
        "        return len(self.items)",
        "",
        "    def __getitem__(self, index: int) -> tuple[torch.Tensor, int]:",
        "        path = os.path.join(self.root, self.items[index])",
        "        array = np.load(path)",
        '        if self.split == "train" and random.random() < 0.5:',
        "            array = array[:, ::-1]",
        f"        label = index % {rng.choice((2, 10, 100))}",
        "        return torch.from_numpy(array.copy()).float(), label",
    ]


def _trainer_class(rng: random.Random, name: str) -> list[str]:
    return [
        f"class {name}:",
        '    """Runs the training loop and keeps the best checkpoint."""',
        "",
        "    def __init__(self, model: nn.Module, lr: float = LEARNING_RATE) -> None:",
        "        self.model = model",
        "        self.optimizer = torch.optim.AdamW(model.parameters(), lr=lr)",
        '        self.best = float("inf")',
        "",
        "    def train_epoch(self, loader: DataLoader) -> float:",
        "        self.model.train()",
        "        total = 0.0",
        "        for step, (x, y) in enumerate(loader):",
        "            loss = F.cross_entropy(self.model(x), y)",
        "            self.optimizer.zero_grad()",
        "            loss.backward()",
        f"            if step % {rng.choice((10, 50, 100))} == 0:",
        '                logger.info("step %d loss %.4f", step, loss.item())',
        "            total += loss.item()",
        "        return total / max(1, len(loader))",
        "",
        '    def maybe_save(self, value: float, path: str = "checkpoints/best.pt") -> bool:',
        "        if value >= self.best:",
        "            return False",
        "        self.best = value",
        "        torch.save(self.model.state_dict(), path)",
        "        return True",
    ]


def class_source(rng: random.Random) -> str:
    """One class: a torch model, a dataset or a trainer, plus a generated helper method."""
    kind = rng.choice(CLASS_KINDS)
    name = f"{rng.choice(NOUNS).capitalize()}{rng.choice(NOUNS).capitalize()}{kind}"
    build = {"Model": _model_class, "Dataset": _dataset_class, "Trainer": _trainer_class}[kind]
    lines = build(rng, name)
    lines += ["", function_source(rng, indent=4, method=True)]
    return "\n".join(lines)


def module_header(rng: random.Random, title: str, revision: int) -> str:
    """Docstring, imports and hyperparameters; ``revision`` tweaks the values, as tuning does."""
    lines = []
    if rng.random() < 0.7:
        lines += [
            f'"""{title.replace("_", " ").capitalize()}: part of the training pipeline."""',
            "",
        ]
    imports = ["import logging", "import os", "import random", ""]
    if rng.random() < 0.3:
        imports.insert(1, "import sys")  # unused: F401
    imports += ["import numpy as np", "import torch", "import torch.nn as nn"]
    imports += [
        "import torch.nn.functional as F",
        "from torch.utils.data import DataLoader, Dataset",
    ]
    lines += imports + ["", "logger = logging.getLogger(__name__)", ""]
    lrs = ("1e-3", "3e-4", "5e-4", "1e-4", "2e-3")
    lines += [
        f"LEARNING_RATE = {lrs[revision % len(lrs)]}",
        f"BATCH_SIZE = {(32, 64, 128, 256)[(revision // 2) % 4]}",
        f"HIDDEN_SIZE = {rng.choice((128, 256, 512, 768))}",
        f"DROPOUT = {rng.choice((0.0, 0.1, 0.2))}",
    ]
    data_dir = PLANTED_USER_PATH if rng.random() < 0.1 else "data"
    lines += [f'DATA_DIR = os.environ.get("DATA_DIR", "{data_dir}")', ""]
    if rng.random() < 0.5:
        lines += ["SEED = 1234", "torch.manual_seed(SEED)", "np.random.seed(SEED)", ""]
    return "\n".join(lines)


def module_blocks(rng: random.Random, min_lines: int, max_lines: int) -> list[str]:
    """Top-level blocks (functions and classes) adding up to a length between the bounds."""
    target = rng.randint(min_lines, max_lines) - 25  # the header is about 25 lines
    blocks: list[str] = []
    total = 0
    while total < target:
        block = class_source(rng) if rng.random() < 0.35 else function_source(rng)
        blocks.append(block)
        total += block.count("\n") + 3
    if rng.random() < 0.2:
        blocks.append(MAIN_BLOCK)
    return blocks


MAIN_BLOCK = """if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--data", default=DATA_DIR)
    args = parser.parse_args()
    logger.info("training for %d epochs on %s", args.epochs, args.data)"""


def render_module(header: str, blocks: list[str], single_quotes: bool) -> str:
    """Join a header and blocks the way a person would, optionally with the 'wrong' quotes."""
    text = header + "\n\n" + "\n\n\n".join(blocks) + "\n"
    # ruff format normalizes to double quotes: these files show up in the format check.
    return text.replace('"', "'") if single_quotes else text


def pytest_source(rng: random.Random, module: str) -> str:
    """A small pytest file with a few real assertions about tensors and arrays."""
    tests = []
    for index in range(rng.randint(3, 8)):
        size = rng.choice((4, 8, 16, 32))
        tests.append(
            "\n".join(
                [
                    f"def test_{rng.choice(VERBS)}_{rng.choice(NOUNS)}_{index}():",
                    f"    x = torch.randn({size}, {size})",
                    "    y = torch.nn.functional.relu(x)",
                    f"    assert y.shape == ({size}, {size})",
                    "    assert (y >= 0).all()",
                    f"    assert np.isclose(np.ones({size}).sum(), {size})",
                ]
            )
        )
    header = f'"""Tests for {module}."""\n\nimport numpy as np\nimport torch\n'
    return header + "\n\n" + "\n\n\n".join(tests) + "\n"


def readme_source(project: str, packages: list[str]) -> str:
    """A README with install, usage and results sections."""
    return f"""# {project}

Training and evaluation code for {project.replace("-", " ")} experiments.

## Install

```bash
pip install -r requirements.txt
```

## Usage

```bash
python -m {packages[0]}.train --epochs 10 --data data/
```

## Results

| model | accuracy |
| --- | --- |
| baseline | 71.2 |
| ours | 74.9 |
"""


REQUIREMENTS = "torch==2.1.0\nnumpy>=1.24\ntqdm\npyyaml==6.0.1\nscikit-learn\n"
GITIGNORE = "__pycache__/\n*.pt\n/checkpoints/\n/data/\n.venv/\n"
