import { randomBytes } from 'node:crypto';

/** What an id found at the backend boundary belongs to. */
export type IdOwner = { kind: 'ours'; index: number } | { kind: 'foreign' };

/**
 * Any gameday id, of this run or another: `gd-<8 hex nonce>-<index>`. Case-insensitive, so an
 * upper-cased prompt still matches. No word boundaries: services glue ids to their own names
 * (`user_<id>`, `toolu_<id>`, `<id>_attempt2`, `job<id>`). The one placement that cannot be read
 * is a digit right after the id: `<id>7` is another number.
 */
export const ANY_REQUEST_ID = /gd-([0-9a-f]{8})-(\d+)/gi;

/**
 * The request ids of one run. Each carries the run's nonce, so an answer for a request of an
 * earlier run (a backlog a service drains late, a stale durable queue) is recognised as foreign
 * and never credited to this run's request with the same number.
 */
export class RequestIds {
  readonly nonce: string;
  private readonly prefix: string;

  constructor(nonce: string = randomBytes(4).toString('hex')) {
    if (!/^[0-9a-f]{8}$/.test(nonce)) throw new TypeError(`Expected \`nonce\` to be 8 lowercase hex digits, got \`${nonce}\``);
    this.nonce = nonce;
    this.prefix = `gd-${nonce}-`;
  }

  /** The id on the wire of request i. */
  id(i: number): string {
    return `gd-${this.nonce}-${i}`;
  }

  /** The index of one of this run's ids, or -1 for anything else (another run's id, a foreign string). */
  index(id: string | undefined): number {
    // The usual case, one of this run's ids exactly as it made it, read without a regular
    // expression (several times per simulated request); anything else takes the full parse below.
    const n = id?.startsWith(this.prefix) ? digitsAfter(id, this.prefix.length) : -1;
    if (n >= 0) return n;
    const owner = this.owner(id);
    return owner?.kind === 'ours' ? owner.index : -1;
  }

  /** Ours (with its index), foreign (a gameday id of another run), or undefined (not a gameday id at all). */
  owner(id: string | undefined): IdOwner | undefined {
    if (!id) return undefined;
    const m = /^gd-([0-9a-f]{8})-(\d+)$/i.exec(id.trim());
    if (!m) return undefined;
    const n = Number(m[2]);
    return m[1].toLowerCase() === this.nonce && Number.isSafeInteger(n) ? { kind: 'ours', index: n } : { kind: 'foreign' };
  }
}

/** The number written in `s` from `start` to its end in decimal digits only, or -1 (none, another character, past a safe integer). */
function digitsAfter(s: string, start: number): number {
  if (start >= s.length) return -1;
  let n = 0;
  for (let k = start; k < s.length; k++) {
    const d = s.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
    if (n > Number.MAX_SAFE_INTEGER) return -1;
  }
  return n;
}

/** Every gameday id in a text, lower-cased, in order of appearance, without repeats. */
export function idsInText(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(ANY_REQUEST_ID)) seen.add(m[0].toLowerCase());
  return [...seen];
}
