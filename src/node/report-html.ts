// `report --html`: the bundle of one input inlined into the built viewer page, written to a file.

import { writeFileSync } from 'node:fs';
import { buildBundle, type BundleFileOptions } from './bundle.js';
import { renderHtml } from './html.js';

export async function writeHtmlReport(input: string, output: string, opts: BundleFileOptions = {}): Promise<void> {
  const bundle = await buildBundle(input, opts);
  const html = renderHtml(bundle);
  if (output === '-') process.stdout.write(html);
  else writeFileSync(output, html);
}
