import { parse as parseYaml } from 'yaml';
import { ConfigError, type SweepAxis } from '../model/index.js';
import { maxOf, showValue } from '../units/index.js';
import { parseSet } from '../scenario/index.js';

/** More points than this is a typo, not a sweep (a 10 x 10 x 10 grid is 1,000). */
export const MAX_POINTS = 10_000;

/** A range's ends and step: a number, with the unit the field needs (`10s`), the same on all three. */
const QUANTITY = /^(-?\d+(?:\.\d+)?)([a-z]*)$/;

/**
 * Reads one `--vary PATH=VALUES`: a list (`10,20,50`), or an inclusive range `low..high` with an
 * optional step (`2..8`, `50..500:50`, `10s..30s:10s`; the step defaults to 1 of the unit).
 * Each list item is read as YAML, as `--set` reads its value.
 * @example parseVary('service.workers=2..8:2') // { path: 'service.workers', values: [2, 4, 6, 8] }
 */
export function parseVary(spec: string): SweepAxis {
  const eq = spec.indexOf('=');
  const where = `--vary ${showValue(spec)}`;
  if (eq <= 0) throw new ConfigError(`${where}: expected PATH=VALUES, like service.capacity=10,20,50 or service.workers=2..8`, 'GD_ERR_USAGE');
  const path = varyPath(spec.slice(0, eq));
  const text = spec.slice(eq + 1).trim();
  const values = text.includes('..') ? rangeValues(text, `--vary ${path}`) : listValues(text, `--vary ${path}`);
  if (values.length === 0) throw new ConfigError(`--vary ${path}: no values; write a list (10,20) or a range (2..8)`, 'GD_ERR_USAGE');
  return { path, values };
}

/** The same path rules as --set, its messages speaking of --vary. */
function varyPath(text: string): string {
  try {
    return parseSet(`${text}=`).text;
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(err.message.replace(/^--set/, '--vary'), err.code);
    throw err;
  }
}

function listValues(text: string, where: string): unknown[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new ConfigError(`${where}: an empty item in ${showValue(text)}; separate values with single commas`, 'GD_ERR_USAGE');
  const values = items.map((s) => {
    try {
      return parseYaml(s, { maxAliasCount: 0 }) as unknown;
    } catch {
      throw new ConfigError(`${where}: ${showValue(s)} is not a value`, 'GD_ERR_USAGE');
    }
  });
  const seen = new Set(values.map((v) => JSON.stringify(v)));
  if (seen.size !== values.length) throw new ConfigError(`${where}: a value is listed twice in ${showValue(text)}`, 'GD_ERR_USAGE');
  return values;
}

function rangeValues(text: string, where: string): unknown[] {
  const m = /^(.+?)\.\.([^:]+)(?::(.+))?$/.exec(text);
  const ends = m && [m[1], m[2], m[3]].map((s) => (s === undefined ? undefined : QUANTITY.exec(s.trim())));
  if (!m || !ends || !ends[0] || !ends[1] || (m[3] !== undefined && !ends[2]))
    throw new ConfigError(`${where}: ${showValue(text)} is not a range; write low..high or low..high:step (2..8, 50..500:50, 10s..30s:10s)`, 'GD_ERR_USAGE');
  const unit = ends[0][2];
  if (ends[1][2] !== unit || (ends[2] && ends[2][2] !== unit))
    throw new ConfigError(`${where}: the range ${showValue(text)} mixes units; give both ends and the step the same unit`, 'GD_ERR_USAGE');
  const low = Number(ends[0][1]);
  const high = Number(ends[1][1]);
  const step = ends[2] ? Number(ends[2][1]) : 1;
  if (!(step > 0)) throw new ConfigError(`${where}: the step must be above 0, got ${showValue(m[3])}`, 'GD_ERR_USAGE');
  if (high < low) throw new ConfigError(`${where}: the range ${showValue(text)} is empty (${low} is above ${high}); write low..high`, 'GD_ERR_USAGE');
  const count = Math.floor((high - low) / step + 1e-9) + 1;
  if (count > MAX_POINTS) throw new ConfigError(`${where}: ${count.toLocaleString('en')} values; at most ${MAX_POINTS.toLocaleString('en')}`, 'GD_ERR_USAGE');
  // Multiples of the step from low, rounded to the step's decimals so 0.1 steps do not drift.
  const decimals = maxOf([step, low].map((x) => (String(x).split('.')[1] ?? '').length));
  return Array.from({ length: count }, (_, i) => {
    const n = Number((low + i * step).toFixed(decimals));
    return unit ? `${n}${unit}` : n;
  });
}

/** The `--strategies a,b,c` axis: the strategy as the scenario's `service.strategy` names it. */
export function strategiesAxis(list: string): SweepAxis {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new ConfigError('--strategies: no strategy named; write a comma-separated list (reject-429,persistent)', 'GD_ERR_USAGE');
  return { path: 'service.strategy', values: names };
}
