"""History rules: the project grew in small steps (GIT001), each described by its message (GIT002).

Both read the commit history and skip without one. Merge commits are left out: a merge records
joining work, not doing it.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timezone

from repocheck.analysis.cache import per_object
from repocheck.analysis.continued_history import Continuation, continuation
from repocheck.analysis.readme_lines import is_ideograph
from repocheck.facts.snapshot import LAST_NAMEABLE_DATE, Commit, Snapshot
from repocheck.model import Evidence, Metrics, Result, Status
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.rules._verdict import result_of
from repocheck.wording import plural, short

#: Commits are not files: evidence about one uses this pseudo-path and a "<sha8> <subject>" snippet.
HISTORY_PATH = "(history)"


def _commit_evidence(commit: Commit, suffix: str = "") -> Evidence:
    return Evidence(HISTORY_PATH, None, short(f"{commit.sha[:8]} {commit.subject}{suffix}"))


def _own_commits(snapshot: Snapshot) -> list[Commit]:
    """Non-merge commits, newest first: a merge records joining work, not doing it."""
    return [commit for commit in snapshot.history.commits if commit.parents <= 1]


@per_object
def _continued(snapshot: Snapshot) -> Continuation | None:
    """Where the history continues another project's (read once for GIT001 and GIT002)."""
    return continuation(_own_commits(snapshot))


def _not_judged(continued: Continuation) -> str:
    """The message's note on a forked project's commits, which neither history rule judges."""
    return (
        f"; the {plural(continued.inherited, 'earlier commit')} by other authors, before a"
        " pause of a month or more, are the project this one continues and are not judged"
    )


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- GIT001 --------------------------------------------------------------------------------


def _author_day(commit: Commit) -> date:
    """The calendar day on the author's own clock: 23:30 and 00:30 in Berlin are one evening."""
    return datetime.fromtimestamp(commit.timestamp + commit.utc_offset, tz=timezone.utc).date()


#: Steps of work at least this far apart are a sitting's progress, not one upload's parts.
_STEP_GAP_SECONDS = 30 * 60
#: A short history of one day whose code arrived in this many such steps was not dumped.
_SITTING_STEPS = 3


def _steps(commits: list[Commit]) -> int:
    """How many commits say what they add and came a while after the previous such one:
    a project started today and committed step by step, unlike an upload followed by
    README edits (whose subjects say little)."""
    vague = {id(commit) for _, commit in _low_info(commits)}
    steps, last = 0, None
    for commit in sorted(commits, key=lambda c: c.timestamp):
        words = _words(_PR_SUFFIX.sub("", commit.subject.strip()))
        if id(commit) in vague or _is_initial(words):
            continue
        if last is None or commit.timestamp - last >= _STEP_GAP_SECONDS:
            steps += 1
        last = commit.timestamp
    return steps


#: A day that holds this share of the commits, with at most ``_STRAY_COMMITS`` on all the
#: other days together, is the history's one sitting: an upload and its README edits, then a
#: notebook uploaded a week later, show no more of the work than the day alone.
_SITTING_SHARE = 0.9
_STRAY_COMMITS = 3


def _one_sitting(commits: list[Commit]) -> int:
    """The number of commits on the day that holds nearly all of them, over several days;
    0 when the history is spread."""
    per_day = Counter(_author_day(commit) for commit in commits)
    if len(per_day) < 2:
        return 0
    top = max(per_day.values())
    stray = len(commits) - top
    return top if top >= _SITTING_SHARE * len(commits) and stray <= _STRAY_COMMITS else 0


def _dump_verdict(commits: int, days: int, steps: int) -> tuple[Status, float, str]:
    if commits <= 3:
        return Status.FAIL, 0.0, "too few to show how the project was built"
    if days <= 1 and commits <= 5 and steps < _SITTING_STEPS:
        return Status.FAIL, 0.0, "it looks uploaded in one go"
    if days <= 1:
        return Status.WARN, 0.5, "built in one sitting, a reviewer cannot see it grow"
    if days <= 2 and steps == 0:
        # An upload over midnight, then "Update README.md" again and again: more commits than
        # a dump has, and still none that shows a step of the work.
        return (
            Status.WARN,
            0.5,
            "no commit after the first says what it adds: uploaded, then edited",
        )
    if commits <= 5:
        return Status.WARN, 0.5, "the steps of the work are hard to follow"
    return Status.PASS, 1.0, "the history shows the work step by step"


def _date_label(commit: Commit) -> str:
    """The author's calendar day of an impossible date, as far as the calendar reaches."""
    if commit.timestamp >= LAST_NAMEABLE_DATE:
        return "after 9999"
    return _author_day(commit).isoformat()


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
    # A fork's original project shows its authors' work, not this repository's.
    continued = _continued(snapshot)
    if continued is not None:
        commits = list(continued.own)
    undated = [c for c in commits if not history.dated(c)]
    dated = [c for c in commits if history.dated(c)]
    days = sorted({_author_day(commit) for commit in dated})
    span = (days[-1] - days[0]).days if days else 0
    busiest = _one_sitting(dated)
    # Steps only tell apart histories of a day or two: reading every subject of a long
    # history for them would cost as much as GIT002's whole reading.
    steps = _steps(dated) if len(days) <= 2 or busiest else 0
    status, score, verdict = _dump_verdict(len(commits), 1 if busiest else len(days), steps)
    if busiest and status is not Status.PASS:
        verdict = f"{busiest} of {plural(len(dated), 'commit')} on one day: {verdict}"
    if len(commits) > 3 and not dated:  # fewer are too few whatever their dates
        status, score = Status.WARN, 0.5
        verdict = "every commit carries an impossible date, so when the work was done is unknown"
    if history.shallow and status is not Status.PASS:
        return Result.skipped("the clone is shallow, so the history seen here is incomplete")
    evidence = _first_and_last(dated)
    spread = f" (first to last: {plural(span, 'day')})" if span else ""
    message = f"{plural(len(commits), 'commit')} on {plural(len(days), 'day')}{spread}: {verdict}"
    if undated and dated:
        shown = sorted({_date_label(c) for c in undated})
        listed = ", ".join(shown[:3]) + (", ..." if len(shown) > 3 else "")
        carry = "carries an impossible date" if len(undated) == 1 else "carry impossible dates"
        message += (
            f"; {plural(len(undated), 'commit')} {carry} ({listed}), not counted as days of work"
        )
    evidence += [_commit_evidence(c, f" (dated {_date_label(c)})") for c in undated[:3]]
    metrics: Metrics = {"commits": len(commits), "active_days": len(days), "span_days": span}
    if continued is not None:
        message += _not_judged(continued)
        metrics["inherited_commits"] = continued.inherited
    return result_of(status, score, message, evidence, metrics)


# --- GIT002 --------------------------------------------------------------------------------

#: Words that say "something changed" and nothing about what or why.
_FILLER = _wordset(
    "update updates updated fix fixes fixed change changes changed commit commits wip stuff misc "
    "minor test tests testing tmp temp asdf save saved edit edits done work progress cleanup "
    "tweak tweaks modify modified upload uploaded push final"
)
#: Words that may pad a filler subject ("some minor changes", "fix bug") without adding content;
#: "made" too, which turns a filler noun into a sentence ("changes made", "made some changes"),
#: and the day of a session ("monday stuff", "today's work"), which dates the change, not names it.
_PADDING = _wordset(
    "some small minor more a the few bug bugs code file files things thing it this again new "
    "and misc various stuff another latest last made codebase monday tuesday wednesday "
    "thursday friday saturday sunday today today's yesterday tonight"
)
#: Imperative verbs that make a two-word subject ("Add tests", "Fix typo") informative enough.
_VERBS = _wordset(
    "add fix remove delete refactor rename implement document test bump drop support handle use "
    "move split extract improve speed clean tidy format lint pin upgrade downgrade load save "
    "train plot write update replace simplify vectorize cache log parse validate rewrite "
    "revert merge enable disable expose export import tune optimize optimise release tag "
    "try tried build"
)
#: Objects that leave "<verb> <object>" as vague as the verb alone ("Fix bug", "Add files").
_VAGUE_OBJECTS = _wordset(
    "stuff thing things change changes code file files it this bug bugs issue issues misc more "
    "some update updates fix fixes wip work codebase again"
)
_INITIAL = frozenset(
    {"initial commit", "first commit", "init", "initial", "init commit", "initial upload"}
)
_EXTENSIONLESS = frozenset({"dockerfile", "makefile", "license", "readme", "procfile"})
#: What a first commit may name beside itself and still add nothing of the work to read:
#: "Initial commit with .gitignore", "first commit + README".
_INITIAL_EXTRAS = _wordset("with and of the a + & gitignore gitattributes licence")


def _is_initial(words: list[str]) -> bool:
    """A first commit's subject: "Initial commit", or one that names only the files set up
    with it ("Initial commit with .gitignore"); "Initial commit: load the frames" says what
    it adds."""
    if " ".join(words) in _INITIAL:
        return True
    if len(words) < 3 or " ".join(words[:2]) not in _INITIAL:
        return False
    return all(
        word in _INITIAL_EXTRAS or word in _EXTENSIONLESS or "." in word for word in words[2:]
    )


_WEB_UI = compile_on_use(
    r"(?P<verb>create|update|delete|rename) (?P<target>\S+)(?P<to> to \S+)?", re.IGNORECASE
)
#: Starts where the spaces start: from inside a long run of spaces it would be quadratic.
_PR_SUFFIX = compile_on_use(r"(?<!\s)\s*\(#\d+\)$")
_CONVENTIONAL = compile_on_use(r"^[a-z]+(?:\([^)]*\))?!?:\s*")
#: ``git status`` lines pasted as the subject ("modified:   src/x.py"): a file list, no change.
_STATUS_LINES = compile_on_use(
    r"(?:(?:modified|new file|deleted|renamed|copied|typechange|both modified|both added)"
    r":\s*\S+(?:\s*->\s*\S+)?[\s,;]*)+",
    re.IGNORECASE,
)
_STATUS_HEADERS = compile_on_use(
    r"(?:on branch \S+\s*)?(?:changes (?:to be committed|not staged for commit)|untracked files)"
    r"\s*:",
    re.IGNORECASE,
)

#: Reasons a subject says little, most telling first (evidence is sorted by this rank).
_PUNCTUATION, _PLACEHOLDER, _WEB_DEFAULT, _PASTED_STATUS, _REPEATED_INITIAL, _TOO_SHORT = range(6)


def _is_web_default(subject: str) -> bool:
    if subject.lower() == "add files via upload":
        return True
    match = _WEB_UI.fullmatch(subject)
    if match is None:
        return False
    if match["verb"].lower() == "rename" and match["to"]:
        return False  # "Rename a to b": the old name and the new are the whole change
    target = match["target"]
    return "." in target or "/" in target or target.lower() in _EXTENSIONLESS


#: Chinese and Japanese characters a subject needs to say what changed (see _wording_flaw).
_ENOUGH_IDEOGRAPHS = 4


def _ideographs(text: str) -> int:
    if text.isascii():  # most subjects: no character to ask about
        return 0
    return sum(1 for char in text if is_ideograph(char))


#: A Latin term written against ideographs ("Post-LNに変更", switch to Post-LN) is a word
#: of its own, worth two characters: with a verb of two it says what "Use Post-LN" says.
_LATIN_TERM_WEIGHT = 2
_LATIN_TERM = compile_on_use(r"[A-Za-z][A-Za-z0-9_+\-.]*")


def _latin_terms(text: str) -> int:
    """How many Latin words a subject written in Chinese or Japanese holds that are not filler
    ("修正bug" is "fix bug")."""
    if not _ideographs(text):
        return 0
    terms = (term.strip(".-").lower() for term in _LATIN_TERM.findall(text))
    return sum(1 for term in terms if term and term not in _FILLER | _PADDING)


#: _FILLER and _PADDING in Chinese and Japanese, which write them without spaces between:
#: "提交一下" (commit a bit), "修改部分代码" (change some code), "ファイルを更新" (update a file).
_CJK_FILLER = _wordset(
    "更新 修复 修正 修改 改动 变更 変更 提交 保存 上传 测试 テスト 临时 完成 编辑 推送 コミット"
)
_CJK_PADDING = _wordset(
    "一下 一些 一点 部分 若干 代码 コード 文件 ファイル 问题 东西 内容 再次 最新 新 小 些 的 了 "
    "和 を の"
)
_CJK_LONGEST = max(len(word) for word in _CJK_FILLER | _CJK_PADDING)


def _cjk_filler_only(text: str) -> bool:
    """Whether a subject in Chinese or Japanese is made of filler and padding alone: its
    ideographs split, longest word first, into words of _CJK_FILLER and _CJK_PADDING, at least
    one of them filler, and any Latin word in it is filler too ("更新bug")."""
    if not _ideographs(text) or any(
        term.strip(".-").lower() not in _FILLER | _PADDING
        for term in _LATIN_TERM.findall(text)
        if term.strip(".-")
    ):
        return False
    run: list[str] = []
    runs = [run]
    for char in _LATIN_TERM.sub(" ", text):
        if is_ideograph(char):
            run.append(char)
        elif char.isalnum():
            return False  # a digit or a letter of another script: more than filler
        elif run:
            run = []
            runs.append(run)
    filler = False
    for chars in runs:
        start = 0
        while start < len(chars):
            for size in range(min(_CJK_LONGEST, len(chars) - start), 0, -1):
                word = "".join(chars[start : start + size])
                if word in _CJK_FILLER or word in _CJK_PADDING:
                    filler = filler or word in _CJK_FILLER
                    start += size
                    break
            else:
                return False
    return filler


def _words(text: str) -> list[str]:
    words = [word for word in (w.strip(".,;:!?'\"`") for w in text.lower().split()) if word]
    # "code base" is one word written as two: "Updated code base" says no more than "Update code".
    for at in range(len(words) - 1, 0, -1):
        if words[at] == "base" and words[at - 1] == "code":
            words[at - 1 : at + 1] = ["codebase"]
    return words


def _content_flaw(subject: str) -> int | None:
    """Why ``subject`` (already stripped of a PR suffix) says little, or None when it is fine."""
    if re.fullmatch(r"[\W\d_]*", subject):
        return _PUNCTUATION
    if _is_web_default(subject):
        return _WEB_DEFAULT
    if _STATUS_LINES.fullmatch(subject) or _STATUS_HEADERS.match(subject):
        return _PASTED_STATUS  # before the typed check: "modified:" looks like a type
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
    if _cjk_filler_only(text):
        return _PLACEHOLDER
    if len(words) > 1 and _is_verb(words[0]) and set(words[1:]) <= _PADDING | _VAGUE_OBJECTS:
        return _PLACEHOLDER  # "added a file", "Remove the code again": what, is not said
    # A typed prefix ("docs: README") already says what kind of change it is. Chinese and
    # Japanese write no spaces and pack a word into a character or two: four of them say
    # as much as three English words ("上传了预训练代码", uploaded the pretraining code).
    short = not typed and len(words) < 3 and len(text) < 12
    short = short and _ideographs(text) + _LATIN_TERM_WEIGHT * _latin_terms(text) < (
        _ENOUGH_IDEOGRAPHS
    )
    if short and not _is_verb_and_object(words):
        return _TOO_SHORT
    return None


def _is_verb_and_object(words: list[str]) -> bool:
    if len(words) != 2 or words[1] in _VAGUE_OBJECTS:
        return False
    verb = words[0]
    # "Added tests" and "Adds tests" say as much as "Add tests".
    return bool({verb, verb[:-1], verb[:-2]} & _VERBS)


def _is_verb(word: str) -> bool:
    """``word`` is one of _VERBS or its -s, -es, -d or -ed form: "Trainer" is no "train"."""
    if word in _VERBS:
        return True
    if word.endswith(("s", "d")) and word[:-1] in _VERBS:
        return True  # adds, removed
    return word.endswith(("ed", "es")) and word[:-2] in _VERBS  # added, fixes


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
    continued = _continued(snapshot)
    if continued is not None:
        commits = list(continued.own)
    found = _low_info(commits)
    share = len(found) / len(commits)
    score = min(1.0, max(0.0, 1 - share / 0.6))
    status = Status.PASS if share <= 0.2 else Status.WARN if share <= 0.5 else Status.FAIL
    says = "says" if len(found) == 1 else "say"  # "1 of 4 ... says", "0 of 1 ... say"
    message = f"{len(found)} of {len(commits)} commit subjects {says} little ({share:.0%})"
    metrics: Metrics = {"low_info": len(found), "commits": len(commits), "share": round(share, 3)}
    if continued is not None:
        message += _not_judged(continued)
        metrics["inherited_commits"] = continued.inherited
    return result_of(status, score, message, _subject_evidence(found), metrics)
