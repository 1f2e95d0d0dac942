"""REPRO001 on a random index that only picks which examples a notebook shows: the rows put
on screen change, no result does."""

from __future__ import annotations

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

TRAINING = (
    "from transformers import Trainer, TrainingArguments\n"
    "trainer = Trainer(model=model, args=TrainingArguments(output_dir='out'),"
    " train_dataset=train)\n"
    "trainer.train()\n"
)

#: The Hugging Face tutorials' function, as learners copy it into their notebooks.
SHOW_RANDOM_ELEMENTS = (
    "import random\n"
    "import pandas as pd\n"
    "from IPython.display import display, HTML\n"
    "def show_random_elements(dataset, num_examples=10):\n"
    "    assert num_examples <= len(dataset), 'Can not pick more elements'\n"
    "    picks = []\n"
    "    for _ in range(num_examples):\n"
    "        pick = random.randint(0, len(dataset)-1)\n"
    "        while pick in picks:\n"
    "            pick = random.randint(0, len(dataset)-1)\n"
    "        picks.append(pick)\n"
    "    df = pd.DataFrame(dataset[picks])\n"
    "    display(HTML(df.to_html()))\n"
)

#: A cell that plays one training clip picked at random.
PLAY_ONE = (
    "import IPython.display as ipd\n"
    "import numpy as np\n"
    "import random\n"
    "rand_int = random.randint(0, len(train)-1)\n"
    "print(train[rand_int]['transcription'])\n"
    "ipd.Audio(data=np.asarray(train[rand_int]['audio']['array']), rate=16000)\n"
)


def test_repro001_random_examples_only_shown_change_no_result() -> None:
    # Luganda speech notebooks: `show_random_elements(train)` and a clip played at random
    # before `trainer.train()`, which seeds itself. Nothing the run reports depends on them.
    book = notebook(SHOW_RANDOM_ELEMENTS, "show_random_elements(train)\n", PLAY_ONE, TRAINING)
    result = check("REPRO001", snapshot_from({"asr.ipynb": book}))
    assert result.status in (Status.PASS, Status.SKIP), result.message
    assert not result.evidence


def test_repro001_a_random_index_that_also_feeds_the_run_still_counts() -> None:
    # The same shapes, but the picked rows are returned, kept in a list the run reads, or
    # handed to a call that is no display: each can change a result.
    for cell in (
        SHOW_RANDOM_ELEMENTS + "    return picks\n",
        SHOW_RANDOM_ELEMENTS.replace("    picks = []\n", "") + "picks = []\n",
        SHOW_RANDOM_ELEMENTS.replace("display(HTML(df.to_html()))", "train_on(df)"),
        PLAY_ONE + "subset = train.select([rand_int])\n",
        PLAY_ONE.replace("print(", "model.fit("),
        # A number drawn and only printed is no example picked: it may be a setting.
        "import random\nlr_index = random.randint(0, 3)\nprint(lr_index)\n",
    ):
        book = notebook(cell, "show_random_elements(train)\n", TRAINING)
        result = check("REPRO001", snapshot_from({"asr.ipynb": book}))
        assert result.status is Status.WARN, cell


#: A Streamlit dashboard's mock charts: numbers drawn only to be plotted, beside a model
#: that is only run.
MOCK_CHARTS = """\
from datetime import datetime

import numpy as np
import pandas as pd
import plotly.express as px
import streamlit as st
import torch


def dashboard(model):
    df = pd.DataFrame({
        "Time": pd.date_range(datetime.now(), periods=10, freq="6min"),
        "Inference (ms)": np.random.randint(40, 60, 10),
    })
    fig = px.line(df, x="Time", y="Inference (ms)", title="Latency")
    st.plotly_chart(fig, use_container_width=True)
    sizes = np.random.normal(5000, 1500, 100)
    fig_size = px.histogram(sizes, title="Vessel sizes")
    fig_size.update_layout(margin=dict(t=50))
    st.plotly_chart(fig_size)
    st.line_chart(np.random.randn(20, 3))


if __name__ == "__main__":
    dashboard(torch.load("model.pt"))
"""


def test_repro001_numbers_drawn_only_to_be_plotted_change_no_result() -> None:
    result = check("REPRO001", snapshot_from({"app.py": MOCK_CHARTS}))
    assert not [e for e in result.evidence if "random" in e.snippet], result.evidence
    # Drawn numbers that also feed anything else (a model, a returned value) still count.
    used = MOCK_CHARTS.replace(
        "    st.line_chart(np.random.randn(20, 3))\n",
        "    noise = np.random.randn(20, 3)\n    st.line_chart(noise)\n"
        "    return model(torch.tensor(noise))\n",
    )
    result = check("REPRO001", snapshot_from({"app.py": used}))
    assert [e.line for e in result.evidence if "random" in e.snippet] == [21], result.evidence


#: A glacier-mapping notebook looks at one validation patch picked at random, through the
#: project's own plotting helper (pyrsimg's imsShow), after converting it for matplotlib.
SHOW_ONE_PATCH = (
    "import numpy as np\n"
    "from utils.imgShow import imsShow\n"
    "id = np.random.randint(0, len(valset_list))\n"
    "patch = valset_list[id].numpy().astype(np.float32).transpose(1,2,0)\n"
    "imsShow(img_list=[patch, patch], img_name_list=['patch', 'truth'], figsize=(10,4));\n"
)


def test_repro001_a_patch_picked_for_a_show_helper_changes_no_result() -> None:
    # pass 468: the patch goes through astype/transpose into a list handed to a helper named
    # for showing (imsShow, show_batch): which patch is on screen changes, nothing else.
    files = {"utils/imgShow.py": "def imsShow(img_list, img_name_list, figsize):\n    pass\n"}
    for cell in (SHOW_ONE_PATCH, SHOW_ONE_PATCH.replace("imsShow(", "show_batch(")):
        book = notebook(cell, TRAINING)
        result = check("REPRO001", snapshot_from({**files, "look.ipynb": book}))
        assert result.status in (Status.PASS, Status.SKIP), result.message
        assert not result.evidence, result.evidence
    # The same patch handed to the model, or to a helper that does not say it shows: used.
    for cell in (
        SHOW_ONE_PATCH + "pred = model(patch)\n",
        SHOW_ONE_PATCH.replace("imsShow(", "save_patches("),
    ):
        book = notebook(cell, TRAINING)
        result = check("REPRO001", snapshot_from({**files, "look.ipynb": book}))
        assert result.status is Status.WARN, cell


#: A cell comparing one validation row's predicted and real labels, as text and picture.
SHOW_ONE_ROW = """\
import numpy as np
import PIL
n = np.random.randint(2000)
print("Predicted: " + list(df["predicted"])[n] + " real: " + list(df["label"])[n])
print("Full name: " + list(df["image_path"])[n].split("/")[3])
PIL.Image.open(list(df["image_path"])[n])
"""

#: A sanity-check cell plotting one training and one validation tile picked at random.
SHOW_TWO_TILES = """\
import numpy as np
import matplotlib.pyplot as plt
num1, num2 = np.random.randint(len(X_train)), np.random.randint(len(X_val))
fig, ax = plt.subplots(nrows=1, ncols=2)
ax[0].imshow(X_train[num1, :, :, :3])
ax[1].imshow(X_val[num2, :, :, 0], cmap="gray")
plt.show()
"""


def test_repro001_a_row_shown_as_text_and_picture_changes_no_result() -> None:
    # Passes 471 and 475: the index picks the row printed through string concatenation and
    # the image the cell ends on; a tuple of picks goes into the tiles a sanity check plots.
    for cell in (SHOW_ONE_ROW, SHOW_TWO_TILES):
        book = notebook(cell, TRAINING)
        result = check("REPRO001", snapshot_from({"look.ipynb": book}))
        assert result.status in (Status.PASS, Status.SKIP), cell
        assert not result.evidence, result.evidence
    # The same picks feeding the run, or an image opened and kept for it: used.
    for cell in (
        SHOW_ONE_ROW + "model.fit(X[n])\n",
        SHOW_ONE_ROW.replace("PIL.Image.open(", "picked.append(PIL.Image.open(") + ")\n",
        SHOW_TWO_TILES + "model.fit(X_train[num2])\n",
        SHOW_TWO_TILES.replace("num1, num2 =", "num1, num2 = steps ="),
    ):
        book = notebook(cell, TRAINING)
        result = check("REPRO001", snapshot_from({"look.ipynb": book}))
        assert result.status is Status.WARN, cell


#: A cell that prints one test sample's error, picked at random, after the scores.
PRINT_ONE_SAMPLE = (
    "import random\n"
    "from helpers import format_array\n"
    "mape = abs(truth - pred).mean()\n"
    "sample = random.randint(0, len(pred))\n"
    'print("Difference:\\n" + format_array(difference[sample], 4))\n'
    'print(f"MAPE: {mape:.4f}%")\n'
)


def test_repro001_a_sample_printed_through_a_formatting_helper_changes_no_result() -> None:
    # pass 476: the picked row goes through the project's format_array and a string joined
    # to it into print; the scores are computed on the whole test set.
    files = {"helpers.py": "def format_array(arr, decimals=2):\n    return str(arr)\n"}
    book = notebook(PRINT_ONE_SAMPLE, TRAINING)
    result = check("REPRO001", snapshot_from({**files, "look.ipynb": book}))
    assert result.status in (Status.PASS, Status.SKIP), result.message
    assert not result.evidence, result.evidence
    # Joined to a number, or handed to a helper that does not say it formats: used.
    for cell in (
        PRINT_ONE_SAMPLE.replace('"Difference:\\n" + ', "offset + "),
        PRINT_ONE_SAMPLE.replace("format_array(difference", "refit(difference"),
    ):
        result = check("REPRO001", snapshot_from({**files, "look.ipynb": notebook(cell, TRAINING)}))
        assert result.status is Status.WARN, cell
