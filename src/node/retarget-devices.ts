// Target devices for `retarget`: a built-in profile name (src/devices) or a file. Files may be a
// DeviceProfile JSON (as `vramscope devices --json` prints one), a VMA-harness device.json, vulkaninfo
// --json output or vulkaninfo text.

import { readFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { DeviceProfile } from '../model/profile.js';
import { SourceError } from '../model/diagnostics.js';
import { builtinDevice, listDevices, profileFromDeviceJson, profileFromVulkaninfoJson, profileFromVulkaninfoText } from '../devices/index.js';

/** Every built-in profile (`vramscope devices`). */
export function builtinTargets(): readonly DeviceProfile[] {
  return listDevices();
}

/** A built-in name, or a file: profile JSON (as `vramscope devices --json` prints one), device.json or vulkaninfo. */
export function resolveTarget(nameOrPath: string): DeviceProfile {
  const builtin = builtinDevice(nameOrPath);
  if (builtin) return builtin;
  if (existsSync(nameOrPath)) return profileFromFile(nameOrPath);
  throw new SourceError(
    `unknown device "${nameOrPath}": not a built-in profile (${listDevices()
      .map((p) => p.name)
      .join(', ')}) and no such file`,
  );
}

export function profileFromFile(path: string): DeviceProfile {
  const text = readFileSync(path, 'utf8');
  const source = basename(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    try {
      return profileFromVulkaninfoText(text, path);
    } catch (e) {
      throw new SourceError(`not a device profile: neither JSON nor vulkaninfo text (${(e as Error).message})`, { file: path });
    }
  }
  const j = json as Record<string, unknown>;
  try {
    if (Array.isArray(j.heaps) && Array.isArray(j.memoryTypes) && j.limits) {
      const p = j as unknown as DeviceProfile;
      return { ...p, name: p.name ?? source, deviceName: p.deviceName ?? p.name ?? source, source: p.source ?? path };
    }
    if (Array.isArray(j.memoryHeaps) && Array.isArray(j.memoryTypes)) {
      // The harness writes every run's device as "device.json": name it after the device instead.
      const name = source === 'device.json' && typeof j.deviceName === 'string' ? j.deviceName : source.replace(/\.json$/, '');
      return profileFromDeviceJson(json, path, name);
    }
    return profileFromVulkaninfoJson(json, path);
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(`not a device profile: ${(e as Error).message}`, { file: path });
  }
}
