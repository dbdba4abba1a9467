#!/bin/sh
# Oracle check of the M grammar against Microsoft's parser, for .ci/run:
# installs the pinned @microsoft/powerquery-parser when node_modules is
# missing or older than package-lock.json, then runs the oracle's own tests,
# the agreement check and the speed comparison. Extra arguments go to the
# agreement check.
set -eu
cd "$(dirname "$0")"

if [ ! -d node_modules/@microsoft/powerquery-parser ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error
fi

node --test test/
node run.mjs "$@"
node run.mjs --bench
