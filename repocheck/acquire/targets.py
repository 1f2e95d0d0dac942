"""Targets: what the user typed, turned into a local folder or a remote repository to clone.

Accepted: a local path; an ``https://``, ``ssh://``, ``git://`` or ``file://`` URL; the scp-like
``user@host:owner/repo``; ``gh:owner/repo``; and ``owner/repo`` when no such local path exists.
``@ref`` after a URL's last path segment (or ``--ref``) names a branch, tag or commit.

Everything here refuses rather than guesses: a target or ref that starts with ``-`` (git would
read it as an option), ``transport::address`` (git's remote helpers, ``ext::`` runs commands),
other schemes, passwords in the URL, and plain ``http://`` to anything but this machine.

A user name in the URL never reaches a display: the canonical name and every message are
without it (userinfo.py). For an http(s) clone it becomes a header, like a token; ssh keeps it
as the login; the git and file transports have no use for it and drop it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from repocheck.acquire.errors import AcquireError
from repocheck.acquire.userinfo import Credential, without_userinfo
from repocheck.patterns import compile_on_use

GITHUB_URL = "https://github.com"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
#: The transports git may use for a clone (git's ``protocol.allow``); http only to loopback.
TRANSPORTS = ("https", "ssh", "git", "file")

_SCHEME = compile_on_use(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SHORTHAND = compile_on_use(
    r"^(?:gh:)?([A-Za-z0-9][A-Za-z0-9-]{0,38})/([A-Za-z0-9._-]+?)(?:@(.+))?$"
)
_SCP = compile_on_use(r"^(?:([A-Za-z0-9._-]+)@)?([A-Za-z0-9.-]+):(?!//)(.+)$")
_BAD_REF = compile_on_use(r"[\x00-\x20\x7f~^:?*\[\\]|\.\.|@\{|//")
#: git's ``<transport>::<address>`` (transport.c): scheme characters, then ``::``.
_HELPER = compile_on_use(r"^[A-Za-z0-9+.-]*::")


@dataclass(frozen=True)
class Remote:
    """A repository to clone: where from, what the report calls it, and what git may use."""

    clone_url: str
    canonical: str
    name: str
    ref: str | None = None
    token_scope: str | None = None  # the URL prefix a GitHub token may be sent to
    transports: tuple[str, ...] = TRANSPORTS
    credential: Credential | None = None  # the http(s) URL's user name, sent as a header


def check_ref(ref: str) -> str:
    """Return ``ref`` when it can only be read as a ref name or commit, else AcquireError."""
    if (
        not ref
        or ref.startswith(("-", "/", "."))
        or ref.endswith(("/", ".", ".lock"))
        or _BAD_REF.search(ref)
    ):
        raise AcquireError(f"{ref!r} is not a branch, tag or commit name")
    return ref


def _clean_name(path: str) -> str:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    last = last.rsplit(":", 1)[-1].removesuffix(".git")
    name = re.sub(r"[^A-Za-z0-9._-]", "_", last).lstrip(".-")
    return name or "repo"


def _split_ref(text: str) -> tuple[str, str | None]:
    """``url@ref`` -> (url, ref) when the ``@`` follows the URL's last ``/`` and ``:``.

    An ``@`` inside a URL's authority (``https://TOKEN@host``) ends a user name, not a ref.
    """
    at = text.rfind("@")
    scheme = _SCHEME.match(text)
    if scheme and "/" not in text[scheme.end() :]:
        return text, None
    if at > max(text.rfind("/"), text.rfind(":")):
        return text[:at], text[at + 1 :]
    return text, None


def _netloc(parts: SplitResult) -> str:
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{parts.port}" if parts.port else host


def _github_base(github_url: str) -> SplitResult:
    parts = urlsplit(github_url.strip().rstrip("/"))
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise AcquireError(f"--github-url must be an https:// URL, not {github_url!r}")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise AcquireError("--github-url must use https (plain http only to this machine)")
    return parts


def _scope(parts: SplitResult, github: SplitResult) -> str | None:
    """Where a token may go: the GitHub host itself, over https (or http to loopback)."""
    same_host = (parts.scheme, _netloc(parts)) == (github.scheme, _netloc(github))
    return f"{parts.scheme}://{_netloc(parts)}/" if same_host else None


def _web_url(parts: SplitResult, github: SplitResult) -> str:
    path = parts.path.rstrip("/")
    if _netloc(parts) == _netloc(github):
        path = path.removesuffix(".git")
    return f"{parts.scheme}://{_netloc(parts)}{path}"


def _from_shorthand(owner: str, repo: str, ref: str | None, github_url: str) -> Remote:
    github = _github_base(github_url)
    repo = repo.removesuffix(".git")
    url = f"{github.scheme}://{_netloc(github)}{github.path}/{owner}/{repo}"
    return _from_url(url, ref, github_url)


def _transports(parts: SplitResult) -> tuple[str, ...]:
    if parts.scheme == "http":
        if parts.hostname not in LOOPBACK:
            raise AcquireError(
                f"plain http to {parts.hostname} is refused (use https): "
                "only this machine may be reached without encryption"
            )
        return (*TRANSPORTS, "http")
    if parts.scheme not in TRANSPORTS:
        raise AcquireError(f"{parts.scheme}:// URLs are not supported (use https, ssh or git)")
    return TRANSPORTS


def _credential(parts: SplitResult) -> Credential | None:
    """The user name of an http(s) URL, checked to fit in a header; None without one."""
    if parts.username is None or parts.scheme not in ("https", "http"):
        return None
    user = unquote(parts.username)
    if not user or any(not ch.isprintable() or ch.isspace() for ch in user):
        raise AcquireError("the user name in the URL is empty or holds control characters")
    return Credential(f"{parts.scheme}://{_netloc(parts)}/", user)


def _from_url(url: str, ref: str | None, github_url: str) -> Remote:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise AcquireError(f"not a valid URL: {without_userinfo(str(exc))}") from None
    parts = parts._replace(scheme=parts.scheme.lower())
    transports = _transports(parts)
    if parts.password is not None:
        raise AcquireError("a password in the URL is refused: give a token with GITHUB_TOKEN")
    if parts.scheme != "file" and not parts.hostname:
        raise AcquireError(f"{without_userinfo(url)}: no host in the URL")
    if (parts.hostname or "").startswith("-") or (parts.username or "").startswith("-"):
        raise AcquireError("a host or user name in the URL may not start with '-'")
    github = _github_base(github_url)
    if parts.scheme != "ssh" and "@" in parts.netloc:  # only ssh logs in with the user name
        url = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    if parts.scheme == "file":
        canonical = f"file://{parts.path.rstrip('/')}"
    elif parts.scheme in ("https", "http"):
        canonical = _web_url(parts, github)
    else:
        canonical = without_userinfo(url)
    return Remote(
        clone_url=url,
        canonical=canonical,
        name=_clean_name(parts.path),
        ref=ref,
        token_scope=_scope(parts, github) if parts.scheme in ("https", "http") else None,
        transports=transports,
        credential=_credential(parts),
    )


def _from_scp(match: re.Match[str], ref: str | None, github_url: str) -> Remote:
    user, host, path = match.groups()
    if host.startswith("-"):
        raise AcquireError(f"{host}: a host may not start with '-'")
    github = _github_base(github_url)
    original = f"{user}@{host}:{path}" if user else f"{host}:{path}"
    canonical = without_userinfo(original)
    if host.lower() == (github.hostname or "").lower():
        canonical = f"https://{host.lower()}/{path.removesuffix('.git')}"
    return Remote(original, canonical, _clean_name(path), ref)


def _refuse_unsafe(target: str) -> None:
    if target.startswith("-"):
        raise AcquireError(f"{without_userinfo(target)}: a target may not start with '-'")
    if _HELPER.match(target):
        raise AcquireError(
            f"{without_userinfo(target)}: git transport helpers ('name::address') are refused"
        )
    if any(ch.isspace() or not ch.isprintable() for ch in target):
        raise AcquireError("the target contains spaces or control characters")


def _local_remote(path: Path, ref: str | None) -> Remote:
    """A local repository analyzed at a ref (or a bare one at its HEAD): cloned like a
    remote, from ``file://``."""
    resolved = path.resolve()
    return Remote(resolved.as_uri(), str(path), _clean_name(resolved.name), ref)


def _is_git_dir(path: Path) -> bool:
    """A repository's own folder of objects and refs: a bare repository, or a work tree's
    ``.git``. Read as a folder of files, it would be scored as a project of git's internals."""
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()


def _git_dir_remote(path: Path, target: str, ref: str | None) -> Remote:
    """A bare repository is analyzed at its HEAD (or ``ref``), cloned like any other; a work
    tree's ``.git`` folder means the work tree, which holds what is not committed yet."""
    if path.resolve().name == ".git":
        raise AcquireError(
            f"{target}: the .git folder of {path.parent}: analyze that folder instead"
        )
    return _local_remote(path, ref)


def parse_target(
    target: str, ref: str | None = None, github_url: str = GITHUB_URL
) -> Path | Remote:
    """A local folder (returned as a Path) or the Remote to clone; AcquireError otherwise."""
    if not target:
        # Path("") is the current folder: an empty argument (an unset shell variable) must
        # not analyze whatever folder the command happens to run in.
        raise AcquireError("an empty target: give a folder, a git URL or gh:OWNER/REPO")
    if ref is not None:
        check_ref(ref)
    local = Path(target)
    if not target.startswith("gh:") and local.exists():
        if local.is_dir() and _is_git_dir(local):
            return _git_dir_remote(local, target, ref)
        return _local_remote(local, ref) if ref is not None and local.is_dir() else local
    _refuse_unsafe(target)
    return _parse_remote(target, ref, github_url)


def _parse_remote(target: str, ref: str | None, github_url: str) -> Remote:
    """The Remote for a target that is not a local path."""
    shorthand = _SHORTHAND.match(target)
    if shorthand and (target.startswith("gh:") or not _SCHEME.match(target)):
        owner, repo, at_ref = shorthand.groups()
        return _from_shorthand(owner, repo, _pick_ref(ref, at_ref), github_url)
    if target.startswith("gh:"):
        raise AcquireError(f"{without_userinfo(target)}: expected gh:OWNER/REPO")
    text, at_ref = _split_ref(target)
    if _SCHEME.match(text):
        return _from_url(text, _pick_ref(ref, at_ref), github_url)
    scp = _SCP.match(text)
    if scp and "/" not in scp.group(2):
        return _from_scp(scp, _pick_ref(ref, at_ref), github_url)
    raise AcquireError(f"{without_userinfo(target)}: no such file or directory")


def _pick_ref(option: str | None, suffix: str | None) -> str | None:
    if option is not None and suffix is not None and option != suffix:
        raise AcquireError(f"two refs given: @{suffix} and --ref {option}")
    chosen = option if option is not None else suffix
    return check_ref(chosen) if chosen is not None else None
