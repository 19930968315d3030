// Node side of the Chrome trace export: read a file, stream the JSON to a file (or stdout) in
// 1 MiB writes, so a 2-million-call recording never sits in memory as one string.

import { closeSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { Diagnostics } from '../../model/diagnostics.js';
import { readFile } from '../../formats/open-node.js';
import { ChromeTraceWriter, type ChromeTraceOptions, type ChromeTraceStats } from './chrome-trace.js';

export async function exportChromeTrace(input: string, output: string, opts: ChromeTraceOptions = {}): Promise<ChromeTraceStats & { warnings: Diagnostics }> {
  const fd = output === '-' ? 1 : openSync(output, 'w');
  let buf: string[] = [];
  let size = 0;
  const flush = () => { if (buf.length) { writeSync(fd, buf.join('')); buf = []; size = 0; } };
  const writer = new ChromeTraceWriter((chunk) => {
    buf.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) flush();
  }, { label: basename(input), ...opts });
  const diag = new Diagnostics(input);
  try {
    await readFile(input, writer, diag);
    writer.end();
    flush();
  } finally {
    if (fd !== 1) closeSync(fd);
  }
  return { ...writer.stats, warnings: diag };
}
