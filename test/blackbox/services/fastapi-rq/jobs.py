"""The RQ job: one Claude call per job, over plain HTTP, recorded in the service's own truth."""
import json
import os
import urllib.error
import urllib.request

from redis import Redis

import truth

redis = Redis.from_url(os.environ["REDIS_URL"])
namespace = os.environ["NAMESPACE"]


def work(job_id, prompt, max_tokens):
    body = json.dumps({"model": "claude-haiku-4-5", "max_tokens": max_tokens, "messages": [{"role": "user", "content": prompt}]}).encode()
    req = urllib.request.Request(
        os.environ["ANTHROPIC_BASE_URL"].rstrip("/") + "/v1/messages",
        data=body,
        headers={"content-type": "application/json", "x-api-key": os.environ.get("ANTHROPIC_API_KEY", "k"), "anthropic-version": "2023-06-01"},
    )
    truth.count(redis, namespace, job_id, "messagesSent")
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            json.load(res)
    except urllib.error.HTTPError as e:
        truth.mark(redis, namespace, job_id, "failed")
        raise RuntimeError(f"backend {e.code}") from None
    truth.count(redis, namespace, job_id, "gotBack")
