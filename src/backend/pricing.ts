import { claudeModel } from '../model/claude-models.js';

/** USD per million tokens (input, output) by model family, for an id the documented list does not hold (see pricesOf). */
const PRICES: [RegExp, number, number][] = [
  [/haiku/, 1, 5],
  [/sonnet/, 3, 15],
  [/opus/, 5, 25],
];

export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number): number {
  return costOf(pricesOf(model), inputTokens, outputTokens);
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

export function costOf([inPrice, outPrice]: readonly [number, number], inputTokens: number, outputTokens: number): number {
  return (inputTokens * inPrice + outputTokens * outPrice) / 1e6;
}
