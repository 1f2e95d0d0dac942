"""A model chosen on the test split inside a hand-written training loop (SANITY004)."""

from __future__ import annotations

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from, verdict_on_script

LOOP = """\
import torch


def train_fn(loader, model, opt):
    for x, y in loader:
        opt.zero_grad()
        loss = model(x).sum()
        loss.backward()
        opt.step()


def eval_fn(loader, model):
    with torch.no_grad():
        return sum(model(x).sum().item() for x, _ in loader)


def main(model, opt, scheduler, train_dl, test_dl):
    best_loss = float("inf")
    for epoch in range(10):
        model.train()
        train_fn(train_dl, model, opt)
        model.eval()
        test_loss = eval_fn(test_dl, model)
        scheduler.step(test_loss)
        if test_loss < best_loss:
            best_loss = test_loss
            torch.save(model.state_dict(), "best.pth")
"""


def _sanity004(code: str) -> tuple[Status, list[int | None], str]:
    return verdict_on_script("SANITY004", code)


def test_a_checkpoint_kept_and_a_rate_stepped_by_the_test_score_warn() -> None:
    status, lines, message = _sanity004(LOOP)
    assert status is Status.WARN, message
    assert "model chosen on test data" in message
    assert lines == [24, 25]


def test_a_validation_split_chooses_nothing_wrong() -> None:
    # The same loop on a validation loader; the function's name (`test`) is no data.
    status, _, message = _sanity004(LOOP.replace("test_dl", "val_dl"))
    assert status is Status.PASS, message
    renamed = LOOP.replace("eval_fn", "test").replace("test_dl", "val_dl")
    assert _sanity004(renamed)[0] is Status.PASS


def test_a_test_score_only_printed_chooses_nothing() -> None:
    printed = LOOP.replace("        scheduler.step(test_loss)\n", "").replace(
        '            torch.save(model.state_dict(), "best.pth")\n', "            print(epoch)\n"
    )
    assert _sanity004(printed)[0] is Status.PASS


def test_a_score_counted_in_a_loop_over_test_data_and_a_training_name_reused() -> None:
    # correct/total come from the loop over testloader; `out` is assigned again by the
    # training batches, so the training loss compared later is no test score.
    code = """\
import torch


def main(model, opt, trainloader, testloader):
    best = 0.0
    for epoch in range(10):
        model.eval()
        with torch.no_grad():
            for x, y in testloader:
                out = model(x)
                correct = (out.argmax(1) == y).sum().item()
        acc = correct / 100
        model.train()
        for x, y in trainloader:
            opt.zero_grad()
            out = model(x)
            loss = out.sum()
            loss.backward()
            opt.step()
        if acc > best:
            best = acc
            torch.save(model.state_dict(), "best.pth")
        if loss.item() < 0.1:
            torch.save(model.state_dict(), "low.pth")
"""
    status, lines, message = _sanity004(code)
    assert status is Status.WARN, message
    assert lines == [20]


def test_a_save_under_a_flag_and_early_stopping_on_the_test_loss() -> None:
    code = LOOP.replace("if test_loss < best_loss:", "if test_loss < best_loss and SAVE:")
    code += (
        "        if test_loss > last:\n"
        "            patience += 1\n"
        "            if patience >= 5:\n"
        "                break\n"
        "        last = test_loss\n"
    )
    status, lines, message = _sanity004(code)
    assert status is Status.WARN, message
    assert lines == [24, 25, 28]


def test_a_break_out_of_a_loop_over_test_data_stops_no_training() -> None:
    # After each epoch the script shows 40 test pairs and leaves that loop: the count of
    # pairs shown is read on test data, but the break ends the showing, not the training.
    code = LOOP + (
        "        shown = 0\n"
        "        for x, y in test_dl:\n"
        "            print(model(x))\n"
        "            shown += 1\n"
        "            if shown == 40:\n"
        "                break\n"
    )
    result = check("SANITY004", snapshot_from({"train.py": code}))
    chosen = [e.line for e in result.evidence if "validation" in (e.snippet or "")]
    assert chosen == [24, 25], result.message


KERAS_LOOP = """\
import math

from keras.layers import Conv2D, Input
from keras.models import Model

inputs = Input(shape=(None, None, 1))
model = Model(inputs=inputs, outputs=Conv2D(1, (1, 1))(inputs))
model.compile(loss="mse", optimizer="adam", metrics=["mae"])

best_mae = 10000
for i in range(200):
    model.fit(x_train, y_train, epochs=3, batch_size=1)
    score = model.evaluate(x_test, y_test, batch_size=1)
    score[1] = math.sqrt(score[1])
    if score[1] < best_mae:
        best_mae = score[1]
        model.save_weights("weights.h5")
"""


def test_a_keras_fit_loop_keeping_weights_by_the_test_score_warns() -> None:
    # No torch here: a Keras model fitted a few epochs at a time and evaluated on the test
    # split after each, its weights saved when the test score improves.
    status, lines, message = _sanity004(KERAS_LOOP)
    assert status is Status.WARN, message
    assert "model chosen on test data" in message
    assert lines == [15]
    on_val = KERAS_LOOP.replace("x_test, y_test", "x_val, y_val")
    assert _sanity004(on_val)[0] is Status.PASS


SEARCH = """\
import optuna
import torch


def train_network(model, train_loader, eval_loader, lr):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for x, y in train_loader:
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()
    return {"acc": sum(model(x).argmax(1).eq(y).sum().item() for x, y in eval_loader)}


def objective(trial):
    lr = trial.suggest_float("lr", 1e-4, 1e-1, log=True)
    history = train_network(make_model(), train_loader, test_loader, lr)
    return history["acc"]


study = optuna.create_study(direction="maximize")
study.optimize(objective, n_trials=20)
"""


def test_a_search_whose_objective_returns_a_test_score_chooses_on_test() -> None:
    # An SMS-spam RNN's Optuna objective returns the accuracy on the test loader it hands to
    # the training helper, beside a validation loader: the study picks on the test split.
    status, lines, message = _sanity004(SEARCH)
    assert status is Status.WARN, message
    assert "model chosen on test data" in message
    assert lines == [17]
    # On the validation loader the search chooses as it should; so it does reading the
    # validation column of a run given both splits.
    assert _sanity004(SEARCH.replace("test_loader", "val_loader"))[0] is Status.PASS
    both = SEARCH.replace(
        "train_loader, test_loader, lr)", "train_loader, val_loader, lr, test=test_loader)"
    ).replace('return history["acc"]', 'return history["val acc"]')
    assert _sanity004(both)[0] is Status.PASS
    assert _sanity004(both.replace('"val acc"', '"test acc"'))[0] is Status.WARN


METHOD_SEARCH = """\
import optuna
import tensorflow as tf
from optuna_integration.wandb import WeightsAndBiasesCallback


class Trainer:
    def __init__(self, model, train_ds, test_ds):
        self.model, self.train_ds, self.test_ds = model, train_ds, test_ds

    def optuna_train(self, n_trials):
        study = optuna.create_study(direction="maximize")
        objective = self.__objective
        tracker = WeightsAndBiasesCallback(as_multirun=True)
        objective = tracker.track_in_wandb()(objective)
        study.optimize(objective, n_trials=n_trials, callbacks=[tracker])

    def __objective(self, trial):
        lr = trial.suggest_float("lr", 1e-6, 0.02)
        self.model.fit(self.train_ds, epochs=10, learning_rate=lr)
        score = self.model.evaluate(self.test_ds)
        return score[1]


Trainer(tf.keras.Sequential(), None, None).optuna_train(10)
"""


def test_a_search_handed_a_method_as_its_objective_chooses_on_test() -> None:
    # A Keras plant-disease trainer hands Optuna its private method, through a local name a
    # Weights & Biases wrapper rebinds, and the method returns the accuracy on the test set.
    status, lines, message = _sanity004(METHOD_SEARCH)
    assert status is Status.WARN, message
    assert "model chosen on test data" in message
    assert lines == [21]
    # Handed directly as `self.__objective`, the same.
    direct = METHOD_SEARCH.replace("study.optimize(objective,", "study.optimize(self.__objective,")
    assert _sanity004(direct)[1] == [21]
    # Scored on the validation set, the search chooses as it should.
    assert _sanity004(METHOD_SEARCH.replace("self.test_ds)\n", "self.val_ds)\n"))[0] is Status.PASS


SWEEP = """\
import torch
import wandb

sweep_config = {
    "method": "bayes",
    "metric": {"name": "test_loss", "goal": "minimize"},
    "parameters": {"lr": {"min": 1e-4, "max": 1e-1}},
}


def train():
    with wandb.init() as run:
        model = torch.nn.Linear(4, 1)
        opt = torch.optim.SGD(model.parameters(), lr=run.config.lr)
        for x, y in train_loader:
            opt.zero_grad()
            model(x).sum().backward()
            opt.step()
        run.log({"test_loss": evaluate(model, test_loader)})


sweep_id = wandb.sweep(sweep_config, project="rnn")
wandb.agent(sweep_id, train, count=20)
"""


def test_a_sweep_optimising_a_test_metric_chooses_on_test() -> None:
    # A Slurm sweep recipe minimises test_loss and holds no validation split: the sweep's
    # Bayesian search and its best run are picked on the test data.
    status, lines, message = _sanity004(SWEEP)
    assert status is Status.WARN, message
    assert "model chosen on test data" in message
    assert lines == [6]
    assert _sanity004(SWEEP.replace('"name": "test_loss"', '"name": "val_loss"'))[0] is (
        Status.PASS
    )


def test_a_sweep_file_optimising_a_test_metric_chooses_on_test() -> None:
    # sweep_seed_parallel.yaml, run with `wandb sweep`: the Slurm recipe's train.py logs
    # test_loss, the metric the sweep minimises.
    sweep = (
        "program: wandb_com.py\nmethod: random\nmetric:\n  name: test_loss  # logged\n"
        "  goal: minimize\nparameters:\n  lr:\n    values: [0.01, 0.001]\n"
    )
    files = {"train.py": LOOP.replace("test_dl", "val_dl"), "sweep.yaml": sweep}
    result = check("SANITY004", snapshot_from(files))
    assert result.status is Status.WARN, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("sweep.yaml", 4)]
    files["sweep.yaml"] = sweep.replace("test_loss", "val_loss")
    assert check("SANITY004", snapshot_from(files)).status is Status.PASS
    # Any other YAML naming a test metric is no sweep.
    files["sweep.yaml"] = "metric:\n  name: test_loss\n"
    assert check("SANITY004", snapshot_from(files)).status is Status.PASS


TRAINER = """\
import torch


class Trainer:
    def __init__(self, model, opt, train_loader, test_loader):
        self.model, self.opt = model, opt
        self.train_loader, self.test_loader = train_loader, test_loader

    def train_epoch(self):
        for x, y in self.train_loader:
            self.opt.zero_grad()
            loss = self.model(x).sum()
            loss.backward()
            self.opt.step()

    def validate(self):
        with torch.no_grad():
            return sum(self.model(x).sum().item() for x, _ in self.test_loader)

    def fit(self, epochs):
        best = float("inf")
        for epoch in range(epochs):
            self.train_epoch()
            score = self.validate()
            if score < best:
                best = score
                torch.save(self.model.state_dict(), "best_model.pth")
"""


def test_a_trainer_method_that_reads_the_test_loader_itself_gives_a_test_score() -> None:
    # A missed model selection (a held-out pass's Food-101 trainer): validate() takes no
    # data, and evaluates on self.test_loader.
    status, lines, message = _sanity004(TRAINER)
    assert status is Status.WARN, message
    assert lines == [25]
    # On the validation loader, or in a method reading both splits, nothing is chosen on test.
    assert _sanity004(TRAINER.replace("self.test_loader)", "self.val_loader)"))[0] is Status.PASS
    both = TRAINER.replace(
        "for x, _ in self.test_loader)",
        "for x, _ in self.test_loader) + len(self.val_loader)",
    ).replace("len(self.val_loader)", "sum(1 for _ in self.val_loader)")
    assert _sanity004(both)[0] is Status.PASS


def test_a_best_flag_from_a_test_score_handed_to_the_checkpoint_writer() -> None:
    # PyTorch's ImageNet example: is_best = acc1 > best_acc1; save_checkpoint(..., is_best).
    flagged = TRAINER.replace(
        "            if score < best:\n                best = score\n"
        '                torch.save(self.model.state_dict(), "best_model.pth")\n',
        "            is_best = score < best\n"
        "            best = min(score, best)\n"
        "            self.save_checkpoint(epoch, is_best=is_best)\n",
    )
    status, lines, message = _sanity004(flagged)
    assert status is Status.WARN, message
    assert lines == [27]
    on_validation = flagged.replace("self.test_loader)", "self.val_loader)")
    assert _sanity004(on_validation)[0] is Status.PASS


def test_a_parameter_named_test_that_every_caller_fills_with_validation_data() -> None:
    # A held-out pass's Galaxy10 trainer: train_model(..., test_loader, ...) steps its
    # scheduler on test_loss, but main() hands it val_loader, the only split held out.
    called = LOOP + "\n\ndef run(model, opt, scheduler, train_dl, val_dl):\n"
    on_validation = called + "    main(model, opt, scheduler, train_dl, val_dl)\n"
    status, _, message = _sanity004(on_validation)
    assert status is Status.PASS, message
    by_keyword = called + "    main(model, opt, scheduler, train_dl=train_dl, test_dl=val_dl)\n"
    assert _sanity004(by_keyword)[0] is Status.PASS
    # Test data from any caller, or no caller at all, keeps the name's word.
    on_test = on_validation + "    main(model, opt, scheduler, train_dl, test_loader)\n"
    assert _sanity004(on_test)[0] is Status.WARN
    unknown = called + "    main(model, opt, scheduler, train_dl, loader)\n"
    assert _sanity004(unknown)[0] is Status.WARN


BUILT = """\
import torch
from torch.utils.data import DataLoader

from data import CropDataset, test_transform


def test(model, loader):
    with torch.no_grad():
        return sum(model(x).sum().item() for x, _ in loader)


if __name__ == "__main__":
    train_path = "X_train.npz"
    val_trans_path = "X_val_trans.npz"
    model, opt = torch.nn.Linear(4, 2), None
    train_data = CropDataset(train_path, transform=test_transform)
    train_loader = DataLoader(train_data, shuffle=True)
    test_data = CropDataset(val_trans_path, transform=test_transform)
    test_loader = DataLoader(test_data, shuffle=False)
    best_acc = 0.0
    for epoch in range(10):
        for x, y in train_loader:
            opt.zero_grad()
            model(x).sum().backward()
            opt.step()
        test_acc = test(model, test_loader)
        if test_acc > best_acc:
            best_acc = test_acc
            torch.save(model.state_dict(), "best.pth")
"""


def test_data_named_test_that_its_assignments_build_from_a_validation_split() -> None:
    # A held-out pass's camera-trap SimCLR script: test_loader wraps test_data, built from
    # val_trans_path ('X_val_trans.npz'); the checkpoint is kept by a validation score.
    status, _, message = _sanity004(BUILT)
    assert status is Status.PASS, message
    # Built from the test split, or from a name never assigned, keeps the name's word.
    on_test = BUILT.replace("CropDataset(val_trans_path,", "CropDataset(test_path,")
    assert _sanity004(on_test)[0] is Status.WARN
    mixed = BUILT.replace("CropDataset(val_trans_path,", "CropDataset(val_trans_path, train_path,")
    assert _sanity004(mixed)[0] is Status.WARN
    both = BUILT.replace(
        "    best_acc = 0.0\n", "    test_data = CropDataset('X_test.npz')\n    best_acc = 0.0\n"
    )
    assert _sanity004(both)[0] is Status.WARN


def test_a_test_split_beside_a_holdout_scored_after_training_is_the_validation_split() -> None:
    # Three splits: the loop keeps the epoch best on "test", and only after it is the model
    # scored on a held-out split it never saw: the split named test is the validation split.
    scored = LOOP + (
        "    holdout_loss = eval_fn(holdout_dl, model)\n    print(holdout_loss)\n"
    ).replace("(model, opt, scheduler, train_dl, test_dl)", "")
    scored = scored.replace("train_dl, test_dl)", "train_dl, test_dl, holdout_dl)")
    status, _, message = _sanity004(scored)
    assert status is Status.PASS, message
    # A holdout read inside the loop is a split the epochs are watched on: still chosen on test.
    inside = scored.replace(
        "        scheduler.step(test_loss)\n",
        "        scheduler.step(test_loss)\n        print(eval_fn(holdout_dl, model))\n",
    )
    assert _sanity004(inside)[0] is Status.WARN


SEARCH_CELLS = (
    "import optuna as opt\nimport pandas as pd\n"
    "from sklearn.ensemble import RandomForestClassifier\nfrom sklearn.metrics import f1_score\n",
    "match_data = pd.read_csv('matches.csv')\n"
    "train_data = match_data[match_data['Date'] < '2023-01-01']\n"
    "test_data = match_data[match_data['Date'] >= '2023-01-01']\n",
    "def objective(trial):\n"
    "    depth = trial.suggest_int('max_depth', 2, 32)\n"
    "    rf = RandomForestClassifier(max_depth=depth, random_state=1)\n"
    "    rf.fit(train_data[['x']], train_data['y'])\n"
    "    predictions = rf.predict(test_data[['x']])\n"
    "    return f1_score(test_data['y'], predictions, average='weighted')\n",
    "study = opt.create_study(direction='maximize', sampler=opt.samplers.TPESampler(seed=0))\n"
    "study.optimize(objective, n_trials=20)\n",
)


def test_a_notebook_search_whose_objective_cell_returns_a_test_score_chooses_on_test() -> None:
    # A Premier League predictor's notebook defines the Optuna objective in one cell, scored
    # on the matches from 2023 on, and runs the study in the next: the search picks on them.
    result = check("SANITY004", snapshot_from({"Predictor.ipynb": notebook(*SEARCH_CELLS)}))
    assert result.status is Status.WARN, result.message
    assert "model chosen on test data" in result.message
    assert [(e.path, e.cell, e.line) for e in result.evidence] == [("Predictor.ipynb", 2, 6)]
    # Scored on a validation split, the search chooses as it should.
    on_val = [cell.replace("test_data", "val_data") for cell in SEARCH_CELLS]
    assert check("SANITY004", snapshot_from({"v.ipynb": notebook(*on_val)})).status is Status.PASS


CONFIGURED = """\
import torch

import test
from utils.datasets import LoadImagesAndLabels
from utils.parse_config import parse_data_cfg


def train(model, optimizer, data, img_size, imgsz_test, batch_size, epochs):
    data_dict = parse_data_cfg(data)
    train_path = data_dict['train']
    test_path = data_dict['valid']
    dataset = LoadImagesAndLabels(train_path, img_size, batch_size, augment=True)
    dataloader = torch.utils.data.DataLoader(dataset, batch_size=batch_size, shuffle=True)
    testloader = torch.utils.data.DataLoader(
        LoadImagesAndLabels(test_path, imgsz_test, batch_size), batch_size=batch_size
    )
    best_fitness = 0.0
    for epoch in range(epochs):
        for imgs, targets in dataloader:
            loss = model(imgs, targets)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        results = test.test(
            data, batch_size=batch_size, imgsz=imgsz_test, model=model, dataloader=testloader
        )
        fi = results[2]
        if fi > best_fitness:
            best_fitness = fi
        if best_fitness == fi:
            torch.save(model.state_dict(), 'best.pt')
"""


def test_a_loader_named_test_built_from_a_configs_validation_entry() -> None:
    # A held-out pass's vendored YOLOv3 trainer: testloader wraps data_dict['valid'], the
    # validation list of the data file; `imgsz_test` beside it is an image size, no data.
    status, _, message = _sanity004(CONFIGURED)
    assert status is Status.PASS, message
    # The config's test entry, or a second data argument named for testing, still warns.
    on_test = CONFIGURED.replace("data_dict['valid']", "data_dict['test']")
    assert _sanity004(on_test)[0] is Status.WARN
    mixed = CONFIGURED.replace("(test_path, imgsz_test,", "(test_path, X_test,")
    assert _sanity004(mixed)[0] is Status.WARN
