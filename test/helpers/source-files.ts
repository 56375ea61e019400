import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The project's source folder. */
export const SRC = new URL('../../src/', import.meta.url).pathname;

/** Every non-test TypeScript file under `dir`, for the tests that read the source itself. */
export function sourceFiles(dir: string = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}
