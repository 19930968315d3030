// `vramscope frames` as text: the frame log in the seed's format (one `[FRAME n]` line per frame that
// allocated or freed, followed by the budget lines it raised), then the frames that stand out, the
// systems, heaps, budgets and the forecast.

import { budgetLabel } from '../../model/budgets.js';
import { formatBytes } from '../../model/units.js';
import type { FramesJson } from './json.js';
import { frameLogLine, formatLogSize } from './log.js';

export function framesToText(j: FramesJson, opts: { maxLines?: number } = {}): string {
  const out: string[] = [];
  const maxLines = opts.maxLines ?? 200;
  out.push(`${j.input.source}: ${j.totals.frames} frames (${segmentationText(j)}), ${j.totals.allocations} allocations, ${j.totals.frees} frees`);
  out.push(
    `gross allocated ${formatBytes(j.totals.allocated)}, freed ${formatBytes(j.totals.freed)}; live at end ${formatBytes(j.live.bytes)} in ${j.live.count} objects; peak ${formatBytes(j.peak.bytes)} in frame ${j.peak.frame} (line ${j.peak.line})`,
  );
  if (j.totals.inexactSizes > 0) {
    out.push(`note: ${j.totals.inexactSizes} allocation(s) have sizes above 2^53 bytes; sums here are rounded (the exact sizes are in \`report --json\`)`);
  }
  if (j.totals.frames === 1 && j.segmentation.mode !== 'time' && j.totals.allocations > 0) {
    out.push('note: the whole input is one frame (the source never changed its frame index and has no frame events); --frame-time MS cuts it by time');
  }
  out.push('');
  const byFrame = new Map<number, string[]>();
  for (const e of [...j.violations, ...j.warnings]) {
    let l = byFrame.get(e.frame);
    if (!l) {
      l = [];
      byFrame.set(e.frame, l);
    }
    l.push(e.message);
  }
  let printed = 0;
  let skipped = 0;
  for (const f of j.frames) {
    const extra = byFrame.get(f.frame);
    // As the design says: a line when the frame changed live bytes (or raised a budget line).
    if (f.net === 0 && !extra) continue;
    if (maxLines > 0 && printed >= maxLines) {
      skipped++;
      continue;
    }
    out.push(
      frameLogLine(
        f.frame,
        f.net,
        Object.entries(f.systems).map(([system, s]) => ({ system, net: s.net })),
      ),
    );
    printed++;
    for (const m of extra ?? []) {
      out.push(m);
      printed++;
    }
  }
  if (skipped) out.push(`… ${skipped} more frames that changed live bytes (--max-lines 0 prints all, --json has every frame)`);
  const budgetLines = j.warningCount + j.violationCount - j.warnings.length - j.violations.length;
  if (budgetLines > 0) out.push(`… and ${budgetLines} more budget warnings not kept (see counts below)`);

  if (j.standout.length) {
    out.push('', 'Frames that stand out:');
    for (const s of j.standout.slice(0, 20)) {
      const why = s.reasons
        .map((r) =>
          r.kind === 'spike'
            ? `allocation spike (typical frame ${formatLogSize(r.reference)})`
            : `${r.system} allocated ${formatLogSize(r.allocated)} (allocates in only ${r.reference} frame${r.reference === 1 ? '' : 's'})`,
        )
        .join('; ');
      out.push(
        `  frame ${String(s.frame).padStart(6)}  allocated ${formatLogSize(s.allocated).padStart(10)}  net ${formatLogSize(s.net).padStart(10)}  ${why}`,
      );
    }
    if (j.standout.length > 20) out.push(`  … ${j.standout.length - 20} more (--json)`);
  }

  out.push('', 'Systems (largest peak first):');
  out.push(
    `  ${'system'.padEnd(24)} ${'allocated'.padStart(12)} ${'freed'.padStart(12)} ${'live'.padStart(12)} ${'peak'.padStart(12)}  peak frame  active frames`,
  );
  for (const s of j.systems.slice(0, 30)) {
    out.push(
      `  ${clip(s.system, 24).padEnd(24)} ${formatBytes(s.allocated).padStart(12)} ${formatBytes(s.freed).padStart(12)} ${formatBytes(s.live).padStart(12)} ${formatBytes(s.peak).padStart(12)}  ${String(s.peakFrame).padStart(10)}  ${String(s.activeFrames).padStart(13)}`,
    );
  }
  if (j.systems.length > 30) out.push(`  … ${j.systems.length - 30} more systems (--json)`);

  if (j.heaps.length) {
    out.push('', `Heaps (attribution: ${j.heapAttribution}):`);
    for (const h of j.heaps) {
      out.push(
        `  heap ${h.heap}${h.deviceLocal ? ' DEVICE_LOCAL' : ''}: peak ${formatBytes(h.peak)} in frame ${h.peakFrame}, ${
          h.peakUtilization === null
            ? 'heap size unknown (the input does not give it)'
            : `${(h.peakUtilization * 100).toFixed(1)} % of its ${h.budget !== undefined ? `budget ${formatBytes(h.budget)}` : `size ${formatBytes(h.size ?? 0)}`}`
        }`,
      );
    }
  }

  if (j.budgets.length) {
    out.push('', 'Budgets:');
    for (const b of j.budgets) {
      const lim = [
        b.soft !== undefined ? `soft ${formatBytes(b.soft)}` : '',
        b.hard !== undefined ? `hard ${formatBytes(b.hard)}` : '',
        b.frameDelta !== undefined ? `per frame ${formatBytes(b.frameDelta)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      const over = [
        b.framesOverHard ? `${b.framesOverHard} frames over hard (first ${b.firstHardFrame})` : '',
        b.framesOverSoft ? `${b.framesOverSoft} over soft` : '',
        b.framesOverDelta ? `${b.framesOverDelta} over the per-frame threshold` : '',
      ]
        .filter(Boolean)
        .join(', ');
      out.push(
        `  ${budgetLabel(b)}: ${lim}; peak ${formatBytes(b.peak)} in frame ${b.peakFrame}${b.utilization !== null ? ` (${(b.utilization * 100).toFixed(1)} %)` : ''}${over ? ` — ${over}` : ' — within'}`,
      );
    }
    out.push(`  ${j.violationCount} violation(s), ${j.warningCount} warning(s)`);
  }

  const fc = j.forecast;
  if (fc.methods[0]!.frames > 0) {
    const best = fc.methods.find((m) => m.method === fc.best)!;
    out.push('', `Forecast of the next frame's allocation (window ${fc.window} frames, scored one step ahead on this input):`);
    for (const m of fc.methods) {
      out.push(
        `  ${m.method.padEnd(5)} ${m.description.padEnd(46)} MAE ${formatBytes(m.meanAbsoluteError).padStart(11)}  RMSE ${formatBytes(m.rootMeanSquareError).padStart(11)}  under-forecast ${(m.underForecastRate * 100).toFixed(1).padStart(5)} %`,
      );
    }
    out.push(`  best: ${best.method} (lowest MAE; mean frame allocates ${formatBytes(fc.meanAllocated)}); next frame: ${formatBytes(best.next)}`);
  }
  return out.join('\n') + '\n';
}

function segmentationText(j: FramesJson): string {
  const s = j.segmentation;
  const how = s.mode === 'field' ? 'frame index of each call' : s.mode === 'events' ? 'frame events' : `${s.frameTimeMs} ms buckets`;
  const notes = [
    s.gapsFilled ? `${s.gapsFilled} empty frames filled in` : '',
    s.backwardJumps ? `frame index went back ${s.backwardJumps} times` : '',
    s.longGaps ? `${s.longGaps} long gaps not filled` : '',
  ].filter(Boolean);
  return `cut by ${how}${notes.length ? `; ${notes.join(', ')}` : ''}`;
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
