#!/usr/bin/env bash
# Two processes optimize one SQLite study at once (WAL + BEGIN IMMEDIATE: no "database is
# locked", no duplicated trial numbers), then the trials are listed.
#
#   bash examples/multi-process.sh [nTrialsPerProcess]
set -euo pipefail
cd "$(dirname "$0")/.."
PARZEN=${PARZEN:-"npx tsx src/cli/main.ts"}
db=${PARZEN_DB:-storage/multi-process.db}
rm -f "$db" "$db-wal" "$db-shm"
export PARZEN_STORAGE="sqlite:///$db"
n=${1:-20}
$PARZEN create-study --study-name shared >/dev/null
$PARZEN optimize examples/parallel-objective.ts --study-name shared --n-trials "$n" --seed 1 --no-progress &
$PARZEN optimize examples/parallel-objective.ts --study-name shared --n-trials "$n" --seed 2 --no-progress &
wait
$PARZEN studies
$PARZEN best-trial --study-name shared
