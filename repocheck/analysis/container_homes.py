"""The home folders of the users a project's own containers run as.

An Airflow DAG that exports ``HOME=/home/airflow``, or an app caching models in
``/home/runner/.cache``, names a folder that exists in every run of the image the project
builds, not one person's machine: the Dockerfile beside it sets that home up (``ENV
HOME=/home/airflow``, ``RUN useradd -m runner``), or builds on an image whose user has it.
Read from the Dockerfiles and compose files the project commits, once per snapshot.
"""

from __future__ import annotations

import re

from repocheck.analysis.cache import per_object
from repocheck.analysis.docker_images import DOCKERFILE
from repocheck.facts.snapshot import Snapshot
from repocheck.patterns import compile_on_use

#: docker-compose.yml, compose.yaml, docker-compose.dev.yml.
_COMPOSE = compile_on_use(r"(^|/)(docker-)?compose[^/]*\.ya?ml$")
#: A home folder the file names: ``/home/airflow`` in ``ENV HOME=``, a ``WORKDIR`` or a mount.
_NAMED_HOME = compile_on_use(r"(?<![\w.~-])/home/([A-Za-z0-9_][A-Za-z0-9_.-]*)")
#: A command adding a user, whose last word is the user's name.
_ADDING = ("useradd", "adduser")
_USER_NAME = compile_on_use(r"[A-Za-z_][A-Za-z0-9_-]*")
_FROM = compile_on_use(r"^[ \t]*FROM[ \t]+(?:--\S+[ \t]+)*(\S+)", re.IGNORECASE | re.MULTILINE)
#: Images built to run as a user of their own, by repository prefix, and that user.
_IMAGE_USERS = (
    ("apache/airflow", "airflow"),
    ("jupyter/", "jovyan"),
    ("quay.io/jupyter/", "jovyan"),
)


@per_object
def container_homes(snapshot: Snapshot) -> frozenset[str]:
    """``/home/<user>`` for each user a committed Dockerfile or compose file sets up."""
    users: set[str] = set()
    for path, text in snapshot.texts.items():
        dockerfile = bool(DOCKERFILE.search(path))
        if not dockerfile and not _COMPOSE.search(path):
            continue
        users.update(
            match.group(1)
            for match in _NAMED_HOME.finditer(text)
            # In a compose file, only the container's side of a mount (after its colon):
            # ``- /home/alice/data:/data`` mounts alice's own folder from her machine.
            if dockerfile or text[match.start() - 1 : match.start()] == ":"
        )
        if dockerfile:
            users.update(_added_users(text))
            for match in _FROM.finditer(text):
                image = match.group(1).removeprefix("docker.io/").lower()
                users.update(user for prefix, user in _IMAGE_USERS if image.startswith(prefix))
    return frozenset(f"/home/{user}" for user in users)


def _added_users(text: str) -> list[str]:
    """The users a Dockerfile adds: ``RUN useradd -m -u 1000 runner && ...`` adds runner (the
    command's last word that is no option), each command read up to its ``&&`` or ``;``."""
    found = []
    for line in text.splitlines():
        if not any(word in line for word in _ADDING):
            continue
        for command in line.replace("&&", ";").split(";"):
            words = command.split()
            if not any(word in _ADDING for word in words) or len(words) < 2:
                continue
            last = words[-1] if words[-1] != "\\" else words[-2]
            if _USER_NAME.fullmatch(last) and last not in _ADDING:
                found.append(last)
    return found


def in_container_home(path: str, homes: frozenset[str]) -> bool:
    """Whether ``path`` (an absolute path as the code writes it) lies in one of ``homes``."""
    return any(path == home or path.startswith(f"{home}/") for home in homes)
