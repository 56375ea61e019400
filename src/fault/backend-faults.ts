import type { Rng } from '../time/index.js';
import { faultModule, type Fault } from './registry.js';
import type { BackendEffect, FaultBase, RateLimitsOverride } from './types.js';

/** The faults a backend acts on (plain data: they travel to the mock's thread as they are). */
export function backendFaults(faults: readonly Fault[]): Fault[] {
  return faults.filter((f) => faultModule(f).backend !== undefined);
}

const NONE_OPEN: readonly [FaultBase, BackendEffect<FaultBase>][] = [];

/**
 * The mock's question to its faults, "fail, slow or cut this call now?", answered by the faults
 * whose window is open at `now`, in the scenario's order.
 */
export class OpenFaults {
  /** From this moment on no fault is open: held while the steady state is checked, for good when it did not hold. */
  private heldFrom = Infinity;

  constructor(private readonly faults: readonly FaultBase[]) {}

  /** Holds every fault from `from` on, open or yet to open; undefined: they act as scheduled again. */
  holdFrom(from: number | undefined): void {
    this.heldFrom = from ?? Infinity;
  }

  /** The moments the rate limits may change (where a fault that sets them opens or closes), in order. */
  rateLimitEdges(): number[] {
    const edges = this.faults.filter((f) => faultModule(f).backend?.rateLimits !== undefined).flatMap((f) => faultModule(f).window(f));
    return [...new Set(edges)].sort((a, b) => a - b);
  }

  private open(now: number): readonly [FaultBase, BackendEffect<FaultBase>][] {
    // Asked several times per backend call: a run without backend faults builds nothing, and its
    // callers loop rather than pass a callback (a closure per question was garbage per call).
    if (this.faults.length === 0 || now >= this.heldFrom) return NONE_OPEN;
    const out: [FaultBase, BackendEffect<FaultBase>][] = [];
    for (const f of this.faults) {
      const m = faultModule(f);
      const [start, end] = m.window(f);
      if (m.backend && now >= start && now < end) out.push([f, m.backend]);
    }
    return out;
  }

  /** The status to refuse a call with now, if an open fault refuses it. */
  refusal(now: number, rng: Rng): number | undefined {
    for (const [f, effect] of this.open(now)) {
      const status = effect.refuse?.(f, rng);
      if (status !== undefined) return status;
    }
    return undefined;
  }

  /** What latency is multiplied by now. */
  slowdown(now: number): number {
    let k = 1;
    for (const [f, effect] of this.open(now)) k *= effect.slowdown?.(f, now) ?? 1;
    return k;
  }

  /** The delay open faults add to a call's answer now (ms): drawn from `rng` only while one is open. */
  addedDelay(now: number, rng: Rng): number {
    let ms = 0;
    for (const [f, effect] of this.open(now)) {
      const range = effect.delay?.(f, now);
      if (range) ms += range.min + (range.max - range.min) * rng.next();
    }
    return ms;
  }

  /** The per-minute limits open faults impose now (a later fault in the scenario wins a kind both set); undefined when none. */
  rateLimits(now: number): RateLimitsOverride | undefined {
    let out: RateLimitsOverride | undefined;
    for (const [f, effect] of this.open(now)) {
      const limits = effect.rateLimits?.(f);
      if (limits) out = { ...out, ...limits };
    }
    return out;
  }

  /** The status whose error cuts a stream in progress now, if any. */
  interruption(now: number): number | undefined {
    for (const [f, effect] of this.open(now)) {
      const status = effect.interrupt?.(f);
      if (status !== undefined) return status;
    }
    return undefined;
  }

  /** Whether an answer going out now loses its connection instead. */
  drops(now: number): boolean {
    for (const [f, effect] of this.open(now)) if (effect.drop?.(f)) return true;
    return false;
  }
}
