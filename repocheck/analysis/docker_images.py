"""The Python packages a Dockerfile's base image already holds.

A project run in NVIDIA's PyTorch container, or built ``FROM pytorch/pytorch``, gets torch
from the image: its requirements file leaves torch out on purpose, since ``pip install
torch`` on top would replace the image's build for its CUDA. Only images that exist to ship a
framework (or an orchestrator, such as Airflow) are listed; a ``python:3.11`` or a team's own image says nothing about what is
installed.
"""

from __future__ import annotations

import re

from repocheck.analysis.requirements import Declared
from repocheck.patterns import compile_on_use

#: Dockerfile, Dockerfile.gpu, docker/train.Dockerfile.
DOCKERFILE = compile_on_use(r"(^|/)(Dockerfile[^/]*|[^/]+\.[Dd]ockerfile)$")
_FROM = compile_on_use(r"^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(\S+)", re.IGNORECASE | re.MULTILINE)
#: Framework images (registry and repository, without the tag) and the distributions in them.
IMAGE_PACKAGES: dict[str, tuple[str, ...]] = {
    "pytorch/pytorch": ("torch", "torchvision", "torchaudio"),
    "nvcr.io/nvidia/pytorch": ("torch", "torchvision"),
    "rocm/pytorch": ("torch", "torchvision"),
    "tensorflow/tensorflow": ("tensorflow",),
    "nvcr.io/nvidia/tensorflow": ("tensorflow",),
    "jupyter/pytorch-notebook": ("torch", "torchvision", "torchaudio"),
    "quay.io/jupyter/pytorch-notebook": ("torch", "torchvision", "torchaudio"),
    "jupyter/tensorflow-notebook": ("tensorflow",),
    "quay.io/jupyter/tensorflow-notebook": ("tensorflow",),
    # Airflow's images ship Airflow under its constraints; the DAGs' requirements add the
    # tasks' own packages on top (puckel's was the common image before Airflow's own).
    "apache/airflow": ("apache-airflow",),
    "puckel/docker-airflow": ("apache-airflow",),
    # Astronomer's Astro Runtime (and Astronomer Certified before it), the image every
    # `astro dev init` project builds FROM, is Airflow's image with Astronomer's additions.
    "quay.io/astronomer/astro-runtime": ("apache-airflow",),
    "quay.io/astronomer/ap-airflow": ("apache-airflow",),
}


def _repository(image: str) -> str:
    """``docker.io/pytorch/pytorch:2.3.0-cuda12.1`` -> ``pytorch/pytorch``."""
    name = image.split("@", 1)[0]
    slash = name.rfind("/")
    if ":" in name[slash + 1 :]:
        name = name[: name.rindex(":")]
    return name.removeprefix("docker.io/").lower()


def image_packages(path: str, text: str) -> list[Declared]:
    """The distributions the framework images a Dockerfile builds ``FROM`` provide, each with
    its ``FROM`` line."""
    found = []
    for match in _FROM.finditer(text):
        image = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        for name in IMAGE_PACKAGES.get(_repository(image), ()):
            found.append(Declared(path, line, name, f"FROM {image}", pinned=":" in image))
    return found
