// Probe sweeps: what a real driver answered to vkGet{Buffer,Image}MemoryRequirements2 for many create
// infos, one CSV row each (tools/vk-req-probe.c writes them; the columns are gold.csv's). A measured
// device (src/devices/measured.ts) answers from these rows; scripts/score-requirements.mjs scores the
// rules against them.

import type { BufferCreateInfo, ImageCreateInfo } from '../model/objects.js';
import type { RequirementSubject } from './rules/types.js';

export const SWEEP_COLUMNS = [
  'kind',
  'flags',
  'bufferSize',
  'bufferUsage',
  'imageType',
  'format',
  'width',
  'height',
  'depth',
  'mipLevels',
  'arrayLayers',
  'samples',
  'tiling',
  'imageUsage',
  'reqSize',
  'reqAlignment',
  'memoryTypeBits',
  'prefersDedicated',
  'requiresDedicated',
] as const;

export interface SweepRow {
  readonly line: number;
  readonly text: string;
  readonly kind: 'buffer' | 'image';
  readonly buffer?: BufferCreateInfo;
  readonly image?: ImageCreateInfo;
  readonly requirements: { size: number; alignment: number; memoryTypeBits: number; prefersDedicated: boolean; requiresDedicated: boolean };
}

export class SweepError extends Error {}

function num(v: string | undefined, what: string, where: string): number {
  const n = Number(v);
  if (v === undefined || v === '' || !Number.isSafeInteger(n) || n < 0)
    throw new SweepError(`${where}: ${what} is ${v === '' || v === undefined ? 'empty' : `"${v}"`}, expected a non-negative integer`);
  return n;
}

/** Parses a sweep CSV; throws SweepError naming the file and line of the first bad row. */
export function parseSweepCsv(text: string, name: string): SweepRow[] {
  const lines = text.split(/\r?\n/);
  const head = (lines[0] ?? '').split(',');
  const col = new Map(head.map((h, i) => [h.trim(), i]));
  const missing = SWEEP_COLUMNS.filter((c) => !col.has(c));
  if (missing.length) throw new SweepError(`${name}:1: not a requirement sweep (missing columns: ${missing.join(', ')})`);
  const rows: SweepRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const t = lines[i] ?? '';
    if (!t.trim() || t.startsWith('#')) continue;
    const f = t.split(',');
    const where = `${name}:${i + 1}`;
    const get = (c: (typeof SWEEP_COLUMNS)[number]) => f[col.get(c)!];
    const kind = get('kind');
    const requirements = {
      size: num(get('reqSize'), 'reqSize', where),
      alignment: num(get('reqAlignment'), 'reqAlignment', where),
      memoryTypeBits: num(get('memoryTypeBits'), 'memoryTypeBits', where),
      prefersDedicated: get('prefersDedicated') === '1',
      requiresDedicated: get('requiresDedicated') === '1',
    };
    if (kind === 'buffer') {
      rows.push({
        line: i + 1,
        text: t,
        kind,
        requirements,
        buffer: {
          flags: num(get('flags') || '0', 'flags', where),
          size: num(get('bufferSize'), 'bufferSize', where),
          usage: num(get('bufferUsage'), 'bufferUsage', where),
          sharingMode: 0,
        },
      });
    } else if (kind === 'image') {
      const n = (c: (typeof SWEEP_COLUMNS)[number]) => num(get(c), c, where);
      rows.push({
        line: i + 1,
        text: t,
        kind,
        requirements,
        image: {
          flags: n('flags'),
          imageType: n('imageType'),
          format: n('format'),
          width: n('width'),
          height: n('height'),
          depth: n('depth'),
          mipLevels: n('mipLevels'),
          arrayLayers: n('arrayLayers'),
          samples: n('samples'),
          tiling: n('tiling'),
          usage: n('imageUsage'),
          sharingMode: 0,
          initialLayout: 0,
        },
      });
    } else throw new SweepError(`${where}: kind is "${kind ?? ''}", expected buffer or image`);
  }
  return rows;
}

export function subjectOfRow(r: SweepRow): RequirementSubject {
  return r.kind === 'buffer' ? { kind: 'buffer', buffer: r.buffer! } : { kind: 'image', image: r.image! };
}

/** The key a measured device looks rows up by: every create-info field that changes the answer. */
export function subjectKey(s: RequirementSubject): string {
  if (s.kind === 'buffer') return `b,${s.buffer.flags},${s.buffer.size},${s.buffer.usage}`;
  const i = s.image;
  return `i,${i.flags},${i.imageType},${i.format},${i.width},${i.height},${i.depth},${i.mipLevels},${i.arrayLayers},${i.samples},${i.tiling},${i.usage}`;
}
