#!/usr/bin/env node
// tsc emits only .js: copy the SQLite store's statements and the Redis store's scripts next to
// the compiled stores, where src/store/sqlite/sql.ts and src/store/redis/scripts.ts look for them.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);

for (const [dir, ext] of [
  ['store/sqlite/sql/', '.sql'],
  ['store/redis/lua/', '.lua'],
]) {
  const from = fileURLToPath(new URL(`src/${dir}`, root));
  const to = fileURLToPath(new URL(`dist/${dir}`, root));
  const files = readdirSync(from).filter((name) => name.endsWith(ext));
  mkdirSync(to, { recursive: true });
  for (const name of files) copyFileSync(from + name, to + name);
  console.log(`copy-sql: ${files.length} files to ${to}`);
}
