/** USD per million tokens (input, output) by model family, for the report's cost estimate. */
const PRICES: [RegExp, number, number][] = [
  [/haiku/, 1, 5],
  [/sonnet/, 3, 15],
  [/opus/, 5, 25],
];

export function estimateCostUsd(model: string, inputTokens: number, outputTokens: number): number {
  const [, inPrice, outPrice] = PRICES.find(([re]) => re.test(model)) ?? [null, 3, 15];
  return (inputTokens * inPrice + outputTokens * outPrice) / 1e6;
}
