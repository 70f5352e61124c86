#!/usr/bin/env bash
# Prints the X-Shadow-Signature header value that marks one request, for shadow.trust.mode=SIGNED
# (the codec of dev.shadowtx.core.marker.MarkerSignature, format v=2):
#   v=2,t=<epoch seconds>,n=<nonce>,s=<hex HMAC-SHA256 with the shared secret of the lines
#     shadowtx-v2 / <mode> / <epoch seconds> / <nonce> / <METHOD> / <path?query> / <body digest>>
# A signature is good for that mode, method, path and query (and body digest, when one is sent),
# within the clock skew, and once: sign every request anew.
#
# usage: SHADOW_SECRET=... sign-marker.sh <shadow|synthetic> <METHOD> <path?query>
#   The secret is read from SHADOW_SECRET (never from the command line, where ps and shell history
#   would show it) and must be at least 32 bytes. Optional:
#   SHADOW_BODY_DIGEST  the value of the X-Shadow-Body-Digest header sent with the request, e.g.
#                       "sha-256=$(openssl dgst -sha256 -binary body.json | base64)"
#   SHADOW_SIGN_TIME    epoch seconds to sign for (default: now)
#   SHADOW_NONCE        the nonce, 1 to 64 characters of [A-Za-z0-9_-] (default: 24 random hex digits)
#
# example:
#   curl -XPOST 'https://orders.example.com/orders?source=probe' -H 'X-Shadow: synthetic' \
#        -H "X-Shadow-Signature: $(SHADOW_SECRET="$SECRET" docs/scripts/sign-marker.sh synthetic POST '/orders?source=probe')" ...
set -euo pipefail

if [ $# -ne 3 ]; then
	echo "usage: SHADOW_SECRET=... $0 <shadow|synthetic> <METHOD> <path?query>" >&2
	exit 2
fi
mode=$1
method=$2
target=$3
t=${SHADOW_SIGN_TIME:-$(date +%s)}
nonce=${SHADOW_NONCE:-$(openssl rand -hex 12)}
digest=${SHADOW_BODY_DIGEST:-}
secret=${SHADOW_SECRET:?set SHADOW_SECRET to the value of shadow.trust.secret}

case "$mode" in
	shadow | synthetic) ;;
	*) echo "mode must be shadow or synthetic, not '$mode'" >&2; exit 2 ;;
esac
case "$t" in
	'' | *[!0-9]*) echo "time must be epoch seconds, not '$t'" >&2; exit 2 ;;
esac
case "$nonce" in
	'' | *[!A-Za-z0-9_-]*) echo "the nonce must be 1 to 64 characters of [A-Za-z0-9_-]" >&2; exit 2 ;;
esac
if [ ${#nonce} -gt 64 ]; then
	echo "the nonce must be 1 to 64 characters of [A-Za-z0-9_-]" >&2
	exit 2
fi
case "$target" in
	/*) ;;
	*) echo "the target is the path and query as sent, starting with /, not '$target'" >&2; exit 2 ;;
esac
if [ "$(printf '%s' "$secret" | wc -c)" -lt 32 ]; then
	echo "the secret must be at least 32 bytes (as shadow.trust.secret)" >&2
	exit 2
fi

# the key is handed to openssl hex-encoded, so no character of the secret is interpreted; note that
# it is then an argument of the openssl process, visible to `ps` while it runs: sign on a machine
# you trust (a CI runner, your workstation), not on a shared host
hexkey=$(printf '%s' "$secret" | od -An -v -tx1 | tr -d ' \n')
s=$(printf 'shadowtx-v2\n%s\n%s\n%s\n%s\n%s\n%s' "$mode" "$t" "$nonce" "$method" "$target" "$digest" \
	| openssl dgst -sha256 -mac HMAC -macopt "hexkey:$hexkey" | sed 's/^.*= *//')
printf 'v=2,t=%s,n=%s,s=%s\n' "$t" "$nonce" "$s"
