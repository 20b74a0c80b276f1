#!/usr/bin/env bash
# Run tqcheck for the GitHub Action (action.yml). Inputs arrive as TQCHECK_* environment
# variables, never pasted into the script, so a path or argument cannot inject shell code.
# Exits with tqcheck's exit code, so findings at or above fail-on fail the job.
set -uo pipefail

read -r -a paths <<< "${TQCHECK_PATHS:-.}"
read -r -a extra <<< "${TQCHECK_ARGS:-}"
format="${TQCHECK_FORMAT:-github}"
fail_on="${TQCHECK_FAIL_ON:-warning}"
output="${GITHUB_OUTPUT:-/dev/null}"

cmd=(tqcheck --format "$format" --fail-on "$fail_on" ${extra[@]+"${extra[@]}"} "${paths[@]}")
echo "::group::${cmd[*]}" >&2
if [ "$format" = "sarif" ]; then
  sarif="${TQCHECK_SARIF_FILE:-tqcheck.sarif}"
  "${cmd[@]}" > "$sarif"
  status=$?
  echo "sarif-file=$sarif" >> "$output"
  echo "SARIF report written to $sarif" >&2
else
  "${cmd[@]}"
  status=$?
fi
echo "::endgroup::" >&2
echo "exit-code=$status" >> "$output"
exit "$status"
