/**
 * A sweep's worker thread: runs the points it is sent, one at a time, in virtual time, and
 * answers each with its measure. The scenario arrives already validated (plain, cloneable data).
 */
import { parentPort } from 'node:worker_threads';
import { runScenario } from '../engine/index.js';
import type { Scenario } from '../scenario/index.js';
import { measurePoint } from './measure.js';

export interface PointRequest {
  id: number;
  scenario: Scenario;
  gates: string[];
}

export type PointReply = { id: number; measure: ReturnType<typeof measurePoint> } | { id: number; error: string };

parentPort!.on('message', (job: PointRequest) => {
  runScenario(job.scenario, { mode: 'sim' })
    .then((r) => parentPort!.postMessage({ id: job.id, measure: measurePoint(r, job.gates) } satisfies PointReply))
    .catch((e: unknown) => parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) } satisfies PointReply));
});
