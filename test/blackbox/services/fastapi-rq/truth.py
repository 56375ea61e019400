"""The service's own account per job id, in a Redis hash per job: what the black-box test compares with."""

FIELDS = ("received", "messagesSent", "gotBack")


def _key(namespace, job_id):
    return f"{namespace}:truth:{job_id}"


def received(redis, namespace, job_id):
    redis.hincrby(_key(namespace, job_id), "received", 1)
    redis.sadd(f"{namespace}:truth-ids", job_id)


def count(redis, namespace, job_id, field):
    redis.hincrby(_key(namespace, job_id), field, 1)


def mark(redis, namespace, job_id, flag):
    redis.hset(_key(namespace, job_id), flag, 1)


def table(redis, namespace):
    out = {}
    for raw in redis.smembers(f"{namespace}:truth-ids"):
        job_id = raw.decode()
        h = {k.decode(): int(v) for k, v in redis.hgetall(_key(namespace, job_id)).items()}
        n = h.get("messagesSent", 0)
        out[job_id] = {
            "received": h.get("received", 0),
            "answers": [202] * h.get("received", 0),
            "dropped": bool(h.get("dropped")),
            "messagesSent": n,
            "callsCarrying": n,
            "countTokensSent": 0,
            "gotBack": h.get("gotBack", 0),
            "failed": bool(h.get("failed")),
            "aborted": False,
        }
    return out
