#!/usr/bin/env bash
# Start the service, then the clerk desktop when there is a display; stop the service on exit.
set -euo pipefail
BIN="$1"; HOST="$2"; PORT="$3"
URL="http://$HOST:$PORT"

if [ ! -f clerk_desktop/app.py ]; then
  echo "Service starting at $URL (API: $URL/api/v1/openapi.json). Press Ctrl+C to stop."
  exec "$BIN/service-api" serve --host "$HOST" --port "$PORT"
fi

"$BIN/service-api" serve --host "$HOST" --port "$PORT" &
SERVICE_PID=$!
trap 'kill $SERVICE_PID 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 50); do
  curl -fs "$URL/healthz" >/dev/null 2>&1 && break
  sleep 0.2
done
echo "Service running at $URL"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ "$(uname)" = "Darwin" ]; then
  "$BIN/clerk-desktop" --server "$URL"
else
  echo "No display found: the clerk desktop cannot open here."
  echo "On a machine with a screen run:  $BIN/clerk-desktop --server $URL"
  echo "Press Ctrl+C to stop the service."
  wait $SERVICE_PID
fi
