"""Measure repocheck's verdicts against expectations written by reading real ML repositories.

    python bench/realworld/run.py                          # clone from GitHub, run, compare
    python bench/realworld/run.py --only karpathy/nanoGPT  # one repository
    python bench/realworld/run.py --url-template '/some/dir/{owner}+{name}'  # local copies
    python bench/realworld/run.py --format markdown        # the table for docs/accuracy.md
    python bench/realworld/run.py --json out.json          # everything, for scripts
    python bench/realworld/run.py --reports /tmp/reports   # keep reports, reuse them next time

Each repository in repos.toml is checked out at its fixed commit under the cache folder (a
checkout already there at that commit is reused), analyzed with ``repocheck check --format
json``, and every rule with an expectation in expectations/<owner>__<name>.toml is compared.
A warn or fail counts as a finding: right when its status is one the expectation allows (or
the expectation allows the other of warn and fail: a true finding at another severity, counted
as right and listed as a disagreement), wrong when no finding is right, debatable when the
expectation marks it so. A rule skipped because a rule it requires failed (one absence costs
once) agrees with an expected warn or fail. Needs the network with the default
URL template, so it is not part of CI. Only the standard library.
"""

from __future__ import annotations

import argparse
import datetime
import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare import (  # noqa: E402  (the sibling module, found through the path set above)
    Expectation,
    Outcome,
    compare_repo,
    load_expectations,
    load_repos,
    render_markdown,
    render_text,
    summarize,
)

DEFAULT_URL = "https://github.com/{owner}/{name}.git"
DEFAULT_CACHE = Path("/tmp/repocheck-realworld")


def _git(*args: str, cwd: Path | None = None, timeout: float = 1800) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise RuntimeError(f"git {args[0]}: {last}")
    return done.stdout.strip()


def checkout(owner: str, name: str, commit: str, cache: Path, url_template: str) -> Path:
    """The repository at ``commit`` under ``cache``, cloned only when no such checkout exists."""
    dest = cache / f"{owner}__{name}"
    if (dest / ".git").exists():
        try:
            if _git("rev-parse", "HEAD", cwd=dest) == commit:
                return dest
        except (RuntimeError, subprocess.TimeoutExpired):
            pass
    if dest.exists():  # another commit, or a clone that broke half way: start again
        shutil.rmtree(dest)
    cache.mkdir(parents=True, exist_ok=True)
    url = url_template.format(owner=owner, name=name)
    try:
        _git("clone", "--quiet", "--no-checkout", url, str(dest))
        _git("checkout", "--quiet", "--detach", commit, cwd=dest)
    except (RuntimeError, subprocess.TimeoutExpired):
        shutil.rmtree(dest, ignore_errors=True)
        raise
    return dest


def default_repocheck() -> list[str]:
    """The repocheck installed next to this Python, else the one on PATH."""
    beside = Path(sys.executable).with_name("repocheck")
    return [str(beside)] if beside.exists() else ["repocheck"]


def run_repocheck(command: list[str], path: Path, timeout: float) -> dict[str, Any]:
    done = subprocess.run(
        [*command, "check", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    try:
        report: dict[str, Any] = json.loads(done.stdout)
    except json.JSONDecodeError:
        last = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        raise RuntimeError(f"repocheck gave no JSON report: {last}") from None
    return report


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=Path, default=HERE / "repos.toml")
    parser.add_argument("--expectations", type=Path, default=HERE / "expectations")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="checkouts live here")
    parser.add_argument(
        "--url-template",
        default=DEFAULT_URL,
        help="where to clone from, with {owner} and {name} (default: %(default)s)",
    )
    parser.add_argument("--repocheck", help="the command to run (default: the installed one)")
    parser.add_argument("--only", action="append", default=[], help="owner/name (repeatable)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per repository")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    parser.add_argument(
        "--unread", action="store_true", help="also list findings that have no expectation yet"
    )
    parser.add_argument(
        "--reports",
        type=Path,
        help="keep each report here and reuse it on the next run (to revise expectations"
        " without re-running; leave it out to measure the current code)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    try:
        repos = load_repos(args.repos)
    except (OSError, ValueError) as exc:
        print(f"error: {args.repos}: {exc}", file=sys.stderr)
        return 2
    if args.only:
        repos = [r for r in repos if f"{r.owner}/{r.name}" in set(args.only)]
    command = shlex.split(args.repocheck) if args.repocheck else default_repocheck()
    outcomes: list[Outcome] = []
    unavailable: dict[str, str] = {}
    version = "unknown"
    for repo in repos:
        label = f"{repo.owner}/{repo.name}"
        print(f"{label} @ {repo.commit[:12]} ...", file=sys.stderr, flush=True)
        saved = args.reports / f"{repo.owner}__{repo.name}.json" if args.reports else None
        try:
            expected: dict[str, Expectation] = load_expectations(args.expectations, repo)
            if saved is not None and saved.exists():
                report = json.loads(saved.read_text(encoding="utf-8"))
            else:
                path = checkout(repo.owner, repo.name, repo.commit, args.cache, args.url_template)
                report = run_repocheck(command, path, args.timeout)
                if saved is not None:
                    saved.parent.mkdir(parents=True, exist_ok=True)
                    saved.write_text(json.dumps(report), encoding="utf-8")
        except (OSError, ValueError, RuntimeError, subprocess.TimeoutExpired) as exc:
            unavailable[label] = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            print(f"  skipped: {unavailable[label]}", file=sys.stderr)
            continue
        version = report.get("tool", {}).get("version", version)
        outcomes.append(compare_repo(repo, expected, report))
    summary = summarize(outcomes)
    header = {
        "date": datetime.date.today().isoformat(),
        "repocheck_version": version,
        "repositories": len(outcomes),
        "unavailable": unavailable,
    }
    render = render_markdown if args.format == "markdown" else render_text
    print(render(header, summary, outcomes, args.unread))
    if args.json:
        payload = {**header, "rules": summary, "repos": [o.as_dict() for o in outcomes]}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
