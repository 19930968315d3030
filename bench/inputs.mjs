// Benchmark inputs, generated once into bench/.cache (git-ignored) with the shared generator.
import { existsSync, mkdirSync, openSync, closeSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const cacheDir = join(here, '.cache');
export const sharedRoot = resolve(here, '../../shared');

/** Path of `gen-vma-recording.mjs EVENTS SEED [LIVE]` output, generating it if needed. */
export function syntheticRecording(events, seed, live) {
  mkdirSync(cacheDir, { recursive: true });
  const name = `gen-${events}-${seed}${live ? `-${live}` : ''}.csv`;
  const path = join(cacheDir, name);
  if (!existsSync(path) || statSync(path).size === 0) {
    const fd = openSync(path, 'w');
    const args = [join(sharedRoot, 'tools', 'gen-vma-recording.mjs'), String(events), String(seed)];
    if (live) args.push(String(live));
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', fd, 'inherit'] });
    closeSync(fd);
    if (r.status !== 0) throw new Error(`generator failed for ${name}`);
  }
  return path;
}

/** Runs a command and returns wall seconds and peak RSS (KiB) via /usr/bin/time when present. */
export function timeCommand(cmd, args) {
  const useTime = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  let rssKiB;
  if (useTime) {
    const m = /(\d+)\s*$/.exec(r.stderr.trim());
    rssKiB = m ? Number(m[1]) : undefined;
  }
  return { seconds, rssKiB, status: r.status, stdout: r.stdout, stderr: r.stderr };
}
