#!/usr/bin/env bash
# Prints the X-Shadow-Signature header value for a marker, for shadow.trust.mode=SIGNED:
#   t=<epoch seconds>,s=<hex HMAC-SHA256 of "<mode>:<epoch seconds>" with the shared secret>
# (the codec of dev.shadowtx.core.marker.MarkerSignature).
#
# usage: SHADOW_SECRET=... sign-marker.sh [shadow|synthetic] [epoch-seconds]
#   mode defaults to synthetic, the time to now. The secret is read from SHADOW_SECRET (never from
#   the command line, where ps and shell history would show it) and must be at least 32 bytes.
#
# example:
#   curl -XPOST https://orders.example.com/orders -H 'X-Shadow: synthetic' \
#        -H "X-Shadow-Signature: $(SHADOW_SECRET="$SECRET" docs/scripts/sign-marker.sh synthetic)" ...
set -euo pipefail

mode=${1:-synthetic}
t=${2:-$(date +%s)}
secret=${SHADOW_SECRET:?set SHADOW_SECRET to the value of shadow.trust.secret}

case "$mode" in
	shadow | synthetic) ;;
	*) echo "mode must be shadow or synthetic, not '$mode'" >&2; exit 2 ;;
esac
case "$t" in
	'' | *[!0-9]*) echo "time must be epoch seconds, not '$t'" >&2; exit 2 ;;
esac
if [ "$(printf '%s' "$secret" | wc -c)" -lt 32 ]; then
	echo "the secret must be at least 32 bytes (as shadow.trust.secret)" >&2
	exit 2
fi

# the key is handed to openssl hex-encoded, so no character of the secret is interpreted; note that
# it is then an argument of the openssl process, visible to `ps` while it runs: sign on a machine
# you trust (a CI runner, your workstation), not on a shared host
hexkey=$(printf '%s' "$secret" | od -An -v -tx1 | tr -d ' \n')
s=$(printf '%s' "$mode:$t" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" | sed 's/^.*= *//')
printf 't=%s,s=%s\n' "$t" "$s"
