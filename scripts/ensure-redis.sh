#!/usr/bin/env bash
# Makes sure Redis answers on 127.0.0.1:6379 for the BullMQ black-box tests
# (test/blackbox/bullmq.test.ts). Idempotent: returns at once when it already answers.
# Starts a throwaway server (no persistence) if redis-server is installed; installs it with
# apt-get first on Debian/Ubuntu when it is not (needs root, as CI images run).
set -euo pipefail

answers() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

if command -v redis-cli >/dev/null 2>&1 && answers; then
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-redis: Redis is not answering on 127.0.0.1:6379 and apt-get is not available; install and start Redis by hand" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends redis-server
fi

redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
for _ in $(seq 1 50); do
  answers && exit 0
  sleep 0.1
done
echo "ensure-redis: started redis-server but it does not answer on 127.0.0.1:6379" >&2
exit 1
