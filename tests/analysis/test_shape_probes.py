"""Random inputs drawn only to measure a shape, read where the draw is moved to a device or
drawn again in another branch of the same probe."""

from __future__ import annotations

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

PROBE = """\
import torch
import torch.nn as nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
try:
    model = nn.Flatten().to(device)
    test_input = torch.randn(4, 3, 299, 299).to(device)
    output = model(test_input)
    print(f"output shape: {output.shape}")
except Exception as e:
    print(e)
    model = nn.Identity().to(device)
    test_input = torch.randn(4, 3, 299, 299).to(device)
    output = model(test_input)
    print(f"output shape: {output.shape}")
"""


def test_a_probe_moved_to_the_device_and_drawn_again_in_the_fallback_is_only_measured() -> None:
    result = check("REPRO001", snapshot_from({"probe.py": PROBE}))
    assert result.status is Status.SKIP, result.evidence


def test_a_probe_whose_output_is_used_still_counts() -> None:
    used = PROBE + "print(output)\n"
    result = check("REPRO001", snapshot_from({"probe.py": used}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [7, 13]


def test_a_probe_name_rebound_to_real_data_still_counts() -> None:
    # Rebound to something that is not a draw: the later value may be what is measured.
    rebound = PROBE + "test_input = torch.load('x.pt')\nprint(model(test_input))\n"
    result = check("REPRO001", snapshot_from({"probe.py": rebound}))
    assert result.status is Status.FAIL


# A scratch notebook trying out an encoder: the random input is written inline as the model's
# argument, and the result (a dict of feature maps) is read only for the shapes of its items.
# The name is later reused for another module, called on other inputs.
INLINE_CELLS = (
    "import torch\nimport torch.nn as nn\nmodel = nn.Flatten()\n",
    "x = model(torch.rand(1, 3, 640, 480))\nprint(x['x1'].shape)\nprint(x[0].shape)\n",
    "x = model(torch.rand(1, 3, 640, 480))\n",
    "x = nn.Identity()\ny = x(torch.zeros(2))\nprint(y)\n",
    "def double(x):\n    return x * 2\n",
)


def test_an_inline_probe_read_only_for_the_shapes_of_its_items_is_only_measured() -> None:
    result = check("REPRO001", snapshot_from({"try.ipynb": notebook(*INLINE_CELLS)}))
    assert result.status is Status.SKIP, result.evidence


def test_an_inline_probe_whose_result_is_used_still_counts() -> None:
    cells = (*INLINE_CELLS[:2], "print(x['x1'])\n")
    result = check("REPRO001", snapshot_from({"try.ipynb": notebook(*cells)}))
    assert result.status in (Status.WARN, Status.FAIL), result.message
    assert [(e.cell, e.line) for e in result.evidence] == [(1, 1)]


def test_an_inline_probe_in_a_module_read_after_a_later_rebinding_in_a_function_counts() -> None:
    # A function reads the global whatever it holds when called: no flow is assumed there.
    source = (
        "import torch\nimport torch.nn as nn\nmodel = nn.Flatten()\n"
        "x = model(torch.rand(1, 3))\nprint(x.shape)\n"
        "def show():\n    print(x)\n"
        "show()\n"
    )
    result = check("REPRO001", snapshot_from({"probe.py": source}))
    assert result.status in (Status.WARN, Status.FAIL), result.message
    assert [e.line for e in result.evidence] == [4]


# A Keras app builds its subclassed models' variables with one dummy forward pass before it
# restores their weights: the encoder's output goes on only into the decoder's call, whose
# result is thrown away, so no drawn number reaches a result.
DUMMY_BUILD = """\
import tensorflow as tf


class Encoder(tf.keras.Model):
    def call(self, x, training=False):
        return x


class Decoder(tf.keras.Model):
    def call(self, token, features, training=False):
        return token


def load_models():
    encoder, decoder = Encoder(), Decoder()
    dummy_img = tf.random.normal((1, 224, 224, 3))
    dummy_features = encoder(dummy_img, training=False)
    decoder(tf.random.uniform((1, 1), maxval=10, dtype=tf.int32), dummy_features, training=False)
    checkpoint = tf.train.Checkpoint(encoder=encoder, decoder=decoder)
    checkpoint.restore(tf.train.latest_checkpoint("checkpoints"))
    return encoder, decoder


encoder, decoder = load_models()
print(decoder(tf.constant([[1]]), encoder(tf.zeros((1, 224, 224, 3)))))
"""


def test_a_dummy_forward_pass_whose_outputs_are_thrown_away_is_only_a_build() -> None:
    result = check("REPRO001", snapshot_from({"app.py": DUMMY_BUILD}))
    assert result.status is Status.SKIP, result.evidence


def test_a_thrown_away_call_of_something_not_a_model_still_counts() -> None:
    # print() shows the numbers; a plot of them is a result too.
    shown = DUMMY_BUILD.replace(
        "    decoder(tf.random.uniform(", "    print(tf.random.uniform(", 1
    ).replace("dummy_features, training=False)\n    checkpoint", "dummy_features)\n    checkpoint")
    result = check("REPRO001", snapshot_from({"app.py": shown}))
    assert result.status in (Status.WARN, Status.FAIL), result.message
    assert [e.line for e in result.evidence] == [16, 18]


def test_a_dummy_forward_pass_whose_output_is_read_still_counts() -> None:
    read = DUMMY_BUILD.replace(
        "    decoder(tf.random.uniform(", "    sample = decoder(tf.random.uniform(", 1
    ).replace("    return encoder, decoder\n", "    return encoder, decoder, sample\n", 1)
    read = read.replace(
        "encoder, decoder = load_models()",
        "encoder, decoder, sample = load_models()\nprint(sample)",
    )
    result = check("REPRO001", snapshot_from({"app.py": read}))
    assert result.status in (Status.WARN, Status.FAIL), result.message
    assert [e.line for e in result.evidence] == [16, 18]


# A model file's self-test, which the README runs as a step of the pipeline: the random input
# and the logits are read only for their shapes under ``if __name__ == "__main__":``, while the
# module's own ``forward`` names its parameter and its local result the same way. Those are
# other variables: the global is never read there.
STEPS = "# Net\n\nRun the steps:\n\n```bash\npython model.py\n```\n"
SELF_TEST = """\
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(100, 5)

    def forward(self, signal):
        logits = self.fc(signal)
        return logits


if __name__ == "__main__":
    model = Net()
    signal = torch.randn(8, 100)
    print(f"input: {signal.shape}")
    with torch.no_grad():
        logits = model(signal)
    print(f"logits: {logits.shape}")
"""


def test_a_self_test_whose_names_are_also_locals_of_the_model_is_only_measured() -> None:
    result = check("REPRO001", snapshot_from({"model.py": SELF_TEST, "README.md": STEPS}))
    assert result.status is Status.SKIP, result.evidence


def test_a_self_test_input_a_function_reads_as_its_global_still_counts() -> None:
    reads_global = SELF_TEST.replace(
        '\n\nif __name__ == "__main__":',
        '\n\ndef show():\n    print(signal)\n\n\nif __name__ == "__main__":',
    ).replace(
        'print(f"logits: {logits.shape}")\n', 'print(f"logits: {logits.shape}")\n    show()\n'
    )
    result = check("REPRO001", snapshot_from({"model.py": reads_global, "README.md": STEPS}))
    assert result.status in (Status.WARN, Status.FAIL), result.message
    assert [e.line for e in result.evidence] == [21]


def test_a_draw_handed_straight_to_a_graph_writer_or_read_only_for_its_shape_is_only_measured() -> (
    None
):
    # TensorBoard's add_graph traces the model with the input it is given; a model run on a
    # draw whose output is read only for .shape shows a shape. Neither reaches a result.
    code = (
        "import torch\nfrom torch.utils.tensorboard import SummaryWriter\n"
        "model = torch.nn.Linear(4, 2)\n"
        "writer = SummaryWriter('runs')\n"
        "writer.add_graph(model, torch.randn(1, 4))\n"
        "print(model(torch.randn(2, 4)).shape)\n"
        "print(model(torch.randn(2, 4).to('cpu')).size(1))\n"
    )
    result = check("REPRO001", snapshot_from({"export.py": code}))
    assert result.status is Status.SKIP, result.evidence
    # A model run whose output is read beyond its shape still counts.
    used = code + "print(model(torch.randn(2, 4)))\n"
    result = check("REPRO001", snapshot_from({"export.py": used}))
    assert [e.line for e in result.evidence] == [8], result.evidence


# An export function: the dummy input is exported, then converted to NumPy in a feed dict and
# run through the exported model once, whose output is read only for its shape.
EXPORT = """\
import torch
import onnxruntime as ort

from .model import Net


def export_to_onnx(model, output_path, size=64):
    model.eval()
    dummy_input = torch.randn(1, 1, size, size)
    print(f"Input shape: {dummy_input.shape}")
    torch.onnx.export(model, dummy_input, output_path)
    session = ort.InferenceSession(output_path)
    feed = {session.get_inputs()[0].name: dummy_input.numpy()}
    outputs = session.run(None, feed)
    print(f"ONNX Runtime output shape: {outputs[0].shape}")
    return output_path


def export_checkpoint(path, output_path):
    model = Net()
    model.load_state_dict(torch.load(path)["model_state_dict"])
    return export_to_onnx(model, output_path)
"""
EXPORT_MAIN = """\
import argparse

from .onnx_export import export_checkpoint


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--checkpoint")
    export_checkpoint(parser.parse_args().checkpoint, "model.onnx")


if __name__ == "__main__":
    main()
"""
NET = "import torch.nn as nn\n\nclass Net(nn.Module):\n    pass\n"


def _export_files(export: str) -> dict[str, str]:
    return {
        "pkg/__init__.py": "",
        "pkg/model.py": NET,
        "pkg/onnx_export.py": export,
        "pkg/export_model.py": EXPORT_MAIN,
    }


def test_an_export_input_fed_to_the_exported_model_only_for_its_shape_is_only_measured() -> None:
    result = check("REPRO001", snapshot_from(_export_files(EXPORT)))
    assert result.status is Status.SKIP, result.evidence
    feed = "    feed = {session.get_inputs()[0].name: dummy_input.numpy()}\n"
    inline = EXPORT.replace(feed, "").replace("feed)", "{'input': dummy_input.numpy()})")
    result = check("REPRO001", snapshot_from(_export_files(inline)))
    assert result.status is Status.SKIP, result.evidence


def test_an_export_input_whose_runtime_output_is_used_still_counts() -> None:
    printed = EXPORT.replace("{outputs[0].shape}", "{outputs[0]}")
    result = check("REPRO001", snapshot_from(_export_files(printed)))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("pkg/onnx_export.py", 9)]
    kept = EXPORT.replace("    return output_path\n", "    return feed\n")
    result = check("REPRO001", snapshot_from(_export_files(kept)))
    assert result.status is Status.FAIL


# A detector's __init__ runs its backbone once on a random batch to size the FPN's lateral
# layers: the dict of feature maps is read by key for each map's channels, and walked with
# .items() to print each map's shape.
ITEMS_PROBE = """\
import torch
import torch.nn as nn


class Backbone(nn.Module):
    def __init__(self, body):
        super().__init__()
        self.body = body
        dummy_out = self.body(torch.randn(2, 3, 224, 224))
        dummy_shapes = [(key, value.shape) for key, value in dummy_out.items()]
        for level_name, feature_shape in dummy_shapes:
            print(level_name, feature_shape)
        for name, feature in dummy_out.items():
            print(name, feature.shape[1])
        self.lateral = nn.Conv2d(dummy_out["c3"].shape[1], 64, kernel_size=1)


model = Backbone(nn.Identity())
"""


def test_an_inline_probe_whose_items_are_walked_only_for_their_shapes_is_only_measured() -> None:
    result = check("REPRO001", snapshot_from({"backbone.py": ITEMS_PROBE}))
    assert 9 not in [e.line for e in result.evidence], result.evidence


def test_an_inline_probe_whose_items_are_read_for_their_numbers_still_counts() -> None:
    read = ITEMS_PROBE.replace("print(name, feature.shape[1])", "print(name, feature.mean())")
    result = check("REPRO001", snapshot_from({"backbone.py": read}))
    assert 9 in [e.line for e in result.evidence], result.message


def test_an_inline_probe_whose_comprehension_keeps_the_maps_still_counts() -> None:
    kept = ITEMS_PROBE.replace("(key, value.shape)", "(key, value)")
    result = check("REPRO001", snapshot_from({"backbone.py": kept}))
    assert 9 in [e.line for e in result.evidence], result.message


def test_a_loop_over_a_drawn_input_s_loader_is_no_measure() -> None:
    # The loop reads no tensor of its own; iterating the loader feeds the training step.
    source = (
        "import numpy as np\nimport torch\nfrom torch.utils.data import DataLoader\n"
        "noise = np.random.rand(10)\nloader = DataLoader(noise)\n"
        "for x in loader:\n    loss = torch.zeros(1).sum()\n    loss.backward()\n"
        "for name, value in {'a': 1}.items():\n    pass\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": source}))
    assert 4 in [e.line for e in result.evidence], result.message


# A script exports a restored model to ONNX, then checks the exported file with ONNX Runtime
# on a NumPy draw cast to float32, printing only the output's shape.
ASTYPE_CHECK = """\
import numpy as np
import onnxruntime as ort
import torch

from model import load_model

model = load_model("best.pt")
torch.onnx.export(model, torch.randn(1, 1, 224, 224), "model.onnx")
sess = ort.InferenceSession("model.onnx")
x = np.random.randn(1, 1, 224, 224).astype(np.float32)
out = sess.run(None, {"input": x})
print("Output shape:", out[0].shape)
"""

ASTYPE_MODEL = """\
import torch
import torch.nn as nn


def load_model(path):
    model = nn.Linear(4, 2)
    model.load_state_dict(torch.load(path))
    return model
"""


def test_a_numpy_probe_cast_with_astype_and_fed_to_a_session_only_for_its_shape_is_measured() -> (
    None
):
    files = {"export_onnx.py": ASTYPE_CHECK, "model.py": ASTYPE_MODEL}
    result = check("REPRO001", snapshot_from(files))
    assert result.status is Status.SKIP, result.evidence
    printed = ASTYPE_CHECK.replace("out[0].shape", "out[0]")
    result = check("REPRO001", snapshot_from({**files, "export_onnx.py": printed}))
    assert result.status is Status.FAIL
    assert [(e.path, e.line) for e in result.evidence] == [("export_onnx.py", 10)]
