#!/usr/bin/env bash
# Drive a study from a shell loop with `parzen ask` and `parzen tell`: the objective can be any
# program (here: awk). The study lives in storage/ask-tell.db.
#
#   bash examples/ask-tell.sh [nTrials]
set -euo pipefail
cd "$(dirname "$0")/.."
PARZEN=${PARZEN:-"npx tsx src/cli/main.ts"}
export PARZEN_STORAGE=${PARZEN_STORAGE:-sqlite:///storage/ask-tell.db}
n=${1:-10}
$PARZEN create-study --study-name ask-tell --direction minimize --skip-if-exists >/dev/null
space='{"x": {"type": "float", "low": -10, "high": 10}, "k": {"type": "int", "low": 1, "high": 5}}'
for _ in $(seq "$n"); do
  trial=$($PARZEN ask --study-name ask-tell --search-space "$space" --sampler tpe --seed 1 -f json)
  number=$(node -e 'console.log(JSON.parse(process.argv[1]).number)' "$trial")
  x=$(node -e 'console.log(JSON.parse(process.argv[1]).params.x)' "$trial")
  k=$(node -e 'console.log(JSON.parse(process.argv[1]).params.k)' "$trial")
  value=$(awk -v x="$x" -v k="$k" 'BEGIN { print (x - 3) ^ 2 + (k - 2) ^ 2 }')
  $PARZEN tell --study-name ask-tell --trial-number "$number" --values "$value"
done
$PARZEN best-trial --study-name ask-tell
