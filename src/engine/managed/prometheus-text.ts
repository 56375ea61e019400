/**
 * The Prometheus text exposition format (version 0.0.4), read strictly: every sample line is
 * `name{label="value",...} value [timestamp]`; `#` lines (HELP, TYPE, comments) and blank lines
 * are skipped. Returns each metric name with the sum of its series (labels are summed over:
 * gameday maps one number per field). A line it cannot read is an error naming its line, never
 * a silently missing counter.
 *
 * Written here rather than taken from npm: the parsers there (parse-prometheus-text-format,
 * last released years ago, untyped) build a full metric-family tree gameday does not need,
 * and this subset is short enough to test line by line.
 */
export function parsePrometheusText(text: string): Map<string, number> {
  const out = new Map<string, number>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const sample = parseSample(line);
    if (!sample) throw new Error(`line ${i + 1} is not a Prometheus sample: ${line.length > 80 ? `${line.slice(0, 79)}…` : line}`);
    out.set(sample.name, (out.get(sample.name) ?? 0) + sample.value);
  });
  return out;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const VALUE = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Inf|NaN)(?:\s+-?\d+)?$/;

function parseSample(line: string): { name: string; value: number } | undefined {
  const name = NAME.exec(line)?.[0];
  if (!name) return undefined;
  let rest = line.slice(name.length);
  if (rest.startsWith('{')) {
    const end = labelsEnd(rest);
    if (end < 0) return undefined;
    rest = rest.slice(end + 1);
  }
  if (!/^\s/.test(rest)) return undefined;
  const m = VALUE.exec(rest.trim());
  if (!m) return undefined;
  const v = m[1].replace(/^\+/, '');
  return { name, value: v.endsWith('Inf') ? (v.startsWith('-') ? -Infinity : Infinity) : Number(v) };
}

/** Index of the `}` that closes the label set starting at 0, or -1 if the set is malformed. */
function labelsEnd(s: string): number {
  let i = 1;
  for (;;) {
    while (s[i] === ' ') i++;
    if (s[i] === '}') return i;
    const label = LABEL_NAME.exec(s.slice(i))?.[0];
    if (!label) return -1;
    i += label.length;
    if (s[i] !== '=' || s[i + 1] !== '"') return -1;
    i += 2;
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\') {
        if (!'\\"n'.includes(s[i + 1] ?? '')) return -1;
        i++;
      }
      i++;
    }
    if (s[i] !== '"') return -1;
    i++;
    while (s[i] === ' ') i++;
    if (s[i] === ',') i++;
    else if (s[i] !== '}') return -1;
  }
}
