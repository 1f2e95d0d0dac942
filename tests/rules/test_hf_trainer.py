"""A Hugging Face trainer's ``trainer.train()`` is a training run: the rules that look for
training read it as one, and credit what the Trainer does by default."""

from __future__ import annotations

import ast

import pytest

from repocheck.analysis.ml_names import is_fit, is_train_switch
from repocheck.model import Status
from tests.helpers import check, snapshot_from

FINE_TUNE = """\
from datasets import load_dataset
from transformers import AutoModelForSequenceClassification, Trainer, TrainingArguments


def main():
    data = load_dataset("imdb")
    model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased")
    args = TrainingArguments(output_dir="out", learning_rate=2e-5{extra})
    trainer = Trainer(model=model, args=args, train_dataset=data["train"])
    trainer.train()


if __name__ == "__main__":
    main()
"""


def _script(extra: str = "") -> dict[str, str]:
    return {"train.py": FINE_TUNE.format(extra=extra)}


def _call(code: str) -> ast.Call:
    node = ast.parse(code).body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    return node.value


def test_trainer_train_is_a_training_run_not_a_mode_switch() -> None:
    for code in ("trainer.train()", "self.trainer.train()", "sft_trainer.train()"):
        assert is_fit(_call(code)) and not is_train_switch(_call(code)), code
    assert is_train_switch(_call("model.train()")) and not is_fit(_call("model.train()"))
    # A tokenizer trainer's class method trains no network.
    assert not is_fit(_call("spm.SentencePieceTrainer.train(input='corpus.txt')"))


def test_the_trainers_default_clipping_is_a_numeric_guard() -> None:
    result = check("SANITY002", snapshot_from(_script()))
    assert result.status is Status.PASS
    assert result.evidence[0].snippet.endswith("# clips gradients at max_grad_norm=1.0 by default")
    # Arguments that turn clipping off leave the run unguarded.
    unguarded = check("SANITY002", snapshot_from(_script(", max_grad_norm=0.0")))
    assert unguarded.status is not Status.PASS


def test_a_project_subclass_of_the_trainer_clips_by_default_too() -> None:
    # Vision-language fine-tunes subclass the Trainer to override compute_loss; the subclass
    # still runs the Trainer's loop, which clips at max_grad_norm=1.0.
    script = FINE_TUNE.format(extra=", fp16=True").replace(
        "def main():",
        "class CaptionTrainer(Trainer):\n"
        "    def compute_loss(self, model, inputs, return_outputs=False, **kwargs):\n"
        "        return model(**inputs).loss\n\n\n"
        "def main():",
    )
    script = script.replace("trainer = Trainer(", "trainer = CaptionTrainer(")
    assert "CaptionTrainer(model=model" in script
    result = check("SANITY002", snapshot_from({"train.py": script}))
    assert result.status is Status.PASS
    assert result.evidence[0].snippet.endswith("# clips gradients at max_grad_norm=1.0 by default")


def test_settings_typed_into_the_training_arguments_are_read() -> None:
    result = check("REPRO006", snapshot_from(_script()))
    assert result.status is Status.WARN
    assert "learning_rate typed in place" in result.evidence[0].snippet


def test_determinism_is_asked_of_the_trainer_and_full_determinism_answers() -> None:
    result = check("REPRO002", snapshot_from(_script()))
    assert result.status is Status.WARN
    assert "full_determinism=True" in result.evidence[0].snippet
    switched = check("REPRO002", snapshot_from(_script(", full_determinism=True")))
    assert switched.status is Status.PASS


def test_the_training_loop_rule_reads_the_script() -> None:
    result = check("SANITY004", snapshot_from(_script()))
    assert result.status is Status.PASS
    assert result.metrics["training_calls"] == 1


def test_a_trainer_told_to_keep_off_cuda_asks_for_no_cuda_switch() -> None:
    # The Trainer places the model on CUDA when there is one, unless its arguments say not to.
    on_mps = check("REPRO002", snapshot_from(_script(", use_mps_device=True")))
    assert on_mps.status is Status.PASS
    assert "Apple's MPS" in on_mps.message
    on_cpu = check("REPRO002", snapshot_from(_script(", use_cpu=True")))
    assert on_cpu.status is Status.PASS
    assert "CPU only" in on_cpu.message
    # Options left off (or set from a variable) keep the Trainer free to pick CUDA.
    assert check("REPRO002", snapshot_from(_script(", no_cuda=False"))).status is Status.WARN
    assert check("REPRO002", snapshot_from(_script(", use_cpu=cpu"))).status is Status.WARN


FROM_SCRATCH = """\
from transformers import AutoConfig, {model}, Trainer, TrainingArguments


def main(data):
    {seed}config = AutoConfig.from_pretrained("gpt2", n_ctx=128)
    model = {build}
    args = TrainingArguments(output_dir="out")
    trainer = Trainer(model=model, args=args, train_dataset=data)
    trainer.train()


if __name__ == "__main__":
    main(None)
"""


@pytest.mark.parametrize(
    ("model", "build"),
    [
        ("GPT2LMHeadModel", "GPT2LMHeadModel(config)"),
        ("AutoModel", "AutoModel.from_config(config)"),
    ],
)
def test_a_model_built_from_a_config_before_the_trainer_seeds_is_unseeded(
    model: str, build: str
) -> None:
    # The Trainer seeds when it is built: weights drawn before that differ on every run.
    code = FROM_SCRATCH.format(model=model, build=build, seed="")
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status in (Status.FAIL, Status.WARN), result.message
    assert any(build in e.snippet for e in result.evidence)
    seeded = FROM_SCRATCH.format(model=model, build=build, seed="set_seed(0)\n    ")
    seeded = seeded.replace("from transformers import", "from transformers import set_seed,")
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS


#: A checkpoint that already holds the classifier it is loaded into: nothing new is drawn.
FINE_TUNED = "distilbert-base-uncased-finetuned-sst-2-english"


def _fine_tuned_script(extra: str = "") -> dict[str, str]:
    return {
        "train.py": FINE_TUNE.format(extra=extra).replace("distilbert-base-uncased", FINE_TUNED)
    }


def test_a_pretrained_model_loaded_before_the_trainer_is_no_draw() -> None:
    result = check("REPRO001", snapshot_from(_fine_tuned_script()))
    assert result.status is Status.SKIP, result.message
    local = FINE_TUNE.format(extra="").replace('"distilbert-base-uncased"', '"./sentiment_model"')
    assert check("REPRO001", snapshot_from({"train.py": local})).status is Status.SKIP


def test_a_new_classification_head_drawn_before_the_trainer_seeds_is_unseeded() -> None:
    # A base checkpoint holds no classifier: from_pretrained draws a new head from torch's
    # generator, before the Trainer's set_seed(42) runs, so each run starts from another head.
    result = check("REPRO001", snapshot_from(_script()))
    assert result.status is Status.WARN, result.message
    snippet = result.evidence[0].snippet
    assert snippet.startswith('AutoModelForSequenceClassification.from_pretrained("distil'), snippet
    assert "draws a new head" in snippet and "before the seed" in snippet, snippet
    seeded = FINE_TUNE.format(extra="").replace(
        "    model = Auto", "    set_seed(0)\n    model = Auto"
    )
    seeded = seeded.replace("from transformers import", "from transformers import set_seed,")
    assert check("REPRO001", snapshot_from({"train.py": seeded})).status is Status.PASS
    # The checkpoint named once in a constant reads as written in place.
    named = FINE_TUNE.format(extra="").replace('"distilbert-base-uncased"', "CHECKPOINT")
    named = 'CHECKPOINT = "distilbert-base-uncased"\n' + named
    assert check("REPRO001", snapshot_from({"train.py": named})).status is Status.WARN


def test_a_model_loaded_only_to_be_shown_is_no_draw_of_the_run() -> None:
    # A notebook cell ending in the loaded model shows it and throws it away.
    shown = FINE_TUNE.format(extra="").replace(
        "    model = Auto",
        '    AutoModelForSequenceClassification.from_pretrained("bert-base-uncased")\n'
        "    set_seed(0)\n    model = Auto",
    )
    shown = shown.replace("from transformers import", "from transformers import set_seed,")
    result = check("REPRO001", snapshot_from({"train.py": shown}))
    assert result.status is Status.PASS, result.message


def test_a_head_built_by_model_init_comes_after_the_trainer_seeds() -> None:
    # Trainer(model_init=...) calls the function after its own set_seed: the documented way.
    code = FINE_TUNE.format(extra="").replace(
        "def main():",
        "def model_init():\n"
        '    return AutoModelForSequenceClassification.from_pretrained("roberta-base", num_labels=3)\n'
        "\n\ndef main():",
    )
    code = code.replace(
        '    model = AutoModelForSequenceClassification.from_pretrained("distilbert-base-uncased")\n',
        "",
    ).replace("Trainer(model=model,", "Trainer(model_init=model_init,")
    assert "model = Auto" not in code and "model_init=model_init" in code
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status in (Status.PASS, Status.SKIP), result.message


@pytest.mark.parametrize(
    ("load", "drawn"),
    [
        ('AutoModelForTokenClassification.from_pretrained("bert-base-cased", num_labels=9)', True),
        ('BertForSequenceClassification.from_pretrained("google-bert/bert-base-uncased")', True),
        ('ViTForImageClassification.from_pretrained("google/vit-base-patch16-224-in21k")', True),
        (
            'ViTForImageClassification.from_pretrained("google/vit-base-patch16-224", '
            "num_labels=3, ignore_mismatched_sizes=True)",
            True,
        ),
        ('ViTForImageClassification.from_pretrained("google/vit-base-patch16-224")', False),
        ('AutoModelForSequenceClassification.from_pretrained("roberta-large-mnli")', False),
        ('AutoModelForSequenceClassification.from_pretrained("ProsusAI/finbert")', False),
        ("AutoModelForSequenceClassification.from_pretrained(checkpoint)", False),
        ('AutoModelForSequenceClassification.from_pretrained("models/bert-base-uncased")', False),
        ('AutoModelForMaskedLM.from_pretrained("bert-base-uncased")', False),
        ('TFAutoModelForSequenceClassification.from_pretrained("bert-base-uncased")', False),
    ],
)
def test_only_a_head_the_checkpoint_lacks_is_a_draw(load: str, drawn: bool) -> None:
    from repocheck.analysis.torch_libraries import draws_a_new_head

    call = _call(load)
    name = "transformers." + ast.unparse(call.func)
    assert draws_a_new_head(name, call) is drawn


def test_a_trainer_run_with_no_other_draw_is_not_said_to_use_no_generator() -> None:
    # The Trainer shuffles the training set and runs dropout: the run draws, from generators
    # the Trainer seeds itself. The skip says so, not that no generator is used.
    result = check("REPRO001", snapshot_from(_fine_tuned_script()))
    assert result.status is Status.SKIP
    assert "no random number generator is used" not in result.message
    assert "Trainer" in result.message and "seeds" in result.message
    # Without a Trainer, nothing draws and the skip says that.
    plain = "import json\n\nprint(json.dumps({'a': 1}))\n"
    nothing = check("REPRO001", snapshot_from({"run.py": plain}))
    assert nothing.message == "no random number generator is used in non-test code"


def test_only_model_classes_are_read_as_drawing_their_weights() -> None:
    from repocheck.analysis.torch_libraries import torch_equivalent

    drawn = ["transformers.BertForSequenceClassification", "transformers.AutoModel.from_config"]
    kept = [
        "transformers.DataCollatorForLanguageModeling",
        "transformers.AutoModel.from_pretrained",
        "transformers.TFGPT2LMHeadModel",
        "transformers.TrainingArguments",
    ]
    assert all(torch_equivalent(name) == "torch.nn.Linear" for name in drawn)
    assert all(torch_equivalent(name) == name for name in kept)


#: A notebook's cells kept as scripts run one after another in one session: the first imports
#: transformers, the second trains with names it never imports.
SESSION_SCRIPTS = {
    "prepare.py": (
        "from datasets import load_dataset\n"
        "from transformers import AutoModelForTokenClassification, Trainer, TrainingArguments\n"
        "data = load_dataset('conll2003')\n"
    ),
    "train.py": (
        "model = AutoModelForTokenClassification.from_pretrained('bert-base-cased')\n"
        "args = TrainingArguments('out', learning_rate=2e-5)\n"
        "trainer = Trainer(model, args, train_dataset=data['train'])\n"
        "trainer.train()\n"
    ),
}


@pytest.mark.parametrize("rule_id", ["SANITY002", "REPRO002"])
def test_a_trainer_the_file_never_imports_is_not_called_no_training(rule_id: str) -> None:
    result = check(rule_id, snapshot_from(SESSION_SCRIPTS))
    assert result.status is Status.SKIP
    assert "train.py:4 runs trainer.train() on a Trainer the file never imports" in result.message
    assert "no gradient-based training" not in result.message
    assert "no PyTorch training" not in result.message


def test_a_trainer_class_of_the_project_is_read_as_before() -> None:
    own = {
        "train.py": (
            "import numpy as np\n"
            "class Trainer:\n"
            "    def train(self):\n"
            "        return np.zeros(1)\n"
            "trainer = Trainer()\n"
            "trainer.train()\n"
        ),
        "model.py": "import torch\nnet = torch.nn.Linear(2, 1)\n",
    }
    result = check("SANITY002", snapshot_from(own))
    assert result.status is Status.SKIP
    assert "never imports" not in result.message


def test_the_batch_size_of_a_datasets_map_is_no_training_setting() -> None:
    # datasets' map(batched=True, batch_size=8) sets how many rows the function is handed at
    # a time while the data is prepared, not a batch the model trains on.
    code = _script()["train.py"].replace(
        '    data = load_dataset("imdb")\n',
        '    data = load_dataset("imdb")\n'
        "    data = data.map(str, batched=True, batch_size=8)\n"
        "    data = data.filter(bool, batched=True, batch_size=16)\n",
    )
    result = check("REPRO006", snapshot_from({"train.py": code}))
    assert [e.snippet.rsplit("# ", 1)[-1] for e in result.evidence] == [
        "learning_rate typed in place"
    ]


TRL_ONLY = """\
from peft import LoraConfig
from trl import SFTConfig, SFTTrainer


def train_one_run(model, dataset):
    args = SFTConfig(output_dir="out", learning_rate=2e-4{extra})
    trainer = SFTTrainer(model=model, args=args, train_dataset=dataset, peft_config=LoraConfig())
    trainer.train()
"""


def test_a_script_that_imports_only_trl_and_peft_trains() -> None:
    # A QLoRA fine-tune whose training module imports trl and peft (the model is loaded by
    # transformers in a helper module) runs transformers' loop all the same: its clipping is
    # a numeric guard, not "no gradient-based training".
    files = {"train.py": TRL_ONLY.format(extra=", max_grad_norm=1.0")}
    result = check("SANITY002", snapshot_from(files))
    assert result.status is Status.PASS
    assert "gradient clipping" in result.message
    unguarded = check(
        "SANITY002", snapshot_from({"train.py": TRL_ONLY.format(extra=", max_grad_norm=0")})
    )
    assert unguarded.status is not Status.SKIP
