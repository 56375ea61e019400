import { PRIORITIES } from '../model/index.js';
import { Fifo } from './fifo.js';
import type { Job } from './types.js';

/**
 * The order an in-memory queue serves its jobs in, as an object (p-queue's `queueClass`): which
 * job a worker gets next, and which one the queue gives up first when a strategy evicts.
 */
export interface QueueOrder {
  readonly size: number;
  push(job: Job): void;
  /** The job to hand out next. */
  next(): Job | undefined;
  /** The job this order would serve last: the one an evicting strategy ends first. */
  last(): Job | undefined;
  /** Empties the queue; returns what it held. */
  clear(): Job[];
}

/** First in, first out. */
export const fifoOrder = (): QueueOrder => sequenceOrder(false);

/** Last in, first out: the newest job is served first, the oldest is given up first. */
export const lifoOrder = (): QueueOrder => sequenceOrder(true);

/** One sequence of jobs in arrival order, served from one end and given up from the other. */
function sequenceOrder(newestFirst: boolean): QueueOrder {
  const jobs = new Fifo<Job>();
  const oldest = () => jobs.shift();
  const newest = () => jobs.pop();
  return {
    get size() {
      return jobs.length;
    },
    push: (job) => jobs.push(job),
    next: newestFirst ? newest : oldest,
    last: newestFirst ? oldest : newest,
    clear: () => jobs.clear(),
  };
}

/** Best priority first (critical before low), first in, first out within a priority. */
export function priorityOrder(): QueueOrder {
  const lanes = PRIORITIES.map(() => new Fifo<Job>());
  let size = 0;
  const take = (job: Job | undefined) => {
    if (job) size--;
    return job;
  };
  return {
    get size() {
      return size;
    },
    push: (job) => {
      lanes[job.priority].push(job);
      size++;
    },
    next: () => take(lanes.find((l) => l.length > 0)?.shift()),
    last: () => take(lanes.findLast((l) => l.length > 0)?.pop()),
    clear: () => {
      size = 0;
      return lanes.flatMap((l) => l.clear());
    },
  };
}
