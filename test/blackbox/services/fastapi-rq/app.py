"""
FastAPI + RQ, the way a Python team puts Claude behind a queue: the API answers 202 and enqueues
the job on Redis; RQ workers (separate processes: `rq worker`) call Claude. When the queue holds
CAPACITY jobs the API drops the next one, still after its 202. Its own truth per job id lives in
Redis (truth.py), where a careful team would keep it; GET /jobs/{id} reports RQ's own job status.
Env: REDIS_URL, NAMESPACE (queue name and key prefix), CAPACITY.
"""
import os

from fastapi import FastAPI, Request, Response
from redis import Redis
from rq import Queue, Worker
from rq.exceptions import NoSuchJobError
from rq.job import Job

import truth

redis = Redis.from_url(os.environ["REDIS_URL"])
namespace = os.environ["NAMESPACE"]
capacity = int(os.environ.get("CAPACITY", "1000000"))
queue = Queue(namespace, connection=redis)
app = FastAPI()


@app.get("/health")
def health(response: Response):
    # Healthy once a worker listens on the queue: a run then starts with the service whole.
    if not Worker.all(queue=queue):
        response.status_code = 503
        return {"ok": False, "why": "no worker yet"}
    return {"ok": True}


@app.post("/jobs", status_code=202)
async def submit(request: Request):
    job = await request.json()
    truth.received(redis, namespace, job["id"])
    if queue.count >= capacity:
        truth.mark(redis, namespace, job["id"], "dropped")  # the silent drop: 202 all the same
        return {"status": "queued"}
    queue.enqueue("jobs.work", job["id"], job["prompt"], job.get("max_tokens", 64), job_id=job["id"], result_ttl=600, failure_ttl=600)
    return {"status": "queued"}


@app.get("/jobs/{job_id}")
def status(job_id: str, response: Response):
    try:
        job = Job.fetch(job_id, connection=redis)
    except NoSuchJobError:
        response.status_code = 404
        return {"error": "no such job"}
    return {"state": job.get_status(refresh=True), "error": (job.exc_info or "").strip().splitlines()[-1:] or None}


@app.get("/truth")
def table():
    return truth.table(redis, namespace)
