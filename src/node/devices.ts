// Device profiles from the file system: `profileFromFile(path)` and `resolveDevice(nameOrPath)`,
// which every command that takes --device uses.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { DeviceProfile } from '../model/profile.js';
import { BUILTIN_DEVICES, builtinDevice, parseSweepCsv, profileFromText, type SweepRow, withMeasurements } from '../devices/index.js';
import { checkProfile } from '../model/profile-check.js';

/** Reads a profile from a file: device.json, vulkaninfo text or JSON, or a VMA recording's Config section (gzip allowed); or a measured device folder. */
export function profileFromFile(path: string): DeviceProfile {
  if (statSync(path).isDirectory()) return measuredDevice(path);
  let bytes = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const p = profileFromText(bytes.toString('utf8'), path);
  // The same gate as every input: a device file whose heaps or memory types do not hold together
  // would be indexed blindly by the allocator model.
  const problems: string[] = [];
  const checked = checkProfile(p, (m) => problems.push(m));
  if (problems.length && checked.memoryTypes.length === 0) throw new Error(`${path}: ${problems.join('; ').replace(/ \(pass --device to replay\)/g, '')}`);
  return checked;
}

/**
 * A built-in name (`vramscope devices` lists them) or a path to a device.json, a vulkaninfo report, a
 * VMA recording (its Config section) or a measured device folder. Replay uses a recording's own device when --device is absent.
 */
export function resolveDevice(nameOrPath: string): DeviceProfile {
  const b = builtinDevice(nameOrPath);
  if (b) return b;
  if (existsSync(nameOrPath)) return profileFromFile(nameOrPath);
  throw new Error(`unknown device "${nameOrPath}": not a built-in profile (${BUILTIN_DEVICES.map((d) => d.name).join(', ')}) and no such file`);
}

function readText(path: string): string {
  let bytes = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return bytes.toString('utf8');
}

/**
 * A measured device folder (`vramscope devices probe -o DIR` writes one): `device.json` and one or
 * more sweep CSVs (`*.csv`, `*.csv.gz`) in the probe's columns. Create infos found in the sweeps are
 * answered as the driver answered them; the rules answer the rest.
 */
export function measuredDevice(dir: string): DeviceProfile {
  const json = join(dir, 'device.json');
  if (!existsSync(json)) throw new Error(`${dir}: a measured device folder needs a device.json (\`vramscope devices probe -o ${dir}\` writes one)`);
  const sweeps = readdirSync(dir)
    .filter((f) => /\.csv(\.gz)?$/.test(f))
    .sort();
  if (sweeps.length === 0) throw new Error(`${dir}: no sweep CSV (*.csv or *.csv.gz in the probe's columns) beside device.json`);
  const rows: SweepRow[] = [];
  for (const f of sweeps) for (const r of parseSweepCsv(readText(join(dir, f)), join(dir, f))) rows.push(r);
  const base = profileFromFile(json);
  return withMeasurements({ ...base, source: `${base.source} + ${sweeps.length} sweep file(s)` }, rows, sweeps.map((f) => join(dir, f)).join(', '));
}
