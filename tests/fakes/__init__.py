"""Stand-ins for the servers repocheck talks to, and the repositories they serve, on 127.0.0.1.

- serving.py: the threaded server lifecycle every stand-in shares (a context manager).
- github_api.py: the GitHub REST API (issue comments for the Action; users, their repositories
  and commit counts for ``gh:USERNAME``), with fault injection and request recording.
- git_server.py: ``git daemon`` and ``git http-backend`` (stalls, 401 and 403 on cue).
- git_repos.py: bare repositories built with ``git fast-import``.
- sandbox.py and fixtures.py: a private TMPDIR and HOME per run, and the session's servers.
"""
