// `vramscope devices probe`: builds the project's requirement probe (tools/vk-req-probe.c) with the
// system's C compiler, runs it on the machine's Vulkan driver and writes a measured device folder
// (device.json + sweep-<seed>.csv) that --device accepts. Says what to install when a piece is missing.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelRequirements, parseSweepCsv, profileFromText, subjectOfRow } from '../devices/index.js';

export interface ProbeOptions {
  /** The measured device folder to write (created when missing). */
  readonly out: string;
  readonly seed?: number;
  readonly images?: number;
  readonly buffers?: number;
  readonly grid?: boolean;
  readonly wide?: boolean;
  /** A CSV of create infos (the sweep columns) to ask about instead of random ones. */
  readonly rows?: string;
  /** Index of the physical device, as the Vulkan loader lists them. */
  readonly physicalDevice?: number;
  /** An ICD manifest (VK_ICD_FILENAMES) to pick the driver. */
  readonly icd?: string;
  /** The C compiler; default $CC or cc. */
  readonly cc?: string;
}

export interface ProbeResult {
  readonly deviceName: string;
  readonly deviceJson: string;
  readonly sweep: string;
  readonly rows: number;
  /** How many of the rows vramscope's rules (without the measurements) answer exactly. */
  readonly rulesExact: number;
}

/** A piece the probe needs is missing; the message says what to install. */
export class ProbeUnavailable extends Error {}

const INSTALL =
  "Debian/Ubuntu: sudo apt-get install gcc libvulkan-dev (and a driver: your GPU vendor's, or mesa-vulkan-drivers for lavapipe); " +
  'Fedora: sudo dnf install gcc vulkan-loader-devel; Arch: sudo pacman -S gcc vulkan-headers vulkan-icd-loader; ' +
  'Windows and macOS: install the LunarG Vulkan SDK and a C compiler, then pass --cc';

export function probeSource(): string {
  return fileURLToPath(new URL('../../tools/vk-req-probe.c', import.meta.url));
}

function build(cc: string, src: string, bin: string): void {
  const r = spawnSync(cc, ['-O2', '-std=c11', '-o', bin, src, '-lvulkan'], { encoding: 'utf8' });
  if (r.error) throw new ProbeUnavailable(`no C compiler: running "${cc}" failed (${r.error.message}). ${INSTALL}`);
  if (r.status !== 0) {
    const err = (r.stderr || r.stdout || '').trim();
    if (/vulkan\/vulkan\.h/.test(err)) throw new ProbeUnavailable(`the Vulkan headers are missing (vulkan/vulkan.h). ${INSTALL}`);
    if (/-lvulkan|cannot find.*vulkan/i.test(err)) throw new ProbeUnavailable(`the Vulkan loader library (libvulkan) is missing. ${INSTALL}`);
    throw new Error(`building ${src} with ${cc} failed:\n${err.split('\n').slice(0, 12).join('\n')}`);
  }
}

export function probeDevice(o: ProbeOptions): ProbeResult {
  const src = probeSource();
  if (!existsSync(src)) throw new Error(`the probe's source is not where the package keeps it: ${src}`);
  mkdirSync(o.out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'vramscope-probe-'));
  try {
    const bin = join(work, 'vk-req-probe');
    build(o.cc ?? process.env.CC ?? 'cc', src, bin);
    const seed = o.seed ?? 1;
    const deviceJson = join(o.out, 'device.json');
    const sweep = join(o.out, o.rows ? 'sweep-rows.csv' : `sweep-${seed}.csv`);
    const args = ['--seed', String(seed), '--images', String(o.images ?? 3000), '--buffers', String(o.buffers ?? 300), '--device-json', deviceJson];
    if (o.grid) args.push('--grid');
    if (o.wide) args.push('--wide');
    if (o.rows) args.push('--rows', o.rows);
    if (o.physicalDevice !== undefined) args.push('--device', String(o.physicalDevice));
    const fd = openSync(sweep, 'w');
    let r: ReturnType<typeof spawnSync>;
    try {
      r = spawnSync(bin, args, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', env: o.icd ? { ...process.env, VK_ICD_FILENAMES: o.icd } : process.env });
    } finally {
      closeSync(fd);
    }
    const stderr = String(r.stderr ?? '').trim();
    if (r.status !== 0) {
      rmSync(sweep, { force: true });
      if (/no Vulkan driver|vkCreateInstance/.test(stderr))
        throw new ProbeUnavailable(
          `no Vulkan driver answered (${stderr}). Install your GPU's Vulkan driver, or pick one with --icd FILE (an ICD manifest). ${INSTALL}`,
        );
      throw new Error(`the probe failed (exit ${r.status ?? r.signal}): ${stderr}`);
    }
    const profile = profileFromText(readFileSync(deviceJson, 'utf8'), deviceJson);
    const rows = parseSweepCsv(readFileSync(sweep, 'utf8'), sweep);
    let rulesExact = 0;
    for (const row of rows) {
      const m = modelRequirements(profile, subjectOfRow(row));
      const w = row.requirements;
      if (
        typeof m !== 'string' &&
        m.size === w.size &&
        m.alignment === w.alignment &&
        m.memoryTypeBits === w.memoryTypeBits &&
        Boolean(m.prefersDedicated) === w.prefersDedicated
      )
        rulesExact++;
    }
    return { deviceName: profile.deviceName, deviceJson, sweep, rows: rows.length, rulesExact };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
