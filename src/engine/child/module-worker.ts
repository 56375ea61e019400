import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts `<name>.js` (or `.ts`) beside the module at `besideUrl` on a worker thread. From dist
 * the entry is plain JavaScript. Under vitest or tsx the sources are .ts, and a worker does not
 * inherit the tsx loader: a tiny module entry registers it first.
 */
export function startModuleWorker(besideUrl: string, name: string, workerData: unknown): Worker {
  const here = fileURLToPath(besideUrl);
  const ext = extname(here);
  const entry = join(dirname(here), `${name}${ext}`);
  if (ext !== '.ts') return new Worker(entry, { workerData });
  // require.resolve finds the CommonJS build of tsx's API; its ES module build sits beside it.
  const tsxApi = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code = `const { register } = await import(${JSON.stringify(tsxApi)}); register(); await import(${JSON.stringify(pathToFileURL(entry).href)});`;
  return new Worker(code, { eval: true, workerData, type: 'module' } as ConstructorParameters<typeof Worker>[1]);
}
