#!/usr/bin/env bash
# Makes sure Debian's python3 has FastAPI, uvicorn, RQ and redis-py for the Python black-box
# service (test/blackbox/services/fastapi-rq). Idempotent: returns at once when they import.
# Debian/Ubuntu only; needs root (CI images run as root; elsewhere run it with sudo).
set -euo pipefail

if /usr/bin/python3 -c 'import fastapi, uvicorn, rq, redis' >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-python-services: Debian's python3 lacks fastapi/uvicorn/rq/redis and apt-get is not available; install them by hand" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends python3-fastapi python3-uvicorn python3-rq python3-redis
/usr/bin/python3 -c 'import fastapi, uvicorn, rq, redis'
