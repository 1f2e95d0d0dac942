"""REPRO006 and a sum of measured changes: a robot's odometry node adds up the angle its
feet turned (``theta_sum += delta_theta``) in plain Python. No network moves a weight there;
without numpy only a value table trains by hand (as SANITY004 and SANITY002 read it)."""

from textwrap import dedent

from repocheck.model import Status
from tests.helpers import check, snapshot_from

ODOMETRY = """\
import math

import rospy


class Odometry:
    def __init__(self):
        self.theta = 0.0
        self.prev_theta = [0.0] * 4

    def run(self):
        while not rospy.is_shutdown():
            theta_sum = 0.0
            for i in range(4):
                current = math.atan2(1.0, 2.0)
                delta_theta = self.prev_theta[i] - current
                theta_sum += delta_theta
                self.theta += delta_theta / 2
            rospy.loginfo(theta_sum)


if __name__ == "__main__":
    rospy.init_node("odometry")
    Odometry().run()
"""

PERCEPTRON = """\
import numpy as np

X = np.array([[0, 1], [1, 0]])
y = np.array([1, 0])
weights = np.zeros(2)
for epoch in range(10):
    delta = y - (X @ weights > 0)
    weights += 0.1 * X.T @ delta
"""


def test_an_angle_summed_in_plain_python_is_no_training() -> None:
    result = check("REPRO006", snapshot_from({"odometry.py": dedent(ODOMETRY)}))
    assert result.status is not Status.WARN, result.message
    assert "odometry.py" not in result.message


def test_a_numpy_perceptron_still_trains_with_typed_settings() -> None:
    result = check("REPRO006", snapshot_from({"train.py": dedent(PERCEPTRON)}))
    assert result.status is Status.WARN, result.message


MICROGRAD = """\
from engine import Value

w = Value(0.5)
for step in range(20):
    loss = (w * 2.0 - 1.0) ** 2
    w.grad = 0.0
    loss.backward()
    w.data += -0.1 * w.grad
"""


def test_a_plain_python_step_by_a_gradient_still_trains() -> None:
    """micrograd's scalar engine has no numpy: its weights move by ``-0.1 * w.grad``."""
    result = check("REPRO006", snapshot_from({"train.py": dedent(MICROGRAD)}))
    assert result.status is Status.WARN, result.message
