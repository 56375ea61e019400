import type { Clock } from '../time/index.js';
import { AdaptiveEgress } from './egress-adaptive.js';
import { CallGate } from './egress-gate.js';
import { TokenBucketEgress } from './egress-token-bucket.js';
import { fixedEgress, type Egress } from './egress.js';
import { GradientEgress } from './egress-gradient.js';
import { VegasEgress } from './egress-vegas.js';
import { VEGAS_ALPHA, VEGAS_BETA, type EgressConfig } from './options.js';

export type { EgressConfig };

interface EgressDeps {
  clock: Clock;
  /** The service's worker count: the natural ceiling of any egress concurrency. */
  workers: number;
}

const KINDS: Record<EgressConfig['kind'], (c: EgressConfig, d: EgressDeps) => Egress> = {
  fixed: (c, d) => (c.concurrency && c.concurrency < d.workers ? gated(new CallGate(d.clock, c.concurrency)) : fixedEgress),
  'token-bucket': (c, d) => {
    if (!c.rate) throw new Error('egress kind token-bucket needs `rate`');
    return new TokenBucketEgress(d.clock, c.rate, c.burst ?? 1);
  },
  adaptive: (c, d) => new AdaptiveEgress(d.clock, bounds(c, d)),
  gradient: (c, d) =>
    new GradientEgress(d.clock, { ...latencyLimit(c, d), tolerance: c.tolerance ?? 1.5, smoothing: c.smoothing ?? 0.2, queueSize: c.queueSize ?? 2 }),
  vegas: (c, d) => new VegasEgress(d.clock, { ...latencyLimit(c, d), alpha: c.alpha ?? VEGAS_ALPHA, beta: c.beta ?? VEGAS_BETA }),
};

/** The limits every adaptive kind shares, with their defaults. */
function bounds(c: EgressConfig, d: EgressDeps) {
  return { initial: c.initial ?? d.workers, min: c.min ?? 1, max: c.max ?? d.workers, decrease: c.decrease ?? 0.5 };
}

function latencyLimit(c: EgressConfig, d: EgressDeps) {
  return { ...bounds(c, d), windowMs: c.window ?? 10_000 };
}

/** The Egress a service's workers call the backend through; `fixed` when nothing is configured. */
export function createEgress(config: EgressConfig | undefined, deps: EgressDeps): Egress {
  return KINDS[config?.kind ?? 'fixed'](config ?? { kind: 'fixed' }, deps);
}

function gated(gate: CallGate): Egress {
  return {
    run(call, reply) {
      gate.acquire(() =>
        call((err, outcome) => {
          gate.release();
          reply(err, outcome);
        }),
      );
    },
  };
}
