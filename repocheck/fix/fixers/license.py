"""DOCS002: a LICENSE file, its holder and year taken from the repository's own history.

The text is one of a few common licences shipped as templates (``templates/licenses/``): MIT
unless ``--license`` names another, or the licence the package metadata already declares. The
holder is the author of the most commits, the year that of the first commit; without a
history to read them from, nothing is written.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from collections.abc import Iterable

import jinja2

from repocheck.facts.snapshot import Commit
from repocheck.fix import hints
from repocheck.fix.license_metadata import Declared, declared_license
from repocheck.fix.plan import FixContext, Proposal, fixer
from repocheck.model import Status
from repocheck.resources import data_dir

#: SPDX ids with a template, and the other spellings package metadata uses for them.
LICENSES = {
    "MIT": ("mit", "mit license"),
    "Apache-2.0": ("apache-2.0", "apache 2.0", "apache license 2.0", "apache software license"),
    "BSD-3-Clause": ("bsd-3-clause", "bsd 3-clause", "new bsd license"),
    "GPL-3.0-only": ("gpl-3.0-only", "gpl-3.0", "gplv3", "gnu gpl v3"),
}
LICENSE_PATH = hints.LICENSE


class UnknownLicense(ValueError):
    """An SPDX id with no template here."""


def license_id(name: str) -> str:
    """The SPDX id of a template for ``name`` (any case, common spellings); UnknownLicense."""
    wanted = " ".join(name.strip().lower().split())
    for spdx, spellings in LICENSES.items():
        if wanted == spdx.lower() or wanted in spellings:
            return spdx
    raise UnknownLicense(f"no licence text for {name!r}; choose one of {', '.join(LICENSES)}")


def render_license(spdx: str, holder: str, year: int) -> str:
    """The licence text with its copyright line filled in (when the licence has one)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates") / "licenses")),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template(f"{spdx}.j2").render(holder=holder, year=year)


def _declaration(context: FixContext) -> Declared | None:
    """The metadata's licence; when only the rule saw one (it warns), a nameless one."""
    declared = declared_license(context.snapshot.texts)
    if declared is None and context.result.status is Status.WARN and context.result.evidence:
        return Declared(context.result.evidence[0].path, None)
    return declared


def _is_bot(commit: Commit) -> bool:
    return commit.author.endswith("[bot]") or commit.email.endswith(
        "[bot]@users.noreply.github.com"
    )


def _printable(name: str) -> str:
    """The name without control or format characters: it goes into a file people read."""
    kept = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    return " ".join(kept.split())


def main_author(commits: Iterable[Commit]) -> str | None:
    """The author of the most commits (people, not bots); the earliest of a tie."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for commit in commits:
        name = _printable(commit.author)
        if not name or _is_bot(commit):
            continue
        counts[name] += 1
        first_seen[name] = min(first_seen.get(name, commit.timestamp), commit.timestamp)
    if not counts:
        return None
    return min(counts, key=lambda name: (-counts[name], first_seen[name], name))


def first_year(commits: Iterable[Commit]) -> int | None:
    """The year of the earliest commit, on its author's calendar."""
    stamps = [c.timestamp + c.utc_offset for c in commits]
    return time.gmtime(min(stamps)).tm_year if stamps else None


def _chosen_license(context: FixContext) -> tuple[str | None, str | None]:
    """(SPDX id, None) to write, or (None, why not)."""
    options = context.options
    declared = _declaration(context)
    try:
        chosen = license_id(options.license_id)
    except UnknownLicense as exc:
        return None, str(exc)
    if declared is None:
        return chosen, None
    path, name = declared.path, declared.name
    try:
        named = license_id(name or "")
    except UnknownLicense:
        if options.license_given:
            return chosen, None
        what = f"the licence {name!r}, which has no text here" if name else "a licence"
        return None, (
            f"{path} declares {what}: add its LICENSE file yourself, or pass --license to "
            "choose one"
        )
    if options.license_given and named != chosen:
        return None, (
            f"{path} declares {named} but --license asks for {chosen}: make them agree first"
        )
    return named, None


@fixer("DOCS002")
def add_license(context: FixContext) -> Proposal | None:
    """Create LICENSE; never when any file already stands there (a symlink included)."""
    if context.workspace.exists(LICENSE_PATH) or any(
        info.path == LICENSE_PATH for info in context.snapshot.files
    ):
        return Proposal("DOCS002", "add a LICENSE", notes=(f"{LICENSE_PATH} exists: not replaced",))
    spdx, why_not = _chosen_license(context)
    if spdx is None:
        return Proposal("DOCS002", "add a LICENSE", notes=(why_not or "",))
    history = context.snapshot.history
    commits = history.commits
    # A commit dated 1970-01-01 (a tool's zero) or in 2099 says nothing of when work began.
    holder, year = main_author(commits), first_year(filter(history.dated, commits))
    if holder is None or year is None or history.shallow:
        reason = (
            "a shallow clone's first commit is not the project's"
            if history.shallow
            else history.reason
            or ("no commit names an author" if holder is None else "no commit has a real date")
        )
        return Proposal(
            "DOCS002",
            "add a LICENSE",
            notes=(
                f"LICENSE not written: the copyright holder and year come from the history "
                f"({reason}); add it yourself or commit first",
            ),
        )
    text = render_license(spdx, holder, year)
    # Apache-2.0's and the GPL's texts are the licence alone: the holder goes in a notice.
    named = f", copyright {year} {holder}" if holder in text else ""
    return Proposal(
        "DOCS002", f"add LICENSE ({spdx}{named})", (context.change(LICENSE_PATH, text),)
    )
