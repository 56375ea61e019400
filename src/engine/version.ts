import { readFileSync } from 'node:fs';

/** gameday's version, as package.json says (src/engine and dist/engine both sit two folders below it). */
export const GAMEDAY_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
