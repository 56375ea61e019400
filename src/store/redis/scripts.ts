import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../../model/errors.js';

/** One .lua file per atomic operation, named `<op>-<number of keys>.lua`; each header states its keys, arguments and answer. */
export const LUA_SCRIPTS = { enqueue: 3, claim: 5, complete: 3, fail: 5, reclaim: 5 } as const;

export type LuaName = keyof typeof LUA_SCRIPTS;

/**
 * The .lua files sit next to this module: src/store/redis/lua/ under tsx and vitest, and
 * dist/store/redis/lua/ after `npm run build` (scripts/copy-sql.mjs copies them).
 */
export const LUA_DIR = new URL('./lua/', import.meta.url);

let cached: Record<LuaName, string> | undefined;

/** Reads every script once per process. Throws a StoreError naming a missing file. */
export function loadLua(): Record<LuaName, string> {
  if (cached) return cached;
  const text = {} as Record<LuaName, string>;
  for (const [name, keys] of Object.entries(LUA_SCRIPTS) as [LuaName, number][]) {
    const file = fileURLToPath(new URL(`${name}-${keys}.lua`, LUA_DIR));
    try {
      text[name] = readFileSync(file, 'utf8');
    } catch (err) {
      throw new StoreError(
        `Lua file ${file} is missing (${(err as Error).message}); a build must copy src/store/redis/lua/*.lua next to the compiled store (node scripts/copy-sql.mjs)`,
      );
    }
  }
  return (cached = text);
}
