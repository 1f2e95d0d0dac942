"""GIT003: the .gitignore lines for what this repository's code and tools produce.

The lines are GIT003's own advice (``repocheck/rules/gitignore.py``): bytecode, a local
virtual environment where the project makes one, notebook checkpoints where there are
notebooks, and the folders or patterns the code writes checkpoints and data to. A write to a
folder the code does not name gets no line: it may be outside the repository. A .gitignore
that hides code the project imports is left as it is, with a note: rewriting a pattern by
hand-written rule could let in what it was meant to keep out.
"""

from __future__ import annotations

from repocheck.analysis.ignored_imports import ignored_imports
from repocheck.fix.fixers._ignore_file import append_lines, planned_texts
from repocheck.fix.plan import FixContext, Proposal, fixer
from repocheck.rules.gitignore import advised_lines, missing_needs


@fixer("GIT003")
def keep_out_what_is_produced(context: FixContext) -> Proposal | None:
    missing = missing_needs(context.snapshot, planned_texts(context))
    lines = advised_lines(missing)
    # Junk and results need only a .gitignore to exist (GIT005 keeps out the junk itself).
    unlined = [need.what for need in missing if need.from_code and not need.lines]
    notes = []
    if unlined:
        notes.append(
            f"no line written for {', '.join(unlined)}: the code does not say exactly where"
            " they land; add the folder or pattern yourself if it is inside the repository"
        )
    found = [each for each in ignored_imports(context.snapshot) if not each.on_purpose]
    if found:
        hidden = ", ".join(dict.fromkeys(each.path for each in found))
        lines_at_fault = [each.pattern for each in found if each.pattern]
        which = f"the line {lines_at_fault[0]}" if lines_at_fault else "the pattern that ignores it"
        notes.append(
            f"the .gitignore hides {hidden}, which the code imports: not edited; narrow"
            f" {which} (a leading / anchors it to the top folder) and commit the code"
        )
    change = append_lines(context, lines)
    if change is None:
        return (
            Proposal("GIT003", "nothing to add to .gitignore", notes=tuple(notes))
            if notes
            else None
        )
    verb = "add to" if change.before is not None else "create"
    summary = f"{verb} .gitignore: {', '.join(dict.fromkeys(lines))}"
    return Proposal("GIT003", summary, (change,), notes=tuple(notes))
