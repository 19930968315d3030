// `report --html`: the bundle of one input inlined into the built viewer page, written to a file.

import { writeFileSync } from 'node:fs';
import { buildBundle } from './bundle-file.js';
import { renderHtml } from './html.js';
import type { BundleOptions } from './bundle.js';

export async function writeHtmlReport(input: string, output: string, opts: BundleOptions = {}): Promise<void> {
  const bundle = await buildBundle(input, opts);
  const html = renderHtml(bundle);
  if (output === '-') process.stdout.write(html);
  else writeFileSync(output, html);
}
