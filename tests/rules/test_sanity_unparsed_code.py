"""ML code in files Python 3 cannot parse (Python 2 prints) is not said to be absent."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

PY2_TRAIN = (
    "from keras.layers import LSTM, Dense\n"
    "from keras.models import Sequential\n"
    "import numpy as np\n"
    "model = Sequential([LSTM(64), Dense(10)])\n"
    "print model.summary()\n"
    "model.fit(X, y, epochs=5)\n"
)
HELPER = "import numpy as np\n\n\ndef pad(x):\n    return np.asarray(x)\n"


def test_rules_that_find_no_ml_code_say_the_unparsed_files_were_not_read() -> None:
    snapshot = snapshot_from({"train.py": PY2_TRAIN, "text.py": HELPER})
    for rule_id in ("SANITY001", "SANITY002", "SANITY004", "REPRO001", "REPRO006"):
        result = check(rule_id, snapshot)
        assert result.status is Status.SKIP, rule_id
        assert result.message == (
            "not judged: the code that imports keras is in 1 file Python 3 cannot parse"
            " (Python 2 syntax?), train.py, and is not read"
        ), rule_id
    # REPRO002 judges PyTorch alone: no PyTorch is imported anywhere.
    assert check("REPRO002", snapshot).message.startswith("no PyTorch training")


def test_a_file_that_does_not_parse_and_imports_no_ml_library_changes_nothing() -> None:
    broken = "import os\nprint os.getcwd()\n"
    result = check("SANITY001", snapshot_from({"tool.py": broken, "text.py": HELPER}))
    assert result.status is Status.SKIP and result.message.startswith("no ML code")
    # A test file that does not parse is not the project's ML code.
    result = check("SANITY001", snapshot_from({"tests/test_train.py": PY2_TRAIN}))
    assert result.message.startswith("no ML code")


def test_parsed_ml_code_is_judged_as_before() -> None:
    parsed = PY2_TRAIN.replace("print model.summary()", "print(model.summary())")
    result = check("SANITY001", snapshot_from({"train.py": parsed}))
    assert result.status is not Status.SKIP


def test_a_notebook_cell_that_does_not_parse_is_named_as_a_cell_not_the_notebook() -> None:
    # One cell of a notebook holds a typo (`combine_tokens(entities):`); the notebook's other
    # cells, a Trainer fine-tune among them, are read: "the notebook is not read" is false.
    from tests.fixtures import notebook

    typo = "from transformers import pipeline\nnlp = pipeline('ner')\ncombine_tokens(nlp('a b')):\n"
    trains = (
        "from transformers import Trainer, TrainingArguments\n"
        "trainer = Trainer(model=model, args=TrainingArguments('out'), train_dataset=ds)\n"
        "trainer.train()\n"
    )
    snapshot = snapshot_from({"ner.ipynb": notebook("import os\n", typo, trains)})
    result = check("REPRO001", snapshot)
    assert result.status is Status.SKIP
    assert "1 notebook cell Python 3 cannot parse, ner.ipynb cell 2, and is not read" in (
        result.message
    ), result.message
    # Two cells, and a module beside them: each is counted as what it is.
    two = {
        "ner.ipynb": notebook(typo, typo, trains),
        "old.py": PY2_TRAIN,
    }
    message = check("REPRO001", snapshot_from(two)).message
    assert "in 1 file and 2 notebook cells Python 3 cannot parse" in message, message
    assert "ner.ipynb cell 1, ner.ipynb cell 2, old.py" in message, message


def test_training_in_a_file_that_does_not_parse_beside_a_parsed_model_is_not_said_absent() -> None:
    # A model module parses; the training script, left half-written (an `if` with no body),
    # does not: "no training code" would be false, the script was never read.
    model = "import torch\n\n\nclass Net(torch.nn.Module):\n    pass\n"
    trainer = (
        "import torch\nfrom model import Net\n\n\ndef train(model, opt):\n"
        "    for x in range(3):\n        model(x).sum().backward()\n        opt.step()\n\n\n"
        "if __name__ == '__main__':\n"
    )
    snapshot = snapshot_from({"model.py": model, "trainer.py": trainer})
    for rule_id in ("SANITY002", "SANITY004"):
        result = check(rule_id, snapshot)
        assert result.status is Status.SKIP, rule_id
        assert result.message.startswith("not judged:"), (rule_id, result.message)
        assert "trainer.py, and is not read" in result.message, rule_id
    # Where nothing fails to parse, the reason stays that nothing trains.
    alone = snapshot_from({"model.py": model})
    assert check("SANITY004", alone).message.startswith("no training code")
    assert check("SANITY002", alone).message.startswith("no gradient-based training")


def test_an_unparsed_file_beside_parsed_code_of_the_same_library_is_more_code_not_all() -> None:
    # Scripts that parse load a model with transformers and torch; one pseudocode file that
    # does not parse imports them too. "The code that imports torch is in 1 file" is false:
    # the code read imports it as well; the file is more of that code, left unread.
    scorer = (
        "import torch\nfrom transformers import AutoModelForCausalLM\n\n\n"
        "def score(name):\n    model = AutoModelForCausalLM.from_pretrained(name)\n"
        "    with torch.no_grad():\n        return model(torch.tensor([[1, 2]])).logits\n\n\n"
        "if __name__ == '__main__':\n    print(score('gpt2'))\n"
    )
    sketch = "import torch\nimport keras\nCSV = \n"
    snapshot = snapshot_from({"score.py": scorer, "sketch.py": sketch})
    for rule_id in ("SANITY002", "SANITY004", "REPRO001", "REPRO006"):
        result = check(rule_id, snapshot)
        assert result.status is Status.SKIP, rule_id
        assert result.message == (
            "not judged: the code that imports keras, and more that imports torch, is in 1 file"
            " Python 3 cannot parse, sketch.py, and is not read"
        ), (rule_id, result.message)
    # REPRO002 judges PyTorch alone, which the code read imports too.
    assert check("REPRO002", snapshot).message == (
        "not judged: more code that imports torch is in 1 file Python 3 cannot parse,"
        " sketch.py, and is not read"
    )


def test_smoke_test_rule_does_not_say_no_model_where_the_model_file_does_not_parse() -> None:
    # The model and its training loop sit in a Python 2 module (`print 'X: ', x`); the
    # script that parses imports tensorflow and only calls the wrapper's train(). "No model
    # or training code outside the tests" would be false: the model's file was never read.
    wrapper = (
        "import tensorflow as tf\n\n\nclass Seq2Seq:\n    def train(self, data):\n"
        "        sess = tf.Session()\n        print 'training'\n        return sess\n"
    )
    main = (
        "import tensorflow as tf\nimport seq2seq_wrapper\n\n"
        "model = seq2seq_wrapper.Seq2Seq()\nsess = model.train([1, 2])\n"
    )
    snapshot = snapshot_from({"seq2seq_wrapper.py": wrapper, "main.py": main})
    result = check("SANITY003", snapshot)
    assert result.status is Status.SKIP
    assert result.message == (
        "not judged: more code that imports tensorflow is in 1 file Python 3 cannot parse"
        " (Python 2 syntax?), seq2seq_wrapper.py, and is not read"
    ), result.message
    # Where every file parses and none holds a model, the reason stays as it was.
    alone = snapshot_from({"main.py": main, "seq2seq_wrapper.py": "import tensorflow as tf\n"})
    assert check("SANITY003", alone).message == "no model or training code outside the tests"


#: A notebook whose only training is scikit-learn's cross-validation: each fold fits a copy.
CROSS_VALIDATED = """\
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict

posts = pd.read_csv("posts.csv")
predicted = cross_val_predict(LogisticRegression(), posts[["a", "b"]], posts["label"], cv=5)
print((predicted == posts["label"]).mean())
"""


def test_training_only_through_cross_validation_is_not_said_to_be_absent() -> None:
    snapshot = snapshot_from({"classify.py": CROSS_VALIDATED})
    result = check("REPRO006", snapshot)
    assert result.status is Status.SKIP, result.message
    assert "no training" not in result.message, result.message
    assert "cross_val_predict in classify.py" in result.message, result.message
    # SANITY004 reads the cross-validation call as the training it judges around.
    result = check("SANITY004", snapshot)
    assert result.status is Status.PASS, result.message
    assert result.message == "no known mistake around 1 training call(s)", result.message
