"""REPRO005 on the home folder of the user a project's own container runs as: an Airflow
DAG exporting ``HOME=/home/airflow``, the folder the Dockerfile beside it sets up, exists in
every run of that image, not on one person's machine."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

# Split so this file does not hold the paths it tests for.
HOME = "/ho" + "me/"

DAG = (
    "from airflow.operators.bash import BashOperator\n"
    "task = BashOperator(\n"
    "    task_id='train',\n"
    f"    bash_command='export HOME={HOME}airflow && cd backend && python -m src.train',\n"
    f"    env={{'PATH': '{HOME}airflow/.local/bin'}},\n"
    ")\n"
)


def test_repro005_the_home_a_dockerfile_sets_up_is_the_containers() -> None:
    dockerfile = (
        "FROM apache/airflow:2.8.1\n"
        f"ENV HOME={HOME}airflow \\\n"
        f'    PATH="{HOME}airflow/.local/bin:${{PATH}}"\n'
    )
    files = {"docker/airflow/Dockerfile": dockerfile, "dags/pipeline.py": DAG}
    result = check("REPRO005", snapshot_from(files))
    assert result.status is Status.PASS


def test_repro005_the_home_of_a_user_the_dockerfile_adds_is_the_containers() -> None:
    dockerfile = "FROM python:3.11-slim\nRUN useradd -m runner\nUSER runner\n"
    code = f"CACHE = '{HOME}runner/.cache/models'\n"
    result = check("REPRO005", snapshot_from({"Dockerfile": dockerfile, "app.py": code}))
    assert result.status is Status.PASS


def test_repro005_another_home_beside_the_containers_still_counts() -> None:
    dockerfile = f"FROM apache/airflow:2.8.1\nENV HOME={HOME}airflow\n"
    code = DAG + f"DATA = '{HOME}ada/projects/salaries/data.csv'\n"
    result = check("REPRO005", snapshot_from({"Dockerfile": dockerfile, "dag.py": code}))
    assert result.status is Status.FAIL
    assert [e.line for e in result.evidence] == [7]


def test_repro005_a_home_no_container_of_the_project_has_still_counts() -> None:
    result = check("REPRO005", snapshot_from({"dags/pipeline.py": DAG}))
    assert result.status is Status.FAIL


def test_repro005_the_host_side_of_a_compose_mount_is_one_persons_machine() -> None:
    # `- /home/alice/data:/data` mounts alice's folder into the container: the left of the
    # colon is the host's, so code reading /home/alice still points into her machine. The
    # right of it is the container's own (`~/.aws:/home/airflow/.aws`).
    compose = (
        "services:\n  train:\n    volumes:\n"
        f"      - {HOME}alice/data:/data\n"
        f"      - ~/.aws:{HOME}airflow/.aws:ro\n"
    )
    reading = f"import pandas as pd\ndf = pd.read_csv('{HOME}alice/data/train.csv')\n"
    files = {"docker-compose.yml": compose, "train.py": reading}
    result = check("REPRO005", snapshot_from(files))
    assert result.status is Status.FAIL
    assert [e.path for e in result.evidence] == ["train.py"]
    result = check("REPRO005", snapshot_from({**files, "dags/pipeline.py": DAG}))
    assert [e.path for e in result.evidence] == ["train.py"]
