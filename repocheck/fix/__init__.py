"""``repocheck fix``: the first version of a fix, written from what the analysis found.

A fixer is tied to the rule it fixes (``@fixer("REPRO001")`` in ``repocheck/fix/fixers/``),
reads the Snapshot, the report and the analyses, and returns a :class:`Proposal`: files to
create or edit (whole new texts, planned in a :class:`Workspace` so two fixers can edit one
file), commands to print and never run, and notes for what it could not do. Nothing here is
imported by an analysis run but ``hints`` (whether a finding's fixer would propose something,
asked of the analyses only): the fix command loads the rest.
"""
