"""SANITY003: a smoke test that runs the model."""

from __future__ import annotations

from repocheck.model import Status
from tests.fixtures import notebook
from tests.rules.sanity_fixtures import (
    MODEL,
    TRAINING,
    places,
    run,
)

# ---------------------------------------------------------------------------- SANITY003


def test_sanity003_names_the_forward_pass_test() -> None:
    tests = """\
    import torch
    from model import MLP

    def test_data_shapes():
        assert torch.zeros(2, 2).shape == (2, 2)

    def test_forward_shape():
        model = MLP()
        out = model(torch.zeros(4, 2))
        assert out.shape == (4, 2)
    """
    result = run("SANITY003", {"model.py": MODEL, "tests/test_model.py": tests})
    assert result.status is Status.PASS
    assert places(result) == [("tests/test_model.py", None, 7)]
    assert (
        result.evidence[0].snippet == "test_forward_shape: forward pass `model(torch.zeros(4, 2))`"
    )
    assert result.metrics == {"tests": 2, "smoke_tests": 1}


def test_sanity003_sees_training_steps_through_a_project_helper() -> None:
    tests = """\
    import torch
    from model import MLP
    from train import train_epoch

    class TestTraining:
        def test_overfits_one_batch(self):
            model = MLP()
            opt = torch.optim.SGD(model.parameters(), lr=0.5)
            x, y = torch.randn(8, 2), torch.randint(0, 2, (8,))
            losses = [train_epoch(model, opt, x, y) for _ in range(50)]
            assert losses[-1] < losses[0]
    """
    files = {"model.py": MODEL, "train.py": TRAINING, "tests/test_train.py": tests}
    result = run("SANITY003", files)
    assert result.status is Status.PASS
    assert result.evidence[0].snippet.startswith(
        "TestTraining.test_overfits_one_batch: training step through train_epoch()"
    )


def test_sanity003_accepts_lightning_fast_dev_run() -> None:
    model = "import lightning as L\n\nclass Net(L.LightningModule):\n    pass\n"
    tests = """\
    import lightning as L
    from net import Net

    def test_one_batch():
        L.Trainer(fast_dev_run=True).fit(Net())
    """
    result = run("SANITY003", {"net.py": model, "tests/test_net.py": tests})
    assert result.status is Status.PASS
    assert "Lightning fast_dev_run" in result.evidence[0].snippet


def test_sanity003_warns_when_a_test_builds_the_model_but_never_runs_it() -> None:
    tests = """\
    from transformers import AutoTokenizer
    from model import MLP

    def test_parameter_count():
        model = MLP()
        assert sum(p.numel() for p in model.parameters()) > 0

    def test_tokenizer():
        tokenizer = AutoTokenizer.from_pretrained("gpt2")
        assert tokenizer("hi")
    """
    result = run("SANITY003", {"model.py": MODEL, "tests/test_model.py": tests})
    assert result.status is Status.WARN
    assert places(result) == [("tests/test_model.py", None, 4)]


def test_sanity003_a_run_whose_every_error_is_swallowed_cannot_fail() -> None:
    # A soil-moisture project of a held-out pass (499): the forward and backward passes sit
    # in `try: ... except Exception: return False`, so under pytest the test always passes.
    tests = """\
    import torch
    from model import MLP

    def test_model_forward():
        try:
            model = MLP()
            out = model(torch.zeros(4, 2))
            out.sum().backward()
            return True
        except Exception as error:
            print(error)
            return False
    """
    result = run("SANITY003", {"model.py": MODEL, "tests/test_model.py": tests})
    assert result.status is Status.WARN, result.message
    assert [e.snippet for e in result.evidence] == [
        "test_model_forward: runs the model only inside a try whose except swallows its errors"
    ]
    # An except that fails the test on the error still lets the run fail it.
    failing = tests.replace("print(error)", "pytest.fail(str(error))")
    failing = failing.replace("import torch\n", "import pytest\n    import torch\n")
    assert run("SANITY003", {"model.py": MODEL, "tests/test_model.py": failing}).status is (
        Status.PASS
    )


def test_sanity003_fails_when_no_test_touches_the_model() -> None:
    tests = "from data import load\n\ndef test_load():\n    assert load() == []\n"
    result = run("SANITY003", {"model.py": MODEL, "tests/test_data.py": tests})
    assert result.status is Status.FAIL
    assert result.message == "1 test(s), none builds the model and runs it"


def test_sanity003_does_not_take_a_test_double_for_the_model() -> None:
    # A fake a test defines in place of the model checks the code around the model (how a
    # prediction is parsed), not the model: no smoke test.
    tests = """\
    from demo import predict

    def test_predict_parses_boxes():
        class FakeModel:
            def predict(self, **kwargs):
                return [[0.1, 0.2, 0.3, 0.4]]

        model = FakeModel()
        assert predict(model, "bin.jpg") == [[0.1, 0.2, 0.3, 0.4]]
        assert FakeModel().predict(source="bin.jpg")
        assert dummy_model(1) == mock_net(1)
    """
    demo = "def predict(model, path):\n    return model.predict(source=path)\n"
    files = {"model.py": MODEL, "demo.py": demo, "tests/test_demo.py": tests}
    result = run("SANITY003", files)
    assert result.status is not Status.PASS
    assert result.message == "1 test(s), none builds the model and runs it"


def test_sanity003_fails_without_any_test() -> None:
    result = run("SANITY003", {"model.py": MODEL})
    assert result.status is Status.FAIL
    assert result.message.startswith("no tests at all")


def test_sanity003_skips_ml_imports_without_a_model() -> None:
    metrics = "from sklearn.metrics import accuracy_score\n\nprint(accuracy_score([1], [1]))\n"
    assert run("SANITY003", {"report.py": metrics}).status is Status.SKIP


def test_sanity003_reads_a_model_defined_in_a_notebook_and_a_test_notebook() -> None:
    nb = notebook("import torch.nn as nn", "class Net(nn.Module):\n    pass", "net = Net()")
    smoke = notebook(
        "import torch\nfrom lab import Net",
        "def test_runs():\n    net = Net()\n    net(torch.zeros(1, 2))",
    )
    result = run("SANITY003", {"lab.ipynb": nb, "tests/smoke.ipynb": smoke})
    assert result.status is Status.PASS
    assert places(result) == [("tests/smoke.ipynb", 1, 1)]


def test_sanity003_reads_a_test_case_in_a_notebook_cell_among_other_code() -> None:
    # A course notebook: the model in one cell, its unit tests in a later cell that also
    # starts the runner. TEST001 counts those tests; SANITY003 must read them too.
    nb = notebook(
        "import unittest\nimport torch\nimport torch.nn as nn",
        "class Net(nn.Module):\n    def forward(self, x):\n        return x",
        "x = torch.zeros(1, 2)\n\n"
        "class TestNet(unittest.TestCase):\n"
        "    def test_runs(self):\n"
        "        self.assertEqual(Net()(x).shape, (1, 2))\n\n"
        "unittest.TextTestRunner().run(unittest.TestLoader().loadTestsFromTestCase(TestNet))",
    )
    result = run("SANITY003", {"project.ipynb": nb})
    assert result.status is Status.PASS
    assert places(result) == [("project.ipynb", 2, 4)]


def test_sanity003_does_not_take_a_notebook_evaluation_function_for_a_test() -> None:
    nb = notebook(
        "import torch\nimport torch.nn as nn",
        "class Net(nn.Module):\n    def forward(self, x):\n        return x",
        "def test(model):\n    return model(torch.zeros(1, 2))\n\ntest(Net())",
    )
    result = run("SANITY003", {"project.ipynb": nb})
    assert result.status is Status.FAIL
    assert result.message.startswith("no tests at all")


def test_sanity003_a_test_that_trains_a_table_by_hand_is_a_smoke_test() -> None:
    # Tabular Q-learning (or a numpy network) trains by updates written out: a test running a
    # few episodes of it is the smoke test, and the code is model code.
    qlearning = (
        "import numpy as np\n\n\n"
        "def q_update(q_table, s, a, reward, s2, learning_rate, gamma):\n"
        "    q_table[s, a] += learning_rate * (reward + gamma * np.max(q_table[s2]) - q_table[s, a])\n\n\n"
        "def train_qlearning(env, episodes):\n"
        "    q_table = np.zeros((16, 4))\n"
        "    for _ in range(episodes):\n"
        "        q_update(q_table, 0, 1, 1.0, 2, 0.8, 0.95)\n"
        "    return q_table\n"
    )
    test = (
        "from qlearning import train_qlearning\n\n\n"
        "def test_smoke_train():\n"
        "    q_table = train_qlearning(None, 3)\n"
        "    assert q_table.shape == (16, 4)\n"
    )
    files = {"qlearning.py": qlearning, "tests/test_smoke_train.py": test}
    result = run("SANITY003", files)
    assert result.status is Status.PASS, result.message
    assert "train_qlearning" in result.message


def test_sanity003_reads_the_imported_main_not_another_scripts_namesake() -> None:
    """Two scripts each define ``main()``: the test of the one that only reports a score is no
    training step because the other one's ``main()`` trains."""
    train_cli = """\
    import torch
    from model import MLP
    from train import train_epoch

    def main():
        model = MLP()
        opt = torch.optim.SGD(model.parameters(), lr=0.1)
        train_epoch(model, opt, torch.randn(8, 2), torch.randint(0, 2, (8,)))

    if __name__ == "__main__":
        main()
    """
    report_cli = """\
    import json

    def main():
        print(json.dumps({"score": 0.5}))

    if __name__ == "__main__":
        main()
    """
    report_test = """\
    from cli.run_report import main

    def test_report_smoke():
        main()
    """
    training_test = """\
    from cli.run_training import main

    def test_training_smoke():
        main()
    """
    files = {
        "model.py": MODEL,
        "train.py": TRAINING,
        "cli/__init__.py": "",
        "cli/run_training.py": train_cli,
        "cli/run_report.py": report_cli,
        "tests/test_report.py": report_test,
        "tests/test_training.py": training_test,
    }
    result = run("SANITY003", files)
    assert result.status is Status.PASS
    assert [e.snippet for e in result.evidence] == [
        "test_training_smoke: training step through main() `main()`"
    ]


#: A numpy word2vec whose step hands each weight and its step to an in-place helper.
_SPARSE_SGNS = (
    "import numpy as np\n\n\n"
    "def apply_sparse_updates(matrix, ids, updates):\n"
    "    matrix[ids] += updates\n\n\n"
    "def train_batch(center_ids, context_ids, w_in, w_out, lr):\n"
    "    center, context = w_in[center_ids], w_out[context_ids]\n"
    "    coeff = 1.0 / (1.0 + np.exp(-(center * context).sum(axis=1))) - 1.0\n"
    "    apply_sparse_updates(w_in, center_ids, -lr * coeff[:, None] * context)\n"
    "    apply_sparse_updates(w_out, context_ids, -lr * coeff[:, None] * center)\n"
    "    return -np.log(coeff + 1.0).mean()\n"
)


def test_sanity003_a_step_through_an_in_place_helper_is_training_by_hand() -> None:
    """A numpy skip-gram moves its embedding rows through a helper (``apply_sparse_updates(
    w_in, ids, -lr * grad)``, whose body adds into its ``matrix``): a test running
    ``train_batch`` on three words takes a training step."""
    test = (
        "import numpy as np\nfrom word2vec import train_batch\n\n\n"
        "def test_train_batch_lowers_the_loss():\n"
        "    w_in, w_out = np.full((3, 2), 0.1), np.full((3, 2), 0.2)\n"
        "    ids = np.array([0, 1])\n"
        "    first = train_batch(ids, ids[::-1], w_in, w_out, lr=0.1)\n"
        "    assert train_batch(ids, ids[::-1], w_in, w_out, lr=0.1) < first\n"
    )
    files = {"word2vec.py": _SPARSE_SGNS, "tests/test_word2vec.py": test}
    result = run("SANITY003", files)
    assert result.status is Status.PASS, result.message
    assert "training by hand through train_batch()" in result.message


def test_sanity003_a_test_function_no_fixture_feeds_that_the_script_calls_is_no_test() -> None:
    # An invoice reader's test_finetuning.py: main() runs test_training_small(dataset) on the
    # data set the step before built; pytest has no `dataset` fixture, so it errors there and
    # never trains. Only the model-loading test is collected, and it never runs the model.
    tests = """\
    import torch
    from model import MLP
    from train import train_epoch

    def test_training_small(dataset):
        model = MLP()
        opt = torch.optim.SGD(model.parameters(), lr=0.5)
        return train_epoch(model, opt, *dataset)

    def test_model_loading():
        model = MLP()
        print(type(model))

    def main():
        test_training_small((torch.randn(8, 2), torch.randint(0, 2, (8,))))
        test_model_loading()

    if __name__ == "__main__":
        main()
    """
    files = {"model.py": MODEL, "train.py": TRAINING, "tests/test_train.py": tests}
    result = run("SANITY003", files)
    assert result.status is not Status.PASS
    assert result.metrics["smoke_tests"] == 0
    assert result.metrics["tests"] == 1
    # Fed by a fixture, the same function is a test that trains.
    fixture = """\
    import pytest
    import torch

    @pytest.fixture
    def dataset():
        return (torch.randn(8, 2), torch.randint(0, 2, (8,)))
    """
    fed = run("SANITY003", files | {"tests/conftest.py": fixture})
    assert fed.status is Status.PASS
    assert fed.evidence[0].snippet.startswith("test_training_small: training step")


def test_sanity003_a_fixture_named_like_a_test_is_no_test() -> None:
    # `@pytest.fixture def test_data()` feeds the tests; pytest does not collect it, so it is
    # neither a test without the model nor, when it builds and runs one, a smoke test.
    tests = (
        "import pytest\nimport torch\nfrom data import load\nfrom model import MLP\n\n"
        "@pytest.fixture\ndef test_data():\n    return MLP()(torch.zeros(4, 2))\n\n"
        "def test_load(test_data):\n    assert load() == []\n"
    )
    result = run("SANITY003", {"model.py": MODEL, "tests/test_data.py": tests})
    assert result.status is Status.FAIL
    assert result.message == "1 test(s), none builds the model and runs it"


def test_sanity003_a_test_of_a_least_squares_fit_written_out_is_a_smoke_test() -> None:
    # OLS and ridge written from scratch are fitted in closed form, by solving the normal
    # equations: no ``fit()`` call, no gradient step. A test that fits one on four points and
    # checks the coefficients builds the model and runs it.
    ols = (
        "import numpy as np\n"
        "from sklearn.linear_model import LinearRegression\n\n\n"
        "def manual_solve(a, b):\n"
        "    return np.linalg.solve(a, b)\n\n\n"
        "def ols_fit(X, y):\n"
        "    X = np.asarray(X)\n"
        "    return manual_solve(X.T @ X, X.T @ np.asarray(y))\n\n\n"
        "def kfold_mse(X, y, k):\n"
        "    return [ols_fit(X, y) for _ in range(k)]\n\n\n"
        "def fit_scaler(X, y):\n"
        "    return np.linalg.inv(np.cov(X))\n\n\n"
        "baseline = LinearRegression().fit([[0.0], [1.0]], [0.0, 1.0])\n"
    )
    fits = (
        "import unittest\n\n"
        "from ols import kfold_mse, ols_fit\n\n\n"
        "class TestOls(unittest.TestCase):\n"
        "    def test_ols_fit(self):\n"
        "        beta = ols_fit([[1, 1], [1, 2], [1, 3], [1, 4]], [3, 5, 7, 9])\n"
        "        self.assertAlmostEqual(beta[1], 2.0)\n\n"
        "    def test_kfold(self):\n"
        "        self.assertEqual(len(kfold_mse([[1, 1], [1, 2]], [1, 2], 2)), 2)\n"
    )
    result = run("SANITY003", {"ols.py": ols, "tests/test_ols.py": fits})
    assert result.status is Status.PASS, result.message
    assert result.evidence[0].snippet.startswith(
        "TestOls.test_ols_fit: closed-form fit through ols_fit()"
    )
    assert len(result.evidence) == 2

    # A scaler's fit solves nothing a model predicts with: no smoke test.
    scaler = fits.replace("kfold_mse, ols_fit", "fit_scaler").split("class")[0] + (
        "def test_scaler():\n    assert fit_scaler([[1, 2], [3, 4]], None) is not None\n"
    )
    result = run("SANITY003", {"ols.py": ols, "tests/test_scaler.py": scaler})
    assert result.status is Status.FAIL


def test_sanity003_sees_a_fixtures_model_run_by_a_testing_library() -> None:
    # torchtest trains the model a step in assert_vars_change and test_suite: the test hands
    # it the model a fixture builds, so it runs the model; a runner's call does not.
    tests = """\
    import pytest
    import torch
    import torchtest
    from torchtest import assert_vars_change

    from model import MLP

    @pytest.fixture()
    def model():
        return MLP()

    def test_vars_change(model):
        assert_vars_change(model, None, torch.optim.Adam(model.parameters()), None)

    def test_nan_vals(model):
        torchtest.test_suite(model, None, None, None, test_nan_vals=True)
    """
    result = run("SANITY003", {"model.py": MODEL, "tests/test_model.py": tests})
    assert result.status is Status.PASS, result.message
    assert result.message == "2 smoke test(s), e.g. test_vars_change (run by torchtest)"
    assert places(result) == [
        ("tests/test_model.py", None, 12),
        ("tests/test_model.py", None, 15),
    ]
    assert result.evidence[1].snippet == (
        "test_nan_vals: run by torchtest `torchtest.test_suite(model, None, None, None, t...`"
    )


def test_sanity003_a_runners_call_on_a_model_runs_nothing() -> None:
    tests = """\
    import pytest

    from model import MLP

    def test_skips(model=MLP):
        pytest.importorskip("torch", model)
    """
    result = run("SANITY003", {"model.py": MODEL, "tests/test_model.py": tests})
    assert result.status is not Status.PASS


def test_sanity003_a_preprocessor_fitted_under_a_short_name_is_no_smoke_test() -> None:
    # ``dv = DictVectorizer(); dv.fit(records)`` learns a vocabulary, as ``scaler.fit(X)``
    # does; the name ``dv`` does not say so, the class it was built from does. A test of the
    # feature step that never builds the project's XGBoost model is no smoke test of it.
    train = (
        "from sklearn.feature_extraction import DictVectorizer\n"
        "from xgboost import XGBRegressor\n\n\n"
        "def preprocess(df, dv, fit_dv=False):\n"
        "    dicts = df.to_dict(orient='records')\n"
        "    return (dv.fit_transform(dicts) if fit_dv else dv.transform(dicts)), dv\n\n\n"
        "def train(X, y):\n"
        "    return XGBRegressor(max_depth=10, random_state=0).fit(X, y)\n"
    )
    tests = (
        "import pandas as pd\n"
        "from sklearn.feature_extraction import DictVectorizer\n\n"
        "from train import preprocess\n\n\n"
        "def test_preprocess():\n"
        "    df = pd.DataFrame({'lat': ['1.2', '4.5']})\n"
        "    dv = DictVectorizer()\n"
        "    dv.fit(df.to_dict('records'))\n"
        "    X, dv = preprocess(df, dv)\n"
        "    assert X.shape == (2, 2)\n"
    )
    result = run("SANITY003", {"train.py": train, "tests/test_prep.py": tests})
    assert result.status is Status.FAIL, result.evidence
    # Built from a model's class, a short name still trains: ``m = XGBRegressor(); m.fit``.
    model = tests.replace("DictVectorizer", "XGBRegressor").replace(
        "sklearn.feature_extraction", "xgboost"
    )
    result = run("SANITY003", {"train.py": train, "tests/test_prep.py": model})
    assert result.status is Status.PASS, result.message


def test_sanity003_a_project_method_that_runs_a_keras_models_predict_is_a_forward_pass() -> None:
    # The detector wraps the Keras model it loads; the test runs it on an image through the
    # project's method, whose body calls the model's predict(): the model is run.
    detector = """\
    import numpy as np
    from tensorflow import keras

    class FaceMaskDetector:
        def __init__(self, model_path):
            self._model = keras.models.load_model(model_path)

        def create(self):
            self._model = keras.Sequential([keras.layers.Dense(2)])
            self._model.compile(optimizer="adam", loss="mse")
            self._model.fit(np.zeros((4, 2)), np.zeros((4, 2)))

        def predict_img(self, img):
            scores = self._model.predict(img[None])
            return int(np.argmax(scores[0]))
    """
    tests = """\
    import numpy as np
    from detector import FaceMaskDetector

    detector = FaceMaskDetector(model_path="model")

    def test_port():
        assert int("8006") == 8006

    def test_model():
        assert detector.predict_img(np.zeros((8, 8, 3))) in (0, 1)
    """
    result = run("SANITY003", {"detector.py": detector, "tests/test_detector.py": tests})
    assert result.status is Status.PASS, result.message
    assert result.evidence[0].snippet.startswith("test_model: forward pass through predict_img()")
    # A method that only names a prediction it does not make runs no model.
    idle = detector.replace("self._model.predict(img[None])", "img.sum(axis=2)")
    result = run("SANITY003", {"detector.py": idle, "tests/test_detector.py": tests})
    assert result.status is not Status.PASS


def test_sanity003_a_clustering_fitted_and_labelled_by_fit_predict_is_run() -> None:
    # scikit-learn's clusterings learn and label in one call: a test that clusters four
    # points through the project's function and checks the labels builds and runs the model.
    clustering = (
        "from sklearn.cluster import KMeans\n\n\n"
        "def segment(X, k, seed=0):\n"
        "    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(X)\n"
    )
    tests = (
        "from segments import segment\n\n\n"
        "def test_two_groups_are_found():\n"
        "    labels = segment([[0, 0], [0, 1], [9, 9], [9, 8]], 2)\n"
        "    assert labels[0] == labels[1] != labels[2] == labels[3]\n"
    )
    files = {"segments.py": clustering, "tests/test_segments.py": tests}
    result = run("SANITY003", files)
    assert result.status is Status.PASS, result.message
    assert result.evidence[0].snippet.startswith(
        "test_two_groups_are_found: training step through segment()"
    )


def test_sanity003_sees_a_model_from_a_project_factory_run_in_a_test() -> None:
    # The factory returns the library model with its processor; the test unpacks the pair
    # under names no model word reads ("modelo") and runs the model on a random batch.
    factory = """\
    from transformers import AutoImageProcessor, AutoModelForImageClassification

    def cargar_modelo(nombre, num_clases):
        procesador = AutoImageProcessor.from_pretrained(nombre)
        modelo = AutoModelForImageClassification.from_pretrained(nombre, num_labels=num_clases)
        return modelo, procesador

    class Envoltorio:
        @classmethod
        def from_pretrained(cls, nombre):
            modelo = AutoModelForImageClassification.from_pretrained(nombre)
            return modelo
    """
    tests = """\
    import torch
    from transformers import GPT2Tokenizer
    from factory import cargar_modelo

    def test_forward_pass():
        modelo, _ = cargar_modelo("facebook/deit-tiny-patch16-224", num_clases=7)
        salida = modelo(torch.randn(2, 3, 224, 224))
        assert salida.logits.shape == (2, 7)

    def test_processor_only():
        _, procesador = cargar_modelo("facebook/deit-tiny-patch16-224", num_clases=7)
        assert procesador("x") is not None

    def test_tokenizer_only():
        # A library's from_pretrained, not the project's method of that name.
        tokenizer_hf = GPT2Tokenizer.from_pretrained("gpt2")
        assert tokenizer_hf("x") is not None
    """
    result = run(
        "SANITY003", {"factory.py": factory, "train.py": TRAINING, "tests/test_model.py": tests}
    )
    assert result.status is Status.PASS
    assert places(result) == [("tests/test_model.py", None, 5)]


def test_sanity003_sees_a_project_network_named_a_feature_extractor_run_in_a_test() -> None:
    # A project's own nn.Module named like Hugging Face's preprocessors (a backbone called
    # DualBranchFeatureExtractor) is the model; the library's feature extractor beside it,
    # which only prepares inputs, is still no model run.
    model = """\
    import torch
    from torch import nn

    class DualBranchFeatureExtractor(nn.Module):
        def __init__(self, embedding_dim=8):
            super().__init__()
            self.fc = nn.Linear(4, embedding_dim)

        def forward(self, x, return_attention_maps=False):
            out = self.fc(x)
            return (out, out) if return_attention_maps else out
    """
    tests = """\
    import sys
    from pathlib import Path
    import torch

    sys.path.insert(0, str(Path.cwd()))

    from src.models.dual_branch_extractor import DualBranchFeatureExtractor

    def test_embeddings_have_the_right_shape():
        model_with_bam = DualBranchFeatureExtractor(embedding_dim=8)
        model_with_bam.eval()
        with torch.no_grad():
            emb, att = model_with_bam(torch.randn(2, 4), return_attention_maps=True)
        assert emb.shape == (2, 8)
    """
    library = """\
    from transformers import AutoFeatureExtractor

    def test_features_are_padded():
        extractor = AutoFeatureExtractor.from_pretrained("facebook/wav2vec2-base")
        assert extractor([0.0] * 10)["input_values"] is not None
    """
    files = {
        "src/__init__.py": "",
        "src/models/__init__.py": "",
        "src/models/dual_branch_extractor.py": model,
        "tests/test_bam.py": tests,
    }
    result = run("SANITY003", files)
    assert result.status is Status.PASS, result.message
    assert result.evidence[0].snippet.startswith("test_embeddings_have_the_right_shape: forward")
    only_library = {**files, "tests/test_bam.py": library}
    assert run("SANITY003", only_library).status is not Status.PASS
