import { z } from 'zod';
import { whole } from '../units/index.js';

/** Most processes of one kind a run starts on one machine. */
const MAX_PROCESSES = 64;

/**
 * gameday's own service as many real OS processes around one shared queue (the persistent
 * strategy with `store: redis`): `api` processes admit jobs over HTTP (the load is spread over
 * them) and `workers` processes each run `service.workers` workers that claim from the queue.
 * crash-service SIGKILLs one API process, crash-worker one worker process.
 * @example { api: 2, workers: 4 }
 */
export const serviceProcessesSchema = z
  .object({
    /** API processes (HTTP, admission only). @default 1 */
    api: whole('processes.api', MAX_PROCESSES).default(1),
    /** Worker processes, each with `service.workers` workers. @default 2 */
    workers: whole('processes.workers', MAX_PROCESSES).default(2),
  })
  .strict();

export type ServiceProcesses = z.output<typeof serviceProcessesSchema>;
