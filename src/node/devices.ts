// Device profiles from the file system: `profileFromFile(path)` and `resolveDevice(nameOrPath)`,
// which every command that takes --device uses.

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { DeviceProfile } from '../model/profile.js';
import { BUILTIN_DEVICES, builtinDevice, profileFromText } from '../devices/index.js';
import { checkProfile } from '../model/profile-check.js';

/** Reads a profile from a file: device.json, vulkaninfo text or JSON, or a VMA recording's Config section (gzip allowed). */
export function profileFromFile(path: string): DeviceProfile {
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
 * A built-in name (`vramscope devices` lists them) or a path to a device.json, a vulkaninfo report, or a
 * VMA recording (its Config section). Replay uses a recording's own device when --device is absent.
 */
export function resolveDevice(nameOrPath: string): DeviceProfile {
  const b = builtinDevice(nameOrPath);
  if (b) return b;
  if (existsSync(nameOrPath)) return profileFromFile(nameOrPath);
  throw new Error(`unknown device "${nameOrPath}": not a built-in profile (${BUILTIN_DEVICES.map((d) => d.name).join(', ')}) and no such file`);
}
