from __future__ import annotations

import base64
import json
import random
import string

from repocheck.model import Status
from tests.helpers import check, snapshot_from

CODE = {"train.py": "x = 1\n"}


def fake_key(
    length: int, alphabet: str = string.ascii_letters + string.digits, seed: int = 7
) -> str:
    """Random-looking key material built at run time, so no secret-shaped literal is in this file."""
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(length))


def texts_of(result: object) -> str:
    """Everything a report would show of a result: message, evidence and metrics."""
    return json.dumps(
        {
            "message": result.message,  # type: ignore[attr-defined]
            "evidence": [e.to_dict() for e in result.evidence],  # type: ignore[attr-defined]
            "metrics": result.metrics,  # type: ignore[attr-defined]
        }
    )


# --- GIT006 no committed secrets ------------------------------------------------------------


def test_git006_finds_and_masks_an_openai_key() -> None:
    secret = "sk-" + "proj-" + fake_key(48)
    files = {"train.py": f'import openai\n\nopenai.api_key = "{secret}"\n'}
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    hit = result.evidence[0]
    assert (hit.path, hit.line) == ("train.py", 3)
    assert hit.snippet.startswith("OpenAI API key: sk-p***")
    assert hit.snippet.endswith(secret[-2:])
    assert secret not in texts_of(result)
    assert secret[4:-2] not in texts_of(result)


def test_git006_recognises_each_provider() -> None:
    hexdigits = "0123456789abcdef"
    keys = {
        "AWS access key": "AKIA" + fake_key(16, string.ascii_uppercase + string.digits),
        "GitHub token": "ghp_" + fake_key(36),
        "Hugging Face token": "hf_" + fake_key(34, string.ascii_letters),
        "Slack token": "xoxb-" + fake_key(12, string.digits) + "-" + fake_key(24),
    }
    lines = [f'KEY_{i} = "{key}"' for i, key in enumerate(keys.values())]
    lines.append('os.environ["WANDB_API_KEY"] = "' + fake_key(40, hexdigits) + '"')
    result = check("GIT006", snapshot_from({"config.py": "\n".join(lines) + "\n"}))
    assert result.status is Status.FAIL
    kinds = [e.snippet.split(":")[0] for e in result.evidence]
    assert kinds == [*keys, "W&B API key"]
    assert [e.line for e in result.evidence] == [1, 2, 3, 4, 5]
    for key in keys.values():
        assert key not in texts_of(result)


def test_git006_finds_a_private_key_block_in_a_notebook() -> None:
    body = fake_key(64, string.ascii_letters + string.digits + "+/")
    cell = {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "execution_count": 1,
        "source": ["KEY = '''-----BEGIN RSA PRIVATE" + " KEY-----\n", body + "\n", "'''\n"],
    }
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4}, indent=1)
    result = check("GIT006", snapshot_from({"eda.ipynb": notebook}))
    assert result.status is Status.FAIL
    hit = result.evidence[0]
    assert hit.path == "eda.ipynb"
    assert hit.line == notebook[: notebook.index("-----BEGIN")].count("\n") + 1
    assert hit.snippet == "private key: key block"
    assert body not in texts_of(result)


def test_git006_ignores_placeholders() -> None:
    lines = [
        "AWS_KEY = '" + "AKIA" + "IOSFODNN7" + "EXAMPLE'",
        "OPENAI = 'sk-" + "x" * 40 + "'",
        "OPENAI_DOC = 'sk-your-openai-key-goes-here'",
        "SLUG = 'sk-my-long-project-name-for-the-course'",
        "HF = 'hf_" + "a" * 34 + "'",
        "HELPER = hf_" + "downloadpretrainedweightsfromthehub",
        "GH = 'ghp_" + "0" * 36 + "'",
        "PEM_DOC = '-----BEGIN PRIVATE" + " KEY-----\\n...'",
        "WANDB = 'set WANDB_API_KEY to your key'",
    ]
    result = check("GIT006", snapshot_from({"README.md": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS
    assert result.metrics["secrets"] == 0


def test_git006_reads_files_that_are_not_code() -> None:
    secret = "ghp_" + fake_key(36, seed=3)
    result = check("GIT006", snapshot_from({".env": f"GITHUB_TOKEN={secret}\n", **CODE}))
    assert result.status is Status.FAIL
    assert result.evidence[0].path == ".env"
    assert result.metrics["files"] == 1
    assert secret not in texts_of(result)


def test_git006_passes_a_clean_repo() -> None:
    files = {**CODE, "README.md": "Set OPENAI_API_KEY in your environment.\n"}
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.PASS
    assert result.metrics["files_scanned"] == 2


def test_git006_finds_a_roboflow_key_in_a_notebook() -> None:
    # Learners' detection notebooks download their dataset with Roboflow(api_key="..."): a
    # private key of 20 letters and digits, with no prefix to know it by but its client.
    secret = fake_key(20, seed=11)
    cell = {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "execution_count": 1,
        "source": [
            "from roboflow import Roboflow\n",
            f'rf = Roboflow(api_key="{secret}")\n',
            'project = rf.workspace("team-a1b2c").project("amenities")\n',
        ],
    }
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4}, indent=1)
    files = {"train.ipynb": notebook, "env.py": f'os.environ["ROBOFLOW_API_KEY"] = "{secret}"\n'}
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet.split(":")[0]) for e in result.evidence] == [
        ("env.py", "Roboflow API key"),
        ("train.ipynb", "Roboflow API key"),
    ]
    assert result.evidence[1].line == notebook[: notebook.index(secret)].count("\n") + 1
    assert secret not in texts_of(result)


def test_git006_passes_roboflow_placeholders_and_names() -> None:
    lines = [
        'rf = Roboflow(api_key="YOUR_API_KEY")',
        "rf = Roboflow(api_key=os.environ['ROBOFLOW_API_KEY'])",
        'rf = Roboflow(api_key="' + "x" * 20 + '")',
        'rf = Roboflow(api_key="roboflowapikeyhereok")',
        "# https://universe.roboflow.com/" + "abcdefghij" * 2 + "/dataset",
    ]
    result = check("GIT006", snapshot_from({"data.py": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS


def test_git006_passes_a_commit_id_in_a_url_near_wandb() -> None:
    # A docstring crediting W&B's examples at a fixed commit: the forty hex digits after
    # "wandb/examples/tree/" are a git commit in a URL's path, not an API key.
    commit = fake_key(40, "0123456789abcdef", seed=11)
    lines = [
        '"""Taken from',
        f"https://github.com/wandb/examples/tree/{commit}/examples/wandb-sweeps",
        '"""',
        f"# pip install git+https://github.com/wandb/wandb@{commit}",
        f"# see https://github.com/wandb/wandb/commit/{commit}",
    ]
    result = check("GIT006", snapshot_from({"train.py": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["secrets"] == 0


def test_git006_still_finds_a_wandb_key_given_on_a_line_with_a_url() -> None:
    secret = fake_key(40, "0123456789abcdef", seed=12)
    lines = [f"wandb login {secret}  # https://wandb.ai/authorize"]
    result = check("GIT006", snapshot_from({"run.sh": "\n".join(lines) + "\n"}))
    assert result.status is Status.FAIL
    assert result.evidence[0].snippet.startswith("W&B API key: ")


def test_git006_finds_a_kaggle_key_written_into_kaggle_json_or_the_environment() -> None:
    # Learners' notebooks write kaggle.json by hand before downloading a competition's data:
    # 32 hex digits after "key", beside the account's "username", quotes escaped in the
    # notebook's JSON. The same key set as KAGGLE_KEY is the other common form.
    secret = fake_key(32, "0123456789abcdef", seed=13)
    cell = {
        "cell_type": "code",
        "metadata": {},
        "outputs": [],
        "execution_count": None,
        "source": [
            'with open("/root/.kaggle/kaggle.json", "w+") as f:\n',
            '    f.write(\'{"username":"learner","key": "' + secret + "\"}')\n",
        ],
    }
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4}, indent=1)
    files = {
        "main.ipynb": notebook,
        "kaggle.json": '{"username": "learner", "key": "' + secret + '"}\n',
        "setup.py": f"os.environ['KAGGLE_KEY'] = '{secret}'\n",
    }
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet.split(":")[0]) for e in result.evidence] == [
        ("kaggle.json", "Kaggle API key"),
        ("main.ipynb", "Kaggle API key"),
        ("setup.py", "Kaggle API key"),
    ]
    assert result.evidence[1].line == notebook[: notebook.index(secret)].count("\n") + 1
    assert secret not in texts_of(result)


def test_git006_passes_kaggle_placeholders_and_other_usernames() -> None:
    lines = [
        '{"username": "learner", "key": "YOUR_KAGGLE_KEY"}',
        '{"username": "learner", "key": "' + "x" * 32 + '"}',
        "os.environ['KAGGLE_KEY'] = os.getenv('KEY')",
        "KAGGLE_KEY=<your key>",
        # A login form's fields and a hash beside a username are not Kaggle's key file.
        '{"username": "learner", "password_md5": "' + fake_key(32, "0123456789abcdef") + '"}',
    ]
    result = check("GIT006", snapshot_from({"notes.md": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS, result.evidence


def neptune_token(api_key: str) -> str:
    """Neptune's API token: the base64 of a JSON object that starts with its api_address."""
    body = {"api_address": "https://app.neptune.ai", "api_url": "https://app.neptune.ai"}
    return base64.b64encode(json.dumps({**body, "api_key": api_key}).encode()).decode()


def test_git006_finds_a_neptune_api_token_given_to_init_run() -> None:
    # Neptune's token has no short prefix of its own: it is base64 of a JSON object, so it
    # always starts with the encoding of '{"api_address":'; the key is inside it.
    hexdigits = "0123456789abcdef"
    uuid = "-".join(fake_key(n, hexdigits, seed=n) for n in (8, 4, 4, 4, 12))
    secret = neptune_token(uuid)
    files = {
        "train.py": f'import neptune\nrun = neptune.init_run(project="a/b",\n    api_token="{secret}")\n'
    }
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.line, e.snippet.split(":")[0]) for e in result.evidence] == [
        (3, "Neptune API token")
    ]
    assert secret not in texts_of(result) and secret[4:-2] not in texts_of(result)


def test_git006_passes_neptunes_public_anonymous_token_and_placeholders() -> None:
    # neptune.ANONYMOUS_API_TOKEN, which Neptune's own examples print, opens a public project.
    anonymous = neptune_token("b706bc8f-76f9-4c2e-939d-4ba036f932e4")
    lines = [
        f'api_token = "{anonymous}"',
        f'api_token = "{neptune_token("YOUR_API_KEY")}"',
        f'api_token = "{neptune_token("")}"',
    ]
    result = check("GIT006", snapshot_from({"train.py": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS, result.evidence


def test_a_neptune_shaped_token_nesting_brackets_is_no_crash() -> None:
    # The token's base64 decodes to JSON a parser would recurse into ten thousand times.
    import base64

    nested = '{"api_address":' + "[" * 10_000 + "]" * 10_000 + "}"
    token = base64.b64encode(nested.encode()).decode()
    result = check("GIT006", snapshot_from({"train.py": f"TOKEN = '{token}'\n"}))
    assert result.status is Status.PASS, result.message


def test_git006_finds_a_comet_key_given_to_experiment() -> None:
    # Comet's key has no prefix either: 25 letters and digits handed to comet_ml's
    # Experiment(api_key="..."), a few lines below the import, or set as COMET_API_KEY.
    secret = fake_key(25, seed=13)
    script = (
        "from comet_ml import Experiment\n"
        "\n"
        "# Create an experiment with your api key:\n"
        "experiment = Experiment(\n"
        f'\tapi_key="{secret}",\n'
        '\tproject_name="speaker-attention",\n'
        ")\n"
    )
    files = {"main.py": script, "env.py": f'os.environ["COMET_API_KEY"] = "{secret}"\n'}
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet.split(":")[0]) for e in result.evidence] == [
        ("env.py", 1, "Comet API key"),
        ("main.py", 5, "Comet API key"),
    ]
    assert secret not in texts_of(result)


def test_git006_passes_comet_placeholders_and_other_keys() -> None:
    lines = [
        "from comet_ml import Experiment",
        'experiment = Experiment(api_key="YOUR_API_KEY_GOES_HERE_OK")',
        "experiment = Experiment(api_key=os.environ['COMET_API_KEY'])",
        'experiment = Experiment(api_key="' + "x" * 25 + '")',
        'experiment = Experiment(api_key="cometapikeygoeshereplease")',
        'client = Other(api_key="' + fake_key(32, seed=5) + '")',
    ]
    result = check("GIT006", snapshot_from({"log.py": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS


def test_git006_finds_a_nasa_api_key_given_to_api_nasa_gov() -> None:
    # NASA's key has no prefix either: 40 letters and digits, a default argument or a
    # constant that a URL on api.nasa.gov takes as its api_key, or written into that URL
    # (pass 337: a learner's NeoWs training script).
    secret, other = fake_key(40, seed=21), fake_key(40, seed=22)
    fetch = (
        "import requests\n"
        "\n"
        f'def fetch(pages=20, api_key="{secret}"):\n'
        '    url = f"https://api.nasa.gov/neo/rest/v1/neo/browse?page=0&api_key={api_key}"\n'
        "    return requests.get(url).json()\n"
    )
    feed = f'URL = "https://api.nasa.gov/neo/rest/v1/feed?start_date=2024-01-01&api_key={other}"\n'
    constant = f'NASA_API_KEY = "{other}"\nBASE = "https://api.nasa.gov/planetary/apod"\n'
    files = {"model_training.py": fetch, "feed.py": feed, "config.py": constant}
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet.split(":")[0]) for e in result.evidence] == [
        ("config.py", 1, "NASA API key"),
        ("feed.py", 1, "NASA API key"),
        ("model_training.py", 3, "NASA API key"),
    ]
    assert secret not in texts_of(result) and other not in texts_of(result)


def test_git006_passes_nasa_demo_keys_and_keys_of_other_services() -> None:
    lines = [
        'URL = "https://api.nasa.gov/neo/rest/v1/feed?api_key=DEMO_KEY"',
        'API_KEY = os.getenv("NASA_API_KEY", "DEMO_KEY")',
        'api_key = "' + "x" * 40 + '"',
        'api_key = "' + "yournasaapikeygoesherepleasereplaceitnow" + '"',
        'api_key = "' + "1234567890" * 4 + '"',
    ]
    nasa = {"neo.py": "\n".join(lines) + "\n"}
    # Forty letters and digits as some other service's api_key, in a file that never
    # calls api.nasa.gov: no shape says whose key it is, so nothing is said.
    other = {"weather.py": f'client = Weather(api_key="{fake_key(40, seed=23)}")\n'}
    result = check("GIT006", snapshot_from({**nasa, **other}))
    assert result.status is Status.PASS, result.evidence


def test_git006_finds_a_database_password_written_into_the_code() -> None:
    # A hosted database's credentials kept in a dict or handed to connect(): anyone with the
    # repository logs in (passes 138 and 193).
    strong, other = "220929SrGHJ#yu", "NekW2BqJ8hW1wO3hCdpuEESPiP-y131V"
    files = {
        "src/start.py": (
            "db_credentials = {\n"
            '    "server_host": "statistics.example-company.tech",\n'
            '    "user_name": "analyst",\n'
            f'    "password": "{strong}"}}\n'
        ),
        "update.py": (
            "conn = psycopg2.connect(\n"
            "    database='stocks',\n"
            f"    password = '{other}',\n"
            "    host='raja.db.elephantsql.com')\n"
        ),
        "settings.yaml": f'db:\n  DB_PASSWORD: "{strong}"\n',
    }
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet.split(":")[0]) for e in result.evidence] == [
        ("settings.yaml", 2, "password"),
        ("src/start.py", 4, "password"),
        ("update.py", 3, "password"),
    ]
    assert strong not in texts_of(result) and other not in texts_of(result)


def test_git006_passes_weak_placeholder_and_test_passwords() -> None:
    lines = [
        'DEFAULT_PASSWORD = "churn2024"',  # a local app's default: one kind of character
        'ADMIN_PASSWORD_DEFAULT = "mypass123"',
        'conn = connect(password=os.environ["DB_PASSWORD"])',
        'config = {"password": "${DB_PASSWORD}"}',
        'config = {"password": "<your-password-here>"}',
        'login(user="me", password="ChangeMe123!")',
        'login(user="me", password="YourPassword#1")',
        'hashed = "Xy7#kLm9Qw2!"',
        'pwd = "/home/Student1/Project_A"',  # the working folder, as the shell's pwd prints it
        'DB_PASSWORD = "C:\\Users\\Me1\\pw.txt"',
    ]
    files = {
        "app.py": "\n".join(lines) + "\n",
        "tests/test_login.py": 'client.login(password="Xy7#kLm9Qw2!")\n',
        ".env.example": 'DB_PASSWORD="Xy7#kLm9Qw2!"\n',
    }
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.PASS, result.evidence


def test_git006_finds_a_telegram_bot_token_in_a_notebook() -> None:
    # A bot that messages its author when training ends: the token (bot id, a colon, and 35
    # characters starting with AA) typed into a notebook cell, quotes escaped in the JSON.
    bot_id = fake_key(10, string.digits, seed=21)
    secret = "AA" + fake_key(33, string.ascii_letters + string.digits + "_-", seed=22)
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": [
            "import requests\n",
            "def send(message):\n",
            f"    bot_token = '{bot_id}:{secret}'\n",
            "    url = f'https://api.telegram.org/bot{bot_token}/sendMessage?text={message}'\n",
        ],
    }
    notebook = json.dumps({"cells": [cell], "nbformat": 4, "nbformat_minor": 5}, indent=1)
    result = check("GIT006", snapshot_from({"src/train.ipynb": notebook}))
    assert result.status is Status.FAIL
    hit = result.evidence[0]
    assert hit.path == "src/train.ipynb"
    assert hit.snippet.startswith("Telegram bot token: AA")
    assert secret not in texts_of(result)


def test_git006_passes_telegram_placeholders_and_colons_that_are_no_token() -> None:
    lines = [
        "BOT_TOKEN = os.environ['TELEGRAM_BOT_TOKEN']",
        "BOT_TOKEN = '123456789:AA" + "x" * 33 + "'",
        "BOT_TOKEN = '123456789:AAyour_telegram_bot_token_goes_here'",
        "when = '12:AA" + fake_key(33, seed=23) + "'",  # no bot id before the colon
        "ratio = '12345678:AA" + fake_key(40, seed=24) + "'",  # longer than a token
    ]
    result = check("GIT006", snapshot_from({"notify.py": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS, result.evidence


def test_git006_passes_the_key_id_of_a_presigned_url_a_library_printed() -> None:
    # A notebook's output keeps huggingface_hub's warning about a failed upload, with the
    # presigned S3 URL it was given: the key id after X-Amz-Credential= (or AWSAccessKeyId=)
    # is the signer's public id, and the URL's signature expired with it; no secret key.
    key_id = "AKIA" + fake_key(16, string.ascii_uppercase + string.digits, seed=21)
    signature = fake_key(64, "0123456789abcdef", seed=22)
    url = (
        "https://hf-hub-lfs-us-east-1.s3-accelerate.amazonaws.com/repos/12/ac/0bb6?"
        f"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={key_id}%2F20240601%2Fus-east-1"
        f"%2Fs3%2Faws4_request&X-Amz-Date=20240601T101010Z&X-Amz-Expires=86400"
        f"&X-Amz-Signature={signature}&X-Amz-SignedHeaders=host"
    )
    old_style = f"https://bucket.s3.amazonaws.com/a.csv?AWSAccessKeyId={key_id}&Expires=1717"
    outputs = [{"output_type": "stream", "name": "stderr", "text": [f"HTTP Error 502 {url}\n"]}]
    cell = {"cell_type": "code", "source": ["trainer.push_to_hub()\n"], "outputs": outputs}
    notebook = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4}, indent=1)
    files = {"train.ipynb": notebook, "fetch.py": f'URL = "{old_style}"\n'}
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.PASS, result.evidence
    assert result.metrics["secrets"] == 0


def test_git006_finds_an_ngrok_authtoken_in_a_notebook_and_a_shell_line() -> None:
    # A Colab notebook that serves a demo app through ngrok: the account's authtoken (a digit,
    # 26 letters and digits, '_', a digit and 20 more) typed into a cell, quotes escaped in the JSON.
    digit = fake_key(1, string.digits, seed=31)
    secret = digit + fake_key(26, seed=32) + "_" + digit + fake_key(20, seed=33)
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": [
            "from pyngrok import (\n",
            "    ngrok,\n",
            ")  # Step 3: get your token from the dashboard\n",
            "\n",
            f'ngrok_token = "{secret}"  # Get from https://dashboard.ngrok.com/\n',
            "ngrok.set_auth_token(ngrok_token)\n",
        ],
    }
    notebook = json.dumps({"cells": [cell], "nbformat": 4, "nbformat_minor": 5}, indent=1)
    files = {"demo.ipynb": notebook, "serve.sh": f"ngrok config add-authtoken {secret}\n"}
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.snippet.split(":")[0]) for e in result.evidence] == [
        ("demo.ipynb", "ngrok authtoken"),
        ("serve.sh", "ngrok authtoken"),
    ]
    assert secret not in texts_of(result)


def test_git006_passes_ngrok_placeholders_and_tokens_far_from_ngrok() -> None:
    shaped = "2" + fake_key(26, seed=34) + "_3" + fake_key(20, seed=35)
    lines = [
        "from pyngrok import ngrok",
        'ngrok.set_auth_token("YOUR_NGROK_AUTHTOKEN")',
        "ngrok.set_auth_token(os.environ['NGROK_AUTHTOKEN'])",
        'ngrok.set_auth_token("2' + "x" * 26 + "_2" + "x" * 20 + '")',
        "!ngrok authtoken <your_token>",
        *[f"step_{i} = {i}" for i in range(8)],
        f'run_id = "{shaped}"',  # shaped like one, but far from any ngrok
    ]
    result = check("GIT006", snapshot_from({"app.py": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS, result.evidence


def google_key(seed: int) -> str:
    """A Google API key's shape: "AIzaSy" and 33 letters, digits, '_' or '-'."""
    return "AIza" + "Sy" + fake_key(33, string.ascii_letters + string.digits + "_-", seed=seed)


def test_git006_finds_a_google_api_key_handed_to_gemini_and_in_an_env_file() -> None:
    # Learners' LLM projects commit their Gemini key: a server-side key that spends money.
    secret, other = google_key(41), google_key(42)
    files = {
        "app.py": f'import google.generativeai as genai\ngenai.configure(api_key="{secret}")\n',
        ".env": f'GEMINI_API_KEY="{other}"\n',
    }
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet.split(":")[0]) for e in result.evidence] == [
        (".env", 1, "Google API key"),
        ("app.py", 2, "Google API key"),
    ]
    assert secret not in texts_of(result) and other not in texts_of(result)


def test_git006_passes_google_keys_made_to_ship_to_browsers_and_apps() -> None:
    # A Firebase app's config and the Maps JavaScript loader carry a key every visitor's
    # browser downloads: Google documents them as identifiers, restricted by site or app.
    key = google_key(43)
    files = {
        "web/src/firebase/config.ts": (
            "import { initializeApp } from 'firebase/app';\n"
            f'const firebaseConfig = {{\n  apiKey: "{key}",\n  projectId: "aq-8e6d8",\n}};\n'
        ),
        "web/.env.production": f"VITE_FIREBASE_API_KEY={key}\n",
        "android/app/google-services.json": f'{{"api_key": [{{"current_key": "{key}"}}]}}\n',
        "site/index.html": (
            f'<script src="https://maps.googleapis.com/maps/api/js?key={key}"></script>\n'
        ),
        # Base64 of an image may hold the letters anywhere: no key starts inside a blob.
        "plot.ipynb": '{"image/png": "iVBORw0KGgo' + "AIza" + "Sy" + "A" * 33 + 'QmCC"}\n',
    }
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.PASS, result.evidence


def test_git006_finds_a_firebase_database_secret() -> None:
    # A Realtime Database's legacy secret (40 letters and digits) given as the REST API's
    # ?auth= parameter: it reads and writes the whole database.
    secret = fake_key(40, seed=44)
    files = {
        "backend/model.py": (
            'FIREBASE_HOST = "aq-default-rtdb.firebaseio.com"\n'
            f'FIREBASE_AUTH = "{secret}"\n'
            "params = {'auth': FIREBASE_AUTH}\n"
        ),
        "docs/HOSTING.md": f"FIREBASE_AUTH={secret}\n",
        "README.md": "FIREBASE_AUTH=your_firebase_auth_secret\nVITE_FIREBASE_AUTH_DOMAIN=aq.firebaseapp.com\n",
    }
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [(e.path, e.line, e.snippet.split(":")[0]) for e in result.evidence] == [
        ("backend/model.py", 2, "Firebase database secret"),
        ("docs/HOSTING.md", 1, "Firebase database secret"),
    ]
    assert secret not in texts_of(result)


def test_git006_finds_a_database_address_holding_its_password_on_a_public_host() -> None:
    # A MongoDB Atlas cluster's address with its user and password, committed in the data
    # ingestion step: anyone can read and write that database.
    cluster = "cluster0." + fake_key(7, string.ascii_lowercase + string.digits, seed=45)
    secret = fake_key(14, seed=46)
    files = {
        "src/data_ingestion.py": f'MONGO_URL = "mongodb+srv://analyst:{secret}@{cluster}.mongodb.net/"\n',
        "notebooks/load.ipynb": json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "execution_count": None,
                        "metadata": {},
                        "outputs": [],
                        "source": [
                            f'engine = create_engine("postgresql://ml:{secret}@db.example-rds.amazonaws.com:5432/prod")\n'
                        ],
                    }
                ],
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        ),
    }
    result = check("GIT006", snapshot_from(files))
    assert result.status is Status.FAIL
    assert sorted(e.path for e in result.evidence) == [
        "notebooks/load.ipynb",
        "src/data_ingestion.py",
    ]
    assert {e.snippet.split(":")[0] for e in result.evidence} == {"database password"}
    assert secret not in texts_of(result)
    # A weak password opens a public cluster all the same; its mask must not spell it out.
    weak = {"src/data_ingestion.py": f'URL = "mongodb+srv://root:root@{cluster}.mongodb.net/"\n'}
    result = check("GIT006", snapshot_from(weak))
    assert result.status is Status.FAIL
    assert result.evidence[0].snippet == "database password: r***"


def test_git006_passes_local_database_addresses_and_templates() -> None:
    # A compose file's service, a local server, and templates filled from the environment:
    # development defaults and placeholders, no one's live database.
    lines = [
        'DB = "postgresql://postgres:password@localhost:5432/app"',
        'DB2 = "mysql+pymysql://root:Zq8#rootpw@db:3306/mlflow"',
        'BROKER = "amqp://guest:guest@127.0.0.1:5672//"',
        'URL = f"postgresql://{DB_USER}:{DB_PASSWORD}@{DB_HOST}:{DB_PORT}/db"',
        'ATLAS = "mongodb+srv://<user>:<password>@cluster0.abcde.mongodb.net/"',
        'DOC = "mongodb+srv://user:your_password@cluster0.abcde.mongodb.net/"',
    ]
    result = check("GIT006", snapshot_from({"config.py": "\n".join(lines) + "\n"}))
    assert result.status is Status.PASS, result.evidence


def test_git006_finds_ebay_credentials_in_the_sdk_config() -> None:
    # ebaysdk reads ebay.yaml: an Auth'n'Auth user token ("AgAAAA**...", hundreds of base64
    # characters with '**' inside) and the app's cert id, its client secret.
    alphabet = string.ascii_letters + string.digits + "+/"
    token = "AgAAAA" + "**" + "A" + fake_key(60, alphabet) + "**" + fake_key(400, alphabet, seed=5)
    cert = (
        "PRD-"
        + fake_key(12, "0123456789abcdef")
        + "-"
        + "-".join(fake_key(4, "0123456789abcdef", seed=s) for s in range(4))
    )
    config = (
        "api.ebay.com:\n"
        "    version: 719\n"
        "    # token: " + token + "\n"
        "    appid: Someone-ProjectX-PRD-0000000-00000000\n"
        "    certid: " + cert + "\n"
        "    token: " + token + "\n"
    )
    result = check("GIT006", snapshot_from({"scraper/ebay.yaml": config, **CODE}))
    assert result.status is Status.FAIL
    kinds = [(e.line, e.snippet.split(":")[0]) for e in result.evidence]
    assert kinds == [(3, "eBay user token"), (5, "eBay cert id"), (6, "eBay user token")]
    assert token not in texts_of(result) and cert not in texts_of(result)
    assert token[8:-2] not in texts_of(result)


def test_git006_ignores_ebay_placeholders() -> None:
    config = (
        "api.ebay.com:\n"
        "    certid: PRD-xxxxxxxxxxxx-xxxx-xxxx-xxxx-xxxx\n"
        "    certid: SBX-000000000000-0000-0000-0000-0000\n"
        "    token: AgAAAA**ENTER_YOUR_TOKEN_HERE\n"
        "    token: AgAAAA**" + "A" * 300 + "\n"
    )
    result = check("GIT006", snapshot_from({"ebay.yaml": config}))
    assert result.status is Status.PASS
