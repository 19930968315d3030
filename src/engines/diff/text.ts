// The diff as text: growth per heap, memory type, pool and name group; allocations added, removed
// and moved; blocks allocated and freed; over a series, each step and the growth suspects.

import { formatBytes, formatDelta } from '../../model/units.js';
import type { AllocationRef, Growth, SeriesDiff, SnapshotDiff } from './diff.js';

export interface DiffTextOptions {
  /** Rows per allocation list (all are in --json). */
  readonly maxRows?: number;
}

/** Names are input: control characters (terminal escapes among them) are shown as \xNN, never sent. */
function safe(name: string | undefined): string {
  if (name === undefined) return '(unnamed)';
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function where(r: AllocationRef): string {
  const pool = r.pool !== undefined ? `pool "${safe(r.pool)}"` : 'default pool';
  return r.dedicated ? `type ${r.memoryType} ${pool}, dedicated` : `type ${r.memoryType} ${pool}, block #${r.block} @ ${r.offset}`;
}

function allocLine(r: AllocationRef): string {
  return `    ${formatBytes(r.size).padStart(11)}  ${safe(r.name).padEnd(32)} ${r.type.padEnd(13)} ${where(r)}`;
}

function count(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function growthTable(title: string, rows: readonly Growth[], out: string[], opts: { onlyChanged?: boolean; blocks?: boolean } = {}): void {
  const shown = opts.onlyChanged ? rows.filter((g) => g.blockBytes || g.allocationBytes || g.allocationCount) : rows;
  if (shown.length === 0) return;
  const withBlocks = opts.blocks ?? true;
  out.push(`${title}:`);
  const w = Math.max(...shown.map((g) => safe(g.key).length), 8);
  out.push(`  ${''.padEnd(w)}  ${withBlocks ? `${'blocks'.padStart(35)}  ` : ''}${'allocated'.padStart(35)}  allocations`);
  for (const g of shown) {
    const blocks = `${formatBytes(g.before.blockBytes)} → ${formatBytes(g.after.blockBytes)}`;
    const alloc = `${formatBytes(g.before.allocationBytes)} → ${formatBytes(g.after.allocationBytes)}`;
    out.push(
      `  ${safe(g.key).padEnd(w)}  ${withBlocks ? `${blocks.padStart(22)} ${`(${formatDelta(g.blockBytes)})`.padStart(12)}  ` : ''}` +
        `${alloc.padStart(22)} ${`(${formatDelta(g.allocationBytes)})`.padStart(12)}  ${g.before.allocationCount} → ${g.after.allocationCount} (${count(g.allocationCount)})`,
    );
  }
}

function list(title: string, rows: readonly AllocationRef[], max: number, out: string[]): void {
  const bytes = rows.reduce((n, r) => n + r.size, 0);
  out.push(`${title} (${rows.length}, ${formatBytes(bytes)}):`);
  for (const r of rows.slice(0, max)) out.push(allocLine(r));
  if (rows.length > max) out.push(`    … and ${rows.length - max} more (--json lists all)`);
}

export function diffToText(d: SnapshotDiff | SeriesDiff, opts: DiffTextOptions = {}): string {
  const max = opts.maxRows ?? 25;
  const out: string[] = [];
  const series = 'steps' in d && d.steps.length > 1 ? d : undefined;
  out.push(series ? `${series.snapshots.map(safe).join(' → ')}` : `${safe(d.a)} → ${safe(d.b)}`);
  if (series) out.push(`(${series.steps.length} steps; tables and lists below compare the first with the last)`);
  out.push('');
  growthTable('Heaps', d.heaps, out);
  growthTable('Memory types', d.memoryTypes, out, { onlyChanged: true });
  growthTable('Pools', d.pools, out, { onlyChanged: true });
  growthTable('Name groups (digits folded; largest change first)', d.nameGroups.slice(0, max), out, { blocks: false });
  out.push('');
  list('Added (only in the later dump)', d.added, max, out);
  list('Removed (only in the earlier dump)', d.removed, max, out);
  if (d.moved.length) {
    out.push(`Moved (${d.moved.length}):`);
    for (const m of d.moved.slice(0, max)) out.push(`    ${formatBytes(m.size).padStart(11)}  ${safe(m.name).padEnd(32)} ${where(m.from)} → ${where(m.to)}`);
    if (d.moved.length > max) out.push(`    … and ${d.moved.length - max} more`);
  }
  out.push(`Unchanged: ${d.unchanged} allocation(s)`);
  const blk = (b: { memoryType: number; pool?: string; block: number; size: number; dedicated: boolean }) =>
    `type ${b.memoryType}${b.pool !== undefined ? ` "${safe(b.pool)}"` : ''} ${b.dedicated ? 'dedicated' : `#${b.block}`} ${formatBytes(b.size)}`;
  if (d.blocksAdded.length || d.blocksRemoved.length) {
    out.push(`Blocks (VkDeviceMemory): ${d.blocksAdded.length} allocated, ${d.blocksRemoved.length} freed`);
    for (const b of d.blocksAdded.slice(0, max)) out.push(`    + ${blk(b)}`);
    for (const b of d.blocksRemoved.slice(0, max)) out.push(`    - ${blk(b)}`);
  }
  if ('suspects' in d) {
    out.push('');
    if (series) {
      out.push('Steps:');
      for (const s of series.steps) {
        const net = s.heaps.reduce((n, h) => n + h.allocationBytes, 0);
        out.push(`  ${safe(s.a)} → ${safe(s.b)}: +${s.added.length} −${s.removed.length} allocations, ${s.moved.length} moved, net ${formatDelta(net)}`);
      }
    }
    if (d.suspects.length === 0) out.push('Growth suspects: none (no name group grows at every step)');
    else {
      out.push('Growth suspects (name groups whose live count rises at every step):');
      for (const s of d.suspects) {
        out.push(
          `  ${safe(s.group).padEnd(32)} count ${s.counts.join(' → ')}   bytes ${s.bytes.map((b) => formatBytes(b)).join(' → ')}${s.retained ? '   nothing of it ever freed' : '   (some freed along the way)'}`,
        );
      }
    }
  }
  return out.join('\n') + '\n';
}
