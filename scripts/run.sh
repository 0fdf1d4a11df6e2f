#!/usr/bin/env bash
# Serve Kafkaesque locally: one Celery worker and the ASGI server (HTTP and the live sessions' WebSockets
# on one port, static files through WhiteNoise). Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
WORKERS="${CELERY_CONCURRENCY:-1}"

pids=()
stop() {
  trap - INT TERM HUP EXIT
  echo
  echo "stopping..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM HUP EXIT

# Its own session: Celery restarts itself on the terminal's SIGHUP, so the trap above stops it instead.
setsid .venv/bin/celery -A explorer worker --loglevel=INFO --concurrency="$WORKERS" \
  -Q "${CELERY_QUEUE:-kafkaesque}" -n "kafkaesque@%h" >var/worker.log 2>&1 &
pids+=($!)
.venv/bin/uvicorn explorer.asgi:application --host "$HOST" --port "$PORT" --lifespan off &
pids+=($!)

for _ in $(seq 1 100); do
  if curl -fsS "http://$HOST:$PORT/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.2
done
cat <<MSG

  Kafkaesque is running at http://$HOST:$PORT/
  demo login: user "demo", password "kafkaesque-demo"
  API docs:   http://$HOST:$PORT/api/docs/     health: http://$HOST:$PORT/healthz
  worker log: var/worker.log                    Ctrl-C stops the server and the worker.

MSG
wait -n "${pids[@]}"
