// Paths to the shared real data (../shared/data) and small helpers for tests.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedData = resolve(repoRoot, '../shared/data');

export function data(...parts: string[]): string {
  return join(sharedData, ...parts);
}

/** Real-driver run folders: { device, vma, scenario, dir }. */
export function realRuns(vma?: 'vma2' | 'vma3'): Array<{ device: string; vma: string; scenario: string; dir: string }> {
  const out: Array<{ device: string; vma: string; scenario: string; dir: string }> = [];
  const root = data('real');
  if (!existsSync(root)) return out;
  for (const device of readdirSync(root).sort()) {
    for (const v of ['vma2', 'vma3']) {
      if (vma && v !== vma) continue;
      const d = join(root, device, v);
      if (!existsSync(d)) continue;
      for (const scenario of readdirSync(d).sort()) out.push({ device, vma: v, scenario, dir: join(d, scenario) });
    }
  }
  return out;
}

/** Minimal CSV with header → objects (gold.csv, blocks.csv have no quoted fields). */
export function parseCsv(text: string): Array<Record<string, string>> {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = lines[0]!.split(',');
  return lines.slice(1).map((l) => {
    const cells = l.split(',');
    const row: Record<string, string> = {};
    header.forEach((h, i) => { row[h] = cells[i] ?? ''; });
    return row;
  });
}
