"""What the smoke-test fixer reads from a model's code: input shapes, constructor values, and
the cases where it must say it cannot tell (in-memory repositories, nothing run)."""

from __future__ import annotations

import ast
import subprocess
from dataclasses import replace
from pathlib import Path

from ruff.__main__ import find_ruff_bin

from repocheck.analysis.imports import programs
from repocheck.analysis.ml_code import Repo
from repocheck.fix.fixers._smoke.template import smoke_test_text
from repocheck.fix.fixers.smoke_test import PlannedTest, plan_smoke_test
from tests.helpers import snapshot_from

HEADER = "import torch\nfrom torch import nn\nimport torch.nn.functional as F\n\n\n"


def _plan(model: str, train: str = "") -> PlannedTest | str:
    files = {"model.py": HEADER + model}
    if train:
        files["train.py"] = train
    snapshot = snapshot_from(files)
    return plan_smoke_test(Repo(programs(snapshot)), {info.path for info in snapshot.files})


def _input(model: str) -> str:
    planned = _plan(model)
    assert isinstance(planned, PlannedTest), planned
    return planned.spec.model_input.code


def test_an_adaptive_pool_frees_the_image_size() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU(), nn.AdaptiveAvgPool2d((1, 1)))
        self.head = nn.Linear(8, 2)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))
"""
    assert _input(model) == "torch.randn(BATCH, 3, 32, 32)"


def test_a_1d_convolution_gets_the_length_its_linear_layer_fixes() -> None:
    model = """class Net(nn.Module):
    def __init__(self, channels=8):
        super().__init__()
        self.conv = nn.Conv1d(1, channels, 5, stride=2)
        self.pool = nn.MaxPool1d(2)
        self.fc = nn.Linear(channels * 15, 4)

    def forward(self, x):
        x = self.pool(F.relu(self.conv(x)))
        return self.fc(x.view(x.size(0), -1))
"""
    # (64 - 5) // 2 + 1 = 30 after the convolution, 15 after the pooling.
    assert _input(model) == "torch.randn(BATCH, 1, 64)"


def test_a_reshape_before_the_first_layer_is_not_guessed() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)

    def forward(self, x):
        return self.conv(x.view(-1, 1, 28, 28))
"""
    planned = _plan(model)
    assert isinstance(planned, str) and "x.view(-1, 1, 28, 28)" in planned


def test_a_recurrent_first_layer_is_not_guessed() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.rnn = nn.LSTM(10, 20)
        self.fc = nn.Linear(20, 2)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.fc(out)
"""
    planned = _plan(model)
    assert isinstance(planned, str) and "meets nn.LSTM(10, 20) first" in planned


def test_several_outputs_are_not_guessed() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        hidden = self.fc(x)
        return hidden, x
"""
    planned = _plan(model)
    assert isinstance(planned, str) and "returns several values" in planned


def test_a_module_that_trains_on_import_is_not_imported() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)


model = Net()
loss = model(torch.randn(8, 4)).sum()
loss.backward()
"""
    planned = _plan(model)
    assert isinstance(planned, str) and "model.py runs code when imported (line 15)" in planned


def test_an_unread_argument_with_a_default_is_noted() -> None:
    model = """class Net(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.fc1 = nn.Linear(4, hidden)
        self.fc2 = nn.Linear(hidden, 2)

    def forward(self, x):
        return self.fc2(self.fc1(x))
"""
    train = "import sys\n\nfrom model import Net\n\nnet = Net(hidden=int(sys.argv[1]))\n"
    planned = _plan(model, train)
    assert isinstance(planned, PlannedTest)
    assert planned.spec.arguments == ()
    assert planned.notes[0].startswith("hidden=int(sys.argv[1]) at train.py:5 is not a literal")


def test_a_library_class_of_the_same_name_is_no_build_site() -> None:
    model = """class MLP(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc = nn.Linear(width, 2)

    def forward(self, x):
        return self.fc(x)
"""
    train = "from torchvision.ops import MLP\n\nhead = MLP(12, [4])\n"
    planned = _plan(model, train)
    assert isinstance(planned, str) and "MLP() needs width" in planned


def test_a_note_names_a_few_models_and_counts_the_rest() -> None:
    model = "".join(
        f"""class Net{index}(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.fc = nn.Linear(config.width, 2)

    def forward(self, x):
        return self.fc(x)


"""
        for index in range(5)
    )
    planned = _plan(model)
    assert isinstance(planned, str)
    assert planned.count("needs config") == 3 and "and 2 other model class(es)" in planned


def test_a_long_constructor_call_is_split_as_ruff_splits_it(tmp_path: Path) -> None:
    base = _plan(
        """class Net(nn.Module):
    def __init__(self, width=4):
        super().__init__()
        self.fc = nn.Linear(width, 2)

    def forward(self, x):
        return self.fc(x)
"""
    )
    assert isinstance(base, PlannedTest)
    # 79 (PEP 8) is the narrowest width the fixed lines of the template fit in.
    for width, arguments in ((79, 3), (79, 5), (79, 12), (88, 9)):
        named = tuple((f"argument_{index}", index, True) for index in range(arguments))
        spec = replace(base.spec, arguments=named, line_length=width)
        test = tmp_path / f"test_{width}_{arguments}.py"
        test.write_text(smoke_test_text(spec), encoding="utf-8")
        ruff = [str(find_ruff_bin()), "format", "--isolated", "--line-length", str(width)]
        checked = subprocess.run(
            [*ruff, "--check", "--diff", str(test)], capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, checked.stdout


CHECKED = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 8, 3, padding=1)
        self.fc = nn.Linear(8 * 32 * 32, 2)

    def forward(self, x):
        CHECK
        return self.fc(torch.flatten(F.relu(self.conv(x)), 1))
"""


def test_checks_forward_makes_on_its_input_must_hold() -> None:
    holds = [
        "assert x.ndim == 4",
        "assert x.dim() == 4 and x.size(1) == 3",
        "if x.shape[1:] != (3, 32, 32):\n            raise ValueError(x.shape)",
        "assert len(x.shape) == 4, 'a batch of images'",
    ]
    for check in holds:
        assert _input(CHECKED.replace("CHECK", check)) == "torch.randn(BATCH, 3, 32, 32)"


def test_an_input_failing_or_escaping_the_checks_is_not_written() -> None:
    cases = {
        "assert x.ndim == 3": "fails the check `x.ndim == 3`",
        "if x.shape[-1] != 28:\n            raise ValueError": "fails the check `x.shape[-1] != 28`",
        "assert x.dtype == torch.float16": "checks its input with `x.dtype == torch.float16`",
    }
    for check, reason in cases.items():
        planned = _plan(CHECKED.replace("CHECK", check))
        assert isinstance(planned, str) and reason in planned, (check, planned)


def _reason(model: str) -> str:
    planned = _plan(model)
    assert isinstance(planned, str), planned
    return planned


def test_a_position_parameter_fixes_the_length_and_is_not_guessed() -> None:
    model = """class LM(nn.Module):
    def __init__(self, vocab=50, length=16, width=8):
        super().__init__()
        self.tokens = nn.Embedding(vocab, width)
        self.positions = nn.Parameter(torch.zeros(1, length, width))
        self.head = nn.Linear(width, vocab)

    def forward(self, idx):
        return self.head(self.tokens(idx) + self.positions)
"""
    assert "computes self.tokens(idx) + self.positions" in _reason(model)
    added = model.replace(
        "return self.head(self.tokens(idx) + self.positions)",
        "x = self.tokens(idx)\n        x += self.positions\n        return self.head(x)",
    )
    assert "computes x + self.positions" in _reason(added)
    sliced = model.replace("+ self.positions)", "+ self.positions[:, : idx.size(1)])")
    assert _input(sliced) == "torch.randint(0, 50, (BATCH, 8))"


def test_indexing_the_input_before_its_first_layer_is_not_guessed() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x[:, 0])
"""
    assert "meets x[:, 0] first" in _reason(model)


def test_a_wrapped_or_reduced_return_value_is_not_taken_for_a_batch() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return Output(logits=self.fc(x))
"""
    assert "returns Output(logits=self.fc(x)): no batch of outputs" in _reason(model)
    for reduced in ("self.fc(x).mean()", "F.mse_loss(self.fc(x), x[:, :2])"):
        returned = model.replace("Output(logits=self.fc(x))", reduced)
        assert f"returns {reduced}: no batch of outputs" in _reason(returned)
    per_row = model.replace("Output(logits=self.fc(x))", "self.fc(x).mean(dim=1)")
    assert _input(per_row) == "torch.randn(BATCH, 4)"


def test_a_model_that_loads_weights_is_not_built_in_a_smoke_test() -> None:
    model = """import torchvision


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)
        self.backbone = torchvision.models.resnet18(weights="DEFAULT")

    def forward(self, x):
        return self.fc(x)
"""
    assert "loads weights (torchvision.models.resnet18(weights='DEFAULT'))" in _reason(model)


def test_sizes_computed_from_a_shape_tuple_are_read() -> None:
    model = """IMAGE = (1, 28, 28)


class Net(nn.Module):
    def __init__(self, shape=IMAGE, classes=10):
        super().__init__()
        self.fc = nn.Linear(shape[0] * shape[1] * shape[2], classes)

    def forward(self, x):
        return self.fc(x.flatten(1))
"""
    assert _input(model) == "torch.randn(BATCH, 784)"


def test_a_class_defined_inside_a_function_is_not_imported() -> None:
    model = """def build():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 2)

        def forward(self, x):
            return self.fc(x)

    return Net()
"""
    assert "Net is defined inside a function or class" in _reason(model)


def test_a_repository_without_a_pytorch_model_gets_a_note() -> None:
    snapshot = snapshot_from({"fit.py": "from sklearn.svm import SVC\n\nSVC().fit([[0]], [0])\n"})
    planned = plan_smoke_test(Repo(programs(snapshot)), {"fit.py"})
    assert planned == "no torch.nn.Module subclass in the code: no model to write a smoke test for"


def test_a_project_block_met_first_is_read_unless_it_starts_with_a_convolution() -> None:
    model = """class Stem(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = nn.Conv2d(3, channels, 3)

    def forward(self, x):
        return self.conv(x)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = Stem(8)
        self.head = nn.Linear(8 * 30 * 30, 2)

    def forward(self, x):
        return self.head(self.stem(x).flatten(1))
"""
    assert "meets Stem(8) first, a convolution whose image size is not read" in _reason(model)


def test_a_size_no_literal_can_hold_is_unknown_and_never_computed() -> None:
    for size in ("10 ** 10 ** 9", "1e999", "(10 ** 9) ** 64"):
        model = f"""class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear({size}, 2)

    def forward(self, x):
        return self.fc(x)
"""
        assert "whose input shape is not read" in _reason(model)


def test_text_from_the_repository_cannot_break_the_test_source(tmp_path: Path) -> None:
    model = (
        HEADER
        + """class Net(nn.Module):
    def __init__(self, tag, width=4):
        super().__init__()
        self.tag = tag
        self.fc = nn.Linear(width, 2)

    def forward(self, x):
        return self.fc(x)
"""
    )
    train = 'from model import Net\n\nnet = Net("a\\r\\x1b[31m\\"\\"\\"b")\n'
    folder = 'we"""ird\\\\dir'
    snapshot = snapshot_from({f"{folder}/model.py": model, f"{folder}/train.py": train})
    files = {info.path for info in snapshot.files}
    planned = plan_smoke_test(Repo(programs(snapshot)), files)
    assert isinstance(planned, PlannedTest), planned
    text = smoke_test_text(replace(planned.spec, path_in_test=True))
    assert "\r" not in text and "\x1b" not in text
    tree = ast.parse(text)  # one module: the docstring held, the strings held
    call = next(
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "Net"
    )
    assert ast.literal_eval(call.keywords[0].value) == 'a\r\x1b[31m"""b'
    inserted = next(n for n in ast.walk(tree) if isinstance(n, ast.BinOp))
    assert ast.literal_eval(inserted.right) == folder


def test_a_script_beside_the_model_is_a_build_site() -> None:
    model = (
        HEADER
        + """class Net(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.fc = nn.Linear(width, 2)

    def forward(self, x):
        return self.fc(x)
"""
    )
    train = "from model import Net\n\nnet = Net(12)\n"
    snapshot = snapshot_from({"scripts/model.py": model, "scripts/train.py": train})
    planned = plan_smoke_test(Repo(programs(snapshot)), {i.path for i in snapshot.files})
    assert isinstance(planned, PlannedTest), planned
    assert planned.spec.arguments == (("width", 12, True),)
    assert (planned.spec.import_root, planned.spec.module) == ("scripts", "model")


GLOBAL_MEAN = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, stride=2)
        self.fc = nn.Linear(16, 4)

    def forward(self, x):
        return self.fc(POOLED)
"""


def test_a_mean_over_the_spatial_dimensions_is_a_global_pooling() -> None:
    for pooled in (
        "self.conv(x).mean((2, 3))",
        "self.conv(x).mean(dim=[-2, -1])",
        "self.conv(x).mean((2, 3), keepdim=True).flatten(1)",
        "self.conv(x).mean((2, 3), keepdim=True).flatten(start_dim=1)",
    ):
        assert _input(GLOBAL_MEAN.replace("POOLED", pooled)) == "torch.randn(BATCH, 3, 32, 32)"
    partial = _reason(GLOBAL_MEAN.replace("POOLED", "self.conv(x).mean(3)"))
    assert "is not read: self.conv(x).mean(3)" in partial


def test_a_sequential_of_named_layers_is_read_in_order() -> None:
    model = """from collections import OrderedDict


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            OrderedDict([("flat", nn.Flatten()), ("fc", nn.Linear(12, 2)), ("act", nn.ReLU())])
        )

    def forward(self, x):
        return self.body(x)
"""
    assert _input(model) == "torch.randn(BATCH, 12)"


def test_a_model_that_puts_tensors_on_a_gpu_is_not_tested_on_a_cpu() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x) + torch.zeros(2, device="cuda")
"""
    assert "puts tensors on a GPU (torch.zeros(2, device='cuda')" in _reason(model)


def test_a_dtype_cast_before_an_embedding_keeps_its_shape() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(30, 4)
        self.head = nn.Linear(4, 30)

    def forward(self, tokens):
        return self.head(self.embed(tokens.long()))
"""
    assert _input(model) == "torch.randint(0, 30, (BATCH, 8))"


def test_the_learning_rate_is_the_projects_when_it_can_be_read() -> None:
    model = """class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return self.fc(x)
"""
    train = (
        "import sys\n\nimport torch\n\nfrom model import Net\n\nLR = 1e-3\n\nnet = Net()\n"
        "opt = torch.optim.SGD(net.parameters(), lr=LR)\nloss_fn = torch.nn.CrossEntropyLoss()\n"
    )
    planned = _plan(model, train)
    assert isinstance(planned, PlannedTest) and planned.spec.step is not None
    assert (planned.spec.step.optimizer, planned.spec.step.lr, planned.notes) == ("SGD", 0.001, ())
    unread = _plan(model, train.replace("lr=LR", "lr=float(sys.argv[1])"))
    assert isinstance(unread, PlannedTest)
    assert unread.notes == (
        "the learning rate float(sys.argv[1]) is not a literal: the test uses 0.001",
    )


def test_setting_up_at_import_is_not_running_code() -> None:
    model = """import logging
import sys

sys.path.append("..")
torch.manual_seed(0)
log = logging.getLogger(__name__)
DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        return self.fc(x)


if __name__ == "__main__":
    print(Net()(torch.randn(1, 4)))
"""
    assert _input(model) == "torch.randn(BATCH, 4)"


LINKS = 1_900  # deeper than Python's recursion limit; the parser still reads each


def test_a_run_of_not_in_a_check_reads_as_its_short_form() -> None:
    for nots in (LINKS, LINKS + 1):
        short = "not " * (nots % 2)
        check = f"assert {'not ' * nots}x.ndim == 4"
        expected = _plan(CHECKED.replace("CHECK", f"assert {short}x.ndim == 4"))
        planned = _plan(CHECKED.replace("CHECK", check))
        if isinstance(expected, str):
            assert isinstance(planned, str) and "fails the check" in planned
        else:
            assert isinstance(planned, PlannedTest)
            assert planned.spec.model_input.code == expected.spec.model_input.code


def test_expressions_deeper_than_python_recurses_are_not_read_and_crash_nothing() -> None:
    checked = CHECKED.replace("CHECK", "assert x.ndim == 4")
    cases = [
        CHECKED.replace("CHECK", f"assert x.shape{'[0:]' * LINKS} == (1,)"),
        CHECKED.replace("CHECK", f"assert x.ndim == {' + '.join(['0'] * LINKS)} + 4"),
        f"N = {' + '.join(['1'] * LINKS)}\n" + checked,
        f"N = {'-' * LINKS}1\n" + checked,
        checked.replace("nn.Linear(8 * 32 * 32, 2)", f"nn.Linear(8 * 32 * 32, {'-' * LINKS}2)"),
    ]
    for model in cases:
        planned = _plan(model)
        assert isinstance(planned, (str, PlannedTest))
