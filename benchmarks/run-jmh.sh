#!/usr/bin/env bash
# Runs the JMH suite of shadowtx's per-request costs: ns/op and B/op (GC profiler), each
# benchmark beside its unguarded baseline, two forks each (allocation can differ between forks
# when the JIT inlines differently). About 6 minutes on 2 cores.
#
#   benchmarks/run-jmh.sh                    # the whole suite
#   benchmarks/run-jmh.sh MarkerDecision     # one class (any JMH regex / option is passed through)
#   benchmarks/run-jmh.sh -prof stack Filter # where the time goes
#
# Output: benchmarks/target/jmh-output.txt (full log) and target/jmh-result.txt (the table).
# Set SKIP_BUILD=1 to reuse the last build; MVNW_ARGS=-o to build offline; JMH_RUN to change the
# forks and iterations (default "-f 2 -wi 3 -w 1s -i 3 -r 1s"), e.g. JMH_RUN="-f 3 -wi 5 -i 5".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && ./mvnw -B -q ${MVNW_ARGS:-} -pl benchmarks -am package -DskipTests)
fi
cd "$root/benchmarks"
classpath="target/classes:$(cat target/benchmarks.classpath)"
if [[ $# -eq 0 ]]; then
  set -- 'dev\.shadowtx\.benchmarks\.'
fi
# shellcheck disable=SC2086
java -cp "$classpath" org.openjdk.jmh.Main \
  ${JMH_RUN:--f 2 -wi 3 -w 1s -i 3 -r 1s} -jvmArgs '-Xms1g -Xmx1g' \
  -prof gc -prof dev.shadowtx.benchmarks.ThreadCpuProfiler -rf text -rff target/jmh-result.txt "$@" | tee target/jmh-output.txt
