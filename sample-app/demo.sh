#!/usr/bin/env bash
# The shadowtx demo: one live order, then the same order marked as shadow in the three ways a
# mesh or a client can mark it, and once as a synthetic transaction; then what each left behind.
#
# Start the sample first, from the repository root:   ./mvnw -pl sample-app -am spring-boot:run
# then:                                                 sample-app/demo.sh
# Needs curl; jq makes the output shorter (without it the raw JSON is printed).
set -euo pipefail

BASE=${BASE:-http://localhost:8080}
ORDER='{"item":"book","quantity":2}'

have_jq() { command -v jq >/dev/null 2>&1; }
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
json() { if have_jq; then jq -c "$@"; else cat; echo; fi; }
post() { curl -sS -XPOST "$BASE/orders" -H 'Content-Type: application/json' -d "$ORDER" "$@"; }
# the body apart from the generated id and the mode
core() { sed -E 's/"id":[0-9]+,?//; s/,?"mode":"[a-z]+"//'; }
id_of() { sed -E 's/.*"id":([0-9]+).*/\1/'; }

curl -sSf "$BASE/actuator/health" >/dev/null || { echo "The sample is not running at $BASE (see the comment at the top)"; exit 1; }

step "1. A live order"
live=$(post)
echo "POST /orders                                -> $live"

step "2. The same order, marked"
declare -A marked
marked[envoy-host-suffix]=$(post -H 'Host: orders-shadow:8080')
marked[x-shadow-header]=$(post -H 'X-Shadow: shadow')
marked[baggage]=$(post -H 'baggage: shadow=shadow')
marked[synthetic]=$(post -H 'X-Shadow: synthetic')
printf '%-44s -> %s\n' "Host: orders-shadow:8080" "${marked[envoy-host-suffix]}" \
	"X-Shadow: shadow" "${marked[x-shadow-header]}" \
	"baggage: shadow=shadow" "${marked[baggage]}" \
	"X-Shadow: synthetic" "${marked[synthetic]}"
for way in envoy-host-suffix x-shadow-header baggage synthetic; do
	if [ "$(core <<<"${marked[$way]}")" = "$(core <<<"$live")" ]; then same=yes; else same=NO; fi
	printf 'same body as live apart from id and mode, %-18s %s\n' "$way:" "$same"
done

live_id=$(id_of <<<"$live")
ids="$live_id"
for way in envoy-host-suffix x-shadow-header baggage synthetic; do ids="$ids,$(id_of <<<"${marked[$way]}")"; done

step "3. Rows: the live order is there, the shadow ones are not (their ids were drawn, then rolled back)"
for id in ${ids//,/ }; do
	printf 'GET /orders/%-4s -> %s\n' "$id" "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/orders/$id")"
done
echo "GET /demo/orders (the orders table):"
curl -sS "$BASE/demo/orders" | json --argjson ids "[$ids]" 'map(select(.id as $i | $ids | index($i)))'

step "4. Payments: the live charge reached the provider, the shadow ones its test double"
curl -sS "$BASE/demo/payments" | json --argjson ids "[$ids]" \
	'map_values(map(select(.orderId | tonumber as $i | $ids | index($i)) | {orderId, mode, paymentId}))'

step "5. Events: live on 'orders', shadow on 'orders.shadow' (what the listener consumed)"
for _ in $(seq 1 50); do
	seen=$(curl -sS "$BASE/demo/events")
	all=yes
	for id in ${ids//,/ }; do grep -q "\"orderId\":$id," <<<"$seen" || all=no; done
	[ "$all" = yes ] && break
	sleep 0.2
done
json --argjson ids "[$ids]" 'map(select(.orderId as $i | $ids | index($i)))[]' <<<"$seen"

step "6. Read model: only the live order (the listener ran for the shadow events too, in shadow)"
curl -sS "$BASE/demo/read-model" | json --argjson ids "[$ids]" 'map(select(.orderId as $i | $ids | index($i)))'

step "7. What shadowtx counted: /actuator/shadow and the meters"
curl -sS "$BASE/actuator/shadow" | json '.counters'
for meter in shadow.requests shadow.outbound shadow.transactions.rolled-back; do
	printf '%-32s ' "$meter"
	curl -sS "$BASE/actuator/metrics/$meter" | json '{count: .measurements[0].value, tags: [.availableTags[] | {(.tag): .values}] | add}'
done
