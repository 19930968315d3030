// Frames that stand out: the ones a person should look at first in a long per-frame series. Two
// signals, both robust to the steady churn of transient buffers:
//
//   rare system  a system that allocates in few frames (at most max(2, 5 %) of them) allocated here —
//                render targets recreated on a window resize, a level load, a streaming burst;
//   spike        the frame's gross allocation is far above the typical frame: more than the median
//                plus 8 × the median absolute deviation (and at least 1 MiB above the median).

import type { FramesResult } from './frames.js';

export interface StandoutReason {
  readonly kind: 'rare-system' | 'spike';
  /** The system for `rare-system`; absent for `spike`. */
  readonly system?: string;
  readonly allocated: number;
  /** For rare-system: frames in which the system allocated at all. For spike: the typical (median) frame's allocation. */
  readonly reference: number;
}

export interface StandoutFrame {
  readonly frame: number;
  readonly index: number;
  readonly allocated: number;
  readonly net: number;
  readonly reasons: readonly StandoutReason[];
}

export function findStandoutFrames(r: FramesResult): StandoutFrame[] {
  const f = r.frames;
  const n = f.count;
  if (n === 0) return [];
  const rows = r.systemRows;
  const allocFrames = new Int32Array(r.systemNames.length);
  for (let k = 0; k < rows.count; k++) if (rows.allocated[k]! > 0) allocFrames[rows.system[k]!]!++;
  const rareLimit = Math.max(2, Math.floor(n * 0.05));
  const sorted = Float64Array.from(f.allocated).sort();
  const median = sorted[n >> 1]!;
  const dev = Float64Array.from(f.allocated, (v) => Math.abs(v - median)).sort();
  const mad = dev[n >> 1]!;
  const spikeAbove = median + Math.max(8 * mad, 1024 * 1024);
  const byIndex = new Map<number, StandoutReason[]>();
  const add = (i: number, reason: StandoutReason) => {
    let l = byIndex.get(i);
    if (!l) {
      l = [];
      byIndex.set(i, l);
    }
    l.push(reason);
  };
  // A system that allocates in nearly every frame cannot be rare; skip the pass when no system is.
  for (let k = 0; k < rows.count; k++) {
    const s = rows.system[k]!;
    if (rows.allocated[k]! > 0 && allocFrames[s]! <= rareLimit && n > rareLimit) {
      add(rows.frameIndex[k]!, {
        kind: 'rare-system',
        system: r.systemNames[s]!,
        allocated: rows.allocated[k]!,
        reference: allocFrames[s]!,
      });
    }
  }
  for (let i = 0; i < n; i++) if (f.allocated[i]! > spikeAbove) add(i, { kind: 'spike', allocated: f.allocated[i]!, reference: median });
  return [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, reasons]) => ({
      frame: f.frame[index]!,
      index,
      allocated: f.allocated[index]!,
      net: f.allocated[index]! - f.freed[index]!,
      reasons: reasons.sort((a, b) => b.allocated - a.allocated),
    }));
}
