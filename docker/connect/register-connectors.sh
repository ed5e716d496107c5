#!/bin/sh
# Creates or updates every connector in /connectors/<name>.json through the Connect REST API
# (PUT /connectors/<name>/config is idempotent). Waits at most CONNECT_WAIT_SECONDS for the worker.
set -eu
CONNECT_URL="${CONNECT_URL:-http://connect:8083}"
CONNECT_WAIT_SECONDS="${CONNECT_WAIT_SECONDS:-180}"

waited=0
until curl -sf "$CONNECT_URL/connector-plugins" >/dev/null; do
  if [ "$waited" -ge "$CONNECT_WAIT_SECONDS" ]; then
    echo "register-connectors: Connect at $CONNECT_URL did not answer within ${CONNECT_WAIT_SECONDS}s" >&2
    exit 1
  fi
  sleep 2
  waited=$((waited + 2))
done

for file in /connectors/*.json; do
  name=$(basename "$file" .json)
  echo "register-connectors: $name"
  if ! curl -sf -X PUT -H 'Content-Type: application/json' --data @"$file" \
      "$CONNECT_URL/connectors/$name/config" >/dev/null; then
    echo "register-connectors: PUT $CONNECT_URL/connectors/$name/config failed; the worker's answer:" >&2
    curl -s -X PUT -H 'Content-Type: application/json' --data @"$file" "$CONNECT_URL/connectors/$name/config" >&2 || true
    exit 1
  fi
done
curl -sf "$CONNECT_URL/connectors?expand=status"
echo
