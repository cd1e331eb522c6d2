#!/usr/bin/env bash
# Creates bench/.venv (git-ignored) with the pinned packages of the Python peers from PyPI:
# the pandas baseline (pandas/requirements.txt) and the DuckDB peer (duckdb/requirements.txt).
# Idempotent: when the venv already holds exactly the pinned versions it returns at once.
#   bash bench/setup-python.sh          # prints the venv's python path as its last line
# Environment: PYTHON (default python3), the interpreter the venv is made from.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$BENCH/.venv"
REQUIREMENTS=("$BENCH/pandas/requirements.txt" "$BENCH/duckdb/requirements.txt")
PYTHON="${PYTHON:-python3}"
STAMP="$VENV/.requirements.sha256"

log() { echo "setup-python.sh: $*" >&2; }

wanted="$(cat "${REQUIREMENTS[@]}" | sha256sum | cut -d' ' -f1)"
if [[ -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$wanted" ]]; then
  echo "$VENV/bin/python"
  exit 0
fi

if [[ ! -x "$VENV/bin/python" ]]; then
  log "creating $VENV with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi
log "installing $(cat "${REQUIREMENTS[@]}" | grep -cv '^\s*\(#\|$\)') pinned packages (wheels only)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --only-binary=:all: "${REQUIREMENTS[@]/#/-r}" >&2
echo "$wanted" >"$STAMP"
echo "$VENV/bin/python"
