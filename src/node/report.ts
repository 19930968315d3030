// Report from a file path (Node): one streamed read through the report engine.

import { Diagnostics } from '../model/diagnostics.js';
import { openInput } from './open.js';
import { stageProgress, type ProgressListener } from './progress.js';
import { ReportBuilder, type Report } from '../engines/report/report.js';

export async function buildReport(path: string, opts: { topN?: number; onProgress?: ProgressListener } = {}): Promise<Report> {
  const f = openInput(path);
  const diag = new Diagnostics(path);
  const builder = new ReportBuilder({ topN: opts.topN });
  const progress = stageProgress(opts.onProgress, 'reading', f.storedSize);
  try {
    await f.read(builder, diag, { onProgress: progress.update });
  } finally {
    progress.done();
  }
  return builder.build(diag);
}
