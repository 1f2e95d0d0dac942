"""REPRO003: a framework's Docker base image provides the framework."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

MODEL = "import torch\nfrom transformers import AutoModel\n"


def test_repro003_torch_from_the_base_image_of_the_dockerfile_is_declared() -> None:
    # NVIDIA's PyTorch container ships a torch built for its CUDA; `pip install torch` on top
    # of it would replace that build, so requirements.txt leaves torch out on purpose.
    files = {
        "Dockerfile": (
            "FROM nvcr.io/nvidia/pytorch:24.04-py3\n"
            "COPY requirements.txt .\nRUN pip install -r requirements.txt\n"
        ),
        "requirements.txt": "transformers==4.40.0\n",
        "project/model.py": MODEL,
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert "torch comes with the Docker base image (Dockerfile)" in result.message


def test_repro003_other_base_images_provide_nothing() -> None:
    for image in ("python:3.11-slim", "ubuntu:22.04", "mycompany/pytorch-tools:1"):
        files = {
            "docker/train.Dockerfile": f"FROM --platform=linux/amd64 {image} AS base\n",
            "requirements.txt": "transformers==4.40.0\n",
            "project/model.py": MODEL,
        }
        result = check("REPRO003", snapshot_from(files))
        assert result.status is Status.WARN, (image, result.message)
        assert "torch" in result.message, image


def test_repro003_an_image_without_a_dependency_file_declares_what_it_ships() -> None:
    files = {
        "Dockerfile": "ARG TAG=2.3.0-cuda12.1-cudnn8-runtime\nFROM pytorch/pytorch:${TAG}\n",
        "train.py": "import torch\nimport torchvision\n",
    }
    result = check("REPRO003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert [(e.path, e.line) for e in result.evidence] == [("Dockerfile", 2)]


def test_repro003_airflow_from_an_airflow_base_image_is_declared() -> None:
    # An Airflow image (apache/airflow, or the older puckel/docker-airflow) ships Airflow and
    # its pinned constraints; the DAGs' requirements.txt adds only what the tasks need, and a
    # `pip install apache-airflow` on top would replace the image's build.
    for image in ("puckel/docker-airflow:1.10.9", "apache/airflow:2.9.1-python3.11"):
        files = {
            "pipeline/Dockerfile": f"FROM {image}\nCOPY requirements.txt .\n",
            "pipeline/requirements.txt": "scikit-learn==0.24.1\n",
            "pipeline/dags/dag.py": "from airflow import DAG\nimport sklearn\n",
        }
        result = check("REPRO003", snapshot_from(files))
        assert result.status is Status.PASS, (image, result.message)
        assert "airflow" in result.message, image


def test_repro003_astronomers_runtime_image_ships_airflow_and_pendulum() -> None:
    # An Astro project (`astro dev init`) builds FROM Astronomer's Astro Runtime, an Airflow
    # image; its requirements.txt adds only the tasks' packages. Airflow requires pendulum,
    # which DAGs import for their start_date.
    for image in ("quay.io/astronomer/astro-runtime:11.0.0", "quay.io/astronomer/ap-airflow:2.2"):
        files = {
            "Dockerfile": f"FROM {image}\n",
            "requirements.txt": "scikit-learn==1.3.0\n",
            "dags/dag.py": "from airflow import DAG\nimport pendulum\nimport sklearn\n",
        }
        result = check("REPRO003", snapshot_from(files))
        assert result.status is Status.PASS, (image, result.message)
        assert "airflow" in result.message, image
