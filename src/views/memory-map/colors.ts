// Suballocation colours. By kind they follow VMA's own visualizers (VmaDumpVis/GpuMemDumpVis
// `TypeToColor`: buffers split by usage, optimal images by attachment/sampled usage), so people who
// know those pictures read ours at once. By name, the largest name groups (digits folded) get a
// distinct palette colour each and the rest one neutral tone, so a leaking group stands out.

import { nameGroup } from '../../model/names.js';
import type { Snapshot, Suballocation } from '../../model/snapshot.js';

export type Rgb = readonly [number, number, number];
export type ColorBy = 'kind' | 'name';

export const FREE: Rgb = [226, 226, 226];
export const OUTLINE: Rgb = [120, 120, 120];
export const ALIAS: Rgb = [230, 30, 30];

export interface LegendEntry {
  readonly label: string;
  readonly color: Rgb;
}

// Indexed by `kindIndex`: buffers by usage (VERTEX|INDEX|INDIRECT 0x1c0, STORAGE 0x28, UNIFORM 0x14),
// optimal images by usage (DEPTH_STENCIL 0x20, COLOR/INPUT/TRANSIENT/STORAGE 0xd8, SAMPLED 0x4).
const KIND: Array<{ label: string; color: Rgb }> = [
  { label: 'buffer: vertex/index/indirect', color: [255, 148, 148] },
  { label: 'buffer: storage', color: [255, 187, 121] },
  { label: 'buffer: uniform', color: [240, 220, 0] },
  { label: 'buffer: other', color: [255, 255, 165] },
  { label: 'image: depth/stencil', color: [246, 128, 255] },
  { label: 'image: color/storage attachment', color: [150, 150, 255] },
  { label: 'image: sampled', color: [0, 220, 230] },
  { label: 'image: optimal, other', color: [183, 255, 255] },
  { label: 'image: linear', color: [0, 210, 0] },
  { label: 'image: tiling unknown', color: [0, 255, 164] },
  { label: 'unknown (vmaAllocateMemory)', color: [160, 160, 160] },
];

/** Index into KIND; one switch instead of the ordered tests (this runs per allocation). */
export function kindIndex(s: Suballocation): number {
  const u = s.usage ?? 0;
  switch (s.type) {
    case 'buffer':
      return u & 0x1c0 ? 0 : u & 0x28 ? 1 : u & 0x14 ? 2 : 3;
    case 'image-optimal':
      return u & 0x20 ? 4 : u & 0xd8 ? 5 : u & 0x4 ? 6 : 7;
    case 'image-linear':
      return 8;
    case 'image-unknown':
      return 9;
    default:
      return 10;
  }
}

export function kindColor(s: Suballocation): Rgb {
  return s.type === 'free' ? FREE : KIND[kindIndex(s)]!.color;
}

/** Distinct, print-safe hues (Tableau 20 order, light variants last). */
const PALETTE: Rgb[] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [214, 39, 40],
  [148, 103, 189],
  [140, 86, 75],
  [227, 119, 194],
  [188, 189, 34],
  [23, 190, 207],
  [174, 199, 232],
  [255, 187, 120],
  [152, 223, 138],
  [255, 152, 150],
  [197, 176, 213],
  [196, 156, 148],
  [247, 182, 210],
  [219, 219, 141],
  [158, 218, 229],
];
const OTHER: Rgb = [150, 150, 150];
const UNNAMED: Rgb = [190, 190, 190];

export interface Colorer {
  readonly by: ColorBy;
  color(s: Suballocation): Rgb;
  legend(): LegendEntry[];
}

/** `kinds`: bit i set when kind i occurs (stats.ts gathers it per block); computed here when not given. */
export function colorer(by: ColorBy, snapshots: readonly Snapshot[], kinds?: number): Colorer {
  if (by === 'kind') {
    let present = kinds;
    if (present === undefined) {
      present = 0;
      for (const snap of snapshots) for (const b of snap.blocks) for (const s of b.suballocations) if (s.type !== 'free') present |= 1 << kindIndex(s);
    }
    const mask = present;
    // Legend lists only the kinds present, in VMA's order.
    return {
      by,
      color: kindColor,
      legend: () => [...KIND.filter((_, i) => mask & (1 << i)).map((k) => ({ label: k.label, color: k.color })), { label: 'free', color: FREE }],
    };
  }
  const bytes = new Map<string, number>();
  for (const snap of snapshots) {
    for (const b of snap.blocks)
      for (const s of b.suballocations) {
        if (s.type === 'free' || s.name === undefined || s.name === '') continue;
        const g = nameGroup(s.name);
        bytes.set(g, (bytes.get(g) ?? 0) + s.size);
      }
  }
  const ranked = [...bytes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const colors = new Map<string, Rgb>();
  ranked.slice(0, PALETTE.length).forEach(([g], i) => {
    colors.set(g, PALETTE[i]!);
  });
  const cache = new Map<string, Rgb>();
  return {
    by,
    color(s) {
      if (s.name === undefined || s.name === '') return UNNAMED;
      let c = cache.get(s.name);
      if (!c) {
        c = colors.get(nameGroup(s.name)) ?? OTHER;
        cache.set(s.name, c);
      }
      return c;
    },
    legend: () => [
      ...ranked.slice(0, PALETTE.length).map(([g]) => ({ label: g, color: colors.get(g)! })),
      ...(ranked.length > PALETTE.length ? [{ label: `${ranked.length - PALETTE.length} more name groups`, color: OTHER }] : []),
      { label: '(unnamed)', color: UNNAMED },
      { label: 'free', color: FREE },
    ],
  };
}

export function hex(c: Rgb): string {
  return '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
}
