"""Which code is test code: decided by what a file holds, not by its name."""

from __future__ import annotations

from textwrap import dedent

from repocheck.analysis.test_code import code_units, find_test_code
from repocheck.model import Status
from tests.helpers import check, snapshot_from

EVAL_FUNCTION = """\
import torch


def test(model, device, loader):
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x.to(device)).argmax(1) == y).sum().item()
    print("accuracy", correct / len(loader.dataset))


if __name__ == "__main__":
    test(torch.load("model.pt"), "cpu", torch.load("loader.pt"))
"""

TRAIN_SCRIPT = """\
import torch

model = torch.nn.Linear(2, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


def main():
    for x, y in torch.load("data.pt"):
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()


if __name__ == "__main__":
    main()
"""

MODULE_WITH_CASES = """\
import unittest

import torch


def scale(x):
    return x * 2


class ScaleTests(unittest.TestCase):
    def test_doubles(self):
        out = scale(torch.ones(2))
        self.assertEqual(out.sum().item(), 4.0)

    def test_evaluates(self):
        model = torch.nn.Linear(2, 2)
        for x, y in self.val_loader:
            model(x)
"""


QA_SCRIPT = """\
import torch

MODEL_PATH = "D:/Projects/qa/trained_model"
QUESTIONS = ["Who?", "When?"]


def answer(question):
    return str(model(question))


model = torch.load(MODEL_PATH)
model.eval()

with open(MODEL_PATH + "/predictions.txt", "w") as out:
    for question in QUESTIONS:
        out.write(answer(question) + "\\n")
"""


def test_an_evaluation_function_named_test_in_a_test_file_is_not_a_test() -> None:
    snapshot = snapshot_from({"test_model.py": EVAL_FUNCTION})
    result = check("TEST001", snapshot)
    assert result.status is Status.FAIL
    assert "no fixture provides" in result.evidence[0].snippet
    assert check("TEST002", snapshot).status is Status.SKIP
    assert not find_test_code(snapshot).is_test_unit(snapshot.sources[0])


def test_a_fixture_parameter_keeps_a_test_a_test() -> None:
    files = {
        "tests/conftest.py": "import pytest\n\n@pytest.fixture\ndef model():\n    return 1\n",
        "tests/test_model.py": "def test_model(model, tmp_path):\n    assert model == 1\n",
    }
    assert check("TEST001", snapshot_from(files)).metrics["tests"] == 1


def test_a_training_script_named_like_a_test_is_code() -> None:
    one_test = "def test_one():\n    assert 1\n"
    files = {"train_test.py": TRAIN_SCRIPT, "tests/test_one.py": one_test}
    snapshot = snapshot_from(files)
    unit = next(u for u in snapshot.sources if u.path == "train_test.py")
    assert not find_test_code(snapshot).is_test_unit(unit)
    ratio = check("TEST004", snapshot)
    assert ratio.metrics["test_lines"] == 2
    # The training loop is code the ML rules read, not a test they leave alone.
    assert check("SANITY004", snapshot).status is Status.FAIL


def test_a_trainer_module_named_like_a_test_that_code_imports_is_code() -> None:
    # train_test.py holds the Trainer class main.py imports: no test, no __main__ block.
    trainer = dedent(
        """
        import torch
        import torch.nn as nn

        class Training:
            def __init__(self, model, loader, val_loader):
                self.model, self.loader, self.val_loader = model, loader, val_loader

            def runner(self):
                optimizer = torch.optim.SGD(self.model.parameters(), lr=0.1)
                for epoch in range(3):
                    for x, y in self.loader:
                        optimizer.zero_grad()
                        nn.functional.cross_entropy(self.model(x), y).backward()
                        optimizer.step()
                    self.model.eval()
                    with torch.no_grad():
                        for x, y in self.val_loader:
                            self.model(x)
        """
    )
    main = dedent(
        """
        import torch.nn as nn
        from train_test import Training

        model = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.1))
        Training(model, [], []).runner()
        """
    )
    snapshot = snapshot_from({"train_test.py": trainer, "main.py": main})
    unit = next(u for u in snapshot.sources if u.path == "train_test.py")
    assert not find_test_code(snapshot).is_test_unit(unit)
    result = check("SANITY004", snapshot)
    assert [(e.path, e.line) for e in result.evidence] == [("train_test.py", 16)], result.message
    # A helper in a tests/ folder stays test code whoever imports a module of its name.
    helper = {"tests/utils.py": trainer, "main.py": main + "import utils\n"}
    snapshot = snapshot_from(helper)
    unit = next(u for u in snapshot.sources if u.path == "tests/utils.py")
    assert find_test_code(snapshot).is_test_unit(unit)
    # Imported only by a test, it stays a test helper.
    tests_only = {"train_test.py": trainer, "test_main.py": main}
    snapshot = snapshot_from(tests_only)
    unit = next(u for u in snapshot.sources if u.path == "train_test.py")
    assert find_test_code(snapshot).is_test_unit(unit)


def test_a_helper_module_in_a_tests_folder_stays_test_code() -> None:
    snapshot = snapshot_from({"tests/helpers.py": "def make():\n    return 1\n"})
    assert find_test_code(snapshot).is_test_unit(snapshot.sources[0])


def test_testcase_lines_inside_an_ordinary_module_are_test_lines() -> None:
    snapshot = snapshot_from({"scale.py": MODULE_WITH_CASES})
    unit = snapshot.sources[0]
    answer = find_test_code(snapshot)
    assert not answer.is_test_unit(unit)
    assert not answer.is_test_line(unit, 6)  # def scale
    assert answer.is_test_line(unit, 10) and answer.is_test_line(unit, 18)
    ratio = check("TEST004", snapshot)
    assert ratio.metrics["test_lines"] == 8
    assert ratio.metrics["code_lines"] == 4


def test_testcase_methods_are_not_evaluation_loops() -> None:
    files = {"scale.py": MODULE_WITH_CASES, "train.py": TRAIN_SCRIPT}
    result = check("SANITY004", snapshot_from(files))
    assert all(e.path != "scale.py" for e in result.evidence)


def test_a_module_of_only_test_cases_is_test_code() -> None:
    source = dedent(
        """\
        import unittest


        class ModelTests(unittest.TestCase):
            def test_one(self):
                self.assertTrue(True)


        if __name__ == "__main__":
            unittest.main()
        """
    )
    snapshot = snapshot_from({"check_model.py": source})
    assert find_test_code(snapshot).is_test_unit(snapshot.sources[0])


TRAINING_CASE = """\
import unittest

import torch


class Net(torch.nn.Module):
    def forward(self, x):
        return x


class TrainingTests(unittest.TestCase):
    def test_overfits_one_batch(self):
        model = torch.nn.Linear(2, 2)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
        for x, y in [(torch.zeros(4, 2), torch.zeros(4, 2))] * 3:
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(model(x), y)
            loss.backward()
            optimizer.step()
        self.assertLess(loss.item(), 1.0)
"""


def test_testcase_methods_are_not_experiments() -> None:
    snapshot = snapshot_from({"net.py": TRAINING_CASE})
    assert check("REPRO002", snapshot).status is Status.SKIP
    assert check("REPRO006", snapshot).status is Status.SKIP


def test_a_training_script_named_like_a_test_is_an_experiment() -> None:
    snapshot = snapshot_from({"train_test.py": TRAIN_SCRIPT})
    assert check("REPRO002", snapshot).status is not Status.SKIP


def test_a_test_file_that_starts_pytest_itself_keeps_its_plugin_fixtures() -> None:
    source = dedent(
        """\
        import pytest


        def test_api(httpx_fake):
            assert httpx_fake.get("/").status_code == 200


        if __name__ == "__main__":
            pytest.main([__file__])
        """
    )
    snapshot = snapshot_from({"tests/test_api.py": source})
    assert check("TEST001", snapshot).metrics["tests"] == 1


def test_a_base_class_named_like_a_test_case_elsewhere_is_not_one() -> None:
    files = {
        "tests/test_base.py": "import unittest\n\nclass Base(unittest.TestCase):\n"
        "    def test_x(self):\n        self.assertTrue(1)\n",
        "model.py": "import torch\n\nclass Base(torch.nn.Module):\n    pass\n\n"
        "class Net(Base):\n    def test_forward(self, x):\n        return x\n",
    }
    snapshot = snapshot_from(files)
    assert check("TEST001", snapshot).metrics["tests"] == 1
    model = next(u for u in snapshot.sources if u.path == "model.py")
    assert not find_test_code(snapshot).is_test_line(model, 7)


def test_fixtures_renamed_by_their_decorator_or_fed_by_pytestmark_keep_tests() -> None:
    conftest = "import pytest\n\n@pytest.fixture(name='model')\ndef make_model():\n    return 1\n"
    source = "def test_model(model):\n    assert model\n\n\nif __name__ == '__main__':\n    run()\n"
    files = {"tests/conftest.py": conftest, "tests/test_model.py": source}
    assert check("TEST001", snapshot_from(files)).metrics["tests"] == 1
    marked = (
        "import pytest\n\npytestmark = pytest.mark.parametrize('size', [1, 2])\n\n\n"
        "def test_size(size):\n    assert size\n\n\nif __name__ == '__main__':\n    run()\n"
    )
    assert check("TEST001", snapshot_from({"tests/test_size.py": marked})).metrics["tests"] == 1


def test_an_evaluation_function_called_through_its_module_is_not_a_test() -> None:
    files = {
        "tests/test_model.py": EVAL_FUNCTION.split("\n\nif __name__")[0] + "\n",
        "main.py": "from tests import test_model\n\ntest_model.test(None, 'cpu', [])\n",
    }
    assert check("TEST001", snapshot_from(files)).status is Status.FAIL


def test_the_code_view_of_a_module_leaves_its_test_cases_out_of_line_counts() -> None:
    snapshot = snapshot_from({"scale.py": MODULE_WITH_CASES})
    (unit,) = code_units(snapshot, tests=False)
    assert unit.code_lines == 4
    assert unit.source.splitlines()[5] == "def scale(x):"
    assert [n.lineno for n in unit.tree.body] == [1, 3, 6]  # type: ignore[union-attr]


def test_a_script_named_like_a_test_whose_work_runs_in_a_with_block_is_code() -> None:
    # The file answers questions with a saved model and writes them out: its loop sits in a
    # top-level `with open(...)`, which is as much a script as a bare loop.
    snapshot = snapshot_from({"test_qa_model.py": QA_SCRIPT})
    assert not find_test_code(snapshot).is_test_unit(snapshot.sources[0])
    docstrings = check("READ004", snapshot)
    assert [e.snippet.split(" (")[0] for e in docstrings.evidence] == ["def answer"]


def test_a_test_file_whose_tests_sit_beside_a_with_block_stays_test_code() -> None:
    tests = dedent(
        """
        import json

        with open("cases.json") as handle:
            CASES = json.load(handle)


        def test_cases_have_answers():
            assert all(case["answer"] for case in CASES)
        """
    )
    snapshot = snapshot_from({"tests/test_cases.py": tests})
    assert find_test_code(snapshot).is_test_unit(snapshot.sources[0])


EVALUATION_PROCESS = """\
import numpy as np


def test_process(parameters, shared_model, end_flag):
    rewards = []
    while not end_flag.value:
        rewards.append(shared_model(parameters["env"]))
    print("mean reward", np.mean(rewards))
"""

LAUNCHER = """\
import torch.multiprocessing as mp

from model import Policy
from test_process import test_process

if __name__ == "__main__":
    model = Policy()
    end_flag = mp.Value("i", 0)
    p = mp.Process(target=test_process, args=({"env": "CartPole-v1"}, model, end_flag))
    p.start()
    p.join()
"""


def test_a_test_function_the_code_hands_to_a_process_is_not_a_test() -> None:
    # An agent's evaluation process in test_process.py: main.py starts it as a process
    # target, and no fixture provides its parameters, so pytest would only fail to set it up.
    files = {"test_process.py": EVALUATION_PROCESS, "main.py": LAUNCHER, "model.py": ""}
    snapshot = snapshot_from(files)
    assert check("TEST001", snapshot).status is Status.FAIL
    assert check("TEST002", snapshot).status is Status.SKIP
    unit = next(u for u in snapshot.sources if u.path == "test_process.py")
    assert not find_test_code(snapshot).is_test_unit(unit)
