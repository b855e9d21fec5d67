#!/usr/bin/env bash
# The action's last step: fail the job when msv found problems at or above fail-on, unless the
# `fail` input says to only report. MSV_FAIL: true/yes/1 (any case) fails; false/no/0 reports.
set -uo pipefail
case "$(printf '%s' "${MSV_FAIL:-true}" | tr '[:upper:]' '[:lower:]')" in
  false|no|0|off) echo "msv found problems at or above '${MSV_FAIL_ON:-error}'; fail is false, so the job goes on."; exit 0 ;;
esac
echo "::error title=msv::msv found problems at or above '${MSV_FAIL_ON:-error}' (annotated above, listed in the job summary)."
exit 1
