import type { Clock } from '../model/index.js';
import { AdaptiveEgress } from './egress-adaptive.js';
import { CallGate } from './egress-gate.js';
import { TokenBucketEgress } from './egress-token-bucket.js';
import { fixedEgress, type Egress } from './egress.js';
import type { EgressConfig } from './options.js';

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
  adaptive: (c, d) => new AdaptiveEgress(d.clock, { initial: c.initial ?? d.workers, min: c.min ?? 1, max: c.max ?? d.workers, decrease: c.decrease ?? 0.5 }),
};

/** The Egress a service's workers call the backend through; `fixed` when nothing is configured. */
export function createEgress(config: EgressConfig | undefined, deps: EgressDeps): Egress {
  return KINDS[config?.kind ?? 'fixed'](config ?? { kind: 'fixed' }, deps);
}

function gated(gate: CallGate): Egress {
  return {
    async run(call) {
      await gate.acquire();
      try {
        return await call();
      } finally {
        gate.release();
      }
    },
  };
}
