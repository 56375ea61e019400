import { RealClock } from '../../time/index.js';
import type { HarnessName, Ledger } from '../../model/index.js';
import { serviceCluster, type Scenario } from '../../scenario/index.js';
import type { RequestBudget } from '../../backend/index.js';
import type { SharedRunStore } from '../queue/redis.js';
import type { RunStore } from '../queue/run-store.js';
import { usesChildProcess } from '../preflight.js';
import { createChildHarness } from './child.js';
import { createClusterHarness } from './cluster.js';
import { createExternalHarness } from './external.js';
import type { Harness } from './harness.js';
import { createLiveHarness } from './live.js';
import { createSimHarness } from './sim.js';

/** What choosing and building a harness reads. */
export interface HarnessInputs {
  s: Scenario;
  mode: 'live' | 'sim';
  ledger: Ledger;
  store?: RunStore;
  budget?: RequestBudget;
  workDir?: string;
  /** Where service.request's `${VAR}`s are read. */
  env?: NodeJS.ProcessEnv;
}

interface HarnessChoice {
  name: HarnessName;
  /** Whether this harness runs the scenario; the first that does is chosen. */
  when(i: HarnessInputs): boolean;
  create(i: HarnessInputs): Harness | Promise<Harness>;
}

/**
 * The harnesses, in the order they are tried. A simulation runs gameday's service on a virtual
 * clock; live, your own service (service.url) is driven over HTTP, gameday's service runs as
 * many processes on a shared Redis queue (service.processes; preflight made sure the queue is
 * Redis), in a child process (the default, so a real kill cannot take the runner down), or in
 * this process (service.process: in-process).
 */
const HARNESSES: readonly HarnessChoice[] = [
  { name: 'sim', when: (i) => i.mode === 'sim', create: (i) => createSimHarness(i.s, i.ledger, i.store) },
  { name: 'external', when: (i) => i.s.service.url !== undefined, create: (i) => createExternalHarness(i.s, i.ledger, new RealClock(), i.workDir, i.env) },
  {
    name: 'cluster',
    when: (i) => serviceCluster(i.s.service) !== undefined && i.store?.kind === 'redis',
    create: (i) => createClusterHarness(i.s, i.ledger, i.store as SharedRunStore), // `when` checked it is Redis
  },
  { name: 'child', when: (i) => usesChildProcess(i.s), create: (i) => createChildHarness(i.s, i.ledger, i.store) },
  {
    name: 'in-process',
    when: () => true,
    create: (i) => createLiveHarness(i.s, i.ledger, new RealClock(), i.store?.store, i.budget, i.store?.kind === 'redis' ? i.store.shared : undefined),
  },
];

/** The harness that runs these inputs, by the table above. */
export function chooseHarness(i: HarnessInputs): HarnessChoice {
  return HARNESSES.find((h) => h.when(i))!;
}
