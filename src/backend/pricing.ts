/** USD per million tokens (input, output) by model family, for the report's cost estimate. */
const PRICES: [RegExp, number, number][] = [
  [/haiku/, 1, 5],
  [/sonnet/, 3, 15],
  [/opus/, 5, 25],
];

export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number): number {
  return costOf(pricesOf(model), inputTokens, outputTokens);
}

/** A model's prices (USD per million input and output tokens); unknown families cost as sonnet. */
export function pricesOf(model: string): readonly [inPrice: number, outPrice: number] {
  const found = PRICES.find(([re]) => re.test(model));
  return found ? [found[1], found[2]] : [3, 15];
}

export function costOf([inPrice, outPrice]: readonly [number, number], inputTokens: number, outputTokens: number): number {
  return (inputTokens * inPrice + outputTokens * outPrice) / 1e6;
}
