#!/usr/bin/env bash
# Runs every tests/**/*.test.ts file through node:test + tsx.
# Node 20's --test has no glob support, so the file list comes from find; an empty list is an error
# (node --test would otherwise find 0 tests and exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find tests -name '*.test.ts' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no test files found under tests/" >&2; exit 1; fi
# Tests log at "warning" unless asked otherwise: the per-trial info lines of thousands of trials
# would bury the report (tests of the logger set the verbosity they check).
export PARZEN_VERBOSITY="${PARZEN_VERBOSITY:-warning}"
exec node --import tsx --test --test-reporter=spec --test-concurrency="${PARZEN_TEST_CONCURRENCY:-2}" "$@" "${files[@]}"
