/**
 * A condition on a JSON document, as a scenario writes one for a service's job status:
 * `$.state == 'completed'`, `$.job.status != "queued"`, `$.done == true`, joined by `||` or `&&`
 * (`&&` binds tighter, no parentheses). A path is `$` then `.name` steps (array items as `.0`);
 * a literal is a quoted string, a number, `true`, `false` or `null`. Small on purpose: enough to
 * read a status endpoint, nothing a reader of the scenario has to look up.
 */
export type JsonCondition = (doc: unknown) => boolean;

const COMPARISON = /^\$((?:\.[A-Za-z0-9_-]+)*)\s*(==|!=)\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|true|false|null)$/;

/** The condition `text` describes, or a message saying what is wrong with it. */
export function parseJsonCondition(text: string): JsonCondition | string {
  const any = text.split('||').map((alt) => alt.split('&&').map((c) => comparison(c.trim())));
  const joined = text.includes('||') || text.includes('&&');
  for (const all of any) for (const c of all) if (typeof c === 'string') return joined ? `in \`${text}\`: ${c}` : c;
  const alternatives = any as JsonCondition[][];
  return (doc) => alternatives.some((all) => all.every((c) => c(doc)));
}

function comparison(text: string): JsonCondition | string {
  const m = COMPARISON.exec(text);
  if (!m)
    return `${text ? `\`${text}\`` : 'an empty part'} is not a comparison like $.state == 'completed' ($.path, == or !=, a quoted string, number, true, false or null)`;
  const steps = m[1] ? m[1].slice(1).split('.') : [];
  const expected = literal(m[3]);
  const equal = m[2] === '==';
  return (doc) => (valueAt(doc, steps) === expected) === equal;
}

function literal(text: string): unknown {
  if (text.startsWith("'")) return text.slice(1, -1).replace(/\\(.)/g, '$1');
  return JSON.parse(text);
}

/** The value at a path of `.name` steps, or undefined where the path leads nowhere. */
export function valueAt(doc: unknown, steps: readonly string[]): unknown {
  let node = doc;
  for (const key of steps) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** `$.error.message` as steps (`['error', 'message']`), or undefined when it is not such a path. */
export function parseJsonPath(text: string): string[] | undefined {
  const m = /^\$((?:\.[A-Za-z0-9_-]+)*)$/.exec(text.trim());
  return m ? (m[1] ? m[1].slice(1).split('.') : []) : undefined;
}
