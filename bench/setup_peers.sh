#!/usr/bin/env bash
# Install the benchmark's peers under bench/out/ (never into the project's environment):
#   textlint + textlint-rule-prh (npm)  -> bench/out/node_modules
#   proselint (PyPI)                    -> bench/out/venv-proselint
# and export the name-form dictionary to a prh YAML so textlint checks the same names.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p out
(cd out && { [ -f package.json ] || echo '{"private": true}' > package.json; } \
  && npm install --silent --no-audit --no-fund textlint textlint-rule-prh)
[ -x out/venv-proselint/bin/proselint ] || {
  python3 -m venv out/venv-proselint
  out/venv-proselint/bin/pip install --quiet proselint
}
python3 floors.py --export-prh out/prh.yml
cat > out/.textlintrc.json <<JSON
{"rules": {"prh": {"rulePaths": ["prh.yml"]}}}
JSON
echo "peers ready: $(out/node_modules/.bin/textlint --version) textlint, proselint $(out/venv-proselint/bin/proselint --version 2>/dev/null | head -1)"
