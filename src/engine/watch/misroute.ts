import type { Clock } from '../../time/index.js';

/**
 * Statuses that say gameday's requests never reached a handler of your service's: a wrong path or
 * method, or credentials the service wants. Counted as `rejected`, a run of nothing but these
 * would read "nothing lost" and pass a `lost == 0` gate while measuring nothing.
 */
const REFUSALS: Readonly<Record<string, string>> = {
  '404': "check service.url's path",
  '405': "check service.url's path: the service takes no POST there",
  '401': 'the service wants credentials gameday does not send (give them in service.request.headers)',
  '403': 'the service refuses gameday its route (credentials, or an allow-list)',
};

/** This many answers, every one a refusal above, and the run stops: it is misconfigured, not overloaded. */
export const MISROUTE_AFTER = 5;
const CHECK_EVERY_MS = 100;

/**
 * What is wrong, when every answer so far (at least `atLeast` of them) is a refusal above:
 * "answered 404 to all of the first 5 requests: check service.url's path"; else undefined.
 */
export function misrouteWords(answers: ReadonlyMap<string, number>, atLeast: number): string | undefined {
  let total = 0;
  for (const [key, n] of answers) {
    if (!(key in REFUSALS)) return undefined;
    total += n;
  }
  if (total < atLeast || total === 0) return undefined;
  const [top] = [...answers].sort(([, a], [, b]) => b - a);
  const statuses = [...answers.keys()].sort().join(' or ');
  return `answered ${statuses} to all of the first ${total} request${total === 1 ? '' : 's'}: ${REFUSALS[top[0]]}`;
}

/** Watches your service's first answers; trips once, as soon as the first MISROUTE_AFTER are all refusals. */
export function watchMisroute(answers: ReadonlyMap<string, number>, clock: Clock, onTrip: (words: string) => void): () => void {
  let cancel = clock.setTimer(CHECK_EVERY_MS, function check() {
    const words = misrouteWords(answers, MISROUTE_AFTER);
    if (words) return onTrip(words);
    let total = 0;
    for (const n of answers.values()) total += n;
    // Past the first answers, a refusal among them is the service's business, not a wrong URL.
    if (total < MISROUTE_AFTER) cancel = clock.setTimer(CHECK_EVERY_MS, check);
  });
  return () => cancel();
}
