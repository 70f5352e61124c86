#!/usr/bin/env bash
# Records per second that the response-comparison analyzer judges: a backlog of generated exchange
# records on an embedded KRaft broker, judged by the analyzer's Kafka Streams topology (RocksDB
# stores). About a minute on 2 cores.
#
#   benchmarks/run-analyzer.sh                              # 20 000 requests = 60 000 records
#   benchmarks/run-analyzer.sh -Dtriples=50000 -Dthreads=2  # larger backlog, two stream threads
#
# Set SKIP_BUILD=1 to reuse the last build; MVNW_ARGS=-o to build offline.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && ./mvnw -B -q ${MVNW_ARGS:-} -pl benchmarks -am package -DskipTests)
fi
cd "$root/benchmarks"
classpath="target/classes:$(cat target/benchmarks.classpath)"
java -Xms1g -Xmx1g "$@" -cp "$classpath" dev.shadowtx.benchmarks.compare.AnalyzerThroughput 2>&1 \
  | grep -v -E '^\s*$|^SLF4J' | tee target/analyzer-throughput.txt | grep '^\[compare\]'
