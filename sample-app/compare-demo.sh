#!/usr/bin/env bash
# Response comparison, end to end: three instances of the sample capture what they answer, a mesh
# (played here by curl) mirrors every request, and the analyzer says what the candidate changed.
#
#   primary    current release, live traffic, also runs the analyzer and its dashboard
#   secondary  current release, receives the mirrored copies (the noise reference)
#   candidate  next release (profile `candidate`: a bulk discount), receives the mirrored copies
#
# Each request goes to the primary; the same request, with the same x-request-id and the header
# X-Shadow: shadow, goes to the secondary and the candidate (what Istio `mirrors:` does, see
# docs/guides/response-comparison.md). All three share one broker (started in-process by the
# primary). From the repository root:
#
#   sample-app/compare-demo.sh              # build, run, print the report, stop everything
#   KEEP_RUNNING=1 sample-app/compare-demo.sh   # leave the three running to browse the dashboard
#
# Ports: PRIMARY_PORT (8081), SECONDARY_PORT (8082), CANDIDATE_PORT (8083). REQUESTS (60) orders.
# Needs curl and jq. SKIP_BUILD=1 reuses the last build; MVNW_ARGS=-o builds offline.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
PRIMARY_PORT=${PRIMARY_PORT:-8081}
SECONDARY_PORT=${SECONDARY_PORT:-8082}
CANDIDATE_PORT=${CANDIDATE_PORT:-8083}
REQUESTS=${REQUESTS:-60}
command -v jq >/dev/null || { echo "compare-demo.sh needs jq"; exit 1; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "Building the sample..."
  (cd "$root" && ./mvnw -B -q ${MVNW_ARGS:-} -pl sample-app -am package -DskipTests)
fi
jar=$(ls "$root"/sample-app/target/sample-app-*.jar | grep -v original | head -1)
logs=$(mktemp -d)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
if [[ "${KEEP_RUNNING:-0}" != 1 ]]; then trap stop EXIT; fi

start() { # name port args...
  local name=$1 port=$2; shift 2
  java -Xmx384m -jar "$jar" --server.port="$port" --spring.application.name=orders \
    --logging.level.root=warn --logging.level.dev.shadowtx.sample=info "$@" >"$logs/$name.log" 2>&1 &
  pids+=($!)
}
wait_up() { # name port
  for _ in $(seq 1 240); do
    curl -sf "http://localhost:$2/actuator/health" >/dev/null && return 0
    sleep 0.5
  done
  echo "$1 did not start; its log: $logs/$1.log"; tail -20 "$logs/$1.log"; exit 1
}

echo "Starting the primary (analyzer and in-process broker) on :$PRIMARY_PORT ..."
start primary "$PRIMARY_PORT" --spring.profiles.active=compare --shadow.compare.analyzer.enabled=true
wait_up primary "$PRIMARY_PORT"
broker=$(grep -o 'in-process KRaft broker at [^ ]*' "$logs/primary.log" | head -1 | awk '{print $NF}')
echo "Broker: $broker"
echo "Starting the secondary on :$SECONDARY_PORT and the candidate on :$CANDIDATE_PORT ..."
start secondary "$SECONDARY_PORT" --spring.profiles.active=compare --spring.kafka.bootstrap-servers="$broker"
start candidate "$CANDIDATE_PORT" --spring.profiles.active=compare,candidate --spring.kafka.bootstrap-servers="$broker"
wait_up secondary "$SECONDARY_PORT"
wait_up candidate "$CANDIDATE_PORT"
curl -sf -XDELETE "http://localhost:$PRIMARY_PORT/actuator/shadowcompare" >/dev/null

mirror() { # method path body
  local id; id="demo-$(date +%s%N)-$RANDOM"
  local args=(-s -o /dev/null -X "$1" -H "x-request-id: $id" -H 'Content-Type: application/json')
  [[ -n "${3:-}" ]] && args+=(-d "$3")
  curl "${args[@]}" "http://localhost:$PRIMARY_PORT$2"
  curl "${args[@]}" -H 'X-Shadow: shadow' "http://localhost:$SECONDARY_PORT$2" &
  local secondary=$!
  curl "${args[@]}" -H 'X-Shadow: shadow' "http://localhost:$CANDIDATE_PORT$2" &
  wait "$secondary" $! || true
}

echo "Playing the mesh: $REQUESTS orders (1 to 5 items) and a read of each, mirrored to secondary and candidate ..."
for i in $(seq 1 "$REQUESTS"); do
  quantity=$(( (i - 1) % 5 + 1 ))
  mirror POST /orders "{\"item\":\"book\",\"quantity\":$quantity}"
  mirror GET "/orders/$i"
done

echo "Waiting for the analyzer's window to close ..."
expected=$(( REQUESTS * 2 ))
for _ in $(seq 1 120); do
  done_count=$(curl -s "http://localhost:$PRIMARY_PORT/actuator/shadowcompare" \
    | jq '[.endpoints[] | .comparisons + .unmatchedPrimaries] | add // 0')
  [[ "$done_count" -ge "$expected" ]] && break
  sleep 0.5
done

echo
echo "== Report (GET /actuator/shadowcompare, summarised)"
curl -s "http://localhost:$PRIMARY_PORT/actuator/shadowcompare" | jq -r '
  .endpoints[] |
  "\(.endpoint)  \(.comparisons) comparisons, unmatched \(.unmatchedPrimaries)+\(.unmatchedCopies), \(.regressions) regression(s)",
  (.fields[] | "  \(.verdict | if . == "REGRESSION" then "REGRESSION" else "noise     " end)  \(.path)  candidate \(.candidateRate * 1000 | round / 10) %  secondary \(.noiseRate * 1000 | round / 10) %"
     + (if .verdict == "REGRESSION" then "   e.g. primary \(.examples[0].primary) candidate \(.examples[0].candidate)" else "" end))'
echo
echo "Dashboard: http://localhost:$PRIMARY_PORT/shadow-compare"
if [[ "${KEEP_RUNNING:-0}" == 1 ]]; then
  echo "The three services keep running (pids ${pids[*]}); logs in $logs"
fi
