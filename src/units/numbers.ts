import { z } from 'zod';
import { showValue } from './show-value.js';

// Number fields of any option schema (scenario, faults), with messages that name the field and what it got.

const got = (i: { input?: unknown }) => `, got ${showValue(i.input)}`;

export const numberField = (what: string) => z.number({ error: (i) => `Expected \`${what}\` to be a number${got(i)}` });

export const positive = (what: string, max?: number) => {
  const n = numberField(what).positive({ error: (i) => `Expected \`${what}\` to be > 0${got(i)}` });
  return max === undefined ? n : n.max(max, { error: (i) => `Expected \`${what}\` to be <= ${max.toLocaleString('en')}${got(i)}` });
};

export const nonNegative = (what: string, max?: number) => {
  const n = numberField(what).min(0, { error: (i) => `Expected \`${what}\` to be >= 0${got(i)}` });
  return max === undefined ? n : n.max(max, { error: (i) => `Expected \`${what}\` to be <= ${max.toLocaleString('en')}${got(i)}` });
};

export const fraction = (what: string) => nonNegative(what, 1);

/** A whole number in [min, max]. */
export const whole = (what: string, max: number, min = 1) =>
  numberField(what)
    .int({ error: (i) => `Expected \`${what}\` to be a whole number${got(i)}` })
    .min(min, { error: (i) => `Expected \`${what}\` to be >= ${min}${got(i)}` })
    .max(max, { error: (i) => `Expected \`${what}\` to be <= ${max.toLocaleString('en')}${got(i)}` });
