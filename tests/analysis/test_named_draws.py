"""REPRO001 on a draw made text that only names a file the run writes: a random suffix keeps
one result file from overwriting another and changes no result."""

from __future__ import annotations

from repocheck.model import Status
from tests.fixtures import notebook
from tests.helpers import check, snapshot_from

TRAINING = (
    "import pickle\n"
    "import numpy as np\n"
    "import torch\n"
    "torch.manual_seed(0)\n"
    "model = torch.nn.Linear(3, 1)\n"
    "opt = torch.optim.SGD(model.parameters(), lr=0.1)\n"
    "loss = model(torch.ones(4, 3)).sum()\n"
    "loss.backward()\n"
    "opt.step()\n"
)


def test_repro001_a_random_suffix_of_a_results_file_name_changes_no_result() -> None:
    code = TRAINING + (
        "ij = str(np.random.randint(101))\n"
        "filename = 'results_' + ij + 'ConvDown'\n"
        "with open(filename, 'wb') as handle:\n"
        "    pickle.dump({'loss': float(loss)}, handle)\n"
        "print(filename)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


def test_repro001_a_random_name_across_notebook_cells_changes_no_result() -> None:
    cells = (
        TRAINING,
        "filename = 'data.pickle'\nrows = pickle.load(open(filename, 'rb'))",
        "ij = str(np.random.randint(101))\nfilename = 'res_' + ij\n",
        "with open(filename, 'wb') as ffile:\n    pickle.dump(rows, ffile)",
        "filename",
    )
    result = check("REPRO001", snapshot_from({"train.ipynb": notebook(*cells)}))
    assert result.status is Status.PASS, result.message


def test_repro001_a_random_name_in_a_saved_model_path_changes_no_result() -> None:
    code = TRAINING + "torch.save(model.state_dict(), f'm_{np.random.randint(100)}.pt')\n"
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


def test_repro001_drawn_text_that_becomes_data_still_counts() -> None:
    code = TRAINING + (
        "questions = []\n"
        "a = str(np.random.randint(100))\n"
        "question = a + '+1'\n"
        "questions.append(question)\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN, result.message
    assert any("randint" in e.snippet for e in result.evidence)


def test_repro001_a_random_name_of_a_file_read_back_still_counts() -> None:
    code = TRAINING + ("name = 'fold_' + str(np.random.randint(5))\nrows = open(name).read()\n")
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN, result.message


def test_repro001_drawn_text_read_after_the_block_it_is_drawn_in_still_counts() -> None:
    # The text is returned after the if, as an arithmetic problem's right side.
    code = TRAINING + (
        "import random\n"
        "def problem(power):\n"
        "    right = '1'\n"
        "    if power:\n"
        "        right = str(random.randint(2, 4))\n"
        "        depth = 1\n"
        "    return f'(2 ** {right})'\n"
        "problems = [problem(True) for _ in range(9)]\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN, result.message
    assert any("randint(2, 4)" in e.snippet for e in result.evidence)


def test_repro001_a_message_picked_at_random_for_a_spinner_changes_no_result() -> None:
    # A receipt reader's Streamlit app: `with st.spinner(random.choice(waiting)):` picks
    # one of four waiting messages to show while the model runs. Only what is shown changes.
    app = TRAINING + (
        "import random\n"
        "import streamlit as st\n"
        "waiting = ['Almost there', 'Hold on', 'Waiting for you']\n"
        "with st.spinner(random.choice(waiting)):\n"
        "    st.json({'loss': float(loss)})\n"
        "print(random.choice(('Done!', 'Finished.')))\n"
    )
    result = check("REPRO001", snapshot_from({"app.py": app}))
    assert result.status is Status.PASS, result.message


def test_repro001_a_pick_among_strings_that_is_kept_or_among_values_still_counts() -> None:
    # The same pick kept in a name, or a pick of a learning rate merely printed, counts.
    for tail in (
        "optimizer = random.choice(['adam', 'sgd'])\nprint(optimizer)\n",
        "print(random.choice([0.1, 0.01]))\n",
        "names = ['adam', 'sgd']\nnames = [n.upper() for n in names]\n"
        "print(random.choice(names))\n",
        # A list built empty and filled by appends is data, not fixed messages.
        "pairs = []\nfor line in ['a\\tb']:\n    pairs.append(line)\nprint(random.choice(pairs))\n",
        "pairs = ['a']\npairs.append('b')\nprint(random.choice(pairs))\n",
    ):
        code = TRAINING + "import random\n" + tail
        result = check("REPRO001", snapshot_from({"train.py": code}))
        assert result.status is Status.WARN, tail
        assert any("random.choice" in e.snippet for e in result.evidence), tail


def test_repro001_a_drawn_number_that_only_names_images_saved_and_logged_changes_no_result() -> (
    None
):
    # A speech-enhancement U-Net's training loop: every 20 batches, `rand` names three
    # spectrogram images that are saved and then handed to the experiment logger by the very
    # same path. Whatever the number, the images hold what was just saved.
    code = TRAINING + (
        "import matplotlib.pyplot as plt\n"
        "import wandb\n"
        "SAVE_PATH = './model/'\n"
        "def save_image(name, array):\n"
        "    plt.imsave(name, array)\n"
        "def train(batches):\n"
        "    shown = []\n"
        "    for i, batch in enumerate(batches):\n"
        "        if i % 20 == 0:\n"
        "            rand = np.random.randint(0, 6000)\n"
        "            save_image(SAVE_PATH + f'image_{rand}.jpg', batch)\n"
        "            shown.extend([wandb.Image(SAVE_PATH + f'image_{rand}.jpg')])\n"
        "    return shown\n"
        "train([np.zeros((2, 2))])\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


def test_repro001_a_drawn_number_used_beyond_a_file_name_still_counts() -> None:
    # The same number kept as a number, a file read by another name, or read again after
    # the block it is drawn in: each may change what the run does.
    for use in (
        "            shown.append(rand)\n",
        "            shown.extend([wandb.Image(f'other_{rand}.jpg')])\n",
    ):
        code = TRAINING + (
            "import wandb\n"
            "def train(batches):\n"
            "    shown = []\n"
            "    for i, batch in enumerate(batches):\n"
            "        if i % 20 == 0:\n"
            "            rand = np.random.randint(0, 6000)\n"
            "            np.save(f'image_{rand}.npy', batch)\n" + use + "    return shown\n"
            "train([np.zeros((2, 2))])\n"
        )
        result = check("REPRO001", snapshot_from({"train.py": code}))
        assert result.status is Status.WARN, use
    code = TRAINING + (
        "def train(batches):\n"
        "    for i, batch in enumerate(batches):\n"
        "        if i % 20 == 0:\n"
        "            rand = np.random.randint(0, 6000)\n"
        "            np.save(f'image_{rand}.npy', batch)\n"
        "    return rand\n"
        "train([np.zeros((2, 2))])\n"
    )
    assert check("REPRO001", snapshot_from({"train.py": code})).status is Status.WARN


def test_repro001_a_random_run_name_given_to_a_tracker_changes_no_result() -> None:
    # An Arabic handwriting ResNet's train.py: eight random letters make the comment that
    # names the TensorBoard run's folder; only the logs' folder name changes.
    for writer in (
        "writer = SummaryWriter('runs', comment=run_name)\n",
        "writer = SummaryWriter(log_dir='runs/' + run_name)\n",
        "wandb.init(project='chars', name=run_name)\n",
        "mlflow.start_run(run_name=run_name)\n",
    ):
        code = (
            TRAINING
            + (
                "import random\n"
                "import string\n"
                "import mlflow\n"
                "import wandb\n"
                "from torch.utils.tensorboard import SummaryWriter\n"
                "run_name = ''.join(random.sample(string.ascii_letters + string.digits, 8))\n"
            )
            + writer
        )
        result = check("REPRO001", snapshot_from({"train.py": code}))
        assert result.status is Status.PASS, (writer, result.message)


def test_repro001_drawn_text_given_to_a_tracker_as_anything_else_still_counts() -> None:
    # A tag or a config value is data the run records, not the name of its folder.
    for use in (
        "wandb.init(project='chars', config={'pick': pick})\n",
        "writer = SummaryWriter('runs')\nwriter.add_text('pick', pick)\n",
        "wandb.init(project=pick)\n",
        "wandb.init(project='chars', name=pick)\nrows = open(pick).read()\n",
    ):
        code = (
            TRAINING
            + (
                "import random\n"
                "import wandb\n"
                "from torch.utils.tensorboard import SummaryWriter\n"
                "pick = str(random.randint(0, 9))\n"
            )
            + use
        )
        result = check("REPRO001", snapshot_from({"train.py": code}))
        assert result.status is Status.WARN, use


def test_repro001_a_random_pause_between_requests_changes_no_result() -> None:
    # A football scraper: `time.sleep(random.uniform(0.3, 0.6))` before each request spaces
    # the calls out; how long it waits changes no row it fetches and no model trained later.
    code = TRAINING + (
        "import asyncio\n"
        "import random\n"
        "import time\n"
        "from time import sleep\n"
        "def fetch(session, url):\n"
        "    time.sleep(random.uniform(0.3, 0.6))\n"
        "    sleep(1 + random.random() * 2)\n"
        "    return session.get(url).json()\n"
        "async def fetch_later(session, url):\n"
        "    await asyncio.sleep(random.uniform(0.2, 0.5))\n"
        "    return await session.get(url)\n"
        "if __name__ == '__main__':\n"
        "    fetch(None, 'https://example.org')\n"
        "    asyncio.run(fetch_later(None, 'https://example.org'))\n"
    )
    result = check("REPRO001", snapshot_from({"scrape.py": code}))
    assert result.status is Status.PASS, result.message


def test_repro001_a_drawn_pause_that_is_also_used_elsewhere_still_counts() -> None:
    # The pause is kept in a name and the same draw decides something else: it counts.
    code = TRAINING + (
        "import random\n"
        "import time\n"
        "pause = random.uniform(0.3, 0.6)\n"
        "time.sleep(pause)\n"
        "rows = [1, 2, 3][: int(pause * 5)]\n"
        "print(sorted(rows, key=lambda r: time.sleep(0) or random.random()))\n"
    )
    result = check("REPRO001", snapshot_from({"scrape.py": code}))
    assert result.status is Status.WARN, result.message
    snippets = " ".join(e.snippet for e in result.evidence)
    assert "random.uniform(0.3, 0.6)" in snippets and "random.random()" in snippets


def test_repro001_a_random_colour_for_a_plotted_line_changes_no_result() -> None:
    # A Reddit depression classifier draws each ROC curve's colour with
    # `plt.plot(fpr, tpr, color=np.random.rand(3,), ...)`: only the look of the plot changes.
    code = TRAINING + (
        "import matplotlib.pyplot as plt\n"
        "def graph_roc_curve(curves):\n"
        "    for name, (fpr, tpr) in curves:\n"
        "        plt.plot(fpr, tpr, color=np.random.rand(3,), label=name)\n"
        "        plt.scatter(fpr, tpr, c=np.random.random(3))\n"
        "if __name__ == '__main__':\n"
        "    graph_roc_curve([('model', ([0, 1], [0, 1]))])\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.PASS, result.message


def test_repro001_a_draw_handed_to_a_call_as_anything_but_a_colour_still_counts() -> None:
    # The same draw as weights of a fit, or kept in a name first, changes a result.
    code = TRAINING + (
        "import matplotlib.pyplot as plt\n"
        "from sklearn.linear_model import LinearRegression\n"
        "shade = np.random.rand(3)\n"
        "plt.plot([0, 1], [0, 1], color=shade)\n"
        "LinearRegression().fit([[0], [1], [2]], shade, sample_weight=np.random.rand(3))\n"
    )
    result = check("REPRO001", snapshot_from({"train.py": code}))
    assert result.status is Status.WARN, result.message
    assert sorted(e.line for e in result.evidence) == [12, 14]
