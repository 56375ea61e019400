import { html } from './html.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { requestsCsv } from './requests-csv.js';
import { resultJson } from './result-json.js';
import type { Reporter, ReportInput } from './reporter.js';

/** Every file format a run is written in. Adding one: its file under formats/, and a line here. */
export const REPORTERS: readonly Reporter[] = [resultJson, markdown, html, junit, requestsCsv];

const formats = new Set<string>();
for (const r of REPORTERS) {
  if (formats.has(r.format)) throw new Error(`report format ${r.format} is registered twice`);
  formats.add(r.format);
}

/** The names of the files a run or a comparison gets, as the reporters declare them (`<strategy>/` for one per strategy). */
export function declaredFiles(kind: 'run' | 'compare'): string[] {
  return [...new Set(REPORTERS.flatMap((r) => r.files[kind]))];
}

/** Every file of a run or a comparison, by name; `records: false` leaves out the records (result.json, compare.json). */
export function renderReports(input: ReportInput, opts: { records?: boolean } = {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (const reporter of REPORTERS) {
    if (reporter.record && opts.records === false) continue;
    Object.assign(files, reporter.render(input));
  }
  return files;
}
