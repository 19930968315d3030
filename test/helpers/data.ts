// Paths to the shared real data (../shared/data) and small helpers for tests.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedData = resolve(process.env.VRAMSCOPE_DATA ?? resolve(repoRoot, '../shared/data'));

/**
 * The counts of real inputs the suite was written against. A test that reads data asserts at least
 * these, so a checkout without ../shared/data (or with part of it) fails and says what is missing,
 * instead of looping over nothing and passing.
 */
export const EXPECTED = {
  /** Real VMA runs per VMA version: 3 drivers (lavapipe, SwiftShader, NVIDIA H100) × 3 scenarios. */
  runsPerVma: 9,
  lavatubeTraces: 8,
  vmaStatsDumps: 76,
} as const;

/** Stops the test file with a message naming the missing data. */
export function missingData(what: string): never {
  throw new Error(
    `test data missing: ${what}. The suite reads real inputs from ${sharedData} ` +
      '(the shared data folder beside the repository); put it there and run again.',
  );
}

/** Path under ../shared/data; fails the test when the file or folder is not there. */
export function data(...parts: string[]): string {
  const p = join(sharedData, ...parts);
  if (!existsSync(p)) missingData(`${p} does not exist`);
  return p;
}

/** Asserts that a test read at least `min` inputs (`what` names them) and returns the list. */
export function atLeast<T>(items: T[], min: number, what: string): T[] {
  if (items.length < min) missingData(`expected at least ${min} ${what}, found ${items.length}`);
  return items;
}

export interface RealRun {
  device: string;
  vma: string;
  scenario: string;
  dir: string;
}

/** Real-driver run folders: { device, vma, scenario, dir }; fails when fewer than exist today. */
export function realRuns(vma?: 'vma2' | 'vma3'): RealRun[] {
  const out: RealRun[] = [];
  const root = data('real');
  for (const device of readdirSync(root).sort()) {
    for (const v of ['vma2', 'vma3']) {
      if (vma && v !== vma) continue;
      const d = join(root, device, v);
      if (!existsSync(d)) continue;
      for (const scenario of readdirSync(d).sort()) out.push({ device, vma: v, scenario, dir: join(d, scenario) });
    }
  }
  return atLeast(out, EXPECTED.runsPerVma * (vma ? 1 : 2), `real VMA runs${vma ? ` (${vma})` : ''} under ${root}`);
}

/** Minimal CSV with header → objects (gold.csv, blocks.csv have no quoted fields). */
export function parseCsv(text: string): Array<Record<string, string>> {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const first = lines[0];
  if (first === undefined) throw new Error('CSV without a header line');
  const header = first.split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = cells[i] ?? '';
    });
    return row;
  });
}
