"""History and hygiene rules: how the project grew in git, and what it should never have committed.

GIT001 and GIT002 read the commit history and skip without one; GIT003-GIT006 read the file
inventory, so they also work on a folder that is not a git repository.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timezone
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from repocheck.facts.snapshot import Commit, Snapshot
from repocheck.model import Evidence, Metrics, Result, Status
from repocheck.registry import rule

if TYPE_CHECKING:
    import pathspec

#: Commits are not files: evidence about one uses this pseudo-path and a "<sha8> <subject>" snippet.
HISTORY_PATH = "(history)"
MB = 1_000_000


def _clip(text: str, limit: int = 100) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def _commit_evidence(commit: Commit, suffix: str = "") -> Evidence:
    return Evidence(HISTORY_PATH, None, _clip(f"{commit.sha[:8]} {commit.subject}{suffix}"))


def _own_commits(snapshot: Snapshot) -> list[Commit]:
    """Non-merge commits, newest first: a merge records joining work, not doing it."""
    return [commit for commit in snapshot.history.commits if commit.parents <= 1]


def _result(
    status: Status, score: float, message: str, evidence: list[Evidence], metrics: Metrics
) -> Result:
    makers = {Status.PASS: Result.passed, Status.WARN: Result.warned, Status.FAIL: Result.failed}
    return makers[status](message, evidence, metrics, score=round(score, 3))


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


# --- GIT001 --------------------------------------------------------------------------------


def _utc_day(timestamp: int) -> date:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).date()


def _dump_verdict(commits: int, days: int) -> tuple[Status, float, str]:
    if commits <= 3:
        return Status.FAIL, 0.0, "too few to show how the project was built"
    if days <= 1 and commits <= 5:
        return Status.FAIL, 0.0, "it looks uploaded in one go"
    if commits <= 5:
        return Status.WARN, 0.5, "the steps of the work are hard to follow"
    if days <= 1:
        return Status.WARN, 0.5, "built in one sitting, a reviewer cannot see it grow"
    return Status.PASS, 1.0, "the history shows the work step by step"


def _first_and_last(commits: list[Commit]) -> list[Evidence]:
    if len(commits) < 2:
        return [_commit_evidence(commit) for commit in commits]
    return [_commit_evidence(commits[-1], " (first)"), _commit_evidence(commits[0], " (last)")]


@rule("GIT001")
def history_is_not_a_dump(snapshot: Snapshot) -> Result:
    """Fail a history of a handful of commits or one day's upload; warn on a thin one."""
    history = snapshot.history
    if not history.available:
        return Result.skipped(history.reason or "no git history")
    commits = _own_commits(snapshot)
    days = sorted({_utc_day(commit.timestamp) for commit in commits})
    span = (days[-1] - days[0]).days if days else 0
    status, score, verdict = _dump_verdict(len(commits), len(days))
    if history.shallow and status is not Status.PASS:
        return Result.skipped("the clone is shallow, so the history seen here is incomplete")
    evidence = _first_and_last(commits)
    spread = f" (first to last: {_plural(span, 'day')})" if span else ""
    message = f"{_plural(len(commits), 'commit')} on {_plural(len(days), 'day')}{spread}: {verdict}"
    metrics: Metrics = {"commits": len(commits), "active_days": len(days), "span_days": span}
    return _result(status, score, message, evidence, metrics)


# --- GIT002 --------------------------------------------------------------------------------

#: Words that say "something changed" and nothing about what or why.
_FILLER = _wordset(
    "update updates updated fix fixes fixed change changes changed commit commits wip stuff misc "
    "minor test tests testing tmp temp asdf save saved edit edits done work progress cleanup "
    "tweak tweaks modify modified upload uploaded push final"
)
#: Words that may pad a filler subject ("some minor changes", "fix bug") without adding content.
_PADDING = _wordset(
    "some small minor more a the few bug bugs code file files things thing it this again new "
    "and misc various stuff another latest last"
)
#: Imperative verbs that make a two-word subject ("Add tests", "Fix typo") informative enough.
_VERBS = _wordset(
    "add fix remove delete refactor rename implement document test bump drop support handle use "
    "move split extract improve speed clean tidy format lint pin upgrade downgrade load save "
    "train plot write update replace simplify vectorize cache log parse validate rewrite "
    "revert merge enable disable expose export import tune optimize optimise release tag"
)
#: Objects that leave "<verb> <object>" as vague as the verb alone ("Fix bug", "Add files").
_VAGUE_OBJECTS = _wordset(
    "stuff thing things change changes code file files it this bug bugs issue issues misc more "
    "some update updates fix fixes wip work"
)
_INITIAL = frozenset(
    {"initial commit", "first commit", "init", "initial", "init commit", "initial upload"}
)
_EXTENSIONLESS = frozenset({"dockerfile", "makefile", "license", "readme", "procfile"})
_WEB_UI = re.compile(r"(?:create|update|delete|rename) (?P<target>\S+)(?: to \S+)?", re.IGNORECASE)
_PR_SUFFIX = re.compile(r"\s*\(#\d+\)$")
_CONVENTIONAL = re.compile(r"^[a-z]+(?:\([^)]*\))?!?:\s*")

#: Reasons a subject says little, most telling first (evidence is sorted by this rank).
_PUNCTUATION, _PLACEHOLDER, _WEB_DEFAULT, _REPEATED_INITIAL, _TOO_SHORT = range(5)


def _is_web_default(subject: str) -> bool:
    if subject.lower() == "add files via upload":
        return True
    match = _WEB_UI.fullmatch(subject)
    if match is None:
        return False
    target = match["target"]
    return "." in target or "/" in target or target.lower() in _EXTENSIONLESS


def _words(text: str) -> list[str]:
    return [word for word in (w.strip(".,;:!?'\"`") for w in text.lower().split()) if word]


def _content_flaw(subject: str) -> int | None:
    """Why ``subject`` (already stripped of a PR suffix) says little, or None when it is fine."""
    if re.fullmatch(r"[\W\d_]*", subject):
        return _PUNCTUATION
    if _is_web_default(subject):
        return _WEB_DEFAULT
    conventional = _CONVENTIONAL.match(subject)
    if conventional is None:
        return _wording_flaw(subject, typed=False)
    return _wording_flaw(subject[conventional.end() :], typed=True)


def _wording_flaw(text: str, *, typed: bool) -> int | None:
    words = _words(text)
    if not words:
        return _PUNCTUATION
    if set(words) <= _FILLER | _PADDING and set(words) & _FILLER:
        return _PLACEHOLDER
    # A typed prefix ("docs: README") already says what kind of change it is.
    short = not typed and len(words) < 3 and len(text) < 12
    if short and not _is_verb_and_object(words):
        return _TOO_SHORT
    return None


def _is_verb_and_object(words: list[str]) -> bool:
    if len(words) != 2 or words[1] in _VAGUE_OBJECTS:
        return False
    verb = words[0]
    # "Added tests" and "Adds tests" say as much as "Add tests".
    return bool({verb, verb[:-1], verb[:-2]} & _VERBS)


def _low_info(commits: list[Commit]) -> list[tuple[int, Commit]]:
    """(reason, commit) for every low-information subject; commits come newest first."""
    found = []
    seen_initial = False
    for commit in reversed(commits):  # oldest first, so the first "Initial commit" is the one kept
        subject = _PR_SUFFIX.sub("", commit.subject.strip())
        if " ".join(_words(subject)) in _INITIAL:
            if seen_initial:
                found.append((_REPEATED_INITIAL, commit))
            seen_initial = True
            continue
        flaw = _content_flaw(subject)
        if flaw is not None:
            found.append((flaw, commit))
    return found


def _subject_evidence(found: list[tuple[int, Commit]], limit: int = 10) -> list[Evidence]:
    """One row per distinct subject, worst reason first, then the most repeated."""
    groups: dict[str, list[tuple[int, Commit]]] = {}
    for reason, commit in found:
        groups.setdefault(commit.subject.strip().lower(), []).append((reason, commit))
    ordered = sorted(groups.values(), key=lambda rows: (rows[0][0], -len(rows)))
    evidence = []
    for rows in ordered[:limit]:
        newest = max(rows, key=lambda row: row[1].timestamp)[1]
        evidence.append(_commit_evidence(newest, f" ({len(rows)} times)" if len(rows) > 1 else ""))
    return evidence


@rule("GIT002")
def informative_commit_messages(snapshot: Snapshot) -> Result:
    """Grade the share of commit subjects that say nothing about the change."""
    history = snapshot.history
    if not history.available:
        return Result.skipped(history.reason or "no git history")
    commits = _own_commits(snapshot)
    if not commits:
        return Result.skipped("no non-merge commits to read")
    found = _low_info(commits)
    share = len(found) / len(commits)
    score = min(1.0, max(0.0, 1 - share / 0.6))
    status = Status.PASS if share <= 0.2 else Status.WARN if share <= 0.5 else Status.FAIL
    message = f"{len(found)} of {_plural(len(commits), 'commit subject')} say little ({share:.0%})"
    metrics: Metrics = {"low_info": len(found), "commits": len(commits), "share": round(share, 3)}
    return _result(status, score, message, _subject_evidence(found), metrics)


# --- GIT003 --------------------------------------------------------------------------------

#: (what, probe paths of which any may be ignored, lines to add when none is).
_IGNORE_PROBES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Python bytecode", ("__pycache__/m.cpython-311.pyc",), ("__pycache__/", "*.py[cod]")),
    (
        "notebook checkpoints",
        (".ipynb_checkpoints/a-checkpoint.ipynb",),
        (".ipynb_checkpoints/",),
    ),
    (
        "virtual environments",
        (".venv/bin/python", "venv/bin/python", "env/bin/python"),
        (".venv/", "venv/"),
    ),
    (
        "model checkpoints",
        ("model.pt", "checkpoints/last.ckpt", "weights/model.pth", "model.safetensors"),
        ("checkpoints/", "*.pt", "*.pth", "*.ckpt"),
    ),
    ("data files", ("data/train.csv", "datasets/train.csv", "train.csv"), ("data/",)),
)


def _unignored(gitignore: str) -> list[tuple[str, tuple[str, ...]]]:
    """(what, lines to add) for each probe kind that the ignore file lets through."""
    spec = _spec(gitignore.splitlines())
    return [
        (what, lines)
        for what, probes, lines in _IGNORE_PROBES
        if not any(spec.match_file(probe) for probe in probes)
    ]


@rule("GIT003")
def gitignore_covers_ml_artefacts(snapshot: Snapshot) -> Result:
    """Test the top-level .gitignore against five kinds of file that never belong in git."""
    text = snapshot.texts.get(".gitignore")
    if text is None:
        if ".gitignore" in snapshot.paths:
            return Result.skipped(".gitignore could not be read as text")
        return Result.failed("no .gitignore at the top of the repository", metrics={"covered": 0})
    missing = _unignored(text)
    covered = len(_IGNORE_PROBES) - len(missing)
    metrics: Metrics = {"covered": covered, "of": len(_IGNORE_PROBES)}
    evidence = [Evidence(".gitignore")]
    if not missing:
        return Result.passed(
            ".gitignore covers bytecode, notebooks, venvs, checkpoints and data", evidence, metrics
        )
    add = ", ".join(line for _, lines in missing for line in lines)
    names = ", ".join(what for what, _ in missing)
    message = f".gitignore misses {names} (add: {add})"
    score = covered / len(_IGNORE_PROBES)
    status = Status.WARN if covered >= 3 else Status.FAIL
    return _result(status, score, message, evidence, metrics)


# --- GIT004 --------------------------------------------------------------------------------

LARGE_BYTES = 10 * MB
WEIGHTS_BYTES = 1 * MB
_WEIGHT_SUFFIXES = _wordset(
    ".pt .pth .ckpt .h5 .hdf5 .keras .safetensors .bin .onnx .pkl .pickle .joblib"
)


def _drop_excluded(paths: Iterable[str], exclude: Iterable[str]) -> list[str]:
    patterns = list(exclude)
    if not patterns:  # the common case, without loading pathspec
        return list(paths)
    spec = _spec(patterns)
    return [path for path in paths if not spec.match_file(path)]


def _committed_sizes(snapshot: Snapshot) -> dict[str, int]:
    """HEAD's blob sizes in a git repo (LFS files are small pointers there), else file sizes."""
    history = snapshot.history
    if history.available and history.blob_sizes:
        sizes: Mapping[str, int] = history.blob_sizes
    else:
        sizes = {info.path: info.size for info in snapshot.files if info.kind != "symlink"}
    return {path: sizes[path] for path in _drop_excluded(sizes, snapshot.config.exclude)}


def _lfs_matchers(texts: Mapping[str, str]) -> list[tuple[str, pathspec.GitIgnoreSpec]]:
    """(folder, patterns) of every .gitattributes line that routes files through Git LFS."""
    matchers = []
    for path, text in texts.items():
        if PurePosixPath(path).name != ".gitattributes":
            continue
        patterns = [
            line.split()[0]
            for line in text.splitlines()
            if "filter=lfs" in line.split()[1:] and not line.lstrip().startswith("#")
        ]
        if patterns:
            folder = str(PurePosixPath(path).parent)
            matchers.append(("" if folder == "." else folder + "/", _spec(patterns)))
    return matchers


def _spec(patterns: list[str]) -> pathspec.GitIgnoreSpec:
    # pathspec takes longer to import than all the rules take to run: load it when first used.
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


def _in_lfs(path: str, matchers: list[tuple[str, pathspec.GitIgnoreSpec]]) -> bool:
    return any(
        path.startswith(folder) and spec.match_file(path[len(folder) :])
        for folder, spec in matchers
    )


def _too_large(path: str, size: int) -> bool:
    is_weights = PurePosixPath(path).suffix.lower() in _WEIGHT_SUFFIXES
    return size > LARGE_BYTES or (is_weights and size > WEIGHTS_BYTES)


@rule("GIT004")
def no_large_files(snapshot: Snapshot) -> Result:
    """Fail on any committed file over 10 MB, or model weights over 1 MB, outside Git LFS."""
    sizes = _committed_sizes(snapshot)
    lfs = _lfs_matchers(snapshot.texts)
    large = sorted(
        ((path, size) for path, size in sizes.items() if _too_large(path, size)),
        key=lambda item: (-item[1], item[0]),
    )
    large = [(path, size) for path, size in large if not _in_lfs(path, lfs)]
    largest = max(sizes.values(), default=0)
    metrics: Metrics = {"large_files": len(large), "largest_mb": round(largest / MB, 1)}
    if not large:
        return Result.passed(
            f"no file over {LARGE_BYTES // MB} MB and no model weights over"
            f" {WEIGHTS_BYTES // MB} MB",
            metrics=metrics,
        )
    evidence = [Evidence(path, None, f"{size / MB:.1f} MB") for path, size in large]
    path, size = large[0]
    message = (
        f"{_plural(len(large), 'large file')} committed, the largest {path} ({size / MB:.1f} MB)"
    )
    return Result.failed(message, evidence, metrics)


# --- GIT005 --------------------------------------------------------------------------------

_JUNK_DIRS = {
    "__pycache__": "Python bytecode cache",
    ".ipynb_checkpoints": "notebook checkpoints",
    ".idea": "IDE settings",
    ".pytest_cache": "pytest cache",
    ".mypy_cache": "mypy cache",
    ".ruff_cache": "ruff cache",
}
_JUNK_FILES = {".ds_store": "macOS folder metadata", "thumbs.db": "Windows thumbnail cache"}
_VENV_NAME = re.compile(r"^\.?(?:\w*venv\w*|env|virtualenv)$", re.IGNORECASE)
#: What a virtual environment created in the project's top folder itself leaves behind.
_TOP_VENV_PARTS = frozenset({"bin", "lib", "lib64", "include", "Lib", "Scripts", "share"})
_VENV = "virtual environment"


def _venv_root(parts: tuple[str, ...], texts: Mapping[str, str], path: str) -> str | None:
    """The folder of a virtual environment that ``path`` reveals, if it reveals one."""
    if parts[-1] == "pyvenv.cfg":
        return "/".join(parts[:-1])
    if "site-packages" in parts[:-1]:
        at = parts.index("site-packages")
        libs = [i for i in range(at) if parts[i].lower() in ("lib", "lib64")]
        return "/".join(parts[: libs[-1]] if libs else parts[: at + 1])
    return _activate_owner(parts, texts.get(path, ""))


def _activate_owner(parts: tuple[str, ...], text: str) -> str | None:
    """The venv folder above a ``bin/activate`` script, when it really is a venv's script."""
    if len(parts) < 3 or parts[-2] not in ("bin", "Scripts"):
        return None
    if not parts[-1].lower().startswith("activate"):
        return None
    owner = parts[:-2]
    # A project may ship its own bin/activate helper: ask for a venv-like name or venv code.
    if _VENV_NAME.match(owner[-1]) or "VIRTUAL_ENV" in text:
        return "/".join(owner)
    return None


def _in_venv(path: str, roots: set[str]) -> str | None:
    for root in roots:
        if root and (path == root or path.startswith(root + "/")):
            return root
        if not root and (path == "pyvenv.cfg" or path.split("/", 1)[0] in _TOP_VENV_PARTS):
            return path.split("/", 1)[0]
    return None


def _junk_group(path: str, roots: set[str]) -> tuple[str, str, bool] | None:
    """(where, what, is_folder) of a junk path, or None for a path that belongs in git."""
    venv = _in_venv(path, roots)
    if venv is not None:
        return venv, _VENV, True
    parts = path.split("/")
    for depth, part in enumerate(parts[:-1]):
        label = _JUNK_DIRS.get(part) or (
            "package build metadata" if part.endswith(".egg-info") else None
        )
        if label:
            return "/".join(parts[: depth + 1]), label, True
    name = parts[-1].lower()
    if name in _JUNK_FILES:
        return "", _JUNK_FILES[name], False  # scattered one per folder: one row for them all
    if name.endswith((".pyc", ".pyo")):
        return "/".join(parts[:-1]), "compiled Python files", False
    return None


def _junk_evidence(groups: dict[tuple[str, str, bool], list[str]]) -> list[Evidence]:
    rows = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0][0]))
    evidence = []
    for (where, what, is_folder), paths in rows:
        path = where if is_folder else paths[0]
        evidence.append(Evidence(path, None, f"{what}: {_plural(len(paths), 'file')}"))
    return evidence


@rule("GIT005")
def no_junk_committed(snapshot: Snapshot) -> Result:
    """Fail when caches, editor files or a virtual environment are committed."""
    paths = set(snapshot.paths)
    if snapshot.history.available:
        paths |= set(snapshot.history.blob_sizes)
    paths_kept = sorted(_drop_excluded(paths, snapshot.config.exclude))
    roots = {
        root
        for path in paths_kept
        if (root := _venv_root(tuple(path.split("/")), snapshot.texts, path)) is not None
    }
    groups: dict[tuple[str, str, bool], list[str]] = {}
    for path in paths_kept:
        group = _junk_group(path, roots)
        if group is not None:
            groups.setdefault(group, []).append(path)
    junk = sum(len(found) for found in groups.values())
    metrics: Metrics = {"junk_files": junk, "junk_places": len(groups)}
    if not groups:
        return Result.passed(
            "no caches, editor files or virtual environments committed", metrics=metrics
        )
    evidence = _junk_evidence(groups)
    places = _plural(len(groups), "place")
    message = f"{_plural(junk, 'junk file')} committed in {places}, the most in {evidence[0].path}"
    return Result.failed(message, evidence, metrics)


# --- GIT006 --------------------------------------------------------------------------------

#: provider -> (label, shape anchored at one of its tokens, group "key" being the secret).
_SHAPES: dict[str, tuple[str, re.Pattern[str]]] = {
    "aws": ("AWS access key", re.compile(r"\b(?P<key>(?:AKIA|ASIA)[0-9A-Z]{16})\b")),
    "github": (
        "GitHub token",
        re.compile(r"\b(?P<key>gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})\b"),
    ),
    "openai": (
        "OpenAI API key",
        re.compile(r"\b(?P<key>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})"),
    ),
    "huggingface": ("Hugging Face token", re.compile(r"\b(?P<key>hf_[A-Za-z]{34})\b")),
    "slack": ("Slack token", re.compile(r"\b(?P<key>xox[baprs]-[A-Za-z0-9-]{10,})")),
    "pem": (
        "private key",
        # Only a header followed by key material: docs that show the header alone are fine.
        re.compile(
            r"(?P<key>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----)"
            r"(?=(?:\s|\\[nr]|[\",'])*(?:[A-Za-z0-9+/=]{20,}|Proc-Type))"
        ),
    ),
    "wandb": ("W&B API key", re.compile(r"(?i:wandb)[^\n]{0,60}?\b(?P<key>[0-9a-f]{40})\b")),
}
#: Literal tokens where a secret (or, for W&B, its context) starts. str.find on these is far
#: faster than one regex trying every alternative at every position of every file.
_ANCHORS: tuple[tuple[str, str], ...] = (
    ("AKIA", "aws"),
    ("ASIA", "aws"),
    *((f"gh{kind}_", "github") for kind in "pousr"),
    ("github_pat_", "github"),
    ("sk-", "openai"),
    ("hf_", "huggingface"),
    *((f"xox{kind}-", "slack") for kind in "baprs"),
    ("-----BEGIN ", "pem"),
    *((spelling, "wandb") for spelling in ("wandb", "WANDB", "Wandb", "WandB")),
)
_KEY_PREFIX = re.compile(
    r"^(?:AKIA|ASIA|gh[pousr]_|github_pat_|sk-(?:proj-|svcacct-|admin-)?|hf_|xox[baprs]-)"
)
_PLACEHOLDER_HINT = re.compile(
    r"x{4}|your|example|placeholder|dummy|fake|redacted|sample|0123456789", re.IGNORECASE
)


def _is_placeholder(provider: str, secret: str) -> bool:
    if provider == "pem":
        return False
    body = _KEY_PREFIX.sub("", secret)
    if len(set(body.lower())) <= 3 or _PLACEHOLDER_HINT.search(secret):
        return True
    # Real keys are random: a hyphenated slug like sk-my-long-project-name is not one.
    if provider == "openai":
        kinds = (r"\d", "[a-z]", "[A-Z]")
        return not all(re.search(kind, body) for kind in kinds)
    if provider == "huggingface":
        return body.islower() or body.isupper()
    return False


def _mask(secret: str) -> str:
    return secret[:4] + "*" * min(len(secret) - 6, 12) + secret[-2:]


def _candidates(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """(provider, match) at every anchor token of ``text`` where a secret's shape matches."""
    for token, provider in _ANCHORS:
        shape = _SHAPES[provider][1]
        start = text.find(token)
        while start != -1:
            match = shape.match(text, start)
            if match is not None:
                yield provider, match
            start = text.find(token, start + 1)


def _secrets_in(path: str, text: str) -> list[tuple[int, Evidence, str]]:
    """(offset, evidence, provider) of each real-looking secret in ``text``."""
    found: dict[int, tuple[int, Evidence, str]] = {}
    for provider, match in _candidates(text):
        secret, offset = match["key"], match.start("key")
        if offset in found or _is_placeholder(provider, secret):
            continue
        label = _SHAPES[provider][0]
        shown = "key block" if provider == "pem" else _mask(secret)
        line = text.count("\n", 0, offset) + 1
        found[offset] = (offset, Evidence(path, line, f"{label}: {shown}"), provider)
    return sorted(found.values(), key=lambda hit: hit[0])


@rule("GIT006")
def no_committed_secrets(snapshot: Snapshot) -> Result:
    """Fail on API keys, tokens or private keys in any text file; never echo the secret."""
    hits: list[tuple[Evidence, str]] = []
    for path in sorted(snapshot.texts):
        hits.extend(
            (evidence, kind) for _, evidence, kind in _secrets_in(path, snapshot.texts[path])
        )
    files = len({evidence.path for evidence, _ in hits})
    metrics: Metrics = {"secrets": len(hits), "files": files, "files_scanned": len(snapshot.texts)}
    if not hits:
        return Result.passed(
            f"no API keys, tokens or private keys in {_plural(len(snapshot.texts), 'text file')}",
            metrics=metrics,
        )
    kinds = ", ".join(sorted({_SHAPES[provider][0] for _, provider in hits}))
    message = f"{_plural(len(hits), 'secret')} committed in {_plural(files, 'file')}: {kinds}"
    return Result.failed(message, [evidence for evidence, _ in hits], metrics)
