"""Reinforcement learning through Stable-Baselines3: ``PPO("MlpPolicy", env)`` builds a
PyTorch policy (its weights drawn unless ``seed=`` is given, which seeds torch, numpy and
random) and ``model.learn(total_timesteps=...)`` trains it."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

TRAIN = (
    "import gymnasium as gym\nfrom stable_baselines3 import PPO\n\n"
    'env = gym.make("CartPole-v1")\n'
    'model = PPO("MlpPolicy", env, verbose=1)\n'
    "model.learn(total_timesteps=10_000)\n"
    'model.save("ppo_cartpole")\n'
)


def test_a_stable_baselines_project_is_ml_code_that_trains() -> None:
    snapshot = snapshot_from({"train.py": TRAIN})
    assert check("SANITY001", snapshot).status is not Status.SKIP
    assert check("SANITY004", snapshot).status is not Status.SKIP
    result = check("REPRO006", snapshot)
    assert result.status is not Status.SKIP, result.message


def test_an_algorithm_built_without_a_seed_draws_its_policy() -> None:
    result = check("REPRO001", snapshot_from({"train.py": TRAIN}))
    assert result.status in (Status.WARN, Status.FAIL), result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 5)]
    # Its seed= seeds torch, numpy and random (set_random_seed) before the policy is built.
    seeded = TRAIN.replace("verbose=1)", "verbose=1, seed=0)")
    result = check("REPRO001", snapshot_from({"train.py": seeded}))
    assert result.status is Status.PASS, result.message
    # Loaded to evaluate, not trained: nothing to seed.
    evaluate = (
        "from stable_baselines3 import PPO\n\n"
        'model = PPO.load("ppo_cartpole")\n'
        "print(model.predict([0.0, 0.0, 0.0, 0.0], deterministic=True))\n"
    )
    result = check("REPRO001", snapshot_from({"evaluate.py": evaluate}))
    assert result.status not in (Status.WARN, Status.FAIL), result.message


def test_stable_baselines_own_set_random_seed_seeds_the_policy() -> None:
    # set_random_seed(seed) from stable_baselines3.common.utils seeds random, numpy and
    # torch, so the policy an algorithm built after it without seed= draws is seeded.
    seeded = TRAIN.replace(
        "from stable_baselines3 import PPO\n",
        "from stable_baselines3 import PPO\n"
        "from stable_baselines3.common.utils import set_random_seed\n\n"
        "set_random_seed(0)\n",
    )
    result = check("REPRO001", snapshot_from({"train.py": seeded}))
    assert result.status is Status.PASS, result.message


def test_repro002_reads_an_algorithm_s_learn_as_pytorch_training() -> None:
    # learn() trains a PyTorch policy on the device the algorithm picks: "auto" is CUDA
    # when there is one. Unseeded, the switch waits for REPRO001's seed.
    result = check("REPRO002", snapshot_from({"train.py": TRAIN}))
    assert result.status is Status.SKIP
    assert result.message.startswith("not judged until PyTorch is seeded"), result.message
    # seed= on a CUDA device calls set_random_seed(seed, using_cuda=True), which sets
    # cudnn.deterministic = True and cudnn.benchmark = False.
    seeded = TRAIN.replace("verbose=1)", "verbose=1, seed=0)")
    result = check("REPRO002", snapshot_from({"train.py": seeded}))
    assert result.status is Status.PASS, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("train.py", 5)]
    # Seeded through set_random_seed(seed) alone: nothing switches cuDNN.
    helper = TRAIN.replace(
        "from stable_baselines3 import PPO\n",
        "from stable_baselines3 import PPO\n"
        "from stable_baselines3.common.utils import set_random_seed\n\n"
        "set_random_seed(0)\n",
    )
    result = check("REPRO002", snapshot_from({"train.py": helper}))
    assert result.status is Status.WARN, result.message
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (5, "set_random_seed(0)  # pass using_cuda=True, or give the algorithm seed=")
    ]
    switched = helper.replace("set_random_seed(0)", "set_random_seed(0, using_cuda=True)")
    result = check("REPRO002", snapshot_from({"train.py": switched}))
    assert result.status is Status.PASS, result.message
    # Kept on the CPU, seeded kernels repeat themselves.
    on_cpu = TRAIN.replace("verbose=1)", 'verbose=1, device="cpu")')
    result = check("REPRO002", snapshot_from({"train.py": on_cpu}))
    assert result.status is Status.PASS, result.message
    assert result.message.startswith("training runs on the CPU only"), result.message
    # With seed= on the CPU the run is seeded, and no cuDNN switch is claimed.
    on_cpu_seeded = on_cpu.replace('device="cpu")', 'device="cpu", seed=0)')
    result = check("REPRO002", snapshot_from({"train.py": on_cpu_seeded}))
    assert result.status is Status.PASS, result.message
    assert result.message.startswith("training runs on the CPU only"), result.message


def test_sanity002_reads_the_clipping_an_algorithm_brings() -> None:
    # PPO clips gradients at max_grad_norm=0.5 by default (A2C too, DQN at 10): learn() is
    # gradient-based training, and the algorithm's default is its guard.
    result = check("SANITY002", snapshot_from({"train.py": TRAIN}))
    assert result.status is Status.PASS, result.message
    assert result.message == "numeric guards: gradient clipping"
    assert [(e.line, e.snippet) for e in result.evidence] == [
        (
            5,
            'model = PPO("MlpPolicy", env, verbose=1)'
            "  # clips gradients at max_grad_norm=0.5 by default",
        )
    ]
    # SAC has no clipping: learn() trains all the same, and nothing guards it.
    sac = TRAIN.replace("PPO", "SAC").replace("CartPole-v1", "Pendulum-v1")
    result = check("SANITY002", snapshot_from({"train.py": sac}))
    assert result.status is not Status.SKIP, result.message
    assert result.message.startswith("nothing checks for NaN/inf"), result.message
    # An explicit max_grad_norm counts as it does anywhere.
    explicit = TRAIN.replace("verbose=1)", "verbose=1, max_grad_norm=1.0)")
    result = check("SANITY002", snapshot_from({"train.py": explicit}))
    assert result.status is Status.PASS, result.message
