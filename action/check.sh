#!/usr/bin/env bash
# The action's check step (action.yml runs this file; tests/integrations/test_action.py runs it
# with a fake GITHUB_* environment). Inputs arrive through MSV_* variables only.
#
#   MSV            path of the msv executable          MSV_PATHS   files/folders (whitespace-separated)
#   MSV_FORMAT     github (default) or sarif           MSV_FAIL_ON error | warning | info
#   MSV_SARIF      SARIF file to write                 MSV_ARGS    extra `msv check` arguments
#   MSV_WRITE_SARIF  true: also write the SARIF file (format github, upload detected as permitted)
#
# Always: workflow-command annotations in the log and on the pull request, and a Markdown job
# summary in $GITHUB_STEP_SUMMARY (counts per rule, first findings with links, a note when
# GitHub's 10-annotations-per-step limit hides some). Outputs: exit-code, sarif-file.
# Exit status: 0 for "ran" (findings or not; the action's last step decides), 2 for bad usage.
set -uo pipefail
set -f                                   # split inputs on whitespace, never glob them
paths=(${MSV_PATHS:-.})
extra=(${MSV_ARGS:-})
fmt="$(printf '%s' "${MSV_FORMAT:-github}" | tr '[:upper:]' '[:lower:]')"
fail_on="$(printf '%s' "${MSV_FAIL_ON:-error}" | tr '[:upper:]' '[:lower:]')"
truthy() { case "$(printf '%s' "${1:-}" | tr '[:upper:]' '[:lower:]')" in true|yes|1|on) return 0 ;; *) return 1 ;; esac; }

case "$fail_on" in
  error|warning|info) ;;
  *) echo "::error title=msv action::input 'fail-on' must be error, warning or info, not '$fail_on'"
     echo "exit-code=2" >> "$GITHUB_OUTPUT"; exit 2 ;;
esac
summary=()
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then summary=(--step-summary "$GITHUB_STEP_SUMMARY"); fi

write_sarif=false
case "$fmt" in
  github) if truthy "${MSV_WRITE_SARIF:-}"; then write_sarif=true; fi ;;
  sarif) write_sarif=true ;;
  *) echo "::error title=msv action::input 'format' must be 'github' or 'sarif', not '$fmt'"
     echo "exit-code=2" >> "$GITHUB_OUTPUT"; exit 2 ;;
esac

# Annotations and the job summary, whatever the format: the log always shows the findings.
"$MSV" check "${paths[@]}" --format github --fail-on "$fail_on" "${summary[@]}" "${extra[@]}"
code=$?
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
# 2 is a usage or configuration error: stop here. 0/1 go on (the SARIF is written and uploaded first).
if [ "$code" -ge 2 ]; then exit "$code"; fi

if [ "$write_sarif" = true ]; then
  mkdir -p "$(dirname -- "$MSV_SARIF")"
  "$MSV" check "${paths[@]}" --format sarif --output "$MSV_SARIF" --fail-on "$fail_on" --exit-zero -q "${extra[@]}"
  sarif_code=$?
  if [ "$sarif_code" -ne 0 ]; then
    echo "::warning title=msv action::could not write the SARIF report (exit $sarif_code); annotations and the job summary are complete"
  else
    echo "sarif-file=$MSV_SARIF" >> "$GITHUB_OUTPUT"
  fi
fi
exit 0
