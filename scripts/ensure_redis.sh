#!/usr/bin/env bash
# Make sure a Redis answers at REDIS_URL (default redis://127.0.0.1:6379/0).
# Starts a local redis-server when none answers; installs it with apt when it is missing and we are root.
set -euo pipefail
url="${REDIS_URL:-redis://127.0.0.1:6379/0}"
hostport="${url#redis://}"; hostport="${hostport%%/*}"; hostport="${hostport##*@}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$host" ] && port=6379

ping() {
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -h "$host" -p "$port" ping 2>/dev/null | grep -q PONG
  else
    (exec 3<>"/dev/tcp/$host/$port" && printf 'PING\r\n' >&3 && head -c 5 <&3 | grep -q PONG) 2>/dev/null
  fi
}

if ping; then echo "redis: answering at $host:$port"; exit 0; fi
case "$host" in 127.0.0.1|localhost) ;; *) echo "redis: nothing answers at $url and it is not local; start it there." >&2; exit 1;; esac
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "redis: installing redis-server with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "redis: redis-server is not installed. Run: sudo apt-get install -y redis-server" >&2
    exit 1
  fi
fi
echo "redis: starting a local redis-server on port $port"
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no
for _ in $(seq 1 50); do ping && { echo "redis: answering at $host:$port"; exit 0; }; sleep 0.1; done
echo "redis: started redis-server but it does not answer at $host:$port" >&2
exit 1
