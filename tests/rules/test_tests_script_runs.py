"""TEST001 evidence: a ``test.py`` whose ``test()`` the script runs itself and that asserts
nothing is an evaluation run (load a trained agent, play episodes, print the reward), not a
test left misnamed: renaming it test_*.py would make pytest run the whole evaluation."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from
from tests.rules.test_tests import notebook

EVALUATION = (
    "import gym\n\n\n"
    "def test():\n"
    "    env = gym.make('CartPole-v1')\n"
    "    print(env.reset())\n\n\n"
    "if __name__ == '__main__':\n"
    "    test()\n"
)
MISNAMED = "def test_accuracy():\n    assert evaluate() > 0.9\n"


def test_test001_an_evaluation_script_named_test_py_is_not_called_a_misnamed_test() -> None:
    result = check("TEST001", snapshot_from({"test.py": EVALUATION, "testing.py": MISNAMED}))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        ("test.py", "test.py runs its test() itself and asserts nothing: an evaluation script"),
        ("testing.py", "pytest does not collect testing.py: name it test_*.py or *_test.py"),
    ]


def test_test001_a_test_py_whose_test_the_code_imports_and_runs_is_an_evaluation() -> None:
    # `main.py --train=False` imports FixMatch/test.py's test(), which loads the best
    # checkpoint and prints the test accuracy: an evaluation the code runs, not a test. Its
    # `assert "Train first!"` asserts a constant, which checks nothing.
    evaluation = (
        "import torch\n\n\ndef test():\n"
        "    assert 'Train first!'\n"
        "    print(torch.load('best.pth'))\n"
    )
    main = "from FixMatch.test import test as fixmatch_test\n\nfixmatch_test()\n"
    files = {"FixMatch/test.py": evaluation, "main.py": main, "testing.py": MISNAMED}
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        (
            "FixMatch/test.py",
            "test.py is run by the code that imports it and asserts nothing: an evaluation",
        ),
        ("testing.py", "pytest does not collect testing.py: name it test_*.py or *_test.py"),
    ]
    # Imported by nothing, the same file may be a test its author left misnamed.
    del files["main.py"]
    result = check("TEST001", snapshot_from(files))
    assert "name it test_*.py" in result.evidence[0].snippet


def test_test001_a_test_py_run_from_its_main_block_is_called_an_evaluation_script() -> None:
    # src/test.py parses --weights and --data, loads the checkpoint and prints the test
    # split's accuracy from main() under its __main__ block, and asserts nothing: the
    # README's "evaluation script", not a test its author left without test functions.
    evaluation = (
        "import argparse\n\nimport torch\n\n\n"
        "def evaluate(model, loader):\n"
        "    return sum(int(model(x).argmax() == y) for x, y in loader)\n\n\n"
        "def main():\n"
        "    parser = argparse.ArgumentParser('Evaluate the classifier')\n"
        "    parser.add_argument('--weights')\n"
        "    args = parser.parse_args()\n"
        "    print(evaluate(torch.load(args.weights), []))\n\n\n"
        "if __name__ == '__main__':\n"
        "    main()\n"
    )
    result = check("TEST001", snapshot_from({"src/test.py": evaluation, "testing.py": MISNAMED}))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        (
            "src/test.py",
            "test.py runs as a script from its __main__ block and asserts nothing:"
            " an evaluation script",
        ),
        ("testing.py", "pytest does not collect testing.py: name it test_*.py or *_test.py"),
    ]
    # A check that raises on a wrong result is not called an evaluation.
    checking = evaluation.replace(
        "    print(evaluate(",
        "    if not evaluate(torch.load(args.weights), []):\n"
        "        raise SystemExit('no sample right')\n    print(evaluate(",
    )
    result = check("TEST001", snapshot_from({"src/test.py": checking}))
    assert result.evidence[0].snippet == "no test_* functions or TestCase classes"


def test_test001_a_test_py_run_from_its_top_level_is_called_an_evaluation_script() -> None:
    # test.py of a forecasting project: no function at all, its statements load the
    # checkpoint, loop over the whole series under no_grad and save the predictions, and it
    # asserts nothing. "No test_* functions" would read as a test file left empty.
    evaluation = (
        "import torch\n\n"
        "model = torch.load('runs/checkpoint.pth')\n"
        "predictions = []\n"
        "with torch.no_grad():\n"
        "    for x, y in torch.utils.data.DataLoader([]):\n"
        "        predictions.append(model(x))\n"
        "torch.save(predictions, 'runs/predictions.pt')\n"
    )
    result = check("TEST001", snapshot_from({"test.py": evaluation, "testing.py": MISNAMED}))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        (
            "test.py",
            "test.py runs as a script from its top level and asserts nothing: an evaluation script",
        ),
        ("testing.py", "pytest does not collect testing.py: name it test_*.py or *_test.py"),
    ]
    # Top-level statements that only define things are no run: the old words stay.
    result = check("TEST001", snapshot_from({"test.py": "import torch\n\nSIZE = 3\n"}))
    assert result.evidence[0].snippet == "no test_* functions or TestCase classes"


def test_test001_a_check_the_code_calls_under_another_name_is_not_a_misnamed_test() -> None:
    # preprocessing/test.py's test(data, clean_data) asserts that cleaning kept 90% of the
    # rows; the notebook imports it as p_test and calls p_test(clean, data). No fixture gives
    # `data`, so renaming the file test_*.py would only make pytest error on it.
    check_rows = "def test(data, clean_data):\n    assert len(clean_data) > 0.9 * len(data)\n"
    main = "from preprocessing.test import test as p_test\n\np_test([1], [1])\n"
    files = {"preprocessing/test.py": check_rows, "main.py": main, "testing.py": MISNAMED}
    result = check("TEST001", snapshot_from(files))
    assert result.status is Status.FAIL
    # A check the code runs, not a test its author took for one: nothing to rename.
    assert [e.path for e in result.evidence] == ["testing.py"]
    # The same from a notebook, which imports in its first cell and calls in a later one.
    del files["main.py"]
    files["main.ipynb"] = notebook(
        "from preprocessing.test import test as p_test", "p_test([1], [1])"
    )
    result = check("TEST001", snapshot_from(files))
    assert [e.path for e in result.evidence] == ["testing.py"]


def test_test001_a_script_named_test_that_holds_no_model_is_not_called_an_evaluation() -> None:
    # Image capturing software/__main__.test.py: a second copy of the program that drives a
    # phone's camera over adb and the lights over a serial port, run from its __main__ block.
    # It asserts nothing and evaluates nothing either: no model, no ML library imported.
    capture = (
        "import json\nimport time\n\nfrom uart import UART\n\n\n"
        "class Main:\n"
        "    def __init__(self):\n"
        "        self.port = UART('COM3')\n\n"
        "    def capture(self, n):\n"
        "        for light in range(n):\n"
        "            self.port.write(json.dumps({'light': light}))\n"
        "            time.sleep(1)\n\n\n"
        "if __name__ == '__main__':\n"
        "    Main().capture(8)\n"
    )
    result = check("TEST001", snapshot_from({"capture.test.py": capture, "uart.py": "UART = 1\n"}))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet) for e in result.evidence] == [
        (
            "capture.test.py",
            "capture.test.py runs as a script from its __main__ block and asserts nothing:"
            " a script, not a test",
        ),
    ]
    # The same at the top level, with no function: a script, not an evaluation.
    top = "import time\n\nfor light in range(8):\n    print(light)\n    time.sleep(1)\n"
    result = check("TEST001", snapshot_from({"test.py": top}))
    assert result.evidence[0].snippet == (
        "test.py runs as a script from its top level and asserts nothing: a script, not a test"
    )
