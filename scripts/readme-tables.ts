/**
 * The README's tables of strategies, faults and gate metrics, made from their registries, so a
 * module added is a row added. Each table sits between `<!-- name:begin -->` and
 * `<!-- name:end -->`; test/readme-tables.test.ts fails when the README is out of date.
 * Rewrite them: npx tsx scripts/readme-tables.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { faultKinds, faultModule } from '../src/fault/index.js';
import { METRICS } from '../src/gate/index.js';
import { getStrategy, strategyNames } from '../src/strategy/index.js';

export const README = fileURLToPath(new URL('../README.md', import.meta.url));

const cell = (text: string) => text.replace(/\|/g, '\\|');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');

/** Each table's markdown, by its marker name. */
export function readmeTables(): Record<string, string> {
  return {
    strategies: table(
      ['name', 'on overload'],
      strategyNames().map((n) => [`\`${n}\``, getStrategy(n).describe]),
    ),
    faults: table(
      ['kind', 'what it does', 'example'],
      faultKinds().map((k) => {
        const m = faultModule({ kind: k, at: 0 });
        const example = Object.entries(m.example)
          .map(([key, v]) => `${key}: ${String(v)}`)
          .join(', ');
        return [`\`${k}\``, m.describe, `\`{ ${example} }\``];
      }),
    ),
    metrics: table(
      ['metric', 'unit', 'better', 'what it measures'],
      Object.entries(METRICS).map(([name, d]) => [`\`${name}\``, d.unit, d.better, d.description]),
    ),
  };
}

/** The README with every marked table replaced by its current version. */
export function withTables(readme: string): string {
  let out = readme;
  for (const [name, body] of Object.entries(readmeTables())) {
    const re = new RegExp(`(<!-- ${name}:begin -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- ${name}:begin --> … <!-- ${name}:end --> markers`);
    out = out.replace(re, (_m, a: string, b: string) => `${a}\n${body}\n${b}`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(README, withTables(readFileSync(README, 'utf8')));
  console.log('wrote the tables of README.md');
}
