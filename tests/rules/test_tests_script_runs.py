"""TEST001 evidence: a ``test.py`` whose ``test()`` the script runs itself and that asserts
nothing is an evaluation run (load a trained agent, play episodes, print the reward), not a
test left misnamed: renaming it test_*.py would make pytest run the whole evaluation."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

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
