"""Run read-only git commands on an analyzed repository without letting it run anything.

A repository's own ``.git/config`` and ``.gitattributes`` are attacker-controlled when the
repository is. Every git command on analyzed content goes through :func:`run_git` or
:func:`git_process`, which switch off the settings through which a read could start a program
(fsmonitor hooks, hooks, pagers, signature checks, lazy fetches over any transport), pin the
settings that change what git prints (so a repository cannot break the parsing of its history),
and stop git from taking locks or asking for credentials. Each command reads the repository of
the folder it runs in (never one the environment names) and is killed after GIT_TIMEOUT.

The system and global configurations are left in force: they are the machine's and the
user's own, not the repository's, and ``safe.directory`` (which keeps git from reading another
user's repository) lives there.

What cannot be switched off by name (a filter driver's ``smudge``/``clean``/``process``, a diff
driver's ``textconv``/``command``: the driver names are the repository's) is never reached:
repocheck runs no command that checks files out, converts them or shows a diff. A commit is read
with ``ls-tree`` and ``cat-file``, which hand out the stored bytes as they are.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from subprocess import DEVNULL, PIPE, Popen

from repocheck.patterns import compile_on_use

SAFE_OPTIONS = (
    "-c", "core.fsmonitor=false",
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.pager=cat",
    "-c", "core.quotepath=off",
    "-c", "core.untrackedCache=false",
    "-c", "log.showSignature=false",
    "-c", "log.follow=false",
    "-c", "log.mailmap=false",
    "-c", "i18n.logOutputEncoding=UTF-8",
    "-c", "color.ui=false",
    "-c", "gc.auto=0",
    "-c", "maintenance.auto=false",
    "-c", "submodule.recurse=false",
    "-c", "protocol.allow=never",
    # A folder that merely looks like a bare repository is never picked up as one.
    "-c", "safe.bareRepository=explicit",
    "--no-pager",
)  # fmt: skip

SAFE_ENV = {
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    # Overrides any protocol.<name>.allow of the repository's config: no transport at all, so
    # a partial clone's lazy fetch cannot reach a remote (or an ``ext::`` command) either.
    "GIT_ALLOW_PROTOCOL": "",
    "GIT_LFS_SKIP_SMUDGE": "1",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "LC_ALL": "C",
}

#: Seconds any one git command may take. A repository's config can make git wait forever
#: (an ``include.path`` or ``objects/info/alternates`` that is a FIFO): it is stopped instead.
GIT_TIMEOUT = 300.0

#: A full object id: SHA-1 (40 hex digits) or SHA-256 (64).
_OBJECT_ID = compile_on_use(r"[0-9a-f]{40}|[0-9a-f]{64}")

#: What git says when a repository is owned by another user (``safe.directory``).
DUBIOUS = "dubious ownership"


class GitError(Exception):
    """A git command failed; the message is git's own first line."""


def object_id(value: str | None) -> str | None:
    """``value`` when it is a full hexadecimal object id, else None (never an option or a ref)."""
    if value is None:
        return None
    value = value.strip().lower()
    return value if _OBJECT_ID.fullmatch(value) else None


def safe_command(*args: str) -> list[str]:
    """The git command line for ``args`` with the options that keep the repository inert."""
    return ["git", *SAFE_OPTIONS, *args]


#: Variables that point git at a repository other than the one found from the folder it runs
#: in. git sets them for hooks, so they are set when repocheck runs in one; the analysis reads
#: the folder it is given, and the repository repocheck makes for a pull request's base must
#: never be confused with the user's (its init, update-ref and read-tree would write there).
REPOSITORY_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
)


def safe_env() -> dict[str, str]:
    """The environment for a git command on analyzed content."""
    env = {**os.environ, **SAFE_ENV}
    for name in REPOSITORY_VARIABLES:
        env.pop(name, None)
    return env


def _end(process: subprocess.Popen[bytes]) -> None:
    """Kill git and anything it started, if still running (a deadline, Ctrl-C, an error)."""
    if process.poll() is None:
        with suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _start(
    cwd: Path, args: tuple[str, ...], env: dict[str, str], pipes: tuple[int, int, int]
) -> Popen[bytes]:
    """Start git with (stdin, stdout, stderr) ``pipes``, in its own process group.

    The group is what a deadline kills: git and whatever it started.
    """
    stdin, stdout, stderr = pipes
    try:
        return Popen(
            safe_command(*args),
            cwd=cwd,
            env=env,
            stdin=stdin,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    except FileNotFoundError as exc:
        raise GitError("git is not installed") from exc
    except OSError as exc:
        raise GitError(f"git could not start: {exc.strerror or exc}") from exc


def run_git(cwd: Path, *args: str) -> str:
    """Run ``git <args>`` in ``cwd`` and return its standard output.

    Started with the standard library rather than GitPython: GitPython's deadline finds the
    children to kill by running ``pgrep``/``ps``, and git and ruff are the only programs
    repocheck starts.
    """
    process = _start(cwd, args, safe_env(), (DEVNULL, PIPE, PIPE))
    try:
        out, err = process.communicate(timeout=GIT_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} did not finish within {GIT_TIMEOUT:g} seconds") from exc
    finally:
        _end(process)
    if process.returncode != 0:
        first = err.decode("utf-8", "replace").strip().splitlines()
        raise GitError(first[0] if first else f"git {args[0]} exited with {process.returncode}")
    return out.decode("utf-8", "surrogateescape")


@contextmanager
def git_process(cwd: Path, *args: str) -> Iterator[subprocess.Popen[bytes]]:
    """``git <args>`` running in ``cwd`` with pipes for a conversation (``cat-file --batch``).

    The process is killed after GIT_TIMEOUT seconds (the conversation then ends with
    end-of-file or a broken pipe, which the caller takes as a failure) and when the block ends.
    """
    process = _start(cwd, args, safe_env(), (PIPE, PIPE, DEVNULL))
    watchdog = threading.Timer(GIT_TIMEOUT, _end, (process,))
    watchdog.daemon = True
    watchdog.start()
    try:
        yield process
    finally:
        watchdog.cancel()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with suppress(OSError):
                    stream.close()
        _end(process)
