"""What the code means, computed once per run and shared by the rules.

Between the facts (files, parsed sources, history, lint) and the rules (judgments with
evidence): imports and scopes, the call graph, entry points and what they reach, draws and
seeding, the ML code model, test discovery, dependency declarations. A module here imports
only the facts layer, the shared model and other analyses, never a rule.
"""
