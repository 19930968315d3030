// Report from a file path, with a progress bar for big inputs (Node only).

import { Diagnostics } from '../model/diagnostics.js';
import { openFile } from '../formats/open-node.js';
import { readSource } from '../formats/index.js';
import { progressBar } from '../util/progress.js';
import { ReportBuilder, type Report } from './report.js';

export async function buildReport(path: string, opts: { topN?: number; progress?: boolean } = {}): Promise<Report> {
  const f = openFile(path);
  const diag = new Diagnostics(path);
  const builder = new ReportBuilder({ topN: opts.topN });
  const bar = opts.progress === false ? undefined : progressBar('reading', f.source.storedSize);
  try {
    await readSource(f.source, f.head, builder, diag, { onProgress: bar ? (n) => bar.update(n) : undefined });
  } finally {
    bar?.done();
  }
  return builder.build(diag);
}
