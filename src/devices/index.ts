// Device profiles: built-ins, files (device.json, vulkaninfo text or JSON, a VMA recording's Config
// section), and `resolveDevice(nameOrPath)` for every command that takes --device.

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { DeviceProfile } from '../model/profile.js';
import { BUILTIN_DEVICES } from './builtin.js';
import { profileFromDeviceJson } from './device-json.js';
import { profileFromVulkaninfoJson, profileFromVulkaninfoText } from './vulkaninfo.js';
import { isRecordingHead, profileFromRecordingHead } from './recording.js';
import { openFile } from '../formats/open-node.js';

export { BUILTIN_DEVICES } from './builtin.js';
export { profileFromDeviceJson } from './device-json.js';
export { profileFromVulkaninfoJson, profileFromVulkaninfoText } from './vulkaninfo.js';
export { profileFromRecordingHead } from './recording.js';
export { modelRequirements, type RequirementSubject } from './requirements.js';
export { driverFamily, type DriverFamily } from './family.js';

export function listDevices(): readonly DeviceProfile[] {
  return BUILTIN_DEVICES;
}

export function builtinDevice(name: string): DeviceProfile | undefined {
  const n = name.toLowerCase();
  return BUILTIN_DEVICES.find((d) => d.name === n);
}

/** Reads a profile from a file: device.json, vulkaninfo text or JSON, or a VMA recording's Config section (gzip allowed). */
export function profileFromFile(path: string): DeviceProfile {
  const head = Buffer.from(openFile(path).head).toString('utf8');
  if (isRecordingHead(head)) return profileFromRecordingHead(head, path);
  let bytes = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const text = bytes.toString('utf8');
  if (/^\s*[{[]/.test(text)) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new Error(`${path}: not valid JSON (${(e as Error).message})`);
    }
    const j = json as Record<string, unknown>;
    if (Array.isArray(j.memoryHeaps) && Array.isArray(j.memoryTypes)) return profileFromDeviceJson(json, path);
    return profileFromVulkaninfoJson(json, path);
  }
  if (text.includes('VkPhysicalDeviceMemoryProperties')) return profileFromVulkaninfoText(text, path);
  throw new Error(
    `${path}: not a device profile (expected a device.json, vulkaninfo output, a VMA recording, or a built-in name: ${BUILTIN_DEVICES.map((d) => d.name).join(', ')})`,
  );
}

/**
 * A built-in name (`vramscope devices` lists them) or a path to a device.json, a vulkaninfo report, or a
 * VMA recording (its Config section). Replay uses a recording's own device when --device is absent.
 */
export function resolveDevice(nameOrPath: string): DeviceProfile {
  const b = builtinDevice(nameOrPath);
  if (b) return b;
  if (existsSync(nameOrPath)) return profileFromFile(nameOrPath);
  throw new Error(
    `unknown device "${nameOrPath}": not a built-in profile (${BUILTIN_DEVICES.map((d) => d.name).join(', ')}) and no such file`,
  );
}
