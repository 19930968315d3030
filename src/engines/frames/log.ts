// The log lines of the allocation-tracking design (docs/allocation-tracking-design.md §4.3), which is normative:
//
//   [FRAME 1234] GPU alloc delta: +2.5 MB (staging: 256 KB, AS: 2.25 MB)
//   [WARN] Frame allocation exceeded threshold: 5.0 MB > 1.0 MB limit
//
// Its units are binary with short names (1 MB = 1048576 B, as VIXEN divides by 1024 * 1024): the
// example's 256 KB + 2.25 MB adds up to 2.5 MB only that way. MB and GB keep at least one decimal
// ("5.0 MB"), KB and B print as integers when exact ("256 KB"). Shared by `vramscope frames` and the
// runtime's budget manager so both speak the same lines.

import { budgetLabel, type Budget } from '../../model/budgets.js';

const UNITS: Array<[number, string, number]> = [
  [1024 ** 4, 'TB', 1],
  [1024 ** 3, 'GB', 1],
  [1024 ** 2, 'MB', 1],
  [1024, 'KB', 0],
];

/** 2621440 → "2.5 MB", 262144 → "256 KB", 5242880 → "5.0 MB", 300 → "300 B"; sign kept for negatives. */
export function formatLogSize(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  const v = Math.abs(bytes);
  for (const [scale, unit, minDecimals] of UNITS) {
    if (v >= scale) return `${sign}${trim((v / scale).toFixed(2), minDecimals)} ${unit}`;
  }
  return `${sign}${v} B`;
}

function trim(fixed: string, minDecimals: number): string {
  let s = fixed;
  const dot = s.indexOf('.');
  while (s.length > dot + 1 + minDecimals && s.endsWith('0')) s = s.slice(0, -1);
  if (s.endsWith('.')) s = s.slice(0, -1);
  return s;
}

/** "+2.5 MB", "-1.25 MB", "+0 B". */
export function formatLogDelta(bytes: number): string {
  return (bytes >= 0 ? '+' : '') + formatLogSize(bytes);
}

export interface LoggedSystemDelta {
  readonly system: string;
  readonly net: number;
}

/**
 * `[FRAME n] GPU alloc delta: +X (sys: Y, …)`. The delta is the frame's net change of live bytes; the
 * breakdown lists the systems whose live bytes changed, largest change first.
 */
export function frameLogLine(frame: number, net: number, systems: readonly LoggedSystemDelta[], maxSystems = 8): string {
  const parts = systems.filter((s) => s.net !== 0).sort((a, b) => Math.abs(b.net) - Math.abs(a.net) || (a.system < b.system ? -1 : 1));
  const shown = parts.slice(0, maxSystems).map((s) => `${s.system}: ${formatLogSize(s.net)}`);
  if (parts.length > maxSystems) shown.push(`${parts.length - maxSystems} more`);
  return `[FRAME ${frame}] GPU alloc delta: ${formatLogDelta(net)}${shown.length ? ` (${shown.join(', ')})` : ''}`;
}

/** The seed's threshold warning; a system-scoped threshold names its system in front. */
export function thresholdLogLine(allocated: number, limit: number, system?: string): string {
  const who = system === undefined ? 'Frame' : `${system} frame`;
  return `[WARN] ${who} allocation exceeded threshold: ${formatLogSize(allocated)} > ${formatLogSize(limit)} limit`;
}

/** `[WARN] Soft limit exceeded: …` / `[ERROR] Hard limit exceeded: …`, in the seed's wording. */
export function limitLogLine(level: 'soft' | 'hard', budget: Pick<Budget, 'scope' | 'name'>, value: number, limit: number, frame: number): string {
  const tag = level === 'hard' ? '[ERROR] Hard' : '[WARN] Soft';
  return `${tag} limit exceeded: ${budgetLabel(budget)} ${formatLogSize(value)} > ${formatLogSize(limit)} limit (frame ${frame})`;
}
