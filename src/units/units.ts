/** Milliseconds per duration unit, as scenarios and gates write them ("250ms", "5s", "2m", "1h"). */
export const MS_PER_UNIT: Readonly<Record<'ms' | 's' | 'm' | 'h', number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
