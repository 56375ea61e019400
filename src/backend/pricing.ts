import { claudeModel } from '../model/claude-models.js';

/** USD per million tokens (input, output) by model family, for an id the documented list does not hold (see pricesOf). */
const PRICES: [RegExp, number, number][] = [
  [/haiku/, 1, 5],
  [/sonnet/, 3, 15],
  [/opus/, 5, 25],
];

/** Prompt-caching input tokens, apart from `input_tokens`: written to the cache for 5 minutes or for an hour, and read from it. */
export interface CacheTokens {
  write5m: number;
  write1h: number;
  read: number;
}

/** What a cache token costs as a multiple of the model's input price, as the API's pricing states it for every model. */
export const CACHE_PRICE_FACTOR: Readonly<CacheTokens> = { write5m: 1.25, write1h: 2, read: 0.1 };

export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number, cache?: CacheTokens): number {
  return costOf(pricesOf(model), inputTokens, outputTokens, cache);
}

/**
 * A model's prices (USD per million input and output tokens): a documented model's own (for
 * tiered prices, the tier of ordinary prompts), else its family's; unknown families cost as sonnet.
 */
export function pricesOf(model: string): readonly [inPrice: number, outPrice: number] {
  const documented = claudeModel(model);
  if (documented) return [documented.price.input, documented.price.output];
  const found = PRICES.find(([re]) => re.test(model));
  return found ? [found[1], found[2]] : [3, 15];
}

export function costOf([inPrice, outPrice]: readonly [number, number], inputTokens: number, outputTokens: number, cache?: CacheTokens): number {
  const cost = (inputTokens * inPrice + outputTokens * outPrice) / 1e6;
  if (!cache) return cost;
  const f = CACHE_PRICE_FACTOR;
  return cost + ((cache.write5m * f.write5m + cache.write1h * f.write1h + cache.read * f.read) * inPrice) / 1e6;
}
