"""repocheck on GitHub: the ``repocheck github`` command that the Action (action.yml) runs.

It reads the standard Actions environment, analyzes the pull request's head and base, posts the
delta as one comment kept up to date, and writes the job summary, outputs and annotations.
"""
