// Target devices for `retarget`: a built-in profile name or a file. Built-in profiles live in
// src/devices (the replay issue's registry, loaded when present); files may be a DeviceProfile JSON
// (as `vramscope devices --json` prints), a VMA-harness device.json, vulkaninfo --json output or
// vulkaninfo text.

import { readFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { DeviceProfile } from '../model/profile.js';
import { SourceError } from '../model/diagnostics.js';
import { profileFromDeviceJson } from '../devices/device-json.js';
import { profileFromVulkaninfoJson, profileFromVulkaninfoText } from '../devices/vulkaninfo.js';

interface DeviceRegistry {
  resolveDevice?: (nameOrPath: string) => DeviceProfile | Promise<DeviceProfile>;
  builtinProfiles?: () => readonly DeviceProfile[];
  listDevices?: () => readonly DeviceProfile[];
  BUILTIN_PROFILES?: readonly DeviceProfile[];
}

let registry: DeviceRegistry | null | undefined;

/** The built-in device registry (src/devices/index.ts), or null when this build has none. */
async function loadRegistry(): Promise<DeviceRegistry | null> {
  if (registry !== undefined) return registry;
  const path = '../devices/index.js';
  try {
    registry = (await import(path)) as DeviceRegistry;
  } catch {
    registry = null;
  }
  return registry;
}

export async function builtinTargets(): Promise<readonly DeviceProfile[]> {
  const r = await loadRegistry();
  return r?.builtinProfiles?.() ?? r?.listDevices?.() ?? r?.BUILTIN_PROFILES ?? [];
}

export async function resolveTarget(nameOrPath: string): Promise<DeviceProfile> {
  if (existsSync(nameOrPath)) return profileFromFile(nameOrPath);
  const r = await loadRegistry();
  if (r?.resolveDevice) return r.resolveDevice(nameOrPath);
  const builtins = await builtinTargets();
  const hit = builtins.find((p) => p.name === nameOrPath);
  if (hit) return hit;
  throw new SourceError(`unknown device "${nameOrPath}": not a file, and ${builtins.length ? `not a built-in profile (${builtins.map((p) => p.name).join(', ')})` : 'this build has no built-in profiles'}; pass a device.json, vulkaninfo output or profile JSON`);
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
