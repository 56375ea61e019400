import { Chalk, type ChalkInstance } from 'chalk';
import type { Outcome } from '../../model/index.js';

/** A chalk bound to the caller's colour choice, never the global one (stable in tests and pipes). */
export function makeChalk(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

/** One colour per outcome, the same in every format. */
export const OUTCOME_HEX: Record<Outcome, string> = {
  completed: '#2e9d4f',
  shed: '#e0a100',
  rejected: '#8a4fd1',
  failed: '#ee7a1a',
  lost: '#d63b3b',
};

/**
 * The 16-colour terminal equivalents. There is no orange, and bright yellow is too close to
 * shed's yellow on most themes, so failed is cyan in the terminal.
 */
export const OUTCOME_ANSI: Record<Outcome, 'green' | 'yellow' | 'magenta' | 'cyan' | 'red'> = {
  completed: 'green',
  shed: 'yellow',
  rejected: 'magenta',
  failed: 'cyan',
  lost: 'red',
};

/** Colours a string as its outcome; plain when the chalk has no colour. */
export function paintOutcome(c: ChalkInstance, outcome: Outcome, s: string): string {
  return c[OUTCOME_ANSI[outcome]](s);
}
