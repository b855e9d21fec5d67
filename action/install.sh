#!/usr/bin/env bash
# The action's install step: msv in its own virtual environment under $RUNNER_TEMP (cached by
# actions/cache between runs; a restored environment that still runs is reused as is).
#   MSV_PYTHON  the Python from actions/setup-python   MSV_VERSION  PyPI version, or "" for the action's source
#   MSV_SOURCE  the action's folder
# Output: msv=<path of the msv executable>.
set -euo pipefail
venv="${RUNNER_TEMP:-/tmp}/msv-venv"
bin="$venv/bin"; [ -d "$venv/Scripts" ] && bin="$venv/Scripts"
if ! "$bin/msv" --version >/dev/null 2>&1; then
  rm -rf "$venv"
  "$MSV_PYTHON" -m venv "$venv"
  if [ -x "$venv/bin/python" ]; then bin="$venv/bin"; else bin="$venv/Scripts"; fi
  if [ -n "${MSV_VERSION:-}" ]; then spec="modelstudio-validator==$MSV_VERSION"; else spec="$MSV_SOURCE"; fi
  "$bin/python" -m pip install --quiet --disable-pip-version-check "$spec"
fi
"$bin/msv" --version
echo "msv=$bin/msv" >> "$GITHUB_OUTPUT"
