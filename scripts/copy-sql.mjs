#!/usr/bin/env node
// tsc emits only .js: copy the SQLite store's statements next to the compiled store, where
// src/store/sqlite/sql.ts looks for them (new URL('./sql/', import.meta.url)).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url);
const from = fileURLToPath(new URL('src/store/sqlite/sql/', root));
const to = fileURLToPath(new URL('dist/store/sqlite/sql/', root));

const files = readdirSync(from).filter((name) => name.endsWith('.sql'));
mkdirSync(to, { recursive: true });
for (const name of files) copyFileSync(from + name, to + name);
console.log(`copy-sql: ${files.length} files to ${to}`);
