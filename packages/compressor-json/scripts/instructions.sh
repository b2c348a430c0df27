#!/usr/bin/env bash
# Instructions per steady-state round over the bench's JSON inputs, which a loaded machine does not
# change: valgrind's callgrind on 4 rounds minus 2 rounds, halved (start-up and JIT warm-up cancel).
#   bash scripts/instructions.sh ours lossy      # the json compressor (after a build)
#   bash scripts/instructions.sh native          # JSON.parse + JSON.stringify of the same inputs
#   HIGH=10 bash scripts/instructions.sh parse   # one stage alone: parse, analyze or select
#                                                # (scripts/stage-rounds.mjs; DIST=another build's dist)
# Each run takes minutes (valgrind runs node some 50x slower).
# SINGLE=1 runs V8 single-threaded (compilation and GC on the main thread): counts then repeat within
# a few percent (two runs of one source: 1,097 M and 1,169 M per round); without it, builds a few
# percent apart measured 722 M and 1,248 M (background compilation lands anywhere under valgrind).
# JSON_DIST=/abs/path/to/another/dist/index.js counts another build (placed under this package's
# node_modules, so that it resolves @headroom/core).
# HIGH=n counts n rounds minus 2 instead of 4 minus 2: rounds 3 and 4 still carry JIT warm-up, so
# a larger n gives a steadier figure (a stage counted with 12 rounds repeated within 5%, with 4
# within 15%).
set -euo pipefail
cd "$(dirname "$0")"
which=${1:-ours}
mode=${2:-lossy}
script=rounds.mjs
case $which in parse | analyze | select) script=stage-rounds.mjs ;; esac
count() {
  STAGE=$which WHICH=$which MODE=$mode ROUNDS=$1 valgrind --tool=callgrind --smc-check=all-non-file --callgrind-out-file=/dev/null node ${SINGLE:+--single-threaded} $script 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
two=$(count 2)
high=$(count "${HIGH:-4}")
echo "$which $mode: $(((high - two) / (${HIGH:-4} - 2))) instructions per round"
