#!/usr/bin/env bash
# Compares the benchmark application with shadowtx off and on, on the loopback interface with
# our own load driver: each round starts both side by side with a twin of off (off', the zero of
# a ratio between two JVMs), warms each up until its allocation per request has settled, and
# alternates them in short slices (A/B, B/A, ...), each followed by a mixed slice measured request
# by request (in turns: live and shadow POSTs on on; live requests to all three at once); then
# decides the live CPU targets request by request on fresh pairs of JVMs (off and on, off and
# off', one request to each at a time, alternating); then runs the unmarked decision's JMH
# benchmarks; then measures startup with the starter absent, off and on. Prints MET or MISSED for
# every target, from allocation and CPU time (and JMH's B/op), with the noise.
# Needs Java only. About 20 minutes on 2 cores with the defaults.
#
#   benchmarks/run-load.sh
#   benchmarks/run-load.sh --rounds=3 --slices=12           # longer, for tighter figures
#   benchmarks/run-load.sh --only=startup --startup-runs=9  # or --only=load, --only=live, --only=decision
#
# Options: --rounds (3) --slices (4 per round) --warmup (minimum, 8 s) --warmup-max (90 s)
# --settle (0.3 %: two consecutive warm-up windows of every kind this close in bytes per request)
# --settle-window (2 s per kind) --slice (3 s) --workers (4) --startup-runs (9) --startup-order (side-by-side|in-turn) --decision-forks (2)
# --live-pair-runs (3 pairs of JVMs per comparison) --live-pairs (10000 requests per pass) --live-pair-passes (2 per kind)
# --live-pair-warmup (25 s) --max-requests (per slice, 2000000) --only (all|load|live|decision|startup)
# --app-jvm-args ("-Xms512m -Xmx512m") --mixed (true: shadow ÷ live CPU on mixed slices, and live on ÷ off CPU
# printed there against off' ÷ off, measured request by request; false: on the separate slices, no off'). Output: benchmarks/target/load-comparison.txt; the
# applications' logs in benchmarks/target/load-logs/. Set SKIP_BUILD=1 to reuse the last build;
# MVNW_ARGS=-o to build offline.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && ./mvnw -B -q ${MVNW_ARGS:-} -pl benchmarks -am package -DskipTests)
fi
cd "$root/benchmarks"
classpath="target/classes:$(cat target/benchmarks.classpath)"
java -Xms256m -Xmx1g -cp "$classpath" dev.shadowtx.benchmarks.load.LoadComparison "$@" \
  | tee target/load-comparison.txt
