"""Evaluation mistakes read around the loop that evaluates: which mode the model is in there."""

from __future__ import annotations

import json

from repocheck.model import Status
from tests.helpers import check, snapshot_from

NET = """\
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.fc(self.drop(x))


"""
FIT = """\
def main(train_loader, test_loader):
    model = Net()
    opt = torch.optim.Adam(model.parameters())
    loss_func = nn.CrossEntropyLoss()
    for epoch in range(10):
        model.train()
        for x, y in train_loader:
            opt.zero_grad()
            loss = loss_func(model(x), y)
            loss.backward()
            opt.step()
        model.eval()
    with torch.no_grad():
        for x, y in test_loader:
            print(loss_func(model(x), y))
"""


def test_eval_switched_last_in_the_loop_before_holds_for_the_test_loop_after() -> None:
    # The epoch loop ends with model.eval(): the test loop after it runs in eval mode.
    result = check("SANITY004", snapshot_from({"train.py": NET + FIT}))
    assert result.status is Status.PASS, result.message


def test_a_train_switch_after_the_eval_switch_still_leaves_train_mode() -> None:
    code = NET + FIT.replace(
        "        model.eval()\n", "        model.eval()\n        model.train()\n"
    )
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN
    assert [e.line for e in result.evidence] == [29]
    without = NET + FIT.replace("        model.eval()\n", "")
    assert check("SANITY004", snapshot_from({"train.py": without})).status is Status.WARN


ATTACK = """\
def fgsm(model, x, y, eps):
    x.requires_grad = True
    loss = nn.functional.cross_entropy(model(x), y)
    model.zero_grad()
    loss.backward()
    return x + eps * x.grad.sign()


def pgd(model, x, y, eps):
    delta = torch.zeros_like(x, requires_grad=True)
    loss = nn.functional.cross_entropy(model(x + delta), y)
    (grad,) = torch.autograd.grad(loss, [delta])
    return x + eps * grad.sign()


def shifted(model, x, y, eps):
    return x + eps


def attacked_accuracy(model, test_loader, attack):
    model.eval()
    correct = 0
    for x, y in test_loader:
        adv = attack(model, x, y, 0.1)
        correct += (model(adv).argmax(1) == y).sum().item()
    return correct
"""


def test_an_attack_in_the_test_loop_keeps_gradients_on() -> None:
    # FGSM and PGD differentiate the loss by the input: the loop that evaluates the model on
    # the attacked batches needs gradients, and torch.no_grad() around it would break the
    # attack. Another helper, which differentiates nothing, leaves the warning.
    for attack, status in [("fgsm", Status.PASS), ("pgd", Status.PASS), ("shifted", Status.WARN)]:
        code = NET + FIT + "\n\n" + ATTACK.replace("attack(model", f"{attack}(model")
        result = check("SANITY004", snapshot_from({"train.py": code}))
        assert result.status is status, (attack, result.message)


def test_a_test_loop_that_never_reads_its_batch_scores_something_else() -> None:
    # `for test_batch in test_loader:` scoring `x`, the last training batch, once per test
    # batch: the reported accuracy is the training batch's.
    stale = NET + FIT.replace(
        "        for x, y in test_loader:\n            print(loss_func(model(x), y))\n",
        "        for i, (tx, ty) in enumerate(test_loader):\n"
        "            print(i, loss_func(model(x), y))\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": stale}))
    assert result.status is Status.WARN, result.message
    assert "never reads its batch" in result.message
    assert [e.line for e in result.evidence] == [28]
    assert "tx, ty" in result.evidence[0].snippet
    # Reading any of the batch's names is reading the batch; an unnamed item (`_`) says
    # nothing, nor does a loop that runs no model.
    read = stale.replace("model(x), y", "model(tx), y")
    assert check("SANITY004", snapshot_from({"train.py": read})).status is Status.PASS
    unnamed = stale.replace("i, (tx, ty)", "i, _")
    assert check("SANITY004", snapshot_from({"train.py": unnamed})).status is Status.PASS
    no_model = stale.replace("loss_func(model(x), y)", "len(y)")
    assert check("SANITY004", snapshot_from({"train.py": no_model})).status is Status.PASS


def test_a_test_batch_unpacked_into_names_the_loop_never_reads_is_unread() -> None:
    # `test_x, _ = data` then `model(x)`: the batch is unpacked, and its names never read;
    # the loop scores `x`, the last training batch (a housing-price regressor of a pass).
    stale = NET + FIT.replace(
        "        for x, y in test_loader:\n            print(loss_func(model(x), y))\n",
        "        for data in test_loader:\n"
        "            test_x, _ = data\n"
        "            print(model(x))\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": stale}))
    assert result.status is Status.WARN, result.message
    assert "never reads its batch" in result.message
    assert "test_x" in result.evidence[0].snippet
    read = stale.replace("print(model(x))", "print(model(test_x))")
    assert check("SANITY004", snapshot_from({"train.py": read})).status is Status.PASS
    # The item read again after unpacking is read.
    again = stale.replace("print(model(x))", "print(model(x), len(data))")
    assert check("SANITY004", snapshot_from({"train.py": again})).status is Status.PASS


EMA_ALIAS = """\
def main(train_loader, val_loader):
    model = Net()
    ema_model = ModelEMA(model, 0.999)
    opt = torch.optim.Adam(model.parameters())
    model.train()
    for epoch in range(10):
        for x, y in train_loader:
            nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
            ema_model.update(model)
            model.zero_grad()
        test_model = ema_model.ema
        test_model.eval()
        with torch.no_grad():
            for x, y in val_loader:
                print(test_model(x).argmax(1).eq(y).sum())
"""


def test_eval_on_a_name_bound_to_the_ema_copy_leaves_the_trained_model_in_train_mode() -> None:
    # `test_model = ema_model.ema; test_model.eval()` at the end of each epoch switches the
    # EMA copy, which the loop never trains: the model the loop trains stays in train mode.
    result = check("SANITY004", snapshot_from({"train.py": NET + EMA_ALIAS}))
    assert result.status is Status.PASS, result.evidence
    # Bound to the trained model itself, the same switch leaves it in eval mode.
    aliased = NET + EMA_ALIAS.replace("test_model = ema_model.ema", "test_model = model")
    result = check("SANITY004", snapshot_from({"train.py": aliased}))
    assert result.status is Status.WARN, result.message
    assert [e.line for e in result.evidence] == [27]


SPLIT_NAMES = """\
def main(dataset):
    train, validation = make_loaders(dataset)
    model = Net()
    opt = torch.optim.Adam(model.parameters())
    for epoch in range(10):
        for idx, (x, y) in enumerate(train):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        for idx, (x, y) in enumerate(validation):
            print(nn.functional.cross_entropy(model(x), y).item())
"""


def test_a_loop_over_a_split_named_loader_is_evaluation() -> None:
    # `train, validation = dataloader.val_loader(...)`: the validation loop runs the model in
    # train mode with gradients on, though its loader is named for the split alone.
    code = NET + SPLIT_NAMES.replace("make_loaders(", "dataloader.val_loader(")
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN, result.message
    assert [e.line for e in result.evidence] == [25]
    # Bound from DataLoader(...) itself, the same.
    single = NET + SPLIT_NAMES.replace(
        "    train, validation = make_loaders(dataset)\n",
        "    train = DataLoader(dataset)\n    validation = DataLoader(dataset)\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": single}))
    assert result.status is Status.WARN, result.message
    # A split name bound to no loader (a list of file names, a config's test cases) says
    # nothing of what the loop runs over.
    plain = NET + SPLIT_NAMES.replace("make_loaders(dataset)", "dataset.split(0.8)")
    assert check("SANITY004", snapshot_from({"train.py": plain})).status is Status.PASS


TAGGER = """\
import torch
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.drop = nn.Dropout(0.5)

    def forward(self, x, y):
        return nn.functional.cross_entropy(self.fc(self.drop(x)), y)

    def inference(self, x):
        return self.fc(self.drop(x)).argmax(-1)


"""
EVALUATING = """\
def evaluating(model, datas):
    found = []
    for x, y in datas:
        found.append(model.inference(x))
    return found


def fit(model, train_data, dev_data):
    opt = torch.optim.Adam(model.parameters())
    model.train(True)
    for x, y in train_data:
        model.zero_grad()
        loss = model(x, y)
        loss.backward()
        opt.step()
        model.train(False)
        evaluating(model, dev_data)
        model.train(True)
"""


def test_a_function_named_in_the_ing_form_is_evaluation() -> None:
    # `evaluating(model, datas)`, called after `model.train(False)`: eval mode, but every
    # batch builds a graph. `validating` and `evaluating` name evaluation as `testing` does,
    # and `model.inference(x)`, a method of the project's model, runs the model.
    code = TAGGER + EVALUATING
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN, result.message
    assert [e.line for e in result.evidence] == [18]
    assert "no_grad" in result.evidence[0].snippet
    validating = code.replace("evaluating(", "validating(")
    assert check("SANITY004", snapshot_from({"train.py": validating})).status is Status.WARN
    # Under torch.no_grad() at the call, nothing to say.
    guarded = code.replace(
        "        evaluating(model, dev_data)\n",
        "        with torch.no_grad():\n            evaluating(model, dev_data)\n",
    )
    assert check("SANITY004", snapshot_from({"train.py": guarded})).status is Status.PASS


GLOVE_TAGGER = """\
import torch
import torch.nn as nn


class Tagger(nn.Module):
    def __init__(self, vectors):
        super().__init__()
        self.emb = nn.Embedding.from_pretrained(vectors, freeze=False)
        self.lstm = nn.LSTM(100, 64, bidirectional=True, batch_first=True)
        self.fc = nn.Linear(128, 9)

    def forward(self, x):
        return self.fc(self.lstm(self.emb(x))[0])


def fit(model, train_loader, test_loader):
    opt = torch.optim.Adam(model.parameters())
    for x, y in train_loader:
        opt.zero_grad()
        nn.functional.cross_entropy(model(x).flatten(0, 1), y.flatten()).backward()
        opt.step()
    evaluate(model, test_loader)


def evaluate(model, test_loader):
    with torch.no_grad():
        for x, y in test_loader:
            print((model(x).argmax(-1) == y).float().mean())
"""


def test_an_embedding_loaded_from_vectors_behaves_the_same_in_eval_mode() -> None:
    # `nn.Embedding.from_pretrained(glove)` fills an embedding with word vectors: no dropout,
    # no batch norm, so model.eval() changes nothing and no_grad alone is all there is.
    result = check("SANITY004", snapshot_from({"train.py": GLOVE_TAGGER}))
    assert result.status is Status.PASS, result.message
    # A pretrained network from a library may hold dropout: eval mode still matters.
    library = GLOVE_TAGGER.replace(
        "nn.Embedding.from_pretrained(vectors, freeze=False)",
        'AutoModel.from_pretrained("bert-base-cased")',
    ).replace(
        "import torch.nn as nn\n", "import torch.nn as nn\nfrom transformers import AutoModel\n"
    )
    result = check("SANITY004", snapshot_from({"train.py": library}))
    assert result.status is Status.WARN, result.message


CALLBACK_SCORER = """\
import torch
import torch.nn as nn


class Ranker(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(8, 8), nn.Dropout(0.2), nn.Linear(8, 100))

    def forward(self, x):
        return self.body(x)


@torch.no_grad()
def full_catalog_metrics(users, score_batch):
    return [score_batch(batch).topk(10).indices for batch in users]


def evaluate_model(model, users, features):
    model.eval()

    def score_batch(batch):
        return model(features[batch])

    return full_catalog_metrics(users, score_batch)


def fit(model, loader, users, features):
    opt = torch.optim.Adam(model.parameters())
    for x, y in loader:
        model.train()
        opt.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
    return evaluate_model(model, users, features)
"""


def test_a_scorer_passed_to_a_no_grad_function_runs_without_gradients() -> None:
    # The model runs in a nested function handed as an argument to a function decorated with
    # @torch.no_grad(): it is called there, with gradients off.
    result = check("SANITY004", snapshot_from({"train.py": CALLBACK_SCORER}))
    assert result.status is Status.PASS, result.message
    # Handed to a function that keeps gradients on, the warning stays.
    plain = CALLBACK_SCORER.replace("@torch.no_grad()\n", "")
    result = check("SANITY004", snapshot_from({"train.py": plain}))
    assert result.status is Status.WARN, result.message


STEP_FUNCTIONS = """\
def train_step(model, opt, loader):
    model.train()
    for x, y in loader:
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()


def test_step(model, loader):
    model.eval()
    total = 0.0
    for x, y in loader:
        total += nn.functional.cross_entropy(model(x), y).item()
    return total


def main(train_loader, test_loader):
    model = Net()
    opt = torch.optim.Adam(model.parameters())
    for epoch in range(10):
        train_step(model, opt, train_loader)
        test_step(model, test_loader)
"""


def test_a_module_level_function_named_like_a_hook_is_still_evaluation() -> None:
    # `test_step(model, loader)` at module level: only a framework calls a hook, and a
    # framework calls methods of its classes, so a plain function of that name is the
    # project's own evaluation, run here with gradients on.
    result = check("SANITY004", snapshot_from({"train.py": NET + STEP_FUNCTIONS}))
    assert result.status is Status.WARN, result.message
    assert [e.line for e in result.evidence] == [24]
    assert "no_grad" in result.evidence[0].snippet
    # Under torch.no_grad() in its caller, nothing to say.
    guarded = STEP_FUNCTIONS.replace(
        "        test_step(model, test_loader)\n",
        "        with torch.no_grad():\n            test_step(model, test_loader)\n",
    )
    assert check("SANITY004", snapshot_from({"train.py": NET + guarded})).status is Status.PASS


def test_a_counted_loop_that_draws_each_batch_with_next_reads_its_batch() -> None:
    # `for i in range(len(val_loader)): batch = next(it)`: the loop counts the batches and
    # draws each one itself, so the count goes unread and every batch is still scored.
    counted = NET + FIT.replace(
        "        for x, y in test_loader:\n            print(loss_func(model(x), y))\n",
        "        batches = iter(test_loader)\n"
        "        for i in range(len(test_loader)):\n"
        "            tx, ty = next(batches)\n"
        "            print(loss_func(model(tx), ty))\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": counted}))
    assert result.status is Status.PASS, result.message
    # Without the draw, the count loop scores the last training batch each time.
    stale = counted.replace("            tx, ty = next(batches)\n", "").replace(
        "(tx), ty", "(x), y"
    )
    assert check("SANITY004", snapshot_from({"train.py": stale})).status is Status.WARN


def test_a_counted_loop_that_asks_its_loader_for_the_next_batch_reads_its_batch() -> None:
    # The Social LSTM recipe: `for batch in range(loader.valid_num_batches): x, y =
    # loader.next_valid_batch()`. The loader keeps a pointer and hands out the next batch
    # on each call, so the count goes unread and every batch is still scored.
    counted = NET + FIT.replace(
        "        for x, y in test_loader:\n            print(loss_func(model(x), y))\n",
        "        test_loader.reset_batch_pointer(valid=True)\n"
        "        for batch in range(test_loader.valid_num_batches):\n"
        "            tx, ty = test_loader.next_valid_batch()\n"
        "            print(loss_func(model(tx), ty))\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": counted}))
    assert result.status is Status.PASS, result.message
    # TensorFlow 1's MNIST reader takes the batch size: `mnist.test.next_batch(100)`.
    sized = counted.replace("next_valid_batch()", "get_batch(100)")
    assert check("SANITY004", snapshot_from({"train.py": sized})).status is Status.PASS
    # A call that only handles a batch draws none: the loop scores the last training batch.
    stale = counted.replace("            tx, ty = test_loader.next_valid_batch()\n", "").replace(
        "(tx), ty", "(test_loader.process_batch(x)), y"
    )
    result = check("SANITY004", snapshot_from({"train.py": stale}))
    assert result.status is Status.WARN, result.message


def test_a_counted_loop_that_asks_its_test_set_for_the_next_item_reads_its_item() -> None:
    # The salient- and camouflaged-object recipe (PraNet, SINet and the code built on them):
    # `for i in range(test_loader.size): image, gt = test_loader.load_data()`. The test set
    # keeps an index and hands out its next image on each call, so the count goes unread
    # and every image is still scored.
    counted = NET + FIT.replace(
        "        for x, y in test_loader:\n            print(loss_func(model(x), y))\n",
        "        for i in range(test_loader.size):\n"
        "            tx, ty = test_loader.load_data()\n"
        "            print(loss_func(model(tx), ty))\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": counted}))
    assert result.status is Status.PASS, result.message
    # A call that takes a fixed argument hands out the same data on every pass: the loop
    # scores one thing test_loader.size times.
    fixed = counted.replace("load_data()", "load_data('test.txt')")
    result = check("SANITY004", snapshot_from({"train.py": fixed}))
    assert result.status is Status.WARN, result.message


EXPLAIN = """\
def grad_cam(image, model):
    cam = GradCAM(model=model, target_layers=[model.fc])
    return cam(input_tensor=image)


def saliency(image, model):
    return Saliency(model).attribute(image, target=0)


def shown(image, model):
    return image


def visualize(model, test_loader):
    model.eval()
    for image, label in test_loader:
        pred = model(image)
        heat = explain(image, model)
        print(pred.argmax(1), label, heat.shape)
"""


def test_a_test_loop_that_draws_gradient_maps_keeps_gradients_on() -> None:
    # Grad-CAM and captum's attributions differentiate the model's output by its activations
    # or its input: torch.no_grad() around the loop that draws them would break them. A
    # helper that uses neither leaves the warning.
    imports = "from pytorch_grad_cam import GradCAM\nfrom captum.attr import Saliency\n"
    for helper, status in [
        ("grad_cam", Status.PASS),
        ("saliency", Status.PASS),
        ("shown", Status.WARN),
    ]:
        code = imports + NET + FIT + "\n\n" + EXPLAIN.replace("explain(image", f"{helper}(image")
        result = check("SANITY004", snapshot_from({"train.py": code}))
        assert result.status is status, (helper, result.message)


ERROR_DISTRIBUTION = """\
import numpy as np
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.fc(self.drop(x))


class PerSeriesGaussian:
    def fit(self, key, errors):
        self.mu, self.sigma = np.mean(errors), np.std(errors)


def load_trained(name):
    model = Net()
    model.load_state_dict(torch.load(name + ".pt"))
    model.eval()
    return model


def run_evaluation(model, windows):
    gaussian = PerSeriesGaussian()
    with torch.no_grad():
        errors = ((model(windows) - windows) ** 2).mean(dim=1).numpy()
    gaussian.fit("series", errors)
    return gaussian.mu


if __name__ == "__main__":
    windows = torch.zeros(8, 3)
    for name in ["mlp", "lstm"]:
        print(name.upper())
        model = load_trained(name)
        print(run_evaluation(model, windows))
"""


def test_a_distribution_fitted_to_the_errors_of_a_loaded_model_is_no_training_step() -> None:
    # An anomaly detector's decision layer: a Gaussian fitted to a frozen model's
    # reconstruction errors. Nothing runs backward(), so eval mode is the right mode.
    result = check("SANITY004", snapshot_from({"run_ablation.py": ERROR_DISTRIBUTION}))
    assert result.status is Status.PASS, (result.message, result.evidence)
    trains = ERROR_DISTRIBUTION.replace(
        '    gaussian.fit("series", errors)\n',
        '    gaussian.fit("series", errors)\n'
        "    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "    ((model(windows) - windows) ** 2).mean().backward()\n"
        "    opt.step()\n",
    )
    result = check("SANITY004", snapshot_from({"run_ablation.py": trains}))
    assert result.status is Status.WARN, result.message


LAST_STEP = """\
def valid_fn(model, loader):
    model.eval()
    with torch.no_grad():
        return [model(x) for x, y in loader]


def train_fn(model, opt, train_loader, valid_loader):
    model.train()
    for step, (x, y) in enumerate(train_loader):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        if step % 10 == 0 or step == len(train_loader) - 1:
            if step > len(train_loader) - 2:
                valid_fn(model, valid_loader)


def main(train_loader, valid_loader):
    model = Net()
    opt = torch.optim.Adam(model.parameters())
    for epoch in range(3):
        train_fn(model, opt, train_loader, valid_loader)
"""


def test_evaluation_on_the_last_pass_of_a_loop_after_a_train_switch_trains_nothing_after() -> None:
    # `if step > len(train_loader) - 2: valid_fn(...)` runs once the last batch is trained:
    # no training step of that loop follows, and the next epoch's call of train_fn starts
    # with model.train().
    result = check("SANITY004", snapshot_from({"train.py": NET + LAST_STEP}))
    assert result.status is Status.PASS, result.evidence
    for guard in ("step + 1 == len(train_loader)", "step == len(train_loader) - 1"):
        code = NET + LAST_STEP.replace("step > len(train_loader) - 2", guard)
        assert check("SANITY004", snapshot_from({"train.py": code})).status is Status.PASS
    # Every tenth step, the training steps after it run in eval mode.
    every = NET + LAST_STEP.replace("step > len(train_loader) - 2", "step % 100 == 0")
    result = check("SANITY004", snapshot_from({"train.py": every}))
    assert result.status is Status.WARN, result.message
    # On the last pass of another loader's length, or with no model.train() before the loop
    # (the next call trains in eval mode), the finding stands.
    other = NET + LAST_STEP.replace("step > len(train_loader) - 2", "step > len(valid_loader) - 2")
    assert check("SANITY004", snapshot_from({"train.py": other})).status is Status.WARN
    untrained = NET + LAST_STEP.replace("    model.train()\n", "")
    assert check("SANITY004", snapshot_from({"train.py": untrained})).status is Status.WARN


def test_a_method_that_hands_the_batch_to_one_under_no_grad_runs_no_graph() -> None:
    # A clinical-notes classifier's `validate(x, y)` builds a loader and returns
    # `self.eval_model(loader)`, a method of the same model that switches to eval mode and
    # runs every batch under torch.no_grad(): calling it builds no graph.
    code = (
        NET.rstrip("\n")
        + """

    def eval_model(self, loader):
        self.eval()
        with torch.no_grad():
            return [self(x) for x in loader]

    def validate(self, data):
        loader = torch.utils.data.DataLoader(data, batch_size=8)
        return self.eval_model(loader)

    def fit(self, loader, opt):
        self.train()
        for x, y in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(self(x), y).backward()
            opt.step()
"""
    )
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message
    # The same helper without the block does build a graph in validate().
    bare = code.replace("        with torch.no_grad():\n            return", "        return")
    assert check("SANITY004", snapshot_from({"train.py": bare})).status is Status.WARN


SEARCH_NET = NET.replace("nn.Dropout(0.5)", "nn.BatchNorm1d(3)")
#: The training the project does elsewhere, so that the rule has training code to judge.
FIT_STEP = SEARCH_NET + (
    "def fit(model, loader, opt):\n"
    "    model.train()\n"
    "    for x, y in loader:\n"
    "        opt.zero_grad()\n"
    "        model(x).sum().backward()\n"
    "        opt.step()\n"
)


def test_a_module_level_model_switched_to_eval_serves_the_evaluator_handed_to_a_search() -> None:
    # The network is loaded and switched to eval mode at the top of the script; the evaluator
    # reads it as a global and is handed to a native search, which nothing here calls by name.
    code = SEARCH_NET + (
        "net = Net().to('cpu').eval()\n"
        "_other = Net()\n"
        "_other.load_state_dict({}); _other.eval()\n"
        "\n\n"
        "@torch.no_grad()\n"
        "def eval_fn(planes):\n"
        "    return net(torch.from_numpy(planes))\n"
        "\n\n"
        "@torch.no_grad()\n"
        "def _eval_other(planes):\n"
        "    return _other(torch.from_numpy(planes))\n"
        "\n\n"
        "search.run_selfplay(eval_fn, _eval_other, 64)\n"
    )
    result = check("SANITY004", snapshot_from({"play.py": code, "fit.py": FIT_STEP}))
    assert result.status is Status.PASS, result.evidence
    # A model switched back to train mode somewhere is no longer known to be in eval mode.
    trained = code + "net.train()\n"
    result = check("SANITY004", snapshot_from({"play.py": trained, "fit.py": FIT_STEP}))
    assert [e.line for e in result.evidence] == [21]


def test_eval_switched_by_the_caller_of_the_caller_holds_for_the_evaluator() -> None:
    # generate() switches to eval mode and runs the search, which asks evaluate_positions().
    code = SEARCH_NET + (
        "@torch.inference_mode()\n"
        "def evaluate_positions(model, states):\n"
        "    return model(torch.from_numpy(states))\n"
        "\n\n"
        "def run_search(model, states):\n"
        "    return evaluate_positions(model, states)\n"
        "\n\n"
        "def generate(model, states):\n"
        "    model.eval()\n"
        "    return run_search(model, states)\n"
        "\n\n"
        "if __name__ == '__main__':\n"
        "    generate(Net(), None)\n"
    )
    result = check("SANITY004", snapshot_from({"selfplay.py": code, "fit.py": FIT_STEP}))
    assert result.status is Status.PASS, result.evidence
    unswitched = code.replace("    model.eval()\n", "")
    result = check("SANITY004", snapshot_from({"selfplay.py": unswitched, "fit.py": FIT_STEP}))
    assert [e.line for e in result.evidence] == [16]


LIGHTNING = """\
import pytorch_lightning as pl
import torch
import torch.nn as nn


class Tagger(pl.LightningModule):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.fc(self.drop(x))

    def training_step(self, batch, batch_idx):
        x, y = batch
        return nn.functional.cross_entropy(self(x), y)

    def configure_optimizers(self):
        return torch.optim.Adam(self.parameters())

    def predict(self, batch):
        return self(batch[0]).argmax(-1)


model = Tagger()
pl.Trainer(max_epochs=3).fit(model, train_loader)
model.freeze()
predictions = []
for batch in val_loader:
    predictions += model.predict(batch)
"""


def test_a_lightning_module_frozen_before_the_loop_runs_in_eval_mode_without_gradients() -> None:
    # LightningModule.freeze() switches the module to eval mode and turns requires_grad off
    # for every parameter: the validation loop after it neither drops out nor builds a graph.
    result = check("SANITY004", snapshot_from({"train.py": LIGHTNING}))
    assert result.status is Status.PASS, result.message
    # Frozen after the loop, the loop still runs in train mode with gradients on.
    after = LIGHTNING.replace("model.freeze()\n", "") + "model.freeze()\n"
    result = check("SANITY004", snapshot_from({"train.py": after}))
    assert result.status is Status.WARN, result.message
    # Another object's freeze() (fastai's Learner freezes the body only) says nothing of the model.
    other = LIGHTNING.replace("model.freeze()", "learner.freeze()")
    result = check("SANITY004", snapshot_from({"train.py": other}))
    assert result.status is Status.WARN, result.message


#: A notebook's training cell: the epoch loop switches to train mode, then validates under
#: no_grad alone; a later cell switches to eval mode for the confusion matrix.
EPOCHS_CELL = """\
for epoch in range(5):
    model.train()
    for xb, yb in train_batches:
        loss = criterion(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        val_loss = 0.0
        for xb, yb in val_batches:
            val_loss += criterion(model(xb), yb).item()
"""
SETUP = """\
import torch
from torch import nn

model = nn.Sequential(nn.Linear(8, 16), nn.Dropout(0.5), nn.Linear(16, 3))
optimizer = torch.optim.Adam(model.parameters())
criterion = nn.CrossEntropyLoss()
train_batches, val_batches = [], []
"""


def notebook_of(sources: list[str]) -> str:
    cells = [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": s}
        for s in sources
    ]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def test_a_top_level_validation_after_a_train_switch_runs_in_train_mode() -> None:
    # The eval switch a later cell (or later lines) makes does not reach back to the loop.
    later = "model.eval()\nwith torch.no_grad():\n    print(model(torch.zeros(1, 8)))\n"
    result = check("SANITY004", snapshot_from({"train.py": SETUP + EPOCHS_CELL + later}))
    assert result.status is Status.WARN, result.message
    assert [e.line for e in result.evidence] == [17]
    notebook = notebook_of([SETUP, EPOCHS_CELL, later])
    cells = check("SANITY004", snapshot_from({"train.ipynb": notebook}))
    assert cells.status is Status.WARN, cells.message
    # Switched to eval mode before it, in the same loop, it is right.
    switched = EPOCHS_CELL.replace(
        "    with torch.no_grad():", "    model.eval()\n    with torch.no_grad():"
    )
    fine = check("SANITY004", snapshot_from({"train.py": SETUP + switched + later}))
    assert fine.status is Status.PASS, fine.message


PREDICT = """\
import torch
from torch.utils.data import DataLoader
from tqdm import tqdm

from model import Net
from data import Images

model = Net().to("cuda")
model.load_state_dict(torch.load("checkpoint.pth"))
loader = DataLoader(Images("photos/"), batch_size=2)
for index, batch in enumerate(tqdm(loader)):
    with torch.no_grad():
        preds = model(batch.to("cuda"))
    torch.save(preds, f"out/{index}.pt")
"""


def test_a_prediction_script_looping_over_batches_in_train_mode_warns() -> None:
    # predict.py restores trained weights, trains nothing, and runs the model over every
    # batch without model.eval(): dropout stays on, batch norm uses each batch's statistics.
    train = "import torch\nimport torch.nn as nn\nfrom model import Net\n\n\n" + FIT
    files = {"model.py": NET, "train.py": train, "predict.py": PREDICT, "data.py": "X = 1\n"}
    result = check("SANITY004", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("predict.py", 11)]
    assert "model.eval()" in result.evidence[0].snippet
    # Switched to eval mode first: a pass.
    switched = PREDICT.replace("loader = ", "model.eval()\nloader = ")
    result = check("SANITY004", snapshot_from({**files, "predict.py": switched}))
    assert result.status is Status.PASS, result.message
    # A model without dropout or batch norm behaves the same in both modes; and gradients
    # alone are not asked for of a script that only predicts.
    plain = NET.replace("        self.drop = nn.Dropout(0.5)\n", "").replace(
        "self.fc(self.drop(x))", "self.fc(x)"
    )
    no_grad_off = PREDICT.replace("    with torch.no_grad():\n        preds", "    preds")
    result = check(
        "SANITY004", snapshot_from({**files, "model.py": plain, "predict.py": no_grad_off})
    )
    assert result.status is Status.PASS, result.message
    # No weights restored: a loop that runs a fresh model is no prediction from a trained one.
    fresh = PREDICT.replace('model.load_state_dict(torch.load("checkpoint.pth"))\n', "")
    result = check("SANITY004", snapshot_from({**files, "predict.py": fresh}))
    assert result.status is Status.PASS, result.message


DQN_MODELS = """\
import torch.nn as nn
import torch.nn.functional as F


class QNet(nn.Module):
    def __init__(self, n_actions=4):
        super().__init__()
        self.conv = nn.Conv2d(4, 32, kernel_size=8, stride=4)
        self.head = nn.Linear(32 * 20 * 20, n_actions)

    def forward(self, x):
        return self.head(F.relu(self.conv(x)).view(x.size(0), -1))


class QNetNormed(nn.Module):
    def __init__(self, n_actions=4):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(4, 32, 1), nn.BatchNorm2d(32), nn.Flatten())
        self.head = nn.Linear(32 * 84 * 84, n_actions)

    def forward(self, x):
        return self.head(self.body(x))
"""

DQN_LEARN = """\
import random

import torch
import torch.nn.functional as F

from model import *

policy_net = QNet(n_actions=4).to("cpu")
target_net = QNet(n_actions=4).to("cpu")
optimizer = torch.optim.Adam(policy_net.parameters(), lr=1e-4)


@torch.no_grad()
def test(env, n_episodes, policy):
    total = 0.0
    for episode in range(n_episodes):
        state, done = env.reset(), False
        while not done:
            action = policy(state).max(1)[1].view(1, 1)
            state, reward, done, _ = env.step(action)
            total += reward
    return total / n_episodes


def train(env, memory, n_steps):
    for step in range(n_steps):
        states, targets = memory.sample(32)
        loss = F.smooth_l1_loss(policy_net(states).max(1)[0], targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 1000 == 0:
            print(test(env, 10, policy_net))
"""


def test_a_model_built_from_a_class_without_dropout_or_norm_needs_no_eval_mode() -> None:
    # The Q-network handed to test() is a QNet, which holds convolutions and linear layers
    # only: eval mode changes nothing, though its module defines a normed network beside it.
    files = {"model.py": DQN_MODELS, "learn.py": DQN_LEARN}
    result = check("SANITY004", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # The normed network handed in instead: its batch norm runs in train mode, a warning.
    normed = DQN_LEARN.replace("policy_net = QNet(", "policy_net = QNetNormed(")
    result = check("SANITY004", snapshot_from({**files, "learn.py": normed}))
    assert result.status is Status.WARN, result.message
    # Rebound to a loaded model somewhere: what it holds is unknown, a warning as before.
    loaded = DQN_LEARN.replace("optimizer =", 'policy_net = torch.load("best.pt")\noptimizer =')
    result = check("SANITY004", snapshot_from({**files, "learn.py": loaded}))
    assert result.status is Status.WARN, result.message


FOLDS = """\
    def fit(self, loader, opt):
        for x, y in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(self(x), y).backward()
            opt.step()


errors = []
for fold in range(5):
    train_data, test_data = loaders(fold)
    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    model.fit(train_data, opt)
    model.eval()
    errors.append(score(model, test_data))
"""


def test_a_model_built_afresh_on_each_pass_starts_in_train_mode() -> None:
    # Cross-validation: each fold builds a new Net, in train mode as every new module is,
    # and trains it; the eval switch at the end of a fold leaves the old fold's model.
    code = NET.rstrip("\n") + "\n\n" + FOLDS
    result = check("SANITY004", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.evidence
    # Built once before the loop, the second fold trains the model left in eval mode.
    once = code.replace("for fold in range(5):\n", "model = Net()\nfor fold in range(5):\n")
    once = once.replace("    model = Net()\n    opt", "    opt")
    result = check("SANITY004", snapshot_from({"train.py": once}))
    assert result.status is Status.WARN, result.message
    assert [e.line for e in result.evidence] == [27]
    # Rebuilt after the training on the same pass, the switch still hits the new model.
    late = code.replace("    model = Net()\n    opt = torch", "    opt = torch")
    late = late.replace(
        "    model.fit(train_data, opt)\n",
        "    model.fit(train_data, opt)\n    model = Net()\n    opt = torch.optim.SGD(model.parameters(), lr=0.1)\n",
    )
    result = check("SANITY004", snapshot_from({"train.py": "model = Net()\n" + late}))
    assert result.status is Status.WARN, result.message


RENAMING_NET = """\
import torch
from torch import nn


class Backbone(nn.Module):
    def __init__(self, path):
        super().__init__()
        self.stage1 = nn.Sequential(nn.Conv2d(1, 8, 3), nn.BatchNorm2d(8), nn.ReLU())
        self.old_state_dict = torch.load(path)
        self.load_state_dict(
            {self.map_param_name(k): v for k, v in self.old_state_dict.items()}
        )

    def map_param_name(self, key):
        layer = int(key.split(".")[1])
        return "stage" + self._stage(layer) + "." + key.split(".")[-1]

    def _stage(self, layer):
        return str(layer // 3 + 1)

    def forward(self, x):
        return self.stage1(x)


if __name__ == "__main__":
    net = Backbone("weights.pkl")
    for key, value in net.old_state_dict.items():
        param = net.state_dict()[net.map_param_name(key)]
        print(torch.allclose(value, param))
    x = torch.randn(4, 1, 16, 16)
    print(net(x).shape)
"""
RENAMING_TRAIN = """\
import torch
from models.backbone import Backbone


def train(loader):
    net = Backbone("weights.pkl")
    opt = torch.optim.Adam(net.parameters())
    for x, y in loader:
        opt.zero_grad()
        loss = (net(x).mean() - y) ** 2
        loss.backward()
        opt.step()
"""


def test_a_model_method_that_reads_no_layer_runs_no_model() -> None:
    # `net.map_param_name(key)` maps a checkpoint's parameter names with string slicing; it
    # touches no layer or parameter of the model (only another such helper), so the loop
    # that compares the restored parameters evaluates nothing.
    result = check(
        "SANITY004", snapshot_from({"models/backbone.py": RENAMING_NET, "train.py": RENAMING_TRAIN})
    )
    assert result.status is Status.PASS, result.message
    # A method that runs a layer, `net.embed(key)` returning `self.stage1(...)`, still runs it.
    running = RENAMING_NET.replace(
        "    def forward(self, x):\n",
        "    def embed(self, x):\n        return self.stage1(x)\n\n    def forward(self, x):\n",
    ).replace("net.state_dict()[net.map_param_name(key)]", "net.embed(value)")
    assert (
        check(
            "SANITY004", snapshot_from({"models/backbone.py": running, "train.py": RENAMING_TRAIN})
        ).status
        is Status.WARN
    )
