"""Clone a remote repository through GitPython: full history, blobs of one commit, within limits.

The clone is blobless (``--filter=blob:none``): every commit and tree, so the history rules see
the whole history, but file contents only for the commit that is checked out. On a history of
3,000 commits that is 2-4 times faster than a full clone and moves 5-20 times fewer bytes
(docs/clone-performance.md). A server that cannot filter sends everything, which still works.

Every git process runs in its own process group under a watchdog that kills the group when
the clone outlives its time budget or its folder outgrows the size budget, and on Ctrl-C.
Afterwards the clone is sealed: it forgets its promisor remote, so no later git command of
the facts layer can go back to the network for a missing object.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from repocheck.acquire.errors import AcquireError
from repocheck.acquire.gitsafe import git_environment, git_options, scrub, secrets_of
from repocheck.acquire.targets import Remote
from repocheck.acquire.userinfo import without_userinfo

BLOBLESS = "--filter=blob:none"
#: How much of git's standard error is kept to explain a failure.
STDERR_TAIL = 16_384


@dataclass(frozen=True)
class CloneLimits:
    """How long a clone may take and how large its folder may grow."""

    timeout: float = 300.0
    max_bytes: int = 1_000_000_000


def disk_usage(root: Path) -> int:
    """Bytes of the files below ``root``, symlinks not followed, vanished files ignored."""
    total = 0
    pending = [str(root)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                else:
                    total += entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue  # git renames its temporary packs while we look
    return total


class _Tail:
    """Reads a stream to its end on a thread, keeping only its last bytes."""

    def __init__(self, stream: IO[bytes] | None) -> None:
        self._data = b""
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[bytes] | None) -> None:
        if stream is None:
            return
        for chunk in iter(lambda: stream.read(4096), b""):
            self._data = (self._data + chunk)[-STDERR_TAIL:]

    def text(self) -> str:
        self._thread.join(timeout=2)
        return self._data.decode("utf-8", "replace")


class Session:
    """The git commands of one clone: same options, environment, deadline and size budget."""

    def __init__(self, remote: Remote, token: str | None, limits: CloneLimits) -> None:
        with_token = bool(token and remote.token_scope) and remote.credential is None
        self.remote = remote
        self.limits = limits
        self.options = git_options(remote, with_token or remote.credential is not None)
        self.env = git_environment(remote, token)
        self.secrets = secrets_of(token) + (remote.credential.secrets if remote.credential else ())
        self.with_token = with_token
        self.deadline = time.monotonic() + limits.timeout

    def run(self, cwd: Path, watch: Path | None, *args: str) -> tuple[int, str, str]:
        """Run ``git <args>``; returns (status, stdout, stderr), or raises on a broken limit.

        ``watch`` is the folder whose size is held to the budget; None for a command that
        writes nothing (``ls-remote``), which only the deadline bounds.
        """
        import git  # GitPython costs ~100 ms to import: only a clone pays for it

        process = git.Git(str(cwd)).execute(
            ["git", *self.options, *args],
            as_process=True,
            env=self.env,
            start_new_session=True,  # Ctrl-C reaches us, not git; we end the whole group
        )
        popen = process.proc
        assert popen is not None
        errors = _Tail(popen.stderr)
        output = _Tail(popen.stdout)
        try:
            self._watch(popen, watch)
        finally:
            _kill_group(popen)
        if popen.returncode == 0 and watch is not None:
            self._check_size(watch)  # a fast checkout can finish between two looks
        stderr = without_userinfo(scrub(errors.text(), self.secrets))
        return popen.returncode, output.text(), stderr

    def _check_size(self, watch: Path) -> None:
        if disk_usage(watch) > self.limits.max_bytes:
            raise AcquireError(
                f"cannot clone {self.remote.canonical}: larger than "
                f"{self.limits.max_bytes // 1_000_000} MB (--max-repo-size)"
            )

    def _watch(self, popen: subprocess.Popen[bytes], watch: Path | None) -> None:
        interval = 0.05
        while popen.poll() is None:
            if time.monotonic() > self.deadline:
                raise AcquireError(
                    f"cannot clone {self.remote.canonical}: no answer within "
                    f"{self.limits.timeout:g} s (--clone-timeout)"
                )
            started = time.monotonic()
            if watch is not None:
                self._check_size(watch)
            # Measuring a big folder costs time: look less often, never more than 1 s apart.
            interval = min(1.0, max(interval * 1.5, 4 * (time.monotonic() - started)))
            # Wake as soon as git ends: a quick command (ls-remote) should not wait a whole look.
            with contextlib.suppress(subprocess.TimeoutExpired):
                popen.wait(timeout=interval)


def _kill_group(popen: subprocess.Popen[bytes]) -> None:
    """End git and every helper it started (remote-https, index-pack) if it is still running."""
    if popen.poll() is None:
        try:
            os.killpg(popen.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            popen.kill()
    popen.wait()


#: git's words for a failure (lower-cased) -> what the user is told.
_FAILURES = (
    (("returned error: 403",), "access denied (HTTP 403)"),
    (
        (
            "could not read username",
            "could not read password",
            "authentication failed",
            "returned error: 401",
        ),
        "authentication failed",
    ),
    (
        (
            "not found",
            "no such repository",
            "does not appear to be a git repository",
            "repository not exported",
            "returned error: 404",
        ),
        "repository not found",
    ),
    (("could not resolve host",), "cannot resolve the host"),
    (("connection refused", "failed to connect", "couldn't connect"), "cannot connect"),
    (("not allowed",), "transport refused"),
)


def _last_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    last = (fatal or lines or ["git exited with an error"])[-1]
    return last.removeprefix("fatal:").removeprefix("error:").strip()[:200]


def explain(stderr: str, session: Session) -> str:
    """One line saying why the clone failed, with the next step when there is one."""
    remote = session.remote
    lowered = stderr.lower()
    reason = next(
        (said for words, said in _FAILURES if any(word in lowered for word in words)), None
    )
    if reason is None:
        return f"cannot clone {remote.canonical}: {_last_error(stderr)}"
    return f"cannot clone {remote.canonical}: {reason}{_next_step(reason, session)}"


def _next_step(reason: str, session: Session) -> str:
    """What to do about a refused or missing repository, given where a token may go."""
    could_use_token = session.remote.token_scope is not None and not session.with_token
    if session.remote.credential is not None:
        could_use_token = False
        if reason == "authentication failed":
            return ": the user name in the URL was refused"
    if reason == "authentication failed":
        if session.with_token:
            return ": the token was refused"
        if could_use_token:
            return ": private repository? set GITHUB_TOKEN or --token"
        return " (repocheck sends a token only to the --github-url host)"
    if reason == "repository not found" and could_use_token:
        return " (if it is private, set GITHUB_TOKEN or --token)"
    return ""


def _resolve(session: Session, destination: Path, ref: str) -> tuple[str, bool] | None:
    """(commit, is a branch) for ``ref``: a branch of origin, else a tag, else a commit."""
    candidates = ((f"refs/remotes/origin/{ref}", True), (f"refs/tags/{ref}", False), (ref, False))
    for name, is_branch in candidates:
        status, out, _ = session.run(
            destination,
            destination,
            "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}",
        )  # fmt: skip
        if status == 0:
            return out.strip(), is_branch
    return None


def _checkout(session: Session, destination: Path, ref: str) -> None:
    """Check out ``ref``; a branch is checked out as a branch, anything else detached."""
    found = _resolve(session, destination, ref)
    if found is None:
        raise AcquireError(
            f"cannot clone {session.remote.canonical}: no branch, tag or commit {ref!r}"
        )
    sha, is_branch = found
    move = ["-B", ref] if is_branch else ["--detach"]
    status, _, err = session.run(destination, destination, "checkout", "--quiet", *move, sha)
    if status != 0:
        raise AcquireError(explain(err, session))


def _seal(session: Session, destination: Path) -> None:
    """Forget the promisor remote: a missing object is an error, never a network fetch."""
    for key in ("remote.origin.promisor", "remote.origin.partialclonefilter"):
        session.run(destination, destination, "config", "--local", "--unset-all", key)
    session.run(destination, destination, "config", "--local", "--unset", "extensions.partialclone")


def clone_into(remote: Remote, destination: Path, token: str | None, limits: CloneLimits) -> None:
    """Clone ``remote`` into ``destination`` (absent or empty) and check out its ref."""
    destination = destination.absolute()  # git runs in its parent: a relative path would move
    session = Session(remote, token, limits)
    args = ["clone", "--quiet", "--template=", BLOBLESS]
    if remote.ref is not None:
        args.append("--no-checkout")
    status, _, err = session.run(
        destination.parent, destination, *args, "--", remote.clone_url, str(destination)
    )
    if status != 0:
        raise AcquireError(explain(err, session))
    if remote.ref is not None:
        _checkout(session, destination, remote.ref)
    _seal(session, destination)
