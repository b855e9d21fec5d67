#!/usr/bin/env bash
# A separate venv with the tools the scan benchmark compares against (never project deps):
# ruff, yamllint, detect-secrets, from PyPI.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .tools && .tools/bin/pip install -q yamllint detect-secrets ruff
