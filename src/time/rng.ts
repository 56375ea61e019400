/** A seeded random source. Everything random takes one, so a run is reproducible per seed. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** sfc32 seeded through splitmix32: small, fast, good enough for load shapes. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  return {
    next() {
      const t = (((a + b) >>> 0) + d) >>> 0;
      d = (d + 1) >>> 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) >>> 0;
      c = ((c << 21) | (c >>> 11)) >>> 0;
      c = (c + t) >>> 0;
      return t / 4294967296;
    },
  };
}

/** An independent stream derived from a seed and a label, so adding draws in one place does not shift another. */
export function deriveRng(seed: number, label: string): Rng {
  let h = seed >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return createRng(h);
}

/** A standard normal draw (Box-Muller). */
export function normal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const Z99 = 2.3263478740408408;

/** A log-normal draw with the given median and 99th percentile (p99 >= p50 > 0). */
export function logNormal(rng: Rng, p50: number, p99: number): number {
  return p50 * Math.exp(logNormalSigma(p50, p99) * normal(rng));
}

/** The sigma of that log-normal, for a caller drawing many with the same shape (see logNormalDraws). */
export function logNormalSigma(p50: number, p99: number): number {
  return p99 > p50 ? Math.log(p99 / p50) / Z99 : 0;
}

/** Draws of one log-normal shape: the same numbers as logNormal, its sigma worked out once. */
export function logNormalDraws(rng: Rng, p50: number, p99: number): () => number {
  const sigma = logNormalSigma(p50, p99);
  return () => p50 * Math.exp(sigma * normal(rng));
}

/** The mean of that log-normal: p50 * exp(sigma^2 / 2). */
export function logNormalMean(p50: number, p99: number): number {
  const sigma = p99 > p50 ? Math.log(p99 / p50) / Z99 : 0;
  return p50 * Math.exp((sigma * sigma) / 2);
}

/** Picks an index from weights that sum to anything positive (`total`, their sum, if the caller has it). */
export function pickWeighted(rng: Rng, weights: readonly number[], total = weights.reduce((a, b) => a + b, 0)): number {
  let x = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}
