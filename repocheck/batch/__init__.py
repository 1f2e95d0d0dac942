"""Batch review: many repositories, one rubric, one ranked and explorable report.

The stages, each in its own module:

- ``inputs``: the reviewer's list (text, stdin or a spreadsheet's CSV) -> entries;
  ``accounts`` expands ``gh:USERNAME`` into that user's repositories.
- ``plan``: each entry -> a job, or a row straight from the cache when the remote's HEAD
  (``git ls-remote``) has not moved; ``cache`` is the SQLite store.
- ``work``: the job itself (clone, analyze) as it runs in a worker process; ``pool`` runs jobs
  on this machine with a hard timeout each, ``cluster`` on a Dask cluster.
- ``rows``, ``tables`` and ``dashboard``: rank the results and write the CSV, JSON Lines and
  HTML outputs.
"""
