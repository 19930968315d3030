// A progress bar on stderr, only when stderr is a terminal and the input is big enough to wait for.

import { formatBytes } from '../model/units.js';
import type { ProgressListener } from '../node/progress.js';

export interface Progress {
  update(storedBytes: number): void;
  done(): void;
}

const QUIET: Progress = { update() {}, done() {} };

export function progressBar(label: string, total: number | undefined, opts: { minBytes?: number; stream?: NodeJS.WriteStream } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  if (!stream.isTTY || !total || total < (opts.minBytes ?? 16 * 1024 * 1024)) return QUIET;
  const start = performance.now();
  let lastDraw = 0;
  return {
    update(n) {
      const now = performance.now();
      if (now - lastDraw < 100 && n < total) return;
      lastDraw = now;
      const frac = Math.min(1, n / total);
      const width = 30;
      const filled = Math.round(frac * width);
      const rate = n / Math.max(0.001, (now - start) / 1000);
      stream.write(
        `\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}%  ${formatBytes(n)} of ${formatBytes(total)}  ${formatBytes(rate)}/s `,
      );
    },
    done() {
      stream.write('\r\x1b[K');
    },
  };
}

/** Draws the progress events of a vramscope/node pipeline as one bar per stage on stderr. */
export function progressDrawer(opts: { minBytes?: number; stream?: NodeJS.WriteStream } = {}): ProgressListener {
  const bars = new Map<string, Progress>();
  return (e) => {
    let bar = bars.get(e.stage);
    if (!bar) {
      bar = progressBar(e.stage, e.total, opts);
      bars.set(e.stage, bar);
    }
    if (e.done) {
      bar.done();
      bars.delete(e.stage);
    } else bar.update(e.bytes);
  };
}
