#!/usr/bin/env bash
# Install everything the tests need into .venv, then run the linters, the type check and the
# whole test suite. The README's second command and CI's .ci/run both call this script.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
# constraints.txt pins every package, so a green run today is a green run next month.
.venv/bin/python -m pip install --quiet --disable-pip-version-check \
  -c constraints.txt -e '.[test]'

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/pytest "$@"
